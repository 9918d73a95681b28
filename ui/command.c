/* command.c — the `:` commands (see command.h). */
#include "command.h"

#include "frame.h"
#include "pane.h"

#include <stdio.h>
#include <string.h>

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
	else if ((pane = pane_by_name(u, word)) >= 0) {
		pane_switch(u, pane);
		if (arg[0]) /* :downlinks deviceId=…: the pane with that filter */
			pane_set_filter(u, arg);
	}
	else
		set_status(u, 1, "unknown command :%s (try :help)", word);
}

/* The i-th name `:` knows: every command name of the request table, then
 * the panes. NULL past the end. */
static const char *command_name(const struct ui *u, int i, char *buf, size_t bufsz)
{
	for (int r = 0; r < REQ_COUNT; r++) {
		const char *c = ui_requests[r].commands;
		while (c && *c && *c != ' ') {
			size_t n = strcspn(c, ", ");
			if (i-- == 0) {
				snprintf(buf, bufsz, "%.*s", (int)n, c);
				return buf;
			}
			c += n + (c[n] == ',');
		}
	}
	return i < u->npanes ? u->pane_name[i] : NULL;
}

void command_complete(struct ui *u)
{
	char buf[64];
	int n = 0;

	const char *eq = strchr(u->input, '=');
	if (!strncmp(u->input, "filter ", 7) && (!eq || (u->complete_i > 0 && !eq[1]))) {
		/* :filter KEY: the pane's filter names */
		if (u->complete_i == 0)
			snprintf(u->complete_prefix, sizeof u->complete_prefix, "%s", u->input + 7);
		pane_complete_filter(u, u->input, sizeof u->input, u->complete_prefix, &u->complete_i);
		u->ilen = strlen(u->input);
		return;
	}
	if (strchr(u->input, ' '))
		return; /* the command is typed: its argument is free text */
	if (u->complete_i == 0)
		snprintf(u->complete_prefix, sizeof u->complete_prefix, "%s", u->input);
	while (command_name(u, n, buf, sizeof buf))
		n++;
	size_t typed = strlen(u->complete_prefix);
	for (int k = 0; k < n; k++) {
		int i = (u->complete_i + k) % n;
		const char *name = command_name(u, i, buf, sizeof buf);
		if (!strncmp(name, u->complete_prefix, typed)) {
			snprintf(u->input, sizeof u->input, "%s", name);
			u->ilen = strlen(u->input);
			u->complete_i = i + 1;
			return;
		}
	}
}
