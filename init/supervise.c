#include "capinit/supervise.h"
#include "capinit/child.h"
#include "capinit/dir.h"
#include "capinit/log.h"
#include "capinit/privdrop.h"
#include "capinit/signame.h"
#include "capinit/sys.h"
#include "capinit/text.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

struct supervisor {
	const struct config *config;
	pid_t child;
	int status;
	bool child_done;
	bool none_left;    /* waitpid said ECHILD: no child of ours remains */
	bool draining;     /* the app exited; the rest gets the grace period */
	bool killed_rest;  /* the grace period is over: what was left got SIGKILL */
	bool deadline_set; /* a grace period is running */
	struct timespec deadline;
};

/* Every zombie goes, ours or reparented to us, until none is ready. */
static void reap(struct supervisor *s)
{
	char num[24];

	for (;;) {
		int status = 0;
		pid_t pid = waitpid(-1, &status, WNOHANG);

		if (pid < 0 && errno == ECHILD)
			s->none_left = true;
		if (pid <= 0)
			return; /* 0: none ready now */
		if (pid == s->child) {
			s->status = status;
			s->child_done = true;
		} else if (s->config->warn_on_reap) {
			log_say(LOG_WARN, "reaped zombie process ", log_uint(num, (unsigned)pid));
		}
	}
}

/* The raw system call: the vDSO lookup behind clock_gettime is 1 KB, for a
 * clock read only while a grace period runs. */
static void monotonic(struct timespec *ts)
{
	syscall(SYS_clock_gettime, CLOCK_MONOTONIC, ts);
}

static void start_grace(struct supervisor *s)
{
	monotonic(&s->deadline);
	s->deadline.tv_sec += s->config->grace;
	s->deadline_set = true;
}

/* To the app, or with -g to its process group. Right after the fork the
 * app may not have made its group yet (it does so itself: setsid): then it
 * gets the signal alone, as its group is only itself until it runs. */
static int signal_app(const struct supervisor *s, int sig)
{
	if (s->config->kill_process_group && kill(-s->child, sig) == 0)
		return 0;
	if (s->config->kill_process_group && errno != ESRCH)
		return -1;
	return kill(s->child, sig);
}

static void forward(struct supervisor *s, int sig)
{
	int received = sig;
	char name[16];

	/* Job-control stops from the terminal are for the app's group, which
	 * gets them from the kernel itself; capinit must never stop. */
	if (sig == SIGTTIN || sig == SIGTTOU)
		return;
	if (sig < 65 && s->config->rewrite[sig] != 0)
		sig = (int)s->config->rewrite[sig];
	/* Names are looked up only when a message is written: this is the loop
	 * every signal goes through. */
	if (sig < 0) {
		if (log_verbosity >= LOG_DEBUG)
			log_say(LOG_DEBUG, "dropped ", signame_name(received, name));
	} else if (signal_app(s, sig) != 0 && errno != ESRCH) {
		log_say(LOG_WARN, "forwarding ", signame_name(sig, name),
		        " failed: ", strerror(errno));
	} else if (log_verbosity >= LOG_DEBUG) {
		log_say(LOG_DEBUG, "forwarded ", signame_name(sig, name));
	}
	/* The grace period follows what was asked (stop), not what was sent. */
	if ((received == SIGTERM || received == SIGINT) && s->config->grace && !s->deadline_set)
		start_grace(s);
}

/* Deep enough for real process trees, shallow enough for PID 1's stack
 * (each level holds a directory buffer and two descriptors). */
#define TREE_DEPTH_MAX 16

static void signal_descendants(pid_t pid, int sig, unsigned depth);

struct tree_walk {
	int sig;
	unsigned depth;
};

static void signal_tree(long pid, const struct tree_walk *w)
{
	if (pid <= 0)
		return;
	kill((pid_t)pid, w->sig);
	if (w->depth < TREE_DEPTH_MAX)
		signal_descendants((pid_t)pid, w->sig, w->depth + 1);
}

/* Signals each pid in one thread's children list, then its descendants.
 * The list is read in pieces and parsed as a stream: a pid that spans two
 * reads must not be taken as two (signalling an unrelated process). */
static int signal_task_children(int taskfd, const char *tid, unsigned char type, void *ctx)
{
	const struct tree_walk *w = ctx;
	char path[48], buf[256];
	long child = 0;
	ssize_t n;
	int fd;

	(void)type;
	if (strlen(tid) > 20)
		return 0;
	fd = sys_openat(taskfd, TEXT_JOIN(path, tid, "/children"), O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	while ((n = read(fd, buf, sizeof(buf))) > 0) {
		for (ssize_t i = 0; i < n; i++) {
			if (buf[i] >= '0' && buf[i] <= '9') {
				if (child < 100000000) /* pids stay far below */
					child = child * 10 + (buf[i] - '0');
				continue;
			}
			signal_tree(child, w);
			child = 0;
		}
	}
	signal_tree(child, w); /* the list ends with a space; in case not */
	close(fd);
	return 0;
}

/* Signals every descendant of pid, from the kernel's children lists: one
 * per thread, as a child belongs to the thread that forked it. */
static void signal_descendants(pid_t pid, int sig, unsigned depth)
{
	struct tree_walk w = {sig, depth};
	char path[48], num[24];
	int fd = sys_open(TEXT_JOIN(path, "/proc/", log_uint(num, (unsigned)pid), "/task"),
	                  O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd < 0)
		return;
	dir_each(fd, signal_task_children, &w);
	close(fd);
}

/* Signals what is left once the app is gone. As PID 1, kill(-1) reaches
 * every process of the namespace; otherwise the app's process group and
 * every descendant of ours (orphans were reparented to us, the subreaper). */
static void signal_rest(const struct supervisor *s, int sig)
{
	if (getpid() == 1) {
		kill(-1, sig);
		return;
	}
	kill(-s->child, sig);
	signal_descendants(getpid(), sig, 0);
}

/* The app is gone: with a grace period, SIGTERM the rest and give it time;
 * without one, exit at once like tini (the kernel kills the namespace). */
static bool finished(struct supervisor *s)
{
	if (!s->child_done)
		return false;
	if (!s->draining) {
		if (!s->config->grace || s->none_left)
			return true;
		s->draining = true;
		signal_rest(s, SIGTERM);
		start_grace(s);
		reap(s);
	}
	/* After the SIGKILL, do not wait: a process that arrives later (an
	 * orphan reparented after the sweep) must not keep capinit, and so
	 * the container, alive. As PID 1 the kernel kills the rest on exit. */
	return s->none_left || s->killed_rest;
}

static void grace_expired(struct supervisor *s)
{
	s->deadline_set = false;
	if (s->draining) {
		log_say(LOG_INFO, "grace period over: killing what is left");
		signal_rest(s, SIGKILL);
		s->killed_rest = true;
	} else {
		log_say(LOG_INFO, "grace period over: killing the program");
		signal_app(s, SIGKILL);
	}
}

/* sigwaitinfo, so that an idle capinit never wakes; sigtimedwait only
 * while a grace period runs. */
static int next_signal(struct supervisor *s, const sigset_t *set)
{
	struct timespec now, left;
	siginfo_t info;

	if (!s->deadline_set)
		return sigwaitinfo(set, &info);
	monotonic(&now);
	left.tv_sec = s->deadline.tv_sec - now.tv_sec;
	left.tv_nsec = s->deadline.tv_nsec - now.tv_nsec;
	if (left.tv_nsec < 0) {
		left.tv_nsec += 1000000000L;
		left.tv_sec--;
	}
	if (left.tv_sec < 0) {
		errno = EAGAIN;
		return -1;
	}
	return sigtimedwait(set, &info, &left);
}

static int exit_code(const struct supervisor *s)
{
	int code = WIFEXITED(s->status) ? WEXITSTATUS(s->status) : 128 + WTERMSIG(s->status);
	const uint8_t *remap = s->config->remap_exit;

	if (code < 256 && (remap[code / 8] & (1u << (code % 8))))
		return 0;
	return code;
}

/* Outside a PID namespace of our own, orphans would go to the host's init
 * and never be reaped by us: become their reaper (tini only warns). */
static void prepare_parent(const struct config *c)
{
	if ((c->subreaper || getpid() != 1) && prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0)
		log_say(LOG_WARN, "cannot become child subreaper: ", strerror(errno));
	if (c->parent_death_signal && prctl(PR_SET_PDEATHSIG, c->parent_death_signal, 0, 0, 0) != 0)
		log_say(LOG_WARN, "cannot set the parent death signal: ", strerror(errno));
}

int supervise(const struct config *c, const struct plan *p, const struct inherited_signals *in)
{
	struct supervisor s = {.config = c};
	struct child_setup setup = {c, p, in, true, !child_has_terminal()};
	sigset_t all;

	/* main blocked every signal at start-up (child_signals_take): they are
	 * taken here synchronously, with no handlers and no races, and nothing
	 * runs while idle. */
	memset(&all, 0xff, sizeof(all));
	prepare_parent(c);

	/* _Fork, not fork: capinit has one thread and no stdio or malloc, so
	 * fork's atfork handlers and lock dance have nothing to protect, and
	 * they link in musl's pthread locks and clock code (2.5 KB). */
	s.child = _Fork();
	if (s.child < 0) {
		log_fail_errno("fork", "cannot start the program", c->program[0], errno);
		return 125;
	}
	if (s.child == 0)
		child_exec(&setup);
	/* With a terminal, the child makes its own process group and we do it
	 * here as well, so that a signal forwarded with -g right after the fork
	 * finds the group (EACCES once the child has exec'd: it did it itself).
	 * Not for a new session: setsid fails for a group leader. */
	if (!setup.own_session)
		setpgid(s.child, s.child);
	if (p->active)
		privdrop_supervisor(p);

	for (;;) {
		int sig = next_signal(&s, &all);

		if (sig < 0 && errno != EAGAIN)
			continue; /* EINTR, e.g. after a ptrace stop */
		if (sig < 0)
			grace_expired(&s);
		else if (sig == SIGCHLD)
			reap(&s);
		else if (!s.draining)
			forward(&s, sig);
		if (finished(&s))
			return exit_code(&s);
	}
}
