#!/usr/bin/env bash
# ui-akenza.sh — akenza in the dashboard: a device's detail shows its latest
# sample under it; backfilling one sample and a file of samples shows what
# will be sent, POSTs to /backfill and /backfill/bulk after confirmation, and
# the backfilled sample is then the latest; a file that is not JSON is refused
# before anything is sent.
source "$top_srcdir/tests/e2e/lib.sh"

sim_start --devices 60
sim_config "$TT_TMP/config"
posts() { grep -c "method=POST path=$1 .*status=2" "$SIM_LOG"; }

tmux_start 140 32 "$THINGTOP" --config "$TT_TMP/config" --profile akenza
tmux_wait_for "60 rows"
tmux_keys Enter
tmux_wait_for 'DEVEUI:'
tmux_keys G
tmux_wait_for "── latest sample ──"
grep -q 'path=/v3/devices/[0-9a-f]*/query/latest-sample ' "$SIM_LOG" || fail "the latest sample was not fetched"
tmux_keys q

# one sample
tmux_keys a
tmux_wait_for "backfill"
tmux_keys 2 Enter
tmux_wait_for "topic"
tmux_keys Enter
tmux_wait_for "data"
tmux_keys C-u
tmux_keys -l '{"temperature":42.5}'
tmux_keys Enter
tmux_wait_for "send this? [y/N]"
tmux_screen | grep -q '"temperature":42.5' || fail "the confirm screen does not show the sample"
tmux_screen | grep -q 'request shape not documented by the vendor' ||
	fail "the confirm screen does not say the backfill path is akenza's undocumented guess"
tmux_keys y
tmux_wait_for "HTTP 20"
assert_eq "$(posts '/v3/devices/[0-9a-f]*/backfill')" 1 "one backfill POST"
tmux_keys q Enter
tmux_wait_for 'DEVEUI:'
tmux_keys G
tmux_wait_for "42.5"   # the latest sample is the one just backfilled
tmux_keys q

# a file of samples
printf '[{"topic":"default","data":{"temperature":1.5}},{"topic":"default","data":{"temperature":2.5}}]\n' >"$TT_TMP/samples.json"
printf 'not json\n' >"$TT_TMP/bad.json"
tmux_keys a 3 Enter
tmux_wait_for "file"
tmux_keys C-u "$TT_TMP/bad.json" Enter
WAIT_SECONDS=5 wait_for sh -c "tmux -L $TMUX_SOCK capture-pane -p -t tt | grep -q 'not valid JSON'" ||
	fail "a bad file is not refused: $(tmux_screen | tail -4)"
tmux_keys Escape
WAIT_SECONDS=5 wait_for sh -c "! tmux -L $TMUX_SOCK capture-pane -p -t tt | grep -q 'not valid JSON'" ||
	fail "Escape did not close the refused form: $(tmux_screen | tail -4)"
tmux_keys a 3 Enter
tmux_wait_for "file"
tmux_keys C-u "$TT_TMP/samples.json" Enter
tmux_wait_for "bytes of JSON from"
tmux_keys y
tmux_wait_for "HTTP 20"
assert_eq "$(posts '/v3/devices/[0-9a-f]*/backfill/bulk')" 1 "one bulk backfill POST"
# (the detail's data query for the sparklines is a POST that reads: not counted)
grep "method=POST" "$SIM_LOG" | grep -vc "/query " | grep -qx 2 ||
	fail "a refused file still sent something: $(grep POST "$SIM_LOG")"
tmux_keys q Q
echo ok
