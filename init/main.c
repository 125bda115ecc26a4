/* capinit: apply a security context from inside the image, then be PID 1.
 *
 * One straight line: read the settings (built-in < image file < chosen file <
 * environment < command line), resolve them into a plan, then print it, or
 * become the app (exec mode), or supervise the app as PID 1.
 * Before the plan exists any error exits 125 and nothing has changed. */
#include "capinit/child.h"
#include "capinit/cli.h"
#include "capinit/config.h"
#include "capinit/log.h"
#include "capinit/plan.h"
#include "capinit/print.h"
#include "capinit/supervise.h"

#include <stdlib.h>
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

int main(int argc, char **argv)
{
	static struct config c;
	static struct plan plan;

	config_init(&c);
	switch (cli_parse(&c, argc, argv)) {
	case CLI_ERROR:
		return 125;
	case CLI_HELP:
		cli_print_help();
		return 0;
	case CLI_VERSION:
		cli_print_version();
		return 0;
	case CLI_LICENSE:
		cli_print_license();
		return 0;
	case CLI_RUN:
		break;
	}
	if (load_sources(&c) != 0)
		return 125;
	log_verbosity = c.verbosity;
	if (!c.print && !c.program[0]) {
		log_fail("capinit", "no program given", "see capinit --help");
		return 125;
	}
	if (plan_resolve(&c, &plan) != 0)
		return 125;
	if (c.print) {
		print_plan(&c, &plan);
		return 0;
	}
	if (c.exec) {
		sigset_t mask;
		struct child_setup setup = {&c, &plan, &mask, false, false};
		sigprocmask(SIG_SETMASK, NULL, &mask);
		child_exec(&setup);
	}
	return supervise(&c, &plan);
}
