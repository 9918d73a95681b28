/* pager.h — the text views: detail, request log and help as a list
 * of sanitised lines, scrolled and searched like less. */
#ifndef TT_UI_PAGER_H
#define TT_UI_PAGER_H

#include "ui_int.h"

void draw_lines(struct ui *u, const char *title);
void lines_free(struct ui *u);
void lines_add(struct ui *u, const char *s);
void lines_set_text(struct ui *u, const char *text);
void show_log(struct ui *u);
void act_next_match(struct ui *u);
void act_help(struct ui *u);

#endif
