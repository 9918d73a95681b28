/* narrow.h — the narrowing filter: the rows of the loaded list that hold
 * a text (or, inverted, do not), built incrementally a slice per frame so a
 * million rows never freeze the screen. */
#ifndef TT_UI_NARROW_H
#define TT_UI_NARROW_H

#include "ui_int.h"

void filter_step(struct ui *u, size_t budget);
void filter_reset(struct ui *u);
size_t view_count(struct ui *u);
size_t view_row(struct ui *u, size_t i);
void act_filter(struct ui *u);
void act_clear(struct ui *u);

#endif
