#!/usr/bin/env bash
# ui-nolist.sh — a pane the provider declares only actions for (no list path,
# added here through a user provider override, no C) says so, offers its
# actions, and runs one with confirmation; a resource title longer than the
# screen is cut, not written past a buffer.
source "$top_srcdir/tests/e2e/lib.sh"
sim_start --devices 30
sim_config "$TT_TMP/config"
mkdir -p "$TT_TMP/providers"
python3 - "$top_srcdir/providers/kpn-things.conf" "$TT_TMP/providers/kpn-things.conf" <<'PY'
import sys
s = open(sys.argv[1]).read()
i = s.rindex(");")
s = s[:i] + '''  ,{ name = "tools"; title = "Tools";
    actions = (
      { name = "ping"; title = "Send a test downlink"; method = "POST"; path = "/downlinks";
        body = "{\\"deviceId\\":\\"{deviceId}\\",\\"message\\":\\"{message}\\"}";
        fields = ( "deviceId", { name = "message"; default = "00"; } ); dangerous = true; }
    ); }
  ,{ name = "long"; title = "''' + "Long" * 200 + '''";
    actions = ( ''' + ", ".join('{ name = "a%d"; title = "x"; method = "GET"; path = "/devices"; }' % k for k in range(8)) + ''' ); }
''' + s[i:]
open(sys.argv[2], "w").write(s)
PY
dev=$(THINGTOP_PROVIDERS_DIR="$TT_TMP/providers" "$THINGTOP" --config "$TT_TMP/config" --profile kpn --dump devices --limit 1 |
	head -1 | jq -r .id)
[ -n "$dev" ] || fail "no device id"
tmux_start 120 30 env THINGTOP_PROVIDERS_DIR="$TT_TMP/providers" "$THINGTOP" --config "$TT_TMP/config" --profile kpn
tmux_wait_for "7 tools"
tmux_wait_for "30 rows"
tmux_keys 7
tmux_wait_for "Tools has no list in this API. Press a for its actions: 1 ping"
tmux_keys a 1 Enter
tmux_wait_for "deviceId"
tmux_keys "$dev" Enter
tmux_wait_for "message"
tmux_keys Enter
tmux_wait_for "send this? [y/N]"
tmux_keys y
tmux_wait_for "HTTP 201"
grep -q "method=POST path=/downlinks status=201" "$SIM_LOG" || fail "the action did not POST"
tmux_keys q
# a title far wider than the message line (800 characters) is cut, not written past its buffer
tmux_keys 8
tmux_wait_for "LongLong"
tmux_screen | head -1 | grep -q "thingtop  kpn" || fail "the dashboard is gone after a long resource title"
tmux_keys Q
echo ok
