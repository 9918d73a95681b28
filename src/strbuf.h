/* strbuf.h — a growable NUL-terminated string for the core (URLs, bodies,
 * output lines). Allocation failure aborts: there is no useful recovery. */
#ifndef TT_STRBUF_H
#define TT_STRBUF_H

#include <stddef.h>

struct strbuf {
	char *s;
	size_t len, cap;
};

void sb_add(struct strbuf *b, const char *p, size_t n);
void sb_adds(struct strbuf *b, const char *s);
void sb_addf(struct strbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sb_addc(struct strbuf *b, char c);
/* s as the inside of a JSON string (no quotes). */
void sb_add_json_escaped(struct strbuf *b, const char *s);
/* s percent-encoded for a URL query value (RFC 3986 unreserved kept). */
void sb_add_url_escaped(struct strbuf *b, const char *s);
/* v with thousands separators ("5,000,000") into out; returns out. */
char *fmt_thousands(unsigned long v, char *out, size_t outsz);
void sb_reset(struct strbuf *b);
void sb_free(struct strbuf *b);

/* Expand {name} placeholders in tmpl with lookup(name). With json != 0, values
 * inside a JSON string of the template are JSON-escaped and values outside one
 * are inserted raw (the caller parses the result to validate it). Unknown
 * placeholders expand to "". */
void sb_template(struct strbuf *b, const char *tmpl, const char *(*lookup)(void *ud, const char *name),
		 void *ud, int json);

#endif
