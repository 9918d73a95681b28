# tests/hostile/hostile.sh — start tests/hostile/hostile_server.py from a shell
# test (sourced after tests/e2e/lib.sh).
# hostile_start SCENARIO [ARGS...]: start it on a free loopback port; sets
# HOSTILE_PID, HOSTILE_URL, HOSTILE_PORT, HOSTILE_LOG (its request log) and
# HOSTILE_CONFIG (a thingtop config for it, mode 0600, profile "hostile").
# Stopped by the EXIT trap, and it stops by itself after --lifetime (60 s).
HOSTILE_SERVER="$top_srcdir/tests/hostile/hostile_server.py"
HOSTILE_SECRET="hostile-secret-7f3a9c1d5e"
HOSTILE_PID=""

hostile_stop() {
	if [ -n "$HOSTILE_PID" ]; then
		kill "$HOSTILE_PID" 2>/dev/null && wait "$HOSTILE_PID" 2>/dev/null
	fi
	HOSTILE_PID=""
}

hostile_start() {
	local scenario=$1 out line
	shift
	tt_tmpdir
	hostile_stop
	out="$TT_TMP/hostile.out"
	HOSTILE_LOG="$TT_TMP/hostile.log"
	HOSTILE_CONFIG="$TT_TMP/hostile.conf"
	: >"$out"
	: >"$HOSTILE_LOG"
	python3 "$HOSTILE_SERVER" --scenario "$scenario" --log "$HOSTILE_LOG" "$@" >>"$out" 2>"$TT_TMP/hostile.err" &
	HOSTILE_PID=$!
	tt_cleanup "kill $HOSTILE_PID"
	wait_for grep -q '^listening on ' "$out" || fail "hostile_server.py did not start: $(cat "$TT_TMP/hostile.err")"
	line=$(head -1 "$out")
	HOSTILE_URL=${line#listening on }
	HOSTILE_PORT=${HOSTILE_URL##*:}
	(umask 077 && python3 "$HOSTILE_SERVER" --print-config --port "$HOSTILE_PORT" >"$HOSTILE_CONFIG") ||
		fail "hostile_server.py --print-config failed"
}

# hcheck WHAT CMD...: run CMD and report "ok: WHAT" or "FAIL: WHAT", going on
# either way, so that one run shows every check (run on code before a fix, it
# names each check that fix makes pass). hostile_done fails the test if any did.
HOSTILE_FAILED=0
hcheck() {
	local what=$1
	shift
	if "$@"; then
		echo "ok: $what"
	else
		echo "FAIL: $what" >&2
		HOSTILE_FAILED=$((HOSTILE_FAILED + 1))
	fi
}
hostile_done() {
	[ "$HOSTILE_FAILED" -eq 0 ] || fail "$HOSTILE_FAILED check(s) failed"
}
