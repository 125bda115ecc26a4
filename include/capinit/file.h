/* Reading a whole small file into memory, refusing what is not a regular
 * file (a FIFO would block PID 1) or larger than a limit. */
#ifndef CAPINIT_FILE_H
#define CAPINIT_FILE_H

#include <stddef.h>

/* Returns a NUL-terminated copy of the file (unmap with file_free), or NULL
 * with *err set: an errno value, EFBIG when over max, EISDIR/EINVAL when not
 * a regular file, EILSEQ when it holds a NUL byte. */
char *file_read(const char *path, size_t max, size_t *len, int *err);
void file_free(char *text, size_t len);

/* The problem text for an error of file_read. */
const char *file_problem(int err);

#endif
