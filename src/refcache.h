/* refcache.h — what the table shows beside a row's own fields, for the rows on
 * screen only: the names behind ids (a column with `ref`) and cells read from a
 * sub-resource of the row's item (a column with `sub`). Owns a bounded cache
 * (key → text), the queue of what the table wants now, and one worker thread
 * with its own connection (the provider's rate limit is shared with the other
 * threads). The list walk never waits for it: it runs beside the fetch thread,
 * and while a walk runs under a rate limit it takes at most a tenth of it.
 *
 * Each frame the table calls refcache_want with the cells of the rows on
 * screen plus one page of margin; the queue is replaced, so what scrolled away
 * is dropped before it is sent. Names also come from the lists walked before
 * (refcache_learn, from the fetch thread), and tenant names from the
 * profile's customers. Lock order: the session's model lock, then this
 * cache's; the worker never takes the first while holding the second.
 * No curses. */
#ifndef TT_REFCACHE_H
#define TT_REFCACHE_H

#include "api.h"
#include "config.h"
#include "provider.h"

#include <stddef.h>

struct tt_refcache;

/* One cell wanted: column col of resource res (a ref or a sub column), for
 * the row whose id is row_id and whose cell (for a ref: the id referred to)
 * is value. */
struct refcache_want {
	int res, col;
	char row_id[128];
	char value[128];
};

/* wake(ud): something arrived (the UI redraws). busy(ud): a list walk runs. */
struct tt_refcache *refcache_new(struct tt_api_shared *sh, const struct tt_provider *p, const struct tt_profile *prof,
				 void (*wake)(void *ud), int (*busy)(void *ud), void *ud);
/* Stops the worker (a transfer in flight ends within 50 ms). NULL is fine. */
void refcache_free(struct tt_refcache *rc);

/* The text of column col of resource res for a row (row_id, value: the raw
 * cell) in tenant ctx_id: 1 and out filled when known (a ref: the name; a sub:
 * the value, maybe ""), 0 when not yet known (asked or not), -1 when it
 * cannot be had (no detail path, the request failed): show the raw value. */
int refcache_get(struct tt_refcache *rc, const char *ctx_id, int res, int col, const char *row_id, const char *value,
		 char *out, size_t outsz);

/* Replace the queue with these cells (nearest first), in tenant ctx; the ones
 * known or in flight are skipped. n == 0 empties the queue. */
void refcache_want(struct tt_refcache *rc, const struct tt_ctx *ctx, const struct refcache_want *w, size_t n);

/* The fetch thread walked rows of resource res in tenant ctx_id: n row blobs
 * ("id\0cell\0…", ncols cells) back to back in blobs, row i ending at ends[i].
 * Their names (the resource's label column) are kept for ref columns. */
void refcache_learn(struct tt_refcache *rc, const char *ctx_id, int res, const char *blobs, const size_t *ends,
		    size_t n);

/* Requests sent so far (tests, the bench). */
unsigned long refcache_sent(struct tt_refcache *rc);

#endif
