#!/usr/bin/env bash
# ui-lookup-late.sh — a lookup typed at / that finds nothing falls back to a
# text search only while its own screen is still open: a user who went back
# to the table before the (slow) answer is told "no item with …" and is not
# handed a search they did not wait for (issue 14, item 1).
source "$top_srcdir/tests/e2e/lib.sh"

sim_start --devices 100 --latency-ms 1500
sim_config "$TT_TMP/config"
since_mark() { tail -n +$(($1 + 1)) "$SIM_LOG"; }

tmux_start 150 30 "$THINGTOP" --config "$TT_TMP/config" --profile kpn
tmux_wait_for "BARCODE"
WAIT_SECONDS=30 wait_for sh -c "tmux -L $TMUX_SOCK capture-pane -p -t tt | head -1 | grep -qE 'pages? ·'" ||
	fail "the list did not finish loading: $(tmux_screen)"
m=$(wc -l <"$SIM_LOG")
tmux_keys / ZZ404404 Enter
tmux_wait_for "looking up"
tmux_keys q   # back to the table before the answer (1.5 s away)
tmux_wait_for "no item with barcode ZZ404404" 30
since_mark "$m" | grep -q "barcode=ZZ404404" || fail "the barcode was not looked up: $(since_mark "$m")"
tmux_screen | grep -q "for it instead" && fail "a late answer started a text search: $(tmux_screen | tail -2)"
since_mark "$m" | grep -q "q=ZZ404404" && fail "a late answer sent a text search: $(since_mark "$m")"
tmux_keys Q
tmux_wait_for "[exited 0]" 10
echo "ok: a late 'none found' is reported, not turned into a search"
