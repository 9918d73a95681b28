## Benchmarks (tests/bench/): owned by the performance work (issue 6).

# Benchmarks: `make bench` (BENCH_ARGS="--quick" for a smoke run). Not part of make check:
# timings on this shared machine are noisy, so they are reported, never asserted.
EXTRA_DIST += tests/bench/bench.py tests/bench/peer_walk_python.py \
	tests/bench/peer_keep_python.py tests/bench/peer_walk_curl_jq.sh
bench: all $(BENCH_BINS)
	@$(AM_TESTS_ENVIRONMENT) python3 $(abs_top_srcdir)/tests/bench/bench.py $(BENCH_ARGS)
.PHONY: bench


# bench_model: the real session and row model, no terminal. bench_keys: the real
# dashboard (every ui/ module plus ui/bench.c, which only this program links) on a null terminal.
# bench_load: the dashboard's load of a list timed (first rows, all rows), cold and warm.
EXTRA_PROGRAMS += tests/bench/bench_model tests/bench/bench_keys tests/bench/bench_load
BENCH_BINS += tests/bench/bench_model tests/bench/bench_keys tests/bench/bench_load
CLEANFILES += tests/bench/bench_model tests/bench/bench_keys tests/bench/bench_load
tests_bench_bench_model_SOURCES = tests/bench/bench_model.c tests/bench/benchsess.c tests/bench/benchsess.h
tests_bench_bench_model_LDADD = libthingtop.a $(CURL_LIBS) $(CJSON_LIBS) $(LIBCONFIG_LIBS) $(PTHREAD_LIBS) -lm
tests_bench_bench_load_SOURCES = tests/bench/bench_load.c tests/bench/benchsess.c tests/bench/benchsess.h
tests_bench_bench_load_LDADD = libthingtop.a $(CURL_LIBS) $(CJSON_LIBS) $(LIBCONFIG_LIBS) $(PTHREAD_LIBS) -lm
tests_bench_bench_keys_SOURCES = tests/bench/bench_keys.c $(TT_UI_SOURCES) ui/bench.c ui/bench.h
tests_bench_bench_keys_LDADD = libthingtop.a $(NCURSES_LIBS) $(CURL_LIBS) $(CJSON_LIBS) $(LIBCONFIG_LIBS) \
	$(PTHREAD_LIBS) -lm

# Keep-alive is a correctness property, so it is a test, not a benchmark.
TESTS += tests/e2e/perf-keepalive.sh
EXTRA_DIST += tests/e2e/perf-keepalive.sh
