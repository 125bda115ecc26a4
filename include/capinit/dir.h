/* Directory entries with getdents64: musl's opendir would bring malloc. */
#ifndef CAPINIT_DIR_H
#define CAPINIT_DIR_H

/* Calls fn for every entry of the open directory dirfd but "." and "..",
 * with the entry's name and d_type. Stops when fn returns non-zero and
 * returns that; returns -errno when reading fails, else 0. */
typedef int (*dir_fn)(int dirfd, const char *name, unsigned char type, void *ctx);
int dir_each(int dirfd, dir_fn fn, void *ctx);

#endif
