#include "capinit/dir.h"

#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

/* The kernel's layout; the first two fields are only read past. */
struct linux_dirent64 {
	uint64_t d_ino; // cppcheck-suppress unusedStructMember
	int64_t d_off;  // cppcheck-suppress unusedStructMember
	unsigned short d_reclen;
	unsigned char d_type;
	char d_name[];
};

int dir_each(int dirfd, dir_fn fn, void *ctx)
{
	char buf[4096];

	for (;;) {
		long n = syscall(SYS_getdents64, dirfd, buf, sizeof(buf));

		if (n < 0)
			return -errno;
		if (n == 0)
			return 0;
		for (long off = 0; off < n;) {
			const struct linux_dirent64 *d = (const void *)(buf + off);
			int rc;

			off += d->d_reclen;
			if (strcmp(d->d_name, ".") == 0 || strcmp(d->d_name, "..") == 0)
				continue;
			rc = fn(dirfd, d->d_name, d->d_type, ctx);
			if (rc != 0)
				return rc;
		}
	}
}
