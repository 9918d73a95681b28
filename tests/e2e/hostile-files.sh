#!/usr/bin/env bash
# hostile-files.sh — the files thingtop reads and writes (issue 16.4, 16.6, 16.8),
# with a run against tests/hostile/hostile_server.py --scenario normal.
#  read: a configuration file or a provider override that group or others can
#   write, or that belongs to someone other than the user or root, is refused
#   naming the file, the owner and the mode (as ssh refuses such keys);
#  write: --log and --snapshot create their file 0600 (whatever the umask),
#   make an existing file of the user 0600, and refuse a symbolic link and a file
#   of another user, leaving it untouched.
# The checks with another owner chown a file to nobody: they need root and are
# skipped (said so) otherwise.
source "$top_srcdir/tests/e2e/lib.sh"
source "$top_srcdir/tests/hostile/hostile.sh"

hostile_start normal
cfg="$HOSTILE_CONFIG"
me=$(id -un)
as_root=0
[ "$(id -u)" -eq 0 ] && id nobody >/dev/null 2>&1 && as_root=1
mode_of() { stat -c %a "$1"; }
# run_tt NAME ARGS...: thingtop --dump devices with ARGS; sets rc, output in $TT_TMP/NAME.{out,err}
run_tt() {
	local name=$1
	shift
	rc=0
	"$THINGTOP" "$@" --dump devices >"$TT_TMP/$name.out" 2>"$TT_TMP/$name.err" || rc=$?
}
refused() { # NAME TEXT...: the run failed and stderr holds every TEXT
	local name=$1 t
	shift
	[ "$rc" -ne 0 ] || { echo "  $name: exit 0, expected a refusal" >&2; return 1; }
	for t in "$@"; do
		grep -qF -- "$t" "$TT_TMP/$name.err" || { echo "  $name: '$t' not in: $(cat "$TT_TMP/$name.err")" >&2; return 1; }
	done
}
worked() { # NAME
	[ "$rc" -eq 0 ] && [ -s "$TT_TMP/$1.out" ] && return 0
	echo "  $1: exit $rc: $(cat "$TT_TMP/$1.err")" >&2
	return 1
}

# ---- reading: the configuration ----
# without an inline secret (from the environment), so only the new rule applies
export HOSTILE_SECRET
envcfg() { # FILE MODE
	cat >"$1" <<EOC
profiles = (
  { name = "hostile"; provider = "kpn-things"; client_id = "hostile-client"; client_secret_env = "HOSTILE_SECRET";
    base_url = "$HOSTILE_URL"; auth_url = "$HOSTILE_URL/token"; }
);
EOC
	chmod "$2" "$1"
}
envcfg "$TT_TMP/gw.conf" 620
run_tt cfg-gw --config "$TT_TMP/gw.conf"
hcheck "a group-writable config is refused naming file, owner and mode" \
	refused cfg-gw "$TT_TMP/gw.conf" "owner $me" "mode 0620" "writable by group"
envcfg "$TT_TMP/ow.conf" 602
run_tt cfg-ow --config "$TT_TMP/ow.conf"
hcheck "an others-writable config is refused" refused cfg-ow "$TT_TMP/ow.conf" "mode 0602" "writable by others"
envcfg "$TT_TMP/ro.conf" 644
run_tt cfg-ro --config "$TT_TMP/ro.conf"
hcheck "a config readable by others (no inline secret) is still accepted" worked cfg-ro
if [ "$as_root" = 1 ]; then
	envcfg "$TT_TMP/nobody.conf" 600 && chown nobody "$TT_TMP/nobody.conf"
	run_tt cfg-nobody --config "$TT_TMP/nobody.conf"
	hcheck "a config owned by another user is refused naming the owner" \
		refused cfg-nobody "$TT_TMP/nobody.conf" "owner nobody" "mode 0600"
else
	echo "skip: a config owned by another user (needs root to chown)"
fi

# ---- reading: a provider override ----
mkdir -p "$TT_TMP/prov"
cp "$top_srcdir/providers/kpn-things.conf" "$TT_TMP/prov/kpn-things.conf"
chmod 666 "$TT_TMP/prov/kpn-things.conf"
THINGTOP_PROVIDERS_DIR="$TT_TMP/prov" run_tt prov-ww --config "$cfg"
hcheck "a world-writable provider override is refused naming file, owner and mode" \
	refused prov-ww "$TT_TMP/prov/kpn-things.conf" "owner $me" "mode 0666"
chmod 644 "$TT_TMP/prov/kpn-things.conf"
THINGTOP_PROVIDERS_DIR="$TT_TMP/prov" run_tt prov-ok --config "$cfg"
hcheck "a provider override of the user, mode 0644, is used" worked prov-ok
if [ "$as_root" = 1 ]; then
	chown nobody "$TT_TMP/prov/kpn-things.conf"
	THINGTOP_PROVIDERS_DIR="$TT_TMP/prov" run_tt prov-nobody --config "$cfg"
	hcheck "a provider override owned by another user is refused" \
		refused prov-nobody "$TT_TMP/prov/kpn-things.conf" "owner nobody"
fi

# ---- writing: --log and --snapshot ----
(umask 022 && "$THINGTOP" --config "$cfg" --log "$TT_TMP/new.log" --snapshot "$TT_TMP/new.snap" --dump devices \
	>/dev/null 2>"$TT_TMP/new.err") || echo "  the run with --log and --snapshot failed: $(cat "$TT_TMP/new.err")" >&2
hcheck "--log creates its file 0600 under umask 022" test "$(mode_of "$TT_TMP/new.log")" = 600
hcheck "--snapshot creates its file 0600 under umask 022" test "$(mode_of "$TT_TMP/new.snap")" = 600
echo "earlier line" >"$TT_TMP/old.log" && chmod 644 "$TT_TMP/old.log"
echo "old" >"$TT_TMP/old.snap" && chmod 644 "$TT_TMP/old.snap"
"$THINGTOP" --config "$cfg" --log "$TT_TMP/old.log" --snapshot "$TT_TMP/old.snap" --dump devices >/dev/null 2>&1
hcheck "--log makes an existing file of the user 0600 and appends" \
	sh -c "[ \"\$(stat -c %a '$TT_TMP/old.log')\" = 600 ] && head -1 '$TT_TMP/old.log' | grep -q 'earlier line' && grep -q 'GET /devices' '$TT_TMP/old.log'"
hcheck "--snapshot makes an existing file of the user 0600 and replaces it" \
	sh -c "[ \"\$(stat -c %a '$TT_TMP/old.snap')\" = 600 ] && ! grep -q '^old' '$TT_TMP/old.snap'"
echo "precious" >"$TT_TMP/target" && chmod 644 "$TT_TMP/target"
ln -s "$TT_TMP/target" "$TT_TMP/link.log"
ln -s "$TT_TMP/target" "$TT_TMP/link.snap"
run_tt log-link --config "$cfg" --log "$TT_TMP/link.log"
hcheck "--log refuses a symbolic link" refused log-link "$TT_TMP/link.log" "symbolic link"
run_tt snap-link --config "$cfg" --snapshot "$TT_TMP/link.snap"
hcheck "--snapshot refuses a symbolic link" refused snap-link "$TT_TMP/link.snap" "symbolic link"
hcheck "the link's target is untouched" sh -c "[ \"\$(cat '$TT_TMP/target')\" = precious ] && [ \"\$(stat -c %a '$TT_TMP/target')\" = 644 ]"
if [ "$as_root" = 1 ]; then
	for f in theirs.log theirs.snap; do echo "theirs" >"$TT_TMP/$f" && chmod 666 "$TT_TMP/$f" && chown nobody "$TT_TMP/$f"; done
	run_tt log-theirs --config "$cfg" --log "$TT_TMP/theirs.log"
	hcheck "--log refuses a file of another user" refused log-theirs "$TT_TMP/theirs.log" "owner nobody"
	run_tt snap-theirs --config "$cfg" --snapshot "$TT_TMP/theirs.snap"
	hcheck "--snapshot refuses a file of another user" refused snap-theirs "$TT_TMP/theirs.snap" "owner nobody"
	hcheck "another user's files are untouched" \
		sh -c "[ \"\$(cat '$TT_TMP/theirs.log' '$TT_TMP/theirs.snap')\" = \"\$(printf 'theirs\ntheirs')\" ] && [ \"\$(stat -c %a '$TT_TMP/theirs.log')\" = 666 ]"
else
	echo "skip: files of another user (needs root to chown)"
fi
hostile_done
