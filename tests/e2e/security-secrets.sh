#!/usr/bin/env bash
# security-secrets.sh — secrets never leak: run --dump against every provider with
# secrets from the environment, from a command and inline, plus failing runs
# (wrong secret, bad context, unreachable host), with thingtop's own --log; then grep
# every byte thingtop wrote (stdout, stderr, its log) and its argv for the secrets.
. "$top_srcdir/tests/e2e/lib.sh"
sim_start --seed 11 --devices 300
creds=$("$THINGTOP_SIM" --print-credentials --seed 11 --devices 300 --port "$SIM_PORT")
get() { printf '%s\n' "$creds" | sed -n "s/^$1=//p"; }
KPN_ID=$(get KPN_CLIENT_ID)
KPN_SECRET=$(get KPN_CLIENT_SECRET)
AKENZA_KEY=$(get AKENZA_API_KEY)
PARTNER_KEY=$(get PARTNER_API_KEY)
PARTNER_PARAM=$(get PARTNER_AUTH_PARAM)
for v in KPN_ID KPN_SECRET AKENZA_KEY PARTNER_KEY PARTNER_PARAM; do
	[ -n "${!v}" ] || fail "--print-credentials did not give $v"
done

out="$TT_TMP/out"
mkdir -p "$out"
secret_file="$TT_TMP/partner-key"
printf '%s\n' "$PARTNER_KEY" >"$secret_file"
cfg="$TT_TMP/config"
(umask 077 && cat >"$cfg" <<EOC
profiles = (
  { name = "kpn"; provider = "kpn-things"; client_id = "$KPN_ID"; client_secret_env = "TT_TEST_KPN_SECRET";
    base_url = "$SIM_URL"; auth_url = "$SIM_URL/api/v3/idp/oidc/token"; },
  { name = "kpn-wrong"; provider = "kpn-things"; client_id = "$KPN_ID"; client_secret = "${KPN_SECRET}x";
    base_url = "$SIM_URL"; auth_url = "$SIM_URL/api/v3/idp/oidc/token"; },
  { name = "akenza"; provider = "akenza"; api_key = "$AKENZA_KEY"; base_url = "$SIM_URL"; },
  { name = "partner"; provider = "partner-jwt"; api_key_command = "cat $secret_file";
    auth_param = "$PARTNER_PARAM"; base_url = "$SIM_URL"; auth_url = "$SIM_URL/auth"; },
  { name = "down"; provider = "akenza"; api_key = "$AKENZA_KEY"; base_url = "http://127.0.0.1:1"; }
);
EOC
)
export TT_TEST_KPN_SECRET="$KPN_SECRET"

run() { # NAME ARGS... : run thingtop, keep stdout/stderr, record argv of the live process
	local name=$1
	shift
	"$THINGTOP" --config "$cfg" --log "$out/tt.log" "$@" >"$out/$name.out" 2>"$out/$name.err" &
	local pid=$!
	tr '\0' ' ' <"/proc/$pid/cmdline" >"$out/$name.argv" 2>/dev/null || :
	wait "$pid" || echo "$name exited $?" >>"$out/status"
}
run kpn --profile kpn --dump devices --limit 100
run kpn-ctx --profile kpn --context "$(get KPN_CUSTOMER_IDS | cut -d, -f1)" --dump devices
run kpn-wrong --profile kpn-wrong --dump devices
run kpn-badctx --profile kpn --context "not-a-uuid" --dump devices
run akenza --profile akenza --dump assets --format csv
run partner --profile partner --dump invitations --format table
run down --profile down --dump assets

# The dashboard: a full session (list, detail, request log, help, context
# switch) for KPN and partner; every screen is captured, escapes included.
shot() { tmux -L "$TMUX_SOCK" capture-pane -e -p -t tt >"$out/screen-$1.txt"; }
tmux_start 120 32 env TT_TEST_KPN_SECRET="$KPN_SECRET" "$THINGTOP" --config "$cfg" --log "$out/tt-ui.log" --profile kpn
tmux_wait_for "rows"
shot kpn-list
tmux_keys Enter
tmux_wait_for '"id"'
shot kpn-detail
tmux_keys q L
tmux_wait_for "GET"
shot kpn-log
tmux_keys q '?'
tmux_wait_for "KEYS"
shot kpn-help
tmux_keys q c
tmux_keys "$(get KPN_CUSTOMER_IDS | cut -d, -f1)" Enter
tmux_wait_for "$(get KPN_CUSTOMER_IDS | cut -c1-8)"
shot kpn-ctx
tmux_keys L
tmux_wait_for "GET"
shot kpn-ctx-log
tmux_keys Q
tmux -L "$TMUX_SOCK" kill-server
tmux_start 120 32 "$THINGTOP" --config "$cfg" --log "$out/tt-ui.log" --profile partner
tmux_wait_for "rows"
shot partner-list
tmux_keys L
tmux_wait_for "/auth"
shot partner-log
tmux_keys Q
[ -s "$out/screen-kpn-log.txt" ] || fail "no screen captured"

[ "$(wc -l <"$out/kpn.out")" -gt 0 ] || fail "kpn dump printed nothing: $(cat "$out/kpn.err")"
[ "$(wc -l <"$out/akenza.out")" -gt 1 ] || fail "akenza dump printed nothing: $(cat "$out/akenza.err")"
assert_contains "$(cat "$out/kpn-wrong.err")" "Feature user does not exist anymore" "wrong secret names GRIP's error"
[ -s "$out/tt.log" ] || fail "thingtop --log wrote nothing"

for v in KPN_SECRET AKENZA_KEY PARTNER_KEY PARTNER_PARAM; do
	if grep -rlF -- "${!v}" "$out" >/dev/null; then
		fail "$v leaked into: $(grep -rlF -- "${!v}" "$out" | xargs -n1 basename | tr '\n' ' ')"
	fi
done
# The wrong secret must not be echoed either, nor any bearer token.
grep -rlF -- "${KPN_SECRET}x" "$out" >/dev/null && fail "the wrong secret was echoed"
grep -rliE 'bearer [A-Za-z0-9._-]{8,}|"access_token"|"token" *:' "$out" >/dev/null &&
	fail "a token leaked into: $(grep -rliE 'bearer [A-Za-z0-9._-]{8,}|"access_token"' "$out")"
echo "ok: $(ls "$out" | wc -l) files of output, screens and logs hold no secret"
