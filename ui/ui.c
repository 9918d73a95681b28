/* ui.c — the dashboard's loop and screens: header (profile, provider, the
 * customer context always visible, token, fetch progress), pane tabs, the
 * virtual table (draws only visible rows, keeps the selection by id, says
 * "loading…" until the first page), detail, request log, help, prompts and
 * action forms. Keys go through one action table (ui_actions[]) that also
 * generates the help screen and accepts bindings from the config. It never
 * does network I/O: everything goes through src/session.h. */
#include "ui.h"

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
#include <locale.h>
#include <langinfo.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "ui_int.h"


static volatile sig_atomic_t got_signal;
static int curses_on;

static void on_signal(int sig) { got_signal = sig; }

static void restore_terminal(void)
{
	if (curses_on && !isendwin()) {
		endwin();
		curses_on = 0;
	}
}

static void set_status(struct ui *u, int err, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void set_status(struct ui *u, int err, const char *fmt, ...)
{
	va_list ap;
	char raw[512];

	va_start(ap, fmt);
	vsnprintf(raw, sizeof raw, fmt, ap);
	va_end(ap);
	sanitize_text(raw, strlen(raw), u->status, sizeof u->status);
	u->status_err = err;
}

/* ---------- drawing helpers ---------- */

/* Draw sanitised s at (y, x) in exactly cols columns (padded). */
static void put(int y, int x, int cols, const char *s, int attr)
{
	char fit[2048];

	if (cols <= 0)
		return;
	sanitize_fit(s, cols, 1, fit, sizeof fit);
	attron(attr);
	mvaddstr(y, x, fit);
	attroff(attr);
}

/* A table cell: like put(), but a cut text ends in "…" so a clipped name is
 * not mistaken for the whole one (ids stay plain: their prefix is the point). */
static void put_cell(struct ui *u, int y, int x, int cols, const char *s, int attr, int mark_cut)
{
	char fit[2048];

	if (mark_cut && cols >= 4 && sanitize_width(s) > cols) {
		size_t n = sanitize_fit(s, cols - 1, 0, fit, sizeof fit - 4);
		snprintf(fit + n, sizeof fit - n, "%s", u->ascii ? "~" : "…");
		s = fit;
	}
	put(y, x, cols, s, attr);
}

/* id, deviceId, workspaceId…: a prefix of an id is read as a prefix, no "…" */
static int id_column(const struct tt_column *c)
{
	size_t n = c->path ? strlen(c->path) : 0;
	return n >= 2 && !strcasecmp(c->path + n - 2, "id");
}

static void put_raw(int y, int x, int cols, const char *raw, int attr)
{
	char clean[2048];
	sanitize_text(raw, strlen(raw), clean, sizeof clean);
	put(y, x, cols, clean, attr);
}

static const char *hline_char(struct ui *u) { return u->ascii ? "-" : "─"; }

/* ---------- tenants (KPN: own account + configured customers) ---------- */

static int tenants_synthetic(struct ui *u)
{
	return u->prov->ctx == CTX_HEADER || u->prov->ctx == CTX_NONE;
}

/* The resource a pane lists: akenza's tenants pane lists its workspaces. */
static int pane_resource(struct ui *u, int pane)
{
	int r = u->pane_res[pane];
	if (r == TENANTS && !tenants_synthetic(u))
		for (int i = 0; i < u->prov->nres; i++)
			if (!strcmp(u->prov->res[i].name, "workspaces"))
				return i;
	return r;
}

static const struct tt_resource *cur_res(struct ui *u)
{
	int r = pane_resource(u, u->pane);
	return r >= 0 ? &u->prov->res[r] : NULL;
}

static size_t tenants_count(struct ui *u)
{
	return u->prov->ctx == CTX_NONE ? 0 : 1 + (size_t)u->profile->ncustomers;
}

static void tenants_row(struct ui *u, size_t i, const char **name, const char **id)
{
	if (i == 0) {
		*name = "own account";
		*id = "";
	} else {
		*name = u->profile->customers[i - 1].name;
		*id = u->profile->customers[i - 1].id;
	}
}

/* ---------- the visible row list (with local narrowing) ---------- */

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
static void filter_step(struct ui *u, size_t budget)
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

static size_t view_count(struct ui *u)
{
	if (u->pane_res[u->pane] == TENANTS && tenants_synthetic(u))
		return tenants_count(u);
	return u->lfilter[0] ? u->fn : session_nrows(u->s);
}

static size_t view_row(struct ui *u, size_t i)
{
	return u->lfilter[0] ? u->fidx[i] : i;
}

/* ---------- header, tabs, footer ---------- */

static void fmt_count(char *out, size_t n, unsigned long v)
{
	if (v >= 1000000)
		snprintf(out, n, "%lu,%03lu,%03lu", v / 1000000, (v / 1000) % 1000, v % 1000);
	else if (v >= 1000)
		snprintf(out, n, "%lu,%03lu", v / 1000, v % 1000);
	else
		snprintf(out, n, "%lu", v);
}

static void draw_header(struct ui *u, const struct session_progress *p)
{
	char buf[512], label[160], id[64], rows[32];
	int x = 0, W = COLS;

	session_context(u->s, label, sizeof label, id, sizeof id);
	attron(theme_attr(EL_HEADER));
	mvhline(0, 0, ' ', W);
	snprintf(buf, sizeof buf, " thingtop  %s · %s ", u->profile->name, u->prov->title);
	put_raw(0, 0, W, buf, theme_attr(EL_HEADER));
	x = sanitize_width(buf) + 1;
	if (u->prov->ctx != CTX_NONE) {
		char c[260];
		snprintf(c, sizeof c, " ctx: %s%s%.8s%s ", label, id[0] ? " (" : "", id, id[0] ? "…)" : "");
		int w = sanitize_width(c);
		if (x + w < W)
			put_raw(0, x, w, c, theme_attr(id[0] ? EL_CTX_CUSTOMER : EL_CTX_OWN));
		x += w + 1;
	}
	if (session_read_only(u->s) && x + 6 < W) {
		put(0, x, 4, " RO ", theme_attr(EL_RO));
		x += 5;
	}
	if (p->token_left >= 0)
		snprintf(buf, sizeof buf, "token %.0fm", p->token_left / 60 < 1 ? 1.0 : p->token_left / 60);
	else
		snprintf(buf, sizeof buf, "%s", session_offline(u->s) ? "offline snapshot"
					       : u->prov->auth == AUTH_API_KEY_HEADER ? "api key" : "no token yet");
	fmt_count(rows, sizeof rows, p->rows);
	char right[256];
	if (p->loading)
		snprintf(right, sizeof right, "%s  %s page %lu · %s rows · %.0f/s ", buf, u->ascii ? "*" : "⟳",
			 p->pages, rows, p->rows_per_s);
	else
		snprintf(right, sizeof right, "%s  %lu pages · %s rows ", buf, p->pages, rows);
	if (u->auto_refresh) {
		size_t n = strlen(right);
		snprintf(right + n, sizeof right - n, "· auto %ds ", u->refresh_s);
	}
	int rw = sanitize_width(right);
	if (x + rw >= W) {
		/* narrow: the row count (and that more is coming) outlasts the rest */
		snprintf(right, sizeof right, "%s%s rows ", p->loading ? (u->ascii ? "* " : "⟳ ") : "", rows);
		rw = sanitize_width(right);
	}
	if (x + rw < W)
		put(0, W - rw, rw, right, theme_attr(EL_HEADER));
	attroff(theme_attr(EL_HEADER));
}

static void draw_tabs(struct ui *u)
{
	int x = 0;
	char buf[96];

	move(1, 0);
	clrtoeol();
	for (int i = 0; i < u->npanes && x < COLS; i++) {
		snprintf(buf, sizeof buf, " %d %s ", i + 1, u->pane_name[i]);
		int w = sanitize_width(buf);
		if (x + w > COLS)
			break;
		put(1, x, w, buf, theme_attr(i == u->pane ? EL_TAB_ACTIVE : EL_TAB));
		x += w + 1;
	}
	char q[400];
	snprintf(q, sizeof q, "%s%s%s%s%s%s%s ", u->sort[0] ? "sort " : "", u->sort, u->text[0] ? "  q=" : "", u->text,
		 u->lfilter[0] ? (u->linvert ? "  !" : "  /") : "", u->lfilter, u->time_filter);
	int w = sanitize_width(q);
	if (q[0] != ' ' && x + w < COLS)
		put_raw(1, COLS - w, w, q, theme_attr(EL_KEYHINT));
}

/* Column widths for this terminal width: the provider's widths when they fit
 * (the last column takes what is left); on a narrow terminal long columns
 * such as ids give way first, then the first column, so an 80-column screen
 * still shows name, id, barcode, DevEUI and time instead of three columns. */
static int col_width(struct ui *u, const struct tt_resource *r, int c)
{
	static const struct tt_resource *cached_res;
	static int cached_cols, w[TT_MAX_COLUMNS];

	(void)u;
	if (cached_res != r || cached_cols != COLS) {
		int used = 1, minw[TT_MAX_COLUMNS];
		for (int i = 0; i < r->ncols; i++) {
			/* long columns (ids) may drop to 13 cells; short ones (times,
			 * EUIs) keep their width and are clipped at the right instead */
			int t = (int)strlen(r->cols[i].title) + 2, m = i == 0 ? 26 : r->cols[i].width > 20 ? 13 : 999;
			w[i] = r->cols[i].width;
			if (m < t)
				m = t;
			minw[i] = w[i] < m ? w[i] : m;
			used += w[i] + 1;
		}
		/* the other columns give way first (widest first), the first (the
		 * name, usually) last; below the minimums the rest is clipped */
		for (int pass = 0; pass < 2 && used > COLS; pass++) {
			while (used > COLS) {
				int widest = -1;
				for (int i = pass ? 0 : 1; i < (pass ? 1 : r->ncols); i++)
					if (w[i] > minw[i] && (widest < 0 || w[i] > w[widest]))
						widest = i;
				if (widest < 0)
					break;
				w[widest]--;
				used--;
			}
		}
		if (used < COLS && r->ncols > 0)
			w[r->ncols - 1] += COLS - used;
		cached_res = r;
		cached_cols = COLS;
	}
	return w[c];
}

static const char *sort_mark(struct ui *u, const struct tt_column *c)
{
	if (!c->sort || !u->sort[0])
		return "";
	char tmp[128];
	snprintf(tmp, sizeof tmp, "%s", u->sort);
	int first = 1;
	for (char *save = NULL, *t = strtok_r(tmp, ",", &save); t; t = strtok_r(NULL, ",", &save), first = 0) {
		int desc = *t == '-';
		if (!strcmp(t + desc, c->sort))
			return desc ? (u->ascii ? (first ? " v" : " v2") : (first ? " ▼" : " ▼²"))
				    : (u->ascii ? (first ? " ^" : " ^2") : (first ? " ▲" : " ▲²"));
	}
	return "";
}

static void draw_table(struct ui *u, const struct session_progress *p)
{
	const struct tt_resource *r = cur_res(u);
	int top = 2, H = LINES - 5; /* rows area: lines 3 .. LINES-3; LINES-2 is the footer */
	size_t n;

	if (r && !r->path) {
		/* a resource the provider declares only actions for: say so, offer them */
		char msg[512];
		int used = snprintf(msg, sizeof msg, "%s has no list in this API.", r->title);
		if (r->nactions)
			used += snprintf(msg + used, sizeof msg - (size_t)used, " Press a for its actions:");
		for (int i = 0; i < r->nactions && used > 0 && (size_t)used < sizeof msg; i++)
			used += snprintf(msg + used, sizeof msg - (size_t)used, " %d %s", i + 1, r->actions[i].name);
		for (int y = top; y < LINES - 2; y++) {
			move(y, 0);
			clrtoeol();
		}
		put(top + 2, 2, COLS - 4, msg, theme_attr(EL_DIM));
		return;
	}
	move(top, 0);
	clrtoeol();
	if (u->pane_res[u->pane] == TENANTS && tenants_synthetic(u)) {
		put(top, 0, COLS, " NAME                              CUSTOMER ID", theme_attr(EL_COLHEAD));
		n = tenants_count(u);
		if (n == 0) {
			put(top + 2, 2, COLS - 4, "Partner APIs have no customer context.", theme_attr(EL_DIM));
		}
		if (u->sel >= n && n)
			u->sel = n - 1;
		for (int y = 0; y < H; y++) {
			size_t i = u->top + (size_t)y;
			move(top + 1 + y, 0);
			clrtoeol();
			if (i >= n)
				continue;
			const char *name, *id;
			char line[512], cur[160], cid[64];
			tenants_row(u, i, &name, &id);
			session_context(u->s, cur, sizeof cur, cid, sizeof cid);
			snprintf(line, sizeof line, "%s%-33s %s", !strcmp(cid, id) ? "*" : " ", name, id[0] ? id : "-");
			put_raw(top + 1 + y, 0, COLS, line, theme_attr(i == u->sel ? EL_SELECTED : EL_NORMAL));
		}
		return;
	}
	if (!r)
		return;
	/* column headers */
	int x = 1;
	for (int c = 0; c < r->ncols && x < COLS; c++) {
		char h[128];
		int w = col_width(u, r, c);
		snprintf(h, sizeof h, "%s%s", r->cols[c].title, sort_mark(u, &r->cols[c]));
		if (x + w > COLS)
			w = COLS - x;
		put(top, x, w, h, theme_attr(c == u->sel_col ? EL_COLHEAD_SEL : EL_COLHEAD));
		x += w + 1;
	}
	session_lock(u->s);
	/* rows replaced (a new query, a refresh): the narrowed list indexes old rows */
	if (session_model_epoch(u->s) != u->fepoch) {
		u->fepoch = session_model_epoch(u->s);
		filter_reset(u);
		/* a new query from the top of the old list stays at the top of the
		 * new one; anywhere else, follow the selected item into the new order */
		if (u->top_on_reload && u->sel == 0)
			u->sel_id[0] = u->want_id[0] = '\0';
		u->top_on_reload = 0;
	}
	filter_step(u, 200000);
	n = view_count(u);
	/* keep the selection on the same item by id when rows arrive or reorder */
	if (u->sel_id[0] && (u->sel >= n || strcmp(session_row_id(u->s, view_row(u, u->sel)), u->sel_id) != 0)) {
		size_t i = 0;
		while (i < n && strcmp(session_row_id(u->s, view_row(u, i)), u->sel_id) != 0)
			i++;
		if (i < n) {
			u->sel = i;
			u->want_id[0] = '\0';
		} else if (p->loading) {
			/* not in yet: keep looking in the pages still coming */
			if (!u->want_id[0])
				snprintf(u->want_id, sizeof u->want_id, "%s", u->sel_id);
			u->want_from = n;
		}
	} else if (u->want_id[0]) {
		size_t i = u->want_from <= n ? u->want_from : 0;
		while (i < n && strcmp(session_row_id(u->s, view_row(u, i)), u->want_id) != 0)
			i++;
		if (i < n) {
			u->sel = i;
			u->want_id[0] = '\0';
		} else {
			u->want_from = n;
			if (!p->loading) /* it is gone from the new list */
				u->want_id[0] = '\0';
		}
	}
	if (n && u->sel >= n)
		u->sel = n - 1;
	if (u->sel < u->top)
		u->top = u->sel;
	if (H > 0 && u->sel >= u->top + (size_t)H)
		u->top = u->sel - (size_t)H + 1;
	if (n && u->sel < n)
		snprintf(u->sel_id, sizeof u->sel_id, "%s", session_row_id(u->s, view_row(u, u->sel)));
	for (int y = 0; y < H; y++) {
		size_t i = u->top + (size_t)y;
		move(top + 1 + y, 0);
		clrtoeol();
		if (i >= n)
			continue;
		size_t row = view_row(u, i);
		int attr = theme_attr(i == u->sel ? EL_SELECTED : EL_NORMAL);
		x = 0;
		attron(attr);
		mvhline(top + 1 + y, 0, ' ', COLS);
		attroff(attr);
		enum session_mark mark = session_row_mark(u->s, row);
		if (mark && i != u->sel) {
			/* live changes: marked for one refresh */
			static const enum theme_elem mark_el[] = { EL_NORMAL, EL_CHANGED, EL_NEW, EL_DIM };
			attr = theme_attr(mark_el[mark]);
		}
		static const char *const mark_glyph[] = { " ", "*", "+", "-" };
		/* a marked row keeps its mark when selected: reverse video shows the selection */
		put(top + 1 + y, 0, 1, mark ? mark_glyph[mark] : i == u->sel ? (u->ascii ? ">" : "▶") : " ", attr);
		x = 1;
		for (int c = 0; c < r->ncols && x < COLS; c++) {
			int w = col_width(u, r, c);
			if (x + w > COLS)
				w = COLS - x;
			const char *cell = session_cell(u->s, row, c);
			put_cell(u, top + 1 + y, x, w, *cell ? cell : (u->ascii ? "-" : "–"), attr,
				 !id_column(&r->cols[c]));
			x += w + 1;
		}
	}
	/* never "no devices" while loading */
	if (n == 0) {
		const char *msg = p->loading ? "loading…" : p->failed ? "" : u->lfilter[0] || u->text[0] ? "no matches"
											    : "no items";
		if (u->lfilter[0] && u->fscanned < session_nrows(u->s))
			msg = "filtering…";
		if (*msg)
			put(top + 2, (COLS - sanitize_width(msg)) / 2, sanitize_width(msg), msg, theme_attr(EL_DIM));
	}
	/* footer */
	char cnt[32], foot[400];
	fmt_count(cnt, sizeof cnt, (unsigned long)n);
	if (p->failed)
		snprintf(foot, sizeof foot, " %s shown · stopped: %s ", cnt, p->error);
	else if (p->loading)
		snprintf(foot, sizeof foot, " %s loaded · more pages coming ", cnt);
	else
		snprintf(foot, sizeof foot, " end · %s %s%s ", cnt, n == 1 ? "row" : "rows",
			 u->lfilter[0] ? " (narrowed locally)" : "");
	session_unlock(u->s);
	int fy = LINES - 2;
	move(fy, 0);
	clrtoeol();
	attron(theme_attr(p->failed ? EL_ERROR : EL_FOOTER));
	for (int i = 0; i < COLS; i++)
		mvaddstr(fy, i, hline_char(u));
	attroff(theme_attr(p->failed ? EL_ERROR : EL_FOOTER));
	int fw = sanitize_width(foot);
	if (fw > COLS - 4)
		fw = COLS - 4;
	put_raw(fy, 2, fw, foot, theme_attr(p->failed ? EL_ERROR : EL_FOOTER));
}

static void draw_lines(struct ui *u, const char *title)
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

static void draw_bottom(struct ui *u)
{
	int y = LINES - 1;
	move(y, 0);
	clrtoeol();
	if (u->prompt != P_NONE) {
		char buf[800];
		snprintf(buf, sizeof buf, "%s%s", u->plabel, u->input);
		put_raw(y, 0, COLS, buf, theme_attr(EL_KEYHINT));
		curs_set(1);
		int cx = sanitize_width(u->plabel);
		char tmp[600];
		sanitize_text(u->input, u->ilen, tmp, sizeof tmp);
		cx += sanitize_width(tmp);
		move(y, cx < COLS ? cx : COLS - 1);
		return;
	}
	curs_set(0);
	const char *hints;
	switch (u->view) {
	case V_TEXT: hints = " / search  n next  j/k scroll  q back "; break;
	case V_LOG: hints = " j/k scroll  G end  q back "; break;
	case V_HELP: hints = " q back "; break;
	default: hints = " / filter  s sort  f since  c customer  a action  Enter detail  L requests  ? help  Q quit ";
	}
	int hw = sanitize_width(hints);
	int w = u->status[0] ? sanitize_width(u->status) : 0;
	/* the status (a result, an error, where a file went) wins over the key
	 * hints: the hints give way from the right, the status is cut only when
	 * it alone is wider than the screen */
	if (w > COLS)
		w = COLS;
	int room = COLS - w - (w ? 1 : 0);
	if (hw > room) {
		/* drop whole hints from the right, never half a word ("L reque") */
		int cut = room - 1;
		while (cut > 0 && !(hints[cut] == ' ' && hints[cut - 1] == ' '))
			cut--;
		hw = cut > 0 ? cut : 0;
	}
	if (room > 0 && hw > 0)
		put(y, 0, hw, hints, theme_attr(EL_KEYHINT));
	if (w)
		put(y, COLS - w, w, u->status, theme_attr(u->status_err ? EL_ERROR : EL_STATUS));
}

void draw(struct ui *u)
{
	struct session_progress p;

	session_progress(u->s, &p);
	if (p.failed && p.generation != u->seen_gen) {
		set_status(u, 1, "%s%s%s", p.error, p.hint[0] ? " — " : "", p.hint);
		u->seen_gen = p.generation;
	}
	/* "switching context to X" becomes "context: X" once the new list is in */
	if (u->ctx_switching && p.generation != u->ctx_switch_gen && !p.loading) {
		u->ctx_switching = 0;
		if (!p.failed) {
			char label[160], id[64];
			session_context(u->s, label, sizeof label, id, sizeof id);
			set_status(u, 0, "context: %s", label);
		}
	}
	draw_header(u, &p);
	if (u->view == V_TABLE) {
		draw_tabs(u);
		draw_table(u, &p);
	} else {
		draw_lines(u, u->text_title);
		move(LINES - 2, 0);
		clrtoeol();
	}
	draw_bottom(u);
	refresh();
}

/* ---------- text views ---------- */

void lines_free(struct ui *u)
{
	for (size_t i = 0; i < u->nlines; i++)
		free(u->lines[i]);
	free(u->lines);
	u->lines = NULL;
	u->nlines = u->ltop = 0;
}

static void lines_add(struct ui *u, const char *s)
{
	char clean[2048];
	sanitize_text(s, strlen(s), clean, sizeof clean);
	u->lines = realloc(u->lines, (u->nlines + 1) * sizeof *u->lines);
	if (!u->lines)
		abort();
	u->lines[u->nlines++] = strdup(clean);
}

static void lines_set_text(struct ui *u, const char *text)
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

static void show_log(struct ui *u)
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

/* ---------- actions (the one table) ---------- */


static void move_sel(struct ui *u, long delta)
{
	size_t n;
	if (u->view != V_TABLE) {
		long t = (long)u->ltop + delta;
		/* like less: the end shows the last screenful, not one lonely line */
		size_t page = LINES > 5 ? (size_t)(LINES - 4) : 1;
		size_t max = u->nlines > page ? u->nlines - page : 0;
		u->ltop = t < 0 ? 0 : (size_t)t;
		if (u->ltop > max)
			u->ltop = max;
		return;
	}
	session_lock(u->s);
	n = view_count(u);
	long t = (long)u->sel + delta;
	if (t < 0)
		t = 0;
	if (n && (size_t)t >= n)
		t = (long)n - 1;
	u->sel = (size_t)t;
	u->sel_id[0] = u->want_id[0] = '\0';
	if (n && !(u->pane_res[u->pane] == TENANTS && tenants_synthetic(u)))
		snprintf(u->sel_id, sizeof u->sel_id, "%s", session_row_id(u->s, view_row(u, u->sel)));
	session_unlock(u->s);
}

static void act_down(struct ui *u) { move_sel(u, 1); }
static void act_up(struct ui *u) { move_sel(u, -1); }
static void act_pgdown(struct ui *u) { move_sel(u, LINES - 5); }
static void act_pgup(struct ui *u) { move_sel(u, -(LINES - 5)); }
static void act_top(struct ui *u) { move_sel(u, -(1L << 40)); }
static void act_bottom(struct ui *u) { move_sel(u, 1L << 40); }

static void act_left(struct ui *u)
{
	if (u->sel_col > 0)
		u->sel_col--;
}

static void act_right(struct ui *u)
{
	const struct tt_resource *r = cur_res(u);
	if (r && u->sel_col + 1 < r->ncols)
		u->sel_col++;
}

static void switch_pane(struct ui *u, int pane)
{
	if (pane < 0 || pane >= u->npanes)
		return;
	u->pane = pane;
	u->view = V_TABLE;
	u->sort[0] = u->text[0] = u->lfilter[0] = u->time_filter[0] = '\0';
	u->sel = u->top = 0;
	u->sel_id[0] = u->want_id[0] = '\0';
	u->sel_col = 0;
	filter_reset(u);
	requery(u, NULL);
}

static void act_next_pane(struct ui *u) { switch_pane(u, (u->pane + 1) % u->npanes); }
static void act_prev_pane(struct ui *u) { switch_pane(u, (u->pane + u->npanes - 1) % u->npanes); }

static void start_prompt(struct ui *u, enum prompt_kind k, const char *label, const char *init)
{
	u->prompt = k;
	snprintf(u->plabel, sizeof u->plabel, "%s", label);
	snprintf(u->input, sizeof u->input, "%s", init ? init : "");
	u->ilen = strlen(u->input);
	u->complete_i = 0;
}

static void act_filter(struct ui *u)
{
	if (u->view == V_TEXT || u->view == V_LOG) {
		start_prompt(u, P_FILTER, "search: ", u->search);
		return;
	}
	start_prompt(u, P_FILTER, "filter (server query; !text narrows locally, inverted): ", u->lfilter);
}

static void act_clear(struct ui *u)
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

/* s: cycle the selected column's sort asc → desc → off (primary key). */
static void cycle_sort(struct ui *u, int add)
{
	const struct tt_resource *r = cur_res(u);
	if (!r || u->sel_col >= r->ncols)
		return;
	const char *key = r->cols[u->sel_col].sort;
	if (!key) {
		set_status(u, 1, "the API cannot sort by %s", r->cols[u->sel_col].title);
		return;
	}
	/* parse current spec */
	char keys[4][64];
	int desc[4], n = 0, at = -1;
	char tmp[128];
	snprintf(tmp, sizeof tmp, "%s", u->sort);
	for (char *save = NULL, *t = strtok_r(tmp, ",", &save); t && n < 4; t = strtok_r(NULL, ",", &save)) {
		desc[n] = *t == '-';
		snprintf(keys[n], sizeof keys[n], "%s", t + desc[n]);
		if (!strcmp(keys[n], key))
			at = n;
		n++;
	}
	if (!add) {
		if (at == 0 && !desc[0]) {
			desc[0] = 1;
			n = 1;
		} else if (at == 0 && desc[0]) {
			n = 0;
		} else {
			snprintf(keys[0], sizeof keys[0], "%s", key);
			desc[0] = 0;
			n = 1;
		}
	} else if (at >= 0) {
		if (!desc[at])
			desc[at] = 1;
		else {
			for (int i = at; i + 1 < n; i++) {
				memcpy(keys[i], keys[i + 1], sizeof keys[i]);
				desc[i] = desc[i + 1];
			}
			n--;
		}
	} else if (n < 4) {
		snprintf(keys[n], sizeof keys[n], "%s", key);
		desc[n++] = 0;
	}
	u->sort[0] = '\0';
	for (int i = 0; i < n; i++) {
		size_t l = strlen(u->sort);
		snprintf(u->sort + l, sizeof u->sort - l, "%s%s%s", i ? "," : "", desc[i] ? "-" : "", keys[i]);
	}
	set_status(u, 0, "sort: %s", u->sort[0] ? u->sort : "off (the API's order)");
	requery(u, NULL);
}

static void act_sort(struct ui *u) { cycle_sort(u, 0); }
static void act_sort_add(struct ui *u) { cycle_sort(u, 1); }

static void act_time(struct ui *u)
{
	const struct tt_resource *r = cur_res(u);
	int ok = 0;
	for (int i = 0; r && i < r->nfilters; i++)
		if (query_is_time_filter(u->prov, r->filters[i]))
			ok = 1;
	if (!ok) {
		set_status(u, 1, "%s has no time filters", r ? r->name : "this pane");
		return;
	}
	start_prompt(u, P_TIME, "filter KEY=TIME (createdSince=-7d, modifiedSince=2025-09-01; empty clears): ",
		     u->time_filter[0] ? u->time_filter + 2 : "createdSince=-7d");
}

static void act_context(struct ui *u)
{
	if (u->prov->ctx == CTX_NONE) {
		set_status(u, 1, "%s has no customer context", u->prov->title);
		return;
	}
	start_prompt(u, P_CONTEXT, "customer (Tab completes; empty = own account): ", "");
}

static void act_prev_context(struct ui *u)
{
	char tmp[160];
	snprintf(tmp, sizeof tmp, "%s", u->prev_ctx);
	requery(u, tmp);
}

static void act_reload(struct ui *u)
{
	requery(u, NULL);
	set_status(u, 0, "reloading");
}

static void act_auto(struct ui *u)
{
	u->auto_refresh = !u->auto_refresh;
	u->last_refresh = time(NULL);
	set_status(u, 0, "auto-refresh %s (every %d s)", u->auto_refresh ? "on" : "off", u->refresh_s);
}

static void act_detail(struct ui *u)
{
	if (u->view != V_TABLE)
		return;
	if (u->pane_res[u->pane] == TENANTS && tenants_synthetic(u)) {
		const char *name, *id;
		if (u->sel >= tenants_count(u))
			return;
		tenants_row(u, u->sel, &name, &id);
		requery(u, id);
		switch_pane(u, u->npanes > 1 ? 1 : 0);
		return;
	}
	if (!u->sel_id[0]) {
		struct session_progress pr;
		session_progress(u->s, &pr);
		set_status(u, 0, pr.loading ? "nothing to open yet: the list is still loading" : "nothing to open: the list is empty");
		return;
	}
	if (u->pane_res[u->pane] == TENANTS) { /* akenza workspaces: Enter selects it */
		char id[256];
		snprintf(id, sizeof id, "%s", u->sel_id);
		switch_pane(u, u->npanes > 1 ? 1 : 0);
		requery(u, id);
		return;
	}
	session_detail(u->s, u->sel_id);
	u->waiting_op = 1;
	lines_free(u);
	lines_add(u, "loading…");
	snprintf(u->text_title, sizeof u->text_title, " %s %s ", cur_res(u)->title, u->sel_id);
	u->view = V_TEXT;
}

static void act_log(struct ui *u) { show_log(u); }

static void act_help(struct ui *u);

static void act_action(struct ui *u)
{
	const struct tt_resource *r = cur_res(u);
	if (!r || r->nactions == 0) {
		set_status(u, 1, "no actions here");
		return;
	}
	char label[400] = "action: ";
	for (int i = 0; i < r->nactions; i++) {
		size_t l = strlen(label);
		snprintf(label + l, sizeof label - l, "%d %s%s  ", i + 1, r->actions[i].name,
			 r->actions[i].dangerous ? "*" : "");
	}
	start_prompt(u, P_ACTION_PICK, label, "");
}

/* Show exactly what a write will send, and to which customer, then ask. */
static void confirm_action(struct ui *u)
{
	char prev[1500];

	session_action_preview(u->s, u->act, u->act_row, (const char *const *)u->act_values, prev, sizeof prev,
			       &u->act_ctx);
	u->act_confirmed_ctx = 1;
	if (!u->act->documented) {
		size_t l = strlen(prev);
		snprintf(prev + l, sizeof prev - l,
			 "\n\n! request shape not documented by the vendor: this method, path and body are\n"
			 "  the provider file's guess (see thingtop(1), WRITES); the API may refuse it");
	}
	lines_set_text(u, prev);
	snprintf(u->text_title, sizeof u->text_title, " confirm: %s ", u->act->title);
	u->view = V_TEXT;
	start_prompt(u, P_CONFIRM, "send this? [y/N] ", "");
}

static void start_action(struct ui *u, const struct tt_action *a)
{
	u->act = a;
	u->act_confirmed_ctx = 0;
	snprintf(u->act_row, sizeof u->act_row, "%s", u->sel_id);
	for (int i = 0; i < 8; i++) {
		free(u->act_values[i]);
		u->act_values[i] = NULL;
	}
	if (a->dangerous && session_read_only(u->s)) {
		set_status(u, 1, "read-only: refused '%s' (it writes)", a->title);
		return;
	}
	if (a->needs_row && !u->act_row[0]) {
		set_status(u, 1, "select an item first");
		return;
	}
	u->act_field = 0;
	if (a->nfields > 0) {
		char l[160];
		snprintf(l, sizeof l, "%s — %s: ", a->title, a->fields[0]);
		start_prompt(u, P_FIELD, l, a->defaults[0]);
	} else if (a->dangerous) {
		confirm_action(u);
	} else {
		struct tt_error e = { 0 };
		if (session_action(u->s, a, u->act_row, NULL, NULL, &e))
			set_status(u, 1, "%s", e.message);
		else {
			u->waiting_op = 1;
			lines_free(u);
			lines_add(u, "running…");
			snprintf(u->text_title, sizeof u->text_title, " %s ", a->title);
			u->view = V_TEXT;
		}
	}
}

/* Put text on the local clipboard with OSC 52: it reaches the user's own
 * machine over SSH. Inside tmux, the plain sequence is taken by tmux itself
 * when set-clipboard is on (and passed on to the outer terminal); the
 * DCS-wrapped copy gets through when allow-passthrough is on instead. */
static void osc52_copy(const char *text)
{
	static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t n = strlen(text), o = 0;
	char *enc = malloc(4 * (n / 3 + 1) + 1);

	if (!enc)
		return;
	for (size_t i = 0; i < n; i += 3) {
		unsigned v = (unsigned char)text[i] << 16;
		if (i + 1 < n) v |= (unsigned char)text[i + 1] << 8;
		if (i + 2 < n) v |= (unsigned char)text[i + 2];
		enc[o++] = b64[(v >> 18) & 63];
		enc[o++] = b64[(v >> 12) & 63];
		enc[o++] = i + 1 < n ? b64[(v >> 6) & 63] : '=';
		enc[o++] = i + 2 < n ? b64[v & 63] : '=';
	}
	enc[o] = '\0';
	printf("\033]52;c;%s\a", enc);
	if (getenv("TMUX"))
		printf("\033Ptmux;\033\033]52;c;%s\a\033\\", enc);
	fflush(stdout);
	free(enc);
}

enum copy_what { COPY_ID, COPY_CELL, COPY_ROW };

/* The selected row's id, the cell of the selected column (a DevEUI, say) or
 * the whole row as tab-separated cells; all of it already sanitised. */
static void copy_selection(struct ui *u, enum copy_what what)
{
	const struct tt_resource *r = cur_res(u);
	struct strbuf out = { 0 };
	char label[64];

	if (!u->sel_id[0] || !r || u->view != V_TABLE) {
		set_status(u, 1, "nothing selected");
		return;
	}
	session_lock(u->s);
	size_t n = view_count(u);
	if (u->sel < n) {
		size_t row = view_row(u, u->sel);
		if (what == COPY_ID) {
			sb_adds(&out, session_row_id(u->s, row));
			snprintf(label, sizeof label, "the id");
		} else if (what == COPY_CELL) {
			sb_adds(&out, session_cell(u->s, row, u->sel_col));
			snprintf(label, sizeof label, "%s", r->cols[u->sel_col].title);
		} else {
			sb_adds(&out, session_row_id(u->s, row));
			for (int c = 0; c < r->ncols; c++) {
				sb_addc(&out, '\t');
				sb_adds(&out, session_cell(u->s, row, c));
			}
			snprintf(label, sizeof label, "the row");
		}
	}
	session_unlock(u->s);
	if (!out.s || !out.len) {
		set_status(u, 1, "nothing to copy");
		sb_free(&out);
		return;
	}
	osc52_copy(out.s);
	set_status(u, 0, "copied %s to the clipboard: %.60s", label, out.s);
	sb_free(&out);
}

static void act_copy(struct ui *u) { copy_selection(u, COPY_ID); }
static void act_copy_cell(struct ui *u) { copy_selection(u, COPY_CELL); }
static void act_copy_row(struct ui *u) { copy_selection(u, COPY_ROW); }

static void act_command(struct ui *u) { start_prompt(u, P_COMMAND, ":", ""); }

static void act_back(struct ui *u)
{
	if (u->view != V_TABLE) {
		u->view = V_TABLE;
		u->search[0] = '\0';
		return;
	}
	if (u->lfilter[0] || u->text[0]) {
		act_clear(u);
		return;
	}
	u->quit = 1;
}

static void act_quit(struct ui *u) { u->quit = 1; }

static void act_next_match(struct ui *u)
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

const struct ui_action ui_actions[] = {
	{ "down", "move down", { 'j', KEY_DOWN }, act_down, 0 },
	{ "up", "move up", { 'k', KEY_UP }, act_up, 0 },
	{ "page-down", "one page down", { KEY_NPAGE, ' ', 6 /* ^F */ }, act_pgdown, 0 },
	{ "page-up", "one page up", { KEY_PPAGE, 2 /* ^B */ }, act_pgup, 0 },
	{ "top", "first row", { 'g', KEY_HOME }, act_top, 0 },
	{ "bottom", "last row (loaded so far)", { 'G', KEY_END }, act_bottom, 0 },
	{ "column-left", "select the column to the left (for sorting)", { 'h', KEY_LEFT }, act_left, 0 },
	{ "column-right", "select the column to the right", { 'l', KEY_RIGHT }, act_right, 0 },
	{ "next-pane", "next pane (1-9 jump to a pane)", { '\t' }, act_next_pane, 0 },
	{ "prev-pane", "previous pane", { KEY_BTAB }, act_prev_pane, 0 },
	{ "filter", "filter: server query + instant local narrowing; !text inverts locally; search in text views", { '/' }, act_filter, 0 },
	{ "clear", "clear the filter", { 27 /* Esc */ }, act_clear, 0 },
	{ "sort", "sort by the selected column: asc, desc, off (sent to the API)", { 's' }, act_sort, 0 },
	{ "sort-add", "add the selected column as a further sort key", { 'S' }, act_sort_add, 0 },
	{ "time-filter", "filter by time: createdSince=-7d, modifiedSince=2025-09-01", { 'f' }, act_time, 0 },
	{ "context", "switch customer / workspace (Tab completes)", { 'c' }, act_context, 0 },
	{ "previous-context", "back to the previous customer", { '-' }, act_prev_context, 0 },
	{ "reload", "reload the current query", { 'r' }, act_reload, 0 },
	{ "auto-refresh", "toggle auto-refresh", { 'R' }, act_auto, 0 },
	{ "detail", "detail of the selected item (tenants: switch to it)", { '\n', KEY_ENTER, 'd' }, act_detail, 0 },
	{ "requests", "request log: every API call", { 'L' }, act_log, 0 },
	{ "action", "actions on the selected item (writes ask first; refused read-only)", { 'a' }, act_action, 1 },
	{ "copy", "copy the selected id to the clipboard (OSC 52)", { 'y' }, act_copy, 0 },
	{ "copy-cell", "copy the selected column's value (e.g. DEVEUI: pick it with h/l)", { 'Y' }, act_copy_cell, 0 },
	{ "copy-row", "copy the whole row, tab-separated", { 25 /* ^Y */ }, act_copy_row, 0 },
	{ "next-match", "next search match in text views", { 'n' }, act_next_match, 0 },
	{ "command", ":devices :assets :ctx NAME :profile NAME :log :export FILE :help :q", { ':' }, act_command, 0 },
	{ "help", "this help", { '?' }, act_help, 0 },
	{ "back", "back / clear / quit from the top", { 'q' }, act_back, 0 },
	{ "quit", "quit", { 'Q' }, act_quit, 0 },
	{ NULL, NULL, { 0 }, NULL, 0 },
};

static void act_help(struct ui *u)
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

/* ---------- queries and prompts ---------- */

void requery(struct ui *u, const char *context)
{
	int r = u->pane_res[u->pane];
	u->top_on_reload = 1;
	if (context) {
		char label[160], id[64];
		session_context(u->s, label, sizeof label, id, sizeof id);
		snprintf(u->prev_ctx, sizeof u->prev_ctx, "%s", id);
	}
	if (r == TENANTS && tenants_synthetic(u)) {
		if (context) /* still switch: the fetch thread validates and sets it */
			session_query(u->s, u->npanes > 1 && u->pane_res[1] >= 0 ? u->pane_res[1] : 0, NULL, NULL, NULL,
				      context);
		return;
	}
	r = pane_resource(u, u->pane);
	if (r < 0 || !u->prov->res[r].path) {
		if (context) /* no list here, but the context still switches */
			session_query(u->s, u->npanes > 1 && u->pane_res[1] >= 0 ? u->pane_res[1] : 0, NULL, NULL, NULL,
				      context);
		return;
	}
	filter_reset(u);
	char text[400];
	snprintf(text, sizeof text, "%s", u->text);
	session_query(u->s, r, u->sort, text, u->time_filter[0] ? u->time_filter + 2 : NULL, context);
	u->last_refresh = time(NULL);
}

static void export_view(struct ui *u, const char *file)
{
	const struct tt_resource *r = cur_res(u);
	int fd;
	FILE *f;

	if (!r) {
		set_status(u, 1, "nothing to export here");
		return;
	}
	fd = open(file, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0 || !(f = fdopen(fd, "w"))) {
		set_status(u, 1, "cannot write %s: %s", file, strerror(errno));
		if (fd >= 0)
			close(fd);
		return;
	}
	size_t flen = strlen(file);
	int json = (flen > 5 && !strcmp(file + flen - 5, ".json")) || (flen > 6 && !strcmp(file + flen - 6, ".jsonl"));
	if (!json) {
		fprintf(f, "id");
		for (int c = 0; c < r->ncols; c++)
			fprintf(f, ",\"%s\"", r->cols[c].title);
		fputc('\n', f);
	}
	session_lock(u->s);
	size_t n = view_count(u);
	for (size_t i = 0; i < n; i++) {
		size_t row = view_row(u, i);
		if (json) {
			/* one object per line: the id and the visible columns, in view order */
			cJSON *o = cJSON_CreateObject();
			cJSON_AddStringToObject(o, "id", session_row_id(u->s, row));
			for (int c = 0; c < r->ncols; c++)
				cJSON_AddStringToObject(o, r->cols[c].title, session_cell(u->s, row, c));
			char *line = cJSON_PrintUnformatted(o);
			if (line)
				fprintf(f, "%s\n", line);
			free(line);
			cJSON_Delete(o);
			continue;
		}
		fprintf(f, "\"%s\"", session_row_id(u->s, row));
		for (int c = 0; c < r->ncols; c++) {
			const char *v = session_cell(u->s, row, c);
			fputs(",\"", f);
			for (; *v; v++) {
				if (*v == '"')
					fputc('"', f);
				fputc(*v, f);
			}
			fputc('"', f);
		}
		fputc('\n', f);
	}
	session_unlock(u->s);
	fclose(f);
	set_status(u, 0, "wrote %zu rows to %s (%s, mode 0600%s%s)", n, file, json ? "JSON lines" : "CSV",
		   u->sort[0] || u->text[0] || u->lfilter[0] ? ", as sorted and filtered on screen" : "", "");
}

static int pane_by_name(struct ui *u, const char *name)
{
	for (int i = 0; i < u->npanes; i++)
		if (!strcmp(u->pane_name[i], name))
			return i;
	return -1;
}

static void run_command(struct ui *u, const char *cmd)
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

static void complete_context(struct ui *u)
{
	int n = u->profile->ncustomers;
	if (n == 0)
		return;
	for (int k = 0; k < n; k++) {
		int i = (u->complete_i + k) % n;
		if (!strncasecmp(u->profile->customers[i].name, u->input, u->ilen) || u->complete_i > 0) {
			snprintf(u->input, sizeof u->input, "%s", u->profile->customers[i].name);
			u->complete_i = i + 1;
			return;
		}
	}
}

static void submit_prompt(struct ui *u)
{
	enum prompt_kind k = u->prompt;
	char in[512];

	snprintf(in, sizeof in, "%s", u->input);
	u->prompt = P_NONE;
	switch (k) {
	case P_FILTER:
		if (u->view != V_TABLE) {
			snprintf(u->search, sizeof u->search, "%s", in);
			u->ltop = u->ltop > 0 ? u->ltop - 1 : 0;
			act_next_match(u);
			break;
		}
		/* an identifier the vendor can find directly (akenza: a DevEUI through
		 * by-device-id): ask for that one item instead of filtering */
		const struct tt_lookup *lk = in[0] != '!' ? resource_lookup(cur_res(u), in) : NULL;
		if (lk) {
			session_lookup(u->s, lk, in);
			u->waiting_op = 1;
			lines_free(u);
			lines_add(u, "looking up…");
			snprintf(u->text_title, sizeof u->text_title, " %s %s ", lk->name, in);
			u->view = V_TEXT;
			set_status(u, 0, "%s lookup: asked the API for this one item", lk->name);
			break;
		}
		filter_reset(u);
		if (in[0] == '!') {
			snprintf(u->lfilter, sizeof u->lfilter, "%s", in + 1);
			u->linvert = 1;
		} else {
			/* narrow at once, and ask the server for the same text when the
			 * API has a free-text parameter; without one the text is local
			 * only, so clearing it must not reload the list (a reload made
			 * the keys typed after Esc land on an empty table) */
			snprintf(u->lfilter, sizeof u->lfilter, "%s", in);
			u->linvert = 0;
			if (u->prov->text_param) {
				snprintf(u->text, sizeof u->text, "%s", in);
				requery(u, NULL);
			}
		}
		break;
	case P_COMMAND:
		run_command(u, in);
		break;
	case P_CONTEXT: {
		struct session_progress p;
		session_progress(u->s, &p);
		u->ctx_switch_gen = p.generation;
		u->ctx_switching = 1;
		requery(u, in);
		set_status(u, 0, "switching context to %s", in[0] ? in : "own account");
		break;
	}
	case P_TIME: {
		char key[64], val[128], iso[40];
		if (!in[0]) {
			u->time_filter[0] = '\0';
			requery(u, NULL);
			break;
		}
		if (sscanf(in, "%63[^=]=%127s", key, val) != 2 || !query_is_time_filter(u->prov, key) ||
		    query_parse_time(val, time(NULL), iso, sizeof iso)) {
			set_status(u, 1, "use KEY=TIME, e.g. createdSince=-7d or modifiedSince=2025-09-01");
			break;
		}
		snprintf(u->time_filter, sizeof u->time_filter, "  %s=%s", key, val);
		set_status(u, 0, "%s since %s", key, iso);
		requery(u, NULL);
		break;
	}
	case P_ACTION_PICK: {
		const struct tt_resource *r = cur_res(u);
		int i = atoi(in) - 1;
		if (r && i >= 0 && i < r->nactions)
			start_action(u, &r->actions[i]);
		else if (r)
			for (int k2 = 0; k2 < r->nactions; k2++)
				if (!strcmp(r->actions[k2].name, in))
					start_action(u, &r->actions[k2]);
		break;
	}
	case P_FIELD: {
		const struct tt_action *a = u->act;
		u->act_values[u->act_field] = strdup(in);
		u->act_field++;
		if (u->act_field < a->nfields) {
			char l[160];
			snprintf(l, sizeof l, "%s — %s: ", a->title, a->fields[u->act_field]);
			start_prompt(u, P_FIELD, l, a->defaults[u->act_field]);
		} else if (a->dangerous) {
			confirm_action(u);
		} else {
			start_prompt(u, P_CONFIRM, "run? [y/N] ", "y");
		}
		break;
	}
	case P_CONFIRM:
		if (in[0] == 'y' || in[0] == 'Y') {
			struct tt_error e = { 0 };
			if (session_action(u->s, u->act, u->act_row, (const char *const *)u->act_values,
					   u->act_confirmed_ctx ? &u->act_ctx : NULL, &e)) {
				set_status(u, 1, "%s%s%s", e.message, e.hint[0] ? " — " : "", e.hint);
				u->view = V_TABLE;
			} else {
				u->waiting_op = 1;
				lines_free(u);
				lines_add(u, "sending…");
				u->view = V_TEXT;
			}
		} else {
			set_status(u, 0, "cancelled: nothing was sent");
			u->view = V_TABLE;
		}
		break;
	default:
		break;
	}
}

static void prompt_key(struct ui *u, int ch)
{
	if (ch == 27) {
		int was_confirm = u->prompt == P_CONFIRM;
		u->prompt = P_NONE;
		if (was_confirm) {
			set_status(u, 0, "cancelled: nothing was sent");
			u->view = V_TABLE;
		}
		return;
	}
	if (ch == '\n' || ch == KEY_ENTER) {
		submit_prompt(u);
		return;
	}
	if (ch == KEY_BACKSPACE || ch == 127 || ch == 8) {
		/* drop one UTF-8 character */
		while (u->ilen > 0 && ((unsigned char)u->input[u->ilen - 1] & 0xC0) == 0x80)
			u->ilen--;
		if (u->ilen > 0)
			u->ilen--;
		u->input[u->ilen] = '\0';
		return;
	}
	if (ch == 21) { /* ^U */
		u->ilen = 0;
		u->input[0] = '\0';
		return;
	}
	if (ch == '\t' && u->prompt == P_CONTEXT) {
		complete_context(u);
		u->ilen = strlen(u->input);
		return;
	}
	if (ch >= 32 && ch < 256 && ch != 127 && u->ilen + 1 < sizeof u->input) {
		u->input[u->ilen++] = (char)ch;
		u->input[u->ilen] = '\0';
		if (u->prompt == P_CONFIRM && (ch == 'y' || ch == 'Y' || ch == 'n' || ch == 'N'))
			submit_prompt(u);
	}
}

/* ---------- key dispatch ---------- */

static void handle_mouse(struct ui *u)
{
	MEVENT ev;
	if (getmouse(&ev) != OK)
		return;
	if (ev.bstate & BUTTON4_PRESSED)
		move_sel(u, -3);
	else if (ev.bstate & BUTTON5_PRESSED)
		move_sel(u, 3);
	else if (ev.bstate & (BUTTON1_CLICKED | BUTTON1_PRESSED)) {
		if (ev.y == 1 && u->view == V_TABLE) {
			int x = 0;
			for (int i = 0; i < u->npanes; i++) {
				char buf[96];
				snprintf(buf, sizeof buf, " %d %s ", i + 1, u->pane_name[i]);
				int w = sanitize_width(buf);
				if (ev.x >= x && ev.x < x + w) {
					switch_pane(u, i);
					return;
				}
				x += w + 1;
			}
		} else if (ev.y >= 3 && ev.y < LINES - 2 && u->view == V_TABLE) {
			move_sel(u, (long)(u->top + (size_t)(ev.y - 3)) - (long)u->sel);
		}
	}
}

void dispatch(struct ui *u, int ch)
{
	const struct ui_action *a;

	if (u->prompt != P_NONE) {
		prompt_key(u, ch);
		return;
	}
	if (ch == KEY_MOUSE) {
		handle_mouse(u);
		return;
	}
	if (ch == KEY_RESIZE) {
		clear();
		return;
	}
	if (u->view == V_TABLE && ch >= '1' && ch <= '9') {
		switch_pane(u, ch - '1');
		return;
	}
	/* a provider action bound to this key in this pane (keys = { devices = { … } }) */
	const struct tt_resource *r = cur_res(u);
	const char *bound = keys_bound_action(r ? r->name : "tenants", ch);
	if (bound && u->view == V_TABLE && r) {
		const struct tt_action *pa = resource_action(r, bound);
		if (pa) {
			start_action(u, pa);
			return;
		}
	}
	if ((a = keys_lookup(r ? r->name : "tenants", ch)))
		a->fn(u);
}

/* ---------- run ---------- */

void build_panes(struct ui *u)
{
	u->npanes = 0;
	if (u->prov->ctx != CTX_NONE) {
		u->pane_res[u->npanes] = TENANTS;
		snprintf(u->pane_name[u->npanes++], sizeof u->pane_name[0], "tenants");
	}
	for (int i = 0; i < u->prov->nres && u->npanes < MAX_PANES; i++) {
		if (u->prov->ctx == CTX_QUERY && !strcmp(u->prov->res[i].name, "workspaces"))
			continue; /* shown as the tenants pane */
		u->pane_res[u->npanes] = i;
		snprintf(u->pane_name[u->npanes++], sizeof u->pane_name[0], "%s", u->prov->res[i].name);
	}
}

int ui_run(const struct tt_options *o)
{
	struct ui u = { .o = o };
	struct tt_error e = { 0 };
	struct sigaction sa = { .sa_handler = on_signal };
	int rc = 0;

	u.s = session_open(o, &e);
	if (!u.s) {
		tt_error_report(&e);
		return 1;
	}
	u.prov = session_provider(u.s);
	u.profile = session_profile(u.s);
	if (keys_load(session_config(u.s), u.prov, &e)) {
		tt_error_report(&e);
		session_close(u.s);
		return 1;
	}
	u.refresh_s = u.profile->refresh > 0 ? u.profile->refresh : session_config(u.s)->refresh > 0 ? session_config(u.s)->refresh : 30;
	const char *cs = nl_langinfo(CODESET);
	u.ascii = o->ascii || !cs || strcmp(cs, "UTF-8") != 0;
	build_panes(&u);
	if (theme_load(o->theme ? o->theme : session_config(u.s)->theme, &e)) {
		tt_error_report(&e);
		session_close(u.s);
		keys_free();
		return 1;
	}

	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	static int screen_made;
	if (!screen_made)
		atexit(restore_terminal);
	if (screen_made) {
		refresh(); /* back from :profile: resume the screen made before */
	} else if (!initscr()) {
		fprintf(stderr, "thingtop: cannot initialise the terminal (TERM=%s)\n", getenv("TERM") ? getenv("TERM") : "");
		session_close(u.s);
		return 1;
	}
	screen_made = 1;
	curses_on = 1;
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	set_escdelay(25);
	curs_set(0);
	mousemask(BUTTON1_CLICKED | BUTTON1_PRESSED | BUTTON4_PRESSED | BUTTON5_PRESSED, NULL);
	theme_apply(o->no_color);

	/* open on the first list pane (devices for KPN, assets for akenza), in the configured context */
	int start = u.npanes > 1 ? 1 : 0;
	u.pane = start;
	const char *ctx0 = session_initial_context(u.s, o);
	requery(&u, ctx0 ? ctx0 : NULL);

	while (!u.quit && !got_signal) {
		struct pollfd pf[2] = { { 0, POLLIN, 0 }, { session_wake_fd(u.s), POLLIN, 0 } };
		struct session_op_result op;

		draw(&u);
		if (poll(pf, 2, u.lfilter[0] ? 20 : 250) < 0 && errno != EINTR)
			break;
		if (pf[1].revents & POLLIN)
			session_drain_wake(u.s);
		int ch;
		while ((ch = getch()) != ERR && !u.quit) {
			/* Enter arrives as \r with nonl() */
			if (ch == '\r')
				ch = '\n';
			dispatch(&u, ch);
		}
		if (u.waiting_op) {
			session_op_result(u.s, &op);
			if (op.state >= 2) {
				u.waiting_op = 0;
				if (op.state == 2) {
					lines_set_text(&u, op.text ? op.text : "");
					if (u.act)
						set_status(&u, 0, "%s: done", op.title);
				} else {
					lines_free(&u);
					lines_add(&u, op.err.message);
					if (op.err.hint[0])
						lines_add(&u, op.err.hint);
					set_status(&u, 1, "%s", op.err.message);
				}
				u.act = NULL;
			}
			free(op.text);
		}
		if (u.auto_refresh && time(NULL) - u.last_refresh >= u.refresh_s) {
			struct session_progress pr;
			session_progress(u.s, &pr);
			u.last_refresh = time(NULL);
			if (!pr.loading)   /* never cut a walk short to poll again */
				session_refresh(u.s);
		}
	}
	restore_terminal();
	if (got_signal && got_signal != SIGINT)
		rc = 128 + got_signal;
	session_close(u.s);
	lines_free(&u);
	free(u.fidx);
	for (int i = 0; i < 8; i++)
		free(u.act_values[i]);
	keys_free();
	if (u.switch_profile[0] && !got_signal) {
		/* :profile NAME — the same options on another profile, its own context */
		static char name[64];
		struct tt_options next = *o;
		snprintf(name, sizeof name, "%s", u.switch_profile);
		next.profile = name;
		next.context = NULL;
		return ui_run(&next);
	}
	return rc;
}
