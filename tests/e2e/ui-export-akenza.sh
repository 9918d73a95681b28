#!/usr/bin/env bash
# ui-export-akenza.sh — :export on akenza (issue 15, item 8) goes through the
# shared RFC 4180 writer: one row per device, no ragged lines, the same ids
# and names --dump gives, quoted where a name needs it. The three bugs the
# field test found each have a check here:
# - one id column: no "ID" beside "id" (the provider column repeating the id);
# - times are the full ISO 8601 time, the same text as --dump --format csv
#   writes, not cut to the minute for the screen;
# - the header line is quoted consistently: every title or none.
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
"$THINGTOP" --config "$TT_TMP/config" --profile akenza --dump assets --format csv >"$TT_TMP/dump.csv" ||
	fail "--dump assets --format csv failed"
python3 - "$TT_TMP/assets.csv" "$TT_TMP/assets.jsonl" "$TT_TMP/dump.csv" <<'PY' || fail "the akenza export is not the list"
import csv, json, re, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8", newline="")))
items = [json.loads(l) for l in open(sys.argv[2], encoding="utf-8")]
dump = list(csv.DictReader(open(sys.argv[3], encoding="utf-8", newline="")))
head = rows[0]
assert head[0] == "id", head
assert all(len(r) == len(head) for r in rows), "ragged CSV"
assert len(rows) == len(items) + 1 == 61, (len(rows), len(items))
assert sorted(r[0] for r in rows[1:]) == sorted(i["id"] for i in items), "ids differ"
names = {i["id"]: i.get("name", "") for i in items}
assert all(names[r[0]] == r[1] for r in rows[1:]), "names differ"

# one id column: nothing else in the header is "id" in another case
dups = [h for h in head[1:] if h.lower() == "id"]
assert not dups, "an id column twice: %r" % head

# the header is quoted all or none: the raw first line is one of the two
raw = open(sys.argv[1], encoding="utf-8", newline="").readline().rstrip("\r\n")
plain = ",".join(head)
quoted = ",".join('"%s"' % h.replace('"', '""') for h in head)
assert raw in (plain, quoted), "the header is quoted for some titles only: %s" % raw

# times: full ISO 8601 (seconds and a zone), each the same text as --dump's
times = [h for h in head if h in ("CREATED", "LAST UPLINK")]
assert "CREATED" in times, "no CREATED column to check times on: %r" % head
byid = {d["ID"]: d for d in dump}
iso = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:?\d\d)$")
seen = 0
for r in rows[1:]:
    for t in times:
        cell = r[head.index(t)]
        want = byid[r[0]][t]
        assert cell == want, "%s %s: export %r, --dump %r" % (r[0], t, cell, want)
        if cell:
            assert iso.match(cell), "%s %s is not a full ISO time: %r" % (r[0], t, cell)
            seen += 1
assert seen >= 60, "only %d times were checked" % seen
PY
echo ok
