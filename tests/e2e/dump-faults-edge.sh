#!/usr/bin/env bash
# dump-faults-edge.sh — the fault matrix of faults-dump.sh (429:0.3, 500:0.3,
# drop:0.2, malformed:0.2) against akenza's parallel page-number walk and the
# partner's JWT walk.
source "$top_srcdir/tests/e2e/dump-faultlib.sh"

ak=(--dump assets --limit 40)
pa=(--dump invitations --limit 25)
run "akenza 429:0.3" complete akenza --fault 429:0.3 -- "${ak[@]}"
run "akenza 500:0.3" either akenza --fault 500:0.3 -- "${ak[@]}"
grep -q 'status=500' "$SIM_LOG" || fail "the 500 fault did not fire"
run "akenza drop:0.2" either akenza --fault drop:0.2 -- "${ak[@]}"
run "akenza malformed:0.2" either akenza --fault malformed:0.2 -- "${ak[@]}"
run "partner 429:0.3" complete partner --fault 429:0.3 -- "${pa[@]}"
run "partner 500:0.3" either partner --fault 500:0.3 -- "${pa[@]}"
run "partner drop:0.2" either partner --fault drop:0.2 -- "${pa[@]}"
echo "summary: $complete complete, $failed clean failures"
exit 0
