#!/usr/bin/env bash
# dump-faults.sh — every simulator fault against --dump, for a cursor walk (KPN)
# and a parallel page-number walk (akenza): each run ends, within a time bound,
# either with exactly the simulator's items, each once, or with exit 1, a clear
# error and "incomplete: N items" matching what was printed. Never a hang, a
# duplicate or a crash.
source "$top_srcdir/tests/e2e/lib.sh"
tt_tmpdir
eval "$("$THINGTOP_SIM" --print-credentials)"

N=600
# run_fault NAME EXPECT(complete|error|either) SIM-ARGS... -- THINGTOP-ARGS...
run_fault() {
	local name=$1 expect=$2 sim_args=() tt_args=() rc got printed
	shift 2
	while [ $# -gt 0 ] && [ "$1" != -- ]; do sim_args+=("$1"); shift; done
	shift
	tt_args=("$@")
	[ -n "$SIM_PID" ] && { kill "$SIM_PID"; wait "$SIM_PID" 2>/dev/null; SIM_PID=; }
	sim_start --devices $N "${sim_args[@]}"
	sim_config "$TT_TMP/config"
	/usr/bin/time -f '%M' -o "$TT_TMP/rss" timeout 60 "$THINGTOP" --config "$TT_TMP/config" "${tt_args[@]}" \
		>"$TT_TMP/out" 2>"$TT_TMP/err"
	rc=$?
	[ "$rc" -eq 124 ] && fail "$name: still running after 60 s (a hang)"
	[ "$rc" -gt 1 ] && fail "$name: exit $rc (a crash?): $(tail -5 "$TT_TMP/err")"
	printed=$(wc -l <"$TT_TMP/out")
	[ -z "$(jq -r "${IDF:-.id}" <"$TT_TMP/out" | sort | uniq -d)" ] || fail "$name: duplicate items on stdout"
	if [ "$rc" -eq 0 ]; then
		[ "$expect" != error ] || fail "$name: should have failed, printed $printed items"
		assert_eq "$printed" "${WANT:-$N}" "$name: items"
		echo "ok: $name complete ($printed items, $(tail -1 "$TT_TMP/rss") KB peak)"
	else
		[ "$expect" != complete ] || fail "$name: failed: $(cat "$TT_TMP/err")"
		grep -q "^thingtop: " "$TT_TMP/err" || fail "$name: no error message"
		grep -q "incomplete: $printed items written before the error" "$TT_TMP/err" ||
			fail "$name: the error does not say how much was printed ($printed): $(cat "$TT_TMP/err")"
		echo "ok: $name failed cleanly after $printed items: $(grep -m1 '^thingtop: ' "$TT_TMP/err" | cut -c1-100)"
	fi
}
kpn=(--profile kpn --dump devices --limit 100)
ak=(--profile akenza --dump assets --limit 50)

run_fault "kpn 429 storm" complete --fault 429:0.3 -- "${kpn[@]}"
grep -q 'status=429' "$SIM_LOG" || fail "the 429 fault did not fire"
run_fault "akenza 429 storm" complete --fault 429:0.3 -- "${ak[@]}"
run_fault "kpn 500s" complete --fault 500:0.1 -- "${kpn[@]}"
grep -q 'status=500' "$SIM_LOG" || fail "the 500 fault did not fire"
run_fault "akenza 500s" complete --fault 500:0.1 -- "${ak[@]}"
run_fault "kpn dropped connections" complete --fault drop:0.1 -- "${kpn[@]}"
run_fault "akenza dropped connections" complete --fault drop:0.1 -- "${ak[@]}"
run_fault "kpn slow responses" complete --fault slow:150 -- "${kpn[@]}"
run_fault "kpn malformed pages" either --fault malformed:0.2 -- "${kpn[@]}"
run_fault "akenza malformed pages" either --fault malformed:0.2 -- "${ak[@]}"
run_fault "kpn huge body" error --fault huge -- "${kpn[@]}"
rss=$(tail -1 "$TT_TMP/rss")
[ "$rss" -lt 400000 ] || fail "huge body: $rss KB peak, the size cap did not hold"
run_fault "kpn cross-origin next" error --fault redirect -- "${kpn[@]}"
grep -qi "refusing\|other origin\|outside" "$TT_TMP/err" || fail "redirect: the error does not say why: $(cat "$TT_TMP/err")"
run_fault "kpn cursor loop" error --fault cursor-loop -- "${kpn[@]}"
grep -qi "cursor\|loop\|repeat\|again" "$TT_TMP/err" || fail "cursor-loop: the error does not say why: $(cat "$TT_TMP/err")"
# tokens that expire every 2 s during a walk of ~4 s: fetched again, nothing lost
run_fault "kpn token expiry mid-walk" complete --token-ttl 2 --latency-ms 60 -- --profile kpn --dump devices --limit 10
tokens=$(grep -c 'path=/api/v3/idp/oidc/token' "$SIM_LOG")
[ "$tokens" -ge 2 ] || fail "token expiry: only $tokens token requests in a walk longer than the TTL"
IDF=.code WANT=150
run_fault "partner token expiry mid-walk" complete --token-ttl 1 --latency-ms 40 -- --profile partner --dump invitations --limit 5
WANT=
exit 0
