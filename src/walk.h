/* walk.h — the paging engines: cursor-links (follow `next`, refuse a link to
 * another origin, stop on a cursor seen before) and page-number (Spring pages;
 * once totalPages is known the rest are fetched by several connections at
 * once, delivered in page order, within the rate limit). Pages are handed to
 * a callback in order; a malformed page is fetched again before giving up. */
#ifndef TT_WALK_H
#define TT_WALK_H

#include "api.h"
#include "error.h"

#include <stddef.h>

struct strbuf;

struct walk_page {
	const char *body;              /* the raw page, NUL-terminated */
	size_t len;
	size_t items_start, items_end; /* span of the items array in body */
	unsigned long nitems;          /* elements in it (checked) */
	unsigned long number;          /* 0-based page index in delivery order */
};

/* Return 0 to go on, 1 to stop quietly, -1 to fail (e filled). */
typedef int (*walk_page_fn)(void *ud, const struct walk_page *page, struct tt_error *e);

struct walk_stats {
	unsigned long pages, items;
	size_t bytes;
	long total;                    /* page-number: totalElements, -1 unknown */
};

/* What a walker reads from one page body, without the network: the items
 * array (every element checked), the cursor style's next link and the
 * page-number style's totals. The walkers and the fuzz harness share it. */
struct walk_page_info {
	size_t items_start, items_end;
	unsigned long nitems;
	int has_next;                  /* a next link, not null (decoded into next) */
	long total_pages, total_elements, last;   /* -1 absent; last: 1/0 */
};
/* 0, or -1 malformed (worth fetching again), or -2 no items array (e says). */
int walk_parse_page(const char *body, size_t len, const char *items_field, const char *next_field,
		    struct walk_page_info *info, struct strbuf *next, struct tt_error *e);

/* first: path+query from query_build, with the first page's size. parallel:
 * connections for page-number walks (1 = sequential; THINGTOP_PARALLEL_PAGES
 * overrides). next_limit: a cursor walk that changes its page size after the
 * first page (the dashboard's small first page) asks every later page for
 * this many items, the provider's limit parameter set in each next link (see
 * walk_link_limit), when the provider allows it (paging.resize_cursor); 0
 * follows the links as given, as a walk of one size does (a cursor carries
 * its query, the size included [D S2]). Page-number walks keep first's size
 * throughout (provider_page_sizes gives them one size). */
int walk_run(struct tt_api *a, const char *items_field, const char *first, int parallel, long next_limit,
	     walk_page_fn fn, void *ud, struct walk_stats *st, struct tt_error *e);

/* out = link with param=value: the value replaced where link carries param
 * (every occurrence), else param=value appended to its query. A cursor
 * link carries the position (KPN: "only the cursor", api-notes §10); the page
 * size asked for with it is the client's. */
void walk_link_limit(struct strbuf *out, const char *link, const char *param, long value);

/* u = first with param=page added (page-number paging): the URL of one page. */
void walk_page_url(struct strbuf *u, const char *first, const char *param, long page);

#endif
