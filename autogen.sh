#!/bin/sh
# autogen.sh — install what thingtop needs to build and test (Debian/Ubuntu),
# then generate ./configure. Safe to run again: installed packages are skipped
# and apt-get update runs at most once.
#   THINGTOP_NO_APT=1 ./autogen.sh   skips the package step entirely.
set -e
cd "$(dirname "$0")"

PKGS="build-essential autoconf automake pkg-config libncurses-dev libcurl4-openssl-dev
libcjson-dev libconfig-dev libmicrohttpd-dev libgnutls28-dev libcmocka-dev tmux mandoc clang curl jq
python3 valgrind zsh openssl"

UPDATED=""
SUDO=""

# need_root: set SUDO, or print the exact command for the missing packages and stop.
need_root() {
	if [ "$(id -u)" = 0 ]; then
		SUDO=""
	elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
		SUDO="sudo"
	else
		echo "autogen.sh: missing packages; run:" >&2
		echo "  sudo apt-get update && sudo apt-get install -y$1" >&2
		exit 1
	fi
}

# apt_install PKG...: install those not yet installed (apt-get update at most once per run).
apt_install() {
	missing=""
	for p in "$@"; do
		if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed"; then
			missing="$missing $p"
		fi
	done
	[ -z "$missing" ] && return 0
	need_root "$missing"
	echo "autogen.sh: installing$missing"
	if [ -z "$UPDATED" ]; then
		$SUDO apt-get update -qq
		UPDATED=1
	fi
	# shellcheck disable=SC2086
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing
}

install_missing() {
	if ! command -v dpkg-query >/dev/null 2>&1; then
		echo "autogen.sh: not a Debian system; make sure these are installed:" $PKGS >&2
		return 0
	fi
	# shellcheck disable=SC2086
	apt_install $PKGS
	# libFuzzer's runtime ships apart from clang, in a package named by clang's version.
	v=$(clang -dumpversion 2>/dev/null | cut -d. -f1)
	[ -n "$v" ] && apt_install "libclang-rt-$v-dev"
	return 0
}

[ -n "$THINGTOP_NO_APT" ] || install_missing
mkdir -p m4
autoreconf -fi
echo "autogen.sh: done; now run ./configure && make"
