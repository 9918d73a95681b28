#!/usr/bin/env bash
# ui-context.sh — a failed switch changes nothing (issue 15, items 2 and 3):
# `c Acme BV`, then `c Xyz` (refused): the rows stay, the error shows, and
# `-` goes back to the context before Acme BV (the own account), because
# only a switch that succeeded is remembered as the previous one.
source "$top_srcdir/tests/e2e/lib.sh"

sim_start --devices 300
sim_config "$TT_TMP/config"
loaded() { WAIT_SECONDS=20 wait_for sh -c "tmux -L $TMUX_SOCK capture-pane -p -t tt | head -1 | grep -qE 'pages? ·'" ||
	fail "the list did not finish loading: $(tmux_screen)"; }

tmux_start 140 30 "$THINGTOP" --config "$TT_TMP/config" --profile kpn
tmux_wait_for "BARCODE"
loaded
tmux_keys c "Acme BV" Enter
tmux_wait_for "ctx: Acme BV ("
loaded
rows=$(tmux_screen | head -1 | grep -o '[0-9,]* rows')
first=$(screen_row 1)
tmux_keys c Xyz Enter
WAIT_SECONDS=10 wait_for sh -c "tmux -L $TMUX_SOCK capture-pane -p -t tt | tail -1 | grep -qi 'neither a configured customer'" ||
	fail "a refused switch shows no error: $(tmux_screen | tail -2)"
tmux_screen | head -1 | grep -qF "ctx: Acme BV (" || fail "a refused switch changed the badge: $(tmux_screen | head -1)"
tmux_screen | head -1 | grep -qF "$rows" || fail "a refused switch changed the rows ($rows): $(tmux_screen | head -1)"
assert_eq "$(screen_row 1)" "$first" "a refused switch keeps the rows on screen"
tmux_keys -
tmux_wait_for "ctx: own account"
loaded
tmux_keys -
tmux_wait_for "ctx: Acme BV ("
tmux_keys Q
tmux_wait_for "[exited 0]" 10
echo ok
