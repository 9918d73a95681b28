#!/usr/bin/env bash
# ui-localsort.sh — a column the API cannot sort by (partner CREATED) is
# sorted locally once every row is loaded, and the status says so (issue 15,
# item 11): ascending, descending, off; no request is sent for it.
source "$top_srcdir/tests/e2e/lib.sh"

sim_start
sim_config "$TT_TMP/config"
"$THINGTOP" --config "$TT_TMP/config" --profile partner --dump invitations --format jsonl >"$TT_TMP/inv.jsonl" ||
	fail "--dump invitations failed"
read -r oldest newest < <(python3 -c '
import json, sys
items = [json.loads(l) for l in open(sys.argv[1])]
s = sorted(items, key=lambda i: i["createdAt"])
print(s[0]["code"], s[-1]["code"])' "$TT_TMP/inv.jsonl")
[ -n "$newest" ] || fail "no invitations from --dump (test set-up)"

tmux_start 120 30 "$THINGTOP" --config "$TT_TMP/config" --profile partner
tmux_wait_for "150 rows"
WAIT_SECONDS=20 wait_for sh -c "tmux -L $TMUX_SOCK capture-pane -p -t tt | head -1 | grep -qE 'pages? ·'" ||
	fail "the list did not finish loading: $(tmux_screen)"
m=$(wc -l <"$SIM_LOG")
tmux_keys l l l l s
tmux_wait_for "sorted locally by CREATED ascending"
tmux_wait_for "CREATED ▲"
screen_row 1 | grep -qF "$oldest" || fail "the first row is not the oldest ($oldest): $(screen_colhead; screen_row 1)"
tmux_keys s
tmux_wait_for "CREATED ▼"
screen_row 1 | grep -qF "$newest" || fail "the first row is not the newest ($newest): $(screen_colhead; screen_row 1)"
tmux_screen | grep -q "end · 150 rows" || fail "rows lost by the local sort: $(tmux_screen | tail -2)"
tmux_keys s
tmux_wait_for "sort: off"
tmux_screen | grep -q "CREATED ▼" && fail "the local sort mark stayed"
n=$(tail -n +$((m + 1)) "$SIM_LOG" | grep -c 'path=/v1/invitations' || :)
assert_eq "$n" 0 "requests sent for a local sort"
tmux_keys Q
tmux_wait_for "[exited 0]" 10
echo ok
