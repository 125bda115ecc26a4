#!/usr/bin/env bats
# Root only at start-up: signal rewriting, drop-in names, setup hooks, volume
# ownership.
bats_require_minimum_version 1.5.0
load test_helper

setup() {
	# Traversable by the users apps run as (bats' own tmpdir is not).
	DIR=$(mktemp -d /tmp/capinit-startup.XXXXXX)
	chmod 755 "$DIR"
	IMAGE_ETC="$DIR/etc"
	mkdir -p "$IMAGE_ETC"
	cp "$FIXTURES/etc/passwd" "$FIXTURES/etc/group" "$IMAGE_ETC/"
}

teardown() {
	rm -rf "$DIR"
}



# Starts capinit as PID 1 in the background; sets INIT to its pid. (bash
# starts background jobs with SIGINT and SIGQUIT ignored, and capinit hands
# ignored signals on to the app, so they are reset first.)
start_pid1() {
	env --default-signal=INT,QUIT unshare --pid --fork --mount-proc "$CAPINIT" "$@" &
	UNSHARE=$!
	for _ in $(seq 100); do
		INIT=$(pgrep -P "$UNSHARE" -x capinit) && return 0
		sleep 0.05
	done
	return 1
}

# --- signal rewriting -----------------------------------------------------------

@test "rewrite: SIGTERM reaches the app as SIGQUIT (nginx-style graceful stop)" {
	start_pid1 --rewrite TERM:QUIT -- sh -c 'trap "exit 3" QUIT; trap "exit 4" TERM; touch '"$DIR"'/up; while :; do sleep 0.1; done'
	wait_for "$DIR/up"
	kill -TERM "$INIT"
	local rc=0
	wait "$UNSHARE" || rc=$?
	assert_equal "$rc" 3
}

@test "rewrite: a signal rewritten to 0 is dropped" {
	start_pid1 -r SIGUSR1:0 -r HUP:USR2 -- sh -c '
		trap "touch '"$DIR"'/got-usr1" USR1; trap "touch '"$DIR"'/got-usr2" USR2; trap "exit 5" TERM
		touch '"$DIR"'/up; while :; do sleep 0.1; done'
	wait_for "$DIR/up"
	kill -USR1 "$INIT"
	kill -HUP "$INIT"
	wait_for "$DIR/got-usr2"
	kill -TERM "$INIT"
	local rc=0
	wait "$UNSHARE" || rc=$?
	assert_equal "$rc" 5
	[ ! -e "$DIR/got-usr1" ]
}

@test "rewrite: bad values are refused" {
	for bad in TERM QUIT:FOO FOO:QUIT TERM:QUIT:x CHLD:TERM; do
		run --separate-stderr "$CAPINIT" --rewrite "$bad" -- true
		assert_equal "$status" 125
		[[ "$stderr" == "capinit: --rewrite: not a rewrite (SIGNAL:SIGNAL or SIGNAL:0): $bad" ]] || fail "$bad: $stderr"
	done
}

# --- setup hooks ------------------------------------------------------------------

make_hooks() {
	HOOKS="$DIR/hooks"
	mkdir -p "$HOOKS"
	printf '#!/bin/sh\necho "first $(id -u) HOME=$HOME cap=${CAPINIT_USER-unset} keep=$KEEP" >>%s\n' "$DIR/log" >"$HOOKS/10-first"
	printf '#!/bin/sh\necho second >>%s\n' "$DIR/log" >"$HOOKS/20-second"
	printf '#!/bin/sh\necho not-executable >>%s\n' "$DIR/log" >"$HOOKS/15-plain"
	printf '#!/bin/sh\necho hidden >>%s\n' "$DIR/log" >"$HOOKS/.05-hidden"
	chmod 755 "$HOOKS/10-first" "$HOOKS/20-second" "$HOOKS/.05-hidden"
	chmod 644 "$HOOKS/15-plain"
	chmod 777 "$DIR"
	touch "$DIR/log"
	chmod 666 "$DIR/log"
}

@test "setup: executables run as root in name order with the app's environment, then the app" {
	make_hooks
	run in_image env CAPINIT_USER=app KEEP=yes "$CAPINIT" --setup "$HOOKS" -- sh -c 'echo "app $(id -u)" >>'"$DIR"'/log'
	assert_success
	run cat "$DIR/log"
	assert_output "first 0 HOME=/home/app cap=unset keep=yes
second
app 1000"
}

@test "setup: a failing hook stops everything with 125 and its name" {
	make_hooks
	printf '#!/bin/sh\nexit 3\n' >"$HOOKS/12-bad"
	chmod 755 "$HOOKS/12-bad"
	run --separate-stderr in_image "$CAPINIT" -u app --setup "$HOOKS" -- sh -c 'echo app >>'"$DIR"'/log'
	assert_equal "$status" 125
	assert_equal "$stderr" "capinit: setup: hook failed with exit code 3: $HOOKS/12-bad"
	run cat "$DIR/log"
	assert_output "first 0 HOME=/home/app cap=unset keep="
}

@test "setup: a missing directory is refused" {
	run --separate-stderr "$CAPINIT" --setup /nonexistent -- true
	assert_equal "$status" 125
	assert_equal "$stderr" "capinit: --setup: cannot open the setup directory: /nonexistent: No such file or directory"
}

@test "setup: what hooks leave behind is reaped (no zombies as PID 1)" {
	mkdir -p "$DIR/h"
	printf '#!/bin/sh\n(sleep 0.2) &\n(sleep 0.2) &\nexit 0\n' >"$DIR/h/10-spawn"
	chmod 755 "$DIR/h/10-spawn"
	run pid1 "$CAPINIT" --setup "$DIR/h" -- sh -c 'sleep 1; grep -l "^State:.Z" /proc/[0-9]*/status || echo no-zombies'
	assert_success
	assert_output no-zombies
}

# --- volume ownership --------------------------------------------------------------

make_volume() {
	VOL="$DIR/vol"
	mkdir -p "$VOL/sub/deeper"
	touch "$VOL/file" "$VOL/sub/deeper/file" "$DIR/outside"
	ln -s "$DIR/outside" "$VOL/link"
}

owner() { stat -c '%u:%g' "$@"; }

@test "chown: the tree goes to the target user and group; symlinks are not followed" {
	make_volume
	run in_image "$CAPINIT" -u app --chown "$VOL" -- sh -c 'touch '"$VOL"'/sub/by-app && echo ok'
	assert_success
	assert_output ok
	for p in "$VOL" "$VOL/file" "$VOL/sub" "$VOL/sub/deeper/file"; do
		assert_equal "$(owner "$p")" 1000:1000
	done
	assert_equal "$(stat -c '%u:%g' "$VOL/link")" 1000:1000
	assert_equal "$(owner "$DIR/outside")" 0:0
}

@test "chown: OnRootMismatch, a top that is already right is left alone" {
	make_volume
	chown 1000:1000 "$VOL"
	run in_image "$CAPINIT" -u app --chown "$VOL" -- true
	assert_success
	assert_equal "$(owner "$VOL/file")" 0:0
}

@test "chown: a missing path or a symlink at the top is refused, unless best effort" {
	make_volume
	run --separate-stderr in_image "$CAPINIT" -u app --chown "$DIR/nosuch" -- touch "$DIR/ran"
	assert_equal "$status" 125
	assert_equal "$stderr" "capinit: --chown: cannot hand over: $DIR/nosuch: No such file or directory"
	run --separate-stderr in_image "$CAPINIT" -u app --chown "$VOL/link" -- true
	assert_equal "$status" 125
	assert_equal "$(owner "$DIR/outside")" 0:0
	run --separate-stderr in_image env CAPINIT_CHOWN_BEST_EFFORT=1 "$CAPINIT" -u app --chown "$DIR/nosuch,$VOL" -- true
	assert_success
	assert_equal "$stderr" "capinit: --chown: cannot hand over (best effort): $DIR/nosuch: No such file or directory"
	assert_equal "$(owner "$VOL/file")" 1000:1000
}

@test "chown: a read-only volume is refused with a clear message, or skipped with best effort" {
	make_volume
	run --separate-stderr unshare --mount sh -c 'mount --bind "$1" "$1" && mount -o remount,bind,ro "$1" && mount --bind "$2" /etc && shift 2 && exec "$@"' \
		sh "$VOL" "$IMAGE_ETC" "$CAPINIT" -u app --chown "$VOL" -- true
	assert_equal "$status" 125
	assert_equal "$stderr" "capinit: --chown: cannot hand over: $VOL: Read-only file system"
	run unshare --mount sh -c 'mount --bind "$1" "$1" && mount -o remount,bind,ro "$1" && mount --bind "$2" /etc && shift 2 && exec "$@"' \
		sh "$VOL" "$IMAGE_ETC" "$CAPINIT" -u app --chown "$VOL" --chown-best-effort -- echo ran
	assert_success
	assert_line ran
}

@test "chown: needs a user" {
	run --separate-stderr "$CAPINIT" --chown /tmp -- true
	assert_equal "$status" 125
	assert_equal "$stderr" "capinit: --chown: chown needs a user to hand the paths to: /tmp"
}

# --- drop-in names --------------------------------------------------------------------

@test "installed as gosu or su-exec: their command line, exec mode, nothing else read" {
	ln -s "$CAPINIT" "$DIR/gosu"
	ln -s "$CAPINIT" "$DIR/su-exec"
	run in_image env CAPINIT_CAP_ADD=NET_ADMIN "$DIR/gosu" app sh -c 'id -u; id -g; grep ^CapAmb /proc/self/status'
	assert_success
	assert_line --index 0 1000
	assert_line --index 1 1000
	assert_line --regexp '^CapAmb:.0000000000000000$'
	run in_image "$DIR/su-exec" other:audio id
	assert_output "uid=1001(other) gid=29(audio) groups=29(audio)"
	run pid1 "$DIR/gosu" nobody sh -c 'echo $$'
	assert_output 1
}

@test "installed as gosu: usage and bad users are refused" {
	ln -s "$CAPINIT" "$DIR/gosu"
	run --separate-stderr "$DIR/gosu" nobody
	assert_equal "$status" 125
	assert_equal "$stderr" "capinit: gosu: usage: USER[:GROUP] PROGRAM [ARGS...]"
	run --separate-stderr in_image "$DIR/gosu" nosuch true
	assert_equal "$status" 125
	assert_equal "$stderr" "capinit: gosu: unknown user: nosuch"
}

@test "setup: a stop request that arrives while hooks run reaches the app (PID 1)" {
	mkdir -p "$DIR/h"
	printf '#!/bin/sh\ntouch %s/hook-up\nwhile [ ! -e %s/go ]; do sleep 0.05; done\n' "$DIR" "$DIR" >"$DIR/h/10-wait"
	chmod 755 "$DIR/h/10-wait"
	start_pid1 --setup "$DIR/h" -- sh -c 'trap "exit 9" TERM; while :; do sleep 0.1; done'
	wait_for "$DIR/hook-up"
	kill -TERM "$INIT"
	touch "$DIR/go"
	local rc=0
	timeout 10 tail --pid="$UNSHARE" -f /dev/null || fail "the app never got the SIGTERM"
	wait "$UNSHARE" || rc=$?
	[[ $rc == 9 || $rc == 143 ]] || fail "exit $rc"
}
