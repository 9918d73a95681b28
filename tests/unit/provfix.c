/* provfix.c — the unit tests' provider fixture (see provfix.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "provfix.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void provfix_shipped_path(char *out, size_t outsz, const char *name)
{
	const char *top = getenv("top_srcdir");
	snprintf(out, outsz, "%s/providers/%s.conf", top && *top ? top : ".", name);
}

struct tt_provider *provfix_shipped(const char *name)
{
	char path[4096];
	struct tt_error e;
	tt_error_clear(&e);
	provfix_shipped_path(path, sizeof path, name);
	struct tt_provider *p = provider_load_file(path, &e);
	if (!p)
		fail_msg("%s: %s", path, e.message);
	return p;
}

struct tt_provider *provfix_text(const char *text, char *path, size_t pathsz, struct tt_error *e)
{
	char tmp[64];
	snprintf(tmp, sizeof tmp, "/tmp/tt_ut_provider_XXXXXX");
	int fd = mkstemp(tmp);
	assert_true(fd >= 0);
	size_t n = strlen(text);
	assert_int_equal(write(fd, text, n), (ssize_t)n);
	close(fd);
	if (path)
		snprintf(path, pathsz, "%s", tmp);
	tt_error_clear(e);
	struct tt_provider *p = provider_load_file(tmp, e);
	unlink(tmp);
	return p;
}

const struct tt_resource *provfix_res(const struct tt_provider *p, const char *name)
{
	struct tt_error e;
	const struct tt_resource *r = provider_resource(p, name, &e);
	if (!r)
		fail_msg("%s", e.message);
	return r;
}
