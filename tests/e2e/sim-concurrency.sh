#!/usr/bin/env bash
# sim-concurrency.sh — thingtop-sim serves 50 clients at once: 50 parallel curl
# cursor walks (started together, a connection per page) all complete
# with every device exactly once and in the same order, and the log shows 50
# distinct connections served while others were open.
source "$top_srcdir/tests/e2e/lib.sh"
command -v curl >/dev/null || fail "curl is required"
command -v jq >/dev/null || fail "jq is required"
N=1000
sim_start --devices $N
eval "$("$THINGTOP_SIM" --print-credentials --devices $N)"
tok=$(curl -s -H 'Content-Type: application/json' -d "{\"grant_type\":\"client_credentials\",\"audience\":\"4dc82561-f65f-523g-dek9-6c79ec314f02\",\"client_id\":\"$KPN_CLIENT_ID\",\"client_secret\":\"$KPN_CLIENT_SECRET\"}" \
	"$SIM_URL/api/v3/idp/oidc/token" | jq -r .access_token)
[ -n "$tok" ] && [ "$tok" != null ] || fail "no GRIP token"

# walk OUT: follow next links; every page is fetched by its own curl
walk() {
	local url="$SIM_URL/devices?limit=250" page
	while [ -n "$url" ]; do
		page=$(curl -sf --max-time 20 -H "Authorization: Bearer $tok" "$url") || { echo "curl failed on $url" >&2; return 1; }
		printf '%s' "$page" | jq -r '(.items[].id), "NEXT \(.next // "")"' >"$1.page" || return 1
		grep -v '^NEXT ' "$1.page" >>"$1"
		url=$(sed -n 's/^NEXT //p' "$1.page")
	done
}
pids=()
for i in $(seq 1 50); do
	: >"$TT_TMP/walk.$i"
	walk "$TT_TMP/walk.$i" 2>"$TT_TMP/err.$i" &
	pids+=($!)
done
for i in "${!pids[@]}"; do
	timeout 60 tail --pid="${pids[$i]}" -f /dev/null
	wait "${pids[$i]}" || fail "walk $((i + 1)) failed: $(cat "$TT_TMP/err.$((i + 1))")"
done
for i in $(seq 1 50); do
	assert_eq "$(wc -l <"$TT_TMP/walk.$i")" $N "walk $i: devices"
	assert_eq "$(sort -u "$TT_TMP/walk.$i" | wc -l)" $N "walk $i: each device once"
	cmp -s "$TT_TMP/walk.1" "$TT_TMP/walk.$i" || fail "walks 1 and $i saw different orders"
done
assert_eq "$(grep -c 'path=/devices?limit=250 ' "$SIM_LOG")" 50 "50 first pages served"
grep 'path=/devices?' "$SIM_LOG" | grep -v ' status=200 ' && fail "a page was not 200"
conns=$(grep 'path=/devices?' "$SIM_LOG" | sed -n 's/.* conn=\([0-9]*\) .*/\1/p' | sort -u | wc -l)
[ "$conns" -ge 50 ] || fail "only $conns connections for 50 clients"
echo "ok: 50 concurrent walks, $conns connections"
