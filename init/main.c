/* capinit: apply a security context from inside the image, then be PID 1.
 *
 * One straight line: read the settings (built-in < image file < chosen file <
 * environment < command line), resolve them into a plan, then print it, or
 * become the app (exec mode), or supervise the app as PID 1.
 * Before the plan exists any error exits 125 and nothing has changed. */
#include "capinit/child.h"
#include "capinit/cli.h"
#include "capinit/config.h"
#include "capinit/hooks.h"
#include "capinit/log.h"
#include "capinit/ownership.h"
#include "capinit/plan.h"
#include "capinit/print.h"
#include "capinit/supervise.h"

#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <unistd.h>

#include "builtin_config.h"

#define IMAGE_CONFIG "/etc/capinit.conf"

extern char **environ;

/* Under AT_SECURE (capinit gained privilege from file capabilities) the
 * environment belongs to a less privileged caller: never trust it. */
static bool env_trusted(const struct config *c)
{
	return c->allow_env && !getauxval(AT_SECURE);
}

static void say_env_ignored(const struct config *c)
{
	for (char **e = environ; *e; e++) {
		if (config_is_own_env(*e)) {
			log_say(LOG_WARN, "ignoring CAPINIT_* variables: ",
			        c->allow_env ? "running with AT_SECURE" : "allow_env = false");
			return;
		}
	}
}

static int load_sources(struct config *c)
{
	const struct setting *config = &c->set[KEY_CONFIG];

	if (sizeof(builtin_config) > 1 &&
	    config_load_text(c, builtin_config, SRC_BUILTIN, "built-in config") != 0)
		return -1;
	if (config->source == SRC_ARGV) {
		/* -c FILE replaces the image's file. */
		if (config_load_file(c, config->value, SRC_FILE, true) != 0)
			return -1;
	} else {
		bool named = config->source == SRC_BUILTIN;
		if (config_load_file(c, named ? config->value : IMAGE_CONFIG, SRC_IMAGE_FILE,
		                     named) != 0)
			return -1;
		const char *chosen = getenv("CAPINIT_CONFIG");
		if (chosen && env_trusted(c) && config_load_file(c, chosen, SRC_FILE, true) != 0)
			return -1;
	}
	if (!env_trusted(c)) {
		say_env_ignored(c);
		return 0;
	}
	return config_load_env(c, environ);
}

/* Installed as gosu or su-exec, capinit takes their command line,
 * "gosu USER[:GROUP] PROGRAM [ARGS...]", and like them reads nothing else:
 * no config file, no environment; it becomes the program. */
static int dropin_parse(struct config *c, int argc, char **argv)
{
	const char *slash = strrchr(argv[0], '/');
	const char *name = slash ? slash + 1 : argv[0];

	if (strcmp(name, "gosu") != 0 && strcmp(name, "su-exec") != 0)
		return 0;
	if (argc < 3) {
		log_fail(name, "usage", "USER[:GROUP] PROGRAM [ARGS...]");
		return -1;
	}
	if (config_set(c, KEY_USER, argv[1], SRC_ARGV, name, 0) != 0 ||
	    config_set(c, KEY_EXEC, "1", SRC_ARGV, name, 0) != 0)
		return -1;
	c->program = argv + 2;
	return 1;
}

/* Root only at start-up: hooks, then volume ownership (so that what hooks
 * create is handed over too), all before the drop. */
static int prepare(const struct config *c, const struct plan *p, const struct inherited_signals *in)
{
	const struct setting *setup = &c->set[KEY_SETUP], *own = &c->set[KEY_CHOWN];
	char origin[256];

	if (setup->source != SRC_UNSET) {
		char **env = child_environment(p);
		if (!env || hooks_run(setup->value, config_origin(setup, origin), env, in) != 0)
			return -1;
	}
	if (own->source != SRC_UNSET) {
		if (!p->user_set) {
			log_fail(config_origin(own, origin),
			         "chown needs a user to hand the paths to", own->value);
			return -1;
		}
		if (ownership_apply(own->value, config_origin(own, origin), p->uid, p->gid,
		                    c->chown_best_effort) != 0)
			return -1;
	}
	return 0;
}

/* Every source, in order. Returns -1 on an error (exit 125), 1 when the
 * command line asked only for help, version or license (printed), else 0. */
static int read_settings(struct config *c, int argc, char **argv)
{
	int dropin = dropin_parse(c, argc, argv);

	if (dropin != 0)
		return dropin < 0 ? -1 : 0;
	switch (cli_parse(c, argc, argv)) {
	case CLI_ERROR:
		return -1;
	case CLI_HELP:
		cli_print_help();
		return 1;
	case CLI_VERSION:
		cli_print_version();
		return 1;
	case CLI_LICENSE:
		cli_print_license();
		return 1;
	case CLI_RUN:
		break;
	}
	if (load_sources(c) != 0)
		return -1;
	if (!c->print && !c->program[0]) {
		log_fail("capinit", "no program given", "see capinit --help");
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	static struct config c;
	static struct plan plan;
	struct inherited_signals signals;
	int rc;

	config_init(&c);
	rc = read_settings(&c, argc, argv);
	if (rc != 0)
		return rc < 0 ? 125 : 0;
	log_verbosity = c.verbosity;
	if (plan_resolve(&c, &plan) != 0)
		return 125;
	if (c.print) {
		print_plan(&c, &plan);
		return 0;
	}
	/* From here on, a supervising capinit keeps every signal pending until
	 * its loop runs: a stop request during setup hooks reaches the app. */
	child_signals_take(&signals, !c.exec);
	if (prepare(&c, &plan, &signals) != 0)
		return 125;
	if (c.exec) {
		struct child_setup setup = {&c, &plan, &signals, false, false};
		child_exec(&setup);
	}
	return supervise(&c, &plan, &signals);
}
