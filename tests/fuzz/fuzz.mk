## libFuzzer harnesses (tests/fuzz/): page parsing (both paging styles), error
## bodies, the sanitiser, the config and provider loaders, sort/filter/time
## parsing. ./configure CC=clang --enable-fuzzing && make fuzz (FUZZ_SECONDS
## per harness, default 10; FUZZ_RUNS=N for a fixed number of executions);
## make fuzz-smoke runs each briefly (CI). Seeds: tests/fuzz/seeds/NAME/.
## The two loaders run with -max_len=1024: the shipped provider files used as
## seeds are large and would slow the mutator down. One harness at a time.

FUZZ_HARNESSES = tests/fuzz/fuzz_sanitize tests/fuzz/fuzz_page tests/fuzz/fuzz_problem \
	tests/fuzz/fuzz_config tests/fuzz/fuzz_provider tests/fuzz/fuzz_query
EXTRA_DIST += tests/fuzz/fuzz_sanitize.c tests/fuzz/fuzz_page.c tests/fuzz/fuzz_problem.c \
	tests/fuzz/fuzz_config.c tests/fuzz/fuzz_provider.c tests/fuzz/fuzz_query.c tests/fuzz/seeds \
	tests/fuzz/lsan.supp
FUZZ_LDADD = libthingtop.a $(CURL_LIBS) $(CJSON_LIBS) $(LIBCONFIG_LIBS) $(PTHREAD_LIBS) -lm
if FUZZING
noinst_PROGRAMS += $(FUZZ_HARNESSES)
tests_fuzz_fuzz_sanitize_SOURCES = tests/fuzz/fuzz_sanitize.c
tests_fuzz_fuzz_sanitize_LDFLAGS = $(FUZZ_LDFLAGS) $(SAN_CFLAGS)
tests_fuzz_fuzz_sanitize_LDADD = $(FUZZ_LDADD)
tests_fuzz_fuzz_page_SOURCES = tests/fuzz/fuzz_page.c
tests_fuzz_fuzz_page_LDFLAGS = $(FUZZ_LDFLAGS) $(SAN_CFLAGS)
tests_fuzz_fuzz_page_LDADD = $(FUZZ_LDADD)
tests_fuzz_fuzz_problem_SOURCES = tests/fuzz/fuzz_problem.c
tests_fuzz_fuzz_problem_LDFLAGS = $(FUZZ_LDFLAGS) $(SAN_CFLAGS)
tests_fuzz_fuzz_problem_LDADD = $(FUZZ_LDADD)
tests_fuzz_fuzz_config_SOURCES = tests/fuzz/fuzz_config.c
tests_fuzz_fuzz_config_LDFLAGS = $(FUZZ_LDFLAGS) $(SAN_CFLAGS)
tests_fuzz_fuzz_config_LDADD = $(FUZZ_LDADD)
tests_fuzz_fuzz_provider_SOURCES = tests/fuzz/fuzz_provider.c
tests_fuzz_fuzz_provider_LDFLAGS = $(FUZZ_LDFLAGS) $(SAN_CFLAGS)
tests_fuzz_fuzz_provider_LDADD = $(FUZZ_LDADD)
tests_fuzz_fuzz_query_SOURCES = tests/fuzz/fuzz_query.c
tests_fuzz_fuzz_query_LDFLAGS = $(FUZZ_LDFLAGS) $(SAN_CFLAGS)
tests_fuzz_fuzz_query_LDADD = $(FUZZ_LDADD)
endif
FUZZ_SECONDS = 10
FUZZ_FLAGS =
FUZZ_HARNESS_ENV = THINGTOP_PROVIDERS_DIR='$(abs_top_srcdir)/providers' ASAN_OPTIONS=detect_leaks=1 \
	LSAN_OPTIONS=suppressions='$(abs_top_srcdir)/tests/fuzz/lsan.supp'
if FUZZING
# fuzz: every harness; prints each one's executions (stat::number_of_executed_units).
fuzz: $(FUZZ_HARNESSES)
	@set -e; for h in $(FUZZ_HARNESSES); do \
	  name=$$(basename $$h); corpus=$(abs_top_builddir)/tests/fuzz/corpus-$$name; \
	  mkdir -p $$corpus; seeds=$(abs_top_srcdir)/tests/fuzz/seeds/$$name; \
	  [ -d $$seeds ] || seeds=; \
	  if [ -n "$(FUZZ_RUNS)" ]; then limit="-runs=$(FUZZ_RUNS)"; else limit="-max_total_time=$(FUZZ_SECONDS)"; fi; \
	  case $$name in fuzz_config|fuzz_provider) maxlen=-max_len=1024;; *) maxlen=;; esac; \
	  cmd="./$$h $$limit -print_final_stats=1 -rss_limit_mb=1024 $$maxlen $(FUZZ_FLAGS) $$corpus $$seeds"; \
	  echo "== $$name: $$cmd"; \
	  log=$(abs_top_builddir)/tests/fuzz/$$name.log; \
	  $(FUZZ_HARNESS_ENV) $$cmd >$$log 2>&1 || { tail -40 $$log; exit 1; }; \
	  grep -E '^Done|stat::number_of_executed_units' $$log; \
	done
# fuzz-smoke: a few seconds each, for CI.
fuzz-smoke:
	@$(MAKE) $(AM_MAKEFLAGS) fuzz FUZZ_SECONDS=3
else
fuzz fuzz-smoke:
	@echo "make fuzz: configure with CC=clang --enable-fuzzing first" >&2; exit 1
endif
.PHONY: fuzz fuzz-smoke
