/* clip.h — what leaves the dashboard: the OSC 52 copy of the selected id,
 * cell or row to the user's own clipboard (over SSH too), and :export of the
 * table as shown (sorted, filtered, narrowed) to CSV or JSON lines. */
#ifndef TT_UI_CLIP_H
#define TT_UI_CLIP_H

#include "ui_int.h"

enum copy_what { COPY_ID, COPY_CELL, COPY_ROW };

/* y, Y, ^Y: the selected row's id, the selected column's cell, or the whole
 * row tab-separated. */
void clip_copy(struct ui *u, enum copy_what what);
/* :export FILE: FILE.json or FILE.jsonl as JSON lines, anything else CSV;
 * the file is created mode 0600 and never followed through a symlink. */
void clip_export(struct ui *u, const char *file);

#endif
