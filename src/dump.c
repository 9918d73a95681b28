/* dump.c — the --dump engine (see dump.h). */
#include "dump.h"
#include "xalloc.h"

#include "api.h"
#include "config.h"
#include "csv.h"
#include "fanout.h"
#include "jsonpath.h"
#include "jsonspan.h"
#include "provider.h"
#include "query.h"
#include "sanitize.h"
#include "strbuf.h"
#include "walk.h"

#include <cjson/cJSON.h>
#include <ctype.h>
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
	struct strbuf cell;           /* one cell's text, whole */
	struct timespec t0;
	struct walk_stats *st;
	const char *ctx_word;   /* --all-contexts: the provider's word, for the first column */
	const char *ctx_label;  /* --all-contexts: the tenant of the rows being written */
};

/* Write the line; on a terminal, through the sanitiser. */
static void emit(struct dump *d, struct strbuf *line)
{
	if (d->tty_out) {
		char *clean = xmalloc(line->len * 3 + 2);
		size_t n = sanitize_text(line->s, line->len, clean, line->len * 3 + 1);
		fwrite(clean, 1, n, stdout);
		free(clean);
	} else {
		fwrite(line->s, 1, line->len, stdout);
	}
	fputc('\n', stdout);
}


/* The last column --dump prints (sub-resource columns are the dashboard's). */
static int last_column(const struct tt_resource *r)
{
	int last = -1;
	for (int i = 0; i < r->ncols; i++)
		if (!r->cols[i].sub)
			last = i;
	return last;
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
	if (d->ctx_word) {
		char title[64];
		size_t i = 0;
		for (; d->ctx_word[i] && i + 1 < sizeof title; i++)
			title[i] = (char)toupper((unsigned char)d->ctx_word[i]);
		title[i] = '\0';
		if (d->fmt == FMT_CSV)
			csv_sep_field(&d->line, title, 1);
		else
			table_cell(&d->line, title, 20, 0);
	}
	int last = last_column(r);
	for (int i = 0, first = 1; i < r->ncols; i++) {
		if (r->cols[i].sub)
			continue; /* read per row from a sub-resource: the dashboard's, for rows on screen */
		if (d->fmt == FMT_CSV) {
			csv_sep_field(&d->line, r->cols[i].title, first && !d->ctx_word);
		} else {
			table_cell(&d->line, r->cols[i].title, r->cols[i].width, i == last);
		}
		first = 0;
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
		if (d->fmt == FMT_JSONL && d->ctx_label) {
			/* {"_context":"Acme BV", …the item's members} */
			struct strbuf item = { 0 };
			jsonspan_minify(pg->body, s, end, &item);
			sb_adds(&d->line, "{\"_context\":\"");
			sb_add_json_escaped(&d->line, d->ctx_label);
			sb_adds(&d->line, item.len > 2 ? "\"," : "\"");
			sb_add(&d->line, item.s + 1, item.len - 1);
			sb_free(&item);
		} else if (d->fmt == FMT_JSONL) {
			jsonspan_minify(pg->body, s, end, &d->line);
		} else {
			cJSON *item = cJSON_ParseWithLength(pg->body + s, end - s);
			if (!item) {
				tt_error_set(e, 0, "page %lu holds an item that is not valid JSON", pg->number + 1);
				return -1;
			}
			if (d->ctx_label) {
				if (d->fmt == FMT_CSV)
					csv_sep_field(&d->line, d->ctx_label, 1);
				else
					table_cell(&d->line, d->ctx_label, 20, 0);
			}
			int last = last_column(d->res);
			for (int i = 0, first = 1; i < d->res->ncols; i++) {
				const struct tt_column *c = &d->res->cols[i];
				char shortt[64];
				if (c->sub)
					continue;
				jsonpath_text_sb(jsonpath_get(item, c->path), &d->cell);
				if (d->fmt == FMT_CSV) {
					csv_sep_field(&d->line, d->cell.s, first && !d->ctx_label);
				} else {
					if (c->type == COL_TIME) {
						jsonpath_short_time(d->cell.s, shortt, sizeof shortt);
						table_cell(&d->line, shortt, c->width, i == last);
					} else {
						table_cell(&d->line, d->cell.s, c->width, i == last);
					}
				}
				first = 0;
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

/* Walk res in the tenant the api is in, writing every item. 0, or -1 after
 * saying what failed and how many items got out. */
static int walk_one(struct dump *d, struct tt_api *api, const struct tt_query *q, const char *who)
{
	const struct tt_provider *prov = api->s->prov;
	struct strbuf first = { 0 };
	struct tt_error e = { 0 };
	struct tt_query sized = *q;
	unsigned long before = d->written;
	long size, same;
	int rc = 0;

	/* --dump wants every item and shows no first screen: the largest pages from
	 * the start (provider_page_sizes), or --limit. One size for the whole walk,
	 * so next links are followed as given: a cursor carries its query [D S2]. */
	provider_page_sizes(prov, q->limit, 1, &size, &same);
	sized.limit = size;
	if (query_build(api, d->res, &sized, &first, &e) ||
	    walk_run(api, d->res->items ? d->res->items : prov->items, first.s, prov->parallel, 0, on_page, d,
		     d->st, &e)) {
		fflush(stdout);
		if (d->tty_err)
			fputc('\n', stderr);
		if (who)
			tt_error_prefix(&e, "%s", who);
		tt_error_report(&e);
		fprintf(stderr, "thingtop: incomplete%s%s: %s%lu items written before the error\n", who ? " for " : "",
			who ? who : "", ferror(stdout) ? "at most " : "", d->written - before);
		rc = -1;
	}
	sb_free(&first);
	return rc;
}

/* --all-contexts: the same walk in every tenant (the dashboard's :all lists
 * them the same way, fanout_targets), one after the other, so that each
 * tenant's items come out together; a tenant that fails is reported and the
 * others go on. Returns the number of tenants that failed, or -1. */
static int walk_all(struct dump *d, struct tt_api *api, const struct tt_query *q)
{
	struct fanout_target *t = NULL;
	struct tt_error e = { 0 };
	int failed = 0, n = 0;

	if (fanout_targets(api, &t, &n, &e)) {
		tt_error_report(&e);
		return -1;
	}
	for (int i = 0; i < n; i++) {
		char who[200];
		char clean[160];
		sanitize_text(t[i].name, strlen(t[i].name), clean, sizeof clean);
		snprintf(who, sizeof who, "%s %s: ", api->s->prov->ctx_word, clean);
		d->ctx_label = t[i].name;
		if (api_set_context(api, t[i].id, &e)) {
			tt_error_prefix(&e, "%s", who);
			tt_error_report(&e);
			failed++;
			continue;
		}
		if (walk_one(d, api, q, who))
			failed++;
	}
	if (failed)
		fprintf(stderr, "thingtop: %d of %d %ss failed; the others are complete\n", failed, n,
			api->s->prov->ctx_word);
	free(t);
	return failed;
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
	if (!o->all_contexts && api_initial_context(&shared, o) &&
	    api_set_context(&api, api_initial_context(&shared, o), &e))
		goto fail;

	d.fmt = !strcmp(o->format, "csv") ? FMT_CSV : !strcmp(o->format, "table") ? FMT_TABLE : FMT_JSONL;
	d.res = res;
	d.tty_out = isatty(1);
	d.tty_err = isatty(2);
	d.st = &st;
	d.ctx_word = o->all_contexts ? prov->ctx_word : NULL;
	clock_gettime(CLOCK_MONOTONIC, &d.t0);
	if (d.fmt != FMT_JSONL)
		header(&d);
	if (o->all_contexts ? walk_all(&d, &api, &q) != 0 : walk_one(&d, &api, &q, NULL) != 0)
		goto out;
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
	fflush(stdout);
	sb_free(&d.line);
	sb_free(&d.cell);
	if (api.http)
		api_thread_free(&api);
	if (shared_open)
		api_close(&shared);
	provider_free(prov);
	config_free(cfg);
	return rc;
}
