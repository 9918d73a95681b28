#!/usr/bin/env bash
# ui-selection.sh — a new sort starts at the top of the new list (issue 15,
# item 4: the old row number means nothing there), the selection stays put
# while pages stream in; the end of the list is marked.
source "$top_srcdir/tests/e2e/lib.sh"

sim_start --devices 300 --latency-ms 40
sim_config "$TT_TMP/config"
loaded() { WAIT_SECONDS=20 wait_for sh -c "tmux -L $TMUX_SOCK capture-pane -p -t tt | head -1 | grep -qE 'pages? ·'" ||
	fail "the list did not finish loading: $(tmux_screen)"; }
uuid='[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}'
selected() { tmux_screen | grep -m1 '▶' | grep -oE "$uuid" | head -1; }

tmux_start 150 30 "$THINGTOP" --config "$TT_TMP/config" --profile kpn
tmux_wait_for "300 rows"
loaded
tmux_screen | grep -q "── end · 300 rows" || fail "the end of the list is not marked"
for ((i = 0; i < 7; i++)); do tmux_keys j; done
row_selected() { [ "$(screen_sel_row)" = "$1" ]; }   # N: the N-th row on screen
WAIT_SECONDS=10 wait_for row_selected 8 || fail "7 x j did not select the eighth row: $(tmux_screen | head -14)"
id=$(selected)
[ -n "$id" ] || fail "no selected id: $(tmux_screen)"
# sort by name, then descending: the list is reloaded in another order and
# the selection is on its first row (a new query starts at the top)
# named states: the sorted query in the simulator's log, the list loaded
queried() { tail -n +"$((mark + 1))" "$SIM_LOG" | grep -q "path=/devices?$1"; }
for dir in asc desc; do
	mark=$(wc -l <"$SIM_LOG")
	tmux_keys s
	want=$([ "$dir" = asc ] && echo 'sort=name' || echo 'sort=-name')
	WAIT_SECONDS=10 wait_for queried "[^ ]*$want" || fail "sorting $dir sent no $want"
	loaded
	tmux_wait_for "300 rows"
	row_selected 1 || fail "after sorting $dir the selection is not on the first row:
$(tmux_screen)"
	# the rows on screen are in that order
	names=$(screen_rows | head -5 | sed -E 's/^[▶ ]*//; s/  .*//')
	sorted=$(printf '%s\n' "$names" | LC_ALL=C sort $([ $dir = desc ] && echo -r))
	[ "$(printf "%s\n" "$names" | grep -c .)" -ge 4 ] || fail "no rows to check the order of: $(tmux_screen)"
	[ "$names" = "$sorted" ] || fail "the rows are not sorted by name $dir: $names"
	echo "ok: sorting by name $dir starts at the top, in that order"
done
# from the top of the list, a new order starts at its top (sort off again)
tmux_keys g
WAIT_SECONDS=10 wait_for row_selected 1 || fail "g did not select the first row: $(tmux_screen | head -7)"
mark=$(wc -l <"$SIM_LOG")
tmux_keys s
WAIT_SECONDS=10 wait_for queried "limit=" || fail "the sort off sent no query"
loaded
tmux_wait_for "300 rows"
WAIT_SECONDS=10 wait_for row_selected 1 || fail "a sort from the top did not stay at the top: $(tmux_screen | head -7)"
echo "ok: at the top stays at the top"
tmux_keys Q
tmux_wait_for "[exited 0]" 10
tmux -L "$TMUX_SOCK" kill-server

# the selection follows its item when the rows on screen change without a new
# query: a local narrowing (the partner API has no free-text parameter) and
# its clearing keep the selected invitation selected
code_re='INV-[0-9A-F]{8}'
selected_code() { tmux_screen | grep -m1 '▶' | grep -oE "$code_re" | head -1; }
tmux_start 150 30 "$THINGTOP" --config "$TT_TMP/config" --profile partner
tmux_wait_for "150 rows"
loaded
for ((i = 0; i < 9; i++)); do tmux_keys j; done
WAIT_SECONDS=10 wait_for row_selected 10 || fail "9 x j did not select the tenth row: $(tmux_screen | head -16)"
code=$(selected_code)
[ -n "$code" ] || fail "no selected invitation: $(tmux_screen)"
company=$(tmux_screen | grep -m1 '▶' | sed -E "s/.*$code +//; s/  .*//")
word=${company%% *}
[ -n "$word" ] || fail "no company name on the selected row (test set-up): $(tmux_screen | grep -m1 '▶')"
tmux_keys / "$word" Enter
tmux_wait_for "filter"
on_code() { [ "$(selected_code)" = "$code" ]; }
WAIT_SECONDS=10 wait_for on_code || fail "narrowing to '$word' lost the selected $code: $(tmux_screen | head -12)"
tmux_screen | grep -m1 '▶' | grep -q "$code" || fail "the selected row is not $code"
tmux_keys Escape
tmux_wait_for "150 rows"
WAIT_SECONDS=10 wait_for on_code || fail "clearing the narrowing lost the selected $code: $(tmux_screen | head -16)"
echo "ok: the selection follows $code through a local narrowing and back"
tmux_keys Q
tmux_wait_for "[exited 0]" 10
