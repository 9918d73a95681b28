#!/usr/bin/env bash
# ui-keys.sh — orientation keys (issue 15, item 10): "row N of M" under the
# table; Tab completes `:` commands and panes; F1 opens help, F10 quits; a
# key that does nothing in this view says so.
source "$top_srcdir/tests/e2e/lib.sh"

sim_start --devices 300
sim_config "$TT_TMP/config"
loaded() { WAIT_SECONDS=20 wait_for sh -c "tmux -L $TMUX_SOCK capture-pane -p -t tt | head -1 | grep -qE 'pages? ·'" ||
	fail "the list did not finish loading: $(tmux_screen)"; }

tmux_start 140 30 "$THINGTOP" --config "$TT_TMP/config" --profile kpn
tmux_wait_for "BARCODE"
loaded
tmux_wait_for "row 1 of 300"
for _ in 1 2 3 4 5 6 7; do tmux_keys j; done
tmux_wait_for "row 8 of 300"
# Tab after ':' completes a pane, then cycles to the next match
tmux_keys :
tmux_keys -l down
tmux_keys Tab
tmux_wait_for ":downlinks"
tmux_keys C-u
tmux_keys -l lo
tmux_keys Tab
tmux_wait_for ":log"
tmux_keys Tab   # the next name starting with "lo"
tmux_wait_for ":lora-downlinks"
tmux_keys C-u ex Tab
tmux_wait_for ":export"
tmux_keys Escape
# a key with nothing to do here
tmux_keys x
tmux_wait_for "x does nothing in the table"
# F1: help; Esc back; F10: quit
tmux_keys F1
tmux_wait_for "KEYS (vi and arrow keys"
tmux_keys Escape
tmux_wait_for "BARCODE"
tmux_keys F10
tmux_wait_for "[exited 0]" 10
echo ok
