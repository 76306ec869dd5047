/*
 * rt.c - the runtime's listener and epoll event loop.
 *
 * One thread serves every connection.  Each connection owns a protocol
 * state (fcgi_conn.c) and at most one read's worth of unconsumed input;
 * when more than out_high bytes wait to be sent it stops reading, so a
 * client that pipelines requests without reading answers cannot grow its
 * memory.  Timeouts: a connection with a request in progress (or output
 * waiting) that makes no progress for read_timeout is closed, and so is a
 * kept connection idle for idle_timeout; a slow client therefore holds one
 * descriptor for a bounded time and never the loop.
 */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "model/arena.h"
#include "runtime/rt.h"

#define RBUF_SIZE	65536
#define OUT_HIGH	(256 * 1024)

#define STAT_INC(x)	__atomic_fetch_add(&(x), 1, __ATOMIC_RELAXED)
#define STAT_DEC(x)	__atomic_fetch_sub(&(x), 1, __ATOMIC_RELAXED)

struct conn {
	int		 fd;
	size_t		 idx;		/* in rt->conns */
	struct pf_fcgi_conn fc;
	uint8_t		*pend;		/* input not yet consumed */
	size_t		 pend_len, pend_off;
	uint64_t	 last_ms;	/* last progress */
	int		 peer_eof;
	uint32_t	 events;	/* current epoll interest */
};

struct pf_rt {
	struct pf_rt_config cfg;
	char		*listen, *pool, *limit_ext, *status_path, *ping_path;
	char		*ping_response;
	int		 lfd, epfd, stopfd;
	int		 lfd_tag, stop_tag;	/* addresses used as epoll tags */
	int		 accepting;
	volatile int	 stop;
	char		*addr;
	char		*sock_path;	/* unix socket to remove */
	struct conn	**conns;
	size_t		 nconns, cap;
	struct pf_fcgi_limits lim;
	struct pf_responder resp;
	struct pf_rt_stats stats;
	pthread_t	 thr;
	int		 has_thread;
	int		 forked;	/* a worker: the socket file is not ours */
	uint32_t	 lfd_events;	/* EPOLLIN, | EPOLLEXCLUSIVE if shared */
	uint8_t		 rbuf[RBUF_SIZE];
};

static void	pause_accepting(struct pf_rt *);
static void	resume_accepting(struct pf_rt *);
static void
rt_log(struct pf_rt *rt, enum pf_rt_log_level lv, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
rt_log(struct pf_rt *rt, enum pf_rt_log_level lv, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	if (rt->cfg.log == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	rt->cfg.log(rt->cfg.log_ctx, lv, msg);
}

static uint64_t
now_ms(void)
{
	struct timespec ts;

	/* The timeouts are whole milliseconds, swept every 5 ms or more:
	 * the coarse clock (the last tick, no TSC read) is enough. */
	clock_gettime(CLOCK_MONOTONIC_COARSE, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static char *
xstrdup(const char *s)
{
	size_t n;
	char *d;

	if (s == NULL)
		return NULL;
	n = strlen(s) + 1;
	d = pf_xmalloc(n);
	memcpy(d, s, n);
	return d;
}

static void
seterr(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
seterr(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL || errlen == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

/* ---- listeners ---- */

static int
bind_unix(struct pf_rt *rt, const char *path, char *err, size_t errlen)
{
	struct sockaddr_un sa;
	struct stat st;
	struct passwd *pw;
	struct group *gr;
	uid_t uid = (uid_t)-1;
	gid_t gid = (gid_t)-1;
	char tmp[sizeof(sa.sun_path)];
	const char *bound;
	int fd, probe, mode, n;

	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	if (strlen(path) >= sizeof(sa.sun_path)) {
		seterr(err, errlen, "unix socket path is longer than %zu "
		    "bytes: %s", sizeof(sa.sun_path) - 1, path);
		return -1;
	}
	memcpy(sa.sun_path, path, strlen(path) + 1);
	if (rt->cfg.socket_owner != NULL) {
		if ((pw = getpwnam(rt->cfg.socket_owner)) == NULL) {
			seterr(err, errlen, "unknown user '%s'",
			    rt->cfg.socket_owner);
			return -1;
		}
		uid = pw->pw_uid;
	}
	if (rt->cfg.socket_group != NULL) {
		if ((gr = getgrnam(rt->cfg.socket_group)) == NULL) {
			seterr(err, errlen, "unknown group '%s'",
			    rt->cfg.socket_group);
			return -1;
		}
		gid = gr->gr_gid;
	}
	if (lstat(path, &st) == 0) {
		if (!S_ISSOCK(st.st_mode)) {
			seterr(err, errlen, "%s exists and is not a socket",
			    path);
			return -1;
		}
		/* A live server there keeps it; a stale file is replaced. */
		probe = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
		if (probe >= 0 && connect(probe, (struct sockaddr *)&sa,
		    sizeof(sa)) == 0) {
			close(probe);
			seterr(err, errlen, "%s: a server is listening there",
			    path);
			return -1;
		}
		if (probe >= 0)
			close(probe);
		unlink(path);
	}
	/*
	 * The socket is bound and listening under a temporary name first,
	 * with its mode and owner, and only then linked to PATH: whoever
	 * sees PATH can connect (a second server's probe above, a client
	 * waiting for the file).  link() does not replace a file, so two
	 * servers started together cannot take PATH from each other.
	 */
	n = snprintf(tmp, sizeof(tmp), "%s.%ld~", path, (long)getpid());
	if (n < 0 || (size_t)n >= sizeof(tmp))
		tmp[0] = '\0';	/* no room: bind PATH itself */
	else
		memcpy(sa.sun_path, tmp, (size_t)n + 1);
	bound = tmp[0] != '\0' ? tmp : path;
	if (tmp[0] != '\0')
		unlink(tmp);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		seterr(err, errlen, "socket: %s", strerror(errno));
		return -1;
	}
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0) {
		seterr(err, errlen, "bind %s: %s", bound, strerror(errno));
		close(fd);
		return -1;
	}
	mode = rt->cfg.socket_mode >= 0 ? rt->cfg.socket_mode : 0660;
	if (listen(fd, rt->cfg.backlog) != 0 ||
	    chmod(bound, (mode_t)mode) != 0 ||
	    ((uid != (uid_t)-1 || gid != (gid_t)-1) &&
	    chown(bound, uid, gid) != 0)) {
		seterr(err, errlen, "%s: %s", bound, strerror(errno));
		if (tmp[0] != '\0')
			unlink(tmp);
		close(fd);
		return -1;
	}
	if (tmp[0] != '\0') {
		if (link(tmp, path) != 0) {
			seterr(err, errlen, errno == EEXIST ? "%s: another "
			    "server took the socket path" : "link %s: %s",
			    path, strerror(errno));
			unlink(tmp);
			close(fd);
			return -1;
		}
		unlink(tmp);
	}
	rt->sock_path = xstrdup(path);
	rt->lfd = fd;
	rt->addr = pf_xmalloc(strlen(path) + 6);
	snprintf(rt->addr, strlen(path) + 6, "unix:%s", path);
	return 0;
}

static int
bind_tcp(struct pf_rt *rt, const char *spec, char *err, size_t errlen)
{
	struct addrinfo hints, *res = NULL;
	struct sockaddr_storage ss;
	socklen_t sl = sizeof(ss);
	char *host, *port, *colon, hbuf[NI_MAXHOST], pbuf[NI_MAXSERV];
	int fd, one = 1, rc;
	size_t n;

	host = xstrdup(spec);
	colon = strrchr(host, ':');
	if (colon == NULL || colon[1] == '\0') {
		seterr(err, errlen, "listen address '%s' is neither "
		    "unix:PATH nor HOST:PORT", spec);
		free(host);
		return -1;
	}
	*colon = '\0';
	port = colon + 1;
	if (strspn(port, "0123456789") != strlen(port) || strlen(port) > 5 ||
	    atoi(port) > 65535) {
		seterr(err, errlen, "listen address '%s': bad port", spec);
		free(host);
		return -1;
	}
	n = strlen(host);
	if (n >= 2 && host[0] == '[' && host[n - 1] == ']') {
		host[n - 1] = '\0';
		memmove(host, host + 1, n - 1);
	}
	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
	rc = getaddrinfo(*host ? host : NULL, port, &hints, &res);
	if (rc != 0) {
		seterr(err, errlen, "listen address '%s': %s", spec,
		    gai_strerror(rc));
		free(host);
		return -1;
	}
	free(host);
	fd = socket(res->ai_family, res->ai_socktype | SOCK_NONBLOCK |
	    SOCK_CLOEXEC, 0);
	if (fd < 0) {
		seterr(err, errlen, "socket: %s", strerror(errno));
		freeaddrinfo(res);
		return -1;
	}
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(fd, res->ai_addr, res->ai_addrlen) != 0) {
		seterr(err, errlen, "bind %s: %s", spec, strerror(errno));
		freeaddrinfo(res);
		close(fd);
		return -1;
	}
	freeaddrinfo(res);
	if (getsockname(fd, (struct sockaddr *)&ss, &sl) != 0 ||
	    getnameinfo((struct sockaddr *)&ss, sl, hbuf, sizeof(hbuf), pbuf,
	    sizeof(pbuf), NI_NUMERICHOST | NI_NUMERICSERV) != 0) {
		seterr(err, errlen, "getsockname: %s", strerror(errno));
		close(fd);
		return -1;
	}
	rt->lfd = fd;
	n = strlen(hbuf) + strlen(pbuf) + 4;
	rt->addr = pf_xmalloc(n);
	snprintf(rt->addr, n, ss.ss_family == AF_INET6 ? "[%s]:%s" : "%s:%s",
	    hbuf, pbuf);
	return 0;
}

struct pf_rt *
pf_rt_open(const struct pf_rt_config *cfg, char *err, size_t errlen)
{
	struct pf_rt *rt;
	struct epoll_event ev;
	const char *l = cfg->listen;
	int rc;

	if (l == NULL || *l == '\0') {
		seterr(err, errlen, "no listen address");
		return NULL;
	}
	rt = pf_xmalloc(sizeof(*rt));
	memset(rt, 0, sizeof(*rt));
	rt->cfg = *cfg;
	rt->lfd = rt->epfd = rt->stopfd = -1;
	/* Own copies: the caller's strings may go away. */
	rt->listen = xstrdup(cfg->listen);
	rt->pool = xstrdup(cfg->pool ? cfg->pool : "www");
	rt->limit_ext = xstrdup(cfg->policy.limit_extensions);
	rt->status_path = xstrdup(cfg->policy.status_path);
	rt->ping_path = xstrdup(cfg->policy.ping_path);
	rt->ping_response = xstrdup(cfg->policy.ping_response);
	rt->cfg.listen = rt->listen;
	rt->cfg.pool = rt->pool;
	rt->cfg.policy.limit_extensions = rt->limit_ext;
	rt->cfg.policy.status_path = rt->status_path;
	rt->cfg.policy.ping_path = rt->ping_path;
	rt->cfg.policy.ping_response = rt->ping_response;
	if (rt->cfg.max_conns == 0)
		rt->cfg.max_conns = 1024;
	if (rt->cfg.max_params == 0)
		rt->cfg.max_params = 1024 * 1024;
	if (rt->cfg.idle_timeout_ms == 0)
		rt->cfg.idle_timeout_ms = 300000;
	if (rt->cfg.read_timeout_ms == 0)
		rt->cfg.read_timeout_ms = 30000;
	if (rt->cfg.backlog <= 0)
		rt->cfg.backlog = 511;
	rt->lim.max_params = rt->cfg.max_params;
	rt->lim.max_pairs = rt->cfg.max_params / 16 + 64;
	rt->lim.max_conns = rt->cfg.max_conns;
	rt->lim.out_high = OUT_HIGH;
	rt->resp.policy = rt->cfg.policy;
	rt->resp.pool = rt->pool;
	rt->resp.stats = &rt->stats;
	rt->stats.start_time = time(NULL);

	if (strncmp(l, "unix:", 5) == 0)
		rc = bind_unix(rt, l + 5, err, errlen);
	else if (l[0] == '/')
		rc = bind_unix(rt, l, err, errlen);
	else
		rc = bind_tcp(rt, l, err, errlen);
	if (rc != 0)
		goto fail;
	if (listen(rt->lfd, rt->cfg.backlog) != 0) {
		seterr(err, errlen, "listen %s: %s", l, strerror(errno));
		goto fail;
	}
	rt->epfd = epoll_create1(EPOLL_CLOEXEC);
	rt->stopfd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	if (rt->epfd < 0 || rt->stopfd < 0) {
		seterr(err, errlen, "epoll: %s", strerror(errno));
		goto fail;
	}
	memset(&ev, 0, sizeof(ev));
	ev.events = rt->lfd_events = EPOLLIN;
	ev.data.ptr = &rt->lfd_tag;
	epoll_ctl(rt->epfd, EPOLL_CTL_ADD, rt->lfd, &ev);
	ev.data.ptr = &rt->stop_tag;
	epoll_ctl(rt->epfd, EPOLL_CTL_ADD, rt->stopfd, &ev);
	rt->accepting = 1;
	return rt;
fail:
	pf_rt_close(rt);
	return NULL;
}

/*
 * A forked worker (serve --workers): its own epoll instance and stop
 * eventfd (the ones inherited are shared with the parent), the shared
 * listener added with EPOLLEXCLUSIVE so that a connection wakes one
 * process, not all.  The socket file stays the parent's to remove.
 */
int
pf_rt_forked(struct pf_rt *rt, char *err, size_t errlen)
{
	struct epoll_event ev;

	close(rt->epfd);
	close(rt->stopfd);
	rt->forked = 1;
	rt->epfd = epoll_create1(EPOLL_CLOEXEC);
	rt->stopfd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	if (rt->epfd < 0 || rt->stopfd < 0) {
		seterr(err, errlen, "epoll: %s", strerror(errno));
		return -1;
	}
	memset(&ev, 0, sizeof(ev));
	ev.events = rt->lfd_events = EPOLLIN | EPOLLEXCLUSIVE;
	ev.data.ptr = &rt->lfd_tag;
	if (rt->accepting)
		epoll_ctl(rt->epfd, EPOLL_CTL_ADD, rt->lfd, &ev);
	ev.events = EPOLLIN;
	ev.data.ptr = &rt->stop_tag;
	epoll_ctl(rt->epfd, EPOLL_CTL_ADD, rt->stopfd, &ev);
	memset(&rt->stats, 0, sizeof(rt->stats));
	rt->stats.start_time = time(NULL);
	return 0;
}

/* The parent of forked workers: its listener wakes only it, too. */
void
pf_rt_share_listener(struct pf_rt *rt)
{
	rt->lfd_events = EPOLLIN | EPOLLEXCLUSIVE;
	if (rt->accepting) {
		pause_accepting(rt);
		resume_accepting(rt);
	}
}

const char *
pf_rt_address(const struct pf_rt *rt)
{
	return rt->addr;
}

/* ---- connections ---- */

static void
conn_close(struct pf_rt *rt, struct conn *c)
{
	epoll_ctl(rt->epfd, EPOLL_CTL_DEL, c->fd, NULL);
	close(c->fd);
	rt->conns[c->idx] = rt->conns[--rt->nconns];
	rt->conns[c->idx]->idx = c->idx;
	pf_fcgi_conn_free(&c->fc);
	free(c->pend);
	free(c);
	STAT_DEC(rt->stats.active_conns);
	if (!rt->accepting && !rt->stop)
		resume_accepting(rt);
}

/*
 * The listener leaves and rejoins the epoll set (EPOLLEXCLUSIVE, used
 * when processes share it, cannot be changed with EPOLL_CTL_MOD).
 */
static void
pause_accepting(struct pf_rt *rt)
{
	if (epoll_ctl(rt->epfd, EPOLL_CTL_DEL, rt->lfd, NULL) == 0)
		rt->accepting = 0;
}

static void
resume_accepting(struct pf_rt *rt)
{
	struct epoll_event ev;

	memset(&ev, 0, sizeof(ev));
	ev.events = rt->lfd_events;
	ev.data.ptr = &rt->lfd_tag;
	if (epoll_ctl(rt->epfd, EPOLL_CTL_ADD, rt->lfd, &ev) == 0)
		rt->accepting = 1;
}

static void
do_accept(struct pf_rt *rt, uint64_t now)
{
	struct epoll_event ev;
	struct conn *c;
	int fd, one = 1;
	unsigned act;

	for (;;) {
		if (rt->nconns >= rt->cfg.max_conns) {
			pause_accepting(rt);
			return;
		}
		fd = accept4(rt->lfd, NULL, NULL,
		    SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (fd < 0) {
			if (errno == EINTR || errno == ECONNABORTED)
				continue;
			if (errno == EMFILE || errno == ENFILE ||
			    errno == ENOBUFS || errno == ENOMEM) {
				rt_log(rt, PF_RT_LOG_ERROR, "accept: %s",
				    strerror(errno));
				pause_accepting(rt);
			}
			return;
		}
		if (strncmp(rt->addr, "unix:", 5) != 0)
			setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one,
			    sizeof(one));
		c = pf_xmalloc(sizeof(*c));
		memset(c, 0, sizeof(*c));
		c->fd = fd;
		c->last_ms = now;
		pf_fcgi_conn_init(&c->fc, &rt->lim, pf_responder_answer,
		    &rt->resp);
		if (rt->nconns == rt->cap) {
			rt->cap = rt->cap ? rt->cap * 2 : 64;
			rt->conns = pf_xrealloc(rt->conns,
			    rt->cap * sizeof(*rt->conns));
		}
		c->idx = rt->nconns;
		rt->conns[rt->nconns++] = c;
		memset(&ev, 0, sizeof(ev));
		ev.events = c->events = EPOLLIN | EPOLLRDHUP;
		ev.data.ptr = c;
		epoll_ctl(rt->epfd, EPOLL_CTL_ADD, fd, &ev);
		STAT_INC(rt->stats.accepted_conns);
		act = STAT_INC(rt->stats.active_conns) + 1;
		if (act > rt->stats.max_active_conns)
			rt->stats.max_active_conns = act;
		if (rt->lfd_events & EPOLLEXCLUSIVE) {
			/*
			 * Processes share the listener: one connection per
			 * wake-up, then to the back of the line.  The kernel
			 * wakes the first idle process in the listener's wait
			 * queue, and a re-added entry goes to its tail, so
			 * connections go round the workers.  Taking all that
			 * is queued (or staying at the head) gave one process
			 * every kept connection of Apache's reuse pool, and
			 * the CPU share of one process among Apache's threads
			 * (8 connections on 1 of 8 workers: 0.90 of the
			 * libfcgi anchor's rate through Apache at c64).
			 */
			pause_accepting(rt);
			resume_accepting(rt);
			return;
		}
	}
}

/* Sends what is pending; feeds saved input once output has drained.
 * Returns -1 on a socket error. */
static int
progress(struct pf_rt *rt, struct conn *c, uint64_t now)
{
	struct pf_fcgi_conn *fc = &c->fc;
	unsigned long before;
	size_t used, n;
	ssize_t w;

	for (;;) {
		while ((n = pf_fcgi_conn_pending(fc)) > 0) {
			w = send(c->fd, fc->out.p + fc->out_off, n,
			    MSG_NOSIGNAL | MSG_DONTWAIT);
			if (w > 0) {
				pf_fcgi_conn_sent(fc, (size_t)w);
				c->last_ms = now;
				continue;
			}
			if (w < 0 && errno == EINTR)
				continue;
			if (w < 0 && (errno == EAGAIN ||
			    errno == EWOULDBLOCK))
				return 0;
			return -1;
		}
		if (c->pend_len == 0 || fc->closing)
			return 0;
		before = fc->requests;
		used = pf_fcgi_conn_input(fc, c->pend + c->pend_off,
		    c->pend_len);
		rt->stats.requests += fc->requests - before;
		c->pend_off += used;
		c->pend_len -= used;
		if (c->pend_len == 0) {
			free(c->pend);
			c->pend = NULL;
			c->pend_off = 0;
		}
	}
}

static int
conn_read(struct pf_rt *rt, struct conn *c, uint64_t now)
{
	struct pf_fcgi_conn *fc = &c->fc;
	unsigned long before;
	ssize_t r;
	size_t used;

	while (!fc->closing && !c->peer_eof && c->pend_len == 0 &&
	    pf_fcgi_conn_pending(fc) <= rt->lim.out_high) {
		r = recv(c->fd, rt->rbuf, sizeof(rt->rbuf), MSG_DONTWAIT);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				return 0;
			return -1;
		}
		if (r == 0) {
			c->peer_eof = 1;
			return 0;
		}
		c->last_ms = now;
		before = fc->requests;
		used = pf_fcgi_conn_input(fc, rt->rbuf, (size_t)r);
		rt->stats.requests += fc->requests - before;
		if (used < (size_t)r && !fc->closing) {
			c->pend_len = (size_t)r - used;
			c->pend = pf_xmalloc(c->pend_len);
			memcpy(c->pend, rt->rbuf + used, c->pend_len);
			c->pend_off = 0;
		}
		if (progress(rt, c, now) < 0)
			return -1;
		if ((size_t)r < sizeof(rt->rbuf))
			return 0;	/* probably drained; epoll says */
	}
	return 0;
}

/* Closes the connection when it is done, else sets its epoll interest. */
static void
conn_settle(struct pf_rt *rt, struct conn *c)
{
	struct pf_fcgi_conn *fc = &c->fc;
	struct epoll_event ev;
	size_t out = pf_fcgi_conn_pending(fc);
	uint32_t want = 0;

	if (fc->error && out == 0) {
		STAT_INC(rt->stats.protocol_errors);
		conn_close(rt, c);
		return;
	}
	if ((fc->closing || c->peer_eof) && out == 0) {
		conn_close(rt, c);
		return;
	}
	if (c->peer_eof && pf_fcgi_conn_busy(fc) && c->pend_len == 0) {
		/* Half-closed in the middle of a request: it cannot end. */
		conn_close(rt, c);
		return;
	}
	if (!fc->closing && !c->peer_eof && c->pend_len == 0 &&
	    out <= rt->lim.out_high)
		want |= EPOLLIN | EPOLLRDHUP;
	if (out > 0)
		want |= EPOLLOUT;
	if (want != c->events) {
		memset(&ev, 0, sizeof(ev));
		ev.events = c->events = want;
		ev.data.ptr = c;
		epoll_ctl(rt->epfd, EPOLL_CTL_MOD, c->fd, &ev);
	}
}

static void
conn_event(struct pf_rt *rt, struct conn *c, uint32_t events, uint64_t now)
{
	if (events & EPOLLERR) {
		conn_close(rt, c);
		return;
	}
	if ((events & EPOLLOUT) && progress(rt, c, now) < 0) {
		conn_close(rt, c);
		return;
	}
	if ((events & (EPOLLIN | EPOLLHUP | EPOLLRDHUP)) &&
	    conn_read(rt, c, now) < 0) {
		conn_close(rt, c);
		return;
	}
	conn_settle(rt, c);
}

static void
sweep(struct pf_rt *rt, uint64_t now)
{
	struct conn *c;
	uint64_t limit;
	size_t i;

	for (i = rt->nconns; i-- > 0;) {
		c = rt->conns[i];
		limit = pf_fcgi_conn_busy(&c->fc) ||
		    pf_fcgi_conn_pending(&c->fc) > 0 || c->pend_len > 0 ?
		    rt->cfg.read_timeout_ms : rt->cfg.idle_timeout_ms;
		if (now - c->last_ms > limit) {
			STAT_INC(rt->stats.timeouts);
			rt_log(rt, PF_RT_LOG_DEBUG, "connection timed out "
			    "(%s)", pf_fcgi_conn_busy(&c->fc) ? "read" :
			    "idle");
			conn_close(rt, c);
		}
	}
	if (!rt->accepting && rt->nconns < rt->cfg.max_conns)
		resume_accepting(rt);
}

int
pf_rt_run(struct pf_rt *rt)
{
	struct epoll_event evs[64];
	uint64_t now, last_sweep, tick;
	uint64_t junk;
	int i, n;

	tick = rt->cfg.read_timeout_ms < rt->cfg.idle_timeout_ms ?
	    rt->cfg.read_timeout_ms : rt->cfg.idle_timeout_ms;
	tick /= 4;
	if (tick > 1000)
		tick = 1000;
	if (tick < 5)
		tick = 5;
	last_sweep = now_ms();
	while (!rt->stop) {
		n = epoll_wait(rt->epfd, evs, 64, (int)tick);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			rt_log(rt, PF_RT_LOG_ERROR, "epoll_wait: %s",
			    strerror(errno));
			return -1;
		}
		now = now_ms();
		for (i = 0; i < n; i++) {
			if (evs[i].data.ptr == &rt->stop_tag) {
				if (read(rt->stopfd, &junk, sizeof(junk)) < 0)
					junk = 0;
				rt->stop = 1;
			} else if (evs[i].data.ptr == &rt->lfd_tag)
				do_accept(rt, now);
		}
		if (rt->stop)
			break;
		for (i = 0; i < n; i++)
			if (evs[i].data.ptr != &rt->stop_tag &&
			    evs[i].data.ptr != &rt->lfd_tag)
				conn_event(rt, evs[i].data.ptr, evs[i].events,
				    now);
		if (now - last_sweep >= tick) {
			sweep(rt, now);
			last_sweep = now;
		}
	}
	while (rt->nconns > 0)
		conn_close(rt, rt->conns[rt->nconns - 1]);
	return 0;
}

static void *
thread_main(void *arg)
{
	pf_rt_run(arg);
	return NULL;
}

int
pf_rt_start(struct pf_rt *rt, char *err, size_t errlen)
{
	int rc = pthread_create(&rt->thr, NULL, thread_main, rt);

	if (rc != 0) {
		seterr(err, errlen, "pthread_create: %s", strerror(rc));
		return -1;
	}
	rt->has_thread = 1;
	return 0;
}

void
pf_rt_stop(struct pf_rt *rt)
{
	uint64_t one = 1;

	/* write(2) on an eventfd: async-signal-safe. */
	if (rt->stopfd >= 0 && write(rt->stopfd, &one, sizeof(one)) < 0)
		rt->stop = 1;
}

void
pf_rt_close(struct pf_rt *rt)
{
	if (rt == NULL)
		return;
	if (rt->has_thread) {
		pf_rt_stop(rt);
		pthread_join(rt->thr, NULL);
		rt->has_thread = 0;
	}
	while (rt->nconns > 0)
		conn_close(rt, rt->conns[rt->nconns - 1]);
	if (rt->lfd >= 0)
		close(rt->lfd);
	if (rt->epfd >= 0)
		close(rt->epfd);
	if (rt->stopfd >= 0)
		close(rt->stopfd);
	if (rt->sock_path != NULL && !rt->forked)
		unlink(rt->sock_path);
	free(rt->sock_path);
	free(rt->addr);
	free(rt->conns);
	free(rt->listen);
	free(rt->pool);
	free(rt->limit_ext);
	free(rt->status_path);
	free(rt->ping_path);
	free(rt->ping_response);
	free(rt);
}

void
pf_rt_stats(struct pf_rt *rt, struct pf_rt_stats *out)
{
	out->start_time = rt->stats.start_time;
	out->accepted_conns = __atomic_load_n(&rt->stats.accepted_conns,
	    __ATOMIC_RELAXED);
	out->requests = __atomic_load_n(&rt->stats.requests,
	    __ATOMIC_RELAXED);
	out->active_conns = __atomic_load_n(&rt->stats.active_conns,
	    __ATOMIC_RELAXED);
	out->max_active_conns = __atomic_load_n(&rt->stats.max_active_conns,
	    __ATOMIC_RELAXED);
	out->timeouts = __atomic_load_n(&rt->stats.timeouts,
	    __ATOMIC_RELAXED);
	out->protocol_errors = __atomic_load_n(&rt->stats.protocol_errors,
	    __ATOMIC_RELAXED);
}
