/* The few allocations capinit makes (a joined option list, the app's
 * environment array) come straight from mmap and are never freed: malloc
 * would add 8 KB to the binary for three calls. */
#ifndef CAPINIT_ARENA_H
#define CAPINIT_ARENA_H

#include <stddef.h>

/* Zeroed memory, or NULL. */
void *arena_alloc(size_t size);

#endif
