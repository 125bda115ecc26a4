/* Shared by the libFuzzer harnesses (test/fuzz/support.c). */
#ifndef CAPINIT_FUZZ_H
#define CAPINIT_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

/* A NUL-terminated heap copy of data[0..size): the parsers write in place and
 * expect C strings; an exact-size malloc lets ASan see any overrun. */
char *fuzz_strndup(const uint8_t *data, size_t size);

/* Splits the copy text (of size bytes, from fuzz_strndup) at its NUL bytes
 * into words[first..], at most max words, and ends the list with NULL.
 * Returns the index after the last word. */
size_t fuzz_words(char *text, size_t size, char **words, size_t first, size_t max);

/* Frees what arena_alloc handed out during one input (capinit's own arena
 * is mmap and never frees; the harnesses use malloc instead, so ASan puts
 * redzones around joined lists and nothing piles up between inputs). */
void fuzz_arena_reset(void);

/* Reads every byte of s, so that a dangling pointer is reported where it is
 * used (ASan: heap-use-after-free, stack-use-after-return). */
size_t fuzz_touch(const char *s);

/* A property of the parser does not hold: report and abort, so libFuzzer
 * keeps the input as a crash. */
#define FUZZ_CHECK(cond)                                                                           \
	do {                                                                                       \
		if (!(cond))                                                                       \
			fuzz_fail(__FILE__, __LINE__, #cond);                                      \
	} while (0)
_Noreturn void fuzz_fail(const char *file, int line, const char *what);

#endif
