#!/usr/bin/env bash
# ui-mouse.sh — the mouse in the dashboard: a click on a tab switches the pane
# (and loads it), a click on a row selects it, the wheel moves the selection.
# Mouse reports are sent as the bytes a terminal sends (X10 encoding).
source "$top_srcdir/tests/e2e/lib.sh"

sim_start --devices 100
sim_config "$TT_TMP/config"
click() { # BUTTON X Y (0-based cells): press, then release
	local b
	for b in "$1" 3; do
		tmux -L "$TMUX_SOCK" send-keys -t tt -l "$(printf '\033[M%b%b%b' "\\x$(printf %x $((32 + b)))" \
			"\\x$(printf %x $((33 + $2)))" "\\x$(printf %x $((33 + $3)))")"
	done
}
sel_row() { [ "$(screen_sel_row)" = "$1" ]; }   # N: the N-th row on screen is selected

tmux_start 100 30 "$THINGTOP" --config "$TT_TMP/config" --profile kpn
tmux_wait_for "100 rows"
# the tab "3 downlinks": find its column on screen
x=$(screen_tabs | python3 -c 'import sys; print(sys.stdin.read().index("3 downlinks"))')
m=$(wc -l <"$SIM_LOG")
click 0 "$((x + 2))" 1
tmux_wait_for "STATUS"
WAIT_SECONDS=10 wait_for sh -c "tail -n +$((m + 1)) '$SIM_LOG' | grep -q 'path=/downlinks?'" || fail "a click on the tab did not load downlinks"
tmux_wait_for "100 rows"
sel_row 1 || fail "the first row is not selected after switching: row $(screen_sel_row)"
click 65 10 10    # wheel down: three rows
WAIT_SECONDS=5 wait_for sel_row 4 || fail "the wheel did not move the selection by 3: row $(screen_sel_row)"
click 64 10 10    # wheel up
WAIT_SECONDS=5 wait_for sel_row 1 || fail "the wheel up did not move back: row $(screen_sel_row)"
click 0 10 $((TT_ROW1_LINE - 1 + 6))   # the seventh row (cells count from 0, lines from 1)
WAIT_SECONDS=5 wait_for sel_row 7 || fail "a click did not select the row under it: row $(screen_sel_row)"
tmux_keys Q
tmux_wait_for "[exited 0]" 10
echo "ok"
