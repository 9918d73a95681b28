/* error.h — struct tt_error: the one way errors travel in thingtop.
 *
 * Functions that can fail return an int status (0 = ok) or NULL and fill a
 * struct tt_error with a message a person can act on: what failed, why, and
 * (in hint) what to do about it. Messages never contain secrets. */
#ifndef TT_ERROR_H
#define TT_ERROR_H

#include <stddef.h>

struct tt_error {
	int status;          /* HTTP status, or 0 for local errors */
	char message[512];   /* what failed and why */
	char hint[256];      /* what to do; empty when there is nothing to add */
};

/* Set status and message (printf-style); clears the hint. NULL e is allowed. */
void tt_error_set(struct tt_error *e, int status, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Set the hint (printf-style). NULL e is allowed. */
void tt_error_hint(struct tt_error *e, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Prefix the existing message with context ("loading profile kpn: ..."). */
void tt_error_prefix(struct tt_error *e, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Reset to "no error". */
void tt_error_clear(struct tt_error *e);
/* Print "thingtop: MESSAGE" and "  hint: HINT" to stderr, both through the
 * sanitiser: a message may quote a config, a snapshot or the network. */
void tt_error_report(const struct tt_error *e);

#endif
