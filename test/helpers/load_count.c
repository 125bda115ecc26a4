/* An app that counts the signals it receives:
 *
 *   load_count READY CODE
 *
 * Blocks every signal (raw system call: 32..34 too), writes its pid into
 * READY (atomically, by rename), then takes signals with sigwaitinfo and
 * counts them per number until it takes SIGTERM. It then empties its
 * pending set (sigtimedwait with a zero timeout): what is pending then
 * arrived before it took SIGTERM, but was dequeued after it, because the
 * kernel hands out pending signals lowest number first and SIGTERM (15) is
 * lower than every real-time signal.
 * Prints "got SIG COUNT" for each signal taken before SIGTERM, "late SIG
 * COUNT" for each one found pending at SIGTERM, "from-others N" (signals not
 * sent by our parent), and exits with CODE. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	static long got[65], late[65];
	long others = 0;
	unsigned long bits = ~0UL;
	sigset_t all;
	char tmp[4096];
	struct timespec zero = {0, 0};
	pid_t parent = getppid();
	FILE *f;

	if (argc != 3) {
		fprintf(stderr, "usage: load_count READY CODE\n");
		return 2;
	}
	memset(&all, 0, sizeof(all));
	memcpy(&all, &bits, sizeof(bits));
	if (syscall(SYS_rt_sigprocmask, SIG_BLOCK, &bits, NULL, sizeof(bits)) != 0) {
		perror("load_count: rt_sigprocmask");
		return 2;
	}
	snprintf(tmp, sizeof(tmp), "%s.tmp", argv[1]);
	f = fopen(tmp, "w");
	if (!f || fprintf(f, "%d\n", (int)getpid()) < 0 || fclose(f) != 0 ||
	    rename(tmp, argv[1]) != 0) {
		perror("load_count: ready file");
		return 2;
	}
	for (;;) {
		siginfo_t info;
		int sig = (int)syscall(SYS_rt_sigtimedwait, &all, &info, NULL, sizeof(bits));
		if (sig < 0) {
			if (errno == EINTR)
				continue;
			perror("load_count: sigwaitinfo");
			return 2;
		}
		if (sig > 64)
			continue;
		if (info.si_pid != parent)
			others++;
		got[sig]++;
		if (sig == SIGTERM)
			break;
	}
	for (;;) {
		siginfo_t info;
		int sig = (int)syscall(SYS_rt_sigtimedwait, &all, &info, &zero, sizeof(bits));
		if (sig < 0 && errno == EINTR)
			continue;
		if (sig <= 0 || sig > 64)
			break;
		if (info.si_pid != parent)
			others++;
		late[sig]++;
	}
	for (int s = 1; s <= 64; s++)
		if (got[s])
			printf("got %d %ld\n", s, got[s]);
	for (int s = 1; s <= 64; s++)
		if (late[s])
			printf("late %d %ld\n", s, late[s]);
	printf("from-others %ld\n", others);
	return atoi(argv[2]);
}
