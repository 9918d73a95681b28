/* problem.c — error bodies to actionable errors (see problem.h). */
#include "problem.h"

#include "sanitize.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <string.h>

/* Known messages → what to do. First match wins; status 0 matches any. */
static const struct {
	long status;
	const char *needle;   /* substring of the server's text, or NULL */
	const char *hint;
} hints[] = {
	{ 0, "Feature user does not exist anymore",
	  "check the API key id (client_id) and secret in the profile: GRIP does not know this key" },
	{ 0, "Feature service does not exist anymore",
	  "add the KPN Things Portal service to this API key in the GRIP portal (Services and Roles)" },
	{ 0, "already been used for an invitation",
	  "each invitation POST needs a fresh JWT; mark the action fresh_token = true in the provider file" },
	{ 403, "Permission denied",
	  "the API key lacks permission for this workspace or feature; ask an organization admin, or pick "
	  "a workspace the key may read (--context)" },
	{ 403, "reseller",
	  "this customer is not one of your reseller customers; check the customer id (--context)" },
	{ 400, "KPN-Things-Security-Context",
	  "the customer context must be a customer UUID: --context 79658ca8-f1ba-4c25-b824-93813e9fba76" },
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

static const char *str(cJSON *o, const char *k)
{
	return cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, k));
}

void problem_from_response(long status, const char *content_type, const char *body, size_t len,
			   const char *what, struct tt_error *e)
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
	for (size_t i = 0; i < sizeof hints / sizeof hints[0]; i++) {
		if (hints[i].status && hints[i].status != status)
			continue;
		if (hints[i].needle && !strstr(clean, hints[i].needle))
			continue;
		tt_error_hint(e, "%s", hints[i].hint);
		break;
	}
}
