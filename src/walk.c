/* walk.c — cursor-links and page-number walks (see walk.h). */
#include "walk.h"
#include "xalloc.h"

#include "jsonspan.h"
#include "sanitize.h"
#include "strbuf.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int json_string_value(const char *s, size_t start, size_t end, struct strbuf *out);

static long span_long(const char *body, size_t vs, size_t ve, long def)
{
	if (ve <= vs)
		return def;
	if (body[vs] == 't')
		return 1;
	if (body[vs] == 'f')
		return 0;
	char *end;
	long v = strtol(body + vs, &end, 10);
	return end == body + vs ? def : v;
}

int walk_parse_page(const char *body, size_t len, const char *items_field, const char *next_field,
		    struct walk_page_info *info, struct strbuf *next, struct tt_error *e)
{
	/* one validating pass over the page for everything a walker reads */
	const char *keys[5] = { items_field, next_field, "totalPages", "totalElements", "last" };
	size_t vs[5], ve[5];
	unsigned long count[5] = { 0 };

	memset(info, 0, sizeof *info);
	info->total_pages = info->total_elements = info->last = -1;
	if (jsonspan_members(body, len, keys, 5, vs, ve, count)) {
		tt_error_set(e, 0, "not valid JSON (%zu bytes)", len);
		return -1;
	}
	if (ve[0] == 0) {
		tt_error_set(e, 0, "no '%s' array", items_field);
		tt_error_hint(e, "the provider file's paging.items may not match this API");
		return -2;
	}
	if (body[vs[0]] != '[') {
		tt_error_set(e, 0, "'%s' is not an array", items_field);
		return -1;
	}
	info->items_start = vs[0];
	info->items_end = ve[0];
	info->nitems = count[0];
	if (next_field && ve[1] > vs[1] && strncmp(body + vs[1], "null", 4) != 0) {
		struct strbuf tmp = { 0 }, *out = next ? next : &tmp;
		sb_reset(out);
		if (json_string_value(body, vs[1], ve[1], out) || !out->len) {
			sb_free(&tmp);
			tt_error_set(e, 0, "a '%s' link that is not a string", next_field);
			return -1;
		}
		sb_free(&tmp);
		info->has_next = 1;
	}
	info->total_pages = span_long(body, vs[2], ve[2], -1);
	info->total_elements = span_long(body, vs[3], ve[3], -1);
	info->last = span_long(body, vs[4], ve[4], -1);
	return 0;
}

/* GET url and check the page (walk_parse_page); a page that is not JSON is
 * fetched again (up to 3 times) since a truncated body is usually a transient
 * fault. */
static int fetch_page(struct tt_api *a, const char *url, const char *items_field, const char *next_field,
		      unsigned long number, struct tt_http_response *r, struct walk_page *pg,
		      struct walk_page_info *info, struct strbuf *next, struct tt_error *e)
{
	for (int attempt = 0; attempt < 3; attempt++) {
		struct tt_error pe = { 0 };
		int m;

		if (api_call(a, "GET", url, NULL, 0, r, e))
			return -1;
		m = walk_parse_page(r->body, r->len, items_field, next_field, info, next, &pe);
		if (m == 0) {
			pg->body = r->body;
			pg->len = r->len;
			pg->items_start = info->items_start;
			pg->items_end = info->items_end;
			pg->nitems = info->nitems;
			pg->number = number;
			return 0;
		}
		tt_error_set(e, (int)r->status, "page %lu: %s", number + 1, pe.message);
		if (m == -2) {
			tt_error_hint(e, "%s", pe.hint);
			return -1;
		}
		tt_error_prefix(e, "tried %d times: ", attempt + 1);
		tt_error_hint(e, "the server sent a truncated or malformed page; try again later");
	}
	return -1;
}


static int deliver(walk_page_fn fn, void *ud, const struct walk_page *pg, struct walk_stats *st, struct tt_error *e)
{
	st->pages++;
	st->items += pg->nitems;
	st->bytes += pg->len;
	return fn(ud, pg, e);
}

/* A next link's text: a JSON string holding a URL, so printable ASCII only
 * (no space, DEL or 8-bit byte: nothing that could bend the request line). */
static int json_string_value(const char *s, size_t start, size_t end, struct strbuf *out)
{
	if (end - start < 2 || s[start] != '"' || s[end - 1] != '"')
		return -1;
	for (size_t i = start + 1; i < end - 1; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c <= 0x20 || c >= 0x7f)
			return -1;
		if (c != '\\') {
			sb_addc(out, s[i]);
			continue;
		}
		if (++i >= end - 1)
			return -1;
		switch (s[i]) {
		case '/': case '\\': case '"': sb_addc(out, s[i]); break;
		case 'u': {
			unsigned v;
			if (i + 4 >= end - 1 || sscanf(s + i + 1, "%4x", &v) != 1 || v >= 0x7f || v <= 0x20)
				return -1; /* a URL has no business carrying anything else */
			sb_addc(out, (char)v);
			i += 4;
			break;
		}
		default:
			return -1;
		}
	}
	return 0;
}

static uint64_t fnv(const char *s)
{
	uint64_t h = 1469598103934665603ull;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h ? h : 1; /* 0 marks an empty slot below */
}

/* The next links a cursor walk has visited, as an open-addressing set of
 * their hashes: constant time per page, where a list was linear (a walk of
 * 100,000 pages compared 5e9 hashes). */
struct seen_set {
	uint64_t *slot;
	size_t mask, n;
};

/* 1: h was there already; 0: added; -1: out of memory. */
static int seen_add(struct seen_set *set, uint64_t h)
{
	size_t i;

	if (!set->slot || 2 * (set->n + 1) > set->mask + 1) {
		size_t cap = set->slot ? 2 * (set->mask + 1) : 1024;
		uint64_t *ns = xcalloc(cap, sizeof *ns);
		for (size_t k = 0; set->slot && k <= set->mask; k++) {
			if (!set->slot[k])
				continue;
			for (i = (size_t)set->slot[k] & (cap - 1); ns[i]; i = (i + 1) & (cap - 1))
				;
			ns[i] = set->slot[k];
		}
		free(set->slot);
		set->slot = ns;
		set->mask = cap - 1;
	}
	for (i = (size_t)h & set->mask; set->slot[i]; i = (i + 1) & set->mask)
		if (set->slot[i] == h)
			return 1;
	set->slot[i] = h;
	set->n++;
	return 0;
}

/* The page cap of every walk (max_pages), so that a server whose cursor never
 * ends (a new one on every page) cannot keep a walk going forever. */
static void error_max_pages(struct tt_error *e, unsigned long pages)
{
	char n[32];

	tt_error_set(e, 0, "stopped after %s pages: max_pages; narrow the query or raise max_pages",
		     fmt_thousands(pages, n, sizeof n));
	tt_error_hint(e, "the items so far are kept; max_pages is a setting of the configuration file");
}


/* The cursor walk overlaps the network with the consumer: page n is handed to
 * a delivery thread while page n+1 is fetched (two response buffers). A cursor
 * walk's floor is pages x round trip; without the overlap it is pages x (round
 * trip + the consumer's time per page), and the consumer (printing, or building
 * a million rows for the dashboard) is not free. Pages are still delivered one
 * at a time, in order, from one thread. */
struct handoff {
	pthread_mutex_t m;
	pthread_cond_t c;
	const struct walk_page *pg; /* posted, not yet taken; NULL when empty */
	unsigned long posted, delivered;
	int stop, d;                /* d: the first non-zero result of fn */
	struct tt_error err;        /* fn's error, when d < 0 */
	walk_page_fn fn;
	void *ud;
	struct walk_stats *st;
};

static void *deliver_main(void *arg)
{
	struct handoff *h = arg;

	pthread_mutex_lock(&h->m);
	for (;;) {
		while (!h->pg && !h->stop)
			pthread_cond_wait(&h->c, &h->m);
		if (!h->pg)
			break;
		struct walk_page pg = *h->pg;
		pthread_mutex_unlock(&h->m);
		struct tt_error pe = { 0 };
		int d = h->d ? h->d : deliver(h->fn, h->ud, &pg, h->st, &pe);
		pthread_mutex_lock(&h->m);
		if (d && !h->d) {
			h->d = d;
			h->err = pe;
		}
		h->pg = NULL;
		h->delivered++;
		pthread_cond_broadcast(&h->c);
	}
	pthread_mutex_unlock(&h->m);
	return NULL;
}

/* Wait until every posted page is delivered; return fn's first non-zero result. */
static int handoff_wait(struct handoff *h)
{
	pthread_mutex_lock(&h->m);
	while (h->delivered != h->posted)
		pthread_cond_wait(&h->c, &h->m);
	int d = h->d;
	pthread_mutex_unlock(&h->m);
	return d;
}

void walk_link_limit(struct strbuf *out, const char *link, const char *param, long value)
{
	const char *q = strchr(link, '?'), *frag = strchr(link, '#');
	size_t plen = strlen(param);
	int found = 0;

	sb_reset(out);
	if (frag && q && frag < q)
		q = NULL; /* a '?' inside the fragment is not a query */
	if (!frag)
		frag = link + strlen(link);
	if (!q) {
		sb_add(out, link, (size_t)(frag - link));
		sb_addf(out, "?%s=%ld", param, value);
		sb_adds(out, frag);
		return;
	}
	sb_add(out, link, (size_t)(q - link) + 1);
	for (const char *p = q + 1; p < frag;) {
		const char *amp = memchr(p, '&', (size_t)(frag - p));
		const char *end = amp ? amp : frag;
		size_t n = (size_t)(end - p);
		if (n >= plen && !strncmp(p, param, plen) && (n == plen || p[plen] == '=')) {
			sb_addf(out, "%s=%ld", param, value);
			found = 1;
		} else {
			sb_add(out, p, n);
		}
		if (amp)
			sb_addc(out, '&');
		p = amp ? amp + 1 : frag;
	}
	if (!found)
		sb_addf(out, "%s%s=%ld", out->s[out->len - 1] == '?' || out->s[out->len - 1] == '&' ? "" : "&", param,
			value);
	sb_adds(out, frag);
}

static int walk_cursor(struct tt_api *a, const char *items_field, const char *first, long next_limit,
		       walk_page_fn fn, void *ud, struct walk_stats *st, struct tt_error *e)
{
	const char *next_field = a->s->prov->next_field;
	struct strbuf url = { 0 };
	struct tt_http_response r[2] = { { 0 } };
	struct walk_page pgs[2];
	struct seen_set seen = { 0 };
	unsigned long max_pages = (unsigned long)config_limit(a->s->cfg, TT_LIMIT_MAX_PAGES);
	int rc = -1, d = 0;
	struct handoff h = { .fn = fn, .ud = ud, .st = st };
	pthread_t th;
	int threaded;

	pthread_mutex_init(&h.m, NULL);
	pthread_cond_init(&h.c, NULL);
	threaded = pthread_create(&th, NULL, deliver_main, &h) == 0;

	struct strbuf next = { 0 };
	sb_adds(&url, first);
	for (unsigned long page = 0;; page++) {
		struct walk_page *pg = &pgs[page % 2];
		struct walk_page_info info;

		if (page >= max_pages) {
			if (threaded && (d = handoff_wait(&h)) != 0)
				break;
			error_max_pages(e, page);
			break;
		}
		/* r[page % 2] last held page - 2, delivered before page - 1 was posted */
		if (fetch_page(a, url.s, items_field, next_field, page, &r[page % 2], pg, &info, &next, e)) {
			if (threaded)
				d = handoff_wait(&h); /* if the consumer stopped first, its answer wins */
			break;
		}
		if (threaded) {
			d = handoff_wait(&h);
			if (d)
				break;
			pthread_mutex_lock(&h.m);
			h.pg = pg;
			h.posted++;
			pthread_cond_broadcast(&h.c);
			pthread_mutex_unlock(&h.m);
		} else if ((d = deliver(fn, ud, pg, st, e)) != 0) {
			break;
		}
		if (!info.has_next) {
			d = threaded ? handoff_wait(&h) : 0;
			if (!d)
				rc = 0;
			break;
		}
		/* a small first page for the first screen, then bigger ones: the link
		 * gives the position, the size is ours to ask (provider_page_sizes) */
		if (next_limit > 0 && a->s->prov->resize_cursor) {
			walk_link_limit(&url, next.s, a->s->prov->limit_param, next_limit);
		} else {
			sb_reset(&url);
			sb_adds(&url, next.s);
		}
		/* the first URL is relative; every next link is absolute */
		int again = seen_add(&seen, fnv(url.s));
		if (again) {
			if (threaded && (d = handoff_wait(&h)) != 0)
				goto out;
			if (again < 0) {
				tt_error_set(e, 0, "out of memory after page %lu", page + 1);
				goto out;
			}
			tt_error_set(e, 0, "the server returned a next link we already visited (after page %lu): "
				     "stopping instead of looping", page + 1);
			tt_error_hint(e, "this is a server-side paging bug; the items so far are complete and "
				      "unique");
			goto out;
		}
	}
out:
	if (threaded) {
		pthread_mutex_lock(&h.m);
		h.stop = 1;
		pthread_cond_broadcast(&h.c);
		pthread_mutex_unlock(&h.m);
		pthread_join(th, NULL);
		if (h.d)
			d = h.d;
		if (h.d < 0)
			*e = h.err;
	}
	/* fn > 0: the consumer asked to stop, which is a success */
	if (d > 0)
		rc = 0;
	else if (d < 0)
		rc = -1;
	pthread_mutex_destroy(&h.m);
	pthread_cond_destroy(&h.c);
	free(seen.slot);
	sb_free(&next);
	http_response_free(&r[0]);
	http_response_free(&r[1]);
	sb_free(&url);
	return rc;
}


/* ---------- parallel page-number walk ---------- */

struct slot {
	long page;                 /* -1 empty */
	struct tt_http_response r;
	struct walk_page pg;
	int failed;
	struct tt_error err;
};

struct par {
	pthread_mutex_t m;
	pthread_cond_t c;
	long next_fetch, next_deliver, total;
	int window, stop;
	struct slot *slots;
	const struct tt_api *parent;  /* the walking thread's: its context and generation */
	const char *first, *items_field, *page_param;
	int first_page;
};

void walk_page_url(struct strbuf *u, const char *first, const char *param, long page)
{
	sb_reset(u);
	sb_addf(u, "%s%s%s=%ld", first, strchr(first, '?') ? "&" : "?", param, page);
}

static void *par_worker(void *arg)
{
	struct par *p = arg;
	struct tt_api api;
	struct tt_error e = { 0 };
	struct strbuf url = { 0 };
	int ok = api_thread_init(&api, p->parent->s, &e) == 0;

	if (ok) {
		/* the walk's tenant and generation, not whatever is current now: the
		 * parent set both before starting this thread and changes neither
		 * until it has joined it */
		api_use_context(&api, &p->parent->ctx);
		api_set_cancel_value(&api, p->parent->cancel_value);
	}

	for (;;) {
		pthread_mutex_lock(&p->m);
		while (!p->stop && p->next_fetch < p->total && p->next_fetch - p->next_deliver >= p->window)
			pthread_cond_wait(&p->c, &p->m);
		if (p->stop || p->next_fetch >= p->total) {
			pthread_mutex_unlock(&p->m);
			break;
		}
		long page = p->next_fetch++;
		pthread_mutex_unlock(&p->m);

		struct tt_http_response r = { 0 };
		struct walk_page pg = { 0 };
		struct tt_error pe = { 0 };
		int failed;
		if (!ok) {
			pe = e;
			failed = 1;
		} else {
			walk_page_url(&url, p->first, p->page_param, page + p->first_page);
			struct walk_page_info info;
			failed = fetch_page(&api, url.s, p->items_field, NULL, (unsigned long)page, &r, &pg, &info,
					    NULL, &pe) != 0;
		}
		pthread_mutex_lock(&p->m);
		struct slot *s = &p->slots[page % p->window];
		s->page = page;
		s->r = r;
		s->pg = pg;
		s->failed = failed;
		s->err = pe;
		if (failed)
			p->stop = 1; /* nothing after a failed page can be delivered */
		pthread_cond_broadcast(&p->c);
		pthread_mutex_unlock(&p->m);
	}
	if (ok)
		api_thread_free(&api);
	sb_free(&url);
	return NULL;
}

static int walk_parallel(struct tt_api *a, struct par *p, int workers, walk_page_fn fn, void *ud,
			 struct walk_stats *st, struct tt_error *e)
{
	pthread_t th[8];
	int started = 0, rc = 0;

	pthread_mutex_init(&p->m, NULL);
	pthread_cond_init(&p->c, NULL);
	p->window = workers * 2;
	p->slots = xcalloc((size_t)p->window, sizeof *p->slots);
	for (int i = 0; i < p->window; i++)
		p->slots[i].page = -1;
	p->parent = a;
	for (int i = 0; i < workers && i < 8; i++)
		if (pthread_create(&th[started], NULL, par_worker, p) == 0)
			started++;
	for (long page = p->next_deliver; page < p->total; page++) {
		struct slot *s = &p->slots[page % p->window];
		pthread_mutex_lock(&p->m);
		while (s->page != page)
			pthread_cond_wait(&p->c, &p->m);
		pthread_mutex_unlock(&p->m);
		int d;
		if (s->failed) {
			*e = s->err;
			d = -1;
		} else {
			d = deliver(fn, ud, &s->pg, st, e);
		}
		http_response_free(&s->r);
		pthread_mutex_lock(&p->m);
		s->page = -1;
		p->next_deliver = page + 1;
		if (d != 0)
			p->stop = 1;
		pthread_cond_broadcast(&p->c);
		pthread_mutex_unlock(&p->m);
		if (d != 0) {
			rc = d < 0 ? -1 : 0;
			break;
		}
	}
	for (int i = 0; i < started; i++)
		pthread_join(th[i], NULL);
	for (int i = 0; i < p->window; i++)
		http_response_free(&p->slots[i].r);
	free(p->slots);
	pthread_mutex_destroy(&p->m);
	pthread_cond_destroy(&p->c);
	return rc;
}

static int walk_pages(struct tt_api *a, const char *items_field, const char *first, int parallel, walk_page_fn fn,
		      void *ud, struct walk_stats *st, struct tt_error *e)
{
	const struct tt_provider *pv = a->s->prov;
	struct strbuf url = { 0 };
	struct tt_http_response r = { 0 };
	struct walk_page pg;
	struct walk_page_info info;
	int rc = -1, d;
	long total_pages, page = 0;
	unsigned long max_pages = (unsigned long)config_limit(a->s->cfg, TT_LIMIT_MAX_PAGES);

	walk_page_url(&url, first, pv->page_param, pv->first_page);
	if (fetch_page(a, url.s, items_field, NULL, 0, &r, &pg, &info, NULL, e))
		goto out;
	total_pages = info.total_pages;
	st->total = info.total_elements;
	long last = info.last;
	d = deliver(fn, ud, &pg, st, e);
	if (d) {
		rc = d < 0 ? -1 : 0;
		goto out;
	}
	if (last == 1 || total_pages == 1 || pg.items_end - pg.items_start <= 2) {
		rc = 0;
		goto out;
	}
	if (parallel > 1 && total_pages > 2) {
		int capped = (unsigned long)total_pages > max_pages;
		struct par p = { .next_fetch = 1, .next_deliver = 1, .total = capped ? (long)max_pages : total_pages,
				 .first = first, .items_field = items_field, .page_param = pv->page_param,
				 .first_page = pv->first_page };
		http_response_free(&r);
		rc = walk_parallel(a, &p, parallel, fn, ud, st, e);
		if (rc == 0 && capped && p.next_deliver == p.total) {
			error_max_pages(e, max_pages);
			rc = -1;
		}
		goto out;
	}
	for (page = 1; total_pages < 0 || page < total_pages; page++) {
		if ((unsigned long)page >= max_pages) {
			error_max_pages(e, max_pages);
			goto out;
		}
		walk_page_url(&url, first, pv->page_param, page + pv->first_page);
		if (fetch_page(a, url.s, items_field, NULL, (unsigned long)page, &r, &pg, &info, NULL, e))
			goto out;
		last = info.last;
		d = deliver(fn, ud, &pg, st, e);
		if (d) {
			rc = d < 0 ? -1 : 0;
			goto out;
		}
		if (last == 1 || pg.items_end - pg.items_start <= 2)
			break;
	}
	rc = 0;
out:
	http_response_free(&r);
	sb_free(&url);
	return rc;
}

int walk_run(struct tt_api *a, const char *items_field, const char *first, int parallel, long next_limit,
	     walk_page_fn fn, void *ud, struct walk_stats *st, struct tt_error *e)
{
	const char *env = getenv("THINGTOP_PARALLEL_PAGES");

	memset(st, 0, sizeof *st);
	st->total = -1;
	if (env && atoi(env) > 0)
		parallel = atoi(env) > 8 ? 8 : atoi(env);
	if (a->s->prov->paging == PAGING_CURSOR_LINKS)
		return walk_cursor(a, items_field, first, next_limit, fn, ud, st, e);
	return walk_pages(a, items_field, first, parallel, fn, ud, st, e);
}
