#!/usr/bin/env bash
# snapshot.sh — --snapshot FILE saves what a session fetched (JSON lines, 0600,
# no secrets); --open FILE replays it offline with the same output, the same
# panes, read-only, and says clearly when something is not in the file.
source "$top_srcdir/tests/e2e/lib.sh"

sim_start --devices 260
sim_config "$TT_TMP/config"
eval "$("$THINGTOP_SIM" --print-credentials)"
ws=${AKENZA_WORKSPACE_IDS%%,*}
cfg="$TT_TMP/config"

# 1. --dump records; --open replays byte for byte
"$THINGTOP" --config "$cfg" --profile kpn --context "Acme BV" --sort=-createdAt,id --snapshot "$TT_TMP/kpn.snap" \
	--dump devices >"$TT_TMP/live.jsonl" || fail "recording a KPN dump failed"
"$THINGTOP" --config "$cfg" --profile akenza --context "$ws" --snapshot "$TT_TMP/akenza.snap" \
	--dump assets --format csv >"$TT_TMP/live.csv" || fail "recording an akenza dump failed"
# a symlink where the snapshot goes is refused (O_NOFOLLOW), its target untouched
echo keep >"$TT_TMP/target"
ln -s "$TT_TMP/target" "$TT_TMP/link.snap"
"$THINGTOP" --config "$cfg" --profile kpn --snapshot "$TT_TMP/link.snap" --dump devices >/dev/null 2>&1 &&
	fail "--snapshot wrote through a symlink"
assert_eq "$(cat "$TT_TMP/target")" keep "the symlink's target after --snapshot"
live_rows=$(wc -l <"$TT_TMP/live.jsonl")
[ "$live_rows" -gt 10 ] || fail "the KPN dump is too small to prove anything ($live_rows rows)"
assert_eq "$(stat -c %a "$TT_TMP/kpn.snap")" 600 "snapshot file mode"
head -1 "$TT_TMP/kpn.snap" | grep -q '"thingtop_snapshot":1' || fail "snapshot header missing"
head -1 "$TT_TMP/kpn.snap" | grep -q '"profile":"kpn"' || fail "snapshot header lacks the profile"
grep -q '"path":"/devices?[^"]*sort=-createdAt' "$TT_TMP/kpn.snap" || fail "the query (sort) is not in the snapshot"
for secret in "$KPN_CLIENT_SECRET" "$KPN_CLIENT_ID" "$AKENZA_API_KEY" "grip."; do
	grep -qF -- "$secret" "$TT_TMP/kpn.snap" "$TT_TMP/akenza.snap" && fail "a secret is in the snapshot: ${secret:0:4}…"
done

# everything below runs with the simulator gone: offline for real
kill "$SIM_PID"
SIM_PID=
before=$(wc -l <"$SIM_LOG")
"$THINGTOP" --open "$TT_TMP/kpn.snap" --sort=-createdAt,id --dump devices >"$TT_TMP/open.jsonl" ||
	fail "replaying the KPN snapshot failed"
cmp -s "$TT_TMP/live.jsonl" "$TT_TMP/open.jsonl" || fail "the replayed KPN dump differs from the live one"
"$THINGTOP" --open "$TT_TMP/akenza.snap" --dump assets --format csv >"$TT_TMP/open.csv" ||
	fail "replaying the akenza snapshot failed"
cmp -s "$TT_TMP/live.csv" "$TT_TMP/open.csv" || fail "the replayed akenza dump differs from the live one"

# a query the session never made: a clear error, exit 1, nothing passed off as complete
out=$("$THINGTOP" --open "$TT_TMP/kpn.snap" --sort=name --dump devices 2>&1 >/dev/null)
assert_eq "$?" 1 "a query not in the snapshot"
assert_contains "$out" "not in the snapshot: GET /devices?" "missing query message"
assert_contains "$out" "incomplete: 0 items" "missing query is not passed off as complete"

# not a snapshot; conflicting options
printf '{"items":[]}\n' >"$TT_TMP/bogus.snap"
out=$("$THINGTOP" --open "$TT_TMP/bogus.snap" --dump devices 2>&1)
assert_eq "$?" 1 "bogus snapshot status"
assert_contains "$out" "bogus.snap:1: not a thingtop snapshot" "bogus snapshot names file and line"
out=$("$THINGTOP" --open "$TT_TMP/kpn.snap" --config "$cfg" --dump devices 2>&1)
assert_eq "$?" 2 "--open with --config is a usage error"

# 2. the dashboard records a session (list + a detail) and browses it offline
sim_start --devices 260
sim_config "$cfg"
tmux_start 120 30 "$THINGTOP" --config "$cfg" --profile kpn --context "Acme BV" --snapshot "$TT_TMP/ui.snap"
tmux_wait_for "rows"
WAIT_SECONDS=20 wait_for sh -c "tmux -L $TMUX_SOCK capture-pane -p -t tt | grep -q 'end of list\\|end'"
tmux_keys Enter
echo "recording: detail"
tmux_wait_for '"id"'
tmux_keys q
tmux_keys Q
WAIT_SECONDS=10 wait_for sh -c "tmux -L $TMUX_SOCK capture-pane -p -t tt | grep -q 'exited'" || fail "the dashboard did not quit"
rows=$(grep -c '"path":"/devices?' "$TT_TMP/ui.snap")
[ "$rows" -ge 1 ] || fail "the dashboard recorded no list page"
grep -q '"path":"/devices/' "$TT_TMP/ui.snap" || fail "the dashboard did not record the detail it fetched"
kill "$SIM_PID"
SIM_PID=
tmux -L "$TMUX_SOCK" kill-server
tmux_start 120 30 "$THINGTOP" --open "$TT_TMP/ui.snap"
tmux_wait_for "Acme BV"
tmux_wait_for "rows"
tmux_screen | grep -q "RO" || fail "an opened snapshot must be read-only:
$(tmux_screen)"
tmux_keys Enter
echo "offline: detail"
tmux_wait_for '"id"'
tmux_keys q
tmux_keys Q
echo "ok: $live_rows KPN rows replayed offline; dashboard snapshot with $rows list pages"
