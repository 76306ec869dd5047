/*
 * link.c - route -> pool linking (see link.h).
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "parsers/fpm.h"
#include "rules/link.h"
#include "rules/rule.h"

static int
prefix_ci(const char *s, const char *p)
{
	return strncasecmp(s, p, strlen(p)) == 0;
}

int
pf_backend_parse(struct pf_arena *a, const char *t, struct pf_backend *b)
{
	const char *bar, *h, *e, *url;

	memset(b, 0, sizeof(*b));
	if (t == NULL)
		return -1;
	while (*t == '"' || *t == '\'')
		t++;
	if (prefix_ci(t, "proxy:"))
		t += 6;
	url = t;
	if (prefix_ci(t, "unix:")) {
		bar = strchr(t, '|');
		if (bar == NULL)
			return -1;
		b->socket = pf_strndup(a, t + 5, (size_t)(bar - t - 5));
		url = bar + 1;
	}
	if (!prefix_ci(url, "fcgi://"))
		return -1;
	h = url + 7;
	if (*h == '[') {
		e = strchr(h, ']');
		if (e == NULL)
			return -1;
		b->host = pf_strndup(a, h + 1, (size_t)(e - h - 1));
		e++;
	} else {
		e = h + strcspn(h, ":/\"");
		b->host = pf_strndup(a, h, (size_t)(e - h));
	}
	b->port = 8000;		/* mod_proxy's default for fcgi:// */
	if (*e == ':') {
		b->port = atoi(e + 1);
		e++;
		while (isdigit((unsigned char)*e))
			e++;
	}
	b->worker = pf_strndup(a, url, (size_t)(e - url));
	b->path = *e == '/' ? pf_strndup(a, e, strcspn(e, "\"")) : "";
	return 0;
}

int
pf_host_is_loopback(const char *h)
{
	if (h == NULL)
		return 0;
	return strcasecmp(h, "localhost") == 0 ||
	    strncmp(h, "127.", 4) == 0 || strcmp(h, "::1") == 0 ||
	    strcmp(h, "[::1]") == 0 || strcasecmp(h, "ip6-localhost") == 0;
}

/* Compares unix socket paths: //, trailing dots and /var/run -> /run. */
static const char *
norm_sock(char *buf, size_t n, const char *p)
{
	size_t o = 0;

	if (strncmp(p, "/var/run/", 9) == 0)
		p += 4;
	if (strstr(p, "//") == NULL) {
		size_t l = strlen(p);

		if (l >= n)
			l = n - 1;
		memcpy(buf, p, l);
		buf[l] = '\0';
		return buf;
	}
	for (; *p != '\0' && o + 1 < n; p++) {
		if (*p == '/' && o > 0 && buf[o - 1] == '/')
			continue;
		buf[o++] = *p;
	}
	buf[o] = '\0';
	return buf;
}

/*
 * The path a pool's socket has: php-fpm cuts a listen path to sun_path's
 * 107 bytes (fpm_sockets.c, fpm_socket_af_unix_listening_socket), while
 * mod_proxy connects to the whole path (ap_proxy_connect_uds), so a route
 * naming a longer path never reaches it.
 */
static const char *
pool_sock(char *buf, size_t n, const char *path)
{
	size_t l = strlen(path);

	if (l < 108 || n < 108)
		return path;
	memcpy(buf, path, 107);
	buf[107] = '\0';
	return buf;
}

static int
same_sock(const char *a, const char *b)
{
	char x[4096], y[4096];

	if (a == NULL || b == NULL)
		return 0;
	return strcmp(norm_sock(x, sizeof(x), a),
	    norm_sock(y, sizeof(y), b)) == 0;
}

/* The part of a worker name used for matching: lower case, no '/' end. */
static void
worker_key(char *buf, size_t n, const char *name)
{
	size_t i, o = 0;
	const char *bar;

	if (strncasecmp(name, "unix:", 5) == 0 &&
	    (bar = strchr(name, '|')) != NULL)
		name = bar + 1;
	/* tolower() of the C locale (the program sets no other) */
	for (i = 0; name[i] != '\0' && o + 1 < n; i++)
		buf[o++] = name[i] >= 'A' && name[i] <= 'Z' ?
		    (char)(name[i] - 'A' + 'a') : name[i];
	while (o > 0 && buf[o - 1] == '/')
		o--;
	buf[o] = '\0';
}

/* Can a request served by server use w (a worker of that server or of
 * the main server, not a balancer's member)? */
static int
in_scope(const struct pf_worker *w, const struct pf_node *server)
{
	return w->balancer == NULL && (w->server == NULL ||
	    w->server == server);
}

const struct pf_worker *
pf_link_worker(const struct pf_model *m, const struct pf_backend *b,
    const struct pf_node *server)
{
	char want[1024], have[1024];
	const struct pf_worker *best = NULL;
	size_t i, bestlen = 0, l;

	if (m->apache == NULL || b->worker == NULL)
		return NULL;
	worker_key(want, sizeof(want), b->worker);
	for (i = 0; i < m->apache->workers.n; i++) {
		const struct pf_worker *w = m->apache->workers.v[i];

		/* a balancer's route uses its member, others never do */
		if (b->balancer != NULL ? w->balancer == NULL ||
		    b->bserver != w->server ||
		    strcmp(b->balancer, w->balancer) != 0 :
		    !in_scope(w, server))
			continue;
		worker_key(have, sizeof(have), w->key ? w->key : w->name);
		l = strlen(have) * 2 + (w->server == NULL);
		/* mod_proxy picks the longest worker name that prefixes the
		 * URL (ours is host[:port]), the unix: part of either left
		 * out (ap_proxy_de_socketfy); of equal names the main
		 * server's, then the first defined. */
		if (strncmp(want, have, strlen(have)) == 0 &&
		    (want[strlen(have)] == '\0' || want[strlen(have)] == '/') &&
		    l > bestlen) {
			best = w;
			bestlen = l;
		}
	}
	return best;
}

static struct pf_pool *
find_sock(const struct pf_model *m, const char *path)
{
	size_t i;

	/* connect() refuses a longer address, or looks for a path of 108
	 * bytes that php-fpm never binds */
	if (strlen(path) >= 108)
		return NULL;
	for (i = 0; i < m->pools.n; i++) {
		struct pf_pool *p = m->pools.v[i];
		char cut[108];

		if (p->listen.kind == PF_LISTEN_UNIX &&
		    p->listen.path != NULL &&
		    same_sock(pool_sock(cut, sizeof(cut), p->listen.path),
		    path))
			return p;
	}
	/*
	 * Debian's php-fpm units keep /run/php/php-fpm.sock pointing at the
	 * default version's socket (update-alternatives).
	 */
	if (same_sock(path, "/run/php/php-fpm.sock"))
		for (i = 0; i < m->pools.n; i++) {
			struct pf_pool *p = m->pools.v[i];

			if (p->listen.kind == PF_LISTEN_UNIX &&
			    p->listen.path != NULL &&
			    strncmp(p->listen.path, "/run/php/php", 12) == 0 &&
			    strstr(p->listen.path, "-fpm.sock") != NULL)
				return p;
		}
	return NULL;
}

static int
host_any(const char *h)
{
	return h == NULL || h[0] == '\0' || strcmp(h, "*") == 0 ||
	    strcmp(h, "0.0.0.0") == 0 || strcmp(h, "::") == 0 ||
	    strcmp(h, "[::]") == 0;
}

/* A numeric host (inet_aton's forms, [v6] brackets) as 16 bytes, IPv4
 * v4-mapped: 4 or 6, or 0 for a name. */
static int
addr16(const char *h, unsigned char a[16])
{
	char buf[64];
	size_t n;
	struct in_addr v4;

	if (h == NULL)
		return 0;
	n = strlen(h);
	if (n >= 2 && h[0] == '[' && h[n - 1] == ']') {
		if (n - 2 >= sizeof(buf))
			return 0;
		memcpy(buf, h + 1, n - 2);
		buf[n - 2] = '\0';
		h = buf;
	}
	if (inet_aton(h, &v4) == 1) {
		memset(a, 0, 10);
		a[10] = a[11] = 0xff;
		memcpy(a + 12, &v4, 4);
		return 4;
	}
	return inet_pton(AF_INET6, h, a) == 1 ? 6 : 0;
}

/* A route's host as the addresses mod_proxy tries, in its order: a
 * numeric host itself; a name as etc/hosts gives it (n = 0: a name not
 * looked up, or not in the file). */
struct raddrs {
	int		 n;
	unsigned char	 a[PF_HOSTS_MAX][16];
};

static const unsigned char v4mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0xff, 0xff };

static void
route_addrs(struct pf_run *run, struct pf_hosts *hosts, const char *h,
    struct raddrs *ra)
{
	ra->n = 0;
	if (h == NULL)
		return;
	if (addr16(h, ra->a[0]) != 0)
		ra->n = 1;
	else if (hosts != NULL && run != NULL)
		ra->n = pf_hosts_lookup(run, hosts, h, ra->a);
}

/* The address pool P's socket has (16 bytes into pa): 4 or 6; 0 for a
 * name not looked up; -1 for a name none of whose addresses binds. */
static int
pool_addr(const struct pf_pool *p, const char *ph, unsigned char pa[16])
{
	if (p->listen.bound_af > 0)
		memcpy(pa, p->listen.bound, 16);
	if (p->listen.bound_af != 0)
		return p->listen.bound_af;
	return addr16(ph, pa);
}

/*
 * Does a connection to host H (its addresses RA) reach pool P, bound to
 * PH on the port?  0 if not, else 1 + the index in RA of the first
 * address that does: mod_proxy tries the addresses of a name in turn
 * until one connects (proxy_util.c, ap_proxy_connect_backend; 2.4.71
 * observed, tests/fpm/name_route_oracle.sh), so a route to "localhost"
 * (::1 then 127.0.0.1) reaches a pool on 127.0.0.1.  A socket bound to
 * an address takes only connections to that address (127.0.0.2 is not
 * 127.0.0.1, [::1] is not 127.0.0.1; Linux hands an IPv4 connection to a
 * socket bound to its v4-mapped form): addresses are compared so, a pool
 * on a name by the one address php-fpm bound for it (listen.bound: the
 * first etc/hosts gives, so "localhost:9000" takes [::1]:9000 only).
 * 0.0.0.0 takes every IPv4 address; [::] and a bare port (php-fpm binds
 * [::], dual-stack) every address.  A name on either side not looked up
 * (not in etc/hosts) stays the loopback guess.
 */
static int
tcp_reaches(const struct pf_pool *p, const char *ph, const char *h,
    const struct raddrs *ra)
{
	unsigned char pa[16];
	int pf, i;

	if (host_any(ph) || p->listen.any) {
		int v4 = ph != NULL && addr16(ph, pa) == 4;	/* 0.0.0.0 */

		if (ra->n == 0)
			return 1;
		for (i = 0; i < ra->n; i++)
			if (!v4 || memcmp(ra->a[i], v4mapped, 12) == 0)
				return i + 1;
		return 0;	/* 0.0.0.0 from IPv6 addresses only */
	}
	pf = pool_addr(p, ph, pa);
	if (pf < 0)
		return 0;
	if (pf != 0 && ra->n > 0) {
		for (i = 0; i < ra->n; i++)
			if (memcmp(pa, ra->a[i], 16) == 0)
				return i + 1;
		return 0;
	}
	if (pf_host_is_loopback(ph) && pf_host_is_loopback(h))
		return 1;
	return h != NULL && strcasecmp(ph, h) == 0;
}

struct pf_pool *
pf_link_backend(const struct pf_model *m, const struct pf_backend *b,
    const struct pf_node *server)
{
	const struct pf_worker *w;
	struct pf_pool *best = NULL;
	struct raddrs ra;
	size_t i;
	int br = 0;

	/* the worker's socket, when it has one, wins over the URL's (its
	 * uds_path before the request's "uds_path" note) */
	w = pf_link_worker(m, b, server);
	if (w != NULL && w->socket != NULL)
		return find_sock(m, w->socket);
	if (b->socket != NULL)
		return find_sock(m, b->socket);
	route_addrs(NULL, NULL, b->host, &ra);	/* names not looked up */
	for (i = 0; i < m->pools.n && br != 1; i++) {
		struct pf_pool *p = m->pools.v[i];
		int r;

		if (p->listen.kind != PF_LISTEN_TCP || p->listen.port != b->port)
			continue;
		r = tcp_reaches(p, p->listen.host, b->host, &ra);
		if (r > 0 && (best == NULL || r < br)) {
			best = p;
			br = r;
		}
	}
	return best;
}

/* A 16-byte address as text: 127.0.0.1, or [::1] when bracketed. */
static const char *
addr_text(char *buf, size_t n, const unsigned char a[16], int brackets)
{
	char t[INET6_ADDRSTRLEN];

	if (memcmp(a, v4mapped, 12) == 0)
		(void)inet_ntop(AF_INET, a + 12, t, sizeof(t));
	else
		(void)inet_ntop(AF_INET6, a, t, sizeof(t));
	snprintf(buf, n, brackets && memcmp(a, v4mapped, 12) != 0 ? "[%s]" :
	    "%s", t);
	return buf;
}

/* ---- the index -------------------------------------------------------- */

struct pworker {
	const struct pf_worker *w;
	const char	*key;		/* authority lower-cased, path as is */
	uint32_t	 head;		/* length before the first $N */
	uint32_t	 keylen;
	unsigned char	 match;		/* has $N: ap_proxy_strcmp_ematch() */
	unsigned char	 plain_head;	/* no '\\' before the first $N */
	size_t		 next;		/* same head hash: index + 1 */
};

struct lent {
	const char	*key;		/* NULL: empty slot */
	void		*val;
	struct lent	*dup;		/* further values of the same key */
};

struct lmap {
	struct lent	*e;
	size_t		 n, cap;
};

struct pf_link_index {
	struct pf_run	*run;
	const struct pf_model *m;
	struct lmap	 socks;		/* normalised path -> pool */
	struct lmap	 ports;		/* "port" -> TCP pools, in order */
	struct lmap	 workers;	/* server|authority -> workers, in
					 * order (server: its <VirtualHost>
					 * node's address, NULL the main's) */
	struct lmap	 members;	/* server|balancer|authority -> a
					 * balancer's member worker */
	/* Workers whose name has a path (ProxyPass, ProxyPassMatch URLs):
	 * by the hash of their literal head (up to a $N) -> index + 1 into
	 * pw, whose next chains the heads that hash alike. */
	PF_VEC(struct pworker) pw;
	size_t		*phead;		/* open addressing on the hash */
	int		 pw_sock;	/* one of them has a unix: socket */
	int		 vworkers;	/* a vhost defines a worker (not a
					 * balancer's member) */
	uint64_t	*phash;
	size_t		 pcap;
	/* The lengths of the heads, ascending, each once: pw_find() looks
	 * up only those prefixes of a URL. */
	size_t		*hlen;
	size_t		 nhlen;
	/* etc/hosts, loaded here (the lookups may run on several threads)
	 * when a pool listens on TCP: route names are looked up in it */
	struct pf_hosts	*hosts;		/* NULL: no TCP pool */
};

static size_t
shash(const char *s)
{
	size_t h = 5381;

	while (*s != '\0')
		h = h * 33 + (unsigned char)*s++;
	return h;
}

static struct lent *
lmap_find(const struct lmap *m, const char *key)
{
	size_t i, mask;

	if (m->cap == 0)
		return NULL;
	mask = m->cap - 1;
	for (i = shash(key) & mask; m->e[i].key != NULL; i = (i + 1) & mask)
		if (strcmp(m->e[i].key, key) == 0)
			return &m->e[i];
	return NULL;
}

/* Appends val under key (values of one key keep their order). */
static void
lmap_add(struct pf_arena *a, struct lmap *m, const char *key, void *val)
{
	struct lent *e;
	size_t i, mask;

	if (m->n * 2 >= m->cap) {
		size_t ncap = m->cap ? m->cap * 2 : 64, j;
		struct lent *ne = pf_alloc(a, ncap * sizeof(*ne));

		for (j = 0; j < m->cap; j++)
			if (m->e[j].key != NULL) {
				i = shash(m->e[j].key) & (ncap - 1);
				while (ne[i].key != NULL)
					i = (i + 1) & (ncap - 1);
				ne[i] = m->e[j];
			}
		m->e = ne;
		m->cap = ncap;
	}
	if ((e = lmap_find(m, key)) != NULL) {
		struct lent *d = pf_alloc(a, sizeof(*d));

		while (e->dup != NULL)
			e = e->dup;
		d->key = e->key;
		d->val = val;
		e->dup = d;
		return;
	}
	mask = m->cap - 1;
	for (i = shash(key) & mask; m->e[i].key != NULL; i = (i + 1) & mask)
		;
	m->e[i].key = pf_strdup(a, key);
	m->e[i].val = val;
	m->n++;
}

/* "fcgi://host:port" of a worker key or backend, lower case, into buf
 * (n bytes; cut to fit).  Lookups keep their keys on the stack: a run of
 * 10,000 vhosts makes tens of thousands of them. */
static const char *
authority(char *buf, size_t n, const char *key)
{
	const char *p = key;
	size_t l;

	if (strncmp(p, "fcgi://", 7) == 0)
		p += 7;
	l = (size_t)(p + strcspn(p, "/") - key);
	if (l >= n)
		l = n - 1;
	memcpy(buf, key, l);
	buf[l] = '\0';
	return buf;
}

/* A URL as mod_proxy compares worker names: the unix: part dropped,
 * scheme and authority lower-cased, the path as written, no final '/'. */
static size_t
url_key(char *buf, size_t n, const char *name)
{
	size_t o = 0, l, pl;
	const char *a, *bar, *sl;

	if (strncasecmp(name, "unix:", 5) == 0 &&
	    (bar = strchr(name, '|')) != NULL)
		name = bar + 1;
	/* the path: from the first '/' after "://" (without one, none) */
	a = strstr(name, "://");
	l = strlen(name);
	pl = a != NULL && (sl = strchr(a + 3, '/')) != NULL ?
	    (size_t)(sl - name) : l;
	for (; o < pl && o + 1 < n; o++)
		/* tolower() of the C locale (the program sets no other) */
		buf[o] = name[o] >= 'A' && name[o] <= 'Z' ?
		    (char)(name[o] - 'A' + 'a') : name[o];
	if (o == pl && o + 1 < n) {
		size_t r = l - pl < n - 1 - o ? l - pl : n - 1 - o;

		memcpy(buf + o, name + pl, r);
		o += r;
	}
	while (o > 0 && buf[o - 1] == '/')
		o--;
	buf[o] = '\0';
	return o;
}

/* ap_proxy_strcmp_ematch(): $N in a worker name matches any text.
 * 0 match, 1 mismatch, -1 str too short. */
static int
ematch(const char *str, const char *exp)
{
	size_t x, y;

	for (x = 0, y = 0; exp[y] != '\0'; ++y, ++x) {
		if (exp[y] == '$' && isdigit((unsigned char)exp[y + 1])) {
			int ret;

			do
				y += 2;
			while (exp[y] == '$' && isdigit((unsigned char)exp[y + 1]));
			if (exp[y] == '\0')
				return 0;
			while (str[x] != '\0')
				if ((ret = ematch(&str[x++], &exp[y])) != 1)
					return ret;
			return -1;
		} else if (str[x] == '\0')
			return -1;
		else if (exp[y] == '\\' && exp[++y] == '\0')
			return -2;
		if (str[x] != exp[y])
			return 1;
	}
	return 0;
}

static uint64_t
fnv_step(uint64_t h, int c)
{
	return (h ^ (unsigned char)c) * 1099511628211ULL;
}

static void
pw_add(struct pf_arena *a, struct pf_link_index *x, const struct pf_worker *w,
    const char *key)
{
	struct pworker p;
	uint64_t h = 14695981039346656037ULL;
	size_t i, k;

	memset(&p, 0, sizeof(p));
	p.w = w;
	if (w->socket != NULL)
		x->pw_sock = 1;
	p.key = pf_strdup(a, key);
	p.keylen = (uint32_t)strlen(key);
	p.plain_head = 1;
	for (p.head = 0; key[p.head] != '\0'; p.head++) {
		if (key[p.head] == '$' && isdigit((unsigned char)key[p.head + 1])) {
			p.match = 1;
			break;
		}
		if (key[p.head] == '\\')
			p.plain_head = 0;
		h = fnv_step(h, key[p.head]);
	}
	PF_PUSH(a, x->pw, p);
	if (x->pw.n * 2 > x->pcap) {
		size_t ncap = x->pcap ? x->pcap * 2 : 64, j;
		size_t *nh = pf_alloc(a, ncap * sizeof(*nh));
		uint64_t *nk = pf_alloc(a, ncap * sizeof(*nk));

		for (j = 0; j < x->pcap; j++)
			if (x->phead[j] != 0) {
				for (i = x->phash[j] & (ncap - 1); nh[i] != 0;
				    i = (i + 1) & (ncap - 1))
					;
				nh[i] = x->phead[j];
				nk[i] = x->phash[j];
			}
		x->phead = nh;
		x->phash = nk;
		x->pcap = ncap;
	}
	for (i = h & (x->pcap - 1); x->phead[i] != 0; i = (i + 1) & (x->pcap - 1))
		if (x->phash[i] == h) {
			/* Append to the chain, keeping the order of definition. */
			for (k = x->phead[i]; x->pw.v[k - 1].next != 0;
			    k = x->pw.v[k - 1].next)
				;
			x->pw.v[k - 1].next = x->pw.n;
			return;
		}
	x->phead[i] = x->pw.n;
	x->phash[i] = h;
}

/*
 * The longest worker with a path whose name covers url (mod_proxy's
 * ap_proxy_get_worker_ex: prefix, or $N matching any text; at most as
 * long as the URL; of equal length the main server's, then the first).
 * *len gets its length.
 */
static const struct pf_worker *
pw_find(const struct pf_link_index *x, const char *url,
    const struct pf_node *server, size_t *len)
{
	uint64_t h = 14695981039346656037ULL;
	const struct pf_worker *best = NULL;
	size_t ul = strlen(url), l = 0, i, k, bestlen = 0, hi;

	if (x->pcap == 0)
		return NULL;
	for (hi = 0; hi < x->nhlen && x->hlen[hi] <= ul; hi++) {
		for (; l < x->hlen[hi]; l++)
			h = fnv_step(h, url[l]);
		for (i = h & (x->pcap - 1); x->phead[i] != 0;
		    i = (i + 1) & (x->pcap - 1)) {
			if (x->phash[i] != h)
				continue;
			for (k = x->phead[i]; k != 0; k = x->pw.v[k - 1].next) {
				const struct pworker *p = &x->pw.v[k - 1];
				size_t kl = p->keylen;

				if (p->head != l || kl > ul || kl < bestlen ||
				    (kl == bestlen && (best->server == NULL ||
				    p->w->server != NULL)) ||
				    !in_scope(p->w, server) ||
				    strncmp(url, p->key, l) != 0)
					continue;
				/* The head is url's (strncmp): ematch()
				 * goes on from there unless a '\\' in it
				 * escapes. */
				if (p->match ? (p->plain_head ?
				    ematch(url + l, p->key + l) :
				    ematch(url, p->key)) != 0 : kl != l)
					continue;
				best = p->w;
				bestlen = kl;
			}
			break;
		}
	}
	*len = bestlen;
	return best;
}

/*
 * "SERVER|a" or "SERVER|a|b" (b NULL: none) into buf (n bytes, cut to
 * fit), SERVER the
 * node's address in hex: the workers' and members' map keys, written by
 * hand (snprintf's "%p|%s" was a thousand instructions a key, 50,000 keys
 * at 10,000 vhosts).
 */
static const char *
srv_key(char *buf, size_t n, const void *server, const char *a,
    const char *b)
{
	static const char hex[] = "0123456789abcdef";
	uintptr_t v = (uintptr_t)server;
	size_t i = 0, k, l;
	char tmp[2 * sizeof(v)];

	k = 0;
	do {
		tmp[k++] = hex[v & 15];
		v >>= 4;
	} while (v != 0);
	while (k > 0 && i + 1 < n)
		buf[i++] = tmp[--k];
	if (i + 1 < n)
		buf[i++] = '|';
	for (k = 0; k < 2; k++) {
		const char *s = k == 0 ? a : b;

		if (s == NULL)
			break;
		if (k == 1 && i + 1 < n)
			buf[i++] = '|';
		l = strlen(s);
		if (l > n - 1 - i)
			l = n - 1 - i;
		memcpy(buf + i, s, l);
		i += l;
	}
	buf[i] = '\0';
	return buf;
}

/* The members map's key into buf: a balancer is its server's, and its
 * members with one authority are one worker (mod_proxy's worker
 * sharing). */
static const char *
member_key(char *buf, size_t n, const struct pf_node *server,
    const char *balancer, const char *authority)
{
	return srv_key(buf, n, server, balancer != NULL ? balancer : "(null)",
	    authority != NULL ? authority : "(null)");
}

static int
size_cmp(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;

	return x < y ? -1 : x > y;
}

struct pf_link_index *
pf_link_index_new(struct pf_run *run)
{
	struct pf_link_index *x = pf_alloc(run->arena, sizeof(*x));
	const struct pf_model *m = pf_model_get(run);
	char buf[4096], ab[4096], mk[8192];
	size_t i;

	x->run = run;
	x->m = m;
	for (i = 0; i < m->pools.n; i++) {
		struct pf_pool *p = m->pools.v[i];

		if (p->listen.kind == PF_LISTEN_UNIX && p->listen.path != NULL)
			lmap_add(run->arena, &x->socks, norm_sock(buf,
			    sizeof(buf), pool_sock(mk, sizeof(mk),
			    p->listen.path)), p);
		else if (p->listen.kind == PF_LISTEN_TCP) {
			lmap_add(run->arena, &x->ports, pf_printf(run->arena,
			    "%d", p->listen.port), p);
			if (x->hosts == NULL) {
				unsigned char a[PF_HOSTS_MAX][16];

				x->hosts = pf_alloc(run->arena,
				    sizeof(*x->hosts));
				(void)pf_hosts_lookup(run, x->hosts, "", a);
			}
		}
	}
	if (m->apache != NULL)
		for (i = 0; i < m->apache->workers.n; i++) {
			struct pf_worker *w = m->apache->workers.v[i];
			const char *k;

			worker_key(buf, sizeof(buf), w->key ? w->key : w->name);
			k = authority(ab, sizeof(ab), buf);
			if (w->server != NULL && w->balancer == NULL)
				x->vworkers = 1;
			if (w->balancer != NULL) {
				lmap_add(run->arena, &x->members,
				    member_key(mk, sizeof(mk), w->server,
				    w->balancer, k), w);
				continue;
			}
			if (strlen(k) != strlen(buf)) {
				url_key(buf, sizeof(buf), w->key ? w->key :
				    w->name);
				pw_add(run->arena, x, w, buf);
				continue;
			}
			lmap_add(run->arena, &x->workers, srv_key(mk,
			    sizeof(mk), w->server, k, NULL), w);
		}
	if (x->pw.n > 0) {
		size_t *hl = pf_xmalloc(x->pw.n * sizeof(*hl));

		for (i = 0; i < x->pw.n; i++)
			hl[i] = x->pw.v[i].head;
		qsort(hl, x->pw.n, sizeof(*hl), size_cmp);
		for (i = 0; i < x->pw.n; i++)
			if (x->nhlen == 0 || hl[x->nhlen - 1] != hl[i])
				hl[x->nhlen++] = hl[i];
		x->hlen = pf_alloc(run->arena, x->nhlen * sizeof(*x->hlen));
		memcpy(x->hlen, hl, x->nhlen * sizeof(*x->hlen));
		free(hl);
	}
	return x;
}

const struct pf_worker *
pf_link_worker_idx(const struct pf_link_index *x, const struct pf_backend *b,
    const struct pf_node *server)
{
	char want[1024], have[1024], ab[1024], kb[8192];
	const struct pf_worker *best = NULL;
	const struct lent *e;
	size_t bestlen = 0, l;
	int pass;

	if (b->worker == NULL)
		return NULL;
	if (b->balancer != NULL) {
		worker_key(want, sizeof(want), b->worker);
		e = lmap_find(&x->members, member_key(kb, sizeof(kb),
		    b->bserver, b->balancer, authority(ab, sizeof(ab),
		    want)));
		return e != NULL ? e->val : NULL;
	}
	/* A worker named with a path is longer than any without: it wins
	 * when it covers the URL. */
	if (x->pcap > 0) {
		char url[4096];
		size_t n = url_key(url, sizeof(url), b->worker);

		if (b->path != NULL && n + strlen(b->path) + 1 < sizeof(url))
			memcpy(url + n, b->path, strlen(b->path) + 1);
		if ((best = pw_find(x, url, server, &l)) != NULL)
			return best;
	}
	/* The unix: part of the URL and of the workers' names plays no
	 * part (ap_proxy_get_worker_ex drops it first): two vhosts' workers
	 * "unix:/a.sock|fcgi://localhost" and "unix:/b.sock|fcgi://localhost"
	 * differ by their server only, and in one server the second shares
	 * the first (tests/rules/worker_server_oracle.sh). */
	worker_key(want, sizeof(want), b->worker);
	authority(ab, sizeof(ab), want);
	/* the main server's workers of that name, then the server's own */
	for (pass = 0; pass < (server != NULL ? 2 : 1); pass++) {
		srv_key(kb, sizeof(kb), pass == 0 ? NULL : server, ab, NULL);
		for (e = lmap_find(&x->workers, kb); e != NULL; e = e->dup) {
			const struct pf_worker *w = e->val;
			size_t hl;

			worker_key(have, sizeof(have), w->key ? w->key :
			    w->name);
			hl = strlen(have);
			l = hl * 2 + (w->server == NULL);
			if (strncmp(want, have, hl) == 0 && (want[hl] ==
			    '\0' || want[hl] == '/') && l > bestlen) {
				best = w;
				bestlen = l;
			}
		}
	}
	return best;
}

static struct pf_pool *
find_sock_idx(const struct pf_link_index *x, const char *path)
{
	char buf[4096];
	const struct lent *e;

	if (strlen(path) >= 108)
		return NULL;	/* as find_sock() */
	e = lmap_find(&x->socks, norm_sock(buf, sizeof(buf), path));
	if (e != NULL)
		return e->val;
	/* same_sock(path, "/run/php/php-fpm.sock"): that name is its own
	 * norm_sock() */
	if (strcmp(buf, "/run/php/php-fpm.sock") == 0)
		return find_sock(x->m, path);
	return NULL;
}

int
pf_link_socket_paths(const struct pf_link_index *x)
{
	return x->pw_sock;
}

struct pf_pool *
pf_link_backend_idx(const struct pf_link_index *x, const struct pf_backend *b,
    const struct pf_node *server)
{
	const struct pf_worker *w;
	const struct lent *e;
	struct pf_pool *best = NULL;
	struct raddrs ra;
	char port[16];
	int br = 0;

	/* the worker's socket, when it has one, wins over the URL's:
	 * mod_proxy connects to worker->s->uds_path before the request's
	 * "uds_path" note (2.4.71: ProxyPass /b/ "unix:/b.sock|fcgi://
	 * localhost/www/" after /a/ to a.sock shares a's worker, and /b/
	 * is answered by a's pool; tests/rules/worker_server_oracle.sh) */
	w = pf_link_worker_idx(x, b, server);
	if (w != NULL && w->socket != NULL)
		return find_sock_idx(x, w->socket);
	if (b->socket != NULL)
		return find_sock_idx(x, b->socket);
	snprintf(port, sizeof(port), "%d", b->port);
	e = lmap_find(&x->ports, port);
	if (e == NULL)
		return NULL;
	route_addrs(x->run, x->hosts, b->host, &ra);
	for (; e != NULL && br != 1; e = e->dup) {
		struct pf_pool *p = e->val;
		int r = tcp_reaches(p, p->listen.host, b->host, &ra);

		/* the pool of the first address that connects */
		if (r > 0 && (best == NULL || r < br)) {
			best = p;
			br = r;
		}
	}
	return best;
}

/* ---- linking ---------------------------------------------------------- */

/* Is path dir or below it?  dir may have shell wildcards, matched
 * component by component as <Directory> does. */
static int
path_under(const char *path, const char *dir)
{
	return pf_path_wild_under(path, dir, FNM_PERIOD, 1);
}

/*
 * The files a handler route of v is looked up with, one after the other
 * (mod_proxy's URL for a handler is the backend's and the file's path:
 * a worker named with a path and a socket covers the files below that
 * path): the DocumentRoot's, and those below the Alias targets (v's and
 * the main server's Aliases) that the route's <Directory> applies to;
 * with a <Directory> that neither the DocumentRoot nor an Alias target
 * reaches, that directory's.  phpMyAdmin's <Directory /usr/share/
 * phpmyadmin> handler behind "Alias /phpmyadmin" serves only the files
 * below the Alias target.  Nothing is kept: the walk restarts per lookup.
 */
struct rfiles {
	const struct pf_link_index *x;
	const struct pf_route *r;
	const struct pf_vhost *v;
	const char	*dir;		/* the route's <Directory>, or NULL */
	int		 stage;		/* 0 DocumentRoot, 1 v's Aliases, 2 the
					 * main server's, 3 the <Directory>,
					 * 4 done */
	size_t		 i;
	int		 n;		/* files given so far */
};

static void
rfiles_init(struct rfiles *it, const struct pf_link_index *x,
    const struct pf_route *r, const struct pf_vhost *v)
{
	const struct pf_node *s;

	memset(it, 0, sizeof(*it));
	it->x = x;
	it->r = r;
	it->v = v;
	/* the innermost <Directory> around the route (one of a regex,
	 * <DirectoryMatch>: not judged, as if none) */
	for (s = r->section; s != NULL; s = s->parent)
		if (s->name != NULL && (strcasecmp(s->name, "Directory") ==
		    0 || strcasecmp(s->name, "DirectoryMatch") == 0)) {
			if (strcasecmp(s->name, "Directory") == 0 &&
			    s->argc == 1 && s->argv[0][0] == '/')
				it->dir = s->argv[0];
			break;
		}
}

/* "DIR/index.php" into buf (n bytes, cut to fit as snprintf cuts), DIR
 * the first l bytes of dir. */
static const char *
index_php(char *buf, size_t n, const char *dir, size_t l)
{
	static const char tail[] = "/index.php";
	size_t k = sizeof(tail) - 1;

	if (l > n - 1)
		l = n - 1;
	memcpy(buf, dir, l);
	if (k > n - 1 - l)
		k = n - 1 - l;
	memcpy(buf + l, tail, k);
	buf[l + k] = '\0';
	return buf;
}

/* The next file into buf (n bytes), or NULL. */
static const char *
rfiles_next(struct rfiles *it, char *buf, size_t n)
{
	const struct pf_model *m = it->x->m;
	const struct pf_vhost *mv = m->apache != NULL ? &m->apache->main :
	    NULL;
	const char *dr;
	size_t l;

	for (;;)
		switch (it->stage) {
		case 0:
			it->stage = 1;
			dr = it->v->document_root.s;
			/* a vhost without a DocumentRoot has the main
			 * server's */
			if (dr == NULL && mv != NULL)
				dr = mv->document_root.s;
			if (dr == NULL || (it->dir != NULL &&
			    !path_under(dr, it->dir)))
				continue;
			it->n++;
			return index_php(buf, n, dr, strlen(dr));
		case 1:
		case 2: {
			const struct pf_vhost *av = it->stage == 1 ? it->v : mv;
			const struct pf_alias *al;
			const char *t;

			if (av == NULL || (it->stage == 2 && av == it->v) ||
			    it->i >= av->alias_map.n) {
				it->stage++;
				it->i = 0;
				continue;
			}
			al = &av->alias_map.v[it->i++];
			if (al->regex || al->script || al->path == NULL ||
			    al->path[0] != '/')
				continue;
			t = al->path;
			/* the deeper of the target and the <Directory> */
			if (it->dir != NULL && !path_under(t, it->dir)) {
				if (strpbrk(it->dir, "*?[") != NULL ||
				    !path_under(it->dir, t))
					continue;
				t = it->dir;
			}
			l = strlen(t);
			while (l > 1 && t[l - 1] == '/')
				l--;
			it->n++;
			return index_php(buf, n, t, l);
		}
		case 3:
			it->stage = 4;
			if (it->n > 0 || it->dir == NULL ||
			    strpbrk(it->dir, "*?[") != NULL)
				continue;
			l = strlen(it->dir);
			while (l > 1 && it->dir[l - 1] == '/')
				l--;
			it->n++;
			return index_php(buf, n, it->dir, l);
		default:
			return NULL;
		}
}

/*
 * A handler is a string expression since httpd 2.4.19 (core.c
 * set_sethandler: ap_expr_parse_cmd, evaluated for each request), so
 * SetHandler "proxy:unix:/run/php/%{SERVER_NAME}.sock|fcgi://localhost"
 * connects each vhost to its own pool.  The socket of v's requests: its
 * ServerName for %{SERVER_NAME} and %{HTTP_HOST} (the name a request for
 * it carries; verified on 2.4.71, Host a.test -> a.test.sock, runs);
 * other variables are left as written (no pool has such a name).
 */
const char *
pf_link_expr_socket(const struct pf_link_index *x, const char *sock,
    const struct pf_vhost *v)
{
	if (v == NULL || v->server_name.s == NULL)
		return sock;
	return pf_link_expr_socket_of(x, sock, v->server_name.s,
	    v->server_name.s);
}

const char *
pf_link_expr_socket_of(const struct pf_link_index *x, const char *sock,
    const char *sname, const char *host)
{
	const char *p, *q;
	char *out, *o;
	size_t n = 0, ls = strlen(sname), lh = strlen(host);

	if (sock == NULL || strstr(sock, "%{") == NULL)
		return sock;
	for (p = sock; *p != '\0'; p++)
		n += *p == '%' ? (ls > lh ? ls : lh) : 1;
	o = out = pf_alloc(x->run->arena, n + 1);
	for (p = sock; *p != '\0'; p++) {
		int sn = 0;

		if (*p == '%' && p[1] == '{' && (q = strchr(p, '}')) != NULL &&
		    ((sn = q - p == 13 && strncasecmp(p + 2, "SERVER_NAME",
		    11) == 0) || (q - p == 11 && strncasecmp(p + 2,
		    "HTTP_HOST", 9) == 0))) {
			memcpy(o, sn ? sname : host, sn ? ls : lh);
			o += sn ? ls : lh;
			p = q;
			continue;
		}
		*o++ = *p;
	}
	*o = '\0';
	return out;
}

/*
 * A handler expression's socket with a variable known only per request
 * (%{env:MATCH_SITE} from a <LocationMatch "^/(?<site>...)">, %{REMOTE_
 * USER} ...): every pool whose unix socket the pattern can name, each
 * variable standing for any text, is reached by some request, so none
 * of them is unused.
 */
static void
mark_pattern(const struct pf_link_index *x, const char *sock)
{
	const char *p, *q;
	char *pat, *o;
	size_t i;

	o = pat = pf_alloc(x->run->arena, 2 * strlen(sock) + 1);
	for (p = sock; *p != '\0'; p++) {
		if (p[0] == '%' && p[1] == '{' && (q = strchr(p, '}')) != NULL) {
			*o++ = '*';
			p = q;
			continue;
		}
		if (strchr("*?[\\", *p) != NULL)
			*o++ = '\\';
		*o++ = *p;
	}
	*o = '\0';
	for (i = 0; i < x->m->pools.n; i++) {
		struct pf_pool *pl = x->m->pools.v[i];

		if (pl->listen.path != NULL &&
		    fnmatch(pat, pl->listen.path, 0) == 0)
			pl->used = 1;
	}
}

/*
 * The pool route r of v reaches (and *wp, when wp is not NULL, the
 * worker it goes through): a handler's URL ends with the file's path,
 * and when a worker named with a path has a socket, the files decide:
 * the first of rfiles that reaches a pool, else the first's.  With mark,
 * every pool one of the files reaches is used.
 */
static struct pf_pool *
route_resolve(const struct pf_link_index *x, const struct pf_route *r,
    const struct pf_vhost *v, const struct pf_worker **wp, int mark)
{
	struct pf_backend lb = r->backend;
	struct pf_pool *p, *got = NULL;
	const struct pf_worker *w = NULL;
	struct rfiles it;
	char buf[4096];
	const char *f;
	int first = 1;

	lb.socket = pf_link_expr_socket(x, lb.socket, v);
	if (mark && lb.socket != NULL && strstr(lb.socket, "%{") != NULL)
		mark_pattern(x, lb.socket);

	if (lb.path != NULL || !x->pw_sock || (r->kind !=
	    PF_ROUTE_SETHANDLER && r->kind != PF_ROUTE_ADDHANDLER)) {
		p = pf_link_backend_idx(x, &lb, v->node);
		if (wp != NULL)
			*wp = pf_link_worker_idx(x, &lb, v->node);
		if (p != NULL && mark)
			p->used = 1;
		return p;
	}
	rfiles_init(&it, x, r, v);
	while ((f = rfiles_next(&it, buf, sizeof(buf))) != NULL) {
		lb.path = f;
		p = pf_link_backend_idx(x, &lb, v->node);
		if (p != NULL && mark)
			p->used = 1;
		if (first || (p != NULL && got == NULL)) {
			if (wp != NULL)
				w = pf_link_worker_idx(x, &lb, v->node);
			got = p;
		}
		first = 0;
		if (got != NULL && !mark)
			break;
	}
	if (first) {		/* no file: the handler's URL as it is */
		lb.path = NULL;
		got = pf_link_backend_idx(x, &lb, v->node);
		if (wp != NULL)
			w = pf_link_worker_idx(x, &lb, v->node);
		if (got != NULL && mark)
			got->used = 1;
	}
	if (wp != NULL)
		*wp = w;
	return got;
}

/* Is r one of the main server's routes? */
static int
main_route(const struct pf_link_index *x, const struct pf_route *r)
{
	const struct pf_vhost *mv;

	if (x->m->apache == NULL)
		return 0;
	mv = &x->m->apache->main;
	return mv->routes.n > 0 && r >= mv->routes.v &&
	    r < mv->routes.v + mv->routes.n;
}

int
pf_link_route_varies(const struct pf_link_index *x, const struct pf_route *r)
{
	if (!main_route(x, r) || r->inactive || r->backend.balancer != NULL ||
	    (r->backend.socket == NULL && r->backend.host == NULL))
		return 0;
	/* a handler expression's socket: each vhost's own name in it */
	if (r->backend.socket != NULL && strstr(r->backend.socket, "%{") !=
	    NULL)
		return 1;
	/* a vhost's worker of the route's name (its socket wins), or a
	 * worker named with a path and a socket that covers the vhost's
	 * DocumentRoot or Alias targets (a handler's URL ends with the
	 * file) */
	return x->vworkers || (x->pw_sock && r->backend.path == NULL &&
	    (r->kind == PF_ROUTE_SETHANDLER || r->kind ==
	    PF_ROUTE_ADDHANDLER));
}

struct pf_pool *
pf_link_route_pool(const struct pf_link_index *x, const struct pf_route *r,
    const struct pf_vhost *v)
{
	if (v == NULL || v->node == NULL || !pf_link_route_varies(x, r))
		return r->pool;
	return route_resolve(x, r, v, NULL, 0);
}

const struct pf_worker *
pf_link_route_worker(const struct pf_link_index *x, const struct pf_route *r,
    const struct pf_vhost *v)
{
	const struct pf_worker *w;

	(void)route_resolve(x, r, v, &w, 0);
	return w;
}

struct pf_pool *
pf_link_socket_pool(const struct pf_link_index *x, const char *path)
{
	return find_sock_idx(x, path);
}

static void
link_vhost(struct pf_run *run, const struct pf_link_index *x,
    struct pf_vhost *v)
{
	size_t i;

	for (i = 0; i < v->routes.n; i++) {
		struct pf_route *r = &v->routes.v[i];

		if (r->backend.socket == NULL && r->backend.host == NULL &&
		    pf_backend_parse(run->arena, r->target, &r->backend) < 0)
			continue;
		r->pool = route_resolve(x, r, v, NULL, !r->inactive);
	}
}

/* Whether the pools the main server's route r reaches in each vhost
 * follow from its worker name alone (mark_by_worker). */
static int
by_worker(const struct pf_link_index *x, const struct pf_route *r)
{
	return x->pcap == 0 && r->backend.worker != NULL &&
	    r->backend.balancer == NULL && (r->backend.socket == NULL ||
	    strstr(r->backend.socket, "%{") == NULL) &&
	    pf_link_route_varies(x, r);
}

/*
 * The pools the main server's routes reach in every vhost, marked used,
 * for each worker name once rather than for each route and vhost (a
 * panel that writes each site's <Directory> and its handler in the main
 * server, and a <Proxy> per vhost: 10,000 routes times 10,000 vhosts
 * took 24 s).  Without workers named with a path, what a route of worker
 * name K reaches in vhost v is the socket of the worker K finds there
 * when it has one (the worker's socket wins), else the route's own
 * socket or address, whatever the vhost (pf_link_backend_idx), which
 * link_vhost() of the main server marked already.  So each vhost's
 * worker is looked up once per name and marks its pool.  done[i] is set
 * for the routes so marked; route_resolve() is asked per vhost for the
 * others (a path worker, a balancer, a handler expression).
 */
static void
mark_by_worker(const struct pf_link_index *x, const struct pf_vhost *mv,
    unsigned char *done)
{
	const struct pf_model *m = x->m;
	char key[1024], other[1024];
	const struct pf_backend *b;
	struct pf_pool *p;
	size_t i, j, k;

	for (i = 0; i < mv->routes.n; i++) {
		if (done[i] || !by_worker(x, &mv->routes.v[i]))
			continue;
		b = &mv->routes.v[i].backend;
		worker_key(key, sizeof(key), b->worker);
		for (j = 0; j < m->apache->vhosts.n; j++) {
			const struct pf_worker *w = pf_link_worker_idx(x, b,
			    m->apache->vhosts.v[j]->node);

			if (w != NULL && w->socket != NULL &&
			    (p = find_sock_idx(x, w->socket)) != NULL)
				p->used = 1;
		}
		/* this route and the later ones of its name */
		for (k = i; k < mv->routes.n; k++) {
			const struct pf_route *q = &mv->routes.v[k];

			if (done[k] || !by_worker(x, q))
				continue;
			worker_key(other, sizeof(other), q->backend.worker);
			if (strcmp(other, key) == 0)
				done[k] = 1;
		}
	}
}

struct pf_link_index *
pf_link_indexed(struct pf_run *run)
{
	struct pf_model *m = pf_model_get(run);
	struct pf_link_index *x = pf_link_index_new(run);
	size_t i;

	if (m->apache != NULL) {
		const struct pf_vhost *mv = &m->apache->main;
		unsigned char *done;

		link_vhost(run, x, &m->apache->main);
		for (i = 0; i < m->apache->vhosts.n; i++)
			link_vhost(run, x, m->apache->vhosts.v[i]);
		/*
		 * A main-server route reaches, in each vhost, what that
		 * vhost's workers and DocumentRoot make of it: a vhost's
		 * <Proxy "unix:A|fcgi://localhost"> gives a global SetHandler
		 * "proxy:fcgi://localhost" (or "proxy:unix:M|fcgi://
		 * localhost": the worker's socket wins) its socket, and a
		 * worker named fcgi://localhost/srv/a/ with a socket serves
		 * the scripts below /srv/a: the pools it reaches so are
		 * used too.  Looked up, not stored per vhost.
		 */
		done = pf_alloc(run->arena, mv->routes.n + 1);
		mark_by_worker(x, mv, done);
		for (i = 0; i < mv->routes.n; i++) {
			const struct pf_route *r = &mv->routes.v[i];
			size_t j;

			if (done[i] || !pf_link_route_varies(x, r))
				continue;
			for (j = 0; j < m->apache->vhosts.n; j++)
				(void)route_resolve(x, r,
				    m->apache->vhosts.v[j], NULL, 1);
		}
	} else {
		for (i = 0; i < m->sites.n; i++)
			if (m->sites.v[i]->pool != NULL)
				m->sites.v[i]->pool->used = 1;
	}
	return x;
}

void
pf_link(struct pf_run *run)
{
	(void)pf_link_indexed(run);
}

const char *
pf_link_tcp_miss(const struct pf_link_index *x, const struct pf_backend *b)
{
	const struct lent *e;
	struct raddrs ra;
	char port[16], t[64];
	const char *why = NULL, *is = NULL;
	int i;

	if (b->socket != NULL || b->host == NULL)
		return NULL;
	snprintf(port, sizeof(port), "%d", b->port);
	for (e = lmap_find(&x->ports, port); e != NULL; e = e->dup) {
		const struct pf_pool *p = e->val;
		const struct pf_listen *l = &p->listen;

		if (l->bound_af == 0 || l->host == NULL)
			continue;
		if (l->bound_af < 0)
			why = pf_printf(x->run->arena, "pool %s listens on "
			    "%s:%d, but none of the addresses etc/hosts gives "
			    "%s binds", p->name, l->host, l->port, l->host);
		else
			why = pf_printf(x->run->arena, "pool %s listens on "
			    "%s:%d, which php-fpm binds to %s:%d only, the "
			    "first address etc/hosts gives %s", p->name,
			    l->host, l->port, addr_text(t, sizeof(t),
			    l->bound, 1), l->port, l->host);
		break;
	}
	if (why == NULL)
		return NULL;
	route_addrs(x->run, x->hosts, b->host, &ra);
	if (ra.n == 0 || addr16(b->host, ra.a[0]) != 0)
		return why;
	for (i = 0; i < ra.n; i++)
		is = pf_printf(x->run->arena, "%s%s%s", is != NULL ? is : "",
		    is != NULL ? ", " : "", addr_text(t, sizeof(t), ra.a[i],
		    0));
	return pf_printf(x->run->arena, "%s; %s is %s there", why, b->host,
	    is);
}
