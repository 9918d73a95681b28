## The hostile HTTP server (issue 16): a fixture beside thingtop-sim, and the tests
## that point thingtop at it (tests/hostile/hostile_server.py --scenario NAME).

EXTRA_DIST += tests/hostile/hostile_server.py tests/hostile/hostile.sh
TESTS += tests/e2e/hostile-links.sh tests/e2e/hostile-csv.sh tests/e2e/hostile-limits.sh
EXTRA_DIST += tests/e2e/hostile-links.sh tests/e2e/hostile-csv.sh tests/e2e/hostile-limits.sh
TESTS += tests/e2e/hostile-caps.sh
EXTRA_DIST += tests/e2e/hostile-caps.sh

# The session API, headless, against the hostile server: peak RSS of a 60 MB
# page, max_rows, and session_close during a trickling detail or Retry-After.
check_PROGRAMS += tests/unit/test_hostile
TESTS += tests/unit/test_hostile
tests_unit_test_hostile_SOURCES = tests/unit/test_hostile.c
tests_unit_test_hostile_LDADD = libthingtop.a $(CMOCKA_LIBS) $(CURL_LIBS) $(CJSON_LIBS) $(LIBCONFIG_LIBS) \
	$(PTHREAD_LIBS) -lm

# Files read and written (issue 16.4, 16.6, 16.8): src/safefile.c, the data-file search,
# and thingtop's --config, provider overrides, --log and --snapshot end to end.
check_PROGRAMS += tests/unit/test_safefile
TESTS += tests/unit/test_safefile tests/e2e/hostile-files.sh
EXTRA_DIST += tests/e2e/hostile-files.sh
tests_unit_test_safefile_SOURCES = tests/unit/test_safefile.c
tests_unit_test_safefile_LDADD = libthingtop.a $(CMOCKA_LIBS)

# :export in the dashboard: an existing file made 0600, a link or another
# user's file refused, formula cells neutralised as --dump does (issue 16.6, 16.9)
TESTS += tests/e2e/ui-export-files.sh
EXTRA_DIST += tests/e2e/ui-export-files.sh
