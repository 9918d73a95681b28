#!/usr/bin/env bash
# hostile-csv.sh — --dump --format csv against tests/hostile/hostile_server.py
# (issue 16.9): no field is cut silently (cells of 5,000 and 3,000 bytes arrive
# whole; they used to stop at 1,023), and a cell starting with = + - or @ is
# neutralised with a leading ' (OWASP CSV injection), so a spreadsheet opening
# the file shows it as text instead of running it as a formula. Python's csv
# module reads the output back.
source "$top_srcdir/tests/e2e/lib.sh"
source "$top_srcdir/tests/hostile/hostile.sh"

hostile_start long-fields
"$THINGTOP" --config "$HOSTILE_CONFIG" --dump devices --format csv >"$TT_TMP/out.csv" 2>"$TT_TMP/err" ||
	fail "--dump --format csv failed: $(cat "$TT_TMP/err")"
# check_cells ID COLUMN EXPECTED…: the csv row of ID has EXPECTED in COLUMN
cell_is() {
	python3 - "$TT_TMP/out.csv" "$@" <<'PY'
import csv, sys
path, rid, col, want = sys.argv[1:5]
rows = list(csv.DictReader(open(path, newline="", encoding="utf-8")))
got = [r[col] for r in rows if r["ID"] == rid]
if got != [want]:
    sys.stderr.write("  %s %s: want %d bytes %r…, got %s\n" % (rid, col, len(want), want[:40],
                     [(len(g), g[:40] + "…" + g[-10:]) for g in got]))
    sys.exit(1)
PY
}
hcheck "a 5,000-byte name arrives whole" cell_is dev-long NAME "$(printf 'L%.0s' $(seq 4999))\$"
hcheck "a 3,000-byte barcode arrives whole" cell_is dev-long BARCODE "$(printf 'B%.0s' $(seq 3000))#"
hcheck "a cell starting with = is neutralised" cell_is dev-eq NAME "'=HYPERLINK(\"http://evil.example/\",\"click\")"
hcheck "a cell starting with + is neutralised" cell_is dev-eq BARCODE "'+1"
hcheck "a cell starting with - is neutralised" cell_is dev-minus NAME "'-2+3"
hcheck "a cell starting with @ is neutralised" cell_is dev-minus BARCODE "'@SUM(A1:A9)"
hcheck "a plain cell is left alone" cell_is dev-plain NAME "plain name"
hostile_done
