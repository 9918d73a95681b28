#!/usr/bin/env bash
# ui-akenza-lookup.sh — finding one akenza item fast: / with a DevEUI asks the
# documented by-device-id endpoint for that device and opens it (an unknown
# DevEUI says so); an asset of type SIM_CARD has no device detail
# (/v3/devices/{id} answers 404): Enter shows the item as the list gives it
# (fetched again with the documented assetIds filter), with a note, not an error.
source "$top_srcdir/tests/e2e/lib.sh"

sim_start --devices 100
sim_config "$TT_TMP/config"

eval "$("$THINGTOP_SIM" --print-credentials)"
ws=${AKENZA_WORKSPACE_IDS##*,}
eui=$("$THINGTOP" --config "$TT_TMP/config" --profile akenza --context "$ws" --dump assets |
	jq -r 'select(.type == "DEVICE") | .deviceId' | tail -1)
[ -n "$eui" ] || fail "no DevEUI in the last workspace (test set-up)"

tmux_start 140 32 "$THINGTOP" --config "$TT_TMP/config" --profile akenza
tmux_wait_for "100 rows"
# a DevEUI: one request to by-device-id, and the device opens (it need not be loaded)
tmux_keys / "$eui" Enter
tmux_wait_for "$eui"
WAIT_SECONDS=10 wait_for sh -c "tmux -L $TMUX_SOCK capture-pane -p -t tt | grep -qE '^DEVEUI: +$eui'" ||
	fail "the found device's DEVEUI field is not shown: $(tmux_screen)"
grep -q "method=GET path=/v3/devices/by-device-id?deviceId=$eui status=200 " "$SIM_LOG" ||
	fail "the DevEUI was not looked up through by-device-id: $(grep by-device "$SIM_LOG")"
tmux_keys q
tmux_wait_for "100 rows"
tmux_keys / FFFFFFFFFFFFFFFF Enter
tmux_wait_for "no item with DevEUI FFFFFFFFFFFFFFFF"
# no dead end: what the lookup did not find is searched as text, and the status says so
tmux_wait_for "searched the free text (search) for it instead"
grep -q "path=/v3/assets?[^ ]*search=FFFFFFFFFFFFFFFF" "$SIM_LOG" || fail "the DevEUI was not searched as text"
tmux_keys q
tmux_wait_for "100 rows"
echo "ok: / with a DevEUI finds the device through by-device-id, and says so when there is none"
# an IMEI: akenza documents no lookup by it; searched as text, and the screen says so
m=$(wc -l <"$SIM_LOG")
tmux_keys / 356938035643809 Enter
tmux_wait_for "akenza documents no IMEI lookup: searched the free text (search) for 356938035643809"
tail -n +$((m + 1)) "$SIM_LOG" | grep -q by-device && fail "an IMEI was sent to by-device-id"
tmux_keys q
tmux_wait_for "100 rows"
echo "ok: an IMEI says akenza documents no lookup for it and what was searched"
tmux_keys / "SIM card" Enter
tmux_wait_for "SIM card 0"
WAIT_SECONDS=20 wait_for sh -c "tmux -L $TMUX_SOCK capture-pane -p -t tt | head -1 | grep -qE 'pages? ·'" ||
	fail "the search did not finish: $(tmux_screen)"
id=$(tmux_screen | grep -m1 '▶' | grep -oE '\b02[0-9a-f]{14}\b' | head -1)
[ -n "$id" ] || fail "no SIM card selected: $(tmux_screen)"
tmux_keys Enter
tmux_wait_for "no detail for this item"
tmux_wait_for '"type": "SIM_CARD"'
tmux_screen | grep -q "\"id\": \"$id\"" || fail "the fallback shows another item: $(tmux_screen)"
tmux_screen | grep -qi 'failed' && fail "the SIM card's detail shows an error: $(tmux_screen)"
grep -q "method=GET path=/v3/devices/$id status=404 " "$SIM_LOG" || fail "the device detail was not asked for first"
grep -q "method=GET path=/v3/assets?[^ ]*assetIds=$id[& ]" "$SIM_LOG" ||
	fail "the list item was not fetched with assetIds: $(grep assets "$SIM_LOG" | tail -3)"
tmux_keys q Q
tmux_wait_for "[exited 0]" 10
echo "ok: a SIM card's detail shows the list's item"
