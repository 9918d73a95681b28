/* bench.c — the headless benchmark behind tests/bench/bench_keys (compiled
 * only into that program, never into thingtop): loads the query of the
 * options into the real model through the real session, runs the real
 * dispatch and frames on a null terminal (newterm on /dev/null, LINES x
 * COLUMNS from the environment) and times key → finished frame. */
#include "bench.h"

#include "narrow.h"
#include "pager.h"
#include "pane.h"
#include "session.h"
#include "table.h"
#include "theme.h"
#include "ui_int.h"

#include <curses.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double bench_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int bench_cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static void bench_report(const char *what, double *t, int n)
{
	qsort(t, (size_t)n, sizeof *t, bench_cmp);
	printf("%-28s p50 %.3f ms  p99 %.3f ms  max %.3f ms  (%d frames)\n", what, t[n / 2], t[(n * 99) / 100],
	       t[n - 1], n);
}

/* The row count, read under the session lock like every other model read. */
static size_t bench_nrows(struct ui *u)
{
	session_lock(u->s);
	size_t n = session_nrows(u->s);
	session_unlock(u->s);
	return n;
}

int ui_bench(const struct tt_options *o, double t_start)
{
	struct ui u = { 0 };
	struct tt_error e = { 0 };
	static double t[4000];
	enum { N = 2000 };

	u.s = session_open(o, &e);
	if (!u.s) {
		fprintf(stderr, "bench: %s\n", e.message);
		return 1;
	}
	u.prov = session_provider(u.s);
	u.profile = session_profile(u.s);
	u.ascii = 0;
	pane_build(&u);
	if (theme_load("default", &e))
		fprintf(stderr, "bench: %s (drawing without a theme)\n", e.message);
	FILE *out = fopen("/dev/null", "w"), *in = fopen("/dev/null", "r");
	SCREEN *scr = out && in ? newterm("xterm-256color", out, in) : NULL;
	if (!scr) {
		fprintf(stderr, "bench: cannot open a null terminal\n");
		return 1;
	}
	set_term(scr);
	theme_apply(0);
	u.pane = u.first_pane;
	requery(&u, session_initial_context(u.s, o));
	ui_frame(&u);
	double first = bench_ms() - t_start, first_rows = -1;
	struct session_progress p;
	int nload = 0;
	do {	/* as the loop does: a frame per wake-up, and a key in each while rows arrive */
		struct pollfd pf = { session_wake_fd(u.s), POLLIN, 0 };
		poll(&pf, 1, 100);
		session_drain_wake(u.s);
		session_progress(u.s, &p);
		double t0 = bench_ms();
		ui_key(&u, (nload / 50) % 2 ? 'k' : 'j');
		ui_frame(&u);
		if (nload < (int)(sizeof t / sizeof t[0]))
			t[nload++] = bench_ms() - t0;
		if (first_rows < 0 && bench_nrows(&u) > 0)
			first_rows = bench_ms() - t_start;
	} while (p.loading);
	double loaded = bench_ms() - t_start;
	ui_frame(&u);
	printf("startup to first frame       %.1f ms (first rows on screen %.1f ms)\n", first, first_rows);
	printf("rows loaded                  %lu in %.0f ms%s\n", p.rows, loaded, p.failed ? " (FAILED)" : "");
	bench_report("move while loading", t, nload);

	static const struct { const char *what; int keys[2]; } runs[] = {
		{ "move (j/k)", { 'j', 'k' } },
		{ "page down / up", { KEY_NPAGE, KEY_PPAGE } },
		{ "jump to end / start (G/g)", { 'G', 'g' } },
	};
	for (size_t r = 0; r < sizeof runs / sizeof runs[0]; r++) {
		for (int i = 0; i < N; i++) {
			double t0 = bench_ms();
			ui_key(&u, runs[r].keys[(i / 50) % 2]);
			ui_frame(&u);
			t[i] = bench_ms() - t0;
		}
		bench_report(runs[r].what, t, N);
	}
	/* local narrowing over every loaded row: incremental, a bounded slice per frame */
	int frames = 0;
	double t0 = bench_ms(), first_screen = -1, worst = 0;
	narrow_set(&u, "pump", 0);
	u.sel = u.top = 0;
	do {
		double f0 = bench_ms();
		ui_frame(&u);
		double ft = bench_ms() - f0;
		worst = ft > worst ? ft : worst;
		if (first_screen < 0 && (u.fn >= (size_t)table_rows_on_screen() || u.fscanned >= bench_nrows(&u)))
			first_screen = bench_ms() - t0;
		frames++;
	} while (u.fscanned < bench_nrows(&u));
	printf("local filter over %lu rows    first screen %.1f ms, done in %d frames / %.0f ms, "
	       "longest frame %.1f ms, %zu matches\n", p.rows, first_screen, frames, bench_ms() - t0, worst, u.fn);
	endwin();
	delscreen(scr);
	fclose(out);
	fclose(in);
	session_close(u.s);
	pager_clear(&u);
	free(u.fidx);
	free(u.sidx);
	return p.failed;
}
