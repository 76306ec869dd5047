/*
 * test_http_client.c - selftest's HTTP/1.1 client (runtime/http_client.h)
 * against a scripted server thread on 127.0.0.1: bodies by length, chunks
 * and close, kept connections, a kept connection the server dropped,
 * interim 1xx answers, answers split into single bytes, and every error:
 * oversized bodies, malformed answers, silence (deadline), cancellation,
 * refused connections, bad request targets.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "runtime/http_client.h"
#include "t.h"

/* What the server does with each request, in order, across connections. */
struct step {
	const char	*answer;	/* bytes to send; NULL: say nothing */
	int		 close_after;	/* close the connection afterwards */
	int		 bytewise;	/* send one byte at a time */
};

struct server {
	int		 lfd, port;
	const struct step *steps;
	int		 nsteps;
	int		 accepted;
	char		 last[4096];	/* the last request head */
	pthread_t	 th;
};

static void
nap(long us)
{
	struct timespec ts = { 0, us * 1000 };

	nanosleep(&ts, NULL);
}

static void *
serve(void *arg)
{
	struct server *s = arg;
	int fd = -1, i = 0;

	while (i < s->nsteps) {
		char buf[4096];
		size_t got = 0;
		ssize_t n;
		const struct step *st = &s->steps[i];

		if (fd < 0) {
			fd = accept(s->lfd, NULL, NULL);
			if (fd < 0)
				break;
			s->accepted++;
		}
		/* read one request head */
		while (got < sizeof(buf) - 1) {
			n = recv(fd, buf + got, sizeof(buf) - 1 - got, 0);
			if (n <= 0)
				break;
			got += (size_t)n;
			buf[got] = '\0';
			if (strstr(buf, "\r\n\r\n"))
				break;
		}
		if (got == 0 || strstr(buf, "\r\n\r\n") == NULL) {
			close(fd);	/* the client went away: next one */
			fd = -1;
			continue;
		}
		memcpy(s->last, buf, got + 1);
		i++;
		if (st->answer == NULL) {
			nap(400000);	/* silence, longer than the deadline */
			close(fd);
			fd = -1;
			continue;
		}
		if (st->bytewise) {
			const char *p;

			for (p = st->answer; *p; p++) {
				send(fd, p, 1, MSG_NOSIGNAL);
				nap(200);
			}
		} else
			send(fd, st->answer, strlen(st->answer), MSG_NOSIGNAL);
		if (st->close_after) {
			close(fd);
			fd = -1;
		}
	}
	if (fd >= 0)
		close(fd);
	return NULL;
}

static void
start(struct server *s, const struct step *steps, int n)
{
	struct sockaddr_in sa;
	socklen_t sl = sizeof(sa);

	memset(s, 0, sizeof(*s));
	s->steps = steps;
	s->nsteps = n;
	s->lfd = socket(AF_INET, SOCK_STREAM, 0);
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(s->lfd, (struct sockaddr *)&sa, sizeof(sa)) < 0 ||
	    listen(s->lfd, 8) < 0 ||
	    getsockname(s->lfd, (struct sockaddr *)&sa, &sl) < 0) {
		perror("server");
		exit(1);
	}
	s->port = ntohs(sa.sin_port);
	pthread_create(&s->th, NULL, serve, s);
}

static void
finish(struct server *s)
{
	shutdown(s->lfd, SHUT_RDWR);
	close(s->lfd);
	pthread_join(s->th, NULL);
}

static struct pf_http_client *
client(struct server *s, unsigned timeout_ms, size_t max_body)
{
	struct pf_http_opts o;

	memset(&o, 0, sizeof(o));
	o.timeout_ms = timeout_ms;
	o.max_body = max_body;
	return pf_http_new("127.0.0.1", s->port, &o);
}

T_TEST(kept_connection)
{
	static const struct step steps[] = {
		{ "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n"
		  "X-Proxyfpm-Verdict: execute\r\n\r\nhello", 0, 0 },
		{ "HTTP/1.1 404 Not Found\r\ncontent-length: 3\r\n\r\nno!",
		  0, 0 },
	};
	struct server s;
	struct pf_http_client *c;
	struct pf_http_response r;
	const char *v, *hdr[] = { "X-Proxyfpm-Client: 203.0.113.7" };
	char err[256];
	unsigned long conns, reqs;
	size_t vl;

	start(&s, steps, 2);
	c = client(&s, 2000, 0);
	T_EQ_INT(pf_http_get(c, "/index.php", "a.example", hdr, 1, &r, err,
	    sizeof(err)), 0);
	T_EQ_INT(r.status, 200);
	T_EQ_INT(r.body_len, 5);
	T_EQ_STR(r.body, "hello");
	T_EQ_INT(r.closed, 0);
	v = pf_http_header(&r, "x-proxyfpm-verdict", &vl);
	T_TRUE(v != NULL && vl == 7 && strncmp(v, "execute", 7) == 0);
	T_TRUE(pf_http_header(&r, "X-Missing", NULL) == NULL);
	T_TRUE(strstr(s.last, "GET /index.php HTTP/1.1\r\n") == s.last);
	T_TRUE(strstr(s.last, "\r\nHost: a.example\r\n") != NULL);
	T_TRUE(strstr(s.last, "\r\nX-Proxyfpm-Client: 203.0.113.7\r\n"));
	pf_http_response_free(&r);
	T_EQ_INT(pf_http_get(c, "/x", "a.example", NULL, 0, &r, err,
	    sizeof(err)), 0);
	T_EQ_INT(r.status, 404);
	T_EQ_STR(r.body, "no!");
	pf_http_response_free(&r);
	pf_http_counts(c, &conns, &reqs);
	T_EQ_INT(conns, 1);
	T_EQ_INT(reqs, 2);
	pf_http_free(c);
	finish(&s);
	T_EQ_INT(s.accepted, 1);
}

T_TEST(chunked_and_close)
{
	static const struct step steps[] = {
		{ "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
		  "5;ext=1\r\nhello\r\n7\r\n, world\r\n0\r\nX-Trailer: t\r\n"
		  "\r\n", 0, 0 },
		{ "HTTP/1.0 200 OK\r\n\r\nuntil the end", 1, 0 },
		{ "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\n"
		  "\r\n", 0, 0 },
	};
	struct server s;
	struct pf_http_client *c;
	struct pf_http_response r;
	char err[256];
	unsigned long conns, reqs;

	start(&s, steps, 3);
	c = client(&s, 2000, 0);
	T_EQ_INT(pf_http_get(c, "/", "h", NULL, 0, &r, err, sizeof(err)), 0);
	T_EQ_STR(r.body, "hello, world");
	pf_http_response_free(&r);
	T_EQ_INT(pf_http_get(c, "/", "h", NULL, 0, &r, err, sizeof(err)), 0);
	T_EQ_STR(r.body, "until the end");
	T_EQ_INT(r.closed, 1);
	pf_http_response_free(&r);
	/* the 1.0 answer closed: a new connection, and 100 is skipped */
	T_EQ_INT(pf_http_get(c, "/", "h", NULL, 0, &r, err, sizeof(err)), 0);
	T_EQ_INT(r.status, 204);
	T_EQ_INT(r.body_len, 0);
	pf_http_response_free(&r);
	pf_http_counts(c, &conns, &reqs);
	T_EQ_INT(conns, 2);
	pf_http_free(c);
	finish(&s);
}

T_TEST(dropped_keepalive_is_retried)
{
	/* The server closes after the first answer without saying so (as
	 * Apache does after KeepAliveTimeout): the next request meets a dead
	 * connection and is sent again on a new one. */
	static const struct step steps[] = {
		{ "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", 1, 0 },
		{ "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nagain", 0, 0 },
	};
	struct server s;
	struct pf_http_client *c;
	struct pf_http_response r;
	char err[256];
	unsigned long conns, reqs;

	start(&s, steps, 2);
	c = client(&s, 2000, 0);
	T_EQ_INT(pf_http_get(c, "/", "h", NULL, 0, &r, err, sizeof(err)), 0);
	T_EQ_STR(r.body, "ok");
	pf_http_response_free(&r);
	nap(50000);
	T_EQ_INT(pf_http_get(c, "/", "h", NULL, 0, &r, err, sizeof(err)), 0);
	T_EQ_STR(r.body, "again");
	pf_http_response_free(&r);
	pf_http_counts(c, &conns, &reqs);
	T_EQ_INT(conns, 2);
	pf_http_free(c);
	finish(&s);
}

T_TEST(bytewise)
{
	static const struct step steps[] = {
		{ "HTTP/1.1 403 Forbidden\r\nContent-Length: 14\r\n\r\n"
		  "Access denied.", 0, 1 },
		{ "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
		  "3\r\nabc\r\n0\r\n\r\n", 0, 1 },
	};
	struct server s;
	struct pf_http_client *c;
	struct pf_http_response r;
	char err[256];

	start(&s, steps, 2);
	c = client(&s, 5000, 0);
	T_EQ_INT(pf_http_get(c, "/", "h", NULL, 0, &r, err, sizeof(err)), 0);
	T_EQ_INT(r.status, 403);
	T_EQ_STR(r.body, "Access denied.");
	pf_http_response_free(&r);
	T_EQ_INT(pf_http_get(c, "/", "h", NULL, 0, &r, err, sizeof(err)), 0);
	T_EQ_STR(r.body, "abc");
	pf_http_response_free(&r);
	pf_http_free(c);
	finish(&s);
}

T_TEST(errors)
{
	static const struct step steps[] = {
		{ "HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n", 1, 0 },
		{ "SSH-2.0-OpenSSH\r\n\r\n", 1, 0 },
		{ "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
		  "zz\r\n", 1, 0 },
		{ "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort", 1, 0 },
		{ NULL, 0, 0 },
	};
	struct server s;
	struct pf_http_client *c;
	struct pf_http_response r;
	char err[256];

	start(&s, steps, 5);
	c = client(&s, 200, 1000);
	/* over the cap */
	T_EQ_INT(pf_http_get(c, "/", "h", NULL, 0, &r, err, sizeof(err)),
	    -1);
	T_TRUE(strstr(err, "over") != NULL);
	/* not HTTP */
	T_EQ_INT(pf_http_get(c, "/", "h", NULL, 0, &r, err, sizeof(err)),
	    -1);
	T_TRUE(strstr(err, "HTTP") != NULL);
	/* bad chunk size */
	T_EQ_INT(pf_http_get(c, "/", "h", NULL, 0, &r, err, sizeof(err)),
	    -1);
	/* body cut short */
	T_EQ_INT(pf_http_get(c, "/", "h", NULL, 0, &r, err, sizeof(err)),
	    -1);
	T_TRUE(strstr(err, "closed early") != NULL);
	/* silence: the deadline ends the wait */
	T_EQ_INT(pf_http_get(c, "/", "h", NULL, 0, &r, err, sizeof(err)),
	    -1);
	T_TRUE(strstr(err, "timed out") != NULL);
	/* bad targets are never sent */
	T_EQ_INT(pf_http_get(c, "no-slash", "h", NULL, 0, &r, err,
	    sizeof(err)), -1);
	T_EQ_INT(pf_http_get(c, "/a b", "h", NULL, 0, &r, err, sizeof(err)),
	    -1);
	T_EQ_INT(pf_http_get(c, "/", "h\r\nX: y", NULL, 0, &r, err,
	    sizeof(err)), -1);
	pf_http_free(c);
	finish(&s);
	T_TRUE(pf_http_new("not-an-address", 80, NULL) == NULL);
	T_TRUE(pf_http_new("127.0.0.1", 0, NULL) == NULL);
}

T_TEST(refused_and_cancelled)
{
	static const struct step steps[] = { { NULL, 0, 0 } };
	volatile sig_atomic_t cancel = 0;
	struct pf_http_opts o;
	struct pf_http_client *c;
	struct pf_http_response r;
	struct server s;
	struct timespec a, b;
	char err[256];
	int port;

	/* a port nobody listens on */
	start(&s, steps, 1);
	port = s.port;
	c = client(&s, 2000, 0);
	finish(&s);
	pf_http_free(c);
	c = pf_http_new("127.0.0.1", port, NULL);
	T_EQ_INT(pf_http_get(c, "/", "h", NULL, 0, &r, err, sizeof(err)),
	    -1);
	T_TRUE(strstr(err, "refused") != NULL);
	pf_http_free(c);

	/* cancelled: returns at once, long before the deadline */
	start(&s, steps, 1);
	memset(&o, 0, sizeof(o));
	o.timeout_ms = 10000;
	o.cancel = &cancel;
	cancel = 1;
	c = pf_http_new("127.0.0.1", s.port, &o);
	clock_gettime(CLOCK_MONOTONIC, &a);
	T_EQ_INT(pf_http_get(c, "/", "h", NULL, 0, &r, err, sizeof(err)),
	    -1);
	clock_gettime(CLOCK_MONOTONIC, &b);
	T_TRUE(b.tv_sec - a.tv_sec < 2);
	pf_http_free(c);
	finish(&s);
}

int
main(void)
{
	signal(SIGPIPE, SIG_IGN);
	T_RUN(kept_connection);
	T_RUN(chunked_and_close);
	T_RUN(dropped_keepalive_is_retried);
	T_RUN(bytewise);
	T_RUN(errors);
	T_RUN(refused_and_cancelled);
	return t_done();
}
