#include "capinit/privdrop.h"
#include "capinit/log.h"

#include <cap-ng.h>
#include <errno.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

static int failed(const char *step, int err)
{
	log_fail_errno("privilege drop", step, NULL, err);
	return -1;
}

/* libcap-ng can only apply a partial bounding set by reading /proc with
 * stdio (37 KB of printf and scanf), so the bounding set is trimmed here. */
static int drop_bounding(const struct plan *p)
{
	uint64_t drop = p->now.caps.bounding & ~p->caps.bounding;

	for (unsigned cap = 0; cap <= p->now.last_cap; cap++)
		if ((drop & CAP_BIT(cap)) && prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0)
			return failed("prctl(PR_CAPBSET_DROP)", errno);
	return 0;
}

/* Raw system calls: capinit is single-threaded, so musl's all-threads
 * broadcast (__synccall, 2 KB with its semaphores) has nothing to do. */
static int switch_ids(const struct plan *p)
{
	bool leave_root = p->uid != 0 && plan_changes_uid(p);

	if (plan_changes_groups(p) && syscall(SYS_setgroups, p->ngroups, p->groups) != 0)
		return failed("setgroups", errno);
	if (plan_changes_gid(p) && syscall(SYS_setresgid, p->gid, p->gid, p->gid) != 0)
		return failed("setresgid", errno);
	/* Keep the permitted set across the uid change; the wanted caps are
	 * set from it right after. */
	if (leave_root && prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) != 0)
		return failed("prctl(PR_SET_KEEPCAPS)", errno);
	if (plan_changes_uid(p) && syscall(SYS_setresuid, p->uid, p->uid, p->uid) != 0)
		return failed("setresuid", errno);
	if (leave_root && prctl(PR_SET_KEEPCAPS, 0, 0, 0, 0) != 0)
		return failed("prctl(PR_SET_KEEPCAPS)", errno);
	return 0;
}

static void add_each(capng_type_t type, uint64_t set)
{
	for (unsigned cap = 0; cap < 64; cap++)
		if (set & CAP_BIT(cap))
			capng_update(CAPNG_ADD, type, cap);
}

/* Permitted, effective and inheritable in one capset, then ambient (which
 * needs the cap in permitted and inheritable first). */
static int set_capabilities(const struct plan *p)
{
	int rc;

	caps_attach();
	capng_clear(CAPNG_SELECT_BOTH);
	add_each(CAPNG_PERMITTED, p->caps.permitted);
	add_each(CAPNG_EFFECTIVE, p->caps.effective);
	add_each(CAPNG_INHERITABLE, p->caps.inheritable);
	rc = capng_apply(CAPNG_SELECT_CAPS);
	if (rc != 0)
		return failed("capng_apply(permitted, effective, inheritable)",
		              errno ? errno : EPERM);
	capng_clear(CAPNG_SELECT_AMBIENT);
	add_each(CAPNG_AMBIENT, p->caps.ambient);
	rc = capng_apply(CAPNG_SELECT_AMBIENT);
	if (rc != 0)
		return failed("capng_apply(ambient)", errno ? errno : EPERM);
	return 0;
}

int privdrop_apply(const struct plan *p)
{
	if (drop_bounding(p) != 0 || switch_ids(p) != 0 || set_capabilities(p) != 0)
		return -1;
	if (p->no_new_privs && !p->now.no_new_privs && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
		return failed("prctl(PR_SET_NO_NEW_PRIVS)", errno);
	return privdrop_verify(p);
}

static int mismatch(const char *what)
{
	log_fail("privilege drop", "read-back differs from the plan", what);
	return -1;
}

int privdrop_verify(const struct plan *p)
{
	static gid_t groups[CREDS_MAX_GROUPS];
	struct creds got;
	const char *what = NULL;
	int err = creds_read(&got, groups, &what);

	if (err)
		return failed(what, err);
	if (got.ruid != p->uid || got.euid != p->uid || got.suid != p->uid)
		return mismatch("uid");
	if (got.rgid != p->gid || got.egid != p->gid || got.sgid != p->gid)
		return mismatch("gid");
	if (got.ngroups != p->ngroups ||
	    memcmp(got.groups, p->groups, p->ngroups * sizeof(gid_t)) != 0)
		return mismatch("supplementary groups");
	if (got.caps.bounding != p->caps.bounding)
		return mismatch("bounding set");
	if (got.caps.permitted != p->caps.permitted)
		return mismatch("permitted set");
	if (got.caps.effective != p->caps.effective)
		return mismatch("effective set");
	if (got.caps.inheritable != p->caps.inheritable)
		return mismatch("inheritable set");
	if (got.caps.ambient != p->caps.ambient)
		return mismatch("ambient set");
	if (got.no_new_privs != p->no_new_privs)
		return mismatch("no_new_privs");
	return 0;
}

void privdrop_supervisor(const struct plan *p)
{
	caps_attach();
	capng_clear(CAPNG_SELECT_BOTH);
	if (p->now.caps.permitted & CAP_BIT(CAP_KILL))
		capng_update(CAPNG_ADD, CAPNG_EFFECTIVE | CAPNG_PERMITTED, CAP_KILL);
	if (capng_apply(CAPNG_SELECT_CAPS) != 0)
		log_say(LOG_WARN, "could not drop PID 1's own capabilities");
}
