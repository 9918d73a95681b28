#!/usr/bin/env bash
# ui-quit-latency.sh — Q quits the dashboard within 1 s in every state where
# something outside it hangs (issue 16, item 2 and 5): a token endpoint that
# never answers, a page and a detail sent at 1 byte a second, a 429 with
# Retry-After: 59 (all from tests/hostile/hostile_server.py), and a
# client_secret_command that never exits (it must be killed with what it
# started). Each case waits for its named state (the request in the server's
# log, the command's own marker), checks that ? still opens the help (the
# freeze of issue 16 item 2), presses Q, and times Q from the key to the
# moment thingtop's pid is gone. A command that prompts on the terminal, as
# a pinentry does, keeps every key it is typed.
source "$top_srcdir/tests/e2e/lib.sh"
source "$top_srcdir/tests/hostile/hostile.sh"

LIMIT_MS=${TT_QUIT_LIMIT_MS:-1000}
now_ms() { echo $(($(date +%s%N) / 1000000)); }
alive() { kill -0 "$1" 2>/dev/null; }

# start_ui CONFIG [ARGS...]: thingtop in tmux on CONFIG, its pid in $ui_pid
start_ui() {
	local config=$1
	shift
	rm -f "$TT_TMP/ui.pid"
	tmux_start 240 24 sh -c 'echo $$ >"$0"; exec "$@"' "$TT_TMP/ui.pid" \
		"$THINGTOP" --config "$config" --profile hostile "$@"
	wait_for test -s "$TT_TMP/ui.pid" || fail "thingtop did not start: $(tmux_screen)"
	ui_pid=$(cat "$TT_TMP/ui.pid")
}

# quit_timed WHAT: press Q, wait for the pid to go, and check it went within LIMIT_MS
quit_timed() {
	local what=$1 t0 ms
	alive "$ui_pid" || fail "$what: thingtop had already exited before Q: $(tmux_screen)"
	t0=$(now_ms)
	tmux_keys Q
	while alive "$ui_pid" && [ $(($(now_ms) - t0)) -lt 20000 ]; do sleep 0.01; done
	ms=$(($(now_ms) - t0))
	alive "$ui_pid" && fail "$what: thingtop still runs 20 s after Q: $(tmux_screen)"
	[ "$ms" -lt "$LIMIT_MS" ] || fail "$what: Q took $ms ms (limit $LIMIT_MS ms)"
	echo "ok: $what: Q quit in $ms ms"
	tmux -L "$TMUX_SOCK" kill-server
}

# in_log PATTERN: the hostile server has logged a request matching PATTERN
in_log() { grep -q -- "$1" "$HOSTILE_LOG"; }

# responsive: with the request in flight, ? still opens the help (the UI
# thread takes no lock the fetch thread holds across I/O); Q then quits from it
responsive() {
	tmux_keys '?'
	tmux_wait_for "KEYS" 5
}

# 1. the token endpoint reads the request and never answers
hostile_start hang-token --lifetime 120
start_ui "$HOSTILE_CONFIG"
wait_for in_log '^POST /token' || fail "hang-token: no token request reached the server: $(tmux_screen)"
responsive
quit_timed "a hanging token endpoint"

# 2. the first page answers 200 and then 1 byte a second
hostile_start trickle --lifetime 120
start_ui "$HOSTILE_CONFIG"
wait_for in_log '^GET /devices' || fail "trickle: no page request reached the server: $(tmux_screen)"
responsive
quit_timed "a trickling page"

# 3. the list answers; the detail of its first row trickles
hostile_start trickle-detail --lifetime 120
start_ui "$HOSTILE_CONFIG"
tmux_wait_for "dev-1"
tmux_keys Enter
wait_for in_log '^GET /devices/dev-1' || fail "trickle-detail: no detail request reached the server: $(tmux_screen)"
responsive
quit_timed "a trickling detail"

# 4. every GET answers 429 with Retry-After: 59; thingtop's request log has
# the 429 once it is read, just before the fetch thread starts its wait
hostile_start retry-after --lifetime 120
start_ui "$HOSTILE_CONFIG" --log "$TT_TMP/requests.log"
wait_for grep -qs 'status=429' "$TT_TMP/requests.log" ||
	fail "retry-after: no 429 in thingtop's request log: $(tmux_screen)"
responsive
quit_timed "a Retry-After: 59 wait"

# 5. client_secret_command never exits, and leaves a child of its own
hostile_start normal --lifetime 120
cat >"$TT_TMP/hang-secret" <<EOF
#!/bin/sh
sleep 300 &
echo \$! >"$TT_TMP/hang-secret.child"
wait
EOF
chmod 700 "$TT_TMP/hang-secret"
sed "s|client_secret = \"[^\"]*\"|client_secret_command = \"$TT_TMP/hang-secret\"|" "$HOSTILE_CONFIG" >"$TT_TMP/cmd.conf"
chmod 600 "$TT_TMP/cmd.conf"
grep -q client_secret_command "$TT_TMP/cmd.conf" || fail "no client_secret_command in the config (test set-up)"
start_ui "$TT_TMP/cmd.conf"
tmux_wait_for "hang-secret'... (Q quits)"
wait_for test -s "$TT_TMP/hang-secret.child" || fail "client_secret_command did not start: $(tmux_screen)"
child=$(cat "$TT_TMP/hang-secret.child")
tt_cleanup "kill $child"
quit_timed "a hanging client_secret_command"
wait_for sh -c "! kill -0 $child 2>/dev/null" ||
	fail "the command's child (pid $child) outlived thingtop: its process group was not killed"
echo "ok: the hanging command and what it started were killed"

# 6. a command that asks for a passphrase on the terminal itself, as gpg-agent's
# pinentry does (from a session of its own, after setting the terminal's modes):
# thingtop leaves it every key, q included, and opens once it has answered
hostile_start normal --lifetime 120
cat >"$TT_TMP/ask-secret" <<EOF
#!/bin/sh
exec setsid sh -c 'saved=\$(stty -g); stty icanon isig -echo; echo asking >"$TT_TMP/ask.state"
read -r pass; stty "\$saved"; echo "\$pass" >"$TT_TMP/ask.got"; echo "\$pass"'
EOF
chmod 700 "$TT_TMP/ask-secret"
sed "s|client_secret = \"[^\"]*\"|client_secret_command = \"$TT_TMP/ask-secret\"|" "$HOSTILE_CONFIG" >"$TT_TMP/ask.conf"
chmod 600 "$TT_TMP/ask.conf"
start_ui "$TT_TMP/ask.conf"
wait_for test -s "$TT_TMP/ask.state" || fail "the asking command did not start: $(tmux_screen)"
tmux_keys 'qQ-passphrase' Enter
wait_for test -s "$TT_TMP/ask.got" || fail "the asking command got no line: $(tmux_screen)"
assert_eq "$(cat "$TT_TMP/ask.got")" "qQ-passphrase" "the passphrase typed into the command's prompt"
tmux_wait_for "dev-1"
alive "$ui_pid" || fail "thingtop quit on a key meant for the command's prompt"
echo "ok: a command prompting on the terminal gets every key, q and Q included"
quit_timed "the dashboard opened after the prompt"
