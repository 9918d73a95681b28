#!/usr/bin/env bash
# cli-options.sh — the command-line contract: --help, --version, usage errors,
# and that the man page documents exactly the options --help prints.
. "$top_srcdir/tests/e2e/lib.sh"
tt_tmpdir

out=$("$THINGTOP" --help) || fail "--help exited $?"
assert_contains "$out" "Usage: thingtop" "--help prints usage"
assert_contains "$out" "--dump RESOURCE" "--help lists --dump"

ver=$("$THINGTOP" --version) || fail "--version exited $?"
assert_contains "$ver" "thingtop " "--version names the program"
assert_contains "$ver" "libcurl" "--version names libcurl"
assert_contains "$ver" "cJSON" "--version names cJSON"
assert_contains "$ver" "libconfig" "--version names libconfig"
assert_contains "$ver" "ncurses" "--version names ncurses"

set +e
err=$("$THINGTOP" --no-such-option 2>&1 >/dev/null); rc=$?
set -e
assert_eq "$rc" 2 "unknown option exit status"
assert_contains "$err" "unknown option '--no-such-option'" "unknown option message"
assert_contains "$err" "Usage:" "usage on stderr"

set +e
err=$("$THINGTOP" --format xml 2>&1); rc=$?
assert_eq "$rc" 2 "bad --format exit status"
assert_contains "$err" "--format must be jsonl, csv or table" "bad --format message"
err=$("$THINGTOP" --filter novalue 2>&1); rc=$?
assert_eq "$rc" 2 "bad --filter exit status"
err=$("$THINGTOP" --limit 0 2>&1); rc=$?
assert_eq "$rc" 2 "bad --limit exit status"
err=$("$THINGTOP" --config 2>&1); rc=$?
assert_eq "$rc" 2 "missing argument exit status"
assert_contains "$err" "needs an argument" "missing argument message"
set -e

# Every long option in --help is in the man page and vice versa.
man_matches_help "$out" "$top_srcdir/man/thingtop.1"
exit 0
