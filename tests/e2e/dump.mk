## --dump end-to-end and fault tests against thingtop-sim (issues 4 and 7), and the
## partner gateway's mutual TLS and configurable login (issue 12.6, needs openssl).
## simwalk.py is the independent truth: the simulator walked with Python's urllib.

TESTS += tests/e2e/dump-resources.sh tests/e2e/dump-query.sh tests/e2e/dump-faults.sh \
	tests/e2e/faults-dump.sh tests/e2e/dump-faults-edge.sh tests/e2e/dump-context.sh \
	tests/e2e/dump-faults-links.sh tests/e2e/partner-mtls.sh
EXTRA_DIST += tests/e2e/dump-resources.sh tests/e2e/dump-query.sh tests/e2e/dump-faults.sh \
	tests/e2e/faults-dump.sh tests/e2e/dump-faults-edge.sh tests/e2e/dump-faultlib.sh tests/e2e/dump-context.sh \
	tests/e2e/dump-faults-links.sh tests/e2e/partner-mtls.sh \
	tests/e2e/simwalk.py

# --check, the conformance probe (issue 12)
TESTS += tests/e2e/check.sh
EXTRA_DIST += tests/e2e/check.sh

# every printer outside the dashboard, scanned raw on a pty (issue 16)
TESTS += tests/e2e/hostile-printers.sh
EXTRA_DIST += tests/e2e/hostile-printers.sh

# a fourth provider, data only (issue 13)
TESTS += tests/e2e/provider-fourth.sh
EXTRA_DIST += tests/e2e/provider-fourth.sh

# --dump --all-contexts (issue 14)
TESTS += tests/e2e/dump-all-contexts.sh
EXTRA_DIST += tests/e2e/dump-all-contexts.sh

# page sizes per walk, from the simulator's log: dashboard, --dump, --limit,
# resize_cursor = false, akenza (issue 17)
TESTS += tests/e2e/paging-sizes.sh
EXTRA_DIST += tests/e2e/paging-sizes.sh
