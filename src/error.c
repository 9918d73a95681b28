/* error.c — formatting helpers for struct tt_error (see error.h). */
#include "error.h"

#include "sanitize.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void tt_error_set(struct tt_error *e, int status, const char *fmt, ...)
{
	va_list ap;

	if (!e)
		return;
	e->status = status;
	e->hint[0] = '\0';
	va_start(ap, fmt);
	vsnprintf(e->message, sizeof e->message, fmt, ap);
	va_end(ap);
}

void tt_error_hint(struct tt_error *e, const char *fmt, ...)
{
	va_list ap;

	if (!e)
		return;
	va_start(ap, fmt);
	vsnprintf(e->hint, sizeof e->hint, fmt, ap);
	va_end(ap);
}

void tt_error_prefix(struct tt_error *e, const char *fmt, ...)
{
	char prefix[256];
	char joined[sizeof prefix + sizeof e->message + 2];
	va_list ap;

	if (!e)
		return;
	va_start(ap, fmt);
	vsnprintf(prefix, sizeof prefix, fmt, ap);
	va_end(ap);
	snprintf(joined, sizeof joined, "%s: %s", prefix, e->message);
	/* Truncate to the message size; never cut a UTF-8 sequence in half. */
	size_t n = strlen(joined);
	if (n >= sizeof e->message) {
		n = sizeof e->message - 1;
		while (n > 0 && ((unsigned char)joined[n] & 0xC0) == 0x80)
			n--;
	}
	memcpy(e->message, joined, n);
	e->message[n] = '\0';
}

void tt_error_clear(struct tt_error *e)
{
	if (!e)
		return;
	e->status = 0;
	e->message[0] = '\0';
	e->hint[0] = '\0';
}

void tt_error_report(const struct tt_error *e)
{
	char clean[sizeof e->message * 3];

	sanitize_text(e->message, strnlen(e->message, sizeof e->message), clean, sizeof clean);
	fprintf(stderr, "thingtop: %s\n", clean);
	if (e->hint[0]) {
		sanitize_text(e->hint, strnlen(e->hint, sizeof e->hint), clean, sizeof clean);
		fprintf(stderr, "  hint: %s\n", clean);
	}
}
