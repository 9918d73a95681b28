#!/usr/bin/env bash
# dump-all-contexts.sh — --dump RESOURCE --all-contexts walks the resource in
# every tenant of the profile: KPN's configured customers (each call with that
# customer's header), akenza's workspaces as the key lists them. JSON lines
# carry "_context", CSV a first column in the provider's word; per tenant the
# items are exactly those of --context TENANT --dump RESOURCE; a tenant that
# fails is reported and does not stop the others (exit 1).
source "$top_srcdir/tests/e2e/lib.sh"

sim_start --devices 400 --customers 3 --workspaces 3
sim_config "$TT_TMP/config" --devices 400 --customers 3 --workspaces 3
cfg="$TT_TMP/config"
eval "$("$THINGTOP_SIM" --print-credentials --devices 400 --customers 3 --workspaces 3)"

# 1. KPN: every configured customer, each exactly as --context gives it
"$THINGTOP" --config "$cfg" --profile kpn --dump devices --all-contexts >"$TT_TMP/all" ||
	fail "--all-contexts failed: $(tail -3 "$TT_TMP/all")"
names=$(jq -r ._context "$TT_TMP/all" | sort -u)
n=0
while IFS= read -r name; do
	[ -n "$name" ] || continue
	n=$((n + 1))
	"$THINGTOP" --config "$cfg" --profile kpn --context "$name" --dump devices >"$TT_TMP/one" ||
		fail "--context '$name' failed (test set-up)"
	jq -c --arg n "$name" 'select(._context == $n) | del(._context)' "$TT_TMP/all" >"$TT_TMP/got"
	cmp -s "$TT_TMP/one" "$TT_TMP/got" ||
		fail "customer '$name': --all-contexts gave $(wc -l <"$TT_TMP/got") items, --context $(wc -l <"$TT_TMP/one")"
done <<<"$names"

[ "$n" -ge 3 ] || fail "only $n customers in the output"
for id in ${KPN_CUSTOMER_IDS//,/ }; do
	grep -q "path=/devices?[^ ]* status=200 .* ctx=$id " "$SIM_LOG" || fail "no walk in customer $id"
done
echo "ok: KPN --all-contexts: $n customers, each as --context gives it"

# 2. csv: the first column is the provider's word
"$THINGTOP" --config "$cfg" --profile kpn --dump devices --all-contexts --format csv >"$TT_TMP/all.csv" ||
	fail "csv --all-contexts failed"
head -1 "$TT_TMP/all.csv" | grep -q '^CUSTOMER,NAME,' || fail "csv header: $(head -1 "$TT_TMP/all.csv")"
assert_eq "$(($(wc -l <"$TT_TMP/all.csv") - 1))" "$(wc -l <"$TT_TMP/all")" "csv rows = jsonl rows"

# 3. akenza: the workspaces the key lists
"$THINGTOP" --config "$cfg" --profile akenza --dump assets --all-contexts >"$TT_TMP/ak" ||
	fail "akenza --all-contexts failed"
total=0
for ws in ${AKENZA_WORKSPACE_IDS//,/ }; do
	c=$("$THINGTOP" --config "$cfg" --profile akenza --context "$ws" --dump assets | wc -l)
	total=$((total + c))
	grep -q "path=/v3/assets?[^ ]*workspaceId=$ws" "$SIM_LOG" || fail "no walk in workspace $ws"
done
assert_eq "$(wc -l <"$TT_TMP/ak")" "$total" "akenza items over all workspaces"
assert_eq "$(jq -r ._context "$TT_TMP/ak" | sort -u | wc -l)" 3 "akenza workspaces named in _context"
echo "ok: akenza --all-contexts over its 3 workspaces"

# 4. one customer the server refuses: reported, the others complete, exit 1
python3 - "$cfg" <<'PY'
import sys
p = sys.argv[1]
s = open(p).read()
s = s.replace('customers = (', 'customers = (\n      { name = "Stranger BV"; id = "00000000-0000-4000-8000-000000000001"; },', 1)
open(p, "w").write(s)
PY
"$THINGTOP" --config "$cfg" --profile kpn --dump devices --all-contexts >"$TT_TMP/part" 2>"$TT_TMP/err"
assert_eq "$?" 1 "exit status with one refused customer"
grep -q "customer Stranger BV" "$TT_TMP/err" || fail "the refused customer is not named: $(cat "$TT_TMP/err")"
grep -q "1 of $((n + 1)) customers failed" "$TT_TMP/err" || fail "no summary: $(cat "$TT_TMP/err")"
assert_eq "$(wc -l <"$TT_TMP/part")" "$(wc -l <"$TT_TMP/all")" "the other customers are complete"
echo "ok: a refused customer does not stop the others"
exit 0
