#!/usr/bin/env bash
# sim-cli.sh — thingtop-sim's command-line contract: the man page documents
# exactly the options --help prints and lints clean; the first stdout line is
# "listening on http://127.0.0.1:PORT"; --print-* are deterministic; SIGINT
# and SIGTERM stop it cleanly; bad options are usage errors.
source "$top_srcdir/tests/e2e/lib.sh"
tt_tmpdir

help=$("$THINGTOP_SIM" --help) || fail "--help exited $?"
man_matches_help "$help" "$top_srcdir/man/thingtop-sim.1"
"$THINGTOP_SIM" --version | grep -q "thingtop-sim" || fail "--version"

# deterministic outputs
a=$("$THINGTOP_SIM" --print-credentials --seed 7)
b=$("$THINGTOP_SIM" --print-credentials --seed 7)
c=$("$THINGTOP_SIM" --print-credentials --seed 8)
assert_eq "$a" "$b" "same seed, same credentials"
[ "$a" != "$c" ] || fail "another seed gives the same credentials"
for k in KPN_CLIENT_ID KPN_CLIENT_SECRET KPN_CUSTOMER_IDS AKENZA_API_KEY PARTNER_API_KEY PARTNER_AUTH_PARAM; do
	printf '%s\n' "$a" | grep -q "^$k=." || fail "--print-credentials lacks $k"
done
cfg=$("$THINGTOP_SIM" --print-config --seed 7 --port 4242)
assert_contains "$cfg" 'base_url = "http://127.0.0.1:4242' "--print-config uses --port"
for p in kpn akenza partner; do assert_contains "$cfg" "name = \"$p\"" "--print-config profile $p"; done

# the first line, exactly; clean stops
for sig in INT TERM; do
	# truncated here, not in the child: the wait below must not see the
	# line of the previous round before the new simulator empties the file
	: >"$TT_TMP/out"
	"$THINGTOP_SIM" --port 0 >>"$TT_TMP/out" 2>"$TT_TMP/err" &
	pid=$!
	wait_for grep -q . "$TT_TMP/out" || fail "no first line"
	head -1 "$TT_TMP/out" | grep -qE '^listening on http://127\.0\.0\.1:[0-9]+$' ||
		fail "first line: $(head -1 "$TT_TMP/out")"
	port=$(head -1 "$TT_TMP/out" | sed 's/.*://')
	curl -s -o /dev/null "http://127.0.0.1:$port/devices" || fail "not serving on $port"
	kill "-$sig" "$pid"
	wait "$pid"
	rc=$?
	assert_eq "$rc" 0 "exit status after SIG$sig"
done

# usage errors
"$THINGTOP_SIM" --devices abc >/dev/null 2>&1 && fail "--devices abc accepted"
"$THINGTOP_SIM" --fault nonsense >/dev/null 2>&1 && fail "--fault nonsense accepted"
"$THINGTOP_SIM" --no-such >/dev/null 2>&1 && fail "unknown option accepted"
echo ok
