/* An app, run under capinit as PID 1, that leaves orphans to it and watches
 * PID 1's memory:
 *
 *   load_reap orphans N     N orphans, in batches of 500: a middle process
 *                           forks 500 children that exit at once and exits
 *                           itself, so PID 1 inherits them (zombies or
 *                           about to be).
 *   load_reap forkloop SEC  the same, batches of 50, without a pause, for
 *                           SEC seconds.
 *
 * Both first leave one warm-up batch and wait until it is reaped (so that
 * whatever PID 1 touches to reap is counted), then read PID 1's VmRSS,
 * RssAnon and VmHWM from /proc/1/status ("before"), make the orphans
 * (sampling PID 1's VmRSS every 256 batches: "peak"), wait (at most 30 s)
 * until no process but PID 1 and itself is left in the PID namespace, read
 * them again ("after"), and print:
 *   made N               orphans made (forks that succeeded)
 *   before RSS ANON HWM  (kB)
 *   peak RSS             (kB, the largest VmRSS seen while forking)
 *   after RSS ANON HWM   (kB)
 *   left Z P             zombies and other processes left (both 0 to pass)
 * The PID namespace has few PIDs (pid_max may be 32768): a fork that fails
 * with EAGAIN waits 1 ms and tries again, so zombies that PID 1 has not
 * reaped yet only slow it down. Exits 0 when nothing was left. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

struct mem {
	long rss, anon, hwm;
};

static long field_kb(const char *text, const char *name)
{
	const char *p = strstr(text, name);
	return p ? strtol(p + strlen(name), NULL, 10) : -1;
}

static struct mem pid1_mem(void)
{
	char text[4096] = "";
	struct mem m = {-1, -1, -1};
	FILE *f = fopen("/proc/1/status", "r");

	if (f) {
		size_t n = fread(text, 1, sizeof(text) - 1, f);
		text[n] = '\0';
		fclose(f);
		m.rss = field_kb(text, "VmRSS:");
		m.anon = field_kb(text, "RssAnon:");
		m.hwm = field_kb(text, "VmHWM:");
	}
	return m;
}

static void pause_ms(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
	nanosleep(&ts, NULL);
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static pid_t fork_retry(void)
{
	for (int tries = 0; tries < 10000; tries++) {
		pid_t pid = fork();
		if (pid >= 0 || errno != EAGAIN)
			return pid;
		pause_ms(1);
	}
	return -1;
}

/* One batch of orphans; returns how many children the middle process made. */
static long batch(int size)
{
	int fds[2];
	long made = 0;
	pid_t middle;

	if (pipe(fds) != 0)
		return -1;
	middle = fork_retry();
	if (middle < 0) {
		close(fds[0]);
		close(fds[1]);
		return -1;
	}
	if (middle == 0) {
		long n = 0;
		close(fds[0]);
		for (int i = 0; i < size; i++) {
			pid_t kid = fork_retry();
			if (kid == 0)
				_exit(0);
			if (kid > 0)
				n++;
		}
		if (write(fds[1], &n, sizeof(n)) != sizeof(n))
			_exit(2);
		_exit(0);
	}
	close(fds[1]);
	if (read(fds[0], &made, sizeof(made)) != sizeof(made))
		made = -1;
	close(fds[0]);
	waitpid(middle, NULL, 0);
	return made;
}

/* Zombies and other live processes in the namespace, PID 1 and us apart. */
static void census(int *zombies, int *others)
{
	DIR *d = opendir("/proc");
	struct dirent *e;
	long self = (long)getpid();

	*zombies = *others = 0;
	if (!d) {
		perror("load_reap: /proc");
		exit(2);
	}
	while ((e = readdir(d)) != NULL) {
		char path[64], buf[512], *p, state = 0;
		long pid = strtol(e->d_name, NULL, 10);
		FILE *f;

		if (pid <= 1 || pid == self)
			continue;
		snprintf(path, sizeof(path), "/proc/%ld/stat", pid);
		f = fopen(path, "r");
		if (!f)
			continue;
		if (fgets(buf, sizeof(buf), f) && (p = strrchr(buf, ')')) != NULL)
			state = p[2];
		fclose(f);
		if (state == 'Z')
			++*zombies;
		else if (state)
			++*others;
	}
	closedir(d);
}

/* Waits (at most 30 s) until nothing is left but PID 1 and us. */
static int settle(int *zombies, int *others)
{
	for (int tries = 0; tries < 3000; tries++) {
		census(zombies, others);
		if (*zombies == 0 && *others == 0)
			return 0;
		pause_ms(10);
	}
	return -1;
}

int main(int argc, char **argv)
{
	long made = 0, peak = 0, count = 0;
	int zombies = 0, others = 0, size;
	double seconds = 0;
	struct mem before, after;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc != 3 || getpid() == 1 || getppid() != 1) {
		fprintf(stderr, "usage (as the child of PID 1): load_reap orphans N | forkloop SEC\n");
		return 2;
	}
	if (strcmp(argv[1], "orphans") == 0) {
		count = strtol(argv[2], NULL, 10);
		size = 500;
	} else if (strcmp(argv[1], "forkloop") == 0) {
		seconds = strtod(argv[2], NULL);
		size = 50;
	} else {
		fprintf(stderr, "load_reap: unknown mode %s\n", argv[1]);
		return 2;
	}

	if (batch(size) < 0 || settle(&zombies, &others) != 0) {
		fprintf(stderr, "load_reap: warm-up batch not reaped\n");
		return 1;
	}
	before = pid1_mem();
	printf("before %ld %ld %ld\n", before.rss, before.anon, before.hwm);
	peak = before.rss;

	/* Either count orphans, or as many as fit in the time given. */
	double end = count ? 0 : now() + seconds;
	for (long b = 0; count ? made < count : now() < end; b++) {
		long want = count && count - made < size ? count - made : size;
		long n = batch((int)want);
		if (n < 0) {
			perror("load_reap: fork");
			return 1;
		}
		made += n;
		if (b % 256 == 0) {
			long rss = pid1_mem().rss;
			if (rss > peak)
				peak = rss;
		}
	}
	printf("made %ld\n", made);
	settle(&zombies, &others);
	after = pid1_mem();
	if (after.rss > peak)
		peak = after.rss;
	printf("peak %ld\n", peak);
	printf("after %ld %ld %ld\n", after.rss, after.anon, after.hwm);
	printf("left %d %d\n", zombies, others);
	return zombies == 0 && others == 0 ? 0 : 1;
}
