#!/usr/bin/env bash
# dump-query.sh — sort and filters become the provider's own query parameters
# (checked in the simulator's log and against its order), csv and table output,
# --limit, exit codes and the errors a person can act on.
source "$top_srcdir/tests/e2e/lib.sh"

sim_start --devices 400
sim_config "$TT_TMP/config"
eval "$("$THINGTOP_SIM" --print-credentials)"
export SIM_URL KPN_CLIENT_ID KPN_CLIENT_SECRET AKENZA_API_KEY PARTNER_API_KEY PARTNER_AUTH_PARAM
cfg="$TT_TMP/config"
truth() { python3 "$top_srcdir/tests/e2e/simwalk.py" "$@" || fail "simwalk.py $*"; }
tt() { "$THINGTOP" --config "$cfg" "$@"; }
since_mark() { tail -n +$(($1 + 1)) "$SIM_LOG"; }

# KPN sort: sent as is, several keys, and the order is the server's
mark=$(wc -l <"$SIM_LOG")
tt --profile kpn --dump devices --sort=-createdAt,id --limit 150 | jq -r .id >"$TT_TMP/got" || fail "sorted dump"
since_mark "$mark" | grep -q 'path=/devices?[^ ]*sort=-createdAt,id' || fail "KPN sort not sent: $(since_mark "$mark" | head -3)"
truth kpn "/devices?limit=150&sort=-createdAt,id" >"$TT_TMP/want"
cmp -s "$TT_TMP/want" "$TT_TMP/got" || fail "KPN sorted order differs from the simulator's"
tt --profile kpn --dump devices --sort=name | jq -r .name >"$TT_TMP/names"
LC_ALL=C sort -c "$TT_TMP/names" 2>/dev/null || python3 -c '
import sys; n=[l.rstrip("\n") for l in open(sys.argv[1])]
sys.exit(0 if n == sorted(n) else 1)' "$TT_TMP/names" || fail "sort=name is not ascending by name"

# akenza: the KPN form is translated to sort=field,desc
mark=$(wc -l <"$SIM_LOG")
tt --profile akenza --dump assets --sort=-name --limit 100 | jq -r .id >"$TT_TMP/got" || fail "akenza sorted dump"
since_mark "$mark" | grep -q 'path=/v3/assets?[^ ]*sort=name%2Cdesc\|path=/v3/assets?[^ ]*sort=name,desc' ||
	fail "akenza sort not translated: $(since_mark "$mark" | grep assets | head -2)"
truth akenza "/v3/assets?organizationId=$AKENZA_ORGANIZATION_ID&size=100&sort=name,desc" >"$TT_TMP/want"
cmp -s "$TT_TMP/want" "$TT_TMP/got" || fail "akenza sorted order differs from the simulator's"
out=$(tt --profile kpn --dump devices --sort=colour 2>&1)
assert_eq "$?" 1 "unknown sort key"
assert_contains "$out" "colour" "unknown sort key is named"

# filters: free text, relative and absolute times, resource filters
mark=$(wc -l <"$SIM_LOG")
n=$(tt --profile kpn --dump devices --filter q=pump | wc -l)
since_mark "$mark" | grep -q 'path=/devices?[^ ]*q=pump' || fail "q= not sent"
assert_eq "$n" "$(truth kpn "/devices?limit=1000&q=pump" | wc -l)" "q=pump count"
[ "$n" -gt 0 ] && [ "$n" -lt 400 ] || fail "q=pump matched $n of 400"
mark=$(wc -l <"$SIM_LOG")
tt --profile kpn --dump devices --filter createdSince=-7d >/dev/null || fail "createdSince=-7d"
line=$(since_mark "$mark" | grep 'path=/devices?' | head -1)
want=$(date -u -d '-7 days' +%Y-%m-%dT%H)
assert_contains "$line" "createdSince=$want" "-7d becomes an ISO time 7 days ago"
mark=$(wc -l <"$SIM_LOG")
tt --profile kpn --dump devices --filter createdSince=2025-09-01 >/dev/null || fail "createdSince=2025-09-01"
since_mark "$mark" | grep -q 'createdSince=2025-09-01T00%3A00%3A00Z\|createdSince=2025-09-01T00:00:00Z' ||
	fail "absolute date not sent as ISO-8601: $(since_mark "$mark" | head -2)"
# deviceId is a filter of /lora/downlinks only: KPN documents none on /downlinks
dev=$(tt --profile kpn --dump lora-downlinks --limit 1 | head -1 | jq -r .deviceId)
[ -n "$dev" ] && [ "$dev" != null ] || fail "no LoRa downlink to take a device from"
mark=$(wc -l <"$SIM_LOG")
n=$(tt --profile kpn --dump lora-downlinks --filter "deviceId=$dev" | jq -r .deviceId | sort -u)
assert_eq "$n" "$dev" "deviceId filter on lora-downlinks"
since_mark "$mark" | grep -q "path=/lora/downlinks?[^ ]*deviceId=$dev" || fail "deviceId not sent to /lora/downlinks"
out=$(tt --profile kpn --dump downlinks --filter "deviceId=$dev" 2>&1)
assert_eq "$?" 1 "deviceId is no filter of downlinks"
assert_contains "$out" "deviceId" "the refused filter is named"
# deviceSpecificationId: the devices of one specification only
spec=$(tt --profile kpn --dump devices --limit 1 | head -1 | jq -r .deviceSpecificationId)
n=$(tt --profile kpn --dump devices --filter "deviceSpecificationId=$spec" | jq -r .deviceSpecificationId | sort -u)
assert_eq "$n" "$spec" "deviceSpecificationId filter"
mark=$(wc -l <"$SIM_LOG")
out=$(tt --profile kpn --dump devices --filter colour=red 2>&1)
assert_eq "$?" 1 "unknown filter key"
assert_contains "$out" "colour" "unknown filter key is named"
out=$(tt --profile kpn --dump devices --filter createdSince=yesterday 2>&1)
assert_eq "$?" 1 "bad time"
assert_eq "$(since_mark "$mark" | grep -c 'path=/devices')" 0 "nothing is sent for a bad filter"

# --limit is the page size
mark=$(wc -l <"$SIM_LOG")
n=$(tt --profile kpn --dump devices --limit 77 | wc -l)
assert_eq "$n" 400 "--limit 77 still walks everything"
assert_eq "$(since_mark "$mark" | grep -c 'path=/devices?limit=77')" 6 "400 devices in pages of 77"

# csv: header + one record per item, quoted where needed (names hold commas, quotes, UTF-8)
tt --profile kpn --dump devices --format csv >"$TT_TMP/out.csv" || fail "csv"
python3 - "$TT_TMP/out.csv" <<'PY' || fail "csv does not parse as RFC 4180 with one record per device"
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline="", encoding="utf-8")))
head, body = rows[0], rows[1:]
assert head[0] == "ID" or "ID" in head, head
assert len(body) == 400, len(body)
assert all(len(r) == len(head) for r in body)
PY
# table: aligned columns, header first
tt --profile kpn --dump devices --format table >"$TT_TMP/out.txt" || fail "table"
assert_eq "$(wc -l <"$TT_TMP/out.txt")" 401 "table: header + rows"
head -1 "$TT_TMP/out.txt" | grep -q NAME || fail "table header"

# errors a person can act on, exit 1, nothing on stdout
sed "s/client_secret = \"[^\"]*\"/client_secret = \"wrong\"/" "$cfg" >"$TT_TMP/wrong" && chmod 600 "$TT_TMP/wrong"
out=$("$THINGTOP" --config "$TT_TMP/wrong" --profile kpn --dump devices 2>"$TT_TMP/err")
assert_eq "$?" 1 "wrong secret"
assert_eq "$out" "" "nothing on stdout when the token is refused"
assert_contains "$(cat "$TT_TMP/err")" "Feature user does not exist anymore." "GRIP's message"
grep -qi "^  hint: .*\(key id\|client_id\).*secret" "$TT_TMP/err" || fail "no hint about the key id and secret: $(cat "$TT_TMP/err")"
grep -qF "wrong" "$TT_TMP/err" && fail "the secret is echoed in the error"
sed "0,/client_id = \"[^\"]*\"/s//client_id = \"no-service\"/" "$cfg" >"$TT_TMP/nosvc" && chmod 600 "$TT_TMP/nosvc"
out=$("$THINGTOP" --config "$TT_TMP/nosvc" --profile kpn --dump devices 2>&1)
assert_eq "$?" 1 "key without the service"
assert_contains "$out" "Feature service does not exist anymore." "GRIP's service message"
echo "$out" | grep -q '^  hint: .*KPN Things Portal service' || fail "no hint to add the Portal service to the key: $out"
out=$(tt --profile kpn --context "not-a-uuid" --dump devices 2>&1)
assert_eq "$?" 1 "bad context"
out=$(tt --profile kpn --context $'79658ca8-f1ba-4c25-b824-93813e9fba76\r\nX-Evil: 1' --dump devices 2>&1)
assert_eq "$?" 1 "context with CR/LF"
grep -q 'X-Evil' "$SIM_LOG" && fail "a header was injected"
out=$(tt --profile kpn --dump nosuch 2>&1)
assert_eq "$?" 1 "unknown resource"
assert_contains "$out" "devices" "unknown resource lists the resources"
echo "ok"
