#!/usr/bin/env bash
# provider-fourth.sh — vendors live only in data: a fourth provider file,
# written here from the shipped KPN one, renames the resources, the tenants'
# word, the context header (the older x-client-id form the simulator also
# takes) and the error style, and adds its own error hint. With no C change,
# --dump walks the same items as the shipped provider (in a customer context
# too, the context going out in the new header), --check matches, a
# refused context is named with the new word, and the new hint is shown.
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
	-e 's/name = "downlinks"; title = "Downlinks";/name = "commands"; title = "Commands";/' \
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
exit 0
