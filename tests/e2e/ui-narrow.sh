#!/usr/bin/env bash
# ui-narrow.sh — narrow terminals (issue 15, item 12): at 80×24 and 60×20
# every pane tab stays on the tabs line (abbreviated, never dropped), a
# filter shows on the scope line under them, and the "? help" and "Q quit" hints survive;
# whole columns go by priority instead of cut times, the sorted column stays,
# the request log keeps its paths. On akenza at 60×20 the DevEUI outlasts the
# asset id (the provider's column priorities).
source "$top_srcdir/tests/e2e/lib.sh"

sim_start --devices 300
sim_config "$TT_TMP/config"
loaded() { WAIT_SECONDS=20 wait_for sh -c "tmux -L $TMUX_SOCK capture-pane -p -t tt | head -1 | grep -qE '300 rows'" ||
	fail "the list did not finish loading: $(tmux_screen)"; }

for size in "80 24" "60 20"; do
	# shellcheck disable=SC2086
	tmux_start $size "$THINGTOP" --config "$TT_TMP/config" --profile kpn
	tmux_wait_for "NAME"
	loaded
	for i in 1 2 3 4 5 6; do
		tmux_screen | sed -n 2p | grep -q " $i [a-z]" || fail "$size: tab $i dropped: $(tmux_screen | sed -n 2p)"
	done
	tmux_screen | tail -1 | grep -q "? help" || fail "$size: no '? help' hint: $(tmux_screen | tail -1)"
	tmux_screen | tail -1 | grep -q "Q quit" || fail "$size: no 'Q quit' hint: $(tmux_screen | tail -1)"
	# with a time filter set, the tabs still all fit
	tmux_keys f C-u "createdSince=2025-03-01" Enter
	tmux_wait_for "createdSince=2025-03-01"
	WAIT_SECONDS=20 wait_for sh -c "tmux -L $TMUX_SOCK capture-pane -p -t tt | head -1 | grep -qE 'pages? ·|[0-9] rows'" ||
		fail "$size: the filtered list did not load: $(tmux_screen | head -2)"
	for i in 1 2 3 4 5 6; do
		tmux_screen | sed -n 2p | grep -q " $i [a-z]" || fail "$size: tab $i dropped with a filter: $(tmux_screen | sed -n 2p)"
	done
	# and the filter is on screen, on the scope line
	screen_scope | grep -q "createdSince=2025-03-01" ||
		fail "$size: the time filter is not on the scope line: $(screen_tabs; screen_scope)"
	tmux_keys Escape
	loaded
	# no column is cut below a readable minimum: whole columns go instead,
	# the UUID before the barcode; a time keeps its date and hour
	row=$(screen_row 1)
	printf '%s\n' "$row" | grep -qE '20[0-9]{2}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2} *$' ||
		fail "$size: the last column's time is cut: $row"
	screen_colhead | grep -q BARCODE || fail "$size: the barcode column went: $(screen_colhead)"
	if [ "$size" = "60 20" ]; then
		printf '%s\n' "$row" | grep -qE '[0-9a-f]{8}-[0-9a-f]{4}' && fail "$size: the UUID outranked the barcode: $row"
	fi
	# the sorted column and its mark stay on screen
	tmux_keys l l l s s
	tmux_wait_for "MODIFIED ▼"
	loaded
	# the request log keeps its path column
	tmux_keys L
	tmux_wait_for "request log"
	tmux_screen | grep -qE 'GET +200 +[0-9]+ /devices\?limit=50' || fail "$size: the log lost its paths: $(tmux_screen | head -8)"
	tmux_keys Q
	tmux_wait_for "[exited 0]" 10
	tmux -L "$TMUX_SOCK" kill-server
done
# akenza at 60×20: whole columns go by the provider's priority, and the DevEUI
# (a person's identifier) outranks the asset id
tmux_start 60 20 "$THINGTOP" --config "$TT_TMP/config" --profile akenza
tmux_wait_for "NAME"
WAIT_SECONDS=20 wait_for sh -c "tmux -L $TMUX_SOCK capture-pane -p -t tt | head -1 | grep -qE '[0-9] rows'" ||
	fail "akenza: the list did not load: $(tmux_screen)"
head=$(screen_colhead)
printf '%s\n' "$head" | grep -q DEVEUI || fail "akenza 60x20: the DevEUI column went: $head"
printf '%s\n' "$head" | grep -qw ID && fail "akenza 60x20: the asset id outranked the DevEUI: $head"
screen_row 1 | grep -qE '[0-9A-Fa-f]{16}' || fail "akenza 60x20: no DevEUI on the first row: $(screen_row 1)"
tmux_keys Q
tmux_wait_for "[exited 0]" 10
echo ok
