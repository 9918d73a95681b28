#!/usr/bin/env bash
# ui-newquery.sh — after a new server query the view starts at the top of the
# new list (issue 15, item 4): G to the end, then a sort, a filter or a time
# filter: the first row on screen is the new list's first, and selected.
source "$top_srcdir/tests/e2e/lib.sh"

sim_start --devices 3000
sim_config "$TT_TMP/config"
loaded() { WAIT_SECONDS=30 wait_for sh -c "tmux -L $TMUX_SOCK capture-pane -p -t tt | head -1 | grep -qE 'pages? ·'" ||
	fail "the list did not finish loading: $(tmux_screen)"; }
top_selected() { screen_row 1 | grep -q '^▶'; }
at_top() { # WHAT: the first row is selected and is the list's first (the dump's)
	WAIT_SECONDS=10 wait_for top_selected || fail "$1: the view did not start at the top: $(tmux_screen | head -6)"
}

tmux_start 140 30 "$THINGTOP" --config "$TT_TMP/config" --profile kpn
tmux_wait_for "BARCODE"
loaded
tmux_keys G
tmux_wait_for "device"   # rows drawn
tmux_keys l l l l s s   # MODIFIED, descending
tmux_wait_for "MODIFIED ▼"
loaded
at_top "sort MODIFIED descending after G"
first=$("$THINGTOP" --config "$TT_TMP/config" --profile kpn --dump devices --sort=-modifiedAt --format csv | sed -n 2p | cut -d, -f1)
screen_row 1 | grep -qF "$first" || fail "the first row is not the sorted list's first ($first): $(screen_row 1)"
tmux_keys G
tmux_keys / pump Enter
loaded
at_top "a filter after G"
tmux_keys G f C-u "createdSince=2025-03-01" Enter
loaded
at_top "a time filter after G"
tmux_keys Q
tmux_wait_for "[exited 0]" 10
echo ok
