/* bench_model.c — the dashboard's model at fleet scale, without a terminal:
 * the real session walks a resource from thingtop-sim into the real row model
 * (arena blobs of the configured columns, JSON freed per page) and reports the
 * rows and the process's peak RSS, for bench.py to compare with Python keeping
 * the parsed items and with the raw page bytes.
 * usage: bench_model --config FILE --profile NAME --resource RES [--limit N] */
#include "options.h"
#include "session.h"

#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

int main(int argc, char **argv)
{
	struct tt_options o = { .format = "jsonl" };
	const char *resource = "devices";
	struct tt_error e = { 0 };

	for (int i = 1; i + 1 < argc; i += 2) {
		if (!strcmp(argv[i], "--config"))
			o.config_path = argv[i + 1];
		else if (!strcmp(argv[i], "--profile"))
			o.profile = argv[i + 1];
		else if (!strcmp(argv[i], "--resource"))
			resource = argv[i + 1];
		else if (!strcmp(argv[i], "--limit"))
			o.limit = atol(argv[i + 1]);
		else {
			fprintf(stderr, "usage: bench_model --config FILE --profile NAME --resource RES [--limit N]\n");
			return 2;
		}
	}
	struct tt_session *s = session_open(&o, &e);
	if (!s) {
		fprintf(stderr, "bench_model: %s\n", e.message);
		return 1;
	}
	const struct tt_provider *prov = session_provider(s);
	int res = -1;
	for (int i = 0; i < prov->nres; i++)
		if (!strcmp(prov->res[i].name, resource))
			res = i;
	if (res < 0) {
		fprintf(stderr, "bench_model: no resource %s\n", resource);
		return 1;
	}
	session_query(s, res, NULL, NULL, NULL, NULL);
	struct session_progress p;
	do {
		struct pollfd pf = { session_wake_fd(s), POLLIN, 0 };
		poll(&pf, 1, 100);
		session_drain_wake(s);
		session_progress(s, &p);
	} while (p.loading);
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	/* one line per row on stdout would cost more than the model: bench.py counts
	 * items from this summary line instead */
	printf("%lu\n", p.rows);
	fprintf(stderr, "rows %lu, peak RSS %ld KiB%s\n", p.rows, ru.ru_maxrss, p.failed ? ", FAILED" : "");
	session_close(s);
	return p.failed;
}
