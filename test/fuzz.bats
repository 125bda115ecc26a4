#!/usr/bin/env bats
# The libFuzzer harnesses (test/fuzz/*.c, clang with ASan + UBSan) replay
# every corpus file and every crasher once: the parsers still take all the
# inputs fuzzing found interesting, and every defect found stays fixed.
# make fuzz fuzzes for real; this only replays.
bats_require_minimum_version 1.5.0
load test_helper

HARNESSES="text user_spec etc caps signame config env cli"

setup_file() {
	# clang, libFuzzer and cap-ng.h: installed when root, else the tests skip.
	if ! "$ROOT/scripts/deps.sh" fuzz >/dev/null 2>&1; then
		export FUZZ_SKIP="clang, libclang-rt-14-dev or libcap-ng-dev missing (scripts/deps.sh fuzz)"
		return 0
	fi
	"$ROOT/test/fuzz/run.sh" build >&3
}

replay() { # replay HARNESS
	[ -z "${FUZZ_SKIP:-}" ] || skip "$FUZZ_SKIP"
	local h="$1" dir files=()
	for dir in "$ROOT/test/fuzz/corpus/$h" "$ROOT/test/fuzz/crashers/$h"; do
		[ -d "$dir" ] && files+=("$dir")
	done
	[ "${#files[@]}" -gt 0 ] || skip "no inputs for $h"
	# -runs=0: every file of the directories once, no fuzzing.
	run "$ROOT/build/fuzz/$h" -runs=0 -close_fd_mask=2 \
		-artifact_prefix="$BATS_TEST_TMPDIR/" "${files[@]}"
	if [ "$status" -ne 0 ]; then
		# The sanitizer's report and the input, not the whole log.
		printf '%s\n' "$output" | sed -n '/==ERROR\|runtime error\|property violated/,/^SUMMARY/p' | head -n 40
		printf '%s\n' "$output" | grep -E '^(MS:|Base64:)' || true
	fi
	assert_success
	assert_output --partial "INITED"
}

@test "fuzz corpus and crashers replay clean: text (text.h)" {
	replay text
}

@test "fuzz corpus and crashers replay clean: user_spec (user_parse_spec, user_parse_id_or_name)" {
	replay user_spec
}

@test "fuzz corpus and crashers replay clean: etc (user_find_passwd, user_find_group, user_member_groups)" {
	replay etc
}

@test "fuzz corpus and crashers replay clean: caps (caps_parse_list, caps_compute)" {
	replay caps
}

@test "fuzz corpus and crashers replay clean: signame (signame_parse, signame_name)" {
	replay signame
}

@test "fuzz corpus and crashers replay clean: config (config_load_text, config_set)" {
	replay config
}

@test "fuzz corpus and crashers replay clean: env (config_load_env)" {
	replay env
}

@test "fuzz corpus and crashers replay clean: cli (cli_parse)" {
	replay cli
}

@test "every harness has a test here and a seed corpus" {
	[ -z "${FUZZ_SKIP:-}" ] || skip "$FUZZ_SKIP"
	local c h
	for c in "$ROOT"/test/fuzz/*.c; do
		h=$(basename "$c" .c)
		case "$h" in support | check_config) continue ;; esac
		[[ " $HARNESSES " == *" $h "* ]] || fail "harness $h is not replayed here"
		[ -n "$(ls -A "$ROOT/test/fuzz/corpus/$h" 2>/dev/null)" ] || fail "no corpus for $h"
	done
}
