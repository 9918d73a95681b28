/* query.c — sort/filter/context translation per provider (see query.h). */
#include "query.h"

#include "sanitize.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int query_is_time_filter(const struct tt_provider *p, const char *name)
{
	for (int i = 0; i < p->ntime_filters; i++)
		if (!strcmp(p->time_filters[i], name))
			return 1;
	return 0;
}

/* n digits at p, or -1 */
static int digits(const char *p, int n)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (!isdigit((unsigned char)p[i]))
			return -1;
		v = v * 10 + (p[i] - '0');
	}
	return v;
}

static int days_in_month(int y, int m)
{
	static const int d[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return m == 2 && leap ? 29 : d[m - 1];
}

#define WHY(...) (why ? (void)snprintf(why, whysz, __VA_ARGS__) : (void)0)

/* Strict ISO-8601: YYYY-MM-DD, or YYYY-MM-DDTHH:MM[:SS[.fraction]] with Z,
 * ±HH:MM or nothing (UTC). Impossible dates (2025-02-30) and loose offsets
 * are refused rather than rolled over; why says what is wrong. */
static int parse_absolute(const char *in, time_t *t, char *why, size_t whysz)
{
	struct tm tm = { 0 };
	int y = digits(in, 4), mo, d, off = 0;
	const char *p;

	if (y < 0 || in[4] != '-' || (mo = digits(in + 5, 2)) < 0 || in[7] != '-' || (d = digits(in + 8, 2)) < 0) {
		WHY("a date is YYYY-MM-DD");
		return -1;
	}
	if (y < 1970) {
		WHY("year %d is before 1970", y);
		return -1;
	}
	if (mo < 1 || mo > 12) {
		WHY("there is no month %02d", mo);
		return -1;
	}
	if (d < 1 || d > days_in_month(y, mo)) {
		WHY("%04d-%02d has no day %02d (it has %d days)", y, mo, d, days_in_month(y, mo));
		return -1;
	}
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	p = in + 10;
	if (*p == 'T' || *p == 't') {
		int h = digits(p + 1, 2), mi = p[3] == ':' ? digits(p + 4, 2) : -1, sec = 0;
		if (h < 0 || h > 23 || mi < 0 || mi > 59) {
			WHY("a time of day is HH:MM or HH:MM:SS, from 00:00 to 23:59:59");
			return -1;
		}
		p += 6;
		if (*p == ':') {
			if ((sec = digits(p + 1, 2)) < 0 || sec > 59) {
				WHY("seconds are two digits, 00 to 59");
				return -1;
			}
			p += 3;
			if (*p == '.') {
				if (!isdigit((unsigned char)p[1])) {
					WHY("a '.' after the seconds needs digits");
					return -1;
				}
				for (p++; isdigit((unsigned char)*p); p++)
					;
			}
		}
		tm.tm_hour = h;
		tm.tm_min = mi;
		tm.tm_sec = sec;
		if (*p == 'Z' || *p == 'z') {
			p++;
		} else if (*p == '+' || *p == '-') {
			int oh = digits(p + 1, 2), om = p[3] == ':' ? digits(p + 4, 2) : -1;
			if (oh < 0 || oh > 14 || om < 0 || om > 59) {
				WHY("an offset is Z or +HH:MM / -HH:MM, at most 14:00");
				return -1;
			}
			off = (oh * 3600 + om * 60) * (*p == '-' ? -1 : 1);
			p += 6;
		}
	}
	if (*p) {
		WHY("unexpected text after the %s", p > in + 10 ? "time" : "date");
		return -1;
	}
	*t = timegm(&tm) - off;
	return 0;
}

int query_parse_time_why(const char *in, time_t now, char *out, size_t outsz, char *why, size_t whysz)
{
	time_t t;

	if (why && whysz)
		why[0] = '\0';
	while (isspace((unsigned char)*in))
		in++;
	if (*in == '-' && isdigit((unsigned char)in[1])) {
		char *end;
		long v = strtol(in + 1, &end, 10);
		long mult;
		switch (*end) {
		case 's': mult = 1; break;
		case 'm': mult = 60; break;
		case 'h': mult = 3600; break;
		case 'd': mult = 86400; break;
		case 'w': mult = 7 * 86400; break;
		default:
			WHY("a relative time is -N with a unit s, m, h, d or w");
			return -1;
		}
		if (end[1] != '\0') {
			WHY("a relative time is -N with a unit s, m, h, d or w");
			return -1;
		}
		if (v < 0 || v > 100L * 366 * 86400 / mult) {
			WHY("at most 100 years back");
			return -1;
		}
		t = now - v * mult;
	} else if (!isdigit((unsigned char)*in)) {
		WHY("a time is a date like 2025-09-01 or relative like -2h");
		return -1;
	} else if (parse_absolute(in, &t, why, whysz)) {
		return -1;
	}
	struct tm u;
	if (!gmtime_r(&t, &u) || u.tm_year + 1900 < 1970 || u.tm_year + 1900 > 9999) {
		WHY("out of range (1970 to 9999)");
		return -1;
	}
	if (!strftime(out, outsz, "%Y-%m-%dT%H:%M:%SZ", &u)) {
		WHY("no room for the result");
		return -1;
	}
	return 0;
}

int query_parse_time(const char *in, time_t now, char *out, size_t outsz)
{
	return query_parse_time_why(in, now, out, outsz, NULL, 0);
}

static int in_list(char *const *list, int n, const char *s)
{
	for (int i = 0; i < n; i++)
		if (!strcmp(list[i], s))
			return 1;
	return 0;
}

static void join(char *out, size_t outsz, char *const *list, int n)
{
	out[0] = '\0';
	for (int i = 0; i < n; i++) {
		size_t k = strlen(out);
		snprintf(out + k, outsz - k, "%s%s", i ? ", " : "", list[i]);
	}
}

static const char *sort_map(const struct tt_provider *p, const char *key)
{
	for (int i = 0; i < p->nsort_map; i++)
		if (!strcmp(p->sort_from[i], key))
			return p->sort_to[i];
	return key;
}

static int add_sort(const struct tt_provider *p, const struct tt_resource *res, const char *sort, struct strbuf *out,
		    struct tt_error *e)
{
	char tmp[256], list[400];
	int first = 1;

	if (!sort || !*sort)
		return 0;
	if (strlen(sort) >= sizeof tmp) {
		tt_error_set(e, 0, "--sort is too long");
		return -1;
	}
	strcpy(tmp, sort);
	struct strbuf joined = { 0 };
	for (char *save = NULL, *tok = strtok_r(tmp, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		int desc = 0;
		while (isspace((unsigned char)*tok))
			tok++;
		if (*tok == '-' || *tok == '+') {
			desc = *tok == '-';
			tok++;
		}
		if (!*tok || (res->nsort_keys && !in_list(res->sort_keys, res->nsort_keys, tok))) {
			char clean[64];
			sanitize_text(tok, strlen(tok), clean, sizeof clean);
			join(list, sizeof list, res->sort_keys, res->nsort_keys);
			tt_error_set(e, 0, "%s cannot be sorted by '%s'", res->name, clean);
			tt_error_hint(e, "sort keys: %s (prefix - for descending)", res->nsort_keys ? list : "none");
			sb_free(&joined);
			return -1;
		}
		for (const char *c = tok; *c; c++)
			if (!isalnum((unsigned char)*c) && *c != '_' && *c != '.') {
				tt_error_set(e, 0, "bad sort key '%s'", tok);
				sb_free(&joined);
				return -1;
			}
		if (p->sort_style == SORT_MINUS_PREFIX) {
			sb_addf(&joined, "%s%s%s", first ? "" : ",", desc ? "-" : "", tok);
		} else {
			/* keys are checked to be [A-Za-z0-9_.]: no escaping needed, and the
			 * comma stays readable in logs */
			sb_adds(out, "&sort=");
			sb_add_url_escaped(out, sort_map(p, tok));
			sb_adds(out, desc ? ",desc" : ",asc");
		}
		first = 0;
	}
	if (p->sort_style == SORT_MINUS_PREFIX && joined.len) {
		sb_adds(out, "&sort=");
		sb_adds(out, joined.s);
	}
	sb_free(&joined);
	return 0;
}

int query_build(struct tt_api *a, const struct tt_resource *res, const struct tt_query *q, struct strbuf *out,
		struct tt_error *e)
{
	struct tt_api_shared *s = a->s;
	const struct tt_provider *p = s->prov;
	long limit = q->limit ? q->limit : p->default_limit;
	char list[600];

	if (!res->path) {
		tt_error_set(e, 0, "%s has no list; its actions work on single items", res->name);
		return -1;
	}
	if (limit > p->max_limit) {
		tt_error_set(e, 0, "page size %ld is above %s's maximum of %d", limit, p->title, p->max_limit);
		return -1;
	}
	sb_adds(out, res->path);
	sb_addf(out, "?%s=%ld", p->limit_param, limit);
	if (add_sort(p, res, q->sort, out, e))
		return -1;
#ifdef TT_MUTANT_FILTER /* defence: the filter text reaches the query; the mutant drops it */
	if (0)
#endif
	if (q->text && *q->text && p->text_param) {
		sb_addf(out, "&%s=", p->text_param);
		sb_add_url_escaped(out, q->text);
	}
	for (int i = 0; i < q->nfilters; i++) {
		const char *key = q->filters[i].key, *val = q->filters[i].value;
		char tbuf[40];
		/* q= is the universal spelling of the free-text parameter */
		if (p->text_param && !strcmp(key, "q"))
			key = p->text_param;
		if (!in_list(res->filters, res->nfilters, key)) {
			char clean[64];
			sanitize_text(key, strlen(key), clean, sizeof clean);
			join(list, sizeof list, res->filters, res->nfilters);
			tt_error_set(e, 0, "%s has no filter '%s'", res->name, clean);
			tt_error_hint(e, "filters: %s", res->nfilters ? list : "none");
			return -1;
		}
		if (query_is_time_filter(p, key)) {
			char why[96];
			if (query_parse_time_why(val, time(NULL), tbuf, sizeof tbuf, why, sizeof why)) {
				char clean[64];
				sanitize_text(val, strlen(val), clean, sizeof clean);
				tt_error_set(e, 0, "%s: '%s' is not a time: %s", key, clean, why);
				tt_error_hint(e, "use 2025-09-01, 2025-09-01T08:00:00Z, or relative -30m, -2h, -7d");
				return -1;
			}
			val = tbuf;
		}
#ifdef TT_MUTANT_FILTER /* defence: filters reach the query; the mutant drops them */
		continue;
#endif
		sb_addc(out, '&');
		sb_add_url_escaped(out, key);
		sb_addc(out, '=');
		sb_add_url_escaped(out, val);
	}
	if (p->ctx == CTX_QUERY && res->context_param && a->ctx.id[0]) {
		sb_addf(out, "&%s=", p->ctx_param);
		sb_add_url_escaped(out, a->ctx.id);
	} else if (res->owner_param) {
		if (api_owner(a, e))
			return -1;
		sb_addf(out, "&%s=", res->owner_param);
		sb_add_url_escaped(out, s->owner_id);
	} else if (res->context_param && p->ctx == CTX_QUERY) {
		tt_error_set(e, 0, "%s needs a %s", res->name, p->ctx_word);
		tt_error_hint(e, "pick one with --context (its id or name)");
		return -1;
	}
	return 0;
}
