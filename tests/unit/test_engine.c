/* test_engine.c — the engines against a real thingtop-sim (started here, on a
 * free loopback port, with a request log): each auth scheme
 * (oauth2-client-credentials with a single-flight token, api-key-header,
 * api-key-jwt with fresh tokens), each paging engine (cursor-links,
 * page-number sequential and parallel, delivered in order), each error format
 * (problem+json, Spring, GRIP text), and the session's fetch thread and model
 * (rows arrive, a newer query cancels the old one, progress is readable). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "api.h"
#include "config.h"
#include "provider.h"
#include "query.h"
#include "session.h"
#include "strbuf.h"
#include "walk.h"
#include "simfix.h"

#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* ---------- auth ---------- */

struct racer { struct fixture *fx; int rc; };

static void *race(void *arg)
{
	struct racer *r = arg;
	struct tt_api a;
	struct tt_error e = { 0 };
	struct tt_http_response resp = { 0 };
	if (api_thread_init(&a, &r->fx->shared, &e))
		return NULL;
	r->rc = api_call(&a, "GET", "/devices?limit=1", NULL, 0, &resp, &e);
	http_response_free(&resp);
	api_thread_free(&a);
	return NULL;
}

static void test_oauth2_single_flight(void **state)
{
	struct fixture fx;
	struct racer r[6];
	pthread_t th[6];
	(void)state;
	sim_start("--devices 50");
	open_profile(&fx, "kpn");
	for (int i = 0; i < 6; i++) {
		r[i] = (struct racer){ &fx, -1 };
		pthread_create(&th[i], NULL, race, &r[i]);
	}
	for (int i = 0; i < 6; i++) {
		pthread_join(th[i], NULL);
		assert_int_equal(r[i].rc, 0);
	}
	assert_int_equal(log_count("path=/api/v3/idp/oidc/token", NULL), 1); /* one token for six threads */
	assert_int_equal(log_count("path=/devices?limit=1 ", "auth=bearer:"), 6);
	assert_true(api_token_remaining(&fx.shared) > 3000);
	close_profile(&fx);
	sim_stop();
}

static void test_api_key_header_and_fresh_jwt(void **state)
{
	struct fixture ak, pa;
	struct tt_error e = { 0 };
	struct tt_http_response r = { 0 };
	(void)state;
	sim_start("--devices 50");
	open_profile(&ak, "akenza");
	assert_int_equal(api_call(&ak.api, "GET", "/v3/organizations?size=1", NULL, 0, &r, &e), 0);
	assert_int_equal(log_count("path=/v3/organizations", "auth=apikey"), 1);
	open_profile(&pa, "partner");
	/* a list call and two fresh-token calls: three JWTs, each used once */
	assert_int_equal(api_call(&pa.api, "GET", "/v1/invitations?size=1", NULL, 0, &r, &e), 0);
	for (int i = 0; i < 2; i++)
		assert_int_equal(api_call(&pa.api, "GET", "/v1/invitations?size=2", NULL, API_FRESH_TOKEN, &r, &e), 0);
	assert_int_equal(log_count("method=POST path=/auth ", NULL), 3);
	assert_int_equal(log_count("path=/v1/invitations?size=2 ", "auth=jwt:"), 2);
	http_response_free(&r);
	close_profile(&ak);
	close_profile(&pa);
	sim_stop();
}

/* ---------- errors ---------- */

static void test_error_formats(void **state)
{
	struct fixture kpn, ak;
	struct tt_error e = { 0 };
	struct tt_http_response r = { 0 };
	(void)state;
	sim_start("--devices 50");
	open_profile(&kpn, "kpn");
	/* problem+json */
	assert_int_equal(api_call(&kpn.api, "GET", "/devices?limit=0", NULL, API_NO_RETRY, &r, &e), -1);
	assert_int_equal(e.status, 400);
	assert_non_null(strstr(e.message, "greater than zero"));
	/* akenza Spring body, with a restricted key */
	open_profile(&ak, "akenza");
	memset(&e, 0, sizeof e);
	assert_int_equal(api_call(&ak.api, "GET", "/v3/nothing-here", NULL, API_NO_RETRY, &r, &e), -1);
	assert_true(e.status == 404 || e.status == 400);
	assert_true(strlen(e.message) > 10);
	http_response_free(&r);
	close_profile(&kpn);
	close_profile(&ak);
	sim_stop();
	/* GRIP's text for a wrong secret, with the hint a person can act on */
	sim_start("--devices 10");
	char cmd[600];
	snprintf(cmd, sizeof cmd, "sed -i '0,/client_secret = \"[^\"]*\"/s//client_secret = \"wrong\"/' '%s'", cfg_path);
	assert_int_equal(system(cmd), 0);
	open_profile(&kpn, "kpn");
	memset(&e, 0, sizeof e);
	assert_int_equal(api_call(&kpn.api, "GET", "/devices", NULL, 0, &r, &e), -1);
	assert_non_null(strstr(e.message, "Feature user does not exist anymore."));
	assert_true(strstr(e.hint, "key id") || strstr(e.hint, "secret"));
	assert_null(strstr(e.message, "wrong"));
	http_response_free(&r);
	close_profile(&kpn);
	sim_stop();
}

/* ---------- paging ---------- */

struct collect { unsigned long items, pages, last_number; int in_order; };

static int on_page(void *ud, const struct walk_page *pg, struct tt_error *e)
{
	struct collect *c = ud;
	(void)e;
	if (c->pages && pg->number != c->last_number + 1)
		c->in_order = 0;
	c->last_number = pg->number;
	c->pages++;
	c->items += pg->nitems;
	return 0;
}

static void walk_sized(struct fixture *fx, const char *res_name, long limit, long next_limit, int parallel,
		       struct collect *c)
{
	struct tt_error e = { 0 };
	struct strbuf first = { 0 };
	struct walk_stats st = { 0 };
	const struct tt_resource *res = provider_resource(fx->prov, res_name, &e);
	struct tt_query q = { .limit = limit };
	assert_non_null(res);
	assert_int_equal(query_build(&fx->api, res, &q, &first, &e), 0);
	*c = (struct collect){ .in_order = 1 };
	if (walk_run(&fx->api, res->items ? res->items : fx->prov->items, first.s, parallel, next_limit, on_page, c, &st, &e))
		fail_msg("walk %s: %s", res_name, e.message);
	assert_int_equal(st.items, c->items);
	sb_free(&first);
}

static void walk(struct fixture *fx, const char *res_name, long limit, int parallel, struct collect *c)
{
	walk_sized(fx, res_name, limit, 0, parallel, c);
}

/* A cursor link followed with another page size: the limit replaced where the
 * link repeats one, added where it carries only the cursor. */
static void test_link_limit(void **state)
{
	struct strbuf b = { 0 };
	(void)state;
	walk_link_limit(&b, "https://api.kpnthings.com/devices?cursor=abc123", "limit", 1000);
	assert_string_equal(b.s, "https://api.kpnthings.com/devices?cursor=abc123&limit=1000");
	walk_link_limit(&b, "http://h:1/devices?limit=50&sort=-name&cursor=c1", "limit", 1000);
	assert_string_equal(b.s, "http://h:1/devices?limit=1000&sort=-name&cursor=c1");
	walk_link_limit(&b, "http://h/devices?cursor=c1&limit=50", "limit", 7);
	assert_string_equal(b.s, "http://h/devices?cursor=c1&limit=7");
	walk_link_limit(&b, "http://h/devices?limitless=1&xlimit=2&cursor=c", "limit", 9);
	assert_string_equal(b.s, "http://h/devices?limitless=1&xlimit=2&cursor=c&limit=9");
	walk_link_limit(&b, "http://h/devices", "limit", 9);
	assert_string_equal(b.s, "http://h/devices?limit=9");
	walk_link_limit(&b, "http://h/devices?", "limit", 9);
	assert_string_equal(b.s, "http://h/devices?limit=9");
	walk_link_limit(&b, "http://h/devices?cursor=c&", "limit", 9);
	assert_string_equal(b.s, "http://h/devices?cursor=c&limit=9");
	walk_link_limit(&b, "http://h/devices?cursor=c#x?limit=1", "limit", 9);
	assert_string_equal(b.s, "http://h/devices?cursor=c&limit=9#x?limit=1");
	walk_link_limit(&b, "http://h/devices#f?cursor=c", "limit", 9);
	assert_string_equal(b.s, "http://h/devices?limit=9#f?cursor=c");
	walk_link_limit(&b, "/d?limit&cursor=c", "limit", 3);
	assert_string_equal(b.s, "/d?limit=3&cursor=c");
	sb_free(&b);
}

static void test_paging_engines(void **state)
{
	struct fixture kpn, ak;
	struct collect c;
	(void)state;
	sim_start("--devices 1234");
	open_profile(&kpn, "kpn");
	walk(&kpn, "devices", 100, 1, &c); /* cursor-links */
	assert_int_equal(c.items, 1234);
	assert_int_equal(c.pages, 13);
	assert_true(c.in_order);
	/* a small first page, then bigger ones: the cursor followed with limit=1000 */
	int before_kpn = log_count("path=/devices?", NULL);
	walk_sized(&kpn, "devices", 100, 1000, 1, &c);
	assert_int_equal(c.items, 1234);
	assert_int_equal(c.pages, 3);
	assert_true(c.in_order);
	assert_int_equal(log_count("path=/devices?", NULL) - before_kpn, 3);
	assert_int_equal(log_count("path=/devices?limit=1000&cursor=", NULL), 2);
	open_profile(&ak, "akenza");
	walk(&ak, "assets", 50, 1, &c); /* page-number, sequential */
	assert_int_equal(c.items, 1234);
	assert_int_equal(c.pages, 25);
	assert_true(c.in_order);
	int before = log_count("path=/v3/assets?", NULL);
	walk(&ak, "assets", 50, 4, &c); /* page-number, 4 connections, delivered in order */
	assert_int_equal(c.items, 1234);
	assert_int_equal(c.pages, 25);
	assert_true(c.in_order);
	assert_int_equal(log_count("path=/v3/assets?", NULL) - before, 25);
	close_profile(&kpn);
	close_profile(&ak);
	sim_stop();
}

/* Several walks at once on one profile (a fan-out, e.g. one walk per
 * customer) share its token bucket: the partner API answers 429 above 6
 * calls/s, the provider file keeps under it (5.5/s, burst 3), and three
 * parallel walks of two connections each together stay under it: no 429 in
 * the simulator's log and no retry. */
struct fan { struct fixture *fx; struct collect c; int rc; char err[256]; };

static void *fan_walk(void *arg)
{
	struct fan *f = arg;
	struct tt_api api;
	struct tt_error e = { 0 };
	struct strbuf first = { 0 };
	struct walk_stats st;
	const struct tt_resource *res = provider_resource(f->fx->prov, "invitations", &e);
	struct tt_query q = { .limit = 20 };

	f->c = (struct collect){ .in_order = 1 };
	f->rc = -1;
	if (res && api_thread_init(&api, &f->fx->shared, &e) == 0) {
		if (query_build(&api, res, &q, &first, &e) == 0)
			f->rc = walk_run(&api, res->items ? res->items : f->fx->prov->items, first.s, f->fx->prov->parallel,
					 0, on_page, &f->c, &st, &e);
		api_thread_free(&api);
	}
	snprintf(f->err, sizeof f->err, "%s", e.message);
	sb_free(&first);
	return NULL;
}

static void test_fanout_shares_rate_limit(void **state)
{
	struct fixture pa;
	struct fan f[3];
	pthread_t th[3];
	(void)state;
	sim_start("");
	open_profile(&pa, "partner");
	assert_true(pa.prov->rate > 0 && pa.prov->rate < 6.0);
	assert_true(pa.prov->parallel >= 2);
	for (int i = 0; i < 3; i++) {
		f[i].fx = &pa;
		assert_int_equal(pthread_create(&th[i], NULL, fan_walk, &f[i]), 0);
	}
	for (int i = 0; i < 3; i++) {
		pthread_join(th[i], NULL);
		if (f[i].rc)
			fail_msg("walk %d: %s", i, f[i].err);
		assert_int_equal(f[i].c.items, 150); /* PARTNER_GENERATED_INVITATIONS */
		assert_int_equal(f[i].c.pages, 8);
		assert_true(f[i].c.in_order);
	}
	assert_int_equal(log_count("path=/v1/invitations?", NULL), 24);
	assert_int_equal(log_count("status=429", NULL), 0);
	assert_int_equal(__atomic_load_n(&pa.shared.retries, __ATOMIC_RELAXED), 0);
	close_profile(&pa);
	sim_stop();
}

/* ---------- fetch thread and model ---------- */

static void wait_done(struct tt_session *s, struct session_progress *p, unsigned long gen_at_least)
{
	for (int i = 0; i < 300; i++) {
		struct pollfd pf = { session_wake_fd(s), POLLIN, 0 };
		poll(&pf, 1, 100);
		session_drain_wake(s);
		session_progress(s, p);
		if (!p->loading && p->generation >= gen_at_least)
			return;
	}
	fail_msg("the fetch thread did not finish");
}

static void test_session_model_and_cancel(void **state)
{
	struct tt_options o = { .format = "jsonl", .profile = "kpn" };
	struct tt_error e = { 0 };
	struct session_progress p;
	(void)state;
	sim_start("--devices 600 --latency-ms 40");
	o.config_path = cfg_path;
	struct tt_session *s = session_open(&o, &e);
	if (!s)
		fail_msg("%s", e.message);
	const struct tt_provider *prov = session_provider(s);
	int devices = -1, groups = -1;
	for (int i = 0; i < prov->nres; i++) {
		if (!strcmp(prov->res[i].name, "devices"))
			devices = i;
		if (!strcmp(prov->res[i].name, "device-groups"))
			groups = i;
	}
	assert_true(devices >= 0 && groups >= 0);
	/* a slow walk of devices, cancelled at once by a query for groups */
	session_query(s, devices, NULL, NULL, NULL, NULL);
	usleep(60000);
	session_query(s, groups, NULL, NULL, NULL, NULL);
	wait_done(s, &p, 2);
	assert_true(p.done);
	assert_int_equal(session_resource_index(s), groups);
	session_lock(s);
	size_t n = session_nrows(s);
	session_unlock(s);
	assert_true(n > 0 && n < 100); /* groups, not devices */
	assert_true(log_count("path=/devices?", NULL) < 12); /* the devices walk stopped early */
	/* a full walk: rows and progress */
	session_query(s, devices, "-createdAt", NULL, NULL, NULL);
	/* progress is readable while the walk runs: pages and rows grow */
	int seen_midway = 0;
	for (int i = 0; i < 200 && !seen_midway; i++) {
		usleep(10000);
		session_progress(s, &p);
		if (p.generation >= 3 && p.loading && p.pages >= 1 && p.rows > 0 && p.rows < 600)
			seen_midway = 1;
	}
	assert_true(seen_midway);
	wait_done(s, &p, 3);
	assert_false(p.failed);
	assert_int_equal(p.error[0], '\0');
	assert_true(p.done);
	assert_int_equal(p.rows, 600);
	session_lock(s);
	assert_int_equal(session_nrows(s), 600);
	assert_int_equal(strlen(session_row_id(s, 0)), 36);
	assert_true(strlen(session_cell(s, 0, 0)) > 0);
	session_unlock(s);
	assert_true(log_count("sort=-createdAt", NULL) >= 1);
	session_close(s);
	sim_stop();
}

/* ---------- defences on the wire (make mutants: ORIGIN_PIN, RETRY_AFTER, RATE_LIMIT) ---------- */

/* seconds between each status=429 line and the next request line of the same path */
static double min_gap_after_429(const char *path, int *n429)
{
	char line[4096], want[300];
	double t429 = -1, gap = 1e9, ts;
	FILE *f = fopen(sim_log, "r");
	*n429 = 0;
	if (!f)
		return -1;
	snprintf(want, sizeof want, "path=%s ", path);
	while (fgets(line, sizeof line, f)) {
		if (!strstr(line, want) || sscanf(line, "ts=%lf", &ts) != 1)
			continue;
		if (t429 >= 0 && ts - t429 < gap)
			gap = ts - t429;
		t429 = strstr(line, " status=429 ") ? ts : -1;
		if (t429 >= 0)
			(*n429)++;
	}
	fclose(f);
	return gap;
}

static void test_wire_defences(void **state)
{
	struct fixture kpn, pa;
	struct tt_error e = { 0 };
	struct tt_http_response r = { 0 };
	char url[600];
	int n429 = 0;
	(void)state;
	sim_start("--devices 20 --fault 429:0.4");
	open_profile(&kpn, "kpn");
	/* a next link on another origin: refused before anything is sent, no credentials leave */
	snprintf(url, sizeof url, "http://127.0.0.1:1/devices?limit=1&next=%s", kpn.shared.base_url);
	assert_int_equal(api_call(&kpn.api, "GET", url, NULL, API_NO_RETRY, &r, &e), -1);
	assert_non_null(strstr(e.message, "refusing to send credentials"));
	/* a 429 with Retry-After: 1 waits that second (the backoff would be 0.25 s) */
	for (int i = 0; i < 8; i++) {
		memset(&e, 0, sizeof e);
		if (api_call(&kpn.api, "GET", "/devices?limit=1", NULL, 0, &r, &e))
			fail_msg("GET under 429:0.4: %s", e.message);
	}
	double gap = min_gap_after_429("/devices?limit=1", &n429);
	assert_true(n429 > 0);
	if (gap < 0.9)
		fail_msg("a retry %.3f s after a 429 with Retry-After: 1", gap);
	close_profile(&kpn);
	sim_stop();
	/* the partner API allows 6 calls/s: the client's limiter keeps a burst of 12 under it */
	sim_start("--devices 20");
	open_profile(&pa, "partner");
	for (int i = 0; i < 12; i++) {
		memset(&e, 0, sizeof e);
		if (api_call(&pa.api, "GET", "/v1/invitations?size=1", NULL, 0, &r, &e))
			fail_msg("partner GET: %s", e.message);
	}
	assert_int_equal(log_count(" status=429 ", NULL), 0);
	http_response_free(&r);
	close_profile(&pa);
	sim_stop();
}

/* an assertion jumps out of the test: stop its simulator anyway */
static int teardown_sim(void **state)
{
	(void)state;
	if (sim_pid > 0)
		sim_stop();
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_oauth2_single_flight, teardown_sim),
		cmocka_unit_test_teardown(test_api_key_header_and_fresh_jwt, teardown_sim),
		cmocka_unit_test_teardown(test_error_formats, teardown_sim),
		cmocka_unit_test(test_link_limit),
		cmocka_unit_test_teardown(test_paging_engines, teardown_sim),
		cmocka_unit_test_teardown(test_fanout_shares_rate_limit, teardown_sim),
		cmocka_unit_test_teardown(test_session_model_and_cancel, teardown_sim),
		cmocka_unit_test_teardown(test_wire_defences, teardown_sim),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
