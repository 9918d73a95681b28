/* dump.c — the --dump engine (see dump.h). */
#include "dump.h"

#include "api.h"
#include "config.h"
#include "csv.h"
#include "jsonpath.h"
#include "jsonspan.h"
#include "provider.h"
#include "query.h"
#include "sanitize.h"
#include "strbuf.h"
#include "walk.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

enum fmt { FMT_JSONL, FMT_CSV, FMT_TABLE };

struct dump {
	enum fmt fmt;
	const struct tt_resource *res;
	int tty_out, tty_err;
	unsigned long written;
	struct strbuf line;
	struct timespec t0;
	struct walk_stats *st;
};

/* Write the line; on a terminal, through the sanitiser. */
static void emit(struct dump *d, struct strbuf *line)
{
	if (d->tty_out) {
		char *clean = malloc(line->len * 3 + 2);
		if (!clean)
			abort();
		size_t n = sanitize_text(line->s, line->len, clean, line->len * 3 + 1);
		fwrite(clean, 1, n, stdout);
		free(clean);
	} else {
		fwrite(line->s, 1, line->len, stdout);
	}
	fputc('\n', stdout);
}

static void table_cell(struct strbuf *b, const char *raw, int width, int last)
{
	char clean[1024], fit[1024];

	sanitize_text(raw, strlen(raw), clean, sizeof clean);
	sanitize_fit(clean, width, !last, fit, sizeof fit);
	sb_adds(b, fit);
	if (!last)
		sb_adds(b, "  ");
}

static void header(struct dump *d)
{
	const struct tt_resource *r = d->res;

	sb_reset(&d->line);
	for (int i = 0; i < r->ncols; i++) {
		if (d->fmt == FMT_CSV) {
			csv_sep_field(&d->line, r->cols[i].title, i == 0);
		} else {
			table_cell(&d->line, r->cols[i].title, r->cols[i].width, i == r->ncols - 1);
		}
	}
	emit(d, &d->line);
}

static int on_page(void *ud, const struct walk_page *pg, struct tt_error *e)
{
	struct dump *d = ud;
	size_t pos = pg->items_start, s, end;
	int rc;

	while ((rc = jsonspan_next(pg->body, pg->items_end, &pos, &s, &end)) == 0) {
		sb_reset(&d->line);
		if (d->fmt == FMT_JSONL) {
			jsonspan_minify(pg->body, s, end, &d->line);
		} else {
			cJSON *item = cJSON_ParseWithLength(pg->body + s, end - s);
			if (!item) {
				tt_error_set(e, 0, "page %lu holds an item that is not valid JSON", pg->number + 1);
				return -1;
			}
			for (int i = 0; i < d->res->ncols; i++) {
				const struct tt_column *c = &d->res->cols[i];
				char text[1024], shortt[64];
				jsonpath_text(jsonpath_get(item, c->path), text, sizeof text);
				if (d->fmt == FMT_CSV) {
					csv_sep_field(&d->line, text, i == 0);
				} else {
					if (c->type == COL_TIME) {
						jsonpath_short_time(text, shortt, sizeof shortt);
						table_cell(&d->line, shortt, c->width, i == d->res->ncols - 1);
					} else {
						table_cell(&d->line, text, c->width, i == d->res->ncols - 1);
					}
				}
			}
			cJSON_Delete(item);
		}
		emit(d, &d->line);
		d->written++;
	}
	if (rc < 0) {
		tt_error_set(e, 0, "page %lu has a malformed items array", pg->number + 1);
		return -1;
	}
	if (d->tty_err) {
		struct timespec now;
		clock_gettime(CLOCK_MONOTONIC, &now);
		double el = (double)(now.tv_sec - d->t0.tv_sec) + (double)(now.tv_nsec - d->t0.tv_nsec) / 1e9;
		fprintf(stderr, "\r\033[Kpage %lu · %lu items · %.0f items/s", d->st->pages, d->written,
			el > 0 ? (double)d->written / el : 0.0);
		if (d->st->total >= 0)
			fprintf(stderr, " · of %ld", d->st->total);
	}
	return ferror(stdout) ? (tt_error_set(e, 0, "cannot write to standard output"), -1) : 0;
}

int dump_run(const struct tt_options *o)
{
	struct tt_error e = { 0 };
	struct tt_config *cfg = NULL;
	struct tt_provider *prov = NULL;
	const struct tt_profile *profile;
	const struct tt_resource *res;
	struct tt_api_shared shared;
	struct tt_api api = { 0 };
	struct strbuf first = { 0 };
	struct walk_stats st;
	struct dump d = { 0 };
	struct tt_query q = { .sort = o->sort, .limit = o->limit, .nfilters = o->nfilters };
	int shared_open = 0, rc = 1;
	static char outbuf[1 << 20];

	setvbuf(stdout, outbuf, _IOFBF, sizeof outbuf);
	memcpy(q.filters, o->filters, sizeof q.filters);
	if (!(cfg = api_load_config(o, &e)) || !(profile = config_profile(cfg, o->profile, &e)) ||
	    !(prov = provider_load(profile->provider, &e)) || !(res = provider_resource(prov, o->dump_resource, &e)))
		goto fail;
	if (api_open_for(&shared, cfg, profile, prov, o, &e))
		goto fail;
	shared_open = 1;
	if (api_thread_init(&api, &shared, &e))
		goto fail;
	if (api_initial_context(&shared, o) && api_set_context(&api, api_initial_context(&shared, o), &e))
		goto fail;
	if (query_build(&api, res, &q, &first, &e))
		goto fail;

	d.fmt = !strcmp(o->format, "csv") ? FMT_CSV : !strcmp(o->format, "table") ? FMT_TABLE : FMT_JSONL;
	d.res = res;
	d.tty_out = isatty(1);
	d.tty_err = isatty(2);
	d.st = &st;
	clock_gettime(CLOCK_MONOTONIC, &d.t0);
	if (d.fmt != FMT_JSONL)
		header(&d);
	if (walk_run(&api, res->items ? res->items : prov->items, first.s, prov->parallel, on_page, &d, &st, &e)) {
		fflush(stdout);
		if (d.tty_err)
			fputc('\n', stderr);
		tt_error_report(&e);
		fprintf(stderr, "thingtop: incomplete: %s%lu items written before the error\n",
			ferror(stdout) ? "at most " : "", d.written);
		goto out;
	}
	if (fflush(stdout) != 0 || ferror(stdout)) {
		/* the walk ended but the last buffered items never reached stdout */
		fprintf(stderr, "thingtop: cannot write to standard output\n"
				"thingtop: incomplete: at most %lu items written before the error\n", d.written);
		goto out;
	}
	if (d.tty_err)
		fprintf(stderr, "\r\033[K%lu items in %lu pages\n", d.written, st.pages);
	rc = 0;
	goto out;
fail:
	tt_error_report(&e);
out:
	sb_free(&first);
	sb_free(&d.line);
	if (api.http)
		api_thread_free(&api);
	if (shared_open)
		api_close(&shared);
	provider_free(prov);
	config_free(cfg);
	return rc;
}
