/* session.c — the dashboard's core: fetch thread, op thread, row model,
 * request-log ring (see session.h); :all in session_fan.c, a write's merge
 * and follow in session_follow.c, what they share in session_int.h. */
#include "session.h"
#include "xalloc.h"

#include "fanout.h"
#include "jsonpath.h"
#include "query.h"
#include "samples.h"
#include "refcache.h"
#include "sanitize.h"
#include "strbuf.h"
#include "walk.h"
#include "session_int.h"

#include <cjson/cJSON.h>
#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

static void fill_placeholder(const char *tmpl, const char *name, const char *value, struct strbuf *out);

void wake(struct tt_session *s)
{
	char c = 1;
	ssize_t r = write(s->wake[1], &c, 1);
	(void)r; /* a full pipe already means "wake up" */
}

int session_wake_fd(struct tt_session *s)
{
	return s->wake[0];
}

void session_drain_wake(struct tt_session *s)
{
	char buf[256];
	while (read(s->wake[0], buf, sizeof buf) > 0)
		;
}

static void on_request(void *ud, const struct tt_reqlog_entry *ent)
{
	struct tt_session *s = ud;

	pthread_mutex_lock(&s->lm);
	s->ring[s->ring_n % LOG_RING] = *ent;
	s->ring_n++;
	pthread_mutex_unlock(&s->lm);
	wake(s);
}

size_t session_log_count(struct tt_session *s)
{
	size_t n;
	pthread_mutex_lock(&s->lm);
	n = s->ring_n < LOG_RING ? s->ring_n : LOG_RING;
	pthread_mutex_unlock(&s->lm);
	return n;
}

int session_log_entry(struct tt_session *s, size_t i, struct tt_reqlog_entry *out)
{
	int rc = -1;
	pthread_mutex_lock(&s->lm);
	size_t n = s->ring_n < LOG_RING ? s->ring_n : LOG_RING;
	if (i < n) {
		size_t first = s->ring_n - n;
		*out = s->ring[(first + i) % LOG_RING];
		rc = 0;
	}
	pthread_mutex_unlock(&s->lm);
	return rc;
}

static void stash_free(struct tt_session *s);
static void graves_free(struct tt_session *s);

/* ---------- model ---------- */

void model_reset(struct tt_session *s)
{
	struct chunk *c = s->chunks, *n;
	for (; c; c = n) {
		n = c->next;
		free(c);
	}
	s->chunks = NULL;
	s->nrows = 0;
	s->arena_bytes = 0;
	s->epoch++;
}

/* A chunk whose pages are already mapped: made outside mm (chunk_fresh), so
 * that filling it under mm does not take a page fault per 4 KiB — a fresh
 * MiB faulted in under the lock held the dashboard's frames up for
 * milliseconds while rows arrived. */
static struct chunk *chunk_fresh(void)
{
	struct chunk *c = xmalloc(sizeof *c + CHUNK);
	for (size_t i = 0; i < CHUNK; i += 4096)
		((volatile char *)c->data)[i] = 0;
	return c;
}

char *arena_alloc(struct tt_session *s, size_t n)
{
	struct chunk *c = s->chunks;
	if (!c || c->used + n > CHUNK) {
		size_t size = n > CHUNK ? n : CHUNK;
		if (s->spare && n <= CHUNK) {
			c = s->spare;
			s->spare = NULL;
		} else {
			c = xmalloc(sizeof *c + size);
		}
		c->next = s->chunks;
		c->used = 0;
		s->chunks = c;
	}
	char *p = c->data + c->used;
	c->used += n;
	s->arena_bytes += n;
	return p;
}

/* Room for n more rows (rows and marks grow together). Under mm. */
void model_reserve(struct tt_session *s, size_t n)
{
	if (s->nrows + n <= s->caprows)
		return;
	size_t nc = s->caprows ? s->caprows : 1024;
	while (nc < s->nrows + n)
		nc *= 2;
	char **nr = xrealloc(s->rows, nc * sizeof *nr);
	s->rows = nr;
	unsigned char *nm = xrealloc(s->marks, nc);
	s->marks = nm;
	s->caprows = nc;
}

/* Room for n more rows, made without holding mm: the rows of a million
 * devices are 8 MB of pointers, and a realloc of them under mm (a copy, and
 * page faults) held the dashboard's frames up. Only the thread delivering a
 * walk's pages writes rows, marks, nrows and caprows while the walk runs (the
 * UI only reads them, under mm), so the copy is made outside mm; the new
 * arrays are swapped in under it and the old ones freed after. */
struct grown { char **rows; unsigned char *marks; };

static struct grown model_grow(struct tt_session *s, size_t n)
{
	struct grown old = { 0 };
	/* read under mm: a related list (session_push_query/pop) swaps the model
	 * from the UI thread; the arrays stay alive until this thread frees them
	 * (graves), so the copy below is safe, and it is dropped if they went */
	pthread_mutex_lock(&s->mm);
	size_t nrows = s->nrows, cap = s->caprows;
	char **rows = s->rows;
	unsigned char *marks = s->marks;
	pthread_mutex_unlock(&s->mm);

	if (nrows + n <= cap)
		return old;
	size_t nc = cap ? cap : 1024;
	while (nc < nrows + n)
		nc *= 2;
	char **nr = xmalloc(nc * sizeof *nr);
	unsigned char *nm = xmalloc(nc);
	if (nrows) {
		memcpy(nr, rows, nrows * sizeof *nr);
		memcpy(nm, marks, nrows);
	}
	pthread_mutex_lock(&s->mm);
	if (s->rows != rows) {
		pthread_mutex_unlock(&s->mm);
		free(nr);
		free(nm);
		return old;
	}
	old.rows = s->rows;
	old.marks = s->marks;
	s->rows = nr;
	s->marks = nm;
	s->caprows = nc;
	pthread_mutex_unlock(&s->mm);
	return old;
}

size_t blob_len(const char *blob, int ncols)
{
	const char *q = blob;
	for (int i = 0; i <= ncols; i++)
		q += strlen(q) + 1;
	return (size_t)(q - blob);
}

static uint64_t id_hash(const char *id)
{
	uint64_t h = 1469598103934665603ull;
	for (; *id; id++)
		h = (h ^ (unsigned char)*id) * 1099511628211ull;
	return h;
}

static void index_build(struct row_index *ix, char **rows, size_t n)
{
	size_t cap = 16;
	while (cap < 2 * n)
		cap *= 2;
	ix->slot = xcalloc(cap, sizeof *ix->slot);
	ix->seen = xcalloc(n ? n : 1, 1);
	ix->mask = cap - 1;
	for (size_t r = 0; r < n; r++) {
		size_t i = (size_t)id_hash(rows[r]) & ix->mask;
		while (ix->slot[i])
			i = (i + 1) & ix->mask;
		ix->slot[i] = r + 1;
	}
}

/* The old row with this id, or -1. shift: rows inserted above the old ones since. */
static long index_find(const struct row_index *ix, char **rows, size_t shift, const char *id)
{
	for (size_t i = (size_t)id_hash(id) & ix->mask; ix->slot[i]; i = (i + 1) & ix->mask)
		if (!strcmp(rows[ix->slot[i] - 1 + shift], id))
			return (long)(ix->slot[i] - 1 + shift);
	return -1;
}

static void index_free(struct row_index *ix)
{
	free(ix->slot);
	free(ix->seen);
	memset(ix, 0, sizeof *ix);
}

/* The paths a row reads: the id, then every column's. */
int row_paths(const struct tt_resource *r, const char **paths)
{
	paths[0] = r->id;
	for (int i = 0; i < r->ncols; i++)
		paths[i + 1] = r->cols[i].path;
	return r->ncols + 1;
}

/* Build "id\0cell\0cell…\0" for one item, sanitised, into tmp, from the
 * spans of its values in body (row_paths order). Times stay as sent (full ISO
 * 8601, for :export); the table shortens them to draw. The items are read in
 * place (jsonpath_span_next: one pass over each item finds every column), not
 * parsed into a tree per item, which cost more than the network on loopback. */
static void cell_scratch_fit(char **buf, size_t *cap, size_t need)
{
	if (need > *cap) {
		*cap = need < 1024 ? 1024 : need;
		*buf = xrealloc(*buf, *cap);
	}
}

void row_blob(const struct tt_resource *r, const char *body, const size_t *vs, const size_t *ve,
	      const char *lead, struct strbuf *tmp, struct cell_scratch *sc)
{
	sb_reset(tmp);
	for (int i = 0; i <= r->ncols; i++) {
		/* a string's text is never longer than its JSON; a number as
		 * cJSON prints it (1e14 → 100000000000000) at most 4 times its
		 * JSON, plus a little; sanitising makes at most 3 bytes (U+FFFD,
		 * U+21B5) of one */
		size_t span = ve[i] > vs[i] ? ve[i] - vs[i] : 0;
		cell_scratch_fit(&sc->raw, &sc->rawsz, 4 * span + 32);
		cell_scratch_fit(&sc->clean, &sc->cleansz, 3 * (4 * span + 32));
		size_t n = jsonpath_span_text(body, vs[i], ve[i], sc->raw, sc->rawsz);
		n = sanitize_text(sc->raw, n, sc->clean, sc->cleansz);
		sb_add(tmp, sc->clean, n + 1);
		if (i == 0 && lead) /* :all: the tenant's name (sanitised) is the first cell */
			sb_add(tmp, lead, strlen(lead) + 1);
	}
}

void session_lock(struct tt_session *s) { pthread_mutex_lock(&s->mm); }
void session_unlock(struct tt_session *s) { pthread_mutex_unlock(&s->mm); }
size_t session_nrows(struct tt_session *s) { return s->nrows; }
int session_resource_index(struct tt_session *s) { return s->resource; }

const char *session_row_id(struct tt_session *s, size_t row)
{
	return row < s->nrows ? s->rows[row] : "";
}

const char *session_cell(struct tt_session *s, size_t row, int col)
{
	const char *p;
	if (row >= s->nrows || col < 0 || col >= s->ncols)
		return "";
	p = s->rows[row];
	for (int i = 0; i <= col; i++)
		p += strlen(p) + 1;
	return p;
}

const char *session_row_blob(struct tt_session *s, size_t row, size_t *len)
{
	const char *p;
	if (row >= s->nrows) {
		*len = 0;
		return "";
	}
	p = s->rows[row];
	const char *q = p;
	for (int i = 0; i <= s->ncols; i++)
		q += strlen(q) + 1;
	*len = (size_t)(q - p);
	return p;
}

/* ---------- fetch thread ---------- */

/* Place one row blob. Under mm. */
static void place_row(struct walk_ctx *w, const char *blob, size_t len)
{
	struct tt_session *s = w->s;
	unsigned char mark = SESSION_MARK_NONE;
	long old = -1;
	char *dst;

	if (w->refresh) {
		old = index_find(&w->ix, s->rows, w->delta ? w->insert_at : 0, blob);
		int differs = old >= 0 && (blob_len(s->rows[old], s->ncols) != len || memcmp(s->rows[old], blob, len));
		if (w->delta) {
			if (old >= 0) {
				if (differs) {
					dst = arena_alloc(s, len);
					memcpy(dst, blob, len);
					s->rows[old] = dst;
					s->marks[old] = SESSION_MARK_CHANGED;
					s->epoch++;
				}
				return;
			}
			mark = SESSION_MARK_NEW;
			if (w->insert_top) {
				/* newest first: a new item belongs above the rows already shown */
				model_reserve(s, 1);
				dst = arena_alloc(s, len);
				memcpy(dst, blob, len);
				memmove(s->rows + w->insert_at + 1, s->rows + w->insert_at,
					(s->nrows - w->insert_at) * sizeof *s->rows);
				memmove(s->marks + w->insert_at + 1, s->marks + w->insert_at, s->nrows - w->insert_at);
				s->rows[w->insert_at] = dst;
				s->marks[w->insert_at++] = mark;
				s->nrows++;
				s->epoch++;
				return;
			}
		} else {
			if (old >= 0)
				w->ix.seen[old] = 1; /* full refresh: nothing is inserted, shift 0 */
			mark = old < 0 ? SESSION_MARK_NEW : differs ? SESSION_MARK_CHANGED : SESSION_MARK_NONE;
			if (w->new_n == w->new_cap) {
				w->new_cap = w->new_cap ? w->new_cap * 2 : 1024;
				w->new_rows = xrealloc(w->new_rows, w->new_cap * sizeof *w->new_rows);
				w->new_marks = xrealloc(w->new_marks, w->new_cap);
			}
			if (!differs && old >= 0) {
				w->new_rows[w->new_n] = s->rows[old]; /* same bytes: share the blob */
			} else {
				dst = arena_alloc(s, len);
				memcpy(dst, blob, len);
				w->new_rows[w->new_n] = dst;
			}
			w->new_marks[w->new_n++] = mark;
			return;
		}
	}
	model_reserve(s, 1);
	dst = arena_alloc(s, len);
	memcpy(dst, blob, len);
	s->marks[s->nrows] = mark;
	s->rows[s->nrows++] = dst;
}

/* Rows are built outside the lock and placed under it in batches of this many,
 * so a page of millions of items never needs a second copy of itself. */
#define ROW_BATCH 4096

/* The new tenant's first answer is in: its rows replace the old tenant's,
 * and the header names it. Under mm. */
static void switch_in(struct walk_ctx *w)
{
	struct tt_session *s = w->s;
	if (w->reset_pending) {
		model_reset(s);
		s->prog.rows = s->prog.pages = 0;
		w->reset_pending = 0;
		s->rows_stale = 0;
	}
	if (w->ctx_pending) {
		s->ctx = w->new_ctx;
		w->ctx_pending = 0;
	}
}

int on_page(void *ud, const struct walk_page *pg, struct tt_error *e)
{
	struct walk_ctx *w = ud;
	struct tt_session *s = w->s;
	struct strbuf batch = { 0 };  /* up to ROW_BATCH row blobs, back to back */
	size_t ends[ROW_BATCH], pos = pg->items_start;
	size_t max_rows = (size_t)config_limit(s->cfg, TT_LIMIT_MAX_ROWS);
	const char *paths[TT_MAX_COLUMNS + 1];
	size_t vs[TT_MAX_COLUMNS + 1], ve[TT_MAX_COLUMNS + 1];
	int np = row_paths(w->res, paths), more = 1, rc = 0;

	if (__atomic_load_n(&s->want_gen, __ATOMIC_ACQUIRE) != w->gen)
		return 1; /* a newer query: drop this one */
	/* item by item, read in place (jsonpath_span_next), never the whole page as
	 * one cJSON tree: a hostile page of 20M empty objects would take 1.3 GB as a
	 * tree */
	while (more && rc == 0) {
		size_t nb = 0;
		int capped = 0;
		sb_reset(&batch);
		while (nb < ROW_BATCH) {
			int n = jsonpath_span_next(pg->body, pg->items_end, &pos, paths, np, vs, ve);
			if (n < 0) {
				tt_error_set(e, 0, "page %lu has a malformed items array", pg->number + 1);
				rc = -1;
				break;
			}
			if (n > 0) {
				more = 0;
				break;
			}
			row_blob(w->res, pg->body, vs, ve, w->lead, &w->tmp, &w->scratch);
			sb_add(&batch, w->tmp.s, w->tmp.len);
			ends[nb++] = batch.len;
		}
		if (rc)
			break;
		if (w->res->ref_target) /* names for the ref columns of other panes */
			refcache_learn(s->rc, w->ctx_pending ? w->new_ctx.id : s->ctx.id, (int)(w->res - s->prov->res),
				       batch.s, ends, nb);
		if (!w->spare)
			w->spare = chunk_fresh();
		struct grown old = { 0 };
		if (w->lead) /* :all: several walks place rows; model_grow wants one at a time */
			pthread_mutex_lock(&s->fan_m);
		if (!w->refresh || w->delta)
			old = model_grow(s, nb);
		pthread_mutex_lock(&s->mm);
		if (!s->spare) {
			s->spare = w->spare;
			w->spare = NULL;
		}
		if (s->prog.generation != w->gen) {
			pthread_mutex_unlock(&s->mm);
			if (w->lead)
				pthread_mutex_unlock(&s->fan_m);
			free(old.rows);
			free(old.marks);
			rc = 1;
			break;
		}
		switch_in(w);
		/* max_rows: keep what fits, then stop the walk with the rows so far */
		size_t have = w->refresh && !w->delta ? w->new_n : s->nrows;
		size_t take = have >= max_rows ? 0 : nb < max_rows - have ? nb : max_rows - have;
		capped = take < nb;
		size_t start = s->nrows;
		model_reserve(s, take);
		for (size_t i = 0, b = 0; i < take; b = ends[i++])
			place_row(w, batch.s + b, ends[i] - b);
		struct timespec now;
		clock_gettime(CLOCK_MONOTONIC, &now);
		double el = (double)(now.tv_sec - s->t0.tv_sec) + (double)(now.tv_nsec - s->t0.tv_nsec) / 1e9;
		s->prog.pages = w->st->pages;
		s->prog.rows = s->nrows;
		s->prog.rows_per_s = el > 0 ? (double)(w->refresh && !w->delta ? w->new_n : s->nrows) / el : 0;
		s->prog.total = w->st->total;
		s->prog.retries = __atomic_load_n(&s->shared.retries, __ATOMIC_RELAXED);
		if (w->lead)
			fan_placed(s, w, start, take);
		pthread_mutex_unlock(&s->mm);
		if (w->lead)
			pthread_mutex_unlock(&s->fan_m);
		free(old.rows);
		free(old.marks);
		if (capped) {
			char n[32];
			tt_error_set(e, 0, "stopped after %s rows: max_rows; narrow the query or raise max_rows",
				     fmt_thousands(max_rows, n, sizeof n));
			tt_error_hint(e, "the rows so far are kept; max_rows is a setting of the configuration file");
			rc = -1;
		}
		wake(s);
	}
	sb_free(&batch);
	return rc;
}

static int same_query(const struct job *a, const struct job *b)
{
	return a->resource == b->resource && !strcmp(a->sort, b->sort) && !strcmp(a->text, b->text) &&
	       !strcmp(a->filter, b->filter);
}

static int resource_has_filter(const struct tt_resource *r, const char *key)
{
	for (int i = 0; i < r->nfilters; i++)
		if (!strcmp(r->filters[i], key))
			return 1;
	return 0;
}

/* Copy the live rows into a fresh arena when refreshes left more than half of
 * it dead (replaced blobs). Under mm; the UI holds no row pointer across unlock. */
static void model_compact(struct tt_session *s)
{
	size_t live = 0;
	for (size_t i = 0; i < s->nrows; i++)
		live += blob_len(s->rows[i], s->ncols);
	if (s->arena_bytes <= 2 * live + CHUNK)
		return;
	struct chunk *old = s->chunks;
	s->chunks = NULL;
	s->arena_bytes = 0;
	for (size_t i = 0; i < s->nrows; i++) {
		size_t len = blob_len(s->rows[i], s->ncols);
		char *dst = arena_alloc(s, len);
		memcpy(dst, s->rows[i], len);
		s->rows[i] = dst;
	}
	for (struct chunk *n; old; old = n) {
		n = old->next;
		free(old);
	}
}

/* End of a refresh walk. Full refresh that reached the end: the new rows
 * replace the old, and old rows not met again stay, marked removed. Under mm
 * when complete; on failure only w's own buffers are dropped. */
static void refresh_end(struct tt_session *s, struct walk_ctx *w, int complete)
{
	if (!w->refresh)
		return;
	if (!w->delta && complete) {
		size_t removed = 0;
		for (size_t i = 0; i < s->nrows; i++)
			removed += !w->ix.seen[i];
		size_t n = w->new_n + removed, cap = s->caprows;
		if (n > cap) {
			while (cap < n)
				cap *= 2;
		}
		char **rows = xmalloc(cap * sizeof *rows);
		unsigned char *marks = xmalloc(cap);
		memcpy(rows, w->new_rows, w->new_n * sizeof *rows);
		memcpy(marks, w->new_marks, w->new_n);
		size_t k = w->new_n;
		for (size_t i = 0; i < s->nrows; i++) {
			if (!w->ix.seen[i]) {
				rows[k] = s->rows[i];
				marks[k++] = SESSION_MARK_REMOVED;
			}
		}
		free(s->rows);
		free(s->marks);
		s->rows = rows;
		s->marks = marks;
		s->nrows = k;
		s->caprows = cap;
		s->epoch++;
	}
	if (complete)
		model_compact(s);
}

/* The server could not be reached or cut the connection (http.c words
 * these with curl's own texts), or answered 5xx: worth trying again later. */
static int transient_error(const struct tt_error *e)
{
	static const CURLcode codes[] = { CURLE_COULDNT_CONNECT, CURLE_COULDNT_RESOLVE_HOST, CURLE_OPERATION_TIMEDOUT,
					  CURLE_RECV_ERROR, CURLE_SEND_ERROR, CURLE_GOT_NOTHING };
	if (e->status >= 500 && e->status < 600)
		return 1;
	for (size_t i = 0; e->status == 0 && i < sizeof codes / sizeof codes[0]; i++)
		if (strstr(e->message, curl_easy_strerror(codes[i])))
			return 1;
	return 0;
}

void set_failed(struct tt_session *s, unsigned gen, const struct tt_error *e)
{
	pthread_mutex_lock(&s->mm);
	if (s->prog.generation == gen) {
		s->prog.loading = 0;
		s->prog.failed = 1;
		s->prog.transient = transient_error(e);
		s->prog.err_status = e->status;
		sanitize_text(e->message, strlen(e->message), s->prog.error, sizeof s->prog.error);
		sanitize_text(e->hint, strlen(e->hint), s->prog.hint, sizeof s->prog.hint);
	}
	pthread_mutex_unlock(&s->mm);
	wake(s);
}

/* A switch to asked failed: later jobs that would still ask for it (no
 * newer switch came) ask for the tenant we stay in, applied. */
static void stay_in_tenant(struct tt_session *s, const char *asked, const char *applied)
{
	pthread_mutex_lock(&s->jm);
	if (!strcmp(s->job.ctx, asked))
		snprintf(s->job.ctx, sizeof s->job.ctx, "%s", applied);
	pthread_mutex_unlock(&s->jm);
}

static void *fetch_main(void *arg)
{
	struct tt_session *s = arg;
	struct tt_api api;
	struct tt_error e = { 0 };
	char applied[sizeof s->job.ctx] = ""; /* what api.ctx (= s->ctx) was resolved from */

	if (api_thread_init(&api, &s->shared, &e))
		return NULL;
	for (;;) {
		struct job job;
		pthread_mutex_lock(&s->jm);
		while (!s->job_pending && !s->merges && !s->quit)
			pthread_cond_wait(&s->jc, &s->jm);
		if (s->quit) {
			pthread_mutex_unlock(&s->jm);
			break;
		}
		/* a write's answer first: between walks this is the thread that owns the rows */
		struct merge *ms = s->merges;
		s->merges = NULL;
		int have_job = s->job_pending;
		job = s->job;
		s->job_pending = 0;
		pthread_mutex_unlock(&s->jm);
		graves_free(s); /* no walk of ours reads a buried model any more */
		merge_apply_all(s, ms);
		if (!have_job)
			continue;
		if (job.all) {
			fan_job(s, &api, &job);
			continue;
		}

		const struct tt_resource *res = &s->prov->res[job.resource];
		struct walk_stats st = { 0 };
		struct walk_ctx w = { .s = s, .gen = job.gen, .res = res, .st = &st };
		time_t started = time(NULL);
		char since[40] = "";
		struct tt_ctx ctx;
		int ctx_new = 0, ctx_rc = 0;

		api_set_cancel_value(&api, job.gen);
		memset(&e, 0, sizeof e);
		/* A new tenant is resolved with no lock held (akenza looks a name up on
		 * the network), then shown together with its rows, below. */
		if (strcmp(job.ctx, applied) != 0) {
			ctx_rc = api_resolve_context(&api, job.ctx, &ctx, &e);
			if (!ctx_rc) /* the header shows a workspace's name, not its id */
				api_name_context(&api, &ctx);
			if (ctx_rc && __atomic_load_n(&s->want_gen, __ATOMIC_ACQUIRE) != job.gen)
				continue; /* cancelled: the newer job asks for the same tenant again */
			if (ctx_rc) {
				/* refused: later jobs stay in the tenant we are in, as they did */
				stay_in_tenant(s, job.ctx, applied);
			}
			ctx_new = !ctx_rc;
		}

		pthread_mutex_lock(&s->mm);
		if (ctx_rc && s->resource == job.resource) {
			/* a refused tenant changes nothing on screen: the rows, the
			 * tenant and what they came from stay; only the error shows */
			s->prog.generation = job.gen;
			s->rows_stale = 0;
			pthread_mutex_unlock(&s->mm);
			set_failed(s, job.gen, &e);
			continue;
		}
		if (ctx_new) {
			w.new_ctx = ctx;
			w.ctx_pending = 1;
		}
		if (job.refresh && !ctx_new && !ctx_rc && s->resource == job.resource && s->nrows) {
			/* keep the rows on screen; compare the new answer with them by id */
			w.refresh = 1;
			const char *ms = s->prov->modified_since;
			w.delta = s->have_done && same_query(&s->done_job, &job) && ms && resource_has_filter(res, ms) &&
				  !strstr(job.filter, ms);
			if (w.delta) {
				struct tm tm;
				time_t t = s->done_started - 5; /* clock skew between us and the server */
				gmtime_r(&t, &tm);
				strftime(since, sizeof since, "%Y-%m-%dT%H:%M:%SZ", &tm);
			}
			/* rows marked removed by the last refresh have had their turn: drop them */
			size_t kept = 0;
			for (size_t i = 0; i < s->nrows; i++)
				if (s->marks[i] != SESSION_MARK_REMOVED)
					s->rows[kept++] = s->rows[i];
			if (kept != s->nrows) {
				s->nrows = kept;
				s->epoch++;
			}
			memset(s->marks, 0, s->nrows);
			index_build(&w.ix, s->rows, s->nrows);
			w.insert_top = w.delta && job.sort[0] == '-';
			s->prog.generation = job.gen;
			s->rows_stale = 0;
			s->prog.loading = 1;
			s->prog.done = s->prog.failed = 0;
			s->prog.error[0] = s->prog.hint[0] = '\0';
		} else if (ctx_new && s->resource == job.resource && s->nrows && !s->fan_on) {
			/* another tenant's list: these rows stay until its first page
			 * replaces them (switch_in), and stay for good if it fails */
			w.reset_pending = 1;
			s->prog.generation = job.gen;
			s->prog.loading = 1;
			s->prog.done = s->prog.failed = 0;
			s->prog.error[0] = s->prog.hint[0] = '\0';
			s->prog.total = -1;
		} else {
			model_reset(s);
			__atomic_store_n(&s->fan_on, 0, __ATOMIC_RELEASE); /* a plain query leaves :all */
			s->resource = job.resource;
			s->ncols = res->ncols;
			memset(&s->prog, 0, sizeof s->prog);
			s->prog.generation = job.gen;
			s->rows_stale = 0;
			s->prog.loading = 1;
			s->prog.total = -1;
		}
		s->have_done = 0;
		clock_gettime(CLOCK_MONOTONIC, &s->t0);
		pthread_mutex_unlock(&s->mm);
		wake(s);
		if (ctx_rc) {
			set_failed(s, job.gen, &e);
			continue;
		}
		char was_applied[sizeof applied];
		snprintf(was_applied, sizeof was_applied, "%s", applied);
		if (ctx_new) {
			api_use_context(&api, &ctx);
			snprintf(applied, sizeof applied, "%s", job.ctx);
		}
		/* a small first page for a fast first screen, then the largest the
		 * provider allows (provider_page_sizes); --limit: one size. Only a walk
		 * that changes size sets the limit in its next links. */
		long first_size, rest_size;
		provider_page_sizes(s->prov, s->page_size, 0, &first_size, &rest_size);
		if (rest_size == first_size)
			rest_size = 0;
		struct tt_query q = { .sort = job.sort[0] ? job.sort : NULL, .text = job.text[0] ? job.text : NULL,
				      .limit = first_size };
		struct job asked = job;
		/* one "key=value" a line: a related list's, the time filter, :filter's */
		for (char *save = NULL, *l = strtok_r(job.filter, "\n", &save); l && q.nfilters < TT_MAX_FILTERS - 1;
		     l = strtok_r(NULL, "\n", &save)) {
			char *eq = strchr(l, '=');
			if (!eq)
				continue;
			*eq = '\0';
			q.filters[q.nfilters].key = l;
			q.filters[q.nfilters++].value = eq + 1;
		}
		if (since[0]) {
			q.filters[q.nfilters].key = s->prov->modified_since;
			q.filters[q.nfilters++].value = since;
		}
		struct strbuf first = { 0 };
		if (query_build(&api, res, &q, &first, &e) ||
		    walk_run(&api, res->items ? res->items : s->prov->items, first.s, s->prov->parallel, rest_size,
			     on_page, &w, &st, &e)) {
			int current = __atomic_load_n(&s->want_gen, __ATOMIC_ACQUIRE) == job.gen;
			if (w.ctx_pending) {
				/* the new tenant never answered: stay in the one on
				 * screen (s->ctx, unchanged), and so do later jobs —
				 * unless a newer job cancelled this one: it keeps what
				 * it asked for (a switch is never lost) */
				api_use_context(&api, &s->ctx);
				snprintf(applied, sizeof applied, "%s", was_applied);
				if (current) {
					stay_in_tenant(s, job.ctx, applied);
					char m[sizeof e.message];
					snprintf(m, sizeof m, "%s", e.message);
					snprintf(e.message, sizeof e.message, "could not switch to %s: %s", w.new_ctx.label, m);
					pthread_mutex_lock(&s->mm);
					s->rows_stale = 0; /* the rows on screen stay: theirs are fetched again */
					pthread_mutex_unlock(&s->mm);
				}
			}
			if (current)
				set_failed(s, job.gen, &e);
			refresh_end(s, &w, 0);
		} else {
			int done = __atomic_load_n(&s->want_gen, __ATOMIC_ACQUIRE) == job.gen;
			pthread_mutex_lock(&s->mm);
			if (s->prog.generation == job.gen) {
				if (done)
					switch_in(&w); /* a walk with no page of rows */
				refresh_end(s, &w, done);
				s->prog.loading = 0;
				s->prog.done = done;
				s->prog.pages = st.pages;
				s->prog.rows = s->nrows;
				if (done) {
					s->done_job = asked;
					s->done_job.refresh = 0;
					s->done_started = started;
					s->have_done = 1;
				}
			}
			pthread_mutex_unlock(&s->mm);
			wake(s);
		}
		index_free(&w.ix);
		free(w.spare);
		free(w.new_rows);
		free(w.new_marks);
		sb_free(&first);
		sb_free(&w.tmp);
		free(w.scratch.raw);
		free(w.scratch.clean);
	}
	api_thread_free(&api);
	return NULL;
}

/* ---------- op thread: detail and actions ---------- */

static void op_finish(struct tt_session *s, int ok, char *text, const char *title, const struct tt_error *e)
{
	pthread_mutex_lock(&s->mm);
	detail_view_free(&s->dview);
	s->have_dview = 0;
	free(s->opres.text);
	s->opres.text = text;
	s->opres.state = ok ? 2 : 3;
	snprintf(s->opres.title, sizeof s->opres.title, "%s", title);
	if (e)
		s->opres.err = *e;
	else
		memset(&s->opres.err, 0, sizeof s->opres.err);
	if (!ok && e) {
		sanitize_text(e->message, strlen(e->message), s->prog.error, sizeof s->prog.error);
		sanitize_text(e->hint, strlen(e->hint), s->prog.hint, sizeof s->prog.hint);
	}
	pthread_mutex_unlock(&s->mm);
	wake(s);
}

/* A detail's answer: its view (detail.c) and, as the op text, the readable part. */
static void op_finish_view(struct tt_session *s, struct detail_view *dv, const char *title,
			   const struct tt_ctx *ctx)
{
	pthread_mutex_lock(&s->mm);
	detail_view_free(&s->dview);
	s->dview = *dv;
	s->have_dview = 1;
	s->dview_ctx = *ctx;
	free(s->opres.text);
	s->opres.text = xstrdup(dv->text ? dv->text : "");
	s->opres.state = 2;
	snprintf(s->opres.title, sizeof s->opres.title, "%s", title);
	memset(&s->opres.err, 0, sizeof s->opres.err);
	pthread_mutex_unlock(&s->mm);
	wake(s);
}

/* Before the job is handed over: a fast answer (a snapshot, a local server)
 * may finish before the caller returns, and must not be overwritten. */
static void op_mark_running(struct tt_session *s)
{
	pthread_mutex_lock(&s->mm);
	s->opres.state = 1;
	pthread_mutex_unlock(&s->mm);
}

static char *pretty(const char *body, size_t len)
{
	cJSON *j = cJSON_ParseWithLength(body, len);
	char *out;
	if (!j)
		return xstrndup(body, len);
	out = cJSON_Print(j);
	cJSON_Delete(j);
	return out;
}

/* The list's own item for id, found through the resource's detail_fallback
 * filter, pretty-printed under a note; NULL with e when it cannot be had. */
static char *fallback_item(struct tt_api *api, const struct tt_resource *r, const char *id, const char *detail_path,
			   struct tt_error *e)
{
	const struct tt_provider *p = api->s->prov;
	struct tt_query q = { .limit = 1, .nfilters = 1 };
	struct strbuf first = { 0 }, url = { 0 };
	struct tt_http_response resp = { 0 };
	char *out = NULL;

	q.filters[0].key = r->detail_fallback;
	q.filters[0].value = id;
	if (query_build(api, r, &q, &first, e) == 0) {
		if (p->paging == PAGING_PAGE_NUMBER)
			walk_page_url(&url, first.s, p->page_param, p->first_page);
		else
			sb_adds(&url, first.s);
		if (api_call(api, "GET", url.s, NULL, 0, &resp, e) == 0) {
			cJSON *doc = cJSON_ParseWithLength(resp.body, resp.len);
			const cJSON *it = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(doc, r->items ? r->items : p->items), 0);
			char *item = it ? cJSON_Print(it) : NULL;
			if (item) {
				struct strbuf t = { 0 };
				sb_addf(&t, "(no detail for this item: GET %s answered 404; below is the item as the list "
					    "gives it)\n\n%s", detail_path, item);
				out = t.s;
				free(item);
			} else {
				tt_error_set(e, 404, "no detail for %s, and the list filtered by %s=%s has no item either", id,
					     r->detail_fallback, id);
			}
			cJSON_Delete(doc);
		}
	}
	http_response_free(&resp);
	sb_free(&first);
	sb_free(&url);
	return out;
}

static void fill_placeholder(const char *tmpl, const char *name, const char *value, struct strbuf *out);

/* A lookup through a list filter (lfilter=value, e.g. KPN barcode=, a
 * partial match): the list's answer holds the item. One item, or the one
 * whose lfield equals the value: op becomes that item's detail (path, extra,
 * title, id) and 0 is returned for the detail code to fetch it. None: "no
 * item with …" (status 404). Several: they are listed, one a line. Both
 * finish the op and return 1, as does an error. */
static int lookup_by_filter(struct tt_session *s, struct tt_api *api, struct op *op)
{
	const struct tt_provider *p = s->prov;
	const struct tt_resource *r = &p->res[op->resource];
	struct tt_query q = { .limit = 20, .nfilters = 1 };
	struct strbuf first = { 0 }, url = { 0 }, t = { 0 };
	struct tt_http_response resp = { 0 };
	struct tt_error e = { 0 };
	cJSON *doc = NULL;
	const cJSON *pick = NULL, *items;
	char v[256], text[256];
	int n = 0, done = 1;

	sanitize_text(op->id, strlen(op->id), v, sizeof v);
	q.filters[0].key = op->lfilter;
	q.filters[0].value = op->id;
	if (query_build(api, r, &q, &first, &e)) {
		op_finish(s, 0, NULL, op->title, &e);
		goto out;
	}
	if (p->paging == PAGING_PAGE_NUMBER)
		walk_page_url(&url, first.s, p->page_param, p->first_page);
	else
		sb_adds(&url, first.s);
	if (api_call(api, "GET", url.s, NULL, 0, &resp, &e)) {
		op_finish(s, 0, NULL, op->title, &e);
		goto out;
	}
	doc = cJSON_ParseWithLength(resp.body, resp.len);
	items = cJSON_GetObjectItemCaseSensitive(doc, r->items ? r->items : p->items);
	n = cJSON_GetArraySize(items);
	if (n == 1)
		pick = cJSON_GetArrayItem(items, 0);
	for (int i = 0; !pick && op->lfield[0] && i < n; i++) {
		const cJSON *it = cJSON_GetArrayItem(items, i);
		jsonpath_text(jsonpath_get(it, op->lfield), text, sizeof text);
		if (!strcasecmp(text, op->id))
			pick = it;
	}
	if (pick) {
		/* the item found: its detail, like Enter on its row */
		struct strbuf path = { 0 }, extra = { 0 };
		char id[256];
		jsonpath_text(jsonpath_get(pick, r->id), id, sizeof id);
		if (r->detail) {
			fill_placeholder(r->detail, "id", id, &path);
			if (r->detail_extra)
				fill_placeholder(r->detail_extra, "id", id, &extra);
			snprintf(op->path, sizeof op->path, "%s", path.s);
			snprintf(op->extra, sizeof op->extra, "%s", extra.s ? extra.s : "");
			snprintf(op->extra_title, sizeof op->extra_title, "%s",
				 r->detail_extra_title ? r->detail_extra_title : "");
			snprintf(op->title, sizeof op->title, "%s %s (%s %s)", r->title, id, op->lookup, v);
			snprintf(op->id, sizeof op->id, "%s", id);
			op->lookup[0] = '\0';
			done = 0;
		} else {
			op_finish(s, 1, cJSON_Print(pick), op->title, NULL);
		}
		sb_free(&path);
		sb_free(&extra);
	} else if (n == 0) {
		tt_error_set(&e, 404, "no item with %s %s (GET %s answered none)", op->lookup, v, url.s);
		tt_error_hint(&e, "check the identifier, or the context: the lookup searches the %s",
			      op->ctx.id[0] ? "selected context only" : "whole account");
		op_finish(s, 0, NULL, op->title, &e);
	} else {
		/* several hold it (a partial match): which one is for the user to say */
		int id_shown = 0;
		for (int c = 0; c < r->ncols; c++)
			id_shown |= !strcmp(r->cols[c].path, r->id);
		sb_addf(&t, "%d%s items hold %s %s (GET %s, a partial match); type more of it to open one:\n\n", n,
			(long)n >= q.limit ? " or more" : "", op->lookup, v, url.s);
		for (int i = 0; i < n; i++) {
			const cJSON *it = cJSON_GetArrayItem(items, i);
			for (int c = id_shown ? 0 : -1; c < r->ncols; c++) {
				char clean[256], shown[64];
				jsonpath_text(jsonpath_get(it, c < 0 ? r->id : r->cols[c].path), text, sizeof text);
				sanitize_text(text, strlen(text), clean, sizeof clean);
				if (c >= 0 && r->cols[c].type == COL_TIME) /* as the table shows it */
					jsonpath_short_time(clean, shown, sizeof shown);
				sb_addf(&t, "%s%s", c == (id_shown ? 0 : -1) ? "" : "  ",
					c >= 0 && r->cols[c].type == COL_TIME ? shown : clean);
			}
			sb_addc(&t, '\n');
		}
		op_finish(s, 1, t.s, op->title, NULL);
		t.s = NULL;
	}
out:
	cJSON_Delete(doc);
	http_response_free(&resp);
	sb_free(&first);
	sb_free(&url);
	sb_free(&t);
	return done;
}

/* akenza: the latest sample (in r) as a table of its fields, each numeric
 * one with a sparkline over the recent samples (src/samples.c). */
static void sample_section(struct tt_session *s, struct tt_api *api, const struct op *op,
			   struct tt_http_response *r, struct strbuf *t)
{
	const struct tt_resource *res = &s->prov->res[op->resource];
	struct tt_http_response rr = { 0 };
	struct tt_error re = { 0 };
	struct strbuf path = { 0 };
	int got = 0;

	if (res->recent_path) {
		fill_placeholder(res->recent_path, "id", op->id, &path);
		got = api_call(api, res->recent_method, path.s, res->recent_body, 0, &rr, &re) == 0;
	}
	samples_section(res, r->body, r->len, got ? rr.body : NULL, got ? rr.len : 0,
			res->recent_path && !got ? re.message : NULL, s->ascii, t);
	http_response_free(&rr);
	sb_free(&path);
}

static void *op_main(void *arg)
{
	struct tt_session *s = arg;
	struct tt_api api;
	struct tt_error e = { 0 };

	/* a new list query does not cancel a detail or an action; closing does */
	if (api_thread_init_own_cancel(&api, &s->shared, &s->op_cancel, &e))
		return NULL;
	for (;;) {
		struct op op;
		struct tt_http_response r = { 0 };
		pthread_mutex_lock(&s->jm);
		while (!s->op_pending && !s->quit)
			pthread_cond_wait(&s->jc, &s->jm);
		if (s->quit) {
			pthread_mutex_unlock(&s->jm);
			break;
		}
		op = s->op;
		s->op.body = NULL;
		s->op_pending = 0;
		pthread_mutex_unlock(&s->jm);
		memset(&e, 0, sizeof e);
		/* the tenant the job was made in, whatever the list shows by now */
		api_use_context(&api, &op.ctx);
		if (op.kind == OP_DETAIL && op.lfilter[0] && lookup_by_filter(s, &api, &op)) {
			/* done: no item, several, or an error */
		} else if (op.kind == OP_DETAIL) {
			if (api_call(&api, "GET", op.path, NULL, 0, &r, &e) == 0) {
				/* the item readably, the sub-resource under it (akenza: the
				 * latest sample), the first rows of its related lists */
				struct tt_http_response xr = { 0 };
				struct tt_error xe = { 0 };
				struct detail_view dv;
				struct strbuf sample = { 0 };
				int have_extra = op.extra[0] && api_call(&api, "GET", op.extra, NULL, 0, &xr, &xe) == 0;
				if (have_extra && s->prov->res[op.resource].sample_fields)
					sample_section(s, &api, &op, &xr, &sample); /* a table, with sparklines */
				detail_build(&api, &s->prov->res[op.resource], op.id, r.body, r.len, op.extra,
					     have_extra ? xr.body : NULL, have_extra ? xr.len : 0, xe.message, sample.s, &dv);
				sb_free(&sample);
				http_response_free(&xr);
				op_finish_view(s, &dv, op.title, &op.ctx);
			} else if (e.status == 404 && op.lookup[0]) {
				struct tt_error le = { 0 };
				char v[128];
				sanitize_text(op.id, strlen(op.id), v, sizeof v);
				tt_error_set(&le, 404, "no item with %s %s (GET %s answered 404)", op.lookup, v, op.path);
				tt_error_hint(&le, "check the identifier, or the context: the lookup searches the %s",
					      op.ctx.id[0] ? "selected context only" : "whole account");
				op_finish(s, 0, NULL, op.title, &le);
			} else if (e.status == 404 && s->prov->res[op.resource].detail_fallback) {
				/* an item the detail endpoint does not serve: show what the list has */
				struct tt_error fe = { 0 };
				char *text = fallback_item(&api, &s->prov->res[op.resource], op.id, op.path, &fe);
				if (text)
					op_finish(s, 1, text, op.title, NULL);
				else
					op_finish(s, 0, NULL, op.title, &fe);
			} else {
				op_finish(s, 0, NULL, op.title, &e);
			}
		} else if (op.kind == OP_ACTION) {
			const struct tt_action *a = op.action;
			int flags = (strcmp(a->method, "GET") ? API_NO_RETRY : 0) | (a->fresh_token ? API_FRESH_TOKEN : 0);
			if (api_call(&api, a->method, op.path, op.body, flags, &r, &e) == 0) {
				struct strbuf t = { 0 };
				after_write(s, &op, a, &r); /* before op_finish: the UI sees both at once */
				sb_addf(&t, "%s %s → HTTP %ld", a->method, op.path, r.status);
				if (r.len) {
					char *p = pretty(r.body, r.len);
					sb_adds(&t, "\n\n");
					sb_adds(&t, p ? p : "");
					free(p);
				}
				op_finish(s, 1, t.s, op.title, NULL);
			} else {
				op_finish(s, 0, NULL, op.title, &e);
			}
		}
		http_response_free(&r);
		free(op.body);
	}
	api_thread_free(&api);
	return NULL;
}

/* ---------- public ---------- */

static void wake_ud(void *ud) { wake(ud); }

static int walk_busy(void *ud)
{
	struct tt_session *s = ud;
	pthread_mutex_lock(&s->mm);
	int busy = s->prog.loading;
	pthread_mutex_unlock(&s->mm);
	return busy;
}

struct tt_refcache *session_refcache(struct tt_session *s) { return s->rc; }
/* under :all the rows are many tenants': no lazy cell is fetched for them (in
 * which tenant?), names known from walks still show */
int session_rows_stale(struct tt_session *s) { return s->rows_stale || s->fan_on; }
const char *session_ctx_id(struct tt_session *s) { return s->ctx.id; }

void session_current_ctx(struct tt_session *s, struct tt_ctx *out)
{
	pthread_mutex_lock(&s->mm);
	*out = s->ctx;
	pthread_mutex_unlock(&s->mm);
}

struct tt_session *session_open(const struct tt_options *o, struct tt_error *e)
{
	struct tt_session *s = xcalloc(1, sizeof *s);

	s->wake[0] = s->wake[1] = -1;
	pthread_mutex_init(&s->jm, NULL);
	pthread_cond_init(&s->jc, NULL);
	pthread_mutex_init(&s->mm, NULL);
	pthread_mutex_init(&s->lm, NULL);
	pthread_mutex_init(&s->fan_m, NULL);
	if (!(s->cfg = api_load_config(o, e)) || !(s->profile = config_profile(s->cfg, o->profile, e)) ||
	    !(s->prov = provider_load(s->profile->provider, e)))
		goto fail;
	if (api_open_for(&s->shared, s->cfg, s->profile, s->prov, o, e))
		goto fail;
	s->shared.on_request = on_request;
	s->shared.on_request_ud = s;
	s->shared.cancel = &s->want_gen;
	s->read_only = o->read_only || s->cfg->read_only;
	s->page_size = o->limit;
	if (pipe2(s->wake, O_NONBLOCK | O_CLOEXEC)) {
		tt_error_set(e, 0, "pipe: %s", strerror(errno));
		goto fail;
	}
	s->resource = 0;
	s->ncols = s->prov->res[0].ncols;
	api_own_context(&s->shared, &s->ctx);
	http_global_init(); /* once, before any thread of ours can touch libcurl */
	s->rc = refcache_new(&s->shared, s->prov, s->profile, wake_ud, walk_busy, s);
	if (pthread_create(&s->fetch_th, NULL, fetch_main, s) == 0)
		s->threads |= 1;
	if (pthread_create(&s->op_th, NULL, op_main, s) == 0)
		s->threads |= 2;
	if (pthread_create(&s->follow_th, NULL, follow_main, s) == 0)
		s->threads |= 4;
	if (s->threads != 7) {
		tt_error_set(e, 0, "cannot start the fetch threads");
		goto fail;
	}
	return s;
fail:
	session_close(s);
	return NULL;
}

void session_close(struct tt_session *s)
{
	if (!s)
		return;
	pthread_mutex_lock(&s->jm);
	s->quit = 1;
	__atomic_add_fetch(&s->want_gen, 1, __ATOMIC_RELEASE); /* aborts a transfer in flight */
	/* and the op thread's: a detail trickling in, a Retry-After sleep, a hanging
	 * token request end within 50 ms instead of holding quit for minutes */
	__atomic_add_fetch(&s->op_cancel, 1, __ATOMIC_RELEASE);
	__atomic_add_fetch(&s->follow_cancel, 1, __ATOMIC_RELEASE); /* a poll in flight */
	pthread_cond_broadcast(&s->jc);
	pthread_mutex_unlock(&s->jm);
	if (s->threads & 1)
		pthread_join(s->fetch_th, NULL);
	if (s->threads & 2)
		pthread_join(s->op_th, NULL);
	if (s->threads & 4)
		pthread_join(s->follow_th, NULL);
	for (struct merge *m = s->merges, *n; m; m = n) {
		n = m->next;
		free(m->item);
		free(m);
	}
	refcache_free(s->rc);
	if (s->prov && s->cfg && s->profile && s->shared.prov)
		api_close(&s->shared);
	model_reset(s);
	fan_clear(s);
	free(s->spare);
	free(s->rows);
	free(s->marks);
	stash_free(s);
	graves_free(s);
	detail_view_free(&s->dview);
	free(s->opres.text);
	free(s->op.body);
	if (s->wake[0] >= 0)
		close(s->wake[0]);
	if (s->wake[1] >= 0)
		close(s->wake[1]);
	provider_free(s->prov);
	config_free(s->cfg);
	free(s);
}

const struct tt_config *session_config(struct tt_session *s) { return s->cfg; }
const struct tt_profile *session_profile(struct tt_session *s) { return s->profile; }
const struct tt_provider *session_provider(struct tt_session *s) { return s->prov; }
int session_read_only(struct tt_session *s) { return s->read_only; }
void session_set_ascii(struct tt_session *s, int ascii) { s->ascii = ascii; }
int session_offline(struct tt_session *s) { return s->shared.snap_in != NULL; }
const char *session_initial_context(struct tt_session *s, const struct tt_options *o)
{
	return api_initial_context(&s->shared, o);
}

void session_context(struct tt_session *s, char *label, size_t labelsz, char *id, size_t idsz)
{
	struct tt_ctx c;
	int fan, nfan;

	pthread_mutex_lock(&s->mm);
	c = s->ctx;
	fan = s->fan_on;
	nfan = s->nfan;
	pthread_mutex_unlock(&s->mm);
	if (fan) { /* :all: every tenant at once */
		snprintf(label, labelsz, "all %d %ss", nfan, s->prov->ctx_word);
		snprintf(id, idsz, "*");
		return;
	}
	snprintf(label, labelsz, "%s", c.label);
	snprintf(id, idsz, "%s", c.id);
}

static void post_query(struct tt_session *s, int resource, const char *sort, const char *text, const char *filter,
		       const char *context, int all);

void session_query(struct tt_session *s, int resource, const char *sort, const char *text, const char *filter,
		   const char *context)
{
	post_query(s, resource, sort, text, filter, context, 0);
}

void session_query_all(struct tt_session *s, int resource, const char *sort, const char *text, const char *filter)
{
	post_query(s, resource, sort, text, filter, NULL, 1);
}

static void post_query(struct tt_session *s, int resource, const char *sort, const char *text, const char *filter,
		       const char *context, int all)
{
	/* show "loading" at once, not the previous query's rows as if they were the
	 * answer; before the hand-over, or a fast walk could finish first and be
	 * left looking as if it were still loading */
	pthread_mutex_lock(&s->mm);
	s->prog.loading = 1;
	s->prog.done = s->prog.failed = 0;
	s->rows_stale = 1;
	pthread_mutex_unlock(&s->mm);
	pthread_mutex_lock(&s->jm);
	unsigned gen = __atomic_add_fetch(&s->want_gen, 1, __ATOMIC_RELEASE);
	s->job.gen = gen;
	s->job.resource = resource;
	snprintf(s->job.sort, sizeof s->job.sort, "%s", sort ? sort : "");
	snprintf(s->job.text, sizeof s->job.text, "%s", text ? text : "");
	snprintf(s->job.filter, sizeof s->job.filter, "%s", filter ? filter : "");
	if (context) /* NULL keeps the tenant last asked for, even if not reached yet */
		snprintf(s->job.ctx, sizeof s->job.ctx, "%s", context);
	s->job.refresh = 0;
	s->job.all = all;
	s->job_pending = 1;
	pthread_cond_broadcast(&s->jc);
	pthread_mutex_unlock(&s->jm);
}

/* A model off screen, to be freed by the fetch thread (graves). Under mm. */
static void bury(struct tt_session *s, struct chunk *chunks, char **rows, unsigned char *marks)
{
	if (!chunks && !rows && !marks)
		return;
	struct grave *g = xmalloc(sizeof *g);
	g->chunks = chunks;
	g->rows = rows;
	g->marks = marks;
	g->next = s->graves;
	s->graves = g;
}

/* Free the buried models: the fetch thread between walks, or at close. */
static void graves_free(struct tt_session *s)
{
	pthread_mutex_lock(&s->mm);
	struct grave *g = s->graves;
	s->graves = NULL;
	pthread_mutex_unlock(&s->mm);
	for (struct grave *n; g; g = n) {
		n = g->next;
		for (struct chunk *c = g->chunks, *cn; c; c = cn) {
			cn = c->next;
			free(c);
		}
		free(g->rows);
		free(g->marks);
		free(g);
	}
}

/* Drop the set-aside model. Under mm. */
static void stash_free(struct tt_session *s)
{
	bury(s, s->stash.chunks, s->stash.rows, s->stash.marks);
	memset(&s->stash, 0, sizeof s->stash);
}

void session_push_query(struct tt_session *s, int resource, const char *filter)
{
	pthread_mutex_lock(&s->jm);
	unsigned gen = __atomic_add_fetch(&s->want_gen, 1, __ATOMIC_RELEASE);
	pthread_mutex_lock(&s->mm);
	stash_free(s);
	/* the walk of the list set aside, if still running, sees a newer
	 * generation under mm and stops before placing another row */
	s->stash.have = 1;
	s->stash.job = s->job;
	s->stash.done_job = s->done_job;
	s->stash.have_done = s->have_done;
	s->stash.done_started = s->done_started;
	s->stash.chunks = s->chunks;
	s->stash.rows = s->rows;
	s->stash.marks = s->marks;
	s->stash.nrows = s->nrows;
	s->stash.caprows = s->caprows;
	s->stash.arena_bytes = s->arena_bytes;
	s->stash.resource = s->resource;
	s->stash.ncols = s->ncols;
	s->stash.fan_on = s->fan_on;
	__atomic_store_n(&s->fan_on, 0, __ATOMIC_RELEASE); /* the related list is one tenant's */
	/* from a fan-out (:all), a related list is its row's: in the tenant the
	 * detail it is opened from came from */
	char row_ctx[sizeof s->dview_ctx.id] = "";
	if (s->stash.fan_on && s->have_dview)
		snprintf(row_ctx, sizeof row_ctx, "%s", s->dview_ctx.id);
	s->stash.prog = s->prog;
	s->stash.ctx = s->ctx;
	s->chunks = NULL;
	s->rows = NULL;
	s->marks = NULL;
	s->nrows = s->caprows = s->arena_bytes = 0;
	s->have_done = 0;
	s->epoch++;
	s->resource = resource;
	s->ncols = s->prov->res[resource].ncols;
	memset(&s->prog, 0, sizeof s->prog);
	s->prog.generation = gen;
	s->prog.loading = 1;
	s->prog.total = -1;
	pthread_mutex_unlock(&s->mm);
	s->job.gen = gen;
	s->job.resource = resource;
	s->job.sort[0] = s->job.text[0] = '\0';
	snprintf(s->job.filter, sizeof s->job.filter, "%s", filter ? filter : "");
	s->job.refresh = 0;
	s->job.all = 0;
	if (row_ctx[0])
		snprintf(s->job.ctx, sizeof s->job.ctx, "%s", row_ctx);
	s->job_pending = 1;
	pthread_cond_broadcast(&s->jc);
	pthread_mutex_unlock(&s->jm);
}

void session_drop_pushed(struct tt_session *s)
{
	pthread_mutex_lock(&s->mm);
	stash_free(s);
	pthread_mutex_unlock(&s->mm);
}

int session_pop_query(struct tt_session *s)
{
	int rc;

	pthread_mutex_lock(&s->jm);
	if (!s->stash.have) {
		pthread_mutex_unlock(&s->jm);
		return -1;
	}
	unsigned gen = __atomic_add_fetch(&s->want_gen, 1, __ATOMIC_RELEASE);
	pthread_mutex_lock(&s->mm);
	s->job = s->stash.job;
	s->job.gen = gen;
	s->job.refresh = 0;
	if (s->stash.prog.done && !strcmp(s->stash.ctx.id, s->ctx.id)) {
		/* the whole list is here and in this tenant: put it back, fetch nothing */
		bury(s, s->chunks, s->rows, s->marks);
		s->chunks = s->stash.chunks;
		s->rows = s->stash.rows;
		s->marks = s->stash.marks;
		s->nrows = s->stash.nrows;
		s->caprows = s->stash.caprows;
		s->arena_bytes = s->stash.arena_bytes;
		s->resource = s->stash.resource;
		s->ncols = s->stash.ncols;
		__atomic_store_n(&s->fan_on, s->stash.fan_on, __ATOMIC_RELEASE);
		s->done_job = s->stash.done_job;
		s->have_done = s->stash.have_done;
		s->done_started = s->stash.done_started;
		s->prog = s->stash.prog;
		s->prog.generation = gen;
		s->epoch++;
		s->stash.chunks = NULL;
		s->stash.rows = NULL;
		s->stash.marks = NULL;
		s->job_pending = 0;
		rc = 1;
	} else {
		/* its walk had not finished (or the tenant changed): ask for it again;
		 * the related rows go now, and the end of their walk (generation
		 * before gen) changes nothing on screen */
		bury(s, s->chunks, s->rows, s->marks);
		s->chunks = NULL;
		s->rows = NULL;
		s->marks = NULL;
		s->nrows = s->caprows = s->arena_bytes = 0;
		s->have_done = 0;
		s->epoch++;
		s->resource = s->stash.resource;
		s->ncols = s->stash.ncols;
		memset(&s->prog, 0, sizeof s->prog);
		s->prog.generation = gen;
		s->prog.loading = 1;
		s->prog.total = -1;
		s->job_pending = 1;
		rc = 0;
	}
	stash_free(s);
	pthread_mutex_unlock(&s->mm);
	pthread_cond_broadcast(&s->jc);
	pthread_mutex_unlock(&s->jm);
	return rc;
}

void session_refresh(struct tt_session *s)
{
	pthread_mutex_lock(&s->jm);
	if (s->job_pending) {
		/* a query not started yet fetches everything afresh anyway: turning it
		 * into a refresh would keep the rows of another query on screen */
		pthread_mutex_unlock(&s->jm);
		return;
	}
	s->job.gen = __atomic_add_fetch(&s->want_gen, 1, __ATOMIC_ACQ_REL);
	s->job.refresh = 1;
	s->job_pending = 1;
	pthread_cond_broadcast(&s->jc);
	pthread_mutex_unlock(&s->jm);
}

unsigned long session_model_epoch(struct tt_session *s)
{
	return s->epoch;
}

enum session_mark session_row_mark(struct tt_session *s, size_t row)
{
	return row < s->nrows && s->marks ? (enum session_mark)s->marks[row] : SESSION_MARK_NONE;
}

void session_progress(struct tt_session *s, struct session_progress *p)
{
	pthread_mutex_lock(&s->mm);
	*p = s->prog;
	pthread_mutex_unlock(&s->mm);
	p->token_left = api_token_remaining(&s->shared);
}

static const char *find_value(const struct tt_action *a, const char *row_id, const char *const *values,
			      const char *name)
{
	if (!strcmp(name, "id"))
		return row_id ? row_id : "";
	for (int i = 0; i < a->nfields; i++)
		if (!strcmp(a->fields[i], name))
			return values && values[i] ? values[i] : a->defaults[i];
	return "";
}

struct lookup_ud { const struct tt_action *a; const char *row_id; const char *const *values; int url; };

static const char *lookup(void *ud, const char *name)
{
	struct lookup_ud *l = ud;
	return find_value(l->a, l->row_id, l->values, name);
}

static void build_path(const struct tt_action *a, const char *row_id, const char *const *values, struct strbuf *out)
{
	/* path placeholders are URL-escaped */
	for (const char *p = a->path; *p;) {
		const char *close;
		if (*p == '{' && (close = strchr(p, '}'))) {
			char name[64];
			size_t n = (size_t)(close - p - 1);
			if (n < sizeof name) {
				memcpy(name, p + 1, n);
				name[n] = '\0';
				sb_add_url_escaped(out, find_value(a, row_id, values, name));
				p = close + 1;
				continue;
			}
		}
		sb_addc(out, *p++);
	}
}

/* body_file actions (bulk uploads): the body is the JSON content of the file
 * the field names, at most 16 MiB, checked before anything is sent. */
static int read_body_file(const struct tt_action *a, const char *row_id, const char *const *values,
			  struct strbuf *body, struct tt_error *e)
{
	const char *path = find_value(a, row_id, values, a->body_file);
	FILE *f = path && *path ? fopen(path, "r") : NULL;
	char buf[65536];
	size_t n;

	if (!f) {
		tt_error_set(e, 0, "cannot read %s: %s", path && *path ? path : "(no file given)", strerror(errno));
		return -1;
	}
	while ((n = fread(buf, 1, sizeof buf, f)) > 0) {
		if (body->len + n > (16u << 20)) {
			fclose(f);
			tt_error_set(e, 0, "%s is larger than 16 MiB", path);
			return -1;
		}
		sb_add(body, buf, n);
	}
	fclose(f);
	cJSON *j = body->s ? cJSON_ParseWithLength(body->s, body->len) : NULL;
	if (!j) {
		tt_error_set(e, 0, "%s is not valid JSON", path);
		tt_error_hint(e, "a JSON array of samples: [{\"data\":{...},\"timestamp\":\"...\"}, ...]");
		return -1;
	}
	cJSON_Delete(j);
	return 0;
}

void session_action_preview(struct tt_session *s, const struct tt_action *a, const char *row_id,
			    const char *const *values, char *out, size_t outsz, struct tt_ctx *shown)
{
	struct strbuf path = { 0 }, body = { 0 };
	struct lookup_ud l = { a, row_id, values, 0 };
	struct tt_ctx c;

	build_path(a, row_id, values, &path);
	if (a->body_file) {
		struct tt_error fe = { 0 };
		struct strbuf fb = { 0 };
		if (read_body_file(a, row_id, values, &fb, &fe) == 0)
			sb_addf(&body, "%zu bytes of JSON from %s", fb.len, find_value(a, row_id, values, a->body_file));
		else
			sb_addf(&body, "(%s)", fe.message);
		sb_free(&fb);
	} else if (a->body) {
		sb_template(&body, a->body, lookup, &l, 1);
	}
	/* once: the text and *shown name the same tenant; under :all, the row's */
	pthread_mutex_lock(&s->mm);
	const struct tt_ctx *fc = fan_row_ctx(s, row_id);
	c = fc ? *fc : s->ctx;
	pthread_mutex_unlock(&s->mm);
	/* to whom, in the provider's word: "customer context: Acme BV (…)",
	 * "workspace context: …"; nothing for an API without tenants */
	char to[400] = "";
	if (s->prov->ctx != CTX_NONE)
		snprintf(to, sizeof to, "\n%s context: %s%s%s%s", s->prov->ctx_word, c.label, c.id[0] ? " (" : "", c.id,
			 c.id[0] ? ")" : "");
	snprintf(out, outsz, "%s %s%s\n%s%s%s", a->method, s->shared.base_url, path.s, body.s ? "body: " : "",
		 body.s ? body.s : "", to);
	if (shown)
		*shown = c;
	sb_free(&path);
	sb_free(&body);
}

int session_action(struct tt_session *s, const struct tt_action *a, const char *row_id, const char *const *values,
		   const struct tt_ctx *ctx, struct tt_error *e)
{
	struct strbuf path = { 0 }, body = { 0 };
	struct lookup_ud l = { a, row_id, values, 0 };

#ifndef TT_MUTANT_READ_ONLY /* defence: --read-only refuses writes here too; the mutant lets them through */
	if (a->dangerous && s->read_only) {
		tt_error_set(e, 0, "read-only: refused '%s' (it writes)", a->title);
		tt_error_hint(e, "restart without --read-only (and read_only = false in the config) to allow writes");
		return -1;
	}
#endif
	if (a->needs_row && (!row_id || !*row_id)) {
		tt_error_set(e, 0, "'%s' needs a selected item", a->title);
		return -1;
	}
	build_path(a, row_id, values, &path);
	if (a->body_file) {
		if (read_body_file(a, row_id, values, &body, e)) {
			sb_free(&path);
			sb_free(&body);
			return -1;
		}
	} else if (a->body) {
		sb_template(&body, a->body, lookup, &l, 1);
		cJSON *j = cJSON_Parse(body.s);
		if (!j) {
			tt_error_set(e, 0, "the request body for '%s' is not valid JSON; check the fields", a->title);
			sb_free(&path);
			sb_free(&body);
			return -1;
		}
		cJSON_Delete(j);
	}
	pthread_mutex_lock(&s->mm);
	const struct tt_ctx *fc = ctx ? NULL : fan_row_ctx(s, row_id); /* :all: the row's tenant */
	struct tt_ctx c = ctx ? *ctx : fc ? *fc : s->ctx;
	int resource = s->resource;
	pthread_mutex_unlock(&s->mm);
	op_mark_running(s);
	pthread_mutex_lock(&s->jm);
	free(s->op.body);
	s->op.kind = OP_ACTION;
	s->op.ctx = c;
	s->op.resource = resource;
	s->op.action = a;
	snprintf(s->op.id, sizeof s->op.id, "%s", row_id ? row_id : "");
	snprintf(s->op.path, sizeof s->op.path, "%s", path.s);
	s->op.body = body.s;
	snprintf(s->op.title, sizeof s->op.title, "%s", a->title);
	s->op_pending = 1;
	pthread_cond_broadcast(&s->jc);
	pthread_mutex_unlock(&s->jm);
	sb_free(&path);
	return 0;
}

/* tmpl with every {name} replaced by the URL-escaped value */
static void fill_placeholder(const char *tmpl, const char *name, const char *value, struct strbuf *out)
{
	size_t n = strlen(name);
	for (const char *p = tmpl; *p;) {
		if (*p == '{' && !strncmp(p + 1, name, n) && p[n + 1] == '}') {
			sb_add_url_escaped(out, value);
			p += n + 2;
		} else {
			sb_addc(out, *p++);
		}
	}
}

/* The resource and tenant of the rows on screen, read together. */
static void on_screen(struct tt_session *s, int *resource, struct tt_ctx *c)
{
	pthread_mutex_lock(&s->mm);
	*resource = s->resource;
	*c = s->ctx;
	pthread_mutex_unlock(&s->mm);
}

/* Queue a GET for the op thread in that resource and tenant: a detail
 * (extra: a path shown under it) or a lookup (lookup: the kind of identifier). */
static void queue_get(struct tt_session *s, int resource, const struct tt_ctx *c, const char *path,
		      const char *extra, const char *extra_title, const char *title, const char *id,
		      const struct tt_lookup *lk)
{
	op_mark_running(s);
	pthread_mutex_lock(&s->jm);
	s->op.kind = OP_DETAIL;
	s->op.ctx = *c;
	s->op.resource = resource;
	s->op.action = NULL;
	snprintf(s->op.path, sizeof s->op.path, "%s", path);
	snprintf(s->op.extra, sizeof s->op.extra, "%s", extra ? extra : "");
	snprintf(s->op.extra_title, sizeof s->op.extra_title, "%s", extra_title ? extra_title : "");
	snprintf(s->op.title, sizeof s->op.title, "%s", title);
	snprintf(s->op.id, sizeof s->op.id, "%s", id);
	snprintf(s->op.lookup, sizeof s->op.lookup, "%s", lk ? lk->name : "");
	snprintf(s->op.lfilter, sizeof s->op.lfilter, "%.*s", lk && lk->filter ? (int)strcspn(lk->filter, "=") : 0,
		 lk && lk->filter ? lk->filter : "");
	snprintf(s->op.lfield, sizeof s->op.lfield, "%s", lk && lk->field ? lk->field : "");
	s->op_pending = 1;
	pthread_cond_broadcast(&s->jc);
	pthread_mutex_unlock(&s->jm);
}

void session_lookup(struct tt_session *s, const struct tt_lookup *l, const char *value)
{
	struct strbuf path = { 0 };
	char title[200];
	struct tt_ctx c;
	int resource;

	on_screen(s, &resource, &c);
	if (l->path)
		fill_placeholder(l->path, "value", value, &path);
	snprintf(title, sizeof title, "%s %s", l->name, value);
	queue_get(s, resource, &c, path.s ? path.s : "", NULL, NULL, title, value, l);
	sb_free(&path);
}

void session_detail(struct tt_session *s, const char *id)
{
	struct strbuf path = { 0 }, extra = { 0 };
	char title[200];
	struct tt_ctx c;
	int resource;

	on_screen(s, &resource, &c);
	pthread_mutex_lock(&s->mm);
	const struct tt_ctx *fc = fan_row_ctx(s, id); /* :all: the row's tenant */
	if (fc)
		c = *fc;
	pthread_mutex_unlock(&s->mm);
	const struct tt_resource *r = &s->prov->res[resource];
	if (!r->detail) {
		op_finish(s, 0, NULL, "detail", &(struct tt_error){ .message = "this resource has no detail view" });
		return;
	}
	fill_placeholder(r->detail, "id", id, &path);
	if (r->detail_extra)
		fill_placeholder(r->detail_extra, "id", id, &extra);
	snprintf(title, sizeof title, "%s %s", r->title, id);
	queue_get(s, resource, &c, path.s, extra.s, r->detail_extra_title, title, id, NULL);
	sb_free(&path);
	sb_free(&extra);
}

int session_detail_view(struct tt_session *s, struct detail_view *out)
{
	int rc = -1;
	pthread_mutex_lock(&s->mm);
	if (s->have_dview && s->opres.state == 2) {
		detail_view_copy(out, &s->dview);
		rc = 0;
	}
	pthread_mutex_unlock(&s->mm);
	return rc;
}

void session_op_result(struct tt_session *s, struct session_op_result *out)
{
	pthread_mutex_lock(&s->mm);
	*out = s->opres;
	out->text = s->opres.text ? xstrdup(s->opres.text) : NULL;
	pthread_mutex_unlock(&s->mm);
}
