#!/usr/bin/env bash
# make demo: the mission in a minute. A runc container started as root with
# Docker's default capabilities; capinit, its entrypoint, drops to the
# non-root user "app" keeping only NET_BIND_SERVICE, and the app binds port 80
# inside the container's own network namespace. Then the same app without
# capinit (Kubernetes issue 56374): it cannot.
# Uses test/lib/oci.bash to build the bundle (busybox-static root file
# system, build/capinit as /sbin/capinit). Needs root, runc, busybox-static.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
CAPINIT="$ROOT/build/capinit"
HELPERS="$ROOT/build/helpers"
export ROOT CAPINIT HELPERS

if [ "$(id -u)" != 0 ]; then
	echo "demo: run as root (runc needs it)" >&2
	exit 1
fi
for f in "$CAPINIT" "$HELPERS/bindport"; do
	[ -x "$f" ] || { echo "demo: $f missing: make && make helpers" >&2; exit 1; }
done

work=$(mktemp -d /tmp/capinit-demo.XXXXXX)
# shellcheck disable=SC2034 # read by test/lib/oci.bash
OCI_STATE="$work" OCI_TEMPLATE="$work/template"
# shellcheck source=test/lib/oci.bash
. "$ROOT/test/lib/oci.bash"
trap 'oci_cleanup; rm -rf "$work"' EXIT

if [ -t 1 ]; then B=$'\e[1m' N=$'\e[0m'; else B="" N=""; fi
heading() { printf '\n%s== %s ==%s\n' "$B" "$*" "$N"; }
say() { printf '%s\n' "$*"; }

# Capability bit numbers to names (include/uapi/linux/capability.h).
CAPNAMES=(chown dac_override dac_read_search fowner fsetid kill setgid setuid setpcap
	linux_immutable net_bind_service net_broadcast net_admin net_raw ipc_lock ipc_owner
	sys_module sys_rawio sys_chroot sys_ptrace sys_pacct sys_admin sys_boot sys_nice
	sys_resource sys_time sys_tty_config mknod lease audit_write audit_control setfcap
	mac_override mac_admin syslog wake_alarm block_suspend audit_read perfmon bpf
	checkpoint_restore)
decode() { # decode HEXMASK -> names
	local mask=$((16#$1)) i out=""
	for ((i = 0; i < ${#CAPNAMES[@]}; i++)); do
		((mask >> i & 1)) && out+="${CAPNAMES[i]},"
	done
	echo "${out%,}"
}
# Prints /proc/self/status lines from the container, capability masks decoded.
show_status() {
	local key val
	while IFS=$' \t' read -r key val; do
		val=${val//$'\t'/ }
		case "$key" in
		Cap*) printf '  %-12s %s  %s\n' "$key" "$val" "$(decode "$val")" ;;
		Uid:* | Gid:* | Groups:* | NoNewPrivs:*) printf '  %-12s %s\n' "$key" "$val" ;;
		*) printf '  %s %s\n' "$key" "$val" ;;
		esac
	done
}

STATUS='grep -E "^(Uid|Gid|Groups|Cap|NoNewPrivs)" /proc/self/status'
ENV=(-e CAPINIT_USER=app -e CAPINIT_CAP_DROP=ALL -e CAPINIT_CAP_ADD=NET_BIND_SERVICE)
bundle="$work/bundle"

heading "The container"
say "runc $(runc --version | sed -n '1s/^runc version //p'), a busybox-static image with build/capinit as /sbin/capinit."
say "The runtime starts it as root (uid 0) with Docker's default 14 capabilities,"
say "in its own network namespace (loopback only, ports below 1024 privileged)."
say "The image's entrypoint: /sbin/capinit -- APP, configured by the environment:"
say "  CAPINIT_USER=app CAPINIT_CAP_DROP=ALL CAPINIT_CAP_ADD=NET_BIND_SERVICE"

heading "Before: what the runtime gives the entrypoint (here sh reads its own status)"
oci_bundle "$bundle" -- sh -c "$STATUS" >/dev/null
oci_run "$bundle" | show_status

heading "The plan: capinit --print (changes nothing)"
oci_config "$bundle" "${ENV[@]}" -- /sbin/capinit --print
oci_run "$bundle" | sed 's/^/  /'

heading "After: the app under capinit, reading its own /proc/self/status"
oci_config "$bundle" "${ENV[@]}" -- /sbin/capinit -- sh -c \
	"echo \"PID 1: \$(tr '\\0' ' ' </proc/1/cmdline)\"; echo \"app pid \$\$, parent \$PPID\"; $STATUS"
oci_run "$bundle" | show_status

heading "After: the app binds port 80 as uid 1000"
# shellcheck disable=SC2016 # expanded by the container's sh
oci_config "$bundle" "${ENV[@]}" -- /sbin/capinit -- sh -c \
	'echo "\$ id: $(id)"; echo "\$ bindport 80: $(bindport 80)"; echo "\$ ctx_regain (try to get root back):"; ctx_regain'
set +e
oci_run "$bundle" | sed 's/^/  /'
rc=${PIPESTATUS[0]}
set -e
[ "$rc" = 0 ] || { echo "demo: the app failed (exit $rc)" >&2; exit 1; }

heading "Without capinit: the same app started as uid 1000 by the runtime (Kubernetes issue 56374)"
say "NET_BIND_SERVICE is in the bundle's bounding, effective and permitted sets, but not"
say "ambient, so the app's execve loses it:"
oci_config "$bundle" -u 1000:1000 -- sh -c "$STATUS; echo \"\\\$ bindport 80: \$(bindport 80)\""
set +e
oci_run "$bundle" | show_status
set -e

heading "Done"
say "capinit ran as the container's PID 1, dropped to app (uid 1000) with exactly"
say "NET_BIND_SERVICE in the permitted, effective, inheritable, ambient and bounding sets."
