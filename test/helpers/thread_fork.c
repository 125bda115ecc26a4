/* A multi-threaded process whose second thread has a child:
 *
 *   thread_fork DIR
 *
 * Ignores SIGTERM, starts a thread that forks a kid and then blocks for
 * good (a child belongs to the thread that forked it, and moves to another
 * thread only when that one ends). The kid leads a session of its own and,
 * on SIGTERM, creates DIR/kid-got-term and exits; it creates DIR/kid-up
 * once its handler is in place. The main thread blocks for good too.
 * The kid is listed only in /proc/PID/task/TID/children of the second
 * thread, never in the main thread's list. */
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

static const char *dir;

static void touch(const char *name)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	close(open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0644));
}

static void on_term(int sig)
{
	(void)sig;
	touch("kid-got-term");
	_exit(0);
}

static void *second(void *arg)
{
	(void)arg;
	if (fork() == 0) {
		setsid();
		signal(SIGTERM, on_term);
		touch("kid-up");
		for (;;)
			pause();
	}
	for (;;)
		pause();
	return NULL;
}

int main(int argc, char **argv)
{
	pthread_t t;

	if (argc != 2) {
		fprintf(stderr, "usage: thread_fork DIR\n");
		return 2;
	}
	dir = argv[1];
	signal(SIGTERM, SIG_IGN);
	if (pthread_create(&t, NULL, second, NULL) != 0)
		return 1;
	for (;;)
		pause();
}
