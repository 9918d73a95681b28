## libFuzzer harnesses (tests/fuzz/): owned by the hardening work (issue 7).

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
