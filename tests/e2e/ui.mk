## Dashboard end-to-end tests in tmux against thingtop-sim (issues 5 and 7).

TT_UI_TESTS = tests/e2e/ui-panes.sh tests/e2e/ui-query.sh tests/e2e/ui-actions.sh \
	tests/e2e/ui-terminal.sh tests/e2e/ui-faults.sh tests/e2e/quickstart-demo.sh tests/e2e/ui-commands.sh \
	tests/e2e/ui-akenza.sh tests/e2e/ui-nolist.sh tests/e2e/ui-screens.sh tests/e2e/ui-akenza-query.sh tests/e2e/ui-selection.sh tests/e2e/ui-mouse.sh tests/e2e/ui-faults-akenza.sh tests/e2e/ui-hostile-providers.sh \
	tests/e2e/ui-akenza-lookup.sh tests/e2e/ui-tenants.sh tests/e2e/ui-switch.sh tests/e2e/ui-context.sh tests/e2e/ui-reload.sh tests/e2e/ui-newquery.sh tests/e2e/ui-escape.sh tests/e2e/ui-counts.sh tests/e2e/ui-forms.sh tests/e2e/ui-export-akenza.sh tests/e2e/ui-keys.sh tests/e2e/ui-localsort.sh tests/e2e/ui-narrow.sh
TT_UI_TESTS += tests/e2e/ui-scope.sh tests/e2e/ui-workspace-name.sh
# / with an identifier on KPN (issue 14, item 1)
TT_UI_TESTS += tests/e2e/ui-kpn-lookup.sh
TT_UI_TESTS += tests/e2e/ui-related.sh tests/e2e/ui-related-others.sh
TT_UI_TESTS += tests/e2e/ui-lookup-late.sh
TT_UI_TESTS += tests/e2e/ui-samples.sh tests/e2e/ui-follow.sh
# :all, every customer at once (issue 14, item 6)
TT_UI_TESTS += tests/e2e/ui-all.sh tests/e2e/ui-all-keys.sh tests/e2e/ui-all-requests.sh
# names for ids and sub-resource columns (issue 14, items 3 and 4)
TT_UI_TESTS += tests/e2e/ui-refs.sh tests/e2e/ui-refs-scroll.sh
# the support call measured in keys (issue 14 item 8)
TT_UI_TESTS += tests/e2e/ui-keycount.sh
# Q quits within 1 s in every hanging state (issue 16)
TT_UI_TESTS += tests/e2e/ui-quit-latency.sh
TESTS += $(TT_UI_TESTS)
EXTRA_DIST += $(TT_UI_TESTS)

