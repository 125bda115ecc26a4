/* A signal storm, sent from the host side with kill():
 *
 *   load_storm [-t] PID N SIG...
 *
 * Sends N signals to PID, round-robin over the SIGs (numbers 1..64), as fast
 * as it can, then waits (at most 20 s) until PID has none of them pending
 * (SigPnd and ShdPnd of /proc/PID/status both empty: PID has taken, and
 * forwarded, every one). With -t it then sends SIGTERM, last.
 * Prints "sent SIG COUNT" per signal, "maxq Q LIMIT" (the most queued
 * signals of our user seen, and RLIMIT_SIGPENDING), "drained", and
 * "term sent". Exits 0, or 1 with a message on stderr.
 *
 * Real-time signals are queued, one entry each, up to RLIMIT_SIGPENDING for
 * the user; past it a kill() still returns 0 but the signal is merged with
 * the pending one (the kernel's "silent loss of information"). So that
 * every real-time signal sent is received exactly once by PID, the sender
 * keeps the user's queue (SigQ) under 1024 and a quarter of the limit: it is paced by
 * the receivers, never by a clock. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static char status_path[64];

/* Reads the "Name:" line of /proc/PID/status into buf; 0 when PID is gone. */
static int status_line(const char *name, char *buf, size_t size)
{
	char text[8192];
	ssize_t n;
	int fd = open(status_path, O_RDONLY | O_CLOEXEC);
	char *p, *end;

	if (fd < 0)
		return 0;
	n = read(fd, text, sizeof(text) - 1);
	close(fd);
	if (n <= 0)
		return 0;
	text[n] = '\0';
	p = strstr(text, name);
	if (!p)
		return 0;
	p += strlen(name);
	while (*p == ' ' || *p == '\t')
		p++;
	end = strchr(p, '\n');
	if (!end)
		end = p + strlen(p);
	if ((size_t)(end - p) >= size)
		return 0;
	memcpy(buf, p, (size_t)(end - p));
	buf[end - p] = '\0';
	return 1;
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void pause_us(long us)
{
	struct timespec ts = {0, us * 1000L};
	nanosleep(&ts, NULL);
}

static int all_zero(const char *hex)
{
	for (; *hex; hex++)
		if (*hex != '0')
			return 0;
	return 1;
}

int main(int argc, char **argv)
{
	int term = 0, i = 1, nsig;
	long n, sent[65] = {0}, maxq = 0, limit = 0;
	int sigs[64];
	pid_t pid;
	double deadline;
	char buf[128];

	if (argc > 1 && strcmp(argv[1], "-t") == 0) {
		term = 1;
		i++;
	}
	if (argc - i < 3) {
		fprintf(stderr, "usage: load_storm [-t] PID N SIG...\n");
		return 2;
	}
	pid = (pid_t)strtol(argv[i], NULL, 10);
	n = strtol(argv[i + 1], NULL, 10);
	nsig = 0;
	for (int j = i + 2; j < argc && nsig < 64; j++) {
		int s = atoi(argv[j]);
		if (s < 1 || s > 64 || s == SIGKILL || s == SIGSTOP) {
			fprintf(stderr, "load_storm: bad signal %s\n", argv[j]);
			return 2;
		}
		sigs[nsig++] = s;
	}
	snprintf(status_path, sizeof(status_path), "/proc/%d/status", (int)pid);
	if (!status_line("SigQ:", buf, sizeof(buf)) || sscanf(buf, "%*d/%ld", &limit) != 1) {
		fprintf(stderr, "load_storm: cannot read SigQ of %d\n", (int)pid);
		return 1;
	}

	deadline = now() + 60;
	for (long k = 0; k < n; k++) {
		int s = sigs[k % nsig];
		if (k % 128 == 0) {
			long q = 0;
			for (;;) {
				if (!status_line("SigQ:", buf, sizeof(buf)) ||
				    sscanf(buf, "%ld/", &q) != 1) {
					fprintf(stderr, "load_storm: %d is gone after %ld signals\n",
					        (int)pid, k);
					return 1;
				}
				if (q > maxq)
					maxq = q;
				if (q < limit / 4 && q < 1024)
					break;
				if (now() > deadline) {
					fprintf(stderr, "load_storm: queue stays at %ld\n", q);
					return 1;
				}
				pause_us(100);
			}
		}
		if (kill(pid, s) != 0) {
			fprintf(stderr, "load_storm: kill(%d, %d) after %ld: %s\n", (int)pid, s, k,
			        strerror(errno));
			return 1;
		}
		sent[s]++;
	}
	for (int s = 1; s <= 64; s++)
		if (sent[s])
			printf("sent %d %ld\n", s, sent[s]);
	printf("maxq %ld %ld\n", maxq, limit);
	fflush(stdout);

	/* Every storm signal taken by PID (and, for capinit, forwarded: it
	 * forwards one before it takes the next). */
	deadline = now() + 20;
	for (;;) {
		char shd[64], pnd[64];
		if (!status_line("ShdPnd:", shd, sizeof(shd)) ||
		    !status_line("SigPnd:", pnd, sizeof(pnd))) {
			fprintf(stderr, "load_storm: %d is gone\n", (int)pid);
			return 1;
		}
		if (all_zero(shd) && all_zero(pnd))
			break;
		if (now() > deadline) {
			fprintf(stderr, "load_storm: %d keeps signals pending: %s %s\n", (int)pid, shd,
			        pnd);
			return 1;
		}
		pause_us(1000);
	}
	printf("drained\n");
	if (term) {
		if (kill(pid, SIGTERM) != 0) {
			fprintf(stderr, "load_storm: final SIGTERM: %s\n", strerror(errno));
			return 1;
		}
		printf("term sent\n");
	}
	return 0;
}
