/* buf.c — growable buffer and JSON writing for the simulator (see buf.h). */
#include "buf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

void buf_reserve(struct buf *b, size_t more)
{
	if (b->len + more + 1 <= b->cap)
		return;
	size_t cap = b->cap ? b->cap : 256;
	while (cap < b->len + more + 1)
		cap *= 2;
	char *p = realloc(b->data, cap);
	if (!p)
		abort(); /* the simulator is a test tool: out of memory is fatal */
	b->data = p;
	b->cap = cap;
}

void buf_add(struct buf *b, const void *p, size_t n)
{
	buf_reserve(b, n);
	memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void buf_adds(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

void buf_addf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	buf_reserve(b, (size_t)n);
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

void buf_free(struct buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

char *buf_steal(struct buf *b, size_t *len)
{
	char *p;

	buf_reserve(b, 0);
	p = b->data;
	if (len)
		*len = b->len;
	b->data = NULL;
	b->len = b->cap = 0;
	return p;
}

void json_strn(struct buf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";

	buf_reserve(b, n + 2);
	b->data[b->len++] = '"';
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		char esc[7];

		if (c == '"' || c == '\\') {
			esc[0] = '\\';
			esc[1] = (char)c;
			buf_add(b, esc, 2);
		} else if (c < 0x20) {
			memcpy(esc, "\\u00", 4);
			esc[4] = hex[c >> 4];
			esc[5] = hex[c & 15];
			buf_add(b, esc, 6);
		} else {
			buf_reserve(b, 1);
			b->data[b->len++] = (char)c;
		}
	}
	buf_add(b, "\"", 1);
}

void json_str(struct buf *b, const char *s)
{
	if (!s)
		buf_adds(b, "null");
	else
		json_strn(b, s, strlen(s));
}

void json_key(struct buf *b, const char *key, int *first)
{
	if (!*first)
		buf_add(b, ",", 1);
	*first = 0;
	json_str(b, key);
	buf_add(b, ":", 1);
}

void json_kv_str(struct buf *b, const char *key, const char *val, int *first)
{
	json_key(b, key, first);
	json_str(b, val);
}

void json_kv_int(struct buf *b, const char *key, long long val, int *first)
{
	json_key(b, key, first);
	buf_addf(b, "%lld", val);
}

void json_kv_bool(struct buf *b, const char *key, int val, int *first)
{
	json_key(b, key, first);
	buf_adds(b, val ? "true" : "false");
}

void json_kv_raw(struct buf *b, const char *key, const char *raw, int *first)
{
	json_key(b, key, first);
	buf_adds(b, raw);
}

void json_time(char out[40], int64_t epoch, int akenza_style)
{
	time_t t = (time_t)epoch;
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, 40, akenza_style ? "%Y-%m-%dT%H:%M:%S.000+00:00" : "%Y-%m-%dT%H:%M:%SZ", &tm);
}
