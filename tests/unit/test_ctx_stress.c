/* test_ctx_stress.c — the session's threads under stress, against a real
 * thingtop-sim (started here, with a request log), as the UI drives them:
 *
 *  1. customers switch while the KPN downlink action (devices resource) goes
 *     through its confirm preview and session_action, and details open: the
 *     simulator's log shows every write carried exactly the tenant its confirm
 *     preview named (also when the list switched tenant between the preview and
 *     the "y"), and every detail the tenant of the rows it was opened from;
 *  2. a context switch followed at once by another query, or by a refresh, is
 *     not lost: the new tenant is reached and the last list request carries it;
 *  3. while the token endpoint is slow (and the token short-lived, so it is
 *     fetched again and again), session_progress / session_context /
 *     session_action_preview — what the UI calls every frame — never wait for
 *     it: the longest call stays under 300 ms (a lock held across the token
 *     request made it 1.5 s and more).
 *
 * Built with ./configure --enable-tsan this is also the ThreadSanitizer proof:
 * any report fails the test (TSAN_OPTIONS from the test environment). Waits are
 * for named states (the tenant on screen, the walk done, the op finished), with
 * generous time limits, so a loaded machine makes it slower, not flaky. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "api.h"
#include "provider.h"
#include "session.h"
#include "simfix.h"

#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define NCUST 3

static char cust[NCUST][64];  /* the simulator's customer UUIDs */

static double now_s(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Start thingtop-sim with NCUST customers and extra args; read their ids. */
static void sim_start_customers(const char *extra)
{
	char cmd[1024], args[512];
	const char *sim = getenv("THINGTOP_SIM");

	snprintf(args, sizeof args, "--customers %d %s", NCUST, extra);
	sim_start(args);
	snprintf(cmd, sizeof cmd, "'%s' --print-credentials --customers %d | sed -n 's/^KPN_CUSTOMER_IDS=//p' | tr , '\\n'",
		 sim, NCUST);
	FILE *f = popen(cmd, "r");
	assert_non_null(f);
	for (int i = 0; i < NCUST; i++) {
		assert_non_null(fgets(cust[i], sizeof cust[i], f));
		cust[i][strcspn(cust[i], "\n")] = '\0';
		assert_int_equal(strlen(cust[i]), 36);
	}
	pclose(f);
}

static int teardown_sim(void **state)
{
	(void)state;
	if (sim_pid > 0)
		sim_stop();
	return 0;
}

/* ---------- the simulator's request log ---------- */

/* The n-th (0-based) log line containing a and b (b may be NULL), into out;
 * waits up to 10 s for it: the simulator writes the line just after the
 * answer, so the client can see the answer first. */
/* The nth line (from 0) of the simulator's log that match accepts, waiting
 * up to 10 s for it to be written. */
static int log_nth_where(int (*match)(const char *line, const void *arg), const void *arg, int n, char *out,
			 size_t outsz)
{
	char line[4096];

	for (int tries = 0; tries < 200; tries++) {
		int k = 0;
		FILE *f = fopen(sim_log, "r");
		if (f) {
			while (fgets(line, sizeof line, f)) {
				if (match(line, arg) && k++ == n) {
					snprintf(out, outsz, "%s", line);
					fclose(f);
					return 0;
				}
			}
			fclose(f);
		}
		usleep(50000);
	}
	return -1;
}

struct two_needles {
	const char *a, *b;
};

static int has_both(const char *line, const void *arg)
{
	const struct two_needles *t = arg;
	return strstr(line, t->a) && (!t->b || strstr(line, t->b));
}

static int log_nth(const char *a, const char *b, int n, char *out, size_t outsz)
{
	struct two_needles t = { a, b };
	return log_nth_where(has_both, &t, n, out, outsz);
}

/* The last log line containing a and b. */
static int log_last(const char *a, const char *b, char *out, size_t outsz)
{
	char line[4096];
	int found = 0;
	FILE *f = fopen(sim_log, "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof line, f))
		if (strstr(line, a) && (!b || strstr(line, b))) {
			snprintf(out, outsz, "%s", line);
			found = 1;
		}
	fclose(f);
	return found ? 0 : -1;
}

/* The tenant a log line's request carried: the customer UUID, "" for none. */
static void line_ctx(const char *line, char *out, size_t outsz)
{
	const char *p = strstr(line, " ctx=");
	size_t n;

	assert_non_null(p);
	p += 5;
	n = strcspn(p, " \n");
	if (n == 1 && *p == '-')
		n = 0;
	snprintf(out, outsz, "%.*s", (int)n, p);
}

/* ---------- the session, as the UI drives it ---------- */

struct rig {
	struct tt_session *s;
	int devices, groups;
	const struct tt_action *downlink;
};

static void rig_open(struct rig *r)
{
	struct tt_options o = { .format = "jsonl", .profile = "kpn", .config_path = cfg_path };
	struct tt_error e = { 0 };

	r->s = session_open(&o, &e);
	if (!r->s)
		fail_msg("%s", e.message);
	const struct tt_provider *prov = session_provider(r->s);
	r->devices = r->groups = -1;
	r->downlink = NULL;
	for (int i = 0; i < prov->nres; i++) {
		if (!strcmp(prov->res[i].name, "devices")) {
			r->devices = i;
			for (int k = 0; k < prov->res[i].nactions; k++)
				if (!strcmp(prov->res[i].actions[k].name, "downlink"))
					r->downlink = &prov->res[i].actions[k];
		}
		if (!strcmp(prov->res[i].name, "device-groups"))
			r->groups = i;
	}
	assert_true(r->devices >= 0 && r->groups >= 0);
	assert_non_null(r->downlink);
	assert_true(r->downlink->dangerous); /* it goes through the confirm screen */
}

static void ctx_id(struct rig *r, char *id, size_t idsz)
{
	char label[160];
	session_context(r->s, label, sizeof label, id, idsz);
}

/* Wait (up to 60 s) until the rows on screen are a finished walk of resource
 * in tenant id, with at least one row; returns row 0's id in row. */
static void wait_rows_in(struct rig *r, int resource, const char *id, char *row, size_t rowsz)
{
	for (int i = 0; i < 1200; i++) {
		struct session_progress p;
		char cur[64];
		struct pollfd pf = { session_wake_fd(r->s), POLLIN, 0 };
		poll(&pf, 1, 50);
		session_drain_wake(r->s);
		session_progress(r->s, &p);
		ctx_id(r, cur, sizeof cur);
		if (p.loading || strcmp(cur, id) != 0)
			continue;
		if (p.failed)
			fail_msg("the walk in tenant '%s' failed: %s", id, p.error);
		session_lock(r->s);
		int ok = session_resource_index(r->s) == resource && session_nrows(r->s) > 0;
		if (ok)
			snprintf(row, rowsz, "%s", session_row_id(r->s, 0));
		session_unlock(r->s);
		if (ok)
			return;
	}
	fail_msg("the rows of tenant '%s' never arrived", id);
}

/* Wait (up to 60 s) for the op thread's answer: 2 done, 3 failed. */
static int wait_op(struct rig *r, char *err, size_t errsz)
{
	for (int i = 0; i < 1200; i++) {
		struct session_op_result res;
		session_op_result(r->s, &res);
		free(res.text);
		if (res.state == 2 || res.state == 3) {
			snprintf(err, errsz, "%s", res.err.message);
			return res.state;
		}
		usleep(50000);
	}
	fail_msg("the op thread never answered");
	return 0;
}

/* Wait until no walk runs and none is about to (the generation stays put). */
static void wait_idle(struct rig *r)
{
	struct session_progress p, q;
	for (int i = 0; i < 600; i++) {
		session_progress(r->s, &p);
		if (!p.loading) {
			usleep(150000);
			session_progress(r->s, &q);
			if (!q.loading && q.generation == p.generation)
				return;
		}
		usleep(50000);
	}
	fail_msg("the fetch thread never became idle");
}

/* Preview the downlink for row, the way the confirm screen does; the text
 * must name the tenant handed back. */
static void preview(struct rig *r, const char *row, struct tt_ctx *shown)
{
	const char *vals[1] = { "0a" };
	char text[1500];

	session_action_preview(r->s, r->downlink, row, vals, text, sizeof text, shown);
	assert_non_null(strstr(text, "POST "));
	assert_non_null(strstr(text, shown->label));
	if (shown->id[0])
		assert_non_null(strstr(text, shown->id));
}

/* Send the downlink (to the tenant the preview showed) and check the write the
 * simulator received, the nth POST /downlinks of the run. */
static int send_and_check(struct rig *r, const char *row, const struct tt_ctx *shown, int nth)
{
	const char *vals[1] = { "0a" };
	struct tt_error e = { 0 };
	char line[4096], got[64], err[512];

	if (session_action(r->s, r->downlink, row, vals, shown, &e))
		fail_msg("session_action refused: %s", e.message);
	int state = wait_op(r, err, sizeof err);
	if (log_nth("method=POST", "path=/downlinks", nth, line, sizeof line))
		fail_msg("write %d never reached the simulator", nth + 1);
	line_ctx(line, got, sizeof got);
	if (strcmp(got, shown->id) != 0)
		fail_msg("write %d: the confirm screen showed tenant '%s', the request carried '%s'", nth + 1,
			 shown->id, got);
	return state;
}

/* 1 for a GET of one device itself, not of a sub-resource of it
 * (/devices/{id}/network-adapters is fetched with every detail). */
static int device_detail_line(const char *line, const void *arg)
{
	(void)arg;
	const char *p = strstr(line, "method=GET path=/devices/");
	if (!p)
		return 0;
	p += strlen("method=GET path=/devices/");
	size_t n = strcspn(p, " ?");
	return memchr(p, '/', n) == NULL;
}

/* The detail just opened: the nth GET /devices/{id} of the run, for row. */
static void detail_ctx(int nth, const char *row, char *got, size_t gotsz)
{
	char line[4096], want[300];

	if (log_nth_where(device_detail_line, NULL, nth, line, sizeof line))
		fail_msg("detail %d never reached the simulator", nth + 1);
	snprintf(want, sizeof want, "path=/devices/%s ", row);
	if (!strstr(line, want))
		fail_msg("detail %d: expected %s in: %s", nth + 1, want, line);
	line_ctx(line, got, gotsz);
}

/* ---------- 1. writes go to the tenant the confirm screen showed ---------- */

static void test_writes_carry_previewed_ctx(void **state)
{
	struct rig r;
	char rowa[256], rowb[256], err[512], got[64];
	int writes = 0, details = 0, checked_details = 0;
	(void)state;

	sim_start_customers("--devices 600 --latency-ms 20");
	rig_open(&r);

	/* a. the window that used to leak: the confirm screen shows A, the list
	 * reaches B, then "y". The write goes to A (and A's device is accepted
	 * there); a detail opened on B's rows goes to B. */
	for (int i = 0; i < 6; i++) {
		const char *a = cust[i % NCUST], *b = i % 2 ? "" : cust[(i + 1) % NCUST];
		struct tt_ctx shown;
		session_query(r.s, r.devices, NULL, NULL, NULL, a);
		wait_rows_in(&r, r.devices, a, rowa, sizeof rowa);
		preview(&r, rowa, &shown);
		assert_string_equal(shown.id, a);
		session_query(r.s, r.devices, NULL, NULL, NULL, b);
		wait_rows_in(&r, r.devices, b, rowb, sizeof rowb);
		if (send_and_check(&r, rowa, &shown, writes++) != 2)
			fail_msg("the downlink to a device of %s, sent to %s, failed", a, a);
		session_detail(r.s, rowb);
		if (wait_op(&r, err, sizeof err) != 2)
			fail_msg("the detail of %s in tenant '%s' failed: %s", rowb, b, err);
		detail_ctx(details++, rowb, got, sizeof got);
		assert_string_equal(got, b);
		checked_details++;
	}

	/* b. rapid switching: lists and tenants change at random moments around
	 * the preview, the action and the details */
	unsigned seed = 7;
	for (int i = 0; i < 40; i++) {
		const char *t = rand_r(&seed) % 4 ? cust[rand_r(&seed) % NCUST] : ""; /* "" = own account */
		struct tt_ctx shown;
		char c1[64], c2[64];
		session_query(r.s, rand_r(&seed) % 3 ? r.devices : r.groups, NULL, NULL, NULL, t);
		usleep((useconds_t)(rand_r(&seed) % 40000));
		session_lock(r.s);
		snprintf(rowa, sizeof rowa, "%s", session_nrows(r.s) ? session_row_id(r.s, 0) : "");
		int on_devices = session_resource_index(r.s) == r.devices;
		session_unlock(r.s);
		if (!rowa[0])
			snprintf(rowa, sizeof rowa, "%s", "0000000000000001");
		if (on_devices && rand_r(&seed) % 2) {
			ctx_id(&r, c1, sizeof c1);
			session_detail(r.s, rowa);
			ctx_id(&r, c2, sizeof c2);
			wait_op(&r, err, sizeof err);
			detail_ctx(details++, rowa, got, sizeof got);
			if (!strcmp(c1, c2)) { /* no switch around the call: the tenant on screen */
				if (strcmp(got, c1) != 0)
					fail_msg("detail %d: opened in tenant '%s', sent to '%s'", details, c1, got);
				checked_details++;
			}
		}
		preview(&r, rowa, &shown);
		if (rand_r(&seed) % 2) {
			const char *u = rand_r(&seed) % 4 ? cust[rand_r(&seed) % NCUST] : "";
			session_query(r.s, r.devices, NULL, NULL, NULL, u);
			usleep((useconds_t)(rand_r(&seed) % 30000));
		}
		send_and_check(&r, rowa, &shown, writes++); /* accepted or not, it carried the shown tenant */
	}
	wait_idle(&r);
	session_close(r.s);
	/* nothing was written that the test did not confirm */
	assert_int_equal(log_count("method=POST", "path=/downlinks"), writes);
	print_message("%d writes and %d details (%d with a known tenant) carried the tenant shown\n", writes,
		      details, checked_details);
	sim_stop();
}

/* ---------- 2. a context switch is not lost ---------- */

static void test_switch_not_lost(void **state)
{
	struct rig r;
	char line[4096], got[64], cur[64];
	unsigned seed = 11;
	(void)state;

	sim_start_customers("--devices 400 --latency-ms 60");
	rig_open(&r);
	for (int i = 0; i < 8; i++) {
		struct session_progress p;
		const char *x = i % 4 == 3 ? "" : cust[i % NCUST];
		int nq = 0, groups_after = i % 2 == 0;
		wait_idle(&r);
		session_progress(r.s, &p);
		unsigned long g0 = p.generation;
		/* a walk in flight (or just asked for) ... */
		session_query(r.s, r.devices, NULL, NULL, NULL, NULL), nq++;
		usleep((useconds_t)(rand_r(&seed) % 150000));
		/* ... a switch, and at once another list (NULL = keep the tenant) or
		 * the refresh timer */
		session_query(r.s, r.devices, NULL, NULL, NULL, x), nq++;
		if (groups_after)
			session_query(r.s, r.groups, NULL, NULL, NULL, NULL), nq++;
		else
			session_refresh(r.s);
		for (int k = 0; k < 1200; k++) {
			usleep(50000);
			session_progress(r.s, &p);
			if (!p.loading && p.generation >= g0 + (unsigned long)nq)
				break;
		}
		wait_idle(&r);
		session_progress(r.s, &p);
		if (p.failed)
			fail_msg("round %d: %s", i + 1, p.error);
		ctx_id(&r, cur, sizeof cur);
		if (strcmp(cur, x) != 0)
			fail_msg("round %d: switched to '%s' and %s at once; the session is in '%s'", i + 1, x,
				 groups_after ? "asked for another list" : "refreshed", cur);
		if (groups_after)
			assert_int_equal(session_resource_index(r.s), r.groups);
		assert_int_equal(log_last("method=GET", groups_after ? "path=/device-groups?" : "path=/devices?", line,
					  sizeof line), 0);
		line_ctx(line, got, sizeof got);
		if (strcmp(got, x) != 0)
			fail_msg("round %d: the last list request carried '%s', not '%s'", i + 1, got, x);
	}
	session_close(r.s);
	sim_stop();
}

/* ---------- 3. the UI never waits for the token endpoint ---------- */

static void test_ui_calls_never_wait(void **state)
{
	struct rig r;
	const double bound = 0.3;
	double worst[3] = { 0, 0, 0 }, t_end, next_switch = 0;
	static const char *const names[3] = { "session_progress", "session_context", "session_action_preview" };
	int k = 0;
	(void)state;

	/* every request (the token's too) takes 1.5 s; a token lives 2 s, so it is
	 * renewed after 1.5 s: a token request is under way most of the time */
	sim_start_customers("--devices 3000 --token-ttl 2 --fault slow:1500");
	rig_open(&r);
	t_end = now_s() + 8;
	while (now_s() < t_end) {
		struct session_progress p;
		struct tt_ctx shown;
		char label[160], id[64], text[1500];
		const char *vals[1] = { "0a" };
		double t0 = now_s();
		session_progress(r.s, &p);
		double t1 = now_s();
		session_context(r.s, label, sizeof label, id, sizeof id);
		double t2 = now_s();
		session_action_preview(r.s, r.downlink, "0000000000000001", vals, text, sizeof text, &shown);
		double t3 = now_s();
		double d[3] = { t1 - t0, t2 - t1, t3 - t2 };
		for (int i = 0; i < 3; i++)
			if (d[i] > worst[i])
				worst[i] = d[i];
		if (t3 >= next_switch) {
			/* keep the fetch and op threads busy: switch tenant and list, open a detail */
			session_query(r.s, k % 2 ? r.groups : r.devices, NULL, NULL, NULL, cust[k % NCUST]);
			session_detail(r.s, "0000000000000001");
			k++;
			next_switch = t3 + 0.5;
		}
		usleep(5000);
	}
	int tokens = log_count("method=POST", "path=/api/v3/idp/oidc/token");
	session_close(r.s);
	print_message("%d token requests of 1.5 s; longest %s %.1f ms, %s %.1f ms, %s %.1f ms\n", tokens, names[0],
		      worst[0] * 1e3, names[1], worst[1] * 1e3, names[2], worst[2] * 1e3);
	assert_true(tokens >= 2);
	for (int i = 0; i < 3; i++)
		if (worst[i] > bound)
			fail_msg("%s took %.0f ms while the token endpoint was slow (bound %.0f ms)", names[i],
				 worst[i] * 1e3, bound * 1e3);
	sim_stop();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_writes_carry_previewed_ctx, teardown_sim),
		cmocka_unit_test_teardown(test_switch_not_lost, teardown_sim),
		cmocka_unit_test_teardown(test_ui_calls_never_wait, teardown_sim),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
