/* The plan: the target credentials, resolved from the settings against the
 * image's /etc files and what capinit holds now. --print shows it, privdrop
 * applies it, and the read-back compares the result with it: the same value
 * everywhere, so what is shown is what is applied is what is checked.
 *
 * Rule of this phase: nothing changes yet. Any error prints one line and
 * plan_resolve returns -1; main then exits 125 and the app never runs. */
#ifndef CAPINIT_PLAN_H
#define CAPINIT_PLAN_H

#include "capinit/config.h"
#include "capinit/creds.h"
#include "capinit/user.h"

struct plan {
	bool active; /* anything to change at all; false: a plain init */
	bool user_set;
	uid_t uid;
	gid_t gid;
	gid_t *groups; /* sorted, unique */
	size_t ngroups;
	bool kept_groups; /* already the target user without CAP_SETGID */
	char user_name[USER_NAME_MAX];
	char home[USER_HOME_MAX];
	struct cap_sets caps;
	bool no_new_privs;
	struct creds now; /* the starting point, read before planning */
};

int plan_resolve(const struct config *c, struct plan *p);

/* What differs between the plan and where capinit stands. */
bool plan_changes_groups(const struct plan *p);
bool plan_changes_gid(const struct plan *p);
bool plan_changes_uid(const struct plan *p);

/* The image's files; tests bind-mount fixtures over them. */
#define PLAN_PASSWD "/etc/passwd"
#define PLAN_GROUP "/etc/group"

#endif
