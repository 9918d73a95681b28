/* xalloc.h — the one out-of-memory policy of thingtop: allocation never
 * returns NULL. When the system has no memory left, xmalloc and friends
 * print "thingtop: out of memory" and abort (no core dump: main sets
 * RLIMIT_CORE to 0), rather than each caller inventing a recovery that is
 * never tested. */
#ifndef TT_XALLOC_H
#define TT_XALLOC_H

#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

#endif
