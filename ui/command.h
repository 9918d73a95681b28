/* command.h — the `:` commands. A command is a request of the table that
 * has a command name (:q, :log, :help, :ctx NAME, :profile NAME,
 * :export FILE, :reload…) or a pane by name (:devices); the argument goes to
 * the request. Unknown commands are reported, never ignored. */
#ifndef TT_UI_COMMAND_H
#define TT_UI_COMMAND_H

#include "ui_int.h"

/* Run one command line as typed after ':'. */
void command_run(struct ui *u, const char *line);
/* Tab after ':': the next command or pane name starting with what was
 * typed before the first Tab (repeated Tabs cycle through them). */
void command_complete(struct ui *u);

#endif
