/* table.c — the table view (see table.h). */
#include "table.h"

#include "cell.h"
#include "clip.h"
#include "frame.h"
#include "ident.h"
#include "jsonpath.h"
#include "narrow.h"
#include "pager.h"
#include "pane.h"
#include "prompt.h"
#include "refcache.h"
#include "sanitize.h"
#include "strbuf.h"
#include "theme.h"
#include "xalloc.h"

#include <ctype.h>
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* the column headers, under the header, the tabs and the scope line
 * (frame.h); rows from TOP + 1 to LINES - 3; LINES - 2 is the count line */
#define TOP (FRAME_SCOPE_Y + 1)

static int rows_on_screen(void) { return LINES - TOP - 3 > 0 ? LINES - TOP - 3 : 0; }

int table_rows_on_screen(void) { return rows_on_screen(); }

/* id, deviceId, …Id: a prefix of an id is read as a prefix, no "…" */
static int id_column(const struct tt_column *c)
{
	size_t n = c->path ? strlen(c->path) : 0;
	return n >= 2 && !strcasecmp(c->path + n - 2, "id");
}

/* The column is a key of the sort in effect (the API's or the local one). */
static int sorted_column(const struct ui *u, const struct tt_resource *r, int c)
{
	if (u->lsort_on)
		return c == u->lsort_col;
	if (!r->cols[c].sort || !u->sort[0])
		return 0;
	char tmp[128];
	snprintf(tmp, sizeof tmp, "%s", u->sort);
	for (char *save = NULL, *t = strtok_r(tmp, ",", &save); t; t = strtok_r(NULL, ",", &save))
		if (!strcmp(t + (*t == '-'), r->cols[c].sort))
			return 1;
	return 0;
}

/* Column widths for this terminal width: the provider's widths when they fit
 * (the last column takes what is left); optional columns (priority < 0) only
 * where they fit whole, lowest priority first; on a narrow terminal long columns
 * such as ids give way first, then the first column, down to a readable
 * minimum (a time keeps its width, so its date); when that is still too
 * wide, whole columns go, the lowest `priority` first (the rightmost among
 * equals), never a sorted one: its title and ▼ stay on screen. A dropped
 * column has width 0. */
static void fit_columns(struct ui *u, const struct tt_resource *r)
{
	int *w = u->colw, used, minw[TT_MAX_COLUMNS], hidden[TT_MAX_COLUMNS] = { 0 };
	char sig[sizeof u->colw_sort];

	char label[160], ctx[64];
	session_context(u->s, label, sizeof label, ctx, sizeof ctx);
	snprintf(sig, sizeof sig, "%s|%d|%d|%d", u->sort, u->lsort_on, u->lsort_col, !ctx[0]);
	if (u->colw_res == r && u->colw_cols == COLS && !strcmp(u->colw_sort, sig))
		return;
	/* own_account columns (KPN CUSTOMER) only where the rows are every customer's */
	for (int i = 0; i < r->ncols; i++)
		hidden[i] = r->cols[i].own_account && ctx[0];
	/* optional columns (a negative priority: DEVEUI from a sub-resource) are
	 * shown only at their full width: they go, lowest first, before any other
	 * column gives way */
	for (;;) {
		int full = 1, drop = -1;
		for (int i = 0; i < r->ncols; i++)
			if (!hidden[i]) {
				full += r->cols[i].width + 1;
				if (r->cols[i].priority < 0 && !sorted_column(u, r, i) &&
				    (drop < 0 || r->cols[i].priority <= r->cols[drop].priority))
					drop = i;
			}
		if (full <= COLS || drop < 0)
			break;
		hidden[drop] = 1;
	}
	for (;;) {
		used = 1;
		for (int i = 0; i < r->ncols; i++) {
			/* long columns (ids) may drop to 13 cells; short ones (times,
			 * EUIs) keep their width */
			int t = (int)strlen(r->cols[i].title) + 3, m = i == 0 ? 26 : r->cols[i].width > 20 ? 13 : 999;
			w[i] = hidden[i] ? 0 : r->cols[i].width;
			if (m < t)
				m = t;
			minw[i] = w[i] < m ? w[i] : m;
			if (!hidden[i])
				used += w[i] + 1;
		}
		/* the other columns give way first (widest first), the first (the
		 * name, usually) last */
		for (int pass = 0; pass < 2 && used > COLS; pass++) {
			while (used > COLS) {
				int widest = -1;
				for (int i = pass ? 0 : 1; i < (pass ? 1 : r->ncols); i++)
					if (!hidden[i] && w[i] > minw[i] && (widest < 0 || w[i] > w[widest]))
						widest = i;
				if (widest < 0)
					break;
				w[widest]--;
				used--;
			}
		}
		if (used <= COLS)
			break;
		int drop = -1, shown = 0;
		for (int i = 0; i < r->ncols; i++) {
			if (hidden[i])
				continue;
			shown++;
			if (sorted_column(u, r, i))
				continue;
			if (drop < 0 || r->cols[i].priority <= r->cols[drop].priority)
				drop = i;
		}
		if (drop < 0 || shown <= 1)
			break; /* the rest is clipped at the right */
		hidden[drop] = 1;
	}
	int last = -1;
	for (int i = 0; i < r->ncols; i++)
		if (!hidden[i])
			last = i;
	if (used < COLS && last >= 0)
		w[last] += COLS - used;
	u->colw_res = r;
	u->colw_cols = COLS;
	snprintf(u->colw_sort, sizeof u->colw_sort, "%s", sig);
}

static const char *sort_mark(const struct ui *u, const struct tt_resource *r, const struct tt_column *c)
{
	if (u->lsort_on && c == &r->cols[u->lsort_col]) /* sorted locally */
		return u->lsort_desc ? (u->ascii ? " v" : " ▼") : (u->ascii ? " ^" : " ▲");
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

size_t table_count(const struct ui *u)
{
	if (pane_synthetic_tenants(u))
		return tenants_count(u);
	return narrow_count(u);
}

size_t table_row(const struct ui *u, size_t i)
{
	return narrow_row(u, i);
}

/* Keep the selection on the same item by id when rows arrive or reorder.
 * Locked. */
static void follow(struct ui *u, size_t n, const struct session_progress *p)
{
#ifdef TT_MUTANT_SELECTION_FOLLOW /* defence: the selection follows its item; the mutant stays on the row number */
	return;
#endif
	if (u->sel_id[0] && (u->sel >= n || strcmp(session_row_id(u->s, table_row(u, u->sel)), u->sel_id) != 0)) {
		size_t i = 0;
		while (i < n && strcmp(session_row_id(u->s, table_row(u, i)), u->sel_id) != 0)
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
		while (i < n && strcmp(session_row_id(u->s, table_row(u, i)), u->want_id) != 0)
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
}

/* The selection inside the list and on screen. */
static void clamp(struct ui *u, size_t n)
{
	int H = rows_on_screen();

	if (n && u->sel >= n)
		u->sel = n - 1;
	if (u->sel < u->top)
		u->top = u->sel;
	if (H > 0 && u->sel >= u->top + (size_t)H)
		u->top = u->sel - (size_t)H + 1;
}

static void table_update(struct ui *u, const struct session_progress *p)
{
	const struct tt_resource *r = pane_resource(u);

	if (pane_synthetic_tenants(u)) {
		clamp(u, tenants_count(u));
		return;
	}
	if (!r || !r->path)
		return;
	fit_columns(u, r);
	session_lock(u->s);
	if (narrow_update(u, 200000)) {
		/* a new query from the top of the old list stays at the top of the
		 * new one; anywhere else, follow the selected item into the new order */
		if (u->top_on_reload && u->sel == 0)
			u->sel_id[0] = u->want_id[0] = '\0';
		u->top_on_reload = 0;
	}
	size_t n = table_count(u);
	follow(u, n, p);
	clamp(u, n);
	if (n && u->sel < n)
		snprintf(u->sel_id, sizeof u->sel_id, "%s", session_row_id(u->s, table_row(u, u->sel)));
	pane_remember_tenants(u);
	session_unlock(u->s);
}

static void clear_rows(void)
{
	for (int y = TOP; y < LINES - 2; y++) {
		move(y, 0);
		clrtoeol();
	}
}

/* The count line under the rows: how many, and whether more are coming. */
static void draw_count(const struct ui *u, size_t n, const struct session_progress *p)
{
	char cnt[32], foot[400];
	int fy = LINES - 2, el = p->failed ? EL_ERROR : EL_FOOTER;

	fmt_count(cnt, sizeof cnt, (unsigned long)n);
	struct session_fan_summary fs;
	session_fan_summary(u->s, &fs);
	if (fs.on && !p->failed) {
		/* :all: how far each tenant is; E lists them */
		const char *w = u->prov->ctx_word;
		size_t l;
		if (fs.listing) {
			snprintf(foot, sizeof foot, " listing the %ss… ", w);
		} else {
			snprintf(foot, sizeof foot, " %s %s · %d/%d %ss", cnt, n == 1 ? "row" : "rows", fs.done + fs.failed,
				 fs.n, w);
			if (fs.loading && (l = strlen(foot)) < sizeof foot)
				snprintf(foot + l, sizeof foot - l, " · %d loading", fs.loading);
			if (fs.failed && (l = strlen(foot)) < sizeof foot)
				snprintf(foot + l, sizeof foot - l, " · %d failed (E: which)", fs.failed);
			if ((l = strlen(foot)) < sizeof foot)
				snprintf(foot + l, sizeof foot - l, "%s ", p->loading ? "" : " · end");
		}
	} else if (p->failed)
		snprintf(foot, sizeof foot, " %s shown · stopped: %s ", cnt, p->error);
	else if (p->loading)
		snprintf(foot, sizeof foot, " %s loaded · more pages coming ", cnt);
	else if (pane_synthetic_tenants(u))
		snprintf(foot, sizeof foot, " end · %s %s%s ", cnt, pane_tenant_word(u), n == 1 ? "" : "s");
	else
		snprintf(foot, sizeof foot, " end · %s %s%s ", cnt, n == 1 ? "row" : "rows",
			 u->text[0] ? " (filtered by the server)" : u->lfilter[0] ? " (narrowed locally)" : "");
	move(fy, 0);
	clrtoeol();
	attron(theme_attr(el));
	for (int i = 0; i < COLS; i++)
		mvaddstr(fy, i, hline_char(u));
	attroff(theme_attr(el));
	int fw = sanitize_width(foot);
	if (fw > COLS - 4)
		fw = COLS - 4;
	put_raw(fy, 2, fw, foot, theme_attr(el));
	/* where the selection is: row N of M, at the right */
	if (n && u->sel < n) {
		char at[64], cur[32];
		fmt_count(cur, sizeof cur, (unsigned long)u->sel + 1);
		snprintf(at, sizeof at, " row %s of %s ", cur, cnt);
		int aw = sanitize_width(at);
		if (2 + fw + 1 + aw + 2 <= COLS)
			put(fy, COLS - aw - 2, aw, at, theme_attr(EL_FOOTER));
	}
}

/* A resource the provider declares only actions for: say so, offer them. */
static void draw_no_list(const struct tt_resource *r)
{
	struct strbuf msg = { 0 };

	sb_addf(&msg, "%s has no list in this API.", r->title);
	if (r->nactions)
		sb_adds(&msg, " Press a for its actions:");
	for (int i = 0; i < r->nactions; i++)
		sb_addf(&msg, " %d %s", i + 1, r->actions[i].name);
	clear_rows();
	put(TOP + 2, 2, COLS - 4, msg.s, theme_attr(EL_DIM));
	sb_free(&msg);
}

/* The synthetic tenants list: the own account and the configured ones. */
static void draw_tenants(const struct ui *u, const struct session_progress *p)
{
	size_t n = tenants_count(u);
	char cur[160], cid[64];

	session_context(u->s, cur, sizeof cur, cid, sizeof cid);
	move(TOP, 0);
	clrtoeol();
	char head[200], word[64];
	snprintf(word, sizeof word, "%s", pane_tenant_word(u));
	for (char *c = word; *c; c++)
		*c = (char)toupper((unsigned char)*c);
	snprintf(head, sizeof head, " %-33s %s ID", "NAME", word);
	put_raw(TOP, 0, COLS, head, theme_attr(EL_COLHEAD));
	for (int y = 0; y < rows_on_screen(); y++) {
		size_t i = u->top + (size_t)y;
		move(TOP + 1 + y, 0);
		clrtoeol();
		if (i >= n)
			continue;
		const char *name, *id;
		char line[512];
		char cell[256];
		tenants_row(u, i, &name, &id);
		/* padded by display width, not bytes: "Müller" keeps the id column */
		sanitize_fit(name, 33, 1, cell, sizeof cell);
		snprintf(line, sizeof line, "%s%s %s", !strcmp(cid, id) ? "*" : " ", cell, id[0] ? id : "-");
		put_raw(TOP + 1 + y, 0, COLS, line, theme_attr(i == u->sel ? EL_SELECTED : EL_NORMAL));
	}
	struct session_progress done = *p;
	done.failed = done.loading = 0;
	draw_count(u, n, &done);
}

/* Cells the row does not hold itself (ref and sub columns): what one frame
 * draws with, and what it asks the refcache for. */
struct lazy {
	struct tt_refcache *rc;
	struct tt_ctx ctx;
	int res;
	struct refcache_want *want;
	size_t nwant, capwant;
	int show;                     /* the rows are the pane's: draw what is known */
};

static int lazy_column(const struct tt_column *c)
{
	return c->sub || c->ref;
}

/* Ask for the lazy cells of row (on screen, or in the page of margin).
 * Under session_lock. */
static void lazy_want(const struct ui *u, const struct tt_resource *r, struct lazy *lz, size_t row)
{
	for (int c = 0; c < r->ncols; c++) {
		if (!lazy_column(&r->cols[c]) || !u->colw[c] || lz->nwant == lz->capwant)
			continue; /* a dropped column is not fetched */
		struct refcache_want *w = &lz->want[lz->nwant++];
		w->res = lz->res;
		w->col = c;
		snprintf(w->row_id, sizeof w->row_id, "%s", session_row_id(u->s, row));
		snprintf(w->value, sizeof w->value, "%s", session_cell(u->s, row, c));
	}
}

/* The text of a lazy cell, from cell_text (the name or the sub-resource's
 * value when known): a ref not yet named shows its id (*plain: cut without
 * "…"), a sub not yet fetched "…", one that failed "?". */
static const char *lazy_text(const struct ui *u, const struct tt_resource *r, const struct lazy *lz, size_t row, int c,
			     const char *cell, const char *buf, int *plain)
{
	char tmp[8];
	*plain = 0;
	if (r->cols[c].ref) {
		*plain = cell != buf; /* the raw id */
		return cell;
	}
	if (*cell)
		return cell;
	int got = refcache_get(lz->rc, lz->ctx.id, lz->res, c, session_row_id(u->s, row), "", tmp, sizeof tmp);
	return got < 0 ? "?" : got == 0 ? (u->ascii ? "..." : "…") : "";
}

static void draw_row(const struct ui *u, const struct tt_resource *r, const struct lazy *lz, int y, size_t i,
		     size_t row)
{
	int attr = theme_attr(i == u->sel ? EL_SELECTED : EL_NORMAL);
	static const char *const mark_glyph[] = { " ", "*", "+", "-" };

	attron(attr);
	mvhline(y, 0, ' ', COLS);
	attroff(attr);
	enum session_mark mark = session_row_mark(u->s, row);
	if (mark && i != u->sel) {
		/* live changes: marked for one refresh */
		static const enum theme_elem mark_el[] = { EL_NORMAL, EL_CHANGED, EL_NEW, EL_DIM };
		attr = theme_attr(mark_el[mark]);
	}
	/* a marked row keeps its mark when selected: reverse video shows the selection */
	put(y, 0, 1, mark ? mark_glyph[mark] : i == u->sel ? (u->ascii ? ">" : "▶") : " ", attr);
	int x = 1;
	for (int c = 0; c < r->ncols && x < COLS; c++) {
		int w = u->colw[c];
		if (!w)
			continue; /* dropped: the terminal is too narrow */
		if (x + w > COLS)
			w = COLS - x;
		char buf[256];
		const char *cell = cell_text(u, r, row, c, buf, sizeof buf); /* what / narrows by too */
		int plain = id_column(&r->cols[c]);
		if (lazy_column(&r->cols[c]) && lz->show) /* a name for the id, a sub-resource's value */
			cell = lazy_text(u, r, lz, row, c, cell, buf, &plain);
		put_cell(u, y, x, w, *cell ? cell : (u->ascii ? "-" : "–"), attr, !plain);
		x += w + 1;
	}
}

/* The empty table's message under a filter: what was searched, for what. */
static void no_matches(const struct ui *u, const struct tt_resource *r, char *out, size_t outsz)
{
	char searched[256];

	if (u->text[0]) {
		ident_searched(u->prov, r, searched, sizeof searched);
		snprintf(out, outsz, "no matches: searched %s for %s", searched, u->text);
	} else {
		snprintf(out, outsz, u->linvert ? "no matches: every loaded row holds %s" : "no matches: no loaded row holds %s",
			 u->lfilter);
	}
}

static void table_draw(const struct ui *u, const struct session_progress *p)
{
	const struct tt_resource *r = pane_resource(u);
	int H = rows_on_screen();

	frame_tabs(u);
	frame_scope(u);
	if (!r || !r->path || pane_synthetic_tenants(u) || u->colw_res != r) {
		struct tt_ctx none = { 0 }; /* no lazy cells on screen: nothing left to fetch */
		refcache_want(session_refcache(u->s), &none, NULL, 0);
	}
	if (r && !r->path) {
		draw_no_list(r);
		return;
	}
	if (pane_synthetic_tenants(u)) {
		draw_tenants(u, p);
		return;
	}
	if (!r || u->colw_res != r)
		return;
	/* column headers */
	move(TOP, 0);
	clrtoeol();
	int x = 1;
	for (int c = 0; c < r->ncols && x < COLS; c++) {
		char h[128];
		int w = u->colw[c];
		if (!w)
			continue;
		snprintf(h, sizeof h, "%s%s", r->cols[c].title, sort_mark(u, r, &r->cols[c]));
		if (x + w > COLS)
			w = COLS - x;
		put(TOP, x, w, h, theme_attr(c == u->sel_col ? EL_COLHEAD_SEL : EL_COLHEAD));
		x += w + 1;
	}
	struct lazy lz = { .rc = session_refcache(u->s) };
	int nlazy = 0;
	for (int c = 0; c < r->ncols; c++)
		nlazy += lazy_column(&r->cols[c]);
	if (nlazy) {
		session_current_ctx(u->s, &lz.ctx); /* before the lock: it takes it */
		lz.capwant = (size_t)(H > 0 ? 2 * H : 0) * (size_t)nlazy;
		lz.want = lz.capwant ? xcalloc(lz.capwant, sizeof *lz.want) : NULL;
	}
	session_lock(u->s);
	lz.res = session_resource_index(u->s);
	/* the rows of another pane (the model still holds them): no lazy cells; of
	 * a query being replaced: what is known is shown, nothing is fetched */
	int mismatch = lz.res != (int)(r - session_provider(u->s)->res);
	int other = nlazy && (mismatch || session_rows_stale(u->s));
	lz.show = nlazy && !mismatch;
	if (other) {
		nlazy = 0;
		lz.capwant = 0;
	}
	/* rows replaced since the update step: the narrowed index is stale until the next one */
	int stale = u->lfilter[0] && session_model_epoch(u->s) != u->fepoch;
	size_t n = stale ? 0 : table_count(u);
	for (int y = 0; y < H; y++) {
		size_t i = u->top + (size_t)y;
		move(TOP + 1 + y, 0);
		clrtoeol();
		if (i < n) {
			draw_row(u, r, &lz, TOP + 1 + y, i, table_row(u, i));
			if (nlazy)
				lazy_want(u, r, &lz, table_row(u, i));
		}
	}
	/* and one page of margin below, for the next PgDn */
	for (size_t i = u->top + (size_t)H; nlazy && H > 0 && i < n && i < u->top + 2 * (size_t)H; i++)
		lazy_want(u, r, &lz, table_row(u, i));
	/* never "no devices" while loading */
	if (n == 0) {
		char none[600];
		const char *msg = p->loading ? "loading…" : p->failed ? "" : u->lfilter[0] || u->text[0] ? none : "no items";
		if (msg == none) /* never a bare "no matches": what was searched for what */
			no_matches(u, r, none, sizeof none);
		if (stale || narrow_busy(u))
			msg = "filtering…";
		int mw = sanitize_width(msg) < COLS ? sanitize_width(msg) : COLS; /* a long one is cut at the edge */
		if (*msg)
			put(TOP + 2, (COLS - mw) / 2, mw, msg, theme_attr(EL_DIM));
	}
	session_unlock(u->s);
	if (nlazy) /* replaces the queue: rows scrolled away are never fetched */
		refcache_want(lz.rc, &lz.ctx, lz.want, lz.nwant);
	else if (other) /* nothing of this pane on screen yet: nothing to fetch */
		refcache_want(lz.rc, &lz.ctx, NULL, 0);
	free(lz.want);
	draw_count(u, n, p);
}

/* The column whose path is path, or -1. */
static int column_by_path(const struct tt_resource *r, const char *path)
{
	for (int c = 0; path && c < r->ncols; c++)
		if (!r->cols[c].sub && r->cols[c].path && !strcmp(r->cols[c].path, path)) /* :all's CUSTOMER has none */
			return c;
	return -1;
}

void table_target_text(struct ui *u, const char *row_id, char *out, size_t outsz)
{
	const struct tt_resource *r = pane_resource(u);
	struct strbuf t = { 0 };

	out[0] = '\0';
	if (!r || !row_id || !*row_id || pane_synthetic_tenants(u))
		return;
	int lc = column_by_path(r, r->label), ic = column_by_path(r, r->identifier);
	session_lock(u->s);
	size_t n = table_count(u);
	if (u->sel < n && !strcmp(session_row_id(u->s, table_row(u, u->sel)), row_id)) {
		size_t row = table_row(u, u->sel);
		const char *name = lc >= 0 ? session_cell(u->s, row, lc) : "";
		const char *ident = ic >= 0 ? session_cell(u->s, row, ic) : "";
		sb_addf(&t, "target: %s", *name ? name : "(no name)");
		if (*ident)
			sb_addf(&t, " · %s %s", r->cols[ic].title, ident);
		sb_addf(&t, " · id %s", row_id); /* cells and ids are sanitised in the model */
	}
	session_unlock(u->s);
	snprintf(out, outsz, "%s", t.s ? t.s : "");
	sb_free(&t);
}

void table_reset(struct ui *u)
{
	u->sel = u->top = 0;
	u->sel_id[0] = u->want_id[0] = '\0';
	u->sel_col = 0;
}

void table_move(struct ui *u, long delta)
{
	session_lock(u->s);
	size_t n = table_count(u);
	long t = (long)u->sel + delta;
	if (t < 0)
		t = 0;
	if (n && (size_t)t >= n)
		t = (long)n - 1;
	u->sel = (size_t)t;
	u->sel_id[0] = u->want_id[0] = '\0';
	if (n && !pane_synthetic_tenants(u))
		snprintf(u->sel_id, sizeof u->sel_id, "%s", session_row_id(u->s, table_row(u, u->sel)));
	session_unlock(u->s);
}

void table_click(struct ui *u, int y, int x)
{
	if (y == 1) {
		int pane = frame_tab_at(u, x);
		if (pane >= 0)
			pane_switch(u, pane);
	} else if (y > TOP && y < LINES - 2) {
		table_move(u, (long)(u->top + (size_t)(y - TOP - 1)) - (long)u->sel);
	}
}

/* Enter: the detail of the selected item; on the tenants pane, switch to
 * the selected tenant and open the first pane. */
static void table_detail(struct ui *u)
{
	if (pane_synthetic_tenants(u)) {
		const char *name, *id;
		if (u->sel >= tenants_count(u))
			return;
		tenants_row(u, u->sel, &name, &id);
		pane_open(u, u->first_pane, id);
		return;
	}
	if (!u->sel_id[0]) {
		struct session_progress pr;
		session_progress(u->s, &pr);
		set_status(u, 0, pr.loading ? "nothing to open yet: the list is still loading"
					    : "nothing to open: the list is empty");
		return;
	}
	if (pane_is_tenants(u)) { /* a tenants resource: Enter selects its id as the context */
		char id[256];
		snprintf(id, sizeof id, "%s", u->sel_id);
		pane_open(u, u->first_pane, id);
		return;
	}
	char title[400], who[200] = "";
	if (pane_resource(u) == &u->all_res) { /* :all: the detail comes from the row's tenant */
		session_lock(u->s);
		if (session_fan_on(u->s) && u->sel < table_count(u))
			snprintf(who, sizeof who, " · %s %s", u->prov->ctx_word, session_cell(u->s, table_row(u, u->sel), 0));
		session_unlock(u->s);
	}
	snprintf(title, sizeof title, " %s %s%s ", pane_resource(u)->title, u->sel_id, who);
	session_detail(u->s, u->sel_id);
	pager_wait(u, V_TEXT, title, "loading…");
}

static int table_key(struct ui *u, enum request req, const char *arg)
{
	const struct tt_resource *r = pane_resource(u);
	long page = rows_on_screen() > 0 ? rows_on_screen() : 1;

	(void)arg;
	if (req >= REQ_PANE_1 && req <= REQ_PANE_9) {
		pane_switch(u, req - REQ_PANE_1);
		return 1;
	}
	switch (req) {
	case REQ_DOWN: table_move(u, 1); break;
	case REQ_UP: table_move(u, -1); break;
	case REQ_PAGE_DOWN: table_move(u, page); break;
	case REQ_PAGE_UP: table_move(u, -page); break;
	case REQ_TOP: table_move(u, -(1L << 40)); break;
	case REQ_BOTTOM: table_move(u, 1L << 40); break;
	case REQ_COLUMN_LEFT: /* over the columns on screen */
		for (int c = u->sel_col - 1; c >= 0; c--)
			if (u->colw[c] || !r || u->colw_res != r) {
				u->sel_col = c;
				break;
			}
		break;
	case REQ_COLUMN_RIGHT:
		for (int c = u->sel_col + 1; r && c < r->ncols; c++)
			if (u->colw[c] || u->colw_res != r) {
				u->sel_col = c;
				break;
			}
		break;
	case REQ_NEXT_PANE: pane_switch(u, (u->pane + 1) % u->npanes); break;
	case REQ_PREV_PANE: pane_switch(u, (u->pane + u->npanes - 1) % u->npanes); break;
	case REQ_FILTER:
		prompt_start(u, P_FILTER, "filter (server query; !text narrows locally, inverted): ", u->lfilter);
		break;
	case REQ_CLEAR: /* a related list without a filter of its own: back to where it was opened */
		if (pane_has_filter(u) || !pane_related_back(u))
			pane_clear_filter(u);
		break;
	case REQ_SET_FILTER:
		if (!arg)
			prompt_start(u, P_COMMAND, ":", "filter ");
		else
			pane_set_filter(u, arg);
		break;
	case REQ_SORT: pane_sort(u, 0); break;
	case REQ_SORT_ADD: pane_sort(u, 1); break;
	case REQ_TIME_FILTER: pane_time_prompt(u); break;
	case REQ_ACTION: prompt_action_pick(u); break;
	case REQ_DETAIL: table_detail(u); break;
	case REQ_COPY: clip_copy(u, COPY_ID); break;
	case REQ_COPY_CELL: clip_copy(u, COPY_CELL); break;
	case REQ_COPY_ROW: clip_copy(u, COPY_ROW); break;
	case REQ_ALL: pane_all(u); break;
	case REQ_BACK:
		if (pane_has_filter(u))
			pane_clear_filter(u);
		else if (pane_related_back(u))
			; /* back to the list the related one came from */
		else if (u->all_on)
			pane_all(u); /* out of :all, not out of the program */
		else
			u->quit = 1;
		break;
	default:
		return 0;
	}
	return 1;
}

const struct view_ops table_view = {
	.name = "table",
	.update = table_update,
	.draw = table_draw,
	.key = table_key,
};
