#!/usr/bin/env bash
# peer_walk_curl_jq.sh - what a user would script instead of `thingtop --dump`:
# a bash loop of curl + jq following KPN Things `next` links, one item per line.
# usage: peer_walk_curl_jq.sh BASE_URL AUTH_URL LIMIT  (KPN_CLIENT_ID, KPN_CLIENT_SECRET in env)
set -euo pipefail
base=$1 auth=$2 limit=$3
hdr=$(mktemp)
trap 'rm -f "$hdr"' EXIT
tok=$(jq -n --arg id "$KPN_CLIENT_ID" --arg s "$KPN_CLIENT_SECRET" \
	'{grant_type:"client_credentials",audience:"4dc82561-f65f-523g-dek9-6c79ec314f02",client_id:$id,client_secret:$s}' |
	curl -sf -H 'Content-Type: application/json' --data-binary @- "$auth" | jq -r .access_token)
printf 'Authorization: Bearer %s\n' "$tok" >"$hdr"
url="$base/devices?limit=$limit"
while [ -n "$url" ]; do
	page=$(curl -sf -H @"$hdr" "$url")
	printf '%s' "$page" | jq -c '.items[]'
	url=$(printf '%s' "$page" | jq -r '.next // empty')
done
