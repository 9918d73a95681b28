/* provfix.h — the unit tests' provider fixture: a shipped provider file
 * (providers/NAME.conf under $top_srcdir), a provider written from text to
 * a temporary file, and a resource by name. Used by test_provider and
 * test_ident. Fails the running cmocka test where it says so. */
#ifndef TT_PROVFIX_H
#define TT_PROVFIX_H

#include "error.h"
#include "provider.h"

#include <stddef.h>

/* The path of providers/NAME.conf in the source tree, into out. */
void provfix_shipped_path(char *out, size_t outsz, const char *name);
/* providers/NAME.conf loaded; fails the test if it does not load. */
struct tt_provider *provfix_shipped(const char *name);
/* text loaded from a temporary file (removed again), or NULL with e set;
 * path (may be NULL) receives the file's name, for matching errors. */
struct tt_provider *provfix_text(const char *text, char *path, size_t pathsz, struct tt_error *e);
/* The resource named name; fails the test if there is none. */
const struct tt_resource *provfix_res(const struct tt_provider *p, const char *name);

#endif
