/* table.h — the table view: the pane tabs, the column headers and the
 * virtual table of the current pane (draws only the visible rows, marks live
 * changes, says "loading…" until the first page and "filtering…" while the
 * narrowing runs), the count line under it, and the selection (u->sel, top,
 * sel_id, want_id, sel_col), which stays on the same item by id while pages
 * stream in and when a new sort reorders the list. The column widths are
 * fitted to the terminal in the update step (u->colw). */
#ifndef TT_UI_TABLE_H
#define TT_UI_TABLE_H

#include "ui_int.h"

extern const struct view_ops table_view;

/* A new pane: the selection on its first row, the first column. */
void table_reset(struct ui *u);
/* Move the selection by delta rows (clamped). */
void table_move(struct ui *u, long delta);
/* A mouse click at screen cell (y, x): a tab switches pane, a row selects it. */
void table_click(struct ui *u, int y, int x);
/* How many rows the table shows on this terminal (a page for PgDn). */
int table_rows_on_screen(void);
/* Locked: the rows the table shows and the model row of the i-th (the
 * synthetic tenants list has no model rows). */
size_t table_count(const struct ui *u);
size_t table_row(const struct ui *u, size_t i);
/* What a confirm screen says about the item row_id (the selected one): its
 * name, its identifier (the resource's `identifier`, a barcode) and its id,
 * "target: pump 00412 · BARCODE BC00000412 · id f24108fa-…"; "" when
 * row_id is not the selected row. Takes the session lock. */
void table_target_text(struct ui *u, const char *row_id, char *out, size_t outsz);

#endif
