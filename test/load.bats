#!/usr/bin/env bats
# Load as PID 1: a storm of signals, a hundred thousand orphans, and an app
# that forks without a pause. capinit must not die, must forward and reap
# everything, and its memory must stay flat.
#
# Synchronisation is by files and /proc, with bounded polls, never by a
# clock; the helpers (test/helpers/load_*.c) say what they wait for.
# LONG_TESTS=1 adds a 30 s fork loop (not CAPINIT_*: capinit refuses unknown CAPINIT_ variables).
bats_require_minimum_version 1.5.0
load test_helper
load lib/background

# capinit refuses every unknown CAPINIT_* variable, this one too: it must
# never reach capinit.
# (Exported: bats reads this file again for each test, after the unset.)
export LOAD_LONG_TESTS=${LONG_TESTS:-0}

setup() {
	background_setup
}

teardown() {
	background_teardown
}

# kB of a /proc/PID/status field.
kb() {
	awk -v f="$2:" '$1 == f {print $2}' "/proc/$1/status"
}

# A few pages.
SLACK_KB=16

# --- the signal storm -------------------------------------------------------

# What the kernel promises, and so what is checked:
# - standard signals (1..31) are not queued: while one is pending, more of
#   the same kind merge into it, in capinit and again in the app. Only
#   "at least once after the last send" holds: the app gets each kind at
#   least once, and never more often than it was sent.
# - real-time signals (32..64) are queued, one entry each, as long as the
#   user's queue is below RLIMIT_SIGPENDING (load_storm keeps it there): the
#   app must get exactly as many as were sent, which is as many as capinit
#   received (kill() of a real-time signal is never merged below the limit).
# - pending signals are dequeued lowest number first, not in the order they
#   came. So "SIGTERM last" means: load_storm sends SIGTERM only once
#   capinit has taken every storm signal (nothing pending; capinit forwards
#   each one before it takes the next), and when the app takes SIGTERM every
#   storm signal has reached it, either taken already or still pending
#   behind SIGTERM (real-time signals have higher numbers than 15).
@test "a storm of 100,000 mixed signals: capinit survives, forwards every queued one, SIGTERM last" {
	start_pid1 -- "$HELPERS/load_count" "$T/ready" 7
	wait_file "$T/ready"
	# HUP 1, USR1 10, USR2 12, WINCH 28; real-time 35 (musl's SIGRTMIN),
	# 40, 50, 64 (SIGRTMAX).
	run "$HELPERS/load_storm" -t "$CAPINIT_PID" 100000 10 12 1 28 35 40 50 64
	assert_success
	assert_line "drained"
	assert_line "term sent"
	local sent_lines=("${lines[@]}")
	finish
	assert_equal "$RC" 7 # the app's status
	assert_equal "$ERR" ""
	echo "$OUT"
	run echo "$OUT"
	assert_line "from-others 0" # every signal came from capinit (PID 1)
	assert_line "got 15 1"
	refute_line --regexp "^late 15 "
	local line sig n got late total
	for line in "${sent_lines[@]}"; do
		[[ $line =~ ^sent\ ([0-9]+)\ ([0-9]+)$ ]] || continue
		sig=${BASH_REMATCH[1]} n=${BASH_REMATCH[2]}
		assert_equal "$n" 12500
		got=$(awk -v s="$sig" '$1 == "got" && $2 == s {print $3}' <<<"$OUT")
		late=$(awk -v s="$sig" '$1 == "late" && $2 == s {print $3}' <<<"$OUT")
		total=$((${got:-0} + ${late:-0}))
		if ((sig >= 32)); then
			assert_equal "$total" "$n"
		else
			((total >= 1 && total <= n)) || fail "signal $sig: $total received of $n sent"
		fi
	done
}

@test "a storm of 100,000 signals: capinit's VmRSS and VmHWM stay flat" {
	local before after hwm_before hwm_after
	start_pid1 -- "$HELPERS/load_count" "$T/ready" 0
	wait_file "$T/ready"
	# Warm-up: one of each kind through capinit's forwarding path.
	run "$HELPERS/load_storm" "$CAPINIT_PID" 8 10 12 1 28 35 40 50 64
	assert_success
	before=$(kb "$CAPINIT_PID" VmRSS)
	hwm_before=$(kb "$CAPINIT_PID" VmHWM)
	run "$HELPERS/load_storm" "$CAPINIT_PID" 100000 10 12 1 28 35 40 50 64
	assert_success
	assert_line "drained"
	after=$(kb "$CAPINIT_PID" VmRSS)
	hwm_after=$(kb "$CAPINIT_PID" VmHWM)
	echo "VmRSS $before -> $after kB, VmHWM $hwm_before -> $hwm_after kB"
	((after <= before + SLACK_KB)) || fail "VmRSS grew: $before -> $after kB"
	((hwm_after <= hwm_before + SLACK_KB)) || fail "VmHWM grew: $hwm_before -> $hwm_after kB"
	kill -TERM "$CAPINIT_PID"
	finish
	assert_equal "$RC" 0
	assert_equal "$ERR" ""
}

# --- reaping under load -------------------------------------------------------

# load_reap prints "before RSS ANON HWM", "peak RSS", "after RSS ANON HWM"
# (capinit's, read from /proc/1/status) and "left ZOMBIES OTHERS".
flat_memory() {
	local before after peak
	if [ -n "${SANITIZED:-}" ]; then
		echo "memory not judged: a sanitizer build's figures are its own"
		return 0
	fi
	before=$(awk '$1 == "before" {print $2, $3, $4}' <<<"$output")
	after=$(awk '$1 == "after" {print $2, $3, $4}' <<<"$output")
	peak=$(awk '$1 == "peak" {print $2}' <<<"$output")
	read -r rss0 anon0 hwm0 <<<"$before"
	read -r rss1 anon1 hwm1 <<<"$after"
	[[ -n $rss0 && -n $rss1 && $rss0 -gt 0 ]] || fail "no memory figures: $output"
	((rss1 <= rss0 + SLACK_KB)) || fail "VmRSS grew: $rss0 -> $rss1 kB"
	((anon1 <= anon0 + SLACK_KB)) || fail "RssAnon grew: $anon0 -> $anon1 kB"
	((hwm1 <= hwm0 + SLACK_KB)) || fail "VmHWM grew: $hwm0 -> $hwm1 kB"
	((peak <= rss0 + SLACK_KB)) || fail "VmRSS peaked at $peak kB (from $rss0)"
}

@test "as PID 1, 100,000 orphans are reaped with constant memory, no zombie left" {
	run --separate-stderr pid1 "$CAPINIT" -- "$HELPERS/load_reap" orphans 100000
	echo "$output"
	assert_success
	assert_equal "$stderr" ""
	assert_line "made 100000"
	assert_line "left 0 0"
	flat_memory
}

@test "as PID 1, an app that forks without a pause for 5 s: memory flat, every child reaped" {
	run --separate-stderr pid1 "$CAPINIT" -- "$HELPERS/load_reap" forkloop 5
	echo "$output"
	assert_success
	assert_equal "$stderr" ""
	assert_line --regexp '^made [1-9][0-9]*$'
	assert_line "left 0 0"
	flat_memory
}

@test "with -w, 20,000 orphans: one warning each, memory flat" {
	run --separate-stderr pid1 "$CAPINIT" -w -- "$HELPERS/load_reap" orphans 20000
	assert_success
	assert_line "left 0 0"
	flat_memory
	# The warm-up batch (500) and the middle processes are reaped by the app
	# or by capinit; at least every orphan is warned about.
	((${#stderr_lines[@]} >= 20000)) || fail "only ${#stderr_lines[@]} warnings"
	refute_regex "$stderr" 'capinit: [^r]'
}

@test "long (LONG_TESTS=1): an app that forks without a pause for 30 s" {
	[[ $LOAD_LONG_TESTS == 1 ]] || skip "set LONG_TESTS=1"
	run --separate-stderr pid1 "$CAPINIT" -- "$HELPERS/load_reap" forkloop 30
	echo "$output"
	assert_success
	assert_line "left 0 0"
	flat_memory
}
