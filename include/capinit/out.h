/* Buffered writes to a file descriptor without stdio (stdio costs ~15 KB). */
#ifndef CAPINIT_OUT_H
#define CAPINIT_OUT_H

#include <stddef.h>

struct out {
	int fd;
	size_t len;
	char buf[512];
};

void out_str(struct out *o, const char *s);
/* Control bytes as \xNN: a value from the environment or a file must not
 * be able to start a second, forged line. */
void out_safe(struct out *o, const char *s);
void out_char(struct out *o, char c);
void out_uint(struct out *o, unsigned long long v);
void out_flush(struct out *o);

#endif
