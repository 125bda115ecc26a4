#include "capinit/signame.h"
#include "capinit/log.h"
#include "capinit/text.h"

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

/* Names inline, not pointers: a table of pointers in a static PIE costs a
 * 24-byte relocation per entry and lives in the RELRO pages. */
static const struct {
	unsigned char sig;
	char name[7];
} names[] = {
    {SIGHUP, "HUP"},   {SIGINT, "INT"},       {SIGQUIT, "QUIT"}, {SIGILL, "ILL"},
    {SIGTRAP, "TRAP"}, {SIGABRT, "ABRT"},     {SIGBUS, "BUS"},   {SIGFPE, "FPE"},
    {SIGKILL, "KILL"}, {SIGUSR1, "USR1"},     {SIGSEGV, "SEGV"}, {SIGUSR2, "USR2"},
    {SIGPIPE, "PIPE"}, {SIGALRM, "ALRM"},     {SIGTERM, "TERM"}, {SIGSTKFLT, "STKFLT"},
    {SIGCHLD, "CHLD"}, {SIGCONT, "CONT"},     {SIGSTOP, "STOP"}, {SIGTSTP, "TSTP"},
    {SIGTTIN, "TTIN"}, {SIGTTOU, "TTOU"},     {SIGURG, "URG"},   {SIGXCPU, "XCPU"},
    {SIGXFSZ, "XFSZ"}, {SIGVTALRM, "VTALRM"}, {SIGPROF, "PROF"}, {SIGWINCH, "WINCH"},
    {SIGIO, "IO"},     {SIGPWR, "PWR"},       {SIGSYS, "SYS"},
};

/* Real-time signals are numbered as glibc, kill(1) and Docker number them:
 * RTMIN is 34 (musl's own SIGRTMIN, 35, counts its private signal too), so
 * that "STOPSIGNAL SIGRTMIN+3" means 37 here as everywhere else. */
#define RT_MIN 34
#define RT_MAX 64

int signame_parse(const char *s)
{
	uint32_t n;
	const char *base;

	if (text_parse_uint(s, (uint32_t)_NSIG - 1, &n))
		return n ? (int)n : -1;
	base = text_iprefix(s, "SIG") ? s + 3 : s;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (text_ieq(base, names[i].name))
			return names[i].sig;
	if (text_iprefix(base, "RTMIN+") && text_parse_uint(base + 6, 64, &n) &&
	    RT_MIN + (int)n <= RT_MAX)
		return RT_MIN + (int)n;
	if (text_ieq(base, "RTMIN"))
		return RT_MIN;
	if (text_ieq(base, "RTMAX"))
		return RT_MAX;
	return -1;
}

const char *signame_name(int sig, char *buf)
{
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (names[i].sig == sig)
			return text_join(buf, 16,
			                 (const char *const[]){"SIG", names[i].name, NULL});
	return log_uint(buf, (unsigned)sig);
}
