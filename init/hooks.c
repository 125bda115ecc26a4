#include "capinit/hooks.h"
#include "capinit/arena.h"
#include "capinit/dir.h"
#include "capinit/log.h"
#include "capinit/signame.h"
#include "capinit/text.h"
#include "capinit/sys.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define HOOKS_MAX 1024

struct hook_list {
	const char *names[HOOKS_MAX];
	size_t n;
	char *store; /* the names, one after another */
	size_t used, size;
};

/* Hidden files and anything that is not an executable regular file (after
 * symlinks) are passed over, as run-parts does. */
static int collect(int dirfd, const char *name, unsigned char type, void *ctx)
{
	struct hook_list *l = ctx;
	struct stat st;
	size_t len = strlen(name) + 1;

	(void)type;
	if (name[0] == '.' || sys_stat_at(dirfd, name, &st, 0) != 0 || !S_ISREG(st.st_mode) ||
	    !(st.st_mode & 0111))
		return 0;
	if (l->n == HOOKS_MAX || l->used + len > l->size)
		return -E2BIG;
	memcpy(l->store + l->used, name, len);
	l->names[l->n++] = l->store + l->used;
	l->used += len;
	return 0;
}

static void sort_names(struct hook_list *l)
{
	for (size_t i = 1; i < l->n; i++) {
		const char *x = l->names[i];
		size_t j = i;
		for (; j > 0 && strcmp(l->names[j - 1], x) > 0; j--)
			l->names[j] = l->names[j - 1];
		l->names[j] = x;
	}
}

/* Runs one hook and waits for it, reaping whatever else ends meanwhile
 * (hooks' orphans come to us as PID 1). */
static int run_one(const char *path, char **env, const struct inherited_signals *in)
{
	char problem[64];
	int status = 0;
	pid_t pid = _Fork(), got; /* see supervise(): fork buys nothing here */

	if (pid < 0) {
		log_fail_errno("setup", "cannot start hook", path, errno);
		return -1;
	}
	if (pid == 0) {
		char *argv[] = {(char *)path, NULL};
		child_signals_restore(in);
		execve(path, argv, env);
		log_fail_errno("setup", "cannot execute hook", path, errno);
		_exit(126);
	}
	do {
		got = waitpid(-1, &status, 0);
	} while (got != pid && !(got < 0 && errno != EINTR));
	if (got != pid) {
		log_fail_errno("setup", "lost hook", path, errno);
		return -1;
	}
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return 0;
	if (WIFEXITED(status)) {
		char num[24];
		TEXT_JOIN(problem, "hook failed with exit code ",
		          log_uint(num, (unsigned)WEXITSTATUS(status)));
	} else {
		char name[16];
		TEXT_JOIN(problem, "hook killed by ", signame_name(WTERMSIG(status), name));
	}
	log_fail("setup", problem, path);
	return -1;
}

int hooks_run(const char *dir, const char *origin, char **env, const struct inherited_signals *in)
{
	static struct hook_list list;
	char path[4096];
	int fd = sys_open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC), rc;

	if (fd < 0) {
		log_fail_errno(origin, "cannot open the setup directory", dir, errno);
		return -1;
	}
	list.size = 1 << 16;
	list.store = arena_alloc(list.size);
	rc = list.store ? dir_each(fd, collect, &list) : -ENOMEM;
	close(fd);
	if (rc != 0) {
		log_fail_errno(origin, "cannot read the setup directory", dir, -rc);
		return -1;
	}
	sort_names(&list);
	for (size_t i = 0; i < list.n; i++) {
		TEXT_JOIN(path, dir, "/", list.names[i]);
		log_say(LOG_INFO, "setup: running ", path);
		if (run_one(path, env, in) != 0)
			return -1;
	}
	return 0;
}
