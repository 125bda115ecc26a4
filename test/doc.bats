#!/usr/bin/env bats
# The man page, --help and the code agree; make install puts both in place.
bats_require_minimum_version 1.5.0
load test_helper

rendered() {
	MANWIDTH=200 man -l "$ROOT/doc/capinit.8" 2>/dev/null
}

options_of() {
	grep -oE -- '--[a-z][a-z-]+' | sort -u
}

@test "man page renders without warnings" {
	run groff -man -t -ww -z "$ROOT/doc/capinit.8"
	assert_success
	assert_output ""
}

@test "--help and the man page list the same long options" {
	local help man
	help=$("$CAPINIT" --help | options_of)
	man=$(rendered | options_of | grep -vxE -- '--|--exec=false')
	assert_equal "$man" "$help"
}

@test "every CAPINIT_ variable the man page names is accepted" {
	local vars
	vars=$(rendered | grep -oE 'CAPINIT_[A-Z_]+' | sort -u)
	for v in $vars; do
		case "$v" in
		CAPINIT_CONFIG) continue ;;
		CAPINIT_USER) val=root ;;
		CAPINIT_GROUP_ADD) val=0 ;;
		CAPINIT_SUPPLEMENTAL_GROUPS_POLICY) val=merge ;;
		CAPINIT_CAP_ADD | CAPINIT_CAP_DROP) val=KILL ;;
		CAPINIT_GRACE | CAPINIT_VERBOSITY) val=1 ;;
		CAPINIT_PARENT_DEATH_SIGNAL) val=TERM ;;
		CAPINIT_REWRITE) val=HUP:0 ;;
		CAPINIT_SETUP | CAPINIT_CHOWN) val=/nonexistent ;;
		*) val=0 ;;
		esac
		run --separate-stderr env "$v=$val" "$CAPINIT" --print
		[[ "$stderr" != *"unknown variable"* ]] || fail "$v: $stderr"
	done
}

@test "make install puts the binary and the man page under DESTDIR/PREFIX" {
	run make -C "$ROOT" -s install DESTDIR="$BATS_TEST_TMPDIR/root" PREFIX=/usr
	assert_success
	[ -x "$BATS_TEST_TMPDIR/root/usr/sbin/capinit" ]
	[ -f "$BATS_TEST_TMPDIR/root/usr/share/man/man8/capinit.8" ]
}

@test "--version and --license" {
	run "$CAPINIT" --version
	assert_success
	assert_output --regexp '^capinit version [0-9]+\.[0-9]+\.[0-9]+$'
	run "$CAPINIT" -l
	assert_success
	assert_line --index 0 "capinit is distributed under the MIT License."
}
