/* theme.c — built-in colour themes (see theme.h). */
#include "theme.h"

#include <curses.h>
#include <string.h>

struct spec { short fg, bg; int attr; };

/* -1 = the terminal's default colour */
static const struct { const char *name; struct spec el[EL_COUNT]; } themes[] = {
	{ "default", {
		[EL_NORMAL] = { -1, -1, 0 },
		[EL_HEADER] = { COLOR_WHITE, COLOR_BLUE, A_BOLD },
		[EL_CTX_OWN] = { COLOR_BLACK, COLOR_CYAN, A_BOLD },
		[EL_CTX_CUSTOMER] = { COLOR_BLACK, COLOR_YELLOW, A_BOLD },
		[EL_RO] = { COLOR_WHITE, COLOR_MAGENTA, A_BOLD },
		[EL_TAB] = { -1, -1, 0 },
		[EL_TAB_ACTIVE] = { COLOR_BLACK, COLOR_GREEN, A_BOLD },
		[EL_COLHEAD] = { COLOR_CYAN, -1, A_BOLD },
		[EL_COLHEAD_SEL] = { COLOR_CYAN, -1, A_BOLD | A_UNDERLINE },
		[EL_SELECTED] = { COLOR_BLACK, COLOR_CYAN, 0 },
		[EL_FOOTER] = { COLOR_BLUE, -1, 0 },
		[EL_STATUS] = { -1, -1, 0 },
		[EL_ERROR] = { COLOR_WHITE, COLOR_RED, A_BOLD },
		[EL_KEYHINT] = { COLOR_YELLOW, -1, A_BOLD },
		[EL_JSON_KEY] = { COLOR_CYAN, -1, 0 },
		[EL_JSON_STRING] = { COLOR_GREEN, -1, 0 },
		[EL_JSON_NUMBER] = { COLOR_MAGENTA, -1, 0 },
		[EL_MATCH] = { COLOR_BLACK, COLOR_YELLOW, 0 },
		[EL_DIM] = { -1, -1, A_DIM },
	} },
	{ "dark", {
		[EL_NORMAL] = { COLOR_WHITE, COLOR_BLACK, 0 },
		[EL_HEADER] = { COLOR_BLACK, COLOR_CYAN, A_BOLD },
		[EL_CTX_OWN] = { COLOR_BLACK, COLOR_GREEN, A_BOLD },
		[EL_CTX_CUSTOMER] = { COLOR_BLACK, COLOR_YELLOW, A_BOLD },
		[EL_RO] = { COLOR_WHITE, COLOR_MAGENTA, A_BOLD },
		[EL_TAB] = { COLOR_WHITE, COLOR_BLACK, 0 },
		[EL_TAB_ACTIVE] = { COLOR_BLACK, COLOR_WHITE, A_BOLD },
		[EL_COLHEAD] = { COLOR_YELLOW, COLOR_BLACK, A_BOLD },
		[EL_COLHEAD_SEL] = { COLOR_YELLOW, COLOR_BLACK, A_BOLD | A_UNDERLINE },
		[EL_SELECTED] = { COLOR_BLACK, COLOR_YELLOW, 0 },
		[EL_FOOTER] = { COLOR_CYAN, COLOR_BLACK, 0 },
		[EL_STATUS] = { COLOR_WHITE, COLOR_BLACK, 0 },
		[EL_ERROR] = { COLOR_WHITE, COLOR_RED, A_BOLD },
		[EL_KEYHINT] = { COLOR_GREEN, COLOR_BLACK, A_BOLD },
		[EL_JSON_KEY] = { COLOR_CYAN, COLOR_BLACK, 0 },
		[EL_JSON_STRING] = { COLOR_GREEN, COLOR_BLACK, 0 },
		[EL_JSON_NUMBER] = { COLOR_MAGENTA, COLOR_BLACK, 0 },
		[EL_MATCH] = { COLOR_BLACK, COLOR_YELLOW, 0 },
		[EL_DIM] = { COLOR_WHITE, COLOR_BLACK, A_DIM },
	} },
	{ "light", {
		[EL_NORMAL] = { COLOR_BLACK, COLOR_WHITE, 0 },
		[EL_HEADER] = { COLOR_WHITE, COLOR_BLUE, A_BOLD },
		[EL_CTX_OWN] = { COLOR_WHITE, COLOR_BLUE, A_BOLD },
		[EL_CTX_CUSTOMER] = { COLOR_BLACK, COLOR_YELLOW, A_BOLD },
		[EL_RO] = { COLOR_WHITE, COLOR_MAGENTA, A_BOLD },
		[EL_TAB] = { COLOR_BLACK, COLOR_WHITE, 0 },
		[EL_TAB_ACTIVE] = { COLOR_WHITE, COLOR_BLUE, A_BOLD },
		[EL_COLHEAD] = { COLOR_BLUE, COLOR_WHITE, A_BOLD },
		[EL_COLHEAD_SEL] = { COLOR_BLUE, COLOR_WHITE, A_BOLD | A_UNDERLINE },
		[EL_SELECTED] = { COLOR_WHITE, COLOR_BLUE, 0 },
		[EL_FOOTER] = { COLOR_BLUE, COLOR_WHITE, 0 },
		[EL_STATUS] = { COLOR_BLACK, COLOR_WHITE, 0 },
		[EL_ERROR] = { COLOR_WHITE, COLOR_RED, A_BOLD },
		[EL_KEYHINT] = { COLOR_MAGENTA, COLOR_WHITE, A_BOLD },
		[EL_JSON_KEY] = { COLOR_BLUE, COLOR_WHITE, 0 },
		[EL_JSON_STRING] = { COLOR_GREEN, COLOR_WHITE, 0 },
		[EL_JSON_NUMBER] = { COLOR_MAGENTA, COLOR_WHITE, 0 },
		[EL_MATCH] = { COLOR_BLACK, COLOR_YELLOW, 0 },
		[EL_DIM] = { COLOR_BLACK, COLOR_WHITE, A_DIM },
	} },
	{ "solarized", {
		[EL_NORMAL] = { COLOR_CYAN, -1, 0 },
		[EL_HEADER] = { COLOR_YELLOW, COLOR_BLUE, A_BOLD },
		[EL_CTX_OWN] = { COLOR_BLACK, COLOR_CYAN, A_BOLD },
		[EL_CTX_CUSTOMER] = { COLOR_BLACK, COLOR_YELLOW, A_BOLD },
		[EL_RO] = { COLOR_WHITE, COLOR_MAGENTA, A_BOLD },
		[EL_TAB] = { COLOR_CYAN, -1, 0 },
		[EL_TAB_ACTIVE] = { COLOR_BLACK, COLOR_YELLOW, A_BOLD },
		[EL_COLHEAD] = { COLOR_YELLOW, -1, A_BOLD },
		[EL_COLHEAD_SEL] = { COLOR_YELLOW, -1, A_BOLD | A_UNDERLINE },
		[EL_SELECTED] = { COLOR_BLACK, COLOR_CYAN, 0 },
		[EL_FOOTER] = { COLOR_GREEN, -1, 0 },
		[EL_STATUS] = { COLOR_CYAN, -1, 0 },
		[EL_ERROR] = { COLOR_WHITE, COLOR_RED, A_BOLD },
		[EL_KEYHINT] = { COLOR_MAGENTA, -1, A_BOLD },
		[EL_JSON_KEY] = { COLOR_BLUE, -1, 0 },
		[EL_JSON_STRING] = { COLOR_GREEN, -1, 0 },
		[EL_JSON_NUMBER] = { COLOR_MAGENTA, -1, 0 },
		[EL_MATCH] = { COLOR_BLACK, COLOR_YELLOW, 0 },
		[EL_DIM] = { COLOR_CYAN, -1, A_DIM },
	} },
};

/* mono: attributes only, readable anywhere */
static const int mono[EL_COUNT] = {
	[EL_HEADER] = A_REVERSE, [EL_CTX_OWN] = A_BOLD | A_REVERSE, [EL_CTX_CUSTOMER] = A_BOLD | A_UNDERLINE,
	[EL_RO] = A_BOLD | A_REVERSE, [EL_TAB_ACTIVE] = A_REVERSE | A_BOLD, [EL_COLHEAD] = A_BOLD,
	[EL_COLHEAD_SEL] = A_BOLD | A_UNDERLINE, [EL_SELECTED] = A_REVERSE, [EL_ERROR] = A_BOLD | A_REVERSE,
	[EL_KEYHINT] = A_BOLD, [EL_JSON_KEY] = A_BOLD, [EL_MATCH] = A_REVERSE, [EL_DIM] = A_DIM,
};

static int attrs[EL_COUNT];

const char *theme_names(void)
{
	return "default, dark, light, solarized, mono";
}

int theme_init(const char *name, int no_color)
{
	int t = 0, rc = 0;

	if (name && strcmp(name, "mono") != 0) {
		t = -1;
		for (size_t i = 0; i < sizeof themes / sizeof themes[0]; i++)
			if (!strcmp(themes[i].name, name))
				t = (int)i;
		if (t < 0) {
			rc = -1;
			t = 0;
		}
	}
	if (no_color || (name && !strcmp(name, "mono")) || !has_colors() || start_color() == ERR) {
		memcpy(attrs, mono, sizeof attrs);
		return rc;
	}
	use_default_colors();
	for (int el = 0; el < EL_COUNT; el++) {
		const struct spec *sp = &themes[t].el[el];
		if (el + 1 >= COLOR_PAIRS) {
			attrs[el] = mono[el];
			continue;
		}
		init_pair((short)(el + 1), sp->fg, sp->bg);
		attrs[el] = (int)COLOR_PAIR(el + 1) | sp->attr;
	}
	return rc;
}

int theme_attr(enum theme_elem el)
{
	return attrs[el];
}
