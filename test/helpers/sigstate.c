/* Starts a command with a chosen signal state, the way a parent (a shell's
 * trap '' SIG, a supervisor, a runtime) may start capinit:
 *
 *   sigstate [-c] [-b SIG]... [-i SIG]... -- CMD [ARGS...]
 *     -c      clean slate first: empty mask, every signal 1..64 to SIG_DFL
 *     -b SIG  block SIG
 *     -i SIG  ignore SIG (SIG_IGN)
 *     -k SIG  send SIG to itself before exec: with -b SIG, it stays pending
 *             and CMD starts with it pending
 *   sigstate -r
 *     prints its own "SigBlk: <hex>" and "SigIgn: <hex>" lines, from
 *     /proc/self/status, and exits 0.
 *
 * SIG is a number (1..64) or a name (TERM, SIGTERM, RTMIN+N in the kernel's
 * numbering, RTMIN = 32). Raw system calls, so that musl's reserved
 * signals 32..34 (glibc's SIGRTMIN is 34) can be set too. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "signames.h"

struct ksigaction {
	void (*handler)(int);
	unsigned long flags;
	void (*restorer)(void);
	unsigned long mask;
};

static int parse_sig(const char *s)
{
	return parse_signal("sigstate", s);
}

static void report(void)
{
	char line[256];
	FILE *f = fopen("/proc/self/status", "r");

	if (!f) {
		perror("sigstate: /proc/self/status");
		exit(2);
	}
	while (fgets(line, sizeof(line), f))
		if (strncmp(line, "SigBlk:", 7) == 0 || strncmp(line, "SigIgn:", 7) == 0)
			fputs(line, stdout);
	fclose(f);
}

int main(int argc, char **argv)
{
	unsigned long mask = 0;
	int i = 1, raise_sig = 0;

	if (argc == 2 && strcmp(argv[1], "-r") == 0) {
		report();
		return 0;
	}
	for (; i < argc && strcmp(argv[i], "--") != 0; i++) {
		if (strcmp(argv[i], "-c") == 0) {
			struct ksigaction dfl = {SIG_DFL, 0, NULL, 0};
			mask = 0;
			syscall(SYS_rt_sigprocmask, SIG_SETMASK, &mask, NULL, sizeof(mask));
			for (int sig = 1; sig <= 64; sig++)
				if (sig != SIGKILL && sig != SIGSTOP)
					syscall(SYS_rt_sigaction, sig, &dfl, NULL, sizeof(mask));
		} else if (strcmp(argv[i], "-b") == 0 && i + 1 < argc) {
			mask |= 1UL << (parse_sig(argv[++i]) - 1);
		} else if (strcmp(argv[i], "-k") == 0 && i + 1 < argc) {
			raise_sig = parse_sig(argv[++i]);
		} else if (strcmp(argv[i], "-i") == 0 && i + 1 < argc) {
			struct ksigaction ign = {SIG_IGN, 0, NULL, 0};
			if (syscall(SYS_rt_sigaction, parse_sig(argv[++i]), &ign, NULL, sizeof(mask)) != 0) {
				perror("sigstate: rt_sigaction");
				return 2;
			}
		} else {
			fprintf(stderr, "sigstate: bad argument: %s\n", argv[i]);
			return 2;
		}
	}
	if (i + 1 >= argc) {
		fprintf(stderr, "usage: sigstate [-c] [-b SIG]... [-i SIG]... -- CMD [ARGS...]\n");
		return 2;
	}
	if (mask && syscall(SYS_rt_sigprocmask, SIG_BLOCK, &mask, NULL, sizeof(mask)) != 0) {
		perror("sigstate: rt_sigprocmask");
		return 2;
	}
	if (raise_sig && kill(getpid(), raise_sig) != 0) {
		perror("sigstate: kill");
		return 2;
	}
	execvp(argv[i + 1], argv + i + 1);
	perror(argv[i + 1]);
	return 127;
}
