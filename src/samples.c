/* samples.c — a sample as a table with sparklines (see samples.h). */
#include "samples.h"
#include "xalloc.h"

#include "jsonpath.h"
#include "sanitize.h"
#include "sparkline.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_RECENT 64   /* sparkline glyphs at most: the newest ones */
#define NAME_W 24

static const char *unit_of(const struct tt_resource *r, const char *field)
{
	for (int i = 0; i < r->nunits; i++)
		if (!strcmp(r->unit_names[i], field))
			return r->unit_values[i];
	return "";
}

/* a number as jsonpath_text writes one: no trailing zeros */
static void fmt_num(double d, char *out, size_t outsz)
{
	if (d == (double)(long long)d && d < 1e15 && d > -1e15)
		snprintf(out, outsz, "%lld", (long long)d);
	else
		snprintf(out, outsz, "%.6g", d);
}

/* sanitised text padded (or cut) to w columns */
static void add_cell(struct strbuf *out, const char *s, int w)
{
	char clean[512], fit[1024];
	sanitize_text(s, strlen(s), clean, sizeof clean);
	sanitize_fit(clean, w, 1, fit, sizeof fit);
	sb_adds(out, fit);
}

/* The recent samples as an array, oldest first is how they are drawn; the
 * answer lists them newest first (akenza's query). */
static const cJSON *recent_items(const struct tt_resource *r, const cJSON *doc)
{
	const cJSON *a = r->recent_items ? jsonpath_get(doc, r->recent_items) : doc;
	return cJSON_IsArray(a) ? a : NULL;
}

void samples_section(const struct tt_resource *r, const char *latest, size_t llen, const char *recent, size_t rlen,
		     const char *recent_err, int ascii, struct strbuf *out)
{
	cJSON *doc = cJSON_ParseWithLength(latest, llen);
	cJSON *rdoc = recent ? cJSON_ParseWithLength(recent, rlen) : NULL;
	const cJSON *data = doc ? jsonpath_get(doc, r->sample_fields ? r->sample_fields : "data") : NULL;
	const cJSON *items = rdoc ? recent_items(r, rdoc) : NULL;
	int nrec = items ? cJSON_GetArraySize(items) : 0;
	char text[256];

	if (!cJSON_IsObject(data)) {
		/* not a sample after all: the answer as it came */
		char *p = doc ? cJSON_Print(doc) : xstrndup(latest, llen);
		sb_adds(out, p);
		free(p);
		goto out;
	}
	if (nrec > MAX_RECENT)
		nrec = MAX_RECENT;
	if (r->sample_time && jsonpath_get(doc, r->sample_time)) {
		char t[64], st[64];
		jsonpath_text(jsonpath_get(doc, r->sample_time), t, sizeof t);
		jsonpath_short_time(t, st, sizeof st);
		sb_addf(out, "sampled %s\n", st);
	}
	int w = 5;
	for (const cJSON *f = data->child; f; f = f->next) {
		char clean[256];
		sanitize_text(f->string ? f->string : "", strlen(f->string ? f->string : ""), clean, sizeof clean);
		int fw = sanitize_width(clean);
		w = fw > w ? (fw > NAME_W ? NAME_W : fw) : w;
	}
	add_cell(out, "FIELD", w + 2);
	add_cell(out, "VALUE", 14);
	add_cell(out, "UNIT", 6);
	if (nrec)
		sb_addf(out, "LAST %d SAMPLES (oldest %s newest)", nrec, ascii ? "->" : "→");
	else if (recent_err)
		sb_addf(out, "(no recent samples: %s)", recent_err);
	sb_adds(out, "\n");
	double *v = xcalloc((size_t)nrec + 1, sizeof *v);
	unsigned char *have = xcalloc((size_t)nrec + 1, 1);
	for (const cJSON *f = data->child; f; f = f->next) {
		const char *name = f->string ? f->string : "";
		jsonpath_text(f, text, sizeof text);
		add_cell(out, name, w + 2);
		add_cell(out, text, 14);
		add_cell(out, unit_of(r, name), 6);
		if (cJSON_IsNumber(f) && nrec) {
			/* newest first in the answer: drawn oldest to newest, left to right */
			double lo = 0, hi = 0;
			int seen = 0;
			for (int i = 0; i < nrec; i++) {
				const cJSON *s = cJSON_GetArrayItem(items, nrec - 1 - i);
				const cJSON *d = jsonpath_get(s, r->sample_fields ? r->sample_fields : "data");
				const cJSON *x = cJSON_IsObject(d) ? cJSON_GetObjectItemCaseSensitive(d, name) : NULL;
				have[i] = cJSON_IsNumber(x);
				v[i] = have[i] ? x->valuedouble : 0;
				if (have[i]) {
					lo = !seen || v[i] < lo ? v[i] : lo;
					hi = !seen || v[i] > hi ? v[i] : hi;
					seen = 1;
				}
			}
			char line[MAX_RECENT * 3 + 1];
			sparkline_render(v, have, (size_t)nrec, ascii, line, sizeof line);
			sb_adds(out, line);
			if (seen) {
				char a[32], b[32];
				fmt_num(lo, a, sizeof a);
				fmt_num(hi, b, sizeof b);
				sb_addf(out, "  %s %s %s", a, ascii ? ".." : "…", b);
			}
		}
		/* no trailing spaces on a line */
		while (out->len && out->s[out->len - 1] == ' ')
			out->s[--out->len] = '\0';
		sb_adds(out, "\n");
	}
	free(v);
	free(have);
out:
	cJSON_Delete(doc);
	cJSON_Delete(rdoc);
}
