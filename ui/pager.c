/* pager.c — detail, request log and help (see pager.h). */
#include "pager.h"
#include "xalloc.h"

#include "frame.h"
#include "keys.h"
#include "pane.h"
#include "prompt.h"
#include "sanitize.h"
#include "strbuf.h"
#include "theme.h"

#include <curses.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static size_t page_lines(void) { return LINES > 5 ? (size_t)(LINES - 4) : 1; }

void pager_clear(struct ui *u)
{
	for (size_t i = 0; i < u->nlines; i++)
		free(u->lines[i]);
	free(u->lines);
	u->lines = NULL;
	u->nlines = u->ltop = 0;
}

void pager_add(struct ui *u, const char *s)
{
	size_t n = strlen(s);
	char *clean = xmalloc(3 * n + 1); /* the sanitiser writes at most three bytes per byte */

	sanitize_text(s, n, clean, 3 * n + 1);
	u->lines = xrealloc(u->lines, (u->nlines + 1) * sizeof *u->lines);
	u->lines[u->nlines++] = clean;
}

void pager_set_text(struct ui *u, const char *text)
{
	pager_clear(u);
	const char *p = text;
	while (p && *p) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		char *l = xstrndup(p, n);
		for (char *t = l; *t; t++)
			if (*t == '\t')
				*t = ' ';
		pager_add(u, l);
		free(l);
		p += n + (nl ? 1 : 0);
	}
}

void pager_show(struct ui *u, enum view v, const char *title)
{
	snprintf(u->text_title, sizeof u->text_title, "%s", title);
	ui_show(u, v);
}

void pager_wait(struct ui *u, enum view v, const char *title, const char *msg)
{
	u->waiting_op = 1;
	u->lookup_text[0] = '\0'; /* a new op: a lookup's text is set after this */
	pager_clear(u);
	pager_add(u, msg);
	pager_show(u, v, title);
}

void pager_poll(struct ui *u)
{
	struct session_op_result op;

	if (!u->waiting_op)
		return;
	session_op_result(u->s, &op);
	if (op.state >= 2) {
		u->waiting_op = 0;
		if (prompt_lookup_done(u, &op)) {
			free(op.text);
			return;
		}
		detail_view_free(&u->dview);
		u->have_dview = u->detail_raw = u->rel_text = 0;
		if (op.state == 2 && session_detail_view(u->s, &u->dview) == 0) {
			/* a detail: the fields readably; J shows the raw JSON */
			u->have_dview = 1;
			snprintf(u->detail_title, sizeof u->detail_title, "%s", u->text_title);
			pager_set_text(u, u->dview.text ? u->dview.text : "");
		} else if (op.state == 2) {
			pager_set_text(u, op.text ? op.text : "");
		} else {
			pager_clear(u);
			pager_add(u, op.err.message);
			if (op.err.hint[0])
				pager_add(u, op.err.hint);
			set_status(u, 1, "%s", op.err.message);
		}
		prompt_action_done(u, &op);
	}
	free(op.text);
}

void pager_show_related(struct ui *u, const char *crumb, const char *text)
{
	char title[300];
	snprintf(title, sizeof title, " %s ", crumb);
	pager_set_text(u, text);
	u->rel_text = 1;
	u->search[0] = '\0';
	snprintf(u->text_title, sizeof u->text_title, "%s", title);
}

/* Back from a related list shown as text, or between fields and raw JSON. */
static void show_detail(struct ui *u)
{
	u->rel_text = 0;
	snprintf(u->text_title, sizeof u->text_title, "%s", u->detail_title);
	pager_set_text(u, u->detail_raw ? u->dview.raw : u->dview.text);
}

/* 1-9, :related N|NAME: open a related list of the detail shown. */
static void open_related(struct ui *u, const char *arg, int k)
{
	if (!u->have_dview || u->waiting_op || u->view != V_TEXT) {
		set_status(u, 1, "related lists open from an item's detail");
		return;
	}
	if (arg) {
		char *end;
		long n = strtol(arg, &end, 10);
		k = -1;
		if (*arg && !*end)
			k = (int)n - 1;
		for (int i = 0; i < u->dview.nrelated && k < 0; i++)
			if (!strcasecmp(u->dview.related[i].title, arg))
				k = i;
	}
	if (k < 0 || k >= u->dview.nrelated) {
		set_status(u, 1, u->dview.nrelated ? "no such related list (1-%d)" : "this item has no related lists",
			   u->dview.nrelated);
		return;
	}
	pane_open_related(u, &u->dview, k);
}

void pager_show_log(struct ui *u)
{
	size_t n = session_log_count(u->s);
	char title[200];

	pager_clear(u);
	/* a narrow terminal keeps the path: bytes, tries and request ids go */
	int narrow = COLS < 120;
	pager_add(u, narrow ? "TIME      METHOD STATUS     MS PATH / PROBLEM"
			    : "TIME      METHOD STATUS     MS    BYTES TRY REQUEST-ID        PATH / PROBLEM");
	for (size_t i = 0; i < n; i++) {
		struct tt_reqlog_entry e;
		char line[1024], t[16];
		if (session_log_entry(u->s, i, &e))
			continue;
		time_t w = (time_t)e.when;
		struct tm tm;
		localtime_r(&w, &tm);
		strftime(t, sizeof t, "%H:%M:%S", &tm);
		if (narrow)
			snprintf(line, sizeof line, "%s  %-6s %6ld %6.0f %s%s%s", t, e.method, e.status, e.ms, e.path,
				 e.detail[0] ? "  ← " : "", e.detail);
		else
			snprintf(line, sizeof line, "%s  %-6s %6ld %6.0f %8zu %3d %-17.17s %s%s%s", t, e.method, e.status,
				 e.ms, e.bytes, e.attempt, e.request_id[0] ? e.request_id : "-", e.path,
				 e.detail[0] ? "  ← " : "", e.detail);
		pager_add(u, line);
	}
	snprintf(title, sizeof title, " request log · %zu calls (newest last) ", n);
	pager_show(u, V_LOG, title);
	u->ltop = u->nlines > page_lines() ? u->nlines - page_lines() : 0;
}

static void addf(struct ui *u, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void addf(struct ui *u, const char *fmt, ...)
{
	va_list ap;
	char *line;

	va_start(ap, fmt);
	int n = vasprintf(&line, fmt, ap);
	va_end(ap);
	if (n < 0)
		abort();
	pager_add(u, line);
	free(line);
}

/* One help line per request, with the keys in effect in this pane; the
 * nine pane keys as one line; requests without keys by their command. */
static void help_keys(struct ui *u, const char *scope, const char *word)
{
	char keys[96], help[256], cmd[32];

	for (int r = 0; r < REQ_COUNT; r++) {
		const struct ui_request *q = &ui_requests[r];
		request_keys(scope, (enum request)r, 1, keys, sizeof keys);
		request_expand(q->help, word, help, sizeof help);
		if (r == REQ_PANE_1) {
			addf(u, "  %-16s %-18s %s", "1-9", "pane-N", "jump to pane N");
			continue;
		}
		if (r > REQ_PANE_1 && r <= REQ_PANE_9)
			continue;
		if (r == REQ_RELATED_1) {
			addf(u, "  %-16s %-18s %s", "1-9", "related-N", "detail: open its Nth related list");
			continue;
		}
		if (r > REQ_RELATED_1 && r <= REQ_RELATED_9)
			continue;
		if (!keys[0]) {
			request_command_name((enum request)r, cmd, sizeof cmd);
			const char *arg = strchr(q->commands, ' ');
			snprintf(keys, sizeof keys, ":%s%s", cmd, arg ? arg : "");
		}
		addf(u, "  %-16s %-18s %s", keys, q->name, help);
	}
	/* pane keys the config adds (keys = { global = { f2 = "pane-2"; }; }) */
	for (int r = REQ_PANE_1; r <= REQ_PANE_9; r++) {
		int bound[8];
		if (keys_bound(scope, (enum request)r, NULL, bound, 8) > 0) {
			request_keys(scope, (enum request)r, 1, keys, sizeof keys);
			addf(u, "  %-16s %-18s %s", keys, ui_requests[r].name, ui_requests[r].help);
		}
	}
}

/* The `:` commands: the panes by name, then every request with a command. */
static void help_commands(struct ui *u, const char *word)
{
	struct strbuf panes = { 0 };
	char cmd[32], help[256], name[64];

	pager_add(u, "COMMANDS (: then Enter)");
	for (int i = 0; i < u->npanes; i++)
		sb_addf(&panes, " :%s", u->pane_name[i]);
	addf(u, "  %-16s %s:%s", ":PANE", "jump to the pane of that name", panes.s ? panes.s : "");
	sb_free(&panes);
	for (int r = 0; r < REQ_COUNT; r++) {
		const struct ui_request *q = &ui_requests[r];
		if (!q->commands)
			continue;
		request_command_name((enum request)r, cmd, sizeof cmd);
		const char *arg = strchr(q->commands, ' ');
		snprintf(name, sizeof name, ":%s%s", cmd, arg ? arg : "");
		request_expand(q->help, word, help, sizeof help);
		addf(u, "  %-16s %s", name, help);
	}
}

void pager_show_error(struct ui *u)
{
	int width = COLS > 24 ? COLS - 4 : 20;
	struct strbuf line = { 0 };
	char word[1024];

	struct session_fan_summary fs;
	session_fan_summary(u->s, &fs);
	if (!u->last_error[0] && !fs.on) {
		set_status(u, 0, "no error so far");
		return;
	}
	pager_clear(u);
	if (fs.on) {
		/* :all: each tenant's state, the failed ones with why */
		static const char *const state[] = { "waiting", "loading", "done", "FAILED" };
		struct session_fan_entry f;
		char l[600], rows[32], name[200];
		snprintf(l, sizeof l, "every %s at once: %d done, %d loading, %d waiting, %d failed", u->prov->ctx_word,
			 fs.done, fs.loading, fs.waiting, fs.failed);
		pager_add(u, l);
		pager_add(u, "");
		for (int i = 0; session_fan_entry(u->s, i, &f) == 0; i++) {
			fmt_count(rows, sizeof rows, f.rows);
			sanitize_fit(f.name, 30, 1, name, sizeof name); /* padded by display width */
			snprintf(l, sizeof l, "%-7s %s %10s rows  %s%s", state[f.state], name, rows,
				 f.state == SESSION_FAN_FAILED ? "· " : "", f.state == SESSION_FAN_FAILED ? f.error : "");
			pager_add(u, l);
		}
		if (u->last_error[0]) {
			pager_add(u, "");
			pager_add(u, "last error:");
		}
	}
	/* word-wrapped: the point is that nothing is cut */
	for (const char *p = u->last_error; *p;) {
		size_t n = strcspn(p, " ");
		snprintf(word, sizeof word, "%.*s", (int)n, p);
		if (line.len && sanitize_width(line.s) + 1 + sanitize_width(word) > width) {
			pager_add(u, line.s);
			line.len = 0;
			line.s[0] = '\0';
		}
		if (line.len)
			sb_addc(&line, ' ');
		sb_adds(&line, word);
		p += n;
		while (*p == ' ')
			p++;
	}
	if (line.len)
		pager_add(u, line.s);
	sb_free(&line);
	char title[80] = " last error ";
	if (fs.on)
		snprintf(title, sizeof title, " every %s: state, last error ", u->prov->ctx_word);
	pager_show(u, V_TEXT, title);
}

void pager_show_help(struct ui *u)
{
	const struct tt_resource *r = pane_resource(u);
	const char *scope = ui_scope(u);
	const char *word = pane_tenant_word(u);

	pager_clear(u);
	/* the example binding is this pane's own: its first action, else reload */
	addf(u, "KEYS (vi and arrow keys both work; rebind in the config: keys = { %s = { \"ctrl-e\" = \"%s\"; }; })",
	     scope, r && r->nactions ? r->actions[0].name : "reload");
	pager_add(u, "");
	help_keys(u, scope, word);
	pager_add(u, "");
	if (r && r->nactions) {
		addf(u, "ACTIONS ON %s (a, then the number; * = writes: confirmed, refused read-only)", r->title);
		for (int i = 0; i < r->nactions; i++) {
			const struct tt_action *a = &r->actions[i];
			int bound[8], nb = keys_bound(scope, REQ_NONE, a->name, bound, 8);
			char keys[64] = "";
			if (nb) {
				char k[48];
				keys_describe(bound, nb, k, sizeof k);
				snprintf(keys, sizeof keys, "  (key: %s)", k);
			}
			addf(u, "  %d %-14s %s %s%s%s", i + 1, a->name, a->method, a->title, a->dangerous ? " *" : "", keys);
		}
		pager_add(u, "");
	}
	help_commands(u, word);
	pager_show(u, V_HELP, " help ");
}

void pager_scroll(struct ui *u, long delta)
{
	long t = (long)u->ltop + delta;
	/* like less: the end shows the last screenful, not one lonely line */
	size_t max = u->nlines > page_lines() ? u->nlines - page_lines() : 0;

	u->ltop = t < 0 ? 0 : (size_t)t;
	if (u->ltop > max)
		u->ltop = max;
}

static void next_match(struct ui *u)
{
	if (!u->search[0])
		return;
	for (size_t i = u->ltop + 1; i < u->nlines; i++)
		if (strcasestr(u->lines[i], u->search)) {
			u->ltop = i;
			return;
		}
	set_status(u, 0, "no more matches for %s", u->search);
}

void pager_search(struct ui *u, const char *text)
{
	snprintf(u->search, sizeof u->search, "%s", text);
	u->ltop = u->ltop > 0 ? u->ltop - 1 : 0;
	next_match(u);
}

static void pager_leave(struct ui *u)
{
	u->search[0] = '\0';
}

static void pager_update(struct ui *u, const struct session_progress *p)
{
	(void)p;
	if (u->nlines && u->ltop >= u->nlines)
		u->ltop = u->nlines - 1;
}

/* "key": value lines of a detail: the key and the value in their colours. */
static void draw_json_line(int y, const char *l, int key_attr)
{
	const char *colon = strstr(l, "\": ");
	char head[1024];
	size_t hn = colon ? (size_t)(colon - l) + 3 : 0;

	put(y, 0, COLS, l, key_attr);
	if (!colon || hn >= sizeof head)
		return;
	memcpy(head, l, hn);
	head[hn] = '\0';
	int hx = sanitize_width(head);
	const char *v = colon + 3;
	if (hx < COLS)
		put(y, hx, COLS - hx, v, theme_attr(*v == '"' ? EL_JSON_STRING : EL_JSON_NUMBER));
}

static void pager_draw(const struct ui *u, const struct session_progress *p)
{
	int H = LINES - 4;

	(void)p;
	move(1, 0);
	clrtoeol();
	put_raw(1, 0, COLS, u->text_title, theme_attr(EL_TAB_ACTIVE));
	for (int y = 0; y < H; y++) {
		size_t i = u->ltop + (size_t)y;
		move(2 + y, 0);
		clrtoeol();
		if (i >= u->nlines)
			continue;
		const char *l = u->lines[i], *q = strchr(l, '"');
		if (u->search[0] && strcasestr(l, u->search))
			put(2 + y, 0, COLS, l, theme_attr(EL_MATCH));
		else if (u->view == V_TEXT && q && strstr(q + 1, "\": "))
			draw_json_line(2 + y, l, theme_attr(EL_JSON_KEY));
		else
			put(2 + y, 0, COLS, l, theme_attr(EL_NORMAL));
	}
	move(LINES - 2, 0);
	clrtoeol();
}

static int pager_key(struct ui *u, enum request req, const char *arg)
{
	long page = LINES - 5;

	(void)arg;
	switch (req) {
	case REQ_DOWN: pager_scroll(u, 1); break;
	case REQ_UP: pager_scroll(u, -1); break;
	case REQ_PAGE_DOWN: pager_scroll(u, page); break;
	case REQ_PAGE_UP: pager_scroll(u, -page); break;
	case REQ_TOP: pager_scroll(u, -(1L << 40)); break;
	case REQ_BOTTOM: pager_scroll(u, 1L << 40); break;
	case REQ_SEARCH: prompt_start(u, P_SEARCH, "search: ", u->search); break;
	case REQ_NEXT_MATCH: next_match(u); break;
	case REQ_CLEAR: /* Esc: the search first, then back to the table (k9s) */
		if (u->search[0])
			u->search[0] = '\0';
		else if (u->view == V_TEXT && u->rel_text)
			show_detail(u);
		else
			ui_show(u, V_TABLE);
		break;
	case REQ_BACK:
		if (u->view == V_TEXT && u->rel_text)
			show_detail(u); /* a related list shown as text: back to the detail */
		else
			ui_show(u, V_TABLE);
		break;
	case REQ_RAW:
		if (u->have_dview && !u->rel_text && !u->waiting_op) {
			u->detail_raw = !u->detail_raw;
			show_detail(u);
			u->ltop = 0;
			set_status(u, 0, u->detail_raw ? "raw JSON (J: the fields)" : "the fields (J: raw JSON)");
		}
		break;
	case REQ_RELATED: open_related(u, arg && *arg ? arg : "", 0); break;
	default:
		if (req >= REQ_RELATED_1 && req <= REQ_RELATED_9) {
			open_related(u, NULL, req - REQ_RELATED_1);
			break;
		}
		return 0;
	}
	return 1;
}

const struct view_ops text_view = {
	.name = "detail", .leave = pager_leave, .update = pager_update, .draw = pager_draw, .key = pager_key,
};
const struct view_ops log_view = {
	.name = "log", .leave = pager_leave, .update = pager_update, .draw = pager_draw, .key = pager_key,
};
const struct view_ops help_view = {
	.name = "help", .leave = pager_leave, .update = pager_update, .draw = pager_draw, .key = pager_key,
};
