#!/usr/bin/env bash
# hostile-csv.sh — --dump --format csv against tests/hostile/hostile_server.py
# (issue 16.9): no field is cut silently (cells of 5,000 and 3,000 bytes arrive
# whole; they used to stop at 1,023), and a cell starting with = + - or @ is
# neutralised with a leading ' (OWASP CSV injection), so a spreadsheet opening
# the file shows it as text instead of running it as a formula. Python's csv
# module reads the output back. The dashboard's :export writes the same cells
# the same way (its rows used to stop at 1,023 bytes too).
source "$top_srcdir/tests/e2e/lib.sh"
source "$top_srcdir/tests/hostile/hostile.sh"

hostile_start long-fields
"$THINGTOP" --config "$HOSTILE_CONFIG" --dump devices --format csv >"$TT_TMP/out.csv" 2>"$TT_TMP/err" ||
	fail "--dump --format csv failed: $(cat "$TT_TMP/err")"
# cell_is ID COLUMN EXPECTED: the row of ID in $CSV (its id column $IDCOL)
# has EXPECTED in COLUMN
CSV=$TT_TMP/out.csv IDCOL=ID
cell_is() {
	python3 - "$CSV" "$IDCOL" "$@" <<'PY'
import csv, sys
path, idcol, rid, col, want = sys.argv[1:6]
rows = list(csv.DictReader(open(path, newline="", encoding="utf-8")))
got = [r[col] for r in rows if r[idcol] == rid]
if got != [want]:
    sys.stderr.write("  %s %s: want %d bytes %r…, got %s\n" % (rid, col, len(want), want[:40],
                     [(len(g), g[:40] + "…" + g[-10:]) for g in got]))
    sys.exit(1)
PY
}
all_cells() {
	local how=$1
	hcheck "$how: a 5,000-byte name arrives whole" cell_is dev-long NAME "$(printf 'L%.0s' $(seq 4999))\$"
	hcheck "$how: a 3,000-byte barcode arrives whole" cell_is dev-long BARCODE "$(printf 'B%.0s' $(seq 3000))#"
	hcheck "$how: a cell starting with = is neutralised" cell_is dev-eq NAME "'=HYPERLINK(\"http://evil.example/\",\"click\")"
	hcheck "$how: a cell starting with + is neutralised" cell_is dev-eq BARCODE "'+1"
	hcheck "$how: a cell starting with - is neutralised" cell_is dev-minus NAME "'-2+3"
	hcheck "$how: a cell starting with @ is neutralised" cell_is dev-minus BARCODE "'@SUM(A1:A9)"
	hcheck "$how: a plain cell is left alone" cell_is dev-plain NAME "plain name"
}
all_cells "--dump"

# the dashboard's :export of the same list (one id column, named "id")
tmux_start 120 30 "$THINGTOP" --config "$HOSTILE_CONFIG"
tmux_wait_for "4 rows"
tmux_keys ":export $TT_TMP/export.csv" Enter
tmux_wait_for "wrote 4 rows to" || fail ":export did not finish: $(tmux_screen | tail -3)"
tmux_keys Q
tmux_wait_for "[exited 0]" 10
CSV=$TT_TMP/export.csv IDCOL=id
all_cells ":export"
hostile_done
