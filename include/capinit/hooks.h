/* Setup hooks (like /docker-entrypoint.d): before the privilege drop, every
 * executable file in a directory runs as root, in name order, with the
 * app's environment. Rule: a hook that fails stops capinit with 125. */
#ifndef CAPINIT_HOOKS_H
#define CAPINIT_HOOKS_H

#include "capinit/child.h"

/* origin names the setting in messages; hooks get back the signal state
 * capinit inherited. Returns 0, or -1 after one line. */
int hooks_run(const char *dir, const char *origin, char **env, const struct inherited_signals *in);

#endif
