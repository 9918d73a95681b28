/* fuzz_page.c — libFuzzer harness for page parsing, both paging styles, through
 * walk_parse_page() (what the walkers use). The first input byte picks the
 * style: even = cursor-links ({"items":[…],"next":…}), odd = page-number
 * (Spring {"content":[…],"totalPages":…}). Beyond "no crash" it checks:
 *  - spans lie inside the input and the items span is an array;
 *  - differential: a page jsonspan validates (found or not the items), cJSON
 *    parses too, whole; its items array has the same number of items
 *    (jsonspan may be stricter, never laxer);
 *  - a decoded next link holds no control character. */
#include "strbuf.h"
#include "walk.h"

#include <cjson/cJSON.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	int spring = data[0] & 1;
	size_t n = size - 1;
	char *body = malloc(n + 1);
	if (!body)
		return 0;
	memcpy(body, data + 1, n);
	body[n] = '\0';

	struct walk_page_info info;
	struct strbuf next = { 0 };
	struct tt_error e = { 0 };
	int rc = walk_parse_page(body, n, spring ? "content" : "items", spring ? NULL : "next", &info, &next, &e);
	if (rc == 0 || rc == -2) { /* the whole page passed jsonspan's grammar */
		const char *end = NULL;
		cJSON *doc = cJSON_ParseWithLengthOpts(body, n + 1, &end, 1); /* + the NUL: cJSON wants it inside */
		if (!doc)
			abort();
		cJSON_Delete(doc);
	}
	if (rc == 0) {
		if (info.items_start >= info.items_end || info.items_end > n || body[info.items_start] != '[' ||
		    body[info.items_end - 1] != ']')
			abort();
		const char *end = NULL;
		cJSON *arr = cJSON_ParseWithLengthOpts(body + info.items_start, info.items_end - info.items_start, &end, 0);
		if (!arr || !cJSON_IsArray(arr) || (unsigned long)cJSON_GetArraySize(arr) != info.nitems)
			abort(); /* jsonspan accepted what cJSON refuses, or counted differently */
		cJSON_Delete(arr);
		if (info.has_next) {
			if (!next.s || !next.len)
				abort();
			for (size_t i = 0; i < next.len; i++)
				if ((unsigned char)next.s[i] <= 0x20 || (unsigned char)next.s[i] >= 0x7f)
					abort();
		}
	} else if (rc != -1 && rc != -2) {
		abort();
	}
	sb_free(&next);
	free(body);
	return 0;
}
