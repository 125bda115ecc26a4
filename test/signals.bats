#!/usr/bin/env bats
# Supervision, the signal side: forwarding (as PID 1, to the process group
# with -g), job-control signals, the parent death signal, the terminal's
# foreground, and zero wake-ups while idle.
#
# capinit runs in the background here; the tests synchronise on files the
# app writes (test/helpers/waitsig.c: a ready file once its signals are
# blocked, one line per signal it takes) and on /proc, with bounded polls.
bats_require_minimum_version 1.5.0
load test_helper
load lib/background

setup() {
	background_setup
	W="$HELPERS/waitsig"
}

teardown() {
	background_teardown
}

# Field $2 of /proc/$1/stat, counted after the command name (1 = state).
stat_field() {
	local s n=$2
	s=$(cat "/proc/$1/stat") || return 1
	s=${s##*) }
	set -- $s
	echo "${!n}"
}

# Polls until capinit waits in sigwaitinfo, idle.
wait_idle() {
	local i wchan
	for ((i = 0; i < 1000; i++)); do
		wchan=$(cat "/proc/$1/wchan" 2>/dev/null) || true
		[[ $wchan == do_sigtimedwait* && $(stat_field "$1" 1) == S ]] && return 0
		sleep 0.01
	done
	echo "process $1 never went idle (wchan $wchan)" >&2
	return 1
}

# Polls until process $1 has no signal pending: it has taken every one.
wait_no_pending() {
	local i
	for ((i = 0; i < 1000; i++)); do
		if ! grep -Eq '^(SigPnd|ShdPnd):\s*0*[1-9a-f]' "/proc/$1/status"; then
			return 0
		fi
		sleep 0.01
	done
	echo "process $1 keeps signals pending" >&2
	grep -E '^(SigPnd|ShdPnd)' "/proc/$1/status" >&2
	return 1
}

# As PID 1, SIG from the host reaches the app, sent by capinit (PID 1).
forwarded_as_pid1() {
	local sig=$1
	start_pid1 -- "$W" "$T/ready" "$sig"
	wait_file "$T/ready"
	kill -"$sig" "$CAPINIT_PID"
	finish
	assert_equal "$OUT" "SIG$sig from 1"
	assert_equal "$RC" 0
	assert_equal "$ERR" ""
}

@test "as PID 1: SIGTERM is forwarded to the app" {
	forwarded_as_pid1 TERM
}

@test "as PID 1: SIGINT is forwarded to the app" {
	forwarded_as_pid1 INT
}

@test "as PID 1: SIGHUP is forwarded to the app" {
	forwarded_as_pid1 HUP
}

@test "as PID 1: SIGUSR1 is forwarded to the app" {
	forwarded_as_pid1 USR1
}

@test "as PID 1: SIGTERM kills an app that does not catch it: exit 143" {
	start_pid1 -- "$W" "$T/ready" USR1
	wait_file "$T/ready"
	kill -TERM "$CAPINIT_PID"
	finish
	assert_equal "$RC" 143
	assert_equal "$OUT" ""
}

@test "not PID 1: a forwarded signal comes from capinit itself" {
	start_capinit -- "$W" "$T/ready" USR2
	wait_file "$T/ready"
	read -r app ppid pgid _ <"$T/ready"
	assert_equal "$ppid" "$CAPINIT_PID"
	kill -USR2 "$CAPINIT_PID"
	finish
	assert_equal "$OUT" "SIGUSR2 from $CAPINIT_PID"
	assert_equal "$RC" 0
}

@test "the app is the leader of its own process group" {
	start_pid1 -- "$W" "$T/ready" TERM
	wait_file "$T/ready"
	read -r app ppid pgid _ <"$T/ready"
	assert_equal "$ppid" 1
	assert_equal "$pgid" "$app"
	kill -TERM "$CAPINIT_PID"
	finish
	assert_equal "$RC" 0
}

# Starts PID 1 capinit ARGS with an app that has a kid in its process
# group; both wait for TERM (and the kid for WINCH, the probe).
start_family() {
	start_pid1 "$@" -- "$W" -k "$T/ready" TERM WINCH
	wait_file "$T/ready"
	APP_PID=$(child_of "$CAPINIT_PID")
	KID_PID=$(child_of "$APP_PID")
}

# The grandchild gets the forwarded SIGTERM too.
group_gets_it() {
	start_family "$@"
	kill -TERM "$CAPINIT_PID"
	finish
	assert_equal "$RC" 0
	run cat "$T/out"
	assert_line "SIGTERM from 1"
	assert_line "kid SIGTERM from 1"
	assert_equal "${#lines[@]}" 2
}

@test "-g: a grandchild in the app's process group gets the signal too" {
	group_gets_it -g
}

@test "without -g only the app gets the signal, not its process group" {
	start_family
	kill -TERM "$CAPINIT_PID"
	# The app has taken SIGTERM once its line is out.
	for ((i = 0; i < 1000; i++)); do
		grep -q '^SIGTERM' "$T/out" && break
		sleep 0.01
	done
	# A SIGTERM sent to the kid would be pending by now, and it would be
	# taken before the higher-numbered WINCH.
	kill -WINCH "$KID_PID"
	finish
	assert_equal "$RC" 0
	run cat "$T/out"
	assert_line "SIGTERM from 1"
	assert_line "kid SIGWINCH from 0" # sent from outside the namespace
	assert_equal "${#lines[@]}" 2
}

@test "--kill-process-group, TINI_KILL_PROCESS_GROUP and CAPINIT_KILL_PROCESS_GROUP=1 mean -g" {
	for how in --kill-process-group TINI_KILL_PROCESS_GROUP= CAPINIT_KILL_PROCESS_GROUP=1; do
		rm -f "$T/ready" "$T/rc" "$T/out"
		if [[ $how == --* ]]; then
			start_family "$how"
		else
			export "${how%%=*}=${how#*=}"
			start_family
			unset "${how%%=*}"
		fi
		kill -TERM "$CAPINIT_PID"
		finish
		run cat "$T/out"
		assert_equal "$RC" 0
		assert_line "SIGTERM from 1"
		assert_line "kid SIGTERM from 1"
	done
}

@test "SIGTSTP is forwarded and capinit does not stop" {
	start_capinit -- "$W" "$T/ready" TSTP
	wait_file "$T/ready"
	kill -TSTP "$CAPINIT_PID"
	finish
	assert_equal "$OUT" "SIGTSTP from $CAPINIT_PID"
	assert_equal "$RC" 0
}

@test "SIGTTIN and SIGTTOU neither stop capinit nor reach the app" {
	start_capinit -- "$W" "$T/ready" TTIN TTOU WINCH
	wait_file "$T/ready"
	wait_idle "$CAPINIT_PID"
	kill -TTIN "$CAPINIT_PID"
	kill -TTOU "$CAPINIT_PID"
	wait_no_pending "$CAPINIT_PID"
	wait_idle "$CAPINIT_PID" # S, not T (stopped)
	# Had TTIN or TTOU been forwarded, the app would take them before WINCH
	# (lower signal numbers go first).
	kill -WINCH "$CAPINIT_PID"
	finish
	assert_equal "$OUT" "SIGWINCH from $CAPINIT_PID"
	assert_equal "$RC" 0
}

@test "idle: no wake-ups while the app sleeps (voluntary_ctxt_switches unchanged over 3 s)" {
	start_pid1 -- "$W" "$T/ready" TERM
	wait_file "$T/ready"
	wait_idle "$CAPINIT_PID"
	before=$(awk '/^voluntary_ctxt_switches/ {print $2}' "/proc/$CAPINIT_PID/status")
	sleep 3 # the measurement window, not a synchronisation
	after=$(awk '/^voluntary_ctxt_switches/ {print $2}' "/proc/$CAPINIT_PID/status")
	assert_equal "$after" "$before"
	kill -TERM "$CAPINIT_PID"
	finish
	assert_equal "$RC" 0
}

# orphan_capinit OPTION SIG: a parent starts capinit OPTION with an app that
# waits for SIG, waits until the app is ready and exits. Sets app and
# capinit_pid; the app's output is in $T/app.out.
orphan_capinit() {
	start sh -c '"$1" '"$1"' -- "$2" "$3/ready" '"$2"' >"$3/app.out" &
		i=0; while [ ! -s "$3/ready" ] && [ $i -lt 1000 ]; do sleep 0.01; i=$((i + 1)); done' \
		sh "$CAPINIT" "$W" "$T"
	finish
	wait_file "$T/ready"
	read -r app capinit_pid _ <"$T/ready"
	CAPINIT_PID=$capinit_pid
	wait_file "$T/app.out"
}

@test "-p SIG: when capinit's parent dies, capinit gets SIG and forwards it" {
	orphan_capinit "-p SIGUSR1" USR1
	assert_equal "$(cat "$T/app.out")" "SIGUSR1 from $capinit_pid"
	# capinit exits with the app; its new parent reaps it.
	for ((i = 0; i < 1000; i++)); do
		kill -0 "$capinit_pid" 2>/dev/null || break
		[[ $(stat_field "$capinit_pid" 1) == Z ]] && break
		sleep 0.01
	done
	run kill -0 "$app"
	assert_failure
}

@test "--parent-death-signal=TERM: the long form, with a name without SIG" {
	orphan_capinit --parent-death-signal=TERM TERM
	assert_equal "$(cat "$T/app.out")" "SIGTERM from $capinit_pid"
}

@test "-vv logs each forwarded signal; the default does not" {
	run --separate-stderr "$CAPINIT" -vv -- "$W" -s USR1 "$T/ready" USR1
	assert_success
	assert_equal "$stderr" "capinit: forwarded SIGUSR1"
	rm -f "$T/ready"
	run --separate-stderr "$CAPINIT" -- "$W" -s USR1 "$T/ready" USR1
	assert_success
	assert_equal "$output" "SIGUSR1 from $(cut -d' ' -f2 "$T/ready")"
	assert_equal "$stderr" ""
}

@test "-v (info) does not log forwarded signals; --verbose --verbose does" {
	run --separate-stderr "$CAPINIT" -v -- "$W" -s USR1 "$T/ready" USR1
	assert_success
	assert_equal "$stderr" ""
	rm -f "$T/ready"
	run --separate-stderr "$CAPINIT" --verbose --verbose -- "$W" -s USR1 "$T/ready" USR1
	assert_success
	assert_equal "$stderr" "capinit: forwarded SIGUSR1"
}

@test "TINI_VERBOSITY=3 and CAPINIT_VERBOSITY=3 log forwarded signals" {
	TINI_VERBOSITY=3 run --separate-stderr "$CAPINIT" -- "$W" -s USR1 "$T/ready" USR1
	assert_success
	assert_equal "$stderr" "capinit: forwarded SIGUSR1"
	rm -f "$T/ready"
	CAPINIT_VERBOSITY=3 run --separate-stderr "$CAPINIT" -- "$W" -s USR1 "$T/ready" USR1
	assert_success
	assert_equal "$stderr" "capinit: forwarded SIGUSR1"
}

# Writes the app's "pid pgrp session tty_nr tpgid" (fields 3 to 6 after the
# name in /proc/PID/stat) to stdout.
ids_script() {
	cat >"$T/ids.sh" <<-'EOF'
		set -- $(sed 's/.*) //' /proc/$$/stat)
		echo "ids $$ $3 $4 $5 $6"
	EOF
}

@test "with a terminal on stdin the app's group is the terminal's foreground, in the terminal's session" {
	# script(1) gives the command a pty as stdin and controlling terminal.
	ids_script
	run script -qec "$CAPINIT -- sh $T/ids.sh" /dev/null </dev/null
	assert_success
	read -r _ pid pgrp session tty tpgid < <(echo "$output" | tr -d '\r' | grep '^ids ')
	assert_equal "$pgrp" "$pid"
	assert_equal "$tpgid" "$pid"
	assert [ "$session" != "$pid" ]
	assert [ "$tty" != 0 ]
}

# As dumb-init does: with no terminal to keep, nothing is lost, and with
# autogroups the app is scheduled as a group of its own (README, latency).
@test "without a controlling terminal the app leads a session of its own" {
	ids_script
	run setsid -w "$CAPINIT" -- sh "$T/ids.sh" </dev/null
	assert_success
	read -r _ pid pgrp session tty _ <<<"$output"
	assert_equal "$pgrp" "$pid"
	assert_equal "$session" "$pid"
	assert_equal "$tty" 0
}

# Signal 34 is glibc's SIGRTMIN (musl reserves 32..34 for itself): an app
# built with glibc uses it like any other real-time signal.
@test "as PID 1, signal 34 (glibc's SIGRTMIN) is forwarded to the app" {
	start_pid1 -- "$W" "$T/ready" 34 40
	wait_file "$T/ready"
	wait_idle "$CAPINIT_PID"
	# The probe, 40: had 34 been dropped the app would take 40. Pending
	# real-time signals go lowest first, in capinit and in the app.
	# (By the time of the probe all may be over already.)
	kill -34 "$CAPINIT_PID"
	kill -40 "$CAPINIT_PID" 2>/dev/null || true
	finish
	assert_equal "$OUT" "SIG34 from 1"
	assert_equal "$RC" 0
}

@test "not PID 1, signal 34 (glibc's SIGRTMIN) does not kill capinit" {
	start_capinit -- "$W" "$T/ready" 34
	wait_file "$T/ready"
	wait_idle "$CAPINIT_PID"
	kill -34 "$CAPINIT_PID"
	finish
	assert_equal "$OUT" "SIG34 from $CAPINIT_PID"
	assert_equal "$RC" 0
}

# A signal that is already pending when capinit starts (docker stop right
# after docker run; here sigstate blocks USR1, sends it to itself and execs
# capinit) is taken at once, usually before the child has made its own
# process group. timeout(1) only bounds a failure.
@test "a signal pending when capinit starts reaches the app" {
	run --separate-stderr timeout 5 "$HELPERS/sigstate" -c -b USR1 -k USR1 -- \
		"$CAPINIT" -- "$W" "$T/ready" USR1
	assert_success
	assert_output --regexp '^SIGUSR1 from [0-9]+$'
}

@test "-g: a signal pending when capinit starts reaches the app" {
	run --separate-stderr timeout 5 "$HELPERS/sigstate" -c -b USR1 -k USR1 -- \
		"$CAPINIT" -g -- "$W" "$T/ready" USR1
	assert_success
	assert_output --regexp '^SIGUSR1 from [0-9]+$'
}

# Without a /dev/tty node capinit cannot tell whether it has a terminal, so
# it keeps the rules for one: a process group of its own, not a session.
@test "without /dev/tty to ask, the app gets its own process group in capinit's session" {
	ids_script
	run setsid -w unshare --mount sh -c 'mount -t tmpfs none /dev && exec "$1" -- sh "$2"' \
		sh "$CAPINIT" "$T/ids.sh" </dev/null
	assert_success
	read -r _ pid pgrp session tty _ <<<"$output"
	assert_equal "$pgrp" "$pid"
	assert [ "$session" != "$pid" ]
}
