/* Linked into capinit's musl build of libcap-ng only.
 *
 * libcap-ng reads the bounding and ambient sets from /proc/PID/status with
 * fopen, snprintf and sscanf, which pull about 37 KB of musl's stdio into a
 * binary that is otherwise 40 KB. When fopen fails, libcap-ng falls back to
 * its own prctl(PR_CAPBSET_READ / PR_CAP_AMBIENT_IS_SET) loop, written for
 * containers without procfs. These stand-ins make that documented fallback
 * the only path: same results, no /proc dependency, no stdio.
 * strtoul reads /proc/sys/kernel/cap_last_cap: a decimal parser of a few
 * lines replaces musl's general one (1.5 KB).
 * asprintf only names capabilities the library's table lacks (cap_N); a
 * failure there makes capng_capability_to_name return NULL, which capinit
 * handles. */
#include <errno.h>
#include <stddef.h>

typedef struct capng_noproc_file capng_noproc_file;

capng_noproc_file *capng_noproc_fopen(const char *path, const char *mode)
{
	(void)path;
	(void)mode;
	errno = ENOENT;
	return NULL;
}

int capng_noproc_snprintf(char *buf, size_t size, const char *fmt, ...)
{
	(void)fmt;
	if (size)
		buf[0] = '\0';
	return 0;
}

int capng_noproc_asprintf(char **out, const char *fmt, ...)
{
	(void)fmt;
	*out = NULL;
	return -1;
}

/* Never reached: they only run after a successful fopen. */
char *capng_noproc_fgets(char *buf, int size, capng_noproc_file *f)
{
	(void)buf;
	(void)size;
	(void)f;
	return NULL;
}

int capng_noproc_fclose(capng_noproc_file *f)
{
	(void)f;
	return 0;
}

int capng_noproc_sscanf(const char *s, const char *fmt, ...)
{
	(void)s;
	(void)fmt;
	return 0;
}

int capng_noproc_fsetlocking(capng_noproc_file *f, int type)
{
	(void)f;
	(void)type;
	return 0;
}

/* Only ever given the NULL that the asprintf stand-in leaves. */
void capng_noproc_free(void *p)
{
	(void)p;
}

unsigned long capng_noproc_strtoul(const char *s, char **end, int base)
{
	unsigned long v = 0;

	(void)base; /* always 10 in libcap-ng */
	while (*s >= '0' && *s <= '9')
		v = v * 10 + (unsigned long)(*s++ - '0');
	if (end)
		*end = (char *)s;
	return v;
}
