/* config.h: config_load_text, the config-file parser, and through it
 * config_set and every typed value.
 * Input: one flags byte, then TEXT ['\0' TEXT2]. Flags: bits 0-2 the source of
 * TEXT, bits 3-5 the source of TEXT2 (both mod 5, + SRC_BUILTIN), bit 6 a
 * 300-byte origin path (config_origin truncates). TEXT2 is read into the same
 * config, as main reads one source after another. */
#include "check_config.h"

#include <string.h>
#include <unistd.h>

static char long_origin[301];

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	memset(long_origin, 'd', sizeof(long_origin) - 1);
	long_origin[0] = '/';
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct config c;
	char *text, *second = NULL;
	uint8_t flags;
	enum source src1, src2;
	const char *origin;
	int rc;

	if (size < 1)
		return 0;
	flags = data[0];
	src1 = (enum source)(SRC_BUILTIN + (flags & 7) % 5);
	src2 = (enum source)(SRC_BUILTIN + ((flags >> 3) & 7) % 5);
	origin = flags & 64 ? long_origin : "/etc/capinit.conf";
	text = fuzz_strndup(data + 1, size - 1);
	if (strlen(text) < size - 1)
		second = text + strlen(text) + 1;

	config_init(&c);
	rc = config_load_text(&c, text, src1, origin);
	FUZZ_CHECK(rc == 0 || rc == -1);
	if (rc == 0 && second) {
		rc = config_load_text(&c, second, src2, "second.conf");
		FUZZ_CHECK(rc == 0 || rc == -1);
	}
	check_config(&c);
	fuzz_arena_reset();
	free(text);
	return 0;
}
