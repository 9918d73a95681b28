#!/usr/bin/env bash
# dump-resources.sh — `thingtop --dump` returns every item of every resource of
# every provider exactly once and in the simulator's order (checked against an
# independent Python walk), in the own account and in a customer context, where
# the simulator's log shows the reseller header on every KPN call.
source "$top_srcdir/tests/e2e/lib.sh"

sim_start --devices 700 --customers 4 --workspaces 3
sim_config "$TT_TMP/config"
eval "$("$THINGTOP_SIM" --print-credentials)"
export SIM_URL KPN_CLIENT_ID KPN_CLIENT_SECRET AKENZA_API_KEY PARTNER_API_KEY PARTNER_AUTH_PARAM
cfg="$TT_TMP/config"
truth() { python3 "$top_srcdir/tests/e2e/simwalk.py" "$@" || fail "simwalk.py $*"; }
ids() { jq -r "${IDF:-.id}"; }

compare() { # NAME EXPECTED-FILE ACTUAL-FILE
	local n
	n=$(wc -l <"$2")
	[ "$n" -gt 0 ] || fail "$1: the simulator has no items (test set-up)"
	cmp -s "$2" "$3" || fail "$1: thingtop's items differ from the simulator's ($n expected, $(wc -l <"$3") got):
$(diff "$2" "$3" | head -5)"
	[ -z "$(sort "$3" | uniq -d)" ] || fail "$1: duplicate items"
	echo "ok: $1 ($n items)"
}

dump() { # PROFILE RESOURCE [ARGS...]: ids of a dump
	local p=$1 r=$2
	shift 2
	"$THINGTOP" --config "$cfg" --profile "$p" --dump "$r" "$@" >"$TT_TMP/dump.jsonl" 2>"$TT_TMP/dump.err" ||
		fail "--dump $r ($p $*) failed: $(cat "$TT_TMP/dump.err")"
	ids <"$TT_TMP/dump.jsonl"
}

# KPN: every resource, own account, in pages of 1000 and in the default pages
for pair in devices:/devices downlinks:/downlinks lora-downlinks:/lora/downlinks \
	device-groups:/device-groups projects:/projects; do
	r=${pair%%:*} path=${pair#*:}
	truth kpn "$path?limit=1000" >"$TT_TMP/want"
	dump kpn "$r" --limit 1000 >"$TT_TMP/got"
	compare "kpn $r" "$TT_TMP/want" "$TT_TMP/got"
	dump kpn "$r" >"$TT_TMP/got-default"
	cmp -s "$TT_TMP/got" "$TT_TMP/got-default" || fail "kpn $r: default page size gives other items"
done
assert_eq "$(wc -l <"$TT_TMP/want")" "$(truth kpn "/projects?limit=1000" | wc -l)" "sanity"
assert_eq "$(truth kpn "/devices?limit=1000" | wc -l)" 700 "the fleet has --devices devices"

# KPN in a customer context (by UUID and by configured name): that customer's
# items only, and the reseller header on every call of the run
c1=${KPN_CUSTOMER_IDS%%,*}
name=$("$THINGTOP" --config "$cfg" --profile kpn --list contexts | head -1)
for ctx in "$c1" "$name"; do
	for pair in devices:/devices downlinks:/downlinks device-groups:/device-groups; do
		r=${pair%%:*} path=${pair#*:}
		mark=$(wc -l <"$SIM_LOG")
		truth kpn "$path?limit=200" "$c1" >"$TT_TMP/want"
		mark=$(wc -l <"$SIM_LOG")
		dump kpn "$r" --limit 200 --context "$ctx" >"$TT_TMP/got"
		compare "kpn $r in context '$ctx'" "$TT_TMP/want" "$TT_TMP/got"
		tail -n +$((mark + 1)) "$SIM_LOG" | grep -v 'path=/api/v3/idp/oidc/token' >"$TT_TMP/run.log"
		calls=$(wc -l <"$TT_TMP/run.log")
		[ "$calls" -ge 1 ] || fail "no KPN call logged for $r in context"
		with=$(grep -c " ctx=$c1 " "$TT_TMP/run.log")
		assert_eq "$with" "$calls" "kpn $r in context '$ctx': calls carrying the reseller header"
	done
done
[ "$(truth kpn "/devices?limit=1000" "$c1" | wc -l)" -lt 700 ] || fail "a customer sees the whole fleet"

# akenza: every resource; the organization comes from the profile
org=$AKENZA_ORGANIZATION_ID ws=${AKENZA_WORKSPACE_IDS%%,*}
for pair in "assets:/v3/assets?organizationId=$org" "workspaces:/v3/workspaces?organizationId=$org" \
	"organizations:/v3/organizations" "device-types:/v3/device-types?organizationId=$org"; do
	r=${pair%%:*} path=${pair#*:}
	case $path in *\?*) q="$path&size=100" ;; *) q="$path?size=100" ;; esac
	truth akenza "$q" >"$TT_TMP/want"
	dump akenza "$r" --limit 100 >"$TT_TMP/got"
	compare "akenza $r" "$TT_TMP/want" "$TT_TMP/got"
done
# a workspace context becomes workspaceId=; tags need one
for pair in "assets:/v3/assets?workspaceId=$ws" "tags:/v3/tags?workspaceId=$ws"; do
	r=${pair%%:*} path=${pair#*:}
	truth akenza "$path&size=50" >"$TT_TMP/want"
	mark=$(wc -l <"$SIM_LOG")
	dump akenza "$r" --limit 50 --context "$ws" >"$TT_TMP/got"
	if [ "$r" = tags ] && [ ! -s "$TT_TMP/want" ]; then
		[ ! -s "$TT_TMP/got" ] || fail "akenza tags: items where the simulator has none"
		echo "ok: akenza tags in workspace (none)"
	else
		compare "akenza $r in workspace $ws" "$TT_TMP/want" "$TT_TMP/got"
	fi
	tail -n +$((mark + 1)) "$SIM_LOG" | grep 'path=/v3/' | grep -v "workspaceId=$ws" | grep -v 'path=/v3/organizations' &&
		fail "akenza $r: a call without workspaceId=$ws"
done
out=$("$THINGTOP" --config "$cfg" --profile akenza --dump tags 2>&1)
assert_eq "$?" 1 "tags without a workspace"
assert_contains "$out" "needs a workspace" "tags without a workspace says why"

# partner: invitations (id field "code")
FIELD=code truth partner "/v1/invitations?size=20" >"$TT_TMP/want"
sleep 1 # the Python walk above used up the partner's 6 calls/s
mark=$(wc -l <"$SIM_LOG")
IDF=.code dump partner invitations --limit 20 >"$TT_TMP/got"
compare "partner invitations" "$TT_TMP/want" "$TT_TMP/got"
tail -n +$((mark + 1)) "$SIM_LOG" | grep -q 'status=429' && fail "thingtop's partner walk went over the rate limit (429)"
# and no 1-second window holds more than the provider's rate + burst (6 + 6)
tail -n +$((mark + 1)) "$SIM_LOG" | sed -n 's/^ts=\([0-9]*\)\..*/\1/p' | uniq -c | awk '$1 > 9 { bad = 1 } END { exit bad }' ||
	fail "more than 6 + 3 partner calls in one second"
exit 0
