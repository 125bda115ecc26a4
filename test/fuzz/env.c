/* config.h: config_load_env over an environment array (CAPINIT_* and tini's
 * TINI_* variables). Input: the entries, separated by NUL bytes. */
#include "check_config.h"

#include <string.h>

#define MAX_ENTRIES 64

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct config c;
	char *text = fuzz_strndup(data, size);
	char **envp = malloc((MAX_ENTRIES + 1) * sizeof(*envp));
	int rc;

	fuzz_words(text, size, envp, 0, MAX_ENTRIES);

	config_init(&c);
	rc = config_load_env(&c, envp);
	FUZZ_CHECK(rc == 0 || rc == -1);
	check_config(&c);
	fuzz_arena_reset();
	free(envp);
	free(text);
	return 0;
}
