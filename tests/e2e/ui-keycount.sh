#!/usr/bin/env bash
# ui-keycount.sh — the support call, measured in keys (issue 14 item 8): "the
# device with barcode X (KPN) / DevEUI X (akenza) is not responding". From
# the dashboard's first screen to that device's downlinks (KPN) or recent
# samples (akenza) takes at most 6 keys plus the typed identifier. Every key
# goes through key(), which counts it; the identifier goes through type(),
# which does not. The simulator's log proves each step reached the API
# (the lookup, the detail, the related list), the screen that it shows.
source "$top_srcdir/tests/e2e/lib.sh"

MAX_KEYS=6
sim_start --devices 3000
sim_config "$TT_TMP/config"
since_mark() { tail -n +$(($1 + 1)) "$SIM_LOG"; }
sent() { # MARK PATTERN: wait until a request after MARK matches PATTERN (grep -E)
	WAIT_SECONDS=20 wait_for sh -c "tail -n +$(($1 + 1)) '$SIM_LOG' | grep -qE -- '$2'" ||
		fail "no request matching '$2': $(since_mark "$1" | tail -5)"
}
KEYS=0
key() { KEYS=$((KEYS + 1)); tmux_keys "$1"; }
type() { tmux -L "$TMUX_SOCK" send-keys -t tt -l "$1"; }

# --- KPN: barcode → device detail → its downlinks ---------------------------
"$THINGTOP" --config "$TT_TMP/config" --profile kpn --dump devices --format csv --limit 1000 >"$TT_TMP/devices.csv" ||
	fail "--dump devices failed"
# a device far down the list (not on the first screen), with a barcode
line=$(grep -E ',BC[0-9]+,' "$TT_TMP/devices.csv" | sed -n 2500p)
bc=$(printf '%s\n' "$line" | grep -oE 'BC[0-9]+' | head -1)
id=$(printf '%s\n' "$line" | grep -oE '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}' | head -1)
[ -n "$bc" ] && [ -n "$id" ] || fail "no device with a barcode far down the list (test set-up)"

tmux_start 150 40 "$THINGTOP" --config "$TT_TMP/config" --profile kpn
tmux_wait_for "BARCODE"
m=$(wc -l <"$SIM_LOG")
key /
type "$bc"
key Enter
sent "$m" "method=GET path=/devices\?[^ ]*barcode=$bc[& ].*status=200 "
sent "$m" "method=GET path=/devices/$id "
WAIT_SECONDS=20 wait_for sh -c "tmux -L $TMUX_SOCK capture-pane -p -t tt | grep -qE '^BARCODE: +$bc\$'" ||
	fail "KPN: the device's detail did not open: $(tmux_screen)"
tmux_wait_for "── 1 downlinks"
m=$(wc -l <"$SIM_LOG")
key 1
tmux_wait_for "› downlinks"
sent "$m" "method=GET path=/downlinks\?[^ ]*q=urn%3Adev%3ADEVEUI%3A[0-9A-F]{16}%3A.* status=200 "
screen_scope | grep -q "devices ›.*› downlinks" || fail "KPN: no breadcrumb to the device's downlinks: $(screen_scope)"
[ "$KEYS" -le "$MAX_KEYS" ] || fail "KPN: barcode to downlinks took $KEYS keys (at most $MAX_KEYS)"
echo "ok: KPN barcode → detail → downlinks in $KEYS keys plus the barcode"
tmux_keys Q
tmux_wait_for "[exited 0]" 10
tmux -L "$TMUX_SOCK" kill-server

# --- akenza: DevEUI → asset detail → its recent samples ---------------------
"$THINGTOP" --config "$TT_TMP/config" --profile akenza --dump assets --format csv >"$TT_TMP/assets.csv" ||
	fail "--dump assets failed"
eui=$(python3 -c 'import csv, sys
rows = [r["DEVEUI"] for r in csv.DictReader(open(sys.argv[1], newline="")) if len(r["DEVEUI"]) == 16]
print(rows[-1] if rows else "")' "$TT_TMP/assets.csv")
[ -n "$eui" ] || fail "no asset with a DevEUI (test set-up)"
KEYS=0
tmux_start 150 40 "$THINGTOP" --config "$TT_TMP/config" --profile akenza
tmux_wait_for "DEVEUI"
m=$(wc -l <"$SIM_LOG")
key /
type "$eui"
key Enter
sent "$m" "method=GET path=/v3/devices/by-device-id\?[^ ]*deviceId=$eui.* status=200 "
WAIT_SECONDS=20 wait_for sh -c "tmux -L $TMUX_SOCK capture-pane -p -t tt | grep -qiE '^DEVEUI: +$eui\$'" ||
	fail "akenza: the asset's detail did not open: $(tmux_screen)"
tmux_wait_for "── 1 recent samples"
m=$(wc -l <"$SIM_LOG")
key 1
tmux_wait_for "› recent samples"
[ "$KEYS" -le "$MAX_KEYS" ] || fail "akenza: DevEUI to recent samples took $KEYS keys (at most $MAX_KEYS)"
echo "ok: akenza DevEUI → detail → recent samples in $KEYS keys plus the DevEUI"
tmux_keys Q
tmux_wait_for "[exited 0]" 10
echo ok
