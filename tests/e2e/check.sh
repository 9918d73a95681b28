#!/usr/bin/env bash
# check.sh — thingtop --check against the strict simulator: every shipped
# provider matches it (exit 0); under --fault drift (fields renamed or dropped,
# a parameter refused) it names each difference and the provider-file key to
# change (exit 1); bad credentials stop it with the vendor hint; the report
# masks ids unless --show-ids, holds no secret, and no escape sequence from
# the network reaches the terminal.
source "$top_srcdir/tests/e2e/lib.sh"

eval "$("$THINGTOP_SIM" --print-credentials)"
ws=${AKENZA_WORKSPACE_IDS%%,*}
no_secrets() { # OUTPUT WHAT
	local s
	for s in "$KPN_CLIENT_SECRET" "$AKENZA_API_KEY" "$PARTNER_API_KEY" "$PARTNER_AUTH_PARAM"; do
		assert_not_contains "$1" "$s" "$2: a secret is in the --check report"
	done
}

# 1. the shipped providers match the simulator
sim_start --devices 200
sim_config "$TT_TMP/config"
for args in "--profile kpn" "--profile kpn --context Acme BV" "--profile akenza --context $ws" "--profile partner"; do
	# shellcheck disable=SC2086 # the words are options
	if [ "$args" = "--profile kpn --context Acme BV" ]; then
		out=$("$THINGTOP" --config "$TT_TMP/config" --profile kpn --context "Acme BV" --check 2>&1) ||
			fail "--check $args: exit $?: $out"
	else
		out=$("$THINGTOP" --config "$TT_TMP/config" $args --check 2>&1) || fail "--check $args: exit $?: $out"
	fi
	assert_contains "$out" "everything matches" "--check $args"
	no_secrets "$out" "--check $args"
	echo "ok: --check $args matches"
done
assert_contains "$out" "token (api-key-jwt): ok, valid for 60 more minutes" "the token and its expiry are shown"
[ "$(echo "$out" | wc -l)" -le 24 ] || fail "the report does not fit one screen: $out"

# one detail per resource: the first item of the sample page
id=$("$THINGTOP" --config "$TT_TMP/config" --profile kpn --dump devices --limit 1 | head -1 | jq -r .id)
[ -n "$id" ] || fail "no device id (test set-up)"
grep -q "path=/devices/$id " "$SIM_LOG" || fail "--check fetched no device detail"
# ids are masked unless --show-ids
customer=${KPN_CUSTOMER_IDS%%,*}
out=$("$THINGTOP" --config "$TT_TMP/config" --profile kpn --context "$customer" --check 2>&1)
assert_not_contains "$out" "$customer" "the customer id is masked"
assert_contains "$out" "context: ${customer:0:4}…" "the masked customer id keeps 4 characters"
out=$("$THINGTOP" --config "$TT_TMP/config" --profile kpn --context "$customer" --check --show-ids 2>&1)
assert_contains "$out" "context: $customer" "--show-ids prints the customer id"
echo "ok: ids masked, --show-ids shows them"

# 2. bad credentials: the GRIP hint, and nothing else is tried
sed "s/$KPN_CLIENT_SECRET/0000wrong0000secret/" "$TT_TMP/config" >"$TT_TMP/bad"
chmod 600 "$TT_TMP/bad"
out=$("$THINGTOP" --config "$TT_TMP/bad" --profile kpn --check 2>&1) && fail "--check with a wrong secret exited 0"
assert_contains "$out" "cannot authenticate" "a wrong secret stops the probe"
assert_contains "$out" "key id" "the GRIP hint names the key id and secret"
assert_not_contains "$out" "0000wrong0000secret" "the wrong secret is printed"
echo "ok: bad credentials stop --check with the hint"

# 3. drift: renamed and dropped fields, a refused parameter: each is named with its key
kill "$SIM_PID" && wait "$SIM_PID" 2>/dev/null
SIM_PID=
sim_start --devices 200 --fault drift
sim_config "$TT_TMP/config"
for profile in kpn akenza; do
	extra=()
	[ "$profile" = akenza ] && extra=(--context "$ws")
	out=$("$THINGTOP" --config "$TT_TMP/config" --profile "$profile" "${extra[@]}" --check 2>&1) &&
		fail "--check under drift exited 0 on $profile: $out"
	no_secrets "$out" "drift $profile"
	printf '%s\n' "$out" >"$TT_TMP/drift-$profile"
done
d=$(cat "$TT_TMP/drift-kpn")
assert_contains "$d" "devices: column NAME: path 'name' absent from all 5 items" "a renamed KPN field"
assert_contains "$d" "devices: column BARCODE: path 'barcode' absent from all 5 items" "a dropped KPN field"
assert_contains "$d" "change: the path of this column" "the key to change for a column"
assert_contains "$d" "devices: filter 'barcode' refused" "a refused KPN parameter"
assert_contains "$d" "change: the filters list of this resource" "the key to change for a filter"
assert_contains "$d" "kpn-things.conf line" "the provider file and line"
d=$(cat "$TT_TMP/drift-akenza")
assert_contains "$d" "assets: column STATE: path 'onlineState' absent" "a dropped akenza field"
assert_contains "$d" "assets: filter 'type' refused" "a refused akenza parameter"
echo "ok: drift is named field by field with the keys to change"

# 4. hostile names never reach the terminal raw
kill "$SIM_PID" && wait "$SIM_PID" 2>/dev/null
SIM_PID=
sim_start --devices 60 --fault hostile
sim_config "$TT_TMP/config"
"$THINGTOP" --config "$TT_TMP/config" --profile kpn --check >"$TT_TMP/raw" 2>&1
LC_ALL=C grep -q $'\e' "$TT_TMP/raw" && fail "an escape character reached the --check output"
echo "ok: the report is sanitised"
exit 0
