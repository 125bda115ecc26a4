/* bench: the timing driver of `make bench` (see test/bench/README.md).
 *
 * A SPEC file has one line per subject: NAME<TAB>ARG0<TAB>ARG1...  (the full
 * command for `start`; a command prefix, to which the child is appended, for
 * the others).  Results go to stdout as TSV: NAME<TAB>KEY<TAB>VALUE.
 *
 *   bench start [-1] -n ROUNDS -w WARMUP SPEC
 *       Round-robin: each round runs every subject once (rotating the order),
 *       fork/exec -> waitpid timed with CLOCK_MONOTONIC; -1 runs each as PID 1
 *       of a new PID namespace (clone(CLONE_NEWPID)).  The first line is the
 *       baseline: per round, subject time - baseline time = overhead.
 *       Keys: med p10 p90 (µs, raw), ovh ovh_p10 ovh_p90 ovh_ci (paired
 *       overhead, ci = half-width of the 95% order-statistic CI of the median),
 *       fail.
 *   bench idle -t SECONDS SPEC      (prefix + "HELPER sleep 3600") as PID 1, all
 *       at once; voluntary context switches over SECONDS, VmRSS, RssAnon...
 *   bench reap -n N -h HELPER SPEC  (prefix + "HELPER orphans N FILE") as PID 1
 *   bench signal -r ROUNDS -h HELPER SPEC
 *       (prefix + "HELPER sigwait FIFO") as PID 1 for each subject, plus the
 *       helper alone ("direct"); kill(pid, SIGTERM) -> helper's wake-up.
 *   bench exit -h HELPER SPEC       exit status of: child exits 3, child killed
 *       by SIGKILL, SIGTERM sent to PID 1 (child has default dispositions).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAXS 32
#define MAXA 64

struct subj {
	char name[64];
	char *argv[MAXA];
	int argc;
};

static struct subj subj[MAXS];
static int nsubj;
static const char *helper;

static uint64_t now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void die(const char *m)
{
	fprintf(stderr, "bench: %s: %s\n", m, strerror(errno));
	exit(2);
}

static void load_spec(const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f)
		die(path);
	char line[4096];
	while (fgets(line, sizeof line, f) && nsubj < MAXS) {
		line[strcspn(line, "\n")] = 0;
		if (!line[0] || line[0] == '#')
			continue;
		struct subj *s = &subj[nsubj++];
		char *save, *tok = strtok_r(line, "\t", &save);
		snprintf(s->name, sizeof s->name, "%s", tok);
		while ((tok = strtok_r(NULL, "\t", &save)) && s->argc < MAXA - 8)
			s->argv[s->argc++] = strdup(tok);
	}
	fclose(f);
}

/* argv of subject s followed by the extra words (NULL-terminated). */
static char **cmd(struct subj *s, const char *const *extra)
{
	static char *v[MAXA + 8];
	int n = 0;
	for (int i = 0; i < s->argc; i++)
		v[n++] = s->argv[i];
	for (; extra && *extra; extra++)
		v[n++] = (char *)*extra;
	v[n] = NULL;
	return v;
}

static int devnull = -1;

/* fork (as PID 1 of a new PID namespace with pid1) and exec; stdio to /dev/null. */
static pid_t spawn(char **argv, int pid1)
{
	pid_t pid = (pid_t)syscall(SYS_clone, SIGCHLD | (pid1 ? CLONE_NEWPID : 0), 0, 0, 0, 0);
	if (pid == 0) {
		dup2(devnull, 0);
		dup2(devnull, 1);
		dup2(devnull, 2);
		execv(argv[0], argv);
		_exit(127);
	}
	return pid;
}

/* waitpid with a timeout (ms); kills the process on timeout, returns -1. */
static int wait_for(pid_t pid, int ms, int *status)
{
	uint64_t end = now_ns() + (uint64_t)ms * 1000000u;
	for (;;) {
		pid_t r = waitpid(pid, status, WNOHANG);
		if (r == pid)
			return 0;
		if (r < 0 && errno != EINTR)
			return -1;
		if (now_ns() > end) {
			kill(pid, SIGKILL);
			waitpid(pid, status, 0);
			return -1;
		}
		usleep(1000);
	}
}

static int cmp_d(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static double pct(double *v, int n, double p) /* v sorted */
{
	if (n == 0)
		return NAN;
	double r = p * (n - 1);
	int i = (int)r;
	if (i + 1 >= n)
		return v[n - 1];
	return v[i] + (r - i) * (v[i + 1] - v[i]);
}

/* Half-width of the distribution-free 95% CI of the median (order statistics). */
static double ci_median(double *v, int n) /* v sorted */
{
	if (n < 10)
		return NAN;
	double h = 0.98 * sqrt((double)n);
	int lo = (int)floor(n / 2.0 - h), hi = (int)ceil(n / 2.0 + h);
	if (lo < 0)
		lo = 0;
	if (hi > n - 1)
		hi = n - 1;
	return (v[hi] - v[lo]) / 2;
}

static void out(const char *name, const char *key, double v)
{
	printf("%s\t%s\t%.3f\n", name, key, v);
}

static int cmd_start(int pid1, int rounds, int warm)
{
	double *t = calloc((size_t)nsubj * (size_t)rounds, sizeof *t);
	int *fail = calloc((size_t)nsubj, sizeof *fail);
	for (int r = -warm; r < rounds; r++) {
		for (int k = 0; k < nsubj; k++) {
			int i = (k + (r < 0 ? 0 : r)) % nsubj;
			char **argv = cmd(&subj[i], NULL);
			int st;
			uint64_t t0 = now_ns();
			pid_t pid = spawn(argv, pid1);
			if (pid < 0)
				die("clone");
			pid_t w;
			while ((w = waitpid(pid, &st, 0)) < 0 && errno == EINTR)
				;
			uint64_t t1 = now_ns();
			if (r < 0)
				continue;
			if (w != pid || !WIFEXITED(st) || WEXITSTATUS(st) != 0)
				fail[i]++;
			t[(size_t)i * rounds + r] = (double)(t1 - t0) / 1000.0;
		}
	}
	double *v = malloc(sizeof *v * (size_t)rounds), *d = malloc(sizeof *d * (size_t)rounds);
	for (int i = 0; i < nsubj; i++) {
		for (int r = 0; r < rounds; r++) {
			v[r] = t[(size_t)i * rounds + r];
			d[r] = v[r] - t[r]; /* minus the baseline of the same round */
		}
		qsort(v, (size_t)rounds, sizeof *v, cmp_d);
		qsort(d, (size_t)rounds, sizeof *d, cmp_d);
		out(subj[i].name, "n", rounds);
		out(subj[i].name, "fail", fail[i]);
		out(subj[i].name, "med", pct(v, rounds, 0.5));
		out(subj[i].name, "p10", pct(v, rounds, 0.1));
		out(subj[i].name, "p90", pct(v, rounds, 0.9));
		out(subj[i].name, "ovh", pct(d, rounds, 0.5));
		out(subj[i].name, "ovh_p10", pct(d, rounds, 0.1));
		out(subj[i].name, "ovh_p90", pct(d, rounds, 0.9));
		out(subj[i].name, "ovh_ci", ci_median(d, rounds));
	}
	return 0;
}

struct pstat {
	long vol, nonvol, rss, anon, file;
};

static int read_status(pid_t pid, struct pstat *ps)
{
	char path[64], line[256];
	snprintf(path, sizeof path, "/proc/%d/status", pid);
	FILE *f = fopen(path, "r");
	if (!f)
		return -1;
	memset(ps, 0, sizeof *ps);
	while (fgets(line, sizeof line, f)) {
		sscanf(line, "voluntary_ctxt_switches: %ld", &ps->vol);
		sscanf(line, "nonvoluntary_ctxt_switches: %ld", &ps->nonvol);
		sscanf(line, "VmRSS: %ld", &ps->rss);
		sscanf(line, "RssAnon: %ld", &ps->anon);
		sscanf(line, "RssFile: %ld", &ps->file);
	}
	fclose(f);
	return 0;
}

static int cmd_idle(int secs)
{
	pid_t pid[MAXS];
	struct pstat a[MAXS], b[MAXS];
	const char *extra[] = {helper, "sleep", "3600", NULL};
	for (int i = 0; i < nsubj; i++)
		pid[i] = spawn(cmd(&subj[i], extra), 1);
	sleep(1); /* let start-up settle */
	for (int i = 0; i < nsubj; i++)
		read_status(pid[i], &a[i]);
	sleep((unsigned)secs);
	for (int i = 0; i < nsubj; i++) {
		int st;
		int alive = read_status(pid[i], &b[i]) == 0 && waitpid(pid[i], &st, WNOHANG) == 0;
		out(subj[i].name, "alive", alive);
		out(subj[i].name, "wakeups", (double)(b[i].vol - a[i].vol));
		out(subj[i].name, "nonvol", (double)(b[i].nonvol - a[i].nonvol));
		out(subj[i].name, "vmrss_kb", (double)b[i].rss);
		out(subj[i].name, "rssanon_kb", (double)b[i].anon);
		out(subj[i].name, "rssfile_kb", (double)b[i].file);
		kill(pid[i], SIGKILL);
		waitpid(pid[i], &st, 0);
	}
	return 0;
}

static int cmd_reap(int n, const char *tmpdir)
{
	char num[16], file[256];
	snprintf(num, sizeof num, "%d", n);
	for (int i = 0; i < nsubj; i++) {
		snprintf(file, sizeof file, "%s/reap.%d", tmpdir, i);
		unlink(file);
		const char *extra[] = {helper, "orphans", num, file, NULL};
		uint64_t t0 = now_ns();
		pid_t pid = spawn(cmd(&subj[i], extra), 1);
		int st = 0, to = wait_for(pid, 60000, &st);
		out(subj[i].name, "timeout", to != 0);
		out(subj[i].name, "wall_ms", (double)(now_ns() - t0) / 1e6);
		FILE *f = fopen(file, "r");
		char k[64], v[64];
		while (f && fscanf(f, "%63s %63s", k, v) == 2) {
			if (!strcmp(k, "init_cpu_ns"))
				out(subj[i].name, "cpu_us_per_orphan", atof(v) / 1000.0 / n);
			if (!strcmp(k, "cpu_src"))
				continue;
			out(subj[i].name, k, atof(v));
		}
		if (!f)
			out(subj[i].name, "error", 1);
		else
			fclose(f);
	}
	return 0;
}

static int cmd_signal(int rounds, const char *tmpdir)
{
	int m = nsubj + 1; /* + direct */
	pid_t pid[MAXS + 1], target[MAXS + 1];
	int fd[MAXS + 1];
	char fifo[MAXS + 1][256];
	for (int i = 0; i < m; i++) {
		snprintf(fifo[i], sizeof fifo[i], "%s/sig.%d", tmpdir, i);
		unlink(fifo[i]);
		if (mkfifo(fifo[i], 0600) != 0)
			die("mkfifo");
		fd[i] = open(fifo[i], O_RDONLY | O_NONBLOCK);
		const char *extra[] = {helper, "sigwait", fifo[i], NULL};
		if (i < nsubj) {
			pid[i] = spawn(cmd(&subj[i], extra), 1);
		} else {
			static struct subj direct = {.name = "direct"};
			pid[i] = spawn(cmd(&direct, extra), 0);
		}
		target[i] = pid[i];
	}
	/* wait for every helper's ready record */
	int ready[MAXS + 1] = {0}, nready = 0;
	uint64_t end = now_ns() + 5000000000u;
	while (nready < m && now_ns() < end) {
		for (int i = 0; i < m; i++) {
			uint64_t x;
			if (!ready[i] && read(fd[i], &x, sizeof x) == sizeof x) {
				ready[i] = 1;
				nready++;
			}
		}
		usleep(1000);
	}
	double *lat = calloc((size_t)m * (size_t)rounds, sizeof *lat);
	int lost[MAXS + 1] = {0};
	for (int r = 0; r < rounds; r++) {
		for (int k = 0; k < m; k++) {
			int i = (k + r) % m;
			if (!ready[i])
				continue;
			usleep(2000); /* everyone back asleep */
			uint64_t t0 = now_ns(), t1;
			kill(target[i], SIGTERM);
			struct pollfd p = {fd[i], POLLIN, 0};
			if (poll(&p, 1, 1000) == 1 && read(fd[i], &t1, sizeof t1) == sizeof t1)
				lat[(size_t)i * rounds + r] = (double)(t1 - t0) / 1000.0;
			else
				lost[i]++, lat[(size_t)i * rounds + r] = NAN;
		}
	}
	double *v = malloc(sizeof *v * (size_t)rounds), *d = malloc(sizeof *d * (size_t)rounds);
	for (int i = 0; i < m; i++) {
		const char *name = i < nsubj ? subj[i].name : "direct";
		int n = 0, nd = 0;
		for (int r = 0; r < rounds; r++) {
			double x = lat[(size_t)i * rounds + r], y = lat[(size_t)nsubj * rounds + r];
			if (!isnan(x))
				v[n++] = x;
			if (!isnan(x) && !isnan(y))
				d[nd++] = x - y;
		}
		qsort(v, (size_t)n, sizeof *v, cmp_d);
		qsort(d, (size_t)nd, sizeof *d, cmp_d);
		out(name, "ready", ready[i]);
		out(name, "lost", lost[i]);
		out(name, "lat", pct(v, n, 0.5));
		out(name, "lat_p10", pct(v, n, 0.1));
		out(name, "lat_p90", pct(v, n, 0.9));
		out(name, "added", pct(d, nd, 0.5));
		out(name, "added_p10", pct(d, nd, 0.1));
		out(name, "added_p90", pct(d, nd, 0.9));
		out(name, "added_ci", ci_median(d, nd));
	}
	for (int i = 0; i < m; i++) {
		int st;
		kill(pid[i], SIGKILL);
		waitpid(pid[i], &st, 0);
		close(fd[i]);
		unlink(fifo[i]);
	}
	return 0;
}

static void status_out(const char *name, const char *key, int to, int st)
{
	/* code: exit status, or -N for death by signal N, or -999 for timeout */
	double code = to ? -999 : WIFEXITED(st) ? WEXITSTATUS(st) : -WTERMSIG(st);
	out(name, key, code);
}

static int cmd_exit(void)
{
	for (int i = 0; i < nsubj; i++) {
		int st = 0, to;
		const char *e3[] = {helper, "exit", "3", NULL};
		to = wait_for(spawn(cmd(&subj[i], e3), 1), 5000, &st);
		status_out(subj[i].name, "exit3", to, st);
		const char *k9[] = {helper, "kill", "9", NULL};
		to = wait_for(spawn(cmd(&subj[i], k9), 1), 5000, &st);
		status_out(subj[i].name, "sigkill", to, st);
		const char *sl[] = {helper, "sleep", "30", NULL};
		pid_t pid = spawn(cmd(&subj[i], sl), 1);
		usleep(300000);
		kill(pid, SIGTERM);
		to = wait_for(pid, 2000, &st);
		status_out(subj[i].name, "sigterm", to, st);
	}
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: bench start|idle|reap|signal|exit [OPTIONS] SPEC\n");
		return 2;
	}
	const char *sub = argv[1], *tmpdir = "/tmp";
	int pid1 = 0, n = 1000, warm = 20, secs = 10, opt;
	optind = 2;
	while ((opt = getopt(argc, argv, "1n:w:t:r:h:d:")) != -1) {
		switch (opt) {
		case '1': pid1 = 1; break;
		case 'n': case 'r': n = atoi(optarg); break;
		case 'w': warm = atoi(optarg); break;
		case 't': secs = atoi(optarg); break;
		case 'h': helper = optarg; break;
		case 'd': tmpdir = optarg; break;
		default: return 2;
		}
	}
	if (optind >= argc)
		return 2;
	load_spec(argv[optind]);
	devnull = open("/dev/null", O_RDWR);
	signal(SIGPIPE, SIG_IGN);
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (!strcmp(sub, "start"))
		return cmd_start(pid1, n, warm);
	if (!strcmp(sub, "idle"))
		return cmd_idle(secs);
	if (!strcmp(sub, "reap"))
		return cmd_reap(n, tmpdir);
	if (!strcmp(sub, "signal"))
		return cmd_signal(n, tmpdir);
	if (!strcmp(sub, "exit"))
		return cmd_exit();
	return 2;
}
