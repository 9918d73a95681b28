#!/usr/bin/env bash
# run.sh — make mutants (issue 16): for each named defence in mutants.tsv, build
# thingtop with it switched off (CPPFLAGS=-DTT_MUTANT_<NAME>) in its own
# out-of-tree build dir, reused between runs, under $top_builddir/mutants/, and
# run the tests named for it. The mutant is killed when any of them fails.
# Prints one line per mutant and "killed K of N"; exits 1 if any survived or
# did not build.   Usage: run.sh [NAME...]   (default: every mutant)
set -u
top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
top_builddir=${top_builddir:-$PWD}
MAKE=${MAKE:-make}
unset MAKEFLAGS MFLAGS MAKELEVEL TESTS
out=$top_builddir/mutants
mkdir -p "$out"

# automake refuses an out-of-tree build from a source tree configured in place:
# then build from a copy of the sources (tracked and new files, not build output)
src=$top_srcdir
if [ -f "$top_srcdir/config.status" ]; then
	src=$out/src
	mkdir -p "$src"
	git -C "$top_srcdir" ls-files -z -c -o --exclude-standard |
		(cd "$top_srcdir" && tar --null -T - -cf -) | tar -C "$src" -xf - ||
		{ echo "mutants: cannot copy the sources (needs a git checkout, or configure out of tree)" >&2; exit 2; }
	if [ ! -x "$src/configure" ]; then
		(cd "$src" && THINGTOP_NO_APT=1 sh ./autogen.sh) >"$out/autogen.log" 2>&1 ||
			{ echo "mutants: autogen.sh failed, see $out/autogen.log" >&2; exit 2; }
	fi
fi

want=" $* "
killed=0 total=0 bad=0 t0=$SECONDS
while IFS=$'\t' read -r name files tests; do
	case $name in '' | '#'*) continue ;; esac
	[ $# -eq 0 ] || [[ $want == *" $name "* ]] || continue
	total=$((total + 1)) t=$SECONDS
	dir=$out/$name
	mkdir -p "$dir"
	if [ ! -f "$dir/config.status" ] &&
		! (cd "$dir" && "$src/configure" -q --enable-werror CPPFLAGS="-DTT_MUTANT_$name") >"$dir/configure.log" 2>&1 </dev/null; then
		printf '%-18s NOT CONFIGURED  see %s\n' "$name" "$dir/configure.log"
		bad=$((bad + 1))
		continue
	fi
	# the programs and the test programs first: a build error is not a kill
	if ! nice "$MAKE" -C "$dir" -j2 check TESTS= >"$dir/build.log" 2>&1 </dev/null; then
		printf '%-18s DOES NOT BUILD  see %s\n' "$name" "$dir/build.log"
		bad=$((bad + 1))
		continue
	fi
	nice "$MAKE" -C "$dir" -j2 check TESTS="$tests" >"$dir/check.log" 2>&1 </dev/null
	rc=$?
	by=$(grep -h '^FAIL:\|^ERROR:' "$dir/check.log" | sed 's/^[A-Z]*: //' | tr '\n' ' ')
	if [ $rc -ne 0 ] && [ -z "$by" ]; then
		printf '%-18s CHECK ERROR     see %s\n' "$name" "$dir/check.log"
		bad=$((bad + 1))
	elif [ $rc -eq 0 ]; then
		printf '%-18s SURVIVED %4ds  %s (%s) pass without this defence\n' "$name" $((SECONDS - t)) "$tests" "$files"
	else
		killed=$((killed + 1))
		printf '%-18s killed   %4ds  by %s\n' "$name" $((SECONDS - t)) "$by"
	fi
done <"$top_srcdir/tests/mutants/mutants.tsv"
echo "killed $killed of $total ($((SECONDS - t0)) s)"
[ "$killed" -eq "$total" ] && [ "$bad" -eq 0 ]
