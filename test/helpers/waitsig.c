/* An app that waits for signals and says which ones it got:
 *
 *   waitsig [-n COUNT] [-k] [-s SIG] READY SIG...
 *
 * Blocks the SIGs (names like TERM or SIGTERM, or numbers 1..64), then
 * writes "PID PPID PGID KID" into the file READY (atomically, by rename;
 * KID is 0 without -k), then takes the signals with sigwaitinfo: one line
 * "SIGNAME from SENDER_PID" on stdout for each (SIGNAME is "SIG<n>" for
 * numbers above 31), and exits 0 after COUNT of them (default 1).
 *   -k      first fork a kid in the same process group that does the same
 *           (its lines start with "kid "); the parent waits for it to end.
 *   -s SIG  once READY is written, send SIG to the parent (capinit). */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "signames.h"

static int parse_sig(const char *s)
{
	return parse_signal("waitsig", s);
}

static int take(const sigset_t *set, long count, const char *prefix)
{
	while (count-- > 0) {
		siginfo_t info;
		char line[80];
		int sig = sigwaitinfo(set, &info);
		int n;

		if (sig < 0) {
			count++;
			continue;
		}
		if (sig < 32)
			n = snprintf(line, sizeof(line), "%sSIG%s from %d\n", prefix, names[sig],
				     (int)info.si_pid);
		else
			n = snprintf(line, sizeof(line), "%sSIG%d from %d\n", prefix, sig,
				     (int)info.si_pid);
		if (write(STDOUT_FILENO, line, (size_t)n) != n)
			return 3;
	}
	return 0;
}

int main(int argc, char **argv)
{
	unsigned long bits = 0;
	sigset_t set;
	long count = 1;
	int i = 1, notify = 0, rc;
	pid_t kid = 0;
	char tmp[4096];
	FILE *f;

	for (; i < argc && argv[i][0] == '-'; i++) {
		if (strcmp(argv[i], "-n") == 0 && i + 1 < argc)
			count = strtol(argv[++i], NULL, 10);
		else if (strcmp(argv[i], "-k") == 0)
			kid = -1;
		else if (strcmp(argv[i], "-s") == 0 && i + 1 < argc)
			notify = parse_sig(argv[++i]);
		else
			break;
	}
	if (argc - i < 2) {
		fprintf(stderr, "usage: waitsig [-n COUNT] [-k] [-s SIG] READY SIG...\n");
		return 2;
	}
	for (int j = i + 1; j < argc; j++)
		bits |= 1UL << (parse_sig(argv[j]) - 1);
	sigemptyset(&set);
	memcpy(&set, &bits, sizeof(bits));
	if (syscall(SYS_rt_sigprocmask, SIG_BLOCK, &bits, NULL, sizeof(bits)) != 0) {
		perror("waitsig: rt_sigprocmask");
		return 2;
	}
	if (kid) {
		kid = fork();
		if (kid < 0) {
			perror("waitsig: fork");
			return 2;
		}
		if (kid == 0)
			return take(&set, count, "kid ");
	}
	snprintf(tmp, sizeof(tmp), "%s.tmp", argv[i]);
	f = fopen(tmp, "w");
	if (!f ||
	    fprintf(f, "%d %d %d %d\n", (int)getpid(), (int)getppid(), (int)getpgrp(), (int)kid) < 0 ||
	    fclose(f) != 0 || rename(tmp, argv[i]) != 0) {
		perror("waitsig: ready file");
		return 2;
	}
	if (notify && kill(getppid(), notify) != 0) {
		perror("waitsig: kill");
		return 2;
	}
	rc = take(&set, count, "");
	if (kid > 0) {
		int status = 0;
		if (waitpid(kid, &status, 0) != kid || !WIFEXITED(status) || WEXITSTATUS(status))
			rc = rc ? rc : 4;
	}
	return rc;
}
