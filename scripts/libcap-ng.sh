#!/bin/sh
# Build libcap-ng 0.8.3 for musl, once, into $1 (default build/libcap-ng).
# Debian ships no musl build of libcap-ng (its libcap-ng.a needs glibc's
# __*_chk symbols), so we compile the two library sources from Debian's own
# source package with musl-gcc. No autotools: the few HAVE_* defines that
# configure would set are given on the command line.
# LIBCAPNG_TARBALL=path skips the download (the sha256 is still checked).
set -eu

out=${1:-build/libcap-ng}
cc=${MUSL_CC:-musl-gcc}
sha=bed6f6848e22bb2f83b5f764b2aef0ed393054e803a8e3a8711cb2a39e6b492d
tarname=libcap-ng_0.8.3.orig.tar.gz

[ -f "$out/libcap-ng.a" ] && [ -f "$out/include/cap-ng.h" ] && exit 0

say() { printf 'libcap-ng: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

mkdir -p "$out"
out=$(cd "$out" && pwd)
work="$out/src"
rm -rf "$work"
mkdir -p "$work"

tarball=${LIBCAPNG_TARBALL:-}
if [ -z "$tarball" ] && [ -f "$out/$tarname" ]; then
	tarball="$out/$tarname"
fi
if [ -z "$tarball" ]; then
	# A private apt configuration with a deb-src line, so that the
	# machine's own sources stay untouched.
	apt="$work/apt"
	mkdir -p "$apt/lists/partial"
	echo "deb-src http://deb.debian.org/debian bookworm main" >"$apt/sources.list"
	aptopts="-o Dir::Etc::SourceList=$apt/sources.list -o Dir::Etc::SourceParts=/dev/null -o Dir::State::Lists=$apt/lists -o APT::Sandbox::User=root"
	say "fetching the Debian source package"
	# shellcheck disable=SC2086
	apt-get -q $aptopts update >"$work/apt.log" 2>&1 || { cat "$work/apt.log" >&2; die "apt-get update (deb-src) failed"; }
	# shellcheck disable=SC2086
	(cd "$work" && apt-get -q $aptopts source --download-only libcap-ng=0.8.3-1) >>"$work/apt.log" 2>&1 \
		|| { cat "$work/apt.log" >&2; die "apt-get source libcap-ng failed"; }
	# The .dsc names the tarball's sha256; the pinned value must agree.
	grep -q "$sha $(stat -c %s "$work/$tarname") $tarname" "$work"/libcap-ng_0.8.3-1.dsc \
		|| die "the .dsc does not list the expected sha256"
	cp "$work/$tarname" "$out/$tarname"
	tarball="$out/$tarname"
fi

echo "$sha  $tarball" | sha256sum -c --quiet - || die "sha256 mismatch: $tarball"
tar -xzf "$tarball" -C "$work"
src="$work/libcap-ng-0.8.3/src"

# musl-gcc drops the system include path; the library needs the kernel headers.
kinc="$out/include"
mkdir -p "$kinc"
for d in linux asm asm-generic; do
	for base in /usr/include/x86_64-linux-gnu /usr/include; do
		if [ -d "$base/$d" ]; then ln -sfn "$base/$d" "$kinc/$d"; break; fi
	done
done
: >"$src/config.h"

# No HAVE_PTHREAD_H: its pthread_atfork hook is the only user of malloc in the
# binary (8 KB). capinit instead names its own pid with capng_setpid in the
# process that applies capabilities, which is what the hook ensured.
# -Dconstructor=cold: the library's start-up probe (open, fstatfs, read,
# close, 4 prctl) runs on first use, not at every start of capinit: a plain
# init never pays for it. init() calls the probe itself, as it must for
# static builds; capinit's caps_attach() makes sure init() has run.
# The -D names route libcap-ng's /proc reader to scripts/capng-noproc.c (see
# there): its prctl fallback is used instead, and no stdio is linked.
noproc="-Dfopen=capng_noproc_fopen -Dfgets=capng_noproc_fgets -Dfclose=capng_noproc_fclose \
 -Dsscanf=capng_noproc_sscanf -Dsnprintf=capng_noproc_snprintf \
 -Dasprintf=capng_noproc_asprintf -D__fsetlocking=capng_noproc_fsetlocking -Dfree=capng_noproc_free \
 -Dstrtoul=capng_noproc_strtoul"
# Hardened like capinit itself; no unwind tables (nothing unwinds in C).
harden="-fPIE -fstack-protector-strong -fstack-clash-protection \
 -ftrivial-auto-var-init=zero"
size="-Oz -ffunction-sections -fdata-sections -fno-asynchronous-unwind-tables \
 -fno-unwind-tables -fno-ident"
flags="$harden $size \
 -DHAVE_SYSCALL_H=1 -DHAVE_LINUX_SECUREBITS_H=1 \
 -DHAVE_LINUX_MAGIC_H=1 -DHAVE_SYS_XATTR_H=1 -Dconstructor=cold \
 $noproc -I$src -isystem $kinc -w"
for f in cap-ng lookup_table; do
	# shellcheck disable=SC2086
	$cc $flags -c "$src/$f.c" -o "$work/$f.o"
done
# shellcheck disable=SC2086
$cc $harden $size -c "$(dirname "$0")/capng-noproc.c" -o "$work/noproc.o"
# Keep only the functions capinit calls: the rest of cap-ng.o (its printf
# reports, capng_change_id's getpwuid/initgroups) would make the linker load
# musl's stdio and setxid members, and with them exit-time stdio flushing.
# A new libcap-ng call in capinit fails to link until it is listed here.
api="capng_setpid capng_clear capng_update capng_apply capng_name_to_capability capng_capability_to_name"
keep=""
for f in $api; do keep="$keep -u $f"; done
# shellcheck disable=SC2086
ld -r --gc-sections $keep -o "$work/capng-capinit.o" "$work/cap-ng.o" "$work/lookup_table.o" "$work/noproc.o"
ar rcs "$out/libcap-ng.a" "$work/capng-capinit.o"
mkdir -p "$out/include"
cp "$src/cap-ng.h" "$out/include/cap-ng.h"
rm -rf "$work/libcap-ng-0.8.3"
say "built $out/libcap-ng.a"
