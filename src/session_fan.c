/* session_fan.c — :all, the fan-out: one query in every tenant at once
 * (src/fanout.c walks; the rows land in the session's model here), the
 * tenants' states for the UI and the tenant of each row (see session_int.h). */
#include "session_int.h"
#include "xalloc.h"

#include "fanout.h"
#include "sanitize.h"
#include "strbuf.h"
#include "walk.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---------- :all, the fan-out (src/fanout.c walks; the rows land here) ---------- */

struct fan_job {
	struct tt_session *s;
	unsigned gen;
	const struct tt_resource *res;
};

/* Under mm: forget the last fan-out's tenants. */
void fan_clear(struct tt_session *s)
{
	free(s->fan);
	free(s->fan_ctx);
	free(s->fan_runs);
	s->fan = NULL;
	s->fan_ctx = NULL;
	s->fan_runs = NULL;
	s->nfan = 0;
	s->nfan_runs = s->capfan_runs = 0;
}

/* Under mm (and fan_m): n rows of tenant w->fan_i were placed from row start. */
void fan_placed(struct tt_session *s, const struct walk_ctx *w, size_t start, size_t n)
{
	unsigned long pages = 0;

	if (w->fan_i >= s->nfan)
		return;
	if (n && (!s->nfan_runs || s->fan_runs[s->nfan_runs - 1].tenant != w->fan_i)) {
		if (s->nfan_runs == s->capfan_runs) {
			s->capfan_runs = s->capfan_runs ? s->capfan_runs * 2 : 64;
			s->fan_runs = xrealloc(s->fan_runs, s->capfan_runs * sizeof *s->fan_runs);
		}
		s->fan_runs[s->nfan_runs].row = start;
		s->fan_runs[s->nfan_runs++].tenant = w->fan_i;
	}
	s->fan[w->fan_i].rows += n;
	s->fan[w->fan_i].pages = w->st->pages;
	for (int i = 0; i < s->nfan; i++)
		pages += s->fan[i].pages;
	s->prog.pages = pages;
	s->prog.total = -1;
}

/* Under mm: the tenant of the row with this id when the rows are a fan-out, else NULL. */
const struct tt_ctx *fan_row_ctx(struct tt_session *s, const char *id)
{
#ifdef TT_MUTANT_FAN_ROW_CTX /* defence: under :all a row acts in its own tenant; the mutant uses the one on screen */
	return NULL;
#endif
	if (!s->fan_on || !id)
		return NULL;
	for (size_t r = 0; r < s->nrows; r++) {
		if (strcmp(s->rows[r], id) != 0)
			continue;
		size_t lo = 0, hi = s->nfan_runs;
		while (lo < hi) { /* the last run that starts at or before r */
			size_t mid = (lo + hi) / 2;
			if (s->fan_runs[mid].row <= r)
				lo = mid + 1;
			else
				hi = mid;
		}
		int t = lo ? s->fan_runs[lo - 1].tenant : -1;
		return t >= 0 && t < s->nfan ? &s->fan_ctx[t] : NULL;
	}
	return NULL;
}

static void fan_start(void *ud, int i, const struct tt_ctx *ctx)
{
	struct fan_job *fj = ud;
	struct tt_session *s = fj->s;

	pthread_mutex_lock(&s->mm);
	if (s->prog.generation == fj->gen && i < s->nfan) {
		s->fan_ctx[i] = *ctx;
		s->fan[i].state = SESSION_FAN_LOADING;
	}
	pthread_mutex_unlock(&s->mm);
	wake(s);
}

static int fan_page(void *ud, int i, const struct walk_page *pg, const struct walk_stats *st, struct tt_error *e)
{
	struct fan_job *fj = ud;
	char name[160];
	struct walk_stats copy = *st;

	pthread_mutex_lock(&fj->s->mm);
	snprintf(name, sizeof name, "%s", i < fj->s->nfan ? fj->s->fan[i].name : "");
	pthread_mutex_unlock(&fj->s->mm);
	struct walk_ctx w = { .s = fj->s, .gen = fj->gen, .res = fj->res, .st = &copy, .lead = name, .fan_i = i };
	int rc = on_page(&w, pg, e);
	sb_free(&w.tmp);
	free(w.spare);
	free(w.scratch.raw);
	free(w.scratch.clean);
	return rc;
}

static void fan_end(void *ud, int i, int rc, const struct tt_error *e)
{
	struct fan_job *fj = ud;
	struct tt_session *s = fj->s;

	pthread_mutex_lock(&s->mm);
	if (s->prog.generation == fj->gen && i < s->nfan) {
		struct session_fan_entry *f = &s->fan[i];
		f->state = rc == 0 ? SESSION_FAN_DONE : rc < 0 ? SESSION_FAN_FAILED : f->state;
		if (rc < 0) {
			char msg[sizeof f->error];
			snprintf(msg, sizeof msg, "%s%s%s", e->message, e->hint[0] ? " — " : "", e->hint);
			sanitize_text(msg, strlen(msg), f->error, sizeof f->error);
			f->status = e->status;
		}
	}
	pthread_mutex_unlock(&s->mm);
	wake(s);
}

static const struct fanout_ops fan_ops = { fan_start, fan_page, fan_end };

/* A job with all set: list the tenants, then walk the query in each, several
 * at once (fanout_run), the rows of all of them into the one model. */
void fan_job(struct tt_session *s, struct tt_api *api, const struct job *job)
{
	const struct tt_resource *res = &s->prov->res[job->resource];
	struct fan_job fj = { s, job->gen, res };
	struct fanout_target *t = NULL;
	struct tt_error e = { 0 };
	int n = 0;

	api_set_cancel_value(api, job->gen);
	pthread_mutex_lock(&s->mm);
	model_reset(s);
	fan_clear(s);
	__atomic_store_n(&s->fan_on, job->resource + 1, __ATOMIC_RELEASE);
	s->fan_listing = 1;
	s->resource = job->resource;
	s->ncols = res->ncols + 1; /* the tenant's name, then the resource's columns */
	memset(&s->prog, 0, sizeof s->prog);
	s->prog.generation = job->gen;
	s->prog.loading = 1;
	s->prog.total = -1;
	s->have_done = 0;
	clock_gettime(CLOCK_MONOTONIC, &s->t0);
	pthread_mutex_unlock(&s->mm);
	wake(s);

	int listed = fanout_targets(api, &t, &n, &e);
	pthread_mutex_lock(&s->mm);
	s->fan_listing = 0;
	if (!listed && s->prog.generation == job->gen) {
		s->fan = xcalloc(n ? (size_t)n : 1, sizeof *s->fan);
		s->fan_ctx = xcalloc(n ? (size_t)n : 1, sizeof *s->fan_ctx);
		for (int i = 0; i < n; i++) {
			sanitize_text(t[i].name, strlen(t[i].name), s->fan[i].name, sizeof s->fan[i].name);
			sanitize_text(t[i].id, strlen(t[i].id), s->fan[i].id, sizeof s->fan[i].id);
		}
		s->nfan = n;
	}
	pthread_mutex_unlock(&s->mm);
	if (listed) {
		if (__atomic_load_n(&s->want_gen, __ATOMIC_ACQUIRE) == job->gen)
			set_failed(s, job->gen, &e);
		return;
	}
	/* the fewest round trips: the largest pages from the start, as --dump */
	long size, same;
	provider_page_sizes(s->prov, s->page_size, 1, &size, &same);
	struct tt_query q = { .sort = job->sort[0] ? job->sort : NULL, .text = job->text[0] ? job->text : NULL,
			      .limit = size };
	char filter[sizeof job->filter];
	snprintf(filter, sizeof filter, "%s", job->filter);
	/* one "key=value" a line, as a single walk reads them */
	for (char *save = NULL, *l = strtok_r(filter, "\n", &save); l && q.nfilters < TT_MAX_FILTERS - 1;
	     l = strtok_r(NULL, "\n", &save)) {
		char *eq = strchr(l, '=');
		if (!eq)
			continue;
		*eq = '\0';
		q.filters[q.nfilters].key = l;
		q.filters[q.nfilters++].value = eq + 1;
	}
	fanout_run(&s->shared, job->gen, t, n, FANOUT_WORKERS, res, &q, 0, &fan_ops, &fj);
	free(t);
	int done = __atomic_load_n(&s->want_gen, __ATOMIC_ACQUIRE) == job->gen;
	pthread_mutex_lock(&s->mm);
	if (s->prog.generation == job->gen) {
		s->prog.loading = 0;
		s->prog.done = done;
		s->prog.rows = s->nrows;
	}
	pthread_mutex_unlock(&s->mm);
	wake(s);
}

void session_fan_summary(struct tt_session *s, struct session_fan_summary *out)
{
	memset(out, 0, sizeof *out);
	pthread_mutex_lock(&s->mm);
	out->on = s->fan_on != 0;
	out->resource = s->resource;
	out->listing = s->fan_listing;
	out->n = s->nfan;
	for (int i = 0; s->fan_on && i < s->nfan; i++) {
		switch (s->fan[i].state) {
		case SESSION_FAN_WAITING: out->waiting++; break;
		case SESSION_FAN_LOADING: out->loading++; break;
		case SESSION_FAN_DONE: out->done++; break;
		case SESSION_FAN_FAILED: out->failed++; break;
		}
	}
	pthread_mutex_unlock(&s->mm);
}

int session_fan_entry(struct tt_session *s, int i, struct session_fan_entry *out)
{
	int rc = -1;
	pthread_mutex_lock(&s->mm);
	if (s->fan_on && i >= 0 && i < s->nfan) {
		*out = s->fan[i];
		rc = 0;
	}
	pthread_mutex_unlock(&s->mm);
	return rc;
}

int session_fan_on(struct tt_session *s)
{
	return __atomic_load_n(&s->fan_on, __ATOMIC_ACQUIRE);
}
