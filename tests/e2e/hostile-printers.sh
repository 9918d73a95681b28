#!/usr/bin/env bash
# hostile-printers.sh — no byte from a file or the network reaches the terminal
# unsanitised on the paths that print without the dashboard: --dump errors and
# hints (customer and profile names from a crafted snapshot or config), --list,
# usage errors, --check. Each command runs on a real pty (python3's pty module)
# and its raw output is scanned for ESC, BEL and C1 controls.
source "$top_srcdir/tests/e2e/lib.sh"

sim_start --devices 40
sim_config "$TT_TMP/config"
cfg="$TT_TMP/config"
evil=$'Acme\e]0;owned\a\e]52;c;cm0gLXJmIH4K\a\e[2J\x9b31m BV'

# on_pty OUT CMD...: run CMD with stdin, stdout and stderr on one pty; save all it wrote to OUT
on_pty() {
	local out=$1
	shift
	python3 - "$out" "$@" <<'EOF'
import os, pty, sys
out = open(sys.argv[1], "wb")
pid, fd = pty.fork()
if pid == 0:
    os.execv(sys.argv[2], sys.argv[2:])
while True:
    try:
        b = os.read(fd, 65536)
    except OSError:
        break
    if not b:
        break
    out.write(b)
os.waitpid(pid, 0)
EOF
}
raw_clean() { # FILE WHAT (--dump's own progress line, \r ESC [ K, is allowed)
	local f="$1.scan"
	[ -s "$1" ] || fail "$2: printed nothing (test set-up)"
	LC_ALL=C sed 's/\r\x1b\[K/\r/g' "$1" >"$f"
	LC_ALL=C grep -q $'\e' "$f" && fail "$2: an ESC reached the terminal: $(od -c "$f" | head -5)"
	LC_ALL=C grep -q $'\a' "$f" && fail "$2: a BEL reached the terminal"
	LC_ALL=C grep -qP '\xc2[\x80-\x9f]' "$f" && fail "$2: a C1 control reached the terminal"
	LC_ALL=C grep -qP '(?<![\xc0-\xff])\x9b' "$f" && fail "$2: a raw CSI byte reached the terminal"
	echo "ok: $2"
}

# 1. a config whose customer and profile names carry escapes
python3 - "$cfg" "$evil" <<'EOF'
import sys
path, evil = sys.argv[1], sys.argv[2]
s = open(path, encoding="utf-8", errors="surrogateescape").read()
esc = evil.replace("\\", "\\\\").replace("\x1b", "\\x1b").replace("\a", "\\x07").replace("\x9b", "\\x9b")
s = s.replace('name = "Acme BV"', 'name = "%s"' % esc, 1)
s = s.replace('name = "partner"', 'name = "%s"' % esc, 1)
open(path, "w", encoding="utf-8", errors="surrogateescape").write(s)
EOF
chmod 600 "$cfg"
grep -q 'owned' "$cfg" || fail "the hostile names are not in the config (test set-up)"
on_pty "$TT_TMP/o1" "$THINGTOP" --config "$cfg" --profile kpn --context "Nobody GmbH" --dump devices
LC_ALL=C grep -q 'Acme.*BV' "$TT_TMP/o1" || fail "the unknown-context hint does not list the customer names (test set-up): $(cat "$TT_TMP/o1")"
raw_clean "$TT_TMP/o1" "--dump error hint listing customer names from the config"
on_pty "$TT_TMP/o2" "$THINGTOP" --config "$cfg" --profile nosuch --dump devices
LC_ALL=C grep -q 'Acme.*BV' "$TT_TMP/o2" || fail "the unknown-profile hint does not list the profile names (test set-up): $(cat "$TT_TMP/o2")"
raw_clean "$TT_TMP/o2" "--dump error hint listing profile names from the config"
on_pty "$TT_TMP/o3" "$THINGTOP" --config "$cfg" --list profiles
raw_clean "$TT_TMP/o3" "--list profiles"
on_pty "$TT_TMP/o4" "$THINGTOP" --config "$cfg" --profile kpn --list contexts
raw_clean "$TT_TMP/o4" "--list contexts"

# 2. a snapshot handed over by a colleague: its header names the customers
sim_config "$cfg"
"$THINGTOP" --config "$cfg" --profile kpn --context "Acme BV" --snapshot "$TT_TMP/snap" --dump devices >/dev/null ||
	fail "could not record a snapshot (test set-up)"
python3 - "$TT_TMP/snap" "$evil" <<'EOF'
import json, sys
path, evil = sys.argv[1], sys.argv[2]
evil = evil.replace("\udc9b", "\u009b")  # the raw 0x9b byte as the C1 control U+009B (JSON has no bytes)
lines = open(path, encoding="utf-8").read().split("\n")
lines[0] = lines[0].replace("Acme BV", json.dumps(evil)[1:-1])
open(path, "w", encoding="utf-8").write("\n".join(lines))
EOF
grep -q 'owned' "$TT_TMP/snap" || fail "the hostile name is not in the snapshot header (test set-up)"
on_pty "$TT_TMP/o5" "$THINGTOP" --open "$TT_TMP/snap" --context "Nobody GmbH" --dump devices
LC_ALL=C grep -q 'Acme.*BV' "$TT_TMP/o5" || fail "the snapshot's customer names are not in the hint (test set-up): $(cat "$TT_TMP/o5")"
raw_clean "$TT_TMP/o5" "--open SNAPSHOT error hint listing its customer names"

# 3. usage errors quote argv
on_pty "$TT_TMP/o6" "$THINGTOP" --format "$evil"
raw_clean "$TT_TMP/o6" "usage error quoting --format"
on_pty "$TT_TMP/o7" "$THINGTOP" --list "$evil"
raw_clean "$TT_TMP/o7" "usage error quoting --list"
on_pty "$TT_TMP/o8" "$THINGTOP" "$evil"
raw_clean "$TT_TMP/o8" "usage error quoting an argument"

# 4. --check and --dump --format table/csv on a terminal, with hostile names from the network
kill "$SIM_PID" && wait "$SIM_PID" 2>/dev/null
SIM_PID=
sim_start --devices 40 --fault hostile
sim_config "$cfg"
on_pty "$TT_TMP/o9" "$THINGTOP" --config "$cfg" --profile kpn --check
raw_clean "$TT_TMP/o9" "--check with hostile names"
for fmt in table csv jsonl; do
	on_pty "$TT_TMP/o10" "$THINGTOP" --config "$cfg" --profile kpn --dump devices --format "$fmt"
	grep -q 'compromised' "$TT_TMP/o10" || fail "no hostile name in --dump $fmt (test set-up)"
	raw_clean "$TT_TMP/o10" "--dump --format $fmt on a terminal"
done
exit 0
