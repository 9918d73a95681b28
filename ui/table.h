/* table.h — the table view: panes and the tenants pane, the
 * virtual table (draws only visible rows, keeps the selection by id, says
 * "loading…" until the first page), column widths, sorting, the time filter,
 * the context switch and the pane's query (requery). */
#ifndef TT_UI_TABLE_H
#define TT_UI_TABLE_H

#include "ui_int.h"

int tenants_synthetic(struct ui *u);
const struct tt_resource *cur_res(struct ui *u);
size_t tenants_count(struct ui *u);
void draw_table(struct ui *u, const struct session_progress *p);
void move_sel(struct ui *u, long delta);
void act_down(struct ui *u);
void act_up(struct ui *u);
void act_pgdown(struct ui *u);
void act_pgup(struct ui *u);
void act_top(struct ui *u);
void act_bottom(struct ui *u);
void act_left(struct ui *u);
void act_right(struct ui *u);
void switch_pane(struct ui *u, int pane);
void act_next_pane(struct ui *u);
void act_prev_pane(struct ui *u);
void act_sort(struct ui *u);
void act_sort_add(struct ui *u);
void act_time(struct ui *u);
void act_context(struct ui *u);
void act_prev_context(struct ui *u);
void act_detail(struct ui *u);
void act_back(struct ui *u);
void requery(struct ui *u, const char *context);
int pane_by_name(struct ui *u, const char *name);
void build_panes(struct ui *u);

#endif
