#!/bin/sh
# libFuzzer harnesses for capinit's parsers (clang, ASan + UBSan).
#   test/fuzz/run.sh [fuzz] [HARNESS...]   build, then fuzz each FUZZ_SECONDS (default 60)
#   test/fuzz/run.sh build [HARNESS...]    build into build/fuzz/ only
#   test/fuzz/run.sh replay [HARNESS...]   run every corpus and crasher file once
#   test/fuzz/run.sh merge [HARNESS...]    minimize test/fuzz/corpus/H with what
#                                          fuzzing found in build/fuzz/corpus/H
# Fuzzing writes new inputs to build/fuzz/corpus/H (test/fuzz/corpus/H is only
# read), crashes to build/fuzz/artifacts/H/, the log to build/fuzz/logs/H.log.
# FUZZ_JOBS=2 fuzzes two harnesses at a time; FUZZ_KEEP_GOING=1 goes on after
# a crash (libFuzzer's fork mode). Exit status: non-zero when a
# harness crashed or a replay failed.
set -eu

cd "$(dirname "$0")/../.."
ROOT=$PWD
FUZZ=test/fuzz
OUT=build/fuzz
FUZZ_SECONDS=${FUZZ_SECONDS:-60}
FUZZ_JOBS=${FUZZ_JOBS:-1}
CC_FUZZ=${CC_FUZZ:-clang}
ALL="text user_spec etc caps signame config env cli"

# The init/ sources each harness compiles in (pure parsers only), and libraries.
sources() {
	case "$1" in
	text) echo "init/text.c" ;;
	user_spec | etc) echo "init/user.c init/text.c" ;;
	caps) echo "init/caps.c init/text.c" ;;
	signame) echo "init/signame.c init/text.c init/log.c init/out.c" ;;
	config | env) echo "init/config.c init/text.c init/signame.c init/log.c init/out.c init/file.c $FUZZ/check_config.c" ;;
	cli) echo "init/cli.c init/config.c init/text.c init/signame.c init/log.c init/out.c init/file.c $FUZZ/check_config.c" ;;
	*)
		echo "run.sh: unknown harness: $1 (one of: $ALL)" >&2
		return 1
		;;
	esac
}
libs() {
	case "$1" in
	caps) echo "-lcap-ng" ;;
	esac
}

CFLAGS_FUZZ="-std=c11 -D_GNU_SOURCE -Iinclude -Ibuild/gen -I$FUZZ -g -O1 \
	-fno-omit-frame-pointer -fsanitize=fuzzer,address,undefined \
	-fno-sanitize-recover=all -Wall -Wextra -Werror"

build_one() {
	h=$1
	bin=$OUT/$h
	srcs="$FUZZ/$h.c $FUZZ/support.c $(sources "$h")"
	# Rebuilt when a source or header is newer than the binary.
	if [ -x "$bin" ] && [ -z "$(find $srcs include/capinit "$FUZZ"/*.h "$FUZZ/run.sh" -newer "$bin" 2>/dev/null | head -n 1)" ]; then
		return 0
	fi
	mkdir -p "$OUT"
	echo "  FUZZ-CC $bin"
	# shellcheck disable=SC2086
	$CC_FUZZ $CFLAGS_FUZZ -o "$bin.tmp" $srcs $(libs "$h")
	mv "$bin.tmp" "$bin"
}

# Directories or files of a harness to replay: the corpus and the crashers.
inputs() {
	for d in "$FUZZ/corpus/$1" "$FUZZ/crashers/$1"; do
		[ -d "$d" ] && [ -n "$(ls -A "$d")" ] && printf '%s\n' "$d"
	done
	return 0
}

replay_one() {
	h=$1
	dirs=$(inputs "$h")
	[ -n "$dirs" ] || {
		echo "$h: nothing to replay"
		return 0
	}
	log=$OUT/logs/$h.replay.log
	mkdir -p "$OUT/logs"
	# -runs=0 runs every file of the directories once and fuzzes nothing.
	# shellcheck disable=SC2086
	mkdir -p "$OUT/artifacts/replay"
	if "$OUT/$h" -runs=0 -close_fd_mask=2 -artifact_prefix="$OUT/artifacts/replay/$h-" $dirs >"$log" 2>&1; then
		echo "$h: replayed $(find $dirs -type f | wc -l) inputs: ok"
	else
		echo "$h: REPLAY FAILED (log: $log)"
		sed -n '/==ERROR\|runtime error\|property violated/,/^SUMMARY/p' "$log" | head -n 40
		grep -E '^(MS:|Base64:|artifact_prefix)' "$log" || true
		return 1
	fi
}

fuzz_one() {
	h=$1
	work=$OUT/corpus/$h
	art=$OUT/artifacts/$h
	log=$OUT/logs/$h.log
	rm -rf "$art"
	mkdir -p "$work" "$art" "$OUT/logs"
	seeds=""
	[ -d "$FUZZ/corpus/$h" ] && seeds="$FUZZ/corpus/$h"
	dict=""
	[ -f "$FUZZ/dict/$h.dict" ] && dict="-dict=$FUZZ/dict/$h.dict"
	# -close_fd_mask=2: capinit's own error lines (one per refused input)
	# would drown the log; libFuzzer and sanitizer reports still show.
	# FUZZ_KEEP_GOING=1: fork mode, which records a crash and goes on, so that
	# a known defect does not end the campaign in its first second.
	keep=""
	[ "${FUZZ_KEEP_GOING:-0}" = 1 ] && keep="-fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1"
	# shellcheck disable=SC2086
	if "$OUT/$h" -max_total_time="$FUZZ_SECONDS" -print_final_stats=1 -close_fd_mask=2 \
		-timeout=10 -rss_limit_mb=2048 -max_len=4096 -artifact_prefix="$art/" $dict $keep \
		"$work" $seeds >"$log" 2>&1; then
		rc=0
	else
		rc=$?
	fi
	# In fork mode a crash does not change the exit status: look for files.
	[ "$rc" = 0 ] && [ -n "$(ls -A "$art")" ] && rc=3
	summary "$h" "$log" "$rc"
	return "$rc"
}

# One line per harness: executions, coverage, features, corpus.
summary() {
	h=$1 log=$2 rc=$3
	last=$(grep -E '^#[0-9]+' "$log" | tail -n 1)
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
	[ -n "$runs" ] || runs=$(printf '%s\n' "$last" | sed -n 's/^#\([0-9]*\).*/\1/p')
	cov=$(printf '%s\n' "$last" | sed -n 's/.* cov: \([0-9]*\).*/\1/p')
	ft=$(printf '%s\n' "$last" | sed -n 's/.* ft: \([0-9]*\).*/\1/p')
	corp=$(printf '%s\n' "$last" | sed -n 's/.* corp: \([^ ]*\).*/\1/p')
	if [ "$rc" = 0 ]; then
		echo "$h: ok: runs ${runs:-?} cov ${cov:-?} ft ${ft:-?} corpus ${corp:-?}"
	else
		echo "$h: CRASH (exit $rc): runs ${runs:-?} cov ${cov:-?} ft ${ft:-?}; log $log;" \
			"$(ls "$OUT/artifacts/$h" | wc -l) artifacts in $OUT/artifacts/$h, e.g.:"
		ls "$OUT/artifacts/$h" | head -n 3 | sed 's/^/    /'
		grep -E '^(==[0-9]+==ERROR|SUMMARY|.*runtime error|.*property violated)' "$log" | sed 's/==[0-9]*==//; s/0x[0-9a-f]*/0x/g' | sort | uniq -c | sort -rn | head -n 5 | sed 's/^/    /'
	fi
}

merge_one() {
	h=$1
	new=$OUT/merge/$h
	rm -rf "$new"
	mkdir -p "$new" "$FUZZ/corpus/$h" "$OUT/corpus/$h"
	"$OUT/$h" -merge=1 -close_fd_mask=2 -max_len=4096 -artifact_prefix="$OUT/artifacts/merge-$h-" "$new" "$FUZZ/corpus/$h" "$OUT/corpus/$h" \
		>"$OUT/logs/$h.merge.log" 2>&1
	rm -f "$FUZZ/corpus/$h"/*
	cp "$new"/* "$FUZZ/corpus/$h"/
	echo "$h: corpus $(ls "$FUZZ/corpus/$h" | wc -l) files, $(du -sk "$FUZZ/corpus/$h" | cut -f1) KB"
}

mode=fuzz
case "${1:-}" in
build | replay | merge | fuzz)
	mode=$1
	shift
	;;
esac
harnesses=${*:-$ALL}

for h in $harnesses; do
	sources "$h" >/dev/null
	build_one "$h"
done
[ "$mode" = build ] && exit 0

failed=""
case "$mode" in
replay)
	for h in $harnesses; do replay_one "$h" || failed="$failed $h"; done
	;;
merge)
	for h in $harnesses; do merge_one "$h"; done
	;;
fuzz)
	mkdir -p "$OUT/logs"
	echo "fuzzing each of: $harnesses for ${FUZZ_SECONDS}s, $FUZZ_JOBS at a time"
	# In batches of FUZZ_JOBS; each prints its summary line when its batch ends.
	# shellcheck disable=SC2086
	set -- $harnesses
	while [ $# -gt 0 ]; do
		jobs=""
		while [ $# -gt 0 ] && [ "$(printf '%s' "$jobs" | wc -w)" -lt "$FUZZ_JOBS" ]; do
			fuzz_one "$1" >"$OUT/logs/$1.summary" 2>&1 &
			jobs="$jobs $!:$1"
			shift
		done
		for j in $jobs; do
			wait "${j%%:*}" || failed="$failed ${j#*:}"
			cat "$OUT/logs/${j#*:}.summary"
		done
	done
	;;
esac
if [ -n "$failed" ]; then
	echo "failed:" $failed >&2
	exit 1
fi
