#!/usr/bin/env bats
# images/legacy end to end (issue 7): a legacy app, busybox httpd, that needs
# root only to start. capinit runs the image's setup hook as root (seeding a
# fresh volume), hands /data to www (uid 1000) when its top is not www's, then
# runs httpd as www with only NET_BIND_SERVICE on port 80.
#
# The runc cases build the bundle from the example's own files (capinit.conf,
# capinit.d/, passwd, group, and the ENTRYPOINT + CMD of its Containerfile) on
# the busybox-static root file system of test/lib/oci.bash, with a host
# directory bind-mounted as /data. The last case builds the Containerfile
# itself with podman.
bats_require_minimum_version 1.5.0
load test_helper
load lib/oci

NET_BIND=0000000000000400
LEGACY="$ROOT/images/legacy"

setup_file() {
	oci_setup_file
}

setup() {
	oci_setup
	DATA="$BATS_TEST_TMPDIR/data"
	OUT="$BATS_TEST_TMPDIR/out"
	ERR="$BATS_TEST_TMPDIR/err"
	mkdir -p "$DATA"
	chmod 0755 "$DATA"
}

teardown() {
	oci_cleanup
	if [ -n "${CT_NAME:-}" ]; then
		ct_podman rm -f "$CT_NAME" >/dev/null 2>&1 || true
		ct_podman volume rm -f "$CT_NAME-data" >/dev/null 2>&1 || true
	fi
}

# The strings of a one-line JSON array (exec form), one a line.
exec_form() {
	local s="$1"
	s="${s#*[}"
	s="${s%]*}"
	while [[ "$s" =~ ^[[:space:]]*\"([^\"]*)\"[[:space:]]*,?(.*)$ ]]; do
		printf '%s\n' "${BASH_REMATCH[1]}"
		s="${BASH_REMATCH[2]}"
	done
}

# The image's ENTRYPOINT followed by its CMD, from the Containerfile.
legacy_args() {
	local entry cmd
	entry=$(grep '^ENTRYPOINT \[' "$LEGACY/Containerfile")
	cmd=$(grep '^CMD \[' "$LEGACY/Containerfile")
	if [ -z "$entry" ] || [ -z "$cmd" ]; then
		echo "no exec-form ENTRYPOINT/CMD in images/legacy/Containerfile" >&2
		return 1
	fi
	mapfile -t ARGS < <(exec_form "$entry"; exec_form "$cmd")
}

# The line of a key in the example's capinit.conf (capinit names it).
conf_line() {
	grep -n "^$1 = " "$LEGACY/capinit.conf" | cut -d: -f1
}

# Adds $DATA as /data to the bundle's config.json; $1: rw or ro.
data_mount() {
	local json entry
	entry="{\"destination\": \"/data\", \"type\": \"bind\", \"source\": $(oci_json_str "$DATA"), \"options\": [\"rbind\", \"$1\"]},"
	json=$(<"$B/config.json")
	[[ "$json" == *$'\t"mounts": ['* ]] || fail "config.json has no mounts line"
	printf '%s\n' "${json/$'\t"mounts": ['/$'\t"mounts": [\n\t\t'"$entry"}" >"$B/config.json"
}

# The example as a bundle: the image's files in the root file system, /data
# from $DATA. $1: rw or ro; then oci_config options (-e NAME=VALUE ...).
legacy_bundle() {
	local mode="$1"
	shift
	legacy_args || return 1
	# What the Containerfile copies, and where (this test mirrors it).
	local copy
	for copy in 'images/legacy/passwd images/legacy/group /etc/' \
		'images/legacy/capinit.conf /etc/capinit.conf' 'images/legacy/capinit.d/ /etc/capinit.d/'; do
		grep -qx "COPY $copy" "$LEGACY/Containerfile" ||
			fail "images/legacy/Containerfile no longer has COPY $copy: update legacy_bundle"
	done
	oci_bundle "$B" "$@" -- "${ARGS[@]}"
	cp "$LEGACY/passwd" "$LEGACY/group" "$LEGACY/capinit.conf" "$B/rootfs/etc/"
	cp -a "$LEGACY/capinit.d" "$B/rootfs/etc/capinit.d"
	data_mount "$mode"
}

# Starts the container in the background: $ID, $PID; stdout $OUT, stderr $ERR.
legacy_start() {
	ID=$(oci_id "$B")
	oci_run "$B" >"$OUT" 2>"$ERR" 3>&- &
	PID=$!
}

# Polls (for 15 s at most) until httpd answers on 127.0.0.1:80 inside the
# container; $output is the page. (No wget -T: Debian's busybox-static wget
# segfaults with it; timeout bounds each try instead.)
wait_served() {
	local end=$((SECONDS + 15))
	while ((SECONDS < end)); do
		kill -0 "$PID" 2>/dev/null || fail "the container exited: $(cat "$ERR")"
		run timeout 10 runc exec "$ID" wget -q -O - http://127.0.0.1/
		[ "$status" = 0 ] && return 0
		sleep 0.1
	done
	fail "httpd never answered on port 80: $(cat "$ERR")"
}

# Waits (up to 10 s) for the container started by legacy_start to end: $status.
wait_exit() {
	local i rc=0
	for ((i = 0; i < 100; i++)); do
		kill -0 "$PID" 2>/dev/null || break
		sleep 0.1
	done
	kill -0 "$PID" 2>/dev/null && fail "still running after 10 s (httpd started?): $(cat "$ERR")"
	wait "$PID" || rc=$?
	status=$rc
}

# Runs a container that must be refused: it has to end by itself (httpd
# never starts); $status, $stderr, $stderr_lines.
legacy_refused() {
	legacy_start
	wait_exit
	stderr=$(<"$ERR")
	mapfile -t stderr_lines <"$ERR"
	assert_equal "$status" 125
	assert_equal "$(cat "$OUT")" ""
}

# httpd's /proc status and command line (it is PID 1's only child).
httpd_status() {
	local pid
	pid=$(runc exec "$ID" cat /proc/1/task/1/children)
	pid="${pid%% *}"
	[ -n "$pid" ] || fail "capinit has no child"
	run runc exec "$ID" sh -c "tr '\0' ' ' </proc/$pid/cmdline; echo; cat /proc/$pid/status"
	assert_success
	output="${output//$'\t'/ }"
	mapfile -t lines <<<"$output"
}

# Ends the container with SIGTERM through capinit: httpd dies of it, 143.
legacy_stop() {
	runc kill "$ID" TERM
	wait_exit
	assert_equal "$status" 143
}

owner() { stat -c '%u:%g' "$1"; }

# --- runc ----------------------------------------------------------------------

@test "legacy (runc): a fresh root-owned volume is seeded, handed to www, served on port 80 by httpd as uid 1000 with only NET_BIND_SERVICE" {
	# A fresh volume, owned by root, with something already in it and a
	# symlink pointing out of it.
	mkdir -p "$DATA/old/sub"
	echo old >"$DATA/old/sub/file"
	echo outside >"$BATS_TEST_TMPDIR/outside"
	ln -s "$BATS_TEST_TMPDIR/outside" "$DATA/link"
	chown -R 0:0 "$DATA"
	legacy_bundle rw
	legacy_start
	wait_served
	assert_output --partial "seeded by /etc/capinit.d/10-seed"
	assert_equal "$(cat "$DATA/www/index.html")" "$output"
	httpd_status
	assert_line --index 0 "busybox httpd -f -p 80 -h /data/www "
	assert_line "Uid: 1000 1000 1000 1000"
	assert_line "Gid: 1000 1000 1000 1000"
	assert_line --regexp "^Groups: *$"
	assert_line "CapEff: $NET_BIND"
	assert_line "CapPrm: $NET_BIND"
	assert_line "CapInh: $NET_BIND"
	assert_line "CapAmb: $NET_BIND"
	assert_line "CapBnd: $NET_BIND"
	assert_line "NoNewPrivs: 1"
	run runc exec "$ID" sh -c 'tr "\0" " " </proc/1/cmdline'
	assert_output "/sbin/capinit -- busybox httpd -f -p 80 -h /data/www "
	# The volume, seen from the host: all of it www's, the link itself
	# included, its target untouched.
	for p in "$DATA" "$DATA/www" "$DATA/www/index.html" "$DATA/old" "$DATA/old/sub/file" "$DATA/link"; do
		[ "$(owner "$p")" = 1000:1000 ] || fail "$p: $(owner "$p"), not 1000:1000"
	done
	assert_equal "$(owner "$BATS_TEST_TMPDIR/outside")" 0:0
	legacy_stop
	assert_equal "$(cat "$ERR")" ""
}

@test "legacy (runc): a volume already www's: the hook keeps its page, the tree is left alone (OnRootMismatch)" {
	mkdir -p "$DATA/www"
	echo "my own page" >"$DATA/www/index.html"
	echo root >"$DATA/root-file"
	chown 1000:1000 "$DATA" "$DATA/www" "$DATA/www/index.html"
	chown 0:0 "$DATA/root-file"
	legacy_bundle rw
	legacy_start
	wait_served
	assert_output "my own page"
	assert_equal "$(owner "$DATA/root-file")" 0:0
	legacy_stop
}

@test "legacy (runc): a read-only /data: 125 naming it, httpd never starts; chown_best_effort lets it serve" {
	# Already seeded (so the hook has nothing to do), owned by root, read-only.
	mkdir -p "$DATA/www"
	echo "read-only page" >"$DATA/www/index.html"
	chown -R 0:0 "$DATA"
	legacy_bundle ro
	legacy_refused
	assert_equal "$stderr" "capinit: /etc/capinit.conf:$(conf_line chown): cannot hand over: /data: Read-only file system"
	assert_equal "$(owner "$DATA")" 0:0
	# The example's README quotes this line.
	grep -qF "$stderr" "$LEGACY/README.md" || fail "images/legacy/README.md does not quote: $stderr"
	# The operator's choice: serve it as it is (root-owned, world-readable).
	oci_config "$B" -e CAPINIT_CHOWN_BEST_EFFORT=1 -- "${ARGS[@]}"
	data_mount ro
	legacy_start
	wait_served
	assert_output "read-only page"
	legacy_stop
	assert_equal "$(cat "$ERR")" "capinit: /etc/capinit.conf:$(conf_line chown): cannot hand over (best effort): /data: Read-only file system"
}

@test "legacy (runc): a failing setup hook: 125, one line naming it, nothing handed over, httpd never starts" {
	legacy_bundle rw
	printf '#!/bin/sh\nexit 3\n' >"$B/rootfs/etc/capinit.d/05-fail"
	chmod 0755 "$B/rootfs/etc/capinit.d/05-fail"
	legacy_refused
	assert_equal "$stderr" "capinit: setup: hook failed with exit code 3: /etc/capinit.d/05-fail"
	# Hooks run in name order and stop at the first failure; chown comes after.
	[ ! -e "$DATA/www" ] || fail "10-seed ran after 05-fail"
	assert_equal "$(owner "$DATA")" 0:0
	# The example's own hook, on an empty read-only volume it cannot seed.
	rm "$B/rootfs/etc/capinit.d/05-fail"
	oci_config "$B" -- "${ARGS[@]}"
	data_mount ro
	legacy_refused
	assert_equal "${stderr_lines[-1]}" "capinit: setup: hook failed with exit code 1: /etc/capinit.d/10-seed"
}

# --- podman --------------------------------------------------------------------
# The Containerfile itself, on the local busybox-static stand-in for
# busybox:1.36 (scripts/podman-base.sh; no registry here), with a fresh named
# volume, as images/legacy/README.md shows.

@test "legacy (podman): images/legacy/Containerfile built and run with a named volume" {
	command -v podman >/dev/null || fail "podman missing (apt-get install podman)"
	# shellcheck source=scripts/podman-base.sh
	. "$ROOT/scripts/podman-base.sh"
	ct_podman_conf
	CT_NAME="capinit-legacy-$$-$BATS_TEST_NUMBER"
	run ct_busybox_base
	assert_success
	run ct_podman build --pull=never -q --build-arg BUSYBOX=capinit-test/busybox:latest \
		-f "$LEGACY/Containerfile" -t capinit-example/legacy "$ROOT"
	assert_success
	run ct_podman volume create "$CT_NAME-data"
	assert_success
	run ct_podman run -d --name "$CT_NAME" --network none -v "$CT_NAME-data:/data" capinit-example/legacy
	assert_success
	local i
	for ((i = 0; i < 100; i++)); do
		run ct_podman exec "$CT_NAME" wget -q -O - http://127.0.0.1/
		[ "$status" = 0 ] && break
		sleep 0.1
	done
	assert_success
	assert_output --partial "seeded by /etc/capinit.d/10-seed"
	run ct_podman exec "$CT_NAME" sh -c 'stat -c "%u:%g %n" /data /data/www /data/www/index.html
		p=$(cat /proc/1/task/1/children); grep -E "^(Uid|Cap(Eff|Amb)|NoNewPrivs):" /proc/${p%% *}/status'
	assert_success
	output="${output//$'\t'/ }"
	mapfile -t lines <<<"$output"
	assert_line "1000:1000 /data"
	assert_line "1000:1000 /data/www"
	assert_line "1000:1000 /data/www/index.html"
	assert_line "Uid: 1000 1000 1000 1000"
	assert_line "CapEff: $NET_BIND"
	assert_line "CapAmb: $NET_BIND"
	assert_line "NoNewPrivs: 1"
	run ct_podman stop -t 10 "$CT_NAME"
	assert_success
	run ct_podman inspect --format '{{.State.ExitCode}}' "$CT_NAME"
	assert_output 143
}
