/* fanout.c — one list query over every tenant at once (see fanout.h). */
#include "fanout.h"
#include "xalloc.h"

#include "strbuf.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct collect {
	struct fanout_target *t;
	int n, cap;
};

static void collect(void *ud, const char *name, const char *id)
{
	struct collect *c = ud;
	if (c->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 16;
		c->t = xrealloc(c->t, (size_t)c->cap * sizeof *c->t);
	}
	snprintf(c->t[c->n].name, sizeof c->t[c->n].name, "%s", name);
	snprintf(c->t[c->n].id, sizeof c->t[c->n].id, "%s", id);
	c->n++;
}

int fanout_targets(struct tt_api *a, struct fanout_target **out, int *n, struct tt_error *e)
{
	struct collect c = { 0 };

	if (api_list_contexts(a, collect, &c, e)) {
		free(c.t);
		return -1;
	}
	*out = c.t;
	*n = c.n;
	return 0;
}

struct run {
	struct tt_api_shared *shared;
	unsigned gen;
	const struct fanout_target *t;
	int n;
	int next;                     /* the next tenant to take; under m */
	int failed;                   /* under m */
	pthread_mutex_t m;
	const struct tt_resource *res;
	const struct tt_query *q;
	long rest_size;
	const struct fanout_ops *ops;
	void *ud;
};

struct one {
	struct run *r;
	int i;
	struct walk_stats st;
};

static int on_page(void *ud, const struct walk_page *pg, struct tt_error *e)
{
	struct one *o = ud;
	return o->r->ops->page(o->r->ud, o->i, pg, &o->st, e);
}

static int cancelled(const struct run *r)
{
	return r->shared->cancel && __atomic_load_n(r->shared->cancel, __ATOMIC_ACQUIRE) != r->gen;
}

static void *worker(void *arg)
{
	struct run *r = arg;
	struct tt_api api;
	struct tt_error e = { 0 };
	const struct tt_provider *p = r->shared->prov;

	if (api_thread_init(&api, r->shared, &e))
		return NULL;
	api_set_cancel_value(&api, r->gen);
	for (;;) {
		pthread_mutex_lock(&r->m);
		int i = cancelled(r) ? r->n : r->next++;
		pthread_mutex_unlock(&r->m);
		if (i >= r->n)
			break;
		struct tt_ctx ctx;
		struct one o = { .r = r, .i = i };
		struct strbuf first = { 0 };
		int rc;

		memset(&e, 0, sizeof e);
		/* the id, as listed: no name lookup on the network */
		if (api_resolve_context(&api, r->t[i].id, &ctx, &e) == 0) {
			api_use_context(&api, &ctx);
			r->ops->start(r->ud, i, &ctx);
			rc = query_build(&api, r->res, r->q, &first, &e) ||
			     walk_run(&api, r->res->items ? r->res->items : p->items, first.s, p->parallel,
				      r->rest_size, on_page, &o, &o.st, &e) ? -1 : 0;
		} else {
			rc = -1;
		}
		sb_free(&first);
		if (rc && cancelled(r))
			rc = 1;
		if (rc < 0) {
			pthread_mutex_lock(&r->m);
			r->failed++;
			pthread_mutex_unlock(&r->m);
		}
		r->ops->end(r->ud, i, rc, &e);
	}
	api_thread_free(&api);
	return NULL;
}

int fanout_run(struct tt_api_shared *shared, unsigned gen, const struct fanout_target *t, int n, int workers,
	       const struct tt_resource *res, const struct tt_query *q, long rest_size, const struct fanout_ops *ops,
	       void *ud)
{
	struct run r = { .shared = shared, .gen = gen, .t = t, .n = n, .res = res, .q = q, .rest_size = rest_size,
			 .ops = ops, .ud = ud };
	pthread_t th[FANOUT_WORKERS];
	int started = 0;

	if (workers > FANOUT_WORKERS)
		workers = FANOUT_WORKERS;
	if (workers > n)
		workers = n;
	pthread_mutex_init(&r.m, NULL);
	for (int k = 0; k < workers; k++)
		if (pthread_create(&th[started], NULL, worker, &r) == 0)
			started++;
	if (!started && n) /* no thread to spare: walk them here, one after the other */
		worker(&r);
	for (int k = 0; k < started; k++)
		pthread_join(th[k], NULL);
	pthread_mutex_destroy(&r.m);
	return r.failed;
}
