/* test_session.c — request-log proofs against a real thingtop-sim (started
 * here): a 401 on a cached token costs exactly one token refetch and one retry;
 * the partner's invite action (fresh_token = true), driven through
 * session_action, sends a new JWT on every POST (two POSTs, two JWT ids in the
 * simulator's log, no 401); a KPN session in a customer context sends the
 * reseller header on every call. The simulator is killed in each teardown, also
 * when an assertion fails. */
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
#include <time.h>
#include <unistd.h>

static int teardown_sim(void **state)
{
	(void)state;
	if (sim_pid > 0)
		sim_stop();
	sim_pid = 0;
	return 0;
}

/* the value of field K (e.g. "auth=") on the log lines matching A and B */
static int log_fields(const char *a, const char *b, const char *k, char out[][64], int max)
{
	char line[4096];
	int n = 0;
	FILE *f = fopen(sim_log, "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof line, f) && n < max) {
		char *p;
		if (!strstr(line, a) || (b && !strstr(line, b)) || !(p = strstr(line, k)))
			continue;
		p += strlen(k);
		snprintf(out[n], 64, "%.*s", (int)strcspn(p, " \n"), p);
		n++;
	}
	fclose(f);
	return n;
}

/* A token the simulator no longer knows (it was restarted on the same port):
 * the call gets a 401, fetches one new token and succeeds on the retry. */
static void test_401_refetches_once(void **state)
{
	struct fixture fx;
	struct tt_error e = { 0 };
	struct tt_http_response r = { 0 };
	char port[16], extra[64], line[4096];
	(void)state;
	sim_start("--devices 20");
	open_profile(&fx, "kpn");
	assert_int_equal(api_call(&fx.api, "GET", "/devices?limit=1", NULL, 0, &r, &e), 0);
	assert_int_equal(log_count("path=/api/v3/idp/oidc/token", NULL), 1);
	/* restart the simulator on the same port: the cached token is now unknown */
	FILE *f = fopen(cfg_path, "r");
	assert_non_null(f);
	port[0] = '\0';
	while (fgets(line, sizeof line, f)) {
		char *p = strstr(line, "http://127.0.0.1:");
		if (p) {
			snprintf(port, sizeof port, "%.*s", (int)strspn(p + 17, "0123456789"), p + 17);
			break;
		}
	}
	fclose(f);
	assert_true(port[0] != '\0');
	sim_stop();
	snprintf(extra, sizeof extra, "--devices 20 --port %s", port);
	for (int i = 0; i < 50; i++) { /* the port may linger for a moment */
		char cmd[600];
		snprintf(tmpdir, sizeof tmpdir, "/tmp/test_session.XXXXXX");
		assert_non_null(mkdtemp(tmpdir));
		snprintf(sim_log, sizeof sim_log, "%s/sim.log", tmpdir);
		snprintf(cmd, sizeof cmd, "'%s' %s --log '%s' >%s/out 2>&1 & echo $! >%s/pid; sleep 0.2; grep -q listening %s/out",
			 getenv("THINGTOP_SIM"), extra, sim_log, tmpdir, tmpdir, tmpdir);
		if (system(cmd) == 0) {
			char pidf[300];
			snprintf(pidf, sizeof pidf, "%s/pid", tmpdir);
			FILE *pf = fopen(pidf, "r");
			assert_non_null(pf);
			assert_int_equal(fscanf(pf, "%d", &sim_pid), 1);
			fclose(pf);
			break;
		}
		snprintf(cmd, sizeof cmd, "kill $(cat %s/pid) 2>/dev/null; rm -rf %s", tmpdir, tmpdir);
		assert_true(system(cmd) >= 0);
		assert_true(i < 49);
	}
	memset(&e, 0, sizeof e);
	int rc = api_call(&fx.api, "GET", "/devices?limit=2", NULL, 0, &r, &e);
	if (rc)
		fail_msg("after a 401: %s", e.message);
	assert_int_equal(log_count("path=/devices?limit=2 ", "status=401"), 1);
	assert_int_equal(log_count("path=/api/v3/idp/oidc/token", NULL), 1); /* one refetch */
	assert_int_equal(log_count("path=/devices?limit=2 ", "status=200"), 1);
	/* a wrong secret stays wrong: one token request, no loop */
	http_response_free(&r);
	close_profile(&fx);
	/* kill the restarted simulator (not our child: no waitpid) */
	kill(sim_pid, SIGTERM);
	char cmd[300];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
	assert_true(system(cmd) >= 0);
	sim_pid = 0;
}

static void wait_op(struct tt_session *s, struct session_op_result *res)
{
	for (int i = 0; i < 200; i++) {
		session_op_result(s, res);
		if (res->state >= 2)
			return;
		free(res->text);
		usleep(50000);
	}
	fail_msg("the action did not finish");
}

/* The invite action through the session: each POST has its own new JWT. */
static void test_invite_fresh_jwt(void **state)
{
	struct tt_options o = { .format = "jsonl", .profile = "partner" };
	struct tt_error e = { 0 };
	struct session_op_result res;
	char auth[4][64];
	(void)state;
	sim_start("--devices 20");
	o.config_path = cfg_path;
	struct tt_session *s = session_open(&o, &e);
	if (!s)
		fail_msg("%s", e.message);
	const struct tt_provider *prov = session_provider(s);
	const struct tt_action *invite = NULL;
	for (int i = 0; i < prov->nres; i++)
		for (int j = 0; j < prov->res[i].nactions; j++)
			if (!strcmp(prov->res[i].actions[j].name, "invite"))
				invite = &prov->res[i].actions[j];
	assert_non_null(invite);
	assert_true(invite->fresh_token);
	const char *v1[] = { "Acme BV", "12345678", "a@example.com" };
	const char *v2[] = { "Beta BV", "87654321", "b@example.com" };
	assert_int_equal(session_action(s, invite, NULL, v1, NULL, &e), 0);
	wait_op(s, &res);
	if (res.state != 2)
		fail_msg("first invite: %s", res.err.message);
	free(res.text);
	assert_int_equal(session_action(s, invite, NULL, v2, NULL, &e), 0);
	wait_op(s, &res);
	if (res.state != 2)
		fail_msg("second invite: %s", res.err.message);
	free(res.text);
	session_close(s);
	assert_int_equal(log_fields("method=POST path=/v1/invitations ", NULL, "auth=", auth, 4), 2);
	assert_non_null(strstr(auth[0], "jwt:"));
	assert_non_null(strstr(auth[1], "jwt:"));
	assert_string_not_equal(auth[0], auth[1]);
	assert_int_equal(log_count("method=POST path=/v1/invitations ", "status=401"), 0);
	assert_int_equal(log_count("method=POST path=/v1/invitations ", "status=20"), 2);
	/* every POST had a JWT issued for it */
	assert_true(log_count("method=POST path=/auth ", "status=200") >= 2);
	/* --read-only: the session refuses the write itself (not only the UI), nothing sent */
	o.read_only = 1;
	if (!(s = session_open(&o, &e)))
		fail_msg("%s", e.message);
	prov = session_provider(s);
	for (int i = 0; i < prov->nres; i++)
		for (int j = 0; j < prov->res[i].nactions; j++)
			if (!strcmp(prov->res[i].actions[j].name, "invite"))
				invite = &prov->res[i].actions[j];
	memset(&e, 0, sizeof e);
	assert_int_equal(session_action(s, invite, NULL, v1, NULL, &e), -1);
	assert_non_null(strstr(e.message, "read-only"));
	session_close(s);
	assert_int_equal(log_count("method=POST path=/v1/invitations ", NULL), 2);
}

/* A KPN session in a customer context: the reseller header on every call. */
static void test_context_header_every_call(void **state)
{
	struct tt_options o = { .format = "jsonl", .profile = "kpn" };
	struct tt_error e = { 0 };
	struct session_progress p;
	char ctx[64], want[80];
	(void)state;
	sim_start("--devices 300 --customers 3");
	FILE *f = popen("\"$THINGTOP_SIM\" --print-credentials | sed -n 's/^KPN_CUSTOMER_IDS=\\([^,]*\\).*/\\1/p'", "r");
	assert_non_null(f);
	assert_non_null(fgets(ctx, sizeof ctx, f));
	pclose(f);
	ctx[strcspn(ctx, "\n")] = '\0';
	assert_int_equal(strlen(ctx), 36);
	o.config_path = cfg_path;
	o.context = ctx;
	struct tt_session *s = session_open(&o, &e);
	if (!s)
		fail_msg("%s", e.message);
	const struct tt_provider *prov = session_provider(s);
	for (int i = 0; i < prov->nres; i++) {
		session_progress(s, &p);
		unsigned long gen = p.generation;
		/* the context is given with the first query only: it stays */
		session_query(s, i, NULL, NULL, NULL, i == 0 ? ctx : NULL);
		for (int k = 0; k < 300; k++) {
			usleep(20000);
			session_progress(s, &p);
			if (!p.loading && p.generation > gen)
				break;
		}
		assert_true(p.generation > gen);
	}
	int nres = prov->nres;
	session_close(s);
	snprintf(want, sizeof want, " ctx=%s ", ctx);
	int calls = log_count("method=GET", NULL), with = log_count("method=GET", want);
	if (calls < nres)
		fail_msg("%d GETs for %d resources", calls, nres);
	if (with != calls) {
		int with2 = log_count("method=GET", ctx);
		fail_msg("%d of %d GETs carried the reseller header (%d mention it)", with, calls, with2);
	}
}

/* Following a write (issue 14 item 5): a KPN downlink sent in a customer
 * context is merged into the downlinks on screen at once (one more row, no
 * list request after the POST) and polled at its detail, in that customer's
 * context, until a final state, which the row then shows too. */
static void test_follow_write(void **state)
{
	struct tt_options o = { .format = "jsonl", .profile = "kpn" };
	struct tt_error e = { 0 };
	struct session_progress p;
	struct session_op_result res;
	struct session_follow f;
	char ctx[64], want[80];
	(void)state;
	sim_start("--devices 40 --customers 2");
	FILE *pf = popen("\"$THINGTOP_SIM\" --print-credentials | sed -n 's/^KPN_CUSTOMER_IDS=\\([^,]*\\).*/\\1/p'", "r");
	assert_non_null(pf);
	assert_non_null(fgets(ctx, sizeof ctx, pf));
	pclose(pf);
	ctx[strcspn(ctx, "\n")] = '\0';
	o.config_path = cfg_path;
	struct tt_session *s = session_open(&o, &e);
	if (!s)
		fail_msg("%s", e.message);
	const struct tt_provider *prov = session_provider(s);
	int dl = -1;
	for (int i = 0; i < prov->nres; i++)
		if (!strcmp(prov->res[i].name, "downlinks"))
			dl = i;
	assert_true(dl >= 0);
	const struct tt_action *a = resource_action(&prov->res[dl], "downlink");
	assert_non_null(a);
	assert_non_null(a->follow);
	/* a device of the customer's, then the downlinks list */
	char dev[64] = "";
	for (int step = 0; step < 2; step++) {
		unsigned long gen;
		session_progress(s, &p);
		gen = p.generation;
		session_query(s, step ? dl : 0, NULL, NULL, NULL, step ? NULL : ctx);
		for (int k = 0; k < 500; k++) {
			usleep(20000);
			session_progress(s, &p);
			if (p.done && p.generation > gen)
				break;
		}
		assert_true(p.done);
		if (!step) {
			session_lock(s);
			snprintf(dev, sizeof dev, "%s", session_row_id(s, 0));
			session_unlock(s);
		}
	}
	assert_int_equal(strlen(dev), 36);
	session_lock(s);
	size_t before = session_nrows(s);
	session_unlock(s);
	const char *values[] = { dev, "0a" };
	assert_int_equal(session_action(s, a, NULL, values, NULL, &e), 0);
	wait_op(s, &res);
	if (res.state != 2)
		fail_msg("downlink: %s", res.err.message);
	free(res.text);
	/* the created downlink is a row at once, and then reaches a final state */
	size_t after = before;
	int final = 0;
	for (int k = 0; k < 600 && !final; k++) {
		usleep(50000);
		session_lock(s);
		after = session_nrows(s);
		session_unlock(s);
		session_follow(s, &f);
		final = !f.active && f.nstates >= 2;
	}
	assert_int_equal(after, before + 1);
	if (!final)
		fail_msg("not followed to a final state: %d states, note '%s'", f.nstates, f.note);
	assert_string_equal(f.states[0], "QUEUED");
	assert_true(!strcmp(f.states[f.nstates - 1], "DELIVERED") || !strcmp(f.states[f.nstates - 1], "FAILED"));
	assert_string_equal(f.what, "downlink");
	assert_int_equal(strlen(f.id), 36);
	/* the row comes to show the final state (the STATUS column, the third):
	 * the fetch thread merges it just after the follow thread saw it */
	int found = 0, same = 0;
	char cell[64] = "";
	for (int k = 0; k < 200 && !same; k++) {
		session_lock(s);
		for (size_t i = 0; i < session_nrows(s); i++)
			if (!strcmp(session_row_id(s, i), f.id)) {
				found = 1;
				snprintf(cell, sizeof cell, "%s", session_cell(s, i, 2));
			}
		session_unlock(s);
		same = !strcmp(cell, f.states[f.nstates - 1]);
		if (!same)
			usleep(20000);
	}
	assert_true(found);
	assert_string_equal(cell, f.states[f.nstates - 1]);
	session_close(s);
	/* every poll went to the downlink's detail in the customer's context */
	char path[80];
	snprintf(path, sizeof path, "method=GET path=/downlinks/%s ", f.id);
	snprintf(want, sizeof want, " ctx=%s ", ctx);
	int polls = log_count(path, NULL);
	assert_true(polls >= 2);
	assert_int_equal(log_count(path, want), polls);
	/* no list request after the POST */
	char line[4096];
	int posted = 0, lists_after = 0;
	FILE *lf = fopen(sim_log, "r");
	assert_non_null(lf);
	while (fgets(line, sizeof line, lf)) {
		if (strstr(line, "method=POST path=/downlinks "))
			posted = 1;
		else if (posted && strstr(line, "path=/downlinks?"))
			lists_after++;
	}
	fclose(lf);
	assert_int_equal(posted, 1);
	assert_int_equal(lists_after, 0);
}

/* A refused tenant changes nothing on screen (issue 15): the loaded rows and
 * the tenant stay, the error shows, and the next good switch works. */
static void test_refused_context_keeps_rows(void **state)
{
	struct tt_options o = { .format = "jsonl", .profile = "kpn" };
	struct tt_error e = { 0 };
	struct session_progress p;
	char label[160], id[64];
	(void)state;
	sim_start("--devices 120 --customers 3");
	o.config_path = cfg_path;
	o.context = "Acme BV";
	struct tt_session *s = session_open(&o, &e);
	if (!s)
		fail_msg("%s", e.message);
	session_query(s, 0, NULL, NULL, NULL, "Acme BV");
	for (int k = 0; k < 500; k++) {
		usleep(20000);
		session_progress(s, &p);
		if (p.done)
			break;
	}
	assert_true(p.done);
	session_lock(s);
	size_t before = session_nrows(s);
	session_unlock(s);
	assert_true(before > 0);
	unsigned long gen = p.generation;
	session_query(s, 0, NULL, NULL, NULL, "Xyz Nonexistent");
	for (int k = 0; k < 500; k++) {
		usleep(20000);
		session_progress(s, &p);
		if (p.generation > gen && !p.loading)
			break;
	}
	assert_true(p.failed);
	assert_non_null(strstr(p.error, "Xyz"));
	session_lock(s);
	size_t after = session_nrows(s);
	session_unlock(s);
	assert_int_equal(after, before);
	session_context(s, label, sizeof label, id, sizeof id);
	assert_string_equal(label, "Acme BV");
	session_close(s);
}

/* :all (issue 14.6): session_query_all walks every configured customer into
 * one model, each row's first cell its customer; a detail of a row goes to
 * that row's customer; a plain query ends the fan-out, and one that comes
 * while it runs cancels it. */
static void test_fanout(void **state)
{
	struct tt_options o = { .format = "jsonl", .profile = "kpn" };
	struct tt_error e = { 0 };
	struct session_progress p;
	struct session_fan_summary fs;
	struct session_fan_entry fe;
	char label[160], id[64], rowid[64], cust[160], want_path[128], want_ctx[80];
	(void)state;
	sim_start("--devices 300 --customers 3");
	o.config_path = cfg_path;
	struct tt_session *s = session_open(&o, &e);
	if (!s)
		fail_msg("%s", e.message);
	session_query_all(s, 0, NULL, NULL, NULL);
	for (int k = 0; k < 500; k++) {
		usleep(20000);
		session_progress(s, &p);
		if (p.done)
			break;
	}
	assert_true(p.done);
	session_fan_summary(s, &fs);
	assert_true(fs.on);
	assert_int_equal(fs.n, 3);
	assert_int_equal(fs.done, 3);
	session_context(s, label, sizeof label, id, sizeof id);
	assert_string_equal(id, "*");
	/* every row names a configured customer; their counts add up */
	unsigned long sum = 0;
	char names[3][160];
	for (int i = 0; session_fan_entry(s, i, &fe) == 0; i++) {
		sum += fe.rows;
		snprintf(names[i], sizeof names[i], "%s", fe.name);
	}
	session_lock(s); /* session_fan_entry takes it too: not under it */
	size_t n = session_nrows(s);
	assert_int_equal(n, sum);
	assert_true(n > 0);
	for (size_t r = 0; r < n; r++) {
		const char *c = session_cell(s, r, 0);
		if (strcmp(names[0], c) && strcmp(names[1], c) && strcmp(names[2], c))
			fail_msg("row %zu names '%s', no configured customer", r, c);
	}
	snprintf(rowid, sizeof rowid, "%s", session_row_id(s, n - 1));
	snprintf(cust, sizeof cust, "%s", session_cell(s, n - 1, 0));
	session_unlock(s);
	/* the detail of the last row goes to its customer */
	session_detail(s, rowid);
	struct session_op_result op = { 0 };
	for (int k = 0; k < 500; k++) {
		usleep(20000);
		free(op.text);
		session_op_result(s, &op);
		if (op.state >= 2)
			break;
	}
	free(op.text);
	assert_int_equal(op.state, 2);
	for (int i = 0; session_fan_entry(s, i, &fe) == 0; i++)
		if (!strcmp(fe.name, cust))
			snprintf(want_ctx, sizeof want_ctx, " ctx=%s ", fe.id);
	snprintf(want_path, sizeof want_path, "path=/devices/%s ", rowid);
	assert_int_equal(log_count(want_path, want_ctx), 1);
	/* a plain query while a fan-out runs: it ends, the model is one customer's */
	session_query_all(s, 0, NULL, NULL, NULL);
	session_query(s, 0, NULL, NULL, NULL, NULL);
	session_progress(s, &p);
	for (int k = 0; k < 500; k++) {
		usleep(20000);
		session_progress(s, &p);
		if (p.done)
			break;
	}
	assert_true(p.done);
	session_fan_summary(s, &fs);
	assert_false(fs.on);
	session_context(s, label, sizeof label, id, sizeof id);
	assert_string_equal(label, "own account");
	session_close(s);
}

static double now_s(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* A newer query cancels the old one mid-transfer: with every response taking
 * 3 s, the new query's answer arrives as fast as the same query on its own
 * (~3 s), not after the old page's remaining 2.7 s plus its own 3 s. */
static void test_cancel_mid_transfer(void **state)
{
	struct tt_options o = { .format = "jsonl", .profile = "kpn" };
	struct tt_error e = { 0 };
	struct session_progress p;
	(void)state;
	sim_start("--devices 300 --fault slow:3000");
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
	/* warm up: the token (also slow) and the connection */
	session_query(s, groups, NULL, NULL, NULL, NULL);
	for (int i = 0; i < 400; i++) {
		usleep(20000);
		session_progress(s, &p);
		if (!p.loading && p.generation >= 1)
			break;
	}
	assert_true(p.done);
	/* the baseline: the same query on its own, under this machine's load */
	double t0 = now_s();
	session_query(s, groups, NULL, NULL, NULL, NULL);
	for (int i = 0; i < 400; i++) {
		usleep(20000);
		session_progress(s, &p);
		if (!p.loading && p.generation >= 2)
			break;
	}
	assert_true(p.done);
	double base = now_s() - t0;
	session_query(s, devices, NULL, NULL, NULL, NULL);
	usleep(300000);
	t0 = now_s();
	session_query(s, groups, NULL, NULL, NULL, NULL);
	for (int i = 0; i < 400; i++) {
		usleep(20000);
		session_progress(s, &p);
		if (!p.loading && p.generation >= 4)
			break;
	}
	double took = now_s() - t0;
	assert_true(p.done);
	assert_int_equal(session_resource_index(s), groups);
	session_close(s);
	print_message("new query answered in %.2f s (on its own: %.2f s)\n", took, base);
	if (took > base + 1.2)
		fail_msg("the new query took %.1f s (%.1f s on its own): the old transfer was not cancelled", took, base);
}


static int res_index(const struct tt_provider *p, const char *name)
{
	for (int i = 0; i < p->nres; i++)
		if (!strcmp(p->res[i].name, name))
			return i;
	fail_msg("no resource %s", name);
	return -1;
}

/* Wait for the walk of a generation newer than gen to end (done or failed). */
static void wait_walk(struct tt_session *s, unsigned long gen, struct session_progress *p)
{
	for (int k = 0; k < 1500; k++) {
		session_progress(s, p);
		if (p->generation > gen && !p->loading)
			return;
		usleep(20000);
	}
	fail_msg("the walk did not end");
}

/* A related list (issue 14): the list on screen is set aside, not dropped;
 * back, it is the same rows with nothing fetched again; a list set aside
 * while still loading is asked for again; pushing and popping while walks
 * run never mixes the lists' rows. */
static void test_related_push_pop(void **state)
{
	struct tt_options o = { .format = "jsonl", .profile = "kpn" };
	struct tt_error e = { 0 };
	struct session_progress p;
	char first[64], last[64];
	(void)state;
	sim_start("--devices 20000");
	o.config_path = cfg_path;
	struct tt_session *s = session_open(&o, &e);
	if (!s)
		fail_msg("%s", e.message);
	const struct tt_provider *prov = session_provider(s);
	int devices = res_index(prov, "devices"), lora = res_index(prov, "lora-downlinks");
	session_progress(s, &p);
	session_query(s, devices, NULL, NULL, NULL, NULL);
	wait_walk(s, p.generation, &p);
	assert_true(p.done);
	session_lock(s);
	size_t n = session_nrows(s);
	snprintf(first, sizeof first, "%s", session_row_id(s, 0));
	snprintf(last, sizeof last, "%s", session_row_id(s, n - 1));
	session_unlock(s);
	assert_int_equal(n, 20000);
	int lists = log_count("path=/devices?", NULL);

	/* the device's LoRa downlinks in its place */
	char filter[128];
	snprintf(filter, sizeof filter, "deviceId=%s", first);
	session_push_query(s, lora, filter);
	wait_walk(s, p.generation, &p);
	assert_true(p.done);
	session_lock(s);
	assert_int_equal(session_resource_index(s), lora);
	for (size_t i = 0; i < session_nrows(s); i++)
		assert_string_equal(session_cell(s, i, 1), first);
	session_unlock(s);

	/* back: the same rows at once, nothing fetched */
	assert_int_equal(session_pop_query(s), 1);
	session_lock(s);
	assert_int_equal(session_resource_index(s), devices);
	assert_int_equal(session_nrows(s), 20000);
	assert_string_equal(session_row_id(s, 0), first);
	assert_string_equal(session_row_id(s, n - 1), last);
	session_unlock(s);
	session_progress(s, &p);
	assert_true(p.done && !p.loading);
	assert_int_equal(log_count("path=/devices?", NULL), lists);
	assert_int_equal(session_pop_query(s), -1);

	/* set aside while loading: asked for again, whole */
	for (int round = 0; round < 30; round++) {
		session_progress(s, &p);
		unsigned long gen = p.generation;
		session_query(s, devices, round % 2 ? "-name" : NULL, NULL, NULL, NULL);
		usleep((useconds_t)(round * 1000));
		session_push_query(s, lora, filter);
		if (round % 3 == 0)
			usleep(5000);
		int rc = session_pop_query(s);
		assert_true(rc == 0 || rc == 1);
		session_lock(s);
		assert_int_equal(session_resource_index(s), devices); /* at once, whatever rc */
		if (rc == 0) /* never the related rows (a few) under the devices' columns: none yet, or pages of devices */
			assert_true(session_nrows(s) == 0 || session_nrows(s) >= 50);
		session_unlock(s);
		wait_walk(s, gen, &p);
		assert_true(p.done);
		session_lock(s);
		assert_int_equal(session_resource_index(s), devices);
		assert_int_equal(session_nrows(s), 20000);
		session_unlock(s);
	}
	session_progress(s, &p);
	unsigned long gen = p.generation;
	session_refresh(s);
	wait_walk(s, gen, &p);
	session_lock(s);
	assert_int_equal(session_nrows(s), 20000);
	session_unlock(s);
	session_close(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_401_refetches_once, teardown_sim),
		cmocka_unit_test_teardown(test_invite_fresh_jwt, teardown_sim),
		cmocka_unit_test_teardown(test_context_header_every_call, teardown_sim),
		cmocka_unit_test_teardown(test_refused_context_keeps_rows, teardown_sim),
		cmocka_unit_test_teardown(test_cancel_mid_transfer, teardown_sim),
		cmocka_unit_test_teardown(test_related_push_pop, teardown_sim),
		cmocka_unit_test_teardown(test_follow_write, teardown_sim),
		cmocka_unit_test_teardown(test_fanout, teardown_sim),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
