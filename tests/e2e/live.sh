#!/usr/bin/env bash
# live.sh — auto-refresh (R) re-polls KPN with modifiedSince so only changed
# items travel; a new row is marked "+" and a changed row "*" for one refresh;
# the refresh interval comes from the config; the table never empties.
# A mark lasts one refresh (the UI's timer counts whole seconds, so with an
# interval of N s one refresh lasts N-1 to N s), and every check of a mark is
# gated on a named state (a line on screen, a poll in the simulator's log), never
# on a fixed sleep; the interval is 5 s so a loaded machine's screen polls still
# see a mark before the next refresh clears it.
source "$top_srcdir/tests/e2e/lib.sh"

sim_start --devices 60
sim_config "$TT_TMP/config"
sed -i 's/^refresh = [0-9]*;/refresh = 5;/' "$TT_TMP/config"
grep -q '^refresh = 5;' "$TT_TMP/config" || fail "could not set refresh = 5 in the config"
eval "$("$THINGTOP_SIM" --print-credentials)"

tmux_start 130 40 "$THINGTOP" --config "$TT_TMP/config" --profile kpn
tmux_wait_for "rows"
tmux_keys 3
tmux_wait_for "STATUS"
WAIT_SECONDS=20 wait_for sh -c "tmux -L $TMUX_SOCK capture-pane -p -t tt | head -1 | grep -qE 'pages? ·'" ||
	fail "the downlinks list did not finish loading: $(tmux_screen)"
# counted now: the pane switch and its query are drawn in one frame, so "pages ·"
# under STATUS is this list complete (after the sort below, "pages ·" is also
# what the unsorted list showed until the sorted walk's first frame)
rows_before=$(tmux_screen | head -1 | grep -oE '[0-9,]+ rows' | tr -d ', rows')
# newest first (CREATED is the sixth column): new items then belong on top
tmux_keys l l l l l s s
WAIT_SECONDS=20 wait_for grep -q 'path=/downlinks?[^ ]*sort=-createdAt' "$SIM_LOG" || fail "sort was not sent"
WAIT_SECONDS=20 wait_for sh -c "tmux -L $TMUX_SOCK capture-pane -p -t tt | head -1 | grep -qE 'pages? ·'" ||
	fail "the sorted list did not finish loading: $(tmux_screen)"
tmux_keys R
tmux_wait_for "auto 5s"

# a downlink appears on the server (someone else sent it)
aud=4dc82561-f65f-523g-dek9-6c79ec314f02
tok=$(curl -s -H 'Content-Type: application/json' -d "{\"grant_type\":\"client_credentials\",\"audience\":\"$aud\",\"client_id\":\"$KPN_CLIENT_ID\",\"client_secret\":\"$KPN_CLIENT_SECRET\"}" \
	"$SIM_URL/api/v3/idp/oidc/token" | jq -r .access_token)
dev=$(curl -s -H "Authorization: Bearer $tok" "$SIM_URL/devices?limit=1" | jq -r '.items[0].id')
new_id=$(curl -s -H "Authorization: Bearer $tok" -H 'Content-Type: application/json' \
	-d "{\"deviceId\":\"$dev\",\"message\":\"0a0b\"}" "$SIM_URL/downlinks" | jq -r .id)
[ -n "$new_id" ] && [ "$new_id" != null ] || fail "could not create a downlink on the simulator"
short=${new_id:0:8}

# the next refresh asks only for what changed; the new row is marked, on top.
# Named state: a modifiedSince poll logged after the POST, i.e. the refresh that
# brings the new downlink. Its status is whatever it was then: QUEUED lasts only
# 3 s after the POST, and a refresh on a loaded machine may come later than that.
post_line=$(grep -n 'method=POST path=/downlinks ' "$SIM_LOG" | tail -1 | cut -d: -f1)
[ -n "$post_line" ] || fail "the POST /downlinks is not in the simulator's log"
polled_after_post() { tail -n +"$((post_line + 1))" "$SIM_LOG" | grep -q 'path=/downlinks?[^ ]*modifiedSince='; }
WAIT_SECONDS=20 wait_for polled_after_post ||
	fail "auto-refresh did not poll with modifiedSince: $(grep 'path=/downlinks' "$SIM_LOG" | tail -3)"
seen_new() { tmux_screen | grep -qE "^\\+.*$short"; }
WAIT_SECONDS=15 wait_for seen_new || fail "the new downlink was not marked '+':
$(tmux_screen)"
rows_after=$(tmux_screen | head -1 | grep -oE '[0-9,]+ rows' | tr -d ', rows')
assert_eq "$rows_after" $((rows_before + 1)) "one row more after the refresh"

# the simulator sends it a few seconds later: status and modifiedAt change → "*"
# (SENT after 3 s; DELIVERED after 8 s, should a loaded machine skip SENT or
# the '+' refresh have brought it as SENT already)
seen_changed() { tmux_screen | grep -E "^\\*.*$short" | grep -qE 'SENT|DELIVERED'; }
WAIT_SECONDS=20 wait_for seen_changed || fail "the changed downlink was not marked '*':
$(tmux_screen)"
# and the mark lasts one refresh only
unmarked() { tmux_screen | grep -E "^ .*$short" | grep -qE 'SENT|DELIVERED'; }
WAIT_SECONDS=15 wait_for unmarked || fail "the '*' mark did not clear on the next refresh:
$(tmux_screen)"
# it reaches its final state (the first downlink posted is delivered)
delivered() { tmux_screen | grep "$short" | grep -q DELIVERED; }
WAIT_SECONDS=20 wait_for delivered || fail "the downlink never showed DELIVERED:
$(tmux_screen)"

# only changed items travelled: a modifiedSince page is far smaller than the full one
full=$(grep 'path=/downlinks?' "$SIM_LOG" | grep -v modifiedSince | head -1 | sed -n 's/.* bytes=\([0-9]*\).*/\1/p')
delta=$(grep 'path=/downlinks?[^ ]*modifiedSince=' "$SIM_LOG" | tail -1 | sed -n 's/.* bytes=\([0-9]*\).*/\1/p')
[ -n "$full" ] && [ -n "$delta" ] && [ "$delta" -lt $((full / 4)) ] ||
	fail "a refresh moved $delta bytes against $full for the whole list"
# the interval is the configured one: refreshes at least ~2 s apart, no storm
n=$(grep -c 'path=/downlinks?[^ ]*modifiedSince=' "$SIM_LOG")
[ "$n" -le 15 ] || fail "$n refresh polls in this short test: the interval is not honoured"
tmux_keys Q
tmux -L "$TMUX_SOCK" kill-server

# A provider without modifiedSince (partner): the refresh fetches the whole list
# aside, swaps it in without emptying the table, and marks what is new and,
# for one refresh, what has gone.
tmux_start 130 40 "$THINGTOP" --config "$TT_TMP/config" --profile partner
tmux_wait_for "150 rows"
tmux_keys / '!zzz-no-match' Enter   # a local filter stays in force across refreshes
tmux_keys R
tmux_wait_for "auto 5s"
jwt=$(curl -s -H 'Content-Type: application/json' \
	-d "{\"apiKey\":\"$PARTNER_API_KEY\",\"authParameter\":\"$PARTNER_AUTH_PARAM\"}" "$SIM_URL/auth" | jq -r .token)
code=$(curl -s -H "Authorization: Bearer $jwt" -H 'Content-Type: application/json' \
	-d '{"companyName":"Nieuwe Klant BV","kvkNumber":"12345678","email":"ops@example.com"}' "$SIM_URL/v1/invitations" | jq -r .code)
[ -n "$code" ] && [ "$code" != null ] || fail "could not create an invitation on the simulator"
tmux_wait_for "151 rows" 20
seen_inv() { tmux_keys G; tmux_screen | grep -E "^\+.*$code" | grep -q "Nieuwe Klant"; }
WAIT_SECONDS=20 wait_for seen_inv || fail "the new invitation was not marked '+':
$(tmux_screen)"
# revoked on the server: the row stays for one refresh, marked '-', then goes
jwt=$(curl -s -H 'Content-Type: application/json' \
	-d "{\"apiKey\":\"$PARTNER_API_KEY\",\"authParameter\":\"$PARTNER_AUTH_PARAM\"}" "$SIM_URL/auth" | jq -r .token)
st=$(curl -s -o /dev/null -w '%{http_code}' -X DELETE -H "Authorization: Bearer $jwt" "$SIM_URL/v1/invitations/$code")
assert_eq "$st" 204 "revoking the invitation on the simulator"
seen_removed() { tmux_keys G; tmux_screen | grep -E "^-.*$code" | grep -q "Nieuwe Klant"; }
WAIT_SECONDS=20 wait_for seen_removed || fail "the revoked invitation was not marked '-':
$(tmux_screen)"
gone() { tmux_keys G; ! tmux_screen | grep -q "$code"; }
WAIT_SECONDS=20 wait_for gone || fail "the revoked invitation stayed after the next refresh:
$(tmux_screen)"
tmux_screen | head -1 | grep -q "150 rows" || fail "row count after the removal: $(tmux_screen | head -1)"
tmux_keys Q
echo "ok: new row marked, changed row marked, $n delta polls of ≤$delta bytes vs $full; full refresh marks new and removed rows"
