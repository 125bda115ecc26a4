#include "capinit/print.h"
#include "capinit/caps.h"
#include "capinit/out.h"

#include <unistd.h>

static void line_uint(struct out *o, const char *label, unsigned long long v)
{
	out_str(o, label);
	out_uint(o, v);
	out_char(o, '\n');
}

static void line_caps(struct out *o, const char *label, uint64_t set)
{
	bool first = true;

	out_str(o, label);
	for (unsigned cap = 0; cap < 64; cap++) {
		const char *name;
		if (!(set & CAP_BIT(cap)))
			continue;
		name = caps_name(cap);
		if (!first)
			out_char(o, ',');
		if (name) {
			out_str(o, name);
		} else {
			out_str(o, "cap_");
			out_uint(o, cap);
		}
		first = false;
	}
	out_str(o, first ? "none\n" : "\n");
}

static void settings(struct out *o, const struct config *c)
{
	char buf[256];

	out_str(o, "settings:\n");
	for (int k = 0; k < KEY_COUNT; k++) {
		const struct setting *s = &c->set[k];
		if (s->source == SRC_UNSET)
			continue;
		out_str(o, "  ");
		out_str(o, config_key_name((enum key)k));
		out_str(o, " = ");
		out_str(o, s->value);
		out_str(o, " (");
		out_str(o, config_source_name(s->source));
		out_str(o, ": ");
		out_str(o, config_origin(s, buf));
		out_str(o, ")\n");
	}
}

void print_plan(const struct config *c, const struct plan *p)
{
	struct out o = {.fd = STDOUT_FILENO};

	out_str(&o,
	        p->active ? "change: yes\n" : "change: none (capinit runs the program as it is)\n");
	out_str(&o, "user: ");
	out_str(&o, p->user_name[0] ? p->user_name : "-");
	out_char(&o, '\n');
	line_uint(&o, "uid: ", p->uid);
	line_uint(&o, "gid: ", p->gid);
	out_str(&o, "groups: ");
	for (size_t i = 0; i < p->ngroups; i++) {
		if (i)
			out_char(&o, ',');
		out_uint(&o, p->groups[i]);
	}
	out_str(&o, p->ngroups ? "" : "none");
	out_str(&o, p->kept_groups ? " (as the runtime set them: no CAP_SETGID)\n" : "\n");
	out_str(&o, "home: ");
	out_str(&o, p->home[0] ? p->home : "(unchanged)");
	out_char(&o, '\n');
	line_caps(&o, "bounding: ", p->caps.bounding);
	line_caps(&o, "permitted: ", p->caps.permitted);
	line_caps(&o, "effective: ", p->caps.effective);
	line_caps(&o, "inheritable: ", p->caps.inheritable);
	line_caps(&o, "ambient: ", p->caps.ambient);
	out_str(&o, p->no_new_privs ? "no_new_privs: yes\n" : "no_new_privs: no\n");
	settings(&o, c);
	out_flush(&o);
}
