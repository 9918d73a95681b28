#!/usr/bin/env bash
# ui-refs-scroll.sh — sub-resource columns never fetch for the whole fleet
# (issue 14, item 4; issue 17, item 4): scrolling through 1,000,000 KPN
# devices, in bursts of page-downs, to the last row and back, fetches network
# adapters only for the screens the dashboard stopped on plus one page of
# margin each; the rows scrolled past in a burst are dropped before they are
# sent. Counted in the simulator's request log.
source "$top_srcdir/tests/e2e/lib.sh"

sim_start --devices 1000000
sim_config "$TT_TMP/config"
# the table's rows: the lines with a time; at 150 columns DEVEUI is the last column
# (IMEI and CUSTOMER are optional and do not fit), so a row still waiting ends in "…"
rows() { tmux_screen | grep -E '[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}' | sed 's/ *$//'; }
settled() { # every row on screen has its DEVEUI (or a dash: no LoRa adapter)
	WAIT_SECONDS=60 wait_for sh -c "[ \"\$(tmux -L $TMUX_SOCK capture-pane -p -t tt | grep -E '[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}' | sed 's/ *\$//' | grep -c '…\$')\" = 0 ]" ||
		fail "sub-resource cells still pending: $(tmux_screen)"
}
adapters() { grep -c 'network-adapters' "$SIM_LOG"; }
thousands() { echo "$1" | sed ':a;s/\B[0-9]\{3\}\>/,&/;ta'; }
at_row() { tmux_wait_for "row $(thousands "$1") of 1,000,000" 30; }

tmux_start 150 30 "$THINGTOP" --config "$TT_TMP/config" --profile kpn
tmux_wait_for "DEVEUI"
tmux_wait_for "end · 1,000,000 rows" 400
settled
H=$(rows | wc -l) # rows on screen, whatever the lines above the table
[ "$H" -ge 10 ] || fail "only $H rows on screen: $(tmux_screen)"
tmux_screen | grep DEVEUI | sed 's/ *$//' | grep -q 'DEVEUI$' || fail "DEVEUI is not the last column (test set-up): $(tmux_screen | grep DEVEUI)"
stops=1
# bursts of 300 page-downs (300 screens scrolled past each), the last row, back up
burst() { local k=() i; for ((i = 0; i < 300; i++)); do k+=("$1"); done; tmux_keys "${k[@]}"; }
burst NPage
at_row $((300 * H + 1))
settled
stops=$((stops + 1))
burst NPage
at_row $((600 * H + 1))
settled
stops=$((stops + 1))
tmux_keys G
at_row 1000000
settled
stops=$((stops + 1))
burst PPage
at_row $((1000000 - 300 * H))
settled
stops=$((stops + 1))
n=$(adapters)
# rows seen + margin: each stop shows H rows and asks one page beyond; a
# burst may draw a frame or two on the way (their requests are dropped
# once the next frame replaces the queue): slack of one more stop
limit=$(((stops + 1) * 2 * H))
echo "network-adapter requests: $n for $stops stops of $H rows (limit $limit; $((900 * H)) rows scrolled past)"
[ "$n" -le "$limit" ] || fail "$n network-adapter requests: more than the rows seen plus margin ($limit)"
[ "$n" -ge $((stops * H)) ] || fail "only $n network-adapter requests for $stops screens of $H rows"
tmux_keys Q
tmux_wait_for "[exited 0]" 20
echo ok
