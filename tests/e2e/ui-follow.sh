#!/usr/bin/env bash
# ui-follow.sh — following a write (issue 14 item 5, issue 15 item 7): a KPN
# downlink, once accepted, is polled at its detail with growing gaps until a
# final state; the status line shows each state ("downlink 3f2a… QUEUED →
# SENT → DELIVERED") and the downlinks pane gets the new row, kept up to
# date, with no list request after the POST (no r). A partner invitation's
# row appears the same way. Quit while a poll is in flight stays instant.
source "$top_srcdir/tests/e2e/lib.sh"

sim_start --devices 100
sim_config "$TT_TMP/config"
dev=$("$THINGTOP" --config "$TT_TMP/config" --profile kpn --dump devices --limit 1 | head -1 | jq -r .id)
[ -n "$dev" ] || fail "no device (test set-up)"
status_line() { tmux -L "$TMUX_SOCK" capture-pane -p -t tt | tail -1; }
status_has() { status_line | grep -qE "$1"; }
# the lines of the request log after the first line matching $1
after() { awk -v pat="$1" 'found { print } $0 ~ pat { found = 1 }' "$SIM_LOG"; }

tmux_start 140 30 "$THINGTOP" --config "$TT_TMP/config" --profile kpn
tmux_wait_for "rows"
tmux_keys 3
tmux_wait_for "end · 100 rows"
tmux_keys a
tmux_wait_for "action:"
tmux_keys 1 Enter
tmux_wait_for "deviceId"
tmux_keys -l "$dev"
tmux_keys Enter
tmux_wait_for "message"
tmux_keys Enter
tmux_wait_for "send this? [y/N]"
tmux_keys y
tmux_wait_for "HTTP 201"
WAIT_SECONDS=10 wait_for status_has 'downlink [0-9a-f]{4}… QUEUED' ||
	fail "the status line does not show the downlink's first state: $(status_line)"
WAIT_SECONDS=40 wait_for status_has 'QUEUED → SENT → (DELIVERED|FAILED)$' ||
	fail "the status line did not follow the downlink to its final state: $(status_line)"
id=$(grep -oE 'method=GET path=/downlinks/[0-9a-f-]{36} ' "$SIM_LOG" | head -1 | grep -oE '[0-9a-f-]{36}')
[ -n "$id" ] || fail "the downlink was not polled at its detail: $(cat "$SIM_LOG")"
status_has "^.*downlink ${id:0:4}… QUEUED → SENT" || fail "the status line names another downlink: $(status_line)"
echo "ok: the status line follows the downlink: $(status_line | grep -oE 'downlink .*')"

# the polls: at the detail, with growing gaps (0.5 s, 1, 2, 4 ...), ending with the final state
post_ts=$(grep -m1 'method=POST path=/downlinks status=201 ' "$SIM_LOG" | grep -oE '^ts=[0-9.]+' | cut -d= -f2)
polls=$(grep "method=GET path=/downlinks/$id status=200 " "$SIM_LOG" | grep -oE '^ts=[0-9.]+' | cut -d= -f2)
n=$(printf '%s\n' "$polls" | wc -l)
[ "$n" -ge 3 ] || fail "expected several polls, got $n: $polls"
# (a loaded machine only lengthens gaps: each is at least its scheduled wait)
printf '%s\n' "$post_ts" $polls | awk '
	NR > 1 { gap = $1 - prev; if (gap < 0.9 * want) bad = "gap " (NR - 1) ": " gap " s, want " want " s";
		 want = want * 2 > 8 ? 8 : want * 2 }
	NR == 1 { want = 0.5 } { prev = $1 } END { if (bad) { print bad; exit 1 } }' ||
	fail "the polls do not back off: $post_ts $polls"
# it stops at the final state: no poll in the next (longest) gap
sleep 9
n2=$(grep -c "method=GET path=/downlinks/$id " "$SIM_LOG")
assert_eq "$n2" "$n" "polls after the final state"
# the new row is in the pane, in its final state, without r: no list request after the POST
tmux_keys q G
tmux_wait_for "end · 101 rows"
tmux_screen | grep -E "^.$id " | grep -qE ' (DELIVERED|FAILED) ' || fail "no followed row in the pane: $(tmux_screen)"
assert_eq "$(after 'method=POST path=/downlinks ' | grep -c 'path=/downlinks?')" 0 "list requests after the POST"
echo "ok: $n polls with growing gaps, the row is in the list with no list request"
tmux_keys Q
tmux_wait_for "[exited 0]" 10
tmux -L "$TMUX_SOCK" kill-server

# a partner invitation: its row appears without r, no list request after the POST
tmux_start 100 30 "$THINGTOP" --config "$TT_TMP/config" --profile partner
tmux_wait_for "150 rows"
tmux_keys a
tmux_wait_for "invite"
tmux_keys 1 Enter
tmux_wait_for "companyName"
tmux_keys -l "Volgtest BV"
tmux_keys Enter
tmux_wait_for "kvkNumber"
tmux_keys 12345678 Enter
tmux_wait_for "email"
tmux_keys -l "ops@example.com"
tmux_keys Enter
tmux_wait_for "send this? [y/N]"
tmux_keys y
tmux_wait_for "HTTP 201"
tmux_keys q G
tmux_wait_for "151 rows"
tmux_wait_for "Volgtest BV"
assert_eq "$(after 'method=POST path=/v1/invitations ' | grep -c 'path=/v1/invitations?')" 0 \
	"list requests after the invitation POST"
echo "ok: the new invitation is in the list with no list request"
tmux_keys Q
tmux_wait_for "[exited 0]" 10
tmux -L "$TMUX_SOCK" kill-server

# quit while a poll is in flight (every answer takes 4 s): at once
kill "$SIM_PID" && wait "$SIM_PID" 2>/dev/null
SIM_PID=
sim_start --devices 20 --latency-ms 4000
sim_config "$TT_TMP/config"
tmux_start 140 30 "$THINGTOP" --config "$TT_TMP/config" --profile kpn
tmux_wait_for "end · 20 rows" 40
tmux_keys a 1 Enter
tmux_wait_for "message"
tmux_keys Enter
tmux_wait_for "send this? [y/N]"
tmux_keys y
WAIT_SECONDS=30 wait_for status_has 'QUEUED \(following\)' || fail "not following: $(status_line)"
sleep 1 # the first poll (after 0.5 s) is now waiting for its answer
t0=$(date +%s.%N)
tmux_keys Q
tmux_wait_for "[exited 0]" 10
t=$(echo "$(date +%s.%N) - $t0" | bc)
[ "$(echo "$t < 2.5" | bc)" = 1 ] || fail "quit took $t s while a poll was in flight"
echo "ok: quit during a poll took $t s"
