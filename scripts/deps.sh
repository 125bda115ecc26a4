#!/bin/sh
# Installs what a make target needs, when missing: apt-get as root, else a
# one-line error naming the packages. Usage: deps.sh build|test|demo|bench...
set -eu

need=""
want() { # want COMMAND-OR-PATH PACKAGE
	case "$1" in
	/*) [ -e "$1" ] || need="$need $2" ;;
	*) command -v "$1" >/dev/null 2>&1 || need="$need $2" ;;
	esac
}

for what in "$@"; do
	case "$what" in
	build)
		want musl-gcc musl-tools
		want make make
		want apt-get apt
		;;
	test)
		want musl-gcc musl-tools
		want bats bats
		want /usr/lib/bats/bats-support/load.bash bats-support
		want /usr/lib/bats/bats-assert/load.bash bats-assert
		want setpriv util-linux
		want unshare util-linux
		want capsh libcap2-bin
		want runc runc
		want /bin/busybox busybox-static
		want podman podman
		want debootstrap debootstrap
		want readelf binutils
		# test/fuzz.bats replays the fuzz corpus with the libFuzzer builds
		want clang clang
		want /usr/lib/llvm-14/lib/clang/14.0.6/lib/linux/libclang_rt.fuzzer-x86_64.a libclang-rt-14-dev
		want /usr/include/cap-ng.h libcap-ng-dev
		;;
	demo)
		want runc runc
		want /bin/busybox busybox-static
		;;
	fuzz)
		want clang clang
		want /usr/lib/llvm-14/lib/clang/14.0.6/lib/linux/libclang_rt.fuzzer-x86_64.a libclang-rt-14-dev
		want /usr/include/cap-ng.h libcap-ng-dev
		;;
	lint)
		want cppcheck cppcheck
		want clang-tidy clang-tidy
		want clang-format clang-format
		;;
	bench)
		want tini tini
		want tini-static tini
		want dumb-init dumb-init
		want catatonit catatonit
		want gosu gosu
		want valgrind valgrind
		want strace strace
		;;
	esac
done

[ -z "$need" ] && exit 0
# shellcheck disable=SC2086
need=$(printf '%s\n' $need | sort -u | tr '\n' ' ')
if [ "$(id -u)" != 0 ]; then
	echo "capinit: missing prerequisites; install as root: apt-get install $need" >&2
	exit 1
fi
echo "capinit: installing $need" >&2
export DEBIAN_FRONTEND=noninteractive
stamp=/var/lib/apt/lists/.capinit-updated
if [ ! -e "$stamp" ]; then
	apt-get update -q >/dev/null && touch "$stamp"
fi
# shellcheck disable=SC2086
apt-get install -y -q --no-install-recommends $need >/dev/null
