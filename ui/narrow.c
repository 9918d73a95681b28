/* narrow.c — the narrowing filter (see narrow.h). */
#include "narrow.h"
#include "xalloc.h"

#include "cell.h"
#include "frame.h"
#include "pane.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

/* text holds needle (n bytes), ignoring case */
static int holds(const char *text, size_t len, const char *needle, size_t n)
{
	for (size_t i = 0; i + n <= len; i++)
		if (!strncasecmp(text + i, needle, n))
			return 1;
	return 0;
}

/* The row holds the filter text: in its id or a cell as the API sent it (the
 * row blob), or in a cell as the table shows it (cell_text: a time as drawn,
 * "2025-09-01 08:00"). */
static int row_matches(const struct ui *u, size_t row)
{
	size_t len;
	const char *blob = session_row_blob(u->s, row, &len);
	size_t n = strlen(u->lfilter);
	int hit = holds(blob, len, u->lfilter, n);
	const struct tt_resource *r = pane_resource(u);

	for (int c = 0; !hit && r && c < r->ncols; c++) {
		char buf[256];
		const char *shown = cell_text(u, r, row, c, buf, sizeof buf);
		if (shown != session_cell(u->s, row, c)) /* the model's own text is in the blob */
			hit = holds(shown, strlen(shown), u->lfilter, n);
	}
	return u->linvert ? !hit : hit;
}

static double mono_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

void narrow_reset(struct ui *u)
{
	u->fn = u->fscanned = 0;
}

void narrow_set(struct ui *u, const char *text, int invert)
{
	snprintf(u->lfilter, sizeof u->lfilter, "%s", text);
	u->linvert = text[0] && invert;
	narrow_reset(u);
}

void narrow_submit(struct ui *u, const char *in)
{
	if (in[0] == '!') {
		narrow_set(u, in + 1, 1);
		set_status(u, 0, "narrowed locally: rows without %s", in + 1);
		return;
	}
	if (in[0])
		set_status(u, 0, u->prov->text_param ? "filter: %s (asked the server)" : "filter: %s (narrowed locally)", in);
	else
		set_status(u, 0, "filter cleared");
	/* narrow at once, and ask the server for the same text when the API has
	 * a free-text parameter; without one the text is local only, so clearing
	 * it must not reload the list (a reload made the keys typed after Esc
	 * land on an empty table) */
	narrow_set(u, in, 0);
	if (u->prov->text_param)
		pane_set_text(u, in);
}

/* The model row at position pos of the (locally sorted) list. */
static size_t base_row(const struct ui *u, size_t pos)
{
	return u->lsort_on && pos < u->sn ? u->sidx[pos] : pos;
}

static struct tt_session *cmp_s; /* qsort has no user pointer; the UI thread only */
static int cmp_col, cmp_desc;

static int cmp_rows(const void *a, const void *b)
{
	const char *x = session_cell(cmp_s, *(const unsigned *)a, cmp_col);
	const char *y = session_cell(cmp_s, *(const unsigned *)b, cmp_col);
	char *ex, *ey;
	double dx = strtod(x, &ex), dy = strtod(y, &ey);
	int c;

	if (*x && *y && !*ex && !*ey) /* numbers as numbers */
		c = dx < dy ? -1 : dx > dy;
	else
		c = strcasecmp(x, y);
	if (!c) /* stable: the API's order among equals */
		c = *(const unsigned *)a < *(const unsigned *)b ? -1 : 1;
	else if (cmp_desc)
		c = -c;
	return c;
}

/* Locked: (re)build the local order when the rows changed under it. */
static int lsort_update(struct ui *u)
{
	size_t n = session_nrows(u->s);

	if (!u->lsort_on || (u->sepoch == session_model_epoch(u->s) && u->sn == n && u->sidx))
		return 0;
	free(u->sidx);
	u->sidx = xmalloc((n ? n : 1) * sizeof *u->sidx);
	for (size_t i = 0; i < n; i++)
		u->sidx[i] = (unsigned)i;
	cmp_s = u->s;
	cmp_col = u->lsort_col;
	cmp_desc = u->lsort_desc;
	qsort(u->sidx, n, sizeof *u->sidx, cmp_rows);
	u->sn = n;
	u->sepoch = session_model_epoch(u->s);
	narrow_reset(u);
	return 1;
}

void narrow_sort(struct ui *u, int col, int desc)
{
	u->lsort_on = col >= 0;
	u->lsort_col = col;
	u->lsort_desc = desc;
	free(u->sidx);
	u->sidx = NULL;
	u->sn = 0;
	narrow_reset(u);
}

int narrow_update(struct ui *u, size_t budget)
{
	size_t n = session_nrows(u->s);
	double deadline = mono_ms() + 8;
	int replaced = 0;

	/* rows replaced (a new query, a refresh): the narrowed list indexes old rows */
	if (session_model_epoch(u->s) != u->fepoch) {
		u->fepoch = session_model_epoch(u->s);
		narrow_reset(u);
		replaced = 1;
	}
	lsort_update(u);
	if (!u->lfilter[0])
		return replaced;
	for (; u->fscanned < n && budget > 0; u->fscanned++, budget--) {
		if ((budget & 4095) == 0 && mono_ms() > deadline)
			break;
		if (!row_matches(u, base_row(u, u->fscanned)))
			continue;
		if (u->fn == u->fcap) {
			u->fcap = u->fcap ? u->fcap * 2 : 4096;
			u->fidx = xrealloc(u->fidx, u->fcap * sizeof *u->fidx);
		}
		u->fidx[u->fn++] = (unsigned)base_row(u, u->fscanned);
	}
	return replaced;
}

size_t narrow_count(const struct ui *u)
{
	if (u->lsort_on && !u->lfilter[0]) /* the rows the local order holds, until it is rebuilt */
		return u->sepoch == session_model_epoch(u->s) && u->sn <= session_nrows(u->s) ? u->sn : 0;
	return u->lfilter[0] ? u->fn : session_nrows(u->s);
}

size_t narrow_row(const struct ui *u, size_t i)
{
	return u->lfilter[0] ? u->fidx[i] : base_row(u, i);
}

int narrow_busy(const struct ui *u)
{
	return u->lfilter[0] && u->fscanned < session_nrows(u->s);
}
