## Unit tests of the engines (auth, paging, errors, model, fetch thread) against a real thingtop-sim.

check_PROGRAMS += tests/unit/test_engine
TESTS += tests/unit/test_engine
tests_unit_test_engine_SOURCES = tests/unit/test_engine.c tests/unit/simfix.c tests/unit/simfix.h
tests_unit_test_engine_LDADD = libthingtop.a $(CMOCKA_LIBS) $(CURL_LIBS) $(CJSON_LIBS) $(LIBCONFIG_LIBS) \
	$(PTHREAD_LIBS) -lm

check_PROGRAMS += tests/unit/test_session
TESTS += tests/unit/test_session
tests_unit_test_session_SOURCES = tests/unit/test_session.c tests/unit/simfix.c tests/unit/simfix.h
tests_unit_test_session_LDADD = libthingtop.a $(CMOCKA_LIBS) $(CURL_LIBS) $(CJSON_LIBS) $(LIBCONFIG_LIBS) \
	$(PTHREAD_LIBS) -lm

# The session's threads under stress (tenant switches, actions, details, a slow
# token endpoint), proven from the simulator's request log; the TSan build runs it too.
check_PROGRAMS += tests/unit/test_ctx_stress
TESTS += tests/unit/test_ctx_stress
tests_unit_test_ctx_stress_SOURCES = tests/unit/test_ctx_stress.c tests/unit/simfix.c tests/unit/simfix.h
tests_unit_test_ctx_stress_LDADD = libthingtop.a $(CMOCKA_LIBS) $(CURL_LIBS) $(CJSON_LIBS) $(LIBCONFIG_LIBS) \
	$(PTHREAD_LIBS) -lm
