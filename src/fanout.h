/* fanout.h — one list query over every tenant of a profile at once (the
 * dashboard's `:all`): the tenants come from api_list_contexts (the
 * configured customers, else the provider's list of tenants, e.g. akenza's
 * workspaces), and a few worker threads, each with its own connection, take
 * the next tenant, resolve it, build the query in it and walk its pages,
 * paced by the profile's shared rate limiter. A tenant that fails (a 403, a
 * refused id) is reported for that tenant and the others go on. What to do
 * with the pages and the per-tenant state is the caller's (the callbacks run
 * on the worker threads). No curses, no model: session.c keeps the rows. */
#ifndef TT_FANOUT_H
#define TT_FANOUT_H

#include "api.h"
#include "provider.h"
#include "query.h"
#include "walk.h"

/* Workers at most: enough to hide a round trip behind the rate limit (the
 * limiter paces them all), few enough to be polite to an API that documents
 * no limit. */
#define FANOUT_WORKERS 8

struct fanout_target {
	char name[160];             /* as the configuration or the API names it (not sanitised) */
	char id[64];
};

struct fanout_ops {
	/* tenant i is resolved (ctx) and its walk begins */
	void (*start)(void *ud, int i, const struct tt_ctx *ctx);
	/* a page of tenant i; st: that tenant's walk so far. As walk_page_fn. */
	int (*page)(void *ud, int i, const struct walk_page *pg, const struct walk_stats *st, struct tt_error *e);
	/* tenant i ended: rc 0 complete, 1 stopped (cancelled), -1 failed (e) */
	void (*end)(void *ud, int i, int rc, const struct tt_error *e);
};

/* Every tenant of the profile into *out (malloc'd), *n of them. 0 or -1 + e. */
int fanout_targets(struct tt_api *a, struct fanout_target **out, int *n, struct tt_error *e);

/* Walk res with q (q->limit: the first page's size; rest_size: later pages,
 * 0 = as the links say) in each of the n tenants, at most `workers` at once.
 * gen: the cancel generation (a change of *shared->cancel stops every walk
 * between pages and mid-transfer). Returns when every tenant has ended or
 * the run was cancelled; the number of tenants that failed. */
int fanout_run(struct tt_api_shared *shared, unsigned gen, const struct fanout_target *t, int n, int workers,
	       const struct tt_resource *res, const struct tt_query *q, long rest_size, const struct fanout_ops *ops,
	       void *ud);

#endif
