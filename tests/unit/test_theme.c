/* test_theme.c — theme files and colour degradation (ui/theme.c): every shipped
 * theme loads; colours map onto 8, 16, 256 and direct-colour terminals the way
 * theme.h promises; mistakes in a theme file name the file and line. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "theme.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void test_parse_colour(void **state)
{
	int c;
	(void)state;
	assert_int_equal(theme_parse_colour("default", &c), 0);
	assert_int_equal(c, -1);
	assert_int_equal(theme_parse_colour("red", &c), 0);
	assert_int_equal(c, 1);
	assert_int_equal(theme_parse_colour("bright-white", &c), 0);
	assert_int_equal(c, 15);
	assert_int_equal(theme_parse_colour("208", &c), 0);
	assert_int_equal(c, 208);
	assert_int_equal(theme_parse_colour("#268bd2", &c), 0);
	assert_int_equal(c, THEME_RGB | 0x268bd2);
	const char *bad[] = { "", "256", "-1", "#12345", "#1234567", "#gggggg", "rouge", "bright-", "12x" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_int_equal(theme_parse_colour(bad[i], &c), -1);
}

static void test_degrade(void **state)
{
	(void)state;
	/* default stays default everywhere */
	assert_int_equal(theme_colour_for(-1, 8), -1);
	assert_int_equal(theme_colour_for(-1, 1 << 24), -1);
	/* RGB: exact only on direct colour */
	assert_int_equal(theme_colour_for(THEME_RGB | 0x268bd2, 1 << 24), 0x268bd2);
	/* pure red → the 256-cube's red (196), bright red (9) on 16, red (1) on 8 */
	assert_int_equal(theme_colour_for(THEME_RGB | 0xff0000, 256), 196);
	assert_int_equal(theme_colour_for(THEME_RGB | 0xff0000, 16), 9);
	assert_int_equal(theme_colour_for(THEME_RGB | 0xff0000, 8), 1);
	/* a mid grey → the grey ramp on 256 */
	int g = theme_colour_for(THEME_RGB | 0x808080, 256);
	assert_true(g >= 232 && g <= 255);
	/* palette indexes the terminal has pass through; larger ones degrade */
	assert_int_equal(theme_colour_for(208, 256), 208);
	assert_true(theme_colour_for(208, 16) < 16);
	assert_true(theme_colour_for(208, 8) < 8);
	assert_int_equal(theme_colour_for(12, 16), 12);
	assert_int_equal(theme_colour_for(12, 8), 4);   /* bright-blue → blue */
	assert_int_equal(theme_colour_for(21, 8), 4);   /* 256-cube blue → blue */
	/* nothing on an 8-colour terminal is ever ≥ 8 */
	for (int c = 0; c < 256; c++)
		assert_true(theme_colour_for(c, 8) < 8);
	for (int rgb = 0; rgb < 0x1000000; rgb += 0x0f0f0f)
		assert_true(theme_colour_for(THEME_RGB | rgb, 16) < 16);
}

static void test_shipped_themes_load(void **state)
{
	const char *names[] = { "default", "dark", "light", "solarized", "mono" };
	(void)state;
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		struct tt_error e = { 0 };
		if (theme_load(names[i], &e))
			fail_msg("theme %s: %s (%s)", names[i], e.message, e.hint);
	}
	struct tt_error e = { 0 };
	assert_int_equal(theme_load("no-such-theme", &e), -1);
	assert_non_null(strstr(e.message, "no theme named 'no-such-theme'"));
	assert_non_null(strstr(e.hint, "solarized"));
	assert_int_equal(theme_load("../etc/passwd", &e), -1);
}

static int load_text(const char *text, struct tt_error *e, char *path, size_t pathsz)
{
	snprintf(path, pathsz, "/tmp/test_theme.XXXXXX");
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	int rc = theme_load_file(path, e);
	unlink(path);
	return rc;
}

static void test_file_errors(void **state)
{
	static const struct { const char *text, *want; } cases[] = {
		{ "normal = { fg = \"white\"; };\nheadr = { fg = \"red\"; };\n", ":2: unknown theme element 'headr'" },
		{ "normal = { fg = \"purple\"; };\n", ":1: normal.fg is not a colour" },
		{ "\n\nheader = { bg = 300; };\n", ":3: header.bg is not a colour" },
		{ "header = { attrs = \"bold,blinky\"; };\n", ":1: unknown attribute 'blinky'" },
		{ "header = { fgg = \"red\"; };\n", ":1: unknown key 'fgg' in header" },
		{ "header = \"red\";\n", ":1: header must be a group" },
		{ "header = { fg = \"red\" \n", ":2: " },   /* libconfig syntax error */
	};
	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct tt_error e = { 0 };
		char path[64];
		assert_int_equal(load_text(cases[i].text, &e, path, sizeof path), -1);
		if (!strstr(e.message, path) || !strstr(e.message, cases[i].want))
			fail_msg("case %zu: got '%s', want '%s%s'", i, e.message, path, cases[i].want);
	}
	struct tt_error e = { 0 };
	char path[64];
	assert_int_equal(load_text("description = \"ok\";\nmonochrome = true;\nselected = { attrs = \"reverse\"; };\n",
				   &e, path, sizeof path), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_colour),
		cmocka_unit_test(test_degrade),
		cmocka_unit_test(test_shipped_themes_load),
		cmocka_unit_test(test_file_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
