#!/usr/bin/env bash
# ui-actions.sh — writes from the dashboard: a KPN downlink shows exactly what
# will be sent and to which customer, is sent only after "y" (HTTP 201 in the
# simulator's log) and not after "n"; --read-only refuses it with nothing
# sent; each partner invitation POST gets its own fresh JWT.
source "$top_srcdir/tests/e2e/lib.sh"

sim_start --devices 120
sim_config "$TT_TMP/config"
eval "$("$THINGTOP_SIM" --print-credentials)"
c1=${KPN_CUSTOMER_IDS%%,*}
posts() { grep -c "method=POST path=$1 " "$SIM_LOG"; }
loaded() { WAIT_SECONDS=20 wait_for sh -c "tmux -L $TMUX_SOCK capture-pane -p -t tt | head -1 | grep -qE 'pages? ·'" ||
	fail "the list did not finish loading: $(tmux_screen)"; }

# KPN downlink in a customer context: confirm screen, then y
tmux_start 140 32 "$THINGTOP" --config "$TT_TMP/config" --profile kpn --context "$c1"
tmux_wait_for " rows"
loaded
id=$(tmux_screen | grep -m1 '▶' | grep -oE '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}' | head -1)
[ -n "$id" ] || fail "no selected device"
tmux_keys a
tmux_wait_for "downlink"
tmux_keys 1 Enter
tmux_wait_for "message"
tmux_keys C-u 0a0b Enter
tmux_wait_for "send this? [y/N]"
screen=$(tmux_screen)
assert_contains "$screen" "POST " "the confirm screen shows the method"
assert_contains "$screen" "/downlinks" "the confirm screen shows the path"
assert_contains "$screen" "\"deviceId\":\"$id\"" "the confirm screen shows the body"
assert_contains "$screen" "\"message\":\"0a0b\"" "the confirm screen shows the message"
assert_contains "$screen" "$c1" "the confirm screen shows the customer"
assert_contains "$screen" "request shape not documented by the vendor" \
	"the confirm screen says KPN documents no body for this downlink"
assert_eq "$(posts /downlinks)" 0 "nothing is sent before confirming"
tmux_keys y
WAIT_SECONDS=10 wait_for grep -q "method=POST path=/downlinks status=201 .* ctx=$c1 " "$SIM_LOG" ||
	fail "the confirmed downlink was not sent in the customer's context: $(grep POST "$SIM_LOG")"
tmux_wait_for "HTTP 201"
# the status line follows the downlink from its first state (ui-follow.sh: to the last)
WAIT_SECONDS=20 wait_for sh -c "tmux -L $TMUX_SOCK capture-pane -p -t tt | tail -1 | grep -qE 'downlink [0-9a-f]{4}… QUEUED'" ||
	fail "the status line does not follow the downlink: $(tmux_screen)"
# declined: nothing sent
tmux_keys q a 1 Enter
tmux_wait_for "message"
tmux_keys Enter
tmux_wait_for "send this? [y/N]"
tmux_keys n
tmux_wait_for "cancelled: nothing was sent"
assert_eq "$(posts /downlinks)" 1 "a declined downlink is not sent"
# the request log shows the write
tmux_keys L
tmux_wait_for "POST"
tmux_screen | grep "POST" | grep -q 201 || fail "the request log does not show the POST's status"
tmux_keys q Q
tmux -L "$TMUX_SOCK" kill-server

# --read-only: refused in the dispatcher, nothing sent
tmux_start 120 32 "$THINGTOP" --config "$TT_TMP/config" --profile kpn --read-only
tmux_wait_for " rows"
tmux_wait_for " RO "
tmux_keys a
tmux_wait_for "downlink"
tmux_keys 1 Enter
WAIT_SECONDS=5 wait_for sh -c "tmux -L $TMUX_SOCK capture-pane -p -t tt | grep -q 'read-only'" ||
	fail "read-only does not refuse the downlink: $(tmux_screen | tail -3)"
tmux_keys Enter Enter y
# named state: a reload requested after those keys reaches the simulator (a
# POST the keys had caused would have gone out before it)
mark=$(wc -l <"$SIM_LOG")
tmux_keys q r
WAIT_SECONDS=10 wait_for sh -c "tail -n +$((mark + 1)) '$SIM_LOG' | grep -q 'method=GET path=/devices'" ||
	fail "the reload after the refused downlink did not reach the simulator"
assert_eq "$(posts /downlinks)" 1 "read-only sent a downlink"
tmux_keys Q
tmux -L "$TMUX_SOCK" kill-server
# read_only = true in the config does the same
sed -i 's/^read_only = false;/read_only = true;/' "$TT_TMP/config"
tmux_start 140 32 "$THINGTOP" --config "$TT_TMP/config" --profile kpn
tmux_wait_for " RO "
tmux_keys a 1 Enter
WAIT_SECONDS=5 wait_for sh -c "tmux -L $TMUX_SOCK capture-pane -p -t tt | grep -q 'read-only'" ||
	fail "read_only = true does not refuse the downlink"
tmux_keys Q
tmux -L "$TMUX_SOCK" kill-server
sed -i 's/^read_only = true;/read_only = false;/' "$TT_TMP/config"

# partner: two invitations, each with a JWT of its own (single use on the server)
tmux_start 120 32 "$THINGTOP" --config "$TT_TMP/config" --profile partner
tmux_wait_for "150 rows"
for company in "Bakkerij Één" 'Quote "Test" BV'; do
	tmux_keys a
	tmux_wait_for "invite"
	tmux_keys 1 Enter
	tmux_wait_for "companyName"
	tmux_keys -l "$company"
	tmux_keys Enter
	tmux_wait_for "kvkNumber"
	tmux_keys 12345678 Enter
	tmux_wait_for "email"
	tmux_keys -l "ops@example.com"
	tmux_keys Enter
	tmux_wait_for "send this? [y/N]"
	tmux_keys y
	tmux_wait_for "HTTP 201"
	tmux_keys q
done
grep 'method=POST path=/v1/invitations ' "$SIM_LOG" >"$TT_TMP/inv"
assert_eq "$(wc -l <"$TT_TMP/inv")" 2 "two invitation POSTs"
grep -c 'status=201' "$TT_TMP/inv" | grep -qx 2 || fail "an invitation was refused: $(cat "$TT_TMP/inv")"
jwts=$(sed -n 's/.* auth=\([^ ]*\).*/\1/p' "$TT_TMP/inv" | sort -u | wc -l)
assert_eq "$jwts" 2 "each invitation POST used its own JWT ($(sed -n 's/.* auth=\([^ ]*\).*/\1/p' "$TT_TMP/inv" | tr '\n' ' '))"
tmux_keys Q
echo "ok"
