/* Fault injection: ctx_fakesys SYSCALL ERRNO PROGRAM [ARGS...]
 * installs a seccomp filter under which SYSCALL (setresuid, setresgid,
 * setgroups, capset, prctl) returns -ERRNO without running; ERRNO 0 makes it
 * "succeed" while doing nothing, which only a read-back can notice. */
#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

static long number(const char *name)
{
	if (!strcmp(name, "setresuid"))
		return SYS_setresuid;
	if (!strcmp(name, "setresgid"))
		return SYS_setresgid;
	if (!strcmp(name, "setgroups"))
		return SYS_setgroups;
	if (!strcmp(name, "capset"))
		return SYS_capset;
	if (!strcmp(name, "prctl"))
		return SYS_prctl;
	return -1;
}

int main(int argc, char **argv)
{
	long nr;
	unsigned err;

	if (argc < 4 || (nr = number(argv[1])) < 0) {
		fprintf(stderr, "usage: ctx_fakesys SYSCALL ERRNO PROGRAM [ARGS...]\n");
		return 2;
	}
	err = (unsigned)atoi(argv[2]);
	struct sock_filter code[] = {
	    BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
	    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (unsigned)nr, 0, 1),
	    BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | (err & SECCOMP_RET_DATA)),
	    BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = {sizeof(code) / sizeof(code[0]), code};

	/* As root (CAP_SYS_ADMIN) no_new_privs is not needed, and not setting
	 * it keeps capinit's own no_new_privs logic observable. */
	if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog, 0, 0) != 0) {
		perror("seccomp");
		return 2;
	}
	execvp(argv[3], argv + 3);
	perror(argv[3]);
	return 127;
}
