/*
 * test_rt_raw.c - a raw FastCGI client against the running runtime,
 * started in-process through the API selftest uses (pf_rt_open,
 * pf_rt_start, pf_rt_close) on a unix socket and on TCP: GET_VALUES,
 * UNKNOWN_TYPE, CANT_MPX_CONN, UNKNOWN_ROLE, ABORT_REQUEST, keep-conn
 * sequences and pipelining, records split at every byte, padding,
 * oversized params, STDIN drained before END_REQUEST, garbage,
 * half-closed connections, idle and read timeouts, many connections,
 * zeroed reserved bytes and padded output.
 */
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "runtime/rt.h"
#include "t.h"

static char DR[600];
static char SOCK[700];

struct rec {
	struct pf_fcgi_header h;
	uint8_t		*c;
};

struct resp {
	struct rec	 r[256];
	int		 n;
	int		 eof;		/* the server closed */
	int		 bad_output;	/* reserved byte or padding wrong */
	struct pf_buf	 out;		/* STDOUT of the last request */
};

static void
resp_free(struct resp *rs)
{
	int i;

	for (i = 0; i < rs->n; i++)
		free(rs->r[i].c);
	pf_buf_free(&rs->out);
	memset(rs, 0, sizeof(*rs));
}

static int
cl_connect(const char *addr)
{
	struct sockaddr_un su;
	struct sockaddr_in si;
	struct timeval tv = { 3, 0 };
	int fd, one = 1;

	if (strncmp(addr, "unix:", 5) == 0) {
		fd = socket(AF_UNIX, SOCK_STREAM, 0);
		memset(&su, 0, sizeof(su));
		su.sun_family = AF_UNIX;
		snprintf(su.sun_path, sizeof(su.sun_path), "%s", addr + 5);
		if (connect(fd, (struct sockaddr *)&su, sizeof(su)) != 0) {
			perror("connect");
			exit(2);
		}
	} else {
		fd = socket(AF_INET, SOCK_STREAM, 0);
		memset(&si, 0, sizeof(si));
		si.sin_family = AF_INET;
		si.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		si.sin_port = htons((uint16_t)atoi(strrchr(addr, ':') + 1));
		if (connect(fd, (struct sockaddr *)&si, sizeof(si)) != 0) {
			perror("connect");
			exit(2);
		}
		setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	}
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	return fd;
}

static void
send_all(int fd, const void *p, size_t n)
{
	const char *c = p;
	ssize_t w;

	while (n > 0) {
		w = send(fd, c, n, MSG_NOSIGNAL);
		if (w <= 0)
			return;
		c += w;
		n -= (size_t)w;
	}
}

/* Appends a complete responder request. */
static void
put_request(struct pf_buf *b, uint16_t id, int keep, const char *script,
    const char *extra_name, const char *extra_value)
{
	struct pf_buf p = PF_BUF_INIT;

	pf_fcgi_put_begin(b, id, PF_FCGI_RESPONDER, keep ? 1 : 0);
	pf_fcgi_put_nv(&p, "REQUEST_METHOD", "GET");
	pf_fcgi_put_nv(&p, "SCRIPT_FILENAME", script);
	pf_fcgi_put_nv(&p, "SCRIPT_NAME", "/index.php");
	if (extra_name != NULL)
		pf_fcgi_put_nv(&p, extra_name, extra_value);
	pf_fcgi_put_stream(b, PF_FCGI_PARAMS, id, p.p, p.len);
	pf_fcgi_put_record(b, PF_FCGI_PARAMS, id, NULL, 0);
	pf_fcgi_put_record(b, PF_FCGI_STDIN, id, NULL, 0);
	pf_buf_free(&p);
}

/* Reads records until `ends` END_REQUESTs (or EOF / timeout). */
static void
read_resp(int fd, int ends, struct resp *rs)
{
	uint8_t buf[70000];
	size_t have = 0, need;
	ssize_t r;
	struct pf_fcgi_header h;
	int got = 0;

	while (got < ends && rs->n < 256) {
		while (have >= 8) {
			pf_fcgi_header_unpack(buf, &h);
			need = 8 + (size_t)h.clen + h.plen;
			if (have < need)
				break;
			if (buf[7] != 0 || (h.clen + h.plen) % 8 != 0)
				rs->bad_output = 1;
			rs->r[rs->n].h = h;
			rs->r[rs->n].c = malloc((size_t)h.clen + 1);
			memcpy(rs->r[rs->n].c, buf + 8, h.clen);
			rs->r[rs->n].c[h.clen] = 0;
			if (h.type == PF_FCGI_STDOUT)
				pf_buf_add(&rs->out, buf + 8, h.clen);
			if (h.type == PF_FCGI_END_REQUEST &&
			    (buf[13] | buf[14] | buf[15]) != 0)
				rs->bad_output = 1;
			rs->n++;
			memmove(buf, buf + need, have - need);
			have -= need;
			if (h.type == PF_FCGI_END_REQUEST && ++got == ends)
				return;
		}
		r = recv(fd, buf + have, sizeof(buf) - have, 0);
		if (r <= 0) {
			rs->eof = 1;
			return;
		}
		have += (size_t)r;
	}
}

/* 1 if the peer has closed (EOF within ms). */
static int
closed_within(int fd, int ms)
{
	struct pollfd p = { fd, POLLIN, 0 };
	char c;

	if (poll(&p, 1, ms) <= 0)
		return 0;
	return recv(fd, &c, 1, MSG_DONTWAIT) == 0;
}

static int
count_type(const struct resp *rs, int type)
{
	int i, n = 0;

	for (i = 0; i < rs->n; i++)
		n += rs->r[i].h.type == type;
	return n;
}

static const struct rec *
find_type(const struct resp *rs, int type, int nth)
{
	int i;

	for (i = 0; i < rs->n; i++)
		if (rs->r[i].h.type == type && nth-- == 0)
			return &rs->r[i];
	return NULL;
}

static const char *
script(void)
{
	static char s[800];

	snprintf(s, sizeof(s), "proxy:fcgi://localhost%s/index.php", DR);
	return s;
}

static struct pf_rt *
start_rt(const char *listen, unsigned idle_ms, unsigned read_ms,
    size_t max_params)
{
	struct pf_rt_config cfg;
	struct pf_rt *rt;
	char err[256];

	memset(&cfg, 0, sizeof(cfg));
	cfg.listen = listen;
	cfg.policy.fix_pathinfo = 1;
	cfg.policy.ping_path = "/ping";
	cfg.max_conns = 500;
	cfg.max_params = max_params;
	cfg.idle_timeout_ms = idle_ms;
	cfg.read_timeout_ms = read_ms;
	rt = pf_rt_open(&cfg, err, sizeof(err));
	if (rt == NULL || pf_rt_start(rt, err, sizeof(err)) != 0) {
		fprintf(stderr, "runtime: %s\n", err);
		exit(2);
	}
	return rt;
}

static struct pf_rt *RT;

T_TEST(simple_request_and_output_format)
{
	struct pf_buf b = PF_BUF_INIT;
	struct resp rs = { 0 };
	const struct rec *e;
	int fd = cl_connect(pf_rt_address(RT));

	put_request(&b, 1, 0, script(), NULL, NULL);
	send_all(fd, b.p, b.len);
	read_resp(fd, 1, &rs);
	T_EQ_INT(rs.bad_output, 0);
	T_TRUE(strncmp(rs.out.p, "Status: 200 OK\r\n", 16) == 0);
	T_TRUE(strstr(rs.out.p, "\"verdict\":\"execute\"") != NULL);
	/* the answer is a multiple of 8 bytes: its record needs no padding
	 * (mod_proxy_fcgi reads padding with a read() of its own) */
	T_TRUE(rs.n >= 1 && rs.r[0].h.type == PF_FCGI_STDOUT &&
	    rs.r[0].h.clen > 0 && rs.r[0].h.plen == 0);
	e = find_type(&rs, PF_FCGI_END_REQUEST, 0);
	T_TRUE(e != NULL && e->h.id == 1 && e->c[4] == 0);
	/* the empty STDOUT terminator comes before END_REQUEST */
	T_TRUE(rs.n >= 3 && rs.r[rs.n - 2].h.type == PF_FCGI_STDOUT &&
	    rs.r[rs.n - 2].h.clen == 0);
	/* FCGI_KEEP_CONN was 0: the runtime closes */
	T_TRUE(closed_within(fd, 1000));
	close(fd);
	resp_free(&rs);
	pf_buf_free(&b);
}

T_TEST(get_values_and_unknown_type)
{
	struct pf_buf b = PF_BUF_INIT, nv = PF_BUF_INIT;
	struct resp rs = { 0 };
	const struct rec *r;
	int fd = cl_connect(pf_rt_address(RT));

	pf_fcgi_put_nv(&nv, "FCGI_MAX_CONNS", "");
	pf_fcgi_put_nv(&nv, "FCGI_MAX_REQS", "");
	pf_fcgi_put_nv(&nv, "FCGI_MPXS_CONNS", "");
	pf_fcgi_put_nv(&nv, "FCGI_UNKNOWN_NAME", "");
	pf_fcgi_put_record(&b, PF_FCGI_GET_VALUES, 0, nv.p, nv.len);
	pf_fcgi_put_record(&b, 42, 0, "abc", 3);
	put_request(&b, 1, 1, script(), NULL, NULL);
	send_all(fd, b.p, b.len);
	read_resp(fd, 1, &rs);
	r = find_type(&rs, PF_FCGI_GET_VALUES_RESULT, 0);
	T_TRUE(r != NULL);
	if (r != NULL) {
		T_TRUE(memmem(r->c, r->h.clen, "\017\001FCGI_MPXS_CONNS0",
		    18) != NULL);
		T_TRUE(memmem(r->c, r->h.clen, "FCGI_MAX_CONNS", 14) != NULL);
		T_TRUE(memmem(r->c, r->h.clen, "FCGI_MAX_REQS", 13) != NULL);
		T_TRUE(memmem(r->c, r->h.clen, "UNKNOWN", 7) == NULL);
	}
	r = find_type(&rs, PF_FCGI_UNKNOWN_TYPE, 0);
	T_TRUE(r != NULL && r->h.id == 0 && r->c[0] == 42 && r->h.clen == 8);
	T_EQ_INT(count_type(&rs, PF_FCGI_END_REQUEST), 1);
	T_TRUE(!closed_within(fd, 50));	/* kept */
	close(fd);
	resp_free(&rs);
	pf_buf_free(&b);
	pf_buf_free(&nv);
}

T_TEST(cant_mpx_and_unknown_role)
{
	struct pf_buf b = PF_BUF_INIT, rest = PF_BUF_INIT;
	struct resp rs = { 0 };
	const struct rec *e;
	int fd = cl_connect(pf_rt_address(RT));

	/* request 1 begun, then a second BEGIN_REQUEST (id 2) */
	put_request(&rest, 1, 1, script(), NULL, NULL);
	pf_buf_add(&b, rest.p, 16);		/* BEGIN id 1 only */
	pf_fcgi_put_begin(&b, 2, PF_FCGI_RESPONDER, 1);
	send_all(fd, b.p, b.len);
	read_resp(fd, 1, &rs);
	e = find_type(&rs, PF_FCGI_END_REQUEST, 0);
	T_TRUE(e != NULL && e->h.id == 2 && e->c[4] == PF_FCGI_CANT_MPX_CONN);
	resp_free(&rs);
	/* the rest of request 1 is still answered */
	send_all(fd, rest.p + 16, rest.len - 16);
	read_resp(fd, 1, &rs);
	e = find_type(&rs, PF_FCGI_END_REQUEST, 0);
	T_TRUE(e != NULL && e->h.id == 1 && e->c[4] == 0);
	T_TRUE(strstr(rs.out.p, "execute") != NULL);
	resp_free(&rs);
	/* an AUTHORIZER: UNKNOWN_ROLE, connection kept */
	b.len = 0;
	pf_fcgi_put_begin(&b, 5, PF_FCGI_AUTHORIZER, 1);
	pf_fcgi_put_record(&b, PF_FCGI_PARAMS, 5, NULL, 0);
	pf_fcgi_put_record(&b, PF_FCGI_STDIN, 5, NULL, 0);
	send_all(fd, b.p, b.len);
	read_resp(fd, 1, &rs);
	e = find_type(&rs, PF_FCGI_END_REQUEST, 0);
	T_TRUE(e != NULL && e->h.id == 5 && e->c[4] == PF_FCGI_UNKNOWN_ROLE);
	T_EQ_INT(count_type(&rs, PF_FCGI_STDOUT), 0);
	resp_free(&rs);
	b.len = 0;
	put_request(&b, 6, 0, script(), NULL, NULL);
	send_all(fd, b.p, b.len);
	read_resp(fd, 1, &rs);
	T_TRUE(strstr(rs.out.p, "execute") != NULL);
	close(fd);
	resp_free(&rs);
	pf_buf_free(&b);
	pf_buf_free(&rest);
}

T_TEST(abort_request)
{
	struct pf_buf b = PF_BUF_INIT;
	struct resp rs = { 0 };
	const struct rec *e;
	int fd = cl_connect(pf_rt_address(RT));

	pf_fcgi_put_begin(&b, 1, PF_FCGI_RESPONDER, 0);
	pf_fcgi_put_record(&b, PF_FCGI_PARAMS, 1, "\004\001ABCDx", 7);
	pf_fcgi_put_record(&b, PF_FCGI_ABORT_REQUEST, 1, NULL, 0);
	send_all(fd, b.p, b.len);
	read_resp(fd, 1, &rs);
	e = find_type(&rs, PF_FCGI_END_REQUEST, 0);
	T_TRUE(e != NULL && e->h.id == 1 && e->c[4] == 0);
	T_EQ_INT(count_type(&rs, PF_FCGI_STDOUT), 0);
	T_TRUE(closed_within(fd, 1000));	/* not keep-conn */
	close(fd);
	resp_free(&rs);
	pf_buf_free(&b);
}

T_TEST(keep_conn_sequence_and_pipelining)
{
	struct pf_buf b = PF_BUF_INIT;
	struct resp rs = { 0 };
	int fd = cl_connect(pf_rt_address(RT)), i, ok = 1;
	const struct rec *e;

	for (i = 1; i <= 3; i++) {
		b.len = 0;
		put_request(&b, (uint16_t)i, 1, script(), NULL, NULL);
		send_all(fd, b.p, b.len);
		read_resp(fd, 1, &rs);
		e = find_type(&rs, PF_FCGI_END_REQUEST, 0);
		ok &= e != NULL && e->h.id == i && !rs.eof;
		resp_free(&rs);
	}
	T_TRUE(ok);
	T_TRUE(!closed_within(fd, 50));
	/* 60 requests written before reading anything */
	b.len = 0;
	for (i = 0; i < 60; i++)
		put_request(&b, 1, 1, script(), "N", "v");
	send_all(fd, b.p, b.len);
	read_resp(fd, 60, &rs);
	T_EQ_INT(count_type(&rs, PF_FCGI_END_REQUEST), 60);
	T_EQ_INT(rs.eof, 0);
	resp_free(&rs);
	/* a request without KEEP_CONN ends it */
	b.len = 0;
	put_request(&b, 9, 0, script(), NULL, NULL);
	send_all(fd, b.p, b.len);
	read_resp(fd, 1, &rs);
	T_TRUE(find_type(&rs, PF_FCGI_END_REQUEST, 0) != NULL);
	T_TRUE(closed_within(fd, 1000));
	close(fd);
	resp_free(&rs);
	pf_buf_free(&b);
}

T_TEST(split_at_every_byte_and_padding)
{
	struct pf_buf b = PF_BUF_INIT;
	struct resp rs = { 0 };
	uint8_t hdr[8];
	size_t i;
	int fd = cl_connect(pf_rt_address(RT));

	/* padded records on input: a PARAMS record with 7 bytes padding */
	pf_fcgi_put_begin(&b, 1, PF_FCGI_RESPONDER, 1);
	pf_fcgi_header_pack(hdr, PF_FCGI_PARAMS, 1, 17, 7);
	pf_buf_add(&b, hdr, 8);
	pf_buf_add(&b, "\016\001REQUEST_METHODG", 17);
	pf_buf_add(&b, "\0\0\0\0\0\0\0", 7);
	{
		struct pf_buf nv = PF_BUF_INIT;

		pf_fcgi_put_nv(&nv, "SCRIPT_FILENAME", script());
		pf_fcgi_put_record(&b, PF_FCGI_PARAMS, 1, nv.p, nv.len);
		pf_buf_free(&nv);
	}
	pf_fcgi_put_record(&b, PF_FCGI_PARAMS, 1, NULL, 0);
	pf_fcgi_header_pack(hdr, PF_FCGI_STDIN, 1, 0, 5);
	pf_buf_add(&b, hdr, 8);
	pf_buf_add(&b, "\0\0\0\0\0", 5);
	/* one byte per send() */
	for (i = 0; i < b.len; i++) {
		send_all(fd, b.p + i, 1);
		if (i % 16 == 0)
			usleep(200);
	}
	read_resp(fd, 1, &rs);
	T_TRUE(rs.out.p != NULL && strstr(rs.out.p, "execute") != NULL);
	T_TRUE(rs.out.p != NULL && strstr(rs.out.p,
	    "\"REQUEST_METHOD\":\"G\"") != NULL);
	close(fd);
	resp_free(&rs);
	pf_buf_free(&b);
}

T_TEST(stdin_drained_before_end)
{
	struct pf_buf b = PF_BUF_INIT, p = PF_BUF_INIT;
	struct resp rs = { 0 };
	struct pollfd pf;
	char *body = calloc(1, 100000);
	int fd = cl_connect(pf_rt_address(RT));

	pf_fcgi_put_begin(&b, 1, PF_FCGI_RESPONDER, 1);
	pf_fcgi_put_nv(&p, "REQUEST_METHOD", "POST");
	pf_fcgi_put_nv(&p, "SCRIPT_FILENAME", script());
	pf_fcgi_put_nv(&p, "CONTENT_LENGTH", "100000");
	pf_fcgi_put_record(&b, PF_FCGI_PARAMS, 1, p.p, p.len);
	pf_fcgi_put_record(&b, PF_FCGI_PARAMS, 1, NULL, 0);
	/* 12 x 8192 + 1696, as mod_proxy_fcgi sends 100000 bytes */
	{
		size_t off;

		for (off = 0; off < 100000; off += 8192)
			pf_fcgi_put_record(&b, PF_FCGI_STDIN, 1, body + off,
			    100000 - off < 8192 ? 100000 - off : 8192);
	}
	send_all(fd, b.p, b.len);
	/* no answer while STDIN has not ended */
	pf.fd = fd;
	pf.events = POLLIN;
	T_EQ_INT(poll(&pf, 1, 150), 0);
	b.len = 0;
	pf_fcgi_put_record(&b, PF_FCGI_STDIN, 1, NULL, 0);
	send_all(fd, b.p, b.len);
	read_resp(fd, 1, &rs);
	T_TRUE(rs.out.p != NULL &&
	    strstr(rs.out.p, "\"stdin_bytes\":100000") != NULL);
	/* and the connection is clean for the next request */
	resp_free(&rs);
	b.len = 0;
	put_request(&b, 2, 1, script(), NULL, NULL);
	send_all(fd, b.p, b.len);
	read_resp(fd, 1, &rs);
	T_TRUE(find_type(&rs, PF_FCGI_END_REQUEST, 0) != NULL && !rs.eof);
	close(fd);
	resp_free(&rs);
	pf_buf_free(&b);
	pf_buf_free(&p);
	free(body);
}

T_TEST(oversized_params)
{
	struct pf_buf b = PF_BUF_INIT;
	struct resp rs = { 0 };
	char *big = malloc(20000);
	int fd = cl_connect(pf_rt_address(RT));

	memset(big, 'x', 19999);
	big[19999] = 0;
	/* the runtime was started with max_params 8192 */
	put_request(&b, 1, 1, script(), "HTTP_COOKIE", big);
	send_all(fd, b.p, b.len);
	read_resp(fd, 1, &rs);
	T_TRUE(rs.out.p != NULL &&
	    strncmp(rs.out.p, "Status: 431", 11) == 0);
	T_TRUE(!rs.eof);
	resp_free(&rs);
	/* the connection stays in sync */
	b.len = 0;
	put_request(&b, 2, 1, script(), NULL, NULL);
	send_all(fd, b.p, b.len);
	read_resp(fd, 1, &rs);
	T_TRUE(rs.out.p != NULL && strstr(rs.out.p, "execute") != NULL);
	close(fd);
	resp_free(&rs);
	pf_buf_free(&b);
	free(big);
}

T_TEST(garbage_and_half_close)
{
	struct pf_buf b = PF_BUF_INIT;
	struct resp rs = { 0 };
	int fd;

	/* HTTP sent to the FastCGI port: closed, nothing answered */
	fd = cl_connect(pf_rt_address(RT));
	send_all(fd, "GET / HTTP/1.0\r\nHost: x\r\n\r\n", 27);
	read_resp(fd, 1, &rs);
	T_TRUE(rs.eof);
	T_EQ_INT(rs.n, 0);
	close(fd);
	resp_free(&rs);
	/* a BEGIN_REQUEST with a short body */
	fd = cl_connect(pf_rt_address(RT));
	pf_fcgi_put_record(&b, PF_FCGI_BEGIN_REQUEST, 1, "\0\1", 2);
	send_all(fd, b.p, b.len);
	T_TRUE(closed_within(fd, 1000));
	close(fd);
	/* whole request, then SHUT_WR: the answer still arrives */
	fd = cl_connect(pf_rt_address(RT));
	b.len = 0;
	put_request(&b, 1, 1, script(), NULL, NULL);
	send_all(fd, b.p, b.len);
	shutdown(fd, SHUT_WR);
	read_resp(fd, 1, &rs);
	T_TRUE(rs.out.p != NULL && strstr(rs.out.p, "execute") != NULL);
	T_TRUE(closed_within(fd, 1000));
	close(fd);
	resp_free(&rs);
	/* half a request, then SHUT_WR: closed without an answer */
	fd = cl_connect(pf_rt_address(RT));
	send_all(fd, b.p, 20);
	shutdown(fd, SHUT_WR);
	read_resp(fd, 1, &rs);
	T_TRUE(rs.eof && rs.n == 0);
	close(fd);
	resp_free(&rs);
	/* a client that vanishes mid-request does not hurt the next */
	fd = cl_connect(pf_rt_address(RT));
	send_all(fd, b.p, 30);
	close(fd);
	fd = cl_connect(pf_rt_address(RT));
	send_all(fd, b.p, b.len);
	read_resp(fd, 1, &rs);
	T_TRUE(rs.out.p != NULL && strstr(rs.out.p, "execute") != NULL);
	close(fd);
	resp_free(&rs);
	pf_buf_free(&b);
}

T_TEST(many_connections)
{
	enum { N = 200 };
	struct pf_buf b = PF_BUF_INIT;
	struct resp rs;
	int fds[N], i, ok = 0;

	put_request(&b, 1, 0, script(), NULL, NULL);
	for (i = 0; i < N; i++) {
		fds[i] = cl_connect(pf_rt_address(RT));
		send_all(fds[i], b.p, b.len / 2);
	}
	for (i = 0; i < N; i++)
		send_all(fds[i], b.p + b.len / 2, b.len - b.len / 2);
	for (i = 0; i < N; i++) {
		memset(&rs, 0, sizeof(rs));
		read_resp(fds[i], 1, &rs);
		ok += rs.out.p != NULL && strstr(rs.out.p, "execute") != NULL;
		resp_free(&rs);
		close(fds[i]);
	}
	T_EQ_INT(ok, N);
	pf_buf_free(&b);
}

T_TEST(timeouts)
{
	struct pf_rt *rt;
	struct pf_rt_stats st;
	char path[800];
	int fd, fd2;
	struct timespec t0, t1;
	long ms;

	snprintf(path, sizeof(path), "unix:%s/to.sock", t_tmpdir());
	rt = start_rt(path, 300, 200, 8192);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	fd = cl_connect(pf_rt_address(rt));		/* idle */
	fd2 = cl_connect(pf_rt_address(rt));		/* stalled */
	send_all(fd2, "\001\001\000\001\000\010", 6);	/* half a header */
	T_TRUE(closed_within(fd2, 2000));
	clock_gettime(CLOCK_MONOTONIC, &t1);
	ms = (t1.tv_sec - t0.tv_sec) * 1000 +
	    (t1.tv_nsec - t0.tv_nsec) / 1000000;
	T_TRUE(ms >= 150 && ms < 1500);
	T_TRUE(closed_within(fd, 2000));
	pf_rt_stats(rt, &st);
	T_EQ_INT(st.timeouts, 2);
	close(fd);
	close(fd2);
	pf_rt_close(rt);
}

T_TEST(tcp_and_socket_files)
{
	struct pf_rt *rt, *rt2;
	struct pf_rt_config cfg;
	struct pf_buf b = PF_BUF_INIT;
	struct resp rs = { 0 };
	struct stat st;
	char err[256];
	int fd;

	rt = start_rt("127.0.0.1:0", 5000, 5000, 8192);
	T_TRUE(strncmp(pf_rt_address(rt), "127.0.0.1:", 10) == 0);
	fd = cl_connect(pf_rt_address(rt));
	put_request(&b, 1, 0, script(), NULL, NULL);
	send_all(fd, b.p, b.len);
	read_resp(fd, 1, &rs);
	T_TRUE(rs.out.p != NULL && strstr(rs.out.p, "execute") != NULL);
	close(fd);
	resp_free(&rs);
	pf_rt_close(rt);
	/* a live unix socket is not taken over */
	memset(&cfg, 0, sizeof(cfg));
	cfg.listen = SOCK;
	rt2 = pf_rt_open(&cfg, err, sizeof(err));
	T_TRUE(rt2 == NULL && strstr(err, "listening") != NULL);
	/* a regular file is not replaced */
	cfg.listen = t_tmpfile("plain", "x");
	rt2 = pf_rt_open(&cfg, err, sizeof(err));
	T_TRUE(rt2 == NULL && strstr(err, "not a socket") != NULL);
	/* bad addresses */
	cfg.listen = "nohostnoport";
	T_TRUE(pf_rt_open(&cfg, err, sizeof(err)) == NULL);
	cfg.listen = "127.0.0.1:99999";
	T_TRUE(pf_rt_open(&cfg, err, sizeof(err)) == NULL);
	/* the socket file has the mode asked for, and goes at close */
	{
		char p[800];

		snprintf(p, sizeof(p), "unix:%s/m.sock", t_tmpdir());
		cfg.listen = p;
		cfg.socket_mode = 0600;
		rt2 = pf_rt_open(&cfg, err, sizeof(err));
		T_TRUE(rt2 != NULL);
		T_TRUE(stat(p + 5, &st) == 0 && (st.st_mode & 0777) == 0600);
		pf_rt_close(rt2);
		T_TRUE(stat(p + 5, &st) != 0);
	}
	pf_buf_free(&b);
}

int
main(void)
{
	FILE *f;
	char p[800];

	snprintf(DR, sizeof(DR), "%s/dr", t_tmpdir());
	mkdir(DR, 0755);
	snprintf(p, sizeof(p), "%s/index.php", DR);
	f = fopen(p, "w");
	fputs("<?php\n", f);
	fclose(f);
	snprintf(SOCK, sizeof(SOCK), "unix:%s/rt.sock", t_tmpdir());
	RT = start_rt(SOCK, 5000, 5000, 8192);
	T_RUN(simple_request_and_output_format);
	T_RUN(get_values_and_unknown_type);
	T_RUN(cant_mpx_and_unknown_role);
	T_RUN(abort_request);
	T_RUN(keep_conn_sequence_and_pipelining);
	T_RUN(split_at_every_byte_and_padding);
	T_RUN(stdin_drained_before_end);
	T_RUN(oversized_params);
	T_RUN(garbage_and_half_close);
	T_RUN(many_connections);
	T_RUN(timeouts);
	T_RUN(tcp_and_socket_files);
	pf_rt_close(RT);
	unlink(p);
	rmdir(DR);
	return t_done();
}
