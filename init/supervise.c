#include "capinit/supervise.h"
#include "capinit/child.h"
#include "capinit/log.h"
#include "capinit/privdrop.h"
#include "capinit/signame.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

struct supervisor {
	const struct config *config;
	pid_t child;
	int status;
	bool child_done;
};

/* Every zombie goes, ours or reparented to us, until none is ready. */
static void reap(struct supervisor *s)
{
	char num[24];

	for (;;) {
		int status = 0;
		pid_t pid = waitpid(-1, &status, WNOHANG);

		if (pid <= 0)
			return; /* 0: none ready; -1: ECHILD, none left */
		if (pid == s->child) {
			s->status = status;
			s->child_done = true;
		} else if (s->config->warn_on_reap) {
			log_say(LOG_WARN, "reaped zombie process ", log_uint(num, (unsigned)pid), NULL);
		}
	}
}

static void forward(const struct supervisor *s, int sig)
{
	pid_t target = s->config->kill_process_group ? -s->child : s->child;
	char name[16];

	/* Job-control stops from the terminal are for the app's group, which
	 * gets them from the kernel itself; capinit must never stop. */
	if (sig == SIGTTIN || sig == SIGTTOU)
		return;
	if (kill(target, sig) != 0 && errno != ESRCH)
		log_say(LOG_WARN, "forwarding ", signame_name(sig, name), " failed: ",
			strerror(errno), NULL);
	else
		log_say(LOG_DEBUG, "forwarded ", signame_name(sig, name), NULL);
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
		log_say(LOG_WARN, "cannot become child subreaper: ", strerror(errno), NULL);
	if (c->parent_death_signal && prctl(PR_SET_PDEATHSIG, c->parent_death_signal, 0, 0, 0) != 0)
		log_say(LOG_WARN, "cannot set the parent death signal: ", strerror(errno), NULL);
}

int supervise(const struct config *c, const struct plan *p)
{
	struct supervisor s = {.config = c};
	struct sigaction dfl = {.sa_handler = SIG_DFL}, old;
	sigset_t all, inherited;
	struct child_setup setup = {c, p, &inherited, false, true};

	/* Block everything and take signals synchronously: no handlers, no
	 * races, and nothing runs while idle. */
	sigfillset(&all);
	sigprocmask(SIG_SETMASK, &all, &inherited);
	/* An inherited SIG_IGN for SIGCHLD would make the kernel reap the app
	 * behind our back and lose its status. */
	sigaction(SIGCHLD, &dfl, &old);
	setup.sigchld_ignored = old.sa_handler == SIG_IGN;
	prepare_parent(c);

	s.child = fork();
	if (s.child < 0) {
		log_fail_errno("fork", "cannot start the program", c->program[0], errno);
		return 125;
	}
	if (s.child == 0)
		child_exec(&setup);
	if (p->active)
		privdrop_supervisor(p);

	for (;;) {
		siginfo_t info;
		int sig = sigwaitinfo(&all, &info);

		if (sig < 0)
			continue; /* EINTR, e.g. after a ptrace stop */
		if (sig != SIGCHLD) {
			forward(&s, sig);
			continue;
		}
		reap(&s);
		if (s.child_done)
			return exit_code(&s);
	}
}
