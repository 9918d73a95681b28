#!/usr/bin/env bash
# ui-terminal.sh — the dashboard as a terminal program: it fits 80x24 and
# redraws on resize, UTF-8 names line up by display width, hostile names from
# the network cannot drive the terminal (title, clipboard, layout), and every
# way out — Q, SIGINT, SIGTERM, SIGHUP — leaves the terminal as it found it.
source "$top_srcdir/tests/e2e/lib.sh"

sim_start --devices 200 --fault hostile
sim_config "$TT_TMP/config"

# aligned: every table row's ID (a UUID prefix) starts at the same display
# column — or, where the terminal is too narrow for the UUID (issue 15: whole
# columns go by priority), its barcode
aligned() {
	tmux_screen >"$TT_TMP/screen"
	python3 - "$TT_TMP/screen" "$1" <<'PY'
import re, sys, unicodedata
cols = int(sys.argv[2])
def width(s):
    w = 0
    for ch in s:
        if unicodedata.combining(ch) or unicodedata.category(ch) in ("Cf", "Mn", "Me"):
            continue
        w += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return w
lines = open(sys.argv[1], encoding="utf-8", errors="replace").read().split("\n")
starts = set()
rows = 0
for line in lines:
    if width(line) > cols:
        print("line wider than the terminal:", repr(line)); sys.exit(1)
    m = re.search(r"[0-9a-f]{8}-[0-9a-f]{4}|BC[0-9]{8}", line)
    if m and not line.startswith(" thingtop"):
        starts.add(width(line[:m.start()]))
        rows += 1
if rows < 5:
    print("too few table rows on screen:", rows); sys.exit(1)
if len(starts) != 1:
    print("the ID column is not aligned: starts at display columns", sorted(starts)); sys.exit(1)
PY
}
frame_ok() { # COLS ROWS: header on line 1, key hints on the last line, rows aligned
	local s
	s=$(tmux_screen)
	[ "$(printf '%s\n' "$s" | head -1 | cut -c1-9)" = " thingtop" ] || return 1
	printf '%s\n' "$s" | sed -n "${2}p" | grep -q "filter" || return 1
	aligned "$1" >/dev/null
}

tmux_start 80 24 "$THINGTOP" --config "$TT_TMP/config" --profile kpn
tmux -L "$TMUX_SOCK" set -g set-clipboard on >/dev/null
tmux_wait_for "200 rows"
frame_ok 80 24 || fail "80x24: $(aligned 80)
$(tmux_screen)"
screen_colhead | grep -q "CREATED" || fail "80x24: the columns did not shrink to show CREATED: $(screen_colhead)"
for size in "120 40" "60 20" "100 30" "80 24"; do
	set -- $size
	tmux -L "$TMUX_SOCK" resize-window -t tt -x "$1" -y "$2"
	WAIT_SECONDS=5 wait_for frame_ok "$1" "$2" || fail "after resizing to $1x$2: $(aligned "$1")
$(tmux_screen)"
	tmux_screen | head -1 | grep -q " 200 rows" || fail "$1x$2: the header lost the row count: $(tmux_screen | head -1)"
done
echo "ok: 80x24 and live resizes, UTF-8 aligned"

# hostile names: escapes shown as placeholders, nothing reaches the terminal
raw_ok() { # WHAT: nothing injected in the current screen (capture -e keeps the escapes tmux saw)
	tmux -L "$TMUX_SOCK" capture-pane -e -p -t tt >"$TT_TMP/raw"
	grep -q $'\e]' "$TT_TMP/raw" && fail "$1: an OSC sequence is on screen"
	grep -q $'\eP' "$TT_TMP/raw" && fail "$1: a DCS sequence is on screen"
	LC_ALL=C grep -q $'\r' "$TT_TMP/raw" && fail "$1: a raw CR is on screen"
	python3 -c 'import sys; open(sys.argv[1], encoding="utf-8").read()' "$TT_TMP/raw" 2>/dev/null ||
		fail "$1: invalid UTF-8 reached the screen"
	local t
	t=$(tmux -L "$TMUX_SOCK" display -p -t tt '#{pane_title}')
	case "$t" in *owned* | *compromised*) fail "$1: the terminal title changed: $t" ;; esac
	[ -z "$(tmux -L "$TMUX_SOCK" list-buffers 2>/dev/null)" ] || fail "$1: an OSC 52 clipboard write got through"
	return 0
}
# named states, not a sleep: the last row selected (G), then the first again (g)
first_row_selected() { screen_row 1 | grep -q '^▶'; }
tmux_keys G
WAIT_SECONDS=10 wait_for eval '! first_row_selected' || fail "G did not move to the last row: $(screen_colhead; screen_row 1)"
tmux_keys g
WAIT_SECONDS=10 wait_for first_row_selected || fail "g did not select the first row: $(screen_colhead; screen_row 1)"
raw_ok "table"
# the detail and the request log of hostile items: rows 1 (ESC[2J), 6 (OSC 52),
# 11 (OSC 0 title), 16 (CR LF inside the name), 21 (invalid UTF-8)
for row in 1 6 11 16 21; do
	tmux_keys g
	for ((i = 0; i < row; i++)); do tmux_keys j; done
	tmux_keys Enter
	tmux_wait_for 'NAME:'
	raw_ok "detail of row $row"
	case $row in 16) tmux_screen | grep '^NAME:' | grep -q "line one.*line two" ||
		fail "the CR LF in a name broke the detail line: $(tmux_screen | grep -A1 '^NAME:')" ;; esac
	tmux_keys q
	tmux_wait_for "── end"
done
tmux_keys L
tmux_wait_for "GET"
raw_ok "request log"
tmux_keys q g
tmux_wait_for "system compromised"
title=$(tmux -L "$TMUX_SOCK" display -p -t tt '#{pane_title}')
case "$title" in *compromised* | *pwn* | *thingtop-hostile*) fail "a device name changed the terminal title: $title" ;; esac
[ -z "$(tmux -L "$TMUX_SOCK" list-buffers 2>/dev/null)" ] || fail "an OSC 52 clipboard write got through: $(tmux -L "$TMUX_SOCK" list-buffers)"
tmux -L "$TMUX_SOCK" capture-pane -e -p -t tt >"$TT_TMP/raw"
grep -q $'\e]' "$TT_TMP/raw" && fail "an OSC sequence is on screen"
LC_ALL=C grep -q $'\r' "$TT_TMP/raw" && fail "a raw CR is on screen"
python3 -c 'import sys; open(sys.argv[1], encoding="utf-8").read()' "$TT_TMP/raw" 2>/dev/null || fail "invalid UTF-8 reached the screen"
aligned 80 || fail "hostile names broke the layout"
grep -q "system compromised" "$TT_TMP/raw" || fail "the hostile fleet is not on screen (test set-up)"
echo "ok: hostile names kept in their cells"

# every way out restores the terminal
quit_with() { # HOW EXPECTED-STATUS
	local how=$1 want=$2 pid
	tmux -L "$TMUX_SOCK" kill-server 2>/dev/null
	tmux_start 80 24 "$THINGTOP" --config "$TT_TMP/config" --profile kpn
	tmux_wait_for "200 rows"
	[ "$(tmux -L "$TMUX_SOCK" display -p -t tt '#{alternate_on}')" = 1 ] || fail "$how: not on the alternate screen while running"
	case $how in
	Q) tmux_keys Q ;;
	*)
		pid=$(pgrep -f -n "$THINGTOP --config $TT_TMP/config --profile kpn$") || fail "no thingtop process"
		kill "-$how" "$pid" ;;
	esac
	tmux_wait_for "[exited $want]" 10
	[ "$(tmux -L "$TMUX_SOCK" display -p -t tt '#{alternate_on}')" = 0 ] || fail "$how: left on the alternate screen"
	[ "$(tmux -L "$TMUX_SOCK" display -p -t tt '#{cursor_flag}')" = 1 ] || fail "$how: the cursor is still hidden"
	tmux_screen | grep -q "thingtop  kpn" && fail "$how: the dashboard is still on the normal screen"
	echo "ok: $how restores the terminal (exit $want)"
}
quit_with Q 0
quit_with INT 0
quit_with TERM 143
quit_with HUP 129
exit 0
