#!/usr/bin/env bash
# tests/stress-check.sh — run `make check` N times while CPU hogs keep the
# machine busy, and report how many runs passed: a test that waits on a fixed
# sleep instead of a named state shows up here as an occasional failure.
#
#   tests/stress-check.sh [-n RUNS] [-c HOGS] [TEST...]
#   tests/stress-check.sh --each [-n RUNS] [-c HOGS] [TEST...]
#
# Run it from a configured build directory. RUNS defaults to 5 and HOGS to 2
# (`stress -c HOGS` when installed, else busy shell loops); TEST... are passed as
# make check TESTS="..." (default: the whole suite). The hogs are stopped on
# exit; the log of every failed test is kept as stress-RUN-NAME.log.
# --each (or -e) runs every test alone in turn, RUNS times each, one
# make check TESTS=TEST per run (no other test beside it), and reports
# "TEST: P passed, F failed" per test and the total.
set -u
runs=5 hogs=2 each=0
args=()
for a in "$@"; do # --each is the one long option; getopts takes the rest
	case $a in --each) each=1 ;; *) args+=("$a") ;; esac
done
set -- ${args[@]+"${args[@]}"}
while getopts 'n:c:eh' opt; do
	case $opt in
	n) runs=$OPTARG ;;
	c) hogs=$OPTARG ;;
	e) each=1 ;;
	*) sed -n '2,17s/^# \{0,1\}//p' "$0"; exit 2 ;;
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

# --each: every test alone, RUNS times, under the same hogs
if [ "$each" = 1 ]; then
	if [ $# -gt 0 ]; then
		list=("$@")
	else # the suite's TESTS, as make expands them
		read -r -a list < <(printf 'tt-print-tests:\n\t@echo $(TESTS)\n' | make -s -f Makefile -f - tt-print-tests)
	fi
	[ ${#list[@]} -gt 0 ] || { echo "stress-check: no tests found" >&2; exit 2; }
	make TESTS= check >/dev/null 2>&1 || { echo "stress-check: the build failed (make check)" >&2; exit 2; }
	tpass=0 tfail=0 bad=0
	for t in "${list[@]}"; do
		p=0 f=0
		for ((r = 1; r <= runs; r++)); do
			if make TESTS="$t" check >/dev/null 2>&1; then
				p=$((p + 1))
			else
				f=$((f + 1))
				[ -f "${t%.sh}.log" ] && cp "${t%.sh}.log" "stress-$r-$(basename "${t%.sh}").log"
			fi
		done
		echo "$t: $p passed, $f failed"
		tpass=$((tpass + p)) tfail=$((tfail + f))
		[ "$f" -eq 0 ] || bad=$((bad + 1))
	done
	echo "stress-check --each: $tpass passed, $tfail failed of $((tpass + tfail)) runs" \
		"(${#list[@]} tests alone, $runs each; $bad with a failure) under $hogs CPU hogs"
	[ "$tfail" -eq 0 ]
	exit
fi

tests_arg=()
[ $# -gt 0 ] && tests_arg=(TESTS="$*")
pass=0 fail=0
declare -A failed_tests=()
# build once, outside the count: TESTS= builds the check programs and runs no
# test (running the suite here too doubled the time of every stress check)
make check TESTS= >/dev/null 2>&1 || { echo "stress-check: make check TESTS= (the build) failed" >&2; exit 2; }
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
			[ -f "${t%.sh}.log" ] && cp "${t%.sh}.log" "stress-$r-$(basename "${t%.sh}").log"
		done
	fi
	rm -f "stress-$r.out"
done
echo "stress-check: $pass passed, $fail failed of $runs runs under $hogs CPU hogs"
for t in "${!failed_tests[@]}"; do echo "  $t failed ${failed_tests[$t]} time(s)"; done
[ "$fail" -eq 0 ]
