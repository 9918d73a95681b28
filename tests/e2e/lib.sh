# tests/e2e/lib.sh — shared helpers for thingtop's shell tests (sourced, bash).
# Provides: tt_tmpdir, sim_start ARGS..., fail MSG, assert_eq, assert_contains,
# wait_for CMD... (polls up to $WAIT_SECONDS, default 20). Everything started
# here is stopped by the EXIT trap.
set -u

: "${THINGTOP:?run through make check (THINGTOP unset)}"
: "${THINGTOP_SIM:?run through make check (THINGTOP_SIM unset)}"
: "${top_srcdir:=.}"

TT_TMP=""
SIM_PID=""
TT_CLEANUPS=()

tt_on_exit() {
	local c
	for c in "${TT_CLEANUPS[@]}"; do eval "$c" >/dev/null 2>&1 || :; done
	if [ -n "$SIM_PID" ]; then
		kill "$SIM_PID" 2>/dev/null && wait "$SIM_PID" 2>/dev/null
	fi
	[ -n "$TT_TMP" ] && rm -rf "$TT_TMP"
	return 0
}
trap tt_on_exit EXIT
trap 'exit 130' INT TERM

# tt_cleanup CMD: run CMD (a string) when the test exits.
tt_cleanup() { TT_CLEANUPS+=("$1"); }

tt_tmpdir() {
	[ -n "$TT_TMP" ] || TT_TMP=$(mktemp -d "${TMPDIR:-/tmp}/thingtop-test.XXXXXX")
}

fail() {
	echo "FAIL: $*" >&2
	exit 1
}

assert_eq() { # ACTUAL EXPECTED MSG
	[ "$1" = "$2" ] || fail "${3:-values differ}: expected '$2', got '$1'"
}

assert_contains() { # HAYSTACK NEEDLE MSG
	case "$1" in
	*"$2"*) ;;
	*) fail "${3:-text not found}: '$2' not in: $(printf '%s' "$1" | head -c 2000)" ;;
	esac
}

assert_not_contains() { # HAYSTACK NEEDLE MSG
	case "$1" in
	*"$2"*) fail "${3:-unexpected text}: '$2' found" ;;
	*) ;;
	esac
}

# wait_for CMD...: run CMD until it succeeds or WAIT_SECONDS pass.
wait_for() {
	local deadline=$((SECONDS + ${WAIT_SECONDS:-20}))
	until "$@"; do
		[ "$SECONDS" -lt "$deadline" ] || return 1
		sleep 0.1
	done
}

# sim_start ARGS...: start thingtop-sim on a free loopback port with a request log.
# Sets SIM_PID, SIM_PORT, SIM_URL, SIM_LOG. Extra args go to the simulator.
sim_start() {
	local line fifo
	tt_tmpdir
	SIM_LOG="$TT_TMP/sim.log"
	fifo="$TT_TMP/sim.out"
	: >"$SIM_LOG"
	: >"$fifo" # truncate here, not in the child: a restart must not see the old first line
	"$THINGTOP_SIM" --port 0 --log "$SIM_LOG" "$@" >>"$fifo" 2>"$TT_TMP/sim.err" &
	SIM_PID=$!
	wait_for grep -q '^listening on ' "$fifo" ||
		fail "thingtop-sim did not start: $(cat "$TT_TMP/sim.err")"
	line=$(head -1 "$fifo")
	SIM_URL=${line#listening on }
	SIM_PORT=${SIM_URL##*:}
	case "$SIM_PORT" in '' | *[!0-9]*) fail "bad first line from thingtop-sim: $line" ;; esac
}

# sim_config FILE [SIM ARGS...]: write the simulator's thingtop config for the running
# simulator (same seed args) to FILE with mode 0600.
sim_config() {
	local file=$1
	shift
	(umask 077 && "$THINGTOP_SIM" --print-config --port "$SIM_PORT" "$@" >"$file") ||
		fail "thingtop-sim --print-config failed"
}

# --- tmux helpers: the real binary in a real terminal -------------------------
# tmux_start COLS ROWS CMD...: start CMD in a detached tmux session on a private
# server; sets TMUX_SOCK. Stopped by the EXIT trap.
tmux_start() {
	local cols=$1 rows=$2
	shift 2
	command -v tmux >/dev/null || fail "tmux is not installed (./autogen.sh installs it)"
	TMUX_SOCK="tt-test-$$-$RANDOM"
	tt_cleanup "tmux -L $TMUX_SOCK kill-server"
	tmux -L "$TMUX_SOCK" -f /dev/null new-session -d -x "$cols" -y "$rows" -s tt \
		"$(printf '%q ' "$@"); rc=\$?; echo; echo \"[exited \$rc]\"; sleep 30" ||
		fail "tmux could not start"
	tmux -L "$TMUX_SOCK" set-option -g remain-on-exit on >/dev/null
}

# tmux_screen: print the visible screen as text.
tmux_screen() { tmux -L "$TMUX_SOCK" capture-pane -p -t tt; }

# The table view's lines (ui/frame.h, ui/table.c): the header, the pane tabs,
# the scope (the pane, sort and filters in force), the column titles, then
# the rows down to the count line, and the key hints last. Tests name the
# line they read through these, so a change of layout is made here once.
TT_TABS_LINE=2 TT_SCOPE_LINE=3 TT_HEAD_LINE=4 TT_ROW1_LINE=5
screen_tabs() { tmux_screen | sed -n "${TT_TABS_LINE}p"; }
screen_scope() { tmux_screen | sed -n "${TT_SCOPE_LINE}p"; }
screen_colhead() { tmux_screen | sed -n "${TT_HEAD_LINE}p"; }
# screen_row N: the table's N-th row on screen (1: the top one).
screen_row() { tmux_screen | sed -n "$((TT_ROW1_LINE + $1 - 1))p"; }
# screen_rows: every row line, without the count line and the hints under them.
screen_rows() { tmux_screen | sed -n "${TT_ROW1_LINE},\$p" | head -n -2; }
# screen_sel_row: which row on screen is selected (1: the top one), "" for none.
screen_sel_row() {
	local n
	n=$(tmux_screen | grep -n '^▶' | head -1 | cut -d: -f1)
	[ -n "$n" ] && echo $((n - TT_ROW1_LINE + 1))
	return 0
}

# tmux_keys KEY...: send keys (tmux key names, e.g. Enter Escape C-c, or text).
tmux_keys() { tmux -L "$TMUX_SOCK" send-keys -t tt "$@"; }

# tmux_wait_for TEXT [SECONDS]: wait until TEXT is on screen, else fail showing the screen.
tmux_wait_for() {
	local text=$1 deadline=$((SECONDS + ${2:-20}))
	while :; do
		tmux_screen | grep -qF -- "$text" && return 0
		[ "$SECONDS" -lt "$deadline" ] || fail "'$text' did not appear on screen:
$(tmux_screen)"
		sleep 0.1
	done
}

# man_matches_help HELP-TEXT MAN-FILE: the man page's OPTIONS (.It Fl Fl name,
# .It Fl c , Fl Fl name) list exactly the long options the --help text prints,
# and the page lints clean with mandoc when it is installed.
man_matches_help() {
	local help=$1 man=$2 help_opts man_opts lint
	[ -f "$man" ] || fail "no man page at $man"
	help_opts=$(printf '%s\n' "$help" | grep -oE '^ +(-[a-zA-Z], )?--[a-z-]+' | grep -oE -- '--[a-z-]+' | sort -u)
	man_opts=$(grep -E '^\.It Fl' "$man" | grep -oE 'Fl Fl [a-z-]+' | sed 's/Fl Fl /--/' | sort -u)
	[ -n "$help_opts" ] || fail "no options parsed from --help"
	assert_eq "$man_opts" "$help_opts" "$(basename "$man"): OPTIONS and --help list the same options"
	if [ -n "${MANDOC:-}" ]; then
		lint=$("$MANDOC" -T lint -W warning "$man" 2>&1) || :
		[ -z "$lint" ] || fail "mandoc -T lint: $lint"
	fi
}
