# shellcheck shell=bash
# dump-faultlib.sh — sourced by faults-dump.sh, dump-faults-edge.sh and dump-faults-links.sh: the
# truth (an independent walk of a fault-free simulator) and run(), which starts
# a simulator with a fault, runs --dump under timeout and checks the outcome.
source "$top_srcdir/tests/e2e/lib.sh"
tt_tmpdir
eval "$("$THINGTOP_SIM" --print-credentials)"
export KPN_CLIENT_ID KPN_CLIENT_SECRET AKENZA_API_KEY PARTNER_API_KEY PARTNER_AUTH_PARAM

N=500
# the truth: a fault-free simulator of the same seed, walked by simwalk.py
sim_start --devices $N
export SIM_URL
python3 "$top_srcdir/tests/e2e/simwalk.py" kpn "/devices?limit=1000" >"$TT_TMP/want-kpn" || fail "simwalk kpn"
python3 "$top_srcdir/tests/e2e/simwalk.py" akenza \
	"/v3/assets?organizationId=$AKENZA_ORGANIZATION_ID&size=100" >"$TT_TMP/want-akenza" || fail "simwalk akenza"
FIELD=code python3 "$top_srcdir/tests/e2e/simwalk.py" partner "/v1/invitations?size=50" >"$TT_TMP/want-partner" ||
	fail "simwalk partner"
assert_eq "$(wc -l <"$TT_TMP/want-kpn")" $N "the fleet has --devices devices"
[ -s "$TT_TMP/want-partner" ] || fail "the simulator has no invitations"

complete=0 failed=0
# run NAME EXPECT(complete|error|either) WHO(kpn|akenza|partner) SIM-ARGS... -- THINGTOP-ARGS...
run() {
	local name=$1 expect=$2 who=$3 sim_args=() rc printed idf=.id
	shift 3
	while [ $# -gt 0 ] && [ "$1" != -- ]; do sim_args+=("$1"); shift; done
	shift
	[ "$who" = partner ] && idf=.code
	kill "$SIM_PID" 2>/dev/null
	sim_start --devices $N "${sim_args[@]}"
	sim_config "$TT_TMP/config"
	timeout 40 "$THINGTOP" --config "$TT_TMP/config" --profile "$who" "$@" >"$TT_TMP/out" 2>"$TT_TMP/err"
	rc=$?
	[ "$rc" -eq 124 ] && fail "$name: still running after 40 s (a hang)"
	[ "$rc" -gt 1 ] && fail "$name: exit $rc (a crash?): $(tail -5 "$TT_TMP/err")"
	jq -r "$idf" <"$TT_TMP/out" >"$TT_TMP/got" || fail "$name: stdout is not JSON lines"
	printed=$(wc -l <"$TT_TMP/got")
	[ -z "$(sort "$TT_TMP/got" | uniq -d)" ] || fail "$name: duplicate items on stdout"
	if [ "$rc" -eq 0 ]; then
		[ "$expect" != error ] || fail "$name: should have failed, printed $printed items"
		cmp -s "$TT_TMP/want-$who" "$TT_TMP/got" ||
			fail "$name: exit 0 but $printed items, not the simulator's $(wc -l <"$TT_TMP/want-$who") in its order"
		[ -s "$TT_TMP/err" ] && fail "$name: exit 0 with something on stderr: $(head -3 "$TT_TMP/err")"
		complete=$((complete + 1))
		echo "ok: $name complete ($printed items)"
	else
		[ "$expect" != complete ] || fail "$name: failed: $(cat "$TT_TMP/err")"
		grep -q "^thingtop: ..*" "$TT_TMP/err" || fail "$name: no error message"
		grep -q "incomplete: $printed items written before the error" "$TT_TMP/err" ||
			fail "$name: the error does not say how much was printed ($printed): $(cat "$TT_TMP/err")"
		# what was printed is a prefix of the truth: nothing invented, nothing skipped
		head -n "$printed" "$TT_TMP/want-$who" | cmp -s - "$TT_TMP/got" || fail "$name: the partial output is not a prefix"
		failed=$((failed + 1))
		echo "ok: $name failed cleanly after $printed items: $(grep -m1 '^thingtop: ' "$TT_TMP/err" | cut -c1-110)"
	fi
}
