/* narrow.h — the narrowing filter: which loaded rows of the list hold a text
 * (or, inverted with !text, do not). It owns the narrowed index (u->lfilter,
 * linvert, fidx, fn, fscanned, fepoch), built incrementally a slice per frame
 * in the update step so a million rows never freeze the screen and the first
 * matches show at once; rows replaced by a new query or a refresh start it
 * over. The functions marked "locked" expect the caller to hold the session
 * lock. */
#ifndef TT_UI_NARROW_H
#define TT_UI_NARROW_H

#include "ui_int.h"

/* The filter prompt's answer: "!text" narrows locally, inverted; "text"
 * narrows at once and, when the API has a free-text parameter, is also
 * sent as the server query. */
void narrow_submit(struct ui *u, const char *in);
/* Narrow to text (inverted: the rows without it); "" ends narrowing. */
void narrow_set(struct ui *u, const char *text, int invert);
/* Rescan from the first row (the rows changed under the index). */
void narrow_reset(struct ui *u);
/* Locked, update step: start over if the model was replaced (returns 1 then),
 * and scan at most budget more rows (and about 8 ms). */
int narrow_update(struct ui *u, size_t budget);
/* Locked: the rows shown (narrowed or all) and the model row of the i-th. */
size_t narrow_count(const struct ui *u);
size_t narrow_row(const struct ui *u, size_t i);
/* Sort the loaded rows locally by column col (col < 0: the API's order);
 * for columns the API cannot sort by, once every row is loaded. The order is
 * rebuilt in the update step when rows change. */
void narrow_sort(struct ui *u, int col, int desc);
/* Locked: narrowing is on and has rows left to scan. */
int narrow_busy(const struct ui *u);

#endif
