/* fuzz_provider.c — libFuzzer harness for provider files (providers/NAME.conf,
 * user overrides included): the input is loaded as a provider file. Checks:
 * it loads or fails with a message naming the file (always); every loaded resource has
 * a name and columns with titles and paths; provider_free cleans up. */
#include "provider.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char path[64];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	snprintf(path, sizeof path, "/tmp/fuzz_provider.%d.conf", (int)getpid());
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	FILE *f = fopen(path, "w");
	if (!f)
		return 0;
	fwrite(data, 1, size, f);
	fclose(f);
	struct tt_error e = { 0 };
	struct tt_provider *p = provider_load_file(path, &e);
	if (p) {
		for (int i = 0; i < p->nres; i++) {
			const struct tt_resource *r = &p->res[i];
			if (!r->name)
				abort();
			for (int c = 0; c < r->ncols; c++)
				if (!r->cols[c].title || !r->cols[c].path)
					abort();
		}
		provider_free(p);
	} else if (!strstr(e.message, path) && strcmp(e.message, "out of memory") != 0) {
		abort(); /* every error names the file (and mostly the line) */
	}
	unlink(path);
	return 0;
}
