/* frame.h — the frame around every view: the header (profile, provider, the context
 * always visible, token, fetch progress), the pane tabs, the bottom line (key
 * hints, the status, the prompt being typed) and the drawing helpers that pass
 * every string through the sanitiser. */
#ifndef TT_UI_FRAME_H
#define TT_UI_FRAME_H

#include "ui_int.h"

void set_status(struct ui *u, int err, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void put(int y, int x, int cols, const char *s, int attr);
void put_cell(struct ui *u, int y, int x, int cols, const char *s, int attr, int mark_cut);
void put_raw(int y, int x, int cols, const char *raw, int attr);
const char *hline_char(struct ui *u);
void fmt_count(char *out, size_t n, unsigned long v);
void draw(struct ui *u);

#endif
