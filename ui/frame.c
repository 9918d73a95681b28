/* frame.c — header, tabs, hints and status (see frame.h). */
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
#include <string.h>
#include <time.h>

void set_status(struct ui *u, int err, const char *fmt, ...)
{
	va_list ap;
	char raw[512];

	va_start(ap, fmt);
	vsnprintf(raw, sizeof raw, fmt, ap);
	va_end(ap);
	sanitize_text(raw, strlen(raw), u->status, sizeof u->status);
	u->status_err = err;
	if (err)
		sanitize_text(raw, strlen(raw), u->last_error, sizeof u->last_error);
}

/* Draw sanitised s at (y, x) in exactly cols columns (padded). */
void put(int y, int x, int cols, const char *s, int attr)
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
void put_cell(const struct ui *u, int y, int x, int cols, const char *s, int attr, int mark_cut)
{
	char fit[2048];

	if (mark_cut && cols >= 4 && sanitize_width(s) > cols) {
		size_t n = sanitize_fit(s, cols - 1, 0, fit, sizeof fit - 4);
		snprintf(fit + n, sizeof fit - n, "%s", u->ascii ? "~" : "…");
		s = fit;
	}
	put(y, x, cols, s, attr);
}

void put_raw(int y, int x, int cols, const char *raw, int attr)
{
	char clean[2048];
	sanitize_text(raw, strlen(raw), clean, sizeof clean);
	put(y, x, cols, clean, attr);
}

const char *hline_char(const struct ui *u) { return u->ascii ? "-" : "─"; }

void fmt_count(char *out, size_t n, unsigned long v)
{
	if (v >= 1000000)
		snprintf(out, n, "%lu,%03lu,%03lu", v / 1000000, (v / 1000) % 1000, v % 1000);
	else if (v >= 1000)
		snprintf(out, n, "%lu,%03lu", v / 1000, v % 1000);
	else
		snprintf(out, n, "%lu", v);
}

void frame_header(const struct ui *u, const struct session_progress *p)
{
	char buf[512], label[160], id[64], rows[32];
	int x = 0, W = COLS;

	session_context(u->s, label, sizeof label, id, sizeof id);
	if (pane_tenant_name(u, id)) /* the workspace's name, not "workspace 2835…" */
		snprintf(label, sizeof label, "%s", pane_tenant_name(u, id));
	attron(theme_attr(EL_HEADER));
	mvhline(0, 0, ' ', W);
	snprintf(buf, sizeof buf, " thingtop  %s · %s ", u->profile->name, u->prov->title);
	put_raw(0, 0, W, buf, theme_attr(EL_HEADER));
	x = sanitize_width(buf) + 1;
	if (u->prov->ctx != CTX_NONE) {
		char c[260];
		int show_id = id[0] && strcmp(id, "*") != 0; /* "*": :all, every tenant */
		snprintf(c, sizeof c, " ctx: %s%s%.8s%s ", label, show_id ? " (" : "", show_id ? id : "", show_id ? "…)" : "");
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
	if (pane_synthetic_tenants(u)) /* the tenants listed here, not the rows of the last list */
		snprintf(right, sizeof right, "%s  %zu %s%s ", buf, tenants_count(u), pane_tenant_word(u),
			 tenants_count(u) == 1 ? "" : "s");
	else if (p->loading)
		snprintf(right, sizeof right, "%s  %s page %lu · %s rows · %.0f/s ", buf, u->ascii ? "*" : "⟳",
			 p->pages, rows, p->rows_per_s);
	else
		snprintf(right, sizeof right, "%s  %lu page%s · %s row%s ", buf, p->pages, p->pages == 1 ? "" : "s", rows,
			 p->rows == 1 ? "" : "s");
	if (u->auto_refresh) {
		size_t n = strlen(right);
		snprintf(right + n, sizeof right - n, "· auto %ds ", u->refresh_s);
	}
	int rw = sanitize_width(right);
	if (x + rw >= W) {
		/* narrow: the row count (and that more is coming) outlasts the rest */
		snprintf(right, sizeof right, "%s%s row%s ", p->loading ? (u->ascii ? "* " : "⟳ ") : "", rows,
			 p->rows == 1 ? "" : "s");
		rw = sanitize_width(right);
	}
	if (x + rw < W)
		put(0, W - rw, rw, right, theme_attr(EL_HEADER));
	attroff(theme_attr(EL_HEADER));
}

/* The first part of the scope line: where the table is (the pane). */
static void scope_lead(const struct ui *u, struct strbuf *b)
{
	/* a related list: its breadcrumb ("devices › pump 00004 › downlinks",
	 * pane.c sets u->crumb) */
	sb_adds(b, u->crumb[0] ? u->crumb : u->pane_name[u->pane]);
}

/* The scope line, k9s breadcrumb style: the pane, then the order of its
 * rows, then each filter in force, e.g. "devices › sort -modifiedAt ›
 * q=pump › createdSince=-7d › narrowed "abc"" or "devices › server order ›
 * no filter". Raw: the parts are what was typed and names from the provider
 * file; the caller sanitises. */
void frame_scope_text(const struct ui *u, char *out, size_t outsz)
{
	const char *sep = u->ascii ? " > " : " › ";
	const struct tt_resource *r = pane_resource(u);
	struct strbuf b = { 0 };
	int filters = 0;

	scope_lead(u, &b);
	if (u->all_on && !u->rel_active) /* :all: the query goes to every tenant (a related list: its row's) */
		sb_addf(&b, "%severy %s", sep, u->prov->ctx_word);
	if (pane_synthetic_tenants(u)) {
		/* a fixed list: no order or filter applies */
		sb_addf(&b, "%sown account and configured %ss", sep, pane_tenant_word(u));
	} else if (r && !r->path) {
		sb_addf(&b, "%sno list: actions only", sep);
	} else {
		if (u->lsort_on && r && u->lsort_col >= 0 && u->lsort_col < r->ncols)
			sb_addf(&b, "%ssort %s %s (local)", sep, r->cols[u->lsort_col].title,
				u->lsort_desc ? (u->ascii ? "v" : "▼") : (u->ascii ? "^" : "▲"));
		else if (u->sort[0])
			sb_addf(&b, "%ssort %s", sep, u->sort);
		else
			sb_addf(&b, "%sserver order", sep);
		if (u->text[0]) {
			sb_addf(&b, "%s%s=%s", sep, u->prov->text_param ? u->prov->text_param : "q", u->text);
			filters++;
		}
		if (u->time_filter[0]) {
			sb_addf(&b, "%s%s", sep, u->time_filter + 2); /* stored as "  key=value" */
			filters++;
		}
		for (const char *l = u->ufilters; *l;) { /* :filter KEY=VALUE, each shown */
			size_t n = strcspn(l, "\n");
			sb_addf(&b, "%s%.*s", sep, (int)n, l);
			filters++;
			l += n + (l[n] == '\n');
		}
		/* the text the server was asked for is narrowed locally too: said once */
		if (u->lfilter[0] && (u->linvert || strcmp(u->lfilter, u->text) != 0)) {
			sb_addf(&b, "%s%s \"%s\"", sep, u->linvert ? "without" : "narrowed", u->lfilter);
			filters++;
		}
		if (!filters)
			sb_addf(&b, "%sno filter", sep);
	}
	snprintf(out, outsz, "%s", b.s ? b.s : "");
	sb_free(&b);
}

/* Fit sanitised s into cols columns, cut from the middle ("devices › sort
 * -name › q=pu…-27 › narrowed "abc""): the pane at the start and the last
 * filter at the end both stay readable. */
static void fit_middle(const char *s, int cols, int ascii, char *out, size_t outsz)
{
	const char *ell = ascii ? "~" : "…";

	if (sanitize_width(s) <= cols || cols < 3) {
		sanitize_fit(s, cols, 0, out, outsz);
		return;
	}
	int head = (cols - 1) / 2, tail = cols - 1 - head;
	size_t n = sanitize_fit(s, head, 0, out, outsz);
	/* the tail: the shortest suffix starting on a character that fits */
	const char *t = s + strlen(s);
	for (const char *p = s + n; *p; p++)
		if (((unsigned char)*p & 0xC0) != 0x80 && sanitize_width(p) <= tail) {
			t = p;
			break;
		}
	snprintf(out + n, outsz - n, "%s%s", ell, t);
}

void frame_scope(const struct ui *u)
{
	char raw[1200], clean[1200], fit[1200];

	frame_scope_text(u, raw, sizeof raw);
	sanitize_text(raw, strlen(raw), clean, sizeof clean);
	move(FRAME_SCOPE_Y, 0);
	clrtoeol();
	fit_middle(clean, COLS - 2, u->ascii, fit, sizeof fit);
	put(FRAME_SCOPE_Y, 1, COLS - 1, fit, theme_attr(EL_KEYHINT));
}

/* Tab i's label, its name cut to abbrev characters (-1: whole). */
static int tab_label(const struct ui *u, int i, int abbrev, char *buf, size_t bufsz)
{
	const char *name = u->pane_name[i];
	int len = (int)strlen(name);
	if (abbrev >= 0 && abbrev < len)
		snprintf(buf, bufsz, " %d %.*s%s ", i + 1, abbrev, name, abbrev ? (u->ascii ? "~" : "…") : "");
	else
		snprintf(buf, bufsz, " %d %s ", i + 1, name);
	return sanitize_width(buf);
}

/* How far tab names are cut so every tab fits in the line (never dropped):
 * -1 whole, else the characters kept (0: the numbers alone). */
static int tabs_abbrev(const struct ui *u)
{
	char buf[96];
	int longest = 0;
	for (int i = 0; i < u->npanes; i++)
		if ((int)strlen(u->pane_name[i]) > longest)
			longest = (int)strlen(u->pane_name[i]);
	for (int a = longest; a >= 0; a--) {
		int w = 0;
		for (int i = 0; i < u->npanes; i++)
			w += tab_label(u, i, a == longest ? -1 : a, buf, sizeof buf) + 1;
		if (w <= COLS)
			return a == longest ? -1 : a;
	}
	return 0;
}

void frame_tabs(const struct ui *u)
{
	int x = 0;
	char buf[96];
	int a = tabs_abbrev(u);

	move(1, 0);
	clrtoeol();
	for (int i = 0; i < u->npanes && x < COLS; i++) {
		int w = tab_label(u, i, a, buf, sizeof buf);
		if (x + w > COLS)
			w = COLS - x;
		put(1, x, w, buf, theme_attr(i == u->pane ? EL_TAB_ACTIVE : EL_TAB));
		x += w + 1;
	}
}

int frame_tab_at(const struct ui *u, int x)
{
	int at = 0;
	char buf[96];
	int a = tabs_abbrev(u);

	for (int i = 0; i < u->npanes; i++) {
		int w = tab_label(u, i, a, buf, sizeof buf);
		if (x >= at && x < at + w)
			return i;
		at += w + 1;
	}
	return -1;
}

/* The server unreachable or answering 5xx: refresh again (rows kept) after
 * 2, 4, 8 … 30 s, auto-refresh on or off, and count down in the status. */
#define RETRY_MAX_S 30

void frame_update(struct ui *u, const struct session_progress *p)
{
	time_t now = time(NULL);

	if (p->failed && p->generation != u->seen_gen) {
		set_status(u, 1, "%s%s%s", p->error, p->hint[0] ? " — " : "", p->hint);
		u->seen_gen = p->generation;
		if (p->transient) {
			u->retry_s = !u->retry_s ? 2 : u->retry_s * 2 > RETRY_MAX_S ? RETRY_MAX_S : u->retry_s * 2;
			u->retry_at = now + u->retry_s;
		} else {
			u->retry_at = 0;
			u->retry_s = 0;
		}
	}
	if (!p->failed) {
		u->retry_at = 0; /* a new query or the retry itself is under way */
		if (u->retry_s && !p->loading) {
			u->retry_s = 0;
			set_status(u, 0, "the server answers again");
		}
	}
	if (u->retry_at && p->failed) {
		char why[32];
		if (p->err_status)
			snprintf(why, sizeof why, "server error %d", p->err_status);
		else
			snprintf(why, sizeof why, "server unreachable");
		if (now >= u->retry_at) {
			u->retry_at = 0;
			session_refresh(u->s);
			set_status(u, 1, "%s; retrying now — %s", why, p->error);
		} else {
			set_status(u, 1, "%s; retrying in %ld s — %s", why, (long)(u->retry_at - now), p->error);
		}
	}
}

#define MAX_HINTS 24

struct hint {
	char keys[64], label[64];
	int keep; /* help and quit: the last to give way */
};

/* The key hints of the current view: every request hinted there, in table
 * order, as "keys label" with the keys in effect in this pane; requests
 * sharing a label share a hint ("j/k scroll"). */
static int build_hints(const struct ui *u, struct hint *h)
{
	const char *scope = ui_scope(u);
	char keys[64], label[64];
	int n = 0;

	for (int r = 0; r < REQ_COUNT && n < MAX_HINTS; r++) {
		const struct ui_request *q = &ui_requests[r];
		if (!(q->hint_views & VIEW_BIT(u->view)) || (r == REQ_CONTEXT && u->prov->ctx == CTX_NONE))
			continue;
		request_keys(scope, (enum request)r, 0, keys, sizeof keys);
		if (!keys[0])
			continue;
		request_expand(q->hint, pane_tenant_word(u), label, sizeof label);
		if (n && !strcmp(label, h[n - 1].label)) {
			size_t l = strlen(h[n - 1].keys);
			snprintf(h[n - 1].keys + l, sizeof h[n - 1].keys - l, "/%s", keys);
			continue;
		}
		snprintf(h[n].keys, sizeof h[n].keys, "%s", keys);
		snprintf(h[n].label, sizeof h[n].label, "%s", label);
		h[n].keep = r == REQ_HELP || r == REQ_QUIT;
		n++;
	}
	return n;
}

void frame_bottom(const struct ui *u)
{
	int y = LINES - 1;
	struct hint hints[MAX_HINTS];
	struct strbuf line = { 0 };

	move(y, 0);
	clrtoeol();
	if (u->prompt != P_NONE) {
		prompt_draw(u);
		return;
	}
	curs_set(0);
	int w = u->status[0] ? sanitize_width(u->status) : 0;
	/* the status (a result, an error, where a file went) wins over the key
	 * hints: the hints give way from the right, whole (never "L reque"), the
	 * status is cut only when it alone is wider than the screen */
	if (w > COLS)
		w = COLS;
	if (u->status_err && sanitize_width(u->status) > COLS && COLS > 20) {
		/* an error cut at the screen edge: the whole text is one key away */
		char key[16];
		request_keys(ui_scope(u), REQ_LAST_ERROR, 0, key, sizeof key);
		if (key[0]) {
			char more[48];
			snprintf(more, sizeof more, " … %s: all", key);
			int mw = sanitize_width(more);
			put(y, 0, COLS - mw, u->status, theme_attr(EL_ERROR));
			put(y, COLS - mw, mw, more, theme_attr(EL_KEYHINT));
			return;
		}
	}
	int room = COLS - w - (w ? 1 : 0);
	int n = build_hints(u, hints);
	/* the hints give way from the right, but "? help" and "Q quit" last:
	 * room is kept for them while the others are added */
	int keep_w = 0, used = 0;
	char one[160];
	for (int i = 0; i < n; i++)
		if (hints[i].keep) {
			snprintf(one, sizeof one, " %s %s ", hints[i].keys, hints[i].label);
			keep_w += sanitize_width(one);
		}
	for (int i = 0, full = 0; i < n; i++) {
		snprintf(one, sizeof one, " %s %s ", hints[i].keys, hints[i].label);
		int w1 = sanitize_width(one);
		if (hints[i].keep) {
			keep_w -= w1;
			if (used + w1 > room)
				break;
		} else if (full || used + w1 + keep_w > room) {
			full = 1; /* whole hints only, in table order */
			continue;
		}
		sb_adds(&line, one);
		used += w1;
	}
	if (room > 0 && line.len)
		put(y, 0, sanitize_width(line.s), line.s, theme_attr(EL_KEYHINT));
	sb_free(&line);
	if (w)
		put(y, COLS - w, w, u->status, theme_attr(u->status_err ? EL_ERROR : EL_STATUS));
}
