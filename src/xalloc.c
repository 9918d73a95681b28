/* xalloc.c — allocation that never returns NULL (see xalloc.h). */
#include "xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void *checked(void *p)
{
	if (!p) {
		static const char msg[] = "thingtop: out of memory\n";
		/* write(2), not stdio: stdio may itself need memory */
		ssize_t w = write(2, msg, sizeof msg - 1);
		(void)w;
		abort();
	}
	return p;
}

void *xmalloc(size_t n) { return checked(malloc(n ? n : 1)); }
void *xcalloc(size_t count, size_t size) { return checked(calloc(count ? count : 1, size ? size : 1)); }
void *xrealloc(void *p, size_t n) { return checked(realloc(p, n ? n : 1)); }
char *xstrdup(const char *s) { return checked(strdup(s)); }
char *xstrndup(const char *s, size_t n) { return checked(strndup(s, n)); }
