## The hostile HTTP server (issue 16): a fixture beside thingtop-sim, and the tests
## that point thingtop at it (tests/hostile/hostile_server.py --scenario NAME).

EXTRA_DIST += tests/hostile/hostile_server.py tests/hostile/hostile.sh
TESTS += tests/e2e/hostile-links.sh tests/e2e/hostile-csv.sh tests/e2e/hostile-limits.sh
EXTRA_DIST += tests/e2e/hostile-links.sh tests/e2e/hostile-csv.sh tests/e2e/hostile-limits.sh
