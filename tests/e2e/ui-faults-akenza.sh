#!/usr/bin/env bash
# ui-faults-akenza.sh — the dashboard on akenza (page-number paging, pages
# fetched in parallel) and the partner API under faults: it ends with the
# exact row count (no page lost or doubled) or a clear error, stays
# responsive, and quits with the terminal restored.
source "$top_srcdir/tests/e2e/lib.sh"
tt_tmpdir
N=330

run() { # NAME PROFILE WANT-ROWS SIM-ARGS...
	local name=$1 profile=$2 want=$3
	shift 3
	[ -n "$SIM_PID" ] && { kill "$SIM_PID"; wait "$SIM_PID" 2>/dev/null; SIM_PID=; }
	tmux -L "${TMUX_SOCK:-none}" kill-server 2>/dev/null
	sim_start --devices $N "$@"
	sim_config "$TT_TMP/config"
	tmux_start 120 30 "$THINGTOP" --config "$TT_TMP/config" --profile "$profile" --limit 30
	tmux_wait_for "thingtop  $profile"
	tmux_keys '?'
	tmux_wait_for "KEYS" 3
	tmux_keys q j
	WAIT_SECONDS=30 wait_for sh -c "tmux -L $TMUX_SOCK capture-pane -p -t tt | head -1 | grep -qE 'pages? ·'" ||
		fail "$name: the walk neither finished nor failed within 30 s:
$(tmux_screen)"
	tmux_screen | head -1 | grep -q " $want rows" || fail "$name: not exactly $want rows:
$(tmux_screen | sed -n '1p;$p')"
	tmux_screen | grep -q "── end · $want rows" || fail "$name: the end is not marked"
	echo "ok: $name: all $want rows"
	tmux_keys Q
	tmux_wait_for "[exited 0]" 10
	[ "$(tmux -L "$TMUX_SOCK" display -p -t tt '#{alternate_on}')" = 0 ] || fail "$name: terminal not restored"
}

injected() { grep -q "path=$1[^ ]* status=$2 " "$SIM_LOG" || fail "no $2 was injected on $1 (test set-up)"; }
run "akenza 500s" akenza $N --fault 500:0.3
injected /v3/assets 500
run "akenza dropped connections" akenza $N --fault drop:0.2
run "akenza 429 storm" akenza $N --fault 429:0.3
injected /v3/assets 429
run "partner 500s" partner 150 --fault 500:0.3
injected /v1/invitations 500
exit 0
