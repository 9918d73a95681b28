/* table.c — see table.h. */
#include "table.h"

#include "ui_int.h"
#include "frame.h"
#include "narrow.h"
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

/* id, deviceId, workspaceId…: a prefix of an id is read as a prefix, no "…" */
static int id_column(const struct tt_column *c)
{
	size_t n = c->path ? strlen(c->path) : 0;
	return n >= 2 && !strcasecmp(c->path + n - 2, "id");
}

int tenants_synthetic(struct ui *u)
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

const struct tt_resource *cur_res(struct ui *u)
{
	int r = pane_resource(u, u->pane);
	return r >= 0 ? &u->prov->res[r] : NULL;
}

size_t tenants_count(struct ui *u)
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

void draw_table(struct ui *u, const struct session_progress *p)
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

void move_sel(struct ui *u, long delta)
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

void act_down(struct ui *u) { move_sel(u, 1); }

void act_up(struct ui *u) { move_sel(u, -1); }

void act_pgdown(struct ui *u) { move_sel(u, LINES - 5); }

void act_pgup(struct ui *u) { move_sel(u, -(LINES - 5)); }

void act_top(struct ui *u) { move_sel(u, -(1L << 40)); }

void act_bottom(struct ui *u) { move_sel(u, 1L << 40); }

void act_left(struct ui *u)
{
	if (u->sel_col > 0)
		u->sel_col--;
}

void act_right(struct ui *u)
{
	const struct tt_resource *r = cur_res(u);
	if (r && u->sel_col + 1 < r->ncols)
		u->sel_col++;
}

void switch_pane(struct ui *u, int pane)
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

void act_next_pane(struct ui *u) { switch_pane(u, (u->pane + 1) % u->npanes); }

void act_prev_pane(struct ui *u) { switch_pane(u, (u->pane + u->npanes - 1) % u->npanes); }

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

void act_sort(struct ui *u) { cycle_sort(u, 0); }

void act_sort_add(struct ui *u) { cycle_sort(u, 1); }

void act_time(struct ui *u)
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

void act_context(struct ui *u)
{
	if (u->prov->ctx == CTX_NONE) {
		set_status(u, 1, "%s has no customer context", u->prov->title);
		return;
	}
	start_prompt(u, P_CONTEXT, "customer (Tab completes; empty = own account): ", "");
}

void act_prev_context(struct ui *u)
{
	char tmp[160];
	snprintf(tmp, sizeof tmp, "%s", u->prev_ctx);
	requery(u, tmp);
}

void act_detail(struct ui *u)
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

void act_back(struct ui *u)
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

int pane_by_name(struct ui *u, const char *name)
{
	for (int i = 0; i < u->npanes; i++)
		if (!strcmp(u->pane_name[i], name))
			return i;
	return -1;
}

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
