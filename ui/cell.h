/* cell.h — the text a table cell shows. The table draws every cell through
 * cell_text and the narrowing filter (/) matches it, so what the user reads
 * is what / finds: a time as shown ("2025-09-01 08:00", the model keeps the
 * API's full ISO 8601), and any column whose text comes from elsewhere once
 * it is drawn through here. */
#ifndef TT_UI_CELL_H
#define TT_UI_CELL_H

#include "ui_int.h"

/* Locked (session lock): the text column col of model row row shows, in
 * resource r. Points into the model or into buf (bufsz bytes). "" = empty.
 * A ref column: the name when known, else the id; a sub column: the value
 * when fetched, else "". */
const char *cell_text(const struct ui *u, const struct tt_resource *r, size_t row, int col, char *buf, size_t bufsz);

#endif
