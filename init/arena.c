#include "capinit/arena.h"
#include "capinit/sys.h"

void *arena_alloc(size_t size)
{
	return sys_map(size);
}
