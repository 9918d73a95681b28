#!/usr/bin/env bash
# ui-all-keys.sh — "which of my customers owns this device?" in at most 3
# keys plus the typed name (issue 14 item 8): A (every customer at once),
# / NAME Enter (asked of every customer). The answer is the row's CUSTOMER
# cell, checked against --dump --all-contexts, and every customer was asked.
source "$top_srcdir/tests/e2e/lib.sh"

sim_start --devices 300 --customers 5
sim_config "$TT_TMP/config" --devices 300 --customers 5
eval "$("$THINGTOP_SIM" --print-credentials --devices 300 --customers 5)"

# the truth, by another road: a device of the last customer and its owner
"$THINGTOP" --config "$TT_TMP/config" --profile kpn --dump devices --all-contexts >"$TT_TMP/all" ||
	fail "--dump --all-contexts (test set-up)"
owner=$(tail -1 "$TT_TMP/all" | jq -r ._context)
num=$(tail -1 "$TT_TMP/all" | jq -r .name | grep -oE '[0-9]{5}$')
[ -n "$owner" ] && [ -n "$num" ] || fail "no device to look for: $(tail -1 "$TT_TMP/all")"
assert_eq "$(jq -r .name "$TT_TMP/all" | grep -c "$num\$")" 1 "the device number names one device"

tmux_start 160 30 "$THINGTOP" --config "$TT_TMP/config" --profile kpn
tmux_wait_for "BARCODE"
: >"$SIM_LOG"

# the path, key by key; the typed name is the only text
path=(A / "$num" Enter)
keys=0
for k in "${path[@]}"; do
	[ "$k" = "$num" ] || keys=$((keys + 1))
	tmux_keys "$k"
done
[ "$keys" -le 3 ] || fail "$keys keys plus typing; at most 3 wanted"
WAIT_SECONDS=30 wait_for sh -c "tmux -L $TMUX_SOCK capture-pane -p -t tt | grep -qE ' 1 row · 5/5 customers · end'" ||
	fail "the answer did not come: $(tmux_screen)"
line=$(tmux_screen | grep -E "$num" | grep -v 'q=' | grep -vE '^ *(/|filter)' | head -1)
assert_contains "$line" "$owner" "the row names the owning customer"
for id in ${KPN_CUSTOMER_IDS//,/ }; do
	grep -q "path=/devices?[^ ]*q=$num[^ ]* status=200 .* ctx=$id " "$SIM_LOG" || fail "customer $id was not asked"
done
echo "ok: $keys keys plus '$num': $owner owns it"
tmux_keys Q
tmux_wait_for "[exited 0]" 10
