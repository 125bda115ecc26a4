/* Signal names for -p and messages: "SIGTERM", "TERM", "15", "SIGRTMIN+3". */
#ifndef CAPINIT_SIGNAME_H
#define CAPINIT_SIGNAME_H

/* Returns the signal number, or -1 when s names no signal. */
int signame_parse(const char *s);

/* "SIGTERM"; for signals without a name, the number in buf (16 bytes). */
const char *signame_name(int sig, char *buf);

#endif
