/* test_sparkline.c — the sparkline renderer (src/sparkline.c): one glyph per
 * value scaled between the series' minimum and maximum, Unicode blocks or the
 * ASCII marks, spaces for missing values, a flat series in the middle, and
 * never half a glyph when the buffer is short. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "sparkline.h"

static void test_blocks_span_min_to_max(void **state)
{
	(void)state;
	double v[] = { 0, 1, 2, 3, 4, 5, 6, 7 };
	char out[64];
	assert_int_equal(sparkline_render(v, NULL, 8, 0, out, sizeof out), 8);
	assert_string_equal(out, "▁▂▃▄▅▆▇█");
	/* scaled to the series, not to zero */
	double w[] = { 100, 107, 100 };
	sparkline_render(w, NULL, 3, 0, out, sizeof out);
	assert_string_equal(out, "▁█▁");
}

static void test_ascii_marks(void **state)
{
	(void)state;
	double v[] = { 10, 12.5, 15, 17.5, 20 };
	char out[64];
	assert_int_equal(sparkline_render(v, NULL, 5, 1, out, sizeof out), 5);
	assert_string_equal(out, "_.-=#");
	for (const char *p = out; *p; p++)
		assert_true((unsigned char)*p < 128);
}

static void test_missing_and_flat(void **state)
{
	(void)state;
	double v[] = { 5, 0, 5, 5 };
	unsigned char have[] = { 1, 0, 1, 1 };
	char out[64];
	sparkline_render(v, have, 4, 0, out, sizeof out);
	assert_string_equal(out, "▅ ▅▅");
	sparkline_render(v, have, 4, 1, out, sizeof out);
	assert_string_equal(out, "- --");
	assert_int_equal(sparkline_render(v, NULL, 0, 0, out, sizeof out), 0);
	assert_string_equal(out, "");
}

static void test_short_buffer_whole_glyphs(void **state)
{
	(void)state;
	double v[] = { 0, 1, 2, 3 };
	char out[8]; /* room for two three-byte glyphs and the NUL */
	assert_int_equal(sparkline_render(v, NULL, 4, 0, out, sizeof out), 2);
	assert_int_equal(strlen(out), 6);
	assert_string_equal(out, "▁▃");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_blocks_span_min_to_max),
		cmocka_unit_test(test_ascii_marks),
		cmocka_unit_test(test_missing_and_flat),
		cmocka_unit_test(test_short_buffer_whole_glyphs),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
