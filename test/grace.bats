#!/usr/bin/env bats
# The grace period: after the app exits, or after a forwarded SIGTERM/SIGINT.
bats_require_minimum_version 1.5.0
load test_helper

setup() {
	DIR="$BATS_TEST_TMPDIR"
}


# The pid of the capinit started under unshare (its child, not unshare).
capinit_pid() {
	local p
	for _ in $(seq 100); do
		p=$(pgrep -P "$1" -x capinit) && { echo "$p"; return 0; }
		sleep 0.05
	done
	return 1
}

@test "grace: when the app exits, what is left gets SIGTERM, then SIGKILL" {
	run pid1 "$CAPINIT" --grace 1 -- sh -c '
		(trap "touch '"$DIR"'/polite-got-term; exit 0" TERM; touch '"$DIR"'/polite-up; while :; do sleep 0.1; done) &
		(trap "touch '"$DIR"'/stubborn-got-term" TERM; touch '"$DIR"'/stubborn-up; while :; do sleep 0.1; done) &
		while [ ! -e '"$DIR"'/polite-up ] || [ ! -e '"$DIR"'/stubborn-up ]; do sleep 0.05; done
		exit 4'
	assert_equal "$status" 4
	[ -e "$DIR/polite-got-term" ]
	[ -e "$DIR/stubborn-got-term" ]
}

@test "no grace: capinit exits with the app and sends nothing to the rest" {
	run pid1 "$CAPINIT" -- sh -c '
		(trap "touch '"$DIR"'/got-term" TERM; touch '"$DIR"'/up; while :; do sleep 0.1; done) &
		while [ ! -e '"$DIR"'/up ]; do sleep 0.05; done
		exit 5'
	assert_equal "$status" 5
	[ ! -e "$DIR/got-term" ]
}

# sigterm_as_pid1 GRACE TRAP: an app with TRAP for SIGTERM under capinit as
# PID 1 with --grace GRACE gets a SIGTERM through capinit; prints the exit code.
sigterm_as_pid1() {
	unshare --pid --fork --mount-proc "$CAPINIT" --grace "$1" -- \
		sh -c 'trap "'"$2"'" TERM; touch '"$DIR"'/up; while :; do sleep 0.1; done' &
	local unshare_pid=$! init rc=0
	wait_for "$DIR/up"
	init=$(capinit_pid "$unshare_pid")
	kill -TERM "$init"
	wait "$unshare_pid" || rc=$?
	echo "$rc"
}

@test "grace: an app that ignores a forwarded SIGTERM is killed after the grace period" {
	assert_equal "$(sigterm_as_pid1 1 "")" 137
}

@test "grace: an app that stops on SIGTERM within the grace period exits normally" {
	assert_equal "$(sigterm_as_pid1 30 "exit 7")" 7
}

@test "grace: bad values are refused" {
	run --separate-stderr "$CAPINIT" --grace 1.5 -- true
	assert_equal "$status" 125
	assert_equal "$stderr" "capinit: --grace: not a number in range: 1.5"
	CAPINIT_GRACE=-1 run --separate-stderr "$CAPINIT" -- true
	assert_equal "$status" 125
}

# After a not-PID-1 case whose app exits 4 and leaves processes in other
# sessions: asserts the status and that DIR/MARKER (written on SIGTERM) is
# there; first kills what matches PATTERN and removes DIR, pass or fail.
app_exited_and_term_reached() {
	local dir=$1 marker=$2 pattern=$3 got=no
	[ -e "$dir/$marker" ] && got=yes
	pkill -KILL -f "$pattern" || true
	rm -rf "$dir"
	assert_equal "$status" 4
	assert_equal "$got" yes
}

@test "grace, not PID 1: descendants in other sessions under a child that ignores SIGTERM get it too" {
	local dir
	dir=$(mktemp -d /tmp/capinit-grace.XXXXXX)
	# b: its own session, stops on SIGTERM. a: its own session, starts b,
	# then ignores SIGTERM (after, so that b can still trap it).
	printf 'trap "touch %s/b-got-term; exit 0" TERM\ntouch %s/b-up\nwhile :; do sleep 0.1; done\n' "$dir" "$dir" >"$dir/b.sh"
	printf 'setsid sh %s/b.sh &\ntrap "" TERM\nwhile :; do sleep 0.1; done\n' "$dir" >"$dir/a.sh"
	# (a and b hold none of bats' descriptors: a survivor must not hang it.)
	run "$CAPINIT" --grace 1 -- bash -c 'for fd in /proc/$$/fd/*; do n=${fd##*/}; ((n > 2)) && eval "exec $n>&-"; done
		setsid sh "$1/a.sh" >/dev/null 2>&1 </dev/null &
		while [ ! -e "$1/b-up" ]; do sleep 0.05; done; exit 4' sh "$dir"
	app_exited_and_term_reached "$dir" b-got-term "$dir/"
}

@test "grace, not PID 1: a child of another thread of a multi-threaded descendant gets SIGTERM too" {
	local dir
	dir=$(mktemp -d /tmp/capinit-grace.XXXXXX)
	# thread_fork: own session, ignores SIGTERM; its kid (forked by its
	# second thread, own session too) records SIGTERM.
	run "$CAPINIT" --grace 1 -- bash -c 'for fd in /proc/$$/fd/*; do n=${fd##*/}; ((n > 2)) && eval "exec $n>&-"; done
		setsid "$2" "$1" >/dev/null 2>&1 </dev/null &
		while [ ! -e "$1/kid-up" ]; do sleep 0.05; done; exit 4' sh "$dir" "$HELPERS/thread_fork"
	app_exited_and_term_reached "$dir" kid-got-term "thread_fork $dir"
}
