#!/usr/bin/env bash
# ui-related.sh — related lists, declared in the provider file (issue 14 item 2),
# against the strict simulator in a customer context: the detail of a device far
# down the list shows its fields readably and the first rows of its downlinks
# (by DevEUI through the documented q=tagValue), LoRa downlinks (deviceId),
# network adapters and device groups (a guess), each fetched once, in the
# customer's context; 2 opens the LoRa downlinks as a filtered pane with a
# breadcrumb; q and Esc return to the same row and scroll without fetching the
# devices again; 3 shows the network adapters over the detail; J the raw JSON;
# :filter sets a declared filter by name, Tab completing the names.
source "$top_srcdir/tests/e2e/lib.sh"

sim_start --devices 3000 --customers 2
sim_config "$TT_TMP/config"
eval "$("$THINGTOP_SIM" --print-credentials)"
c1=${KPN_CUSTOMER_IDS%%,*}
since_mark() { tail -n +$(($1 + 1)) "$SIM_LOG"; }
sent() { # MARK PATTERN: wait until a request after MARK matches PATTERN (grep -E)
	WAIT_SECONDS=15 wait_for sh -c "tail -n +$(($1 + 1)) '$SIM_LOG' | grep -qE -- '$2'" ||
		fail "no request matching '$2' after the key: $(since_mark "$1" | tail -5)"
}
# the table's first row and the selected one (found by text, not line number)
first_row() { tmux_screen | awk 'hdr { print; exit } /^ NAME +ID/ { hdr = 1 }'; }
selected() { tmux_screen | grep -m1 '▶'; }

tmux_start 150 40 "$THINGTOP" --config "$TT_TMP/config" --profile kpn --context "$c1"
tmux_wait_for "── end"
# far down the list: the last row, then five up
tmux_keys G k k k k k
five_up() { # the counter says "row N-5 of N"
	local c
	c=$(tmux_screen | grep -oE 'row [0-9,]+ of [0-9,]+' | tr -d ,)
	set -- $c
	[ -n "$2" ] && [ $(($2 + 5)) = "$4" ]
}
WAIT_SECONDS=10 wait_for five_up || fail "the selection is not five rows above the last: $(tmux_screen)"
# the rows as they stay: DEVEUI/IMEI (read from each row's network adapters) filled in
WAIT_SECONDS=20 wait_for sh -c "! tmux -L $TMUX_SOCK capture-pane -p -t tt | grep -E '[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}' | grep -q '…'" ||
	fail "the rows' sub-resource cells did not arrive: $(tmux_screen)"
top_before=$(first_row)
sel_before=$(selected)
id=$(printf '%s\n' "$sel_before" | grep -oE '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}' | head -1)
[ -n "$id" ] || fail "no selected row id: $(tmux_screen)"
name=$(printf '%s\n' "$sel_before" | sed -e 's/^▶//' -e 's/  .*//')
case "$top_before" in *"$sel_before"* | "") fail "the list did not scroll: $(tmux_screen)" ;; esac

# the detail: fields readably, related rows under them, fetched with it, in the customer's context
m=$(wc -l <"$SIM_LOG")
tmux_keys Enter
tmux_wait_for "── 4 device groups (guess"
tmux_screen | grep '^NAME:' | grep -qF "$name" || fail "the detail does not show NAME first: $(tmux_screen)"
tmux_screen | grep -qE "^ID: +$id" || fail "the detail does not show the ID field: $(tmux_screen)"
eui=$(since_mark "$m" | grep -m1 -oE 'q=urn%3Adev%3ADEVEUI%3A[0-9A-F]{16}%3A' | sed -E 's/.*DEVEUI%3A([0-9A-F]{16})%3A/\1/')
[ -n "$eui" ] || fail "the device's downlinks were not asked for by DevEUI: $(since_mark "$m")"
since_mark "$m" | grep -q "path=/devices/$id/network-adapters .*ctx=$c1" ||
	fail "the DevEUI did not come from the device's network adapters: $(since_mark "$m")"
for want in "path=/downlinks\?limit=5&q=urn%3Adev%3ADEVEUI%3A$eui%3A status=200 " \
	"path=/lora/downlinks\?limit=5&deviceId=$id status=200 " \
	"path=/device-groups\?limit=5&deviceId=$id status=200 "; do
	since_mark "$m" | grep -E -- "$want" | grep -q "ctx=$c1" ||
		fail "missing in the customer's context: $want: $(since_mark "$m")"
done
# /downlinks documents no deviceId: never sent there; adapters asked once (reused for the section)
since_mark "$m" | grep -q 'path=/downlinks?[^ ]*deviceId' && fail "deviceId was sent to /downlinks"
[ "$(since_mark "$m" | grep -c "path=/devices/$id/network-adapters ")" = 1 ] ||
	fail "the network adapters were fetched more than once: $(since_mark "$m")"
tmux_screen | grep -q "── 1 downlinks · q=urn:dev:DEVEUI:$eui:" || fail "the downlinks section: $(tmux_screen)"
echo "ok: the detail shows the fields and the related lists' first rows, fetched in the customer's context"

# J: the raw JSON, and back
tmux_keys J
tmux_wait_for "\"id\": \"$id\""
tmux_keys J
tmux_wait_for "── 2 LoRa downlinks"

# 2: the LoRa downlinks as a filtered pane with a breadcrumb
m=$(wc -l <"$SIM_LOG")
tmux_keys 2
tmux_wait_for "devices › $name › LoRa downlinks"
sent "$m" "path=/lora/downlinks\?limit=[0-9]+&deviceId=$id status=200 .*ctx=$c1"
WAIT_SECONDS=10 wait_for sh -c "tmux -L $TMUX_SOCK capture-pane -p -t tt | head -1 | grep -qE 'pages? ·'" ||
	fail "the related list did not load: $(tmux_screen)"
rows=$(tmux_screen | grep -cE '^( |▶)[0-9a-f]{8}-')
[ "$rows" -ge 1 ] || fail "no LoRa downlinks for the device: $(tmux_screen)"
# DEVICE shows the device by name (a ref column), the id when no name is known
[ "$(tmux_screen | grep -E '^( |▶)[0-9a-f]{8}-' | grep -vF -e "$id" -e "${name:0:12}" | wc -l)" = 0 ] ||
	fail "a row of another device in the device's LoRa downlinks: $(tmux_screen)"

# q: the same list, row and scroll; the devices are not fetched again
m=$(wc -l <"$SIM_LOG")
tmux_keys q
tmux_wait_for "$sel_before"
[ "$(first_row)" = "$top_before" ] || fail "the scroll changed: '$(first_row)' != '$top_before'"
screen_scope | grep -q "LoRa downlinks" && fail "the breadcrumb stayed: $(screen_scope)"
# the next request (the detail again) is logged after any refetch the return would have queued
tmux_keys Enter
sent "$m" "path=/devices/$id "
tmux_wait_for "── 4 device groups (guess"
since_mark "$m" | grep -q 'path=/devices?' && fail "the devices were fetched again: $(since_mark "$m")"
echo "ok: 2 opens the LoRa downlinks filtered, with a breadcrumb; q returns to the same row and scroll, no refetch"

# 1 (downlinks by DevEUI), and Esc returns the same way
m=$(wc -l <"$SIM_LOG")
tmux_keys 1
tmux_wait_for "devices › $name › downlinks"
sent "$m" "path=/downlinks\?limit=[0-9]+&q=urn%3Adev%3ADEVEUI%3A$eui%3A status=200 .*ctx=$c1"
tmux_keys Escape
tmux_wait_for "$sel_before"
[ "$(first_row)" = "$top_before" ] || fail "Esc: the scroll changed: '$(first_row)' != '$top_before'"
tmux_keys Enter
sent "$m" "path=/devices/$id "
since_mark "$m" | grep -q 'path=/devices?' && fail "Esc: the devices were fetched again"
echo "ok: 1 opens the downlinks by DevEUI (q=tagValue); Esc returns to the same row and scroll"

# 3: the network adapters (a sub-resource, path kind) over the detail; q back to the detail
tmux_wait_for "── 3 network adapters"
tmux_keys 3
tmux_wait_for "devices › $name › network adapters"
tmux_wait_for "devEUI: $eui"
tmux_keys q
tmux_wait_for "── 1 downlinks"
tmux_keys q
tmux_wait_for "$sel_before"
echo "ok: 3 shows the network adapters; q returns to the detail"

# :filter with Tab completion of the pane's filter names (lora-downlinks: deviceId)
tmux_keys 4
tmux_wait_for "DEVICE"
tmux_keys : "filter dev" Tab
tmux_wait_for ":filter deviceId="
m=$(wc -l <"$SIM_LOG")
tmux_keys "$id" Enter
sent "$m" "path=/lora/downlinks\?limit=[0-9]+&deviceId=$id status=200 "
tmux_wait_for "deviceId=$id"
tmux_keys : "filter nope=1" Enter
tmux_wait_for "KEY one of:"
# :PANE KEY=VALUE: the pane with that filter; /downlinks has no deviceId, and says which it has
m=$(wc -l <"$SIM_LOG")
tmux_keys : "device-groups deviceId=$id" Enter
sent "$m" "path=/device-groups\?limit=[0-9]+&deviceId=$id status=200 "
tmux_keys : "downlinks deviceId=$id" Enter
tmux_wait_for "KEY one of: q, createdSince"
since_mark "$m" | grep -q 'path=/downlinks?[^ ]*deviceId' && fail "deviceId was sent to /downlinks"
tmux_keys Q
tmux_wait_for "[exited 0]" 10
echo "ok: :filter sets a declared filter by name, Tab completes it, an unknown one names the filters"
