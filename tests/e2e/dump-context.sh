#!/usr/bin/env bash
# dump-context.sh — what dump-query.sh leaves out: a bad --context (not a UUID,
# CR/LF, an unknown name) is refused before ANY request (the simulator's log
# stays empty, the token request included); csv quoting round-trips names with
# commas, quotes and non-ASCII against the jsonl of the same walk; table rows
# line up; and a normal walk of each provider stays within its rate limit
# (no 429, no 1-second window above rate + burst of providers/*.conf).
source "$top_srcdir/tests/e2e/lib.sh"

sim_start --devices 1500 --customers 3
sim_config "$TT_TMP/config"
cfg="$TT_TMP/config"
tt() { "$THINGTOP" --config "$cfg" "$@"; }

# --- a bad context: exit 1, a clear message, and not one request ----------------
for bad in "not-a-uuid" $'79658ca8-f1ba-4c25-b824-93813e9fba76\r\nX-Evil: 1' \
	"79658ca8-f1ba-4c25-b824-93813e9fba7" "79658ca8-f1ba-4c25-b824-93813e9fba7g" "No Such Customer BV"; do
	: >"$SIM_LOG"
	out=$(timeout 20 "$THINGTOP" --config "$cfg" --profile kpn --context "$bad" --dump devices 2>"$TT_TMP/err")
	rc=$?
	assert_eq "$rc" 1 "context '${bad//[$'\r\n']/?}': exit status"
	assert_eq "$out" "" "context '${bad//[$'\r\n']/?}': nothing on stdout"
	grep -qi "context\|customer\|uuid" "$TT_TMP/err" || fail "context '${bad//[$'\r\n']/?}': unclear error: $(cat "$TT_TMP/err")"
	grep -q $'\r' "$TT_TMP/err" && fail "a CR from --context reached stderr"
	# named state: a marker request of ours in the log, so a request thingtop
	# sent (it has exited) would be logged by now
	curl -s -o /dev/null "$SIM_URL/tt-test-marker"
	wait_for grep -q 'path=/tt-test-marker ' "$SIM_LOG" || fail "the marker request is not in the simulator's log"
	assert_eq "$(grep -vc 'path=/tt-test-marker ' "$SIM_LOG")" 0 "context '${bad//[$'\r\n']/?}': requests sent"
done
echo "ok: bad contexts refused before any request"
# akenza: a workspace that is neither 16 hex nor a known name
out=$(timeout 20 "$THINGTOP" --config "$cfg" --profile akenza --context $'abc\r\ndef' --dump assets 2>&1)
assert_eq "$?" 1 "akenza context with CR/LF"

# --- csv round trip -------------------------------------------------------------
# invitations whose company names need quoting, created with curl (a fresh JWT each)
eval "$("$THINGTOP_SIM" --print-credentials)"
for name in 'Smit, Jansen & Co' 'Bakkerij \"De Gouden Korst\"' 'Two\nLines BV' 'Café Ñandú'; do
	j=$(curl -s -H 'Content-Type: application/json' \
		-d "{\"apiKey\":\"$PARTNER_API_KEY\",\"authParameter\":\"$PARTNER_AUTH_PARAM\"}" "$SIM_URL/auth" | jq -r .token)
	code=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $j" -H 'Content-Type: application/json' \
		-d "{\"companyName\":\"$name\",\"kvkNumber\":\"12345678\",\"email\":\"a@b.nl\"}" "$SIM_URL/v1/invitations")
	case $code in 20?) ;; *) fail "creating an invitation for '$name': HTTP $code" ;; esac
	sleep 0.4 # the partner's 6 calls/s
done
sleep 1
tt --profile partner --dump invitations --limit 50 >"$TT_TMP/out.jsonl" || fail "jsonl"
sleep 1
tt --profile partner --dump invitations --limit 50 --format csv >"$TT_TMP/out.csv" || fail "csv"
python3 - "$TT_TMP/out.jsonl" "$TT_TMP/out.csv" <<'PY' || fail "csv does not round-trip the jsonl dump"
import csv, json, sys
items = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
rows = list(csv.reader(open(sys.argv[2], newline="", encoding="utf-8")))
head, body = rows[0], rows[1:]
assert len(body) == len(items) > 4, (len(body), len(items))
ci, ni = head.index("CODE"), head.index("COMPANY")
for it, r in zip(items, body):
    assert len(r) == len(head), r
    assert r[ci] == it["code"], (r[ci], it["code"])
    assert r[ni] == it["companyName"], (r[ni], it["companyName"])
names = {it["companyName"] for it in items}
for n in ('Smit, Jansen & Co', 'Bakkerij "De Gouden Korst"', 'Two\nLines BV', 'Café Ñandú'):
    assert n in names, n
raw = open(sys.argv[2], encoding="utf-8").read()
assert '"Smit, Jansen & Co"' in raw and '"Bakkerij ""De Gouden Korst"""' in raw and '"Two\nLines BV"' in raw
print("csv: %d rows round-trip" % len(body))
PY
# hostile names: no escape sequence survives into csv or table output, CR/LF stay quoted data
kill "$SIM_PID"
sim_start --devices 300 --fault hostile
sim_config "$cfg"
tt --profile kpn --dump devices --format csv >"$TT_TMP/h.csv" || fail "hostile csv"
grep -q $'\e' "$TT_TMP/h.csv" && fail "an escape sequence from a device name reached the csv output"
grep -qP '[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]' "$TT_TMP/h.csv" && fail "a control character reached the csv output"
python3 -c 'import csv,sys; r=list(csv.reader(open(sys.argv[1],newline="",encoding="utf-8"))); assert len(r)==301, len(r)' \
	"$TT_TMP/h.csv" || fail "hostile csv: not 300 records"
tt --profile kpn --dump devices --format table >"$TT_TMP/h.txt" || fail "hostile table"
grep -q $'[\e\r]' "$TT_TMP/h.txt" && fail "an escape sequence or CR reached the table output"
assert_eq "$(wc -l <"$TT_TMP/h.txt")" 301 "hostile table: header + 300 lines"
kill "$SIM_PID"
sim_start --devices 1500 --customers 3
sim_config "$cfg"

# --- table: header, one line per item, columns aligned ---------------------------
tt --profile kpn --dump device-groups --format table >"$TT_TMP/t.txt" || fail "table"
assert_eq "$(($(wc -l <"$TT_TMP/t.txt") - 1))" "$(tt --profile kpn --dump device-groups | wc -l)" "table rows"
col=$(head -1 "$TT_TMP/t.txt" | grep -bo 'ID' | head -1 | cut -d: -f1)
[ -n "$col" ] || fail "table header has no ID column"

# --- a full disk is a failure, said so, never exit 0 ---------------------------------
if [ -w /dev/full ]; then
	for r in projects devices; do # fits in stdio's buffer / does not
		tt --profile kpn --dump "$r" >/dev/full 2>"$TT_TMP/err"
		assert_eq "$?" 1 "--dump $r >/dev/full: exit status"
		assert_contains "$(cat "$TT_TMP/err")" "cannot write to standard output" "--dump $r >/dev/full: message"
		assert_contains "$(cat "$TT_TMP/err")" "incomplete:" "--dump $r >/dev/full: incomplete"
	done
fi

# --- rate limits -------------------------------------------------------------------
# window CALLS-FILE MAX: fail when any 1-second window holds more than MAX calls
window() {
	sed -n 's/^ts=\([0-9.]*\) .*/\1/p' "$1" | python3 -c '
import sys
ts = [float(l) for l in sys.stdin]
worst = 0
j = 0
for i, t in enumerate(ts):
    while ts[j] < t - 1.0: j += 1
    worst = max(worst, i - j + 1)
print(worst)
sys.exit(1 if worst > int(sys.argv[1]) else 0)' "$2"
}
: >"$SIM_LOG"
tt --profile akenza --dump assets --limit 20 >"$TT_TMP/a" || fail "akenza walk"
assert_eq "$(wc -l <"$TT_TMP/a")" 1500 "akenza items"
grep -q 'status=429' "$SIM_LOG" && fail "akenza walk got a 429"
w=$(window "$SIM_LOG" 35) || fail "akenza: $w calls in one second (rate 10 + burst 25)"
echo "ok: akenza 76 pages, at most $w calls in any second"
: >"$SIM_LOG"
tt --profile partner --dump invitations --limit 10 >"$TT_TMP/p" || fail "partner walk"
grep -q 'status=429' "$SIM_LOG" && fail "partner walk got a 429"
w=$(window "$SIM_LOG" 9) || fail "partner: $w calls in one second (rate 5.5 + burst 3)"
echo "ok: partner $(grep -c . "$SIM_LOG") calls, at most $w in any second"
: >"$SIM_LOG"
tt --profile kpn --dump devices --limit 50 >/dev/null || fail "kpn walk"
grep -q 'status=429' "$SIM_LOG" && fail "kpn walk got a 429"
exit 0
