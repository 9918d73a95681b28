#!/usr/bin/env bash
# ui-screens.sh — the README's screens, taken from the real dashboard at
# 100x30 against the simulator: devices table, context switch prompt, detail,
# request log, help, downlink confirm, plus the complete key table (the help
# view at full height, which is generated from the request table in
# ui/request.h, so no key is missing). Each screen is checked for what it must show; with
# UI_SCREENS_OUT=FILE the captures are also written there as Markdown.
source "$top_srcdir/tests/e2e/lib.sh"

sim_start --devices 240
sim_config "$TT_TMP/config"
eval "$("$THINGTOP_SIM" --print-credentials)"
c1=${KPN_CUSTOMER_IDS%%,*}
name=$("$THINGTOP" --config "$TT_TMP/config" --profile kpn --list contexts | head -1)
loaded() { WAIT_SECONDS=20 wait_for sh -c "tmux -L $TMUX_SOCK capture-pane -p -t tt | head -1 | grep -qE 'pages? ·'" ||
	fail "the list did not finish loading: $(tmux_screen)"; }
out=$TT_TMP/screens.md
: >"$out"
shot() { # TITLE: append the current screen (trailing blanks trimmed), checking its width
	local s
	s=$(tmux_screen | sed -e 's/[[:space:]]*$//')
	printf '%s\n' "$s" | python3 -c '
import sys, unicodedata
for l in sys.stdin.read().split("\n"):
    w = sum(2 if unicodedata.east_asian_width(c) in "WF" else 0 if unicodedata.combining(c) else 1 for c in l)
    if w > int(sys.argv[1]): sys.exit("line wider than the terminal: %r" % l)' "${2:-100}" || fail "$1: a line overflows"
	printf '### %s\n\n```text\n%s\n```\n\n' "$1" "$s" >>"$out"
}

# Devices table, then the context prompt
tmux_start 100 30 "$THINGTOP" --config "$TT_TMP/config" --profile kpn
tmux_wait_for " rows"
loaded
tmux_screen | grep -q "── end · 240 rows" || fail "the end of the list is not marked: $(tmux_screen)"
# at 100 columns every name fits (KPN device items have no DevEUI column since
# they carry none); 90 columns cut the longest names, which must end in …
tmux -L "$TMUX_SOCK" resize-window -t tt -x 90 -y 30
cut() { screen_rows | grep -q '^[ ▶][^ ].*… [0-9a-f]\{8\}-[0-9a-f]\{4\}'; }
WAIT_SECONDS=5 wait_for cut || fail "a name cut to fit its column does not end in …: $(screen_rows | head -6)"
tmux -L "$TMUX_SOCK" resize-window -t tt -x 100 -y 30
redrawn() { screen_colhead | grep -q 'NAME                           ID'; }
WAIT_SECONDS=5 wait_for redrawn || fail "no redraw at 100 columns: $(screen_colhead)"
shot "Devices (KPN, own account)"
tmux_keys c "${name:0:3}"
tmux_wait_for "${name:0:3}"
shot "Switching customer (c, Tab completes)"
tmux_keys C-u "$name" Enter
tmux_wait_for "ctx: $name"
loaded
# the status wins over the key hints, which give way whole: never "L reque"
hints=" / filter  s sort  f since  c customer  a action  Enter detail  L requests  ? help  Q quit "
# and "switching context to X" turns into "context: X" once the new list is in
WAIT_SECONDS=10 wait_for sh -c "tmux -L $TMUX_SOCK capture-pane -p -t tt | tail -1 | grep -qF 'context: $name'" ||
	fail "the status still says the switch is under way: $(tmux_screen | tail -1)"
last=$(tmux_screen | tail -1)
shown=${last%%context: *}
shown=$(printf '%s' "$shown" | sed -e 's/[[:space:]]*$//')
# every hint shown is a whole one (they give way from the right, "? help"
# and "Q quit" last)
printf '%s\n' "$shown" | sed 's/^ //; s/  /\n/g' | while IFS= read -r h; do
	case "$hints" in *" $h "*) ;; *) fail "a key hint was cut mid-word: '$h' in '$shown'" ;; esac
done || exit 1
case "$shown" in *"? help  Q quit") ;; *) fail "'? help' and 'Q quit' gave way: '$shown'" ;; esac
shot "Devices in a customer context"

# Detail of the selected device
tmux_keys Enter
tmux_wait_for 'CREATED:'
shot "Detail (Enter or d; / searches, q backs out)"
tmux_keys q
tmux_wait_for "── end"

# Downlink confirm: exactly what will be sent, and to whom
tmux_keys a
tmux_wait_for "downlink"
tmux_keys 1 Enter
tmux_wait_for "message"
tmux_keys C-u 0a0b Enter
tmux_wait_for "send this? [y/N]"
tmux_screen | grep -q "$c1" || fail "the confirm screen does not name the customer"
shot "Downlink confirmation (a, 1)"
tmux_keys n
tmux_wait_for "cancelled: nothing was sent"

# Request log
tmux_keys L
tmux_wait_for "GET"
shot "Request log (L or :log)"
tmux_keys q

# Help at 100x30 as it appears, and at full height for the complete key table
tmux_keys '?'
tmux_wait_for "KEYS"
shot "Help (?)"
tmux -L "$TMUX_SOCK" resize-window -t tt -x 140 -y 60
tmux_wait_for "pane-N"
keys=$(tmux_screen | sed -n '/^ *KEYS/,/pane-N/p' | sed -n '3,$p' | sed -e 's/[[:space:]]*$//')
n=$(printf '%s\n' "$keys" | grep -c .)
want=$(($(grep -c '^	R(' "$top_srcdir/ui/request.h") + 1))
printf '%s\n' "$keys" | cut -c1-18 | awk '{ for (i = 1; i <= NF; i++) if (seen[NR, $i]++) { print; exit 1 } }' ||
	fail "a key is listed twice for one action"
[ "$n" -ge "$want" ] || fail "the key table has $n entries, the action table $want: $keys"
{
	printf '### Keys (generated from the request table in ui/request.h)\n\n'
	printf '| Keys | Action | What it does |\n|---|---|---|\n'
	printf '%s\n' "$keys" | python3 -c '
import re, sys
for l in sys.stdin.read().split("\n"):
    if not l.strip(): continue
    m = re.match(r"^  (.{16}) (\S+)\s+(.*)$", l)
    if not m: sys.exit("unparsed help line: %r" % l)
    k = " ".join("`%s`" % x for x in m.group(1).split()) if m.group(1).strip() != "1-9" else "`1`-`9`"
    print("| %s | %s | %s |" % (k.replace("|", "\\|"), m.group(2), m.group(3).replace("|", "\\|")))'
	printf '\nEvery binding can be changed in the config (`keys = { devices = { "ctrl-d" = "downlink"; }; }`).\n\n'
} >>"$out" || fail "the key table could not be built"
tmux_keys q Q
tmux_wait_for "[exited 0]" 10

if [ -n "${UI_SCREENS_OUT:-}" ]; then
	{
		printf '# thingtop screens (tests/e2e/ui-screens.sh, tmux 100x30, thingtop-sim --devices 240)\n\n'
		cat "$out"
	} >"$UI_SCREENS_OUT"
	echo "wrote $UI_SCREENS_OUT"
fi
echo "ok: $(grep -c '^### ' "$out") screens, $n keys"
