#!/usr/bin/env bash
# ui-samples.sh — see, not read (issue 14, item 7): an akenza asset's latest
# sample shows as a table of its data fields (field, value, unit), each
# numeric field with a sparkline over its recent samples, fetched through the
# documented data query (POST /v3/devices/{id}/query); Unicode blocks, and
# ASCII marks under --ascii.
source "$top_srcdir/tests/e2e/lib.sh"

sim_start --devices 100
sim_config "$TT_TMP/config"

# open the first asset's detail and go to its end, where the sample is
open_sample() {
	tmux_start 140 40 "$THINGTOP" --config "$TT_TMP/config" --profile akenza "$@"
	tmux_wait_for "100 rows"
	tmux_keys Enter
	tmux_wait_for 'DEVEUI:'
	# the sample section comes with the detail, in one answer
	tmux_keys G
	tmux_wait_for "FIELD"
}

open_sample
screen=$(tmux_screen)
assert_contains "$screen" "── latest sample ──" "the section title"
printf '%s\n' "$screen" | grep -qE '^FIELD +VALUE +UNIT +LAST 24 SAMPLES' ||
	fail "no table header: $screen"
# a numeric field: its value, its unit, 24 block glyphs and the range
printf '%s\n' "$screen" | grep -qE '^temperature +[0-9]+(\.[0-9])? +°C +[▁▂▃▄▅▆▇█]{24}  [0-9.]+ … [0-9.]+$' ||
	fail "no temperature row with a sparkline: $screen"
printf '%s\n' "$screen" | grep -qE '^co2 +[0-9]+ +ppm +[▁▂▃▄▅▆▇█]{24} ' || fail "no co2 row: $screen"
# not the raw JSON of the sample any more
assert_not_contains "$screen" '"temperature":' "the sample is still shown as JSON"
# the recent samples came from the documented data query, for this asset
id=$(grep -oE 'path=/v3/devices/[0-9a-f]{16}/query/latest-sample' "$SIM_LOG" | head -1 | grep -oE '[0-9a-f]{16}')
[ -n "$id" ] || fail "no latest-sample request: $(cat "$SIM_LOG")"
grep -q "method=POST path=/v3/devices/$id/query status=200 " "$SIM_LOG" ||
	fail "the recent samples were not queried: $(grep query "$SIM_LOG")"
tmux_keys q Q
tmux_wait_for "[exited 0]" 10
tmux -L "$TMUX_SOCK" kill-server

# --ascii: the same table, the sparkline in ASCII marks
open_sample --ascii
screen=$(tmux_screen)
printf '%s\n' "$screen" | grep -qE '^temperature +[0-9.]+ +°C +[_.=#-]{24}  [0-9.]+ \.\. [0-9.]+$' ||
	fail "no ASCII sparkline: $screen"
printf '%s\n' "$screen" | grep -E '^(temperature|humidity|co2) ' | grep -q '[▁▂▃▄▅▆▇█]' &&
	fail "block glyphs under --ascii: $screen"
tmux_keys q Q
tmux_wait_for "[exited 0]" 10
echo ok
