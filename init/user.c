#include "capinit/user.h"
#include "capinit/text.h"

#include <string.h>

int user_parse_id_or_name(const char *s, bool *is_id, uint32_t *id)
{
	bool digits = *s >= '0' && *s <= '9';

	*is_id = false;
	if (digits || *s == '-' || *s == '+') {
		/* Starts like a number: it must be a whole valid id. */
		if (!text_parse_uint(s, TEXT_ID_MAX, id))
			return -1;
		*is_id = true;
	}
	return 0;
}

int user_parse_spec(char *spec, struct user_spec *out, const char **problem, const char **item)
{
	char *colon = strchr(spec, ':');

	memset(out, 0, sizeof(*out));
	*item = spec;
	if (colon)
		*colon = '\0';
	out->user = spec;
	out->group = colon ? colon + 1 : NULL;
	if (!*out->user) {
		*problem = "empty user name";
		return -1;
	}
	if (out->group && !*out->group) {
		*problem = "empty group after ':'";
		return -1;
	}
	if (out->group && strchr(out->group, ':')) {
		*problem = "more than one ':'";
		*item = out->group;
		return -1;
	}
	if (user_parse_id_or_name(out->user, &out->user_is_id, &out->uid) != 0) {
		*problem = "uid out of range 0..2147483647 or malformed";
		return -1;
	}
	if (out->group && user_parse_id_or_name(out->group, &out->group_is_id, &out->gid) != 0) {
		*problem = "gid out of range 0..2147483647 or malformed";
		*item = out->group;
		return -1;
	}
	return 0;
}

struct field {
	const char *p;
	size_t len;
};

/* Splits one line into at most max ':'-separated fields; returns the count. */
static size_t split_fields(const char *line, const char *end, struct field *f, size_t max)
{
	size_t n = 0;
	const char *start = line;

	for (const char *p = line;; p++) {
		if (p == end || *p == ':') {
			if (n == max)
				return max + 1; /* too many */
			f[n].p = start;
			f[n].len = (size_t)(p - start);
			n++;
			if (p == end)
				return n;
			start = p + 1;
		}
	}
}

static bool field_is(const struct field *f, const char *s)
{
	return f->len == strlen(s) && memcmp(f->p, s, f->len) == 0;
}

static bool field_id(const struct field *f, uint32_t *id)
{
	char buf[16];

	if (f->len == 0 || f->len >= sizeof(buf))
		return false;
	memcpy(buf, f->p, f->len);
	buf[f->len] = '\0';
	return text_parse_uint(buf, TEXT_ID_MAX, id);
}

static bool copy_field(const struct field *f, char *dst, size_t size)
{
	if (f->len >= size)
		return false;
	memcpy(dst, f->p, f->len);
	dst[f->len] = '\0';
	return true;
}

/* Walks the lines of text; the callback returns a lookup result to stop, or
 * -1 to go on. Comment and NIS ("+", "-") lines are passed over. */
typedef int (*line_fn)(const char *line, const char *end, void *ctx);

static int each_line(const char *text, unsigned *lineno, line_fn fn, void *ctx)
{
	const char *p = text;

	*lineno = 0;
	while (*p) {
		const char *end = strchr(p, '\n');

		if (!end)
			end = p + strlen(p);
		++*lineno;
		if (end > p && *p != '#' && *p != '+' && *p != '-') {
			int r = fn(p, end, ctx);
			if (r >= 0)
				return r;
		}
		p = *end ? end + 1 : end;
	}
	return LOOKUP_NONE;
}

struct passwd_query {
	const char *name;
	uint32_t uid;
	struct passwd_entry *out;
};

static int passwd_line(const char *line, const char *end, void *ctx)
{
	struct passwd_query *q = ctx;
	struct field f[7];
	size_t n = split_fields(line, end, f, 7);
	uint32_t uid = 0, gid = 0;
	bool uid_ok = n >= 3 && field_id(&f[2], &uid);
	bool ids_ok = n == 7 && uid_ok && field_id(&f[3], &gid);
	/* By uid, a line matches on its uid field alone; the rest of it must
	 * then be valid, as for a match by name. */
	bool match = q->name ? field_is(&f[0], q->name) : (uid_ok && uid == q->uid);

	if (!match)
		return -1;
	if (!ids_ok || !copy_field(&f[0], q->out->name, sizeof(q->out->name)) ||
	    !copy_field(&f[5], q->out->home, sizeof(q->out->home)))
		return LOOKUP_MALFORMED;
	q->out->uid = uid;
	q->out->gid = gid;
	return LOOKUP_FOUND;
}

enum lookup user_find_passwd(const char *text, const char *name, uint32_t uid,
                             struct passwd_entry *out, unsigned *line)
{
	struct passwd_query q = {name, uid, out};

	return (enum lookup)each_line(text, line, passwd_line, &q);
}

struct group_query {
	const char *name;
	uint32_t *gid;
};

static int group_line(const char *line, const char *end, void *ctx)
{
	struct group_query *q = ctx;
	struct field f[4];
	size_t n = split_fields(line, end, f, 4);

	if (!field_is(&f[0], q->name))
		return -1;
	if (n != 4 || !field_id(&f[2], q->gid))
		return LOOKUP_MALFORMED;
	return LOOKUP_FOUND;
}

enum lookup user_find_group(const char *text, const char *name, uint32_t *gid, unsigned *line)
{
	struct group_query q = {name, gid};

	return (enum lookup)each_line(text, line, group_line, &q);
}

struct member_query {
	const char *name;
	gid_t *gids;
	size_t max, n;
	bool overflow;
};

static bool lists_member(const struct field *members, const char *name)
{
	const char *p = members->p, *end = members->p + members->len;
	size_t len = strlen(name);

	while (p < end) {
		const char *comma = memchr(p, ',', (size_t)(end - p));
		const char *stop = comma ? comma : end;
		if ((size_t)(stop - p) == len && memcmp(p, name, len) == 0)
			return true;
		p = stop + 1;
	}
	return false;
}

static int member_line(const char *line, const char *end, void *ctx)
{
	struct member_query *q = ctx;
	struct field f[4];
	uint32_t gid;

	/* Malformed lines are passed over here: they name no group we were
	 * asked for, and glibc's initgroups ignores them too. */
	if (split_fields(line, end, f, 4) != 4 || !field_id(&f[2], &gid) ||
	    !lists_member(&f[3], q->name))
		return -1;
	if (q->n == q->max) {
		q->overflow = true;
		return LOOKUP_FOUND; /* stop */
	}
	q->gids[q->n++] = gid;
	return -1;
}

long user_member_groups(const char *text, const char *name, gid_t *gids, size_t max)
{
	struct member_query q = {name, gids, max, 0, false};
	unsigned line;

	each_line(text, &line, member_line, &q);
	return q.overflow ? -1 : (long)q.n;
}
