/* query.h — what the user asks for (KPN-form sort "-createdAt,id", filters
 * KEY=VALUE, free text, page size) translated into one provider's query
 * string, validated against the resource's declared keys and URL-encoded.
 * Also the time syntax every filter form accepts: "2025-09-01",
 * "2025-09-01T08:00:00Z", "-2h", "-7d", "-30m". */
#ifndef TT_QUERY_H
#define TT_QUERY_H

#include "api.h"
#include "error.h"
#include "options.h"
#include "provider.h"
#include "strbuf.h"

#include <time.h>

struct tt_query {
	const char *sort;                          /* KPN form, may be NULL */
	const char *text;                          /* free text, may be NULL */
	struct tt_filter_opt filters[TT_MAX_FILTERS];
	int nfilters;
	long limit;                                /* 0 = provider default */
};

/* Build "PATH?…" for the first page (page-number paging adds the page itself). */
int query_build(struct tt_api *a, const struct tt_resource *res, const struct tt_query *q, struct strbuf *out,
		struct tt_error *e);

/* Parse a time: absolute ISO-8601 (date or date-time, Z or offset) or relative
 * "-N[smhdw]" from now. Writes ISO-8601 UTC into out. */
int query_parse_time(const char *in, time_t now, char *out, size_t outsz);
/* The same; on failure why (whysz bytes) says what is wrong, e.g.
 * "2025-02 has no day 30 (it has 28 days)". */
int query_parse_time_why(const char *in, time_t now, char *out, size_t outsz, char *why, size_t whysz);

/* 1 if name is one of the provider's time_filters (a time-valued filter). */
int query_is_time_filter(const struct tt_provider *p, const char *name);

#endif
