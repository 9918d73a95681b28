## make mutants (issue 16): every named defence switched off in turn
## (-DTT_MUTANT_<NAME>, one build dir each under mutants/) against the tests
## named for it in tests/mutants/mutants.tsv; prints "killed K of N". Slow: not in CI.
## make mutants MUTANTS="SORT FILTER" runs only those; make mutants-clean removes the build dirs.
EXTRA_DIST += tests/mutants/run.sh tests/mutants/mutants.tsv
MUTANTS =
mutants:
	top_srcdir='$(abs_top_srcdir)' top_builddir='$(abs_top_builddir)' MAKE='$(MAKE)' \
		bash '$(abs_top_srcdir)/tests/mutants/run.sh' $(MUTANTS)
.PHONY: mutants
## the mutant build dirs are kept between runs (a rebuild is incremental); this removes them
mutants-clean:
	-rm -rf mutants
.PHONY: mutants-clean
