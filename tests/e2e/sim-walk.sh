#!/usr/bin/env bash
# sim-walk.sh — curl walks EVERY list resource of the three simulated APIs to
# its end and checks the counts against the generator's parameters (--devices,
# --customers, --workspaces): KPN devices, device groups, projects, downlinks
# and LoRa downlinks (following `next`, each id once, in every reseller
# context); akenza organizations, workspaces, assets (per organization, per
# workspace, POST /v3/assets/list), device types and tags (page=0.. until
# `last`, totalElements agreeing); partner invitations. Details by id for the
# first and last device of the fleet.
source "$top_srcdir/tests/e2e/lib.sh"
command -v curl >/dev/null || fail "curl is required"
command -v jq >/dev/null || fail "jq is required"
N=1234 C=3 W=3
ARGS=(--seed 11 --devices $N --customers $C --workspaces $W)
sim_start "${ARGS[@]}"
eval "$("$THINGTOP_SIM" --print-credentials "${ARGS[@]}")"

tok=$(curl -s -H 'Content-Type: application/json' -d "{\"grant_type\":\"client_credentials\",\"audience\":\"4dc82561-f65f-523g-dek9-6c79ec314f02\",\"client_id\":\"$KPN_CLIENT_ID\",\"client_secret\":\"$KPN_CLIENT_SECRET\"}" \
	"$SIM_URL/api/v3/idp/oidc/token" | jq -r .access_token)
[ -n "$tok" ] && [ "$tok" != null ] || fail "no GRIP token"

# walk_kpn PATH [curl args]: follow next to the end; ids into $TT_TMP/ids; prints the count
walk_kpn() {
	local url="$SIM_URL$1" page pages=0
	shift
	: >"$TT_TMP/ids"
	while [ -n "$url" ]; do
		page=$(curl -sf -H "Authorization: Bearer $tok" "$@" "$url") || fail "curl failed on $url"
		printf '%s' "$page" | jq -r '(.items[].id), "NEXT \(.next // "")"' >"$TT_TMP/page"
		grep -v '^NEXT ' "$TT_TMP/page" >>"$TT_TMP/ids"
		url=$(sed -n 's/^NEXT //p' "$TT_TMP/page")
		pages=$((pages + 1))
		[ $pages -lt 1000 ] || fail "more than 1000 pages on $1"
	done
	[ "$(sort -u "$TT_TMP/ids" | wc -l)" -eq "$(wc -l <"$TT_TMP/ids")" ] || fail "$1: an id came twice"
	wc -l <"$TT_TMP/ids"
}
GEN_DL=$((N < 3000 ? N : 3000))
declare -A want=(
	[/devices]=$N
	[/device-groups]=$((3 + N / 100))
	[/projects]=$((2 + 2 * C))
	[/downlinks]=$GEN_DL
	[/lora/downlinks]=$((GEN_DL / 2))
)
for res in /devices /device-groups /projects /downlinks /lora/downlinks; do
	for limit in 1000 250; do
		assert_eq "$(walk_kpn "$res?limit=$limit")" "${want[$res]}" "KPN $res walked with limit=$limit"
	done
	# the reseller contexts (its own and every customer's) partition the resource
	total=0
	for c in $KPN_RESELLER_ID ${KPN_CUSTOMER_IDS//,/ }; do
		n=$(walk_kpn "$res?limit=1000" -H "KPN-Things-Security-Context: client:uuid:$c")
		total=$((total + n))
	done
	assert_eq "$total" "${want[$res]}" "KPN $res: the contexts partition it"
done
# time filters (served from an index range, not a scan): each walk returns
# exactly the items of the full walk that match, in either direction
for res in /devices /downlinks /device-groups; do
	curl -s -H "Authorization: Bearer $tok" "$SIM_URL$res?limit=1000" >/dev/null
	full=$(u="$SIM_URL$res?limit=1000"; while [ -n "$u" ]; do p=$(curl -s -H "Authorization: Bearer $tok" "$u"); printf '%s' "$p" | jq -c '.items[]|[.id,.createdAt,.modifiedAt]'; u=$(printf '%s' "$p" | jq -r '.next // empty'); done)
	mid=$(printf '%s\n' "$full" | jq -r '.[1]' | sort | sed -n "$(( $(printf '%s\n' "$full" | wc -l) / 3 ))p")
	mmid=$(printf '%s\n' "$full" | jq -r '.[2]' | sort | sed -n "$(( $(printf '%s\n' "$full" | wc -l) * 2 / 3 ))p")
	for f in "createdSince=$mid 1 >=" "createdBefore=$mid 1 <" "modifiedSince=$mmid 2 >=" "modifiedBefore=$mmid 2 <"; do
		set -- $f
		want=$(printf '%s\n' "$full" | jq -r --arg t "${1#*=}" "select(.[$2] $3 \$t) | .[0]" | wc -l)
		[ "$want" -gt 0 ] || fail "$res: no item for $1"
		for sort in createdAt -createdAt; do
			assert_eq "$(walk_kpn "$res?limit=250&$1&sort=$sort")" "$want" "$res?$1&sort=$sort"
		done
	done
done
set --
# q (name or description, case-insensitive: KPN documents no barcode match),
# barcode (partial) and clientId on devices: exactly the items of the full
# walk that match, in natural and sorted order
full=$(u="$SIM_URL/devices?limit=1000"; while [ -n "$u" ]; do p=$(curl -s -H "Authorization: Bearer $tok" "$u"); printf '%s' "$p" | jq -c '.items[]'; u=$(printf '%s' "$p" | jq -r '.next // empty'); done)
for q in pump batch%2012 ZüRICH 0001; do
	dq=$(printf '%b' "${q//%/\\x}")
	want=$(printf '%s\n' "$full" | jq -r --arg q "$dq" 'select([.name,.description]|map(ascii_downcase)|any(contains($q|ascii_downcase)))|.id' | wc -l)
	[ "$want" -gt 0 ] || fail "q=$q: nothing to find"
	for sort in createdAt -name; do
		assert_eq "$(walk_kpn "/devices?limit=250&q=$q&sort=$sort")" "$want" "/devices?q=$q&sort=$sort"
	done
done
assert_eq "$(walk_kpn "/devices?limit=250&q=BC0000012")" 0 "q does not match barcodes"
want=$(printf '%s\n' "$full" | jq -r 'select((.barcode//"")|contains("BC0000012"))|.id' | wc -l)
[ "$want" -gt 0 ] || fail "barcode=BC0000012: nothing to find"
assert_eq "$(walk_kpn "/devices?limit=250&barcode=BC0000012&sort=-name")" "$want" "/devices?barcode=BC0000012"
# deviceSpecificationId (uuid[]): one, two comma-separated, two repeated
read -r s1 s2 < <(printf '%s\n' "$full" | jq -r .deviceSpecificationId | sort | uniq -c | sort -rn | awk 'NR<=2{printf "%s ", $2}')
[ -n "$s1" ] && [ -n "$s2" ] || fail "fewer than two device specifications in the fleet"
want=$(printf '%s\n' "$full" | jq -r --arg s "$s1" 'select(.deviceSpecificationId == $s)|.id' | wc -l)
assert_eq "$(walk_kpn "/devices?limit=250&deviceSpecificationId=$s1&sort=-name")" "$want" "/devices?deviceSpecificationId=$s1"
want=$(printf '%s\n' "$full" | jq -r --arg a "$s1" --arg b "$s2" 'select(.deviceSpecificationId == $a or .deviceSpecificationId == $b)|.id' | wc -l)
assert_eq "$(walk_kpn "/devices?limit=250&deviceSpecificationId=$s1,$s2")" "$want" "deviceSpecificationId=A,B"
assert_eq "$(walk_kpn "/devices?limit=250&deviceSpecificationId=$s1&deviceSpecificationId=$s2")" "$want" "deviceSpecificationId=A&deviceSpecificationId=B"
c1=${KPN_CUSTOMER_IDS%%,*}
want=$(printf '%s\n' "$full" | jq -r --arg c "$c1" 'select(.clientId == $c)|.id' | wc -l)
assert_eq "$(walk_kpn "/devices?limit=250&clientId=$c1&sort=-modifiedAt")" "$want" "/devices?clientId=$c1"

# default page size 50: the number of pages of a plain walk
assert_eq "$(curl -s -H "Authorization: Bearer $tok" "$SIM_URL/devices" | jq '.items|length')" 50 "default limit"
# detail of the first and the last device
walk_kpn "/devices?limit=1000" >/dev/null
for id in "$(head -1 "$TT_TMP/ids")" "$(tail -1 "$TT_TMP/ids")"; do
	assert_eq "$(curl -s -H "Authorization: Bearer $tok" "$SIM_URL/devices/$id" | jq -r .id)" "$id" "GET /devices/$id"
done

# akenza: Spring pages until last; checks totalElements and totalPages on the way
ak() { curl -sf -H "x-api-key: $AKENZA_API_KEY" "$@"; }
walk_spring() { # URL-with-query [curl args]; prints the count
	local url=$1 p=0 page n=0 total pages number last
	shift
	: >"$TT_TMP/ids"
	while :; do
		page=$(ak "$@" "$url&page=$p") || fail "curl failed on $url&page=$p"
		printf '%s' "$page" | jq -r '(.content[].id), "META \(.number) \(.totalElements) \(.totalPages) \(.last)"' >"$TT_TMP/page"
		grep -v '^META ' "$TT_TMP/page" >>"$TT_TMP/ids"
		read -r number total pages last < <(sed -n 's/^META //p' "$TT_TMP/page")
		[ "$number" -eq $p ] || fail "$url: number is not $p"
		[ "$last" = true ] && break
		p=$((p + 1))
		[ $p -lt 1000 ] || fail "more than 1000 pages on $url"
	done
	n=$(wc -l <"$TT_TMP/ids")
	[ "$n" -eq "$total" ] || fail "$url: walked $n, totalElements $total"
	[ $((p + 1)) -eq "$pages" ] || [ "$n" -eq 0 ] || fail "$url: $((p + 1)) pages, totalPages $pages"
	[ "$(sort -u "$TT_TMP/ids" | wc -l)" -eq "$n" ] || fail "$url: an id came twice"
	echo "$n"
}
assert_eq "$(walk_spring "$SIM_URL/v3/organizations?size=25")" 1 "akenza organizations"
assert_eq "$(walk_spring "$SIM_URL/v3/workspaces?organizationId=$AKENZA_ORGANIZATION_ID&size=2")" $W "akenza workspaces"
assert_eq "$(walk_spring "$SIM_URL/v3/device-types?size=4")" 6 "akenza device types"
for size in 1000 333; do
	assert_eq "$(walk_spring "$SIM_URL/v3/assets?organizationId=$AKENZA_ORGANIZATION_ID&size=$size")" $N "akenza assets, size=$size"
done
assert_eq "$(walk_spring "$SIM_URL/v3/assets?organizationId=$AKENZA_ORGANIZATION_ID&size=400&sort=name,desc")" $N "akenza assets sorted"
assert_eq "$(walk_spring "$SIM_URL/v3/assets/list?size=500" -H 'Content-Type: application/json' \
	-d "{\"organizationId\":\"$AKENZA_ORGANIZATION_ID\"}")" $N "POST /v3/assets/list by organization"
total=0 tags=0
for w in ${AKENZA_WORKSPACE_IDS//,/ }; do
	total=$((total + $(walk_spring "$SIM_URL/v3/assets?workspaceId=$w&size=300")))
	tags=$((tags + $(walk_spring "$SIM_URL/v3/tags?workspaceId=$w&size=3")))
done
assert_eq "$total" $N "akenza assets: the workspaces partition the fleet"
assert_eq "$tags" $((4 * W)) "akenza tags: 4 per workspace"
assert_eq "$(walk_spring "$SIM_URL/v3/assets/list?size=500" -H 'Content-Type: application/json' \
	-d "{\"workspaceIds\":[\"${AKENZA_WORKSPACE_IDS//,/\",\"}\"]}")" $N "POST /v3/assets/list by workspaces"
walk_spring "$SIM_URL/v3/assets?organizationId=$AKENZA_ORGANIZATION_ID&size=1000" >/dev/null
for id in "$(head -1 "$TT_TMP/ids")" "$(tail -1 "$TT_TMP/ids")"; do
	assert_eq "$(ak "$SIM_URL/v3/devices/$id" | jq -r .id)" "$id" "GET /v3/devices/$id"
done

# partner invitations (6 calls/s: walk slowly enough)
jwt=$(curl -s -H 'Content-Type: application/json' -d "{\"apiKey\":\"$PARTNER_API_KEY\",\"authParameter\":\"$PARTNER_AUTH_PARAM\"}" "$SIM_URL/auth" | jq -r .token)
: >"$TT_TMP/ids"
p=0
while :; do
	sleep 0.2
	page=$(curl -sf -H "Authorization: Bearer $jwt" "$SIM_URL/v1/invitations?size=50&page=$p") || fail "invitations page $p"
	printf '%s' "$page" | jq -r '.content[].code' >>"$TT_TMP/ids"
	[ "$(printf '%s' "$page" | jq .last)" = true ] && break
	p=$((p + 1))
done
assert_eq "$(sort -u "$TT_TMP/ids" | wc -l)" 150 "partner invitations"
grep -q ' status=429 ' "$SIM_LOG" && fail "the walks were rate limited: $(grep -c ' status=429 ' "$SIM_LOG")"
echo "ok: every resource walked"
