/* test_ident.c — identifiers typed at /: which kind a text is (the built-in
 * DevEUI and IMEI, a provider's own such as the KPN barcode), the lookup the
 * resource documents for it (a path or a list filter), what the screen says
 * when there is none, and provider files that get lookups wrong. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "ident.h"
#include "provider.h"
#include "provfix.h"

static struct tt_provider *load_text(const char *text, struct tt_error *e)
{
	return provfix_text(text, NULL, 0, e);
}

/* KPN devices: a barcode has a documented lookup (a filter on the list), a
 * DevEUI or an IMEI has none, a short word or number is plain text. */
static void test_kpn_kinds(void **state)
{
	(void)state;
	struct tt_provider *p = provfix_shipped("kpn-things");
	const struct tt_resource *d = provfix_res(p, "devices");
	struct ident_match m;

	assert_int_equal(ident_classify(p, d, "0123456789abcdef", &m), 1);
	assert_string_equal(m.kind, "DevEUI");
	assert_null(m.lookup);
	assert_int_equal(ident_classify(p, d, "0123456789ABCDEF", &m), 1);
	assert_string_equal(m.kind, "DevEUI");
	assert_int_equal(ident_classify(p, d, "356938035643809", &m), 1);
	assert_string_equal(m.kind, "IMEI");
	assert_null(m.lookup);
	assert_int_equal(ident_classify(p, d, "BC00000042", &m), 1);
	assert_string_equal(m.kind, "barcode");
	assert_non_null(m.lookup);
	assert_null(m.lookup->path);
	assert_string_equal(m.lookup->filter, "barcode={value}");
	/* 17 hex digits, 14 digits: not a DevEUI, not an IMEI, so a barcode */
	ident_classify(p, d, "0123456789abcdef0", &m);
	assert_string_equal(m.kind, "barcode");
	ident_classify(p, d, "35693803564380", &m);
	assert_string_equal(m.kind, "barcode");
	/* plain text: a short word or number, words with spaces, !inverted */
	assert_int_equal(ident_classify(p, d, "pump", &m), 0);
	assert_null(m.kind);
	assert_int_equal(ident_classify(p, d, "00042", &m), 0);
	/* a plain word, however long, stays a name search: a barcode has a digit */
	assert_int_equal(ident_classify(p, d, "thermostat", &m), 0);
	assert_int_equal(ident_classify(p, d, "pump-00042", &m), 1);
	assert_string_equal(m.kind, "barcode");
	assert_int_equal(ident_classify(p, d, "pump Kraków 00004", &m), 0);
	assert_int_equal(ident_classify(p, d, "!0123456789abcdef", &m), 0);
	assert_int_equal(ident_classify(p, d, "", &m), 0);
	/* the downlinks pane documents no barcode lookup */
	assert_int_equal(ident_classify(p, provfix_res(p, "downlinks"), "BC00000042", &m), 1);
	assert_null(m.lookup);
	provider_free(p);
}

/* akenza assets: a DevEUI through by-device-id (a path); an IMEI: none. */
static void test_akenza_kinds(void **state)
{
	(void)state;
	struct tt_provider *p = provfix_shipped("akenza");
	const struct tt_resource *a = provfix_res(p, "assets");
	struct ident_match m;

	assert_int_equal(ident_classify(p, a, "70b3d57ed0051234", &m), 1);
	assert_string_equal(m.kind, "DevEUI");
	assert_non_null(m.lookup);
	assert_non_null(strstr(m.lookup->path, "by-device-id?deviceId={value}"));
	assert_int_equal(ident_classify(p, a, "356938035643809", &m), 1);
	assert_null(m.lookup);
	/* no barcode kind here: a long token is text */
	assert_int_equal(ident_classify(p, a, "BC00000042", &m), 0);
	provider_free(p);
}

/* The message names the provider, the kind, what was searched and the text. */
static void test_no_lookup_message(void **state)
{
	(void)state;
	struct tt_provider *k = provfix_shipped("kpn-things"), *a = provfix_shipped("akenza"),
			   *j = provfix_shipped("partner-jwt");
	char out[512];

	ident_no_lookup(k, provfix_res(k, "devices"), "DevEUI", "0123456789abcdef", out, sizeof out);
	assert_string_equal(out, "KPN Things documents no DevEUI lookup: searched name and description (q) for "
				 "0123456789abcdef");
	ident_no_lookup(a, provfix_res(a, "assets"), "IMEI", "356938035643809", out, sizeof out);
	assert_non_null(strstr(out, "no IMEI lookup: searched the free text (search) for 356938035643809"));
	ident_no_lookup(j, provfix_res(j, "invitations"), "DevEUI", "0123456789abcdef", out, sizeof out);
	assert_non_null(strstr(out, "no DevEUI lookup: searched the loaded rows for 0123456789abcdef"));
	/* what is typed reaches the screen sanitised */
	ident_no_lookup(k, provfix_res(k, "devices"), "DevEUI", "\x1b]52;c;AAAA\x07", out, sizeof out);
	assert_null(strchr(out, '\x1b'));
	assert_null(strchr(out, '\x07'));
	struct ident_match m;
	assert_int_equal(ident_classify(j, provfix_res(j, "invitations"), "0123456789abcdef", &m), 1);
	assert_null(m.lookup);
	provider_free(k);
	provider_free(a);
	provider_free(j);
}

#define HEAD "name = \"t\";\nauth = { scheme = \"api-key-header\"; };\npaging = { style = \"page-number\"; };\n"

/* identifiers: a provider's own kind, a built-in replaced; lookups without a
 * pattern name a known kind; a filter lookup names a declared filter. */
static void test_provider_data(void **state)
{
	(void)state;
	struct tt_error e;
	struct tt_provider *p;
	struct ident_match m;

	p = load_text(HEAD "identifiers = ( { name = \"DevEUI\"; pattern = \"^eui-[0-9]+$\"; },\n"
			   "  { name = \"serial\"; pattern = \"^SN[0-9]+$\"; } );\n"
			   "resources = ( { name = \"r\"; path = \"/r\"; filters = [ \"serial\" ];\n"
			   "  lookups = ( { name = \"serial\"; filter = \"serial={value}\"; } ); } );\n", &e);
	assert_non_null(p);
	assert_int_equal(ident_classify(p, &p->res[0], "eui-7", &m), 1);
	assert_string_equal(m.kind, "DevEUI");
	assert_int_equal(ident_classify(p, &p->res[0], "0123456789abcdef", &m), 0);
	assert_int_equal(ident_classify(p, &p->res[0], "SN12", &m), 1);
	assert_string_equal(m.lookup->filter, "serial={value}");
	provider_free(p);

	/* a lookup of a kind nobody declared, without a pattern */
	assert_null(load_text(HEAD "resources = ( { name = \"r\"; path = \"/r\";\n"
				   "  lookups = ( { name = \"serial\"; path = \"/r/{value}\"; } ); } );\n", &e));
	assert_non_null(strstr(e.message, "no identifier of that name"));
	/* a filter the resource does not declare */
	assert_null(load_text(HEAD "resources = ( { name = \"r\"; path = \"/r\";\n"
				   "  lookups = ( { name = \"IMEI\"; filter = \"imei={value}\"; } ); } );\n", &e));
	assert_non_null(strstr(e.message, "one of the resource's filters"));
	assert_non_null(strstr(e.message, ":5:"));
	/* both a path and a filter */
	assert_null(load_text(HEAD "resources = ( { name = \"r\"; path = \"/r\"; filters = [ \"imei\" ];\n"
				   "  lookups = ( { name = \"IMEI\"; filter = \"imei={value}\"; path = \"/r/{value}\"; } ); } );\n",
			      &e));
	assert_non_null(strstr(e.message, "either a path or a filter"));
	/* a broken identifier pattern */
	assert_null(provfix_text(HEAD "identifiers = ( { name = \"x\"; pattern = \"^[a-\"; } );\n"
				   "resources = ( { name = \"r\"; path = \"/r\"; } );\n", NULL, 0, &e));
	assert_non_null(strstr(e.message, ":4: identifier x: pattern is not a regular expression"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kpn_kinds),
		cmocka_unit_test(test_akenza_kinds),
		cmocka_unit_test(test_no_lookup_message),
		cmocka_unit_test(test_provider_data),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
