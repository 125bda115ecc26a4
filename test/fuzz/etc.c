/* user.h: user_find_passwd, user_find_group and user_member_groups over a
 * whole /etc/passwd or /etc/group text.
 * Input: NAME '\0' FILE-TEXT; without a NUL the name is "app". The uid looked
 * up is NAME as a number when it is one, else a small number from its bytes.
 * The last byte of the input also sizes the gid array (0..16, or 65536). */
#include "fuzz.h"

#include <string.h>

#include "capinit/text.h"
#include "capinit/user.h"

static unsigned count_lines(const char *text)
{
	unsigned n = 0;

	for (const char *p = text; *p; p++)
		n += *p == '\n';
	return n + 1;
}

static void check_entry(const struct passwd_entry *pw)
{
	FUZZ_CHECK(memchr(pw->name, '\0', sizeof(pw->name)) != NULL);
	FUZZ_CHECK(memchr(pw->home, '\0', sizeof(pw->home)) != NULL);
	FUZZ_CHECK(!strchr(pw->name, ':') && !strchr(pw->name, '\n'));
	FUZZ_CHECK(!strchr(pw->home, ':') && !strchr(pw->home, '\n'));
	FUZZ_CHECK(pw->uid <= TEXT_ID_MAX && pw->gid <= TEXT_ID_MAX);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *all = fuzz_strndup(data, size);
	bool split = strlen(all) < size;
	const char *name = split ? all : "app";
	const char *text = split ? all + strlen(all) + 1 : all;
	unsigned lines = count_lines(text), line = ~0u;
	uint32_t uid = 0, gid = 0xdeadbeef;
	size_t max = size ? data[size - 1] % 18 : 0;
	gid_t *gids;
	struct passwd_entry *pw = malloc(sizeof(*pw));
	enum lookup r;
	long n;

	if (!text_parse_uint(name, TEXT_ID_MAX, &uid))
		for (const char *p = name; *p; p++)
			uid = uid * 31 + (unsigned char)*p % 8;
	if (max == 17)
		max = 65536;
	gids = malloc((max ? max : 1) * sizeof(*gids));

	r = user_find_passwd(text, name, 0, pw, &line);
	FUZZ_CHECK(r == LOOKUP_FOUND || r == LOOKUP_NONE || r == LOOKUP_MALFORMED);
	FUZZ_CHECK(line <= lines);
	if (r == LOOKUP_FOUND) {
		check_entry(pw);
		FUZZ_CHECK(strcmp(pw->name, name) == 0);
	}

	r = user_find_passwd(text, NULL, uid, pw, &line);
	FUZZ_CHECK(line <= lines);
	if (r == LOOKUP_FOUND) {
		check_entry(pw);
		FUZZ_CHECK(pw->uid == uid);
	}

	r = user_find_group(text, name, &gid, &line);
	FUZZ_CHECK(r == LOOKUP_FOUND || r == LOOKUP_NONE || r == LOOKUP_MALFORMED);
	FUZZ_CHECK(line <= lines);
	if (r == LOOKUP_FOUND)
		FUZZ_CHECK(gid <= TEXT_ID_MAX);

	n = user_member_groups(text, name, gids, max);
	FUZZ_CHECK(n >= -1 && n <= (long)max);
	for (long i = 0; i < n; i++)
		FUZZ_CHECK(gids[i] <= TEXT_ID_MAX);

	free(pw);
	free(gids);
	free(all);
	return 0;
}
