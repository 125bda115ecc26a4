/* cli.c: cli_parse, the command line (tini's flags and a long option for every
 * setting). Input: the words after argv[0], separated by NUL bytes. After the
 * parse, every setting it stored is read again, as main, plan_resolve and
 * --print do later: a value pointing into a dead stack frame shows here as
 * stack-use-after-return (support.c turns that detection on). */
#include "check_config.h"

#include <string.h>

#include "capinit/cli.h"

#define MAX_WORDS 64

static bool skip_known;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	skip_known =
	    getenv("FUZZ_CLI_SKIP_KNOWN") && strcmp(getenv("FUZZ_CLI_SKIP_KNOWN"), "1") == 0;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct config c;
	char *text = fuzz_strndup(data, size);
	char **argv = malloc((MAX_WORDS + 2) * sizeof(*argv));
	int argc;
	enum cli_action action;

	argv[0] = "capinit";
	argc = (int)fuzz_words(text, size, argv, 1, MAX_WORDS);

	config_init(&c);
	action = cli_parse(&c, argc, argv);
	FUZZ_CHECK(action == CLI_RUN || action == CLI_HELP || action == CLI_VERSION ||
	           action == CLI_LICENSE || action == CLI_ERROR);
	if (action != CLI_ERROR) {
		/* The program is the rest of argv, NULL-terminated. */
		FUZZ_CHECK(c.program >= argv + 1 && c.program <= argv + argc);
		for (char **w = c.program; *w; w++)
			fuzz_touch(*w);
	}
	/* FUZZ_CLI_SKIP_KNOWN=1 lets a campaign look past the one known defect
	 * (-v stores a pointer to cli_parse's stack, crashers/cli/); never set
	 * when replaying, so the crasher keeps failing until it is fixed. */
	if (skip_known && c.set[KEY_VERBOSITY].origin &&
	    strcmp(c.set[KEY_VERBOSITY].origin, "-v") == 0) {
		static char digit[2];
		digit[0] = (char)('0' + c.verbosity);
		c.set[KEY_VERBOSITY].value = digit;
	}
	check_config(&c);
	fuzz_arena_reset();
	free(argv);
	free(text);
	return 0;
}
