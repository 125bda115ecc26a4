#!/bin/bash
# make bench: capinit against tini, tini-static, dumb-init, catatonit, gosu and
# setpriv.  Prints one table (rows = metrics, columns = binaries) and writes
# build/bench/results.tsv (metric, subject, value); test/bench/check.sh compares
# it with the targets.  Method: test/bench/README.md.  Needs root (PID
# namespaces, ptrace, privilege drop).  Knobs (environment):
#   BENCH_ROUNDS=1000 BENCH_PID1_ROUNDS=1000 BENCH_IDLE=10 BENCH_ORPHANS=20000
#   BENCH_REAP_REPS=5 BENCH_SIG_ROUNDS=200 BENCH_PROFILE=1 (strace+callgrind of capinit)
set -euo pipefail

cd "$(dirname "$0")/../.."
ROOT=$PWD

# Every subject runs with the same small environment: Docker's default for a
# container (PATH, HOSTNAME, HOME).  glibc's start-up scans the environment
# (tunables) and capinit reads CAPINIT_* variables, so instruction counts
# depend on it; `make` and a login shell would otherwise add ~40 variables.
if [ "${1:-}" != --clean-env ]; then
	knobs=$(env | grep -E '^BENCH_[A-Z0-9_]+=' || true)
	# shellcheck disable=SC2086
	exec env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
		HOSTNAME=bench HOME=/root $knobs "$0" --clean-env
fi
rounds=${BENCH_ROUNDS:-1000}
pid1_rounds=${BENCH_PID1_ROUNDS:-1000}
idle=${BENCH_IDLE:-10}
orphans=${BENCH_ORPHANS:-20000}
reap_reps=${BENCH_REAP_REPS:-5}
sig_rounds=${BENCH_SIG_ROUNDS:-200}
profile=${BENCH_PROFILE:-1}
for v in $(env | sed -n 's/^\(BENCH_[A-Z0-9_]*\)=.*/\1/p'); do unset "$v"; done

if [ "$(id -u)" != 0 ]; then
	echo "bench: needs root (PID namespaces, ptrace, privilege drop)" >&2
	exit 1
fi

OUT=$ROOT/build/bench
TMP=$(mktemp -d /tmp/capinit-bench.XXXXXX)
trap 'rm -rf "$TMP"' EXIT
mkdir -p "$OUT"
say() { printf 'bench: %s\n' "$*" >&2; }
t_start=$(date +%s)

# --- tools -----------------------------------------------------------------
say "building the drivers"
CFLAGS="-O2 -Wall -Wextra -Werror"
gcc $CFLAGS -o "$OUT/bench" test/bench/bench.c -lm
gcc $CFLAGS -o "$OUT/icount" test/bench/icount.c
if command -v musl-gcc >/dev/null; then
	musl-gcc $CFLAGS -static -o "$OUT/bhelper" test/bench/bhelper.c
else
	gcc $CFLAGS -static -o "$OUT/bhelper" test/bench/bhelper.c
fi
chmod 755 "$OUT" "$OUT/bhelper"
HELPER=$OUT/bhelper
TRUE=/bin/true

# --- subjects ----------------------------------------------------------------
CAPINIT=$ROOT/build/capinit
[ -x "$CAPINIT" ] || { say "no $CAPINIT: run make first"; exit 1; }
path_of() { command -v "$1" 2>/dev/null || true; }
declare -A BIN=(
	[capinit]=$CAPINIT [capinit-exec]=$CAPINIT
	[tini]=$(path_of tini) [tini-static]=$(path_of tini-static)
	[dumb-init]=$(path_of dumb-init) [catatonit]=$(path_of catatonit)
	[gosu]=$(path_of gosu) [setpriv]=$(path_of setpriv)
)
COLS=(capinit capinit-exec tini tini-static dumb-init catatonit gosu setpriv)
INITS=(capinit tini tini-static dumb-init catatonit)   # supervisors, PID 1 tests
PLAIN=(capinit capinit-exec tini tini-static dumb-init catatonit)
DROPS=(capinit capinit-exec gosu setpriv)
PEERS=(tini tini-static dumb-init catatonit)

# Command prefix (tab-separated words) before PROGRAM: each one's own syntax.
prefix() { # prefix NAME plain|drop
	local b=${BIN[$1]}
	[ -n "$b" ] || return 1
	local drop=(-u 65534:65534 --group-add 100 --cap-drop ALL
		--cap-add NET_BIND_SERVICE --no-new-privileges)
	case "$1:$2" in
	capinit:plain) words=("$b" --) ;;
	capinit-exec:plain) words=("$b" --exec --) ;;
	capinit:drop) words=("$b" "${drop[@]}" --) ;;
	capinit-exec:drop) words=("$b" "${drop[@]}" --exec --) ;;
	dumb-init:plain) words=("$b") ;;
	tini:plain | tini-static:plain | catatonit:plain) words=("$b" --) ;;
	gosu:drop) words=("$b" 65534:65534) ;;
	setpriv:drop) words=("$b" --reuid=65534 --regid=65534 --groups=100
		--inh-caps=-all,+net_bind_service --ambient-caps=+net_bind_service
		--bounding-set=-all,+net_bind_service --no-new-privs) ;;
	*) return 1 ;;
	esac
	(IFS=$'\t'; printf '%s' "${words[*]}")
}
# spec FILE MODE SUFFIX NAMES...: one line per available subject
spec() {
	local file=$1 mode=$2 suffix=$3 n p
	shift 3
	: >"$file"
	for n in "$@"; do
		p=$(prefix "$n" "$mode") || continue
		printf '%s\t%s%s\n' "$n" "$p" "$suffix" >>"$file"
	done
}

RES=$OUT/results.tsv.tmp
: >"$RES"
put() { printf '%s\t%s\t%s\n' "$1" "$2" "$3" >>"$RES"; } # metric subject value
# import METRIC-PREFIX < bench output (name key value)
import() {
	local name key val
	while IFS=$'\t' read -r name key val; do
		case "$name" in
		drop:*) put "${1}drop_$key" "${name#drop:}" "$val" ;;
		*) put "$1$key" "$name" "$val" ;;
		esac
	done
}

# --- 1. size -----------------------------------------------------------------
say "1/6 sizes"
for n in "${COLS[@]}"; do
	b=${BIN[$n]}
	[ -n "$b" ] || continue
	r=$(readlink -f "$b")
	put size_bytes "$n" "$(stat -c %s "$r")"
	if readelf -lW "$r" 2>/dev/null | grep -q 'Requesting program interpreter'; then
		put static "$n" 0
	else
		put static "$n" 1
	fi
done

# --- 2. start-up --------------------------------------------------------------
say "2/6 start-up: $rounds rounds not PID 1, $pid1_rounds as PID 1 (round-robin)"
{
	printf 'true\t%s\n' "$TRUE"
	spec "$TMP/s" plain $'\t'"$TRUE" "${PLAIN[@]}"; cat "$TMP/s"
	spec "$TMP/s" drop $'\t'"$TRUE" "${DROPS[@]}"; sed 's/^/drop:/' "$TMP/s"
} >"$TMP/start"
timeout 300 "$OUT/bench" start -n "$rounds" -w 50 "$TMP/start" | import start_
{
	printf 'true\t%s\n' "$TRUE"
	spec "$TMP/s" plain $'\t'"$TRUE" "${PLAIN[@]}"; cat "$TMP/s"
} >"$TMP/start1"
timeout 300 "$OUT/bench" start -1 -n "$pid1_rounds" -w 50 "$TMP/start1" | import start1_

# Instructions and syscalls from the init's first instruction to the child's
# execve (exec mode: to its own execve), by ptrace; see icount.c.
say "2/6 instructions and syscalls to the child's execve (ptrace single-step)"
icount() { # icount METRIC NAME [-1] -- CMD...
	local metric=$1 name=$2 out
	shift 2
	if out=$(timeout 200 "$OUT/icount" -t 180 "$@" 2>/dev/null); then
		put "$metric" "$name" "$(printf '%s\n' "$out" | awk 'NR==1{print $2}')"
	else
		say "icount failed: $name $*"
	fi
}
run_icount() { # run_icount SUFFIX ICOUNT-OPTS MODE NAMES...
	local suffix=$1 opts=$2 mode=$3 n p
	shift 3
	for n in "$@"; do
		p=$(prefix "$n" "$mode") || continue
		IFS=$'\t' read -r -a words <<<"$p"
		# shellcheck disable=SC2086
		icount "instr$suffix" "$n" $opts -- "${words[@]}" "$TRUE"
		# shellcheck disable=SC2086
		icount "sys$suffix" "$n" -s $opts -- "${words[@]}" "$TRUE"
	done
}
run_icount _pid1 -1 plain "${PLAIN[@]}"
run_icount _nopid1 "" plain "${PLAIN[@]}"
run_icount _drop "" drop "${DROPS[@]}"
# The same as PID 1 with 32 more environment variables (per-variable cost).
for i in $(seq 1 32); do export "BENCH_VAR_$i=/some/value/$i"; done
run_icount _env32 -1 plain "${PLAIN[@]}"
for i in $(seq 1 32); do unset "BENCH_VAR_$i"; done

# --- 3. idle as PID 1 ----------------------------------------------------------
say "3/6 idle as PID 1 for ${idle}s (all at once)"
spec "$TMP/idle" plain "" "${INITS[@]}"
put idle_secs all "$idle"
timeout $((idle + 30)) "$OUT/bench" idle -t "$idle" -h "$HELPER" "$TMP/idle" | import idle_

# --- 4. reaping ------------------------------------------------------------------
say "4/6 reaping $orphans orphans as PID 1, $reap_reps rounds"
for rep in $(seq 1 "$reap_reps"); do
	# rotate the order each round
	mapfile -t order < <(printf '%s\n' "${INITS[@]}" | awk -v r="$rep" '{a[NR]=$0} END{for(i=0;i<NR;i++) print a[(i+r-1)%NR+1]}')
	spec "$TMP/reap" plain "" "${order[@]}"
	timeout 400 "$OUT/bench" reap -n "$orphans" -h "$HELPER" -d "$TMP" "$TMP/reap" |
		awk -F'\t' -v r="$rep" '{print $1 "\t" $2 "\t" $3 "\t" r}' >>"$TMP/reap.all"
done
# median over the rounds (max for zombies_left and timeout)
awk -F'\t' '{k=$1 SUBSEP $2; v[k]=v[k] " " $3}
	END{for (k in v) {split(k, a, SUBSEP); n=split(v[k], x, " ");
		for (i=1;i<=n;i++) for (j=i+1;j<=n;j++) if (x[j]+0<x[i]+0) {t=x[i];x[i]=x[j];x[j]=t}
		val = (a[2]=="zombies_left" || a[2]=="timeout") ? x[n] : x[int((n+1)/2)];
		print a[1] "\t" a[2] "\t" val
		# noise: half the range over the rounds
		if (a[2] == "cpu_us_per_orphan") print a[1] "\t" a[2] "_ci\t" (x[n] - x[1]) / 2}}' "$TMP/reap.all" | import reap_
awk -F'\t' '$2=="cpu_us_per_orphan"{printf "%s\t%s\t%s\n", "reap_cpu_rounds", $1, $3}' "$TMP/reap.all" |
	awk -F'\t' '{v[$2]=v[$2] (v[$2]==""?"":"/") sprintf("%.1f",$3)} END{for(k in v) print "reap_cpu_rounds\t" k "\t" v[k]}' >>"$RES"

# --- 5. signal forwarding ------------------------------------------------------------
say "5/6 SIGTERM forwarding latency as PID 1, $sig_rounds rounds"
spec "$TMP/sig" plain "" "${INITS[@]}"
timeout 120 "$OUT/bench" signal -r "$sig_rounds" -h "$HELPER" -d "$TMP" "$TMP/sig" | import sig_

# The same as a container runs: each init with its child in a cpu cgroup of
# its own, the sender outside. Autogroups (one scheduling group per session,
# which the row above depends on) apply only in the root cpu cgroup.
# cgroup v1's cpu hierarchy or v2 with the cpu controller; skipped without.
cgbase=""
if [ -w /sys/fs/cgroup/cpu/cgroup.procs ]; then
	cgbase=/sys/fs/cgroup/cpu/capinit-bench
elif grep -qw cpu /sys/fs/cgroup/cgroup.subtree_control 2>/dev/null; then
	cgbase=/sys/fs/cgroup/capinit-bench
fi
if [ -n "$cgbase" ] && mkdir -p "$cgbase"; then
	say "5/6 the same, each init in a cpu cgroup of its own ($cgbase)"
	: >"$TMP/sigcg"
	while IFS= read -r line; do
		name=${line%%$'\t'*}
		mkdir -p "$cgbase/$name"
		# sh joins the cgroup ("0": itself) as PID 1, then becomes the init.
		# shellcheck disable=SC2016 # expanded by that sh, not here
		printf '%s\t/bin/sh\t-c\techo 0 >"$0/cgroup.procs" && exec "$@"\t%s\t%s\n' \
			"$name" "$cgbase/$name" "${line#*$'\t'}" >>"$TMP/sigcg"
	done <"$TMP/sig"
	timeout 120 "$OUT/bench" signal -r "$sig_rounds" -h "$HELPER" -d "$TMP" "$TMP/sigcg" | import sigcg_
	for d in "$cgbase"/*/ "$cgbase"; do rmdir "$d" 2>/dev/null || true; done
fi

# --- 6. exit status -----------------------------------------------------------------
say "6/6 exit status as PID 1"
{
	spec "$TMP/s" plain "" "${INITS[@]}"; cat "$TMP/s"
	spec "$TMP/s" drop "" gosu setpriv; cat "$TMP/s"
} >"$TMP/exit"
timeout 120 "$OUT/bench" exit -h "$HELPER" "$TMP/exit" | import exit_

# --- profile of capinit for the analysis ---------------------------------------
if [ "$profile" = 1 ]; then
	say "profile: strace and callgrind of capinit -- /bin/true (build/bench/capinit.*.txt)"
	timeout 30 strace -f -o "$TMP/strace" unshare --pid --fork "$CAPINIT" -- "$TRUE" >/dev/null 2>&1 || true
	# from capinit's execve to the child's execve of /bin/true
	awk '/execve\("[^"]*capinit"/{on=1} on{print} on && /execve\("\/bin\/true"/{exit}' \
		"$TMP/strace" >"$OUT/capinit.strace.txt" || true
	# symbols: the same sources linked without -s (ld: the last -s/-S wins)
	if timeout 120 make -s BUILD="$OUT/sym" LIBCAPNG_DIR="$ROOT/build/libcap-ng" \
		LDFLAGS=-Wl,-S "$OUT/sym/capinit" >"$TMP/make.log" 2>&1; then
		rm -f "$OUT"/callgrind.out.*
		(cd "$OUT" && timeout 60 valgrind --tool=callgrind --trace-children=no \
			--callgrind-out-file="$OUT/callgrind.out.%p" "$OUT/sym/capinit" -- "$TRUE") \
			>/dev/null 2>&1 || true
		for f in "$OUT"/callgrind.out.*; do
			[ -e "$f" ] || continue
			callgrind_annotate --inclusive=no "$f" 2>/dev/null | head -40
			echo
			callgrind_annotate --inclusive=yes "$f" 2>/dev/null | sed -n '/Ir/,$p' | head -30
		done >"$OUT/capinit.callgrind.txt" || true
	else
		say "profile: symbol build failed (see $TMP/make.log)"
	fi
fi

mv "$RES" "$OUT/results.tsv"
say "done in $(($(date +%s) - t_start)) s; results: build/bench/results.tsv"

# --- the table -----------------------------------------------------------------------
exec awk -F'\t' -v cols="${COLS[*]}" -f - "$OUT/results.tsv" <<'AWK'
function get(m, s) { return ((m, s) in V) ? V[m, s] : "" }
function num(x, d) { return x == "" ? "-" : sprintf("%." d "f", x) }
function grp(x,   s, r) { # 12345 -> 12,345
	if (x == "") return "-"
	s = sprintf("%.0f", x); r = ""
	while (length(s) > 3) { r = "," substr(s, length(s) - 2) r; s = substr(s, 1, length(s) - 3) }
	return s r
}
function status(x) {
	if (x == "") return "-"
	if (x == -999) return "no exit"
	if (x < 0) return "sig" (-x)
	if (x == 99) return "99 (*)"
	return sprintf("%d", x)
}
# row LABEL KIND METRIC...: one cell per column
function row(label, kind, m, extra,   i, s, c, v) {
	line = sprintf("%-44s", label)
	for (i = 1; i <= nc; i++) {
		s = C[i]; v = get(m, s)
		if (kind == "int") c = grp(v)
		else if (kind == "yn") c = v == "" ? "-" : (v ? "yes" : "no")
		else if (kind == "us") c = v == "" ? "-" : num(v, 0)
		else if (kind == "spread") c = v == "" ? "-" : num(v, 0) " [" num(get(m "_p10", s), 0) "," num(get(m "_p90", s), 0) "]"
		else if (kind == "ratio") c = v == "" ? "-" : sprintf("%.2fx", (get(extra, "true") + v) / get(extra, "true"))
		else if (kind == "f1") c = v == "" ? "-" : num(v, 1)
		else if (kind == "f2") c = v == "" ? "-" : num(v, 2)
		else if (kind == "status") c = status(v)
		else c = v == "" ? "-" : v
		line = line sprintf(" %16s", c)
	}
	print line
}
{ V[$1, $2] = $3 }
END {
	nc = split(cols, C, " ")
	line = sprintf("%-44s", "metric")
	for (i = 1; i <= nc; i++) line = line sprintf(" %16s", C[i])
	print line
	gsub(/./, "-", line); print line
	row("binary size (bytes)", "int", "size_bytes")
	row("static (no PT_INTERP)", "yn", "static")
	print "start-up: INIT -- /bin/true, overhead over /bin/true alone, us median [p10,p90] of per-round differences"
	row("  not PID 1 (/bin/true " num(get("start_med", "true"), 0) " us)", "spread", "start_ovh")
	row("  not PID 1, ratio to /bin/true", "ratio", "start_ovh", "start_med")
	row("  as PID 1 (/bin/true " num(get("start1_med", "true"), 0) " us)", "spread", "start1_ovh")
	row("  as PID 1, ratio to /bin/true", "ratio", "start1_ovh", "start1_med")
	print "to the child's execve (exec mode: own execve), by ptrace"
	row("  user instructions, as PID 1", "int", "instr_pid1")
	row("  user instructions, not PID 1", "int", "instr_nopid1")
	row("  user instructions, PID 1, +32 env vars", "int", "instr_env32")
	row("  syscalls, as PID 1", "int", "sys_pid1")
	row("  syscalls, not PID 1", "int", "sys_nopid1")
	print "full privilege drop (capinit -u/--group-add/--cap-*/--no-new-privileges; gosu; setpriv)"
	row("  user instructions to execve", "int", "instr_drop")
	row("  syscalls to execve", "int", "sys_drop")
	row("  start-up overhead, not PID 1 (us)", "spread", "start_drop_ovh")
	print "idle as PID 1, child sleeping"
	row("  wake-ups (voluntary ctx switches) / " get("idle_secs", "all") "s", "int", "idle_wakeups")
	row("  VmRSS (kB)", "int", "idle_vmrss_kb")
	row("  RssAnon (kB)", "int", "idle_rssanon_kb")
	row("  RssFile (kB)", "int", "idle_rssfile_kb")
	print "reaping " grp(get("reap_orphans", "capinit")) " orphans as PID 1 (median of rounds)"
	row("  init CPU per orphan (us)", "f2", "reap_cpu_us_per_orphan")
	row("  init CPU per orphan, each round (us)", "", "reap_cpu_rounds")
	row("  time until all reaped (ms)", "f1", "reap_reap_ms")
	row("  zombies left", "int", "reap_zombies_left")
	print "SIGTERM to PID 1 -> child wakes (sigwaitinfo), us; direct to the child: " num(get("sig_lat", "direct"), 1) " us"
	row("  latency median [p10,p90]", "spread", "sig_lat")
	row("  added over direct (median of pairs)", "f1", "sig_added")
	if (get("sigcg_added", "capinit") != "") {
		row("  each in its own cpu cgroup: latency", "spread", "sigcg_lat")
		row("  each in its own cpu cgroup: added", "f1", "sigcg_added")
	}
	print "exit status as PID 1 (sigN = died by signal N)"
	row("  child exits 3", "status", "exit_exit3")
	row("  child killed by SIGKILL", "status", "exit_sigkill")
	row("  SIGTERM to PID 1 (child default)", "status", "exit_sigterm")
	print "(*) gosu/setpriv exec: the app itself is PID 1; its kill(getpid(), SIGKILL) is ignored, so it returns 99."
	print "    \"no exit\": SIGTERM to a PID 1 without a handler is ignored; killed after 2 s."
}
AWK
