#!/usr/bin/env bash
# ui-selection.sh — the selection stays on the same item (by id) when the
# order changes under it (a sort reloads the list page by page) and while
# pages stream in; the end of the list is marked.
source "$top_srcdir/tests/e2e/lib.sh"

sim_start --devices 300 --latency-ms 40
sim_config "$TT_TMP/config"
loaded() { WAIT_SECONDS=20 wait_for sh -c "tmux -L $TMUX_SOCK capture-pane -p -t tt | head -1 | grep -q 'pages ·'" ||
	fail "the list did not finish loading: $(tmux_screen)"; }
uuid='[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}'
selected() { tmux_screen | grep -m1 '▶' | grep -oE "$uuid" | head -1; }

tmux_start 150 30 "$THINGTOP" --config "$TT_TMP/config" --profile kpn
tmux_wait_for "300 rows"
loaded
tmux_screen | grep -q "── end · 300 rows" || fail "the end of the list is not marked"
for ((i = 0; i < 7; i++)); do tmux_keys j; done
sleep 0.3
id=$(selected)
[ -n "$id" ] || fail "no selected id: $(tmux_screen)"
# sort by name, then descending: the list is reloaded in another order
for dir in asc desc; do
	tmux_keys s
	sleep 0.3
	loaded
	tmux_wait_for "300 rows"
	sleep 0.3
	now=$(selected)
	[ "$now" = "$id" ] || fail "after sorting $dir the selection moved from $id to $now:
$(tmux_screen)"
	echo "ok: selection kept on $id after sorting by name $dir"
done
# from the top of the list, a new order starts at its top (sort off again)
tmux_keys g
sleep 0.2
tmux_keys s
sleep 0.3
loaded
tmux_wait_for "300 rows"
sleep 0.3
tmux_screen | sed -n 4p | grep -q '^▶' || fail "a sort from the top did not stay at the top: $(tmux_screen | sed -n 3,6p)"
echo "ok: at the top stays at the top"
tmux_keys Q
tmux_wait_for "[exited 0]" 10
