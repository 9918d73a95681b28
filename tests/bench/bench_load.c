/* bench_load.c — the dashboard's load of a list, timed, without a terminal:
 * the real session (session_query, the fetch thread, the row model) walks a
 * resource from thingtop-sim with the dashboard's page sizes (or --limit).
 * Two loads of the same list, each timed from a wake-up of the session's pipe:
 *   cold  from session_open (config, token, connection: what a start costs,
 *         comparable with a --dump process) to the first rows and to the end;
 *   warm  a second session_query of the same list (token and connection kept:
 *         what a user waits for when switching to it) to its first rows and
 *         to the end.
 * With --scroll 1 a user scrolls while the list loads: every 20 ms the
 * screen (25 rows) moves on by one page and the ref/sub columns of its rows
 * plus one page of margin are asked for (refcache_want), as the table does
 * (issue 17: those fetches must not delay the walk by more than 10%).
 * Prints one line of key=value for bench.py:
 *   rows=N pages=P cold_first_ms=… cold_all_ms=… warm_first_ms=… warm_all_ms=… sub_requests=K
 * --all: the dashboard's :all instead (session_query_all: the list in every
 * tenant at once), once, cold, from a full rate-limit bucket:
 *   rows=N pages=P tenants=T failed=F all_ms=… (from session_query_all) start_ms=… (from start)
 * usage: bench_load --config FILE --profile NAME --resource RES [--limit N] [--all] [--scroll 1] */
#include "benchsess.h"
#include "refcache.h"

#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int scroll;

/* A screen of 25 rows that moved on by a page: want its lazy cells and a page
 * of margin, as ui/table.c does. */
static void scroll_step(struct tt_session *s, int res, unsigned long *step)
{
	const struct tt_resource *r = &session_provider(s)->res[res];
	static struct refcache_want w[50 * TT_MAX_COLUMNS];
	struct tt_ctx ctx;
	size_t n = 0;

	session_current_ctx(s, &ctx);
	session_lock(s);
	size_t rows = session_nrows(s), top = (size_t)*step * 25;
	if (session_resource_index(s) == res && top + 50 <= rows) {
		for (size_t i = top; i < top + 50; i++)
			for (int c = 0; c < r->ncols; c++)
				if (r->cols[c].sub || r->cols[c].ref) {
					w[n].res = res;
					w[n].col = c;
					snprintf(w[n].row_id, sizeof w[n].row_id, "%s", session_row_id(s, i));
					snprintf(w[n].value, sizeof w[n].value, "%s", session_cell(s, i, c));
					n++;
				}
		(*step)++;
	}
	session_unlock(s);
	if (n)
		refcache_want(session_refcache(s), &ctx, w, n);
}

/* Wait for the walk of generation > after: first rows and the end, in ms after t0. */
static int load(struct tt_session *s, int res, unsigned long after, double t0, double *first, double *all,
		struct session_progress *p)
{
	unsigned long step = 0;
	*first = -1;
	for (;;) {
		struct pollfd pf = { session_wake_fd(s), POLLIN, 0 };
		if (poll(&pf, 1, scroll ? 20 : 1000) < 0)
			return -1;
		if (scroll)
			scroll_step(s, res, &step);
		session_drain_wake(s);
		session_progress(s, p);
		if (p->generation <= after)
			continue;
		if (*first < 0 && p->rows > 0)
			*first = now_ms() - t0;
		if (!p->loading) {
			*all = now_ms() - t0;
			if (*first < 0)
				*first = *all;
			return p->failed ? -1 : 0;
		}
	}
}

int main(int argc, char **argv)
{
	double t0 = now_ms(), cf, ca, wf, wa;
	struct tt_options o = { .format = "jsonl" };
	int res, rc;
	struct session_progress p;
	/* --all and --scroll 1, anywhere: the rest is the shared command line */
	int all = 0, n = 0;
	char *args[argc + 1];
	for (int i = 0; i < argc; i++) {
		if (i > 0 && !strcmp(argv[i], "--all"))
			all = 1;
		else if (i > 0 && !strcmp(argv[i], "--scroll") && i + 1 < argc)
			scroll = atoi(argv[++i]);
		else
			args[n++] = argv[i];
	}
	args[n] = NULL;
	struct tt_session *s = bench_session_open("bench_load", n, args, &o, &res, &rc);
	if (!s)
		return rc;
	if (all) {
		struct session_fan_summary fs;
		double t1 = now_ms();
		session_query_all(s, res, NULL, NULL, NULL);
		int lrc = load(s, res, 0, t1, &cf, &ca, &p);
		session_fan_summary(s, &fs);
		if (lrc || !fs.on) {
			fprintf(stderr, "bench_load: %s\n", fs.on ? p.error : "not a fan-out");
			return 1;
		}
		printf("rows=%lu pages=%lu tenants=%d failed=%d all_ms=%.1f start_ms=%.1f\n", p.rows, p.pages, fs.n,
		       fs.failed, ca, now_ms() - t0);
		session_close(s);
		return 0;
	}
	session_query(s, res, NULL, NULL, NULL, session_initial_context(s, &o));
	if (load(s, res, 0, t0, &cf, &ca, &p)) {
		fprintf(stderr, "bench_load: %s\n", p.error);
		return 1;
	}
	unsigned long gen = p.generation, rows = p.rows;
	double t1 = now_ms();
	session_query(s, res, NULL, NULL, NULL, NULL);
	if (load(s, res, gen, t1, &wf, &wa, &p)) {
		fprintf(stderr, "bench_load: %s\n", p.error);
		return 1;
	}
	if (p.rows != rows) {
		fprintf(stderr, "bench_load: %lu rows, then %lu\n", rows, p.rows);
		return 1;
	}
	printf("rows=%lu pages=%lu cold_first_ms=%.1f cold_all_ms=%.1f warm_first_ms=%.1f warm_all_ms=%.1f "
	       "sub_requests=%lu\n", p.rows, p.pages, cf, ca, wf, wa, refcache_sent(session_refcache(s)));
	session_close(s);
	return 0;
}
