/* An app that leaves orphans to its init (or subreaper):
 *
 *   orphans zombies N   forks a middle process whose N children exit at once;
 *                       once all N are dead (zombies, unreaped) the middle
 *                       process exits, so N zombies are reparented at once.
 *                       Prints "before: K" (zombies under the middle process,
 *                       counted in /proc: proves the counting works), waits
 *                       up to 10 s for them to be reaped by the adopter,
 *                       prints "after: K" (zombies left: every one in /proc
 *                       when our parent is PID 1, else those of our parent),
 *                       and exits 0 when K is 0.
 *   orphans adopt       a grandchild outlives its parent: prints
 *                       "adopted by P, my parent Q", then kills it and waits
 *                       (up to 10 s) until it is gone, reaped: "reaped".
 *                       Exits 0 when P == Q and it was reaped.
 *   orphans subreaper   prints "subreaper: N" (PR_GET_CHILD_SUBREAPER). */
#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* State and parent of a process, from /proc/PID/stat; 0 when it is gone. */
static char proc_state(long pid, long *ppid)
{
	char path[64], buf[512], *p;
	char state = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%ld/stat", pid);
	f = fopen(path, "r");
	if (!f)
		return 0;
	if (fgets(buf, sizeof(buf), f) && (p = strrchr(buf, ')')) != NULL)
		if (sscanf(p + 2, "%c %ld", &state, ppid) != 2)
			state = 0;
	fclose(f);
	return state;
}

/* Zombies in /proc; with parent > 0, only that process's. */
static int count_zombies(long parent)
{
	DIR *d = opendir("/proc");
	struct dirent *e;
	int n = 0;

	if (!d) {
		perror("orphans: /proc");
		exit(2);
	}
	while ((e = readdir(d)) != NULL) {
		long pid = strtol(e->d_name, NULL, 10), ppid = 0;
		if (pid > 0 && proc_state(pid, &ppid) == 'Z' && (parent <= 0 || ppid == parent))
			n++;
	}
	closedir(d);
	return n;
}

static void pause_ms(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
	nanosleep(&ts, NULL);
}

static int zombies(int n)
{
	int ready[2], go[2], before, after = -1;
	pid_t middle;
	char c;

	if (pipe(ready) != 0 || pipe(go) != 0)
		return 2;
	middle = fork();
	if (middle < 0)
		return 2;
	if (middle == 0) {
		pid_t *kids = calloc((size_t)n, sizeof(*kids));
		if (!kids)
			_exit(2);
		for (int i = 0; i < n; i++) {
			kids[i] = fork();
			if (kids[i] == 0)
				_exit(0);
			if (kids[i] < 0)
				_exit(2);
		}
		/* Every child dead but not reaped: a zombie. */
		for (int i = 0; i < n; i++) {
			siginfo_t info;
			waitid(P_PID, (id_t)kids[i], &info, WEXITED | WNOWAIT);
		}
		if (write(ready[1], "x", 1) != 1)
			_exit(2);
		/* Wait for the count, then leave the zombies to the adopter. */
		if (read(go[0], &c, 1) != 1)
			_exit(2);
		_exit(0);
	}
	if (read(ready[0], &c, 1) != 1)
		return 2;
	before = count_zombies(middle);
	printf("before: %d\n", before);
	fflush(stdout);
	if (write(go[1], "x", 1) != 1)
		return 2;
	waitpid(middle, NULL, 0);
	for (int tries = 0; tries < 1000; tries++) {
		after = count_zombies(getppid() == 1 ? 0 : getppid());
		if (after == 0)
			break;
		pause_ms(10);
	}
	printf("after: %d\n", after);
	return before == n && after == 0 ? 0 : 1;
}

static int adopt(void)
{
	int fds[2];
	pid_t middle, grandchild = 0;
	long ppid = 0;
	char state = 0;

	if (pipe(fds) != 0)
		return 2;
	middle = fork();
	if (middle == 0) {
		pid_t gc = fork();
		if (gc == 0) {
			for (;;)
				pause();
		}
		if (write(fds[1], &gc, sizeof(gc)) != sizeof(gc))
			_exit(2);
		_exit(0);
	}
	if (middle < 0 || read(fds[0], &grandchild, sizeof(grandchild)) != sizeof(grandchild) ||
	    grandchild <= 0)
		return 2;
	waitpid(middle, NULL, 0);
	if (!proc_state(grandchild, &ppid))
		return 2;
	printf("adopted by %ld, my parent %ld\n", ppid, (long)getppid());
	kill(grandchild, SIGKILL);
	for (int tries = 0; tries < 1000; tries++) {
		long p2;
		state = proc_state(grandchild, &p2);
		if (!state)
			break;
		pause_ms(10);
	}
	if (state)
		printf("not reaped: state %c\n", state);
	else
		printf("reaped\n");
	return ppid == (long)getppid() && !state ? 0 : 1;
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc == 3 && strcmp(argv[1], "zombies") == 0)
		return zombies(atoi(argv[2]));
	if (argc == 2 && strcmp(argv[1], "adopt") == 0)
		return adopt();
	if (argc == 2 && strcmp(argv[1], "subreaper") == 0) {
		int on = -1;
		if (prctl(PR_GET_CHILD_SUBREAPER, &on, 0, 0, 0) != 0) {
			perror("orphans: PR_GET_CHILD_SUBREAPER");
			return 2;
		}
		printf("subreaper: %d\n", on);
		return 0;
	}
	fprintf(stderr, "usage: orphans zombies N | adopt | subreaper\n");
	return 2;
}
