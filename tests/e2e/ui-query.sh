#!/usr/bin/env bash
# ui-query.sh — in the dashboard, sort, filter and time keys become the API's
# own query (checked in the simulator's log), the customer context switches
# with the header and the KPN-Things-Security-Context header following, and
# detail, its search and the request log show what they should.
source "$top_srcdir/tests/e2e/lib.sh"

sim_start --devices 300
sim_config "$TT_TMP/config"
eval "$("$THINGTOP_SIM" --print-credentials)"
since_mark() { tail -n +$(($1 + 1)) "$SIM_LOG"; }
sent() { # MARK PATTERN: wait until a request after MARK matches PATTERN
	WAIT_SECONDS=15 wait_for sh -c "tail -n +$(($1 + 1)) '$SIM_LOG' | grep -q -- '$2'" ||
		fail "no request matching '$2' after the key: $(since_mark "$1" | tail -3)"
}
loaded() { WAIT_SECONDS=20 wait_for sh -c "tmux -L $TMUX_SOCK capture-pane -p -t tt | head -1 | grep -qE 'pages? ·'" ||
	fail "the list did not finish loading: $(tmux_screen)"; }

tmux_start 140 32 "$THINGTOP" --config "$TT_TMP/config" --profile kpn
tmux_wait_for " rows"
loaded

# s on the first column (NAME): ascending, then descending, then off
m=$(wc -l <"$SIM_LOG"); tmux_keys s; sent "$m" 'path=/devices?[^ ]*sort=name[& ]'
tmux_wait_for "NAME ▲"
m=$(wc -l <"$SIM_LOG"); tmux_keys s; sent "$m" 'path=/devices?[^ ]*sort=-name[& ]'
tmux_wait_for "NAME ▼"
# S adds the selected column as a further key (ID is the second column)
m=$(wc -l <"$SIM_LOG"); tmux_keys l S; sent "$m" 'path=/devices?[^ ]*sort=-name,id[& ]'
loaded
FIELD=name SIM_URL=$SIM_URL KPN_CLIENT_ID=$KPN_CLIENT_ID KPN_CLIENT_SECRET=$KPN_CLIENT_SECRET \
	python3 "$top_srcdir/tests/e2e/simwalk.py" kpn "/devices?limit=1000&sort=-name,id" >"$TT_TMP/names"
want=$(head -1 "$TT_TMP/names")
screen_row 1 | grep -qF "${want:0:12}" ||
	fail "the first row is not the server's first for -name,id ('$want'): $(screen_row 1)"
m=$(wc -l <"$SIM_LOG"); tmux_keys h s; sent "$m" 'path=/devices?limit=[0-9]* '   # third s on NAME: sort off
loaded

# / filters: q= on the server and at once locally; Esc clears
m=$(wc -l <"$SIM_LOG"); tmux_keys / pump Enter; sent "$m" 'path=/devices?[^ ]*q=pump'
loaded
screen_rows | grep -E '[0-9a-f]{8}-[0-9a-f]{4}-' | grep -viq pump &&
	fail "a row without 'pump' after /pump: $(tmux_screen)"
m=$(wc -l <"$SIM_LOG"); tmux_keys Escape; sent "$m" 'path=/devices?limit=[0-9]* '
loaded
# f: the time filter form, relative times become ISO-8601
m=$(wc -l <"$SIM_LOG"); tmux_keys f Enter; sent "$m" 'path=/devices?[^ ]*createdSince=20[0-9-]*T'
loaded
m=$(wc -l <"$SIM_LOG"); tmux_keys f C-u "modifiedSince=2025-09-01" Enter; sent "$m" 'modifiedSince=2025-09-01T00'
loaded
tmux_keys f C-u Enter   # empty clears
loaded

# context: c NAME switches; the header shows it; every KPN call carries it; - goes back
c1=${KPN_CUSTOMER_IDS%%,*}
name=$("$THINGTOP" --config "$TT_TMP/config" --profile kpn --list contexts | head -1)
m=$(wc -l <"$SIM_LOG")
tmux_keys c "$name" Enter
tmux_wait_for "ctx: $name"
loaded
since_mark "$m" | grep -v 'oidc/token' >"$TT_TMP/ctx.log"
[ -s "$TT_TMP/ctx.log" ] || fail "no request after the context switch"
grep -v " ctx=$c1 " "$TT_TMP/ctx.log" && fail "a call after switching to $name without its context header"
screen_rows | grep -q "$c1" || :   # rows are the customer's (checked by --dump tests)
tmux_keys 3
loaded
since_mark "$m" | grep 'path=/downlinks' | grep -v " ctx=$c1 " && fail "downlinks pane lost the context"
m=$(wc -l <"$SIM_LOG")
tmux_keys -
tmux_wait_for "ctx: own account"
loaded
since_mark "$m" | grep -q " ctx=- " || fail "back to the own account still sends a context"
tmux_keys : "ctx $c1" Enter
tmux_wait_for "ctx: $name"
loaded
tmux_keys c "not-a-customer" Enter
WAIT_SECONDS=10 wait_for sh -c "tmux -L $TMUX_SOCK capture-pane -p -t tt | grep -qi 'neither a configured customer'" ||
	fail "a bad context is not reported: $(tmux_screen | tail -3)"

# detail: fetched from the detail path, pretty JSON, / search, q back
tmux_keys 2
loaded
id=$(tmux_screen | grep -m1 '▶' | grep -oE '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}' | head -1)
[ -n "$id" ] || fail "no selected row id: $(tmux_screen)"
m=$(wc -l <"$SIM_LOG")
tmux_keys Enter
sent "$m" "method=GET path=/devices/$id "
# the fields readably (the columns' titles first), the raw JSON one key away
tmux_wait_for 'CREATED:'
tmux_screen | grep -qE "^ID: +$id" || fail "the detail does not show the item's ID field: $(tmux_screen)"
tmux_keys J
tmux_wait_for "\"id\": \"$id\""
tmux_wait_for '"createdAt": '
tmux_keys J
tmux_wait_for 'CREATED:'
tmux_keys / clientId Enter
tmux_wait_for 'clientId:'
tmux_keys q
tmux_wait_for "── "
# the request log: method, path, status, ms
tmux_keys L
tmux_wait_for "/devices/$id"
tmux_screen | grep "/devices/$id" | grep -q 200 || fail "the request log lacks the status: $(tmux_screen | grep "/devices/$id")"
tmux_keys q '?'
tmux_wait_for "KEYS"
for k in "reload" "context" "sort" "detail"; do tmux_screen | grep -q "$k" || fail "help lacks $k"; done
tmux_keys G
tmux_wait_for "quit"
tmux_keys q Q
echo "ok"
