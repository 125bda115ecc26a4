#!/usr/bin/env bats
# Root only at start-up: signal rewriting, drop-in names, setup hooks, volume
# ownership.
bats_require_minimum_version 1.5.0
load test_helper

setup() {
	DIR="$BATS_TEST_TMPDIR"
	IMAGE_ETC="$DIR/etc"
	mkdir -p "$IMAGE_ETC"
	cp "$FIXTURES/etc/passwd" "$FIXTURES/etc/group" "$IMAGE_ETC/"
}

in_image() {
	unshare --mount sh -c 'mount --bind "$1" /etc && shift && exec "$@"' sh "$IMAGE_ETC" "$@"
}

wait_for() {
	for _ in $(seq 200); do [ -e "$1" ] && return 0; sleep 0.05; done
	return 1
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
