## The simulator's own tests: its command line and man page (sim-cli.sh) and its
## API with curl (sim-api.sh, in tests/local.mk).

TESTS += tests/e2e/sim-cli.sh tests/e2e/sim-concurrency.sh tests/e2e/sim-walk.sh
EXTRA_DIST += tests/e2e/sim-cli.sh tests/e2e/sim-concurrency.sh tests/e2e/sim-walk.sh

check_PROGRAMS += tests/unit/test_sim_fleet
TESTS += tests/unit/test_sim_fleet
tests_unit_test_sim_fleet_SOURCES = tests/unit/test_sim_fleet.c src/sim/fleet.c src/sim/fleet.h
tests_unit_test_sim_fleet_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/src/sim
tests_unit_test_sim_fleet_LDADD = $(CMOCKA_LIBS)

check_PROGRAMS += tests/unit/test_sim_order
TESTS += tests/unit/test_sim_order
tests_unit_test_sim_order_SOURCES = tests/unit/test_sim_order.c src/sim/order.c src/sim/sim.h
tests_unit_test_sim_order_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/src/sim
tests_unit_test_sim_order_LDADD = $(CMOCKA_LIBS) $(PTHREAD_LIBS)
