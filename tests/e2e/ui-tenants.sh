#!/usr/bin/env bash
# ui-tenants.sh — the tenants pane and the first pane come from the provider
# file (tenants = { … }; first_pane = "…"), not from vendor names in ui/:
# akenza's tenants pane lists its workspaces, Enter makes one the context
# (workspaceId= on the next list call) and Tab completes the names it listed,
# in prompts that use the provider's word, and the header shows its name
# (issue 15, item 9); a provider whose first_pane is
# not its first resource opens on that pane.
source "$top_srcdir/tests/e2e/lib.sh"

sim_start --devices 60
sim_config "$TT_TMP/config"
loaded() { WAIT_SECONDS=20 wait_for sh -c "tmux -L $TMUX_SOCK capture-pane -p -t tt | head -1 | grep -qE 'pages? ·'" ||
	fail "the list did not finish loading: $(tmux_screen)"; }

ws=$("$THINGTOP" --config "$TT_TMP/config" --profile akenza --dump workspaces --format jsonl | head -1)
ws_id=$(printf '%s' "$ws" | jq -r .id)
ws_name=$(printf '%s' "$ws" | jq -r .name)
[ -n "$ws_id" ] && [ "$ws_id" != null ] || fail "no workspace from --dump (test set-up)"

tmux_start 120 30 "$THINGTOP" --config "$TT_TMP/config" --profile akenza
tmux_wait_for "60 rows"
tmux_screen | tail -1 | grep -q "c workspace" || fail "the hint does not use akenza's word: $(tmux_screen | tail -1)"
tmux_keys 1
tmux_wait_for "$ws_name"
loaded
tmux_screen | sed -n 2p | grep -q "1 tenants" || fail "no tenants pane: $(tmux_screen | sed -n 2p)"
m=$(wc -l <"$SIM_LOG")
tmux_keys g Enter     # the first workspace listed becomes the context
WAIT_SECONDS=15 wait_for sh -c "tail -n +$((m + 1)) '$SIM_LOG' | grep -q 'path=/v3/assets?[^ ]*workspaceId=$ws_id'" ||
	fail "Enter on a workspace did not make it the context: $(tail -n +$((m + 1)) "$SIM_LOG" | tail -3)"
loaded
# the header names the workspace as the tenants pane listed it, not by its id
tmux_wait_for "ctx: $ws_name ("
tmux_keys c
tmux_wait_for "workspace (Tab completes"
tmux_keys Tab
tmux_wait_for "workspace (Tab completes; empty = own account): $ws_name"
tmux_keys Escape Q
tmux_wait_for "[exited 0]" 10
tmux -L "$TMUX_SOCK" kill-server

# first_pane: a KPN provider override that opens on its downlinks
mkdir -p "$TT_TMP/providers"
sed 's/^first_pane = "devices";/first_pane = "downlinks";/' "$top_srcdir/providers/kpn-things.conf" \
	>"$TT_TMP/providers/kpn-things.conf"
grep -q '^first_pane = "downlinks";' "$TT_TMP/providers/kpn-things.conf" || fail "could not override first_pane (test set-up)"
m=$(wc -l <"$SIM_LOG")
tmux_start 120 30 env THINGTOP_PROVIDERS_DIR="$TT_TMP/providers" "$THINGTOP" --config "$TT_TMP/config" --profile kpn
tmux_wait_for "STATUS"
loaded
tail -n +$((m + 1)) "$SIM_LOG" | grep 'method=GET' | grep -v token | head -1 | grep -q 'path=/downlinks?' ||
	fail "the dashboard did not open on first_pane: $(tail -n +$((m + 1)) "$SIM_LOG" | head -3)"
tmux_screen | tail -1 | grep -q "c customer" || fail "the hint does not use KPN's word: $(tmux_screen | tail -1)"
tmux_keys Q
tmux_wait_for "[exited 0]" 10
echo ok
