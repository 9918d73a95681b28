/* command.c — see command.h. */
#include "command.h"

#include "ui_int.h"
#include "frame.h"
#include "table.h"
#include "narrow.h"
#include "pager.h"
#include "prompt.h"
#include "clip.h"
#include "keys.h"
#include "query.h"
#include "sanitize.h"
#include "session.h"
#include "strbuf.h"
#include "theme.h"

#include <cjson/cJSON.h>

#include <curses.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

void act_command(struct ui *u) { start_prompt(u, P_COMMAND, ":", ""); }

void run_command(struct ui *u, const char *cmd)
{
	char word[64] = "", arg[400] = "";
	sscanf(cmd, "%63s %399[^\n]", word, arg);
	int p;
	if (!word[0])
		return;
	if (!strcmp(word, "q") || !strcmp(word, "quit"))
		u->quit = 1;
	else if (!strcmp(word, "log") || !strcmp(word, "requests"))
		show_log(u);
	else if (!strcmp(word, "help"))
		act_help(u);
	else if (!strcmp(word, "ctx") || !strcmp(word, "context"))
		requery(u, arg);
	else if (!strcmp(word, "profile")) {
		struct tt_error e = { 0 };
		if (!arg[0] || !config_profile(session_config(u->s), arg, &e)) {
			set_status(u, 1, "%s", arg[0] ? e.message : ":profile NAME");
		} else if (session_offline(u->s)) {
			set_status(u, 1, "a snapshot holds one profile");
		} else {
			snprintf(u->switch_profile, sizeof u->switch_profile, "%s", arg);
			u->quit = 1;
		}
	}
	else if (!strcmp(word, "export")) {
		if (!arg[0])
			set_status(u, 1, ":export FILE");
		else
			export_view(u, arg);
	} else if ((p = pane_by_name(u, word)) >= 0)
		switch_pane(u, p);
	else
		set_status(u, 1, "unknown command :%s (try :help)", word);
}
