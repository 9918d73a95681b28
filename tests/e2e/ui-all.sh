#!/usr/bin/env bash
# ui-all.sh — :all / A runs the pane's query in every tenant at once (issue 14
# item 6): KPN's configured customers (each walk with that customer's header)
# and akenza's workspaces (workspaceId=). One table with a CUSTOMER column; a
# customer the server refuses (403) is shown as failed in the footer and in E,
# the others complete; Enter and an action on a row go to that row's
# customer, and the confirm screen names it; sort and filter run again in
# every customer; q goes back to one customer.
source "$top_srcdir/tests/e2e/lib.sh"

sim_start --devices 300 --customers 5 --workspaces 4
sim_config "$TT_TMP/config" --devices 300 --customers 5 --workspaces 4
eval "$("$THINGTOP_SIM" --print-credentials --devices 300 --customers 5 --workspaces 4)"
# one more customer the reseller does not own: the simulator answers 403
python3 - "$TT_TMP/config" <<'PY'
import sys
p = sys.argv[1]
s = open(p).read()
s = s.replace('customers = (', 'customers = (\n      { name = "Stranger BV"; id = "00000000-0000-4000-8000-000000000001"; },', 1)
open(p, "w").write(s)
PY
screen_has() { tmux_screen | grep -qF -- "$1"; }
# the footer of an :all run that has ended
all_done() { WAIT_SECONDS=30 wait_for sh -c "tmux -L $TMUX_SOCK capture-pane -p -t tt | grep -qE '$1/$1 $2s.* · end'" ||
	fail "the :all run did not end ($1 $2s): $(tmux_screen)"; }
# the id of the configured customer called NAME
customer_id() { grep -F "name = \"$1\";" "$TT_TMP/config" | grep -oE '[0-9a-f]{8}-[0-9a-f-]{27}' | head -1; }

tmux_start 160 30 "$THINGTOP" --config "$TT_TMP/config" --profile kpn
tmux_wait_for "BARCODE"
WAIT_SECONDS=20 wait_for sh -c "tmux -L $TMUX_SOCK capture-pane -p -t tt | head -1 | grep -qE 'pages? ·'" ||
	fail "the list did not load: $(tmux_screen)"
: >"$SIM_LOG"

# 1. :all — every configured customer, one table, the refused one failed
tmux_keys : all Enter
all_done 6 customer
tmux_screen | grep -qE '^ CUSTOMER +NAME' || fail "no CUSTOMER column: $(tmux_screen | sed -n 1,4p)"
screen_has "ctx: all 6 customers" || fail "the header does not say all customers: $(tmux_screen | head -1)"
screen_has "devices › every customer › " || fail "the scope does not say every customer: $(tmux_screen | head -4)"
screen_has "1 failed (E: which)" || fail "the refused customer is not counted: $(tmux_screen | tail -2)"
for id in ${KPN_CUSTOMER_IDS//,/ }; do
	grep -q "path=/devices?[^ ]* status=200 .* ctx=$id " "$SIM_LOG" || fail "no walk in customer $id: $(cat "$SIM_LOG")"
done
grep -q "path=/devices?[^ ]* status=403 .* ctx=00000000-0000-4000-8000-000000000001 " "$SIM_LOG" ||
	fail "the stranger was not asked"
grep -q 'status=429' "$SIM_LOG" && fail "a 429 during :all"
# rows: the sum of the customers' own lists, each row named by its customer
rows=$(tmux_screen | grep -oE '[0-9,]+ rows · 6/6' | grep -oE '^[0-9,]+' | tr -d ,)
want=0
for id in ${KPN_CUSTOMER_IDS//,/ }; do
	want=$((want + $("$THINGTOP" --config "$TT_TMP/config" --profile kpn --context "$id" --dump devices | wc -l)))
done
assert_eq "$rows" "$want" "rows of :all = the customers' lists together"
# the rows on screen name configured customers (whichever answered first)
named=0
while IFS= read -r name; do
	tmux_screen | grep -E '[0-9a-f]{8}-[0-9a-f]{4}-' | grep -qF "$name " && named=$((named + 1))
done < <(grep -oE 'name = "[^"]*"; id = "[0-9a-f-]{36}"' "$TT_TMP/config" | sed -E 's/name = "([^"]*)".*/\1/')
[ "$named" -ge 1 ] || fail "rows name no customer: $(tmux_screen)"
echo "ok: :all walked every customer, $rows rows, the stranger failed alone"

# 2. E: each customer's state, the 403 named for the stranger
tmux_keys E
tmux_wait_for "every customer: state"
screen_has "5 done, 0 loading, 0 waiting, 1 failed" || fail "E summary: $(tmux_screen)"
tmux_screen | grep -E '^FAILED +Stranger BV' | grep -q 403 || fail "E does not show the stranger's 403: $(tmux_screen)"
tmux_screen | grep -qE '^done +Acme BV' || fail "E does not show Acme BV done: $(tmux_screen)"
tmux_keys q
tmux_wait_for "CUSTOMER"

# 3. Enter on the last row: the detail is asked in that row's customer
tmux_keys G
WAIT_SECONDS=10 wait_for sh -c "tmux -L $TMUX_SOCK capture-pane -p -t tt | grep -qE '^▶'" || fail "no selection"
tmux_keys Enter
tmux_wait_for "· customer "
title=$(tmux_screen | grep -m1 -E '^ *Devices .* · customer ')
who=$(sed -E 's/.* · customer (.*[^ ]) *$/\1/' <<<"$title")
id=$(grep -oE '[0-9a-f]{8}-[0-9a-f-]{27}' <<<"$title" | head -1)
cid=$(customer_id "$who")
[ -n "$id" ] && [ -n "$cid" ] || fail "cannot read the row's id and customer: $title"
WAIT_SECONDS=10 wait_for grep -q "path=/devices/$id status=200 .* ctx=$cid " "$SIM_LOG" ||
	fail "the detail of $id did not go to $who ($cid): $(grep "/devices/$id" "$SIM_LOG")"
echo "ok: Enter asked for the detail in the row's customer ($who)"
# its first related list (downlinks) is that customer's too; q comes back to :all
tmux_keys 1
tmux_wait_for "ctx: $who ("
WAIT_SECONDS=10 wait_for grep -qE "path=/downlinks\?limit=50[^ ]* status=200 .* ctx=$cid " "$SIM_LOG" ||
	fail "the related list did not go to $who: $(grep 'path=/downlinks' "$SIM_LOG")"
tmux_screen | grep -qF "every customer ›" && fail "the scope says every customer in a related list"
tmux_keys q
all_done 6 customer
tmux_screen | grep -qE '^ CUSTOMER +NAME' || fail "no CUSTOMER column after the related list: $(tmux_screen)"
echo "ok: a related list of the row went to $who; q came back to every customer"

# 4. an action on a row: the confirm screen names the row's customer; n sends nothing
tmux_keys a 1 Enter Enter
tmux_wait_for "customer context: $who ($cid)"
tmux_keys n
tmux_wait_for "cancelled: nothing was sent"
grep -q 'method=POST path=/downlinks' "$SIM_LOG" && fail "a POST went out after n"
echo "ok: the confirm screen names the row's customer"

# 5. a filter runs again in every customer; q clears it, q again leaves :all
: >"$SIM_LOG"
tmux_keys / pump Enter
all_done 6 customer
for id in ${KPN_CUSTOMER_IDS//,/ }; do
	grep -q "path=/devices?[^ ]*q=pump[^ ]* status=200 .* ctx=$id " "$SIM_LOG" || fail "q=pump not asked in $id"
done
tmux_keys q
tmux_wait_for "filter cleared"
all_done 6 customer
tmux_keys q
tmux_wait_for "ctx: own account"
WAIT_SECONDS=10 wait_for sh -c "! tmux -L $TMUX_SOCK capture-pane -p -t tt | grep -qF 'every customer'" ||
	fail "the scope still says every customer after q: $(tmux_screen | head -4)"
WAIT_SECONDS=10 wait_for sh -c "! tmux -L $TMUX_SOCK capture-pane -p -t tt | grep -qE '^ CUSTOMER '" ||
	fail "the CUSTOMER column stayed after q: $(tmux_screen)"
screen_has "[exited" && fail "q in :all quit the program"
echo "ok: a filter runs in every customer; q leaves :all"
tmux_keys Q
tmux_wait_for "[exited 0]" 10

# 6. akenza: A on the assets pane goes through the key's workspaces
tmux -L "$TMUX_SOCK" kill-server
tmux_start 160 30 "$THINGTOP" --config "$TT_TMP/config" --profile akenza
tmux_wait_for "DEVEUI"
: >"$SIM_LOG"
tmux_keys A
all_done 4 workspace
tmux_screen | grep -qE '^ WORKSPACE +NAME' || fail "no WORKSPACE column: $(tmux_screen | sed -n 1,4p)"
for ws in ${AKENZA_WORKSPACE_IDS//,/ }; do
	grep -q "path=/v3/assets?[^ ]*workspaceId=$ws[^ ]* status=200" "$SIM_LOG" || fail "no walk in workspace $ws: $(cat "$SIM_LOG")"
done
tmux_keys G Enter
tmux_wait_for "· workspace "
tmux_keys q
tmux_wait_for "WORKSPACE"
tmux_keys Q
tmux_wait_for "[exited 0]" 10
echo "ok: akenza: A went through the 4 workspaces"
