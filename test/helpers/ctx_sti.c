/* Tries to push a character into the terminal's input queue with TIOCSTI,
 * through stdin and through /dev/tty; prints what each attempt got. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

static void attempt(const char *what, int fd)
{
	char c = '#';

	if (fd < 0)
		printf("%s: %s\n", what, strerror(errno));
	else if (ioctl(fd, TIOCSTI, &c) == 0)
		printf("%s: injected\n", what);
	else
		printf("%s: %s\n", what, strerror(errno));
}

int main(void)
{
	attempt("stdin", 0);
	attempt("/dev/tty", open("/dev/tty", O_RDWR));
	return 0;
}
