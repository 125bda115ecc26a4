#include "capinit/child.h"
#include "capinit/arena.h"
#include "capinit/log.h"
#include "capinit/privdrop.h"
#include "capinit/text.h"

#include <errno.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

extern char **environ;

/* Own process group, and the terminal's foreground when stdin is one, so
 * that ^C and ^Z reach the app as they would without capinit. */
static void isolate(void)
{
	if (setpgid(0, 0) != 0)
		log_say(LOG_WARN, "setpgid failed: ", strerror(errno));
	/* Every signal is still blocked, so this cannot stop us with SIGTTOU. */
	if (tcsetpgrp(STDIN_FILENO, getpgrp()) != 0 && errno != ENOTTY && errno != ENXIO &&
	    errno != EBADF)
		log_say(LOG_INFO, "tcsetpgrp failed: ", strerror(errno));
}

/* The app's environment: capinit's own CAPINIT_* variables removed, HOME
 * set from the target user's passwd entry when the user changes. Returns
 * environ itself when there is nothing to change (no allocation). */
static char **app_environment(const struct plan *p)
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
	struct sigaction ign = {.sa_handler = SIG_IGN};

	if (s->own_process_group)
		isolate();
	if (s->plan->active && privdrop_apply(s->plan) != 0)
		_exit(125);
	env = app_environment(s->plan);
	if (!env) {
		log_fail("environment", "out of memory", NULL);
		_exit(125);
	}
	/* Give back what capinit inherited: SIGCHLD's SIG_IGN (the only
	 * disposition capinit changes) and the signal mask. */
	if (s->sigchld_ignored)
		sigaction(SIGCHLD, &ign, NULL);
	sigprocmask(SIG_SETMASK, s->mask, NULL);
	execvpe(argv[0], argv, env);
	log_fail_errno(argv[0], "cannot execute", NULL, errno);
	_exit(errno == ENOENT || errno == ENOTDIR ? 127 : 126);
}
