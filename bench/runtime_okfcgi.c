/*
 * runtime_okfcgi.c - the benchmark's anchor: a minimal libfcgi responder
 * (Debian libfcgi-dev; never part of the product), as in
 * reference/perf-baselines.md section 3: it drains FCGI_STDIN and answers
 * "ok".  It binds the socket itself and forks NPROC workers that accept on
 * it (what spawn-fcgi -F would do, without its 100 ms start-up).
 *
 *   runtime_okfcgi SOCKET_PATH NPROC
 */
#include <fcgiapp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static void
serve(int fd)
{
	FCGX_Request req;
	char buf[8192];

	FCGX_InitRequest(&req, fd, 0);
	while (FCGX_Accept_r(&req) >= 0) {
		while (FCGX_GetStr(buf, sizeof(buf), req.in) > 0)
			;
		FCGX_PutS("Content-Type: text/plain\r\n\r\nok", req.out);
		FCGX_Finish_r(&req);
	}
}

static pid_t kids[256];
static int nkids;

/* The parent only waits: on SIGTERM it stops its workers by PID. */
static void
on_term(int sig)
{
	int i;

	for (i = 0; i < nkids; i++)
		kill(kids[i], SIGTERM);
	_exit(0);
}

int
main(int argc, char **argv)
{
	int fd, n, i;
	pid_t pid;

	if (argc != 3) {
		fprintf(stderr, "usage: %s SOCKET NPROC\n", argv[0]);
		return 2;
	}
	n = atoi(argv[2]);
	if (n < 1 || n > 256)
		return 2;
	unlink(argv[1]);
	FCGX_Init();
	fd = FCGX_OpenSocket(argv[1], 128);
	if (fd < 0)
		return 1;
	chmod(argv[1], 0666);
	signal(SIGTERM, on_term);
	for (i = 0; i < n; i++) {
		if ((pid = fork()) == 0) {
			signal(SIGTERM, SIG_DFL);
			serve(fd);
			_exit(0);
		}
		kids[nkids++] = pid;
	}
	for (;;)
		pause();
}
