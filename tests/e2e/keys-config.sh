#!/usr/bin/env bash
# keys-config.sh — key bindings from the config, in the issue's own syntax
# (keys = { devices = { "ctrl-d" = "downlink"; }; }): a bound key runs its
# action in the dashboard and shows in the help and the footer hints; a
# clash with a default, an unknown action or an unknown key is an error
# naming file, line and both owners.
source "$top_srcdir/tests/e2e/lib.sh"

sim_start --devices 80
sim_config "$TT_TMP/config"
cfg="$TT_TMP/config"
with_keys() { # KEYS-TEXT: a config with this keys group on line 1
	{ printf '%s\n' "$1"; cat "$cfg"; } >"$TT_TMP/keys.conf"
	chmod 600 "$TT_TMP/keys.conf"
}

with_keys 'keys = { global = { "ctrl-r" = "reload"; }; devices = { "ctrl-d" = "downlink"; f5 = "requests"; }; };'
tmux_start 120 30 "$THINGTOP" --config "$TT_TMP/keys.conf" --profile kpn
tmux_wait_for "80 rows"
tmux_keys C-d
tmux_wait_for "message"            # the downlink form, from ctrl-d
tmux_keys Escape
m=$(wc -l <"$SIM_LOG")
tmux_keys C-r
WAIT_SECONDS=10 wait_for sh -c "tail -n +$((m + 1)) '$SIM_LOG' | grep -q 'path=/devices?'" || fail "ctrl-r did not reload"
tmux_keys F5
tmux_wait_for "GET"                # the request log, from f5
tmux_keys q
# the bindings in effect show in the footer hints (the first default key, then
# the bound ones) and in the help, next to the default keys
tmux_wait_for "L,F5 requests"
tmux -L "$TMUX_SOCK" resize-window -t tt -x 120 -y 70
tmux_keys '?'
tmux_wait_for "KEYS"
tmux_wait_for "pane-N"
help=$(tmux_screen)
printf '%s\n' "$help" | grep -qE '^  L F5 +requests ' || fail "help does not show f5 for requests: $(printf '%s\n' "$help" | grep requests)"
printf '%s\n' "$help" | grep -qE '^  r \^R +reload ' || fail "help does not show ctrl-r for reload: $(printf '%s\n' "$help" | grep reload)"
printf '%s\n' "$help" | grep -E '^  1 downlink ' | grep -qF '(key: ^D)' ||
	fail "help does not show ctrl-d for the downlink action: $(printf '%s\n' "$help" | grep downlink)"
tmux_keys Q
tmux -L "$TMUX_SOCK" kill-server

err() { "$THINGTOP" --config "$TT_TMP/keys.conf" --profile kpn </dev/null 2>&1; }
with_keys 'keys = { devices = { "?" = "reload"; }; };'
out=$(err)
assert_contains "$out" "keys.conf:1: key '?' in keys.devices is bound to 'reload' here and to 'help' by default" \
	"a clash with a default names file, line and both owners"
with_keys $'keys = {\n  devices = {\n    "ctrl-e" = "explode";\n  };\n};'
out=$(err)
assert_contains "$out" "keys.conf:3: keys.devices: 'explode' is not an action" "unknown action names file and line"
with_keys 'keys = { global = { "hyper-x" = "reload"; }; };'
out=$(err)
assert_contains "$out" "keys.conf:1: unknown key 'hyper-x'" "unknown key names file and line"
with_keys 'keys = { global = { ctrl-r = "reload"; }; };'   # bare names work too
"$THINGTOP" --config "$TT_TMP/keys.conf" --profile kpn --list profiles >/dev/null || fail "bare key names refused"
echo ok
