## Unit tests for the core modules (config, query, problem, jsonspan, provider, csv).
## Included from tests/local.mk; uses the shared check_PROGRAMS / TESTS.
## test_config and test_provider read providers/*.conf via $top_srcdir.

TT_CORE_UNIT_TESTS = tests/unit/test_config tests/unit/test_query tests/unit/test_problem \
	tests/unit/test_jsonspan tests/unit/test_provider tests/unit/test_csv tests/unit/test_sparkline \
	tests/unit/test_samples
check_PROGRAMS += $(TT_CORE_UNIT_TESTS)
TESTS += $(TT_CORE_UNIT_TESTS)

TT_CORE_UNIT_LDADD = libthingtop.a $(CMOCKA_LIBS) $(CURL_LIBS) $(CJSON_LIBS) $(LIBCONFIG_LIBS) \
	$(PTHREAD_LIBS) -lm

tests_unit_test_config_SOURCES = tests/unit/test_config.c
tests_unit_test_config_LDADD = $(TT_CORE_UNIT_LDADD)
tests_unit_test_query_SOURCES = tests/unit/test_query.c
tests_unit_test_query_LDADD = $(TT_CORE_UNIT_LDADD)
tests_unit_test_problem_SOURCES = tests/unit/test_problem.c
tests_unit_test_problem_LDADD = $(TT_CORE_UNIT_LDADD)
tests_unit_test_jsonspan_SOURCES = tests/unit/test_jsonspan.c
tests_unit_test_jsonspan_LDADD = $(TT_CORE_UNIT_LDADD)
tests_unit_test_provider_SOURCES = tests/unit/test_provider.c tests/unit/provfix.c tests/unit/provfix.h
tests_unit_test_provider_LDADD = $(TT_CORE_UNIT_LDADD)
tests_unit_test_csv_SOURCES = tests/unit/test_csv.c
tests_unit_test_csv_LDADD = $(TT_CORE_UNIT_LDADD)

# identifiers typed at / (issue 14, item 1)
check_PROGRAMS += tests/unit/test_ident
TESTS += tests/unit/test_ident
tests_unit_test_ident_SOURCES = tests/unit/test_ident.c tests/unit/provfix.c tests/unit/provfix.h
tests_unit_test_ident_LDADD = $(TT_CORE_UNIT_LDADD)
tests_unit_test_sparkline_SOURCES = tests/unit/test_sparkline.c
tests_unit_test_sparkline_LDADD = $(TT_CORE_UNIT_LDADD)
tests_unit_test_samples_SOURCES = tests/unit/test_samples.c
tests_unit_test_samples_LDADD = $(TT_CORE_UNIT_LDADD)

# the cache behind ref and sub columns (issue 14, items 3 and 4)
check_PROGRAMS += tests/unit/test_refcache
TESTS += tests/unit/test_refcache
tests_unit_test_refcache_SOURCES = tests/unit/test_refcache.c
tests_unit_test_refcache_LDADD = $(TT_CORE_UNIT_LDADD)
