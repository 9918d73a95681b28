/* session.c — the dashboard's core: fetch thread, op thread, row model,
 * request-log ring (see session.h). */
#include "session.h"

#include "jsonpath.h"
#include "query.h"
#include "sanitize.h"
#include "strbuf.h"
#include "walk.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define CHUNK (1u << 20)
#define LOG_RING 512

struct chunk {
	struct chunk *next;
	size_t used;
	char data[];
};

struct job {
	unsigned gen;
	int resource;
	char sort[128], text[256], filter[200], ctx[160];
	int ctx_set;
};

enum op_kind { OP_NONE, OP_DETAIL, OP_ACTION };

struct op {
	enum op_kind kind;
	char id[256];
	const struct tt_action *action;
	char path[1024];
	char *body;
	char title[200];
};

struct tt_session {
	struct tt_config *cfg;
	const struct tt_profile *profile;
	struct tt_provider *prov;
	struct tt_api_shared shared;
	int read_only;
	int wake[2];

	pthread_t fetch_th, op_th;
	int threads;
	pthread_mutex_t jm;           /* job and op slots */
	pthread_cond_t jc;
	struct job job;
	int job_pending, quit;
	unsigned want_gen;            /* the cancel word for http */
	struct op op;
	int op_pending;

	pthread_mutex_t mm;           /* model and progress */
	struct chunk *chunks;
	char **rows;
	size_t nrows, caprows;
	int resource, ncols;
	struct session_progress prog;
	struct timespec t0;
	struct session_op_result opres;

	pthread_mutex_t lm;           /* request log ring */
	struct tt_reqlog_entry ring[LOG_RING];
	size_t ring_n;
};

static void wake(struct tt_session *s)
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

/* ---------- model ---------- */

static void model_reset(struct tt_session *s)
{
	struct chunk *c = s->chunks, *n;
	for (; c; c = n) {
		n = c->next;
		free(c);
	}
	s->chunks = NULL;
	s->nrows = 0;
}

static char *arena_alloc(struct tt_session *s, size_t n)
{
	struct chunk *c = s->chunks;
	if (!c || c->used + n > CHUNK) {
		size_t size = n > CHUNK ? n : CHUNK;
		c = malloc(sizeof *c + size);
		if (!c)
			abort();
		c->next = s->chunks;
		c->used = 0;
		s->chunks = c;
	}
	char *p = c->data + c->used;
	c->used += n;
	return p;
}

/* Build "id\0cell\0cell…\0" for one item, sanitised, into tmp. */
static void row_blob(const struct tt_resource *r, const cJSON *item, struct strbuf *tmp)
{
	char raw[1024], clean[1024], shortt[64];

	sb_reset(tmp);
	jsonpath_text(jsonpath_get(item, r->id), raw, sizeof raw);
	sanitize_text(raw, strlen(raw), clean, sizeof clean);
	sb_add(tmp, clean, strlen(clean) + 1);
	for (int i = 0; i < r->ncols; i++) {
		jsonpath_text(jsonpath_get(item, r->cols[i].path), raw, sizeof raw);
		if (r->cols[i].type == COL_TIME) {
			jsonpath_short_time(raw, shortt, sizeof shortt);
			snprintf(raw, sizeof raw, "%s", shortt);
		}
		sanitize_text(raw, strlen(raw), clean, sizeof clean);
		sb_add(tmp, clean, strlen(clean) + 1);
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

struct walk_ctx {
	struct tt_session *s;
	unsigned gen;
	const struct tt_resource *res;
	struct strbuf tmp;
	struct walk_stats *st;
};

static int on_page(void *ud, const struct walk_page *pg, struct tt_error *e)
{
	struct walk_ctx *w = ud;
	struct tt_session *s = w->s;
	cJSON *items, *it;
	struct strbuf batch = { 0 };  /* the page's row blobs, back to back */
	size_t *ends = NULL, nb = 0, cap = 0;

	if (__atomic_load_n(&s->want_gen, __ATOMIC_ACQUIRE) != w->gen)
		return 1; /* a newer query: drop this one */
	items = cJSON_ParseWithLength(pg->body + pg->items_start, pg->items_end - pg->items_start);
	if (!items) {
		tt_error_set(e, 0, "page %lu is not valid JSON", pg->number + 1);
		return -1;
	}
	/* build the rows outside the lock, then append them in one short critical section */
	cJSON_ArrayForEach(it, items) {
		row_blob(w->res, it, &w->tmp);
		sb_add(&batch, w->tmp.s, w->tmp.len);
		if (nb == cap) {
			cap = cap ? cap * 2 : 256;
			ends = realloc(ends, cap * sizeof *ends);
			if (!ends)
				abort();
		}
		ends[nb++] = batch.len;
	}
	cJSON_Delete(items);
	pthread_mutex_lock(&s->mm);
	if (s->prog.generation == w->gen) {
		if (s->nrows + nb > s->caprows) {
			size_t nc = s->caprows ? s->caprows : 1024;
			while (nc < s->nrows + nb)
				nc *= 2;
			char **nr = realloc(s->rows, nc * sizeof *nr);
			if (!nr)
				abort();
			s->rows = nr;
			s->caprows = nc;
		}
		for (size_t i = 0, start = 0; i < nb; start = ends[i++]) {
			char *dst = arena_alloc(s, ends[i] - start);
			memcpy(dst, batch.s + start, ends[i] - start);
			s->rows[s->nrows++] = dst;
		}
		struct timespec now;
		clock_gettime(CLOCK_MONOTONIC, &now);
		double el = (double)(now.tv_sec - s->t0.tv_sec) + (double)(now.tv_nsec - s->t0.tv_nsec) / 1e9;
		s->prog.pages = w->st->pages;
		s->prog.rows = s->nrows;
		s->prog.rows_per_s = el > 0 ? (double)s->nrows / el : 0;
		s->prog.total = w->st->total;
		s->prog.retries = s->shared.retries;
	}
	pthread_mutex_unlock(&s->mm);
	sb_free(&batch);
	free(ends);
	wake(s);
	return 0;
}

static void set_failed(struct tt_session *s, unsigned gen, const struct tt_error *e)
{
	pthread_mutex_lock(&s->mm);
	if (s->prog.generation == gen) {
		s->prog.loading = 0;
		s->prog.failed = 1;
		sanitize_text(e->message, strlen(e->message), s->prog.error, sizeof s->prog.error);
		sanitize_text(e->hint, strlen(e->hint), s->prog.hint, sizeof s->prog.hint);
	}
	pthread_mutex_unlock(&s->mm);
	wake(s);
}

static void *fetch_main(void *arg)
{
	struct tt_session *s = arg;
	struct tt_api api;
	struct tt_error e = { 0 };

	if (api_thread_init(&api, &s->shared, &e))
		return NULL;
	for (;;) {
		struct job job;
		pthread_mutex_lock(&s->jm);
		while (!s->job_pending && !s->quit)
			pthread_cond_wait(&s->jc, &s->jm);
		if (s->quit) {
			pthread_mutex_unlock(&s->jm);
			break;
		}
		job = s->job;
		s->job_pending = 0;
		pthread_mutex_unlock(&s->jm);

		const struct tt_resource *res = &s->prov->res[job.resource];
		pthread_mutex_lock(&s->mm);
		model_reset(s);
		s->resource = job.resource;
		s->ncols = res->ncols;
		memset(&s->prog, 0, sizeof s->prog);
		s->prog.generation = job.gen;
		s->prog.loading = 1;
		s->prog.total = -1;
		clock_gettime(CLOCK_MONOTONIC, &s->t0);
		pthread_mutex_unlock(&s->mm);
		wake(s);
		http_set_cancel_value(api.http, job.gen);

		memset(&e, 0, sizeof e);
		if (job.ctx_set && api_set_context(&api, job.ctx, &e)) {
			set_failed(s, job.gen, &e);
			continue;
		}
		struct tt_query q = { .sort = job.sort[0] ? job.sort : NULL, .text = job.text[0] ? job.text : NULL };
		char *eq = strchr(job.filter, '=');
		if (eq) {
			*eq = '\0';
			q.filters[0].key = job.filter;
			q.filters[0].value = eq + 1;
			q.nfilters = 1;
		}
		struct strbuf first = { 0 };
		struct walk_stats st = { 0 };
		struct walk_ctx w = { .s = s, .gen = job.gen, .res = res, .st = &st };
		if (query_build(&api, res, &q, &first, &e) ||
		    walk_run(&api, res->items ? res->items : s->prov->items, first.s, s->prov->parallel, on_page, &w,
			     &st, &e)) {
			if (__atomic_load_n(&s->want_gen, __ATOMIC_ACQUIRE) == job.gen)
				set_failed(s, job.gen, &e);
		} else {
			pthread_mutex_lock(&s->mm);
			if (s->prog.generation == job.gen) {
				s->prog.loading = 0;
				s->prog.done = __atomic_load_n(&s->want_gen, __ATOMIC_ACQUIRE) == job.gen;
				s->prog.pages = st.pages;
			}
			pthread_mutex_unlock(&s->mm);
			wake(s);
		}
		sb_free(&first);
		sb_free(&w.tmp);
	}
	api_thread_free(&api);
	return NULL;
}

/* ---------- op thread: detail and actions ---------- */

static void op_finish(struct tt_session *s, int ok, char *text, const char *title, const struct tt_error *e)
{
	pthread_mutex_lock(&s->mm);
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
		return strndup(body, len);
	out = cJSON_Print(j);
	cJSON_Delete(j);
	return out;
}

static void *op_main(void *arg)
{
	struct tt_session *s = arg;
	struct tt_api api;
	struct tt_error e = { 0 };

	if (api_thread_init_uncancelled(&api, &s->shared, &e))
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
		if (op.kind == OP_DETAIL) {
			if (api_call(&api, "GET", op.path, NULL, 0, &r, &e) == 0)
				op_finish(s, 1, pretty(r.body, r.len), op.title, NULL);
			else
				op_finish(s, 0, NULL, op.title, &e);
		} else if (op.kind == OP_ACTION) {
			const struct tt_action *a = op.action;
			int flags = (strcmp(a->method, "GET") ? API_NO_RETRY : 0) | (a->fresh_token ? API_FRESH_TOKEN : 0);
			if (api_call(&api, a->method, op.path, op.body, flags, &r, &e) == 0) {
				struct strbuf t = { 0 };
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

struct tt_session *session_open(const struct tt_options *o, struct tt_error *e)
{
	struct tt_session *s = calloc(1, sizeof *s);

	if (!s) {
		tt_error_set(e, 0, "out of memory");
		return NULL;
	}
	s->wake[0] = s->wake[1] = -1;
	pthread_mutex_init(&s->jm, NULL);
	pthread_cond_init(&s->jc, NULL);
	pthread_mutex_init(&s->mm, NULL);
	pthread_mutex_init(&s->lm, NULL);
	if (!(s->cfg = api_load_config(o, e)) || !(s->profile = config_profile(s->cfg, o->profile, e)) ||
	    !(s->prov = provider_load(s->profile->provider, e)))
		goto fail;
	if (api_open_for(&s->shared, s->cfg, s->profile, s->prov, o, e))
		goto fail;
	s->shared.on_request = on_request;
	s->shared.on_request_ud = s;
	s->shared.cancel = &s->want_gen;
	s->read_only = o->read_only || s->cfg->read_only;
	if (pipe2(s->wake, O_NONBLOCK | O_CLOEXEC)) {
		tt_error_set(e, 0, "pipe: %s", strerror(errno));
		goto fail;
	}
	s->resource = 0;
	s->ncols = s->prov->res[0].ncols;
	if (pthread_create(&s->fetch_th, NULL, fetch_main, s) == 0)
		s->threads |= 1;
	if (pthread_create(&s->op_th, NULL, op_main, s) == 0)
		s->threads |= 2;
	if (s->threads != 3) {
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
	pthread_cond_broadcast(&s->jc);
	pthread_mutex_unlock(&s->jm);
	if (s->threads & 1)
		pthread_join(s->fetch_th, NULL);
	if (s->threads & 2)
		pthread_join(s->op_th, NULL);
	if (s->prov && s->cfg && s->profile && s->shared.prov)
		api_close(&s->shared);
	model_reset(s);
	free(s->rows);
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
const char *session_initial_context(struct tt_session *s, const struct tt_options *o)
{
	return api_initial_context(&s->shared, o);
}

void session_context(struct tt_session *s, char *label, size_t labelsz, char *id, size_t idsz)
{
	pthread_mutex_lock(&s->shared.lock);
	snprintf(label, labelsz, "%s", s->shared.ctx_label);
	snprintf(id, idsz, "%s", s->shared.ctx_id);
	pthread_mutex_unlock(&s->shared.lock);
}

void session_query(struct tt_session *s, int resource, const char *sort, const char *text, const char *filter,
		   const char *context)
{
	pthread_mutex_lock(&s->jm);
	unsigned gen = __atomic_add_fetch(&s->want_gen, 1, __ATOMIC_RELEASE);
	s->job.gen = gen;
	s->job.resource = resource;
	snprintf(s->job.sort, sizeof s->job.sort, "%s", sort ? sort : "");
	snprintf(s->job.text, sizeof s->job.text, "%s", text ? text : "");
	snprintf(s->job.filter, sizeof s->job.filter, "%s", filter ? filter : "");
	s->job.ctx_set = context != NULL;
	snprintf(s->job.ctx, sizeof s->job.ctx, "%s", context ? context : "");
	s->job_pending = 1;
	pthread_cond_broadcast(&s->jc);
	pthread_mutex_unlock(&s->jm);
	/* show "loading" at once, not the previous query's rows as if they were the answer */
	pthread_mutex_lock(&s->mm);
	s->prog.loading = 1;
	s->prog.done = s->prog.failed = 0;
	pthread_mutex_unlock(&s->mm);
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

void session_action_preview(struct tt_session *s, const struct tt_action *a, const char *row_id,
			    const char *const *values, char *out, size_t outsz)
{
	struct strbuf path = { 0 }, body = { 0 };
	struct lookup_ud l = { a, row_id, values, 0 };
	char label[160], id[64];

	build_path(a, row_id, values, &path);
	if (a->body)
		sb_template(&body, a->body, lookup, &l, 1);
	session_context(s, label, sizeof label, id, sizeof id);
	snprintf(out, outsz, "%s %s%s\n%s%s\ncustomer context: %s%s%s%s", a->method, s->shared.base_url, path.s,
		 body.s ? "body: " : "", body.s ? body.s : "", label, id[0] ? " (" : "", id, id[0] ? ")" : "");
	sb_free(&path);
	sb_free(&body);
}

int session_action(struct tt_session *s, const struct tt_action *a, const char *row_id, const char *const *values,
		   struct tt_error *e)
{
	struct strbuf path = { 0 }, body = { 0 };
	struct lookup_ud l = { a, row_id, values, 0 };

	if (a->dangerous && s->read_only) {
		tt_error_set(e, 0, "refused: '%s' writes, and thingtop runs read-only", a->title);
		tt_error_hint(e, "restart without --read-only (and read_only = false in the config) to allow writes");
		return -1;
	}
	if (a->needs_row && (!row_id || !*row_id)) {
		tt_error_set(e, 0, "'%s' needs a selected item", a->title);
		return -1;
	}
	build_path(a, row_id, values, &path);
	if (a->body) {
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
	op_mark_running(s);
	pthread_mutex_lock(&s->jm);
	free(s->op.body);
	s->op.kind = OP_ACTION;
	s->op.action = a;
	snprintf(s->op.path, sizeof s->op.path, "%s", path.s);
	s->op.body = body.s;
	snprintf(s->op.title, sizeof s->op.title, "%s", a->title);
	s->op_pending = 1;
	pthread_cond_broadcast(&s->jc);
	pthread_mutex_unlock(&s->jm);
	sb_free(&path);
	return 0;
}

void session_detail(struct tt_session *s, const char *id)
{
	const struct tt_resource *r = &s->prov->res[s->resource];
	struct strbuf path = { 0 };

	if (!r->detail) {
		op_finish(s, 0, NULL, "detail", &(struct tt_error){ .message = "this resource has no detail view" });
		return;
	}
	for (const char *p = r->detail; *p;) {
		if (!strncmp(p, "{id}", 4)) {
			sb_add_url_escaped(&path, id);
			p += 4;
		} else {
			sb_addc(&path, *p++);
		}
	}
	op_mark_running(s);
	pthread_mutex_lock(&s->jm);
	s->op.kind = OP_DETAIL;
	s->op.action = NULL;
	snprintf(s->op.path, sizeof s->op.path, "%s", path.s);
	snprintf(s->op.title, sizeof s->op.title, "%s %s", r->title, id);
	s->op_pending = 1;
	pthread_cond_broadcast(&s->jc);
	pthread_mutex_unlock(&s->jm);
	sb_free(&path);
}

void session_op_result(struct tt_session *s, struct session_op_result *out)
{
	pthread_mutex_lock(&s->mm);
	*out = s->opres;
	out->text = s->opres.text ? strdup(s->opres.text) : NULL;
	pthread_mutex_unlock(&s->mm);
}
