/* benchsess.c — the session benchmarks' command line and session (see benchsess.h). */
#include "benchsess.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct tt_session *bench_session_open(const char *prog, int argc, char **argv, struct tt_options *o, int *res,
				      int *exit_code)
{
	const char *resource = "devices";
	struct tt_error e = { 0 };

	for (int i = 1; i < argc; i += 2) {
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (v && !strcmp(argv[i], "--config"))
			o->config_path = v;
		else if (v && !strcmp(argv[i], "--profile"))
			o->profile = v;
		else if (v && !strcmp(argv[i], "--resource"))
			resource = v;
		else if (v && !strcmp(argv[i], "--limit"))
			o->limit = atol(v);
		else {
			fprintf(stderr, "usage: %s --config FILE --profile NAME --resource RES [--limit N]\n", prog);
			*exit_code = 2;
			return NULL;
		}
	}
	*exit_code = 1;
	struct tt_session *s = session_open(o, &e);
	if (!s) {
		fprintf(stderr, "%s: %s\n", prog, e.message);
		return NULL;
	}
	const struct tt_provider *prov = session_provider(s);
	const struct tt_resource *r = provider_resource(prov, resource, &e);
	if (!r) {
		fprintf(stderr, "%s: %s\n", prog, e.message);
		session_close(s);
		return NULL;
	}
	*res = (int)(r - prov->res);
	return s;
}
