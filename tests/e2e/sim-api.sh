#!/usr/bin/env bash
# sim-api.sh — thingtop-sim speaks the three APIs as documented: walks every
# resource to the end with curl and checks counts against --devices, cursor
# stability, determinism, KPN validation and context rules, akenza Spring
# pages and keys, partner JWT rules and rate limit, 50 concurrent connections.
. "$top_srcdir/tests/e2e/lib.sh"
command -v curl >/dev/null || fail "curl is required"
command -v jq >/dev/null || fail "jq is required"
N=2345
sim_start --seed 5 --devices $N --customers 4 --workspaces 3
eval "$("$THINGTOP_SIM" --print-credentials --seed 5 --devices $N --customers 4 --workspaces 3 --port "$SIM_PORT" |
	sed 's/^\([A-Z_]*\)=\(.*\)$/\1="\2"/')"

[ "$("$THINGTOP_SIM" --print-config --seed 5 --port 1234 | md5sum)" = "$("$THINGTOP_SIM" --print-config --seed 5 --port 1234 | md5sum)" ] ||
	fail "--print-config differs for the same seed"

grip() { curl -s -H 'Content-Type: application/json' -d "$1" "$SIM_URL/api/v3/idp/oidc/token"; }
aud=4dc82561-f65f-523g-dek9-6c79ec314f02
tok=$(grip "{\"grant_type\":\"client_credentials\",\"audience\":\"$aud\",\"client_id\":\"$KPN_CLIENT_ID\",\"client_secret\":\"$KPN_CLIENT_SECRET\"}" | jq -r .access_token)
[ -n "$tok" ] && [ "$tok" != null ] || fail "no GRIP token"
assert_contains "$(grip "{\"grant_type\":\"client_credentials\",\"audience\":\"$aud\",\"client_id\":\"$KPN_CLIENT_ID\",\"client_secret\":\"wrong\"}")" \
	"Feature user does not exist anymore." "wrong secret"
assert_contains "$(grip "{\"grant_type\":\"client_credentials\",\"audience\":\"$aud\",\"client_id\":\"no-service\",\"client_secret\":\"x\"}")" \
	"Feature service does not exist anymore." "key without the service"

kpn() { curl -s -H "Authorization: Bearer $tok" "$@"; }
# walk: count items following next links; prints "count ids-sorted-unique"
walk_kpn() { # PATH [extra curl args]
	local url="$SIM_URL$1" n=0 page
	shift
	: >"$TT_TMP/ids"
	while [ -n "$url" ]; do
		page=$(kpn "$@" "$url") || fail "curl failed on $url"
		printf '%s' "$page" | jq -r '.items[].id' >>"$TT_TMP/ids"
		url=$(printf '%s' "$page" | jq -r '.next // empty')
	done
	wc -l <"$TT_TMP/ids"
}
assert_eq "$(walk_kpn "/devices?limit=1000")" $N "all devices in pages of 1000"
assert_eq "$(sort -u "$TT_TMP/ids" | wc -l)" $N "every device exactly once"
assert_eq "$(walk_kpn "/devices?limit=333&sort=name")" $N "sorted walk by name"
assert_eq "$(sort -u "$TT_TMP/ids" | wc -l)" $N "sorted walk: every device exactly once"
assert_eq "$(walk_kpn "/devices?limit=500&sort=-createdAt")" $N "descending walk"

# context: the customer's devices only, and the sum over all contexts is the fleet
total=0
for c in $KPN_RESELLER_ID ${KPN_CUSTOMER_IDS//,/ }; do
	n=$(walk_kpn "/devices?limit=1000" -H "KPN-Things-Security-Context: client:uuid:$c")
	kpn -H "KPN-Things-Security-Context: client:uuid:$c" "$SIM_URL/devices?limit=1000" | jq -r '.items[].clientId' | sort -u >"$TT_TMP/clients"
	[ "$n" -eq 0 ] || assert_eq "$(cat "$TT_TMP/clients")" "$c" "context $c shows only its own devices"
	total=$((total + n))
done
assert_eq "$total" $N "contexts partition the fleet"
code() { curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $tok" "$@"; }
assert_eq "$(code -H 'KPN-Things-Security-Context: client:uuid:nope' "$SIM_URL/devices")" 400 "bad context syntax"
assert_eq "$(code -H 'KPN-Things-Security-Context: client:uuid:00000000-0000-4000-8000-000000000000' "$SIM_URL/devices")" 403 "foreign customer"
c1=${KPN_CUSTOMER_IDS%%,*}
assert_eq "$(code -H "KPN-Things-Security-Context: client:uuid:$c1" -H "KPN-Things-Security-Context: client:uuid:$c1" "$SIM_URL/devices")" 400 "header twice"
assert_eq "$(code "$SIM_URL/devices?limit=0")" 400 "limit 0"
assert_eq "$(code "$SIM_URL/devices?limit=abc")" 400 "limit not a number"
assert_eq "$(code "$SIM_URL/devices?sort=color")" 400 "unknown sort key"
assert_eq "$(code "$SIM_URL/devices?createdSince=yesterday")" 400 "bad time"
assert_eq "$(curl -s -o /dev/null -w '%{http_code}' "$SIM_URL/devices")" 401 "no token"
assert_contains "$(kpn "$SIM_URL/devices?limit=0" | jq -r .detail)" "greater than zero" "problem+json detail"
# q and time filters
qn=$(walk_kpn "/devices?limit=1000&q=pump")
[ "$qn" -gt 0 ] && [ "$qn" -lt $N ] || fail "q=pump matched $qn of $N"
kpn "$SIM_URL/devices?limit=1000&q=PUMP" | jq -r '.items[].name' | grep -qvi pump && fail "q matched a non-pump"
since=$(kpn "$SIM_URL/devices?limit=1&sort=-createdAt" | jq -r '.items[0].createdAt')
assert_eq "$(walk_kpn "/devices?limit=1000&createdSince=$since")" 1 "createdSince is inclusive"
# downlink POST then it is listed
dev=$(kpn "$SIM_URL/devices?limit=1" | jq -r '.items[0].id')
before=$(walk_kpn "/downlinks?limit=1000")
st=$(curl -s -o "$TT_TMP/dl" -w '%{http_code}' -H "Authorization: Bearer $tok" -H 'Content-Type: application/json' \
	-d "{\"deviceId\":\"$dev\",\"message\":\"0a0b\"}" "$SIM_URL/downlinks")
assert_eq "$st" 201 "downlink created"
assert_eq "$(walk_kpn "/downlinks?limit=1000")" $((before + 1)) "the new downlink is listed"

# akenza
ak() { curl -s -H "x-api-key: $AKENZA_API_KEY" "$@"; }
pages=$(ak "$SIM_URL/v3/assets?organizationId=$AKENZA_ORGANIZATION_ID&size=500" | jq .totalPages)
assert_eq "$pages" $(((N + 499) / 500)) "totalPages"
count=0
for ((p = 0; p < pages; p++)); do
	count=$((count + $(ak "$SIM_URL/v3/assets?organizationId=$AKENZA_ORGANIZATION_ID&size=500&page=$p" | jq '.content | length')))
done
assert_eq "$count" $N "akenza page walk"
first=$(ak "$SIM_URL/v3/assets?organizationId=$AKENZA_ORGANIZATION_ID" | jq -c '{size,number,first,last,empty}')
assert_eq "$first" '{"size":25,"number":0,"first":true,"last":false,"empty":false}' "Spring envelope defaults"
assert_eq "$(curl -s -o /dev/null -w '%{http_code}' "$SIM_URL/v3/assets?organizationId=$AKENZA_ORGANIZATION_ID")" 401 "akenza without key"
w2=$(echo "$AKENZA_WORKSPACE_IDS" | cut -d, -f2)
r=$(curl -s -H "x-api-key: $AKENZA_RESTRICTED_API_KEY" "$SIM_URL/v3/assets?workspaceId=$w2")
assert_eq "$(echo "$r" | jq -r .status)" 403 "restricted key"
assert_contains "$(echo "$r" | jq -r 'keys|join(",")')" "requestId" "Spring error body"
sorted=$(ak "$SIM_URL/v3/assets?organizationId=$AKENZA_ORGANIZATION_ID&size=50&sort=name,asc" | jq -r '.content[].name')
assert_eq "$sorted" "$(printf '%s\n' "$sorted" | LC_ALL=C sort)" "sort=name,asc"
aid=$(ak "$SIM_URL/v3/assets?organizationId=$AKENZA_ORGANIZATION_ID&size=1" | jq -r '.content[0].id')
assert_eq "$(curl -s -o /dev/null -w '%{http_code}' -H "x-api-key: $AKENZA_API_KEY" -H 'Content-Type: application/json' \
	-d '{"topic":"bf","data":{"t":42}}' "$SIM_URL/v3/devices/$aid/backfill")" 200 "backfill"
assert_eq "$(ak -H 'Content-Type: application/json' -d '{"topic":"bf","limit":5}' "$SIM_URL/v3/devices/$aid/query" | jq -c '.[0].data')" '{"t":42}' "backfilled sample is queried"

# partner: JWT, single use for POST, rate limit
jwt() { curl -s -H 'Content-Type: application/json' -d "{\"apiKey\":\"$PARTNER_API_KEY\",\"authParameter\":\"$PARTNER_AUTH_PARAM\"}" "$SIM_URL/auth" | jq -r .token; }
j1=$(jwt)
[ "$(echo "$j1" | tr -cd . | wc -c)" -eq 2 ] || fail "the partner token is not a JWT: $j1"
inv() { curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $1" -H 'Content-Type: application/json' \
	-d '{"companyName":"Bakkerij Test","kvkNumber":"12345678","email":"a@b.nl"}' "$SIM_URL/v1/invitations"; }
sleep 1.1
assert_eq "$(inv "$j1")" 201 "first invitation with a fresh JWT"
sleep 0.2
assert_eq "$(inv "$j1")" 401 "a reused JWT is refused"
sleep 1.1
codes=$(for i in $(seq 10); do curl -s -o /dev/null -w '%{http_code}\n' -H "Authorization: Bearer $j1" "$SIM_URL/v1/invitations"; done | sort | uniq -c)
assert_contains "$codes" "429" "more than 6 calls/s are limited"
assert_contains "$codes" "200" "calls within the limit pass"

# 50 concurrent connections all served
sleep 1.1
pids=()
for i in $(seq 50); do
	kpn -o /dev/null -w '%{http_code}\n' "$SIM_URL/devices?limit=100&q=$i" >>"$TT_TMP/par" &
	pids+=($!)
done
wait "${pids[@]}" # not a bare wait: the simulator is a background job too
assert_eq "$(grep -c '^200$' "$TT_TMP/par")" 50 "50 concurrent requests"

# the request log has one line per request with the documented fields
line=$(grep 'path=/devices?limit=1000' "$SIM_LOG" | head -1)
for f in ts= method=GET status=200 bytes= ms= conn= ctx= auth=bearer:; do assert_contains "$line" "$f" "log field $f"; done
exit 0
