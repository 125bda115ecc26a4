/* signame.h: signame_parse ("SIGTERM", "term", "15", "SIGRTMIN+3") and its
 * round trip through signame_name. */
#include "fuzz.h"

#include <signal.h>
#include <string.h>

#include "capinit/signame.h"

static void round_trip(int sig)
{
	char buf[16];
	const char *name;

	memset(buf, 'x', sizeof(buf));
	name = signame_name(sig, buf);
	FUZZ_CHECK(memchr(name, '\0', 16) != NULL);
	FUZZ_CHECK(signame_parse(name) == sig);
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	for (int sig = 1; sig < _NSIG; sig++)
		round_trip(sig);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_strndup(data, size);
	int sig = signame_parse(s);

	FUZZ_CHECK(sig == -1 || (sig >= 1 && sig < _NSIG));
	if (sig > 0)
		round_trip(sig);
	free(s);
	return 0;
}
