#!/usr/bin/env bash
# quickstart-demo.sh — the README's first command: `thingtop --demo` opens the
# dashboard against the built-in simulator, shows devices and the customer
# context, and quitting stops the simulator and restores the terminal.
. "$top_srcdir/tests/e2e/lib.sh"
tt_tmpdir
export TMPDIR="$TT_TMP"

tmux_start 100 30 "$THINGTOP" --demo
tmux_wait_for "devices" 20
# the KPN profile, in the own account, loads to the end
WAIT_SECONDS=20 wait_for sh -c "tmux -L $TMUX_SOCK capture-pane -p -t tt | head -1 | grep -q '^ thingtop  kpn · KPN Things .*ctx: own account.* pages · [0-9,]* rows'" ||
	fail "the demo does not open the KPN profile: $(tmux_screen | head -2)"
tmux_wait_for "── end · " 10
# Rows arrive: a device row shows a UUID-shaped id.
deadline=$((SECONDS + 20))
until tmux_screen | grep -qE '[0-9a-f]{8}-[0-9a-f]{4}'; do
	[ "$SECONDS" -lt "$deadline" ] || fail "no device rows in the demo: $(tmux_screen)"
	sleep 0.2
done
demo_pid=$(pgrep -f -n -- "$THINGTOP --demo") || fail "no thingtop --demo process"
sim_pid=$(pgrep -P "$demo_pid" -f thingtop-sim) || fail "the demo runs no thingtop-sim child"

tmux_keys Q
tmux_wait_for "[exited 0]" 10
screen=$(tmux_screen)
assert_not_contains "$screen" "devices  " "dashboard still drawn after quit"
if [ -n "$sim_pid" ] && kill -0 "$sim_pid" 2>/dev/null; then
	fail "thingtop-sim ($sim_pid) still runs after quitting the demo"
fi
# The demo config (it holds inline secrets) is removed on exit.
leftover=$(find "$TT_TMP" -maxdepth 2 -name '*thingtop*' -newer "$TT_TMP" 2>/dev/null | grep -v '^$' || :)
[ -z "$leftover" ] || fail "demo left files behind: $leftover"
echo "ok: demo opened KPN, stopped its simulator ($sim_pid) on quit"
exit 0
