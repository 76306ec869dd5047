/*
 * http_client.c - the small HTTP/1.1 client of selftest (http_client.h).
 *
 * Non-blocking socket, poll() against one deadline per request, reads
 * into a growing buffer and parses when enough has arrived.  Kept
 * connections are reused; a request that meets a connection the server
 * already closed is sent again once on a fresh one.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "model/buf.h"
#include "runtime/http_client.h"

#define DEF_TIMEOUT_MS	10000u
#define DEF_MAX_BODY	(8u << 20)
#define MAX_HEAD	(64u << 10)

struct pf_http_client {
	struct sockaddr_storage sa;
	socklen_t	 salen;
	int		 fd;
	struct pf_http_opts o;
	char		*in;		/* bytes read, not yet consumed */
	size_t		 inlen, incap;
	unsigned long	 connects, requests;
};

static void
seterr(char *err, size_t n, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL || n == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(err, n, fmt, ap);
	va_end(ap);
}

static long long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

struct pf_http_client *
pf_http_new(const char *host, int port, const struct pf_http_opts *o)
{
	struct pf_http_client *c;
	struct sockaddr_in *s4;
	struct sockaddr_in6 *s6;

	if (port <= 0 || port > 65535 || host == NULL)
		return NULL;
	c = calloc(1, sizeof(*c));
	if (c == NULL)
		return NULL;
	c->fd = -1;
	if (o != NULL)
		c->o = *o;
	if (c->o.timeout_ms == 0)
		c->o.timeout_ms = DEF_TIMEOUT_MS;
	if (c->o.max_body == 0)
		c->o.max_body = DEF_MAX_BODY;
	s4 = (struct sockaddr_in *)&c->sa;
	s6 = (struct sockaddr_in6 *)&c->sa;
	if (inet_pton(AF_INET, host, &s4->sin_addr) == 1) {
		s4->sin_family = AF_INET;
		s4->sin_port = htons((unsigned short)port);
		c->salen = sizeof(*s4);
	} else if (inet_pton(AF_INET6, host, &s6->sin6_addr) == 1) {
		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons((unsigned short)port);
		c->salen = sizeof(*s6);
	} else {
		free(c);
		return NULL;
	}
	return c;
}

static void
disconnect(struct pf_http_client *c)
{
	if (c->fd >= 0)
		close(c->fd);
	c->fd = -1;
	c->inlen = 0;
}

void
pf_http_free(struct pf_http_client *c)
{
	if (c == NULL)
		return;
	disconnect(c);
	free(c->in);
	free(c);
}

void
pf_http_counts(const struct pf_http_client *c, unsigned long *connects,
    unsigned long *requests)
{
	*connects = c->connects;
	*requests = c->requests;
}

/*
 * Waits for events on the socket until the deadline.  Returns 1 ready,
 * 0 timeout, -1 cancelled or poll error (errno set).
 */
static int
wait_fd(struct pf_http_client *c, short events, long long deadline)
{
	struct pollfd p;
	long long left;
	int r;

	for (;;) {
		if (c->o.cancel != NULL && *c->o.cancel) {
			errno = EINTR;
			return -1;
		}
		left = deadline - now_ms();
		if (left <= 0)
			return 0;
		p.fd = c->fd;
		p.events = events;
		p.revents = 0;
		r = poll(&p, 1, left > 1000 ? 1000 : (int)left);
		if (r > 0)
			return 1;
		if (r < 0 && errno != EINTR)
			return -1;
	}
}

static int
do_connect(struct pf_http_client *c, long long deadline, char *err,
    size_t errlen)
{
	int fd, one = 1, soerr = 0, r;
	socklen_t sl = sizeof(soerr);

	fd = socket(c->sa.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
	    0);
	if (fd < 0) {
		seterr(err, errlen, "socket: %s", strerror(errno));
		return -1;
	}
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	c->fd = fd;
	c->inlen = 0;
	c->connects++;
	if (connect(fd, (struct sockaddr *)&c->sa, c->salen) == 0)
		return 0;
	if (errno != EINPROGRESS) {
		seterr(err, errlen, "connect: %s", strerror(errno));
		disconnect(c);
		return -1;
	}
	r = wait_fd(c, POLLOUT, deadline);
	if (r <= 0) {
		seterr(err, errlen, "connect: %s", r == 0 ? "timed out" :
		    strerror(errno));
		disconnect(c);
		return -1;
	}
	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &sl) < 0 ||
	    soerr != 0) {
		seterr(err, errlen, "connect: %s", strerror(soerr ? soerr :
		    errno));
		disconnect(c);
		return -1;
	}
	return 0;
}

/* Sends all of buf; returns 0, or -1 with errno (EPIPE, ETIMEDOUT...). */
static int
send_all(struct pf_http_client *c, const char *buf, size_t len,
    long long deadline)
{
	ssize_t n;
	int r;

	while (len > 0) {
		n = send(c->fd, buf, len, MSG_NOSIGNAL);
		if (n > 0) {
			buf += n;
			len -= (size_t)n;
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			r = wait_fd(c, POLLOUT, deadline);
			if (r == 0)
				errno = ETIMEDOUT;
			if (r <= 0)
				return -1;
			continue;
		}
		return -1;
	}
	return 0;
}

/* Reads more bytes.  Returns the count, 0 at EOF, -1 with errno. */
static ssize_t
read_more(struct pf_http_client *c, long long deadline, size_t cap)
{
	ssize_t n;
	size_t want;
	char *p;
	int r;

	if (c->incap - c->inlen < 16384) {
		size_t nc = c->incap ? c->incap * 2 : 32768;

		p = realloc(c->in, nc + 1);
		if (p == NULL) {
			errno = ENOMEM;
			return -1;
		}
		c->in = p;
		c->incap = nc;
	}
	want = c->incap - c->inlen;
	if (c->inlen > cap) {
		errno = EFBIG;
		return -1;
	}
	for (;;) {
		n = recv(c->fd, c->in + c->inlen, want, 0);
		if (n >= 0) {
			c->inlen += (size_t)n;
			return n;
		}
		if (errno == EINTR)
			continue;
		if (errno != EAGAIN && errno != EWOULDBLOCK)
			return -1;
		r = wait_fd(c, POLLIN, deadline);
		if (r == 0)
			errno = ETIMEDOUT;
		if (r <= 0)
			return -1;
	}
}

/* The end of the header block at the start of buf, or 0 if incomplete. */
static size_t
head_end(const char *buf, size_t len)
{
	size_t i;

	for (i = 0; i + 1 < len; i++) {
		if (buf[i] != '\n')
			continue;
		if (buf[i + 1] == '\n')
			return i + 2;
		if (i + 2 < len && buf[i + 1] == '\r' && buf[i + 2] == '\n')
			return i + 3;
	}
	return 0;
}

const char *
pf_http_header(const struct pf_http_response *r, const char *name,
    size_t *len)
{
	const char *p, *e, *colon, *v, *ve;
	size_t nl = strlen(name);

	if (r->head == NULL)
		return NULL;
	p = strchr(r->head, '\n');	/* skip the status line */
	while (p != NULL && *++p != '\0') {
		e = strchr(p, '\n');
		if (e == NULL)
			e = p + strlen(p);
		colon = memchr(p, ':', (size_t)(e - p));
		if (colon != NULL && (size_t)(colon - p) == nl &&
		    strncasecmp(p, name, nl) == 0) {
			v = colon + 1;
			while (v < e && (*v == ' ' || *v == '\t'))
				v++;
			ve = e;
			while (ve > v && (ve[-1] == '\r' || ve[-1] == ' ' ||
			    ve[-1] == '\t'))
				ve--;
			if (len != NULL)
				*len = (size_t)(ve - v);
			return v;
		}
		p = *e ? e : NULL;
	}
	return NULL;
}

/* Nonzero if the comma list value (len bytes) holds token. */
static int
has_token(const char *v, size_t len, const char *token)
{
	size_t tl = strlen(token), i = 0, s;

	while (i < len) {
		while (i < len && (v[i] == ' ' || v[i] == ',' || v[i] == '\t'))
			i++;
		s = i;
		while (i < len && v[i] != ',' && v[i] != ' ' && v[i] != '\t')
			i++;
		if (i - s == tl && strncasecmp(v + s, token, tl) == 0)
			return 1;
	}
	return 0;
}

/*
 * Decodes a chunked body starting at buf.  Returns 1 and sets *used (the
 * bytes taken, trailers included) when complete, 0 if more is needed, -1
 * if malformed.  Decoded bytes go to out.
 */
static int
dechunk(const char *buf, size_t len, struct pf_buf *out, size_t *used,
    size_t max)
{
	size_t i = 0, e, sz;
	char *end;
	unsigned long long v;

	pf_buf_reset(out);
	for (;;) {
		for (e = i; e < len && buf[e] != '\n'; e++)
			;
		if (e >= len)
			return 0;
		errno = 0;
		v = strtoull(buf + i, &end, 16);
		if (end == buf + i || errno != 0 || v > max)
			return -1;
		sz = (size_t)v;
		i = e + 1;
		if (sz == 0) {
			/* trailers up to an empty line */
			for (;;) {
				for (e = i; e < len && buf[e] != '\n'; e++)
					;
				if (e >= len)
					return 0;
				if (e == i || (e == i + 1 && buf[i] == '\r')) {
					*used = e + 1;
					return 1;
				}
				i = e + 1;
			}
		}
		if (len - i < sz + 1)
			return 0;
		if (out->len + sz > max)
			return -1;
		pf_buf_add(out, buf + i, sz);
		i += sz;
		if (buf[i] == '\r')
			i++;
		if (i >= len)
			return 0;
		if (buf[i] != '\n')
			return -1;
		i++;
	}
}

/* Consumes n bytes at the start of the input buffer. */
static void
consume(struct pf_http_client *c, size_t n)
{
	memmove(c->in, c->in + n, c->inlen - n);
	c->inlen -= n;
}

/*
 * Reads one response.  Returns 0, -1 on error (err set), or -2 when the
 * connection ended before any byte arrived (the caller may retry).
 */
static int
read_response(struct pf_http_client *c, struct pf_http_response *r,
    long long deadline, char *err, size_t errlen)
{
	struct pf_buf body = PF_BUF_INIT;
	size_t he = 0, used, clen = 0;
	const char *v;
	size_t vl;
	ssize_t n;
	int chunked, has_len, got_any = c->inlen > 0, rc;
	char *end;

	memset(r, 0, sizeof(*r));
	for (;;) {
		/* the header block */
		while ((he = head_end(c->in, c->inlen)) == 0) {
			if (c->inlen > MAX_HEAD) {
				seterr(err, errlen, "response header over %u "
				    "bytes", MAX_HEAD);
				return -1;
			}
			n = read_more(c, deadline, MAX_HEAD);
			if (n == 0 && !got_any)
				return -2;
			if (n < 0 && !got_any && (errno == ECONNRESET ||
			    errno == EPIPE))
				return -2;
			if (n <= 0) {
				seterr(err, errlen, "reading the response: %s",
				    n == 0 ? "connection closed" :
				    errno == EINTR ? "interrupted" :
				    strerror(errno));
				return -1;
			}
			got_any = 1;
		}
		if (c->inlen < 12 || strncmp(c->in, "HTTP/1.", 7) != 0 ||
		    c->in[8] != ' ') {
			seterr(err, errlen, "not an HTTP/1.x response");
			return -1;
		}
		r->minor = c->in[7] - '0';
		r->status = (int)strtol(c->in + 9, &end, 10);
		if (end != c->in + 12 || r->status < 100 || r->status > 999) {
			seterr(err, errlen, "bad status line");
			return -1;
		}
		if (r->status >= 100 && r->status < 200 && r->status != 101) {
			consume(c, he);	/* 100 Continue and friends */
			continue;
		}
		break;
	}
	r->head = malloc(he + 1);
	if (r->head == NULL) {
		seterr(err, errlen, "out of memory");
		return -1;
	}
	memcpy(r->head, c->in, he);
	r->head[he] = '\0';
	r->head_len = he;
	consume(c, he);

	v = pf_http_header(r, "Connection", &vl);
	r->closed = r->minor == 0 ? !(v && has_token(v, vl, "keep-alive")) :
	    (v != NULL && has_token(v, vl, "close"));
	v = pf_http_header(r, "Transfer-Encoding", &vl);
	chunked = v != NULL && has_token(v, vl, "chunked");
	v = pf_http_header(r, "Content-Length", &vl);
	has_len = v != NULL && !chunked;
	if (has_len) {
		unsigned long long ll;

		errno = 0;
		ll = strtoull(v, &end, 10);
		if (end == v || errno != 0) {
			seterr(err, errlen, "bad Content-Length");
			goto fail;
		}
		if (ll > c->o.max_body) {
			seterr(err, errlen, "response body over %zu bytes",
			    c->o.max_body);
			goto fail;
		}
		clen = (size_t)ll;
	}
	if (r->status == 204 || r->status == 304) {
		has_len = 1;
		clen = 0;
		chunked = 0;
	}
	for (;;) {
		if (chunked) {
			rc = dechunk(c->in, c->inlen, &body, &used,
			    c->o.max_body);
			if (rc < 0) {
				seterr(err, errlen, "bad or oversized chunked "
				    "body");
				goto fail;
			}
			if (rc > 0) {
				consume(c, used);
				break;
			}
		} else if (has_len && c->inlen >= clen) {
			pf_buf_add(&body, c->in, clen);
			consume(c, clen);
			break;
		}
		n = read_more(c, deadline, c->o.max_body + MAX_HEAD);
		if (n == 0 && !chunked && !has_len) {
			pf_buf_add(&body, c->in, c->inlen);
			consume(c, c->inlen);
			r->closed = 1;
			break;
		}
		if (n <= 0) {
			seterr(err, errlen, "reading the response body: %s",
			    n == 0 ? "connection closed early" :
			    errno == EINTR ? "interrupted" :
			    errno == EFBIG ? "too large" : strerror(errno));
			goto fail;
		}
		if (!chunked && !has_len && c->inlen > c->o.max_body) {
			seterr(err, errlen, "response body over %zu bytes",
			    c->o.max_body);
			goto fail;
		}
	}
	r->body_len = body.len;
	r->body = pf_buf_detach(&body);
	return 0;
fail:
	pf_buf_free(&body);
	free(r->head);
	memset(r, 0, sizeof(*r));
	return -1;
}

int
pf_http_get(struct pf_http_client *c, const char *target,
    const char *host_header, const char *const *extra, size_t nextra,
    struct pf_http_response *r, char *err, size_t errlen)
{
	struct pf_buf req = PF_BUF_INIT;
	long long deadline = now_ms() + c->o.timeout_ms;
	size_t i;
	int attempt, reused, rc = -1;

	memset(r, 0, sizeof(*r));
	if (target == NULL || target[0] != '/' || strpbrk(target, " \r\n") ||
	    host_header == NULL || strpbrk(host_header, "\r\n")) {
		seterr(err, errlen, "bad request target or host");
		return -1;
	}
	pf_buf_printf(&req, "GET %s HTTP/1.1\r\nHost: %s\r\n"
	    "User-Agent: proxyfpm-selftest\r\nAccept: */*\r\n", target,
	    host_header);
	for (i = 0; i < nextra; i++) {
		if (strpbrk(extra[i], "\r\n") != NULL)
			continue;
		pf_buf_printf(&req, "%s\r\n", extra[i]);
	}
	pf_buf_puts(&req, "\r\n");
	for (attempt = 0; attempt < 2; attempt++) {
		reused = c->fd >= 0;
		if (!reused && do_connect(c, deadline, err, errlen) < 0)
			break;
		c->requests++;
		if (send_all(c, req.p, req.len, deadline) < 0) {
			if (reused && (errno == EPIPE || errno == ECONNRESET)) {
				disconnect(c);
				continue;
			}
			seterr(err, errlen, "sending the request: %s",
			    errno == EINTR ? "interrupted" : strerror(errno));
			disconnect(c);
			break;
		}
		rc = read_response(c, r, deadline, err, errlen);
		if (rc == -2 && reused) {
			disconnect(c);
			continue;
		}
		if (rc == -2) {
			seterr(err, errlen, "the server closed the connection "
			    "without answering");
			rc = -1;
		}
		if (rc < 0 || r->closed)
			disconnect(c);
		break;
	}
	pf_buf_free(&req);
	return rc < 0 ? -1 : 0;
}

void
pf_http_response_free(struct pf_http_response *r)
{
	free(r->head);
	free(r->body);
	memset(r, 0, sizeof(*r));
}
