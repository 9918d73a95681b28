/* refcache.c — names for ids and sub-resource cells for the rows on screen
 * (see refcache.h). */
#include "refcache.h"

#include "jsonpath.h"
#include "sanitize.h"
#include "strbuf.h"
#include "xalloc.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#define BUCKETS (1u << 16)
/* Bounds, not a policy: past them, that kind of entry starts afresh. Names
 * learned from a walk of a million rows never push out what was fetched. */
#define MAX_LEARNED (1u << 17)
#define MAX_FETCHED (1u << 15)
#define MAX_QUEUE 512

enum state { ST_PENDING, ST_OK, ST_FAIL };

struct entry {
	struct entry *next;
	uint32_t hash;
	enum state st;
	int learned;                  /* from a walk (refcache_learn), not fetched */
	char *key, *val;
};

struct job {
	struct tt_ctx ctx;
	struct refcache_want w;
};

struct tt_refcache {
	struct tt_api_shared *sh;
	const struct tt_provider *prov;
	const struct tt_profile *prof;
	void (*wake)(void *);
	int (*busy)(void *);
	void *ud;

	pthread_t th;
	int started, quit;
	unsigned cancel;              /* the worker's own cancel word: refcache_free bumps it */
	pthread_mutex_t m;            /* everything below; never held across I/O */
	pthread_cond_t c;
	struct entry *b[BUCKETS];
	size_t n[2];                  /* entries fetched, learned */
	struct job q[MAX_QUEUE];
	size_t nq;
	unsigned long sent;
};

static uint32_t hash(const char *s)
{
	uint32_t h = 2166136261u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

static void key_name(char *k, size_t ksz, int res, const char *ctx, const char *id)
{
	snprintf(k, ksz, "N\x1f%d\x1f%s\x1f%s", res, ctx, id);
}

static void key_sub(char *k, size_t ksz, int res, int col, const char *ctx, const char *row_id)
{
	snprintf(k, ksz, "S\x1f%d\x1f%d\x1f%s\x1f%s", res, col, ctx, row_id);
}

/* The key of what w asks for. */
static void key_of(const struct tt_refcache *rc, const struct refcache_want *w, const char *ctx, char *k, size_t ksz)
{
	const struct tt_column *col = &rc->prov->res[w->res].cols[w->col];
	if (col->sub)
		key_sub(k, ksz, w->res, w->col, ctx, w->row_id);
	else
		key_name(k, ksz, col->ref_res, ctx, w->value);
}

static struct entry *find(struct tt_refcache *rc, const char *key, uint32_t h)
{
	for (struct entry *e = rc->b[h % BUCKETS]; e; e = e->next)
		if (e->hash == h && !strcmp(e->key, key))
			return e;
	return NULL;
}

/* Drop the entries of one kind (learned or fetched; -1: all) but those in flight. */
static void flush(struct tt_refcache *rc, int learned)
{
	for (size_t i = 0; i < BUCKETS; i++)
		for (struct entry **pp = &rc->b[i]; *pp;) {
			struct entry *e = *pp;
			if ((learned >= 0 && e->learned != learned) || (learned >= 0 && e->st == ST_PENDING)) {
				pp = &e->next;
				continue;
			}
			*pp = e->next;
			rc->n[e->learned]--;
			free(e->key);
			free(e->val);
			free(e);
		}
}

/* Set key to st/val. Under m. */
static void put(struct tt_refcache *rc, const char *key, enum state st, const char *val, int learned)
{
	uint32_t h = hash(key);
	struct entry *e = find(rc, key, h);

	if (e && e->learned != learned) {
		rc->n[e->learned]--;
		rc->n[learned]++;
		e->learned = learned;
	}
	if (!e) {
		if (rc->n[learned] >= (learned ? MAX_LEARNED : MAX_FETCHED))
			flush(rc, learned);
		e = xcalloc(1, sizeof *e);
		e->hash = h;
		e->learned = learned;
		e->key = xstrdup(key);
		e->next = rc->b[h % BUCKETS];
		rc->b[h % BUCKETS] = e;
		rc->n[learned]++;
	}
	e->st = st;
	free(e->val);
	e->val = val ? xstrdup(val) : NULL;
}

/* Column col of resource res is a ref or sub column of this provider. */
static int lazy_col(const struct tt_refcache *rc, int res, int col)
{
	if (res < 0 || res >= rc->prov->nres || col < 0 || col >= rc->prov->res[res].ncols)
		return 0;
	const struct tt_column *c = &rc->prov->res[res].cols[col];
	return c->sub || (c->ref && (c->ref_res >= 0 || c->ref_res == TT_REF_TENANTS));
}

/* A tenant's name from the profile's customers, by id. */
static const char *tenant_name(const struct tt_profile *prof, const char *id)
{
	for (int i = 0; prof && i < prof->ncustomers; i++)
		if (prof->customers[i].id && prof->customers[i].name && !strcasecmp(prof->customers[i].id, id))
			return prof->customers[i].name;
	return NULL;
}

int refcache_get(struct tt_refcache *rc, const char *ctx_id, int res, int col, const char *row_id, const char *value,
		 char *out, size_t outsz)
{
	char key[512];
	int ret = 0;

	if (!lazy_col(rc, res, col))
		return -1;
	const struct tt_column *c = &rc->prov->res[res].cols[col];

	if (c->ref_res == TT_REF_TENANTS) {
		const char *name = value && *value ? tenant_name(rc->prof, value) : NULL;
		if (!name)
			return -1;
		sanitize_text(name, strlen(name), out, outsz);
		return 1;
	}
	if (c->ref && (!value || !*value))
		return -1;
	if (c->sub)
		key_sub(key, sizeof key, res, col, ctx_id, row_id);
	else
		key_name(key, sizeof key, c->ref_res, ctx_id, value);
	pthread_mutex_lock(&rc->m);
	struct entry *e = find(rc, key, hash(key));
	if (e && e->st == ST_OK) {
		snprintf(out, outsz, "%s", e->val ? e->val : "");
		ret = 1;
	} else if (e && e->st == ST_FAIL) {
		ret = -1;
	} else if (!e && c->ref && !rc->prov->res[c->ref_res].detail) {
		ret = -1; /* no list walked, and no detail to ask */
	}
	pthread_mutex_unlock(&rc->m);
	return ret;
}

void refcache_want(struct tt_refcache *rc, const struct tt_ctx *ctx, const struct refcache_want *w, size_t n)
{
	char key[512];

	pthread_mutex_lock(&rc->m);
	rc->nq = 0; /* what scrolled away is never sent */
	for (size_t i = 0; i < n && rc->nq < MAX_QUEUE; i++) {
		if (!lazy_col(rc, w[i].res, w[i].col))
			continue;
		const struct tt_column *c = &rc->prov->res[w[i].res].cols[w[i].col];
		if (c->ref_res == TT_REF_TENANTS || (c->ref && (!w[i].value[0] || !rc->prov->res[c->ref_res].detail)))
			continue;
		key_of(rc, &w[i], ctx->id, key, sizeof key);
		if (find(rc, key, hash(key)))
			continue; /* known, failed or in flight */
		int dup = 0; /* two rows referring to one device: one request */
		for (size_t k = 0; k < rc->nq && !dup; k++) {
			char k2[512];
			key_of(rc, &rc->q[k].w, ctx->id, k2, sizeof k2);
			dup = !strcmp(k2, key);
		}
		if (dup)
			continue;
		rc->q[rc->nq].ctx = *ctx;
		rc->q[rc->nq++].w = w[i];
	}
	if (rc->nq)
		pthread_cond_signal(&rc->c);
	pthread_mutex_unlock(&rc->m);
}

/* The label column of resource res, or -1. */
static int label_col(const struct tt_resource *r)
{
	for (int i = 0; i < r->ncols; i++)
		if (r->label && !strcmp(r->cols[i].path, r->label))
			return i;
	return -1;
}

void refcache_learn(struct tt_refcache *rc, const char *ctx_id, int res, const char *blobs, const size_t *ends,
		    size_t n)
{
	const struct tt_resource *r = &rc->prov->res[res];
	int lc = label_col(r);
	char key[512];

	if (lc < 0 || !r->ref_target)
		return;
	pthread_mutex_lock(&rc->m);
	for (size_t i = 0, b = 0; i < n; b = ends[i++]) {
		const char *id = blobs + b, *cell = id;
		for (int k = 0; k <= lc; k++)
			cell += strlen(cell) + 1;
		if (!*id || !*cell)
			continue;
		key_name(key, sizeof key, res, ctx_id, id);
		put(rc, key, ST_OK, cell, 1); /* the row is already sanitised */
	}
	pthread_mutex_unlock(&rc->m);
}

unsigned long refcache_sent(struct tt_refcache *rc)
{
	unsigned long n;
	pthread_mutex_lock(&rc->m);
	n = rc->sent;
	pthread_mutex_unlock(&rc->m);
	return n;
}

/* tmpl with {id} replaced by id, URL-escaped */
static void fill_id(struct strbuf *out, const char *tmpl, const char *id)
{
	for (const char *p = tmpl; *p;) {
		if (!strncmp(p, "{id}", 4)) {
			sb_add_url_escaped(out, id);
			p += 4;
		} else {
			sb_addc(out, *p++);
		}
	}
}

static void text_of(const cJSON *v, char *out, size_t outsz)
{
	char raw[512];
	size_t n = jsonpath_text(v, raw, sizeof raw);
	sanitize_text(raw, n, out, outsz);
}

/* A sub-resource answered doc: each column of res with this sub reads its
 * path on the first of the answer's items that has a value (or on the answer
 * itself when it has no items). Under m. */
static void store_sub(struct tt_refcache *rc, const struct job *j, const cJSON *doc)
{
	const struct tt_resource *r = &rc->prov->res[j->w.res];
	const char *sub = r->cols[j->w.col].sub;
	const cJSON *items = cJSON_GetObjectItemCaseSensitive(doc, r->items ? r->items : rc->prov->items);
	char key[512], val[256];

	for (int c = 0; c < r->ncols; c++) {
		if (!r->cols[c].sub || strcmp(r->cols[c].sub, sub))
			continue;
		val[0] = '\0';
		if (cJSON_IsArray(items)) {
			const cJSON *it;
			cJSON_ArrayForEach(it, items) {
				text_of(jsonpath_get(it, r->cols[c].path), val, sizeof val);
				if (val[0])
					break;
			}
		} else {
			text_of(jsonpath_get(doc, r->cols[c].path), val, sizeof val);
		}
		key_sub(key, sizeof key, j->w.res, c, j->ctx.id, j->w.row_id);
		put(rc, key, ST_OK, val, 0);
	}
}

/* Mark every key the job fills (the sub's columns, or the name) as st. Under m. */
static void mark_job(struct tt_refcache *rc, const struct job *j, enum state st)
{
	const struct tt_resource *r = &rc->prov->res[j->w.res];
	const struct tt_column *col = &r->cols[j->w.col];
	char key[512];

	if (!col->sub) {
		key_name(key, sizeof key, col->ref_res, j->ctx.id, j->w.value);
		put(rc, key, st, NULL, 0);
		return;
	}
	for (int c = 0; c < r->ncols; c++)
		if (r->cols[c].sub && !strcmp(r->cols[c].sub, col->sub)) {
			key_sub(key, sizeof key, j->w.res, c, j->ctx.id, j->w.row_id);
			put(rc, key, st, NULL, 0);
		}
}

/* Under a rate limit, while a walk runs (walking): wait so this thread takes
 * at most a tenth of the rate. Under m; returns with m held. */
static void yield_to_walk(struct tt_refcache *rc, int walking)
{
	if (rc->prov->rate <= 0 || !walking)
		return;
	struct timespec until;
	clock_gettime(CLOCK_REALTIME, &until);
	double wait = 9.0 / rc->prov->rate;
	until.tv_sec += (time_t)wait;
	until.tv_nsec += (long)((wait - (double)(time_t)wait) * 1e9);
	if (until.tv_nsec >= 1000000000L) {
		until.tv_sec++;
		until.tv_nsec -= 1000000000L;
	}
	while (!rc->quit && pthread_cond_timedwait(&rc->c, &rc->m, &until) != ETIMEDOUT)
		;
}

static void *worker(void *arg)
{
	struct tt_refcache *rc = arg;
	struct tt_api api;
	struct tt_error e = { 0 };

	if (api_thread_init_own_cancel(&api, rc->sh, &rc->cancel, &e))
		return NULL;
	pthread_mutex_lock(&rc->m);
	for (;;) {
		while (!rc->quit && !rc->nq)
			pthread_cond_wait(&rc->c, &rc->m);
		if (rc->quit)
			break;
		struct job j = rc->q[0]; /* nearest first */
		char jk[512];
		memmove(rc->q, rc->q + 1, (rc->nq - 1) * sizeof *rc->q);
		rc->nq--;
		key_of(rc, &j.w, j.ctx.id, jk, sizeof jk);
		if (find(rc, jk, hash(jk)))
			continue; /* another column of the same sub-resource fetched it */
		mark_job(rc, &j, ST_PENDING);
		rc->sent++;
		pthread_mutex_unlock(&rc->m);

		const struct tt_resource *r = &rc->prov->res[j.w.res];
		const struct tt_column *col = &r->cols[j.w.col];
		struct strbuf path = { 0 };
		struct tt_http_response resp = { 0 };
		cJSON *doc = NULL;
		if (col->sub)
			fill_id(&path, col->sub, j.w.row_id);
		else
			fill_id(&path, rc->prov->res[col->ref_res].detail, j.w.value);
		memset(&e, 0, sizeof e);
		api_use_context(&api, &j.ctx);
		int ok = api_call(&api, "GET", path.s, NULL, 0, &resp, &e) == 0 &&
			 (doc = cJSON_ParseWithLength(resp.body, resp.len)) != NULL;
		/* asked before m is taken: busy takes the session's model lock, which
		 * the UI holds while it calls refcache_get */
		int walking = rc->busy && rc->busy(rc->ud);

		pthread_mutex_lock(&rc->m);
		if (!ok) {
			mark_job(rc, &j, ST_FAIL);
		} else if (col->sub) {
			store_sub(rc, &j, doc);
		} else {
			const struct tt_resource *t = &rc->prov->res[col->ref_res];
			char key[512], name[256];
			text_of(jsonpath_get(doc, t->label), name, sizeof name);
			key_name(key, sizeof key, col->ref_res, j.ctx.id, j.w.value);
			put(rc, key, name[0] ? ST_OK : ST_FAIL, name, 0);
		}
		cJSON_Delete(doc);
		http_response_free(&resp);
		sb_free(&path);
		if (rc->wake)
			rc->wake(rc->ud);
		yield_to_walk(rc, walking);
	}
	pthread_mutex_unlock(&rc->m);
	api_thread_free(&api);
	return NULL;
}

struct tt_refcache *refcache_new(struct tt_api_shared *sh, const struct tt_provider *p, const struct tt_profile *prof,
				 void (*wake)(void *ud), int (*busy)(void *ud), void *ud)
{
	struct tt_refcache *rc = xcalloc(1, sizeof *rc);

	rc->sh = sh;
	rc->prov = p;
	rc->prof = prof;
	rc->wake = wake;
	rc->busy = busy;
	rc->ud = ud;
	pthread_mutex_init(&rc->m, NULL);
	pthread_cond_init(&rc->c, NULL);
	/* a provider without ref or sub columns needs no thread */
	int any = 0;
	for (int i = 0; i < p->nres && !any; i++)
		for (int c = 0; c < p->res[i].ncols && !any; c++)
			any = p->res[i].cols[c].sub || (p->res[i].cols[c].ref && p->res[i].cols[c].ref_res >= 0);
	if (any && sh && pthread_create(&rc->th, NULL, worker, rc) == 0)
		rc->started = 1;
	return rc;
}

void refcache_free(struct tt_refcache *rc)
{
	if (!rc)
		return;
	pthread_mutex_lock(&rc->m);
	rc->quit = 1;
	__atomic_add_fetch(&rc->cancel, 1, __ATOMIC_RELEASE);
	pthread_cond_broadcast(&rc->c);
	pthread_mutex_unlock(&rc->m);
	if (rc->started)
		pthread_join(rc->th, NULL);
	flush(rc, -1);
	pthread_mutex_destroy(&rc->m);
	pthread_cond_destroy(&rc->c);
	free(rc);
}
