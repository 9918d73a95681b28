/* fuzz_config.c — libFuzzer harness for the configuration loader (libconfig
 * plus thingtop's validation): the input is written to a private file and
 * loaded. Checks: it loads or fails with a message that names the file; a
 * loaded config's profiles all have a name and a provider; nothing leaks. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char path[64];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	snprintf(path, sizeof path, "/tmp/fuzz_config.%d", (int)getpid());
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	FILE *f = fopen(path, "w");
	if (!f)
		return 0;
	fchmod(fileno(f), 0600);
	fwrite(data, 1, size, f);
	fclose(f);
	struct tt_error e = { 0 };
	struct tt_config *c = config_load(path, &e);
	if (c) {
		for (int i = 0; i < c->nprofiles; i++)
			if (!c->profiles[i].name || !c->profiles[i].provider)
				abort();
		struct tt_error pe = { 0 };
		(void)config_profile(c, NULL, &pe);
		config_free(c);
	} else if (!strstr(e.message, path)) {
		abort(); /* config errors name the file */
	}
	unlink(path);
	return 0;
}
