# Background capinit processes for the PID 1 suites (signals, load): start
# one with a clean signal state, find it, wait for it, clean up after it.
# Suites set T (a scratch dir) and BG/CAPINIT_PID empty in setup, and call
# background_teardown from teardown.

# Kills what a failed test left behind, children first.
kill_tree() {
	local c
	for c in $(cat "/proc/$1/task/$1/children" 2>/dev/null); do
		kill_tree "$c"
	done
	kill -KILL "$1" 2>/dev/null || true
}

# Polls (at most 10 s) until file $1 exists and is not empty.
wait_file() {
	local i
	for ((i = 0; i < 1000; i++)); do
		[[ -s $1 ]] && return 0
		sleep 0.01
	done
	echo "timed out waiting for $1" >&2
	return 1
}

# Prints the first child of process $1, polling until it has one.
child_of() {
	local c i
	for ((i = 0; i < 1000; i++)); do
		c=$(cat "/proc/$1/task/$1/children" 2>/dev/null) || true
		if [[ -n $c ]]; then
			echo "${c%% *}"
			return 0
		fi
		sleep 0.01
	done
	echo "process $1 has no child" >&2
	return 1
}

# Starts "$@" in the background with a clean signal state, as a runtime
# would (a background job of bash would have SIGINT and SIGQUIT ignored);
# stdout, stderr and status go to $T/out, $T/err, $T/rc.
start() {
	(
		rc=0 # (errexit is on in tests)
		"$HELPERS/sigstate" -c -- "$@" >"$T/out" 2>"$T/err" </dev/null || rc=$?
		echo "$rc" >"$T/rc.tmp"
		mv "$T/rc.tmp" "$T/rc"
	) 3>&- &
	BG=$!
}

# capinit ARGS in the background, not PID 1; sets CAPINIT_PID.
start_capinit() {
	start "$CAPINIT" "$@"
	CAPINIT_PID=$(child_of "$BG")
}

# capinit ARGS in the background as PID 1 of a new PID namespace; sets
# CAPINIT_PID (as the host sees it).
start_pid1() {
	local unshare_pid
	start unshare --pid --fork --mount-proc "$CAPINIT" "$@"
	unshare_pid=$(child_of "$BG")
	CAPINIT_PID=$(child_of "$unshare_pid")
}

# Waits (bounded) for the background capinit to end; sets RC, OUT, ERR.
finish() {
	wait_file "$T/rc"
	wait "$BG" || true
	BG=
	RC=$(cat "$T/rc")
	OUT=$(cat "$T/out")
	ERR=$(cat "$T/err")
}

# For a suite's setup(): T is the test's directory, no background job yet,
# and never a terminal on stdin (the app would take the terminal's
# foreground).
background_setup() {
	T="$BATS_TEST_TMPDIR"
	BG='' CAPINIT_PID=''
	exec </dev/null
}

# Kills what a failed test left behind and waits for the background job.
background_teardown() {
	if [[ -n $CAPINIT_PID ]] && kill -0 "$CAPINIT_PID" 2>/dev/null; then
		kill_tree "$CAPINIT_PID"
	fi
	if [[ -n $BG ]]; then
		wait "$BG" 2>/dev/null || true
	fi
}
