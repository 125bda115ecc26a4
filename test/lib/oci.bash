# shellcheck shell=bash
# OCI bundles for capinit's end-to-end cases: a busybox-static root file
# system with build/capinit as /sbin/capinit, and a config.json written from
# a template (no jq). Used by test/containers.bats and scripts/demo.sh.
#
#   oci_rootfs DIR                    build a root file system in DIR
#   oci_bundle DIR [OPTIONS] -- ARGS  DIR/rootfs (a fresh copy) + DIR/config.json
#   oci_config DIR [OPTIONS] -- ARGS  only (re)write DIR/config.json
#   oci_run DIR [RUNC-RUN-OPTIONS]    runc run the bundle (foreground, no terminal)
#   oci_id DIR                        the bundle's container id (for runc kill)
#   oci_cleanup                       runc delete -f every container started here
#
# Options of oci_bundle/oci_config, like the fields a runtime fills in:
#   -u UID:GID        process user (default 0:0)
#   -G GID            an additionalGids entry (repeatable)
#   -c "CAP ..."      bounding, effective and permitted (default: Docker's 14);
#                     names without CAP_, "" for none
#   -p "CAP ..."      effective and permitted only (after -c: what Docker does
#                     for a non-root user is -p "")
#   -i "CAP ..."      inheritable (default none)
#   -a "CAP ..."      ambient (default none)
#   -e NAME=VALUE     an environment variable (repeatable)
#   -n                noNewPrivileges: true
#   -s KEY=VALUE      a linux.sysctl entry (repeatable)
#
# Needs: ROOT (the repository), CAPINIT, HELPERS; runc; /bin/busybox from
# Debian's busybox-static.

: "${ROOT:?}" "${CAPINIT:=$ROOT/build/capinit}" "${HELPERS:=$ROOT/build/helpers}"

# Docker's default capability set (moby's oci/caps/defaults.go).
OCI_DEFAULT_CAPS="CHOWN DAC_OVERRIDE FSETID FOWNER MKNOD NET_RAW SETGID SETUID SETFCAP SETPCAP NET_BIND_SERVICE SYS_CHROOT KILL AUDIT_WRITE"
OCI_BUSYBOX=${OCI_BUSYBOX:-/bin/busybox}
OCI_FIXTURES=${OCI_FIXTURES:-$ROOT/test/fixtures/oci}
# Where the container ids are kept for oci_cleanup.
OCI_STATE=${OCI_STATE:-${BATS_TEST_TMPDIR:-${TMPDIR:-/tmp}}}
# The static helpers copied into /usr/local/bin when they are built.
OCI_HELPERS=${OCI_HELPERS:-"bindport ctx_regain"}

# A template root file system, built once per OCI_TEMPLATE and copied for
# every bundle (copies, so that a case may edit /etc freely).
oci_rootfs() {
	local dir="$1" h
	[ -x "$OCI_BUSYBOX" ] || { echo "oci: $OCI_BUSYBOX missing (apt-get install busybox-static)" >&2; return 1; }
	[ -x "$CAPINIT" ] || { echo "oci: $CAPINIT missing (make)" >&2; return 1; }
	mkdir -p "$dir"/{bin,sbin,etc,dev,proc,sys,root,tmp,usr/local/bin,home/app}
	cp "$OCI_BUSYBOX" "$dir/bin/busybox"
	# A relative symlink for every applet (busybox --install would point
	# them at the host's path of busybox).
	for h in $("$OCI_BUSYBOX" --list); do
		[ -e "$dir/bin/$h" ] || ln -s busybox "$dir/bin/$h"
	done
	cp "$CAPINIT" "$dir/sbin/capinit"
	for h in $OCI_HELPERS; do
		[ -x "$HELPERS/$h" ] && cp "$HELPERS/$h" "$dir/usr/local/bin/$h"
	done
	cp "$OCI_FIXTURES/passwd" "$OCI_FIXTURES/group" "$dir/etc/"
	chmod 0755 "$dir" "$dir/root"
	chmod 1777 "$dir/tmp"
	chown 1000:1000 "$dir/home/app"
}

# A JSON string literal.
oci_json_str() {
	local s="$1" out="" c i
	for ((i = 0; i < ${#s}; i++)); do
		c="${s:i:1}"
		case "$c" in
		'"') out+='\"' ;;
		\\) out+="\\\\" ;;
		$'\n') out+='\n' ;;
		$'\t') out+='\t' ;;
		$'\r') out+='\r' ;;
		*)
			if [[ "$c" < ' ' ]]; then
				out+=$(printf '\\u%04x' "'$c")
			else
				out+="$c"
			fi
			;;
		esac
	done
	printf '"%s"' "$out"
}

# A JSON array of strings from the arguments.
oci_json_list() {
	local sep="" a
	printf '['
	for a in "$@"; do
		printf '%s' "$sep"
		oci_json_str "$a"
		sep=", "
	done
	printf ']'
}

# A JSON array of CAP_ names from a space-separated list without CAP_.
oci_json_caps() {
	local c names=()
	for c in $1; do names+=("CAP_${c#CAP_}"); done
	oci_json_list "${names[@]}"
}

oci_config() {
	local dir="$1" user="0:0" caps="$OCI_DEFAULT_CAPS" prm="" setprm=0 inh="" amb="" nnp=false
	local gids=() env=("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin") sysctl=()
	local opt sep kv s=""
	shift
	OPTIND=1
	while getopts "u:G:c:p:i:a:e:ns:" opt; do
		case "$opt" in
		u) user="$OPTARG" ;;
		G) gids+=("$OPTARG") ;;
		c) caps="$OPTARG" ;;
		p) prm="$OPTARG" setprm=1 ;;
		i) inh="$OPTARG" ;;
		a) amb="$OPTARG" ;;
		e) env+=("$OPTARG") ;;
		n) nnp=true ;;
		s) sysctl+=("$OPTARG") ;;
		*) echo "oci_config: bad option" >&2; return 2 ;;
		esac
	done
	shift $((OPTIND - 1))
	[ "$setprm" = 1 ] || prm="$caps"
	[ "${1:-}" = "--" ] && shift
	[ $# -gt 0 ] || { echo "oci_config: no process args" >&2; return 2; }
	sep=""
	for kv in "${sysctl[@]}"; do
		s+="$sep$(oci_json_str "${kv%%=*}"): $(oci_json_str "${kv#*=}")"
		sep=", "
	done
	mkdir -p "$dir"
	cat >"$dir/config.json" <<EOF
{
	"ociVersion": "1.0.2-dev",
	"process": {
		"terminal": false,
		"user": {
			"uid": ${user%%:*},
			"gid": ${user#*:},
			"additionalGids": [${gids[*]+$(IFS=,; echo "${gids[*]}")}]
		},
		"args": $(oci_json_list "$@"),
		"env": $(oci_json_list "${env[@]}"),
		"cwd": "/",
		"capabilities": {
			"bounding": $(oci_json_caps "$caps"),
			"effective": $(oci_json_caps "$prm"),
			"permitted": $(oci_json_caps "$prm"),
			"inheritable": $(oci_json_caps "$inh"),
			"ambient": $(oci_json_caps "$amb")
		},
		"rlimits": [{"type": "RLIMIT_NOFILE", "hard": 1024, "soft": 1024}],
		"noNewPrivileges": $nnp
	},
	"root": {"path": "rootfs", "readonly": false},
	"hostname": "capinit-test",
	"mounts": [
		{"destination": "/proc", "type": "proc", "source": "proc"},
		{"destination": "/dev", "type": "tmpfs", "source": "tmpfs",
		 "options": ["nosuid", "strictatime", "mode=755", "size=65536k"]},
		{"destination": "/dev/pts", "type": "devpts", "source": "devpts",
		 "options": ["nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5"]},
		{"destination": "/dev/shm", "type": "tmpfs", "source": "shm",
		 "options": ["nosuid", "noexec", "nodev", "mode=1777", "size=65536k"]},
		{"destination": "/dev/mqueue", "type": "mqueue", "source": "mqueue",
		 "options": ["nosuid", "noexec", "nodev"]},
		{"destination": "/sys", "type": "sysfs", "source": "sysfs",
		 "options": ["nosuid", "noexec", "nodev", "ro"]}
	],
	"linux": {
		"sysctl": {$s},
		"resources": {"devices": [{"allow": false, "access": "rwm"}]},
		"namespaces": [
			{"type": "pid"}, {"type": "network"}, {"type": "ipc"},
			{"type": "uts"}, {"type": "mount"}
		],
		"maskedPaths": ["/proc/acpi", "/proc/asound", "/proc/kcore", "/proc/keys",
			"/proc/latency_stats", "/proc/timer_list", "/proc/timer_stats",
			"/proc/sched_debug", "/sys/firmware", "/proc/scsi"],
		"readonlyPaths": ["/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys",
			"/proc/sysrq-trigger"]
	}
}
EOF
}

# A bundle: a fresh copy of the template root file system and a config.
# OCI_TEMPLATE names the template (built on first use).
oci_bundle() {
	local dir="$1" template="${OCI_TEMPLATE:-$OCI_STATE/oci-template}"
	if [ ! -e "$template/.complete" ]; then
		rm -rf "$template"
		oci_rootfs "$template" || return 1
		: >"$template/.complete"
	fi
	rm -rf "$dir/rootfs"
	mkdir -p "$dir"
	cp -a "$template" "$dir/rootfs"
	rm -f "$dir/rootfs/.complete"
	oci_config "$@"
}

# A container id unique to this bundle and this run, recorded for cleanup.
oci_id() {
	local dir="$1"
	if [ ! -s "$dir/.id" ]; then
		echo "capinit-ct-$$-${BATS_TEST_NUMBER:-0}-$RANDOM$RANDOM" >"$dir/.id"
		cat "$dir/.id" >>"$OCI_STATE/oci-ids"
	fi
	cat "$dir/.id"
}

# runc run in the foreground, no terminal, stdin from /dev/null; the
# container's stdout and stderr are runc's. Exit status: the container's.
oci_run() {
	local dir="$1" id
	shift
	id=$(oci_id "$dir")
	runc run "$@" --bundle "$dir" "$id" </dev/null
}

# For a suite's setup_file(): skips without runc; one template root file
# system for the whole file (bundles copy it).
oci_setup_file() {
	command -v runc >/dev/null || skip "runc missing"
	export OCI_TEMPLATE="$BATS_FILE_TMPDIR/template"
}

# For a suite's setup(): the test's state directory, and B, its bundle.
oci_setup() {
	OCI_STATE="$BATS_TEST_TMPDIR"
	B="$BATS_TEST_TMPDIR/bundle"
}

oci_cleanup() {
	local id
	[ -f "$OCI_STATE/oci-ids" ] || return 0
	while read -r id; do
		runc delete -f "$id" >/dev/null 2>&1 || true
	done <"$OCI_STATE/oci-ids"
	rm -f "$OCI_STATE/oci-ids"
}

# Waits up to $2 tenths of a second (default 100) for file $1 to exist.
oci_wait_for() {
	local i
	for ((i = 0; i < ${2:-100}; i++)); do
		[ -e "$1" ] && return 0
		sleep 0.1
	done
	return 1
}
