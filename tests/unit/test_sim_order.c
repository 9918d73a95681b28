/* test_sim_order.c — the simulator's ordering engine (src/sim/order.c), which
 * every paged list and its cursors rest on: for every sort spec the order is a
 * permutation (each index exactly once, so a cursor walk returns every item
 * once), sorted by the keys with descending ones reversed, ties broken by
 * index (stable, so pages never shuffle between requests); the natural
 * created order costs nothing; -createdAt is the natural order reversed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "sim.h"

#include <stdlib.h>
#include <string.h>

struct sim g_sim; /* order.c's users live in server.c; the engine itself needs none of it */

#define N 5000
static char names[N][16], ids[N][16];

static void item(uint32_t i, int64_t *created, int64_t *modified, const char **name, const char **id,
		 const char **barcode, void *scratch)
{
	(void)scratch;
	*created = 1000 + (int64_t)i;               /* natural order = created ascending */
	*modified = 5000 - (int64_t)(i * 7919 % N);
	*name = names[i];
	*id = ids[i];
	*barcode = i % 3 ? ids[i] : NULL;
}

static int setup(void **state)
{
	(void)state;
	for (int i = 0; i < N; i++) {
		snprintf(names[i], sizeof names[i], "dev-%03d", (i * 37) % 500);   /* many ties */
		snprintf(ids[i], sizeof ids[i], "%08x", (unsigned)(i * 2654435761u));
	}
	order_register(1, item, 0);
	return 0;
}

static void check(const struct sort_spec *spec)
{
	int reverse = 0;
	const uint32_t *perm = order_get(1, spec, N, &reverse);
	char *seen = calloc(N, 1);
	uint32_t prev = 0;

	assert_non_null(seen);
	for (uint32_t pos = 0; pos < N; pos++) {
		uint32_t i = order_at(perm, reverse, N, pos);
		assert_true(i < N);
		assert_false(seen[i]); /* every index exactly once */
		seen[i] = 1;
		if (pos) {
			int cmp = 0;
			for (int k = 0; k < spec->nkeys && !cmp; k++) {
				int64_t c1, m1, c2, m2;
				const char *n1, *d1, *b1, *n2, *d2, *b2;
				item(prev, &c1, &m1, &n1, &d1, &b1, NULL);
				item(i, &c2, &m2, &n2, &d2, &b2, NULL);
				switch (spec->keys[k].field) {
				case SF_CREATED: cmp = (c1 > c2) - (c1 < c2); break;
				case SF_MODIFIED: cmp = (m1 > m2) - (m1 < m2); break;
				case SF_NAME: cmp = strcmp(n1, n2); break;
				case SF_ID: cmp = strcmp(d1, d2); break;
				case SF_BARCODE: cmp = strcmp(b1 ? b1 : "", b2 ? b2 : ""); break;
				}
				if (spec->keys[k].desc)
					cmp = -cmp;
			}
			if (!cmp && !(spec->nkeys == 1 && spec->keys[0].field == SF_CREATED && spec->keys[0].desc))
				cmp = (prev > i) - (prev < i); /* ties: by index */
			if (cmp > 0)
				fail_msg("position %u: %u before %u breaks the order", pos, prev, i);
		}
		prev = i;
	}
	free(seen);
}

static void test_natural_and_reverse(void **state)
{
	struct sort_spec asc = { { { SF_CREATED, 0 } }, 1 }, desc = { { { SF_CREATED, 1 } }, 1 };
	int reverse = -1;
	(void)state;
	assert_null(order_get(1, &asc, N, &reverse)); /* no permutation needed */
	assert_int_equal(order_at(NULL, 0, N, 0), 0);
	assert_int_equal(order_at(NULL, 1, N, 0), N - 1);
	check(&asc);
	check(&desc);
}

static void test_every_spec_is_a_stable_permutation(void **state)
{
	static const struct sort_spec specs[] = {
		{ { { SF_NAME, 0 } }, 1 },
		{ { { SF_NAME, 1 } }, 1 },
		{ { { SF_NAME, 0 }, { SF_ID, 1 } }, 2 },
		{ { { SF_MODIFIED, 1 }, { SF_NAME, 0 } }, 2 },
		{ { { SF_BARCODE, 0 }, { SF_CREATED, 1 } }, 2 },
		{ { { SF_ID, 0 } }, 1 },
	};
	(void)state;
	for (size_t s = 0; s < sizeof specs / sizeof specs[0]; s++)
		check(&specs[s]);
}

static void test_cached_and_repeatable(void **state)
{
	struct sort_spec spec = { { { SF_NAME, 0 }, { SF_ID, 0 } }, 2 };
	int r1, r2;
	(void)state;
	const uint32_t *a = order_get(1, &spec, N, &r1);
	const uint32_t *b = order_get(1, &spec, N, &r2);
	assert_non_null(a);
	assert_ptr_equal(a, b); /* computed once, then served from the cache */
	/* a different fleet size is another order */
	const uint32_t *c = order_get(1, &spec, N / 2, &r1);
	assert_non_null(c);
	for (uint32_t pos = 0; pos < N / 2; pos++)
		assert_true(order_at(c, r1, N / 2, pos) < N / 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_natural_and_reverse),
		cmocka_unit_test(test_every_spec_is_a_stable_permutation),
		cmocka_unit_test(test_cached_and_repeatable),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
