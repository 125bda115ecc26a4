#include "capinit/child.h"
#include "capinit/arena.h"
#include "capinit/log.h"
#include "capinit/privdrop.h"
#include "capinit/sys.h"
#include "capinit/text.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <termios.h>
#include <unistd.h>

extern char **environ;

/* An app that leaves root must not keep the controlling terminal of the
 * more privileged processes around it: through it, TIOCSTI can push input
 * into their shell (CVE-2016-2779, gosu issue 37). So it gives the terminal
 * up; its open descriptors still work, and capinit, still in the terminal's
 * foreground, forwards ^C and ^Z to it. Returns -1 when that fails. */
static int leave_terminal(void)
{
	void (*hup)(int);
	int fd = sys_open("/dev/tty", O_RDWR | O_CLOEXEC | O_NOCTTY | O_NONBLOCK), rc;

	if (fd < 0)
		return 0; /* no controlling terminal */
	/* A session leader's TIOCNOTTY sends SIGHUP to the foreground group,
	 * which in exec mode is our own. */
	sys_set_disposition(SIGHUP, SIG_IGN, &hup);
	rc = ioctl(fd, TIOCNOTTY);
	sys_set_disposition(SIGHUP, hup, NULL);
	close(fd);
	if (rc != 0) {
		log_fail_errno("terminal", "cannot give up the controlling terminal", NULL, errno);
		return -1;
	}
	return 0;
}

bool child_has_terminal(void)
{
	/* O_NONBLOCK: a serial line without carrier must not hang PID 1. */
	int fd = sys_open("/dev/tty", O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);

	/* ENXIO is the kernel's "no controlling terminal". Without a /dev/tty
	 * node (ENOENT) we cannot tell, and keep the rules for a terminal. */
	if (fd < 0)
		return errno != ENXIO;
	close(fd);
	return true;
}

/* With a controlling terminal: own process group, and the terminal's
 * foreground when stdin is one, so that ^C and ^Z reach the app as they
 * would without capinit. Without one (the usual container) there is no
 * terminal to lose: a session of its own, as dumb-init gives. That matters
 * to the scheduler: with autogroups (sched_autogroup_enabled, processes in
 * the root cpu cgroup) each session is its own scheduling group, and an app
 * sharing one with capinit and the sender of a signal had its wake-up sent
 * to the other, idle CPU about every second signal (make bench: 30 us more
 * forwarding latency at the median, 75 at p90). */
static bool isolate(bool keep_terminal, bool own_session)
{
	if (own_session && setsid() >= 0)
		return true; /* no controlling terminal left to give up */
	if (setpgid(0, 0) != 0)
		log_say(LOG_WARN, "setpgid failed: ", strerror(errno));
	/* Every signal is still blocked, so this cannot stop us with SIGTTOU. */
	if (keep_terminal && tcsetpgrp(STDIN_FILENO, getpgrp()) != 0 && errno != ENOTTY &&
	    errno != ENXIO && errno != EBADF)
		log_say(LOG_INFO, "tcsetpgrp failed: ", strerror(errno));
	return false;
}

/* sigprocmask without musl's filtering: musl hides its internal signals 32
 * to 34 from the old mask it reports, and a parent's block of glibc's
 * SIGRTMIN (34) would then be lost on the way to the app. */
static void set_mask(const sigset_t *set, sigset_t *old)
{
	syscall(SYS_rt_sigprocmask, SIG_SETMASK, set, old, _NSIG / 8);
}

void child_signals_take(struct inherited_signals *in, bool block)
{
	void (*old)(int);
	sigset_t all;

	/* Every signal means all 64: musl's sigfillset leaves out 32 to 34, its
	 * own thread signals (capinit starts no threads), and a signal 34
	 * (glibc's SIGRTMIN) would then kill a capinit that is not PID 1. */
	memset(&all, 0xff, sizeof(all));
	set_mask(block ? &all : NULL, &in->mask);
	sys_set_disposition(SIGCHLD, SIG_DFL, &old);
	in->sigchld_ignored = old == SIG_IGN;
}

void child_signals_restore(const struct inherited_signals *in)
{
	if (in->sigchld_ignored)
		sys_set_disposition(SIGCHLD, SIG_IGN, NULL);
	set_mask(&in->mask, NULL);
}

char **child_environment(const struct plan *p)
{
	size_t n = 0, out = 0;
	bool change = p->user_set;
	char **env;

	for (char **e = environ; *e; e++, n++)
		change |= config_is_own_env(*e);
	if (!change)
		return environ;
	env = arena_alloc((n + 2) * sizeof(*env));
	if (!env)
		return NULL;
	for (char **e = environ; *e; e++)
		if (!config_is_own_env(*e) && !(p->user_set && strncmp(*e, "HOME=", 5) == 0))
			env[out++] = *e;
	if (p->user_set) {
		static char home[USER_HOME_MAX + 8];
		env[out++] = TEXT_JOIN(home, "HOME=", p->home);
	}
	env[out] = NULL;
	return env;
}

_Noreturn void child_exec(const struct child_setup *s)
{
	char **argv = s->config->program;
	char **env;
	bool leaves_root = s->plan->active && s->plan->uid != 0 && plan_changes_uid(s->plan);
	bool new_session = s->own_process_group && isolate(!leaves_root, s->own_session);

	if (leaves_root && !new_session && leave_terminal() != 0)
		_exit(125);
	if (s->plan->active && privdrop_apply(s->plan) != 0)
		_exit(125);
	env = child_environment(s->plan);
	if (!env) {
		log_fail("environment", "out of memory", NULL);
		_exit(125);
	}
	child_signals_restore(s->signals);
	execvpe(argv[0], argv, env);
	log_fail_errno(argv[0], "cannot execute", NULL, errno);
	_exit(errno == ENOENT || errno == ENOTDIR ? 127 : 126);
}
