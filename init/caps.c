#include "capinit/caps.h"
#include "capinit/text.h"

#include <cap-ng.h>
#include <linux/capability.h>
#include <unistd.h>

uint64_t caps_docker_default(void)
{
	return CAP_BIT(CAP_CHOWN) | CAP_BIT(CAP_DAC_OVERRIDE) | CAP_BIT(CAP_FSETID) |
	       CAP_BIT(CAP_FOWNER) | CAP_BIT(CAP_MKNOD) | CAP_BIT(CAP_NET_RAW) |
	       CAP_BIT(CAP_SETGID) | CAP_BIT(CAP_SETUID) | CAP_BIT(CAP_SETFCAP) |
	       CAP_BIT(CAP_SETPCAP) | CAP_BIT(CAP_NET_BIND_SERVICE) | CAP_BIT(CAP_SYS_CHROOT) |
	       CAP_BIT(CAP_KILL) | CAP_BIT(CAP_AUDIT_WRITE);
}

int caps_parse_list(char *text, unsigned last_cap, struct cap_list *out, const char **problem,
                    const char **item)
{
	char *cursor = text, *name;

	out->mask = 0;
	out->all = false;
	while ((name = text_next_item(&cursor)) != NULL) {
		const char *bare = text_iprefix(name, "CAP_") ? name + 4 : name;
		int cap;

		*item = name;
		if (!*bare) {
			*problem = "empty capability name in list";
			return -1;
		}
		if (text_ieq(bare, "ALL")) {
			out->all = true;
			continue;
		}
		cap = capng_name_to_capability(bare);
		if (cap < 0) {
			*problem = "unknown capability";
			return -1;
		}
		if ((unsigned)cap > last_cap || cap > 63) {
			*problem = "capability not supported by this kernel";
			return -1;
		}
		out->mask |= CAP_BIT(cap);
	}
	return 0;
}

void caps_attach(void)
{
	capng_setpid(getpid());
}

const char *caps_name(unsigned cap)
{
	static pid_t attached;

	/* The name table is bounded by the kernel's last capability, which the
	 * library learns when it starts. */
	if (attached != getpid()) {
		caps_attach();
		attached = getpid();
	}
	return capng_capability_to_name(cap);
}

uint64_t caps_compute(const struct cap_request *req, const struct cap_sets *held,
                      struct cap_sets *out)
{
	uint64_t base = req->privileged ? held->bounding : caps_docker_default();
	uint64_t add = req->add.all ? held->bounding : req->add.mask;
	uint64_t drop = req->drop.all ? ~UINT64_C(0) : req->drop.mask;
	/* The bounding set can only shrink: defaults capinit was never given
	 * are left out quietly; explicitly added ones are refused below. */
	uint64_t final = ((base & ~drop) | add) & held->bounding;
	uint64_t missing = add & ~(held->bounding & held->permitted);

	out->bounding = final;
	if (req->target_is_root) {
		out->permitted = final & held->permitted;
		out->effective = out->permitted;
		out->inheritable = 0;
		out->ambient = 0;
	} else {
		/* Never the defaults: only what was asked for by name reaches a
		 * non-root program (the CVE-2016-8867 lesson). */
		out->permitted = add & held->permitted;
		out->effective = out->permitted;
		out->inheritable = out->permitted;
		out->ambient = out->permitted;
	}
	return missing;
}
