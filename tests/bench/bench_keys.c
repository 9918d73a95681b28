/* bench_keys.c — the dashboard's frame times at fleet scale, headless: the
 * real session loads a query from thingtop-sim into the real model, and the
 * real drawing code renders to a null terminal (ui/bench.c, linked only here).
 * Prints startup to first frame, p50/p99 of key → finished frame for moves,
 * page down and jumps, and the local filter's first screen and longest frame.
 * usage: bench_keys --config FILE --profile NAME [--limit N] (run by bench.py) */
#include "options.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int ui_bench(const struct tt_options *o, double t_start);

int main(int argc, char **argv)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	double t_start = (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
	struct tt_options o = { .format = "jsonl" };

	for (int i = 1; i + 1 < argc; i += 2) {
		if (!strcmp(argv[i], "--config"))
			o.config_path = argv[i + 1];
		else if (!strcmp(argv[i], "--profile"))
			o.profile = argv[i + 1];
		else if (!strcmp(argv[i], "--limit"))
			o.limit = atol(argv[i + 1]);
		else {
			fprintf(stderr, "usage: bench_keys --config FILE --profile NAME [--limit N]\n");
			return 2;
		}
	}
	setenv("LINES", "40", 1);
	setenv("COLUMNS", "120", 1);
	return ui_bench(&o, t_start);
}
