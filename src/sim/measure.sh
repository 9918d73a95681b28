#!/usr/bin/env bash
# src/sim/measure.sh — the figures in doc/simulator.md: medians of 20 requests
# (curl time_total and the server log ms=) for 1,000-item pages at --devices
# 1000000. Usage: src/sim/measure.sh ./thingtop-sim (needs curl, jq, bc).
set -u
SIM=$1; T=$(mktemp -d); LOG=$T/sim.log
$SIM --port 0 --devices 1000000 --log $LOG >$T/out &
PID=$!; trap 'kill $PID' EXIT
until grep -q listening $T/out 2>/dev/null; do sleep 0.1; done
URL=$(sed 's/listening on //' $T/out)
eval "$($SIM --print-credentials --devices 1000000)"
tok=$(curl -s -H 'Content-Type: application/json' -d "{\"grant_type\":\"client_credentials\",\"audience\":\"4dc82561-f65f-523g-dek9-6c79ec314f02\",\"client_id\":\"$KPN_CLIENT_ID\",\"client_secret\":\"$KPN_CLIENT_SECRET\"}" $URL/api/v3/idp/oidc/token | jq -r .access_token)
c1=${KPN_CUSTOMER_IDS%%,*}
u="$URL/devices?limit=1000"; for i in 1 2 3 4 5 6 7 8 9 10; do u=$(curl -s -H "Authorization: Bearer $tok" "$u" | jq -r .next); done
deep=$u
curl -s -o /dev/null -H "Authorization: Bearer $tok" "$URL/devices?limit=1000&sort=-name"   # build the permutation once
t0=$(date +%s.%N); curl -s -o /dev/null -H "Authorization: Bearer $tok" "$URL/devices?limit=1000&sort=modifiedAt,id"; echo "one-off permutation build (modifiedAt,id): $(echo "$(date +%s.%N) - $t0" | bc) s"
med() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
run() { # NAME URL [curl args]
	local name=$1 url=$2; shift 2
	local before=$(wc -l <$LOG)
	for i in $(seq 20); do curl -s -o /dev/null -w '%{time_total}\n' -H "Authorization: Bearer $tok" "$@" "$url"; done >$T/c
	tail -n +$((before + 1)) $LOG | sed -n 's/.* ms=\([0-9]*\) .*/\1/p' >$T/s
	printf '%-34s client %6.1f ms   server ms=%s   items=%s\n' "$name" "$(med <$T/c | awk '{print $1*1000}')" "$(med <$T/s)" \
		"$(curl -s -H "Authorization: Bearer $tok" "$@" "$url" | jq '.items|length')"
}
run "first page" "$URL/devices?limit=1000"
run "cursor page 10 deep" "$deep"
run "sort=-name" "$URL/devices?limit=1000&sort=-name"
run "filter clientId=customer" "$URL/devices?limit=1000&clientId=$c1"
run "context header (customer)" "$URL/devices?limit=1000" -H "KPN-Things-Security-Context: client:uuid:$c1"
run "createdSince (last 10%)" "$URL/devices?limit=1000&createdSince=2025-09-28T00:00:00Z"
run "q=pump" "$URL/devices?limit=1000&q=pump"
run "detail /devices/{id}" "$URL/devices/$(curl -s -H "Authorization: Bearer $tok" "$URL/devices?limit=1&sort=-createdAt" | jq -r '.items[0].id')"
ak() { local name=$1 url=$2; local before=$(wc -l <$LOG)
	for i in $(seq 20); do curl -s -o /dev/null -w '%{time_total}\n' -H "x-api-key: $AKENZA_API_KEY" "$url"; done >$T/c
	tail -n +$((before + 1)) $LOG | sed -n 's/.* ms=\([0-9]*\) .*/\1/p' >$T/s
	printf '%-34s client %6.1f ms   server ms=%s\n' "$name" "$(med <$T/c | awk '{print $1*1000}')" "$(med <$T/s)"; }
ak "akenza assets page 500 size=1000" "$URL/v3/assets?organizationId=$AKENZA_ORGANIZATION_ID&size=1000&page=500"
ak "akenza assets sort=name,desc p=900" "$URL/v3/assets?organizationId=$AKENZA_ORGANIZATION_ID&size=1000&page=900&sort=name,desc"
ak "akenza search=pump" "$URL/v3/assets?organizationId=$AKENZA_ORGANIZATION_ID&size=1000&search=pump"
ak "akenza detail last device" "$URL/v3/devices/$(curl -s -H "x-api-key: $AKENZA_API_KEY" "$URL/v3/assets?organizationId=$AKENZA_ORGANIZATION_ID&size=1&sort=created,desc" | jq -r '.content[0].id')"
echo "RSS: $(ps -o rss= -p $PID) kB"
