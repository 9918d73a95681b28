/* test_jsonspan.c — raw JSON spans: top-level members, array elements,
 * malformed and truncated input, and minified copies. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "jsonpath.h"
#include "jsonspan.h"
#include "strbuf.h"

#include <cjson/cJSON.h>
#include <stdio.h>

static const char page[] = "{\"items\":[{\"a\":\"x\\\"]\"},{\"b\":[1,2]}],\"next\":\"http://h/x?c=1\"}";

/* Copy s into an exactly-sized heap block so reads past the end are caught by
 * ASan/valgrind (no NUL after the data). */
static char *exact(const char *s, size_t n)
{
	char *p = malloc(n ? n : 1);
	assert_non_null(p);
	memcpy(p, s, n);
	return p;
}

static void assert_span(const char *s, size_t a, size_t b, const char *want)
{
	assert_int_equal(b - a, strlen(want));
	assert_memory_equal(s + a, want, strlen(want));
}

static void test_member_items_and_next(void **state)
{
	size_t n = sizeof page - 1, a = 0, b = 0;
	char *s = exact(page, n);
	(void)state;
	assert_int_equal(jsonspan_member(s, n, "items", &a, &b), 0);
	assert_span(s, a, b, "[{\"a\":\"x\\\"]\"},{\"b\":[1,2]}]");
	assert_int_equal(jsonspan_member(s, n, "next", &a, &b), 0);
	assert_span(s, a, b, "\"http://h/x?c=1\"");
	assert_int_equal(jsonspan_member(s, n, "nex", &a, &b), 1);
	assert_int_equal(jsonspan_member(s, n, "absent", &a, &b), 1);
	free(s);
}

static void test_member_nested_key_not_matched(void **state)
{
	static const char j[] = "{ \"data\" : {\"next\":\"inner\"} ,\n \"next\" : null }";
	size_t n = sizeof j - 1, a, b;
	char *s = exact(j, n);
	(void)state;
	assert_int_equal(jsonspan_member(s, n, "next", &a, &b), 0);
	assert_span(s, a, b, "null");
	assert_int_equal(jsonspan_member(s, n, "data", &a, &b), 0);
	assert_span(s, a, b, "{\"next\":\"inner\"}");
	free(s);
}

static void test_member_malformed(void **state)
{
	size_t a, b;
	(void)state;
	assert_int_equal(jsonspan_member("[1]", 3, "x", &a, &b), -1);
	assert_int_equal(jsonspan_member("", 0, "x", &a, &b), -1);
	assert_int_equal(jsonspan_member("{\"x\" 1}", 7, "x", &a, &b), -1);
	assert_int_equal(jsonspan_member("{x:1}", 5, "x", &a, &b), -1);
	assert_int_equal(jsonspan_member("{}", 2, "x", &a, &b), 1);
	assert_int_equal(jsonspan_member("{\"a\":1 \"b\":2}", 13, "b", &a, &b), -1);
}

static void test_next_elements(void **state)
{
	size_t n = sizeof page - 1, a, b, pos, es, ee;
	char *s = exact(page, n);
	(void)state;
	assert_int_equal(jsonspan_member(s, n, "items", &a, &b), 0);
	pos = a;
	assert_int_equal(jsonspan_next(s, b, &pos, &es, &ee), 0);
	assert_span(s, es, ee, "{\"a\":\"x\\\"]\"}");
	assert_int_equal(jsonspan_next(s, b, &pos, &es, &ee), 0);
	assert_span(s, es, ee, "{\"b\":[1,2]}");
	assert_int_equal(jsonspan_next(s, b, &pos, &es, &ee), 1);
	assert_int_equal(pos, b);
	free(s);
}

static void test_next_scalars_and_empty(void **state)
{
	static const char j[] = "[ 1 , -2.5e+3, \"s,]\" ,true,null ]";
	size_t n = sizeof j - 1, pos = 0, es, ee;
	const char *want[] = { "1", "-2.5e+3", "\"s,]\"", "true", "null" };
	char *s = exact(j, n);
	(void)state;
	for (int i = 0; i < 5; i++) {
		assert_int_equal(jsonspan_next(s, n, &pos, &es, &ee), 0);
		assert_span(s, es, ee, want[i]);
	}
	assert_int_equal(jsonspan_next(s, n, &pos, &es, &ee), 1);
	free(s);

	pos = 0;
	assert_int_equal(jsonspan_next("[ ]", 3, &pos, &es, &ee), 1);
	assert_int_equal(pos, 3);
}

static void test_truncated_input(void **state)
{
	static const char j[] = "{\"items\":[{\"a\":1},";
	size_t n = sizeof j - 1, a, b, pos, es, ee;
	char *s = exact(j, n);
	(void)state;
	assert_int_equal(jsonspan_member(s, n, "items", &a, &b), -1);
	/* iterating the truncated array: one element, then -1 (not past the end) */
	pos = 9;
	assert_int_equal(s[pos], '[');
	assert_int_equal(jsonspan_next(s, n, &pos, &es, &ee), 0);
	assert_span(s, es, ee, "{\"a\":1}");
	assert_int_equal(jsonspan_next(s, n, &pos, &es, &ee), -1);
	free(s);
}

static void test_truncated_every_prefix(void **state)
{
	size_t full = sizeof page - 1, a, b;
	(void)state;
	/* every proper prefix is malformed (the whole object is validated, even
	 * past the member asked for), and none is read past its end (run under
	 * ASan/valgrind to see that) */
	for (size_t n = 0; n <= full; n++) {
		char *s = exact(page, n);
		int r = jsonspan_member(s, n, "next", &a, &b);
		if (n < full) {
			assert_int_equal(r, -1);
		} else {
			assert_int_equal(r, 0);
			assert_span(s, a, b, "\"http://h/x?c=1\"");
		}
		size_t pos = 9, es, ee; /* the items array */
		int k;
		while ((k = jsonspan_next(s, n, &pos, &es, &ee)) == 0)
			assert_true(ee <= n);
		free(s);
	}
}

static void test_skip(void **state)
{
	size_t pos;
	(void)state;
	pos = 0;
	assert_int_equal(jsonspan_skip("  {\"a\":[1,{\"b\":\"}\"}]} tail", 26, &pos), 0);
	assert_int_equal(pos, 21);
	pos = 0;
	assert_int_equal(jsonspan_skip("\"abc\\\\\"x", 8, &pos), 0);
	assert_int_equal(pos, 7);
	pos = 0;
	assert_int_equal(jsonspan_skip("\"abc\\", 5, &pos), -1);   /* escape at the very end */
	pos = 0;
	assert_int_equal(jsonspan_skip("\"abc", 4, &pos), -1);
	pos = 0;
	assert_int_equal(jsonspan_skip("[1,2", 4, &pos), -1);
	pos = 0;
	assert_int_equal(jsonspan_skip("}", 1, &pos), -1);
	pos = 0;
	assert_int_equal(jsonspan_skip("   ", 3, &pos), -1);
	pos = 0;
	assert_int_equal(jsonspan_skip("@", 1, &pos), -1);
	pos = 0;
	assert_int_equal(jsonspan_skip("42,", 3, &pos), 0);
	assert_int_equal(pos, 2);
}

static void test_minify(void **state)
{
	static const char j[] = "{ \"a b\" : [ 1 ,\n\t2 ],\r\n \"s\": \"  keep  \\\" this \" }";
	struct strbuf out = { 0 };
	(void)state;
	jsonspan_minify(j, 0, sizeof j - 1, &out);
	assert_string_equal(out.s, "{\"a b\":[1,2],\"s\":\"  keep  \\\" this \"}");
	sb_free(&out);

	/* a sub-span only */
	size_t start = (size_t)(strchr(j, '[') - j), end = (size_t)(strchr(j, ']') - j) + 1;
	jsonspan_minify(j, start, end, &out);
	assert_string_equal(out.s, "[1,2]");
	sb_free(&out);

	/* an unterminated string is copied as it is */
	jsonspan_minify("[ \"a  b", 0, 7, &out);
	assert_string_equal(out.s, "[\"a  b");
	sb_free(&out);
}


/* Invalid JSON is refused the way a strict parser refuses it: trailing and
 * missing commas, bare words, bad escapes and numbers, raw control characters,
 * nesting deep enough to exhaust a stack. */
static void test_strict_grammar(void **state)
{
	static const char *const bad[] = {
		"[1,]", "[,1]", "[1 2]", "{\"a\":1,}", "{\"a\" 1}", "{\"a\":1 \"b\":2}", "{a:1}", "[tru]",
		"[nul]", "[truex]", "[01]", "[1.]", "[.5]", "[1e]", "[-]", "[+1]", "[\"\\x\"]", "[\"\\u12g4\"]",
		"[\"a\x01b\"]", "[\"unterminated]", "{\"a\"}", "[1]]", "{\"a\":[}",
	};
	static const char *const good[] = {
		"[]", "{}", "[1,-2.5e+3,0,0.5,1E9]", "{\"a\":{\"b\":[true,false,null]}}", "[\"\\u00e9\\n\\/\"]",
		" [ 1 , 2 ] ",
	};
	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		size_t pos = 0;
		char *s = exact(bad[i], strlen(bad[i]));
		if (jsonspan_skip(s, strlen(bad[i]), &pos) == 0 && pos == strlen(bad[i]))
			fail_msg("accepted invalid JSON: %s", bad[i]);
		free(s);
	}
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
		size_t pos = 0;
		char *s = exact(good[i], strlen(good[i]));
		if (jsonspan_skip(s, strlen(good[i]), &pos) != 0)
			fail_msg("refused valid JSON: %s", good[i]);
		free(s);
	}
	/* an items array with a trailing comma is malformed for the walker too */
	static const char page[] = "{\"items\":[{\"id\":1},],\"next\":null}";
	size_t a, b;
	char *s = exact(page, sizeof page - 1);
	assert_int_equal(jsonspan_member(s, sizeof page - 1, "items", &a, &b), -1);
	free(s);
	/* bytes after the page's object make it malformed (found by fuzz_page's
	 * whole-page differential); whitespace after it is fine */
	static const char *const tail_bad[] = { "{\"items\":[1]}]", "{\"items\":[1]}{}", "{}x", "{} {}",
						"{\"items\":[1]},\"i" };
	for (size_t i = 0; i < sizeof tail_bad / sizeof tail_bad[0]; i++) {
		s = exact(tail_bad[i], strlen(tail_bad[i]));
		if (jsonspan_member(s, strlen(tail_bad[i]), "items", &a, &b) != -1)
			fail_msg("accepted bytes after the object: %s", tail_bad[i]);
		free(s);
	}
	static const char spaced[] = " {\"items\":[1]} \r\n";
	s = exact(spaced, sizeof spaced - 1);
	assert_int_equal(jsonspan_member(s, sizeof spaced - 1, "items", &a, &b), 0);
	free(s);
	/* 100000 nested arrays: refused, without exhausting the stack */
	size_t n = 200000;
	char *deep = malloc(n);
	assert_non_null(deep);
	memset(deep, '[', n / 2);
	memset(deep + n / 2, ']', n / 2);
	size_t pos = 0;
	assert_int_equal(jsonspan_skip(deep, n, &pos), -1);
	free(deep);
}

/* ---------- column paths on raw items: the same text as through cJSON ---------- */

/* The span reader and cJSON + jsonpath give the same bytes for every path. */
static void same_as_cjson(const char *item, const char *const *paths, int n)
{
	size_t len = strlen(item), vs[64], ve[64];
	char *raw = exact(item, len);
	cJSON *j = cJSON_ParseWithLength(item, len);
	char want[1024], got[1024];

	if (!j)
		fail_msg("not JSON: %s", item);
	jsonpath_span_get(raw, 0, len, paths, n, vs, ve);
	for (int i = 0; i < n; i++) {
		size_t wn = jsonpath_text(jsonpath_get(j, paths[i]), want, sizeof want);
		size_t gn = jsonpath_span_text(raw, vs[i], ve[i], got, sizeof got);
		if (wn != gn || memcmp(want, got, wn + 1) != 0)
			fail_msg("item %.200s path '%s': cJSON '%.80s' (%zu), spans '%.80s' (%zu)", item, paths[i], want, wn,
				 got, gn);
	}
	free(raw);
	/* the same item inside a page's items array, read while finding its end */
	struct strbuf arr = { 0 };
	sb_addf(&arr, "[ 1 ,%s\n, {\"id\":\"after\"} ]", item);
	raw = exact(arr.s, arr.len);
	size_t pos = 0;
	assert_int_equal(jsonpath_span_next(raw, arr.len, &pos, paths, n, vs, ve), 0);
	assert_int_equal(jsonpath_span_next(raw, arr.len, &pos, paths, n, vs, ve), 0);
	for (int i = 0; i < n; i++) {
		size_t wn = jsonpath_text(jsonpath_get(j, paths[i]), want, sizeof want);
		size_t gn = jsonpath_span_text(raw, vs[i], ve[i], got, sizeof got);
		if (wn != gn || memcmp(want, got, wn + 1) != 0)
			fail_msg("in an array: item %.200s path '%s': cJSON '%.80s' (%zu), spans '%.80s' (%zu)", item,
				 paths[i], want, wn, got, gn);
	}
	assert_int_equal(jsonpath_span_next(raw, arr.len, &pos, paths, n, vs, ve), 0);
	assert_int_equal(jsonpath_span_next(raw, arr.len, &pos, paths, n, vs, ve), 1);
	assert_int_equal(pos, arr.len);
	free(raw);
	sb_free(&arr);
	cJSON_Delete(j);
}

static void test_span_paths(void **state)
{
	static const char *const paths[] = { "id", "name", "missing", "", "dataFlow.deviceType.name", "tags.1.name",
		"tags.5.name", "tags.x", "tags", "dataFlow", "a", "a.", "a..b", "0", "1", "n", "f", "e", "neg", "big",
		"t", "nul", "name.first", "tags.0", "tags.01", "weird" };
	static const char *const items[] = {
		"{\"id\":\"a\",\"name\":\"x\"}",
		"{\"a\":1,\"a\":2,\"name\":\"first\",\"name\":\"second\"}",
		"{\"n\\u0061me\":\"v\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\u4e2d\\ud83d\\ude00 end\"}",
		"{\"name\":\"x\\u0000y\",\"nul\":\"\\u0000\"}",
		"{\"dataFlow\":{\"deviceType\":{\"name\":\"T\",\"name\":\"U\"}},\"tags\":[{\"name\":\"t0\"},{\"name\":\"t1\"}]}",
		"{\"n\":1,\"f\":1.5,\"e\":1e300,\"neg\":-0,\"big\":12345678901234567890,\"t\":true,\"id\":false,\"name\":null}",
		"[1,\"two\",{\"a\":3}]",
		"\"just a string\"",
		"42",
		"{\"a\":{\"\":{\"b\":\"deep\"}},\"tags\":{\"1\":{\"name\":\"object, not array\"}}}",
		" { \"a\" : { \"b\" : 2 } , \"id\" : \"x\" , \"tags\" : [ 1 , [ 2 ] ] } ",
		"{\"name\":{\"first\":\"F\"},\"dataFlow\":[],\"tags\":[{},{\"name\":[1,{\"x\":\"y\"}]}]}",
		"{\"weird\":\"\\u001b[31mred\\u0007\",\"id\":\"\\ud800\\udc00\"}",
		"{}",
		"[]",
	};
	(void)state;
	for (size_t i = 0; i < sizeof items / sizeof items[0]; i++)
		same_as_cjson(items[i], paths, (int)(sizeof paths / sizeof paths[0]));

	/* cut at the cell's 1,023 bytes, inside a character too, as snprintf cuts cJSON's string */
	char big[4096];
	for (int pad = 1015; pad <= 1024; pad++) {
		int k = snprintf(big, sizeof big, "{\"name\":\"");
		memset(big + k, 'a', (size_t)pad);
		k += pad;
		k += snprintf(big + k, sizeof big - (size_t)k, "\\u00e9\xe4\xb8\xad\\ud83d\\ude00zz\",\"id\":\"%0*d\"}", 1100, 7);
		same_as_cjson(big, paths, 2);
	}
	/* a segment of 128 bytes or more finds nothing; 127 is found */
	char seg[200], item[400];
	memset(seg, 'k', 127);
	seg[127] = '\0';
	snprintf(item, sizeof item, "{\"%s\":\"found\"}", seg);
	const char *p1[] = { seg };
	same_as_cjson(item, p1, 1);
	memset(seg, 'k', 128);
	seg[128] = '\0';
	snprintf(item, sizeof item, "{\"%s\":\"found\"}", seg);
	same_as_cjson(item, p1, 1);
}

/* Random items and paths: the span reader agrees with cJSON on all of them. */
static unsigned rnd_state = 17;
static unsigned rnd(unsigned n)
{
	rnd_state = rnd_state * 1103515245u + 12345u;
	return (rnd_state >> 16) % n;
}

static void rnd_string(struct strbuf *b)
{
	static const char *const parts[] = { "a", "id", "name", "0", "1", "\\u0061", "\\n", "\\\"", "\\\\", "\\/",
		"\\u00e9", "\\ud83d\\ude00", "\\u0000", "\xc3\xa9", " ", "\\u001b", "x" };
	sb_addc(b, '"');
	for (unsigned n = rnd(4); n; n--)
		sb_adds(b, parts[rnd(sizeof parts / sizeof parts[0])]);
	sb_addc(b, '"');
}

static void rnd_value(struct strbuf *b, int depth)
{
	static const char *const keys[] = { "\"a\"", "\"id\"", "\"name\"", "\"0\"", "\"1\"", "\"\"", "\"n\\u0061me\"",
		"\"b\"" };
	static const char *const nums[] = { "0", "-1", "1.5", "1e3", "-0.0", "123456789012", "1E-7", "99999999999999999" };
	unsigned k = rnd(depth > 3 ? 5 : 7);
	switch (k) {
	case 0: rnd_string(b); break;
	case 1: sb_adds(b, nums[rnd(sizeof nums / sizeof nums[0])]); break;
	case 2: sb_adds(b, rnd(2) ? "true" : "false"); break;
	case 3: sb_adds(b, "null"); break;
	case 4: rnd_string(b); break;
	case 5:
		sb_adds(b, rnd(2) ? "[" : "[ ");
		for (unsigned n = rnd(4), i = 0; i < n; i++) {
			if (i)
				sb_adds(b, rnd(2) ? "," : " , ");
			rnd_value(b, depth + 1);
		}
		sb_addc(b, ']');
		break;
	default:
		sb_addc(b, '{');
		for (unsigned n = rnd(5), i = 0; i < n; i++) {
			if (i)
				sb_adds(b, rnd(2) ? "," : " ,\n");
			sb_adds(b, keys[rnd(sizeof keys / sizeof keys[0])]);
			sb_adds(b, rnd(2) ? ":" : " : ");
			rnd_value(b, depth + 1);
		}
		sb_addc(b, '}');
	}
}

static void test_span_next_malformed(void **state)
{
	static const char *const bad[] = { "[{\"a\":1", "[{\"a\":1,}]", "[{\"a\" 1}]", "[{a:1}]", "[1 2]", "{}" ,
		"[{\"a\":1}", "[{\"a\":\"x}]" };
	const char *paths[] = { "a" };
	size_t vs[1], ve[1];
	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		size_t n = strlen(bad[i]), pos = 0;
		char *raw = exact(bad[i], n);
		int rc;
		while ((rc = jsonpath_span_next(raw, n, &pos, paths, 1, vs, ve)) == 0)
			assert_true(pos <= n);
		assert_int_equal(rc, -1);
		free(raw);
	}
	size_t pos = 0;
	char *raw = exact("[]", 2);
	assert_int_equal(jsonpath_span_next(raw, 2, &pos, paths, 1, vs, ve), 1);
	free(raw);
}

static void test_span_paths_random(void **state)
{
	static const char *const paths[] = { "a", "id", "name", "0", "1", "", "a.b", "a.0", "a.1.name", "name.a",
		"b.b.b", "0.a", "a..b", ".", "a.", "id.0.1", "1.name" };
	struct strbuf b = { 0 };
	(void)state;
	for (int i = 0; i < 20000; i++) {
		sb_reset(&b);
		rnd_value(&b, rnd(2) ? 0 : 5);
		if (!b.s)
			continue;
		same_as_cjson(b.s, paths, (int)(sizeof paths / sizeof paths[0]));
	}
	sb_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_member_items_and_next),
		cmocka_unit_test(test_member_nested_key_not_matched),
		cmocka_unit_test(test_member_malformed),
		cmocka_unit_test(test_next_elements),
		cmocka_unit_test(test_next_scalars_and_empty),
		cmocka_unit_test(test_strict_grammar),
		cmocka_unit_test(test_truncated_input),
		cmocka_unit_test(test_truncated_every_prefix),
		cmocka_unit_test(test_skip),
		cmocka_unit_test(test_minify),
		cmocka_unit_test(test_span_paths),
		cmocka_unit_test(test_span_next_malformed),
		cmocka_unit_test(test_span_paths_random),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
