#!/usr/bin/env bats
load test_helper

@test "capinit runs a program and returns its status" {
	run "$CAPINIT" -- sh -c 'exit 7'
	assert_equal "$status" 7
}

@test "the binary is static: no PT_INTERP" {
	[ "$CAPINIT" = "$ROOT/build/capinit" ] || skip "make check runs a dynamic sanitizer build"
	run readelf -lW "$CAPINIT"
	assert_success
	refute_output --partial INTERP
}

# The layout hardening the size work must keep (README, "Size").
@test "the binary is a PIE with full RELRO, a non-executable stack and no W+X segment" {
	[ "$CAPINIT" = "$ROOT/build/capinit" ] || skip "make check runs a dynamic sanitizer build"
	run readelf -hlW "$CAPINIT"
	assert_success
	assert_output --regexp 'Type: +DYN'
	assert_output --partial GNU_RELRO
	assert_output --regexp 'GNU_STACK +(0x0+ +){5}RW '
	refute_output --regexp 'LOAD +.* RWE '
	run readelf -dW "$CAPINIT"
	assert_output --regexp 'FLAGS_1.*NOW'
}

# Issue 5's size target, deterministic, so that a change that crosses it is
# seen at once and not only in the next make bench (README, "Size").
@test "the binary is at most 48 KiB" {
	[ "$CAPINIT" = "$ROOT/build/capinit" ] || skip "make check runs a dynamic sanitizer build"
	local size
	size=$(stat -c %s "$CAPINIT")
	((size <= 48 * 1024)) || fail "build/capinit is $size bytes"
}
