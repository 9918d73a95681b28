#!/usr/bin/env bash
# valgrind-dump.sh — a --dump walk under valgrind memcheck: a KPN cursor walk in
# a customer context and an akenza walk with parallel pages (threads) report no
# invalid access and no definite or indirect leak. Valgrind cannot run an
# AddressSanitizer or ThreadSanitizer build: there (only) the test is skipped,
# the ASan run of the same walks in the other tests covers it.
source "$top_srcdir/tests/e2e/lib.sh"
command -v valgrind >/dev/null || fail "valgrind is not installed (./autogen.sh installs it)"
if nm "$THINGTOP" 2>/dev/null | grep -qE '__(asan|tsan)_init'; then
	echo "skip: $THINGTOP is a sanitizer build; valgrind runs in the plain build"
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
pages() { grep -c "method=GET path=$1" "$SIM_LOG"; }
cust=${KPN_CUSTOMER_IDS%%,*}
# KPN: a cursor walk of several pages in a customer context; the same rows as
# a run without valgrind
vg kpn-context --profile kpn --context "$cust" --dump devices --limit 10
n=$(pages '/devices?limit=10')
[ "$n" -ge 4 ] || fail "kpn-context: $n pages fetched, want several"
[ "$(grep -c "path=/devices?limit=10.*ctx=$cust " "$SIM_LOG")" = "$n" ] || fail "kpn-context: a page outside the context"
"$THINGTOP" --config "$TT_TMP/config" --profile kpn --context "$cust" --dump devices --limit 10 >"$TT_TMP/plain.kpn"
cmp -s "$TT_TMP/plain.kpn" "$TT_TMP/out.kpn-context" || fail "kpn-context: rows differ from a run without valgrind"
# akenza: page-number paging with parallel page requests (threads): 300 rows + header
vg akenza-parallel --profile akenza --dump assets --limit 25 --format csv
assert_eq "$(wc -l <"$TT_TMP/out.akenza-parallel")" 301
n=$(pages '/v3/assets?size=25')
[ "$n" -ge 12 ] || fail "akenza-parallel: $n pages fetched, want 12"
vg partner --profile partner --dump invitations --format table
exit 0
