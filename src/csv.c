/* csv.c — RFC 4180 fields (see csv.h). */
#include "csv.h"
#include "xalloc.h"

#include "sanitize.h"

#include <stdlib.h>
#include <string.h>

/* Sanitise one run without CR/LF and append it with quotes doubled. The
 * sanitiser writes at most three bytes per input byte (U+FFFD for a bad
 * byte), so nothing of a long field is cut. */
static void run(struct strbuf *b, const char *s, size_t n)
{
	char small[1024], *clean = 3 * n + 1 <= sizeof small ? small : xmalloc(3 * n + 1);

	if (!clean)
		abort();
	sanitize_text(s, n, clean, 3 * n + 1);
	for (const char *c = clean; *c; c++) {
		if (*c == '"')
			sb_addc(b, '"');
		sb_addc(b, *c);
	}
	if (clean != small)
		free(clean);
}

void csv_field(struct strbuf *b, const char *s)
{
	int quote = strpbrk(s, ",\"\r\n") != NULL;

	if (quote)
		sb_addc(b, '"');
	/* a cell a spreadsheet would run as a formula (CSV injection) shows as
	 * the text it is: a leading ', as OWASP recommends */
	if (*s && strchr("=+-@\t\r", *s))
		sb_addc(b, '\'');
	while (*s) {
		size_t n = strcspn(s, "\r\n");
		if (n) {
			run(b, s, n);
			s += n;
		}
		while (*s == '\r' || *s == '\n')
			sb_addc(b, *s++);
	}
	if (quote)
		sb_addc(b, '"');
}

void csv_sep_field(struct strbuf *b, const char *s, int first)
{
	if (!first)
		sb_addc(b, ',');
	csv_field(b, s);
}
