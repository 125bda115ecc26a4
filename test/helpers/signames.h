/* Signal names for the test helpers: "TERM", "SIGTERM", "15"; sigstate
 * also takes "RTMIN+N", counted from the kernel's first real-time signal, 32. */
#ifndef TEST_HELPERS_SIGNAMES_H
#define TEST_HELPERS_SIGNAMES_H

#include <stdio.h>
#include <stdlib.h>
#include <strings.h>

static const char *const names[] = {
    "",     "HUP",  "INT",    "QUIT", "ILL",    "TRAP",   "ABRT", "BUS",   "FPE",
    "KILL", "USR1", "SEGV",   "USR2", "PIPE",   "ALRM",   "TERM", "STKFLT", "CHLD",
    "CONT", "STOP", "TSTP",   "TTIN", "TTOU",   "URG",    "XCPU", "XFSZ",  "VTALRM",
    "PROF", "WINCH", "IO",    "PWR",  "SYS",
};

/* Exits 2 with "PROG: bad signal: S" when s names no signal. */
static int parse_signal(const char *prog, const char *s)
{
	char *end;
	long n;

	if (strncasecmp(s, "SIG", 3) == 0)
		s += 3;
	n = strtol(s, &end, 10);
	if (*s && !*end && n >= 1 && n <= 64)
		return (int)n;
	for (int i = 1; i < 32; i++)
		if (strcasecmp(s, names[i]) == 0)
			return i;
	if (strncasecmp(s, "RTMIN+", 6) == 0) {
		n = strtol(s + 6, &end, 10);
		if (!*end && n >= 0 && n <= 32)
			return 32 + (int)n;
	}
	fprintf(stderr, "%s: bad signal: %s\n", prog, s);
	exit(2);
}

#endif
