/* command.c — the `:` commands (see command.h). */
#include "command.h"

#include "frame.h"
#include "pane.h"

#include <stdio.h>

void command_run(struct ui *u, const char *line)
{
	char word[64] = "", arg[400] = "";
	const char *arg_name;
	enum request req;
	int pane;

	sscanf(line, "%63s %399[^\n]", word, arg);
	if (!word[0])
		return;
	if ((req = request_by_command(word, &arg_name)) != REQ_NONE)
		ui_request(u, req, arg);
	else if ((pane = pane_by_name(u, word)) >= 0)
		pane_switch(u, pane);
	else
		set_status(u, 1, "unknown command :%s (try :help)", word);
}
