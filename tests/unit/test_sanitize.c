/* test_sanitize.c — the terminal sanitiser: escape sequences, controls,
 * invalid UTF-8, widths and fitting. */
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "sanitize.h"

static const char *san(const char *in, size_t len)
{
	static char out[1024];

	sanitize_text(in, len, out, sizeof out);
	return out;
}
#define SAN(lit) san(lit, sizeof(lit) - 1)

static void test_plain_text_unchanged(void **state)
{
	(void)state;
	assert_string_equal(SAN("pump north 00398"), "pump north 00398");
	assert_string_equal(SAN("Küchen-Zähler 東京 🚰"), "Küchen-Zähler 東京 🚰");
}

static void test_csi_removed(void **state)
{
	(void)state;
	assert_string_equal(SAN("a\x1b[31mred\x1b[0m"), "a?red?");
	assert_string_equal(SAN("\x1b[2J\x1b[Hfake"), "??fake");
	assert_string_equal(SAN("x\x1b[1;31;42mZ"), "x?Z");
	/* 8-bit CSI U+009B in UTF-8 form */
	assert_string_equal(SAN("a\xc2\x9b" "31mb"), "a?b");
}

static void test_osc_removed(void **state)
{
	(void)state;
	/* OSC 52 clipboard write, BEL-terminated and ST-terminated */
	assert_string_equal(SAN("n\x1b]52;c;ZWNobyBoaQ==\x07" "ame"), "n?ame");
	assert_string_equal(SAN("n\x1b]52;c;ZWNobyBoaQ==\x1b\\" "ame"), "n?ame");
	/* OSC 0 title change */
	assert_string_equal(SAN("\x1b]0;pwned\x07ok"), "?ok");
	/* C1 OSC with C1 ST */
	assert_string_equal(SAN("a\xc2\x9d" "0;t\xc2\x9c" "b"), "a?b");
	/* unterminated OSC swallows the rest rather than showing it raw */
	assert_string_equal(SAN("ok\x1b]52;c;AAAA"), "ok?");
}

static void test_dcs_and_other_escapes(void **state)
{
	(void)state;
	assert_string_equal(SAN("a\x1bPq#0;2;0;0;0\x1b\\b"), "a?b");
	assert_string_equal(SAN("a\x1b" "7b\x1b" "8c"), "a?b?c");
	assert_string_equal(SAN("a\x1b(Bb"), "a?b");
	assert_string_equal(SAN("end\x1b"), "end?");
}

static void test_controls_visible(void **state)
{
	(void)state;
	assert_string_equal(SAN("line1\r\nline2"), "line1↵↵line2");
	assert_string_equal(SAN("a\tb"), "a b");
	assert_string_equal(SAN("bell\x07!"), "bell?!");
	assert_string_equal(SAN("del\x7f!"), "del?!");
	assert_string_equal(SAN("bs\x08\x08xx"), "bs??xx");
	assert_string_equal(SAN("c1\xc2\x85!"), "c1?!"); /* NEL */
	assert_string_equal(san("nul\0after", 9), "nul?after");
}

static void test_invalid_utf8(void **state)
{
	(void)state;
	assert_string_equal(SAN("a\xff" "b"), "a\xef\xbf\xbd" "b");
	assert_string_equal(SAN("\xc0\xaf"), "\xef\xbf\xbd\xef\xbf\xbd");             /* overlong '/' */
	assert_string_equal(SAN("\xed\xa0\x80"), "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"); /* surrogate */
	assert_string_equal(SAN("x\xe6\x9d"), "x\xef\xbf\xbd\xef\xbf\xbd");          /* truncated */
	assert_string_equal(SAN("\xf4\x90\x80\x80"),
			    "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");          /* > U+10FFFF */
}

static void test_invisible_dropped(void **state)
{
	(void)state;
	assert_string_equal(SAN("a\xe2\x80\x8b" "b"), "ab");          /* ZWSP */
	assert_string_equal(SAN("a\xe2\x80\xae" "evil"), "aevil");    /* RLO (Trojan Source) */
	assert_string_equal(SAN("\xef\xbb\xbfname"), "name");         /* BOM */
	/* combining marks stay: e + U+0301 */
	assert_string_equal(SAN("e\xcc\x81"), "e\xcc\x81");
}

static void test_truncation_never_splits(void **state)
{
	char out[8];
	size_t n;

	(void)state;
	n = sanitize_text("東京東京", strlen("東京東京"), out, sizeof out);
	assert_int_equal(n, 6);       /* two 3-byte chars fit in 7 bytes + NUL */
	assert_string_equal(out, "東京");
	n = sanitize_text("abc", 3, out, 1);
	assert_int_equal(n, 0);
	assert_string_equal(out, "");
	n = sanitize_text(NULL, 5, out, sizeof out);
	assert_int_equal(n, 0);
}

static void test_width(void **state)
{
	(void)state;
	assert_int_equal(sanitize_width("abc"), 3);
	assert_int_equal(sanitize_width("東京"), 4);
	assert_int_equal(sanitize_width("🚰"), 2);
	assert_int_equal(sanitize_width("e\xcc\x81"), 1);
	assert_int_equal(sanitize_width(""), 0);
}

static void test_fit(void **state)
{
	char out[64];

	(void)state;
	sanitize_fit("abcdef", 4, 0, out, sizeof out);
	assert_string_equal(out, "abcd");
	sanitize_fit("ab", 4, 1, out, sizeof out);
	assert_string_equal(out, "ab  ");
	/* a wide char that would straddle the edge becomes padding */
	sanitize_fit("a東京", 4, 1, out, sizeof out);
	assert_string_equal(out, "a東 ");
	assert_int_equal(sanitize_width(out), 4);
	sanitize_fit("a東京", 4, 0, out, sizeof out);
	assert_string_equal(out, "a東");
	sanitize_fit("x", 0, 1, out, sizeof out);
	assert_string_equal(out, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_text_unchanged),
		cmocka_unit_test(test_csi_removed),
		cmocka_unit_test(test_osc_removed),
		cmocka_unit_test(test_dcs_and_other_escapes),
		cmocka_unit_test(test_controls_visible),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_invisible_dropped),
		cmocka_unit_test(test_truncation_never_splits),
		cmocka_unit_test(test_width),
		cmocka_unit_test(test_fit),
	};

	if (!setlocale(LC_CTYPE, "C.UTF-8"))
		setlocale(LC_CTYPE, "");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
