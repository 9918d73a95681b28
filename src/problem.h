/* problem.h — turns an HTTP error response into a tt_error a person can act
 * on: parses problem+json (RFC 7807), Spring error bodies (akenza), OAuth2
 * token errors (GRIP), {"message"} bodies and plain text, and adds a hint from
 * one table of known vendor messages and statuses. */
#ifndef TT_PROBLEM_H
#define TT_PROBLEM_H

#include "error.h"

#include <stddef.h>

/* what: the request in words ("GET /devices", "token request"). The message
 * never contains header values (so never a secret). */
void problem_from_response(long status, const char *content_type, const char *body, size_t len,
			   const char *what, struct tt_error *e);

#endif
