/* The credentials of the calling process, read from the kernel: what the plan
 * starts from, and what the read-back after the drop compares with the plan.
 * Uses only syscalls (no /proc), so it works in images without procfs. */
#ifndef CAPINIT_CREDS_H
#define CAPINIT_CREDS_H

#include "capinit/caps.h"

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* Linux's NGROUPS_MAX. */
#define CREDS_MAX_GROUPS 65536

struct creds {
	uid_t ruid, euid, suid;
	gid_t rgid, egid, sgid;
	gid_t *groups; /* sorted, caller's storage of CREDS_MAX_GROUPS */
	size_t ngroups;
	struct cap_sets caps;
	bool no_new_privs;
	unsigned last_cap; /* highest capability this kernel knows */
};

/* Returns 0, or an errno value naming what failed in *what. */
int creds_read(struct creds *c, gid_t *group_storage, const char **what);

/* True when this user namespace forbids setgroups ("deny" in
 * /proc/self/setgroups, as rootless runtimes set it). */
bool creds_setgroups_denied(void);

/* Sorts and removes duplicates; returns the new count. */
size_t creds_sort_groups(gid_t *g, size_t n);

#endif
