#!/usr/bin/env bash
# ui-forms.sh — partner forms (issue 15, item 7): a 7-digit KvK number is
# refused before sending (the provider file's pattern and hint); the
# server's 400 reopens the form with every value typed; the whole error is
# one key (E) away; the new invitation shows without r.
source "$top_srcdir/tests/e2e/lib.sh"

sim_start
sim_config "$TT_TMP/config"
posts() { grep -c 'method=POST path=/v1/invitations ' "$SIM_LOG" || :; }

tmux_start 80 30 "$THINGTOP" --config "$TT_TMP/config" --profile partner
tmux_wait_for "150 rows"
tmux_keys a
tmux_wait_for "invite"
tmux_keys 1 Enter
tmux_wait_for "companyName"
tmux_keys -l "Veldtest BV"
tmux_keys Enter
tmux_wait_for "kvkNumber (8 digits"
tmux_keys 1234567 Enter
tmux_wait_for "not 8 digits"
tmux_screen | tail -1 | grep -q "kvkNumber (8 digits): 1234567" || fail "the refused value is not offered again: $(tmux_screen | tail -1)"
assert_eq "$(posts)" 0 "a 7-digit KvK number was sent"
tmux_keys C-u 12345678 Enter
tmux_wait_for "email"
tmux_keys nope Enter
tmux_wait_for "send this? [y/N]"
tmux_keys y
# the server's 400: the form comes back with what was typed
tmux_wait_for "refused (E: why"
tmux_screen | tail -1 | grep -q "companyName: Veldtest BV" || fail "the refused form lost the company: $(tmux_screen | tail -1)"
assert_eq "$(posts)" 1 "one POST (the refused one)"
tmux_keys Enter
tmux_wait_for "kvkNumber (8 digits): 12345678"
tmux_keys Enter
tmux_wait_for "email: nope"
tmux_keys C-u -l "ops@example.com"
tmux_keys Enter
tmux_wait_for "send this? [y/N]"
tmux_keys y
tmux_wait_for "HTTP 201"
tmux_keys q
# the list is asked for again after the write: the new invitation is in
tmux_wait_for "151 rows"
# E: the last error (the 400) in full, though the status line cut it
tmux_keys E
tmux_wait_for "last error"
tmux_screen | tr -s ' \n' ' ' | grep -q "must be an e-mail address (a string containing @)" ||
	fail "E does not show the whole error: $(tmux_screen)"
tmux_keys Escape
tmux_wait_for "151 rows"
tmux_keys Q
tmux_wait_for "[exited 0]" 10
echo ok
