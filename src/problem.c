/* problem.c — error bodies to actionable errors (see problem.h). */
#include "problem.h"

#include "sanitize.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <string.h>

/* Generic hints per HTTP status; the vendors' own messages are in their
 * provider files (hints = ( … )). First match wins. */
static const struct problem_hint generic[] = {
	{ 403, "client certificate is required",
	  "the server requires a client certificate (mutual TLS): set client_cert and client_key in the profile" },
	{ 403, "client certificate is not",
	  "the server does not accept this client certificate: use the one your provider signed (client_cert)" },
	{ 401, "expired", "the token expired and a fresh one was refused too; check the credentials" },
	{ 401, NULL, "the credentials were not accepted; check the key or secret in the profile" },
	{ 403, NULL, "the credentials are valid but not allowed to do this" },
	{ 404, NULL, "the item or endpoint does not exist (or is not visible in this context)" },
	{ 409, NULL, "a conflicting operation is in progress; try again later" },
	{ 429, NULL, "the API's rate limit was hit repeatedly; wait a little and try again" },
	{ 500, NULL, "the server failed; try again later, and quote the request id if it persists" },
	{ 502, NULL, "the server's gateway failed; try again later" },
	{ 503, NULL, "the service is unavailable; try again later" },
};

/* The first hint of t[0..n) that fits status and text, or NULL. */
static const char *find_hint(const struct problem_hint *t, int n, long status, const char *text)
{
	for (int i = 0; t && i < n; i++) {
		if (t[i].status && t[i].status != status)
			continue;
		if (t[i].match && !strstr(text, t[i].match))
			continue;
		return t[i].hint;
	}
	return NULL;
}

static const char *str(cJSON *o, const char *k)
{
	return cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, k));
}

void problem_from_response(long status, const char *content_type, const char *body, size_t len,
			   const char *what, struct tt_error *e)
{
	problem_from_response_hinted(status, content_type, body, len, what, NULL, 0, e);
}

void problem_from_response_hinted(long status, const char *content_type, const char *body, size_t len,
				  const char *what, const struct problem_hint *vendor, int nvendor,
				  struct tt_error *e)
{
	char detail[400] = "", clean[400], req_id[96] = "";
	cJSON *j = NULL;

	(void)content_type;
	if (body && len)
		j = cJSON_ParseWithLength(body, len);
	if (cJSON_IsObject(j)) {
		const char *title = str(j, "title"), *det = str(j, "detail");
		const char *err = str(j, "error"), *desc = str(j, "error_description");
		const char *msg = str(j, "message"), *rid = str(j, "requestId");

		if (det || title) /* problem+json */
			snprintf(detail, sizeof detail, "%s%s%s", title ? title : "", title && det ? ": " : "",
				 det ? det : "");
		else if (desc) /* OAuth2 / GRIP */
			snprintf(detail, sizeof detail, "%s", desc);
		else if (msg && err) /* Spring */
			snprintf(detail, sizeof detail, "%s: %s", err, msg);
		else if (msg)
			snprintf(detail, sizeof detail, "%s", msg);
		else if (err)
			snprintf(detail, sizeof detail, "%s", err);
		if (rid)
			snprintf(req_id, sizeof req_id, "%s", rid);
	} else if (body && len) {
		size_t n = len < sizeof detail - 1 ? len : sizeof detail - 1;
		memcpy(detail, body, n);
		detail[n] = '\0';
		/* keep only the first line of a text or HTML body */
		char *nl = strpbrk(detail, "\r\n");
		if (nl)
			*nl = '\0';
	}
	cJSON_Delete(j);
	sanitize_text(detail, strlen(detail), clean, sizeof clean);
	if (clean[0])
		tt_error_set(e, (int)status, "%s failed: HTTP %ld: %s", what, status, clean);
	else
		tt_error_set(e, (int)status, "%s failed: HTTP %ld", what, status);
	if (req_id[0]) {
		char rid[96];
		sanitize_text(req_id, strlen(req_id), rid, sizeof rid);
		size_t n = strlen(e->message);
		snprintf(e->message + n, sizeof e->message - n, " (request id %s)", rid);
	}
	const char *hint = find_hint(vendor, nvendor, status, clean);
	if (!hint)
		hint = find_hint(generic, (int)(sizeof generic / sizeof generic[0]), status, clean);
	if (hint) {
		char h[256];
		sanitize_text(hint, strlen(hint), h, sizeof h);
		tt_error_hint(e, "%s", h);
	}
}
