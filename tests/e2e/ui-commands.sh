#!/usr/bin/env bash
# ui-commands.sh — the dashboard's commands and operator conveniences:
# :export FILE writes the view as sorted and filtered (CSV or JSON lines by
# extension, mode 0600, one id column, full ISO times) and says where, or
# why it could not (a full disk); y, Y and ^Y copy the selected id, the
# selected column's value and the whole row to the local clipboard with OSC 52
# (tmux receives it); :profile NAME switches profile;
# :devices / :assets navigate; unknown commands are reported.
source "$top_srcdir/tests/e2e/lib.sh"

sim_start --devices 150
sim_config "$TT_TMP/config"
loaded() { WAIT_SECONDS=20 wait_for sh -c "tmux -L $TMUX_SOCK capture-pane -p -t tt | head -1 | grep -qE 'pages? ·'" ||
	fail "the list did not finish loading: $(tmux_screen)"; }

tmux_start 140 30 "$THINGTOP" --config "$TT_TMP/config" --profile kpn
tmux -L "$TMUX_SOCK" set -g set-clipboard on >/dev/null
tmux_wait_for "150 rows"
loaded

# y: OSC 52 to the terminal, so tmux's clipboard gets the id
id=$(tmux_screen | grep -m1 '▶' | grep -oE '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}' | head -1)
[ -n "$id" ] || fail "no selected id"
tmux_keys y
WAIT_SECONDS=5 wait_for sh -c "tmux -L $TMUX_SOCK show-buffer 2>/dev/null | grep -q '$id'" ||
	fail "y did not put the id on the clipboard: buffers: $(tmux -L "$TMUX_SOCK" list-buffers 2>&1)"

# Y: the selected column's value (BARCODE, two columns to the right); ^Y: the whole row
barcode=$(tmux_screen | grep -m1 '▶' | grep -oE '\bBC[0-9]{8}\b' | head -1)
[ -n "$barcode" ] || fail "no barcode on the selected row"
tmux_keys l l Y
WAIT_SECONDS=5 wait_for sh -c "tmux -L $TMUX_SOCK show-buffer 2>/dev/null | grep -qx '$barcode'" ||
	fail "Y did not copy the barcode $barcode: $(tmux -L "$TMUX_SOCK" show-buffer 2>&1 | head -c 200)"
tmux_keys C-y
WAIT_SECONDS=5 wait_for sh -c "tmux -L $TMUX_SOCK show-buffer 2>/dev/null | grep -q '^$id	.*$barcode'" ||
	fail "^Y did not copy the row: $(tmux -L "$TMUX_SOCK" show-buffer 2>&1 | head -c 300)"
tmux_keys h h

# :export, after a sort and a local filter: the file holds the view
tmux_keys s
loaded
tmux_keys / '!zzz-no-match' Enter   # local, inverted: every row, sorted by name
tmux_wait_for "(narrowed locally)"
tmux_keys : "export $TT_TMP/view.csv" Enter
tmux_wait_for "view.csv"
tmux_keys : "export $TT_TMP/view.json" Enter
tmux_wait_for "view.json"
for f in view.csv view.json; do
	[ -f "$TT_TMP/$f" ] || fail "$f not written"
	assert_eq "$(stat -c %a "$TT_TMP/$f")" 600 "$f mode"
done
assert_eq "$(wc -l <"$TT_TMP/view.csv")" 151 "CSV: header + 150 rows"
python3 - "$TT_TMP/view.csv" "$TT_TMP/view.json" <<'PY' || fail "exported files are not the sorted view"
import csv, json, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8")))
names = [r[1] for r in rows[1:]]
assert rows[0][0] == "id" and rows[0][1] == "NAME", rows[0]
assert "ID" not in rows[0], "two id columns: %r" % rows[0]
assert all(len(r) == len(rows[0]) for r in rows), "ragged CSV"
created = rows[0].index("CREATED")
assert all("T" in r[created] for r in rows[1:]), "times are not full ISO 8601: %r" % rows[1]
assert names == sorted(names), "CSV not sorted by name"
objs = [json.loads(l) for l in open(sys.argv[2], encoding="utf-8")]
assert len(objs) == 150 and [o["NAME"] for o in objs] == names, "JSON differs from CSV"
assert all(len(o["id"]) == 36 for o in objs)
assert all("ID" not in o for o in objs), "two id keys in the JSON lines"
PY
# a write that fails (a full disk) is reported, not announced as written
# a device or anything but a regular file is refused before writing (safefile.c)
tmux_keys : "export /dev/full" Enter
tmux_wait_for "/dev/full is not a regular file: refusing to write it"
# a file of another user's is refused; one through a symlink too
ln -s "$TT_TMP/elsewhere.csv" "$TT_TMP/link.csv"
tmux_keys : "export $TT_TMP/link.csv" Enter
WAIT_SECONDS=5 wait_for sh -c "tmux -L $TMUX_SOCK capture-pane -p -t tt | tail -1 | grep -q 'link.csv'" ||
	fail ":export through a symlink was not refused: $(tmux_screen | tail -1)"
[ -e "$TT_TMP/elsewhere.csv" ] && fail ":export wrote through a symlink"
tmux_keys Escape

# navigation commands and :profile
tmux_keys : downlinks Enter
tmux_wait_for "STATUS"
tmux_keys : nonsense Enter
tmux_wait_for "unknown command :nonsense"
tmux_keys : "profile nosuch" Enter
tmux_wait_for "nosuch"
tmux_keys : "profile akenza" Enter
tmux_wait_for "akenza · akenza"
tmux_wait_for "150 rows"
tmux_keys : "profile partner" Enter
tmux_wait_for "partner · Partner API"
tmux_keys Q
tmux_wait_for "[exited 0]" 10
[ "$(tmux -L "$TMUX_SOCK" display -p -t tt '#{alternate_on}')" = 0 ] || fail "terminal not restored after :profile"
echo ok
