#!/usr/bin/env bash
# ui-kpn-lookup.sh — / with an identifier on KPN Things (issue 14, item 1):
# a barcode finds the device through the documented barcode filter on
# /devices and opens its detail (part of one lists the devices holding it);
# a DevEUI or an IMEI, which KPN documents no lookup for, is searched as name
# and description (q) and the screen says so, never a bare "no matches"; a
# barcode nobody has falls back to q the same way. The local narrowing
# matches a time as the table shows it. The partner API, with no devices and
# no free-text search, says it documents no DevEUI lookup either.
source "$top_srcdir/tests/e2e/lib.sh"

sim_start --devices 300
sim_config "$TT_TMP/config"
since_mark() { tail -n +$(($1 + 1)) "$SIM_LOG"; }
sent() { # MARK PATTERN: wait until a request after MARK matches PATTERN
	WAIT_SECONDS=15 wait_for sh -c "tail -n +$(($1 + 1)) '$SIM_LOG' | grep -q -- '$2'" ||
		fail "no request matching '$2' after the key: $(since_mark "$1" | tail -3)"
}
loaded() { WAIT_SECONDS=20 wait_for sh -c "tmux -L $TMUX_SOCK capture-pane -p -t tt | head -1 | grep -qE 'pages? ·'" ||
	fail "the list did not finish loading: $(tmux_screen)"; }

# a barcode of a device beyond the first page, so the lookup, not the loaded rows, finds it
read -r bc id < <("$THINGTOP" --config "$TT_TMP/config" --profile kpn --dump devices |
	jq -r 'select(.barcode != null) | "\(.barcode) \(.id)"' | tail -1)
[ -n "$bc" ] && [ -n "$id" ] || fail "no device with a barcode (test set-up)"

tmux_start 150 30 "$THINGTOP" --config "$TT_TMP/config" --profile kpn
tmux_wait_for "BARCODE"
loaded

# a barcode: one list request filtered by it, then that device's detail
m=$(wc -l <"$SIM_LOG")
tmux_keys / "$bc" Enter
sent "$m" "method=GET path=/devices?[^ ]*barcode=$bc[& ].*status=200 "
sent "$m" "method=GET path=/devices/$id "
# the detail shows its fields readably: "BARCODE:  BC…", "ID:  …"
WAIT_SECONDS=20 wait_for sh -c "tmux -L $TMUX_SOCK capture-pane -p -t tt | grep -qE '^BARCODE: +$bc\$'" ||
	fail "the device's detail did not open: $(tmux_screen)"
tmux_screen | grep -qE "^ID: +$id\$" || fail "the detail is not the device's ($id): $(tmux_screen)"
since_mark "$m" | grep -q "q=$bc" && fail "the barcode was searched as text too: $(since_mark "$m")"
echo "ok: / with a barcode opens the device through the barcode filter"
tmux_keys q
loaded
# part of a barcode (the filter matches part of it): the devices holding it are listed
m=$(wc -l <"$SIM_LOG")
tmux_keys / BC0000010 Enter
sent "$m" "method=GET path=/devices?[^ ]*barcode=BC0000010[& ]"
tmux_wait_for " items hold barcode BC0000010 (GET /devices?"
tmux_wait_for "BC00000109"
tmux_keys q
loaded
echo "ok: part of a barcode lists the devices holding it"

# a DevEUI: KPN documents no lookup by it; searched as text, and the screen says so
eui=0123456789abcdef
m=$(wc -l <"$SIM_LOG")
tmux_keys / "$eui" Enter
sent "$m" "method=GET path=/devices?[^ ]*q=$eui[& ]"
tmux_wait_for "KPN Things documents no DevEUI lookup: searched name and description (q) for $eui"
tmux_wait_for "no matches: searched name and description (q) for $eui"
since_mark "$m" | grep -q "barcode=" && fail "a DevEUI was looked up as a barcode: $(since_mark "$m")"
tmux_keys Escape
loaded
# an IMEI: the same
imei=356938035643809
m=$(wc -l <"$SIM_LOG")
tmux_keys / "$imei" Enter
sent "$m" "method=GET path=/devices?[^ ]*q=$imei[& ]"
tmux_wait_for "KPN Things documents no IMEI lookup: searched name and description (q) for $imei"
tmux_keys Escape
loaded
echo "ok: a DevEUI or IMEI says KPN documents no lookup for it and what was searched"

# a barcode nobody has: asked, then searched as text, both said
m=$(wc -l <"$SIM_LOG")
tmux_keys / ZZ404404 Enter
sent "$m" "method=GET path=/devices?[^ ]*barcode=ZZ404404[& ]"
sent "$m" "method=GET path=/devices?[^ ]*q=ZZ404404[& ]"
tmux_wait_for "no item with barcode ZZ404404"
tmux_wait_for "searched name and description (q) for it instead"
tmux_wait_for "no matches: searched name and description (q) for ZZ404404"
tmux_keys Escape
loaded
echo "ok: a barcode nobody has falls back to the text search, and says so"

# the local narrowing matches a time as shown (the model holds the API's ISO 8601)
sel_time() { shown=$(tmux_screen | grep -m1 '▶' | grep -oE '20[0-9]{2}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}' | head -1); [ -n "$shown" ]; }
WAIT_SECONDS=10 wait_for sel_time || fail "no time on the selected row (test set-up): $(tmux_screen | sed -n 3,5p)"
tmux_keys / "!$shown" Enter     # inverted, local only: the rows not showing that time
tmux_wait_for "narrowed locally: rows without $shown"
rows() { tmux_screen | sed -n 4,27p; }   # the table's rows (30 lines: headers on 3, count on 28)
gone() { ! rows | grep -qF -- "$shown" && rows | grep -q BC0; }
WAIT_SECONDS=10 wait_for gone ||
	fail "narrowing by the time as shown ($shown) kept rows showing it: $(tmux_screen | sed -n 3,8p)"
echo "ok: / narrows by a time as the table shows it"
tmux_keys Q
tmux_wait_for "[exited 0]" 10

# the partner API has no devices and no free-text search: a DevEUI is narrowed
# locally, and the screen says that the provider documents no lookup for it
tmux -L "$TMUX_SOCK" kill-server
tmux_start 150 30 "$THINGTOP" --config "$TT_TMP/config" --profile partner
tmux_wait_for "CODE"
loaded
m=$(wc -l <"$SIM_LOG")
tmux_keys / "$eui" Enter
tmux_wait_for "Partner API documents no DevEUI lookup: searched the loaded rows for $eui"
tmux_wait_for "no matches: no loaded row holds $eui"
since_mark "$m" | grep -q "$eui" && fail "the partner API was asked for the DevEUI: $(since_mark "$m")"
tmux_keys Q
tmux_wait_for "[exited 0]" 10
echo "ok: the partner API says it documents no DevEUI lookup, and what was searched"
echo ok
