/* fuzz_problem.c — libFuzzer harness for error bodies: problem+json (KPN),
 * Spring (akenza), GRIP token errors, {"message"} and plain text. The first
 * two bytes pick the HTTP status and the content type. Checks that message and
 * hint are NUL-terminated, valid UTF-8 and carry no control character or
 * escape sequence (they reach the terminal and the request log). */
#include "problem.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* NUL-terminated within cap, valid UTF-8 (a cut never splits a character),
 * no C0 control, DEL or C1 control (U+0080..U+009F). */
static void check(const char *s, size_t cap)
{
	size_t n = strnlen(s, cap);
	if (n == cap)
		abort();
	for (size_t i = 0; i < n;) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x20 || c == 0x7f)
			abort();
		if (c < 0x80) {
			i++;
			continue;
		}
		size_t len = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc2 ? 2 : 0;
		if (!len || c > 0xf4 || i + len > n)
			abort();
		for (size_t k = 1; k < len; k++)
			if (((unsigned char)s[i + k] & 0xc0) != 0x80)
				abort();
		if (c == 0xc2 && (unsigned char)s[i + 1] < 0xa0)
			abort(); /* C1 control */
		i += len;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const long statuses[] = { 400, 401, 403, 404, 409, 422, 429, 500, 502, 503, 302, 200 };
	static const char *const types[] = { "application/problem+json", "application/json", "text/plain",
					     "application/json; charset=utf-8", "", "text/html" };
	if (size < 2)
		return 0;
	long status = statuses[data[0] % (sizeof statuses / sizeof statuses[0])];
	const char *ct = types[data[1] % (sizeof types / sizeof types[0])];
	char *body = malloc(size - 2 + 1);
	if (!body)
		return 0;
	memcpy(body, data + 2, size - 2);
	body[size - 2] = '\0';
	struct tt_error e = { 0 };
	problem_from_response(status, ct, body, size - 2, "GET /devices", &e);
	check(e.message, sizeof e.message);
	check(e.hint, sizeof e.hint);
	if (!e.message[0])
		abort(); /* an error always says something */
	free(body);
	return 0;
}
