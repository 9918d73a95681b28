#!/usr/bin/env bash
# ui-newquery.sh — after a new server query the view starts at the top of the
# new list (issue 15, item 4): G to the end, then a sort, a filter or a time
# filter: the first row on screen is the new list's first (the same as
# --dump with that sort and filter), and selected.
# Named states, in order, for each step: the view has left the top after G;
# the step's own query is in the simulator's log; the new list is on screen
# (its scope line, its row count). Only then is the top looked at, so a
# screen left over from the previous list cannot pass for the new one.
source "$top_srcdir/tests/e2e/lib.sh"

sim_start --devices 3000
sim_config "$TT_TMP/config"
loaded() { WAIT_SECONDS=30 wait_for sh -c "tmux -L $TMUX_SOCK capture-pane -p -t tt | head -1 | grep -qE 'pages? ·'" ||
	fail "the list did not finish loading: $(tmux_screen)"; }

# dump_top ARGS...: "ID COUNT": the first id and the row count --dump gives for that query
dump_top() {
	"$THINGTOP" --config "$TT_TMP/config" --profile kpn --dump devices --format jsonl "$@" >"$TT_TMP/dump.jsonl" ||
		fail "--dump devices $* failed"
	python3 -c 'import json,sys; r=[json.loads(l) for l in open(sys.argv[1])]; print(r[0]["id"], "{:,}".format(len(r)))' "$TT_TMP/dump.jsonl"
}
# left_top: after G the selection is off the first line (so the top is earned)
left_top() { ! screen_row 1 | grep -q '^▶' && [ -n "$(screen_sel_row)" ]; }
go_end() {
	tmux_keys G
	WAIT_SECONDS=10 wait_for left_top || fail "G did not leave the top: $(tmux_screen | head -8)"
}
# queried PATTERN: a request after the mark matching PATTERN is in SIM_LOG
mark=0
queried() { tail -n +"$((mark + 1))" "$SIM_LOG" | grep -qE "path=/devices\?$1"; }
asked() { # WHAT PATTERN
	WAIT_SECONDS=20 wait_for queried "$2" || fail "$1 sent no request matching $2: $(tail -n +"$((mark + 1))" "$SIM_LOG" | cut -d' ' -f3)"
}
# new_list SCOPE COUNT: the scope line names the query and the header its count (3,000)
new_list() { screen_scope | grep -qF -- "$1" && tmux_screen | head -1 | grep -qE "pages? · $2 rows"; }
# at_top WHAT SCOPE ID COUNT: the new list is in, and its first row, $ID, is
# the first line on screen and selected
top_is() { screen_row 1 | grep -q '^▶' && screen_row 1 | grep -qF -- "$1"; }
at_top() {
	WAIT_SECONDS=30 wait_for new_list "$2" "$4" ||
		fail "$1: the new list ($2, $4 rows) did not come: $(tmux_screen | head -6)"
	WAIT_SECONDS=10 wait_for top_is "$3" ||
		fail "$1: the view did not start at the top of the new list ($3 first): $(tmux_screen | head -8)"
	echo "ok: $1 starts at the top ($3)"
}

tmux_start 140 30 "$THINGTOP" --config "$TT_TMP/config" --profile kpn
tmux_wait_for "BARCODE"
loaded

# a sort
read -r first count < <(dump_top --sort=-modifiedAt)
go_end
mark=$(wc -l <"$SIM_LOG")
tmux_keys l l l l s s # MODIFIED, descending
tmux_wait_for "MODIFIED ▼"
asked "sort MODIFIED descending" "[^ ]*sort=-modifiedAt[& ]"
at_top "sort MODIFIED descending after G" "sort -modifiedAt" "$first" "$count"

# a filter
read -r first count < <(dump_top --sort=-modifiedAt --filter q=pump)
go_end
mark=$(wc -l <"$SIM_LOG")
tmux_keys / pump Enter
asked "the filter pump" "[^ ]*q=pump[& ]"
at_top "a filter after G" "q=pump" "$first" "$count"

# a time filter
read -r first count < <(dump_top --sort=-modifiedAt --filter q=pump --filter createdSince=2025-03-01)
go_end
mark=$(wc -l <"$SIM_LOG")
tmux_keys f C-u "createdSince=2025-03-01" Enter
asked "the time filter" "[^ ]*createdSince=2025-03-01"
at_top "a time filter after G" "createdSince=2025-03-01" "$first" "$count"

tmux_keys Q
tmux_wait_for "[exited 0]" 10
echo ok
