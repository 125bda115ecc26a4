/* bhelper: the child program the bench runs under each init.
 *
 *   bhelper exit N              exit with status N
 *   bhelper kill SIG            kill itself with signal SIG
 *   bhelper sleep SECONDS       sleep (default signal dispositions)
 *   bhelper sigwait FIFO        block SIGTERM, then for each SIGTERM write the
 *                               CLOCK_MONOTONIC time (ns, 8 bytes) of its
 *                               wake-up to FIFO; an all-zero record first = ready
 *   bhelper orphans N OUTFILE   make N orphans for the init (PID 1) to reap and
 *                               write what happened to OUTFILE:
 *       a middle process forks N grandchildren that exit at once and waits
 *       (WNOWAIT) until all N are zombies; when it exits, the N zombies are
 *       reparented to PID 1 in one go (a SIGCHLD for each).  The helper then
 *       watches (kill(pid, 0)) until every one is gone and reads PID 1's CPU
 *       time (/proc/PPID/schedstat: the host /proc, so the ppid in
 *       /proc/self/stat is PID 1's host pid) before and after.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static uint64_t now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static int sigwait_loop(const char *fifo)
{
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigprocmask(SIG_BLOCK, &set, NULL);
	int fd = open(fifo, O_WRONLY);
	if (fd < 0)
		return 2;
	uint64_t t = 0;
	if (write(fd, &t, sizeof t) != sizeof t)
		return 2;
	for (;;) {
		siginfo_t si;
		if (sigwaitinfo(&set, &si) < 0) {
			if (errno == EINTR)
				continue;
			return 2;
		}
		t = now_ns();
		if (write(fd, &t, sizeof t) != sizeof t)
			return 0; /* reader gone: done */
	}
}

/* Host pid of our parent, as the host /proc shows it. */
static long host_ppid(void)
{
	char buf[512];
	int fd = open("/proc/self/stat", O_RDONLY);
	if (fd < 0)
		return -1;
	ssize_t n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = 0;
	char *p = strrchr(buf, ')');
	if (!p)
		return -1;
	char state;
	long ppid;
	if (sscanf(p + 1, " %c %ld", &state, &ppid) != 2)
		return -1;
	return ppid;
}

/* CPU time of a process in ns: schedstat (ns) or utime+stime (ticks). */
static int64_t cpu_ns(long pid, const char **src)
{
	char path[64], buf[512];
	snprintf(path, sizeof path, "/proc/%ld/schedstat", pid);
	FILE *f = fopen(path, "r");
	if (f) {
		unsigned long long ns;
		int ok = fscanf(f, "%llu", &ns) == 1;
		fclose(f);
		if (ok) {
			*src = "schedstat";
			return (int64_t)ns;
		}
	}
	snprintf(path, sizeof path, "/proc/%ld/stat", pid);
	f = fopen(path, "r");
	if (!f)
		return -1;
	size_t n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = 0;
	char *p = strrchr(buf, ')');
	unsigned long ut, st;
	if (!p || sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &ut,
			 &st) != 2)
		return -1;
	*src = "stat-ticks";
	return (int64_t)(ut + st) * (1000000000 / sysconf(_SC_CLK_TCK));
}

static int orphans(int n, const char *out)
{
	FILE *o = fopen(out, "w");
	if (!o)
		return 2;
	setvbuf(o, NULL, _IONBF, 0);
	pid_t *pids = mmap(NULL, sizeof(pid_t) * (size_t)n, PROT_READ | PROT_WRITE,
			   MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (pids == MAP_FAILED)
		return 2;
	int go[2], rdy[2];
	if (pipe(go) != 0 || pipe(rdy) != 0)
		return 2;
	uint64_t tf = now_ns();
	pid_t mid = fork();
	if (mid < 0)
		return 2;
	if (mid == 0) {
		close(go[1]);
		close(rdy[0]);
		for (int i = 0; i < n; i++) {
			pid_t g = fork();
			if (g < 0)
				_exit(3);
			if (g == 0)
				_exit(0);
			pids[i] = g;
		}
		/* all N are zombies of ours (not reaped: WNOWAIT) */
		for (int i = 0; i < n; i++) {
			siginfo_t si;
			while (waitid(P_PID, (id_t)pids[i], &si, WEXITED | WNOWAIT) != 0 &&
			       errno == EINTR)
				;
		}
		char c = 1;
		if (write(rdy[1], &c, 1) != 1)
			_exit(3);
		while (read(go[0], &c, 1) < 0 && errno == EINTR)
			;
		_exit(0); /* the N zombies are reparented to PID 1 now */
	}
	close(go[0]);
	close(rdy[1]);
	char c;
	if (read(rdy[0], &c, 1) != 1) {
		fprintf(o, "error fork_failed\n");
		return 2;
	}
	double fork_ms = (double)(now_ns() - tf) / 1e6;
	long init = host_ppid();
	const char *src = "?";
	usleep(100000);
	int64_t c0 = cpu_ns(init, &src);
	uint64_t t0 = now_ns();
	close(go[1]); /* the middle process exits: N zombies for PID 1 at once */
	int st;
	waitpid(mid, &st, 0);
	uint64_t deadline = t0 + 30ull * 1000000000u, t1 = 0;
	int i = 0;
	while (i < n) {
		if (kill(pids[i], 0) != 0 && errno == ESRCH) {
			i++;
			continue;
		}
		if (now_ns() > deadline)
			break;
		usleep(100);
	}
	t1 = now_ns();
	int left = 0;
	for (int j = 0; j < n; j++)
		if (kill(pids[j], 0) == 0)
			left++;
	usleep(50000); /* PID 1 back asleep */
	int64_t c1 = cpu_ns(init, &src);
	fprintf(o, "fork_ms\t%.3f\n", fork_ms);
	fprintf(o, "orphans\t%d\nreap_ms\t%.3f\nzombies_left\t%d\ninit_cpu_ns\t%lld\ncpu_src\t%s\n",
		n, (double)(t1 - t0) / 1e6, left, (long long)(c1 - c0), src);
	fclose(o);
	return left ? 1 : 0;
}

int main(int argc, char **argv)
{
	if (argc >= 3 && !strcmp(argv[1], "exit"))
		return atoi(argv[2]);
	if (argc >= 3 && !strcmp(argv[1], "kill")) {
		kill(getpid(), atoi(argv[2]));
		raise(atoi(argv[2]));
		return 99;
	}
	if (argc >= 3 && !strcmp(argv[1], "sleep")) {
		struct timespec ts = {atoi(argv[2]), 0};
		while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
			;
		return 0;
	}
	if (argc >= 3 && !strcmp(argv[1], "sigwait"))
		return sigwait_loop(argv[2]);
	if (argc >= 4 && !strcmp(argv[1], "orphans"))
		return orphans(atoi(argv[2]), argv[3]);
	fprintf(stderr, "usage: bhelper exit N|kill SIG|sleep S|sigwait FIFO|orphans N OUT\n");
	return 2;
}
