/* bench.h — the headless frame-time benchmark (ui/bench.c), linked only into
 * tests/bench/bench_keys: times key → finished frame on a null terminal. */
#ifndef TT_UI_BENCH_H
#define TT_UI_BENCH_H

#include "options.h"

int ui_bench(const struct tt_options *o, double t_start);

#endif
