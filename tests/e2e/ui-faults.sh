#!/usr/bin/env bash
# ui-faults.sh — the dashboard under every simulator fault: it stays
# responsive while the walk struggles (help opens, keys move), ends with the
# exact row count or a clear error on screen, never crashes, and quits with
# the terminal restored.
source "$top_srcdir/tests/e2e/lib.sh"
tt_tmpdir
N=400

run() { # NAME EXPECT(complete|error|either) SIM-ARGS...
	local name=$1 expect=$2 s
	shift 2
	[ -n "$SIM_PID" ] && { kill "$SIM_PID"; wait "$SIM_PID" 2>/dev/null; SIM_PID=; }
	tmux -L "${TMUX_SOCK:-none}" kill-server 2>/dev/null
	sim_start --devices $N "$@"
	sim_config "$TT_TMP/config"
	tmux_start 120 30 "$THINGTOP" --config "$TT_TMP/config" --profile kpn --limit 40
	tmux_wait_for "thingtop  kpn"
	# responsive while loading: help opens and closes at once
	tmux_keys '?'
	tmux_wait_for "KEYS" 3
	tmux_keys q j k
	WAIT_SECONDS=45 wait_for sh -c "tmux -L $TMUX_SOCK capture-pane -p -t tt | head -1 | grep -qE 'pages? ·'" ||
		fail "$name: the walk neither finished nor failed within 45 s:
$(tmux_screen)"
	s=$(tmux_screen)
	if printf '%s' "$s" | head -1 | grep -q " $N rows"; then
		[ "$expect" != error ] || fail "$name: expected an error, got all rows"
		printf '%s' "$s" | grep -q "── end · $N rows" || fail "$name: complete but the end is not marked"
		echo "ok: $name: all $N rows"
	else
		[ "$expect" != complete ] || fail "$name: did not complete:
$s"
		printf '%s' "$s" | tail -3 | grep -qiE "error|refus|fail|HTTP|invalid|not valid|stopp" ||
			fail "$name: stopped without a clear error on screen:
$s"
		echo "ok: $name: clear error: $(printf '%s' "$s" | tail -2 | head -1 | cut -c1-90)"
	fi
	tmux_keys Q
	tmux_wait_for "[exited 0]" 10
	[ "$(tmux -L "$TMUX_SOCK" display -p -t tt '#{alternate_on}')" = 0 ] || fail "$name: terminal not restored"
}

run "429 storm" complete --fault 429:0.3
run "500s" complete --fault 500:0.3
run "dropped connections" complete --fault drop:0.2
run "slow pages" complete --fault slow:100
run "malformed pages" either --fault malformed:0.2
run "cross-origin next" error --fault redirect
run "cursor loop" error --fault cursor-loop
run "huge body" error --fault huge
run "token expiry every 3 s" complete --token-ttl 3 --latency-ms 300
grep -c 'path=/api/v3/idp/oidc/token' "$SIM_LOG" | grep -qv '^[01]$' || fail "the token was not renewed during the walk"
exit 0
