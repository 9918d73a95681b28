/* test_samples.c — a sensor sample as a table (src/samples.c): one row per
 * data field with its value and the provider's unit, a sparkline over the
 * recent samples (drawn oldest to newest; the answer lists them newest
 * first) with the range, ASCII marks on request, a note when the recent
 * samples could not be had, hostile field names made harmless, and an answer
 * that is not a sample shown as it came. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "samples.h"

static struct tt_resource res(void)
{
	static char fields[] = "data", time[] = "timestamp", t[] = "temperature", c[] = "°C";
	struct tt_resource r = { 0 };
	r.sample_fields = fields;
	r.sample_time = time;
	r.unit_names[0] = t;
	r.unit_values[0] = c;
	r.nunits = 1;
	return r;
}

static const char latest[] =
	"{\"timestamp\":\"2025-09-14T08:00:00Z\",\"topic\":\"default\",\"data\":{\"temperature\":21.5,\"state\":\"ok\"}}";
/* newest first: 30, 20, 10 */
static const char recent[] = "[{\"data\":{\"temperature\":30}},{\"data\":{\"temperature\":20,\"state\":\"x\"}},"
			     "{\"data\":{\"temperature\":10}}]";

static char *render(const struct tt_resource *r, const char *l, const char *rec, const char *err, int ascii)
{
	static struct strbuf b;
	sb_reset(&b);
	samples_section(r, l, strlen(l), rec, rec ? strlen(rec) : 0, err, ascii, &b);
	return b.s ? b.s : "";
}

static void test_table_and_sparkline(void **state)
{
	(void)state;
	struct tt_resource r = res();
	const char *t = render(&r, latest, recent, NULL, 0);
	assert_non_null(strstr(t, "sampled 2025-09-14 08:00\n"));
	assert_non_null(strstr(t, "FIELD"));
	assert_non_null(strstr(t, "LAST 3 SAMPLES (oldest → newest)"));
	/* oldest (10) left, newest (30) right; the range after it */
	const char *row = strstr(t, "\ntemperature");
	assert_non_null(row);
	assert_non_null(strstr(row, "21.5"));
	assert_non_null(strstr(row, "°C"));
	assert_non_null(strstr(row, "▁▅█  10 … 30\n"));
	/* a text field: its value, no sparkline, no trailing spaces */
	const char *st = strstr(t, "\nstate");
	assert_non_null(st);
	assert_non_null(strstr(st, "ok\n"));
	assert_null(strstr(t, " \n"));
}

static void test_ascii_and_missing_recent(void **state)
{
	(void)state;
	struct tt_resource r = res();
	const char *t = render(&r, latest, recent, NULL, 1);
	assert_non_null(strstr(t, "_-#  10 .. 30\n"));
	assert_non_null(strstr(t, "(oldest -> newest)"));
	t = render(&r, latest, NULL, "HTTP 500", 0);
	assert_non_null(strstr(t, "(no recent samples: HTTP 500)"));
	assert_non_null(strstr(t, "21.5"));
}

static void test_hostile_and_not_a_sample(void **state)
{
	(void)state;
	struct tt_resource r = res();
	const char *t = render(&r, "{\"data\":{\"\\u001b]0;owned\\u0007x\":1}}", NULL, NULL, 0);
	assert_null(strchr(t, '\x1b'));
	assert_null(strchr(t, '\x07'));
	t = render(&r, "{\"message\":\"no data\"}", NULL, NULL, 0);
	assert_non_null(strstr(t, "\"message\":"));
	assert_non_null(strstr(t, "\"no data\""));
	assert_null(strstr(t, "FIELD"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table_and_sparkline),
		cmocka_unit_test(test_ascii_and_missing_recent),
		cmocka_unit_test(test_hostile_and_not_a_sample),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
