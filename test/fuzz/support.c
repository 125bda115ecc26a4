/* Linked into every harness: sanitizer defaults, the input copy, and an
 * arena_alloc that replaces init/arena.c (which is not linked). */
#include "fuzz.h"

#include <stdio.h>
#include <string.h>

#include "capinit/arena.h"

/* Defaults baked into the binaries, so that replaying a crasher by hand finds
 * what the fuzzer found: dangling pointers into a returned stack frame are
 * only seen with detect_stack_use_after_return. ASAN_OPTIONS still wins. */
const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
	return "detect_stack_use_after_return=1:strict_string_checks=1";
}

const char *__ubsan_default_options(void);
const char *__ubsan_default_options(void)
{
	return "print_stacktrace=1:halt_on_error=1";
}

char *fuzz_strndup(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (!s)
		abort();
	if (size)
		memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

size_t fuzz_words(char *text, size_t size, char **words, size_t first, size_t max)
{
	size_t n = first;

	for (char *p = text; p < text + size && n - first < max; p += strlen(p) + 1)
		words[n++] = p;
	words[n] = NULL;
	return n;
}

static void **blocks;
static size_t nblocks, cap_blocks;

void *arena_alloc(size_t size)
{
	void *p;

	if (nblocks == cap_blocks) {
		size_t n = cap_blocks ? cap_blocks * 2 : 64;
		void **b = realloc(blocks, n * sizeof(*b));
		if (!b)
			return NULL;
		blocks = b;
		cap_blocks = n;
	}
	p = calloc(1, size ? size : 1);
	if (p)
		blocks[nblocks++] = p;
	return p;
}

void fuzz_arena_reset(void)
{
	while (nblocks)
		free(blocks[--nblocks]);
}

size_t fuzz_touch(const char *s)
{
	volatile size_t sum = 0;

	if (!s)
		return 0;
	for (; *s; s++)
		sum += (unsigned char)*s;
	return sum;
}

void fuzz_fail(const char *file, int line, const char *what)
{
	fprintf(stderr, "%s:%d: property violated: %s\n", file, line, what);
	fflush(stderr);
	abort();
}
