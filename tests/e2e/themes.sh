#!/usr/bin/env bash
# themes.sh — every theme renders under xterm-256color, screen, vt100 and linux
# with only the colours the terminal has (captured with tmux capture-pane -e);
# mono, NO_COLOR and --no-color draw attributes only; --ascii draws no line
# characters; an unknown theme or a broken theme file is a clear error naming
# the file and line.
source "$top_srcdir/tests/e2e/lib.sh"

sim_start --devices 120
sim_config "$TT_TMP/config"

command -v tmux >/dev/null || fail "tmux is not installed (./autogen.sh installs it)"
SOCK="tt-themes-$$-$RANDOM"
tt_cleanup "tmux -L $SOCK kill-server"
tmux -L "$SOCK" -f /dev/null new-session -d -x 100 -y 30 -s idle "sleep 120" || fail "tmux could not start"

themes="default dark light solarized mono"
terms="xterm-256color screen vt100 linux"
n=0
run() { # SESSION ENV... -- ARGS...
	local name=$1
	shift
	tmux -L "$SOCK" new-session -d -x 100 -y 30 -s "$name" \
		"$(printf '%q ' env "$@"); echo \"[exited \$?]\"; sleep 60"
	n=$((n + 1))
}
for t in $terms; do
	for th in $themes; do
		run "$t-$th" TERM="$t" "$THINGTOP" --config "$TT_TMP/config" --profile kpn --theme "$th"
	done
done
run nocolor-env TERM=xterm-256color NO_COLOR=1 "$THINGTOP" --config "$TT_TMP/config" --profile kpn --theme solarized
run nocolor-opt TERM=xterm-256color "$THINGTOP" --config "$TT_TMP/config" --profile kpn --theme dark --no-color
run ascii TERM=xterm-256color "$THINGTOP" --config "$TT_TMP/config" --profile kpn --ascii
run utf8 TERM=xterm-256color "$THINGTOP" --config "$TT_TMP/config" --profile kpn

cap() { tmux -L "$SOCK" capture-pane -e -p -t "$1"; }
ready() { cap "$1" | grep -q "120 rows"; }
esc=$'\e'
# colour SGR parameters: 30-37/40-47 basic, 90-97/100-107 bright, 38;5/48;5 256, 38;2 RGB
colours() { cap "$1" | grep -oE "$esc\\[[0-9;]*m" | grep -oE '(^|\[|;)(3[0-8]|4[0-8]|9[0-7]|10[0-7])(;5;[0-9]+|;2;[0-9;]+)?' | sed 's/^[[;]//' | sort -u; }

for s in $(tmux -L "$SOCK" list-sessions -F '#{session_name}' | grep -v '^idle$'); do
	WAIT_SECONDS=30 wait_for ready "$s" || fail "$s: the table did not load:
$(tmux -L "$SOCK" capture-pane -p -t "$s")"
done

for t in $terms; do
	for th in $themes; do
		s="$t-$th"
		c=$(colours "$s" | tr '\n' ' ')
		case "$th:$t" in
		mono:* | *:vt100)
			[ -z "$c" ] || fail "$s: colours on a terminal or theme without them: $c" ;;
		*:xterm-256color)
			[ -n "$c" ] || fail "$s: no colours at all" ;;
		*)  # 8-colour terminals: basic colours only
			[ -n "$c" ] || fail "$s: no colours at all"
			bad=$(colours "$s" | grep -vE '^(3[0-7]|4[0-7]|39|49)$' | tr '\n' ' ')
			[ -z "$bad" ] || fail "$s: colours the terminal does not have: $bad" ;;
		esac
		# the selected row stays visible without colour: reverse video somewhere
		case "$th:$t" in mono:* | *:vt100)
			cap "$s" | grep -qE "$esc\\[([0-9;]*;)?7(;[0-9;]*)?m" || fail "$s: no reverse video for the selection" ;;
		esac
	done
done
for th in dark solarized; do
	colours "xterm-256color-$th" | grep -q ';5;' || fail "$th on xterm-256color: no 256-colour codes"
done
colours xterm-256color-default | grep -q ';5;' && fail "default theme must keep to the 8 basic colours"
[ -z "$(colours nocolor-env)" ] || fail "NO_COLOR=1: colours drawn: $(colours nocolor-env | tr '\n' ' ')"
[ -z "$(colours nocolor-opt)" ] || fail "--no-color: colours drawn"
cap ascii | grep -qE '─|▶|▲|▼|⟳|–' && fail "--ascii: line-drawing characters drawn:
$(cap ascii)"
cap utf8 | grep -qE '▶' || fail "UTF-8 locale: expected the ▶ selection marker:
$(cap utf8)"

# An unknown theme: exit 1 before the terminal is touched, listing the themes.
out=$("$THINGTOP" --config "$TT_TMP/config" --profile kpn --theme nosuch 2>&1 </dev/null)
rc=$?
assert_eq "$rc" 1 "unknown theme exit status"
assert_contains "$out" "no theme named 'nosuch'" "unknown theme message"
assert_contains "$out" "default, light, mono, solarized" "unknown theme hint lists the themes"

# A user theme with a typo: the file and line are named.
mkdir -p "$TT_TMP/themes"
printf 'description = "mine";\nnormal = { fg = "white"; };\nheadr = { fg = "red"; };\n' >"$TT_TMP/themes/mine.conf"
out=$(THINGTOP_THEMES_DIR="$TT_TMP/themes" "$THINGTOP" --config "$TT_TMP/config" --profile kpn --theme mine 2>&1 </dev/null)
assert_contains "$out" "$TT_TMP/themes/mine.conf:3: unknown theme element 'headr'" "bad element names file:line"
printf 'normal = { fg = "#12345"; };\n' >"$TT_TMP/themes/mine.conf"
out=$(THINGTOP_THEMES_DIR="$TT_TMP/themes" "$THINGTOP" --config "$TT_TMP/config" --profile kpn --theme mine 2>&1 </dev/null)
assert_contains "$out" "mine.conf:1: normal.fg is not a colour" "bad colour names file:line"
# the theme named in the config file is used too
sed -i '1i theme = "nosuch2";' "$TT_TMP/config"
out=$("$THINGTOP" --config "$TT_TMP/config" --profile kpn 2>&1 </dev/null)
assert_contains "$out" "no theme named 'nosuch2'" "theme = in the config"
echo "ok: $n sessions across $(wc -w <<<"$terms") terminals and $(wc -w <<<"$themes") themes"
