#!/usr/bin/env bash
# ui-switch.sh — Enter in the tenants pane switches the customer every time
# (issue 15, item 1): `1`, pick a customer, Enter opens the devices pane with
# that customer's badge and the list asked for with its header — 20 switches
# in a row, none lost to a second query without the customer, each one said
# in the status ("context: NAME").
source "$top_srcdir/tests/e2e/lib.sh"

sim_start --devices 300
sim_config "$TT_TMP/config"
names=("Acme BV" "Waterschap Noord" "Gemeente Delft" "Bakkerij Jansen & Zn")
ids=()
for n in "${names[@]}"; do
	ids+=("$(grep -F "name = \"$n\"" "$TT_TMP/config" | sed 's/.*id = "\([^"]*\)".*/\1/')")
done
[ -n "${ids[0]}" ] || fail "no customer ids in the config (test set-up)"

tmux_start 140 30 "$THINGTOP" --config "$TT_TMP/config" --profile kpn
tmux_wait_for "pages ·"
for i in $(seq 0 21); do
	k=$((i % 4))
	m=$(wc -l <"$SIM_LOG")
	tmux_keys 1
	tmux_wait_for "own account"
	tmux_keys g
	for _ in $(seq 0 "$k"); do tmux_keys j; done
	tmux_keys Enter
	tmux_wait_for "BARCODE"
	WAIT_SECONDS=15 wait_for sh -c "tmux -L $TMUX_SOCK capture-pane -p -t tt | head -1 | grep -qF 'ctx: ${names[$k]} (' && tmux -L $TMUX_SOCK capture-pane -p -t tt | head -1 | grep -qE 'pages? ·'" ||
		fail "switch $i: Enter on ${names[$k]} did not switch: $(tmux_screen | head -3)"
	# and says so once the customer's list is in
	WAIT_SECONDS=10 wait_for sh -c "tmux -L $TMUX_SOCK capture-pane -p -t tt | tail -1 | grep -qF 'context: ${names[$k]}'" ||
		fail "switch $i: no 'context: ${names[$k]}' status: $(tmux_screen | tail -1)"
	# every devices list asked for after the Enter went with the customer (a
	# list: /devices?…; a row's network adapters, fetched for the rows on
	# screen, go with the tenant of those rows)
	bad=$(tail -n +$((m + 1)) "$SIM_LOG" | grep 'path=/devices?' | grep -v "ctx=${ids[$k]}" || :)
	[ -z "$bad" ] || fail "switch $i: a devices list went without ${names[$k]}: $bad"
done
tmux_keys Q
tmux_wait_for "[exited 0]" 10
echo ok
