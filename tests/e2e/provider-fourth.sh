#!/usr/bin/env bash
# provider-fourth.sh — vendors live only in data: a fourth provider file,
# written here from the shipped KPN one, renames the resources, the tenants'
# word, the context header (the older x-client-id form the simulator also
# takes) and the error style, and adds its own error hint. With no C change,
# --dump walks the same items as the shipped provider (in a customer context
# too, the context going out in the new header), --check matches, a
# refused context is named with the new word, the new hint is shown, and the
# dashboard opens on its first pane, lists its tenants and switches to one.
source "$top_srcdir/tests/e2e/lib.sh"

sim_start --devices 300 --customers 3
sim_config "$TT_TMP/config"
eval "$("$THINGTOP_SIM" --print-credentials)"
mkdir -p "$TT_TMP/providers"
export THINGTOP_PROVIDERS_DIR="$TT_TMP/providers"

# fleetco.conf: kpn-things.conf with other names (sed keeps everything else)
sed -e 's/^name = "kpn-things";/name = "fleetco";/' \
	-e 's/^title = "KPN Things";/title = "FleetCo";/' \
	-e 's/name = "devices"; title = "Devices";/name = "things"; title = "Things";/' \
	-e 's/^first_pane = "devices";/first_pane = "things";/' \
	-e 's/ref = "devices";/ref = "things";/' \
	-e 's/name = "downlinks"; title = "Downlinks";/name = "commands"; title = "Commands";/' \
	-e 's/resource = "downlinks";/resource = "commands";/' \
	-e 's/header = "KPN-Things-Security-Context"; template = "client:uuid:%s";/header = "x-client-id"; template = "%s";/' \
	-e 's/word = "customer";/word = "account";/' \
	-e 's/^errors = "problem+json";/errors = "text";/' \
	-e 's/^hints = ($/hints = (\n  { status = 401; match = "Feature user"; hint = "FleetCo: ask the FleetCo desk for a new key"; },/' \
	"$top_srcdir/providers/kpn-things.conf" >"$TT_TMP/providers/fleetco.conf"
for want in 'name = "fleetco"' 'name = "things"' 'first_pane = "things"' 'name = "commands"' 'header = "x-client-id"' 'word = "account"' \
	'errors = "text"' 'FleetCo desk'; do
	grep -qF "$want" "$TT_TMP/providers/fleetco.conf" || fail "the fourth provider lacks $want (test set-up)"
done
sed -e 's/provider = "kpn-things";/provider = "fleetco";/' -e 's/name = "kpn";/name = "fleet";/' \
	"$TT_TMP/config" >"$TT_TMP/fleet.config"
chmod 600 "$TT_TMP/fleet.config"
grep -q 'provider = "fleetco"' "$TT_TMP/fleet.config" || fail "no fleetco profile (test set-up)"

# 1. the same items, under the new resource names, in and out of a customer context
for ctx in "" "Acme BV"; do
	args=()
	[ -n "$ctx" ] && args=(--context "$ctx")
	"$THINGTOP" --config "$TT_TMP/config" --profile kpn "${args[@]}" --dump devices >"$TT_TMP/want" ||
		fail "the shipped provider's walk failed (test set-up)"
	: >"$SIM_LOG"
	"$THINGTOP" --config "$TT_TMP/fleet.config" --profile fleet "${args[@]}" --dump things >"$TT_TMP/got" ||
		fail "the fourth provider's --dump things failed: $(cat "$TT_TMP/got")"
	[ -s "$TT_TMP/want" ] || fail "no items (test set-up)"
	cmp -s "$TT_TMP/want" "$TT_TMP/got" || fail "the fourth provider walked other items than the shipped one"
	if [ -n "$ctx" ]; then
		id=${KPN_CUSTOMER_IDS%%,*}
		grep -q "path=/devices?[^ ]* status=200 .* ctx=$id " "$SIM_LOG" ||
			fail "the fourth provider's context did not reach the server: $(head -3 "$SIM_LOG")"
	fi
	"$THINGTOP" --config "$TT_TMP/fleet.config" --profile fleet "${args[@]}" --dump commands >/dev/null ||
		fail "--dump commands failed"
done
echo "ok: --dump things and commands walk what devices and downlinks walk, in the new context header"

# 2. --check matches the renamed provider
out=$("$THINGTOP" --config "$TT_TMP/fleet.config" --profile fleet --check 2>&1) || fail "--check on fleetco: $out"
assert_contains "$out" "everything matches" "--check on the fourth provider"
assert_contains "$out" "things " "--check names the renamed resource"

# 3. messages in the provider's word, and its own hint
out=$("$THINGTOP" --config "$TT_TMP/fleet.config" --profile fleet --context "Nobody" --dump things 2>&1)
assert_contains "$out" "configured account" "the refused context is named in the provider's word"
sed "s/$KPN_CLIENT_SECRET/0000wrong0000/" "$TT_TMP/fleet.config" >"$TT_TMP/bad.config"
chmod 600 "$TT_TMP/bad.config"
out=$("$THINGTOP" --config "$TT_TMP/bad.config" --profile fleet --dump things 2>&1)
assert_contains "$out" "FleetCo: ask the FleetCo desk for a new key" "the provider's own error hint"
echo "ok: --check, the provider's word and its hint"

# 4. the dashboard: opens on its first pane (things), its tenants pane lists the
#    configured accounts, Enter switches (the header badge and the new header on
#    the wire), a detail opens, and hints speak the provider's word
loaded() { WAIT_SECONDS=20 wait_for sh -c "tmux -L $TMUX_SOCK capture-pane -p -t tt | head -1 | grep -q 'pages ·'" ||
	fail "the list did not finish loading: $(tmux_screen)"; }
tmux_start 130 30 env THINGTOP_PROVIDERS_DIR="$THINGTOP_PROVIDERS_DIR" "$THINGTOP" --config "$TT_TMP/fleet.config" \
	--profile fleet
tmux_wait_for "FleetCo"
loaded
tmux_screen | sed -n 2p | grep -q "2 things" || fail "no things tab: $(tmux_screen | sed -n 2p)"
tmux_screen | head -1 | grep -q " 300 rows" || fail "the first pane is not the 300 things: $(tmux_screen | head -1)"
tmux_screen | tail -1 | grep -q "c account" || fail "the hint does not use the provider's word: $(tmux_screen | tail -1)"
tmux_keys 1
tmux_wait_for "Acme BV"
m=$(wc -l <"$SIM_LOG")
tmux_keys g j Enter
id=${KPN_CUSTOMER_IDS%%,*}
WAIT_SECONDS=15 wait_for sh -c "tail -n +$((m + 1)) '$SIM_LOG' | grep -q 'path=/devices?[^ ]* status=200 .* ctx=$id '" ||
	fail "Enter on an account did not switch to it: $(tail -n +$((m + 1)) "$SIM_LOG" | tail -3)"
tmux_wait_for "Acme BV"
loaded
tmux_screen | head -1 | grep -q "Acme BV" || fail "the header does not show the account: $(tmux_screen | head -1)"
tmux_keys Enter
tmux_wait_for '"id": '
tmux_keys q Q
tmux_wait_for "[exited 0]" 10
echo "ok: the dashboard runs the fourth provider: first pane, tenants, switch, detail"
exit 0
