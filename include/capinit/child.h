/* The last steps before the app: in the forked child, or in capinit itself
 * in exec mode. Rule of this phase: it never returns; any failure exits the
 * process with 125 (context), 126 (cannot execute) or 127 (not found). */
#ifndef CAPINIT_CHILD_H
#define CAPINIT_CHILD_H

#include "capinit/config.h"
#include "capinit/plan.h"

#include <signal.h>
#include <stdbool.h>

/* What capinit inherited of signals, handed back to every program it starts
 * (hooks and the app), as if capinit were not there. */
struct inherited_signals {
	sigset_t mask;
	bool sigchld_ignored;
};

/* Takes signals over at start-up: saves the mask and SIGCHLD's disposition,
 * resets SIGCHLD to the default (an inherited SIG_IGN would make the kernel
 * reap children behind our back and lose their status) and, when block is
 * true, blocks every signal: they wait, pending, for the supervisor loop,
 * even while setup hooks run. */
void child_signals_take(struct inherited_signals *in, bool block);

/* In a new process, right before execve: gives them back. */
void child_signals_restore(const struct inherited_signals *in);

struct child_setup {
	const struct config *config;
	const struct plan *plan;
	const struct inherited_signals *signals;
	bool own_process_group; /* supervised: own group, terminal foreground */
	bool own_session;       /* supervised, no controlling terminal: setsid */
};

/* False only when the kernel says capinit has no controlling terminal
 * (/dev/tty gives ENXIO). */
bool child_has_terminal(void);

_Noreturn void child_exec(const struct child_setup *s);

/* The app's environment: capinit's own CAPINIT_* variables removed, HOME
 * set from the target user's passwd entry when the user changes. Returns
 * environ itself when there is nothing to change (no allocation), NULL when
 * out of memory. Setup hooks get the same. */
char **child_environment(const struct plan *p);

#endif
