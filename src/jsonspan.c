/* jsonspan.c — raw JSON spans (see jsonspan.h). */
#include "jsonspan.h"

#include "strbuf.h"

#include <string.h>

static void ws(const char *s, size_t n, size_t *p)
{
	while (*p < n && (s[*p] == ' ' || s[*p] == '\n' || s[*p] == '\r' || s[*p] == '\t'))
		(*p)++;
}

static int skip_string(const char *s, size_t n, size_t *p)
{
	size_t i = *p + 1; /* after the opening quote */

	while (i < n) {
		char c = s[i];
		if (c == '\\') {
			i += 2;
			continue;
		}
		if (c == '"') {
			*p = i + 1;
			return 0;
		}
		i++;
	}
	return -1;
}

int jsonspan_skip(const char *s, size_t n, size_t *pos)
{
	size_t p = *pos;
	int depth = 0;

	ws(s, n, &p);
	if (p >= n)
		return -1;
	do {
		if (p >= n)
			return -1;
		char c = s[p];
		if (c == '"') {
			if (skip_string(s, n, &p))
				return -1;
		} else if (c == '{' || c == '[') {
			depth++;
			p++;
		} else if (c == '}' || c == ']') {
			if (--depth < 0)
				return -1;
			p++;
		} else if (c == ',' || c == ':' || c == ' ' || c == '\n' || c == '\r' || c == '\t') {
			if (depth == 0)
				return -1;
			p++;
		} else if ((c >= '0' && c <= '9') || c == '-' || c == 't' || c == 'f' || c == 'n') {
			while (p < n && ((s[p] >= '0' && s[p] <= '9') || (s[p] >= 'a' && s[p] <= 'z') || s[p] == '-' ||
					 s[p] == '+' || s[p] == '.' || s[p] == 'E'))
				p++;
		} else {
			return -1;
		}
	} while (depth > 0);
	*pos = p;
	return 0;
}

int jsonspan_member(const char *s, size_t n, const char *key, size_t *vstart, size_t *vend)
{
	size_t p = 0, klen = strlen(key);

	ws(s, n, &p);
	if (p >= n || s[p] != '{')
		return -1;
	p++;
	for (;;) {
		ws(s, n, &p);
		if (p >= n)
			return -1;
		if (s[p] == '}')
			return 1;
		if (s[p] != '"')
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
		if (jsonspan_skip(s, n, &p))
			return -1;
		if (ke - ks == klen && !memcmp(s + ks, key, klen)) {
			*vstart = vs;
			*vend = p;
			return 0;
		}
		ws(s, n, &p);
		if (p < n && s[p] == ',')
			p++;
		else if (p < n && s[p] == '}')
			return 1;
		else
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
	} else if (s[p] == ',') {
		p++;
	} else if (s[p] == ']') {
		*pos = p + 1;
		return 1;
	} else {
		return -1;
	}
	ws(s, aend, &p);
	if (p < aend && s[p] == ']') {
		*pos = p + 1;
		return 1;
	}
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
