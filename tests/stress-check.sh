#!/usr/bin/env bash
# tests/stress-check.sh — run `make check` N times while CPU hogs keep the
# machine busy, and report how many runs passed: a test that waits on a fixed
# sleep instead of a named state shows up here as an occasional failure.
#
#   tests/stress-check.sh [-n RUNS] [-c HOGS] [TEST...]
#
# Run it from a configured build directory. RUNS defaults to 5 and HOGS to 2
# (`stress -c HOGS` when installed, else busy shell loops); TEST... are passed as
# make check TESTS="..." (default: the whole suite). The hogs are stopped on
# exit; the log of every failed test is kept as stress-RUN-NAME.log.
set -u
runs=5 hogs=2
while getopts 'n:c:h' opt; do
	case $opt in
	n) runs=$OPTARG ;;
	c) hogs=$OPTARG ;;
	*) sed -n '2,13s/^# \{0,1\}//p' "$0"; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
case "$runs$hogs" in *[!0-9]*) echo "stress-check: -n and -c take numbers" >&2; exit 2 ;; esac
[ -f Makefile ] || { echo "stress-check: run it in a configured build directory" >&2; exit 2; }

hog_pids=()
stop_hogs() {
	local p
	for p in "${hog_pids[@]}"; do kill "$p" 2>/dev/null; done
	for p in "${hog_pids[@]}"; do wait "$p" 2>/dev/null; done
	hog_pids=()
}
trap stop_hogs EXIT
trap 'exit 130' INT TERM
if [ "$hogs" -gt 0 ]; then
	if command -v stress >/dev/null; then
		stress -c "$hogs" >/dev/null 2>&1 &
		hog_pids+=($!)
	else
		for ((i = 0; i < hogs; i++)); do
			(while :; do :; done) &
			hog_pids+=($!)
		done
	fi
fi

tests_arg=()
[ $# -gt 0 ] && tests_arg=(TESTS="$*")
pass=0 fail=0
declare -A failed_tests=()
make "${tests_arg[@]}" check >/dev/null 2>&1 || : # build once, outside the count
for ((r = 1; r <= runs; r++)); do
	t0=$SECONDS
	if make "${tests_arg[@]}" check >"stress-$r.out" 2>&1; then
		pass=$((pass + 1))
		echo "run $r: PASS ($((SECONDS - t0)) s)"
	else
		fail=$((fail + 1))
		names=$(grep -E '^(FAIL|ERROR):' "stress-$r.out" | sed -E 's/^(FAIL|ERROR): //' | tr '\n' ' ')
		echo "run $r: FAIL ($((SECONDS - t0)) s): $names"
		for t in $names; do
			failed_tests[$t]=$((${failed_tests[$t]:-0} + 1))
			[ -f "$t.log" ] && cp "$t.log" "stress-$r-$(basename "$t").log"
		done
	fi
	rm -f "stress-$r.out"
done
echo "stress-check: $pass passed, $fail failed of $runs runs under $hogs CPU hogs"
for t in "${!failed_tests[@]}"; do echo "  $t failed ${failed_tests[$t]} time(s)"; done
[ "$fail" -eq 0 ]
