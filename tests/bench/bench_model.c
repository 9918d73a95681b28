/* bench_model.c — the dashboard's model at fleet scale, without a terminal:
 * the real session walks a resource from thingtop-sim into the real row model
 * (arena blobs of the configured columns, JSON freed per page) and reports the
 * rows and the process's peak RSS, for bench.py to compare with Python keeping
 * the parsed items and with the raw page bytes.
 * usage: bench_model --config FILE --profile NAME --resource RES [--limit N] */
#include "benchsess.h"

#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

int main(int argc, char **argv)
{
	struct tt_options o = { .format = "jsonl" };
	int res, rc;
	struct tt_session *s = bench_session_open("bench_model", argc, argv, &o, &res, &rc);
	if (!s)
		return rc;
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
