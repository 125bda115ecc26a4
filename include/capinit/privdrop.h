/* The only place that changes credentials. Rule of this phase: it runs in the
 * process that will exec the app, every step is checked, and the first
 * failure returns -1 after one line; the caller then exits 125 and the app
 * never runs. */
#ifndef CAPINIT_PRIVDROP_H
#define CAPINIT_PRIVDROP_H

#include "capinit/plan.h"

/* DESIGN.md section 4, steps 2 to 6: bounding set, groups, gid, uid,
 * capability sets and ambient, no_new_privs, then the read-back. */
int privdrop_apply(const struct plan *p);

/* Reads every credential back and compares it with the plan. */
int privdrop_verify(const struct plan *p);

/* For PID 1 once the app runs: keep CAP_KILL at most (it signals an app that
 * may now run as another user), nothing else. Best effort: PID 1 must not
 * exit because of it. */
void privdrop_supervisor(const struct plan *p);

#endif
