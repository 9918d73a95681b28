#!/usr/bin/env bash
# sim-concurrency.sh — thingtop-sim serves 50 clients at once: 50 parallel
# cursor walks (Python urllib: a connection per request) all complete with every
# device exactly once, and the log shows at least 50 distinct connections.
source "$top_srcdir/tests/e2e/lib.sh"
sim_start --devices 1000
eval "$("$THINGTOP_SIM" --print-credentials)"
export SIM_URL KPN_CLIENT_ID KPN_CLIENT_SECRET
pids=()
for i in $(seq 1 50); do
	python3 "$top_srcdir/tests/e2e/simwalk.py" kpn "/devices?limit=100" >"$TT_TMP/walk.$i" 2>"$TT_TMP/err.$i" &
	pids+=($!)
done
for i in "${!pids[@]}"; do
	wait "${pids[$i]}" || fail "walk $((i + 1)) failed: $(cat "$TT_TMP/err.$((i + 1))")"
done
for i in $(seq 1 50); do
	assert_eq "$(wc -l <"$TT_TMP/walk.$i")" 1000 "walk $i: devices"
	assert_eq "$(sort -u "$TT_TMP/walk.$i" | wc -l)" 1000 "walk $i: each device once"
done
cmp -s "$TT_TMP/walk.1" "$TT_TMP/walk.50" || fail "two walks saw different orders"
conns=$(grep 'path=/devices?' "$SIM_LOG" | sed -n 's/.* conn=\([0-9]*\) .*/\1/p' | sort -u | wc -l)
[ "$conns" -ge 50 ] || fail "only $conns connections for 50 clients"
echo "ok: 50 concurrent walks, $conns connections"
