/* text.h: text_parse_uint, text_parse_bool, text_ieq/iprefix, text_trim,
 * text_next_item, text_join, text_upper, each with the properties its header
 * promises. The input is one string; a few trailing bytes choose sizes. */
#include "fuzz.h"

#include <string.h>
#include <strings.h>

#include "capinit/text.h"

static bool blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

static void check_uint(const char *s, uint32_t max)
{
	uint32_t out = 0xdeadbeef;
	bool ok = text_parse_uint(s, max, &out);
	uint64_t v = 0;
	bool expect = *s != '\0';

	for (const char *p = s; *p && expect; p++) {
		if (*p < '0' || *p > '9')
			expect = false;
		else if ((v = v * 10 + (uint64_t)(*p - '0')) > max)
			expect = false;
	}
	FUZZ_CHECK(ok == expect);
	if (ok)
		FUZZ_CHECK(out == v && out <= max);
	else
		FUZZ_CHECK(out == 0xdeadbeef); /* untouched on failure */
}

static void check_bool(const char *s)
{
	static const char *const yes[] = {"1", "true", "yes", "on"};
	static const char *const no[] = {"0", "false", "no", "off"};
	int b = text_parse_bool(s), expect = -1;

	for (unsigned i = 0; i < 4; i++) {
		if (strcasecmp(s, yes[i]) == 0)
			expect = 1;
		if (strcasecmp(s, no[i]) == 0)
			expect = 0;
	}
	FUZZ_CHECK(b == expect);
}

static void check_trim(const char *s)
{
	char *copy = strdup(s);
	char *t = text_trim(copy);
	size_t n = strlen(t);

	FUZZ_CHECK(t >= copy && t <= copy + strlen(s));
	FUZZ_CHECK(!blank(*t) && (n == 0 || !blank(t[n - 1])));
	FUZZ_CHECK(strncmp(t, s + (t - copy), n) == 0);
	free(copy);
}

/* The items of a list are its comma-separated fields, trimmed. */
static void check_items(const char *s)
{
	char *copy = strdup(s), *cursor = copy, *item;
	size_t commas = 0, items = 0;
	const char *field = s;

	for (const char *p = s; *p; p++)
		commas += *p == ',';
	while ((item = text_next_item(&cursor)) != NULL) {
		const char *end = strchr(field, ',');
		size_t len = end ? (size_t)(end - field) : strlen(field);
		const char *a = field, *b = field + len;

		while (a < b && blank(*a))
			a++;
		while (b > a && blank(b[-1]))
			b--;
		FUZZ_CHECK(strlen(item) == (size_t)(b - a) && memcmp(item, a, (size_t)(b - a)) == 0);
		FUZZ_CHECK(strchr(item, ',') == NULL);
		items++;
		field = end ? end + 1 : field + len;
	}
	FUZZ_CHECK(items == commas + 1);
	FUZZ_CHECK(text_next_item(&cursor) == NULL);
	free(copy);
}

static void check_case(const char *a, const char *b)
{
	bool eq = text_ieq(a, b);

	FUZZ_CHECK(eq == text_ieq(b, a));
	FUZZ_CHECK(eq == (strlen(a) == strlen(b) && text_iprefix(a, b)));
	FUZZ_CHECK(text_iprefix(a, ""));
	FUZZ_CHECK(text_ieq(a, a));
}

/* text_join and text_upper truncate to size; sizes 1..64 (0 is not allowed:
 * there would be no room for the NUL). */
static void check_join(const char *s, size_t size)
{
	char *buf = malloc(size), *upper = malloc(size);
	const char *parts[4];
	size_t half = strlen(s) / 2, total = strlen(s), want;
	char *first = strndup(s, half);

	parts[0] = first;
	parts[1] = "";
	parts[2] = s + half;
	parts[3] = NULL;
	text_join(buf, size, parts);
	want = total < size - 1 ? total : size - 1;
	FUZZ_CHECK(strlen(buf) == want && memcmp(buf, s, want) == 0);

	text_upper(upper, size, s);
	FUZZ_CHECK(strlen(upper) == want);
	for (size_t i = 0; i < want; i++)
		FUZZ_CHECK(upper[i] == ((s[i] >= 'a' && s[i] <= 'z') ? s[i] - 'a' + 'A' : s[i]));
	free(first);
	free(upper);
	free(buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_strndup(data, size);
	const char *other = s + strlen(s) < s + size ? s + strlen(s) + 1 : "";
	static const uint32_t maxes[] = {0, 1, 3, 9, 10, 64, 255, 86400, TEXT_ID_MAX, UINT32_MAX};

	for (size_t i = 0; i < sizeof(maxes) / sizeof(maxes[0]); i++)
		check_uint(s, maxes[i]);
	check_bool(s);
	check_trim(s);
	check_items(s);
	/* After a NUL: a second string to compare without case. */
	check_case(s, other);
	check_join(s, 1 + (size ? data[size - 1] % 64 : 0));
	free(s);
	return 0;
}
