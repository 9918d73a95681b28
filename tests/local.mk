## Shared test wiring owned by the lead: CLI contract tests, e2e library, benchmarks, fuzzing.

EXTRA_DIST += tests/e2e/lib.sh tests/e2e/cli-options.sh tests/e2e/sim-api.sh
TESTS += tests/e2e/cli-options.sh tests/e2e/sim-api.sh

include tests/unit/core.mk

check_PROGRAMS += tests/unit/test_sanitize
TESTS += tests/unit/test_sanitize
tests_unit_test_sanitize_SOURCES = tests/unit/test_sanitize.c
tests_unit_test_sanitize_LDADD = libthingtop.a $(CMOCKA_LIBS)

include tests/bench/bench.mk
include tests/fuzz/fuzz.mk
include tests/e2e/dump.mk
include tests/e2e/ui.mk
include tests/unit/engine.mk
include tests/unit/sim.mk
include tests/hostile/hostile.mk

# Themes: the loader and colour degradation (unit), every theme under four TERMs (tmux).
check_PROGRAMS += tests/unit/test_theme
TESTS += tests/unit/test_theme tests/e2e/themes.sh tests/e2e/snapshot.sh tests/e2e/security-secrets.sh \
	tests/e2e/live.sh tests/e2e/keys-config.sh
EXTRA_DIST += tests/e2e/themes.sh tests/e2e/snapshot.sh tests/e2e/security-secrets.sh tests/e2e/live.sh tests/e2e/keys-config.sh
tests_unit_test_theme_SOURCES = tests/unit/test_theme.c ui/theme.c ui/theme.h
tests_unit_test_theme_LDADD = libthingtop.a $(CMOCKA_LIBS) $(LIBCONFIG_LIBS) $(NCURSES_LIBS)

# Shell completion (bash, zsh), installed where the shells look for it.
bashcompletiondir = $(datadir)/bash-completion/completions
dist_bashcompletion_DATA = completion/thingtop
zshcompletiondir = $(datadir)/zsh/site-functions
dist_zshcompletion_DATA = completion/_thingtop
TESTS += tests/e2e/completion.sh
EXTRA_DIST += tests/e2e/completion.sh

# valgrind memcheck of --dump walks (skipped only in the ASan build).
TESTS += tests/e2e/valgrind-dump.sh
EXTRA_DIST += tests/e2e/valgrind-dump.sh
EXTRA_DIST += tests/stress-check.sh
