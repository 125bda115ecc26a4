#include "capinit/text.h"

#include <string.h>

bool text_parse_uint(const char *s, uint32_t max, uint32_t *out)
{
	uint64_t v = 0;

	if (!s || !*s)
		return false;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return false;
		v = v * 10 + (uint64_t)(*s - '0');
		if (v > max)
			return false;
	}
	*out = (uint32_t)v;
	return true;
}

static char lower(char c)
{
	if (c >= 'A' && c <= 'Z')
		return (char)(c - 'A' + 'a');
	return c;
}

bool text_ieq(const char *a, const char *b)
{
	while (*a && lower(*a) == lower(*b)) {
		a++;
		b++;
	}
	return *a == '\0' && *b == '\0';
}

bool text_iprefix(const char *s, const char *prefix)
{
	while (*prefix && lower(*s) == lower(*prefix)) {
		s++;
		prefix++;
	}
	return *prefix == '\0';
}

int text_parse_bool(const char *s)
{
	static const char *const yes[] = {"1", "true", "yes", "on"};
	static const char *const no[] = {"0", "false", "no", "off"};

	for (unsigned i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
		if (text_ieq(s, yes[i]))
			return 1;
		if (text_ieq(s, no[i]))
			return 0;
	}
	return -1;
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

char *text_trim(char *s)
{
	size_t n;

	while (is_blank(*s))
		s++;
	n = strlen(s);
	while (n && is_blank(s[n - 1]))
		s[--n] = '\0';
	return s;
}

char *text_next_item(char **cursor)
{
	char *item = *cursor, *comma;

	if (!item)
		return NULL;
	comma = strchr(item, ',');
	if (comma) {
		*comma = '\0';
		*cursor = comma + 1;
	} else {
		*cursor = NULL;
	}
	return text_trim(item);
}

char *text_join(char *buf, size_t size, const char *const *parts)
{
	size_t n = 0;

	for (; *parts; parts++)
		for (const char *p = *parts; *p && n + 1 < size; p++)
			buf[n++] = *p;
	buf[n] = '\0';
	return buf;
}

char *text_upper(char *buf, size_t size, const char *s)
{
	size_t n = 0;

	for (; *s && n + 1 < size; s++) {
		char c = *s;
		if (c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		buf[n++] = c;
	}
	buf[n] = '\0';
	return buf;
}
