/* ui.h — the curses dashboard: `int ui_run(const struct tt_options *)` opens a
 * session for the chosen profile and runs the interactive loop until the user
 * quits; the terminal is restored on every exit path. */
#ifndef TT_UI_H
#define TT_UI_H

#include "options.h"

int ui_run(const struct tt_options *o);

#endif
