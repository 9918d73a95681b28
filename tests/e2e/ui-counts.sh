#!/usr/bin/env bash
# ui-counts.sh — counts and words (issue 15, item 6): the tenants pane's id
# column stays put after a name with a precomposed ü, its header and footer
# count the tenants; server results are not called "narrowed locally"; a
# new filter replaces a stale "filter cleared"; a time filter's word follows
# its key (before/since); one page and one row are singular.
source "$top_srcdir/tests/e2e/lib.sh"
export LC_ALL=C.UTF-8

sim_start --devices 300
sim_config "$TT_TMP/config"
loaded() { WAIT_SECONDS=20 wait_for sh -c "tmux -L $TMUX_SOCK capture-pane -p -t tt | head -1 | grep -qE 'pages? ·'" ||
	fail "the list did not finish loading: $(tmux_screen)"; }
uuid='[0-9a-f]\{8\}-[0-9a-f]\{4\}-'
grep -q 'Müller' "$TT_TMP/config" || fail "no Müller in the simulator's config (test set-up)"

tmux_start 140 30 "$THINGTOP" --config "$TT_TMP/config" --profile kpn
tmux_wait_for "BARCODE"
loaded
tmux_keys 1
tmux_wait_for "Müller"
# the id column starts in the same cell on every row (characters = cells here)
cols=$(tmux_screen | grep "$uuid" | while IFS= read -r l; do p=${l%%[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]-*}; echo "${#p}"; done | sort -u)
[ "$(printf '%s\n' "$cols" | wc -l)" = 1 ] || fail "the id column moves (cells $cols): $(tmux_screen | head -12)"
tmux_screen | head -1 | grep -q " 6 customers" || fail "the tenants pane's header does not count tenants: $(tmux_screen | head -1)"
tmux_screen | grep -q "end · 6 customers" || fail "the tenants pane's footer does not count tenants: $(tmux_screen | tail -2)"
tmux_keys 2
tmux_wait_for "BARCODE"
loaded
# a server filter is not "narrowed locally"; it replaces a stale "filter cleared"
tmux_keys / pump Enter
loaded
tmux_wait_for "filter: pump"
tmux_screen | grep -q "narrowed locally" && fail "server results labelled as narrowed locally: $(tmux_screen | tail -2)"
tmux_screen | grep -q "(filtered by the server)" || fail "server results not labelled: $(tmux_screen | tail -2)"
tmux_keys Escape
tmux_wait_for "filter cleared"
loaded
tmux_keys / pump Enter
tmux_wait_for "filter: pump"
tmux_screen | tail -1 | grep -q "filter cleared" && fail "a stale 'filter cleared' after a new filter"
tmux_keys Escape
loaded
# the time filter's word follows its key
tmux_keys f C-u "modifiedBefore=2025-10-27" Enter
tmux_wait_for "modifiedBefore: before 2025-10-27"
tmux_keys f C-u "createdSince=2025-03-01" Enter
tmux_wait_for "createdSince: since 2025-03-01"
tmux_keys Escape
loaded
# one page, one row
tmux_keys / 00042 Enter
WAIT_SECONDS=10 wait_for sh -c "tmux -L $TMUX_SOCK capture-pane -p -t tt | head -1 | grep -qE ' 1 page · 1 row( |$)'" ||
	fail "one page and one row are not singular: $(tmux_screen | head -1)"
tmux_keys Q
tmux_wait_for "[exited 0]" 10
echo ok
