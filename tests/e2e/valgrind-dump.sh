#!/usr/bin/env bash
# valgrind-dump.sh — a --dump walk under valgrind memcheck: a KPN cursor walk in
# a customer context and an akenza walk with parallel pages (threads) report no
# invalid access and no definite or indirect leak. Valgrind cannot run an
# AddressSanitizer build: there (only) the test is skipped, the ASan run of
# the same walks in the other tests covers it.
source "$top_srcdir/tests/e2e/lib.sh"
command -v valgrind >/dev/null || fail "valgrind is not installed (./autogen.sh installs it)"
if nm "$THINGTOP" 2>/dev/null | grep -q __asan_init; then
	echo "skip: $THINGTOP is an AddressSanitizer build; valgrind runs in the plain build"
	exit 77
fi
sim_start --devices 300
sim_config "$TT_TMP/config"
eval "$("$THINGTOP_SIM" --print-credentials)"
vg() { # NAME ARGS...
	local name=$1
	shift
	valgrind --quiet --leak-check=full --errors-for-leak-kinds=definite,indirect \
		--show-leak-kinds=definite,indirect --error-exitcode=99 --log-file="$TT_TMP/vg.$name" \
		"$THINGTOP" --config "$TT_TMP/config" "$@" >"$TT_TMP/out.$name" 2>"$TT_TMP/err.$name"
	local rc=$?
	[ "$rc" -eq 0 ] || fail "$name: exit $rc under valgrind:
$(cat "$TT_TMP/vg.$name" "$TT_TMP/err.$name" | head -40)"
	[ ! -s "$TT_TMP/vg.$name" ] || fail "$name: valgrind reports:
$(head -40 "$TT_TMP/vg.$name")"
	echo "ok: $name ($(wc -l <"$TT_TMP/out.$name") items, valgrind clean)"
}
vg kpn-context --profile kpn --context "${KPN_CUSTOMER_IDS%%,*}" --dump devices --limit 40
vg akenza-parallel --profile akenza --dump assets --limit 25 --format csv
vg partner --profile partner --dump invitations --format table
exit 0
