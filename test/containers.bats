#!/usr/bin/env bats
# End to end: capinit as the entrypoint of real OCI containers run by runc,
# in a busybox-static root file system, with Docker's default capability set
# in the bundle (test/lib/oci.bash builds the bundles). Every case reads the
# app's own /proc/self/status inside the container.
bats_require_minimum_version 1.5.0
load test_helper
load lib/oci

NET_BIND=0000000000000400
NONE=0000000000000000
# Docker's default 14, less NET_RAW (13) and MKNOD (27).
TRIMMED=00000000a00405fb

# The app's own credentials: sh reads its own /proc/self/status.
STATUS='while IFS= read -r l; do case "$l" in Uid:*|Gid:*|Groups:*|Cap*|NoNewPrivs:*) echo "$l";; esac; done </proc/self/status'

setup_file() {
	oci_setup_file
}

setup() {
	[ -x "$HELPERS/bindport" ] || fail "build/helpers/bindport missing: make helpers"
	oci_setup
	MARKER="$B/rootfs/tmp/app-ran"
}

teardown() {
	oci_cleanup
	# podman cases name their container $CT_NAME.
	if [ -n "${CT_NAME:-}" ]; then podman_cleanup; fi
}

# Runs the bundle; output with tabs as spaces, stderr apart. $1 may be
# run's -N (the expected status).
ct_run() {
	run "$@" --separate-stderr oci_run "$B"
	output="${output//$'\t'/ }"
	mapfile -t lines <<<"$output"
}

# The capability list $OCI_DEFAULT_CAPS without the named ones.
caps_without() {
	local c out="" skip
	for c in $OCI_DEFAULT_CAPS; do
		for skip in "$@"; do [ "$c" = "$skip" ] && continue 2; done
		out+="$c "
	done
	echo "${out% }"
}

caps_line() { # caps_line NAME MASK
	assert_line "Cap$1: $2"
}

# A refusal: exit 125, exactly one line on stderr, and the app never ran.
assert_refused() {
	assert_equal "$status" 125
	assert_equal "${#stderr_lines[@]}" 1
	assert_regex "$stderr" "^capinit: "
	[ ! -e "$MARKER" ] || fail "the app ran"
}

# --- kubernetes 56374: a non-root app that keeps NET_BIND_SERVICE ------------

@test "kubernetes 56374: started as root, capinit drops to app keeping NET_BIND_SERVICE; binds port 80" {
	oci_bundle "$B" -e CAPINIT_USER=app -e CAPINIT_CAP_DROP=ALL -e CAPINIT_CAP_ADD=NET_BIND_SERVICE \
		-- /sbin/capinit -- sh -c "$STATUS"'; cat /proc/sys/net/ipv4/ip_unprivileged_port_start; ip -o link | cut -d: -f2; bindport 80; ctx_regain'
	ct_run
	assert_success
	assert_line "Uid: 1000 1000 1000 1000"
	assert_line "Gid: 1000 1000 1000 1000"
	caps_line Inh "$NET_BIND"
	caps_line Prm "$NET_BIND"
	caps_line Eff "$NET_BIND"
	caps_line Bnd "$NET_BIND"
	caps_line Amb "$NET_BIND"
	# The container's own network namespace: loopback only, ports < 1024
	# privileged, so the bind below needs the capability.
	assert_line 1024
	assert_line " lo"
	assert_equal "$(grep -c '^ ' <<<"$output")" 1
	assert_line ok
	# And the app cannot get root or more capabilities back.
	assert_line "setresuid(0): Operation not permitted"
	assert_line "capset(all): Operation not permitted"
	refute_line --partial SUCCEEDED
}

@test "control: without capinit, uid 1000 with NET_BIND_SERVICE in the bundle cannot bind port 80" {
	# What containerd/CRI-O do for runAsUser + capabilities.add: the caps are
	# in bounding, effective, permitted, inheritable, never ambient, so the
	# app's execve loses them.
	oci_bundle "$B" -u 1000:1000 -i "$OCI_DEFAULT_CAPS" -- sh -c "$STATUS; bindport 80"
	ct_run
	assert_failure 1
	assert_line "Uid: 1000 1000 1000 1000"
	caps_line Eff "$NONE"
	caps_line Prm "$NONE"
	caps_line Amb "$NONE"
	assert_line "bind 80: Permission denied (errno 13)"
}

# --- PID 1 -------------------------------------------------------------------

@test "capinit is PID 1 of the container and the app is its child" {
	oci_bundle "$B" -- /sbin/capinit -- sh -c 'tr "\0" " " </proc/1/cmdline; echo; echo "ppid=$PPID"'
	ct_run
	assert_success
	assert_line --index 0 --regexp '^/sbin/capinit -- sh -c '
	assert_line "ppid=1"
}

@test "PID 1 reaps orphans: none is left a zombie" {
	# An orphan reparented to PID 1 (capinit) and then killed, plus a few that
	# exit on their own; afterwards no process in the container is a zombie.
	oci_bundle "$B" -- /sbin/capinit -- sh -c '
		sh -c "sleep 60 & echo \$! >/tmp/orphan"
		o=$(cat /tmp/orphan)
		grep PPid: /proc/$o/status
		for i in 1 2 3 4 5 6 7 8; do sh -c "sleep 0.1 &"; done
		kill $o
		sleep 1
		[ -e /proc/$o ] && echo "orphan left: $(cat /proc/$o/stat)"
		echo "zombies: $(cat /proc/[0-9]*/stat 2>/dev/null | grep -c ") Z ")"
		exit 0'
	ct_run
	assert_success
	assert_line "PPid: 1"
	assert_line "zombies: 0"
	refute_line --partial "orphan left"
}

@test "runc run returns the app's exit status: code, 128+signal, 127" {
	oci_bundle "$B" -- /sbin/capinit -- sh -c 'exit 7'
	ct_run
	assert_equal "$status" 7
	oci_config "$B" -- /sbin/capinit -- sh -c 'kill -USR2 $$'
	ct_run
	assert_equal "$status" $((128 + 12))
	oci_config "$B" -- /sbin/capinit -- /no/such/app
	ct_run -127
	assert_equal "$stderr" "capinit: /no/such/app: cannot execute: No such file or directory"
}

@test "runc kill ID SIGUSR1 / SIGTERM are forwarded to the app" {
	local out="$BATS_TEST_TMPDIR/out" pid id i rc=0
	oci_bundle "$B" -- /sbin/capinit -- sh -c '
		trap "echo got USR1" USR1
		trap "echo got TERM; exit 42" TERM
		touch /tmp/ready
		while :; do sleep 0.1; done'
	id=$(oci_id "$B")
	oci_run "$B" >"$out" 2>&1 &
	pid=$!
	oci_wait_for "$B/rootfs/tmp/ready" || fail "the app did not start: $(cat "$out")"
	runc kill "$id" USR1
	for ((i = 0; i < 50; i++)); do grep -q "got USR1" "$out" && break; sleep 0.1; done
	runc kill "$id" TERM
	wait "$pid" || rc=$?
	assert_equal "$rc" 42
	run cat "$out"
	assert_line --index 0 "got USR1"
	assert_line --index 1 "got TERM"
}

@test "runc kill ID SIGTERM: an app that does not catch it is killed, status 143" {
	local out="$BATS_TEST_TMPDIR/out" pid id rc=0
	oci_bundle "$B" -- /sbin/capinit -- sh -c 'touch /tmp/ready; exec sleep 60'
	id=$(oci_id "$B")
	oci_run "$B" >"$out" 2>&1 &
	pid=$!
	oci_wait_for "$B/rootfs/tmp/ready" || fail "the app did not start: $(cat "$out")"
	sleep 0.2
	runc kill "$id" TERM
	wait "$pid" || rc=$?
	assert_equal "$rc" 143
}

# --- refusals ----------------------------------------------------------------

@test "refused: the runtime withholds CAP_SETUID and CAPINIT_USER asks for app: 125, the app never runs" {
	oci_bundle "$B" -c "$(caps_without SETUID)" -e CAPINIT_USER=app -- /sbin/capinit -- touch /tmp/app-ran
	ct_run
	assert_refused
	assert_equal "$stderr" "capinit: CAPINIT_USER: switching user needs CAP_SETUID, which capinit does not hold: 1000"
}

@test "refused: a container started as a non-root user cannot switch to another: 125, the app never runs" {
	oci_bundle "$B" -u 1000:1000 -e CAPINIT_USER=other -- /sbin/capinit -- touch /tmp/app-ran
	ct_run
	assert_refused
	assert_equal "$stderr" "capinit: CAPINIT_USER: switching user needs CAP_SETUID, which capinit does not hold: 1001"
	oci_config "$B" -u 1000:1000 -e CAPINIT_USER=root -- /sbin/capinit -- touch /tmp/app-ran
	ct_run
	assert_refused
}

@test "started as the asked user already (runAsUser = user): a no-op, the app runs" {
	oci_bundle "$B" -u 1000:1000 -e CAPINIT_USER=app -- /sbin/capinit -- sh -c "$STATUS; touch /tmp/app-ran"
	ct_run
	assert_success
	assert_line "Uid: 1000 1000 1000 1000"
	[ -e "$MARKER" ]
}

@test "refused: run_as_non_root when the resolved user is root" {
	oci_bundle "$B" -e CAPINIT_RUN_AS_NON_ROOT=1 -e CAPINIT_USER=root -- /sbin/capinit -- touch /tmp/app-ran
	ct_run
	assert_refused
}

# --- the security context -----------------------------------------------------

@test "no_new_privileges: NoNewPrivs: 1 in the app's status" {
	oci_bundle "$B" -e CAPINIT_USER=app -e CAPINIT_NO_NEW_PRIVILEGES=1 -- /sbin/capinit -- sh -c "$STATUS"
	ct_run
	assert_success
	assert_line "Uid: 1000 1000 1000 1000"
	assert_line "NoNewPrivs: 1"
	oci_config "$B" -e CAPINIT_USER=app -- /sbin/capinit -- sh -c "$STATUS"
	ct_run
	assert_line "NoNewPrivs: 0"
}

@test "cap_drop ALL for root: every capability set empty, privileged operations fail" {
	oci_bundle "$B" -e CAPINIT_CAP_DROP=ALL -- /sbin/capinit -- sh -c "$STATUS"'
		mknod /tmp/null c 1 3 2>&1 || true
		touch /tmp/f; chown 1000 /tmp/f 2>&1 || true
		grep ^CapEff /proc/self/status'
	ct_run
	assert_success
	assert_line "Uid: 0 0 0 0"
	for set in Inh Prm Eff Bnd Amb; do caps_line "$set" "$NONE"; done
	assert_line --partial "mknod: /tmp/null: Operation not permitted"
	assert_line --partial "chown: /tmp/f: Operation not permitted"
	# A further exec of a root process gets nothing back either.
	assert_equal "$(grep -c "CapEff: $NONE" <<<"$output")" 2
}

@test "root target with trimmed caps (--cap-drop net_raw,mknod): bounding = permitted = effective" {
	oci_bundle "$B" -- /sbin/capinit --cap-drop net_raw,mknod -- sh -c "$STATUS"'
		mknod /tmp/null c 1 3 2>&1 && echo mknod ok
		touch /tmp/f; chown 1000 /tmp/f && echo chown ok'
	ct_run
	assert_success
	assert_line "Uid: 0 0 0 0"
	caps_line Bnd "$TRIMMED"
	caps_line Prm "$TRIMMED"
	caps_line Eff "$TRIMMED"
	caps_line Inh "$NONE"
	caps_line Amb "$NONE"
	assert_line --partial "mknod: /tmp/null: Operation not permitted"
	assert_line "chown ok"
	# Control: the same container without the drop can mknod.
	rm -f "$B/rootfs/tmp/null"
	oci_config "$B" -- /sbin/capinit -- sh -c 'mknod /tmp/null c 1 3 && echo mknod ok'
	ct_run
	assert_success
	assert_output "mknod ok"
}

@test "group_add: the app's Groups line (merge and strict)" {
	oci_bundle "$B" -e CAPINIT_USER=app -e CAPINIT_GROUP_ADD=extra,3000 -- /sbin/capinit -- sh -c "$STATUS; id"
	ct_run
	assert_success
	assert_line "Gid: 1000 1000 1000 1000"
	assert_line "Groups: 50 2000 3000 "
	assert_line "uid=1000(app) gid=1000(app) groups=50(staff),2000(extra),3000"
	oci_config "$B" -e CAPINIT_USER=app -e CAPINIT_GROUP_ADD=extra -e CAPINIT_SUPPLEMENTAL_GROUPS_POLICY=strict \
		-- /sbin/capinit -- sh -c "$STATUS"
	ct_run
	assert_success
	assert_line "Groups: 2000 "
}

@test "a config file baked into the image's /etc/capinit.conf, no environment" {
	oci_bundle "$B" -- /sbin/capinit -- sh -c "$STATUS; bindport 80"
	cat >"$B/rootfs/etc/capinit.conf" <<-'EOF'
		# baked into the image: the app is a web server on port 80
		user = app
		cap_drop = ALL
		cap_add = NET_BIND_SERVICE
		no_new_privileges = true
	EOF
	ct_run
	assert_success
	assert_line "Uid: 1000 1000 1000 1000"
	caps_line Eff "$NET_BIND"
	caps_line Amb "$NET_BIND"
	caps_line Bnd "$NET_BIND"
	assert_line "NoNewPrivs: 1"
	assert_line ok
}

@test "allow_env = false in /etc/capinit.conf: CAPINIT_USER from the environment is ignored" {
	oci_bundle "$B" -e CAPINIT_USER=root -e CAPINIT_CAP_ADD=NET_ADMIN \
		-- /sbin/capinit -- sh -c "$STATUS; env | grep ^CAPINIT_ || echo no CAPINIT_ left"
	printf 'allow_env = false\nuser = app\n' >"$B/rootfs/etc/capinit.conf"
	ct_run
	assert_success
	assert_line "Uid: 1000 1000 1000 1000"
	caps_line Eff "$NONE"
	assert_line "no CAPINIT_ left"
	assert_equal "$stderr" "capinit: ignoring CAPINIT_* variables: allow_env = false"
}

@test "--print inside the container shows the context and runs nothing" {
	oci_bundle "$B" -e CAPINIT_CAP_ADD=NET_BIND_SERVICE \
		-- /sbin/capinit --print -u app --cap-drop ALL -- touch /tmp/app-ran
	ct_run
	assert_success
	assert_line "uid: 1000"
	assert_line "bounding: net_bind_service"
	assert_line "ambient: net_bind_service"
	[ ! -e "$MARKER" ]
}

# --- Kubernetes' restricted policy (images/kubernetes/README.md) --------------

# capinit with a permitted-only file capability, as an image would ship it.
setcap_capinit() {
	command -v setcap >/dev/null || skip "setcap missing (libcap2-bin)"
	setcap cap_net_bind_service=p "$B/rootfs/sbin/capinit"
	printf 'cap_drop = ALL\ncap_add = NET_BIND_SERVICE\n' >"$B/rootfs/etc/capinit.conf"
}

@test "runAsNonRoot: a permitted-only file capability on capinit lets it raise NET_BIND_SERVICE; env not trusted" {
	oci_bundle "$B" -u 1000:1000 -c NET_BIND_SERVICE -e CAPINIT_CAP_ADD=NET_ADMIN \
		-- /sbin/capinit -- sh -c "$STATUS; bindport 80"
	setcap_capinit
	ct_run
	assert_success
	assert_line "Uid: 1000 1000 1000 1000"
	caps_line Eff "$NET_BIND"
	caps_line Amb "$NET_BIND"
	assert_line ok
	assert_equal "$stderr" "capinit: ignoring CAPINIT_* variables: running with AT_SECURE"
}

@test "runAsNonRoot without the file capability: capinit cannot raise NET_BIND_SERVICE: 125" {
	oci_bundle "$B" -u 1000:1000 -c NET_BIND_SERVICE -- /sbin/capinit -- touch /tmp/app-ran
	printf 'cap_drop = ALL\ncap_add = NET_BIND_SERVICE\n' >"$B/rootfs/etc/capinit.conf"
	ct_run
	assert_refused
	assert_regex "$stderr" "does not hold it.*: net_bind_service$"
}

@test "no_new_privs + the cap in bounding only (Docker, non-root): the file capability is voided: 125" {
	# allowPrivilegeEscalation: false sets no_new_privs; the kernel then keeps
	# a file capability only where the runtime already put it in permitted.
	# Docker clears permitted and effective for a non-root user.
	oci_bundle "$B" -u 1000:1000 -c NET_BIND_SERVICE -p "" -n -- /sbin/capinit -- touch /tmp/app-ran
	setcap_capinit
	ct_run
	assert_refused
	assert_regex "$stderr" "does not hold it.*: net_bind_service$"
}

@test "no_new_privs + the cap in permitted too (containerd's CRI, non-root): the file capability works" {
	oci_bundle "$B" -u 1000:1000 -c NET_BIND_SERVICE -n -- /sbin/capinit -- sh -c "$STATUS; bindport 80"
	setcap_capinit
	ct_run
	assert_success
	caps_line Amb "$NET_BIND"
	assert_line "NoNewPrivs: 1"
	assert_line ok
}

@test "restricted: the net.ipv4.ip_unprivileged_port_start=0 sysctl binds port 80 with no capability" {
	oci_bundle "$B" -u 1000:1000 -c "" -n -s net.ipv4.ip_unprivileged_port_start=0 \
		-- /sbin/capinit --run-as-non-root -- sh -c "$STATUS; bindport 80"
	ct_run
	assert_success
	caps_line Eff "$NONE"
	caps_line Bnd "$NONE"
	assert_line "NoNewPrivs: 1"
	assert_line ok
}

# --- images/ and Dockerfile.example, built and run with podman ----------------
# Slow the first time: the Debian base (debootstrap --variant=minbase bookworm,
# imported as capinit-test/debian:12 and tagged debian:12) is made once and
# cached in podman's store and as build/ct/debian-12.tar. Builders that run
# apt-get use --network host; every container runs with --network none.

podman_ready() {
	command -v podman >/dev/null || fail "podman missing (apt-get install podman)"
	# shellcheck source=scripts/podman-base.sh
	. "$ROOT/scripts/podman-base.sh"
	ct_podman_conf
	CT_NAME="capinit-ct-$$-$BATS_TEST_NUMBER"
}

# Removes what a podman case started (called from the cases' teardown path).
podman_cleanup() {
	[ -n "${CT_NAME:-}" ] || return 0
	ct_podman rm -f "$CT_NAME" >/dev/null 2>&1 || true
}

podman_build() { # podman_build TAG FILE [BUILD-OPTIONS]
	local tag="$1" file="$2"
	shift 2
	run ct_podman build --pull=never -q "$@" -f "$file" -t "$tag" "$ROOT"
	assert_success
}

scratch_image() {
	podman_build capinit-example/scratch "$ROOT/images/scratch/Containerfile"
}

@test "images/scratch: built with podman; the app binds port 80 as app; without NET_BIND_SERVICE: 125" {
	podman_ready
	scratch_image
	run --separate-stderr ct_podman run --rm --network none capinit-example/scratch
	assert_success
	assert_output ok
	# The same image, asked to show its context.
	run ct_podman run --rm --network none --entrypoint /sbin/capinit capinit-example/scratch --print
	assert_success
	assert_line "uid: 1000"
	assert_line "ambient: net_bind_service"
	assert_line "no_new_privs: yes"
	# The runtime withholds the capability: capinit refuses, naming the fix.
	run --separate-stderr ct_podman run --rm --network none --cap-drop NET_BIND_SERVICE capinit-example/scratch
	assert_equal "$status" 125
	assert_equal "$output" ""
	assert_regex "$stderr" "^capinit: /etc/capinit.conf:[0-9]+: capinit does not hold it; grant it to the container \(docker run --cap-add NET_BIND_SERVICE"
}

@test "images/debian: hello-server answers as www-data on port 80; podman stop reaches it through capinit" {
	podman_ready
	run ct_debian_base
	assert_success
	podman_build capinit-example/debian "$ROOT/images/debian/Containerfile" --build-arg BASE=capinit-test/debian:12
	run ct_podman run -d --name "$CT_NAME" --network none capinit-example/debian
	assert_success
	local i
	for ((i = 0; i < 50; i++)); do
		ct_podman logs "$CT_NAME" 2>&1 | grep -q listening && break
		sleep 0.1
	done
	run ct_podman logs "$CT_NAME"
	assert_output "hello-server: listening on port 80 as uid 33 (www-data), CapEff $NET_BIND"
	run ct_podman exec "$CT_NAME" perl -MIO::Socket::INET -e \
		'my $s = IO::Socket::INET->new("127.0.0.1:80") or die "$!\n"; print $s "GET / HTTP/1.0\r\n\r\n"; print <$s>'
	assert_success
	assert_line "hello from uid 33 (www-data), CapEff $NET_BIND"
	run ct_podman exec "$CT_NAME" sh -c 'tr "\0" " " </proc/1/cmdline'
	assert_output --regexp '^/sbin/capinit -- /usr/local/bin/hello-server'
	run ct_podman stop -t 10 "$CT_NAME"
	assert_success
	run ct_podman inspect --format '{{.State.ExitCode}}' "$CT_NAME"
	assert_output 143
	podman_cleanup
}

@test "Dockerfile.example: capinit built in a debian:12 builder, static, the entrypoint of the runtime stage" {
	podman_ready
	run ct_debian_base
	assert_success
	# FROM debian:12 resolves to the local import (tagged by ct_debian_base).
	podman_build capinit-example/dockerfile "$ROOT/Dockerfile.example" --network host
	run --separate-stderr ct_podman run --rm --network none capinit-example/dockerfile
	assert_success
	assert_line "uid=65534(nobody) gid=65534(nogroup) groups=65534(nogroup)"
	assert_line --regexp "^CapAmb:.$NET_BIND$"
	assert_line --regexp "^CapBnd:.$NET_BIND$"
	assert_line --regexp '^NoNewPrivs:.1$'
	# The binary built there is a static PIE, like build/capinit.
	run ct_podman create --name "$CT_NAME" capinit-example/dockerfile
	assert_success
	run ct_podman cp "$CT_NAME:/sbin/capinit" "$BATS_TEST_TMPDIR/capinit"
	assert_success
	run readelf -lhW "$BATS_TEST_TMPDIR/capinit"
	refute_output --partial INTERP
	assert_output --partial "DYN (Position-Independent Executable file)"
	# It runs on the host too: same version as this tree's.
	run "$BATS_TEST_TMPDIR/capinit" --version
	assert_output "$("$CAPINIT" --version)"
	podman_cleanup
}

@test "images/alpine: the runtime stage on a local stand-in base; allow_env = false holds" {
	podman_ready
	run ct_busybox_base
	assert_success
	# The Containerfile's runtime stage, verbatim, with build/capinit as the
	# build stage's output (no Alpine archive here: see images/alpine/README.md).
	local f="$BATS_TEST_TMPDIR/Containerfile"
	{
		printf 'ARG ALPINE=capinit-test/busybox:latest\nFROM scratch AS build\nCOPY build/capinit /src/build/capinit\n'
		sed -n '/^# --- runtime stage ---$/,$p' "$ROOT/images/alpine/Containerfile"
	} >"$f"
	grep -q '^FROM \${ALPINE}$' "$f" || fail "no runtime stage found in images/alpine/Containerfile"
	podman_build capinit-example/alpine-runtime "$f"
	run --separate-stderr ct_podman run --rm --network none -e CAPINIT_USER=root capinit-example/alpine-runtime
	assert_success
	assert_line "uid=1000(app) gid=1000(app)"
	assert_line --regexp "^CapEff:.$NET_BIND$"
	assert_line --regexp "^CapAmb:.$NET_BIND$"
	assert_line --regexp '^NoNewPrivs:.1$'
	assert_equal "$stderr" "capinit: ignoring CAPINIT_* variables: allow_env = false"
}

@test "images/alpine: the builder's make line (STATIC=0, system libcap-ng, -static), emulated with musl-gcc" {
	# Alpine: make STATIC=0 CC=gcc LDFLAGS="-static-pie -s" against
	# libcap-ng-static. Here musl-gcc and the musl libcap-ng stand in.
	local line
	line=$(grep -o 'make STATIC=0 CC=gcc LDFLAGS="[^"]*"' "$ROOT/images/alpine/Containerfile")
	[ -n "$line" ] || fail "the builder's make line changed: update this test"
	run make -C "$ROOT" -s BUILD="$BATS_TEST_TMPDIR/alpine" STATIC=0 CC=musl-gcc \
		CFLAGS="-Os -isystem $ROOT/build/libcap-ng/include" LDFLAGS="-static -s -L$ROOT/build/libcap-ng" \
		"$BATS_TEST_TMPDIR/alpine/capinit"
	assert_success
	run readelf -lW "$BATS_TEST_TMPDIR/alpine/capinit"
	refute_output --partial INTERP
	run pid1 "$BATS_TEST_TMPDIR/alpine/capinit" --cap-drop ALL -- sh -c 'grep ^CapEff /proc/self/status; exit 3'
	assert_equal "$status" 3
	assert_output --regexp "^CapEff:.$NONE$"
}

@test "images/kubernetes: pod-root-drop.yaml under podman kube play: app binds port 80 with least privilege" {
	podman_ready
	scratch_image
	local pod="$ROOT/images/kubernetes/pod-root-drop.yaml"
	ct_podman kube down "$pod" >/dev/null 2>&1 || true
	run ct_podman kube play --network none "$pod"
	assert_success
	run ct_podman wait capinit-root-drop-app
	assert_output 0
	run ct_podman logs capinit-root-drop-app
	assert_output ok
	run ct_podman inspect --format '{{.Config.User}} {{.EffectiveCaps}}' capinit-root-drop-app
	assert_output "0 [CAP_NET_BIND_SERVICE CAP_SETGID CAP_SETPCAP CAP_SETUID]"
	ct_podman kube down "$pod" >/dev/null
}

@test "images/kubernetes: Containerfile.filecap + pod-restricted.yaml (runAsNonRoot, no_new_privs)" {
	podman_ready
	run ct_debian_base
	assert_success
	scratch_image
	podman_build capinit-example/scratch-filecap "$ROOT/images/kubernetes/Containerfile.filecap" --network host
	# The file capability survived the COPY into the scratch image.
	local mnt
	mnt=$(ct_podman image mount capinit-example/scratch-filecap)
	run getcap "$mnt/sbin/capinit"
	ct_podman image unmount capinit-example/scratch-filecap >/dev/null
	assert_output --regexp 'cap_net_bind_service[=+]p$'
	local pod="$ROOT/images/kubernetes/pod-restricted.yaml"
	ct_podman kube down "$pod" >/dev/null 2>&1 || true
	run ct_podman kube play --network none "$pod"
	assert_success
	run ct_podman wait capinit-restricted-app
	assert_output 0
	run ct_podman logs capinit-restricted-app
	assert_output ok
	run ct_podman inspect --format '{{.Config.User}} {{.EffectiveCaps}} {{.HostConfig.SecurityOpt}}' capinit-restricted-app
	assert_output "1000:1000 [CAP_NET_BIND_SERVICE] [no-new-privileges]"
	ct_podman kube down "$pod" >/dev/null
}
