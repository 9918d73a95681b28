#!/usr/bin/env bash
# ui-akenza-query.sh — akenza in the dashboard: s/S become the Spring
# sort=field,dir parameters, / becomes search=, Esc clears them, and the
# workspace context (c ID / - back) becomes workspaceId= on every following
# list request, as the simulator's log shows.
source "$top_srcdir/tests/e2e/lib.sh"

sim_start --devices 180
sim_config "$TT_TMP/config"
eval "$("$THINGTOP_SIM" --print-credentials)"
ws=${AKENZA_WORKSPACE_IDS%%,*}
since_mark() { tail -n +$(($1 + 1)) "$SIM_LOG"; }
sent() { # MARK PATTERN
	WAIT_SECONDS=15 wait_for sh -c "tail -n +$(($1 + 1)) '$SIM_LOG' | grep -q -- '$2'" ||
		fail "no request matching '$2' after the key: $(since_mark "$1" | tail -3)"
}
loaded() { WAIT_SECONDS=20 wait_for sh -c "tmux -L $TMUX_SOCK capture-pane -p -t tt | head -1 | grep -qE 'pages? ·'" ||
	fail "the list did not finish loading: $(tmux_screen)"; }

tmux_start 140 32 "$THINGTOP" --config "$TT_TMP/config" --profile akenza
tmux_wait_for "180 rows"
loaded
list='path=/v3/assets?'

m=$(wc -l <"$SIM_LOG"); tmux_keys s; sent "$m" "$list[^ ]*sort=name,asc"
tmux_wait_for "NAME ▲"
loaded
m=$(wc -l <"$SIM_LOG"); tmux_keys s; sent "$m" "$list[^ ]*sort=name,desc"
tmux_wait_for "NAME ▼"
loaded
# S adds ID as a second key: two sort= parameters, in order
m=$(wc -l <"$SIM_LOG"); tmux_keys l S; sent "$m" "$list[^ ]*sort=name,desc&sort=id,asc"
loaded
first=$(screen_row 1 | sed 's/^.//' | awk '{ print $1, $2 }')
want=$("$THINGTOP" --config "$TT_TMP/config" --profile akenza --dump assets --sort=-name,id --format jsonl |
	head -1 | python3 -c 'import json, sys; print(" ".join(json.load(sys.stdin)["name"].split()[:2]))')
[ -n "$want" ] || fail "no first row from --dump"
assert_eq "$first" "$want" "the first row is the server's first for -name,id"
m=$(wc -l <"$SIM_LOG"); tmux_keys h s; sent "$m" "$list[^ ]*"
loaded
since_mark "$m" | grep "$list" | grep -q 'sort=' && fail "the third s did not turn the sort off"

# / → search=, Esc clears
m=$(wc -l <"$SIM_LOG"); tmux_keys / pump Enter; sent "$m" "$list[^ ]*search=pump"
loaded
screen_rows | grep -E '^[ ▶][^ ─]' | grep -viq pump && fail "a row without 'pump' after /pump: $(tmux_screen)"
m=$(wc -l <"$SIM_LOG"); tmux_keys Escape; sent "$m" "$list"
loaded
since_mark "$m" | grep "$list" | grep -q 'search=' && fail "Esc did not clear search="
tmux_wait_for "180 rows"

# workspace context: c ID → workspaceId= on every list call; - goes back
m=$(wc -l <"$SIM_LOG")
tmux_keys c "$ws" Enter
tmux_wait_for "ctx: "
loaded
sent "$m" "$list[^ ]*workspaceId=$ws"
since_mark "$m" | grep "$list" | grep -v "workspaceId=$ws" && fail "a list call after the switch without workspaceId"
tmux_screen | head -1 | grep -q "180 rows" && fail "the workspace shows the whole organisation: $(tmux_screen | head -1)"
m=$(wc -l <"$SIM_LOG")
tmux_keys -
tmux_wait_for "180 rows"
since_mark "$m" | grep "$list" | grep -q "workspaceId=" && fail "back to the organisation still sends workspaceId"
tmux_keys Q
tmux_wait_for "[exited 0]" 10
echo "ok"
