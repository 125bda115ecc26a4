#!/bin/sh
# make bench-check: compares capinit's numbers in build/bench/results.tsv (the
# last `make bench`) with the targets; PASS/MISS per target, exit 1 on a miss,
# 2 when there are no results.  Peers = tini, tini-static, dumb-init, catatonit.
# Noise margins (start-up, signal latency; reaping: half the range over the
# rounds): the two medians' 95% confidence half-widths combined, sqrt(ci_capinit^2 + ci_peer^2) (test/bench/README.md).
set -eu
cd "$(dirname "$0")/../.."
RES=${1:-build/bench/results.tsv}
if [ ! -s "$RES" ]; then
	echo "bench-check: no $RES; run make bench first" >&2
	exit 2
fi

exec awk -F'\t' '
function has(m, s) { return (m, s) in V }
function get(m, s) { return V[m, s] }
function fmt(x) { return (x == int(x) && x < 1e15) ? sprintf("%d", x) : sprintf("%.2f", x) }
function verdict(ok, what, detail) {
	printf "%-4s  %-52s %s\n", ok ? "PASS" : "MISS", what, detail
	if (!ok) miss++
	n++
}
function missing(what) { printf "MISS  %-52s %s\n", what, "(no measurement)"; miss++; n++ }
# best (lowest) peer value of metric m; sets BEST to its name
function best(m,   i, s, b) {
	b = ""; BEST = ""
	for (i = 1; i <= np; i++) {
		s = P[i]
		if (has(m, s) && (b == "" || get(m, s) + 0 < b + 0)) { b = get(m, s); BEST = s }
	}
	return b
}
# le_best WHAT METRIC CI-METRIC FACTOR: capinit <= factor * best peer (+ margin)
function le_best(what, m, cim, factor,   b, c, margin, bs, d) {
	if (!has(m, "capinit")) { missing(what); return }
	b = best(m); bs = BEST
	if (b == "") { missing(what " (no peer)"); return }
	c = get(m, "capinit")
	margin = 0
	if (cim != "") margin = sqrt(get(cim, "capinit")^2 + get(cim, bs)^2)
	if (factor == 1)
		d = sprintf("capinit %s vs %s %s", fmt(c), bs, fmt(b))
	else
		d = sprintf("capinit %s vs 1/%d of %s %s = %.1f", fmt(c), int(1 / factor + 0.5), bs, fmt(b), factor * b)
	if (margin)
		d = d sprintf(" (+ noise margin %.1f)", margin)
	verdict(c <= factor * b + margin, what, d)
}
function le(what, m, s, limit, unit,   c) {
	if (!has(m, s)) { missing(what); return }
	c = get(m, s)
	verdict(c <= limit, what, sprintf("%s %s%s (target <= %s)", s, fmt(c), unit, fmt(limit)))
}
{ V[$1, $2] = $3 }
END {
	np = split("tini tini-static dumb-init catatonit", P, " ")
	miss = 0; n = 0
	le("binary size <= 48 KiB", "size_bytes", "capinit", 48 * 1024, " bytes")
	if (has("static", "capinit")) verdict(get("static", "capinit") == 1, "binary is static (no PT_INTERP)", "")
	else missing("binary is static")
	le("user instructions to the child execve <= 10,000", "instr_pid1", "capinit", 10000, "")
	le("syscalls to the child execve <= 24", "sys_pid1", "capinit", 24, "")
	le_best("start-up overhead not PID 1 <= best peer (us)", "start_ovh", "start_ovh_ci", 1)
	le_best("start-up overhead as PID 1 <= best peer (us)", "start1_ovh", "start1_ovh_ci", 1)
	if (has("instr_drop", "capinit") && has("instr_drop", "setpriv")) {
		lim = get("instr_drop", "setpriv") / 10
		le("full drop, supervised <= 1/10 setpriv instructions", "instr_drop", "capinit", lim, "")
		le("full drop, --exec <= 1/10 setpriv instructions", "instr_drop", "capinit-exec", lim, "")
	} else missing("full drop <= 1/10 setpriv instructions")
	le("idle as PID 1: 0 wake-ups", "idle_wakeups", "capinit", 0, "")
	le_best("VmRSS as PID 1 <= 1/3 best peer (kB)", "idle_vmrss_kb", "", 1 / 3)
	le_best("reaping CPU per orphan <= best peer (us)", "reap_cpu_us_per_orphan", "reap_cpu_us_per_orphan_ci", 1)
	le("zombies left after reaping = 0", "reap_zombies_left", "capinit", 0, "")
	le_best("SIGTERM forwarding added latency <= best peer (us)", "sig_added", "sig_added_ci", 1)
	printf "%d/%d targets met\n", n - miss, n
	exit miss ? 1 : 0
}' "$RES"
