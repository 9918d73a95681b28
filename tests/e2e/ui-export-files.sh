#!/usr/bin/env bash
# ui-export-files.sh — :export in the dashboard against
# tests/hostile/hostile_server.py (issue 16, items 6 and 9):
# - an existing 0644 file of the user is rewritten and left 0600 (the status
#   line says 0600; it used to stay 0644);
# - a symbolic link is refused and what it points to is left alone;
# - a file owned by another user is refused and left alone (needs root to
#   arrange: skipped, and said so, otherwise);
# - cells starting with = + - @ are neutralised with a leading ' exactly as
#   --dump --format csv does (src/csv.c), so a spreadsheet shows them as text;
# - no cell is cut (a 5,000-byte name arrives whole, as with --dump).
# Each :export is gated on its own status line, never on a sleep.
source "$top_srcdir/tests/e2e/lib.sh"
source "$top_srcdir/tests/hostile/hostile.sh"

hostile_start long-fields
"$THINGTOP" --config "$HOSTILE_CONFIG" --dump devices --format csv >"$TT_TMP/dump.csv" 2>"$TT_TMP/err" ||
	fail "--dump --format csv failed: $(cat "$TT_TMP/err")"
tmux_start 200 30 "$THINGTOP" --config "$HOSTILE_CONFIG"
tmux_wait_for "dev-plain"
WAIT_SECONDS=20 wait_for sh -c "tmux -L $TMUX_SOCK capture-pane -p -t tt | head -1 | grep -qE 'pages? ·'" ||
	fail "the list did not finish loading: $(tmux_screen)"
status() { tmux_screen | tail -1; }
# export FILE TEXT: :export FILE, then wait for TEXT on the status line
export_to() {
	tmux_keys : "export $1" Enter
	WAIT_SECONDS=20 wait_for sh -c "tmux -L $TMUX_SOCK capture-pane -p -t tt | tail -1 | grep -qF -- \"\$1\"" _ "$2" ||
		fail ":export $1: '$2' not on the status line: $(status)"
}
mode_of() { stat -c %a "$1"; }

# an existing 0644 file: rewritten, now 0600
printf 'old,content\n' >"$TT_TMP/out.csv"
chmod 0644 "$TT_TMP/out.csv"
export_to "$TT_TMP/out.csv" "wrote 4 rows"
hcheck "an existing 0644 file is left 0600" [ "$(mode_of "$TT_TMP/out.csv")" = 600 ]
hcheck "an existing file is rewritten" sh -c "! grep -q old,content '$TT_TMP/out.csv'"

# a symbolic link: refused, its target untouched
printf 'target\n' >"$TT_TMP/target.csv"
ln -s "$TT_TMP/target.csv" "$TT_TMP/link.csv"
export_to "$TT_TMP/link.csv" "symbolic link"
hcheck "a symlink is not written through" [ "$(cat "$TT_TMP/target.csv")" = target ]

# another user's file: refused, owner and content kept (root can arrange one)
if [ "$(id -u)" = 0 ] && id nobody >/dev/null 2>&1; then
	printf 'theirs\n' >"$TT_TMP/theirs.csv"
	chmod 0666 "$TT_TMP/theirs.csv"
	chown nobody "$TT_TMP/theirs.csv"
	export_to "$TT_TMP/theirs.csv" "belongs to another user"
	hcheck "another user's file is left alone" [ "$(cat "$TT_TMP/theirs.csv")" = theirs ]
	hcheck "another user's file keeps its owner and mode" \
		[ "$(stat -c '%U %a' "$TT_TMP/theirs.csv")" = "nobody 666" ]
else
	echo "skip: another user's file (needs root and a 'nobody' user to arrange one)"
fi

# neutralised cells: the same text as --dump --format csv, cell by cell
# same_cell ID COLUMN WANT: :export's cell equals --dump's, and both are WANT
same_cell() {
	python3 - "$TT_TMP/out.csv" "$TT_TMP/dump.csv" "$@" <<'PY'
import csv, sys
exp, dump, rid, col, want = sys.argv[1:6]
e = [r[col] for r in csv.DictReader(open(exp, newline="", encoding="utf-8")) if r["id"] == rid]
d = [r[col] for r in csv.DictReader(open(dump, newline="", encoding="utf-8")) if r["ID"] == rid]
def brief(v):
    return [(len(x), x if len(x) < 60 else x[:40] + "…" + x[-10:]) for x in v]
if e != d or e != [want]:
    sys.stderr.write("  %s %s: :export %r, --dump %r, want %r\n" % (rid, col, brief(e), brief(d), brief([want])))
    sys.exit(1)
PY
}
hcheck "= is neutralised as --dump does" same_cell dev-eq NAME "'=HYPERLINK(\"http://evil.example/\",\"click\")"
hcheck "+ is neutralised as --dump does" same_cell dev-eq BARCODE "'+1"
hcheck "- is neutralised as --dump does" same_cell dev-minus NAME "'-2+3"
hcheck "@ is neutralised as --dump does" same_cell dev-minus BARCODE "'@SUM(A1:A9)"
hcheck "a plain cell is left alone" same_cell dev-plain NAME "plain name"
# no cell is cut: the 5,000-byte name and 3,001-byte barcode arrive whole, as with --dump
hcheck "a 5,000-byte name is exported whole" same_cell dev-long NAME "$(printf 'L%.0s' $(seq 4999))\$"
hcheck "a 3,001-byte barcode is exported whole" same_cell dev-long BARCODE "$(printf 'B%.0s' $(seq 3000))#"
tmux_keys Q
tmux_wait_for "[exited 0]" 10
hostile_done
echo ok
