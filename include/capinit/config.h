/* The settings model. Every setting has one name spelled three ways: config
 * key "cap_add", environment "CAPINIT_CAP_ADD", option "--cap-add". Sources
 * rank built-in < image file < chosen file < environment < command line; a
 * value from a lower source never replaces one from a higher source, so the
 * sources can be read in whatever order their own dependencies need.
 * Every value is checked when it is read, winning or not: a bad value is an
 * error even where something else overrides it. */
#ifndef CAPINIT_CONFIG_H
#define CAPINIT_CONFIG_H

#include <stdbool.h>
#include <stdint.h>

enum source {
	SRC_UNSET,
	SRC_BUILTIN,    /* compiled in with make CONFIG=file */
	SRC_IMAGE_FILE, /* /etc/capinit.conf, or the path the built-in config names */
	SRC_FILE,       /* -c FILE or CAPINIT_CONFIG */
	SRC_ENV,
	SRC_ARGV,
};

enum key {
	KEY_USER,
	KEY_GROUP_ADD,
	KEY_SUPPLEMENTAL_GROUPS_POLICY,
	KEY_CAP_ADD,
	KEY_CAP_DROP,
	KEY_PRIVILEGED,
	KEY_NO_NEW_PRIVILEGES,
	KEY_RUN_AS_NON_ROOT,
	KEY_EXEC,
	KEY_PRINT,
	KEY_SUBREAPER,
	KEY_KILL_PROCESS_GROUP,
	KEY_GRACE,
	KEY_VERBOSITY,
	KEY_PARENT_DEATH_SIGNAL,
	KEY_WARN_ON_REAP,
	KEY_REWRITE,
	KEY_SETUP,
	KEY_CHOWN,
	KEY_CHOWN_BEST_EFFORT,
	KEY_ALLOW_ENV,
	KEY_CONFIG,
	KEY_COUNT,
};

struct setting {
	const char *value; /* raw text; lives as long as capinit does */
	enum source source;
	const char *origin; /* file path, variable name or option */
	unsigned line;      /* line in a file, else 0 */
};

struct config {
	struct setting set[KEY_COUNT];

	/* Typed values of the winning settings. */
	bool privileged, no_new_privileges, run_as_non_root, exec, print;
	bool subreaper, kill_process_group, warn_on_reap, allow_env, strict_groups;
	bool chown_best_effort;
	uint32_t grace, verbosity;
	int parent_death_signal;
	/* dumb-init's --rewrite: rewrite[s] is the signal forwarded for s,
	 * -1 when s is dropped, 0 when s is forwarded as it is. */
	int8_t rewrite[65];
	uint8_t remap_exit[32]; /* tini's -e: exit codes reported as 0, a bitset */

	char **program; /* the app's argv, NULL-terminated */
};

void config_init(struct config *c);

/* The config key of k ("cap_add"), its long option ("--cap-add") and its
 * variable ("CAPINIT_CAP_ADD"; NULL for allow_env, as is its option). */
const char *config_key_name(enum key k);
const char *config_option_name(enum key k);
const char *config_env_name(enum key k);

/* Reads one value from a source. Returns 0, or -1 after a one-line error. */
int config_set(struct config *c, enum key k, const char *value, enum source src, const char *origin,
               unsigned line);

/* "path:12", "CAPINIT_USER" or "--user" for messages; buf holds 256 bytes. */
const char *config_origin(const struct setting *s, char *buf);

/* Where a source is called in --print. */
const char *config_source_name(enum source src);

/* The sources, in the order main reads them. Each returns 0 or -1 after a
 * one-line error naming the file and line or the variable. */
int config_load_text(struct config *c, char *text, enum source src, const char *origin);
int config_load_file(struct config *c, const char *path, enum source src, bool must_exist);
int config_load_env(struct config *c, char **envp);

/* True for variables capinit consumes and removes from the app's environment. */
bool config_is_own_env(const char *entry);

#endif
