#include "capinit/ownership.h"
#include "capinit/dir.h"
#include "capinit/log.h"
#include "capinit/text.h"
#include "capinit/sys.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Deep enough for any real volume, shallow enough for PID 1's stack. */
#define DEPTH_MAX 64

struct walk {
	uid_t uid;
	gid_t gid;
	unsigned depth;
};

static int chown_entry(int dirfd, const char *name, unsigned char type, void *ctx)
{
	struct walk *w = ctx;
	int fd, rc;

	(void)type;
	if (fchownat(dirfd, name, w->uid, w->gid, AT_SYMLINK_NOFOLLOW) != 0)
		return errno;
	/* O_NOFOLLOW | O_DIRECTORY: only real directories are entered. */
	fd = sys_openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return (errno == ENOTDIR || errno == ELOOP) ? 0 : errno;
	if (w->depth == DEPTH_MAX) {
		close(fd);
		return ELOOP;
	}
	w->depth++;
	rc = dir_each(fd, chown_entry, w);
	w->depth--;
	close(fd);
	return rc < 0 ? -rc : rc;
}

/* The top, then (when it is a directory) everything below it. */
static int chown_top(int fd, struct walk *w)
{
	struct stat st;
	int rc;

	if (sys_fstat(fd, &st) != 0)
		return errno;
	if (st.st_uid == w->uid && st.st_gid == w->gid)
		return 0; /* OnRootMismatch: the top is right, the tree is taken as right */
	if (sys_fchown(fd, w->uid, w->gid) != 0)
		return errno;
	if (!S_ISDIR(st.st_mode))
		return 0;
	rc = dir_each(fd, chown_entry, w);
	return rc < 0 ? -rc : rc;
}

static int chown_tree(const char *path, struct walk *w)
{
	int fd = sys_open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY | O_NONBLOCK), rc;

	if (fd < 0)
		return errno;
	rc = chown_top(fd, w);
	close(fd);
	return rc;
}

int ownership_apply(const char *list, const char *origin, uid_t uid, gid_t gid, bool best_effort)
{
	char copy[4096], *cursor = copy, *path;

	if (strlen(list) >= sizeof(copy)) {
		log_fail(origin, "list too long", NULL);
		return -1;
	}
	memcpy(copy, list, strlen(list) + 1);
	while ((path = text_next_item(&cursor)) != NULL) {
		struct walk w = {uid, gid, 0};
		int err = *path ? chown_tree(path, &w) : EINVAL;

		if (!err)
			continue;
		if (!best_effort) {
			log_fail_errno(origin, "cannot hand over", path, err);
			return -1;
		}
		log_say(LOG_WARN, origin, ": cannot hand over (best effort): ", path, ": ",
		        strerror(err));
	}
	return 0;
}
