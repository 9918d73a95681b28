#!/usr/bin/env bash
# ui-refs.sh — names for ids and columns from a sub-resource (issue 14, items 3
# and 4; issue 15, item 9): a `ref = "devices"` column shows the device's name,
# fetched with a detail GET for the rows on screen only when no devices list
# was walked, and learned from the devices list once it was; `y` and `Y` still
# copy the ids; a `ref = "tenants"` column (CUSTOMER on a reseller's own
# account, not in a customer's context) names the profile's customers; `sub`
# columns (KPN DEVEUI/IMEI from each device's network adapters) are fetched
# for the rows on screen plus one page of margin, and the request log pane
# shows those calls; a confirm screen names its target by name, barcode and
# id; --dump leaves the sub columns out.
source "$top_srcdir/tests/e2e/lib.sh"

sim_start --devices 3000
sim_config "$TT_TMP/config"
loaded() { WAIT_SECONDS=30 wait_for sh -c "tmux -L $TMUX_SOCK capture-pane -p -t tt | head -1 | grep -qE 'pages? ·'" ||
	fail "the list did not finish loading: $(tmux_screen)"; }
uuid='[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}'
ROWS=30
# the table's rows: the lines with a time (whatever lines the frame has above them)
rows() { tmux_screen | grep -E '[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}'; }

"$THINGTOP" --config "$TT_TMP/config" --profile kpn --dump devices --format jsonl >"$TT_TMP/devices.jsonl" ||
	fail "--dump devices (test set-up)"
"$THINGTOP" --config "$TT_TMP/config" --profile kpn --dump downlinks --format jsonl --limit 100 >"$TT_TMP/downlinks.jsonl" ||
	fail "--dump downlinks (test set-up)"
# --dump leaves out the columns read per row from a sub-resource; ref columns print their ids
hdr=$("$THINGTOP" --config "$TT_TMP/config" --profile kpn --dump devices --format csv | head -1)
assert_contains "$hdr" "CUSTOMER" "--dump devices prints the CUSTOMER column"
assert_not_contains "$hdr" "DEVEUI" "--dump devices prints a sub-resource column"
name_of() { jq -r --arg id "$1" 'select(.id == $id) | .name' "$TT_TMP/devices.jsonl"; }

# 1. a provider that opens on downlinks: no devices list is walked, so the
# DEVICE names come from GET /devices/{id}, for the rows on screen (+ a page)
mkdir -p "$TT_TMP/providers"
sed 's/^first_pane = "devices";/first_pane = "downlinks";/' "$top_srcdir/providers/kpn-things.conf" \
	>"$TT_TMP/providers/kpn-things.conf"
grep -q '^first_pane = "downlinks";' "$TT_TMP/providers/kpn-things.conf" || fail "could not override first_pane (test set-up)"
m=$(wc -l <"$SIM_LOG")
tmux_start 160 $ROWS env THINGTOP_PROVIDERS_DIR="$TT_TMP/providers" "$THINGTOP" --config "$TT_TMP/config" --profile kpn
tmux -L "$TMUX_SOCK" set -g set-clipboard on >/dev/null
tmux_wait_for "DEVICE"
loaded
H=$(rows | wc -l) # rows on screen
[ "$H" -ge 10 ] || fail "only $H rows on screen: $(tmux_screen)"
dl=$(tmux_screen | grep -m1 '▶' | grep -oE "$uuid" | head -1)
[ -n "$dl" ] || fail "no selected downlink: $(tmux_screen)"
dev=$(jq -r --arg id "$dl" 'select(.id == $id) | .deviceId' "$TT_TMP/downlinks.jsonl")
[ -n "$dev" ] || fail "downlink $dl is not in the dump (test set-up)"
name=$(name_of "$dev")
[ -n "$name" ] || fail "device $dev has no name (test set-up)"
# the name, cut to the column's width (30), is on the selected row
short=$(printf '%s' "$name" | cut -c1-12)
WAIT_SECONDS=20 wait_for sh -c "tmux -L $TMUX_SOCK capture-pane -p -t tt | grep -m1 '▶' | grep -qF -- '$short'" ||
	fail "the DEVICE column does not show the device's name '$name': $(tmux_screen | grep -m1 '▶')"
WAIT_SECONDS=20 wait_for grep -q "method=GET path=/devices/$dev status=200" "$SIM_LOG" ||
	fail "no GET /devices/$dev for the name: $(tail -5 "$SIM_LOG")"
tail -n +$((m + 1)) "$SIM_LOG" | grep -q 'path=/devices?' && fail "the devices list was walked: names must come from details"
details=$(tail -n +$((m + 1)) "$SIM_LOG" | grep -cE "method=GET path=/devices/$uuid status")
[ "$details" -le $((2 * H)) ] ||
	fail "$details device details fetched for a screen of $H rows (at most the rows on screen plus a page)"
# y copies the downlink's id; Y on the DEVICE column copies the device's id, not its name
tmux_keys y
WAIT_SECONDS=5 wait_for sh -c "tmux -L $TMUX_SOCK show-buffer 2>/dev/null | grep -qx '$dl'" ||
	fail "y did not copy the id: $(tmux -L "$TMUX_SOCK" show-buffer 2>&1 | head -c 200)"
tmux_keys l Y
WAIT_SECONDS=5 wait_for sh -c "tmux -L $TMUX_SOCK show-buffer 2>/dev/null | grep -qx '$dev'" ||
	fail "Y on DEVICE did not copy the device id: $(tmux -L "$TMUX_SOCK" show-buffer 2>&1 | head -c 200)"
tmux_keys h
# the request log pane shows those calls
tmux_keys L
tmux_wait_for "request log"
tmux_screen | grep -qE "GET +200 .*/devices/$uuid *\$" || fail "the request log does not show the device GETs: $(tmux_screen)"
tmux_keys q

# 2. the devices pane: CUSTOMER names the profile's customers (own account of a
# reseller); DEVEUI/IMEI come from the network adapters of the rows on screen
m=$(wc -l <"$SIM_LOG")
tmux_keys 2
tmux_wait_for "DEVEUI"
loaded
first=$(head -1 "$TT_TMP/devices.jsonl")
cust_id=$(printf '%s' "$first" | jq -r .clientId)
cust=$(awk -v id="$cust_id" -F'"' '$0 ~ id { print $2; exit }' "$TT_TMP/config")
[ -n "$cust" ] || fail "the first device's customer is not in the config (test set-up: $cust_id)"
tmux_screen | grep -m1 '▶' | grep -qF -- "$cust" ||
	fail "CUSTOMER does not show '$cust' for client $cust_id: $(tmux_screen | grep -m1 '▶')"
# every row on screen gets its DevEUI or IMEI (no "…" left in the column)
WAIT_SECONDS=20 wait_for sh -c "! tmux -L $TMUX_SOCK capture-pane -p -t tt | grep -E '[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}' | grep -q '…'" ||
	fail "sub-resource cells still pending: $(tmux_screen)"
tmux_screen | grep -m1 '▶' | grep -qE '\b[0-9A-F]{16}\b|\b35[0-9]{13}\b' ||
	fail "no DevEUI or IMEI on the selected row: $(tmux_screen | grep -m1 '▶')"
adapters=$(tail -n +$((m + 1)) "$SIM_LOG" | grep -c 'network-adapters')
[ "$adapters" -ge "$H" ] || fail "only $adapters network-adapter requests for $H rows on screen"
[ "$adapters" -le $((2 * H)) ] || fail "$adapters network-adapter requests: more than the rows on screen plus a page"
# only the first rows' devices, each once
head -$((2 * H)) "$TT_TMP/devices.jsonl" | jq -r .id | sort >"$TT_TMP/want"
tail -n +$((m + 1)) "$SIM_LOG" | grep -oE "path=/devices/$uuid/network-adapters" | sed 's|path=/devices/||; s|/network-adapters||' |
	sort >"$TT_TMP/got"
[ -z "$(comm -13 "$TT_TMP/want" "$TT_TMP/got")" ] || fail "adapters fetched for rows not on screen nor in the margin"
[ -z "$(uniq -d "$TT_TMP/got")" ] || fail "a device's adapters were fetched twice: $(uniq -d "$TT_TMP/got" | head -3)"

# the confirm screen of a write names its target: name, barcode and id
dev1=$(printf '%s' "$first" | jq -r .id)
name1=$(printf '%s' "$first" | jq -r .name)
bc1=$(printf '%s' "$first" | jq -r .barcode)
tmux_keys a
tmux_wait_for "downlink"
tmux_keys 1 Enter
tmux_wait_for "message"
tmux_keys Enter
tmux_wait_for "send this? [y/N]"
tmux_screen | grep -qF -- "target: $name1 · BARCODE $bc1 · id $dev1" ||
	fail "the confirm screen does not name the target ($name1, $bc1, $dev1): $(tmux_screen)"
tmux_keys n
tmux_wait_for "DEVEUI"
grep -q 'method=POST path=/downlinks' "$SIM_LOG" && fail "a downlink was sent without confirming"

# 3. the downlinks pane again: the devices list was walked, so its names are known
m=$(wc -l <"$SIM_LOG")
tmux_keys 3
tmux_wait_for "DEVICE"
loaded
WAIT_SECONDS=10 wait_for sh -c "tmux -L $TMUX_SOCK capture-pane -p -t tt | grep -m1 '▶' | grep -qF -- '$short'" ||
	fail "the name is gone: $(tmux_screen | grep -m1 '▶')"
tail -n +$((m + 1)) "$SIM_LOG" | grep -qE "path=/devices/$uuid status" &&
	fail "device details fetched although the devices list was walked: $(tail -n +$((m + 1)) "$SIM_LOG" | grep -E "path=/devices/$uuid status" | head -2)"
tmux_keys Q
tmux_wait_for "[exited 0]" 10
tmux -L "$TMUX_SOCK" kill-server

# 4. in a customer's context every row is that customer's: no CUSTOMER column
tmux_start 160 $ROWS "$THINGTOP" --config "$TT_TMP/config" --profile kpn --context "$cust_id"
tmux_wait_for "DEVEUI"
loaded
tmux_screen | grep DEVEUI | grep -q CUSTOMER && fail "CUSTOMER shown in a customer's context: $(tmux_screen | grep DEVEUI)"
tmux_keys Q
tmux_wait_for "[exited 0]" 10
echo ok
