/* theme.c — themes read from themes/NAME.conf and mapped onto the terminal's
 * colours (see theme.h). The element names below are the file's keys. */
#include "theme.h"

#include "datafile.h"

#include <curses.h>
#include <libconfig.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct spec {
	int fg, bg;   /* colours as in theme.h */
	int attr;     /* A_* */
};

/* Element names (the keys of a theme file) and the attributes each keeps when
 * there are no colours: the mono look, also the base of every theme. */
static const struct {
	const char *name;
	int mono;
} elems[EL_COUNT] = {
	[EL_NORMAL] = { "normal", 0 },
	[EL_HEADER] = { "header", A_REVERSE },
	[EL_CTX_OWN] = { "context-own", A_BOLD | A_REVERSE },
	[EL_CTX_CUSTOMER] = { "context-customer", A_BOLD | A_UNDERLINE },
	[EL_RO] = { "read-only", A_BOLD | A_REVERSE },
	[EL_TAB] = { "tab", 0 },
	[EL_TAB_ACTIVE] = { "tab-active", A_BOLD | A_REVERSE },
	[EL_COLHEAD] = { "column", A_BOLD },
	[EL_COLHEAD_SEL] = { "column-selected", A_BOLD | A_UNDERLINE },
	[EL_SELECTED] = { "selected", A_REVERSE },
	[EL_FOOTER] = { "footer", 0 },
	[EL_STATUS] = { "status", 0 },
	[EL_ERROR] = { "error", A_BOLD | A_REVERSE },
	[EL_KEYHINT] = { "key-hint", A_BOLD },
	[EL_JSON_KEY] = { "json-key", A_BOLD },
	[EL_JSON_STRING] = { "json-string", 0 },
	[EL_JSON_NUMBER] = { "json-number", 0 },
	[EL_MATCH] = { "match", A_REVERSE },
	[EL_DIM] = { "dim", A_DIM },
	[EL_CHANGED] = { "changed", A_BOLD },
	[EL_NEW] = { "new", A_BOLD | A_UNDERLINE },
};

static const struct { const char *name; int attr; } attr_names[] = {
	{ "bold", A_BOLD }, { "dim", A_DIM }, { "underline", A_UNDERLINE }, { "reverse", A_REVERSE },
	{ "standout", A_STANDOUT }, { "italic", A_ITALIC }, { "blink", A_BLINK },
};

static const char *const colour_names[8] = { "black", "red", "green", "yellow", "blue", "magenta", "cyan", "white" };

/* xterm's default palette for the 16 basic colours. */
static const unsigned char basic_rgb[16][3] = {
	{ 0, 0, 0 }, { 205, 0, 0 }, { 0, 205, 0 }, { 205, 205, 0 }, { 0, 0, 238 }, { 205, 0, 205 },
	{ 0, 205, 205 }, { 229, 229, 229 }, { 127, 127, 127 }, { 255, 0, 0 }, { 0, 255, 0 }, { 255, 255, 0 },
	{ 92, 92, 255 }, { 255, 0, 255 }, { 0, 255, 255 }, { 255, 255, 255 },
};

static struct spec cur[EL_COUNT];
static int monochrome;
static int attrs[EL_COUNT];

const char *theme_elem_name(enum theme_elem el)
{
	return el < EL_COUNT ? elems[el].name : "?";
}

int theme_parse_colour(const char *s, int *out)
{
	char *end;

	if (!strcmp(s, "default")) {
		*out = -1;
		return 0;
	}
	for (int i = 0; i < 8; i++) {
		if (!strcmp(s, colour_names[i])) {
			*out = i;
			return 0;
		}
		if (!strncmp(s, "bright-", 7) && !strcmp(s + 7, colour_names[i])) {
			*out = 8 + i;
			return 0;
		}
	}
	if (s[0] == '#' && strlen(s) == 7) {
		long v = strtol(s + 1, &end, 16);
		if (*end == '\0' && end == s + 7) {
			*out = THEME_RGB | (int)v;
			return 0;
		}
		return -1;
	}
	if (s[0] >= '0' && s[0] <= '9') {
		long v = strtol(s, &end, 10);
		if (*end == '\0' && v >= 0 && v <= 255) {
			*out = (int)v;
			return 0;
		}
	}
	return -1;
}

static void rgb_of(int colour, int rgb[3])
{
	if (colour & THEME_RGB) {
		rgb[0] = (colour >> 16) & 255;
		rgb[1] = (colour >> 8) & 255;
		rgb[2] = colour & 255;
	} else if (colour < 16) {
		for (int i = 0; i < 3; i++)
			rgb[i] = basic_rgb[colour][i];
	} else if (colour < 232) {
		static const int level[6] = { 0, 95, 135, 175, 215, 255 };
		int c = colour - 16;
		rgb[0] = level[c / 36];
		rgb[1] = level[(c / 6) % 6];
		rgb[2] = level[c % 6];
	} else {
		rgb[0] = rgb[1] = rgb[2] = 8 + 10 * (colour - 232);
	}
}

static long dist2(const int a[3], const int b[3])
{
	long d = 0;
	for (int i = 0; i < 3; i++)
		d += (long)(a[i] - b[i]) * (a[i] - b[i]);
	return d;
}

/* the palette index in [from, to) nearest to rgb */
static int nearest(const int rgb[3], int from, int to)
{
	int best = from;
	long bestd = -1;

	for (int c = from; c < to; c++) {
		int p[3];
		rgb_of(c, p);
		long d = dist2(rgb, p);
		if (bestd < 0 || d < bestd) {
			bestd = d;
			best = c;
		}
	}
	return best;
}

int theme_colour_for(int colour, int ncolors)
{
	int rgb[3];

	if (colour < 0)
		return -1;
	if (colour & THEME_RGB) {
		if (ncolors >= 0x1000000)
			return colour & 0xffffff;
	} else if (colour < ncolors) {
		return colour;
	}
	rgb_of(colour, rgb);
	if (ncolors >= 256)
		return nearest(rgb, 16, 256);
	if (ncolors >= 16)
		return nearest(rgb, 0, 16);
	if (colour < 16 && !(colour & THEME_RGB))
		return colour & 7;   /* bright-x → x on 8-colour terminals */
	return nearest(rgb, 0, 8);
}

static int setting_colour(const config_setting_t *el, const char *key, int *out, const char *path,
			  struct tt_error *e)
{
	const config_setting_t *s = config_setting_get_member(el, key);

	*out = -1;
	if (!s)
		return 0;
	if (config_setting_type(s) == CONFIG_TYPE_INT) {
		int v = config_setting_get_int(s);
		if (v >= 0 && v <= 255) {
			*out = v;
			return 0;
		}
	} else if (config_setting_type(s) == CONFIG_TYPE_STRING &&
		   theme_parse_colour(config_setting_get_string(s), out) == 0) {
		return 0;
	}
	tt_error_set(e, 0, "%s:%d: %s.%s is not a colour", path, config_setting_source_line(s),
		     config_setting_name(el), key);
	tt_error_hint(e, "use default, black, red, green, yellow, blue, magenta, cyan, white, "
		      "bright-NAME, 0-255 or #rrggbb");
	return -1;
}

static int setting_attrs(const config_setting_t *el, int *out, const char *path, struct tt_error *e)
{
	const config_setting_t *s = config_setting_get_member(el, "attrs");
	char buf[256], *save = NULL;

	*out = 0;
	if (!s)
		return 0;
	if (config_setting_type(s) != CONFIG_TYPE_STRING ||
	    snprintf(buf, sizeof buf, "%s", config_setting_get_string(s)) >= (int)sizeof buf) {
		tt_error_set(e, 0, "%s:%d: %s.attrs must be a string like \"bold,underline\"", path,
			     config_setting_source_line(s), config_setting_name(el));
		return -1;
	}
	for (char *w = strtok_r(buf, ", ", &save); w; w = strtok_r(NULL, ", ", &save)) {
		size_t i;
		for (i = 0; i < sizeof attr_names / sizeof attr_names[0]; i++)
			if (!strcmp(w, attr_names[i].name))
				break;
		if (i == sizeof attr_names / sizeof attr_names[0]) {
			tt_error_set(e, 0, "%s:%d: unknown attribute '%s' in %s.attrs", path,
				     config_setting_source_line(s), w, config_setting_name(el));
			tt_error_hint(e, "attributes: bold, dim, underline, reverse, standout, italic, blink");
			return -1;
		}
		*out |= attr_names[i].attr;
	}
	return 0;
}

/* Read a theme from f when given (datafile_open_checked opened and checked
 * it: read that one, not the path again), else from path. */
static int theme_read(const char *path, FILE *f, struct tt_error *e)
{
	config_t lc;
	struct spec next[EL_COUNT];
	int mono = 0, rc = -1;

	config_init(&lc);
	if (!(f ? config_read(&lc, f) : config_read_file(&lc, path))) {
		if (config_error_type(&lc) == CONFIG_ERR_FILE_IO)
			tt_error_set(e, 0, "cannot read theme %s", path);
		else
			tt_error_set(e, 0, "%s:%d: %s", path, config_error_line(&lc), config_error_text(&lc));
		goto out;
	}
	for (int i = 0; i < EL_COUNT; i++)
		next[i] = (struct spec){ -1, -1, elems[i].mono };
	const config_setting_t *root = config_root_setting(&lc);
	for (int i = 0; i < config_setting_length(root); i++) {
		const config_setting_t *s = config_setting_get_elem(root, (unsigned)i);
		const char *key = config_setting_name(s);
		int line = config_setting_source_line(s), el;

		if (!strcmp(key, "description"))
			continue;
		if (!strcmp(key, "monochrome")) {
			mono = config_setting_type(s) == CONFIG_TYPE_BOOL && config_setting_get_bool(s);
			continue;
		}
		for (el = 0; el < EL_COUNT; el++)
			if (!strcmp(key, elems[el].name))
				break;
		if (el == EL_COUNT) {
			tt_error_set(e, 0, "%s:%d: unknown theme element '%s'", path, line, key);
			tt_error_hint(e, "elements: normal, header, context-own, context-customer, read-only, tab, "
				      "tab-active, column, column-selected, selected, footer, status, error, key-hint, "
				      "json-key, json-string, json-number, match, dim, changed, new");
			goto out;
		}
		if (config_setting_type(s) != CONFIG_TYPE_GROUP) {
			tt_error_set(e, 0, "%s:%d: %s must be a group like { fg = \"white\"; bg = \"blue\"; "
				     "attrs = \"bold\"; }", path, line, key);
			goto out;
		}
		for (int m = 0; m < config_setting_length(s); m++) {
			const config_setting_t *mem = config_setting_get_elem(s, (unsigned)m);
			const char *mk = config_setting_name(mem);
			if (strcmp(mk, "fg") && strcmp(mk, "bg") && strcmp(mk, "attrs")) {
				tt_error_set(e, 0, "%s:%d: unknown key '%s' in %s (fg, bg and attrs are allowed)", path,
					     config_setting_source_line(mem), mk, key);
				goto out;
			}
		}
		if (setting_colour(s, "fg", &next[el].fg, path, e) || setting_colour(s, "bg", &next[el].bg, path, e) ||
		    setting_attrs(s, &next[el].attr, path, e))
			goto out;
	}
	memcpy(cur, next, sizeof cur);
	monochrome = mono;
	rc = 0;
out:
	config_destroy(&lc);
	return rc;
}

int theme_load_file(const char *path, struct tt_error *e)
{
	return theme_read(path, NULL, e);
}

static void list_name(void *ud, const char *name)
{
	char *buf = ud;
	size_t used = strlen(buf);
	snprintf(buf + used, 256 - used, "%s%s", used ? ", " : "", name);
}

int theme_load(const char *name, struct tt_error *e)
{
	char path[4096];

	if (!name || !*name)
		name = "default";
	int found;
	FILE *f = datafile_open_checked("themes", name, path, sizeof path, &found, e);
	if (f) {
		int rc = theme_read(path, f, e);
		fclose(f);
		return rc;
	}
	if (found == -2) /* refused: e names the file, its owner and its mode */
		return -1;
	char names[256] = "", dirs[1024];
	datafile_list("themes", list_name, names);
	datafile_dirs("themes", dirs, sizeof dirs);
	tt_error_set(e, 0, "no theme named '%s'", name);
	if (names[0])
		tt_error_hint(e, "themes: %s", names);
	else
		tt_error_hint(e, "no theme files found in %s", dirs);
	return -1;
}

void theme_apply(int no_color)
{
	int pair = 1;

	for (int el = 0; el < EL_COUNT; el++)
		attrs[el] = monochrome ? cur[el].attr : elems[el].mono;
	if (no_color || monochrome || !has_colors() || start_color() == ERR)
		return;
	use_default_colors();
	for (int el = 0; el < EL_COUNT; el++) {
		int fg = theme_colour_for(cur[el].fg, COLORS), bg = theme_colour_for(cur[el].bg, COLORS);

		/* two colours that fall together on a small palette would hide the text */
		if (pair >= COLOR_PAIRS || (fg == bg && fg != -1)) {
			attrs[el] = elems[el].mono | cur[el].attr;
			continue;
		}
#if NCURSES_EXT_COLORS
		if (init_extended_pair(pair, fg, bg) == ERR) {
#else
		if (fg > 32767 || bg > 32767 || init_pair((short)pair, (short)fg, (short)bg) == ERR) {
#endif
			attrs[el] = elems[el].mono | cur[el].attr;
			continue;
		}
		attrs[el] = (int)COLOR_PAIR(pair) | cur[el].attr;
		pair++;
	}
}

int theme_attr(enum theme_elem el)
{
	return attrs[el];
}
