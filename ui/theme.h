/* theme.h — colour themes: the element × colour table read from
 * themes/NAME.conf (libconfig; see themes/default.conf for the format), and
 * how each colour degrades to what the terminal has: RGB only on a
 * direct-colour terminal (COLORS ≥ 2^24, e.g. TERM=xterm-direct), otherwise
 * the nearest of 256, 16 or 8 colours; attributes only under mono, NO_COLOR,
 * --no-color or a terminal without colours. */
#ifndef TT_THEME_H
#define TT_THEME_H

#include "error.h"

enum theme_elem {
	EL_NORMAL, EL_HEADER, EL_CTX_OWN, EL_CTX_CUSTOMER, EL_RO, EL_TAB, EL_TAB_ACTIVE, EL_COLHEAD,
	EL_COLHEAD_SEL, EL_SELECTED, EL_FOOTER, EL_STATUS, EL_ERROR, EL_KEYHINT, EL_JSON_KEY, EL_JSON_STRING,
	EL_JSON_NUMBER, EL_MATCH, EL_DIM, EL_CHANGED, EL_NEW, EL_COUNT
};

/* A colour: -1 the terminal's default, 0..255 a palette index, or
 * THEME_RGB | 0xRRGGBB. */
#define THEME_RGB 0x1000000

/* Before initscr(): find themes/NAME.conf (NULL = "default") and read it.
 * Errors name the file and line; an unknown name lists the themes there are. */
int theme_load(const char *name, struct tt_error *e);
int theme_load_file(const char *path, struct tt_error *e);

/* After initscr(): set up colour pairs for this terminal (or attributes only
 * when no_color, the theme is monochrome, or the terminal has no colours). */
void theme_apply(int no_color);

int theme_attr(enum theme_elem el);
const char *theme_elem_name(enum theme_elem el);

/* Exposed for tests: parse "default", "red", "bright-blue", "208" or "#rrggbb"
 * (0, or -1 when it is none of those); map a colour onto a terminal with
 * ncolors colours (ncolors ≥ 2^24 means direct RGB). */
int theme_parse_colour(const char *s, int *out);
int theme_colour_for(int colour, int ncolors);

#endif
