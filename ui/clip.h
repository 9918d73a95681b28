/* clip.h — what leaves the dashboard: the OSC 52 copy of the
 * selected id, cell or row, and :export of the view to CSV or JSON lines. */
#ifndef TT_UI_CLIP_H
#define TT_UI_CLIP_H

#include "ui_int.h"

void act_copy(struct ui *u);
void act_copy_cell(struct ui *u);
void act_copy_row(struct ui *u);
void export_view(struct ui *u, const char *file);

#endif
