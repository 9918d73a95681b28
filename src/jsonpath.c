/* jsonpath.c — dotted paths into JSON items (see jsonpath.h). */
#include "jsonpath.h"

#include "strbuf.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const cJSON *jsonpath_get(const cJSON *item, const char *path)
{
	char seg[128];

	while (item && *path) {
		const char *dot = strchr(path, '.');
		size_t n = dot ? (size_t)(dot - path) : strlen(path);
		if (n >= sizeof seg)
			return NULL;
		memcpy(seg, path, n);
		seg[n] = '\0';
		if (cJSON_IsArray(item) && isdigit((unsigned char)seg[0]))
			item = cJSON_GetArrayItem(item, atoi(seg));
		else
			item = cJSON_GetObjectItemCaseSensitive(item, seg);
		path += n + (dot ? 1 : 0);
	}
	return item;
}

size_t jsonpath_text(const cJSON *v, char *out, size_t outsz)
{
	int n = 0;

	out[0] = '\0';
	if (!v || cJSON_IsNull(v))
		return 0;
	if (cJSON_IsString(v))
		n = snprintf(out, outsz, "%s", v->valuestring ? v->valuestring : "");
	else if (cJSON_IsBool(v))
		n = snprintf(out, outsz, "%s", cJSON_IsTrue(v) ? "true" : "false");
	else if (cJSON_IsNumber(v)) {
		double d = v->valuedouble;
		if (d == (double)(long long)d && d < 1e15 && d > -1e15)
			n = snprintf(out, outsz, "%lld", (long long)d);
		else
			n = snprintf(out, outsz, "%.6g", d);
	} else {
		char *s = cJSON_PrintUnformatted(v);
		n = snprintf(out, outsz, "%s", s ? s : "");
		free(s);
	}
	if (n < 0)
		return 0;
	return (size_t)n < outsz ? (size_t)n : outsz - 1;
}

void jsonpath_text_sb(const cJSON *v, struct strbuf *out)
{
	char num[64];

	sb_reset(out);
	sb_adds(out, "");
	if (!v || cJSON_IsNull(v))
		return;
	if (cJSON_IsString(v)) {
		sb_adds(out, v->valuestring ? v->valuestring : "");
	} else if (cJSON_IsBool(v) || cJSON_IsNumber(v)) {
		jsonpath_text(v, num, sizeof num);
		sb_adds(out, num);
	} else {
		char *s = cJSON_PrintUnformatted(v);
		sb_adds(out, s ? s : "");
		free(s);
	}
}

void jsonpath_short_time(const char *in, char *out, size_t outsz)
{
	/* YYYY-MM-DDTHH:MM… */
	if (strlen(in) >= 16 && in[4] == '-' && in[7] == '-' && (in[10] == 'T' || in[10] == ' ') && in[13] == ':')
		snprintf(out, outsz, "%.10s %.5s", in, in + 11);
	else
		snprintf(out, outsz, "%s", in);
}
