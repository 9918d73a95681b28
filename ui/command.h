/* command.h — the `:` commands. A command is a request of the table that
 * has a command name (:q, :log, :help, :ctx NAME, :profile NAME,
 * :export FILE, :reload…) or a pane by name (:devices); the argument goes to
 * the request. Unknown commands are reported, never ignored. */
#ifndef TT_UI_COMMAND_H
#define TT_UI_COMMAND_H

#include "ui_int.h"

/* Run one command line as typed after ':'. */
void command_run(struct ui *u, const char *line);

#endif
