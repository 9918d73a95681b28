#!/usr/bin/env bash
# ui-workspace-name.sh — the akenza header names the workspace, not its id
# (issue 15, item 9), also when the workspace was given by id (--context ID,
# or c ID) and the tenants pane was never opened: the session looks the name
# up in the provider's list of tenants (context.names) once per switch; the
# confirm screen of a write names it in the provider's word ("workspace
# context: …", not "customer context: …").
source "$top_srcdir/tests/e2e/lib.sh"

sim_start --devices 60
sim_config "$TT_TMP/config"
"$THINGTOP" --config "$TT_TMP/config" --profile akenza --dump workspaces --format jsonl >"$TT_TMP/ws"
ws1=$(sed -n 1p "$TT_TMP/ws" | jq -r .id) name1=$(sed -n 1p "$TT_TMP/ws" | jq -r .name)
ws2=$(sed -n 2p "$TT_TMP/ws" | jq -r .id) name2=$(sed -n 2p "$TT_TMP/ws" | jq -r .name)
[ -n "$name2" ] && [ "$name2" != null ] || fail "fewer than two workspaces (test set-up)"

tmux_start 120 30 "$THINGTOP" --config "$TT_TMP/config" --profile akenza --context "$ws1"
tmux_wait_for "ctx: $name1 (${ws1:0:8}…)"
tmux_screen | head -1 | grep -q "workspace $ws1" && fail "the header shows the workspace id: $(tmux_screen | head -1)"
echo "ok: --context ID: the header names $name1"
tmux_keys c C-u "$ws2" Enter
tmux_wait_for "ctx: $name2 (${ws2:0:8}…)"
tmux_wait_for "context: $name2"
echo "ok: c ID: the header and the status name $name2"
# the confirm screen of a write names the tenant in the provider's word
tmux_keys a 1 Enter
tmux_wait_for "Send a LoRa downlink"
tmux_keys Enter   # port: the default
tmux_wait_for "payloadHex"
tmux_keys Enter   # the default payload
tmux_wait_for "send this? [y/N]"
tmux_screen | grep -qF "workspace context: $name2 ($ws2)" ||
	fail "the confirm screen does not name the workspace: $(tmux_screen | head -8)"
tmux_keys n
tmux_wait_for "cancelled: nothing was sent"
echo "ok: the confirm screen says 'workspace context: $name2'"
tmux_keys Q
tmux_wait_for "[exited 0]" 10
echo ok
