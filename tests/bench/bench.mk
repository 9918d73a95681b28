## Benchmarks (tests/bench/): owned by the performance work (issue 6).

# Benchmarks: `make bench` (BENCH_ARGS="--quick" for a smoke run). Not part of make check:
# timings on this shared machine are noisy, so they are reported, never asserted.
EXTRA_DIST += tests/bench/bench.py tests/bench/peer_walk_python.py \
	tests/bench/peer_keep_python.py tests/bench/peer_walk_curl_jq.sh
bench: all $(BENCH_BINS)
	@$(AM_TESTS_ENVIRONMENT) python3 $(abs_top_srcdir)/tests/bench/bench.py $(BENCH_ARGS)
.PHONY: bench

