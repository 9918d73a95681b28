## Shared test wiring owned by the lead: CLI contract tests, e2e library, benchmarks, fuzzing.

EXTRA_DIST += tests/e2e/lib.sh tests/e2e/cli-options.sh
TESTS += tests/e2e/cli-options.sh
