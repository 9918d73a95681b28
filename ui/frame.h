/* frame.h — the frame around every view: the header (profile, provider, the
 * context always visible, read-only badge, token, fetch progress), the pane
 * tabs and the scope line under them (the table view), and the bottom line: the open prompt, or the key hints of the view
 * (generated from the request table with the keys in effect) beside the
 * status (u->status: a result, an error, where a file went), which wins the
 * room. Also the drawing helpers every view uses: each string passes the
 * sanitiser and is fitted to its cells. */
#ifndef TT_UI_FRAME_H
#define TT_UI_FRAME_H

#include "ui_int.h"

#include <stddef.h>

/* The status line's message (sanitised); err draws it as an error. */
void set_status(struct ui *u, int err, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Update step: a walk's error becomes the status (once per walk). */
void frame_update(struct ui *u, const struct session_progress *p);
void frame_header(const struct ui *u, const struct session_progress *p);
/* The table view's frame lines: 0 the header, 1 the pane tabs, 2 the scope
 * (FRAME_SCOPE_Y); the view itself starts under them. */
#define FRAME_SCOPE_Y 2
/* Line 1 of the table view: the pane tabs (abbreviated, never dropped). */
void frame_tabs(const struct ui *u);
/* The pane whose tab covers column x of line 1, or -1. */
int frame_tab_at(const struct ui *u, int x);
void frame_bottom(const struct ui *u);

/* Draw sanitised s at (y, x) in exactly cols columns (padded). */
void put(int y, int x, int cols, const char *s, int attr);
/* Like put() for untrusted text: sanitised first. */
void put_raw(int y, int x, int cols, const char *raw, int attr);
/* A table cell: a cut text ends in "…" (mark_cut), so a clipped name is not
 * mistaken for the whole one. */
void put_cell(const struct ui *u, int y, int x, int cols, const char *s, int attr, int mark_cut);
const char *hline_char(const struct ui *u);
/* The scope line, under the tabs: the pane, the order of its rows and
 * every filter in force, k9s breadcrumb style ("devices › sort -name ›
 * q=pump › createdSince=-7d", "devices › server order › no filter"); raw,
 * to be sanitised. frame_scope draws it on FRAME_SCOPE_Y, cut from the
 * middle when it is wider than the screen. */
void frame_scope_text(const struct ui *u, char *out, size_t outsz);
void frame_scope(const struct ui *u);
/* 1,234,567 */
void fmt_count(char *out, size_t n, unsigned long v);

#endif
