/* session_follow.c — a write's answer: the item merged into the rows on
 * screen (merge_queue, applied by the fetch thread: merge_apply_all), and the
 * follow thread polling it to a final state (after_write, follow_main,
 * session_follow) (see session_int.h). */
#include "session_int.h"
#include "xalloc.h"

#include "jsonpath.h"
#include "sanitize.h"
#include "strbuf.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---------- a write's answer, merged into the rows ---------- */

static int resource_index(const struct tt_provider *p, const char *name)
{
	for (int i = 0; name && i < p->nres; i++)
		if (!strcmp(p->res[i].name, name))
			return i;
	return -1;
}

/* Queue item (an object) for the rows of resource in tenant ctx_id; the
 * fetch thread applies it between walks. Any thread but the UI's. */
static void merge_queue(struct tt_session *s, int resource, const char *ctx_id, const cJSON *item)
{
	if (resource < 0 || !cJSON_IsObject(item))
		return;
	char *text = cJSON_PrintUnformatted(item);
	if (!text)
		return;
	struct merge *m = xcalloc(1, sizeof *m), **tail;
	m->resource = resource;
	snprintf(m->ctx_id, sizeof m->ctx_id, "%s", ctx_id);
	m->item = text;
	pthread_mutex_lock(&s->jm);
	for (tail = &s->merges; *tail; tail = &(*tail)->next)
		;
	*tail = m; /* in order: a later state of the same item wins */
	pthread_cond_broadcast(&s->jc);
	pthread_mutex_unlock(&s->jm);
}

/* Where a new item goes in the list on screen: 0 on top (newest first), 1 at
 * the end (oldest first, or the API's own order, which lists the oldest
 * first for every shipped provider), -1 unknown: a sort by another key, or a
 * filter or text the item may not match. */
static int merge_place(const struct job *shown)
{
	static const char key[] = "createdAt";
	const char *sort = shown->sort;
	int desc = sort[0] == '-';

	if (shown->text[0] || shown->filter[0])
		return -1;
	if (!sort[0])
		return 1;
	sort += desc;
	if (strncmp(sort, key, sizeof key - 1) || (sort[sizeof key - 1] && sort[sizeof key - 1] != ','))
		return -1;
	return desc ? 0 : 1;
}

/* One merge, by the fetch thread between walks: the row with the item's id
 * is replaced (marked changed), or a new row goes where merge_place says
 * (marked new); when that is unknown the list is refreshed instead. Rows of
 * another resource or tenant, or a list still loading, are left alone (the
 * walk brings the item itself). */
static void merge_apply(struct tt_session *s, const struct merge *m)
{
	const struct tt_resource *res = &s->prov->res[m->resource];
	struct strbuf arr = { 0 }, tmp = { 0 };
	struct cell_scratch sc = { 0 };
	const char *paths[TT_MAX_COLUMNS + 1];
	size_t vs[TT_MAX_COLUMNS + 1], ve[TT_MAX_COLUMNS + 1], pos = 0;
	int np = row_paths(res, paths), refresh = 0;

	sb_addc(&arr, '[');
	sb_adds(&arr, m->item);
	sb_addc(&arr, ']');
	if (jsonpath_span_next(arr.s, arr.len, &pos, paths, np, vs, ve) != 0)
		goto out;
	row_blob(res, arr.s, vs, ve, NULL, &tmp, &sc);
	if (!tmp.s[0])
		goto out; /* no id: nothing to merge by */
	pthread_mutex_lock(&s->mm);
	/* not into a fan-out (:all): its rows carry a tenant cell this one lacks */
	if (s->resource == m->resource && !strcmp(s->ctx.id, m->ctx_id) && !s->prog.loading && !s->fan_on) {
		size_t len = tmp.len;
		long old = -1;
		for (size_t i = 0; i < s->nrows && old < 0; i++)
			if (!strcmp(s->rows[i], tmp.s))
				old = (long)i;
		if (old >= 0) {
			if (blob_len(s->rows[old], s->ncols) != len || memcmp(s->rows[old], tmp.s, len)) {
				char *dst = arena_alloc(s, len);
				memcpy(dst, tmp.s, len);
				s->rows[old] = dst;
				s->marks[old] = SESSION_MARK_CHANGED;
				s->epoch++;
			}
		} else if (s->have_done && merge_place(&s->done_job) >= 0) {
			size_t at = merge_place(&s->done_job) == 0 ? 0 : s->nrows;
			model_reserve(s, 1);
			char *dst = arena_alloc(s, len);
			memcpy(dst, tmp.s, len);
			memmove(s->rows + at + 1, s->rows + at, (s->nrows - at) * sizeof *s->rows);
			memmove(s->marks + at + 1, s->marks + at, s->nrows - at);
			s->rows[at] = dst;
			s->marks[at] = SESSION_MARK_NEW;
			s->nrows++;
			s->epoch++;
			s->prog.rows = s->nrows;
			if (s->prog.total >= 0)
				s->prog.total++;
		} else {
			refresh = 1;
		}
	}
	pthread_mutex_unlock(&s->mm);
	wake(s);
	if (refresh)
		session_refresh(s);
out:
	sb_free(&arr);
	sb_free(&tmp);
	free(sc.raw);
	free(sc.clean);
}

void merge_apply_all(struct tt_session *s, struct merge *m)
{
	for (struct merge *n; m; m = n) {
		n = m->next;
		merge_apply(s, m);
		free(m->item);
		free(m);
	}
}

/* ---------- following a write (follow thread) ---------- */

#define FOLLOW_FIRST_S 0.5     /* the first poll, then twice the wait each time ... */
#define FOLLOW_MAX_S 8.0       /* ... up to this */
#define FOLLOW_GIVE_UP_S 900   /* no final state after 15 minutes: stop */
#define FOLLOW_MAX_ERRORS 5    /* failed polls in a row */

static int in_list(char *const *list, int n, const char *v)
{
	for (int i = 0; i < n; i++)
		if (!strcmp(list[i], v))
			return 1;
	return 0;
}

/* A state seen (value: as the API wrote it) or a note why following
 * stopped, for the UI. Returns 1 when the state is final. */
static int follow_note(struct tt_session *s, unsigned gen, const struct tt_action *a, const char *value,
		       const char *note, int *changed)
{
	struct session_follow *f = &s->follow;
	char v[sizeof f->states[0]];
	int final = 0;

	*changed = 0;
	pthread_mutex_lock(&s->mm);
	if (gen != s->follow_gen) {
		/* the answer to a poll of a write no longer followed */
		pthread_mutex_unlock(&s->mm);
		return 1;
	}
	if (value) {
		sanitize_text(value, strlen(value), v, sizeof v);
		if (!f->nstates || strcmp(f->states[f->nstates - 1], v)) {
			if (f->nstates == SESSION_FOLLOW_STATES) {
				memmove(f->states[0], f->states[1], sizeof f->states[0] * (SESSION_FOLLOW_STATES - 1));
				f->nstates--;
			}
			snprintf(f->states[f->nstates++], sizeof f->states[0], "%s", v);
			*changed = 1;
		}
		final = in_list(a->finals, a->nfinals, value);
		f->failed = in_list(a->failed, a->nfailed, value);
	}
	if (note) {
		sanitize_text(note, strlen(note), f->note, sizeof f->note);
		f->failed = 1;
	}
	if (final || note)
		f->active = 0;
	if (*changed || final || note)
		f->serial++;
	pthread_mutex_unlock(&s->mm);
	wake(s);
	return final;
}

/* {result.PATH}: a value of the write's answer; {id}: the selected row. */
static int follow_path(const char *tmpl, const cJSON *answer, const char *row_id, struct strbuf *out,
		       char *missing, size_t missingsz)
{
	for (const char *p = tmpl; *p;) {
		const char *close = *p == '{' ? strchr(p, '}') : NULL;
		if (!close) {
			sb_addc(out, *p++);
			continue;
		}
		char name[128], v[512];
		snprintf(name, sizeof name, "%.*s", (int)(close - p - 1), p + 1);
		if (!strncmp(name, "result.", 7)) {
			const cJSON *x = jsonpath_get(answer, name + 7);
			if (!jsonpath_text(x, v, sizeof v)) {
				snprintf(missing, missingsz, "%s", name + 7);
				return -1;
			}
		} else if (!strcmp(name, "id")) {
			snprintf(v, sizeof v, "%s", row_id);
		} else {
			snprintf(missing, missingsz, "%s", name);
			return -1;
		}
		sb_add_url_escaped(out, v);
		p = close + 1;
	}
	return 0;
}

/* Sleep secs, unless the session closes or a newer write is to be
 * followed: 1 then. */
static int follow_sleep(struct tt_session *s, double secs)
{
	struct timespec until;
	int stop;

	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += (time_t)secs;
	until.tv_nsec += (long)((secs - (double)(time_t)secs) * 1e9);
	if (until.tv_nsec >= 1000000000L) {
		until.tv_sec++;
		until.tv_nsec -= 1000000000L;
	}
	pthread_mutex_lock(&s->jm);
	while (!s->quit && !s->follow_pending)
		if (pthread_cond_timedwait(&s->jc, &s->jm, &until) == ETIMEDOUT)
			break;
	stop = s->quit || s->follow_pending;
	pthread_mutex_unlock(&s->jm);
	return stop;
}

/* Poll one write's item with backoff until a final state. */
static void follow_run(struct tt_session *s, struct tt_api *api, const struct follow_job *fj)
{
	const struct tt_action *a = fj->action;
	double wait = FOLLOW_FIRST_S;
	time_t start = time(NULL);
	int errors = 0, changed;

	api_use_context(api, &fj->ctx);
	for (;;) {
		struct tt_http_response r = { 0 };
		struct tt_error e = { 0 };
		if (follow_sleep(s, wait))
			return;
		if (api_call(api, "GET", fj->path, NULL, 0, &r, &e) == 0) {
			cJSON *j = cJSON_ParseWithLength(r.body, r.len);
			char v[128];
			errors = 0;
			jsonpath_text(jsonpath_get(j, a->follow_status), v, sizeof v);
			int final = follow_note(s, fj->gen, a, v[0] ? v : NULL, v[0] ? NULL : "the answer has no status", &changed);
			if (changed)
				merge_queue(s, fj->result_res, fj->ctx.id, j);
			cJSON_Delete(j);
			http_response_free(&r);
			if (final || !v[0])
				return;
		} else {
			http_response_free(&r);
			pthread_mutex_lock(&s->jm);
			int quit = s->quit || s->follow_pending;
			pthread_mutex_unlock(&s->jm);
			if (quit)
				return;
			if (e.status == 404 || ++errors >= FOLLOW_MAX_ERRORS) {
				follow_note(s, fj->gen, a, NULL, e.message, &changed);
				return;
			}
		}
		if (time(NULL) - start > FOLLOW_GIVE_UP_S) {
			follow_note(s, fj->gen, a, NULL, "no final state after 15 minutes: stopped following", &changed);
			return;
		}
		wait = wait * 2 > FOLLOW_MAX_S ? FOLLOW_MAX_S : wait * 2;
	}
}

void *follow_main(void *arg)
{
	struct tt_session *s = arg;
	struct tt_api api;
	struct tt_error e = { 0 };

	/* like the op thread: a new list query leaves it alone, closing ends it */
	if (api_thread_init_own_cancel(&api, &s->shared, &s->follow_cancel, &e))
		return NULL;
	pthread_mutex_lock(&s->jm);
	while (!s->quit) {
		if (!s->follow_pending) {
			pthread_cond_wait(&s->jc, &s->jm);
			continue;
		}
		struct follow_job fj = s->fjob;
		s->follow_pending = 0;
		pthread_mutex_unlock(&s->jm);
		follow_run(s, &api, &fj);
		pthread_mutex_lock(&s->jm);
	}
	pthread_mutex_unlock(&s->jm);
	api_thread_free(&api);
	return NULL;
}

/* A write was accepted (answer in r): merge the created item into its
 * list (result), and follow it to a final state (follow). */
void after_write(struct tt_session *s, const struct op *op, const struct tt_action *a,
		 const struct tt_http_response *r)
{
	cJSON *j = r->len ? cJSON_ParseWithLength(r->body, r->len) : NULL;
	int res = resource_index(s->prov, a->result), changed;

	if (a->result) {
		if (cJSON_IsObject(j) && res >= 0)
			merge_queue(s, res, op->ctx.id, j);
		else
			session_refresh(s); /* no item in the answer: ask for the list again */
	}
	if (a->follow) {
		struct follow_job fj = { .action = a, .ctx = op->ctx, .result_res = res };
		struct strbuf path = { 0 };
		char missing[128] = "", id[128] = "", v[128] = "";
		int ok = follow_path(a->follow, j, op->id, &path, missing, sizeof missing) == 0 &&
			 path.len < sizeof fj.path;
		if (res >= 0)
			jsonpath_text(jsonpath_get(j, s->prov->res[res].id), id, sizeof id);
		jsonpath_text(jsonpath_get(j, a->follow_status), v, sizeof v);
		pthread_mutex_lock(&s->mm);
		unsigned serial = s->follow.serial;
		memset(&s->follow, 0, sizeof s->follow);
		s->follow.serial = serial;
		fj.gen = ++s->follow_gen;
		s->follow.active = 1;
		snprintf(s->follow.what, sizeof s->follow.what, "%s", a->name);
		sanitize_text(id, strlen(id), s->follow.id, sizeof s->follow.id);
		pthread_mutex_unlock(&s->mm);
		char note[200];
		snprintf(note, sizeof note, "cannot follow it: the answer has no %s", missing);
		int final = follow_note(s, fj.gen, a, v[0] ? v : NULL, ok ? NULL : note, &changed);
		if (ok && !final) {
			snprintf(fj.path, sizeof fj.path, "%s", path.s);
			pthread_mutex_lock(&s->jm);
			s->fjob = fj;
			s->follow_pending = 1;
			pthread_cond_broadcast(&s->jc);
			pthread_mutex_unlock(&s->jm);
		}
		sb_free(&path);
	}
	cJSON_Delete(j);
}

void session_follow(struct tt_session *s, struct session_follow *out)
{
	pthread_mutex_lock(&s->mm);
	*out = s->follow;
	pthread_mutex_unlock(&s->mm);
}
