/* Volume ownership, like Kubernetes' fsGroup with fsGroupChangePolicy
 * OnRootMismatch: before the drop, each path is handed, recursively, to the
 * target user and group, but only when its top's owner differs. Symlinks
 * are never followed. Rule: a failure stops capinit with 125, unless best
 * effort was asked, when it warns and goes on. */
#ifndef CAPINIT_OWNERSHIP_H
#define CAPINIT_OWNERSHIP_H

#include <stdbool.h>
#include <sys/types.h>

/* list: comma-separated paths; origin names the setting in messages. */
int ownership_apply(const char *list, const char *origin, uid_t uid, gid_t gid, bool best_effort);

#endif
