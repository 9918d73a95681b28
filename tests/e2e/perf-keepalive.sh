#!/usr/bin/env bash
# perf-keepalive.sh — a whole --dump walk rides one TCP connection (keep-alive):
# the simulator's log shows a single conn= value for all pages of a KPN cursor
# walk, token request included; a parallel akenza walk uses at most one
# connection per worker.
source "$top_srcdir/tests/e2e/lib.sh"
sim_start --devices 2000
sim_config "$TT_TMP/config"
"$THINGTOP" --config "$TT_TMP/config" --profile kpn --dump devices --limit 100 >/dev/null || fail "kpn walk"
pages=$(grep -c 'path=/devices?' "$SIM_LOG")
assert_eq "$(grep -c oidc/token "$SIM_LOG")" 1 "token requests"
assert_eq "$pages" 20 "pages of the KPN walk"
conns=$(sed -n 's/.* conn=\([0-9]*\) .*/\1/p' "$SIM_LOG" | sort -u | wc -l)
assert_eq "$conns" 1 "TCP connections for the token and 20 pages"
: >"$SIM_LOG"
"$THINGTOP" --config "$TT_TMP/config" --profile akenza --dump assets --limit 50 >/dev/null || fail "akenza walk"
conns=$(sed -n 's/.* conn=\([0-9]*\) .*/\1/p' "$SIM_LOG" | sort -u | wc -l)
workers=$(sed -n 's/.*parallel = \([0-9]*\).*/\1/p' "$top_srcdir/providers/akenza.conf" | head -1)
[ "$conns" -le $((${workers:-4} + 1)) ] || fail "$conns connections for a walk with ${workers:-4} workers"
echo "ok: 1 connection for 20 KPN pages; $conns for 40 akenza pages with ${workers:-4} workers"
