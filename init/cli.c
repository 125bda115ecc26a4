#include "capinit/cli.h"
#include "capinit/log.h"
#include "capinit/out.h"
#include "capinit/text.h"

#include <string.h>
#include <unistd.h>

#ifndef CAPINIT_VERSION
#define CAPINIT_VERSION "0.0.0"
#endif

enum special { SP_NONE, SP_HELP, SP_VERSION, SP_LICENSE, SP_REMAP_EXIT, SP_VERBOSE };

struct option_def {
	const char *long_name; /* NULL: the setting's own long option */
	int key;               /* enum key, or -1 for a special */
	enum special special;
	char short_name;
	bool takes_value;
};

static const struct option_def options[] = {
    {"--help", -1, SP_HELP, 'h', false},
    {"--version", -1, SP_VERSION, 0, false},
    {"--license", -1, SP_LICENSE, 'l', false},
    {"--remap-exit", -1, SP_REMAP_EXIT, 'e', true},
    {"--verbose", -1, SP_VERBOSE, 'v', false},
    {NULL, KEY_USER, SP_NONE, 'u', true},
    {NULL, KEY_GROUP_ADD, SP_NONE, 0, true},
    {NULL, KEY_SUPPLEMENTAL_GROUPS_POLICY, SP_NONE, 0, true},
    {NULL, KEY_CAP_ADD, SP_NONE, 0, true},
    {NULL, KEY_CAP_DROP, SP_NONE, 0, true},
    {NULL, KEY_PRIVILEGED, SP_NONE, 0, false},
    {NULL, KEY_NO_NEW_PRIVILEGES, SP_NONE, 0, false},
    {NULL, KEY_RUN_AS_NON_ROOT, SP_NONE, 0, false},
    {NULL, KEY_EXEC, SP_NONE, 0, false},
    {NULL, KEY_PRINT, SP_NONE, 0, false},
    {NULL, KEY_SUBREAPER, SP_NONE, 's', false},
    {NULL, KEY_KILL_PROCESS_GROUP, SP_NONE, 'g', false},
    {NULL, KEY_GRACE, SP_NONE, 0, true},
    {NULL, KEY_VERBOSITY, SP_NONE, 0, true},
    {NULL, KEY_PARENT_DEATH_SIGNAL, SP_NONE, 'p', true},
    {NULL, KEY_REWRITE, SP_NONE, 'r', true},
    {NULL, KEY_SETUP, SP_NONE, 0, true},
    {NULL, KEY_CHOWN, SP_NONE, 0, true},
    {NULL, KEY_CHOWN_BEST_EFFORT, SP_NONE, 0, false},
    {NULL, KEY_WARN_ON_REAP, SP_NONE, 'w', false},
    {NULL, KEY_CONFIG, SP_NONE, 'c', true},
};

#define N_OPTIONS (sizeof(options) / sizeof(options[0]))

static const char *long_name(const struct option_def *o)
{
	return o->long_name ? o->long_name : config_option_name((enum key)o->key);
}

static const struct option_def *find_long(const char *arg, size_t len)
{
	for (size_t i = 0; i < N_OPTIONS; i++) {
		const char *name = long_name(&options[i]);
		if (strlen(name) == len && strncmp(name, arg, len) == 0)
			return &options[i];
	}
	return NULL;
}

static const struct option_def *find_short(char c)
{
	for (size_t i = 0; i < N_OPTIONS; i++)
		if (options[i].short_name == c)
			return &options[i];
	return NULL;
}

struct state {
	struct config *c;
	unsigned verbose;
	enum cli_action action;
};

/* "-e CODE": tini reports these exit codes of the app as 0. */
static int remap_exit(struct config *c, const char *value)
{
	uint32_t code;

	if (!text_parse_uint(value, 255, &code)) {
		log_fail("-e", "not an exit code (0..255)", value);
		return -1;
	}
	c->remap_exit[code / 8] |= (uint8_t)(1u << (code % 8));
	return 0;
}

static int apply(struct state *st, const struct option_def *o, const char *value)
{
	switch (o->special) {
	case SP_HELP:
		st->action = CLI_HELP;
		return 0;
	case SP_VERSION:
		st->action = CLI_VERSION;
		return 0;
	case SP_LICENSE:
		st->action = CLI_LICENSE;
		return 0;
	case SP_VERBOSE: {
		/* The settings keep the pointer: it must outlive the parse. */
		static const char *const levels[] = {"2", "3"};
		if (st->verbose < 2)
			st->verbose++;
		return config_set(st->c, KEY_VERBOSITY, levels[st->verbose - 1], SRC_ARGV, "-v", 0);
	}
	case SP_REMAP_EXIT:
		return remap_exit(st->c, value);
	case SP_NONE:
		break;
	}
	/* A boolean option alone means true; "--exec=false" is allowed too. */
	return config_set(st->c, (enum key)o->key, value ? value : "1", SRC_ARGV, long_name(o), 0);
}

static int missing_value(const char *name)
{
	log_fail(name, "option needs a value", NULL);
	return -1;
}

/* Returns how many words it used (1 or 2), or -1. */
static int parse_long(struct state *st, char *arg, char *next)
{
	char *eq = strchr(arg, '=');
	size_t len = eq ? (size_t)(eq - arg) : strlen(arg);
	const struct option_def *o = find_long(arg, len);

	if (!o) {
		if (eq)
			*eq = '\0';
		log_fail(arg, "unknown option (see --help)", NULL);
		return -1;
	}
	if (eq) {
		if (!o->takes_value && o->key < 0) {
			log_fail(long_name(o), "option takes no value", eq + 1);
			return -1;
		}
		return apply(st, o, eq + 1) == 0 ? 1 : -1;
	}
	if (!o->takes_value)
		return apply(st, o, NULL) == 0 ? 1 : -1;
	if (!next)
		return missing_value(long_name(o));
	return apply(st, o, next) == 0 ? 2 : -1;
}

/* "-vvs", "-pSIGTERM", "-p SIGTERM". Returns words used, or -1. */
static int parse_short(struct state *st, char *arg, char *next)
{
	for (char *p = arg + 1; *p; p++) {
		const struct option_def *o = find_short(*p);
		char name[3] = {'-', *p, '\0'};

		if (!o) {
			log_fail(name, "unknown option (see --help)", NULL);
			return -1;
		}
		if (!o->takes_value) {
			if (apply(st, o, NULL) != 0)
				return -1;
			continue;
		}
		if (p[1])
			return apply(st, o, p + 1) == 0 ? 1 : -1;
		if (!next)
			return missing_value(name);
		return apply(st, o, next) == 0 ? 2 : -1;
	}
	return 1;
}

enum cli_action cli_parse(struct config *c, int argc, char **argv)
{
	struct state st = {.c = c, .action = CLI_RUN};
	int i = 1;

	while (i < argc) {
		char *arg = argv[i];
		char *next = i + 1 < argc ? argv[i + 1] : NULL;
		int used;

		if (strcmp(arg, "--") == 0) {
			i++;
			break;
		}
		if (arg[0] != '-' || arg[1] == '\0')
			break;
		used = arg[1] == '-' ? parse_long(&st, arg, next) : parse_short(&st, arg, next);
		if (used < 0)
			return CLI_ERROR;
		i += used;
	}
	c->program = argv + i;
	return st.action;
}

void cli_print_help(void)
{
	struct out o = {.fd = STDOUT_FILENO};

	out_str(
	    &o,
	    "Usage: capinit [OPTIONS] [--] PROGRAM [ARGS...]\n"
	    "Apply a security context (user, groups, capabilities) from inside the image,\n"
	    "then run PROGRAM as PID 1's child: forward signals, reap zombies, exit with\n"
	    "PROGRAM's status.\n"
	    "\n"
	    "Security context (also CAPINIT_<NAME> variables and config file keys):\n"
	    "  -u, --user USER[:GROUP]        run as this user and group (names or ids)\n"
	    "      --group-add LIST           extra supplementary groups\n"
	    "      --supplemental-groups-policy merge|strict\n"
	    "                                 merge: also the user's /etc/group memberships\n"
	    "      --cap-add LIST             capabilities to add (NET_ADMIN, cap_net_raw, ALL)\n"
	    "      --cap-drop LIST            capabilities to drop from Docker's default set\n"
	    "      --privileged               start from the whole bounding set\n"
	    "      --no-new-privileges        set PR_SET_NO_NEW_PRIVS\n"
	    "      --run-as-non-root          refuse to run PROGRAM as uid 0\n"
	    "  -c, --config FILE              config file (default /etc/capinit.conf)\n"
	    "      --exec                     no supervisor: apply the context and become PROGRAM\n"
	    "      --print                    print the resolved context and exit\n"
	    "\n"
	    "Root only at start-up (before the drop, as root):\n"
	    "      --setup DIR                run each executable in DIR, in name order\n"
	    "      --chown LIST               give these paths, recursively, to the target\n"
	    "                                 user and group when the top's owner differs\n"
	    "      --chown-best-effort        a failing chown warns instead of refusing\n"
	    "\n"
	    "Supervision (tini's flags):\n"
	    "  -s, --subreaper                register as child subreaper\n"
	    "  -g, --kill-process-group       send signals to PROGRAM's process group\n"
	    "  -p, --parent-death-signal SIG  get SIG when capinit's parent dies\n"
	    "  -e, --remap-exit CODE          report exit code CODE as 0 (repeatable)\n"
	    "  -w, --warn-on-reap             warn when reaping zombies that are not PROGRAM\n"
	    "  -r, --rewrite SIG:SIG          forward the second signal for the first\n"
	    "                                 (TERM:QUIT), or nothing (HUP:0); repeatable\n"
	    "      --grace SECONDS            after the program exits, SIGTERM what is left and\n"
	    "                                 SIGKILL it after SECONDS; after a forwarded\n"
	    "                                 SIGTERM/SIGINT, SIGKILL the program after SECONDS\n"
	    "  -v, --verbose                  more messages (repeatable); --verbosity N\n"
	    "  -h, --help   --version   -l, --license\n"
	    "\n"
	    "Installed as gosu or su-exec: gosu USER[:GROUP] PROGRAM [ARGS...]\n"
	    "\n"
	    "Exit status: PROGRAM's, 128+N when killed by signal N, 125 when capinit\n"
	    "refuses or fails, 126 when PROGRAM cannot be executed, 127 when not found.\n");
	out_flush(&o);
}

void cli_print_version(void)
{
	struct out o = {.fd = STDOUT_FILENO};

	out_str(&o, "capinit version " CAPINIT_VERSION "\n");
	out_flush(&o);
}

void cli_print_license(void)
{
	struct out o = {.fd = STDOUT_FILENO};

	out_str(&o,
	        "capinit is distributed under the MIT License.\n"
	        "Copyright (c) 2026 the capinit authors.\n"
	        "Permission is hereby granted, free of charge, to any person obtaining a copy of\n"
	        "this software, to deal in it without restriction, subject to keeping this\n"
	        "notice. THE SOFTWARE IS PROVIDED \"AS IS\", WITHOUT WARRANTY OF ANY KIND.\n"
	        "See the LICENSE file for the full text.\n");
	out_flush(&o);
}
