#!/usr/bin/env bash
# sim-api.sh — thingtop-sim speaks the three APIs as documented: walks every
# resource to the end with curl and checks counts against --devices, cursor
# stability, determinism, KPN validation and context rules, akenza Spring
# pages and keys, partner JWT rules and rate limit, 50 concurrent connections.
# Strictness: an undocumented query parameter is a 400 naming it on each API
# (and passes with --lenient); a bad write body is a 400 naming the field.
# KPN devices: q matches name/description, not the barcode; the
# deviceSpecificationId filter; network adapters as a sub-resource; downlink
# detail and final states. akenza: by-device-id, SIM cards are no devices.
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
ms_posted=$(($(date +%s%N) / 1000000))
st=$(curl -s -o "$TT_TMP/dl" -w '%{http_code}' -H "Authorization: Bearer $tok" -H 'Content-Type: application/json' \
	-d "{\"deviceId\":\"$dev\",\"message\":\"0a0b\"}" "$SIM_URL/downlinks")
assert_eq "$st" 201 "downlink created"
dl1=$(jq -r .id "$TT_TMP/dl")
assert_eq "$(jq -r .status "$TT_TMP/dl")" QUEUED "a new downlink is QUEUED"
# QUEUED lasts 3 s: on a loaded machine the GET may come later than that
got=$(kpn "$SIM_URL/downlinks/$dl1" | jq -r '.id + " " + .status + " " + .deviceId')
want=QUEUED
[ $(($(date +%s%N) / 1000000 - ms_posted)) -ge 3000 ] && case $got in *" SENT "*) want=SENT ;; esac
assert_eq "$got" "$dl1 $want $dev" "GET /downlinks/{id}"
assert_eq "$(walk_kpn "/downlinks?limit=1000")" $((before + 1)) "the new downlink is listed"
t_posted=$SECONDS
for i in 2 3 4 5; do # the fifth one posted fails (SIM_DOWNLINK_FAIL_EVERY)
	dl5=$(kpn -H 'Content-Type: application/json' -d "{\"deviceId\":\"$dev\",\"message\":\"0$i\"}" "$SIM_URL/downlinks" | jq -r .id)
done
gen=$(kpn "$SIM_URL/downlinks?limit=1" | jq -r '.items[0].id')
assert_eq "$(kpn "$SIM_URL/downlinks/$gen" | jq -r .id)" "$gen" "GET /downlinks/{id} of a generated downlink"
assert_eq "$(code "$SIM_URL/downlinks/00000000-0000-4000-8000-000000000000")" 404 "unknown downlink"
own=$(kpn "$SIM_URL/devices/$dev" | jq -r .clientId)
other=$KPN_RESELLER_ID
[ "$own" != "$other" ] || other=$c1
assert_eq "$(code -H "KPN-Things-Security-Context: client:uuid:$other" "$SIM_URL/downlinks/$dl1")" 404 "a downlink of another customer is not found"
assert_eq "$(code -H "KPN-Things-Security-Context: client:uuid:$own" "$SIM_URL/downlinks/$dl1")" 200 "a downlink in its device's context"

# strict query parameters: what KPN does not document is a 400 naming it
for u in "/downlinks?deviceId=$dev" "/downlinks?clientId=$c1" "/devices?color=red" "/devices/$dev?expand=all" "/devices/$dev/network-adapters?limit=5"; do
	name=${u#*\?}
	name=${name%%=*}
	assert_eq "$(code "$SIM_URL$u")" 400 "KPN $u"
	r=$(kpn -D "$TT_TMP/h" "$SIM_URL$u")
	assert_contains "$(jq -r .detail <<<"$r")" "Unknown query parameter '$name'" "KPN $u names the parameter"
	grep -qi '^content-type: application/problem+json' "$TT_TMP/h" || fail "KPN $u: not problem+json"
done
assert_eq "$(jq -r .detail <<<"$(kpn "$SIM_URL/downlinks?deviceId=$dev")")" "Unknown query parameter 'deviceId' for /downlinks" "the detail, exactly"
assert_eq "$(code "$SIM_URL/lora/downlinks?deviceId=$dev")" 200 "deviceId is documented on /lora/downlinks"
assert_eq "$(code "$SIM_URL/device-groups?projectId=0c86079d-9bf4-41be-9f38-d6c877a27d8c&clientId=$c1")" 200 "device-groups: projectId, clientId"
assert_eq "$(code "$SIM_URL/devices?clientId=not-a-uuid")" 400 "clientId must be a UUID"

# devices as documented: q is name or description (case-insensitive), never the barcode
bc=$(kpn "$SIM_URL/devices?limit=50" | jq -r '[.items[].barcode | select(. != null)][0]')
[ -n "$bc" ] && [ "$bc" != null ] || fail "no barcode in the first page"
assert_eq "$(kpn "$SIM_URL/devices?limit=1000&q=$bc" | jq '.items|length')" 0 "q does not match the barcode $bc"
assert_eq "$(kpn "$SIM_URL/devices?limit=1000&barcode=$bc" | jq -r '.items[0].barcode')" "$bc" "barcode= does"
kpn "$SIM_URL/devices?limit=1000&q=INDOOR" | jq -r '.items[] | .name + " " + .description' | grep -qvi indoor &&
	fail "q=INDOOR matched an item without it in name or description"
# deviceSpecificationId (uuid[]): only devices of those specifications
spec=$(kpn "$SIM_URL/devices/$dev" | jq -r .deviceSpecificationId)
n=$(walk_kpn "/devices?limit=1000&deviceSpecificationId=$spec")
[ "$n" -gt 0 ] && [ "$n" -lt $N ] || fail "deviceSpecificationId=$spec matched $n of $N"
assert_eq "$(kpn "$SIM_URL/devices?limit=1000&deviceSpecificationId=$spec" | jq -r '.items[].deviceSpecificationId' | sort -u)" "$spec" "one specification"
assert_eq "$(code "$SIM_URL/devices?deviceSpecificationId=nope")" 400 "deviceSpecificationId must be UUIDs"
# no network adapters, DevEUI or IMEI on list items or the detail; they are a sub-resource
assert_eq "$(kpn "$SIM_URL/devices?limit=1000" | jq '[.items[] | select(has("networkAdapters") or has("devEUI") or has("imei"))] | length')" 0 "list items carry no adapters"
assert_eq "$(kpn "$SIM_URL/devices/$dev" | jq 'has("networkAdapters")')" false "the detail carries no adapters"
kpn "$SIM_URL/devices?limit=40" | jq -r '.items[].id' | while read -r d; do kpn "$SIM_URL/devices/$d/network-adapters"; echo; done >"$TT_TMP/adapters"
assert_eq "$(jq -s '[.[] | .items | length >= 1] | all' "$TT_TMP/adapters")" true "every device has an adapter"
assert_eq "$(jq -r '.items[] | select(.type == "lora") | .devEUI' "$TT_TMP/adapters" | grep -cvE '^[0-9A-F]{16}$')" 0 "LoRa adapters carry a 16-hex DevEUI"
assert_eq "$(jq -r '.items[] | select(.type == "cellular") | .imei' "$TT_TMP/adapters" | grep -cvE '^[0-9]{15}$')" 0 "cellular adapters carry a 15-digit IMEI"
assert_eq "$(jq -r '.items[].type' "$TT_TMP/adapters" | sort -u | tr '\n' ' ')" "cellular lora " "LoRa and cellular adapters both occur"
assert_eq "$(jq -r '.items[].id' "$TT_TMP/adapters" | sort -u | wc -l)" "$(jq -r '.items[].id' "$TT_TMP/adapters" | wc -l)" "adapter ids are unique"
assert_eq "$(code "$SIM_URL/devices/00000000-0000-4000-8000-000000000000/network-adapters")" 404 "adapters of an unknown device"
assert_eq "$(code -H "KPN-Things-Security-Context: client:uuid:$other" "$SIM_URL/devices/$dev/network-adapters")" 404 "adapters follow the context rules"
assert_eq "$(code -H "KPN-Things-Security-Context: client:uuid:$own" "$SIM_URL/devices/$dev/network-adapters")" 200 "adapters in the device's own context"
# downlinks q [D]: tagValue exactly, networkId or message partially, case-sensitive
tv=$(kpn "$SIM_URL/downlinks?limit=1" | jq -r '.items[0].tagValue')
assert_eq "$(kpn "$SIM_URL/downlinks?limit=1000&q=$tv" | jq -r --arg t "$tv" '[.items[].tagValue == $t] | all')" true "q=tagValue matches it exactly"
assert_eq "$(kpn "$SIM_URL/downlinks?limit=1000&q=${tv%?}" | jq '.items|length')" 0 "no partial tagValue match"
assert_eq "$(kpn "$SIM_URL/downlinks?limit=1000&q=urn:dev:DEVEUI:" | jq '.items|length')" 0 "no prefix tagValue match"
n=$(kpn "$SIM_URL/downlinks?limit=1000&q=lte" | jq '[.items[] | select(.networkId | contains("lte"))] | length')
[ "$n" -gt 0 ] || fail "q=lte found no networkId"
assert_eq "$(kpn "$SIM_URL/downlinks?limit=1000&q=LTE-M" | jq '.items|length')" 0 "q is case-sensitive on downlinks"
# write bodies: a missing or wrongly typed field is a 400 naming it
post_dl() { kpn -H 'Content-Type: application/json' -d "$1" "$SIM_URL/downlinks" | jq -r '"\(.status) \(.detail)"'; }
assert_contains "$(post_dl '{"message":"01"}')" "400 field 'deviceId' is required" "KPN body without deviceId"
assert_contains "$(post_dl '{"deviceId":42,"message":"01"}')" "400 field 'deviceId' must be" "KPN deviceId not a string"
assert_contains "$(post_dl "{\"deviceId\":\"$dev\"}")" "400 field 'message' is required" "KPN body without message"
assert_contains "$(post_dl "{\"deviceId\":\"$dev\",\"message\":1}")" "400 field 'message' must be a string" "KPN message not a string"
assert_contains "$(post_dl '[1]')" "400 " "KPN body not an object"

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
# strict query parameters, in akenza's Spring error body
O=$AKENZA_ORGANIZATION_ID
for u in "/v3/assets?organizationId=$O&deviceId=x" "/v3/workspaces?organizationId=$O&q=x" "/v3/tags?workspaceId=$w2&limit=5" \
	"/v3/device-types?organizationId=$O&details=true" "/v3/organizations?size=1&minimal=true&expand=1" "/v3/devices/$aid?full=1"; do
	name=${u#*\?}
	name=${name##*&}
	name=${name%%=*}
	r=$(ak "$SIM_URL$u")
	assert_eq "$(jq -r '.status' <<<"$r")" 400 "akenza $u"
	assert_contains "$(jq -r .message <<<"$r")" "Unknown query parameter '$name'" "akenza $u names the parameter"
	assert_eq "$(jq -r 'keys_unsorted|join(",")' <<<"$r")" "timestamp,path,status,error,message,requestId" "akenza $u: Spring error body"
done
for u in "/v3/organizations?size=1&minimal=true" "/v3/workspaces?organizationId=$O&name=x&search=y&sort=name,desc" \
	"/v3/tags?workspaceId=$w2&search=o&sort=id,asc" "/v3/device-types?organizationId=$O&search=e&size=2" \
	"/v3/assets?workspaceId=$w2&type=DEVICE&search=a&tags.ids=x&sort=name,asc&page=0&size=5"; do
	assert_eq "$(curl -s -o /dev/null -w '%{http_code}' -H "x-api-key: $AKENZA_API_KEY" "$SIM_URL$u")" 200 "akenza documents $u"
done
# by-device-id: the DevEUI finds the device (the same object as by id) or 404
eui=$(ak "$SIM_URL/v3/devices/$aid" | jq -r .deviceId)
assert_eq "$(ak "$SIM_URL/v3/devices/by-device-id?deviceId=$eui")" "$(ak "$SIM_URL/v3/devices/$aid")" "by-device-id answers the device"
r=$(ak "$SIM_URL/v3/devices/by-device-id?deviceId=0000000000000000")
assert_eq "$(jq -r '"\(.status) \(.error)"' <<<"$r")" "404 Not Found" "by-device-id of an unknown DevEUI"
assert_eq "$(ak "$SIM_URL/v3/devices/by-device-id" | jq -r .status)" 400 "by-device-id without deviceId"
# SIM cards: assets without deviceId or data flow, and not devices
sims=$(ak "$SIM_URL/v3/assets?organizationId=$O&type=SIM_CARD&size=1000")
nsim=$(jq .totalElements <<<"$sims")
[ "$nsim" -gt 0 ] && [ "$nsim" -lt $((N / 10)) ] || fail "$nsim SIM cards among $N assets"
assert_eq "$(ak "$SIM_URL/v3/assets?organizationId=$O&type=DEVICE&size=1" | jq .totalElements)" $((N - nsim)) "devices + SIM cards = assets"
assert_eq "$(jq '[.content[] | select(.type != "SIM_CARD" or has("deviceId") or has("dataFlow"))] | length' <<<"$sims")" 0 "SIM cards carry no deviceId, no dataFlow"
sid=$(jq -r '.content[0].id' <<<"$sims")
r=$(ak "$SIM_URL/v3/devices/$sid")
assert_eq "$(jq -r '"\(.status) \(.message)"' <<<"$r")" "404 Device not found" "a SIM card is not a device"
# write bodies: a missing or wrongly typed field is a 400 naming it
akpost() { ak -H 'Content-Type: application/json' -d "$2" "$SIM_URL/v3/devices/$aid/$1" | jq -r '"\(.status) \(.message)"'; }
assert_contains "$(akpost downlink '{"loraDownlink":{"port":1,"payloadHex":"01"}}')" "400 field 'raw' is required" "downlink without raw"
assert_contains "$(akpost downlink '{"raw":"yes","loraDownlink":{"port":1,"payloadHex":"01"}}')" "400 field 'raw' must be a boolean" "raw not a boolean"
assert_contains "$(akpost downlink '{"raw":true}')" "400 field 'loraDownlink' is required" "downlink without loraDownlink"
assert_contains "$(akpost downlink '{"raw":true,"loraDownlink":{"port":0,"payloadHex":"01"}}')" "400 field 'loraDownlink.port'" "port 0"
assert_contains "$(akpost downlink '{"raw":true,"loraDownlink":{"payloadHex":"01"}}')" "400 field 'loraDownlink.port' is required" "no port"
assert_contains "$(akpost downlink '{"raw":true,"loraDownlink":{"port":1,"payloadHex":"zz"}}')" "400 field 'loraDownlink.payloadHex'" "payloadHex not hex"
assert_contains "$(akpost downlink '{"raw":true,"loraDownlink":{"port":1}}')" "400 field 'loraDownlink.payloadHex' is required" "raw without payloadHex"
assert_contains "$(akpost downlink '{"raw":true,"loraDownlink":{"port":1,"payloadHex":"01","confirmed":"no"}}')" "400 field 'loraDownlink.confirmed'" "confirmed not a boolean"
assert_eq "$(curl -s -o /dev/null -w '%{http_code}' -H "x-api-key: $AKENZA_API_KEY" -H 'Content-Type: application/json' \
	-d '{"raw":true,"loraDownlink":{"port":1,"payloadHex":"01","confirmed":false}}' "$SIM_URL/v3/devices/$aid/downlink")" 204 "a valid downlink"
assert_contains "$(akpost backfill '{"topic":"bf"}')" "400 field 'data' is required" "backfill without data"
assert_contains "$(akpost backfill '{"data":{"t":1},"timestamp":"yesterday"}')" "400 field 'timestamp'" "backfill with a bad timestamp"
assert_contains "$(akpost backfill/bulk '[{"data":{"t":1}},{"data":[]}]')" "400 field '[1].data' must be an object" "bulk backfill names the sample"
assert_eq "$(ak -H 'Content-Type: application/json' -d '{"topic":"bulk-x","limit":5}' "$SIM_URL/v3/devices/$aid/query" | jq length)" 0 "a refused bulk stores nothing"

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
# write body: each field checked and named; strict query parameters
sleep 1.1
for b in '{"kvkNumber":"12345678","email":"a@b.nl"}=companyName' '{"companyName":"","kvkNumber":"12345678","email":"a@b.nl"}=companyName' \
	'{"companyName":"X","kvkNumber":"1234567","email":"a@b.nl"}=kvkNumber' '{"companyName":"X","kvkNumber":12345678,"email":"a@b.nl"}=kvkNumber' \
	'{"companyName":"X","kvkNumber":"12345678","email":"nobody"}=email'; do
	sleep 0.4
	r=$(curl -s -H "Authorization: Bearer $(jwt)" -H 'Content-Type: application/json' -d "${b%=*}" "$SIM_URL/v1/invitations")
	assert_contains "$(jq -r '"\(.status) \(.detail)"' <<<"$r")" "400 field '${b##*=}'" "partner body ${b%=*}"
done
sleep 1.1
r=$(curl -s -H "Authorization: Bearer $j1" "$SIM_URL/v1/invitations?status=PENDING")
assert_eq "$(jq -r '"\(.status) \(.detail)"' <<<"$r")" "400 Unknown query parameter 'status' for /v1/invitations" "partner: undocumented parameter"
assert_eq "$(curl -s -H "Authorization: Bearer $j1" "$SIM_URL/v1/invitations?page=0&size=3&sort=createdAt,desc" | jq '.content|length')" 3 "partner: page, size, sort"
sleep 1.1
# 20 requests from one curl on one keep-alive connection: well over 6 in a
# second even on a loaded machine (10 curl processes in a row were not)
burst=()
for i in $(seq 20); do burst+=(-o /dev/null "$SIM_URL/v1/invitations"); done
codes=$(curl -s -w '%{http_code}\n' -H "Authorization: Bearer $j1" "${burst[@]}" | sort | uniq -c)
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

# a client can follow a downlink to its final state: DELIVERED, the fifth posted FAILED
# named state: both downlinks in their final state (8 s after posting), polled
final_states() {
	[ "$(kpn "$SIM_URL/downlinks/$dl1" | jq -r .status)" = DELIVERED ] &&
		[ "$(kpn "$SIM_URL/downlinks/$dl5" | jq -r .status)" = FAILED ]
}
WAIT_SECONDS=30 wait_for final_states || fail "the downlinks did not reach their final states ($((SECONDS - t_posted)) s)"
assert_eq "$(kpn "$SIM_URL/downlinks/$dl1" | jq -r .status)" DELIVERED "the first downlink is delivered"
assert_eq "$(kpn "$SIM_URL/downlinks/$dl5" | jq -r .status)" FAILED "the fifth downlink failed"
r=$(kpn "$SIM_URL/downlinks/$dl1")
assert_eq "$(( $(date -d "$(jq -r .modifiedAt <<<"$r")" +%s) - $(date -d "$(jq -r .createdAt <<<"$r")" +%s) ))" 8 "modifiedAt moves to the final state"

# --lenient: the same undocumented parameters are ignored, not refused
"$THINGTOP_SIM" --port 0 --lenient --seed 5 --devices $N --customers 4 --workspaces 3 >"$TT_TMP/lenient.out" 2>&1 &
lpid=$!
tt_cleanup "kill $lpid"
wait_for grep -q '^listening on ' "$TT_TMP/lenient.out" || fail "thingtop-sim --lenient did not start"
L=$(sed -n '1s/^listening on //p' "$TT_TMP/lenient.out")
ltok=$(curl -s -H 'Content-Type: application/json' -d "{\"grant_type\":\"client_credentials\",\"audience\":\"$aud\",\"client_id\":\"$KPN_CLIENT_ID\",\"client_secret\":\"$KPN_CLIENT_SECRET\"}" "$L/api/v3/idp/oidc/token" | jq -r .access_token)
assert_eq "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $ltok" "$L/downlinks?deviceId=$dev&limit=5")" 200 "--lenient: KPN"
assert_eq "$(curl -s -H "Authorization: Bearer $ltok" "$L/downlinks?deviceId=$dev&limit=5" | jq '.items|length')" 5 "--lenient ignores the parameter (no filter)"
assert_eq "$(curl -s -o /dev/null -w '%{http_code}' -H "x-api-key: $AKENZA_API_KEY" "$L/v3/assets?organizationId=$O&deviceId=x")" 200 "--lenient: akenza"
lj=$(curl -s -H 'Content-Type: application/json' -d "{\"apiKey\":\"$PARTNER_API_KEY\",\"authParameter\":\"$PARTNER_AUTH_PARAM\"}" "$L/auth" | jq -r .token)
assert_eq "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $lj" "$L/v1/invitations?status=PENDING")" 200 "--lenient: partner"

# the request log has one line per request with the documented fields
line=$(grep 'path=/devices?limit=1000' "$SIM_LOG" | head -1)
for f in ts= method=GET status=200 bytes= ms= conn= ctx= auth=bearer:; do assert_contains "$line" "$f" "log field $f"; done
exit 0
