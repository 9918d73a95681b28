#!/usr/bin/env bash
# ui-escape.sh — Esc and q with filters (issue 15, item 5): Esc clears the
# time filter too (the next list goes without it), q clears before it
# quits, and Esc closes detail, log and help like q.
source "$top_srcdir/tests/e2e/lib.sh"

sim_start --devices 300
sim_config "$TT_TMP/config"
loaded() { WAIT_SECONDS=20 wait_for sh -c "tmux -L $TMUX_SOCK capture-pane -p -t tt | head -1 | grep -qE 'pages? ·'" ||
	fail "the list did not finish loading: $(tmux_screen)"; }

tmux_start 140 30 "$THINGTOP" --config "$TT_TMP/config" --profile kpn
tmux_wait_for "BARCODE"
loaded
# Esc: the time filter goes with the rest, and the list is asked for again without it
tmux_keys f C-u "createdSince=2025-03-01" Enter
loaded
screen_scope | grep -q "createdSince=" || fail "the time filter is not shown: $(screen_scope)"
m=$(wc -l <"$SIM_LOG")
tmux_keys Escape
tmux_wait_for "filter cleared"
loaded
screen_scope | grep -q "createdSince" && fail "Esc left the time filter: $(screen_scope)"
WAIT_SECONDS=10 wait_for sh -c "tail -n +$((m + 1)) '$SIM_LOG' | grep 'path=/devices' | grep -vq createdSince" ||
	fail "no list without the time filter after Esc: $(tail -n +$((m + 1)) "$SIM_LOG" | tail -2)"
# q with a time filter clears it and stays
tmux_keys f C-u "createdSince=2025-03-01" Enter
loaded
tmux_keys q
tmux_wait_for "filter cleared"
screen_scope | grep -q "createdSince" && fail "q left the time filter: $(screen_scope)"
tmux_screen | grep -q "exited" && fail "q quit with a filter set"
loaded
# Esc closes detail, log and help
for k in Enter L '?'; do
	tmux_keys "$k"
	# the table's header (the detail shows BARCODE: as a field)
	WAIT_SECONDS=10 wait_for sh -c "! tmux -L $TMUX_SOCK capture-pane -p -t tt | grep -q 'BARCODE      CREATED'" ||
		fail "$k did not open a text view: $(tmux_screen | head -3)"
	tmux_keys Escape
	tmux_wait_for "BARCODE      CREATED" 5
done
tmux_keys q
tmux_wait_for "[exited 0]" 10
echo ok
