#!/usr/bin/env bash
# hostile-caps.sh — every walk has a page cap (issue 16.3): against
# tests/hostile/hostile_server.py --scenario endless-cursors (a new cursor on
# every page, so the repeated-link check never fires) --dump stops at max_pages
# (300 here, from the config) with the documented message, having written the
# 300 items it has, instead of walking until the server gives up.
source "$top_srcdir/tests/e2e/lib.sh"
source "$top_srcdir/tests/hostile/hostile.sh"

hostile_start endless-cursors --lifetime 30
printf 'max_pages = 300;\n' >>"$HOSTILE_CONFIG"
rc=0
timeout 60 "$THINGTOP" --config "$HOSTILE_CONFIG" --dump devices >"$TT_TMP/out" 2>"$TT_TMP/err" || rc=$?
capped() {
	[ "$rc" -eq 1 ] && [ "$(wc -l <"$TT_TMP/out")" -eq 300 ] &&
		grep -qF 'stopped after 300 pages: max_pages; narrow the query or raise max_pages' "$TT_TMP/err" &&
		grep -qF 'incomplete: 300 items written before the error' "$TT_TMP/err" &&
		[ "$(grep -c '^GET /devices' "$HOSTILE_LOG")" -eq 300 ] && return 0
	echo "  exit $rc, $(wc -l <"$TT_TMP/out") items, $(grep -c '^GET /devices' "$HOSTILE_LOG") pages fetched: $(cat "$TT_TMP/err")" >&2
	return 1
}
hcheck "an endless distinct-cursor walk stops at max_pages with what it has" capped
hostile_done
