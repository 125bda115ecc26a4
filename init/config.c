#include "capinit/config.h"
#include "capinit/arena.h"
#include "capinit/file.h"
#include "capinit/log.h"
#include "capinit/signame.h"
#include "capinit/text.h"

#include <errno.h>
#include <signal.h>
#include <string.h>

enum type { T_TEXT, T_LIST, T_BOOL, T_UINT, T_SIGNAL, T_POLICY, T_REWRITE };

/* Each setting has three spellings, derived from its key: "cap_add" in a
 * config file, CAPINIT_CAP_ADD in the environment, --cap-add on the command
 * line. Names are stored inline, not as pointers: a pointer table in a
 * static PIE costs a 24-byte relocation per entry and sits in the RELRO
 * pages, and the derived spellings cannot drift from the key. */
static const struct {
	char key[27];
	unsigned char type;
	uint32_t max; /* for T_UINT */
} keys[KEY_COUNT] = {
    [KEY_USER] = {"user", T_TEXT, 0},
    [KEY_GROUP_ADD] = {"group_add", T_LIST, 0},
    [KEY_SUPPLEMENTAL_GROUPS_POLICY] = {"supplemental_groups_policy", T_POLICY, 0},
    [KEY_CAP_ADD] = {"cap_add", T_LIST, 0},
    [KEY_CAP_DROP] = {"cap_drop", T_LIST, 0},
    [KEY_PRIVILEGED] = {"privileged", T_BOOL, 0},
    [KEY_NO_NEW_PRIVILEGES] = {"no_new_privileges", T_BOOL, 0},
    [KEY_RUN_AS_NON_ROOT] = {"run_as_non_root", T_BOOL, 0},
    [KEY_EXEC] = {"exec", T_BOOL, 0},
    [KEY_PRINT] = {"print", T_BOOL, 0},
    [KEY_SUBREAPER] = {"subreaper", T_BOOL, 0},
    [KEY_KILL_PROCESS_GROUP] = {"kill_process_group", T_BOOL, 0},
    [KEY_GRACE] = {"grace", T_UINT, 86400},
    [KEY_VERBOSITY] = {"verbosity", T_UINT, 3},
    [KEY_PARENT_DEATH_SIGNAL] = {"parent_death_signal", T_SIGNAL, 0},
    [KEY_REWRITE] = {"rewrite", T_REWRITE, 0},
    [KEY_SETUP] = {"setup", T_TEXT, 0},
    [KEY_CHOWN] = {"chown", T_LIST, 0},
    [KEY_CHOWN_BEST_EFFORT] = {"chown_best_effort", T_BOOL, 0},
    [KEY_WARN_ON_REAP] = {"warn_on_reap", T_BOOL, 0},
    /* Only the image author (built-in config, config file) may lock the
     * environment out, so it has no variable and no option. */
    [KEY_ALLOW_ENV] = {"allow_env", T_BOOL, 0},
    [KEY_CONFIG] = {"config", T_TEXT, 0},
};

/* tini's variables, with tini's meaning: set at all means on. */
static const struct {
	const char *env;
	enum key key;
	bool presence;
} tini_env[] = {
    {"TINI_SUBREAPER", KEY_SUBREAPER, true},
    {"TINI_KILL_PROCESS_GROUP", KEY_KILL_PROCESS_GROUP, true},
    {"TINI_VERBOSITY", KEY_VERBOSITY, false},
};

void config_init(struct config *c)
{
	memset(c, 0, sizeof(*c));
	c->allow_env = true;
	c->verbosity = LOG_WARN;
}

const char *config_key_name(enum key k)
{
	return keys[k].key;
}

/* The key after prefix, with sep for '_' and upper-cased or not, built on
 * first use into storage that lives as long as capinit: settings keep the
 * pointer as their origin. NULL for allow_env, which has neither spelling. */
static const char *spelling(char (*store)[40], enum key k, const char *prefix, char sep, bool upper)
{
	_Static_assert(sizeof("CAPINIT_") + sizeof(keys[0].key) <= sizeof(*store),
	               "the longest spelling fits");
	char *out = store[k];
	size_t n = 0;

	if (k == KEY_ALLOW_ENV)
		return NULL;
	if (out[0])
		return out;
	while (*prefix)
		out[n++] = *prefix++;
	for (const char *p = keys[k].key; *p; p++) {
		char c = *p;
		if (c == '_')
			c = sep;
		else if (upper && c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		out[n++] = c;
	}
	out[n] = '\0';
	return out;
}

const char *config_option_name(enum key k)
{
	static char names[KEY_COUNT][40];
	return spelling(names, k, "--", '-', false);
}

const char *config_env_name(enum key k)
{
	static char names[KEY_COUNT][40];
	return spelling(names, k, "CAPINIT_", '_', true);
}

const char *config_source_name(enum source src)
{
	static const char *const names[] = {
	    [SRC_UNSET] = "default",    [SRC_BUILTIN] = "built-in", [SRC_IMAGE_FILE] = "image file",
	    [SRC_FILE] = "config file", [SRC_ENV] = "environment",  [SRC_ARGV] = "command line",
	};
	return names[src];
}

const char *config_origin(const struct setting *s, char *buf)
{
	size_t n = 0;
	char num[24];

	if (!s->line)
		return s->origin;
	for (const char *p = s->origin; *p && n < 200; p++)
		buf[n++] = *p;
	buf[n++] = ':';
	for (const char *p = log_uint(num, s->line); *p; p++)
		buf[n++] = *p;
	buf[n] = '\0';
	return buf;
}

/* Lists are parsed in 4 KiB buffers; refusing longer joins here also keeps
 * a long run of repeated options from growing memory. */
#define LIST_MAX 4095

static const char *join_list(const char *a, const char *b)
{
	size_t size = strlen(a) + strlen(b) + 2;
	char *joined = arena_alloc(size);

	if (!joined)
		return NULL;
	return text_join(joined, size, (const char *const[]){a, ",", b, NULL});
}

static int bad(const struct setting *s, const char *problem, const char *value)
{
	char buf[256];

	log_fail(config_origin(s, buf), problem, value);
	return -1;
}

/* "TERM:QUIT,HUP:0": each signal received, and what to forward instead (0:
 * nothing). Fills map when it is not NULL. */
static int parse_rewrite(const struct setting *s, int8_t *map)
{
	char copy[1024], *cursor = copy, *item;

	if (strlen(s->value) >= sizeof(copy))
		return bad(s, "list too long", NULL);
	memcpy(copy, s->value, strlen(s->value) + 1);
	while ((item = text_next_item(&cursor)) != NULL) {
		char *colon = strchr(item, ':');
		int from, to = 0;

		if (colon)
			*colon = '\0';
		from = signame_parse(item);
		if (colon && strcmp(text_trim(colon + 1), "0") != 0)
			to = signame_parse(text_trim(colon + 1));
		if (!colon || from < 0 || from > 64 || to < 0 || to > 64 || from == SIGCHLD)
			return bad(s, "not a rewrite (SIGNAL:SIGNAL or SIGNAL:0)", s->value);
		if (map)
			map[from] = (int8_t)(to ? to : -1);
	}
	return 0;
}

/* Checks value as type of k; when wins, stores the typed result. */
static int parse_typed(struct config *c, enum key k, const struct setting *s, bool wins)
{
	uint32_t n = 0;
	int b = 0, sig = 0;

	switch (keys[k].type) {
	case T_TEXT:
	case T_LIST:
		return 0; /* resolved against the image's files later */
	case T_BOOL:
		b = text_parse_bool(s->value);
		if (b < 0)
			return bad(s, "not a boolean (1/0, true/false, yes/no, on/off)", s->value);
		break;
	case T_UINT:
		if (!text_parse_uint(s->value, keys[k].max, &n))
			return bad(s, "not a number in range", s->value);
		break;
	case T_SIGNAL:
		sig = signame_parse(s->value);
		if (sig < 0)
			return bad(s, "unknown signal", s->value);
		break;
	case T_REWRITE:
		if (parse_rewrite(s, NULL) != 0)
			return -1;
		if (wins) {
			memset(c->rewrite, 0, sizeof(c->rewrite));
			parse_rewrite(s, c->rewrite);
		}
		return 0;
	case T_POLICY:
		if (text_ieq(s->value, "strict"))
			b = 1;
		else if (!text_ieq(s->value, "merge"))
			return bad(s, "not a policy (merge or strict)", s->value);
		break;
	}
	if (!wins)
		return 0;
	switch (k) {
	case KEY_PRIVILEGED:
		c->privileged = b;
		break;
	case KEY_NO_NEW_PRIVILEGES:
		c->no_new_privileges = b;
		break;
	case KEY_RUN_AS_NON_ROOT:
		c->run_as_non_root = b;
		break;
	case KEY_EXEC:
		c->exec = b;
		break;
	case KEY_PRINT:
		c->print = b;
		break;
	case KEY_SUBREAPER:
		c->subreaper = b;
		break;
	case KEY_KILL_PROCESS_GROUP:
		c->kill_process_group = b;
		break;
	case KEY_WARN_ON_REAP:
		c->warn_on_reap = b;
		break;
	case KEY_ALLOW_ENV:
		c->allow_env = b;
		break;
	case KEY_CHOWN_BEST_EFFORT:
		c->chown_best_effort = b;
		break;
	case KEY_SUPPLEMENTAL_GROUPS_POLICY:
		c->strict_groups = b;
		break;
	case KEY_GRACE:
		c->grace = n;
		break;
	case KEY_VERBOSITY:
		c->verbosity = n;
		break;
	case KEY_PARENT_DEATH_SIGNAL:
		c->parent_death_signal = sig;
		break;
	default:
		break;
	}
	return 0;
}

int config_set(struct config *c, enum key k, const char *value, enum source src, const char *origin,
               unsigned line)
{
	struct setting s = {value, src, origin, line};
	struct setting *cur = &c->set[k];
	bool wins = src >= cur->source;

	if (!value[0])
		return bad(&s, "empty value", NULL);
	/* Repeated list options on the command line add up, like Docker's. */
	if ((keys[k].type == T_LIST || keys[k].type == T_REWRITE) && src == SRC_ARGV &&
	    cur->source == SRC_ARGV) {
		if (strlen(cur->value) + strlen(value) + 1 > LIST_MAX)
			return bad(&s, "list too long", NULL);
		s.value = join_list(cur->value, value);
		if (!s.value)
			return bad(&s, "out of memory", NULL);
	}
	if (parse_typed(c, k, &s, wins) != 0)
		return -1;
	if (wins)
		*cur = s;
	return 0;
}

static int key_by_name(const char *name)
{
	for (int k = 0; k < KEY_COUNT; k++)
		if (strcmp(keys[k].key, name) == 0)
			return k;
	return -1;
}

int config_load_text(struct config *c, char *text, enum source src, const char *origin)
{
	bool seen[KEY_COUNT] = {false};
	unsigned line = 0;
	char *next = text;

	while (next) {
		char *cur = next, *eq, *key, *value;
		struct setting at = {NULL, src, origin, ++line};
		int k;

		next = strchr(cur, '\n');
		if (next)
			*next++ = '\0';
		cur = text_trim(cur);
		if (*cur == '\0' || *cur == '#')
			continue;
		eq = strchr(cur, '=');
		if (!eq)
			return bad(&at, "malformed line, expected key = value", cur);
		*eq = '\0';
		key = text_trim(cur);
		value = text_trim(eq + 1);
		k = key_by_name(key);
		if (k < 0)
			return bad(&at, "unknown key", key);
		if (k == KEY_CONFIG && src != SRC_BUILTIN)
			return bad(&at, "only the built-in config may name a config file", key);
		if (seen[k])
			return bad(&at, "duplicate key", key);
		seen[k] = true;
		if (config_set(c, (enum key)k, value, src, origin, line) != 0)
			return -1;
	}
	return 0;
}

/* Config files are a few lines; anything near this is a mistake. */
#define CONFIG_MAX_BYTES (1u << 20)

int config_load_file(struct config *c, const char *path, enum source src, bool must_exist)
{
	size_t len = 0;
	int err = 0;
	/* Kept for the life of capinit: the settings point into it. */
	char *text = file_read(path, CONFIG_MAX_BYTES, &len, &err);

	if (!text) {
		if (err == ENOENT && !must_exist)
			return 0;
		log_fail(path, file_problem(err), NULL);
		return -1;
	}
	return config_load_text(c, text, src, path);
}

bool config_is_own_env(const char *entry)
{
	/* Called for every variable: the first byte settles almost all. */
	return entry[0] == 'C' && strncmp(entry, "CAPINIT_", 8) == 0;
}

static int load_tini_env(struct config *c, const char *entry)
{
	for (size_t i = 0; i < sizeof(tini_env) / sizeof(tini_env[0]); i++) {
		size_t n = strlen(tini_env[i].env);
		if (strncmp(entry, tini_env[i].env, n) != 0 || entry[n] != '=')
			continue;
		return config_set(c, tini_env[i].key, tini_env[i].presence ? "1" : entry + n + 1,
		                  SRC_ENV, tini_env[i].env, 0);
	}
	return 0;
}

int config_load_env(struct config *c, char **envp)
{
	for (char **e = envp; *e; e++) {
		const char *eq = strchr(*e, '=');
		int k = -1;

		if (!config_is_own_env(*e)) {
			if ((*e)[0] == 'T' && strncmp(*e, "TINI_", 5) == 0 &&
			    load_tini_env(c, *e) != 0)
				return -1;
			continue;
		}
		for (int i = 0; i < KEY_COUNT && eq; i++) {
			const char *name = config_env_name((enum key)i);
			if (name && strlen(name) == (size_t)(eq - *e) &&
			    strncmp(name, *e, (size_t)(eq - *e)) == 0)
				k = i;
		}
		if (k < 0) {
			struct setting s = {NULL, SRC_ENV, "environment", 0};
			return bad(&s, "unknown variable", *e);
		}
		if (config_set(c, (enum key)k, eq + 1, SRC_ENV, config_env_name((enum key)k), 0) !=
		    0)
			return -1;
	}
	return 0;
}
