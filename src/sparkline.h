/* sparkline.h — a series of numbers drawn as one line of glyphs, one per
 * value, scaled between the series' own minimum and maximum: the Unicode
 * blocks ▁▂▃▄▅▆▇█, or under --ascii (or a terminal without UTF-8) the five
 * characters _.-=# . A missing value is a space; a flat series sits in the
 * middle. Pure text, no curses: the detail view's latest-sample table
 * (src/samples.c) and its unit test use it. */
#ifndef TT_SPARKLINE_H
#define TT_SPARKLINE_H

#include <stddef.h>

/* Render n values (have[i] == 0: missing; have may be NULL) into out as a
 * NUL-terminated string; a value that does not fit is left out, never half a
 * glyph. Returns the number of glyphs written. */
size_t sparkline_render(const double *v, const unsigned char *have, size_t n, int ascii, char *out,
			size_t outsz);

#endif
