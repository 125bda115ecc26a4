/* Raw system calls where musl's wrapper links far more than capinit uses.
 * Each one here replaced a libc path measured in `make bench`'s size line:
 * fstat, fstatat and fchown carry /proc/self/fd fallbacks for kernels before
 * 2.6.39 (1.1 KB), open/openat an FD_CLOEXEC fallback for kernels before
 * 2.6.23, mmap offset checks for file mappings capinit never makes, and
 * sigaction keeps handler bookkeeping for threads and posix_spawn (0.7 KB).
 * capinit only sets SIG_DFL or SIG_IGN and maps anonymous memory, so the
 * kernel's own calls do. All return -1 with errno set, as libc's do. */
#ifndef CAPINIT_SYS_H
#define CAPINIT_SYS_H

#include <fcntl.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

/* fstatat(2); musl's struct stat is the kernel's on the 64-bit targets. */
static inline int sys_stat_at(int dirfd, const char *name, struct stat *st, int flags)
{
	return (int)syscall(SYS_newfstatat, dirfd, name, st, flags);
}

static inline int sys_fstat(int fd, struct stat *st)
{
	return sys_stat_at(fd, "", st, AT_EMPTY_PATH);
}

static inline int sys_openat(int dirfd, const char *name, int flags)
{
	return (int)syscall(SYS_openat, dirfd, name, flags, 0);
}

static inline int sys_open(const char *path, int flags)
{
	return sys_openat(AT_FDCWD, path, flags);
}

static inline int sys_fchown(int fd, uid_t uid, gid_t gid)
{
	return (int)syscall(SYS_fchown, fd, uid, gid);
}

/* Anonymous read-write memory; NULL on failure. */
static inline void *sys_map(size_t size)
{
	long p = syscall(SYS_mmap, NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
	                 -1, 0);
	return p == -1 ? NULL : (void *)p;
}

/* The kernel's struct sigaction, for dispositions that are not functions
 * (SIG_DFL, SIG_IGN): no restorer is needed as no handler ever runs. */
struct sys_disposition {
	void (*handler)(int);
	unsigned long flags;
	void (*restorer)(void);
	unsigned long mask;
};

/* Sets sig to SIG_DFL or SIG_IGN; *old (when not NULL) gets what it was. */
static inline int sys_set_disposition(int sig, void (*handler)(int), void (**old)(int))
{
	struct sys_disposition now = {.handler = handler}, was = {0};
	int rc = (int)syscall(SYS_rt_sigaction, sig, &now, &was, sizeof(was.mask));

	if (old)
		*old = was.handler;
	return rc;
}

#endif
