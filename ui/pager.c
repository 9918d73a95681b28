/* pager.c — see pager.h. */
#include "pager.h"

#include "ui_int.h"
#include "frame.h"
#include "table.h"
#include "narrow.h"
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

void draw_lines(struct ui *u, const char *title)
{
	int H = LINES - 4;

	move(1, 0);
	clrtoeol();
	put_raw(1, 0, COLS, title, theme_attr(EL_TAB_ACTIVE));
	move(2, 0);
	clrtoeol();
	if (u->nlines && u->ltop >= u->nlines)
		u->ltop = u->nlines - 1;
	for (int y = 0; y <= H; y++) {
		size_t i = u->ltop + (size_t)y;
		move(2 + y, 0);
		clrtoeol();
		if (i >= u->nlines)
			continue;
		const char *l = u->lines[i];
		int attr = theme_attr(EL_NORMAL);
		if (u->search[0] && strcasestr(l, u->search))
			attr = theme_attr(EL_MATCH);
		else if (u->view == V_TEXT) {
			const char *q = strchr(l, '"');
			if (q && strstr(q + 1, "\": "))
				attr = theme_attr(EL_JSON_KEY);
		}
		put(2 + y, 0, COLS, l, attr);
		/* colour the value part of "key": value lines */
		if (u->view == V_TEXT && attr == theme_attr(EL_JSON_KEY)) {
			const char *colon = strstr(l, "\": ");
			if (colon) {
				char head[1024];
				size_t hn = (size_t)(colon - l) + 3;
				if (hn < sizeof head) {
					memcpy(head, l, hn);
					head[hn] = '\0';
					int hx = sanitize_width(head);
					const char *v = colon + 3;
					int va = theme_attr(*v == '"' ? EL_JSON_STRING : EL_JSON_NUMBER);
					if (hx < COLS)
						put(2 + y, hx, COLS - hx, v, va);
				}
			}
		}
	}
}

void lines_free(struct ui *u)
{
	for (size_t i = 0; i < u->nlines; i++)
		free(u->lines[i]);
	free(u->lines);
	u->lines = NULL;
	u->nlines = u->ltop = 0;
}

void lines_add(struct ui *u, const char *s)
{
	char clean[2048];
	sanitize_text(s, strlen(s), clean, sizeof clean);
	u->lines = realloc(u->lines, (u->nlines + 1) * sizeof *u->lines);
	if (!u->lines)
		abort();
	u->lines[u->nlines++] = strdup(clean);
}

void lines_set_text(struct ui *u, const char *text)
{
	lines_free(u);
	const char *p = text;
	while (p && *p) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		char *l = strndup(p, n);
		for (char *t = l; *t; t++)
			if (*t == '\t')
				*t = ' ';
		lines_add(u, l);
		free(l);
		p += n + (nl ? 1 : 0);
	}
}

void show_log(struct ui *u)
{
	size_t n = session_log_count(u->s);
	lines_free(u);
	lines_add(u, "TIME      METHOD STATUS     MS    BYTES TRY REQUEST-ID        PATH / PROBLEM");
	for (size_t i = 0; i < n; i++) {
		struct tt_reqlog_entry e;
		char line[1024], t[16];
		if (session_log_entry(u->s, i, &e))
			continue;
		time_t w = (time_t)e.when;
		struct tm tm;
		localtime_r(&w, &tm);
		strftime(t, sizeof t, "%H:%M:%S", &tm);
		snprintf(line, sizeof line, "%s  %-6s %6ld %6.0f %8zu %3d %-17.17s %s%s%s", t, e.method, e.status, e.ms,
			 e.bytes, e.attempt, e.request_id[0] ? e.request_id : "-", e.path, e.detail[0] ? "  ← " : "",
			 e.detail);
		lines_add(u, line);
	}
	snprintf(u->text_title, sizeof u->text_title, " request log · %zu calls (newest last) ", n);
	u->view = V_LOG;
	u->ltop = u->nlines > (size_t)(LINES - 4) ? u->nlines - (size_t)(LINES - 4) : 0;
}

void act_next_match(struct ui *u)
{
	if (u->view == V_TABLE || !u->search[0])
		return;
	for (size_t i = u->ltop + 1; i < u->nlines; i++)
		if (strcasestr(u->lines[i], u->search)) {
			u->ltop = i;
			return;
		}
	set_status(u, 0, "no more matches for %s", u->search);
}

void act_help(struct ui *u)
{
	char line[512], keys[64];
	lines_free(u);
	lines_add(u, "KEYS (vi and arrow keys both work; rebind in the config: keys = { devices = { \"ctrl-d\" = \"downlink\"; }; })");
	lines_add(u, "");
	for (const struct ui_action *a = ui_actions; a->name; a++) {
		keys_describe(a->keys, keys, sizeof keys);
		snprintf(line, sizeof line, "  %-16s %-18s %s", keys, a->name, a->help);
		lines_add(u, line);
	}
	lines_add(u, "  1-9              pane-N             jump to pane N");
	lines_add(u, "");
	const struct tt_resource *r = cur_res(u);
	if (r && r->nactions) {
		snprintf(line, sizeof line, "ACTIONS ON %s (a, then the number; * = writes: confirmed, refused read-only)", r->title);
		lines_add(u, line);
		for (int i = 0; i < r->nactions; i++) {
			snprintf(line, sizeof line, "  %d %-14s %s %s%s", i + 1, r->actions[i].name, r->actions[i].method,
				 r->actions[i].title, r->actions[i].dangerous ? " *" : "");
			lines_add(u, line);
		}
	}
	snprintf(u->text_title, sizeof u->text_title, " help ");
	u->view = V_HELP;
}
