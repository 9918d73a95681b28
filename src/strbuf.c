/* strbuf.c — growable strings for the core (see strbuf.h). */
#include "strbuf.h"
#include "xalloc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void grow(struct strbuf *b, size_t more)
{
	if (b->len + more + 1 <= b->cap)
		return;
	size_t cap = b->cap ? b->cap : 128;
	while (cap < b->len + more + 1)
		cap *= 2;
	char *p = xrealloc(b->s, cap);
	b->s = p;
	b->cap = cap;
}

void sb_add(struct strbuf *b, const char *p, size_t n)
{
	grow(b, n);
	memcpy(b->s + b->len, p, n);
	b->len += n;
	b->s[b->len] = '\0';
}

void sb_adds(struct strbuf *b, const char *s)
{
	sb_add(b, s, strlen(s));
}

void sb_addc(struct strbuf *b, char c)
{
	grow(b, 1);
	b->s[b->len++] = c;
	b->s[b->len] = '\0';
}

void sb_addf(struct strbuf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	grow(b, (size_t)n);
	va_start(ap, fmt);
	vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

void sb_add_json_escaped(struct strbuf *b, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\') {
			sb_addc(b, '\\');
			sb_addc(b, (char)c);
		} else if (c < 0x20) {
			sb_addf(b, "\\u%04x", c);
		} else {
			sb_addc(b, (char)c);
		}
	}
}

void sb_add_url_escaped(struct strbuf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";

	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
		    c == '_' || c == '.' || c == '~') {
			sb_addc(b, (char)c);
		} else {
			char e[3] = { '%', hex[c >> 4], hex[c & 15] };
			sb_add(b, e, 3);
		}
	}
}

char *fmt_thousands(unsigned long v, char *out, size_t outsz)
{
	char digits[32];
	int n = snprintf(digits, sizeof digits, "%lu", v);
	size_t o = 0;

	for (int i = 0; i < n && o + 1 < outsz; i++) {
		if (i && (n - i) % 3 == 0 && o + 2 < outsz)
			out[o++] = ',';
		out[o++] = digits[i];
	}
	if (outsz)
		out[o] = '\0';
	return out;
}

void sb_reset(struct strbuf *b)
{
	b->len = 0;
	if (b->s)
		b->s[0] = '\0';
}

void sb_free(struct strbuf *b)
{
	free(b->s);
	b->s = NULL;
	b->len = b->cap = 0;
}

void sb_template(struct strbuf *b, const char *tmpl, const char *(*lookup)(void *ud, const char *name),
		 void *ud, int json)
{
	int in_str = 0;

	for (const char *p = tmpl; *p;) {
		const char *close;
		if (*p == '{' && (close = strchr(p + 1, '}')) && close - p - 1 < 64 && close > p + 1) {
			char name[64];
			int ok = 1;
			memcpy(name, p + 1, (size_t)(close - p - 1));
			name[close - p - 1] = '\0';
			for (char *c = name; *c; c++)
				if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') ||
				      *c == '_' || *c == '-'))
					ok = 0;
			if (ok) {
				const char *v = lookup(ud, name);
				if (v) {
					/* inside a JSON string: escape; outside: a raw JSON value,
					 * which the caller validates by parsing the result */
					if (json && in_str)
						sb_add_json_escaped(b, v);
					else
						sb_adds(b, v);
				}
				p = close + 1;
				continue;
			}
		}
		if (json && *p == '"' && (p == tmpl || p[-1] != '\\'))
			in_str = !in_str;
		sb_addc(b, *p++);
	}
}
