/* test_csv.c — the one CSV writer (src/csv.c) of --dump and :export:
 * RFC 4180 quoting only where needed, doubled quotes, CR/LF kept as data,
 * escape sequences sanitised, long fields whole. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "csv.h"

static char *field(const char *s)
{
	static struct strbuf b;

	sb_reset(&b);
	csv_field(&b, s);
	return b.s ? b.s : "";
}

static void test_plain_unquoted(void **state)
{
	(void)state;
	assert_string_equal(field("pump north 00398"), "pump north 00398");
	assert_string_equal(field("Küchen-Zähler 東京 🚰"), "Küchen-Zähler 東京 🚰");
	assert_string_equal(field("2025-09-01T08:00:00Z"), "2025-09-01T08:00:00Z");
	assert_string_equal(field(""), "");
}

static void test_quoted_when_needed(void **state)
{
	(void)state;
	assert_string_equal(field("a,b"), "\"a,b\"");
	assert_string_equal(field("Quote \"Test\" BV"), "\"Quote \"\"Test\"\" BV\"");
	assert_string_equal(field("\""), "\"\"\"\"");
}

static void test_cr_lf_kept_inside_quotes(void **state)
{
	(void)state;
	assert_string_equal(field("line one\r\nline two"), "\"line one\r\nline two\"");
	assert_string_equal(field("\n"), "\"\n\"");
}

static void test_escape_sequences_sanitised(void **state)
{
	(void)state;
	const char *f = field("\x1b]0;owned\x07" "evil\x1b[2J co");
	assert_null(strchr(f, '\x1b'));
	assert_null(strchr(f, '\x07'));
	assert_non_null(strstr(f, "evil"));
	/* a quote next to an escape is still doubled, the field still quoted */
	assert_string_equal(field("\x1b[31m\"x\""), "\"?\"\"x\"\"\"");
}

static void test_long_field_whole(void **state)
{
	(void)state;
	size_t n = 20000;
	char *s = malloc(n + 1);
	assert_non_null(s);
	memset(s, 'x', n);
	s[n] = '\0';
	s[n / 2] = ',';
	const char *f = field(s);
	assert_int_equal(strlen(f), n + 2);
	assert_int_equal(f[0], '"');
	assert_int_equal(f[n + 1], '"');
	free(s);
}

static void test_records(void **state)
{
	(void)state;
	struct strbuf b = { 0 };
	csv_sep_field(&b, "id", 1);
	csv_sep_field(&b, "NAME", 0);
	csv_sep_field(&b, "a,b", 0);
	assert_string_equal(b.s, "id,NAME,\"a,b\"");
	sb_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_unquoted),
		cmocka_unit_test(test_quoted_when_needed),
		cmocka_unit_test(test_cr_lf_kept_inside_quotes),
		cmocka_unit_test(test_escape_sequences_sanitised),
		cmocka_unit_test(test_long_field_whole),
		cmocka_unit_test(test_records),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
