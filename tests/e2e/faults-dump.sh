#!/usr/bin/env bash
# faults-dump.sh — the fault matrix of issues 4 and 7 at the rates they name
# (429:0.3, 500:0.3, drop:0.2, malformed:0.2) against KPN's cursor walk in two
# page sizes (the rest is in dump-faults-edge.sh). Every run is
# wrapped in `timeout` and must end either with exactly the simulator's items
# in its order (compared with an independent walk of a fault-free simulator of
# the same seed), each once, or with exit 1, a clear error and "incomplete: N
# items" matching what was printed. The simulator's log is checked too: a
# refused cross-origin link is never requested, a cursor loop costs a bounded
# number of calls.
source "$top_srcdir/tests/e2e/dump-faultlib.sh"

# two page sizes: the faults then hit other requests
for lim in 50 30; do
	k=(--dump devices --limit "$lim")
	run "kpn 429:0.3 limit $lim" complete kpn --fault 429:0.3 -- "${k[@]}"
	grep -q 'status=429' "$SIM_LOG" || fail "the 429 fault did not fire"
	run "kpn 500:0.3 limit $lim" either kpn --fault 500:0.3 -- "${k[@]}"
	grep -q 'status=500' "$SIM_LOG" || fail "the 500 fault did not fire"
	run "kpn drop:0.2 limit $lim" either kpn --fault drop:0.2 -- "${k[@]}"
	run "kpn malformed:0.2 limit $lim" either kpn --fault malformed:0.2 -- "${k[@]}"
done
echo "summary: $complete complete, $failed clean failures"
exit 0
