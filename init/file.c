#include "capinit/file.h"
#include "capinit/sys.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

static int read_all(int fd, char *buf, size_t len)
{
	size_t done = 0;

	while (done < len) {
		ssize_t n = read(fd, buf + done, len - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return errno;
		if (n == 0)
			return EIO; /* the file shrank under us */
		done += (size_t)n;
	}
	return 0;
}

char *file_read(const char *path, size_t max, size_t *len, int *err)
{
	struct stat st;
	char *buf = NULL;
	/* O_NONBLOCK: opening a FIFO must not hang before fstat can refuse it. */
	int fd = sys_open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);

	*err = 0;
	if (fd < 0) {
		*err = errno;
		return NULL;
	}
	if (sys_fstat(fd, &st) != 0) {
		*err = errno;
	} else if (S_ISDIR(st.st_mode)) {
		*err = EISDIR;
	} else if (!S_ISREG(st.st_mode)) {
		*err = EINVAL;
	} else if ((unsigned long long)st.st_size > max) {
		*err = EFBIG;
	} else {
		*len = (size_t)st.st_size;
		/* An anonymous mapping, not malloc: the memory goes back to the
		 * kernel on file_free, so PID 1 stays small after start-up. */
		buf = sys_map(*len + 1);
		if (!buf) {
			*err = errno;
		} else {
			*err = read_all(fd, buf, *len);
			if (!*err && memchr(buf, '\0', *len))
				*err = EILSEQ;
			if (*err) {
				munmap(buf, *len + 1);
				buf = NULL;
			} else {
				buf[*len] = '\0';
			}
		}
	}
	close(fd);
	return buf;
}

void file_free(char *text, size_t len)
{
	if (text)
		munmap(text, len + 1);
}

const char *file_problem(int err)
{
	switch (err) {
	case EFBIG:
		return "file too large";
	case EISDIR:
		return "is a directory";
	case EINVAL:
		return "not a regular file";
	case EILSEQ:
		return "file contains a NUL byte";
	default:
		return strerror(err);
	}
}
