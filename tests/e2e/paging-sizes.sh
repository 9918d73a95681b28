#!/usr/bin/env bash
# paging-sizes.sh — the page sizes thingtop asks for (issue 17), read from the
# simulator's request log: the dashboard's KPN walk asks the default limit for
# its first page and the maximum for every later one, following each cursor with
# limit set; --dump asks the maximum from the start; --limit forces one size;
# paging.resize_cursor = false follows the links as given (the dashboard then
# asks the maximum from the start); akenza asks its maximum size on every page.
# The number of requests is what the sizes imply, and no 429 appears.
source "$top_srcdir/tests/e2e/lib.sh"

N=2600
DEF=50
MAX=1000
sim_start --devices "$N"
sim_config "$TT_TMP/config"

# pages SIZE...: the page sizes a walk of N items asks for, given the size of the
# first page and of the rest: "50 1000+ 1000+ 1000+" (+: the request carries a cursor)
pages() {
	local first=$1 rest=$2 left out
	out="$first"
	left=$((N - first))
	while [ "$left" -gt 0 ]; do
		out="$out $rest+"
		left=$((left - rest))
	done
	echo "$out"
}

# kpn_sizes FROM: the /devices requests in the log after byte FROM, in order:
# their limit, with + when they carry a cursor
kpn_sizes() {
	tail -c +$(($1 + 1)) "$SIM_LOG" | awk '
		match($0, / path=\/devices\?[^ ]*/) {
			q = substr($0, RSTART + 15, RLENGTH - 15); lim = "?"; cur = ""
			n = split(q, kv, "&")
			for (i = 1; i <= n; i++) {
				if (kv[i] ~ /^limit=/) lim = substr(kv[i], 7)
				if (kv[i] ~ /^cursor=/) cur = "+"
				if (kv[i] ~ /^modifiedSince=/) next   # a live refresh, not the walk
			}
			printf "%s%s%s", sep, lim, cur; sep = " "
		}
		END { print "" }'
}

# akenza_sizes FROM: the /v3/assets requests after byte FROM as "pPAGE:SIZE",
# sorted by page (the pages after the first are fetched in parallel)
akenza_sizes() {
	tail -c +$(($1 + 1)) "$SIM_LOG" | awk '
		match($0, / path=\/v3\/assets\?[^ ]*/) {
			q = substr($0, RSTART + 17, RLENGTH - 17); page = "?"; size = "?"
			n = split(q, kv, "&")
			for (i = 1; i <= n; i++) {
				if (kv[i] ~ /^page=/) page = substr(kv[i], 6)
				if (kv[i] ~ /^size=/) size = substr(kv[i], 6)
			}
			print page, size
		}' | sort -n | awk '{ printf "%sp%s:%s", sep, $1, $2; sep = " " }
		END { print "" }'
}

mark() { stat -c %s "$SIM_LOG"; }

# dashboard CMD...: start the dashboard, wait for the end of the list, stop it
dashboard() {
	tmux_start 140 30 "$@"
	tmux_wait_for "end · 2,600 rows" 60
	tmux -L "$TMUX_SOCK" kill-server
}

# 1. the dashboard: the default first, then the maximum
m=$(mark)
dashboard "$THINGTOP" --config "$TT_TMP/config" --profile kpn
assert_eq "$(kpn_sizes "$m")" "$(pages $DEF $MAX)" "dashboard: first page $DEF, then $MAX with the cursor"
echo "ok: dashboard asks $(kpn_sizes "$m")"

# 2. --dump: the maximum from the start
m=$(mark)
"$THINGTOP" --config "$TT_TMP/config" --profile kpn --dump devices >"$TT_TMP/out" || fail "kpn --dump"
assert_eq "$(wc -l <"$TT_TMP/out")" "$N" "--dump items"
assert_eq "$(kpn_sizes "$m")" "$(pages $MAX $MAX)" "--dump: $MAX from the first page"
echo "ok: --dump asks $(kpn_sizes "$m")"

# 3. --limit forces one size, in --dump and in the dashboard
m=$(mark)
"$THINGTOP" --config "$TT_TMP/config" --profile kpn --dump devices --limit 300 >"$TT_TMP/out" || fail "--limit 300"
assert_eq "$(wc -l <"$TT_TMP/out")" "$N" "--dump --limit 300 items"
assert_eq "$(kpn_sizes "$m")" "$(pages 300 300)" "--dump --limit 300"
m=$(mark)
dashboard "$THINGTOP" --config "$TT_TMP/config" --profile kpn --limit 300
assert_eq "$(kpn_sizes "$m")" "$(pages 300 300)" "dashboard --limit 300"
echo "ok: --limit 300 asks $(kpn_sizes "$m")"

# 4. resize_cursor = false: links followed as given; the dashboard asks the maximum from the start
mkdir -p "$TT_TMP/prov"
sed 's/resize_cursor = true;/resize_cursor = false;/' "$top_srcdir/providers/kpn-things.conf" >"$TT_TMP/prov/kpn-things.conf"
grep -q 'resize_cursor = false;' "$TT_TMP/prov/kpn-things.conf" || fail "no resize_cursor key in providers/kpn-things.conf"
m=$(mark)
dashboard env THINGTOP_PROVIDERS_DIR="$TT_TMP/prov" "$THINGTOP" --config "$TT_TMP/config" --profile kpn
assert_eq "$(kpn_sizes "$m")" "$(pages $MAX $MAX)" "dashboard with resize_cursor = false"
m=$(mark)
THINGTOP_PROVIDERS_DIR="$TT_TMP/prov" "$THINGTOP" --config "$TT_TMP/config" --profile kpn --dump devices \
	>"$TT_TMP/out" || fail "--dump with resize_cursor = false"
assert_eq "$(wc -l <"$TT_TMP/out")" "$N" "--dump items with resize_cursor = false"
assert_eq "$(kpn_sizes "$m")" "$(pages $MAX $MAX)" "--dump with resize_cursor = false"
echo "ok: resize_cursor = false asks $(kpn_sizes "$m")"

# 5. akenza: the maximum size on every page, the first included, in --dump and the dashboard
AMAX=$(sed -n 's/.*max_limit = \([0-9]*\);.*/\1/p' "$top_srcdir/providers/akenza.conf" | head -1)
want=""
for ((p = 0; p * AMAX < N; p++)); do want="$want${want:+ }p$p:$AMAX"; done
m=$(mark)
"$THINGTOP" --config "$TT_TMP/config" --profile akenza --dump assets >"$TT_TMP/out" || fail "akenza --dump"
assert_eq "$(wc -l <"$TT_TMP/out")" "$N" "akenza --dump items"
assert_eq "$(akenza_sizes "$m")" "$want" "akenza --dump: size $AMAX on every page"
m=$(mark)
dashboard "$THINGTOP" --config "$TT_TMP/config" --profile akenza
assert_eq "$(akenza_sizes "$m")" "$want" "akenza dashboard: size $AMAX on every page"
echo "ok: akenza asks $(akenza_sizes "$m")"

assert_eq "$(grep -c 'status=429' "$SIM_LOG")" 0 "429 answers"
echo "ok: no 429 in $(grep -c ' path=' "$SIM_LOG") requests"
