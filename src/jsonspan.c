/* jsonspan.c — raw JSON spans (see jsonspan.h). */
#include "jsonspan.h"

#include "strbuf.h"

#include <string.h>

static void ws(const char *s, size_t n, size_t *p)
{
	while (*p < n && (s[*p] == ' ' || s[*p] == '\n' || s[*p] == '\r' || s[*p] == '\t'))
		(*p)++;
}

/* The value of 4 hex digits at s[i], or -1. */
static long hex4(const char *s, size_t n, size_t i)
{
	long v = 0;

	if (i + 4 > n)
		return -1;
	for (size_t k = i; k < i + 4; k++) {
		char h = s[k];
		int d = h >= '0' && h <= '9' ? h - '0' : h >= 'a' && h <= 'f' ? h - 'a' + 10 : h >= 'A' && h <= 'F' ? h - 'A' + 10 : -1;
		if (d < 0)
			return -1;
		v = v * 16 + d;
	}
	return v;
}

/* A string starting at s[*p] == '"': escapes checked (\" \\ \/ \b \f \n \r \t
 * \uXXXX), raw control characters refused, as RFC 8259 says. */
static int skip_string(const char *s, size_t n, size_t *p)
{
	size_t i = *p + 1; /* after the opening quote */

	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x20 && c != '"' && c != '\\') { /* the common case, in a tight loop */
			i++;
			continue;
		}
		if (c == '"') {
			*p = i + 1;
			return 0;
		}
		if (c < 0x20)
			return -1;
		if (c == '\\') {
			if (i + 1 >= n)
				return -1;
			switch (s[i + 1]) {
			case '"': case '\\': case '/': case 'b': case 'f': case 'n': case 'r': case 't':
				i += 2;
				continue;
			case 'u': {
				long u = hex4(s, n, i + 2);
				if (u < 0 || (u >= 0xdc00 && u <= 0xdfff))
					return -1; /* a low surrogate must follow a high one */
				if (u >= 0xd800 && u <= 0xdbff) {
					/* UTF-16 pair: \uD8xx\uDCxx, as cJSON (and every decoder) needs */
					long lo = i + 7 < n && s[i + 6] == '\\' && s[i + 7] == 'u' ? hex4(s, n, i + 8) : -1;
					if (lo < 0xdc00 || lo > 0xdfff)
						return -1;
					i += 6;
				}
				i += 6;
				continue;
			}
			default:
				return -1;
			}
		}
		i++;
	}
	return -1;
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? */
static int skip_number(const char *s, size_t n, size_t *p)
{
	size_t i = *p;

	if (i < n && s[i] == '-')
		i++;
	if (i >= n || !is_digit(s[i]))
		return -1;
	if (s[i] == '0')
		i++;
	else
		while (i < n && is_digit(s[i]))
			i++;
	if (i < n && s[i] == '.') {
		i++;
		if (i >= n || !is_digit(s[i]))
			return -1;
		while (i < n && is_digit(s[i]))
			i++;
	}
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		if (i < n && (s[i] == '+' || s[i] == '-'))
			i++;
		if (i >= n || !is_digit(s[i]))
			return -1;
		while (i < n && is_digit(s[i]))
			i++;
	}
	*p = i;
	return 0;
}

static int skip_literal(const char *s, size_t n, size_t *p, const char *lit)
{
	size_t l = strlen(lit);
	if (n - *p < l || memcmp(s + *p, lit, l) != 0)
		return -1;
	*p += l;
	return 0;
}

#define MAX_DEPTH 256   /* deeper than any API page; keeps the stack bounded */

static int skip_value(const char *s, size_t n, size_t *p, int depth);

/* An array at s[*p] == '[', validated; count (optional) gets its elements. */
static int skip_array(const char *s, size_t n, size_t *p, int depth, unsigned long *count)
{
	(*p)++;
	ws(s, n, p);
	if (*p < n && s[*p] == ']') {
		(*p)++;
		return 0;
	}
	for (;;) {
		if (skip_value(s, n, p, depth + 1))
			return -1;
		if (count)
			(*count)++;
		ws(s, n, p);
		if (*p >= n)
			return -1;
		if (s[*p] == ']') {
			(*p)++;
			return 0;
		}
		if (s[*p] != ',')
			return -1;
		(*p)++;
	}
}

/* One complete JSON value at s[*p] (after whitespace), validated: commas and
 * colons where the grammar puts them, no trailing commas, no bare words. */
static int skip_value(const char *s, size_t n, size_t *p, int depth)
{
	ws(s, n, p);
	if (*p >= n || depth > MAX_DEPTH)
		return -1;
	switch (s[*p]) {
	case '"':
		return skip_string(s, n, p);
	case '{':
		(*p)++;
		ws(s, n, p);
		if (*p < n && s[*p] == '}') {
			(*p)++;
			return 0;
		}
		for (;;) {
			ws(s, n, p);
			if (*p >= n || s[*p] != '"' || skip_string(s, n, p))
				return -1;
			ws(s, n, p);
			if (*p >= n || s[*p] != ':')
				return -1;
			(*p)++;
			if (skip_value(s, n, p, depth + 1))
				return -1;
			ws(s, n, p);
			if (*p >= n)
				return -1;
			if (s[*p] == '}') {
				(*p)++;
				return 0;
			}
			if (s[*p] != ',')
				return -1;
			(*p)++;
		}
	case '[':
		return skip_array(s, n, p, depth, NULL);
	case 't':
		return skip_literal(s, n, p, "true");
	case 'f':
		return skip_literal(s, n, p, "false");
	case 'n':
		return skip_literal(s, n, p, "null");
	default:
		return skip_number(s, n, p);
	}
}

int jsonspan_skip(const char *s, size_t n, size_t *pos)
{
	size_t p = *pos;

	if (skip_value(s, n, &p, 0))
		return -1;
	*pos = p;
	return 0;
}

int jsonspan_member(const char *s, size_t n, const char *key, size_t *vstart, size_t *vend)
{
	const char *keys[1] = { key };

	if (jsonspan_members(s, n, keys, 1, vstart, vend, NULL))
		return -1;
	return *vend > *vstart ? 0 : 1;
}

/* After the top-level object's closing brace at s[p]: only whitespace may
 * follow (a page with bytes after its object is two documents or garbage). */
static int object_end(const char *s, size_t n, size_t p)
{
	p++;
	ws(s, n, &p);
	return p == n ? 0 : -1;
}

int jsonspan_members(const char *s, size_t n, const char *const *keys, int nkeys, size_t *vstart, size_t *vend,
		     unsigned long *count)
{
	size_t p = 0;

	for (int k = 0; k < nkeys; k++)
		vstart[k] = vend[k] = 0;
	ws(s, n, &p);
	if (p >= n || s[p] != '{')
		return -1;
	p++;
	ws(s, n, &p);
	if (p < n && s[p] == '}')
		return object_end(s, n, p);
	for (;;) {
		ws(s, n, &p);
		if (p >= n || s[p] != '"')
			return -1;
		size_t ks = p + 1;
		if (skip_string(s, n, &p))
			return -1;
		size_t ke = p - 1;
		ws(s, n, &p);
		if (p >= n || s[p] != ':')
			return -1;
		p++;
		ws(s, n, &p);
		size_t vs = p;
		int which = -1;
		for (int k = 0; k < nkeys; k++)
			if (keys[k] && strlen(keys[k]) == ke - ks && !memcmp(s + ks, keys[k], ke - ks))
				which = k;
		if (which >= 0 && count && p < n && s[p] == '[') {
			/* the items array: validate and count its elements in the same pass */
			count[which] = 0;
			if (skip_array(s, n, &p, 0, &count[which]))
				return -1;
		} else if (skip_value(s, n, &p, 0)) {
			return -1;
		}
		if (which >= 0) {
			vstart[which] = vs;
			vend[which] = p;
		}
		ws(s, n, &p);
		if (p < n && s[p] == ',') {
			p++;
			continue;
		}
		if (p < n && s[p] == '}')
			return object_end(s, n, p);
		return -1;
	}
}

int jsonspan_next(const char *s, size_t aend, size_t *pos, size_t *estart, size_t *eend)
{
	size_t p = *pos;

	ws(s, aend, &p);
	if (p >= aend)
		return -1;
	if (s[p] == '[') {
		p++;
		ws(s, aend, &p);
		if (p < aend && s[p] == ']') { /* empty array */
			*pos = p + 1;
			return 1;
		}
	} else if (s[p] == ',') {
		p++; /* an element must follow: no trailing comma */
	} else if (s[p] == ']') {
		*pos = p + 1;
		return 1;
	} else {
		return -1;
	}
	ws(s, aend, &p);
	*estart = p;
	if (jsonspan_skip(s, aend, &p))
		return -1;
	*eend = p;
	*pos = p;
	return 0;
}

void jsonspan_minify(const char *s, size_t start, size_t end, struct strbuf *out)
{
	size_t p = start, run = start;

	while (p < end) {
		char c = s[p];
		if (c == '"') {
			size_t q = p;
			if (skip_string(s, end, &q)) {
				sb_add(out, s + run, end - run);
				return;
			}
			p = q;
		} else if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
			sb_add(out, s + run, p - run);
			while (p < end && (s[p] == ' ' || s[p] == '\n' || s[p] == '\r' || s[p] == '\t'))
				p++;
			run = p;
		} else {
			p++;
		}
	}
	sb_add(out, s + run, p - run);
}
