#!/usr/bin/env bash
# ui-related-others.sh — the related lists of the other shipped providers
# (issue 14 item 2): an akenza asset's recent samples (GET …/query with the
# topic, limit and skip akenza's clients send, accepted by the strict
# simulator) under its detail and opened with 1; a partner invitation's
# credit report under its detail, and why there is none yet.
source "$top_srcdir/tests/e2e/lib.sh"

sim_start --devices 100
sim_config "$TT_TMP/config"
since_mark() { tail -n +$(($1 + 1)) "$SIM_LOG"; }
loaded() { WAIT_SECONDS=20 wait_for sh -c "tmux -L $TMUX_SOCK capture-pane -p -t tt | head -1 | grep -qE 'pages? ·'" ||
	fail "the list did not finish loading: $(tmux_screen)"; }

tmux_start 150 40 "$THINGTOP" --config "$TT_TMP/config" --profile akenza
tmux_wait_for " rows"
loaded
id=$(tmux_screen | grep -m1 '▶' | grep -oE '\b02[0-9a-f]{14}\b' | head -1)
name=$(tmux_screen | grep -m1 '▶' | sed -e 's/^▶//' -e 's/  .*//')
[ -n "$id" ] || fail "no selected asset: $(tmux_screen)"
m=$(wc -l <"$SIM_LOG")
tmux_keys Enter
tmux_wait_for "── 1 recent samples ──"
tmux_keys G # the end of the detail
tmux_wait_for "1 lists them all"
tmux_screen | grep -qE '^  timestamp: .* · temperature: ' || fail "the samples are not shown readably: $(tmux_screen)"
since_mark "$m" | grep -q "method=GET path=/v3/devices/$id/query?topic=\*&limit=20&skip=0 status=200 " ||
	fail "the recent samples were not asked for: $(since_mark "$m")"
tmux_keys 1
tmux_wait_for "assets › $name › recent samples"
[ "$(tmux_screen | grep -c '^  timestamp: ')" -gt 5 ] || fail "the opened list shows only the first rows: $(tmux_screen)"
tmux_keys q
tmux_wait_for "── latest sample ──"
tmux_keys q Q
tmux_wait_for "[exited 0]" 10
echo "ok: an akenza asset's recent samples under its detail, all of them with 1"

tmux_start 150 40 "$THINGTOP" --config "$TT_TMP/config" --profile partner
tmux_wait_for " rows"
loaded
# a completed invitation has a report; the first row may not be one
tmux_keys / COMPLETED Enter
tmux_wait_for "narrowed"
code=$(tmux_screen | grep -m1 '▶' | grep -oE 'INV-[0-9A-F]+' | head -1)
[ -n "$code" ] || fail "no completed invitation selected: $(tmux_screen)"
m=$(wc -l <"$SIM_LOG")
tmux_keys Enter
tmux_wait_for "── 1 credit report ──"
tmux_wait_for "creditScore:"
since_mark "$m" | grep -q "method=GET path=/v1/invitations/$code/credit-report status=200 " ||
	fail "the credit report was not asked for: $(since_mark "$m")"
tmux_keys q Escape
loaded
tmux_keys / EXPIRED Enter
tmux_wait_for "narrowed"
tmux_keys Enter
tmux_wait_for "── 1 credit report ──"
tmux_wait_for "No credit report yet"
tmux_keys q Q
tmux_wait_for "[exited 0]" 10
echo "ok: a partner invitation's credit report under its detail, and why there is none yet"
