/* test_problem.c — HTTP error bodies to actionable errors: problem+json,
 * OAuth2/GRIP, Spring, {"message"}, plain text, and the vendor hint table. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "problem.h"
#include "provider.h"

#include <stdio.h>
#include <stdlib.h>

static struct tt_error e;

static void run(long status, const char *ct, const char *body, const char *what)
{
	memset(&e, 0x55, sizeof e);
	problem_from_response(status, ct, body, body ? strlen(body) : 0, what, &e);
	/* always NUL-terminated */
	assert_non_null(memchr(e.message, 0, sizeof e.message));
	assert_non_null(memchr(e.hint, 0, sizeof e.hint));
}

/* The same with the vendor hints of a shipped provider file (providers/NAME.conf). */
static void run_vendor(const char *provider, long status, const char *ct, const char *body, const char *what)
{
	const char *top = getenv("top_srcdir");
	char path[512];
	struct tt_error le = { 0 };
	struct tt_provider *p;

	snprintf(path, sizeof path, "%s/providers/%s.conf", top && *top ? top : ".", provider);
	p = provider_load_file(path, &le);
	if (!p)
		fail_msg("%s", le.message);
	memset(&e, 0x55, sizeof e);
	problem_from_response_hinted(status, ct, body, body ? strlen(body) : 0, what, p->hints, p->nhints, &e);
	assert_non_null(memchr(e.message, 0, sizeof e.message));
	assert_non_null(memchr(e.hint, 0, sizeof e.hint));
	provider_free(p);
}

static void test_problem_json(void **state)
{
	(void)state;
	run(400, "application/problem+json",
	    "{\"type\":\"about:blank\",\"title\":\"Bad Request\",\"status\":400,"
	    "\"detail\":\"limit must be at most 1000\"}",
	    "GET /devices");
	assert_int_equal(e.status, 400);
	assert_string_equal(e.message, "GET /devices failed: HTTP 400: Bad Request: limit must be at most 1000");
}

static void test_problem_json_title_only_and_detail_only(void **state)
{
	(void)state;
	run(404, "application/problem+json", "{\"title\":\"Not Found\"}", "GET /devices/x");
	assert_string_equal(e.message, "GET /devices/x failed: HTTP 404: Not Found");
	assert_non_null(strstr(e.hint, "does not exist"));
	run(404, "application/problem+json", "{\"detail\":\"no device x\"}", "GET /devices/x");
	assert_string_equal(e.message, "GET /devices/x failed: HTTP 404: no device x");
}

static void test_grip_unknown_user(void **state)
{
	(void)state;
	run_vendor("kpn-things", 401, "application/json",
	    "{\"error\":\"invalid_client\",\"error_description\":\"Feature user does not exist anymore.\"}",
	    "token request");
	assert_int_equal(e.status, 401);
	assert_non_null(strstr(e.message, "token request failed: HTTP 401"));
	assert_non_null(strstr(e.message, "Feature user does not exist anymore."));
	assert_non_null(strstr(e.hint, "API key id"));
	assert_non_null(strstr(e.hint, "secret"));
}

static void test_grip_missing_service(void **state)
{
	(void)state;
	run_vendor("kpn-things", 400, "application/json",
	    "{\"error\":\"invalid_request\",\"error_description\":\"Feature service does not exist anymore.\"}",
	    "token request");
	assert_non_null(strstr(e.message, "Feature service does not exist anymore."));
	assert_non_null(strstr(e.hint, "KPN Things Portal service"));
}

static void test_spring_403_with_request_id(void **state)
{
	(void)state;
	run_vendor("akenza", 403, "application/json",
	    "{\"timestamp\":\"2025-09-01T08:00:00.000+00:00\",\"status\":403,\"error\":\"Forbidden\","
	    "\"message\":\"Permission denied\",\"path\":\"/v3/devices\",\"requestId\":\"9f1c-77ab\"}",
	    "GET /v3/devices");
	assert_int_equal(e.status, 403);
	assert_non_null(strstr(e.message, "Forbidden: Permission denied"));
	assert_non_null(strstr(e.message, "9f1c-77ab"));
	assert_non_null(strstr(e.hint, "permission"));
}

/* No vendor word lives in C: without a provider's hints a GRIP message gets
 * only the generic per-status hint, and a hint in a provider file is used as
 * written there (first match wins, before the generic ones). */
static void test_vendor_hints_come_from_data(void **state)
{
	static const struct problem_hint mine[] = {
		{ 409, "busy", "wait for the other operation" },
		{ 0, "Feature user", "our own hint for this message" },
	};
	(void)state;
	run(401, "application/json", "{\"error_description\":\"Feature user does not exist anymore.\"}", "token request");
	assert_null(strstr(e.hint, "GRIP"));
	assert_non_null(strstr(e.hint, "credentials were not accepted"));
	memset(&e, 0, sizeof e);
	problem_from_response_hinted(401, NULL, "{\"error_description\":\"Feature user does not exist anymore.\"}", 60,
				     "token request", mine, 2, &e);
	assert_string_equal(e.hint, "our own hint for this message");
	/* status must match when given: a 500 saying busy gets the generic 500 hint */
	problem_from_response_hinted(500, NULL, "{\"message\":\"busy\"}", 18, "GET /x", mine, 2, &e);
	assert_non_null(strstr(e.hint, "server failed"));
	problem_from_response_hinted(409, NULL, "{\"message\":\"busy\"}", 18, "GET /x", mine, 2, &e);
	assert_string_equal(e.hint, "wait for the other operation");
}

static void test_generic_status_hints(void **state)
{
	(void)state;
	run(403, "application/json", "{\"message\":\"nope\"}", "GET /x");
	assert_string_equal(e.message, "GET /x failed: HTTP 403: nope");
	assert_non_null(strstr(e.hint, "not allowed"));
	run(401, NULL, "{\"error\":\"invalid_token\"}", "GET /x");
	assert_string_equal(e.message, "GET /x failed: HTTP 401: invalid_token");
	assert_non_null(strstr(e.hint, "credentials"));
	run(429, NULL, "", "GET /x");
	assert_non_null(strstr(e.hint, "rate limit"));
	/* a status without an entry: no hint */
	run(418, NULL, "short and stout", "GET /x");
	assert_string_equal(e.message, "GET /x failed: HTTP 418: short and stout");
	assert_string_equal(e.hint, "");
}

static void test_escape_sequences_removed(void **state)
{
	(void)state;
	run(400, "application/problem+json",
	    "{\"title\":\"Bad\\u001b]52;c;AAAA\\u0007 Request\",\"detail\":\"x\\u001b[2Jy\"}", "GET /x");
	assert_null(strchr(e.message, 0x1b));
	assert_null(strchr(e.message, 0x07));
	assert_non_null(strstr(e.message, "Bad"));

	run(500, "text/plain", "oops \x1b]52;c;AAAA\x07 more", "GET /x");
	assert_null(strchr(e.message, 0x1b));
	assert_null(strchr(e.message, 0x07));
	assert_non_null(strstr(e.message, "oops"));

	run(403, "application/json",
	    "{\"error\":\"Forbidden\",\"message\":\"m\",\"requestId\":\"r\\u001b]0;pwned\\u0007id\"}", "GET /x");
	assert_null(strchr(e.message, 0x1b));
	assert_null(strchr(e.message, 0x07));
}

static void test_empty_body(void **state)
{
	(void)state;
	run(500, NULL, "", "GET /devices");
	assert_int_equal(e.status, 500);
	assert_string_equal(e.message, "GET /devices failed: HTTP 500");
	assert_non_null(strstr(e.hint, "try again later"));
	run(500, NULL, NULL, "GET /devices");
	assert_string_equal(e.message, "GET /devices failed: HTTP 500");
	/* JSON without any known field */
	run(502, "application/json", "{\"x\":1}", "GET /devices");
	assert_string_equal(e.message, "GET /devices failed: HTTP 502");
}

static void test_text_and_html_first_line(void **state)
{
	(void)state;
	run(502, "text/html", "<html>Bad Gateway</html>\r\n<body>lots</body>", "GET /x");
	assert_string_equal(e.message, "GET /x failed: HTTP 502: <html>Bad Gateway</html>");
	assert_non_null(strstr(e.hint, "gateway"));
}

static void test_body_not_nul_terminated(void **state)
{
	char body[8] = { 'a', 'b', 'c', 'd', 'X', 'X', 'X', 'X' };
	(void)state;
	problem_from_response(500, NULL, body, 4, "GET /x", &e);
	assert_string_equal(e.message, "GET /x failed: HTTP 500: abcd");
}

static void test_long_body_truncated(void **state)
{
	static char body[5000];
	(void)state;
	memset(body, 'a', sizeof body - 1);
	run(500, NULL, body, "GET /x");
	assert_true(strlen(e.message) < sizeof e.message);
	assert_non_null(strstr(e.message, "GET /x failed: HTTP 500: aaaa"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_problem_json),
		cmocka_unit_test(test_problem_json_title_only_and_detail_only),
		cmocka_unit_test(test_grip_unknown_user),
		cmocka_unit_test(test_grip_missing_service),
		cmocka_unit_test(test_spring_403_with_request_id),
		cmocka_unit_test(test_vendor_hints_come_from_data),
		cmocka_unit_test(test_generic_status_hints),
		cmocka_unit_test(test_escape_sequences_removed),
		cmocka_unit_test(test_empty_body),
		cmocka_unit_test(test_text_and_html_first_line),
		cmocka_unit_test(test_body_not_nul_terminated),
		cmocka_unit_test(test_long_body_truncated),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
