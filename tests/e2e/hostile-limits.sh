#!/usr/bin/env bash
# hostile-limits.sh — --dump against tests/hostile/hostile_server.py (issue 16.9):
# a page sent at 1 byte a second fails at page_timeout, a token endpoint that
# never answers at token_timeout, each error naming the limit that ended it
# (2 s each here, set in the config); a token endpoint that echoes the request
# body (the client secret in it) never gets the secret onto stderr or into --log.
source "$top_srcdir/tests/e2e/lib.sh"
source "$top_srcdir/tests/hostile/hostile.sh"

now_ms() { echo $(($(date +%s%N) / 1000000)); }
# dump_timed NAME ARGS…: run --dump on the hostile config; sets rc and ms
dump_timed() {
	local name=$1 t0
	shift
	t0=$(now_ms)
	rc=0
	"$THINGTOP" --config "$HOSTILE_CONFIG" --log "$TT_TMP/$name.log" --dump devices "$@" \
		>"$TT_TMP/$name.out" 2>"$TT_TMP/$name.err" || rc=$?
	ms=$(($(now_ms) - t0))
}
limits() { printf 'page_timeout = 2;\ntoken_timeout = 2;\n' >>"$HOSTILE_CONFIG"; }

hostile_start trickle --lifetime 20
limits
dump_timed trickle
trickle_ended() {
	[ "$rc" -ne 0 ] && [ "$ms" -lt 8000 ] &&
		grep -qF 'the page took longer than page_timeout (2 s)' "$TT_TMP/trickle.err" && return 0
	echo "  exit $rc after $ms ms: $(cat "$TT_TMP/trickle.err")" >&2
	return 1
}
hcheck "a 1 byte/s page fails at page_timeout, naming it" trickle_ended

hostile_start hang-token --lifetime 20
limits
dump_timed hang
hang_ended() {
	[ "$rc" -ne 0 ] && [ "$ms" -lt 8000 ] &&
		grep -qF 'the token request took longer than token_timeout (2 s)' "$TT_TMP/hang.err" && return 0
	echo "  exit $rc after $ms ms: $(cat "$TT_TMP/hang.err")" >&2
	return 1
}
hcheck "a token endpoint that never answers fails at token_timeout, naming it" hang_ended

hostile_start echo-token
dump_timed echo
echo_masked() {
	grep -q '^POST /token' "$HOSTILE_LOG" || { echo "  no token request reached the server (test set-up)" >&2; return 1; }
	[ "$rc" -ne 0 ] && grep -q 'HTTP 400' "$TT_TMP/echo.err" || { echo "  exit $rc: $(cat "$TT_TMP/echo.err")" >&2; return 1; }
	if grep -lF "$HOSTILE_SECRET" "$TT_TMP/echo.err" "$TT_TMP/echo.out" "$TT_TMP/echo.log"; then
		echo "  the secret is in: $(cat "$TT_TMP/echo.err")" >&2
		return 1
	fi
}
hcheck "a token endpoint echoing the secret never puts it on stderr or in --log" echo_masked
hostile_done
