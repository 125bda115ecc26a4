#include "capinit/out.h"
#include "capinit/log.h"

#include <errno.h>
#include <unistd.h>

void out_flush(struct out *o)
{
	size_t done = 0;

	while (done < o->len) {
		ssize_t n = write(o->fd, o->buf + done, o->len - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break; /* nowhere to report it: output is best effort */
		done += (size_t)n;
	}
	o->len = 0;
}

void out_char(struct out *o, char c)
{
	if (o->len == sizeof(o->buf))
		out_flush(o);
	o->buf[o->len++] = c;
}

void out_str(struct out *o, const char *s)
{
	while (*s)
		out_char(o, *s++);
}

void out_safe(struct out *o, const char *s)
{
	static const char hex[] = "0123456789abcdef";

	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c >= 0x20 && c != 0x7f) {
			out_char(o, (char)c);
			continue;
		}
		out_str(o, "\\x");
		out_char(o, hex[c >> 4]);
		out_char(o, hex[c & 15]);
	}
}

void out_uint(struct out *o, unsigned long long v)
{
	char digits[24];

	out_str(o, log_uint(digits, v));
}
