/* PID 1: start the app, forward signals, reap every zombie, exit with the
 * app's status. Rule of this phase: once the child exists, capinit never
 * exits before it has, and never sleeps on a timer: it waits in sigwaitinfo
 * and wakes only when a signal arrives. */
#ifndef CAPINIT_SUPERVISE_H
#define CAPINIT_SUPERVISE_H

#include "capinit/child.h"
#include "capinit/config.h"
#include "capinit/plan.h"

/* Returns the exit code for capinit: the app's code, 128+N when a signal N
 * killed it, 0 when -e remaps it, 125 when the app could not be started. */
int supervise(const struct config *c, const struct plan *p, const struct inherited_signals *in);

#endif
