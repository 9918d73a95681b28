/* test_query.c — time syntax for filters and the query string built for a
 * provider (sort, filters, free text, limits), against providers/kpn-things.conf. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "api.h"
#include "provider.h"
#include "query.h"
#include "strbuf.h"

/* 2025-09-10T12:00:00Z */
#define NOW ((time_t)1757505600)

static const char *pt(const char *in)
{
	static char out[64];
	memset(out, 0, sizeof out);
	if (query_parse_time(in, NOW, out, sizeof out))
		return "ERR";
	return out;
}

static void test_now_constant(void **state)
{
	(void)state;
	assert_string_equal(pt("-0s"), "2025-09-10T12:00:00Z");
}

static void test_absolute_times(void **state)
{
	(void)state;
	assert_string_equal(pt("2025-09-01"), "2025-09-01T00:00:00Z");
	assert_string_equal(pt("2025-09-01T08:00:00Z"), "2025-09-01T08:00:00Z");
	assert_string_equal(pt("2025-09-01T08:00:00"), "2025-09-01T08:00:00Z");
	assert_string_equal(pt("2025-09-01T08:00:00.123Z"), "2025-09-01T08:00:00Z");
	assert_string_equal(pt("2025-09-01T08:00:00+02:00"), "2025-09-01T06:00:00Z");
	assert_string_equal(pt("2025-09-01T08:00:00-05:30"), "2025-09-01T13:30:00Z");
	/* an offset crossing midnight */
	assert_string_equal(pt("2025-09-01T01:00:00+02:00"), "2025-08-31T23:00:00Z");
	assert_string_equal(pt("  2024-02-29"), "2024-02-29T00:00:00Z");
}

static void test_relative_times(void **state)
{
	(void)state;
	assert_string_equal(pt("-2h"), "2025-09-10T10:00:00Z");
	assert_string_equal(pt("-30m"), "2025-09-10T11:30:00Z");
	assert_string_equal(pt("-45s"), "2025-09-10T11:59:15Z");
	assert_string_equal(pt("-7d"), "2025-09-03T12:00:00Z");
	assert_string_equal(pt("-2w"), "2025-08-27T12:00:00Z");
}

static void test_bad_times(void **state)
{
	char out[64];
	(void)state;
	assert_string_equal(pt("garbage"), "ERR");
	assert_string_equal(pt(""), "ERR");
	assert_string_equal(pt("-5x"), "ERR");
	assert_string_equal(pt("-5"), "ERR");
	assert_string_equal(pt("-h"), "ERR");
	assert_string_equal(pt("-2hours"), "ERR");
	assert_string_equal(pt("5h"), "ERR");
	assert_string_equal(pt("-99999999999999999999d"), "ERR");
	assert_string_equal(pt("2025-13-01"), "ERR");
	assert_string_equal(pt("2025-09-01x"), "ERR");
	assert_string_equal(pt("2025-09-01T08:00:00Zjunk"), "ERR");
	assert_string_equal(pt("2025-09-01T08:00:00+0200"), "ERR");
	assert_string_equal(pt("2025-09-01T25:00:00Z"), "ERR");
	/* impossible dates are refused, not rolled over into the next month */
	assert_string_equal(pt("2025-02-30"), "ERR");
	assert_string_equal(pt("2025-02-29"), "ERR");
	assert_string_equal(pt("2025-04-31"), "ERR");
	assert_string_equal(pt("1900-02-29"), "ERR");
	assert_string_equal(pt("2025-09-00"), "ERR");
	/* loose shapes and offsets */
	assert_string_equal(pt("025-07-01"), "ERR");
	assert_string_equal(pt("2025-7-1"), "ERR");
	assert_string_equal(pt("2025-09-01T8:00:00Z"), "ERR");
	assert_string_equal(pt("2025-09-01T08:60:00Z"), "ERR");
	assert_string_equal(pt("2025-09-01T08:00:61Z"), "ERR");
	assert_string_equal(pt("2025-09-01T08:00:00+15:00"), "ERR");
	assert_string_equal(pt("2025-09-01T08:00:00+02:60"), "ERR");
	assert_string_equal(pt("2025-09-01T08:00:00+2:00"), "ERR");
	assert_string_equal(pt("2025-09-01T08:00:00."), "ERR");
	assert_string_equal(pt("1969-12-31"), "ERR");
	/* the short form without seconds is fine */
	assert_string_equal(pt("2025-09-01T08:00Z"), "2025-09-01T08:00:00Z");
	/* the output buffer too small for a timestamp */
	assert_int_equal(query_parse_time("2025-09-01", NOW, out, 10), -1);
}

/* query_build against the real KPN provider file. */
static struct tt_provider *kpn;
static struct tt_api_shared shared;
static struct tt_api api;

static int setup(void **state)
{
	char path[4096];
	const char *top = getenv("top_srcdir");
	struct tt_error e;
	(void)state;
	snprintf(path, sizeof path, "%s/providers/kpn-things.conf", top && *top ? top : ".");
	kpn = provider_load_file(path, &e);
	if (!kpn) {
		fprintf(stderr, "%s\n", e.message);
		return -1;
	}
	shared.prov = kpn;
	api.s = &shared;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	provider_free(kpn);
	return 0;
}

/* Time filters are the provider's list (KPN's file names four), not a
 * suffix rule: a name ending in Since is not a time filter by itself. */
static void test_is_time_filter(void **state)
{
	(void)state;
	assert_true(query_is_time_filter(kpn, "createdSince"));
	assert_true(query_is_time_filter(kpn, "modifiedBefore"));
	assert_false(query_is_time_filter(kpn, "Since"));
	assert_false(query_is_time_filter(kpn, "Before"));
	assert_false(query_is_time_filter(kpn, "deviceId"));
	assert_false(query_is_time_filter(kpn, "sinceCreated"));
	assert_false(query_is_time_filter(kpn, ""));
	struct tt_provider none = { 0 };
	assert_false(query_is_time_filter(&none, "createdSince"));
}

static int build(const char *res_name, const struct tt_query *q, struct strbuf *out, struct tt_error *e)
{
	const struct tt_resource *r = provider_resource(kpn, res_name, e);
	assert_non_null(r);
	sb_reset(out);
	tt_error_clear(e);
	return query_build(&api, r, q, out, e);
}

static void test_build_plain(void **state)
{
	struct strbuf b = { 0 };
	struct tt_error e;
	struct tt_query q = { 0 };
	(void)state;
	assert_int_equal(build("devices", &q, &b, &e), 0);
	assert_string_equal(b.s, "/devices?limit=50");
	q.limit = 1000;
	assert_int_equal(build("devices", &q, &b, &e), 0);
	assert_string_equal(b.s, "/devices?limit=1000");
	q.limit = 1001;
	assert_int_equal(build("devices", &q, &b, &e), -1);
	assert_non_null(strstr(e.message, "1000"));
	sb_free(&b);
}

static void test_build_sort_filters_text(void **state)
{
	struct strbuf b = { 0 };
	struct tt_error e;
	struct tt_query q = { 0 };
	(void)state;
	q.sort = "-createdAt, name";
	q.text = "pump & co";
	q.filters[0].key = "createdSince";
	q.filters[0].value = "2025-09-01";
	q.filters[1].key = "barcode";
	q.filters[1].value = "a=b&c";
	q.nfilters = 2;
	assert_int_equal(build("devices", &q, &b, &e), 0);
	/* user text and values are percent-encoded: no parameter injection */
	assert_null(strstr(b.s, "&c&"));
	assert_null(strstr(b.s, "&c="));
	assert_null(strstr(b.s, " "));
	assert_non_null(strstr(b.s, "/devices?limit=50&sort=-createdAt,name&"));
	assert_non_null(strstr(b.s, "&q=pump%20%26%20co"));
	assert_non_null(strstr(b.s, "&createdSince=2025-09-01T00%3A00%3A00Z"));
	assert_non_null(strstr(b.s, "&barcode=a%3Db%26c"));
	assert_string_equal(b.s, "/devices?limit=50&sort=-createdAt,name&q=pump%20%26%20co"
				 "&createdSince=2025-09-01T00%3A00%3A00Z&barcode=a%3Db%26c");
	sb_free(&b);
}

static void test_build_rejects_unknown_sort_and_filter(void **state)
{
	struct strbuf b = { 0 };
	struct tt_error e;
	struct tt_query q = { 0 };
	(void)state;
	q.sort = "-barcode"; /* devices sort by barcode, downlinks do not */
	assert_int_equal(build("devices", &q, &b, &e), 0);
	assert_int_equal(build("downlinks", &q, &b, &e), -1);
	assert_non_null(strstr(e.message, "barcode"));
	assert_non_null(strstr(e.hint, "createdAt, modifiedAt, id"));

	q.sort = "name\x1b]52;c;AAAA\x07";
	assert_int_equal(build("devices", &q, &b, &e), -1);
	assert_null(strchr(e.message, 0x1b));

	q.sort = NULL;
	q.filters[0].key = "colour";
	q.filters[0].value = "red";
	q.nfilters = 1;
	assert_int_equal(build("devices", &q, &b, &e), -1);
	assert_non_null(strstr(e.message, "colour"));
	assert_non_null(strstr(e.hint, "createdSince"));

	q.filters[0].key = "createdSince";
	q.filters[0].value = "yesterday";
	assert_int_equal(build("devices", &q, &b, &e), -1);
	assert_non_null(strstr(e.message, "yesterday"));
	assert_non_null(strstr(e.hint, "-2h"));

	/* an impossible date is refused with the reason, not rolled over */
	q.filters[0].value = "2025-02-30";
	assert_int_equal(build("devices", &q, &b, &e), -1);
	assert_non_null(strstr(e.message, "'2025-02-30' is not a time: 2025-02 has no day 30 (it has 28 days)"));
	sb_free(&b);
}

/* Each way a time can be wrong says so. */
static void test_time_reasons(void **state)
{
	static const struct {
		const char *in, *why;
	} cases[] = {
		{ "2025-02-30", "2025-02 has no day 30 (it has 28 days)" },
		{ "2024-02-30", "2024-02 has no day 30 (it has 29 days)" },
		{ "2025-13-01", "there is no month 13" },
		{ "1969-12-31", "year 1969 is before 1970" },
		{ "025-07-01", "a date is YYYY-MM-DD" },
		{ "2025-09-01T25:00Z", "a time of day is HH:MM or HH:MM:SS" },
		{ "2025-09-01T08:00:61Z", "seconds are two digits, 00 to 59" },
		{ "2025-09-01T08:00:00.Z", "a '.' after the seconds needs digits" },
		{ "2025-09-01T08:00:00+15:00", "an offset is Z or +HH:MM / -HH:MM" },
		{ "2025-09-01T08:00:00+0200", "an offset is Z or +HH:MM / -HH:MM" },
		{ "2025-09-01x", "unexpected text after the date" },
		{ "2025-09-01T08:00Zjunk", "unexpected text after the time" },
		{ "-5x", "a relative time is -N with a unit" },
		{ "-2hours", "a relative time is -N with a unit" },
		{ "-99999999999999999999d", "at most 100 years back" },
		{ "yesterday", "a time is a date like 2025-09-01 or relative like -2h" },
	};
	char out[64], why[96];
	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		assert_int_equal(query_parse_time_why(cases[i].in, NOW, out, sizeof out, why, sizeof why), -1);
		if (!strstr(why, cases[i].why))
			fail_msg("%s: got '%s', want '%s'", cases[i].in, why, cases[i].why);
	}
	assert_int_equal(query_parse_time_why("2024-02-29", NOW, out, sizeof out, why, sizeof why), 0);
	assert_string_equal(out, "2024-02-29T00:00:00Z");
	assert_string_equal(why, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_now_constant),
		cmocka_unit_test(test_absolute_times),
		cmocka_unit_test(test_relative_times),
		cmocka_unit_test(test_bad_times),
		cmocka_unit_test(test_time_reasons),
		cmocka_unit_test(test_is_time_filter),
		cmocka_unit_test(test_build_plain),
		cmocka_unit_test(test_build_sort_filters_text),
		cmocka_unit_test(test_build_rejects_unknown_sort_and_filter),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
