#!/usr/bin/env bash
# Runs the Bats suites (TAP on stdout) and closes with one summary line,
# "N passed, N failed, N skipped"; the exit status is bats'.
set -uo pipefail
mkdir -p build
bats --timing "$@" | tee build/test.tap
rc=${PIPESTATUS[0]}
skipped=$(grep -cE '^ok .* # skip' build/test.tap)
passed=$(($(grep -cE '^ok ' build/test.tap) - skipped))
failed=$(grep -cE '^not ok ' build/test.tap)
echo "$passed passed, $failed failed, $skipped skipped"
exit "$rc"
