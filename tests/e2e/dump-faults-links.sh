#!/usr/bin/env bash
# dump-faults-links.sh — the rest of the fault matrix (see faults-dump.sh): slow
# responses, a huge body (capped), a cross-origin next link (refused, named and
# never requested), a cursor loop (an error after a bounded number of calls, not
# a loop) and tokens that expire mid-walk (fetched again, nothing lost).
source "$top_srcdir/tests/e2e/dump-faultlib.sh"

ak=(--dump assets --limit 40)
kpn=(--dump devices --limit 50)
run "kpn slow:200" complete kpn --fault slow:200 -- "${kpn[@]}"
run "akenza slow:200" complete akenza --fault slow:200 -- "${ak[@]}"

# huge: refused at the cap, memory bounded
run "kpn huge" error kpn --fault huge -- "${kpn[@]}"
grep -qi "larger than" "$TT_TMP/err" || fail "huge: the error does not say the body was too large"

# redirect: the cross-origin next link is refused, named, and never requested
run "kpn redirect" error kpn --fault redirect -- "${kpn[@]}"
grep -q "127.0.0.2" "$TT_TMP/err" || fail "redirect: the error does not name the other origin: $(cat "$TT_TMP/err")"
assert_eq "$(grep -c 'path=/devices' "$SIM_LOG")" 1 "redirect: requests for devices (the first page only)"
grep -q 'cursor=' "$SIM_LOG" && fail "redirect: the cross-origin cursor reached a server"

# cursor-loop: an error after a bounded number of calls, not a loop
run "kpn cursor-loop" error kpn --fault cursor-loop -- "${kpn[@]}"
grep -qi "cursor\|loop\|already visited" "$TT_TMP/err" || fail "cursor-loop: the error does not say why"
[ "$(grep -c 'path=/devices' "$SIM_LOG")" -le 3 ] || fail "cursor-loop: $(grep -c 'path=/devices' "$SIM_LOG") calls"

# tokens that expire during the walk: fetched again, nothing lost, no 401 reaches the user
run "kpn token-ttl 2" complete kpn --token-ttl 2 --latency-ms 50 -- --dump devices --limit 10
[ "$(grep -c 'path=/api/v3/idp/oidc/token' "$SIM_LOG")" -ge 2 ] || fail "kpn token expiry: no new token"
run "partner token-ttl 1" complete partner --token-ttl 1 --latency-ms 40 -- --dump invitations --limit 5
[ "$(grep -c 'method=POST path=/auth' "$SIM_LOG")" -ge 2 ] || fail "partner token expiry: no new JWT"
echo "summary: $complete complete, $failed clean failures"
exit 0
