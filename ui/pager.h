/* pager.h — the three text views, one pager: the detail of an item (and
 * what an action answered, and the confirm screen), the request log and the
 * help. It owns the lines on show (u->lines, nlines, ltop, text_title), the
 * search in them (u->search) and the wait for the session's op thread
 * (u->waiting_op): a detail or an action result replaces "loading…" when it
 * arrives. A detail is shown readably (u->dview, detail.h), its raw JSON one
 * key away (J), its related lists opened with 1-9. The help is generated from the request table with the keys in
 * effect in the current pane. */
#ifndef TT_UI_PAGER_H
#define TT_UI_PAGER_H

#include "ui_int.h"

extern const struct view_ops text_view, log_view, help_view;

/* The lines: cleared, one added (sanitised), or a whole text split at
 * newlines (tabs become spaces). */
void pager_clear(struct ui *u);
void pager_add(struct ui *u, const char *s);
void pager_set_text(struct ui *u, const char *text);
/* Show the lines in view v under title. */
void pager_show(struct ui *u, enum view v, const char *title);
/* Show msg ("loading…") in view v until the op thread answers. */
void pager_wait(struct ui *u, enum view v, const char *title, const char *msg);
/* Update step: take the op thread's answer when it is in. */
void pager_poll(struct ui *u);
/* A path-kind related list of the detail, over it (q goes back to the detail). */
void pager_show_related(struct ui *u, const char *crumb, const char *text);
/* The request log (L, :log) and the help (?). */
void pager_show_log(struct ui *u);
void pager_show_help(struct ui *u);
/* E: the last error in full, wrapped to the screen. */
void pager_show_error(struct ui *u);
/* Scroll by delta lines, like less: the end shows the last screenful. */
void pager_scroll(struct ui *u, long delta);
/* The search prompt's answer: highlight text and jump to its next line. */
void pager_search(struct ui *u, const char *text);

#endif
