/* jsonpath.c — dotted paths into JSON items (see jsonpath.h). */
#include "jsonpath.h"

#include "jsonspan.h"
#include "strbuf.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const cJSON *jsonpath_get(const cJSON *item, const char *path)
{
	char seg[128];

	while (item && *path) {
		const char *dot = strchr(path, '.');
		size_t n = dot ? (size_t)(dot - path) : strlen(path);
		if (n >= sizeof seg)
			return NULL;
		memcpy(seg, path, n);
		seg[n] = '\0';
		if (cJSON_IsArray(item) && isdigit((unsigned char)seg[0]))
			item = cJSON_GetArrayItem(item, atoi(seg));
		else
			item = cJSON_GetObjectItemCaseSensitive(item, seg);
		path += n + (dot ? 1 : 0);
	}
	return item;
}

size_t jsonpath_text(const cJSON *v, char *out, size_t outsz)
{
	int n = 0;

	out[0] = '\0';
	if (!v || cJSON_IsNull(v))
		return 0;
	if (cJSON_IsString(v))
		n = snprintf(out, outsz, "%s", v->valuestring ? v->valuestring : "");
	else if (cJSON_IsBool(v))
		n = snprintf(out, outsz, "%s", cJSON_IsTrue(v) ? "true" : "false");
	else if (cJSON_IsNumber(v)) {
		double d = v->valuedouble;
		if (d == (double)(long long)d && d < 1e15 && d > -1e15)
			n = snprintf(out, outsz, "%lld", (long long)d);
		else
			n = snprintf(out, outsz, "%.6g", d);
	} else {
		char *s = cJSON_PrintUnformatted(v);
		n = snprintf(out, outsz, "%s", s ? s : "");
		free(s);
	}
	if (n < 0)
		return 0;
	return (size_t)n < outsz ? (size_t)n : outsz - 1;
}

void jsonpath_text_sb(const cJSON *v, struct strbuf *out)
{
	char num[64];

	sb_reset(out);
	sb_adds(out, "");
	if (!v || cJSON_IsNull(v))
		return;
	if (cJSON_IsString(v)) {
		sb_adds(out, v->valuestring ? v->valuestring : "");
	} else if (cJSON_IsBool(v) || cJSON_IsNumber(v)) {
		jsonpath_text(v, num, sizeof num);
		sb_adds(out, num);
	} else {
		char *s = cJSON_PrintUnformatted(v);
		sb_adds(out, s ? s : "");
		free(s);
	}
}

void jsonpath_short_time(const char *in, char *out, size_t outsz)
{
	/* YYYY-MM-DDTHH:MM… */
	char t[17];
	size_t n;

	if (!outsz)
		return;
	if (strnlen(in, 16) >= 16 && in[4] == '-' && in[7] == '-' && (in[10] == 'T' || in[10] == ' ') && in[13] == ':') {
		memcpy(t, in, 10); /* "%.10s %.5s", without printf: it runs for every time cell */
		t[10] = ' ';
		memcpy(t + 11, in + 11, 5);
		t[16] = '\0';
		in = t;
	}
	n = strlen(in);
	if (n >= outsz)
		n = outsz - 1;
	memcpy(out, in, n);
	out[n] = '\0';
}

/* ---------- the same on raw text (the dashboard's rows, a page at a time) ---------- */

#define SEG_MAX 128 /* jsonpath_get's segment buffer: longer segments find nothing */

static void span_ws(const char *s, size_t end, size_t *p)
{
	while (*p < end && (s[*p] == ' ' || s[*p] == '\n' || s[*p] == '\r' || s[*p] == '\t'))
		(*p)++;
}

static unsigned hexval(const char *h)
{
	unsigned v = 0;
	for (int i = 0; i < 4; i++) {
		char c = h[i];
		v = v * 16 + (unsigned)(c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c - 'A' + 10);
	}
	return v;
}

/* Decode the JSON string s[qs..qe) (qs at the opening quote, qe after the
 * closing one) as cJSON does, into out, at most cap bytes, stopping at a NUL
 * (cJSON's value ends there). The string was validated (escapes, surrogate
 * pairs). Returns the bytes written; *more = 1 when it had more than cap. */
static size_t decode_string(const char *s, size_t qs, size_t qe, char *out, size_t cap, int *more)
{
	size_t o = 0, i = qs + 1, last = qe - 1;
	unsigned char u8[4];

	*more = 0;
	while (i < last) {
		const char *run = s + i;
		size_t n = 0;
		while (i + n < last && run[n] != '\\' && run[n] != '\0')
			n++;
		if (n) {
			size_t k = n < cap - o ? n : cap - o;
			memcpy(out + o, run, k);
			o += k;
			i += n;
			if (k < n) {
				*more = 1;
				return o;
			}
			continue;
		}
		if (s[i] == '\0')
			return o;
		/* an escape */
		unsigned cp;
		int len = 1;
		switch (s[i + 1]) {
		case 'b': cp = '\b'; break;
		case 'f': cp = '\f'; break;
		case 'n': cp = '\n'; break;
		case 'r': cp = '\r'; break;
		case 't': cp = '\t'; break;
		case 'u':
			cp = hexval(s + i + 2);
			if (cp >= 0xd800 && cp <= 0xdbff) {
				cp = 0x10000 + ((cp & 0x3ff) << 10) + (hexval(s + i + 8) & 0x3ff);
				i += 6;
			}
			i += 4;
			break;
		default: cp = (unsigned char)s[i + 1]; break;
		}
		i += 2;
		if (cp == 0)
			return o;
		if (cp < 0x80) {
			u8[0] = (unsigned char)cp;
		} else if (cp < 0x800) {
			u8[0] = (unsigned char)(0xc0 | (cp >> 6));
			u8[1] = (unsigned char)(0x80 | (cp & 0x3f));
			len = 2;
		} else if (cp < 0x10000) {
			u8[0] = (unsigned char)(0xe0 | (cp >> 12));
			u8[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
			u8[2] = (unsigned char)(0x80 | (cp & 0x3f));
			len = 3;
		} else {
			u8[0] = (unsigned char)(0xf0 | (cp >> 18));
			u8[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3f));
			u8[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
			u8[3] = (unsigned char)(0x80 | (cp & 0x3f));
			len = 4;
		}
		for (int k = 0; k < len; k++) {
			if (o == cap) {
				*more = 1;
				return o;
			}
			out[o++] = (char)u8[k];
		}
	}
	return o;
}

/* 1 when the member name s[ks..ke) (quotes included) is seg as cJSON compares
 * names: decoded, up to its first NUL. */
static int name_is(const char *s, size_t ks, size_t ke, const char *seg, size_t segn)
{
	if (!memchr(s + ks, '\\', ke - ks))
		return ke - ks - 2 == segn && !memcmp(s + ks + 1, seg, segn);
	char dec[SEG_MAX + 1];
	int more;
	size_t n = decode_string(s, ks, ke, dec, sizeof dec, &more);
	return !more && n == segn && !memcmp(dec, seg, segn);
}

/* One member of the object at s[*p] (after '{' or ','): its name's span
 * (with quotes) and value's span; *p ends after the value and whitespace. 0,
 * or -1 on anything else. */
static int next_member(const char *s, size_t end, size_t *p, size_t *ks, size_t *ke, size_t *vs, size_t *ve)
{
	span_ws(s, end, p);
	if (*p >= end || s[*p] != '"')
		return -1;
	*ks = *p;
	if (jsonspan_skip(s, end, p))
		return -1;
	*ke = *p;
	span_ws(s, end, p);
	if (*p >= end || s[*p] != ':')
		return -1;
	(*p)++;
	span_ws(s, end, p);
	*vs = *p;
	if (jsonspan_skip(s, end, p))
		return -1;
	*ve = *p;
	span_ws(s, end, p);
	return 0;
}

/* After a member: 1 when another follows (the comma skipped), else 0. */
static int more_members(const char *s, size_t end, size_t *p)
{
	if (*p < end && s[*p] == ',') {
		(*p)++;
		return 1;
	}
	return 0;
}

/* Step from the value at [*vs, *ve) to its segment seg, as jsonpath_get does. */
static int span_step(const char *s, size_t *vs, size_t *ve, const char *seg, size_t segn)
{
	size_t p = *vs, ks, ke, a, b;

	if (p >= *ve)
		return -1;
	if (s[p] == '[' && segn && seg[0] >= '0' && seg[0] <= '9') {
		char num[SEG_MAX];
		memcpy(num, seg, segn);
		num[segn] = '\0';
		int want = atoi(num);
		for (int i = 0; jsonspan_next(s, *ve, &p, &a, &b) == 0; i++) {
			if (i == want) {
				*vs = a;
				*ve = b;
				return 0;
			}
		}
		return -1;
	}
	if (s[p] != '{')
		return -1;
	p++;
	span_ws(s, *ve, &p);
	if (p < *ve && s[p] == '}')
		return -1;
	do {
		if (next_member(s, *ve, &p, &ks, &ke, &a, &b))
			return -1;
		if (name_is(s, ks, ke, seg, segn)) {
			*vs = a;
			*ve = b;
			return 0;
		}
	} while (more_members(s, *ve, &p));
	return -1;
}

/* The first segment of path: its length, or -1 when jsonpath_get would find nothing. */
static long seg_len(const char *path)
{
	const char *dot = strchr(path, '.');
	size_t n = dot ? (size_t)(dot - path) : strlen(path);
	return n >= SEG_MAX ? -1 : (long)n;
}

/* The rest of path after its first segment, followed from the value at [*vs, *ve). */
static void span_descend(const char *s, const char *path, size_t *vs, size_t *ve)
{
	while (*path) {
		long sl = seg_len(path);
		if (sl < 0 || span_step(s, vs, ve, path, (size_t)sl)) {
			*vs = *ve = 0;
			return;
		}
		path += sl + (path[sl] == '.');
	}
}

#define SPAN_BATCH 32   /* paths looked up in one pass (a resource has at most 13) */

/* The object at s[start] == '{': one pass over all its members, up to its
 * closing brace (*end after it), finding every path's first segment (segl[i]
 * bytes of paths[i]; -1: finds nothing; the first member of a name wins, as in
 * cJSON), then following the deeper segments inside the member found. 0, or
 * -1 when the object does not end before limit. */
static int span_object(const char *s, size_t start, size_t limit, const char *const *paths, const long *segl, int n,
		       size_t *vs, size_t *ve, size_t *end)
{
	unsigned char found[SPAN_BATCH] = { 0 };
	size_t q = start + 1, ks, ke, a, b;
	int left = 0;

	for (int i = 0; i < n; i++) {
		if (!*paths[i]) {
			vs[i] = start; /* the item itself; its end is known below */
			found[i] = 3;
		} else if (segl[i] < 0) {
			vs[i] = ve[i] = 0;
			found[i] = 1;
		} else {
			left++;
		}
	}
	span_ws(s, limit, &q);
	if (q < limit && s[q] != '}') {
		do {
			if (next_member(s, limit, &q, &ks, &ke, &a, &b))
				return -1;
			if (!left)
				continue;
			size_t klen = ke - ks - 2;
			int esc = memchr(s + ks, '\\', ke - ks) != NULL;
			char dec[SEG_MAX + 1];
			int more = 0;
			if (esc) /* a name spelled with escapes: compared decoded, as cJSON does */
				klen = decode_string(s, ks, ke, dec, sizeof dec, &more);
			const char *key = esc ? dec : s + ks + 1;
			for (int i = 0; i < n; i++) {
				if (found[i] || more || (size_t)segl[i] != klen || memcmp(key, paths[i], klen) != 0)
					continue;
				vs[i] = a;
				ve[i] = b;
				found[i] = 2;
				left--;
			}
		} while (more_members(s, limit, &q));
	}
	span_ws(s, limit, &q);
	if (q >= limit || s[q] != '}')
		return -1;
	*end = q + 1;
	for (int i = 0; i < n; i++) {
		if (found[i] == 3) {
			ve[i] = *end;
		} else if (found[i] == 0) {
			vs[i] = ve[i] = 0;
		} else if (found[i] == 2) {
			const char *rest = paths[i] + segl[i];
			span_descend(s, rest + (*rest == '.'), &vs[i], &ve[i]);
		}
	}
	return 0;
}

static void seg_lens(const char *const *paths, int n, long *segl)
{
	for (int i = 0; i < n; i++)
		segl[i] = seg_len(paths[i]);
}

void jsonpath_span_get(const char *s, size_t start, size_t end, const char *const *paths, int n, size_t *vs,
		       size_t *ve)
{
	long segl[SPAN_BATCH];
	size_t oend;

	span_ws(s, end, &start);
	while (end > start && (s[end - 1] == ' ' || s[end - 1] == '\n' || s[end - 1] == '\r' || s[end - 1] == '\t'))
		end--;
	for (int base = 0; base < n; base += SPAN_BATCH) {
		int k = n - base < SPAN_BATCH ? n - base : SPAN_BATCH;
		seg_lens(paths + base, k, segl);
		if (start < end && s[start] == '{' && span_object(s, start, end, paths + base, segl, k, vs + base,
								   ve + base, &oend) == 0)
			continue;
		for (int i = base; i < base + k; i++) {
			vs[i] = start;
			ve[i] = end;
			span_descend(s, paths[i], &vs[i], &ve[i]);
		}
	}
}

int jsonpath_span_next(const char *s, size_t aend, size_t *pos, const char *const *paths, int n, size_t *vs,
		       size_t *ve)
{
	size_t p = *pos, start, end;
	long segl[SPAN_BATCH];

	span_ws(s, aend, &p);
	if (p >= aend)
		return -1;
	if (s[p] == '[') {
		p++;
		span_ws(s, aend, &p);
		if (p < aend && s[p] == ']') {
			*pos = p + 1;
			return 1;
		}
	} else if (s[p] == ',') {
		p++;
	} else if (s[p] == ']') {
		*pos = p + 1;
		return 1;
	} else {
		return -1;
	}
	span_ws(s, aend, &p);
	start = end = p;
	if (p < aend && s[p] == '{' && n <= SPAN_BATCH) {
		/* one pass: the members read are the ones skipped to find the end */
		seg_lens(paths, n, segl);
		if (span_object(s, start, aend, paths, segl, n, vs, ve, &end))
			return -1;
	} else {
		if (jsonspan_skip(s, aend, &end))
			return -1;
		jsonpath_span_get(s, start, end, paths, n, vs, ve);
	}
	*pos = end;
	return 0;
}

size_t jsonpath_span_text(const char *s, size_t vs, size_t ve, char *out, size_t outsz)
{
	out[0] = '\0';
	if (ve <= vs || outsz == 0)
		return 0;
	switch (s[vs]) {
	case 'n':
		return 0;
	case '"': {
		int more;
		size_t n = decode_string(s, vs, ve, out, outsz - 1, &more);
		out[n] = '\0';
		return n;
	}
	case 't':
	case 'f': {
		const char *t = s[vs] == 't' ? "true" : "false";
		int n = snprintf(out, outsz, "%s", t);
		return (size_t)n < outsz ? (size_t)n : outsz - 1;
	}
	default: {
		/* numbers, objects and arrays: as cJSON reads and prints them (rare in columns) */
		cJSON *v = cJSON_ParseWithLength(s + vs, ve - vs);
		size_t n = jsonpath_text(v, out, outsz);
		cJSON_Delete(v);
		return n;
	}
	}
}
