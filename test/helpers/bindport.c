/* bindport PORT [ADDR]: binds a TCP socket to ADDR:PORT (default 0.0.0.0),
 * prints "ok" and exits 0, or prints the error and its errno and exits 1.
 * The container suite's stand-in for a server that wants a port below 1024. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	struct sockaddr_in sa;
	char *end;
	long port;
	int fd;

	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: bindport PORT [ADDR]\n");
		return 2;
	}
	port = strtol(argv[1], &end, 10);
	if (*argv[1] == '\0' || *end != '\0' || port < 0 || port > 65535) {
		fprintf(stderr, "bindport: bad port: %s\n", argv[1]);
		return 2;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons((unsigned short)port);
	if (inet_pton(AF_INET, argc == 3 ? argv[2] : "0.0.0.0", &sa.sin_addr) != 1) {
		fprintf(stderr, "bindport: bad address: %s\n", argv[2]);
		return 2;
	}
	fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0) {
		printf("socket: %s (errno %d)\n", strerror(errno), errno);
		return 1;
	}
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0) {
		printf("bind %ld: %s (errno %d)\n", port, strerror(errno), errno);
		return 1;
	}
	printf("ok\n");
	close(fd);
	return 0;
}
