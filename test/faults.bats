#!/usr/bin/env bats
# Fault injection: capabilities withheld, setgroups denied, broken and huge
# /etc files and config files, oversized command lines and environments,
# every number at its limits.
#
# The rule, everywhere: a case either works, or exits 125 with exactly one
# line on stderr ("capinit: <source>: <problem>[: <value>]") and the app,
# which would leave a marker in a world-writable directory, never runs.
# doc/bad-inputs.md lists every case with what capinit does.
bats_require_minimum_version 1.5.0
load test_helper

setup() {
	image_setup
	RUN_IN=in_image
	exec </dev/null
}

teardown() {
	image_teardown
}

# The same in a new user namespace where only root is mapped: unshare
# writes "deny" to /proc/self/setgroups, as rootless runtimes do.
in_userns() {
	unshare --user --map-root-user --mount \
		sh -c 'mount --bind "$1" /etc && shift && exec "$@"' sh "$IMAGE_ETC" "$@"
}

# refuses CMD...: CMD (capinit and its options, maybe behind a wrapper) with
# an app that would leave the marker, in $RUN_IN: 125, one line on stderr
# starting with "capinit: ", nothing on stdout, and the app did not run.
refuses() {
	rm -f "$MARKER"
	echo "case: $RUN_IN ${*:1:12}"
	run --separate-stderr "$RUN_IN" "$@" -- touch "$MARKER"
	assert_equal "$status" 125
	assert_equal "${#stderr_lines[@]}" 1
	assert_regex "$stderr" '^capinit: [^:]+(:[0-9]+)?: .'
	assert_equal "$output" ""
	[ ! -e "$MARKER" ] || fail "the app ran"
}

# works CMD...: the same command works, silently, and the app runs.
works() {
	rm -f "$MARKER"
	echo "case: $RUN_IN ${*:1:12}"
	run --separate-stderr "$RUN_IN" "$@" -- touch "$MARKER"
	assert_success
	assert_equal "$stderr" ""
	[ -e "$MARKER" ] || fail "the app did not run"
}

# The app's credentials, one word each: uid gid groups(comma-separated) eff-caps.
# (No awk: in the image, /etc/alternatives is gone.)
CREDS='set -- $(id -u) $(id -g) $(id -G | tr " " ,) $(grep ^CapEff /proc/self/status | cut -f2); echo "$*"'

# --- capabilities withheld -------------------------------------------------------

# setpriv --bounding-set=-X: capinit, started as root, never holds X.
withheld() {
	echo setpriv "--bounding-set=-$1" --inh-caps=-all "$CAPINIT"
}

@test "without CAP_SETUID: a user switch is refused; a group change, a cap drop, nothing asked work" {
	local -a c
	read -ra c <<<"$(withheld setuid)"
	refuses "${c[@]}" -u app
	assert_equal "$stderr" "capinit: --user: switching user needs CAP_SETUID, which capinit does not hold: 1000"
	refuses "${c[@]}" -u 1000:1000
	works "${c[@]}" --group-add users
	works "${c[@]}" --cap-drop NET_RAW
	works "${c[@]}"
	run in_image "${c[@]}" --group-add users -- sh -c "$CREDS"
	assert_output --regexp '^0 0 0,100 '
}

@test "without CAP_SETGID: a user switch and a group change are refused; a cap drop, nothing asked work" {
	local -a c
	read -ra c <<<"$(withheld setgid)"
	refuses "${c[@]}" -u app
	assert_equal "$stderr" "capinit: --user: switching group needs CAP_SETGID, which capinit does not hold: 1000"
	refuses "${c[@]}" -u 0:100
	assert_equal "$stderr" "capinit: --user: switching group needs CAP_SETGID, which capinit does not hold: 100"
	refuses "${c[@]}" --group-add users
	assert_equal "$stderr" "capinit: --group-add: changing groups needs CAP_SETGID, which capinit does not hold"
	refuses "${c[@]}" --group-add users --supplemental-groups-policy strict
	works "${c[@]}" --cap-drop NET_RAW
	works "${c[@]}"
}

@test "without CAP_SETPCAP: a cap drop is refused; a user switch, a group change, nothing asked work" {
	local -a c
	read -ra c <<<"$(withheld setpcap)"
	refuses "${c[@]}" --cap-drop NET_RAW
	assert_equal "$stderr" "capinit: --cap-drop: trimming the bounding set needs CAP_SETPCAP, which capinit does not hold"
	refuses "${c[@]}" -u app --cap-drop ALL --cap-add NET_BIND_SERVICE
	refuses "${c[@]}" --cap-add NET_ADMIN
	works "${c[@]}" -u app
	works "${c[@]}" --group-add users
	works "${c[@]}"
	# The user switch keeps the bounding set (nothing asked of it) and no
	# capability in any other set.
	run in_image "${c[@]}" -u app -- sh -c "$CREDS"
	assert_output "1000 1000 1000,1001,2000 0000000000000000"
}

@test "without all three: every change is refused, a plain init works" {
	local -a c=(setpriv --bounding-set=-setuid,-setgid,-setpcap --inh-caps=-all "$CAPINIT")
	refuses "${c[@]}" -u app
	refuses "${c[@]}" --group-add users
	refuses "${c[@]}" --cap-drop NET_RAW
	works "${c[@]}"
	works "${c[@]}" -s -g -w --grace 5
}

@test "started as a non-root user without capabilities: a plain init works, a change is refused" {
	local -a c=(setpriv --reuid=1000 --regid=1000 --clear-groups "$CAPINIT")
	works "${c[@]}"
	works "${c[@]}" -u app:1000 --supplemental-groups-policy strict
	refuses "${c[@]}" --group-add users
	refuses "${c[@]}" --cap-add NET_RAW
	refuses "${c[@]}" -u 0
}

# --- /proc/self/setgroups denied ---------------------------------------------------

@test "setgroups denied (user namespace): any group change is 125 before anything changes" {
	RUN_IN=in_userns
	run in_userns cat /proc/self/setgroups
	assert_output "deny"
	for ask in "-u 0:0" "--group-add 0" "--group-add users" "-u root --group-add users" "-u 0:100" "-u app"; do
		# shellcheck disable=SC2086
		refuses "$CAPINIT" $ask
		[[ "$stderr" =~ ^capinit:\ --(user|group-add):\ changing\ groups\ is\ denied\ in\ this\ user\ namespace:\ /proc/self/setgroups$ ]] ||
			fail "$ask: $stderr"
	done
}

@test "setgroups denied: the same ids and groups without a change work" {
	RUN_IN=in_userns
	works "$CAPINIT" -u 0
	works "$CAPINIT" -u root
	works "$CAPINIT" -u toor --supplemental-groups-policy strict
	works "$CAPINIT" --cap-drop NET_RAW
	works "$CAPINIT" --no-new-privileges
	works "$CAPINIT"
	run in_userns "$CAPINIT" -u root -- sh -c "$CREDS"
	assert_output --regexp '^0 0 0 '
}

@test "setgroups denied with inherited groups: dropping them is 125, keeping them needs no change" {
	# The runtime left groups 100 and 2000; in the namespace they show as
	# the overflow gid 65534 and cannot be dropped.
	in_userns_grouped() {
		setpriv --groups=100,2000 unshare --user --map-root-user --mount \
			sh -c 'mount --bind "$1" /etc && shift && exec "$@"' sh "$IMAGE_ETC" "$@"
	}
	RUN_IN=in_userns_grouped
	refuses "$CAPINIT" -u 0
	assert_equal "$stderr" "capinit: --user: changing groups is denied in this user namespace: /proc/self/setgroups"
	refuses "$CAPINIT" --group-add users --supplemental-groups-policy strict
	works "$CAPINIT"
	works "$CAPINIT" --cap-drop NET_RAW
	run in_userns_grouped "$CAPINIT" --cap-drop NET_RAW -- id -G
	assert_output "0 65534"
}

@test "user namespace: an unmapped uid is refused by the kernel, one line" {
	RUN_IN=in_userns
	refuses "$CAPINIT" -u 4242
	assert_equal "$stderr" "capinit: privilege drop: setresuid: Invalid argument"
}

# --- /etc/passwd and /etc/group ------------------------------------------------------

@test "/etc/passwd missing: names refused, numeric uids work" {
	rm "$IMAGE_ETC/passwd"
	refuses "$CAPINIT" -u app
	assert_equal "$stderr" "capinit: --user: cannot read /etc/passwd (No such file or directory): app"
	works "$CAPINIT" -u 1000
}

@test "/etc/passwd a directory: refused, for names and numbers" {
	rm "$IMAGE_ETC/passwd"
	mkdir "$IMAGE_ETC/passwd"
	refuses "$CAPINIT" -u app
	assert_equal "$stderr" "capinit: --user: cannot read /etc/passwd (is a directory): app"
	refuses "$CAPINIT" -u 1000
	assert_equal "$stderr" "capinit: --user: cannot read /etc/passwd (is a directory): 1000"
}

@test "/etc/passwd a FIFO: refused at once, no hang" {
	rm "$IMAGE_ETC/passwd"
	mkfifo "$IMAGE_ETC/passwd"
	# timeout only bounds a failure (it would exit 124).
	refuses timeout "$HANG_S" "$CAPINIT" -u app
	assert_equal "$stderr" "capinit: --user: cannot read /etc/passwd (not a regular file): app"
	refuses timeout "$HANG_S" "$CAPINIT" -u 1000
}

@test "/etc/passwd unreadable (mode 000, capinit without CAP_DAC_OVERRIDE): refused" {
	chmod 000 "$IMAGE_ETC/passwd"
	refuses setpriv --bounding-set=-dac_override,-dac_read_search --inh-caps=-all "$CAPINIT" -u app
	assert_equal "$stderr" "capinit: --user: cannot read /etc/passwd (Permission denied): app"
}

@test "/etc/passwd with a NUL byte: refused" {
	printf 'app:x:1000:1000::/home/app:/bin/sh\nx\0y:x:1:1::/:/bin/sh\n' >"$IMAGE_ETC/passwd"
	refuses "$CAPINIT" -u app
	assert_equal "$stderr" "capinit: --user: cannot read /etc/passwd (file contains a NUL byte): app"
}

@test "/etc/passwd and /etc/group of 100,000 lines, the target at the end: works" {
	awk 'BEGIN { for (i = 0; i < 100000; i++) printf "u%d:x:%d:%d::/home/u%d:/bin/sh\n", i, 100000 + i, 100000 + i, i
		print "target:x:4321:4321::/home/target:/bin/sh" }' >"$IMAGE_ETC/passwd"
	awk 'BEGIN { for (i = 0; i < 100000; i++) printf "g%d:x:%d:u%d\n", i, 200000 + i, i
		print "tgroup:x:4444:target" }' >"$IMAGE_ETC/group"
	run --separate-stderr in_image timeout "$HANG_S" "$CAPINIT" -u target -- sh -c "$CREDS"' ; echo "$HOME"'
	assert_success
	assert_line "4321 4321 4321,4444 0000000000000000"
	assert_line "/home/target"
	run --separate-stderr in_image timeout "$HANG_S" "$CAPINIT" -u 4321:tgroup -- sh -c "$CREDS"
	assert_success
	assert_output "4321 4444 4444 0000000000000000"
	run --separate-stderr in_image timeout "$HANG_S" "$CAPINIT" -u u99999 -- id -u
	assert_output 199999
}

@test "a malformed line for the target user names file and line; other malformed lines are passed over" {
	{
		echo 'bad1:x:1:'
		echo 'bad2:x:2:2:::::'
		echo 'bad3:x:x:y::/:/bin/sh'
		echo ':::::::'
		echo '# a comment'
		echo '+nis'
		echo ''
		echo 'app:x:1000:1000::/home/app:/bin/sh'
		echo 'wrongcount:x:1100:1100::/home/w'
		echo 'toomany:x:1101:1101::/home/t:/bin/sh:extra'
		echo 'junkuid:x:11o2:1102::/:/bin/sh'
		echo 'junkgid:x:1103:-1::/:/bin/sh'
		echo 'bigid:x:2147483648:1::/:/bin/sh'
		echo 'emptyid:x::1::/:/bin/sh'
		printf 'longhome:x:1104:1104::/%05000d:/bin/sh\n' 0
	} >"$IMAGE_ETC/passwd"
	works "$CAPINIT" -u app
	local user line=9
	for user in wrongcount toomany junkuid junkgid bigid emptyid longhome; do
		refuses "$CAPINIT" -u "$user"
		assert_equal "$stderr" "capinit: /etc/passwd:$line: malformed entry: $user"
		line=$((line + 1))
	done
}

# A numeric uid matches a passwd line only when that line is well formed;
# a line with the uid but a broken gid (or a missing field) counts as "no
# entry", and the app runs with gid 0, the root group, where the same line
# asked for by name is refused. It should be refused by number too.
@test "a malformed line for a numeric uid is refused too, not taken as 'no entry' (gid 0)" {
	printf 'svc:x:4242:4x2::/home/svc:/bin/sh\nsvc2:x:4343:4343::/home/svc2\n' >>"$IMAGE_ETC/passwd"
	refuses "$CAPINIT" -u svc
	assert_equal "$stderr" "capinit: /etc/passwd:10: malformed entry: svc"
	refuses "$CAPINIT" -u 4242
	refuses "$CAPINIT" -u 4343
}

@test "/etc/group missing: memberships empty, group names refused, numbers work" {
	rm "$IMAGE_ETC/group"
	run --separate-stderr in_image "$CAPINIT" -u app -- sh -c "$CREDS"
	assert_success
	assert_output "1000 1000 1000 0000000000000000"
	refuses "$CAPINIT" -u app:audio
	assert_equal "$stderr" "capinit: --user: cannot read /etc/group (No such file or directory): audio"
	refuses "$CAPINIT" --group-add users
	assert_equal "$stderr" "capinit: --group-add: cannot read /etc/group (No such file or directory): users"
	works "$CAPINIT" -u app:29 --group-add 100
}

@test "/etc/group a directory or a FIFO: refused, no hang" {
	rm "$IMAGE_ETC/group"
	mkdir "$IMAGE_ETC/group"
	refuses "$CAPINIT" -u app
	assert_equal "$stderr" "capinit: --user: cannot read /etc/group (is a directory): app"
	refuses "$CAPINIT" --group-add users
	rmdir "$IMAGE_ETC/group"
	mkfifo "$IMAGE_ETC/group"
	refuses timeout "$HANG_S" "$CAPINIT" -u app
	assert_equal "$stderr" "capinit: --user: cannot read /etc/group (not a regular file): app"
	refuses timeout "$HANG_S" "$CAPINIT" -u app:users
	# A numeric group needs no entry, and a strict policy reads no memberships.
	works timeout "$HANG_S" "$CAPINIT" -u app:100
	works timeout "$HANG_S" "$CAPINIT" -u app --supplemental-groups-policy strict
}

@test "/etc/group: the asked group's line malformed is refused; other malformed lines are passed over" {
	{
		echo 'users:x:100:'
		echo 'nomembers:x:300'
		echo 'toomany:x:301:app:extra'
		echo 'junk:x:3o2:app'
		echo 'big:x:2147483648:app'
		echo ':x:303:'
		echo 'extra:x:2000:app'
	} >"$IMAGE_ETC/group"
	run --separate-stderr in_image "$CAPINIT" -u app -- sh -c "$CREDS"
	assert_success
	assert_output "1000 1000 1000,2000 0000000000000000"
	local group line=2
	for group in nomembers toomany junk big; do
		refuses "$CAPINIT" -u app --group-add "$group"
		assert_equal "$stderr" "capinit: /etc/group:$line: malformed entry: $group"
		refuses "$CAPINIT" -u "app:$group"
		line=$((line + 1))
	done
}

@test "CRLF /etc files: never more groups than asked (a member followed by CR is not matched)" {
	sed -i 's/$/\r/' "$IMAGE_ETC/passwd" "$IMAGE_ETC/group"
	run --separate-stderr in_image "$CAPINIT" -u app -- sh -c "$CREDS"' ; echo "$HOME"'
	assert_success
	# Without CR: 1000,1001,2000. "other:x:1001:app\r" lists "app\r".
	assert_line "1000 1000 1000,2000 0000000000000000"
	assert_line "/home/app"
}

@test "65,536 group memberships work; 65,537, or 65,536 plus group_add, are refused" {
	awk 'BEGIN { for (i = 0; i < 65536; i++) printf "g%d:x:%d:app\n", i, 100000 + i }' >"$IMAGE_ETC/group"
	run --separate-stderr in_image "$CAPINIT" -u app -- sh -c 'id -G | wc -w'
	assert_success
	assert_output 65537 # and the primary group
	refuses "$CAPINIT" -u app --group-add 5
	assert_equal "$stderr" "capinit: --group-add: more than 65536 supplementary groups"
	echo "last:x:99:app" >>"$IMAGE_ETC/group"
	refuses "$CAPINIT" -u app
	assert_equal "$stderr" "capinit: --user: more than 65536 supplementary groups: app"
}

# --- config files ---------------------------------------------------------------

@test "config: a directory, a FIFO (no hang), a missing named file: refused" {
	mkdir "$IMAGE_ETC/capinit.conf"
	refuses "$CAPINIT"
	assert_equal "$stderr" "capinit: /etc/capinit.conf: is a directory"
	rmdir "$IMAGE_ETC/capinit.conf"
	mkfifo "$IMAGE_ETC/capinit.conf"
	refuses timeout "$HANG_S" "$CAPINIT"
	assert_equal "$stderr" "capinit: /etc/capinit.conf: not a regular file"
	rm "$IMAGE_ETC/capinit.conf"
	mkfifo "$BATS_TEST_TMPDIR/fifo.conf"
	refuses timeout "$HANG_S" "$CAPINIT" -c "$BATS_TEST_TMPDIR/fifo.conf"
	assert_equal "$stderr" "capinit: $BATS_TEST_TMPDIR/fifo.conf: not a regular file"
	CAPINIT_CONFIG="$BATS_TEST_TMPDIR/fifo.conf" refuses timeout "$HANG_S" "$CAPINIT"
	refuses "$CAPINIT" -c "$BATS_TEST_TMPDIR/none.conf"
	assert_equal "$stderr" "capinit: $BATS_TEST_TMPDIR/none.conf: No such file or directory"
}

@test "config: empty, only blanks and comments: works" {
	: >"$IMAGE_ETC/capinit.conf"
	works "$CAPINIT"
	printf '\n\n   \n\t\n# user = app\n   # indented comment\n' >"$IMAGE_ETC/capinit.conf"
	works "$CAPINIT"
	run in_image "$CAPINIT" -- id -u
	assert_output 0
}

@test "config: 1 MiB exactly works, one byte more and 10 MB are refused" {
	local f="$IMAGE_ETC/capinit.conf"
	printf 'user = app\n' >"$f"
	head -c $((1048576 - 11 - 1)) /dev/zero | tr '\0' '#' >>"$f"
	echo >>"$f"
	assert_equal "$(stat -c %s "$f")" 1048576
	run in_image "$CAPINIT" -- id -u
	assert_success
	assert_output 1000
	echo >>"$f"
	refuses "$CAPINIT"
	assert_equal "$stderr" "capinit: /etc/capinit.conf: file too large"
	head -c 10485760 /dev/zero | tr '\0' '#' >"$f"
	refuses "$CAPINIT"
	assert_equal "$stderr" "capinit: /etc/capinit.conf: file too large"
}

@test "config: a 100 KB comment line works; a 100 KB value or key is one line of refusal" {
	local f="$IMAGE_ETC/capinit.conf" long
	long=$(head -c 102400 /dev/zero | tr '\0' x)
	printf '#%s\nuser = app\n' "$long" >"$f"
	run in_image "$CAPINIT" -- id -u
	assert_success
	assert_output 1000
	printf 'user = %s\n' "$long" >"$f"
	refuses "$CAPINIT"
	assert_equal "$stderr" "capinit: /etc/capinit.conf:1: value too long"
	printf 'cap_add = %s\n' "$long" >"$f"
	refuses "$CAPINIT"
	assert_equal "$stderr" "capinit: /etc/capinit.conf:1: list too long"
	printf '%s = 1\n' "$long" >"$f"
	refuses "$CAPINIT"
	assert_equal "$stderr" "capinit: /etc/capinit.conf:1: unknown key: $long"
	printf '%s\n' "$long" >"$f"
	refuses "$CAPINIT"
}

@test "config: binary garbage and a NUL byte are refused with one line" {
	local f="$IMAGE_ETC/capinit.conf"
	printf 'user = app\n\0\n' >"$f"
	refuses "$CAPINIT"
	assert_equal "$stderr" "capinit: /etc/capinit.conf: file contains a NUL byte"
	# Every byte value but NUL and newline, in one line, then a valid line.
	printf "$(printf '\\%03o' $(seq 1 9) $(seq 11 255))\nuser = app\n" >"$f"
	refuses "$CAPINIT"
	assert_regex "$stderr" '^capinit: /etc/capinit.conf:1: '
	# The same bytes over many lines (a newline every 7 bytes).
	printf "$(printf '\\%03o' $(seq 1 255) | fold -w 28)" >"$f"
	refuses "$CAPINIT"
}

@test "config: CRLF line endings: CR is blank, values come out clean" {
	printf '# image config\r\n\r\nuser = app\r\ncap_drop = ALL\r\ncap_add = NET_BIND_SERVICE\r\nno_new_privileges = yes\r\n' \
		>"$IMAGE_ETC/capinit.conf"
	run --separate-stderr in_image "$CAPINIT" -- sh -c "$CREDS"'; grep ^NoNewPrivs /proc/self/status'
	assert_success
	assert_equal "$stderr" ""
	assert_line "1000 1000 1000,1001,2000 0000000000000400"
	assert_line --regexp '^NoNewPrivs:.1$'
	printf 'user = app\r\nuser = other\r\n' >"$IMAGE_ETC/capinit.conf"
	refuses "$CAPINIT"
	assert_equal "$stderr" "capinit: /etc/capinit.conf:2: duplicate key: user"
}

@test "config: trailing spaces and tabs around a value are trimmed; in a variable they are not" {
	printf 'user = app   \t\ncap_add = kill \t, chown  \n' >"$IMAGE_ETC/capinit.conf"
	run --separate-stderr in_image "$CAPINIT" -- sh -c "$CREDS"
	assert_success
	assert_output "1000 1000 1000,1001,2000 0000000000000021"
	rm "$IMAGE_ETC/capinit.conf"
	# A variable's value is taken as it is (list items are trimmed).
	CAPINIT_USER='app ' refuses "$CAPINIT"
	# (bats drops the trailing space of the captured line)
	assert_regex "$stderr" '^capinit: CAPINIT_USER: unknown user: app ?$'
	CAPINIT_CAP_ADD='kill , chown ' works "$CAPINIT" -u app
}

# --- huge command lines and environments -------------------------------------------

@test "100,000 arguments all reach the app, in order" {
	local -a args
	mapfile -t args < <(seq -f 'a%g' 1 100000)
	run --separate-stderr "$CAPINIT" -- sh -c 'echo "$# $1 ${50000} ${100000}"' sh "${args[@]}"
	assert_success
	assert_output "100000 a1 a50000 a100000"
	run --separate-stderr in_image "$CAPINIT" -u app -- sh -c 'echo "$# ${100000}"' sh "${args[@]}"
	assert_success
	assert_output "100000 a100000"
}

@test "a 1 MB environment reaches the app intact (supervised, with a user switch, exec mode)" {
	local -a vars
	local i value want
	value=$(head -c 65000 /dev/zero | tr '\0' v)
	for ((i = 0; i < 16; i++)); do vars+=("BIG$i=$i$value"); done
	local probe='env | grep "^BIG" | sort | md5sum'
	want=$(env "${vars[@]}" sh -c "$probe")
	run --separate-stderr env "${vars[@]}" "$CAPINIT" -- sh -c "$probe"
	assert_success
	assert_output "$want"
	run --separate-stderr in_image env "${vars[@]}" CAPINIT_USER=app "$CAPINIT" -- sh -c "$probe"
	assert_success
	assert_output "$want"
	run --separate-stderr in_image env "${vars[@]}" "$CAPINIT" --exec -u app -- sh -c "$probe"
	assert_success
	assert_output "$want"
}

@test "10,000 variables without the CAPINIT_ prefix, look-alikes included, reach the app untouched" {
	local -a vars=(CAPINIT=1 capinit_user=root XCAPINIT_USER=root CAPINITUSER=root Capinit_USER=root)
	local i want
	for ((i = 0; i < 10000; i++)); do vars+=("V$i=value $i"); done
	local probe='env | grep -v -E "^(HOME|PWD|SHLVL|_)=" | sort | md5sum; id -u'
	want=$(env -i PATH="$PATH" "${vars[@]}" sh -c "$probe")
	run --separate-stderr env -i PATH="$PATH" "${vars[@]}" "$CAPINIT" -- sh -c "$probe"
	assert_success
	assert_equal "$stderr" ""
	assert_output "$want"
	# A real CAPINIT_ variable among them is used, then removed.
	run --separate-stderr in_image env -i PATH="$PATH" "${vars[@]}" CAPINIT_USER=app "$CAPINIT" -- sh -c "$probe"
	assert_success
	assert_equal "${lines[0]}" "${want%%$'\n'*}"
	assert_equal "${lines[1]}" 1000
	CAPINIT_=x refuses "$CAPINIT"
	assert_equal "$stderr" "capinit: environment: unknown variable: CAPINIT_=x"
}

# The kernel takes at most 128 KiB per argument or variable (MAX_ARG_STRLEN),
# so a 1 MB value can only come from a config file.
@test "a huge user value (128 KB variable or option, 1,000,000 bytes in a file): one line, no crash" {
	local big
	big=$(head -c 131000 /dev/zero | tr '\0' u)
	CAPINIT_USER=$big refuses "$CAPINIT"
	assert_equal "$stderr" "capinit: CAPINIT_USER: value too long"
	refuses "$CAPINIT" -u "$big"
	assert_equal "$stderr" "capinit: --user: value too long"
	refuses "$CAPINIT" -u "app:$big"
	printf 'user = %s\n' "$(head -c 1000000 /dev/zero | tr '\0' u)" >"$IMAGE_ETC/capinit.conf"
	refuses "$CAPINIT"
	assert_equal "$stderr" "capinit: /etc/capinit.conf:1: value too long"
	# Just under the limit: a name of 255 bytes is looked up (and unknown).
	refuses "$CAPINIT" -u "$(head -c 255 /dev/zero | tr '\0' u)"
	assert_regex "$stderr" '^capinit: --user: unknown user: u{255}$'
}

@test "a --cap-add list of 10,000 items, a --group-add list of 70,000 gids: refused, one line" {
	local list
	list=$(printf 'chown,%.0s' $(seq 10000))
	refuses "$CAPINIT" --cap-add "${list%,}"
	assert_equal "$stderr" "capinit: --cap-add: list too long"
	CAPINIT_CAP_DROP=${list%,} refuses "$CAPINIT"
	assert_equal "$stderr" "capinit: CAPINIT_CAP_DROP: list too long"
	# 70,000 gids are 400 KB: more than one argument may hold, so a file.
	printf 'group_add = %s\n' "$(seq -s, 1 70000)" >"$IMAGE_ETC/capinit.conf"
	refuses "$CAPINIT"
	assert_equal "$stderr" "capinit: /etc/capinit.conf:1: list too long"
	rm "$IMAGE_ETC/capinit.conf"
	CAPINIT_GROUP_ADD=$(seq -s, 1 20000) refuses "$CAPINIT"
	assert_equal "$stderr" "capinit: CAPINIT_GROUP_ADD: list too long"
}

# Repeated list options add up: each repetition copies the whole list so far
# into a new mmap that is never freed (init/config.c join_list), so N
# repetitions cost O(N^2) memory: 10,000 "--cap-add chown" take about 300 MB
# before the resolver refuses the list as too long anyway. Under a 64 MB
# address-space limit the refusal must still be the real one, not "out of
# memory".
@test "10,000 repeated --cap-add and 70,000 repeated --group-add: refused as too long in bounded memory" {
	local -a args=()
	local i
	[ -z "${SANITIZED:-}" ] || skip "ASan reserves terabytes of address space: no --as limit applies"
	ulimit -s 65536 # room for 70,000 arguments (ARG_MAX is a quarter of it)
	for ((i = 0; i < 10000; i++)); do args+=(--cap-add chown); done
	refuses prlimit --as=$((64 << 20)) "$CAPINIT" "${args[@]}"
	assert_equal "$stderr" "capinit: --cap-add: list too long"
	args=()
	for ((i = 0; i < 70000; i++)); do args+=("--group-add=$i"); done
	refuses prlimit --as=$((64 << 20)) "$CAPINIT" "${args[@]}"
	assert_equal "$stderr" "capinit: --group-add: list too long"
}

# --- a value that would break the one-line rule ----------------------------------------

# A newline inside a value must not split the refusal into two lines, the
# second posing as a message of its own: control bytes are written as \xNN.
@test "a value with a newline still gives exactly one line on stderr" {
	refuses "$CAPINIT" -u $'bob\ncapinit: all fine'
	CAPINIT_CAP_ADD=$'NET_FOO\nx' refuses "$CAPINIT"
	refuses "$CAPINIT" -p $'BOGUS\nx'
	# The same for a program that is not found (127).
	run -127 --separate-stderr "$CAPINIT" -- $'/no/such\nprogram'
	assert_equal "$status" 127
	assert_equal "${#stderr_lines[@]}" 1
}

# --- numbers at their limits -----------------------------------------------------------

@test "uid and gid 2147483647 work, 2147483648 is refused (user, group, group_add)" {
	run --separate-stderr in_image "$CAPINIT" -u 2147483647 -- id -u
	assert_success
	assert_output 2147483647
	run --separate-stderr in_image "$CAPINIT" -u 0:2147483647 --group-add 2147483647 -- sh -c 'id -g; id -G'
	assert_success
	assert_output $'2147483647\n2147483647'
	refuses "$CAPINIT" -u 2147483648
	assert_equal "$stderr" "capinit: --user: uid out of range 0..2147483647 or malformed: 2147483648"
	refuses "$CAPINIT" -u 0:2147483648
	assert_equal "$stderr" "capinit: --user: gid out of range 0..2147483647 or malformed: 0:2147483648"
	refuses "$CAPINIT" --group-add 2147483648
	assert_equal "$stderr" "capinit: --group-add: gid out of range 0..2147483647 or malformed: 2147483648"
	refuses "$CAPINIT" -u 4294967295
	refuses "$CAPINIT" -u 0x10
	refuses "$CAPINIT" -u 'app:audio:x'
	assert_equal "$stderr" "capinit: --user: more than one ':': app:audio:x"
}

@test "--grace 0 and 86400 accepted, 86401 refused, in every source" {
	works "$CAPINIT" --grace 0
	works "$CAPINIT" --grace 86400
	works "$CAPINIT" --grace=86400
	refuses "$CAPINIT" --grace 86401
	assert_equal "$stderr" "capinit: --grace: not a number in range: 86401"
	CAPINIT_GRACE=86401 refuses "$CAPINIT"
	assert_equal "$stderr" "capinit: CAPINIT_GRACE: not a number in range: 86401"
	printf 'grace = 86401\n' >"$IMAGE_ETC/capinit.conf"
	refuses "$CAPINIT"
	assert_equal "$stderr" "capinit: /etc/capinit.conf:1: not a number in range: 86401"
	for bad in -1 1e3 ' ' 99999999999999999999; do
		refuses "$CAPINIT" --grace "$bad"
	done
}

@test "-e 0 and 255 accepted, 256 refused" {
	run "$CAPINIT" -e 255 -- sh -c 'exit 255'
	assert_success
	run "$CAPINIT" -e 0 -- sh -c 'exit 0'
	assert_success
	refuses "$CAPINIT" -e 256
	assert_equal "$stderr" "capinit: -e: not an exit code (0..255): 256"
}

@test "verbosity 0..3 accepted, 4 refused in every source; -v repeated stops at 3" {
	local v
	for v in 0 3; do
		works "$CAPINIT" --verbosity "$v"
	done
	refuses "$CAPINIT" --verbosity 4
	assert_equal "$stderr" "capinit: --verbosity: not a number in range: 4"
	CAPINIT_VERBOSITY=4 refuses "$CAPINIT"
	TINI_VERBOSITY=4 refuses "$CAPINIT"
	assert_equal "$stderr" "capinit: TINI_VERBOSITY: not a number in range: 4"
	printf 'verbosity = 4\n' >"$IMAGE_ETC/capinit.conf"
	refuses "$CAPINIT"
	rm "$IMAGE_ETC/capinit.conf"
	run --separate-stderr in_image "$CAPINIT" -vvvvvvvv -- true
	assert_success
}

@test "-p: signal 64 and RTMAX accepted, 65 and 0 refused" {
	works "$CAPINIT" -p 64
	works "$CAPINIT" -p RTMAX
	works "$CAPINIT" -p SIGRTMIN+1
	refuses "$CAPINIT" -p 65
	assert_equal "$stderr" "capinit: --parent-death-signal: unknown signal: 65"
	refuses "$CAPINIT" -p 0
	refuses "$CAPINIT" -p RTMAX+1
}

# RTMIN+N: capinit counts from musl's SIGRTMIN, 35. glibc, kill(1), Go and so
# Docker (STOPSIGNAL SIGRTMIN+3, systemd's halt signal) count from 34: a
# "--rewrite TERM:RTMIN+3" written for systemd would send 38, not 37, and
# "-p RTMIN+30" (64 for everyone else) is refused.
@test "RTMIN+N means what Docker and glibc mean: RTMIN+3 is 37, RTMIN+30 is 64" {
	local T="$BATS_TEST_TMPDIR"
	run --separate-stderr timeout "$HANG_S" "$CAPINIT" --rewrite USR1:RTMIN+3 -- \
		"$HELPERS/waitsig" -s USR1 "$T/ready" 37 38
	assert_success
	assert_output --regexp '^SIG37 from [0-9]+$'
	works "$CAPINIT" -p RTMIN+30
}
