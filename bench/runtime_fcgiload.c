/*
 * runtime_fcgiload.c - a small FastCGI load client for bench/runtime.sh
 * (not part of the product).  It keeps C connections busy for D seconds,
 * each sending BEGIN_REQUEST + PARAMS + empty STDIN and reading to
 * END_REQUEST, on one kept connection (FCGI_KEEP_CONN) or a new
 * connection per request, and prints "requests errors req/s".
 *
 *   runtime_fcgiload unix:/path|HOST:PORT CONNS SECONDS keep|new SCRIPT
 */
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>

struct cl {
	int		 fd;
	size_t		 sent;
	unsigned char	 in[16384];
	size_t		 have;
};

static const char *addr;
static unsigned char req[4096];
static size_t reqlen;
static int keep;

static size_t
nv(unsigned char *p, const char *n, const char *v)
{
	size_t nl = strlen(n), vl = strlen(v), k = 0;

	p[k++] = (unsigned char)nl;	/* names here are short */
	if (vl > 127) {
		p[k++] = (unsigned char)(0x80 | (vl >> 24));
		p[k++] = (unsigned char)(vl >> 16);
		p[k++] = (unsigned char)(vl >> 8);
		p[k++] = (unsigned char)vl;
	} else
		p[k++] = (unsigned char)vl;
	memcpy(p + k, n, nl);
	memcpy(p + k + nl, v, vl);
	return k + nl + vl;
}

static size_t
rec(unsigned char *p, int type, const unsigned char *c, size_t n)
{
	p[0] = 1;
	p[1] = (unsigned char)type;
	p[2] = 0;
	p[3] = 1;
	p[4] = (unsigned char)(n >> 8);
	p[5] = (unsigned char)n;
	p[6] = 0;
	p[7] = 0;
	if (n > 0)
		memcpy(p + 8, c, n);
	return 8 + n;
}

static void
build(const char *script)
{
	unsigned char params[2048], begin[8] = { 0, 1, 0, 0, 0, 0, 0, 0 };
	size_t n = 0;
	char dir[1024], *slash;

	snprintf(dir, sizeof(dir), "%s", script);
	if ((slash = strrchr(dir, '/')) != NULL)
		*slash = '\0';
	begin[2] = keep ? 1 : 0;
	n += nv(params + n, "REQUEST_METHOD", "GET");
	n += nv(params + n, "SCRIPT_FILENAME", script);
	n += nv(params + n, "SCRIPT_NAME", strrchr(script, '/'));
	n += nv(params + n, "DOCUMENT_ROOT", dir);
	n += nv(params + n, "QUERY_STRING", "");
	n += nv(params + n, "REQUEST_URI", strrchr(script, '/'));
	n += nv(params + n, "SERVER_PROTOCOL", "HTTP/1.1");
	n += nv(params + n, "GATEWAY_INTERFACE", "CGI/1.1");
	reqlen = rec(req, 1, begin, 8);
	reqlen += rec(req + reqlen, 4, params, n);
	reqlen += rec(req + reqlen, 4, NULL, 0);
	reqlen += rec(req + reqlen, 5, NULL, 0);
}

static int
dial(void)
{
	struct sockaddr_un su;
	struct sockaddr_in si;
	int fd;

	if (strncmp(addr, "unix:", 5) == 0) {
		fd = socket(AF_UNIX, SOCK_STREAM, 0);
		memset(&su, 0, sizeof(su));
		su.sun_family = AF_UNIX;
		snprintf(su.sun_path, sizeof(su.sun_path), "%s", addr + 5);
		if (connect(fd, (struct sockaddr *)&su, sizeof(su)) != 0) {
			close(fd);
			return -1;
		}
	} else {
		fd = socket(AF_INET, SOCK_STREAM, 0);
		memset(&si, 0, sizeof(si));
		si.sin_family = AF_INET;
		si.sin_port = htons((unsigned short)atoi(strrchr(addr, ':') +
		    1));
		inet_pton(AF_INET, "127.0.0.1", &si.sin_addr);
		if (connect(fd, (struct sockaddr *)&si, sizeof(si)) != 0) {
			close(fd);
			return -1;
		}
	}
	return fd;
}

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* 1 if an END_REQUEST is complete in the buffer (consumes records). */
static int
got_end(struct cl *c)
{
	size_t need;

	while (c->have >= 8) {
		need = 8 + ((size_t)c->in[4] << 8 | c->in[5]) + c->in[6];
		if (c->have < need)
			return 0;
		if (c->in[1] == 3) {
			memmove(c->in, c->in + need, c->have - need);
			c->have -= need;
			return 1;
		}
		memmove(c->in, c->in + need, c->have - need);
		c->have -= need;
	}
	return 0;
}

int
main(int argc, char **argv)
{
	struct cl *cs;
	struct pollfd *pf;
	unsigned long done = 0, errors = 0;
	double t0, secs;
	int n, i;
	ssize_t r;

	if (argc != 6) {
		fprintf(stderr, "usage: %s ADDR CONNS SECONDS keep|new SCRIPT\n",
		    argv[0]);
		return 2;
	}
	addr = argv[1];
	n = atoi(argv[2]);
	secs = atof(argv[3]);
	keep = strcmp(argv[4], "keep") == 0;
	build(argv[5]);
	cs = calloc((size_t)n, sizeof(*cs));
	pf = calloc((size_t)n, sizeof(*pf));
	for (i = 0; i < n; i++) {
		cs[i].fd = dial();
		if (cs[i].fd < 0 || write(cs[i].fd, req, reqlen) !=
		    (ssize_t)reqlen) {
			fprintf(stderr, "connect/write failed\n");
			return 1;
		}
	}
	t0 = now();
	while (now() - t0 < secs) {
		for (i = 0; i < n; i++) {
			pf[i].fd = cs[i].fd;
			pf[i].events = POLLIN;
		}
		if (poll(pf, (nfds_t)n, 100) < 0)
			break;
		for (i = 0; i < n; i++) {
			if (!(pf[i].revents & (POLLIN | POLLHUP | POLLERR)))
				continue;
			r = read(cs[i].fd, cs[i].in + cs[i].have,
			    sizeof(cs[i].in) - cs[i].have);
			if (r <= 0) {
				errors++;
				close(cs[i].fd);
				cs[i].have = 0;
				cs[i].fd = dial();
				if (cs[i].fd < 0 || write(cs[i].fd, req,
				    reqlen) != (ssize_t)reqlen)
					return 1;
				continue;
			}
			cs[i].have += (size_t)r;
			if (cs[i].have == sizeof(cs[i].in))
				cs[i].have = 0;	/* body we do not need */
			if (!got_end(&cs[i]))
				continue;
			done++;
			if (!keep) {
				close(cs[i].fd);
				cs[i].fd = dial();
				cs[i].have = 0;
				if (cs[i].fd < 0) {
					errors++;
					return 1;
				}
			}
			if (write(cs[i].fd, req, reqlen) != (ssize_t)reqlen)
				errors++;
		}
	}
	secs = now() - t0;
	printf("%lu %lu %.0f\n", done, errors, (double)done / secs);
	return 0;
}
