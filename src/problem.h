/* problem.h — turns an HTTP error response into a tt_error a person can act
 * on: parses problem+json (RFC 7807), Spring error bodies (akenza), OAuth2
 * token errors, {"message"} bodies and plain text, and adds a hint: from the
 * provider file's table of known vendor messages, else from one generic
 * table per HTTP status. No vendor knowledge lives here. */
#ifndef TT_PROBLEM_H
#define TT_PROBLEM_H

#include "error.h"

#include <stddef.h>

/* A vendor's known message → what to do (a provider file's `hints`): status
 * 0 matches any status, match NULL any text. */
struct problem_hint {
	long status;
	const char *match;    /* substring of the server's text, or NULL */
	const char *hint;
};

/* what: the request in words ("GET /devices", "token request"). The message
 * never contains header values (so never a secret). The vendor's hints are
 * tried first (first match wins), then the generic ones per HTTP status. */
void problem_from_response_hinted(long status, const char *content_type, const char *body, size_t len,
				  const char *what, const struct problem_hint *vendor, int nvendor,
				  struct tt_error *e);
/* The same with the generic hints only. */
void problem_from_response(long status, const char *content_type, const char *body, size_t len,
			   const char *what, struct tt_error *e);

#endif
