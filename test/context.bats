#!/usr/bin/env bats
# The security context: settings, sources, resolution against the image's
# /etc files, the capability arithmetic and the privilege drop, read from
# the app's own /proc/self/status.
bats_require_minimum_version 1.5.0
load test_helper

# Docker's default 14 capabilities, and single bits.
DEFAULT14=00000000a80425fb
NET_BIND=0000000000000400
NONE=0000000000000000

# The app: prints its own credentials (sh reads its own /proc/self/status).
STATUS='while IFS= read -r l; do case "$l" in Uid:*|Gid:*|Groups:*|Cap*|NoNewPrivs:*) echo "$l";; esac; done </proc/self/status; echo "HOME=$HOME"'

setup() {
	image_setup
}

teardown() {
	image_teardown
}


# Runs capinit in the image; the app prints its status. Tabs become spaces.
app_status() {
	run --separate-stderr in_image "$CAPINIT" "$@" -- sh -c "$STATUS"
	output="${output//$'\t'/ }"
	mapfile -t lines <<<"$output"
}

# Runs capinit in the image with an app that would leave a marker: a refusal
# must exit 125 with exactly one line on stderr, and the app must not run.
refused() {
	run --separate-stderr in_image "$CAPINIT" "$@" -- touch "$MARKER"
	assert_equal "$status" 125
	assert_equal "${#stderr_lines[@]}" 1
	[ ! -e "$MARKER" ] || fail "the app ran"
}

caps_line() { # caps_line NAME MASK
	assert_line "Cap$1: $2"
}

# --- user and groups -------------------------------------------------------

@test "user by name: uid, gid, /etc/group memberships, HOME, no capabilities left" {
	app_status -u app
	assert_success
	assert_line "Uid: 1000 1000 1000 1000"
	assert_line "Gid: 1000 1000 1000 1000"
	assert_line "Groups: 1001 2000 "
	assert_line "HOME=/home/app"
	caps_line Prm "$NONE"
	caps_line Eff "$NONE"
	caps_line Inh "$NONE"
	caps_line Amb "$NONE"
}

@test "numeric uid with a passwd entry takes its gid and home" {
	app_status -u 1001
	assert_success
	assert_line "Uid: 1001 1001 1001 1001"
	assert_line "Gid: 1001 1001 1001 1001"
	assert_line "Groups: 29 2000 "
	assert_line "HOME=/home/other"
}

@test "numeric uid without a passwd entry: gid 0, HOME /, no groups" {
	app_status -u 4242
	assert_success
	assert_line "Uid: 4242 4242 4242 4242"
	assert_line "Gid: 0 0 0 0"
	assert_line --regexp "^Groups: *$"
	assert_line "HOME=/"
}

@test "numeric uid is never looked up as a name, and works without /etc/passwd" {
	rm "$IMAGE_ETC/passwd"
	app_status -u 1000
	assert_success
	assert_line "Uid: 1000 1000 1000 1000"
	assert_line "Gid: 0 0 0 0"
}

@test "user:group by name: only that group, no memberships" {
	app_status -u app:audio
	assert_success
	assert_line "Gid: 29 29 29 29"
	assert_line "Groups: 29 "
}

@test "user:gid numeric" {
	app_status -u 1000:3333
	assert_success
	assert_line "Uid: 1000 1000 1000 1000"
	assert_line "Gid: 3333 3333 3333 3333"
	assert_line "Groups: 3333 "
}

@test "empty home in passwd gives HOME=/" {
	app_status -u nohome
	assert_success
	assert_line "HOME=/"
}

@test "group_add adds names and ids to the memberships (merge)" {
	app_status -u app --group-add users,4000
	assert_success
	assert_line "Groups: 100 1001 2000 4000 "
}

@test "supplemental_groups_policy strict: only group_add" {
	app_status -u app --group-add users --supplemental-groups-policy strict
	assert_success
	assert_line "Groups: 100 "
}

@test "group_add without a user changes only the groups" {
	app_status --group-add users --supplemental-groups-policy strict
	assert_success
	assert_line "Uid: 0 0 0 0"
	assert_line "Groups: 100 "
}

# --- capabilities ------------------------------------------------------------

@test "kubernetes 56374: non-root user keeps an added capability (ambient)" {
	app_status -u app --cap-drop ALL --cap-add NET_BIND_SERVICE
	assert_success
	assert_line "Uid: 1000 1000 1000 1000"
	caps_line Bnd "$NET_BIND"
	caps_line Prm "$NET_BIND"
	caps_line Eff "$NET_BIND"
	caps_line Inh "$NET_BIND"
	caps_line Amb "$NET_BIND"
}

@test "non-root: the defaults stay in bounding only, never in the other sets" {
	app_status -u app --cap-add cap_net_admin
	assert_success
	caps_line Bnd 00000000a80435fb
	caps_line Prm 0000000000001000
	caps_line Amb 0000000000001000
}

@test "root target: drops from Docker's default set, in bounding, permitted, effective" {
	app_status --cap-drop NET_RAW,chown
	assert_success
	assert_line "Uid: 0 0 0 0"
	caps_line Bnd 00000000a80405fa
	caps_line Prm 00000000a80405fa
	caps_line Eff 00000000a80405fa
	caps_line Inh "$NONE"
	caps_line Amb "$NONE"
}

@test "names: any case, with or without CAP_" {
	app_status --cap-drop all --cap-add Cap_Chown,kill,CAP_SETUID
	assert_success
	caps_line Eff 00000000000000a1
}

@test "privileged: the whole bounding set capinit was given" {
	local bnd
	bnd=$(awk '/^CapBnd/ {print $2}' /proc/self/status)
	app_status --privileged
	assert_success
	caps_line Bnd "$bnd"
	caps_line Eff "$bnd"
}

@test "privileged with a drop" {
	app_status --privileged --cap-drop sys_admin
	assert_success
	refute_line --regexp '^CapEff: .*(2|3|6|7|a|b|e|f)[0-9a-f]{5}$'
}

@test "cap_drop ALL for root: every set empty" {
	app_status --cap-drop ALL
	assert_success
	for set in Bnd Prm Eff Inh Amb; do caps_line "$set" "$NONE"; done
}

@test "no_new_privileges" {
	app_status --no-new-privileges
	assert_success
	assert_line "NoNewPrivs: 1"
}

@test "the app cannot regain root or capabilities" {
	run in_image "$CAPINIT" -u app --cap-drop ALL --cap-add NET_BIND_SERVICE -- "$HELPERS/ctx_regain"
	assert_success
	assert_line "setresuid(0): Operation not permitted"
	assert_line "capset(all): Operation not permitted"
}

@test "a root target with dropped caps does not regain them on a further exec" {
	run in_image "$CAPINIT" --cap-drop ALL --cap-add CHOWN -- sh -c 'exec sh -c "grep -E \"^Cap(Eff|Bnd)\" /proc/self/status"'
	assert_success
	assert_line --regexp "^CapEff:.0000000000000001$"
	assert_line --regexp "^CapBnd:.0000000000000001$"
}

# --- settings sources ----------------------------------------------------------

@test "environment: CAPINIT_* settings, removed from the app's environment" {
	run in_image env CAPINIT_USER=app CAPINIT_CAP_DROP=ALL CAPINIT_CAP_ADD=NET_BIND_SERVICE \
		"$CAPINIT" -- sh -c 'id -u; env | grep -c "^CAPINIT_" || true; grep ^CapAmb /proc/self/status'
	assert_success
	assert_line 1000
	assert_line 0
	assert_line --regexp "^CapAmb:.$NET_BIND$"
}

@test "precedence: config file < environment < command line" {
	printf 'user = other\ncap_drop = ALL\n' >"$IMAGE_ETC/capinit.conf"
	run in_image "$CAPINIT" -- id -u
	assert_output 1001
	run in_image env CAPINIT_USER=app "$CAPINIT" -- id -u
	assert_output 1000
	run in_image env CAPINIT_USER=app "$CAPINIT" -u nobody -- id -u
	assert_output 65534
}

@test "-c FILE replaces /etc/capinit.conf; CAPINIT_CONFIG adds to it" {
	printf 'user = other\n' >"$IMAGE_ETC/capinit.conf"
	printf 'no_new_privileges = yes\n' >"$BATS_TEST_TMPDIR/extra.conf"
	run in_image "$CAPINIT" -c "$BATS_TEST_TMPDIR/extra.conf" -- sh -c 'id -u; grep ^NoNewPrivs /proc/self/status'
	assert_line 0
	assert_line --regexp '^NoNewPrivs:.1$'
	run in_image env CAPINIT_CONFIG="$BATS_TEST_TMPDIR/extra.conf" "$CAPINIT" -- sh -c 'id -u; grep ^NoNewPrivs /proc/self/status'
	assert_line 1001
	assert_line --regexp '^NoNewPrivs:.1$'
}

@test "allow_env = false in the image's config ignores CAPINIT_* (with a message)" {
	printf '# the image author decides\nallow_env = false\nuser = other\n' >"$IMAGE_ETC/capinit.conf"
	run --separate-stderr in_image env CAPINIT_USER=root CAPINIT_CONFIG=/dev/null "$CAPINIT" -- id -u
	assert_success
	assert_output 1001
	assert_equal "$stderr" "capinit: ignoring CAPINIT_* variables: allow_env = false"
}

@test "config keys: booleans in every spelling, comments, blank lines, spaces" {
	printf '\n# comment\n  no_new_privileges   =   On  \n\nexec=TRUE\n' >"$IMAGE_ETC/capinit.conf"
	run in_image "$CAPINIT" -- sh -c 'echo $$; grep ^NoNewPrivs /proc/self/status'
	assert_success
	assert_line --regexp '^NoNewPrivs:.1$'
}

@test "exec mode: capinit becomes the app (same pid, no supervisor)" {
	run pid1 "$CAPINIT" --exec -u nobody -- sh -c 'echo $$; id -u'
	assert_success
	assert_line --index 0 1
	assert_line --index 1 65534
	run pid1 "$CAPINIT" -u nobody -- sh -c 'echo $$'
	assert_output 2
}

@test "--print shows the plan and where each setting came from, and changes nothing" {
	run --separate-stderr in_image env CAPINIT_CAP_ADD=NET_BIND_SERVICE "$CAPINIT" --print -u app --cap-drop ALL
	assert_success
	assert_line "uid: 1000"
	assert_line "gid: 1000"
	assert_line "groups: 1001,2000"
	assert_line "home: /home/app"
	assert_line "bounding: net_bind_service"
	assert_line "permitted: net_bind_service"
	assert_line "ambient: net_bind_service"
	assert_line "no_new_privs: no"
	assert_line "  cap_add = NET_BIND_SERVICE (environment: CAPINIT_CAP_ADD)"
	assert_line "  user = app (command line: --user)"
	[ "$(id -u)" = 0 ]
}

@test "nothing configured: no credential change at all" {
	local want
	want=$(grep -E '^(Uid|Gid|Groups|Cap|NoNewPrivs)' /proc/self/status)
	run "$CAPINIT" -- grep -E '^(Uid|Gid|Groups|Cap|NoNewPrivs)' /proc/self/status
	assert_success
	assert_output "$want"
}

@test "already the target user (runAsUser): a no-op, not an error" {
	run --separate-stderr in_image setpriv --reuid=1000 --regid=1000 --groups=4000 --inh-caps=-all \
		"$CAPINIT" -u app -- id
	assert_success
	assert_output "uid=1000(app) gid=1000(app) groups=1000(app),4000"
}

@test "AT_SECURE (file capabilities): the environment is never trusted" {
	local dir fcap
	dir=$(mktemp -d /tmp/capinit-fcap.XXXXXX)
	fcap="$dir/capinit"
	cp "$CAPINIT" "$fcap"
	chmod 0755 "$dir" "$fcap"
	setcap cap_net_bind_service=p "$fcap"
	# As under Kubernetes' restricted policy (drop ALL, add NET_BIND_SERVICE),
	# the runtime's bounding set is already just that capability.
	run --separate-stderr in_image setpriv --bounding-set=-all,+net_bind_service --reuid=1000 --regid=1000 --clear-groups \
		env CAPINIT_CAP_ADD=NET_BIND_SERVICE "$fcap" -- grep ^CapAmb /proc/self/status
	assert_success
	assert_output --regexp "^CapAmb:.$NONE$"
	assert_equal "$stderr" "capinit: ignoring CAPINIT_* variables: running with AT_SECURE"
	run in_image setpriv --bounding-set=-all,+net_bind_service --reuid=1000 --regid=1000 --clear-groups \
		"$fcap" --cap-drop ALL --cap-add NET_BIND_SERVICE -- grep ^CapAmb /proc/self/status
	assert_success
	assert_output --regexp "^CapAmb:.$NET_BIND$"
	rm -rf "$dir"
}

@test "make CONFIG=file bakes a config into the binary" {
	printf 'user = app\nallow_env = false\n' >"$BATS_TEST_TMPDIR/builtin.conf"
	run make -C "$ROOT" -s BUILD="$BATS_TEST_TMPDIR/b" LIBCAPNG_DIR="$ROOT/build/libcap-ng" \
		CONFIG="$BATS_TEST_TMPDIR/builtin.conf" "$BATS_TEST_TMPDIR/b/capinit"
	assert_success
	run --separate-stderr in_image env CAPINIT_USER=root "$BATS_TEST_TMPDIR/b/capinit" -- id -u
	assert_success
	assert_output 1000
	run in_image "$BATS_TEST_TMPDIR/b/capinit" --print
	assert_line "  user = app (built-in: built-in config:1)"
}

# --- bad input: exit 125, one line naming the source and the value, no app ----

@test "control: an app running as a non-root user can leave the marker" {
	run in_image "$CAPINIT" -u app -- touch "$MARKER"
	assert_success
	[ -e "$MARKER" ]
}

@test "refused: unknown user, unknown group, unknown group_add" {
	refused -u nosuch
	assert_equal "$stderr" "capinit: --user: unknown user: nosuch"
	refused -u app:nosuch
	assert_equal "$stderr" "capinit: --user: unknown group: nosuch"
	refused -u app --group-add users,nosuch
	assert_equal "$stderr" "capinit: --group-add: unknown group: nosuch"
}

@test "refused: empty user, ':group' without user, 'user:' without group" {
	CAPINIT_USER= refused
	assert_equal "$stderr" "capinit: CAPINIT_USER: empty value"
	refused -u :app
	assert_equal "$stderr" "capinit: --user: empty user name: :app"
	refused -u app:
	assert_equal "$stderr" "capinit: --user: empty group after ':': app:"
}

@test "refused: ids out of range, negative, with junk" {
	for bad in 2147483648 99999999999999999999 -1 +5 12ab 1000:-1 1000:2147483648 1000:7x; do
		refused -u "$bad"
		[[ "$stderr" == "capinit: --user: "*"out of range 0..2147483647 or malformed: "* ]] ||
			fail "$bad: $stderr"
	done
}

@test "refused: malformed passwd entry for the asked user names file and line" {
	refused -u broken
	assert_equal "$stderr" "capinit: /etc/passwd:7: malformed entry: broken"
	refused -u short
	assert_equal "$stderr" "capinit: /etc/passwd:8: malformed entry: short"
}

@test "refused: missing or unreadable /etc/passwd for a user name" {
	rm "$IMAGE_ETC/passwd"
	refused -u app
	assert_equal "$stderr" "capinit: --user: cannot read /etc/passwd (No such file or directory): app"
}

@test "refused: unknown capability, empty item, same cap added and dropped, ALL in both" {
	refused --cap-add NET_FOO
	assert_equal "$stderr" "capinit: --cap-add: unknown capability: NET_FOO"
	refused --cap-add chown,,kill
	assert_equal "$stderr" "capinit: --cap-add: empty capability name in list: chown,,kill"
	CAPINIT_CAP_DROP=cap_kill refused --cap-add KILL
	assert_equal "$stderr" "capinit: --cap-add: capability is both added and dropped: kill"
	refused --cap-add all --cap-drop ALL
	assert_equal "$stderr" "capinit: --cap-add: ALL is both added and dropped: ALL"
}

@test "refused: bad booleans and numbers, in every source" {
	CAPINIT_PRIVILEGED=maybe refused
	assert_equal "$stderr" "capinit: CAPINIT_PRIVILEGED: not a boolean (1/0, true/false, yes/no, on/off): maybe"
	refused --no-new-privileges=2
	assert_equal "$stderr" "capinit: --no-new-privileges: not a boolean (1/0, true/false, yes/no, on/off): 2"
	printf 'exec = perhaps\n' >"$IMAGE_ETC/capinit.conf"
	refused
	assert_equal "$stderr" "capinit: /etc/capinit.conf:1: not a boolean (1/0, true/false, yes/no, on/off): perhaps"
	rm "$IMAGE_ETC/capinit.conf"
	CAPINIT_VERBOSITY=9 refused
	assert_equal "$stderr" "capinit: CAPINIT_VERBOSITY: not a number in range: 9"
}

@test "refused: config file errors name file and line" {
	printf 'user = app\nthis is not a setting\n' >"$IMAGE_ETC/capinit.conf"
	refused
	assert_equal "$stderr" "capinit: /etc/capinit.conf:2: malformed line, expected key = value: this is not a setting"
	printf 'user = app\n\nuser = other\n' >"$IMAGE_ETC/capinit.conf"
	refused
	assert_equal "$stderr" "capinit: /etc/capinit.conf:3: duplicate key: user"
	printf 'usr = app\n' >"$IMAGE_ETC/capinit.conf"
	refused
	assert_equal "$stderr" "capinit: /etc/capinit.conf:1: unknown key: usr"
	printf 'user =\n' >"$IMAGE_ETC/capinit.conf"
	refused
	assert_equal "$stderr" "capinit: /etc/capinit.conf:1: empty value"
}

@test "refused: an explicitly named config file that cannot be read" {
	refused -c /nonexistent.conf
	assert_equal "$stderr" "capinit: /nonexistent.conf: No such file or directory"
	CAPINIT_CONFIG=/nonexistent.conf refused
	assert_equal "$stderr" "capinit: /nonexistent.conf: No such file or directory"
	refused -c /etc
	assert_equal "$stderr" "capinit: /etc: is a directory"
}

@test "refused: unknown CAPINIT_ variable" {
	CAPINIT_CAP_ADDD=NET_RAW refused
	assert_equal "$stderr" "capinit: environment: unknown variable: CAPINIT_CAP_ADDD=NET_RAW"
}

@test "refused: run_as_non_root with uid 0, by number, by an alias name, or by default" {
	refused --run-as-non-root -u 0
	assert_equal "$stderr" "capinit: --user: run_as_non_root refuses uid 0: 0"
	refused --run-as-non-root -u toor
	assert_equal "$stderr" "capinit: --user: run_as_non_root refuses uid 0: toor"
	CAPINIT_RUN_AS_NON_ROOT=1 refused
	assert_equal "$stderr" "capinit: CAPINIT_RUN_AS_NON_ROOT: run_as_non_root refuses uid 0: 0"
	run in_image "$CAPINIT" --run-as-non-root -u app -- id -u
	assert_output 1000
}

@test "refused: a switch without CAP_SETUID / CAP_SETGID (withheld, or started non-root)" {
	refused_setpriv() {
		run --separate-stderr in_image setpriv "$@" -- touch "$MARKER"
		assert_equal "$status" 125
		[ ! -e "$MARKER" ] || fail "the app ran"
	}
	refused_setpriv --bounding-set=-setuid --inh-caps=-all "$CAPINIT" -u app
	assert_equal "$stderr" "capinit: --user: switching user needs CAP_SETUID, which capinit does not hold: 1000"
	refused_setpriv --bounding-set=-setgid --inh-caps=-all "$CAPINIT" -u app
	assert_equal "$stderr" "capinit: --user: switching group needs CAP_SETGID, which capinit does not hold: 1000"
	refused_setpriv --bounding-set=-setgid --inh-caps=-all "$CAPINIT" --group-add users
	assert_equal "$stderr" "capinit: --group-add: changing groups needs CAP_SETGID, which capinit does not hold"
	refused_setpriv --reuid=1000 --regid=1000 --clear-groups "$CAPINIT" -u other
	assert_equal "$stderr" "capinit: --user: switching user needs CAP_SETUID, which capinit does not hold: 1001"
	refused_setpriv --bounding-set=-setpcap --inh-caps=-all "$CAPINIT" --cap-drop NET_RAW
	assert_equal "$stderr" "capinit: --cap-drop: trimming the bounding set needs CAP_SETPCAP, which capinit does not hold"
}

@test "refused: an added capability capinit does not hold names the fix" {
	run --separate-stderr in_image setpriv --bounding-set=-net_admin --inh-caps=-all "$CAPINIT" -u app --cap-add NET_ADMIN -- touch "$MARKER"
	assert_equal "$status" 125
	[ ! -e "$MARKER" ]
	assert_equal "$stderr" "capinit: --cap-add: capinit does not hold it; grant it to the container (docker run --cap-add NET_ADMIN, or securityContext.capabilities.add: [NET_ADMIN]): net_admin"
}

@test "fault: a failing setgroups, setresgid, setresuid or capset stops everything" {
	for sc in setgroups setresgid setresuid capset; do
		run --separate-stderr in_image "$HELPERS/ctx_fakesys" "$sc" 1 "$CAPINIT" -u app --cap-add KILL -- touch "$MARKER"
		assert_equal "$status" 125
		[ ! -e "$MARKER" ] || fail "$sc: the app ran"
		# (with capset faked, PID 1's own drop fails too and says so)
		[[ "${stderr_lines[-1]}" =~ ^capinit:\ privilege\ drop:\ (setgroups|setresgid|setresuid|capng_apply.*):\ Operation\ not\ permitted$ ]] ||
			fail "$sc: $stderr"
	done
}

@test "fault: a syscall that lies (returns 0, does nothing) is caught by the read-back" {
	local sc want
	for pair in setgroups:"supplementary groups" setresgid:gid setresuid:uid; do
		sc=${pair%%:*}
		want=${pair#*:}
		run --separate-stderr in_image "$HELPERS/ctx_fakesys" "$sc" 0 "$CAPINIT" -u app --cap-add KILL -- touch "$MARKER"
		assert_equal "$status" 125
		[ ! -e "$MARKER" ] || fail "$sc: the app ran"
		assert_equal "$stderr" "capinit: privilege drop: read-back differs from the plan: $want"
	done
}

@test "fault: no_new_privs that silently fails is caught by the read-back" {
	run --separate-stderr in_image "$HELPERS/ctx_fakesys" prctl 0 "$CAPINIT" --no-new-privileges -- touch "$MARKER"
	assert_equal "$status" 125
	[ ! -e "$MARKER" ]
}

# --- terminal and descriptors ---------------------------------------------------

@test "terminal: an app leaving root cannot push input with TIOCSTI (supervised and exec mode)" {
	run in_image "$HELPERS/ctx_pty" "$CAPINIT" -u app -- "$HELPERS/ctx_sti"
	assert_success
	assert_line --partial "stdin: Operation not permitted"
	refute_line --partial "injected"
	run in_image "$HELPERS/ctx_pty" "$CAPINIT" --exec -u app -- "$HELPERS/ctx_sti"
	assert_success
	refute_line --partial "injected"
}

@test "terminal: the control case without capinit can inject (where the kernel allows TIOCSTI)" {
	[ "$(cat /proc/sys/dev/tty/legacy_tiocsti 2>/dev/null || echo 1)" = 1 ] || skip "TIOCSTI disabled by the kernel"
	run "$HELPERS/ctx_pty" setpriv --reuid=1000 --regid=1000 --clear-groups "$HELPERS/ctx_sti"
	assert_line --partial "stdin: injected"
}

@test "descriptors: none of capinit's own reach the app; inherited ones pass through" {
	local fds='for f in /proc/$$/fd/*; do printf "%s " "${f##*/}"; done'
	printf 'user = app\n' >"$IMAGE_ETC/capinit.conf"
	run in_image sh -c "$fds"
	local want=$output
	run in_image "$CAPINIT" --group-add users -- sh -c "$fds"
	assert_success
	assert_output "$want"
	run in_image sh -c 'exec 7</dev/null; exec "$@"' sh "$CAPINIT" -- sh -c "$fds"
	assert_output --partial " 7 "
}
