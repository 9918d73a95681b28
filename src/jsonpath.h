/* jsonpath.h — the column paths of provider files ("name",
 * "dataFlow.deviceType.name", "tags.0.name") evaluated on a cJSON item, and
 * the value rendered as text for a table cell or a CSV field. */
#ifndef TT_JSONPATH_H
#define TT_JSONPATH_H

#include <cjson/cJSON.h>
#include <stddef.h>

const cJSON *jsonpath_get(const cJSON *item, const char *path);
/* Text of v: strings as-is, numbers without trailing zeros, true/false, ""
 * for null or missing, minified JSON for objects and arrays. Returns bytes. */
size_t jsonpath_text(const cJSON *v, char *out, size_t outsz);
/* The same text, whole, into out (reset first): nothing is cut. */
struct strbuf;
void jsonpath_text_sb(const cJSON *v, struct strbuf *out);
/* "2025-09-14T08:00:00Z" or "…000+00:00" → "2025-09-14 08:00" (UTC); other
 * text is copied. */
void jsonpath_short_time(const char *in, char *out, size_t outsz);

#endif
