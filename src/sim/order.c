/* order.c — the simulator's ordering engine. The natural order of every
 * collection is created-ascending (creation time grows with the index), so
 * `createdAt` and `-createdAt` cost nothing; any other sort spec is computed
 * once as a permutation of indices and cached, so a million-item collection is
 * sorted once, not per page. */
#include "sim.h"

#include <stdlib.h>
#include <string.h>

#define MAX_COLLECTIONS 16
#define MAX_CACHED 12

struct collection_def { order_item_fn fn; size_t scratch; };
static struct collection_def collections[MAX_COLLECTIONS];

struct cached { int collection; struct sort_spec spec; uint32_t n; uint32_t *perm; };
static struct cached cache[MAX_CACHED];
static unsigned cache_next;
static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;

void order_register(int collection, order_item_fn fn, size_t scratch_size)
{
	collections[collection].fn = fn;
	collections[collection].scratch = scratch_size;
}

struct sort_ctx {
	const struct sort_spec *spec;
	int64_t *ints[4];
	char **strs[4];
};

static int cmp_pos(const void *a, const void *b, void *arg)
{
	const struct sort_ctx *c = arg;
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	for (int k = 0; k < c->spec->nkeys; k++) {
		int r;
		if (c->strs[k]) {
			r = strcmp(c->strs[k][x] ? c->strs[k][x] : "", c->strs[k][y] ? c->strs[k][y] : "");
		} else {
			int64_t u = c->ints[k][x], v = c->ints[k][y];
			r = u < v ? -1 : u > v;
		}
		if (r)
			return c->spec->keys[k].desc ? -r : r;
	}
	return x < y ? -1 : x > y; /* stable: index breaks ties */
}

static int spec_equal(const struct sort_spec *a, const struct sort_spec *b)
{
	if (a->nkeys != b->nkeys)
		return 0;
	for (int k = 0; k < a->nkeys; k++)
		if (a->keys[k].field != b->keys[k].field || a->keys[k].desc != b->keys[k].desc)
			return 0;
	return 1;
}

static uint32_t *compute(int collection, const struct sort_spec *spec, uint32_t n)
{
	struct sort_ctx ctx = { .spec = spec };
	char *scratch = malloc(collections[collection].scratch + 1);
	uint32_t *perm = malloc((size_t)n * sizeof *perm + 1);

	if (!scratch || !perm)
		abort();
	for (int k = 0; k < spec->nkeys; k++) {
		enum sort_field f = spec->keys[k].field;
		if (f == SF_CREATED || f == SF_MODIFIED)
			ctx.ints[k] = malloc((size_t)n * sizeof(int64_t) + 1);
		else
			ctx.strs[k] = calloc((size_t)n + 1, sizeof(char *));
	}
	for (uint32_t i = 0; i < n; i++) {
		int64_t created, modified;
		const char *name = NULL, *id = NULL, *barcode = NULL;

		collections[collection].fn(i, &created, &modified, &name, &id, &barcode, scratch);
		perm[i] = i;
		for (int k = 0; k < spec->nkeys; k++) {
			switch (spec->keys[k].field) {
			case SF_CREATED: ctx.ints[k][i] = created; break;
			case SF_MODIFIED: ctx.ints[k][i] = modified; break;
			case SF_NAME: ctx.strs[k][i] = name ? strdup(name) : NULL; break;
			case SF_ID: ctx.strs[k][i] = id ? strdup(id) : NULL; break;
			case SF_BARCODE: ctx.strs[k][i] = barcode && *barcode ? strdup(barcode) : NULL; break;
			}
		}
	}
	qsort_r(perm, n, sizeof *perm, cmp_pos, &ctx);
	for (int k = 0; k < spec->nkeys; k++) {
		if (ctx.strs[k])
			for (uint32_t i = 0; i < n; i++)
				free(ctx.strs[k][i]);
		free(ctx.strs[k]);
		free(ctx.ints[k]);
	}
	free(scratch);
	return perm;
}

const uint32_t *order_get(int collection, const struct sort_spec *spec, uint32_t n, int *reverse)
{
	uint32_t *perm;

	*reverse = 0;
	if (spec->nkeys == 0)
		return NULL;
	/* created order is the natural order; ties never happen within one collection */
	if (spec->keys[0].field == SF_CREATED) {
		*reverse = spec->keys[0].desc;
		return NULL;
	}
	pthread_mutex_lock(&cache_lock);
	for (unsigned i = 0; i < MAX_CACHED; i++) {
		if (cache[i].perm && cache[i].collection == collection && cache[i].n == n &&
		    spec_equal(&cache[i].spec, spec)) {
			perm = cache[i].perm;
			pthread_mutex_unlock(&cache_lock);
			return perm;
		}
	}
	/* Computed under the lock: concurrent first requests wait rather than sort twice.
	 * Cached permutations are never freed while the server runs (a page in flight
	 * may still read one), so evicted slots are leaked on purpose, bounded by
	 * the number of distinct sort specs a test uses. */
	perm = compute(collection, spec, n);
	struct cached *slot = &cache[cache_next++ % MAX_CACHED];
	slot->collection = collection;
	slot->spec = *spec;
	slot->n = n;
	slot->perm = perm;
	pthread_mutex_unlock(&cache_lock);
	return perm;
}

uint32_t order_at(const uint32_t *perm, int reverse, uint32_t n, uint32_t pos)
{
	if (perm)
		return perm[pos];
	return reverse ? n - 1 - pos : pos;
}
