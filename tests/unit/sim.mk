## The simulator's own tests: its command line and man page (sim-cli.sh) and its
## API with curl (sim-api.sh, in tests/local.mk).

TESTS += tests/e2e/sim-cli.sh
EXTRA_DIST += tests/e2e/sim-cli.sh
