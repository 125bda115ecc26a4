#!/usr/bin/env bats
# The PID 1 core: exit status, the signal state the app inherits, reaping
# (as PID 1 and as subreaper), tini's flags and variables, and refusals.
# Forwarding, job control, -p, -v and idleness are in signals.bats.
bats_require_minimum_version 1.5.0
load test_helper

setup() {
	T="$BATS_TEST_TMPDIR"
	S="$HELPERS/sigstate"
	# Never a terminal on stdin: the app would take the terminal's foreground.
	exec </dev/null
}

# Bits of a /proc/PID/status mask for signal numbers: mask 1 10 -> 0x201.
mask() {
	local m=0 sig
	for sig; do
		m=$((m | 1 << (sig - 1)))
	done
	printf '%016x\n' "$m"
}

# Runs sigstate -r (the app reports its SigBlk and SigIgn) with the given
# starting state, once directly and once under capinit, as PID 1 when $1
# is "pid1"; both outputs must match: capinit is invisible.
same_signal_state() {
	local how=$1 direct
	shift
	direct=$("$S" "$@" -- "$S" -r)
	if [[ $how == pid1 ]]; then
		run --separate-stderr "$S" "$@" -- unshare --pid --fork --mount-proc "$CAPINIT" -- "$S" -r
	else
		run --separate-stderr "$S" "$@" -- "$CAPINIT" -- "$S" -r
	fi
	assert_success
	assert_equal "$stderr" ""
	assert_equal "$output" "$direct"
}

# --- exit status -----------------------------------------------------------

@test "every exit code 0..255 of the app is capinit's" {
	for code in $(seq 0 255); do
		rc=0
		"$CAPINIT" -- sh -c "exit $code" || rc=$?
		[[ $rc == "$code" ]] || fail "exit $code came back as $rc"
	done
}

@test "as PID 1, the app's exit code is capinit's" {
	for code in 0 1 42 125 255; do
		run pid1 "$CAPINIT" -- sh -c "exit $code"
		assert_equal "$status" "$code"
	done
}

@test "an app killed by signal N: 128+N" {
	run "$CAPINIT" -- sh -c 'kill -KILL $$'
	assert_equal "$status" 137
	run "$CAPINIT" -- sh -c 'kill -SEGV $$'
	assert_equal "$status" 139
	run "$CAPINIT" -- sh -c 'kill -USR1 $$'
	assert_equal "$status" 138
}

@test "as PID 1, an app killed by signal N: 128+N" {
	run pid1 "$CAPINIT" -- sh -c 'kill -TERM $$'
	assert_equal "$status" 143
	run pid1 "$CAPINIT" -- sh -c 'kill -KILL $$'
	assert_equal "$status" 137
}

@test "program not found: 127 and one line on stderr" {
	run -127 --separate-stderr "$CAPINIT" -- /nonexistent/program
	assert_equal "$status" 127
	assert_equal "${#stderr_lines[@]}" 1
	assert_regex "$stderr" '^capinit: /nonexistent/program: .+'
	run -127 --separate-stderr "$CAPINIT" -- no-such-program-in-path-xyz
	assert_equal "$status" 127
	assert_equal "${#stderr_lines[@]}" 1
	assert_regex "$stderr" '^capinit: no-such-program-in-path-xyz: .+'
}

@test "program not executable: 126 and one line on stderr" {
	printf '#!/bin/sh\nexit 0\n' >"$T/noexec"
	chmod 0644 "$T/noexec"
	run --separate-stderr "$CAPINIT" -- "$T/noexec"
	assert_equal "$status" 126
	assert_equal "${#stderr_lines[@]}" 1
	assert_regex "$stderr" "^capinit: $T/noexec: .+"
	run --separate-stderr "$CAPINIT" -- "$T"
	assert_equal "$status" 126
	assert_equal "${#stderr_lines[@]}" 1
}

@test "as PID 1, not found and not executable: 127 and 126" {
	run -127 pid1 "$CAPINIT" -- /nonexistent/program
	assert_equal "$status" 127
	run pid1 "$CAPINIT" -- "$T"
	assert_equal "$status" 126
}

# --- -e, --remap-exit --------------------------------------------------------

@test "-e CODE reports CODE as 0, for every code 0..255, and only CODE" {
	for code in $(seq 0 255); do
		rc=0
		"$CAPINIT" -e "$code" -- sh -c "exit $code" || rc=$?
		[[ $rc == 0 ]] || fail "-e $code: exit $code came back as $rc"
		other=$(((code + 1) % 256))
		rc=0
		"$CAPINIT" -e "$code" -- sh -c "exit $other" || rc=$?
		[[ $rc == "$other" ]] || fail "-e $code: exit $other came back as $rc"
	done
}

@test "-e is repeatable; --remap-exit CODE and --remap-exit=CODE; -eCODE" {
	for code in 3 5 7 9; do
		run "$CAPINIT" -e 3 --remap-exit 5 --remap-exit=7 -e9 -- sh -c "exit $code"
		assert_equal "$status" 0
	done
	run "$CAPINIT" -e 3 --remap-exit 5 --remap-exit=7 -e9 -- sh -c 'exit 4'
	assert_equal "$status" 4
}

@test "-e 143: an app killed by SIGTERM counts as success (tini's use)" {
	run "$CAPINIT" -e 143 -- sh -c 'kill -TERM $$'
	assert_equal "$status" 0
	run pid1 "$CAPINIT" -e 143 -- sh -c 'kill -TERM $$'
	assert_equal "$status" 0
	run "$CAPINIT" -e 143 -- sh -c 'kill -KILL $$'
	assert_equal "$status" 137
}

# --- the signal state the app inherits ----------------------------------------

@test "the app gets the signal mask and ignored signals capinit inherited" {
	# HUP 1, USR1 10, 40 (real-time) blocked; USR2 12, PIPE 13, TERM 15 ignored.
	same_signal_state host -c -b HUP -b USR1 -b 40 -i USR2 -i PIPE -i TERM
	assert_line "SigBlk:	$(mask 1 10 40)"
	assert_line "SigIgn:	$(mask 12 13 15)"
}

@test "as PID 1, the app gets the signal mask and ignored signals capinit inherited" {
	same_signal_state pid1 -c -b HUP -b USR1 -b 40 -i USR2 -i PIPE -i TERM
	assert_line "SigBlk:	$(mask 1 10 40)"
	assert_line "SigIgn:	$(mask 12 13 15)"
}

@test "a shell's trap '' USR1 INT reaches the app as ignored" {
	run --separate-stderr "$S" -c -- bash -c 'trap "" USR1 INT; exec "$1" -- "$2" -r' \
		bash "$CAPINIT" "$S"
	assert_success
	assert_line "SigBlk:	$(mask)"
	assert_line "SigIgn:	$(mask 2 10)"
}

@test "capinit's own blocking does not leak: nothing inherited, nothing blocked or ignored" {
	same_signal_state host -c
	assert_line "SigBlk:	$(mask)"
	assert_line "SigIgn:	$(mask)"
	same_signal_state pid1 -c
	assert_line "SigBlk:	$(mask)"
	assert_line "SigIgn:	$(mask)"
}

@test "an inherited SIG_IGN for SIGCHLD reaches the app, and the app's status still comes back" {
	same_signal_state host -c -i CHLD
	assert_line "SigIgn:	$(mask 17)"
	run "$S" -c -i CHLD -- "$CAPINIT" -- sh -c 'exit 3'
	assert_equal "$status" 3
	run "$S" -c -i CHLD -- unshare --pid --fork --mount-proc "$CAPINIT" -- sh -c 'exit 4'
	assert_equal "$status" 4
}

# Signals 32..34: musl keeps them for itself, glibc's SIGRTMIN is 34. A
# parent (built with glibc) that blocks SIGRTMIN before starting capinit
# expects the app to start with it blocked.
@test "an inherited block of signals 32, 33 and 34 reaches the app" {
	same_signal_state host -c -b 32 -b 33 -b 34 -b USR1
	assert_line "SigBlk:	$(mask 10 32 33 34)"
}

@test "--exec keeps an inherited block of signal 34" {
	run --separate-stderr "$S" -c -b 34 -b USR1 -- "$CAPINIT" --exec -- "$S" -r
	assert_success
	assert_line "SigBlk:	$(mask 10 34)"
}

# --- reaping ---------------------------------------------------------------

@test "as PID 1, 1000 orphaned zombies are reaped: none left" {
	# The app leaves 1000 zombies to PID 1 at once, then counts the Z-state
	# processes of the namespace's /proc until none is left (bounded).
	run pid1 "$CAPINIT" -- "$HELPERS/orphans" zombies 1000
	assert_success
	assert_line "before: 1000"
	assert_line "after: 0"
}

@test "not PID 1, capinit is the subreaper: the app's orphan is adopted by capinit and reaped" {
	run "$CAPINIT" -- "$HELPERS/orphans" adopt
	assert_success
	[[ ${lines[0]} =~ ^adopted\ by\ ([0-9]+),\ my\ parent\ ([0-9]+)$ ]]
	assert_equal "${BASH_REMATCH[1]}" "${BASH_REMATCH[2]}"
	assert_line "reaped"
}

@test "not PID 1, orphaned zombies are reaped while capinit runs" {
	run "$CAPINIT" -- "$HELPERS/orphans" zombies 200
	assert_success
	assert_line "before: 200"
	assert_line "after: 0"
}

@test "the app does not inherit capinit's subreaper flag" {
	run "$CAPINIT" -- "$HELPERS/orphans" subreaper
	assert_success
	assert_output "subreaper: 0"
	run "$CAPINIT" -s -- "$HELPERS/orphans" subreaper
	assert_output "subreaper: 0"
}

@test "-s, --subreaper, TINI_SUBREAPER and CAPINIT_SUBREAPER=1: accepted, orphans reaped" {
	for how in -s --subreaper TINI_SUBREAPER= CAPINIT_SUBREAPER=1; do
		echo "case $how"
		if [[ $how == -* ]]; then
			run --separate-stderr "$CAPINIT" "$how" -- "$HELPERS/orphans" adopt
			assert_success
			run --separate-stderr pid1 "$CAPINIT" "$how" -- "$HELPERS/orphans" zombies 20
		else
			run --separate-stderr env "$how" "$CAPINIT" -- "$HELPERS/orphans" adopt
			assert_success
			run --separate-stderr env "$how" unshare --pid --fork --mount-proc \
				"$CAPINIT" -- "$HELPERS/orphans" zombies 20
		fi
		assert_success
		assert_line "after: 0"
		assert_equal "$stderr" ""
	done
}

@test "-w: one warning per reaped zombie that is not the app" {
	for how in -w --warn-on-reap CAPINIT_WARN_ON_REAP=1; do
		echo "case $how"
		if [[ $how == -* ]]; then
			run --separate-stderr pid1 "$CAPINIT" "$how" -- "$HELPERS/orphans" zombies 5
		else
			run --separate-stderr env "$how" unshare --pid --fork --mount-proc \
				"$CAPINIT" -- "$HELPERS/orphans" zombies 5
		fi
		assert_success
		assert_equal "${#stderr_lines[@]}" 5
		for line in "${stderr_lines[@]}"; do
			[[ $line =~ ^capinit:\ reaped\ zombie\ process\ [0-9]+$ ]] || fail "unexpected: $line"
		done
		# Five different processes, none of them the app (PID 2).
		assert_equal "$(printf '%s\n' "${stderr_lines[@]}" | sort -u | wc -l)" 5
		refute_regex "$stderr" 'process 2$'
	done
}

@test "without -w, reaping is silent; TINI_VERBOSITY=0 silences -w" {
	run --separate-stderr pid1 "$CAPINIT" -- "$HELPERS/orphans" zombies 5
	assert_success
	assert_equal "$stderr" ""
	run --separate-stderr env TINI_VERBOSITY=0 unshare --pid --fork --mount-proc \
		"$CAPINIT" -w -- "$HELPERS/orphans" zombies 5
	assert_success
	assert_equal "$stderr" ""
}

# --- informational flags -----------------------------------------------------

@test "-h and --help: usage on stdout, exit 0, nothing run" {
	for flag in -h --help; do
		run --separate-stderr "$CAPINIT" "$flag" -- touch "$T/ran"
		assert_success
		assert_line --index 0 --regexp '^Usage: capinit '
		assert_output --partial "-g, --kill-process-group"
		assert_equal "$stderr" ""
		[[ ! -e $T/ran ]]
	done
}

@test "--version: the Makefile's version on stdout, exit 0" {
	version=$(awk '$1 == "VERSION" {print $3}' "$ROOT/Makefile")
	run --separate-stderr "$CAPINIT" --version
	assert_success
	assert_output "capinit version $version"
	assert_equal "$stderr" ""
}

@test "-l and --license: the license on stdout, exit 0" {
	for flag in -l --license; do
		run --separate-stderr "$CAPINIT" "$flag"
		assert_success
		assert_output --partial "MIT License"
		assert_equal "$stderr" ""
	done
}

@test "-p takes names with or without SIG, any case, and numbers" {
	for sig in SIGTERM TERM term sigkill 15 9 USR1 RTMIN+1; do
		run --separate-stderr "$CAPINIT" -p "$sig" -- true
		assert_success
		assert_equal "$stderr" ""
	done
	run "$CAPINIT" -pSIGHUP --parent-death-signal=INT -- true
	assert_success
}

# --- the command line ------------------------------------------------------

@test "-- ends capinit's options; what follows PROGRAM is PROGRAM's" {
	run --separate-stderr "$CAPINIT" -- sh -c 'printf "%s\n" "$@"' sh -v --help -e 1
	assert_success
	assert_output $'-v\n--help\n-e\n1'
	run --separate-stderr "$CAPINIT" sh -c 'printf "%s\n" "$@"' sh -s -- -x
	assert_success
	assert_output $'-s\n--\n-x'
}

# Runs capinit with $@ (options, VAR=value words first go to env), expects
# a refusal: 125, exactly one line "capinit: <source>: <problem>..." on
# stderr, nothing on stdout, and the program (touch) never ran.
refused() {
	local envs=()
	while [[ $1 == *=* && $1 != -* ]]; do
		envs+=("$1")
		shift
	done
	echo "case: ${envs[*]} capinit $*"
	run --separate-stderr env "${envs[@]}" "$CAPINIT" "$@"
	assert_equal "$status" 125
	assert_equal "${#stderr_lines[@]}" 1
	assert_regex "$stderr" '^capinit: [^:]+: .+'
	assert_equal "$output" ""
	[[ ! -e $T/ran ]] || fail "the program ran"
}

@test "unknown options: 125, one line on stderr" {
	refused -x -- touch "$T/ran"
	refused -sx -- touch "$T/ran"
	refused --no-such-option -- touch "$T/ran"
	refused --no-such-option=1 -- touch "$T/ran"
	refused --verbose=2 -- touch "$T/ran"
}

@test "no program: 125, one line on stderr" {
	refused
	refused --
	refused -s -g -w --
}

@test "bad -p signal: 125, one line on stderr" {
	for sig in SIGBOGUS BOGUS 0 65 -1 '' SIG 15x; do
		refused -p "$sig" -- touch "$T/ran"
	done
	refused --parent-death-signal=NOPE -- touch "$T/ran"
}

@test "bad -e code: 125, one line on stderr" {
	for code in 256 -1 abc '' 1.5 0x10 1000000000000; do
		refused -e "$code" -- touch "$T/ran"
	done
	refused --remap-exit=999 -- touch "$T/ran"
}

@test "an option missing its value: 125, one line on stderr" {
	refused -p
	refused -e
	refused --remap-exit
	refused --parent-death-signal
	refused -s -p
}

@test "bad CAPINIT_* and TINI_* variables: 125, one line on stderr" {
	refused CAPINIT_NO_SUCH_THING=1 -- touch "$T/ran"
	refused CAPINIT_SUBREAPER=maybe -- touch "$T/ran"
	refused CAPINIT_KILL_PROCESS_GROUP=2 -- touch "$T/ran"
	refused CAPINIT_PARENT_DEATH_SIGNAL=BOGUS -- touch "$T/ran"
	refused TINI_VERBOSITY=loud -- touch "$T/ran"
}
