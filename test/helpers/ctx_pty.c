/* ctx_pty PROGRAM [ARGS...]: runs PROGRAM in a new session whose controlling
 * terminal is a fresh pseudo-terminal (stdin, stdout, stderr), copies what it
 * writes to stdout and exits with its status. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int master, status;
	pid_t pid;
	char buf[4096];
	ssize_t n;

	if (argc < 2)
		return 2;
	master = posix_openpt(O_RDWR | O_NOCTTY);
	if (master < 0 || grantpt(master) || unlockpt(master))
		return perror("pty"), 2;
	pid = fork();
	if (pid == 0) {
		int slave;
		setsid();
		slave = open(ptsname(master), O_RDWR); /* becomes the controlling tty */
		if (slave < 0 || ioctl(slave, TIOCSCTTY, 0) < 0)
			return perror("slave"), 2;
		dup2(slave, 0);
		dup2(slave, 1);
		dup2(slave, 2);
		close(master);
		execvp(argv[1], argv + 1);
		perror(argv[1]);
		_exit(127);
	}
	while ((n = read(master, buf, sizeof(buf))) > 0)
		fwrite(buf, 1, (size_t)n, stdout);
	waitpid(pid, &status, 0);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
