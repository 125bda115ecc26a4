/* The last steps before the app: in the forked child, or in capinit itself
 * in exec mode. Rule of this phase: it never returns; any failure exits the
 * process with 125 (context), 126 (cannot execute) or 127 (not found). */
#ifndef CAPINIT_CHILD_H
#define CAPINIT_CHILD_H

#include "capinit/config.h"
#include "capinit/plan.h"

#include <signal.h>
#include <stdbool.h>

struct child_setup {
	const struct config *config;
	const struct plan *plan;
	const sigset_t *mask;   /* the signal mask capinit inherited */
	bool sigchld_ignored;   /* capinit inherited SIGCHLD as SIG_IGN */
	bool own_process_group; /* supervised: own group, terminal foreground */
};

_Noreturn void child_exec(const struct child_setup *s);

/* sigprocmask without musl's filtering: musl hides its internal signals 32
 * to 34 from the old mask it reports, and a parent's block of glibc's
 * SIGRTMIN (34) would then be lost on the way to the app. */
void child_sigmask(const sigset_t *set, sigset_t *old);

/* The app's environment: capinit's own CAPINIT_* variables removed, HOME
 * set from the target user's passwd entry when the user changes. Returns
 * environ itself when there is nothing to change (no allocation), NULL when
 * out of memory. Setup hooks get the same. */
char **child_environment(const struct plan *p);

#endif
