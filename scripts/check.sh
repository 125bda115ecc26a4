#!/bin/sh
# make check: the Bats suites against a glibc build of capinit with
# AddressSanitizer and UndefinedBehaviorSanitizer, then valgrind memcheck on
# the static musl binary along its main paths.
#   build/asan/capinit          gcc, dynamic, -lcap-ng (libcap-ng-dev)
#   build/asan/reports/         every sanitizer report, printed at the end
#   build/check/                logs of the main paths (ASan build, valgrind)
# Skipped suites: containers.bats and any other suite that loads
# test/lib/oci.bash (legacy.bats): a dynamic glibc binary cannot run in their
# busybox root file systems; fuzz.bats: its own clang build.
# Exit status: non-zero when the build, a suite, a sanitizer or valgrind failed.
set -u

cd "$(dirname "$0")/.."
ROOT=$PWD
ASAN=build/asan
REPORTS=$ROOT/$ASAN/reports
VG=$ROOT/build/check
SAN="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all"
failed=""
results=""

note() { results="$results$1
"; }

echo "== build: $ASAN/capinit (gcc, glibc, ASan + UBSan)"
if ! make --no-print-directory BUILD="$ASAN" CC=gcc STATIC=0 CFLAGS="-O1 -g $SAN" LDFLAGS="$SAN"; then
	echo "check: the sanitizer build failed" >&2
	exit 1
fi
# The suites' helpers and the static binary for valgrind: the default build.
if ! make --no-print-directory all helpers; then
	echo "check: the default build failed" >&2
	exit 1
fi

# Reports go to files as well as being fatal: capinit is PID 1 and the app's
# supervisor, and a suite does not always look at its stderr. The directory is
# world-writable because the child process may already run as another user.
rm -rf "$REPORTS"
mkdir -p "$REPORTS"
chmod 1777 "$REPORTS"
# Leak detection stays on: capinit's own allocations are mmap (arena.h,
# file.c), which LeakSanitizer does not see, so any leak it reports is a
# malloc in capinit, glibc or libcap-ng.
ASAN_OPTIONS="log_path=$REPORTS/asan:detect_leaks=1:detect_stack_use_after_return=1:strict_string_checks=1:check_initialization_order=1:detect_invalid_pointer_pairs=0"
UBSAN_OPTIONS="log_path=$REPORTS/ubsan:print_stacktrace=1:halt_on_error=1"
export ASAN_OPTIONS UBSAN_OPTIONS

for suite in test/*.bats; do
	case "$suite" in
	test/fuzz.bats) continue ;;
	esac
	# containers.bats, legacy.bats: OCI bundles with a busybox root file
	# system (test/lib/oci.bash), where a dynamic glibc binary cannot run.
	if [ "$suite" = test/containers.bats ] || grep -q '^load lib/oci' "$suite"; then
		note "skip   $suite (runs capinit in a busybox root file system)"
		continue
	fi
	echo "== bats $suite (CAPINIT=$ASAN/capinit)"
	if SANITIZED=1 CAPINIT="$ROOT/$ASAN/capinit" bats --timing "$suite"; then
		note "ok     $suite"
	else
		note "FAILED $suite"
		failed="$failed $suite"
	fi
done

reports=$(find "$REPORTS" -type f 2>/dev/null | sort)
if [ -n "$reports" ]; then
	echo "== sanitizer reports"
	for r in $reports; do
		echo "--- $r"
		cat "$r"
	done
	note "FAILED sanitizer reports: $(echo "$reports" | wc -l) (in $REPORTS)"
	failed="$failed sanitizers"
else
	note "ok     no ASan/UBSan/LSan report"
fi
unset ASAN_OPTIONS UBSAN_OPTIONS

# --- main paths: the sanitizer build, then valgrind memcheck on the static
# binary (the shipped build/capinit: static musl, stripped, so frames show as
# addresses). --trace-children=no: the app capinit runs is not capinit's code.
rm -rf "$VG"
mkdir -p "$VG"
chmod 1777 "$VG"
BIN=$ROOT/build/capinit
VGRIND="valgrind --tool=memcheck --error-exitcode=99 --track-origins=yes --trace-children=no"

# memcheck NAME EXPECTED-STATUS COMMAND...: runs COMMAND, compares the status
# and looks for memcheck errors in the log (build/check/KIND-NAME.log).
memcheck() {
	name=$1 want=$2
	shift 2
	log=$VG/$KIND-$name.log
	"$@" >"$VG/$KIND-$name.out" 2>"$log"
	got=$?
	if [ "$got" = "$want" ] && ! grep -q 'ERROR SUMMARY: [1-9]' "$log"; then
		note "ok     $KIND: $name (status $got)"
	else
		note "FAILED $KIND: $name (status $got, wanted $want; log $log)"
		failed="$failed $KIND:$name"
		cat "$log"
	fi
}

# A scratch /etc with the fixture passwd and group, in a private mount namespace.
with_fixtures() {
	unshare --mount sh -c 'mount --bind "$1/passwd" /etc/passwd && mount --bind "$1/group" /etc/group && shift && exec "$@"' \
		sh "$ROOT/test/fixtures/etc" "$@"
}
printf 'user = app\nthis is not a setting\n' >"$VG/bad.conf"
chmod 644 "$VG/bad.conf"

# The main paths: NAME EXPECTED-STATUS [wrapper] then the command, run by
# paths RUNNER... where RUNNER is valgrind's command line or nothing.
paths() {
	memcheck plain-init 7 "$@" "$BIN" -- sh -c 'exit 7'
	memcheck plain-init-pid1 3 unshare --pid --fork --mount-proc "$@" "$BIN" -- sh -c 'exit 3'
	memcheck print-user-caps 0 with_fixtures "$@" "$BIN" --print -u app --group-add audio \
		--cap-drop ALL --cap-add NET_BIND_SERVICE,cap_net_raw
	memcheck print-config-env 0 with_fixtures env CAPINIT_USER=other:extra CAPINIT_NO_NEW_PRIVILEGES=yes \
		"$@" "$BIN" --print -vv -p SIGTERM
	memcheck run-as-user 0 with_fixtures "$@" "$BIN" -u app --cap-add NET_BIND_SERVICE -- true
	memcheck exec-as-user 0 with_fixtures "$@" "$BIN" --exec -u 1000:1000 --no-new-privileges -- true
	memcheck refused-config 125 "$@" "$BIN" -c "$VG/bad.conf" -- true
	memcheck refused-user 125 with_fixtures "$@" "$BIN" -u nosuchuser -- true
	memcheck refused-cap 125 "$@" "$BIN" --cap-add NOT_A_CAP -- true
	memcheck refused-option 125 "$@" "$BIN" --grace=-1 -- true
}

# The same paths with the sanitizer build: the suites do not take them all.
echo "== main paths: $ASAN/capinit"
rm -rf "$REPORTS"
mkdir -p "$REPORTS"
chmod 1777 "$REPORTS"
ASAN_OPTIONS="log_path=$REPORTS/asan:detect_leaks=1:detect_stack_use_after_return=1:strict_string_checks=1"
UBSAN_OPTIONS="log_path=$REPORTS/ubsan:print_stacktrace=1:halt_on_error=1"
export ASAN_OPTIONS UBSAN_OPTIONS
BIN=$ROOT/$ASAN/capinit
KIND=asan
paths
unset ASAN_OPTIONS UBSAN_OPTIONS
reports=$(find "$REPORTS" -type f 2>/dev/null | sort)
if [ -n "$reports" ]; then
	for r in $reports; do
		echo "--- $r"
		cat "$r"
	done
	note "FAILED sanitizer reports on the main paths: $(echo "$reports" | wc -l) (in $REPORTS)"
	failed="$failed sanitizers:paths"
fi

BIN=$ROOT/build/capinit
KIND=valgrind
if command -v valgrind >/dev/null 2>&1; then
	echo "== valgrind memcheck: $BIN"
	paths $VGRIND
	grep -q '^uid: 1000$' "$VG/valgrind-print-user-caps.out" || {
		note "FAILED valgrind: print-user-caps printed no 'uid: 1000'"
		failed="$failed valgrind:print-output"
	}
else
	note "FAILED valgrind not installed (apt-get install valgrind)"
	failed="$failed valgrind"
fi

echo "== check summary"
printf '%s' "$results"
if [ -n "$failed" ]; then
	echo "check: FAILED:$failed" >&2
	exit 1
fi
echo "check: all passed"
