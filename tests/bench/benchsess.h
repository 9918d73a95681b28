/* benchsess.h — what the session benchmarks (bench_model, bench_load) share:
 * their command line (--config FILE --profile NAME --resource RES
 * [--limit N]) and a real session opened on it. */
#ifndef TT_BENCHSESS_H
#define TT_BENCHSESS_H

#include "options.h"
#include "session.h"

/* Parse argv into o, open the session and find the resource; on any error
 * print it after prog's name and return NULL (*exit_code: 2 usage, 1 else). */
struct tt_session *bench_session_open(const char *prog, int argc, char **argv, struct tt_options *o, int *res,
				      int *exit_code);

#endif
