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
/* The same paths on one item's raw JSON text s[start..end) (a value a page's
 * validation already accepted), without building a tree: for each of the n
 * paths the span [vs[i], ve[i]) of its value, vs[i] == ve[i] when absent. One
 * pass over the item's members finds every path's first segment. Same
 * answers as jsonpath_get on the parsed item: the first member of a name
 * wins, a segment starting with a digit indexes an array, a segment of 128
 * bytes or more finds nothing. */
void jsonpath_span_get(const char *s, size_t start, size_t end, const char *const *paths, int n, size_t *vs,
		       size_t *ve);
/* jsonspan_next over the items of a page with jsonpath_span_get of each:
 * *pos starts at the array's '['. 0 an item (the paths' spans filled), 1 the
 * end, -1 malformed. An object item is read in the same pass that finds its
 * end. */
int jsonpath_span_next(const char *s, size_t aend, size_t *pos, const char *const *paths, int n, size_t *vs,
		       size_t *ve);
/* jsonpath_text of the value at s[vs..ve) (as jsonpath_span_get found it),
 * byte for byte the text jsonpath_text gives for the same value parsed. */
size_t jsonpath_span_text(const char *s, size_t vs, size_t ve, char *out, size_t outsz);
/* "2025-09-14T08:00:00Z" or "…000+00:00" → "2025-09-14 08:00" (UTC); other
 * text is copied. */
void jsonpath_short_time(const char *in, char *out, size_t outsz);

#endif
