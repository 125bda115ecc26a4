/* user.h: user_parse_spec ("user[:group]", split in place) and
 * user_parse_id_or_name, with the rules the header states. */
#include "fuzz.h"

#include <string.h>

#include "capinit/text.h"
#include "capinit/user.h"

static bool starts_like_number(const char *s)
{
	return (*s >= '0' && *s <= '9') || *s == '-' || *s == '+';
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *spec = fuzz_strndup(data, size);
	char *orig = strdup(spec);
	size_t len = strlen(spec);
	struct user_spec u;
	const char *problem = NULL, *item = NULL;
	int rc = user_parse_spec(spec, &u, &problem, &item);
	const char *colon = strchr(orig, ':');
	bool is_id = true;
	uint32_t id = 0;

	if (rc != 0) {
		FUZZ_CHECK(rc == -1 && problem && *problem && item);
		FUZZ_CHECK(item >= spec && item <= spec + len);
		fuzz_touch(item);
	} else {
		FUZZ_CHECK(u.user == spec && *u.user && !strchr(u.user, ':'));
		FUZZ_CHECK(strlen(u.user) == (colon ? (size_t)(colon - orig) : len));
		FUZZ_CHECK(!colon == !u.group);
		if (u.group) {
			FUZZ_CHECK(*u.group && !strchr(u.group, ':'));
			FUZZ_CHECK(strcmp(u.group, colon + 1) == 0);
		}
		/* Numbers are ids, never names; ids are in range. */
		FUZZ_CHECK(u.user_is_id == starts_like_number(u.user));
		if (u.user_is_id)
			FUZZ_CHECK(u.uid <= TEXT_ID_MAX && text_parse_uint(u.user, TEXT_ID_MAX, &id) &&
			           id == u.uid);
		if (u.group) {
			FUZZ_CHECK(u.group_is_id == starts_like_number(u.group));
			if (u.group_is_id)
				FUZZ_CHECK(u.gid <= TEXT_ID_MAX);
		} else {
			FUZZ_CHECK(!u.group_is_id && u.gid == 0);
		}
	}

	/* The whole input as one id-or-name. */
	rc = user_parse_id_or_name(orig, &is_id, &id);
	FUZZ_CHECK(rc == 0 || rc == -1);
	if (rc == 0 && is_id)
		FUZZ_CHECK(id <= TEXT_ID_MAX && starts_like_number(orig));
	if (rc == 0 && !is_id)
		FUZZ_CHECK(!starts_like_number(orig));
	if (rc != 0)
		FUZZ_CHECK(starts_like_number(orig));
	free(orig);
	free(spec);
	return 0;
}
