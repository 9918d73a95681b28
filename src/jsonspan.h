/* jsonspan.h — find values inside raw JSON text without building a tree: the
 * span of a top-level member, the spans of array elements, and minified
 * copies. Used to print items exactly as the API sent them (jsonl) and to
 * walk pages fast. Spans are [start, end) byte offsets. Every function
 * returns -1 on malformed input instead of reading past the end. */
#ifndef TT_JSONSPAN_H
#define TT_JSONSPAN_H

#include <stddef.h>

struct strbuf;

/* Skip one JSON value starting at s[*pos] (after whitespace); *pos ends after it. */
int jsonspan_skip(const char *s, size_t n, size_t *pos);
/* Span of member key of the top-level object. 0 found, 1 absent, -1 malformed. */
int jsonspan_member(const char *s, size_t n, const char *key, size_t *vstart, size_t *vend);
/* One pass over the top-level object for several members at once: the whole
 * object is validated, and only whitespace may follow it; vstart/vend of a member not present stay 0. count
 * (optional, one per key) receives the element count of array members.
 * 0 ok, -1 malformed. */
int jsonspan_members(const char *s, size_t n, const char *const *keys, int nkeys, size_t *vstart, size_t *vend,
		     unsigned long *count);
/* Iterate the elements of the array at s[astart..aend): *pos starts at astart.
 * 0 an element, 1 the end, -1 malformed. */
int jsonspan_next(const char *s, size_t aend, size_t *pos, size_t *estart, size_t *eend);
/* Append s[start..end) without insignificant whitespace. */
void jsonspan_minify(const char *s, size_t start, size_t end, struct strbuf *out);

#endif
