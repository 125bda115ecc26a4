#include "capinit/creds.h"
#include "capinit/sys.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <linux/capability.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

/* Heapsort: O(n log n) for the 65536 groups Linux allows, in a fraction of
 * qsort's size. */
static void sift_down(gid_t *g, size_t root, size_t n)
{
	for (size_t child; (child = 2 * root + 1) < n; root = child) {
		if (child + 1 < n && g[child + 1] > g[child])
			child++;
		if (g[root] >= g[child])
			return;
		gid_t t = g[root];
		g[root] = g[child];
		g[child] = t;
	}
}

size_t creds_sort_groups(gid_t *g, size_t n)
{
	size_t out = 0;

	for (size_t i = n / 2; i-- > 0;)
		sift_down(g, i, n);
	for (size_t end = n; end > 1; end--) {
		gid_t t = g[0];
		g[0] = g[end - 1];
		g[end - 1] = t;
		sift_down(g, 0, end - 1);
	}
	for (size_t i = 0; i < n; i++)
		if (out == 0 || g[out - 1] != g[i])
			g[out++] = g[i];
	return out;
}

static int read_caps(struct creds *c)
{
	struct __user_cap_header_struct hdr = {_LINUX_CAPABILITY_VERSION_3, 0};
	struct __user_cap_data_struct data[2] = {{0, 0, 0}, {0, 0, 0}};

	if (syscall(SYS_capget, &hdr, data) != 0)
		return errno;
	c->caps.effective = data[0].effective | (uint64_t)data[1].effective << 32;
	c->caps.permitted = data[0].permitted | (uint64_t)data[1].permitted << 32;
	c->caps.inheritable = data[0].inheritable | (uint64_t)data[1].inheritable << 32;
	return 0;
}

/* The bounding set, probed cap by cap; the first EINVAL marks the end, which
 * also tells the highest capability the kernel knows. */
static int read_bounding_and_ambient(struct creds *c)
{
	unsigned cap;

	c->caps.bounding = 0;
	c->caps.ambient = 0;
	for (cap = 0; cap < 64; cap++) {
		int in_bounding = prctl(PR_CAPBSET_READ, cap, 0, 0, 0);
		int in_ambient;

		if (in_bounding < 0) {
			if (errno == EINVAL && cap > 0)
				break;
			return errno;
		}
		in_ambient = prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_IS_SET, cap, 0, 0);
		if (in_ambient < 0)
			return errno;
		if (in_bounding)
			c->caps.bounding |= CAP_BIT(cap);
		if (in_ambient)
			c->caps.ambient |= CAP_BIT(cap);
	}
	c->last_cap = cap - 1;
	return 0;
}

bool creds_setgroups_denied(void)
{
	char buf[8] = {0};
	int fd = sys_open("/proc/self/setgroups", O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return false; /* no such file: no user namespace rule */
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	return n >= 4 && buf[0] == 'd' && buf[1] == 'e' && buf[2] == 'n' && buf[3] == 'y';
}

int creds_read(struct creds *c, gid_t *group_storage, const char **what)
{
	int n, err, nnp;

	*what = "getresuid";
	if (getresuid(&c->ruid, &c->euid, &c->suid) != 0)
		return errno;
	*what = "getresgid";
	if (getresgid(&c->rgid, &c->egid, &c->sgid) != 0)
		return errno;
	*what = "getgroups";
	n = getgroups(CREDS_MAX_GROUPS, group_storage);
	if (n < 0)
		return errno;
	c->groups = group_storage;
	c->ngroups = creds_sort_groups(group_storage, (size_t)n);
	*what = "capget";
	err = read_caps(c);
	if (err)
		return err;
	*what = "prctl(PR_CAPBSET_READ, PR_CAP_AMBIENT)";
	err = read_bounding_and_ambient(c);
	if (err)
		return err;
	*what = "prctl(PR_GET_NO_NEW_PRIVS)";
	nnp = prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0);
	if (nnp < 0)
		return errno;
	c->no_new_privs = nnp == 1;
	return 0;
}
