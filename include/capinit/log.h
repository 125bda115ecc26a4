/* One-line messages on stderr. Level 0 always shows; the default verbosity
 * is 1 (warnings), -v raises it like tini's. */
#ifndef CAPINIT_LOG_H
#define CAPINIT_LOG_H

enum { LOG_ERROR = 0, LOG_WARN = 1, LOG_INFO = 2, LOG_DEBUG = 3 };

extern unsigned log_verbosity;

/* "capinit: <source>: <problem>: <value>", the shape of every refusal.
 * value may be NULL. */
void log_fail(const char *source, const char *problem, const char *value);

/* "capinit: <source>: <problem>: <value>: <strerror(err)>" */
void log_fail_errno(const char *source, const char *problem, const char *value, int err);

/* At verbosity >= level: "capinit: " followed by the strings, one line. */
void log_parts(unsigned level, const char *const *parts);
#define log_say(level, ...) log_parts((level), (const char *const[]){__VA_ARGS__, NULL})

/* Decimal text of v in buf (at least 21 bytes); returns buf. */
char *log_uint(char *buf, unsigned long long v);

#endif
