/* icount: deterministic cost of an init's path to its child's execve.
 *
 *   icount [-1] [-s] [-v] [-t SECONDS] -- INIT [ARGS...]
 *
 * Runs INIT under ptrace (as PID 1 of a new PID namespace with -1) and counts,
 * from the first user instruction after INIT's own execve until a second
 * execve anywhere (the child's, or INIT's own in exec mode: gosu, setpriv,
 * capinit --exec):
 *   default  user-space instructions, by PTRACE_SINGLESTEP (each step = one
 *            retired user instruction; a rep-string iteration counts as one);
 *   -s       system calls (syscall-entry stops, PTRACE_SYSCALL), execve included.
 * Forks are followed (PTRACE_O_TRACEFORK/VFORK/CLONE).  The count is the
 * critical path: when a process forks, the parent is held until the child
 * execs (or exits), so the parent's post-fork work (running concurrently with
 * the child in real life) is not counted.  Threads (clone) run freely and are
 * all counted (Go's runtime, gosu).
 * Output: "instructions N" or "syscalls N", then "  pid-role N" lines; -v lists
 * each syscall number (with -s).  Exit 0 when a second execve was reached.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAXP 256
#ifndef PTRACE_GET_SYSCALL_INFO
#define PTRACE_GET_SYSCALL_INFO 0x420e
#endif

struct proc {
	pid_t pid;
	int known;	   /* saw its first stop */
	pid_t held_for;	   /* parent held until this child execs/exits */
	int order;	   /* 0 = init, 1 = first child, ... */
	unsigned long long n;
	unsigned long long reps; /* extra single-step traps of rep iterations */
	long last_rip;
};

static struct proc procs[MAXP];
static int nprocs, next_order;
static int mode_sys, verbose;

static struct proc *find(pid_t pid, int create)
{
	for (int i = 0; i < nprocs; i++)
		if (procs[i].pid == pid)
			return &procs[i];
	if (!create || nprocs == MAXP)
		return NULL;
	struct proc *p = &procs[nprocs++];
	memset(p, 0, sizeof *p);
	p->pid = pid;
	p->order = next_order++;
	return p;
}

static void resume(pid_t pid, int sig)
{
	ptrace(mode_sys ? PTRACE_SYSCALL : PTRACE_SINGLESTEP, pid, 0, (void *)(long)sig);
}

static void on_alarm(int s)
{
	(void)s;
	fprintf(stderr, "icount: timeout\n");
	kill(0 - getpid(), SIGKILL); /* unreachable in practice; see below */
	_exit(3);
}

int main(int argc, char **argv)
{
	int pid1 = 0, timeout = 60, opt;
	while ((opt = getopt(argc, argv, "+1svt:")) != -1) {
		switch (opt) {
		case '1': pid1 = 1; break;
		case 's': mode_sys = 1; break;
		case 'v': verbose = 1; break;
		case 't': timeout = atoi(optarg); break;
		default: return 2;
		}
	}
	if (optind >= argc) {
		fprintf(stderr, "usage: icount [-1] [-s] [-v] [-t S] -- PROGRAM [ARGS...]\n");
		return 2;
	}
	/* Tracer and tracee on one CPU: each step is then a local context
	 * switch, not a cross-CPU wake-up (3x faster in a VM). */
	cpu_set_t cpus, one;
	if (sched_getaffinity(0, sizeof cpus, &cpus) == 0) {
		CPU_ZERO(&one);
		for (int c = 0; c < CPU_SETSIZE; c++)
			if (CPU_ISSET(c, &cpus)) {
				CPU_SET(c, &one);
				break;
			}
		sched_setaffinity(0, sizeof one, &one);
	}
	pid_t child = (pid_t)syscall(SYS_clone, SIGCHLD | (pid1 ? CLONE_NEWPID : 0), 0, 0, 0, 0);
	if (child < 0) {
		perror("icount: clone");
		return 2;
	}
	if (child == 0) {
		int fd = open("/dev/null", O_RDWR);
		dup2(fd, 0);
		dup2(fd, 1);
		dup2(fd, 2);
		if (fd > 2)
			close(fd);
		ptrace(PTRACE_TRACEME, 0, 0, 0);
		raise(SIGSTOP);
		execv(argv[optind], argv + optind);
		_exit(127);
	}
	signal(SIGALRM, on_alarm);
	alarm((unsigned)timeout);
	int st;
	if (waitpid(child, &st, __WALL) != child || !WIFSTOPPED(st)) {
		fprintf(stderr, "icount: child did not stop\n");
		return 2;
	}
	ptrace(PTRACE_SETOPTIONS, child, 0,
	       (void *)(long)(PTRACE_O_TRACEEXEC | PTRACE_O_TRACEFORK | PTRACE_O_TRACEVFORK |
			      PTRACE_O_TRACECLONE | PTRACE_O_EXITKILL | PTRACE_O_TRACESYSGOOD));
	ptrace(PTRACE_CONT, child, 0, 0);
	/* Up to INIT's own execve (the exec event stop). */
	for (;;) {
		if (waitpid(child, &st, __WALL) != child || !WIFSTOPPED(st)) {
			fprintf(stderr, "icount: exec of %s failed\n", argv[optind]);
			return 2;
		}
		if (st >> 8 == (SIGTRAP | (PTRACE_EVENT_EXEC << 8)))
			break;
		ptrace(PTRACE_CONT, child, 0, 0);
	}
	struct proc *root = find(child, 1);
	root->known = 1;
	resume(child, 0);
	int done = 0, live = 1;
	pid_t execer = 0;
	while (!done && live > 0) {
		pid_t pid = waitpid(-1, &st, __WALL);
		if (pid < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		struct proc *p = find(pid, 1);
		if (WIFEXITED(st) || WIFSIGNALED(st)) {
			live--;
			/* release a parent held for this child */
			for (int i = 0; i < nprocs; i++)
				if (procs[i].held_for == pid) {
					procs[i].held_for = 0;
					resume(procs[i].pid, 0);
				}
			p->pid = -1;
			continue;
		}
		if (!WIFSTOPPED(st))
			continue;
		int sig = WSTOPSIG(st), event = st >> 16;
		if (!p->known) { /* new child/thread: its first stop (SIGSTOP) */
			p->known = 1;
			live++;
			if (sig == SIGSTOP) {
				resume(pid, 0);
				continue;
			}
		}
		if (event == PTRACE_EVENT_EXEC) {
			if (!mode_sys)
				p->n++; /* the execve instruction itself */
			execer = pid;
			done = 1;
			break;
		}
		if (event == PTRACE_EVENT_FORK || event == PTRACE_EVENT_VFORK ||
		    event == PTRACE_EVENT_CLONE) {
			unsigned long msg = 0;
			ptrace(PTRACE_GETEVENTMSG, pid, 0, &msg);
			struct proc *c = find((pid_t)msg, 1);
			(void)c;
			if (event != PTRACE_EVENT_CLONE) {
				p->held_for = (pid_t)msg; /* critical path: child first */
				continue;
			}
			resume(pid, 0);
			continue;
		}
		if (event) { /* other events */
			resume(pid, 0);
			continue;
		}
		if (sig == (SIGTRAP | 0x80)) { /* syscall stop */
			unsigned char info[88];
			memset(info, 0, sizeof info);
			long r = ptrace(PTRACE_GET_SYSCALL_INFO, pid, (void *)sizeof info, info);
			if (r > 0 && info[0] == 1) {
				p->n++;
				if (verbose) {
					unsigned long long nr;
					memcpy(&nr, info + 24, sizeof nr);
					fprintf(stderr, "  [%d] syscall %llu\n", p->order, nr);
				}
			}
			resume(pid, 0);
			continue;
		}
		if (sig == SIGTRAP && !mode_sys) { /* one single step */
			/* rep-prefixed string instructions trap once per iteration
			 * with an unchanged RIP: count them once (as the CPU's
			 * instructions-retired counter and perf do). */
			long rip = ptrace(PTRACE_PEEKUSER, pid,
					  (void *)offsetof(struct user_regs_struct, rip), 0);
			if (rip != p->last_rip)
				p->n++;
			else
				p->reps++;
			p->last_rip = rip;
			resume(pid, 0);
			continue;
		}
		/* A real signal: deliver it. */
		resume(pid, sig);
	}
	unsigned long long total = 0;
	unsigned long long reps = 0;
	for (int i = 0; i < nprocs; i++) {
		total += procs[i].n;
		reps += procs[i].reps;
	}
	printf("%s\t%llu\n", mode_sys ? "syscalls" : "instructions", total);
	if (!mode_sys)
		printf("rep_iterations\t%llu\n", reps);
	for (int i = 0; i < nprocs; i++)
		printf("  proc%d%s\t%llu\n", procs[i].order, procs[i].pid == execer ? "(execve)" : "",
		       procs[i].n);
	/* PTRACE_O_EXITKILL: every tracee dies with us. */
	kill(child, SIGKILL);
	return done ? 0 : 1;
}
