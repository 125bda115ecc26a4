#include "capinit/log.h"
#include "capinit/out.h"

#include <string.h>
#include <unistd.h>

unsigned log_verbosity = LOG_WARN;

static void put_parts(struct out *o, const char *source, const char *problem, const char *value)
{
	out_str(o, "capinit: ");
	out_safe(o, source);
	if (problem) {
		out_str(o, ": ");
		out_safe(o, problem);
	}
	if (value) {
		out_str(o, ": ");
		out_safe(o, value);
	}
}

void log_fail(const char *source, const char *problem, const char *value)
{
	struct out o = {.fd = STDERR_FILENO};

	put_parts(&o, source, problem, value);
	out_char(&o, '\n');
	out_flush(&o);
}

void log_fail_errno(const char *source, const char *problem, const char *value, int err)
{
	struct out o = {.fd = STDERR_FILENO};

	put_parts(&o, source, problem, value);
	out_str(&o, ": ");
	out_str(&o, strerror(err));
	out_char(&o, '\n');
	out_flush(&o);
}

void log_parts(unsigned level, const char *const *parts)
{
	struct out o = {.fd = STDERR_FILENO};

	if (log_verbosity < level)
		return;
	out_str(&o, "capinit: ");
	for (; *parts; parts++)
		out_safe(&o, *parts);
	out_char(&o, '\n');
	out_flush(&o);
}

char *log_uint(char *buf, unsigned long long v)
{
	char tmp[24];
	size_t n = 0, i = 0;

	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n)
		buf[i++] = tmp[--n];
	buf[i] = '\0';
	return buf;
}
