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
