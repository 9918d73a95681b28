#!/usr/bin/env bash
# ui-export-akenza.sh — :export on akenza (issue 15, item 8) goes through the
# shared RFC 4180 writer: one row per device, no ragged lines, the same ids
# and names --dump gives, quoted where a name needs it.
source "$top_srcdir/tests/e2e/lib.sh"

sim_start --devices 60
sim_config "$TT_TMP/config"
tmux_start 140 30 "$THINGTOP" --config "$TT_TMP/config" --profile akenza
tmux_wait_for "60 rows"
WAIT_SECONDS=20 wait_for sh -c "tmux -L $TMUX_SOCK capture-pane -p -t tt | head -1 | grep -qE 'pages? ·'" ||
	fail "the list did not finish loading: $(tmux_screen)"
tmux_keys : "export $TT_TMP/assets.csv" Enter
tmux_wait_for "assets.csv"
tmux_keys Q
tmux_wait_for "[exited 0]" 10
"$THINGTOP" --config "$TT_TMP/config" --profile akenza --dump assets --format jsonl >"$TT_TMP/assets.jsonl" ||
	fail "--dump assets failed"
python3 - "$TT_TMP/assets.csv" "$TT_TMP/assets.jsonl" <<'PY' || fail "the akenza export is not the list"
import csv, json, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8", newline="")))
items = [json.loads(l) for l in open(sys.argv[2], encoding="utf-8")]
assert rows[0][0] == "id", rows[0]
assert all(len(r) == len(rows[0]) for r in rows), "ragged CSV"
assert len(rows) == len(items) + 1 == 61, (len(rows), len(items))
assert sorted(r[0] for r in rows[1:]) == sorted(i["id"] for i in items), "ids differ"
names = {i["id"]: i.get("name", "") for i in items}
assert all(names[r[0]] == r[1] for r in rows[1:]), "names differ"
PY
echo ok
