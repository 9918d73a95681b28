#!/usr/bin/env bash
# ui-panes.sh — the dashboard in a real terminal (tmux) against the simulator:
# every pane of every provider opens and loads from its own API path, the
# tenants pane lists the contexts, and a slow first page shows "loading…",
# never an empty-fleet message.
source "$top_srcdir/tests/e2e/lib.sh"

sim_start --devices 250 --latency-ms 30
sim_config "$TT_TMP/config"
eval "$("$THINGTOP_SIM" --print-credentials)"

open_panes() { # PROFILE PANE:PATH...
	local profile=$1 p key path mark
	shift
	tmux_start 120 30 "$THINGTOP" --config "$TT_TMP/config" --profile "$profile"
	tmux_wait_for " rows"
	for p in "$@"; do
		key=${p%%:*} path=${p#*:}
		mark=$(wc -l <"$SIM_LOG")
		tmux_keys "$key"
		WAIT_SECONDS=15 wait_for sh -c "tail -n +$((mark + 1)) '$SIM_LOG' | grep -q 'method=GET path=$path'" ||
			fail "$profile pane $key did not fetch $path: $(tail -3 "$SIM_LOG")"
		WAIT_SECONDS=15 wait_for sh -c "tmux -L $TMUX_SOCK capture-pane -p -t tt | head -1 | grep -qE 'pages? ·'" ||
			fail "$profile pane $key did not finish loading:
$(tmux_screen)"
		tmux_screen | grep -q "── end · " || fail "$profile pane $key: the end of the list is not marked:
$(tmux_screen)"
		echo "ok: $profile pane $key ($path): $(tmux_screen | head -1 | grep -oE '[0-9,]+ rows')"
	done
	tmux_keys Q
	WAIT_SECONDS=10 wait_for sh -c "tmux -L $TMUX_SOCK capture-pane -p -t tt | grep -q 'exited 0'" ||
		fail "$profile: Q did not quit cleanly: $(tmux_screen | tail -3)"
	tmux -L "$TMUX_SOCK" kill-server
}

open_panes kpn 2:/devices 3:/downlinks 4:/lora/downlinks 5:/device-groups 6:/projects
open_panes akenza 1:/v3/workspaces 2:/v3/assets 3:/v3/organizations 5:/v3/device-types

# tenants: KPN lists the own account and the configured customers
tmux_start 120 30 "$THINGTOP" --config "$TT_TMP/config" --profile kpn
tmux_wait_for " rows"
tmux_keys 1
tmux_wait_for "own account"
first=$("$THINGTOP" --config "$TT_TMP/config" --profile kpn --list contexts | head -1)
tmux_wait_for "$first"
tmux_keys Q
tmux -L "$TMUX_SOCK" kill-server
# partner: one pane, no customer context (so no tenants pane and no context badge)
tmux_start 120 30 "$THINGTOP" --config "$TT_TMP/config" --profile partner
tmux_wait_for "150 rows"
tmux_screen | sed -n 2p | grep -q "1 invitations" || fail "partner tabs: $(tmux_screen | sed -n 2p)"
tmux_screen | sed -n 2p | grep -q "tenants" && fail "partner has no tenants to switch between"
tmux_screen | head -1 | grep -q "ctx:" && fail "partner shows a customer context it does not have"
grep -q 'path=/v1/invitations?' "$SIM_LOG" || fail "partner did not list invitations"
tmux_keys Q
tmux -L "$TMUX_SOCK" kill-server

# a slow first page: "loading…", never "no devices" / "no matches"
kill "$SIM_PID"
SIM_PID=
sim_start --devices 250 --latency-ms 1500
sim_config "$TT_TMP/config"
tmux_start 120 30 "$THINGTOP" --config "$TT_TMP/config" --profile kpn
tmux_wait_for "loading…" 5
tmux_screen | grep -qiE "no devices|no matches|no items" && fail "an empty fleet was shown before the first page:
$(tmux_screen)"
tmux_wait_for " rows"
tmux_keys Q
echo "ok"
