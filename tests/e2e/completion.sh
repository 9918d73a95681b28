#!/usr/bin/env bash
# completion.sh — the bash completion offers options, profiles, resources,
# customer names (quoted), themes and formats from `thingtop --list`; the zsh
# completion knows every option --help prints.
source "$top_srcdir/tests/e2e/lib.sh"
tt_tmpdir
eval "$("$THINGTOP_SIM" --print-credentials)"
(umask 077 && "$THINGTOP_SIM" --print-config --port 9 >"$TT_TMP/config") || fail "print-config"
cfg="$TT_TMP/config"
mkdir -p "$TT_TMP/bin"
ln -s "$THINGTOP" "$TT_TMP/bin/thingtop"
PATH="$TT_TMP/bin:$PATH"

# shellcheck source=/dev/null
source "$top_srcdir/completion/thingtop"
comp() { # WORDS... (the last is the word being completed)
	COMP_WORDS=("$@")
	COMP_CWORD=$(($# - 1))
	_thingtop
	printf '%s\n' "${COMPREPLY[@]}" | sort
}

assert_eq "$(comp thingtop --config "$cfg" --profile '' | tr '\n' ' ')" "akenza kpn partner " "profiles"
assert_eq "$(comp thingtop --config "$cfg" --profile k | tr '\n' ' ')" "kpn " "profile prefix"
got=$(comp thingtop --config "$cfg" --profile akenza --dump '' | tr '\n' ' ')
assert_contains "$got" "assets" "akenza resources"
assert_not_contains "$got" "devices" "akenza resources come from the akenza provider"
got=$(comp thingtop --config "$cfg" --dump '' | tr '\n' ' ')
assert_contains "$got" "devices downlinks" "the first profile's (KPN) resources"
first_customer=$(THINGTOP_NO=1 "$THINGTOP" --config "$cfg" --profile kpn --list contexts | head -1)
[ -n "$first_customer" ] || fail "--list contexts printed nothing"
got=$(comp thingtop --config "$cfg" --profile kpn --context "${first_customer:0:3}")
assert_eq "$got" "$(printf '%q' "$first_customer")" "customer names are completed and quoted"
assert_eq "$(comp thingtop --theme so)" "solarized" "themes"
assert_eq "$(comp thingtop --theme '' | tr '\n' ' ')" "dark default light mono solarized " "all themes"
assert_eq "$(comp thingtop --format c)" "csv" "formats"
assert_eq "$(comp thingtop --sn)" "--snapshot" "long options"
assert_eq "$(comp thingtop --list '' | tr '\n' ' ')" "contexts profiles resources themes " "--list"

# every option of --help is known to both completions
for opt in $("$THINGTOP" --help | grep -oE -- '--[a-z-]+' | sort -u); do
	[ "$opt" = "--" ] && continue
	comp thingtop "$opt" | grep -qx -- "$opt" || fail "bash completion misses $opt"
	grep -qE -- "(^|[^a-z-])$opt([^a-z-]|$)" "$top_srcdir/completion/_thingtop" || fail "zsh completion misses $opt"
done
if command -v zsh >/dev/null; then
	zsh -n "$top_srcdir/completion/_thingtop" || fail "zsh completion has a syntax error"
fi

# --list errors are clear, and exit non-zero
out=$("$THINGTOP" --list widgets 2>&1)
assert_eq "$?" 2 "--list with an unknown WHAT"
assert_contains "$out" "profiles, resources, contexts or themes" "--list names what it takes"
out=$("$THINGTOP" --config "$TT_TMP/none" --list profiles 2>&1)
assert_eq "$?" 1 "--list without a config"
echo "ok"
