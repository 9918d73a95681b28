/* fuzz_query.c — libFuzzer harness for sort, filter and time parsing: the
 * input is split at NUL bytes into sort, free text, filter key, filter value
 * and a time, applied to the KPN devices and akenza assets resources of the
 * shipped provider files. Checks: query_build either refuses with a message
 * or produces a URL with no byte that could break the request line or a header
 * (no control character, no space, no raw '#', '"' or non-ASCII); parsed times
 * are ISO-8601 UTC and real instants (round-trip through timegm). */
#include "api.h"
#include "provider.h"
#include "query.h"
#include "strbuf.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct tt_provider *kpn, *akenza;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct tt_error e = { 0 };
	(void)argc;
	(void)argv;
	kpn = provider_load("kpn-things", &e);
	akenza = provider_load("akenza", &e);
	if (!kpn || !akenza)
		abort(); /* run with THINGTOP_PROVIDERS_DIR=…/providers */
	return 0;
}

static void check_url(const char *u)
{
	for (const unsigned char *p = (const unsigned char *)u; *p; p++)
		if (*p <= 0x20 || *p >= 0x7f || *p == '#' || *p == '"')
			abort();
}

static void one(struct tt_provider *prov, const char *res_name, const char *sort, const char *text, const char *key,
		const char *value)
{
	struct tt_api_shared s;
	struct tt_api a = { .s = &s };
	struct tt_error e = { 0 };
	struct strbuf out = { 0 };

	memset(&s, 0, sizeof s);
	s.prov = prov;
	strcpy(s.owner_id, "2835510ff449a22c"); /* akenza: no organization lookup */
	const struct tt_resource *res = provider_resource(prov, res_name, &e);
	if (!res)
		abort();
	struct tt_query q = { .sort = *sort ? sort : NULL, .text = *text ? text : NULL, .limit = 0 };
	if (*key) {
		q.filters[0].key = key;
		q.filters[0].value = value;
		q.nfilters = 1;
	}
	if (query_build(&a, res, &q, &out, &e) == 0)
		check_url(out.s);
	else if (!e.message[0])
		abort();
	sb_free(&out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = malloc(size + 6);
	const char *part[5];
	size_t k = 0, start = 0;

	if (!buf)
		return 0;
	memcpy(buf, data, size);
	memset(buf + size, 0, 6);
	for (size_t i = 0; i <= size + 5 && k < 5; i++) {
		if (buf[i] == '\0') {
			part[k++] = buf + start;
			start = i + 1;
		}
	}
	while (k < 5)
		part[k++] = "";
	one(kpn, "devices", part[0], part[1], part[2], part[3]);
	one(akenza, "assets", part[0], part[1], part[2], part[3]);

	char iso[64];
	if (query_parse_time(part[4], 1790000000, iso, sizeof iso) == 0) {
		/* YYYY-MM-DDTHH:MM:SSZ */
		if (strlen(iso) != 20 || iso[4] != '-' || iso[10] != 'T' || iso[19] != 'Z')
			abort();
		/* and a real instant: it survives timegm/gmtime unchanged (no Feb 30) */
		struct tm tm = { 0 };
		char back[64];
		if (sscanf(iso, "%4d-%2d-%2dT%2d:%2d:%2dZ", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour, &tm.tm_min,
			   &tm.tm_sec) != 6)
			abort();
		tm.tm_year -= 1900;
		tm.tm_mon -= 1;
		time_t t = timegm(&tm);
		struct tm g;
		if (!gmtime_r(&t, &g) || !strftime(back, sizeof back, "%Y-%m-%dT%H:%M:%SZ", &g) || strcmp(back, iso) != 0)
			abort();
	}
	free(buf);
	return 0;
}
