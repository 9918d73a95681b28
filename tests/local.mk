## Shared test wiring owned by the lead: CLI contract tests, e2e library, benchmarks, fuzzing.

EXTRA_DIST += tests/e2e/lib.sh tests/e2e/cli-options.sh tests/e2e/sim-api.sh
TESTS += tests/e2e/cli-options.sh tests/e2e/sim-api.sh

include tests/unit/core.mk

check_PROGRAMS += tests/unit/test_sanitize
TESTS += tests/unit/test_sanitize
tests_unit_test_sanitize_SOURCES = tests/unit/test_sanitize.c
tests_unit_test_sanitize_LDADD = libthingtop.a $(CMOCKA_LIBS)

# Benchmarks: `make bench` (BENCH_ARGS="--quick" for a smoke run). Not part of make check:
# timings on this shared machine are noisy, so they are reported, never asserted.
EXTRA_DIST += tests/bench/bench.py tests/bench/peer_walk_python.py \
	tests/bench/peer_keep_python.py tests/bench/peer_walk_curl_jq.sh
bench: all $(BENCH_BINS)
	@$(AM_TESTS_ENVIRONMENT) python3 $(abs_top_srcdir)/tests/bench/bench.py $(BENCH_ARGS)
.PHONY: bench

# Fuzzing: ./configure CC=clang --enable-fuzzing && make fuzz (FUZZ_SECONDS per harness,
# default 10; FUZZ_RUNS=N for a fixed number of executions instead).
FUZZ_HARNESSES = tests/fuzz/fuzz_sanitize
EXTRA_DIST += tests/fuzz/fuzz_sanitize.c
if FUZZING
noinst_PROGRAMS += $(FUZZ_HARNESSES)
tests_fuzz_fuzz_sanitize_SOURCES = tests/fuzz/fuzz_sanitize.c
tests_fuzz_fuzz_sanitize_LDFLAGS = $(FUZZ_LDFLAGS) $(SAN_CFLAGS)
tests_fuzz_fuzz_sanitize_LDADD = libthingtop.a
endif
FUZZ_SECONDS = 10
if FUZZING
fuzz: $(FUZZ_HARNESSES)
	@set -e; for h in $(FUZZ_HARNESSES); do \
	  name=$$(basename $$h); corpus=$(abs_top_builddir)/tests/fuzz/corpus-$$name; \
	  mkdir -p $$corpus; seeds=$(abs_top_srcdir)/tests/fuzz/seeds/$$name; \
	  [ -d $$seeds ] || seeds=; \
	  if [ -n "$(FUZZ_RUNS)" ]; then limit="-runs=$(FUZZ_RUNS)"; else limit="-max_total_time=$(FUZZ_SECONDS)"; fi; \
	  echo "== $$name $$limit"; \
	  log=$(abs_top_builddir)/tests/fuzz/$$name.log; \
	  ./$$h $$limit -print_final_stats=1 $$corpus $$seeds >$$log 2>&1 || { tail -40 $$log; exit 1; }; \
	  grep -E 'stat::number_of_executed_units|Done [0-9]+ runs' $$log; \
	done
else
fuzz:
	@echo "make fuzz: configure with CC=clang --enable-fuzzing first" >&2; exit 1
endif
.PHONY: fuzz
