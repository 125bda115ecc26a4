#!/usr/bin/env bash
# Podman for capinit's image tests, on a machine without a registry:
#   scripts/podman-base.sh            make the local base images (once)
#   . scripts/podman-base.sh          (sourced) the functions below
#
#   ct_podman ARGS...     podman with runc, cgroupfs and build/ct/containers.conf
#   ct_debian_base        capinit-test/debian:12 (debootstrap --variant=minbase
#                         bookworm, imported), also tagged debian:12; the
#                         rootfs tarball is cached as build/ct/debian-12.tar
#   ct_busybox_base       capinit-test/busybox:latest, a busybox-static root file
#                         system (the stand-in for Alpine's runtime base)
#
# Needs root, podman, debootstrap (Debian packages) and Debian's archive.
# ROOT defaults to the repository holding this script.

: "${ROOT:=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
CT_DIR="${CT_DIR:-$ROOT/build/ct}"
CT_DEBIAN_MIRROR="${CT_DEBIAN_MIRROR:-http://deb.debian.org/debian}"

# Docker's default 14 capabilities, so podman matches the runc bundles.
ct_podman_conf() {
	mkdir -p "$CT_DIR"
	cat >"$CT_DIR/containers.conf.tmp" <<-'EOF'
		# Written by scripts/podman-base.sh for capinit's tests.
		[containers]
		default_ulimits = []
		log_driver = "k8s-file"
		default_capabilities = [
		  "CHOWN", "DAC_OVERRIDE", "FSETID", "FOWNER", "MKNOD", "NET_RAW", "SETGID",
		  "SETUID", "SETFCAP", "SETPCAP", "NET_BIND_SERVICE", "SYS_CHROOT", "KILL",
		  "AUDIT_WRITE",
		]
		[engine]
		cgroup_manager = "cgroupfs"
		events_logger = "file"
		runtime = "runc"
	EOF
	mv "$CT_DIR/containers.conf.tmp" "$CT_DIR/containers.conf"
}

ct_podman() {
	[ -f "$CT_DIR/containers.conf" ] || ct_podman_conf
	CONTAINERS_CONF="$CT_DIR/containers.conf" podman --runtime runc --cgroup-manager cgroupfs "$@"
}

ct_debian_base() {
	local tar="$CT_DIR/debian-12.tar" rootfs="$CT_DIR/debian-12.rootfs"
	if ! ct_podman image exists capinit-test/debian:12; then
		if [ ! -s "$tar" ]; then
			command -v debootstrap >/dev/null || { echo "podman-base: debootstrap missing" >&2; return 1; }
			rm -rf "$rootfs"
			echo "podman-base: debootstrap --variant=minbase bookworm (once)" >&2
			debootstrap --variant=minbase bookworm "$rootfs" "$CT_DEBIAN_MIRROR" >"$CT_DIR/debootstrap.log" 2>&1 \
				|| { tail -20 "$CT_DIR/debootstrap.log" >&2; return 1; }
			tar -C "$rootfs" -cf "$tar.tmp" . && mv "$tar.tmp" "$tar"
			rm -rf "$rootfs"
		fi
		ct_podman import --quiet "$tar" capinit-test/debian:12 >/dev/null || return 1
	fi
	# FROM debian:12 in Dockerfile.example resolves to this local image.
	ct_podman tag capinit-test/debian:12 docker.io/library/debian:12
}

ct_busybox_base() {
	local dir="$CT_DIR/busybox.rootfs" a
	ct_podman image exists capinit-test/busybox:latest && return 0
	rm -rf "$dir"
	mkdir -p "$dir"/{bin,etc,tmp,root,proc,sys,dev}
	cp /bin/busybox "$dir/bin/busybox"
	for a in $(/bin/busybox --list); do
		[ -e "$dir/bin/$a" ] || ln -s busybox "$dir/bin/$a"
	done
	chmod 1777 "$dir/tmp"
	printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n' >"$dir/etc/passwd"
	printf 'root:x:0:\nnogroup:x:65534:\n' >"$dir/etc/group"
	tar -C "$dir" -c . | ct_podman import --quiet - capinit-test/busybox:latest >/dev/null || return 1
	rm -rf "$dir"
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
	set -euo pipefail
	ct_podman_conf
	ct_debian_base
	ct_busybox_base
	ct_podman images --filter reference='capinit-test/*'
fi
