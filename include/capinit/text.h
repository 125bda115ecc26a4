/* Pure parsing of the small value types every source shares. */
#ifndef CAPINIT_TEXT_H
#define CAPINIT_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Linux ids as Docker and runc accept them. */
#define TEXT_ID_MAX 2147483647u

/* Decimal digits only, no sign, no junk, no empty string, at most max. */
bool text_parse_uint(const char *s, uint32_t max, uint32_t *out);

/* 1/0, true/false, yes/no, on/off, any case. Returns 1, 0, or -1. */
int text_parse_bool(const char *s);

bool text_ieq(const char *a, const char *b);

/* True when s starts with prefix, ignoring case. */
bool text_iprefix(const char *s, const char *prefix);

/* Strips blanks at both ends, in place. */
char *text_trim(char *s);

/* Splits off the next item of a comma-separated list, in place; returns the
 * trimmed item or NULL at the end. *cursor is advanced. */
char *text_next_item(char **cursor);

/* Concatenates the NULL-terminated list of strings into buf, truncating to
 * size; returns buf. */
char *text_join(char *buf, size_t size, const char *const *parts);
#define TEXT_JOIN(buf, ...) text_join((buf), sizeof(buf), (const char *const[]){__VA_ARGS__, NULL})

/* An upper-case copy of s in buf; returns buf. */
char *text_upper(char *buf, size_t size, const char *s);

#endif
