/* narrow.c — the narrowing filter (see narrow.h). */
#include "narrow.h"

#include "frame.h"
#include "pane.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

static int row_matches(const struct ui *u, size_t row)
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
	if (!u->lfilter[0])
		return replaced;
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
	return replaced;
}

size_t narrow_count(const struct ui *u)
{
	return u->lfilter[0] ? u->fn : session_nrows(u->s);
}

size_t narrow_row(const struct ui *u, size_t i)
{
	return u->lfilter[0] ? u->fidx[i] : i;
}

int narrow_busy(const struct ui *u)
{
	return u->lfilter[0] && u->fscanned < session_nrows(u->s);
}
