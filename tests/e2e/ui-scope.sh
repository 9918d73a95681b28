#!/usr/bin/env bash
# ui-scope.sh — the scope always visible (issue 15, item 9): the line right
# under the pane tabs names the pane, its sort and every filter in force, k9s
# breadcrumb style ("devices › sort -modifiedAt › q=pump › createdSince=…"),
# at 80x24 too; when Esc clears the filters it says so ("no filter"); wider
# than the screen it is cut in the middle, both ends kept. The table starts
# under it: a page (PgDn) is the rows on screen, down to the count line.
source "$top_srcdir/tests/e2e/lib.sh"

sim_start --devices 300
sim_config "$TT_TMP/config"
# the count line says "end" once the whole list is in (the header at 60
# columns keeps the row count alone)
loaded() { WAIT_SECONDS=20 wait_for sh -c "tmux -L $TMUX_SOCK capture-pane -p -t tt | tail -2 | grep -q '^── end ·'" ||
	fail "the list did not finish loading: $(tmux_screen)"; }
scope_has() { screen_scope | grep -qF -- "$1"; }
# the scope is the line under the tabs: line 2 holds the tabs, the next the
# pane's name first (the one place this test counts lines)
under_tabs() {
	tmux_screen | sed -n 2p | grep -q ' 1 ten' && tmux_screen | sed -n 3p | grep -q '^ devices › '
}

tmux_start 80 24 "$THINGTOP" --config "$TT_TMP/config" --profile kpn
tmux_wait_for "BARCODE"
loaded
under_tabs || fail "80x24: no scope line under the tabs: $(tmux_screen | head -4)"
scope_has "no filter" || fail "80x24: an empty scope does not say so: $(screen_scope)"
scope_has "server order" || fail "80x24: an unsorted list does not say so: $(screen_scope)"
# a sort, a server text filter and a time filter: all three on the line
tmux_keys l l l s s   # MODIFIED, descending
tmux_wait_for "MODIFIED ▼"
loaded
WAIT_SECONDS=10 wait_for scope_has "sort -modifiedAt" || fail "80x24: the sort is not in the scope: $(screen_scope)"
tmux_keys / pump Enter
loaded
WAIT_SECONDS=10 wait_for scope_has "q=pump" || fail "80x24: the text filter is not in the scope: $(screen_scope)"
tmux_keys f C-u "createdSince=2025-03-01" Enter
loaded
WAIT_SECONDS=10 wait_for scope_has "createdSince=2025-03-01" ||
	fail "80x24: the time filter is not in the scope: $(screen_scope)"
under_tabs || fail "80x24: the scope left the line under the tabs: $(tmux_screen | head -4)"
screen_scope | grep -qE '^ devices › sort -modifiedAt › q=pump › createdSince=2025-03-01 *$' ||
	fail "80x24: the scope does not show all three, in order: $(screen_scope)"
screen_scope | grep -q "no filter" && fail "80x24: 'no filter' with filters set: $(screen_scope)"
screen_tabs | grep -q "createdSince" && fail "80x24: the scope is still beside the tabs: $(screen_tabs)"
echo "ok: 80x24: sort, text and time filter on the line under the tabs"
# Esc clears the filters (not the sort), and the line says so
tmux_keys Escape
tmux_wait_for "filter cleared"
loaded
WAIT_SECONDS=10 wait_for scope_has "no filter" || fail "80x24: after Esc the scope does not say 'no filter': $(screen_scope)"
scope_has "q=pump" && fail "80x24: Esc left q=pump in the scope: $(screen_scope)"
scope_has "createdSince" && fail "80x24: Esc left the time filter in the scope: $(screen_scope)"
scope_has "sort -modifiedAt" || fail "80x24: the sort went from the scope with the filters: $(screen_scope)"
under_tabs || fail "80x24: the scope left the line under the tabs after Esc: $(tmux_screen | head -4)"
echo "ok: 80x24: Esc clears the filters and the scope says 'no filter'"
# a page is the rows on screen: PgDn from the first row selects the last one
# on screen, right above the count line, which stays
tmux_keys g
tmux_keys NPage
count_line() { tmux_screen | tail -2 | head -1; }
WAIT_SECONDS=10 wait_for sh -c "tmux -L $TMUX_SOCK capture-pane -p -t tt | tail -2 | grep -q 'row 19 of 300'" ||
	fail "80x24: PgDn did not move one screen (18 rows): $(count_line)"
[ "$(screen_sel_row)" = 18 ] || fail "80x24: after PgDn the selection is not the last row on screen: row $(screen_sel_row)"
tmux_screen | tail -3 | head -1 | grep -q '^▶' || fail "80x24: the last row on screen is not right above the count line:
$(tmux_screen | tail -4)"
count_line | grep -q '^── end' || fail "80x24: a row overwrote the count line: $(count_line)"
echo "ok: 80x24: PgDn moves by the 18 rows on screen"

# 60 columns: too long for the line, cut in the middle: the pane at the
# start, the last filter at the end, an ellipsis between
tmux -L "$TMUX_SOCK" resize-window -t tt -x 60 -y 20
tmux_keys / C-u pump Enter
WAIT_SECONDS=10 wait_for scope_has "q=pump" || fail "60x20: the text filter is not in the scope: $(screen_scope)"
loaded
tmux_keys f C-u "createdSince=2025-03-01" Enter
WAIT_SECONDS=10 wait_for scope_has "createdSince=2025-03-01" || fail "60x20: the time filter is not in the scope: $(screen_scope)"
line=$(screen_scope)
printf '%s\n' "$line" | grep -qE '^ devices › sort -mo.*….*createdSince=2025-03-01 *$' ||
	fail "60x20: the scope is not cut in the middle with both ends kept: $line"
[ "$(printf '%s' "$line" | sed 's/ *$//' | wc -m)" -le 60 ] || fail "60x20: the scope is wider than the screen: $line"
under_tabs || fail "60x20: no scope line under the tabs: $(tmux_screen | head -4)"
echo "ok: 60x20: a long scope is cut in the middle"
tmux_keys Q
tmux_wait_for "[exited 0]" 10
echo ok
