/* command.h — the `:` commands: :PANE, :ctx, :profile, :log, :export,
 * :help, :q. */
#ifndef TT_UI_COMMAND_H
#define TT_UI_COMMAND_H

#include "ui_int.h"

void act_command(struct ui *u);
void run_command(struct ui *u, const char *cmd);

#endif
