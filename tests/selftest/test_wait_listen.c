/*
 * test_wait_listen.c - st_wait_listen() (cli/selftest_proc.c), which tells
 * selftest when the server it started answers on its port.  The port was
 * free when selftest picked it; a process that takes it first (another
 * test's server, a busy CI host) must not pass for ours: our server fails
 * to bind and exits, and the probes would go to the other one.  So the
 * listener has to be a socket of the pid selftest waits for.  Built with
 * cli/selftest_proc.c and stubs of the rest of selftest.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cli/selftest.h"
#include "t.h"

/* Stubs of what selftest_proc.c takes from the rest of selftest. */
volatile sig_atomic_t st_interrupted;

const char *
st_untmp(struct st_ctx *c, const char *s)
{
	(void)c;
	return s;
}

void
st_say(const char *fmt, ...)
{
	(void)fmt;
}

void
st_error(struct st_ctx *c, const char *id, struct pf_loc l,
    const char *fmt, ...)
{
	(void)c;
	(void)id;
	(void)l;
	(void)fmt;
}

/* A listening socket on 127.0.0.1 (a free port); *port gets it. */
static int
listener(int *port)
{
	struct sockaddr_in sa;
	socklen_t sl = sizeof(sa);
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0 ||
	    listen(fd, 8) != 0 ||
	    getsockname(fd, (struct sockaddr *)&sa, &sl) != 0)
		return -1;
	*port = ntohs(sa.sin_port);
	return fd;
}

/* A child that sleeps until killed, or serves fd (accepts and closes
 * every connection) if fd >= 0. */
static pid_t
sleeper(int fd)
{
	pid_t p = fork();

	if (p == 0) {
		for (;;) {
			int c;

			if (fd < 0)
				pause();
			else if ((c = accept(fd, NULL, NULL)) >= 0)
				close(c);
		}
	}
	return p;
}

static void
reap(pid_t p)
{
	kill(p, SIGKILL);
	waitpid(p, NULL, 0);
}

T_TEST(listener_of_another_process)
{
	int port = 0, fd = listener(&port);
	char addr[64];
	pid_t owner, other;

	T_TRUE(fd >= 0);
	if (fd < 0)
		return;
	snprintf(addr, sizeof(addr), "127.0.0.1:%d", port);
	owner = sleeper(fd);	/* inherits the listening socket */
	close(fd);
	other = sleeper(-1);	/* started after the close: has none */
	/* The port answers, but not for "other": wait, then give up. */
	T_EQ_INT(st_wait_listen(addr, other, 300), 0);
	/* ... and for its owner at once. */
	T_EQ_INT(st_wait_listen(addr, owner, 300), 1);
	reap(owner);
	reap(other);
}

/* A listener whose owner never accepts (its queue fills): the wait must
 * still end at its deadline, not after minutes of SYN retries. */
T_TEST(listener_never_accepts)
{
	int port = 0, fd = listener(&port);
	char addr[64];
	pid_t owner, other;
	double t0;

	T_TRUE(fd >= 0);
	if (fd < 0)
		return;
	listen(fd, 0);
	snprintf(addr, sizeof(addr), "127.0.0.1:%d", port);
	owner = sleeper(-1);	/* holds the socket, accepts nothing */
	close(fd);
	other = sleeper(-1);
	t0 = st_now_ms();
	T_EQ_INT(st_wait_listen(addr, other, 1500), 0);
	T_TRUE(st_now_ms() - t0 < 5000);
	reap(owner);
	reap(other);
}

T_TEST(own_listener)
{
	int port = 0, fd = listener(&port);
	char addr[64];

	T_TRUE(fd >= 0);
	if (fd < 0)
		return;
	snprintf(addr, sizeof(addr), "127.0.0.1:%d", port);
	T_EQ_INT(st_wait_listen(addr, getpid(), 300), 1);
	close(fd);
}

T_TEST(nothing_listens)
{
	int port = 0, fd = listener(&port);
	char addr[64];
	pid_t other;

	close(fd);
	other = sleeper(-1);
	snprintf(addr, sizeof(addr), "127.0.0.1:%d", port);
	T_EQ_INT(st_wait_listen(addr, other, 200), 0);
	reap(other);
}

int
main(void)
{
	T_RUN(listener_of_another_process);
	T_RUN(listener_never_accepts);
	T_RUN(own_listener);
	T_RUN(nothing_listens);
	return t_done();
}
