/* Tries to get root back after capinit's drop: setresuid(0), setresgid(0),
 * setgroups, and raising every capability. Prints one line per attempt and
 * exits 0 only when every attempt failed. */
#include <errno.h>
#include <grp.h>
#include <linux/capability.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static int tried(const char *what, int rc)
{
	printf("%s: %s\n", what, rc == 0 ? "SUCCEEDED" : strerror(errno));
	return rc == 0;
}

int main(void)
{
	struct __user_cap_header_struct hdr = {_LINUX_CAPABILITY_VERSION_3, 0};
	struct __user_cap_data_struct all[2];
	gid_t zero = 0;
	int regained = 0;

	memset(all, 0xff, sizeof(all));
	regained += tried("setresuid(0)", setresuid(0, 0, 0));
	regained += tried("setresgid(0)", setresgid(0, 0, 0));
	regained += tried("setgroups(0)", setgroups(1, &zero));
	regained += tried("capset(all)", (int)syscall(SYS_capset, &hdr, all));
	return regained ? 1 : 0;
}
