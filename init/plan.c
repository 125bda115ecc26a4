#include "capinit/plan.h"
#include "capinit/caps.h"
#include "capinit/file.h"
#include "capinit/log.h"
#include "capinit/text.h"

#include <errno.h>
#include <linux/capability.h>
#include <string.h>
#include <unistd.h>

/* passwd and group files of a few hundred thousand lines still fit. */
#define ETC_MAX_BYTES (64u << 20)

static gid_t plan_groups[CREDS_MAX_GROUPS];
static gid_t now_groups[CREDS_MAX_GROUPS];

/* An /etc file, read on first use and freed when planning ends. */
struct etc_file {
	const char *path;
	char *text;
	size_t len;
	int err;
	bool tried;
};

static const char *etc_text(struct etc_file *f)
{
	if (!f->tried) {
		f->tried = true;
		f->text = file_read(f->path, ETC_MAX_BYTES, &f->len, &f->err);
	}
	return f->text;
}

struct resolver {
	const struct config *c;
	struct plan *p;
	struct etc_file passwd, group;
	char origin[256];
};

static const char *origin_of(struct resolver *r, enum key k)
{
	return config_origin(&r->c->set[k], r->origin);
}

static bool is_set(const struct config *c, enum key k)
{
	return c->set[k].source != SRC_UNSET;
}

static int fail(struct resolver *r, enum key k, const char *problem, const char *value)
{
	log_fail(origin_of(r, k), problem, value);
	return -1;
}

static int fail_file(struct resolver *r, enum key k, const struct etc_file *f, const char *value)
{
	char problem[320];

	TEXT_JOIN(problem, "cannot read ", f->path, " (", file_problem(f->err), ")");
	return fail(r, k, problem, value);
}

static int fail_malformed(const struct etc_file *f, unsigned line, const char *value)
{
	struct setting at = {f->path, SRC_UNSET, f->path, line};
	char where[256];

	log_fail(config_origin(&at, where), "malformed entry", value);
	return -1;
}

/* A group name or id to a gid. */
static int resolve_group(struct resolver *r, enum key k, const char *name, gid_t *gid)
{
	bool is_id;
	uint32_t id = 0;
	unsigned line = 0;

	if (user_parse_id_or_name(name, &is_id, &id) != 0)
		return fail(r, k, "gid out of range 0..2147483647 or malformed", name);
	if (!is_id) {
		const char *text = etc_text(&r->group);
		if (!text)
			return fail_file(r, k, &r->group, name);
		switch (user_find_group(text, name, &id, &line)) {
		case LOOKUP_FOUND:
			break;
		case LOOKUP_NONE:
			return fail(r, k, "unknown group", name);
		case LOOKUP_MALFORMED:
			return fail_malformed(&r->group, line, name);
		}
	}
	*gid = (gid_t)id;
	return 0;
}

static int add_group(struct resolver *r, enum key k, gid_t gid)
{
	if (r->p->ngroups == CREDS_MAX_GROUPS)
		return fail(r, k, "more than 65536 supplementary groups", NULL);
	r->p->groups[r->p->ngroups++] = gid;
	return 0;
}

static int resolve_group_add(struct resolver *r)
{
	char copy[4096], *cursor = copy, *item;
	const char *list = r->c->set[KEY_GROUP_ADD].value;

	if (!is_set(r->c, KEY_GROUP_ADD))
		return 0;
	if (strlen(list) >= sizeof(copy))
		return fail(r, KEY_GROUP_ADD, "list too long", NULL);
	memcpy(copy, list, strlen(list) + 1);
	while ((item = text_next_item(&cursor)) != NULL) {
		gid_t gid = 0;
		if (!*item)
			return fail(r, KEY_GROUP_ADD, "empty group name in list", list);
		if (resolve_group(r, KEY_GROUP_ADD, item, &gid) != 0 ||
		    add_group(r, KEY_GROUP_ADD, gid) != 0)
			return -1;
	}
	return 0;
}

static void set_home(struct plan *p, const char *home)
{
	size_t n = strlen(home);

	if (n == 0) {
		home = "/";
		n = 1;
	}
	memcpy(p->home, home, n + 1);
}

/* Docker's rules: a numeric uid is never a name; with a passwd entry it takes
 * that entry's gid and home, without one gid 0 and home "/". */
static int resolve_user(struct resolver *r)
{
	struct plan *p = r->p;
	char spec[USER_NAME_MAX * 2 + 2];
	const char *raw = r->c->set[KEY_USER].value, *problem = NULL, *item = NULL, *text;
	struct user_spec u;
	struct passwd_entry pw = {.uid = 0};
	unsigned line = 0;
	enum lookup found = LOOKUP_NONE;

	if (strlen(raw) >= sizeof(spec))
		return fail(r, KEY_USER, "value too long", NULL);
	memcpy(spec, raw, strlen(raw) + 1);
	if (user_parse_spec(spec, &u, &problem, &item) != 0)
		return fail(r, KEY_USER, problem, raw);

	text = etc_text(&r->passwd);
	if (!text && (!u.user_is_id || r->passwd.err != ENOENT))
		return fail_file(r, KEY_USER, &r->passwd, u.user);
	if (text)
		found = user_find_passwd(text, u.user_is_id ? NULL : u.user, u.uid, &pw, &line);
	if (found == LOOKUP_MALFORMED)
		return fail_malformed(&r->passwd, line, u.user);
	if (found == LOOKUP_NONE && !u.user_is_id)
		return fail(r, KEY_USER, "unknown user", u.user);

	p->user_set = true;
	p->uid = found == LOOKUP_FOUND ? pw.uid : u.uid;
	p->gid = found == LOOKUP_FOUND ? pw.gid : 0;
	set_home(p, found == LOOKUP_FOUND ? pw.home : "/");
	if (found == LOOKUP_FOUND)
		memcpy(p->user_name, pw.name, sizeof(pw.name));

	if (u.group) {
		/* An explicit group: that group only, plus group_add. */
		if (resolve_group(r, KEY_USER, u.group, &p->gid) != 0)
			return -1;
		return add_group(r, KEY_USER, p->gid);
	}
	if (!r->c->strict_groups && found == LOOKUP_FOUND) {
		const char *groups = etc_text(&r->group);
		if (!groups && r->group.err != ENOENT)
			return fail_file(r, KEY_USER, &r->group, pw.name);
		if (groups) {
			long n = user_member_groups(groups, pw.name, p->groups + p->ngroups,
			                            CREDS_MAX_GROUPS - p->ngroups);
			if (n < 0)
				return fail(r, KEY_USER, "more than 65536 supplementary groups",
				            pw.name);
			p->ngroups += (size_t)n;
		}
	}
	return 0;
}

/* Without a user setting, the ids stay; group_add adds to (merge) or
 * replaces (strict) the current groups. */
static int keep_user(struct resolver *r)
{
	struct plan *p = r->p;

	p->uid = p->now.euid;
	p->gid = p->now.egid;
	if (!is_set(r->c, KEY_GROUP_ADD) || !r->c->strict_groups) {
		memcpy(p->groups, p->now.groups, p->now.ngroups * sizeof(gid_t));
		p->ngroups = p->now.ngroups;
	}
	return 0;
}

static bool holds(const struct plan *p, unsigned cap)
{
	return (p->now.caps.effective & CAP_BIT(cap)) != 0;
}

static int fail_cap_not_held(struct resolver *r, uint64_t missing)
{
	char problem[400], upper[64];
	const char *name = "?";

	for (unsigned cap = 0; cap < 64; cap++) {
		if (missing & CAP_BIT(cap)) {
			name = caps_name(cap);
			break;
		}
	}
	text_upper(upper, sizeof(upper), name ? name : "?");
	TEXT_JOIN(problem,
	          "capinit does not hold it; grant it to the container (docker run --cap-add ",
	          upper, ", or securityContext.capabilities.add: [", upper, "])");
	return fail(r, KEY_CAP_ADD, problem, name);
}

static int parse_caps(struct resolver *r, enum key k, struct cap_list *out)
{
	char copy[4096];
	const char *problem = NULL, *item = NULL, *raw = r->c->set[k].value;

	out->mask = 0;
	out->all = false;
	if (!is_set(r->c, k))
		return 0;
	if (strlen(raw) >= sizeof(copy))
		return fail(r, k, "list too long", NULL);
	memcpy(copy, raw, strlen(raw) + 1);
	if (caps_parse_list(copy, r->p->now.last_cap, out, &problem, &item) != 0)
		return fail(r, k, problem, *item ? item : raw);
	return 0;
}

static int resolve_caps(struct resolver *r)
{
	struct plan *p = r->p;
	const struct config *c = r->c;
	struct cap_request req = {.privileged = c->privileged, .target_is_root = p->uid == 0};
	uint64_t missing, both;

	if (!is_set(c, KEY_CAP_ADD) && !is_set(c, KEY_CAP_DROP) && !c->privileged) {
		/* No capability setting: the sets follow the user change as the
		 * kernel's setuid rules would, and nothing is inherited. */
		p->caps = p->now.caps;
		if (p->user_set) {
			p->caps.inheritable = 0;
			p->caps.ambient = 0;
			if (p->uid != 0)
				p->caps.permitted = p->caps.effective = 0;
		}
		return 0;
	}
	if (parse_caps(r, KEY_CAP_ADD, &req.add) != 0 ||
	    parse_caps(r, KEY_CAP_DROP, &req.drop) != 0)
		return -1;
	if (req.add.all && req.drop.all)
		return fail(r, KEY_CAP_ADD, "ALL is both added and dropped", "ALL");
	both = req.add.mask & req.drop.mask;
	for (unsigned cap = 0; both && cap < 64; cap++)
		if (both & CAP_BIT(cap))
			return fail(r, KEY_CAP_ADD, "capability is both added and dropped",
			            caps_name(cap));
	missing = caps_compute(&req, &p->now.caps, &p->caps);
	if (missing)
		return fail_cap_not_held(r, missing);
	return 0;
}

static bool same_groups(const struct plan *p)
{
	return p->ngroups == p->now.ngroups &&
	       memcmp(p->groups, p->now.groups, p->ngroups * sizeof(gid_t)) == 0;
}

bool plan_changes_groups(const struct plan *p)
{
	return !same_groups(p);
}

bool plan_changes_gid(const struct plan *p)
{
	return p->now.rgid != p->gid || p->now.egid != p->gid || p->now.sgid != p->gid;
}

bool plan_changes_uid(const struct plan *p)
{
	return p->now.ruid != p->uid || p->now.euid != p->uid || p->now.suid != p->uid;
}

/* Fail here, before anything changes, rather than half-way through the drop. */
static int check_feasible(struct resolver *r)
{
	struct plan *p = r->p;
	enum key who = p->user_set ? KEY_USER : KEY_GROUP_ADD;
	char id[24];

	if (plan_changes_uid(p) && !holds(p, CAP_SETUID))
		return fail(r, KEY_USER,
		            "switching user needs CAP_SETUID, which capinit does not hold",
		            log_uint(id, p->uid));
	if (plan_changes_gid(p) && !holds(p, CAP_SETGID))
		return fail(r, KEY_USER,
		            "switching group needs CAP_SETGID, which capinit does not hold",
		            log_uint(id, p->gid));
	if (plan_changes_groups(p) && !holds(p, CAP_SETGID)) {
		if (!plan_changes_uid(p) && !plan_changes_gid(p) && p->user_set) {
			/* Already the target user (Kubernetes runAsUser): keep the
			 * groups the runtime gave rather than fail like gosu. */
			memcpy(p->groups, p->now.groups, p->now.ngroups * sizeof(gid_t));
			p->ngroups = p->now.ngroups;
			p->kept_groups = true;
			log_say(LOG_INFO, "already uid ", log_uint(id, p->uid),
			        "; keeping the supplementary groups the runtime set");
		} else {
			return fail(r, who,
			            "changing groups needs CAP_SETGID, which capinit does not hold",
			            NULL);
		}
	}
	if (plan_changes_groups(p) && creds_setgroups_denied())
		return fail(r, who, "changing groups is denied in this user namespace",
		            "/proc/self/setgroups");
	if (p->caps.bounding != p->now.caps.bounding && !holds(p, CAP_SETPCAP))
		return fail(
		    r, is_set(r->c, KEY_CAP_DROP) ? KEY_CAP_DROP : KEY_CAP_ADD,
		    "trimming the bounding set needs CAP_SETPCAP, which capinit does not hold",
		    NULL);
	return 0;
}

static bool anything_asked(const struct config *c)
{
	return is_set(c, KEY_USER) || is_set(c, KEY_GROUP_ADD) || is_set(c, KEY_CAP_ADD) ||
	       is_set(c, KEY_CAP_DROP) || c->privileged || c->no_new_privileges ||
	       c->run_as_non_root;
}

static int resolve(struct resolver *r)
{
	struct plan *p = r->p;
	const char *what = NULL;
	int err = creds_read(&p->now, now_groups, &what);

	if (err) {
		log_fail_errno("reading credentials", what, NULL, err);
		return -1;
	}
	if (is_set(r->c, KEY_USER) ? resolve_user(r) : keep_user(r))
		return -1;
	if (resolve_group_add(r) != 0)
		return -1;
	p->ngroups = creds_sort_groups(p->groups, p->ngroups);
	if (r->c->run_as_non_root && p->uid == 0) {
		bool named = is_set(r->c, KEY_USER);
		return fail(r, named ? KEY_USER : KEY_RUN_AS_NON_ROOT,
		            "run_as_non_root refuses uid 0",
		            named ? r->c->set[KEY_USER].value : "0");
	}
	if (resolve_caps(r) != 0)
		return -1;
	p->no_new_privs = r->c->no_new_privileges || p->now.no_new_privs;
	return check_feasible(r);
}

int plan_resolve(const struct config *c, struct plan *p)
{
	struct resolver r = {.c = c, .p = p};
	int rc;

	memset(p, 0, sizeof(*p));
	p->groups = plan_groups;
	p->active = anything_asked(c);
	if (!p->active && !c->print)
		return 0; /* a plain init: not one syscall spent here */
	r.passwd.path = PLAN_PASSWD;
	r.group.path = PLAN_GROUP;
	rc = resolve(&r);
	file_free(r.passwd.text, r.passwd.len);
	file_free(r.group.text, r.group.len);
	return rc;
}
