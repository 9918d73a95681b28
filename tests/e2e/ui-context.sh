#!/usr/bin/env bash
# ui-context.sh — a failed switch changes nothing (issue 15, items 2 and 3):
# `c Acme BV`, then `c Xyz` (refused): the rows stay, the error shows, and
# `-` goes back to the context before Acme BV (the own account), because
# only a switch that succeeded is remembered as the previous one. A switch
# that fails at the server (it went away) changes nothing either: the rows and
# the badge stay, the error names the customer, and `-` still goes back to the
# context before.
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
loaded
rows=$(tmux_screen | head -1 | grep -o '[0-9,]* rows')
first=$(screen_row 1)
# the server goes away; a switch to another customer fails at the server
kill "$SIM_PID" && wait "$SIM_PID" 2>/dev/null
SIM_PID=""
tmux_keys c "Gemeente Delft" Enter
WAIT_SECONDS=30 wait_for sh -c "tmux -L $TMUX_SOCK capture-pane -p -t tt | tail -1 | grep -q 'could not switch to Gemeente Delft'" ||
	fail "a switch that failed at the server shows no error naming it: $(tmux_screen | tail -2)"
tmux_screen | head -1 | grep -qF "ctx: Acme BV (" || fail "a failed switch changed the badge: $(tmux_screen | head -1)"
tmux_screen | head -1 | grep -qF "$rows" || fail "a failed switch wiped the rows ($rows): $(tmux_screen | head -1)"
assert_eq "$(screen_row 1)" "$first" "a switch that failed at the server keeps the rows on screen"
# the server comes back on the same port: `-` goes to the context before
# Acme BV (the own account), not to the switch that failed
"$THINGTOP_SIM" --port "$SIM_PORT" --log "$SIM_LOG" --devices 300 >"$TT_TMP/sim2.out" 2>&1 &
SIM_PID=$!
wait_for grep -q '^listening on ' "$TT_TMP/sim2.out" || fail "the simulator did not come back"
tmux_keys -
tmux_wait_for "ctx: own account" 30
tmux_keys Q
tmux_wait_for "[exited 0]" 10
echo ok
