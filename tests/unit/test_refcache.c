/* test_refcache.c — the cache behind ref and sub columns, without the
 * network: names learned from walked rows, per tenant; tenant names from the
 * profile's customers; what cannot be had says so (-1) instead of waiting.
 * The worker and its requests are tested end to end (tests/e2e/ui-refs.sh). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "refcache.h"

static struct tt_provider *load_text(const char *text)
{
	char path[] = "/tmp/tt_ut_refcache_XXXXXX";
	struct tt_error e;
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	tt_error_clear(&e);
	struct tt_provider *p = provider_load_file(path, &e);
	unlink(path);
	if (!p)
		fail_msg("%s", e.message);
	return p;
}

static const char conf[] =
	"name = \"t\";\nauth = { scheme = \"api-key-header\"; };\npaging = { style = \"page-number\"; };\n"
	"resources = (\n"
	"  { name = \"dev\"; path = \"/dev\"; detail = \"/dev/{id}\";\n"
	"    columns = ( { title = \"ID\"; path = \"id\"; }, { title = \"NAME\"; path = \"name\"; },\n"
	"                { title = \"EUI\"; path = \"eui\"; sub = \"/dev/{id}/adapters\"; },\n"
	"                { title = \"CUSTOMER\"; path = \"clientId\"; ref = \"tenants\"; } ); },\n"
	"  { name = \"prj\"; path = \"/prj\"; columns = ( { title = \"NAME\"; path = \"name\"; } ); },\n"
	"  { name = \"dl\"; path = \"/dl\";\n"
	"    columns = ( { title = \"DEVICE\"; path = \"deviceId\"; ref = \"dev\"; },\n"
	"                { title = \"PROJECT\"; path = \"projectId\"; ref = \"prj\"; } ); } );\n";

/* rows as the session keeps them: "id\0cell\0…" back to back */
static size_t blob(char *buf, size_t at, const char *const *cells, int n)
{
	for (int i = 0; i < n; i++) {
		size_t l = strlen(cells[i]) + 1;
		memcpy(buf + at, cells[i], l);
		at += l;
	}
	return at;
}

static void test_names_learned_per_tenant(void **state)
{
	(void)state;
	struct tt_provider *p = load_text(conf);
	struct tt_profile prof = { 0 };
	struct tt_refcache *rc = refcache_new(NULL, p, &prof, NULL, NULL, NULL);
	char out[128], buf[512];
	size_t ends[2];
	const char *r1[] = { "d1", "d1", "pump 1", "", "c1" }, *r2[] = { "d2", "d2", "valve 2", "", "c1" };

	/* not known yet: asked for, not refused */
	assert_int_equal(refcache_get(rc, "", 2, 0, "dl1", "d1", out, sizeof out), 0);
	ends[0] = blob(buf, 0, r1, 5);
	ends[1] = blob(buf, ends[0], r2, 5);
	refcache_learn(rc, "", 0, buf, ends, 2);
	assert_int_equal(refcache_get(rc, "", 2, 0, "dl1", "d1", out, sizeof out), 1);
	assert_string_equal(out, "pump 1");
	assert_int_equal(refcache_get(rc, "", 2, 0, "dl9", "d2", out, sizeof out), 1);
	assert_string_equal(out, "valve 2");
	/* another tenant's rows are not this one's */
	assert_int_equal(refcache_get(rc, "79658ca8", 2, 0, "dl1", "d1", out, sizeof out), 0);
	/* an empty id has no name */
	assert_int_equal(refcache_get(rc, "", 2, 0, "dl1", "", out, sizeof out), -1);
	/* prj has no detail path: unknown until a projects list is walked */
	assert_int_equal(refcache_get(rc, "", 2, 1, "dl1", "p1", out, sizeof out), -1);
	/* dl is no ref target: learning from its rows keeps nothing */
	const char *r3[] = { "dl1", "d1", "p1" };
	ends[0] = blob(buf, 0, r3, 3);
	refcache_learn(rc, "", 2, buf, ends, 1);
	assert_int_equal(refcache_get(rc, "", 2, 0, "dl1", "dl1", out, sizeof out), 0);
	refcache_free(rc);
	provider_free(p);
}

static void test_tenant_names_from_profile(void **state)
{
	(void)state;
	struct tt_provider *p = load_text(conf);
	struct tt_profile prof = { 0 };
	char out[128];
	prof.customers[0].name = "Acme \x1b[31mBV";
	prof.customers[0].id = "1aa05765-4037-4f84-969c-0ed9e33d6feb";
	prof.ncustomers = 1;
	struct tt_refcache *rc = refcache_new(NULL, p, &prof, NULL, NULL, NULL);
	assert_int_equal(refcache_get(rc, "", 0, 3, "d1", "1AA05765-4037-4f84-969c-0ed9e33d6feb", out, sizeof out), 1);
	assert_null(strchr(out, '\x1b')); /* sanitised */
	assert_non_null(strstr(out, "Acme"));
	assert_int_equal(refcache_get(rc, "", 0, 3, "d1", "dc9acf93-e7a3-4194-a56b-0f30d09ae758", out, sizeof out), -1);
	refcache_free(rc);
	provider_free(p);
}

static void test_sub_cells_wait_and_queue(void **state)
{
	(void)state;
	struct tt_provider *p = load_text(conf);
	struct tt_profile prof = { 0 };
	struct tt_refcache *rc = refcache_new(NULL, p, &prof, NULL, NULL, NULL);
	struct tt_ctx ctx = { 0 };
	struct refcache_want w[2] = { { .res = 0, .col = 2 }, { .res = 2, .col = 1 } };
	char out[64];
	snprintf(w[0].row_id, sizeof w[0].row_id, "d1");
	snprintf(w[1].value, sizeof w[1].value, "p1");
	assert_int_equal(refcache_get(rc, "", 0, 2, "d1", "", out, sizeof out), 0);
	refcache_want(rc, &ctx, w, 2);   /* no worker here: queued, never sent */
	refcache_want(rc, &ctx, NULL, 0);
	assert_int_equal(refcache_sent(rc), 0);
	refcache_free(rc);
	refcache_free(NULL);
	provider_free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names_learned_per_tenant),
		cmocka_unit_test(test_tenant_names_from_profile),
		cmocka_unit_test(test_sub_cells_wait_and_queue),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
