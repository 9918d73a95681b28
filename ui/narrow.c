/* narrow.c — see narrow.h. */
#include "narrow.h"

#include "ui_int.h"
#include "frame.h"
#include "table.h"
#include "pager.h"
#include "prompt.h"
#include "command.h"
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

static int row_matches(struct ui *u, size_t row)
{
	size_t len;
	const char *blob = session_row_blob(u->s, row, &len);
	int hit = 0;
	size_t n = strlen(u->lfilter);

	for (size_t i = 0; i + n <= len && !hit; i++)
		if (!strncasecmp(blob + i, u->lfilter, n))
			hit = 1;
	return u->linvert ? !hit : hit;
}

static double mono_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* Advance the local filter over at most budget rows and about 8 ms; called
 * every loop turn (every 20 ms while it runs) so a million rows never freeze
 * the screen and the first matches show at once. Caller holds the session lock. */
void filter_step(struct ui *u, size_t budget)
{
	size_t n = session_nrows(u->s);
	double deadline = mono_ms() + 8;

	if (!u->lfilter[0])
		return;
	for (; u->fscanned < n && budget > 0; u->fscanned++, budget--) {
		if ((budget & 4095) == 0 && mono_ms() > deadline)
			break;
		if (!row_matches(u, u->fscanned))
			continue;
		if (u->fn == u->fcap) {
			u->fcap = u->fcap ? u->fcap * 2 : 4096;
			u->fidx = realloc(u->fidx, u->fcap * sizeof *u->fidx);
			if (!u->fidx)
				abort();
		}
		u->fidx[u->fn++] = (unsigned)u->fscanned;
	}
}

void filter_reset(struct ui *u)
{
	u->fn = u->fscanned = 0;
}

size_t view_count(struct ui *u)
{
	if (u->pane_res[u->pane] == TENANTS && tenants_synthetic(u))
		return tenants_count(u);
	return u->lfilter[0] ? u->fn : session_nrows(u->s);
}

size_t view_row(struct ui *u, size_t i)
{
	return u->lfilter[0] ? u->fidx[i] : i;
}

void act_filter(struct ui *u)
{
	if (u->view == V_TEXT || u->view == V_LOG) {
		start_prompt(u, P_FILTER, "search: ", u->search);
		return;
	}
	start_prompt(u, P_FILTER, "filter (server query; !text narrows locally, inverted): ", u->lfilter);
}

void act_clear(struct ui *u)
{
	if (u->view != V_TABLE) {
		u->search[0] = '\0';
		return;
	}
	int had_text = u->text[0] != '\0';
	u->lfilter[0] = u->text[0] = '\0';
	u->linvert = 0;
	filter_reset(u);
	set_status(u, 0, "filter cleared");
	if (had_text)
		requery(u, NULL);
}
