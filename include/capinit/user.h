/* user[:group] and the image's /etc/passwd and /etc/group. Pure: the callers
 * read the files; these functions only parse text, never modifying it. */
#ifndef CAPINIT_USER_H
#define CAPINIT_USER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct user_spec {
	const char *user, *group; /* group NULL when not given */
	bool user_is_id, group_is_id;
	uint32_t uid, gid;
};

/* Splits "user[:group]" in place. Numbers are ids and never names (Docker's
 * rule); empty parts, ids above 2147483647, signs and junk are refused. */
int user_parse_spec(char *spec, struct user_spec *out, const char **problem, const char **item);

/* An id, or a name that must be looked up: "1000" or "app". -1 when a number
 * is out of range or malformed (digits with junk, a sign). */
int user_parse_id_or_name(const char *s, bool *is_id, uint32_t *id);

#define USER_NAME_MAX 256
#define USER_HOME_MAX 4096

struct passwd_entry {
	char name[USER_NAME_MAX];
	char home[USER_HOME_MAX];
	uint32_t uid, gid;
};

/* Result of a lookup: found, not found, or the matching line is malformed
 * (*line says which). */
enum lookup { LOOKUP_FOUND, LOOKUP_NONE, LOOKUP_MALFORMED };

/* By name, or by uid when name is NULL. */
enum lookup user_find_passwd(const char *text, const char *name, uint32_t uid,
                             struct passwd_entry *out, unsigned *line);

enum lookup user_find_group(const char *text, const char *name, uint32_t *gid, unsigned *line);

/* Appends to gids (up to max) every group that lists name as a member;
 * returns how many, or -1 when more than max. */
long user_member_groups(const char *text, const char *name, gid_t *gids, size_t max);

#endif
