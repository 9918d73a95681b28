#!/usr/bin/env bash
# hostile-links.sh — next links from tests/hostile/hostile_server.py (issue 16.9):
# a same-origin link written with an upper-case scheme (HTTP://127.0.0.1:PORT/…)
# is followed, since scheme and host are case-insensitive; a link no origin can
# be read from is refused with a message naming that link (it used to print an
# unset buffer).
source "$top_srcdir/tests/e2e/lib.sh"
source "$top_srcdir/tests/hostile/hostile.sh"

hostile_start upper-next
rc=0
"$THINGTOP" --config "$HOSTILE_CONFIG" --dump devices >"$TT_TMP/o1" 2>"$TT_TMP/e1" || rc=$?
upper_followed() {
	[ "$rc" -eq 0 ] && [ "$(wc -l <"$TT_TMP/o1")" -eq 2 ] && grep -q '^GET /devices?cursor=2' "$HOSTILE_LOG" && return 0
	echo "  exit $rc, $(wc -l <"$TT_TMP/o1") items: $(cat "$TT_TMP/e1")" >&2
	return 1
}
hcheck "an upper-case scheme same-origin next link is followed to the end" upper_followed

hostile_start bad-next
rc=0
"$THINGTOP" --config "$HOSTILE_CONFIG" --dump devices >"$TT_TMP/o2" 2>"$TT_TMP/e2" || rc=$?
bad_named() {
	[ "$rc" -ne 0 ] && grep -qF "refusing to send credentials to 'http://127.0.0.1:99999/devices?cursor=2'" "$TT_TMP/e2" &&
		! grep -q 'cursor=2' "$HOSTILE_LOG" && return 0
	echo "  exit $rc: $(cat "$TT_TMP/e2")" >&2
	return 1
}
hcheck "an unparsable next link is refused, naming the link" bad_named
hostile_done
