/*
 * httpd_model.c - the pf_apache summary of a read tree (model/apache.h):
 * server settings, vhosts, the containers that apply to them, every route
 * to FastCGI (reference/semantics.md 2.1-2.2) and the proxy workers with
 * their parameters (2.3), whose values are validated as mod_proxy's
 * set_worker_param does for `apache2 -t`.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "parsers/httpd_int.h"

#define FCGI_DEFAULT_PORT 8000	/* mod_proxy's scheme table */

/* An Action, or a directive mapping files to a handler or type. */
struct amap {
	size_t		 vhi;		/* 0 main server, k + 1 ap->vhosts[k] */
	size_t		 seq;		/* walk order (for a stable sort) */
	const struct pf_node *n;
	int		 action;
};

/* A balancer's members so far (add_member's worker sharing). */
struct mbal {
	PF_VEC(const char *) names;	/* worker_name of each */
};

struct mctx {
	struct hrd	*r;
	struct pf_apache *ap;
	struct pf_vhost	*vh;		/* current vhost (or &ap->main) */
	PF_VEC(struct amap) amaps;	/* for the Action routes */
	char		*kbuf;		/* worker_key's (malloc) */
	size_t		 kcap;
	struct pf_hmap	 members;	/* balancer key -> struct mbal */
	/* Each server's workers as mod_proxy's configuration holds them
	 * while it is read (srv_worker_find): "SERVER|scheme://host[:port]"
	 * (or "SERVER|*") the struct psrv of its workers there, and
	 * "SERVER|name" the W_PREFIX ones of a long psrv list. */
	struct pf_hmap	 swork, psrv;
	char		*sbuf;		/* srv_worker_find's key (malloc) */
	size_t		 scap, nwild;
	/* Model-time scratch, freed when the model is built: the servers'
	 * worker lists and names above, the balancers' member names. */
	struct pf_arena	*ta;
};

static void
amap_add(struct mctx *m, const struct pf_node *n, int action)
{
	struct amap a;

	a.vhi = m->vh == &m->ap->main ? 0 : m->ap->vhosts.n;
	a.seq = m->amaps.n;
	a.n = n;
	a.action = action;
	PF_PUSH(m->r->a, m->amaps, a);
}

static int
active(const struct pf_node *n)
{
	return !(n->flags & (PF_NODE_INACTIVE | PF_NODE_UNKNOWN));
}

/* The next node of top's subtree in document order, not entering
 * inactive nodes; NULL after the last. */
static struct pf_node *
next_active(struct pf_node *n, const struct pf_node *top)
{
	if (active(n) && n->child != NULL)
		return n->child;
	while (n != top && n->next == NULL)
		n = n->parent;
	return n == top ? NULL : n->next;
}

static long long
num(const char *s, int *ok)
{
	char *e;
	long long v;

	errno = 0;
	v = strtoll(s, &e, 10);
	*ok = errno == 0 && e != s && *e == '\0';
	return v;
}

static void
set_int(struct mctx *m, struct pf_ival *iv, const struct pf_node *n)
{
	int ok;
	long long v;

	if (n->argc < 1)
		return;
	v = num(n->argv[0], &ok);
	if (ok)
		*iv = pf_ival_make(v, n->loc);
	(void)m;
}

/*
 * Parses "proxy:unix:/s|fcgi://h:p/path", "fcgi://h[:p]/path" and
 * "unix:/s|fcgi://h".  Returns 0 if it is a FastCGI target.
 */
static int
parse_backend(struct pf_arena *a, const char *t, struct pf_backend *b)
{
	const char *p = t, *bar, *hs, *he, *ps;

	memset(b, 0, sizeof(*b));
	if (strncasecmp(p, "proxy:", 6) == 0)
		p += 6;
	if (strncasecmp(p, "unix:", 5) == 0) {
		bar = strchr(p, '|');
		if (bar == NULL)
			return -1;
		b->socket = pf_strndup(a, p + 5, (size_t)(bar - p - 5));
		p = bar + 1;
	}
	if (strncasecmp(p, "fcgi://", 7) != 0)
		return -1;
	hs = p + 7;
	if (*hs == '[') {
		he = strchr(hs, ']');
		he = he != NULL ? he + 1 : hs + strlen(hs);
	} else
		he = hs + strcspn(hs, ":/");
	b->host = pf_strndup(a, hs, (size_t)(he - hs));
	b->port = FCGI_DEFAULT_PORT;
	ps = he;
	if (*ps == ':') {
		b->port = atoi(ps + 1);
		ps += 1 + strspn(ps + 1, "0123456789");
	}
	b->worker = pf_strndup(a, p, (size_t)(ps - p));
	b->path = *ps != '\0' ? pf_strdup(a, ps) : NULL;
	return 0;
}

/*
 * A route's target: a FastCGI URL (parse_backend), or balancer://NAME/path
 * resolved to the balancer's first FastCGI member with the path after the
 * name (mod_proxy_fcgi talks to the member; SCRIPT_FILENAME keeps
 * "proxy:balancer://NAME/path", which php-fpm strips as it strips
 * "proxy:fcgi://host", fpm_main.c).  -1 if neither.
 */
/*
 * The "SERVER|" in front of a per-server key: the server's address in
 * hex (16 digits) and a '|', 17 bytes; snprintf's "%p|" cost a tenth of
 * the model's time at 10,000 vhosts.
 */
#define PTR_HEAD	17

static void
ptr_head(char *out, const void *p)
{
	uintptr_t v = (uintptr_t)p;
	int i;

	for (i = 15; i >= 0; i--, v >>= 4)
		out[i] = "0123456789abcdef"[v & 15];
	out[16] = '|';
}

/* The balancers map's key: the server (its <VirtualHost> node, NULL for
 * the main server: mod_proxy keeps balancers per server, a vhost's
 * inherit the main server's) and the name in lower case. */
static char *
balancer_key(struct pf_arena *a, const struct pf_node *vhost,
    const char *name, size_t len)
{
	char *k = pf_alloc(a, PTR_HEAD + len + 1), *s;

	ptr_head(k, vhost);
	for (s = k + PTR_HEAD; len > 0; len--)
		*s++ = (char)tolower((unsigned char)*name++);
	*s = '\0';
	return k;
}

static int
parse_target(struct hrd *r, const struct pf_node *vhost, const char *t,
    struct pf_backend *b)
{
	const char *p = strncasecmp(t, "proxy:", 6) == 0 ? t + 6 : t, *e, *u;
	char *name, *s;

	if (strncasecmp(p, "balancer://", 11) != 0)
		return parse_backend(r->a, t, b);
	e = p + 11 + strcspn(p + 11, "/");
	u = pf_hmap_get(&r->balancers, balancer_key(r->a, vhost, p,
	    (size_t)(e - p)));
	if (u == NULL && vhost != NULL) {
		u = pf_hmap_get(&r->balancers, balancer_key(r->a, NULL, p,
		    (size_t)(e - p)));
		vhost = NULL;
	}
	if (u == NULL || parse_backend(r->a, u, b) < 0)
		return -1;
	b->path = *e != '\0' ? pf_strdup(r->a, e) : NULL;
	name = pf_strndup(r->a, p, (size_t)(e - p));
	for (s = name; *s != '\0'; s++)
		*s = (char)tolower((unsigned char)*s);
	b->balancer = name;
	b->bserver = vhost;
	return 0;
}

static const struct pf_node *
innermost_section(const struct pf_node *n)
{
	for (n = n->parent; n != NULL; n = n->parent)
		if (n->parent != NULL && pf_hrd_kind(n) != HK_VHOST)
			return n;
	return NULL;
}

static int
under_file_check(const struct pf_node *n)
{
	for (n = n->parent; n != NULL; n = n->parent)
		if ((pf_hrd_kind(n) == HK_IF || pf_hrd_kind(n) == HK_ELSEIF) &&
		    n->raw != NULL && (strstr(n->raw, "-f %{REQUEST_FILENAME}") ||
		    strstr(n->raw, "-F %{REQUEST_FILENAME}")))
			return 1;
	return 0;
}

static void
add_route(struct mctx *m, enum pf_route_kind kind, const struct pf_node *n,
    const char *pattern, const char *target, const char *flags)
{
	struct pf_route rt;

	memset(&rt, 0, sizeof(rt));
	if (parse_target(m->r, m->vh->node, target, &rt.backend) < 0)
		return;
	rt.kind = kind;
	rt.node = n;
	rt.section = innermost_section(n);
	rt.pattern = pattern;
	rt.target = target;
	rt.flags = flags;
	rt.file_check = under_file_check(n);
	rt.inactive = (n->flags & PF_NODE_INACTIVE) != 0;
	HPUSH(m->r->a, m->vh->routes, rt);
}

/* --- workers --------------------------------------------------------- */

/*
 * A lookup key in a malloc'd scratch buffer (*buf, *cap bytes, grown as
 * needed): "SERVER|" (the current server's address) when server, then n
 * bytes of s and a NUL.  Returns where s's copy starts; *pre gets the
 * length in front of it.
 */
static char *
scratch_key(struct mctx *m, char **buf, size_t *cap, int server,
    const char *s, size_t n, size_t *pre)
{
	size_t hl = server ? PTR_HEAD : 0;

	if (hl + n + 1 > *cap) {
		free(*buf);
		*cap = hl + n + 1 > 256 ? hl + n + 1 : 256;
		*buf = pf_xmalloc(*cap);
	}
	if (server)
		ptr_head(*buf, m->vh->node);
	memcpy(*buf + hl, s, n);
	(*buf)[hl + n] = '\0';
	*pre = hl;
	return *buf + hl;
}

static inline char
ascii_lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c + 32) : c;
}

/* The key into m's scratch buffer: most lookups find the worker, and
 * only a new one keeps a copy (10,000 vhosts make 40,000 lookups).
 * scoped: "SERVER|" in front, the current server's address (mod_proxy
 * keeps workers per server). */
static const char *
worker_key(struct mctx *m, const char *url, int scoped)
{
	size_t n = strlen(url), pre;
	char *k, *s;

	k = scratch_key(m, &m->kbuf, &m->kcap, scoped, url, n, &pre);
	/* lower case up to the '|' and then up to the "://" after it */
	for (s = k; *s != '\0' && *s != '|'; s++)
		*s = ascii_lower(*s);
	if (*s == '|') {
		char *e = strstr(++s, "://");

		for (e = e != NULL ? e : k + n; s < e; s++)
			*s = ascii_lower(*s);
	}
	while (n > 0 && k[n - 1] == '/')
		k[--n] = '\0';
	return m->kbuf;
}

static struct pf_worker *
worker_get(struct mctx *m, const char *url, const struct pf_node *n,
    int *created)
{
	struct pf_apache *ap = m->ap;
	const char *key = worker_key(m, url, 1);
	struct pf_worker *w;
	struct pf_backend b;
	char *k;

	*created = 0;
	if ((w = pf_hmap_get(&m->r->workers, key)) != NULL)
		return w;
	w = pf_alloc(m->r->a, sizeof(*w));
	k = pf_strdup(m->r->a, key);
	/* the map's key is the server's, then the worker's */
	w->key = strchr(k, '|') + 1;
	w->server = m->vh->node;
	w->node = n;
	w->loc = n->loc;
	if (parse_backend(m->r->a, url, &b) == 0) {
		w->socket = b.socket;
		w->name = strchr(url, '|') ? pf_strdup(m->r->a,
		    strchr(url, '|') + 1) : url;
	} else
		w->name = url;
	PF_PUSH(m->r->a, ap->workers, w);
	pf_hmap_put(m->r->a, &m->r->workers, k, w);
	*created = 1;
	return w;
}

/*
 * A worker parameter set_worker_param refuses, in the words of the
 * directive that set it (mod_proxy.c): "ProxyPass ERR" (ProxyPassMatch
 * too), "ProxySet: ERR key=value; NAME", "<Proxy ERR key=value; NAME".
 */
static void
param_error(struct mctx *m, const struct pf_node *n, const char *who,
    const char *wname, const char *kv, const char *err)
{
	if (strncmp(who, "ProxyPass", 9) == 0)
		pf_diag_add(m->r->run, PF_SEV_ERROR, "httpd-proxy-param", n->loc,
		    "ProxyPass %s", err);
	else
		pf_diag_add(m->r->run, PF_SEV_ERROR, "httpd-proxy-param", n->loc,
		    "%s %s %s; %s", strcmp(who, "ProxySet") == 0 ? "ProxySet:" :
		    "<Proxy", err, kv, wname);
}

static int
onoff(const char *v)
{
	if (strcasecmp(v, "on") == 0)
		return 1;
	if (strcasecmp(v, "off") == 0)
		return 0;
	return -1;
}

/*
 * mod_proxy's set_balancer_param (2.4.71), key in lower case: its message
 * for key=val, or NULL.  "lbmethod=NAME": ap_lookup_provider(
 * PROXY_LBMETHOD, NAME, "0") finds only what a loaded mod_lbmethod_NAME
 * registered (byrequests, bytraffic, bybusyness, heartbeat; the name is
 * case-sensitive, the key is not), else "unknown lbmethod"; the walk
 * comes after every LoadModule, so the order of the LoadModule lines
 * does not matter.  A stickysession of 64 bytes or more is accepted
 * (httpd drops the message it makes for it) and cut.
 */
static const char *
set_balancer_param(struct mctx *m, const char *key, const char *val)
{
	static const char *const known[] = { "byrequests", "bytraffic",
	    "bybusyness", "heartbeat" };
	const char *t;
	size_t k, l;
	int x;

	if (strcmp(key, "stickysession") == 0)
		return NULL;
	if (strcmp(key, "stickysessionsep") == 0)
		return strlen(val) != 1 && strcasecmp(val, "off") != 0 ?
		    "stickysessionsep must be a single character or Off" : NULL;
	if (strcmp(key, "nofailover") == 0)
		return onoff(val) < 0 ? "failover must be On|Off" : NULL;
	if (strcmp(key, "timeout") == 0)
		return atoi(val) < 1 ? "timeout must be at least one second" :
		    NULL;
	if (strcmp(key, "maxattempts") == 0)
		return atoi(val) < 0 ? "maximum number of attempts must be a "
		    "positive number" : NULL;
	if (strcmp(key, "lbmethod") == 0) {
		/* (lbpname: PROXY_MAX_PROVIDER_NAME_SIZE, 16) */
		for (k = 0; strlen(val) < 16 &&
		    k < sizeof(known) / sizeof(known[0]); k++)
			if (strcmp(val, known[k]) == 0 &&
			    pf_hrd_module_loaded(m->r, pf_printf(m->r->a,
			    "lbmethod_%s_module", val)))
				return NULL;
		return "unknown lbmethod";
	}
	if (strcmp(key, "scolonpathdelim") == 0)
		return onoff(val) < 0 ? "scolonpathdelim must be On|Off" : NULL;
	if (strcmp(key, "failonstatus") == 0) {
		/* apr_strtok(val, ", "): each word a status 100..599 */
		for (t = val + strspn(val, ", "); *t != '\0';
		    t += l, t += strspn(t, ", ")) {
			l = strcspn(t, ", ");
			x = atoi(t);
			if (x < 100 || x >= 600)
				return "failonstatus must be one or more HTTP "
				    "response codes";
		}
		return NULL;
	}
	if (strcmp(key, "failontimeout") == 0)
		return onoff(val) < 0 ? "failontimeout must be On|Off" : NULL;
	if (strcmp(key, "nonce") == 0)	/* (APR_UUID_FORMATTED_LENGTH + 1) */
		return strcasecmp(val, "none") != 0 && strlen(val) >= 37 ?
		    "Provided nonce is too large" : NULL;
	if (strcmp(key, "growth") == 0)
		return atoi(val) < 1 || atoi(val) > 100 ? "growth must be "
		    "between 1 and 100" : NULL;
	if (strcmp(key, "forcerecovery") == 0)
		return onoff(val) < 0 ? "forcerecovery must be On|Off" : NULL;
	return "unknown Balancer parameter";
}

/*
 * ap_timeout_parameter_parse (server/util.c): a whole number, then "s",
 * "ms", "mi(n)" or "h" (only those letters are read), else unit; in
 * microseconds, -1 where httpd says the format is wrong.
 */
static long long
timeout_us(const char *v, const char *unit)
{
	char *e;
	long long t;
	const char *u;

	errno = 0;
	t = strtoll(v, &e, 10);
	if (errno != 0 || t < 0)
		return -1;
	u = *e != '\0' ? e : unit;
	switch (u[0]) {
	case 's':
		return t > LLONG_MAX / 1000000 ? -1 : t * 1000000;
	case 'h':
		return t > LLONG_MAX / 3600000000LL ? -1 : t * 3600000000LL;
	case 'm':
		if (u[1] == 's')
			return t > LLONG_MAX / 1000 ? -1 : t * 1000;
		if (u[1] == 'i')
			return t > LLONG_MAX / 60000000LL ? -1 :
			    t * 60000000LL;
		break;
	}
	return -1;
}

/* A string field of proxy_worker_shared: PROXY_STRNCPY's limit. */
static const char *
too_long(struct mctx *m, const char *v, size_t size, const char *what)
{
	return strlen(v) >= size ? pf_printf(m->r->a, "%s must be < %d "
	    "characters", what, (int)size) : NULL;
}

/*
 * mod_proxy_hcheck's set_worker_hc_param, which set_worker_param calls
 * for a key it does not know when mod_proxy_hcheck is loaded.  hcmethod,
 * hctemplate and hcexpr name things defined elsewhere: not judged.
 */
static const char *
hc_param(struct mctx *m, const char *key, const char *val)
{
	long long t;

	if (strcmp(key, "hcmethod") == 0 || strcmp(key, "hctemplate") == 0 ||
	    strcmp(key, "hcexpr") == 0)
		return NULL;
	if (strcmp(key, "hcinterval") == 0) {
		if ((t = timeout_us(val, "s")) < 0)
			return "Unparse-able hcinterval setting";
		return t < 100000 ? "Interval must be a positive value "
		    "greater than 100ms" : NULL;
	}
	if (strcmp(key, "hcpasses") == 0)
		return atoi(val) < 0 ? "Passes must be a positive value" : NULL;
	if (strcmp(key, "hcfails") == 0)
		return atoi(val) < 0 ? "Fails must be a positive value" : NULL;
	if (strcmp(key, "hcuri") == 0)
		return too_long(m, val, 64, "Health check uri length");
	return "unknown Worker hcheck parameter";
}

/*
 * mod_proxy's set_worker_param (2.4.71), key in lower case: its message
 * for key=val, or NULL.  What the model keeps goes on w.  Numbers are read
 * with atoi/atol/atof as httpd reads them ("abc" is 0).
 */
static const char *
set_worker_param(struct mctx *m, struct pf_worker *w, const struct pf_loc loc,
    const char *key, const char *val)
{
	struct pf_ival *iv = NULL;
	long long x;
	const char *v;
	int b;

	if (strcmp(key, "loadfactor") == 0) {
		/* (int)(atof * 100) in 100..10000, NaN and huge refused */
		double f = atof(val) * 100.0;

		return f >= 100.0 && f < 10001.0 ? NULL : "LoadFactor must be "
		    "a number between 1..100";
	}
	if (strcmp(key, "retry") == 0 || strcmp(key, "min") == 0 ||
	    strcmp(key, "max") == 0 || strcmp(key, "smax") == 0 ||
	    strcmp(key, "ttl") == 0 || strcmp(key, "timeout") == 0) {
		x = atoi(val);
		if (x < 0 || (key[0] == 't' && x < 1))
			return strcmp(key, "retry") == 0 ? "Retry must be a "
			    "positive value" : strcmp(key, "min") == 0 ? "Min "
			    "must be a positive number" : strcmp(key, "max") ==
			    0 ? "Max must be a positive number" : strcmp(key,
			    "smax") == 0 ? "Smax must be a positive number" :
			    strcmp(key, "ttl") == 0 ? "TTL must be at least one "
			    "second" : "Timeout must be at least one second";
		iv = strcmp(key, "max") == 0 ? &w->max :
		    strcmp(key, "min") == 0 ? &w->min :
		    strcmp(key, "smax") == 0 ? &w->smax :
		    strcmp(key, "retry") == 0 ? &w->retry :
		    strcmp(key, "ttl") == 0 ? &w->ttl : &w->timeout;
		*iv = pf_ival_make(x, loc);
		return NULL;
	}
	if (strcmp(key, "acquire") == 0) {
		if ((x = timeout_us(val, "ms")) < 0)
			return "Acquire timeout has wrong format";
		if (x < 1000)
			return "Acquire must be at least one millisecond";
		w->acquire = pf_ival_make(x / 1000, loc);
		w->ms_acquire = 1;
		return NULL;
	}
	if (strcmp(key, "connectiontimeout") == 0) {
		if ((x = timeout_us(val, "s")) < 0)
			return "Connectiontimeout has wrong format";
		if (x < 1000)
			return "Connectiontimeout must be at least one "
			    "millisecond.";
		/* seconds, or milliseconds where the value is not whole */
		w->ms_connect = x % 1000000 != 0;
		w->connectiontimeout = pf_ival_make(w->ms_connect ? x / 1000 :
		    x / 1000000, loc);
		return NULL;
	}
	if (strcmp(key, "ping") == 0) {
		if ((x = timeout_us(val, "s")) < 0)
			return "Ping/Pong timeout has wrong format";
		return x < 1000 ? "Ping/Pong timeout must be at least one "
		    "millisecond" : NULL;
	}
	if (strcmp(key, "iobuffersize") == 0)
		return atol(val) < 512 && atol(val) != 0 ? "IOBufferSize must "
		    "be >= 512 bytes, or 0 for system default." : NULL;
	if (strcmp(key, "receivebuffersize") == 0)
		return atoi(val) < 512 && atoi(val) != 0 ? "ReceiveBufferSize "
		    "must be >= 512 bytes, or 0 for system default." : NULL;
	if (strcmp(key, "responsefieldsize") == 0)
		return atol(val) < 0 ? "ResponseFieldSize must be greater than "
		    "0 bytes, or 0 for system default." : NULL;
	if (strcmp(key, "keepalive") == 0 || strcmp(key, "disablereuse") == 0 ||
	    strcmp(key, "enablereuse") == 0) {
		b = onoff(val);
		if (b < 0)
			return key[0] == 'e' ? "EnableReuse must be On|Off" :
			    key[0] == 'd' ? "DisableReuse must be On|Off" :
			    "KeepAlive must be On|Off";
		iv = key[0] == 'e' ? &w->enablereuse : key[0] == 'd' ?
		    &w->disablereuse : &w->keepalive;
		*iv = pf_ival_make(b, loc);
		return NULL;
	}
	if (strcmp(key, "flushpackets") == 0) {
		x = strcasecmp(val, "on") == 0 ? 1 : strcasecmp(val, "off") ==
		    0 ? 0 : strcasecmp(val, "auto") == 0 ? 2 : -1;
		if (x < 0)
			return "flushpackets must be on|off|auto";
		w->flushpackets = pf_ival_make(x, loc);
		return NULL;
	}
	if (strcmp(key, "flushwait") == 0)
		return atoi(val) > 1000 || atoi(val) < 0 ? "flushwait must be "
		    "<= 1000, or 0 for system default of 10 millseconds." : NULL;
	if (strcmp(key, "lbset") == 0)
		return atoi(val) < 0 || atoi(val) > 99 ? "lbset must be between "
		    "0 and 99" : NULL;
	if (strcmp(key, "addressttl") == 0) {
		if (strcmp(val, "-1") == 0)
			return NULL;
		x = timeout_us(val, "s");
		return x >= 0 && x <= 2147483647LL * 1000000 &&
		    x % 1000000 == 0 ? NULL : "AddressTTL must be -1 or a "
		    "number of seconds not exceeding (2147483647)";
	}
	if (strcmp(key, "status") == 0) {
		/* [+|-]FLAG...: a sign takes the next character as its flag */
		for (v = val; *v != '\0'; v++) {
			if (*v == '+' || *v == '-')
				v++;
			if (*v == '\0' || strchr("OINGUDSEHRFC",
			    toupper((unsigned char)*v)) == NULL)
				return "Unknown status parameter option";
		}
		return NULL;
	}
	if (strcmp(key, "route") == 0)
		return too_long(m, val, 64, "Route length");
	if (strcmp(key, "redirect") == 0)
		return too_long(m, val, 64, "Redirect length");
	if (strcmp(key, "secret") == 0)
		return too_long(m, val, 64, "Secret length");
	if (strcmp(key, "flusher") == 0)
		return too_long(m, val, 16, "flusher name length");
	if (strcmp(key, "upgrade") == 0)
		return too_long(m, strcasecmp(val, "ANY") == 0 ? "*" : val, 16,
		    "upgrade protocol length");
	if (pf_hrd_module_loaded(m->r, "proxy_hcheck_module"))
		return hc_param(m, key, val);
	return "unknown Worker parameter";
}

/* A key=value word's key in lower case, in buf (a key longer than any
 * httpd knows comes out as "?"); returns its value. */
static const char *
param_key(const char *kv, char *buf, size_t size)
{
	const char *eq = strchr(kv, '=');
	size_t i, len = eq != NULL ? (size_t)(eq - kv) : strlen(kv);

	if (len >= size) {
		strcpy(buf, "?");
		return eq != NULL ? eq + 1 : "";
	}
	for (i = 0; i < len; i++)
		buf[i] = (char)tolower((unsigned char)kv[i]);
	buf[len] = '\0';
	return eq != NULL ? eq + 1 : "";
}

/* set_worker_param on a key=value word: validates and records it on w;
 * -1 where httpd refuses it. */
static int
worker_param(struct mctx *m, struct pf_worker *w, const struct pf_node *n,
    const char *who, const char *wname, const char *kv)
{
	char key[32];
	const char *val, *err;

	if (strchr(kv, '=') == NULL)
		return 0;
	val = param_key(kv, key, sizeof(key));
	/* kv is a word of the node: it lives as long as the run */
	HPUSH(m->r->a, w->params, pf_sval_make(kv, n->loc));
	if ((err = set_worker_param(m, w, n->loc, key, val)) == NULL)
		return 0;
	param_error(m, n, who, wname, kv, err);
	return -1;
}

/*
 * The key=value words of argv[from..] as add_pass and add_member keep
 * them, in an apr_table with apr_table_setn: one entry per key (case
 * does not matter), where the key first appears, holding the last value
 * ("timeout=0 timeout=5" is timeout=5).  ProxyPass's mapping= is not a
 * worker parameter (skip_mapping).  Returns the count; the entries are
 * indexes into argv, in *out (arena).
 */
static int
param_table(struct mctx *m, const struct pf_node *n, int from,
    int skip_mapping, int **out)
{
	int *t = pf_alloc(m->r->a, sizeof(*t) * (size_t)(n->argc + 1));
	int i, j, c = 0;
	size_t ki, kj;

	for (i = from; i < n->argc; i++) {
		const char *a = n->argv[i];

		if (strchr(a, '=') == NULL || (skip_mapping &&
		    strncasecmp(a, "mapping=", 8) == 0))
			continue;
		ki = (size_t)(strchr(a, '=') - a);
		for (j = 0; j < c; j++) {
			kj = (size_t)(strchr(n->argv[t[j]], '=') -
			    n->argv[t[j]]);
			if (kj == ki && strncasecmp(n->argv[t[j]], a, ki) == 0)
				break;
		}
		if (j < c)
			t[j] = i;	/* the same key again: its last value */
		else
			t[c++] = i;
	}
	*out = t;
	return c;
}

/*
 * apr_uri_parse (apr-util 1.6 uri/apr_uri.c) as far as mod_proxy's worker
 * definition asks: -1 where it fails, else whether there is a scheme and
 * a non-empty host name.
 */
static int
uri_parse(const char *u, int *scheme, int *host)
{
	const char *s = u, *hi, *end, *at, *c;

	*scheme = *host = 0;
	if (u[0] == '/') {
		if (u[1] != '/' || u[2] == '/')
			return 0;		/* a path */
		s = u + 2;
		goto authority;
	}
	if (isalpha((unsigned char)*s)) {
		s++;
		while (isalnum((unsigned char)*s) || *s == '+' || *s == '-' ||
		    *s == '.')
			s++;
	}
	if (s != u && *s == ':') {
		*scheme = 1;
		s++;
	} else
		s = u;
	if (s[0] != '/' || s[1] != '/') {
		if (s == u) {
			/* RFC 3986 3.3: no ':' before the first '/' */
			c = strchr(u, '/');
			if (memchr(u, ':', c != NULL ? (size_t)(c - u) :
			    strlen(u)) != NULL)
				return -1;
		}
		return 0;
	}
	s += 2;
authority:
	hi = s;
	end = s + strcspn(s, "/?#");
	for (at = end; at > hi && at[-1] != '@'; at--)
		;
	if (at > hi)
		hi = at;
	if (*hi == '[') {
		c = memchr(hi, ']', (size_t)(end - hi));
		if (c == NULL)
			return -1;
		*host = c - hi > 1;
		c = c + 1 < end && c[1] == ':' ? c + 1 : NULL;
	} else {
		c = memchr(hi, ':', (size_t)(end - hi));
		*host = (c != NULL ? c : end) > hi;
	}
	if (c != NULL && ++c < end) {	/* a port: strtol to the end */
		if (*c == '-' || *c == '+')
			c++;
		for (; c < end; c++)
			if (!isdigit((unsigned char)*c))
				return -1;
	}
	return 0;
}

/* ap_proxy_de_socketfy: "unix:PATH|" needs a scheme after the '|'. */
static const char *
socket_error(const char *url)
{
	const char *bar;

	if (strncasecmp(url, "unix:", 5) != 0 ||
	    (bar = strchr(url + 5, '|')) == NULL || strchr(bar + 1, ':'))
		return NULL;
	return "uses an invalid \"unix:\" URL";
}

/*
 * The fields of proxy_worker_shared that ap_proxy_define_worker_ex
 * refuses to truncate: the host name (hostname_ex, 256 bytes) and then
 * an absolute "unix:" socket path (uds_path, 96; a relative one is
 * DefaultRuntimeDir's: not judged).  NULL, or the refusal.
 */
static const char *
worker_size_error(struct mctx *m, const char *url)
{
	const char *u = url, *bar = NULL, *hs, *end, *at;
	size_t hl;

	if (strncasecmp(url, "unix:", 5) == 0 &&
	    (bar = strchr(url + 5, '|')) != NULL)
		u = bar + 1;
	if ((hs = strstr(u, "://")) != NULL) {
		hs += 3;
		end = hs + strcspn(hs, "/?#");
		for (at = end; at > hs && at[-1] != '@'; at--)
			;
		hs = at;
		if (*hs == '[') {
			at = memchr(hs, ']', (size_t)(end - hs));
			hl = at != NULL ? (size_t)(at - hs - 1) : 0;
			hs++;
		} else
			hl = strcspn(hs, ":/?#");
		if (hl >= 256) {	/* (lower-cased before the copy) */
			char *e = pf_printf(m->r->a, "worker hostname (%.*s) "
			    "too long", (int)hl, hs), *c;

			for (c = e + 17; *c != ')'; c++)
				*c = (char)tolower((unsigned char)*c);
			return e;
		}
	}
	if (bar != NULL && url[5] == '/' && (size_t)(bar - url - 5) >= 96)
		return pf_printf(m->r->a, "worker uds path (%.*s) too long",
		    (int)(bar - url - 5), url + 5);
	return NULL;
}

/*
 * ap_proxy_define_worker_ex's verdict on a worker URL (after a "unix:
 * PATH|" part): NULL, or its error without the directive's name.  In a
 * regex worker a $N in the port is the request's, left out of the parse.
 */
static const char *
worker_url_error(struct mctx *m, const char *url, int regex)
{
	const char *u = url, *w;
	int sch, host;
	char *t;
	size_t k;

	if (strncasecmp(url, "unix:", 5) == 0 && strchr(url + 5, '|') != NULL)
		u = strchr(url + 5, '|') + 1;
	if (regex && (w = strstr(u, "://")) != NULL) {
		for (w += 3; *w != '\0' && *w != ':' && *w != '/'; w++)
			;
		if (*w == ':') {
			for (w++; *w != '\0' && *w != '/' && !(w[0] == '$' &&
			    isdigit((unsigned char)w[1])); w++)
				;
			if (*w == '$') {
				k = (size_t)(w - u);
				t = pf_strndup(m->r->a, u, k + strlen(w));
				memcpy(t + k, w + strcspn(w, "/"),
				    strlen(w + strcspn(w, "/")) + 1);
				u = t;
			}
		}
	}
	if (uri_parse(u, &sch, &host) < 0)
		return pf_printf(m->r->a, "Unable to parse URL: %s", url);
	if (!sch || (!host && u == url))
		return pf_printf(m->r->a, "URL must be absolute!: %s", url);
	return worker_size_error(m, url);
}

/* --- a server's workers and balancers as mod_proxy's configuration
 * holds them while it is read -------------------------------------- */

/*
 * conf->workers and conf->balancers are per server while httpd reads the
 * configuration (a <VirtualHost>'s inherit the main server's only when
 * the servers are merged, after the read), and grow in the order of the
 * lines: a worker by ProxyPass(Match) to a worker URL, <Proxy URL
 * key=value> and ProxySet in <Proxy URL>/<ProxyMatch URL> (a balancer's
 * members are the balancer's, not the server's); a balancer by ProxyPass
 * to it, <Proxy balancer://NAME key=value>, ProxySet in such a <Proxy>
 * and BalancerMember.  ProxySet outside <Proxy> looks its name up there,
 * and ProxyPass shares the worker it finds (its parameters are ignored).
 * The workers that matter are the server's names: the model's workers
 * (worker_get) are not these.
 */
#define W_PREFIX	1	/* AP_PROXY_WORKER_IS_PREFIX */
#define W_MATCH		2	/* AP_PROXY_WORKER_IS_MATCH */

/*
 * A server's workers with one scheme://host[:port] (lower case): a URL
 * only ever finds a worker whose name starts with its own (W_PREFIX: the
 * name is a prefix of the URL no shorter than that part; W_MATCH: the
 * literal part before a $N or '\\' is the URL's, which must take it
 * whole), so each lookup reads one of these.  W_MATCH workers with a $N
 * or '\\' in that part are in the server's "*" one.  A long prefix list
 * is looked up by the URL's prefixes in m->swork instead.
 */
#define PSRV_SCAN	8

/* m's model-time scratch arena (made on first use). */
static struct pf_arena *
TA(struct mctx *m)
{
	if (m->ta == NULL)
		m->ta = pf_arena_new();
	return m->ta;
}

struct psrv {
	PF_VEC(const char *) prefix;	/* names */
	PF_VEC(const char *) match;
};

static const char *worker_name(struct mctx *, const char *);
static const char *cmd_path(struct mctx *, const struct pf_node *);

/*
 * ap_proxy_strcmp_ematch(str, name) == 0: name is a prefix of str where
 * a run of $N stands for any text (none too) and '\' takes the next
 * character as it is.  Iterative (back to the last $N on a mismatch), so
 * no name costs more than strlen(str) * strlen(name).
 */
static int
ematch(const char *s, const char *p)
{
	const char *sp = NULL, *ss = NULL, *pn;
	char pc;

	for (;;) {
		if (p[0] == '$' && isdigit((unsigned char)p[1])) {
			while (p[0] == '$' && isdigit((unsigned char)p[1]))
				p += 2;
			if (*p == '\0')
				return 1;
			sp = p;
			ss = s;
			continue;
		}
		if (*p == '\0')
			return 1;
		if (*p == '\\') {
			if (p[1] == '\0')
				return 0;
			pc = p[1];
			pn = p + 2;
		} else {
			pc = *p;
			pn = p + 1;
		}
		if (*s != '\0' && *s == pc) {
			s++;
			p = pn;
			continue;
		}
		if (sp == NULL || *ss == '\0' || ss[1] == '\0')
			return 0;
		s = ++ss;
		p = sp;
	}
}

/* The struct psrv of the current server's workers with
 * scheme://host[:port] auth (len bytes), made where there is none. */
static struct psrv *
psrv_add(struct mctx *m, const char *auth, size_t len)
{
	size_t pre;
	struct psrv *ps;

	scratch_key(m, &m->sbuf, &m->scap, 1, auth, len, &pre);
	if ((ps = pf_hmap_get(&m->psrv, m->sbuf)) == NULL) {
		ps = pf_alloc(TA(m), sizeof(*ps));
		pf_hmap_put(TA(m), &m->psrv, pf_strndup(TA(m), m->sbuf,
		    pre + len), ps);
	}
	return ps;
}

static int
match_any(const struct psrv *ps, const char *u, size_t len, size_t min)
{
	size_t i, l;

	for (i = 0; ps != NULL && i < ps->match.n; i++) {
		l = strlen(ps->match.v[i]);
		if (l <= len && l >= min && ematch(u, ps->match.v[i]))
			return 1;
	}
	return 0;
}

/* ap_proxy_de_socketfy: the URL after "unix:PATH|" ("scheme:" and
 * "scheme://" there are scheme://localhost), NULL where it has none. */
static const char *
de_socketfy(struct mctx *m, const char *url)
{
	const char *bar, *c;

	if (strncasecmp(url, "unix:", 5) != 0 ||
	    (bar = strchr(url + 5, '|')) == NULL)
		return url;
	if ((c = strchr(++bar, ':')) == NULL)
		return NULL;
	if (c[1] == '\0')
		return pf_printf(m->r->a, "%s//localhost", bar);
	if (c[1] == '/' && c[2] == '/' && c[3] == '\0')
		return pf_printf(m->r->a, "%slocalhost", bar);
	return bar;
}

/*
 * ap_proxy_get_worker_ex(NULL balancer, the current server, url, mask):
 * whether one of the server's workers answers url, the longest name that
 * is no longer than the URL and no shorter than its scheme://host[:port]
 * (lower-cased): a W_PREFIX worker's a prefix of it, a W_MATCH worker's
 * matching it (ematch).  mask 0 looks for both.
 */
static int
srv_worker_find(struct mctx *m, const char *url, int mask)
{
	const struct psrv *ps;
	const char *c;
	size_t len, min, pre, i, l;
	char *u, ch, head[PTR_HEAD + 2];
	void *hit;

	if ((url = de_socketfy(m, url)) == NULL)
		return 0;
	c = strchr(url, ':');
	if (c == NULL || c[1] != '/' || c[2] != '/' || c[3] == '\0')
		return 0;
	if (mask == 0)
		mask = W_PREFIX | W_MATCH;
	len = strlen(url);
	ptr_head(head, m->vh->node);
	u = scratch_key(m, &m->sbuf, &m->scap, 1, url, len, &pre);
	c = strchr(u + (c - url) + 3, '/');
	min = c != NULL ? (size_t)(c - u) : len;
	for (i = 0; i < min; i++)
		u[i] = (char)tolower((unsigned char)u[i]);
	if ((mask & W_MATCH) && m->nwild > 0) {
		memcpy(head + PTR_HEAD, "*", 2);
		if (match_any(pf_hmap_get(&m->psrv, head), u, len, min))
			return 1;
	}
	ch = u[min];
	u[min] = '\0';
	ps = pf_hmap_get(&m->psrv, m->sbuf);
	u[min] = ch;
	if (ps == NULL)
		return 0;
	if ((mask & W_MATCH) && match_any(ps, u, len, min))
		return 1;
	if (!(mask & W_PREFIX))
		return 0;
	if (ps->prefix.n <= PSRV_SCAN) {
		for (i = 0; i < ps->prefix.n; i++) {
			l = strlen(ps->prefix.v[i]);
			if (l <= len && l >= min &&
			    strncmp(u, ps->prefix.v[i], l) == 0)
				return 1;
		}
		return 0;
	}
	for (i = len; i >= min && i > 0; i--) {
		ch = u[i];
		u[i] = '\0';
		hit = pf_hmap_get(&m->swork, m->sbuf);
		u[i] = ch;
		if (hit != NULL)
			return 1;
	}
	return 0;
}

/* "SERVER|name" in m's scratch arena. */
static const char *
srv_name_key(struct mctx *m, const char *name)
{
	size_t n = strlen(name);
	char *k = pf_alloc(TA(m), PTR_HEAD + n + 1);

	ptr_head(k, m->vh->node);
	memcpy(k + PTR_HEAD, name, n + 1);
	return k;
}

/* ap_proxy_define_worker_ex on the current server, for url that
 * worker_url_error accepts: its name goes in the server's lists.  A
 * W_MATCH worker's $N in the port goes before the path ("http://h:$1/x"
 * is "http://h$1/x"). */
static void
srv_worker_add(struct mctx *m, const char *url, int mask)
{
	const char *name = NULL, *u = url, *d, *e, *c;
	struct psrv *ps;
	size_t k, i;

	if (strncasecmp(url, "unix:", 5) == 0 && strchr(url + 5, '|') != NULL)
		u = strchr(url + 5, '|') + 1;
	d = strstr(u, "://");
	if (mask == W_MATCH && d != NULL) {
		for (d += 3; *d != '\0' && *d != ':' && *d != '/'; d++)
			;
		if (*d == ':')
			for (d++; *d != '\0' && *d != '/' && !(d[0] == '$' &&
			    isdigit((unsigned char)d[1])); d++)
				;
		if (*d == '$') {	/* the $N... up to the path */
			e = d + strcspn(d, "/");
			name = worker_name(m, pf_printf(TA(m), "%.*s%s",
			    (int)(d - url), url, e));
			c = strstr(name, "://");
			k = (size_t)(c + 3 - name) + strcspn(c + 3, "/");
			name = pf_printf(TA(m), "%.*s%.*s%s", (int)k, name,
			    (int)(e - d), d, name + k);
		}
	}
	if (name == NULL)
		name = worker_name(m, url);
	c = strstr(name, "://");
	k = (size_t)(c + 3 - name) + strcspn(c + 3, "/");
	if (mask == W_MATCH && strcspn(name, "$\\") < k) {
		m->nwild++;
		ps = psrv_add(m, "*", 1);
	} else
		ps = psrv_add(m, name, k);
	if (mask == W_MATCH) {
		HPUSH(TA(m), ps->match, name);
		return;
	}
	HPUSH(TA(m), ps->prefix, name);
	if (ps->prefix.n == PSRV_SCAN + 1)	/* now by its prefixes */
		for (i = 0; i < ps->prefix.n; i++)
			pf_hmap_put(TA(m), &m->swork, srv_name_key(m,
			    ps->prefix.v[i]), (void *)ps->prefix.v[i]);
	else if (ps->prefix.n > PSRV_SCAN + 1)
		pf_hmap_put(TA(m), &m->swork, srv_name_key(m, name),
		    (void *)name);
}

/* ap_proxy_get_balancer on the current server: the balancer of url
 * ("balancer://NAME[/...]"), NULL where there is none. */
static struct mbal *
srv_balancer(struct mctx *m, const char *url)
{
	const char *c = strchr(url, ':');

	if (c == NULL || c[1] != '/' || c[2] != '/' || c[3] == '\0')
		return NULL;
	return pf_hmap_get(&m->members, balancer_key(m->r->a, m->vh->node, url,
	    (size_t)(c + 3 - url) + strcspn(c + 3, "/")));
}

/*
 * ap_proxy_update_balancer(balancer, alias) on a new balancer: the path
 * and the host name apr_uri_parse finds in alias (ProxyPass's path, "/"
 * elsewhere) must fit the balancer's vpath and vhost (64 bytes).
 */
static const char *
balancer_alias_error(struct mctx *m, const char *name, const char *alias)
{
	const char *s = alias, *h = NULL, *he = NULL, *end, *at;
	int sch, host;
	size_t pl;

	if (uri_parse(alias, &sch, &host) < 0)
		return pf_printf(m->r->a, "unable to parse: %s", alias);
	if (isalpha((unsigned char)*s)) {
		while (isalnum((unsigned char)*s) || *s == '+' || *s == '-' ||
		    *s == '.')
			s++;
		s = *s == ':' ? s + 1 : alias;
	}
	if (s[0] == '/' && s[1] == '/' && (s != alias || s[2] != '/')) {
		end = s + 2 + strcspn(s + 2, "/?#");
		for (at = end; at > s + 2 && at[-1] != '@'; at--)
			;
		h = at;
		if (*h == '[') {
			he = memchr(h, ']', (size_t)(end - h));
			h++;
		} else
			he = memchr(h, ':', (size_t)(end - h));
		if (he == NULL)
			he = end;
		s = end;
	}
	pl = strcspn(s, "?#");
	if (pl >= 64)
		return pf_printf(m->r->a, "balancer %s front-end virtual-path "
		    "(%.*s) too long", name, (int)pl, s);
	if (h != NULL && he - h >= 64)
		return pf_printf(m->r->a, "balancer %s front-end vhost name "
		    "(%.*s) too long", name, (int)(he - h), h);
	return NULL;
}

/*
 * ap_proxy_define_balancer(url, alias) on the current server: NULL, or
 * its error; alias NULL for a regex ProxyPass (no update).
 */
static const char *
srv_balancer_define(struct mctx *m, const char *url, const char *alias)
{
	const char *c = strchr(url, ':');
	char *name, *s;
	size_t len;

	if (c == NULL || c[1] != '/' || c[2] != '/' || c[3] == '\0')
		return pf_printf(m->r->a, "Bad syntax for a balancer name (%s)",
		    url);
	len = (size_t)(c + 3 - url) + strcspn(c + 3, "/");
	name = pf_strndup(m->r->a, url, len);
	for (s = name; *s != '\0'; s++)
		*s = (char)tolower((unsigned char)*s);
	if (len >= 96)		/* PROXY_BALANCER_MAX_NAME_SIZE */
		return pf_printf(m->r->a, "balancer name (%s) too long", name);
	pf_hmap_put(m->r->a, &m->members, balancer_key(m->r->a, m->vh->node,
	    name, len), pf_alloc(TA(m), sizeof(struct mbal)));
	return alias != NULL ? balancer_alias_error(m, name, alias) : NULL;
}

/*
 * The words of ProxyPass/ProxyPassMatch as mod_proxy's add_pass reads
 * them, and the worker URL as ap_proxy_define_worker_ex parses it: the
 * message apache2 -t gives, or NULL.
 */
static const char *
pass_error(struct mctx *m, const struct pf_node *n, int match, int in_loc)
{
	const char *f = in_loc ? "" : NULL, *r = NULL, *w, *u;
	int i, regex = match;

	for (i = 0; i < n->argc; i++) {
		w = n->argv[i];
		if (f == NULL) {
			if (strcmp(w, "~") == 0) {
				if (match)
					return "ProxyPassMatch invalid syntax "
					    "('~' usage).";
				regex = 1;
				continue;
			}
			f = w;
		} else if (r == NULL)
			r = w;
		else if (strcasecmp(w, "nocanon") == 0 ||
		    strcasecmp(w, "interpolate") == 0 ||
		    strcasecmp(w, "noquery") == 0)
			;
		else if (strchr(w, '=') == NULL)
			return in_loc && r[0] == '/' ? "ProxyPass|ProxyPassMatch "
			    "can not have a path when defined in a location." :
			    "Invalid ProxyPass|ProxyPassMatch parameter. "
			    "Parameter must be in the form 'key=value'.";
		else if (strncasecmp(w, "mapping=", 8) == 0 &&
		    strcasecmp(w + 8, "encoded") != 0 &&
		    strcasecmp(w + 8, "servlet") != 0)
			return "unknown mapping";
	}
	if (r == NULL)
		return NULL;	/* (no path: proxy_pass says so) */
	if ((u = socket_error(r)) != NULL)
		return pf_printf(m->r->a, "ProxyPass|ProxyPassMatch %s", u);
	if (strcmp(r, "!") == 0 || strncasecmp(r, "balancer:", 9) == 0)
		return NULL;	/* (a balancer: pass_balancer) */
	u = worker_url_error(m, r, regex);
	return u != NULL ? pf_printf(m->r->a, "ProxyPass %s", u) : NULL;
}

/*
 * add_pass's balancer: ap_proxy_get_balancer, else ap_proxy_define_balancer
 * with ProxyPass's path as its alias (none for a regex); then each
 * key=value of the table through set_balancer_param.
 */
static void
pass_balancer(struct mctx *m, const struct pf_node *n, const char *r,
    const char *alias, int np, const int *pt)
{
	const char *err = NULL, *val;
	char key[32];
	int i;

	if (srv_balancer(m, r) == NULL &&
	    (err = srv_balancer_define(m, r, alias)) != NULL) {
		pf_diag_add(m->r->run, PF_SEV_ERROR, "httpd-value", n->loc,
		    "ProxyPass %s", err);
		return;
	}
	for (i = 0; i < np; i++) {
		val = param_key(n->argv[pt[i]], key, sizeof(key));
		if ((err = set_balancer_param(m, key, val)) != NULL) {
			pf_diag_add(m->r->run, PF_SEV_ERROR, "httpd-proxy-param",
			    n->loc, "ProxyPass %s", err);
			return;
		}
	}
}

/*
 * ProxyPass/ProxyPassMatch [path] url [key=value ...].  add_pass: the
 * path is cmd->path in a <Location> (a wildcard one makes the worker a
 * W_MATCH one, as ProxyPassMatch and "ProxyPass ~" do); a balancer URL
 * goes to pass_balancer; a worker URL one of the server's workers
 * already answers shares it, and its parameters are ignored (warning),
 * else it is defined and set_worker_param judges each key=value of the
 * table, for every scheme (the model keeps the FastCGI ones on its
 * worker).
 */
static void
proxy_pass(struct mctx *m, const struct pf_node *n, int match)
{
	const struct pf_node *sec = innermost_section(n);
	/* cmd->path is set in a <Proxy> too (the worker's URL): add_pass
	 * reads the words there as in a <Location> (apache2 -t: a path
	 * there is "can not have a path when defined in a location.") */
	int in_proxy = sec != NULL && (pf_hrd_kind(sec) == HK_PROXY ||
	    pf_hrd_kind(sec) == HK_PROXYMATCH);
	int in_loc = in_proxy || (sec != NULL &&
	    (pf_hrd_kind(sec) == HK_LOCATION ||
	    pf_hrd_kind(sec) == HK_LOCATIONMATCH));
	int i = 0, created = 0, np, *pt, ri = -1, mask, shared;
	const char *path = NULL, *url, *f, *r = NULL, *err, *val;
	struct pf_worker *w = NULL, scratch;
	char *flags = NULL, key[32];

	if (n->argc < 1)
		return;
	if ((url = pass_error(m, n, match, in_loc)) != NULL) {
		pf_diag_add(m->r->run, PF_SEV_ERROR, "httpd-value", n->loc,
		    "%s", url);
		return;
	}
	/* add_pass in a section: cmd->path is the alias's path, a regex
	 * for ProxyPassMatch or when apr_fnmatch_test finds a wildcard in
	 * it, compiled then (apache2 -t: ProxyPass in <Proxy "*"> is
	 * "Regular expression could not be compiled.") */
	if (in_loc && n->argc >= 1 && (f = cmd_path(m, n)) != NULL &&
	    (match || pf_hrd_fnmatch_test(f)) &&
	    !pf_hrd_regex_compiles(f, 0)) {
		pf_diag_add(m->r->run, PF_SEV_ERROR, "httpd-value", n->loc,
		    "Regular expression could not be compiled.");
		return;
	}
	if (!in_loc || (n->argc >= 2 && strchr(n->argv[1], '=') == NULL &&
	    n->argv[0][0] == '/'))
		path = n->argv[i++];
	if (i >= n->argc) {
		if (!in_loc)
			pf_diag_add(m->r->run, PF_SEV_ERROR, "httpd-value",
			    n->loc, "ProxyPass|ProxyPassMatch needs a path "
			    "when not defined in a location");
		return;
	}
	url = n->argv[i++];
	if (strcmp(url, "!") == 0)
		return;
	for (; i < n->argc; i++)
		flags = flags ? pf_printf(m->r->a, "%s %s", flags, n->argv[i]) :
		    pf_strdup(m->r->a, n->argv[i]);
	/* (in a <Proxy> the alias's path is the worker's URL: it maps
	 * forward-proxy requests for that URL only, no page of the site) */
	if (!in_proxy)
		add_route(m, match ? PF_ROUTE_PROXYPASSMATCH :
		    PF_ROUTE_PROXYPASS, n, path, url, flags);

	/* add_pass's words: [~] path (cmd->path in a <Location>), url */
	mask = match ? W_MATCH : W_PREFIX;
	f = in_loc ? cmd_path(m, n) : NULL;
	for (i = 0; i < n->argc && r == NULL; i++) {
		if (f == NULL) {
			if (strcmp(n->argv[i], "~") == 0)
				mask = W_MATCH;
			else
				f = n->argv[i];
		} else {
			r = n->argv[i];
			ri = i;
		}
	}
	if (r == NULL || strcmp(r, "!") == 0)
		return;
	if (in_loc && f != NULL && pf_hrd_fnmatch_test(f))
		mask = W_MATCH;
	np = param_table(m, n, ri + 1, 1, &pt);
	if (strncasecmp(r, "balancer:", 9) == 0) {
		pass_balancer(m, n, r, mask == W_MATCH ? NULL : f, np, pt);
		return;
	}
	if (!(shared = srv_worker_find(m, r, mask)))
		srv_worker_add(m, r, mask);
	if (strncasecmp(r, "fcgi://", 7) == 0 ||
	    strncasecmp(r, "unix:", 5) == 0)
		w = worker_get(m, r, n, &created);
	for (i = 0; i < np; i++) {
		if (shared) {
			pf_diag_add(m->r->run, PF_SEV_WARNING,
			    "httpd-worker-sharing", n->loc, "Ignoring parameter "
			    "'%s' for worker '%s' because of worker sharing",
			    n->argv[pt[i]], w != NULL ? w->name : r);
			continue;
		}
		/* the model's worker keeps what its first definer set */
		if (w != NULL && created) {
			if (worker_param(m, w, n, "ProxyPass", r,
			    n->argv[pt[i]]) < 0)
				break;
			continue;
		}
		memset(&scratch, 0, sizeof(scratch));
		val = param_key(n->argv[pt[i]], key, sizeof(key));
		if ((err = set_worker_param(m, &scratch, n->loc, key,
		    val)) != NULL) {
			param_error(m, n, "ProxyPass", r, n->argv[pt[i]], err);
			break;
		}
	}
}

/* The section's name as proxysection takes it ("proxy:" dropped). */
static const char *
proxy_name(const struct pf_node *n)
{
	const char *p = n->argc > 0 ? n->argv[0] : "";

	return strncasecmp(p, "proxy:", 6) == 0 ? p + 6 : p;
}

/*
 * mod_proxy's proxysection on <Proxy URL key=value ...>, before it looks
 * the worker (or balancer) up: NULL, or its refusal of the arguments.
 */
static const char *
section_args_error(const struct pf_node *n)
{
	const char *p = proxy_name(n);

	if (n->argc < 2)
		return NULL;
	if (pf_hrd_kind(n) == HK_PROXYMATCH)
		return "Multiple <ProxyMatch> arguments not (yet) supported.";
	if (pf_hrd_fnmatch_test(p))
		return "<Proxy> arguments are not supported for wildchar url.";
	if (strchr(p, ':') == NULL)
		return "<Proxy> arguments are not supported for non url.";
	if (strncasecmp(p, "balancer:", 9) != 0 && socket_error(p) != NULL)
		return "<Proxy/ProxyMatch > uses an invalid \"unix:\" URL";
	return NULL;
}

/*
 * The words argv[from..] of <Proxy URL ...> or ProxySet, one by one as
 * proxysection and set_proxy_param take them: a word without '=' is
 * noeq's error, a key=value goes through set_balancer_param (bal) or
 * set_worker_param, on the model's worker w where there is one (else on
 * a scratch worker); the first refusal ends them.
 */
static void
section_params(struct mctx *m, const struct pf_node *n, int from,
    const char *who, const char *name, int bal, struct pf_worker *w,
    const char *noeq)
{
	struct pf_worker scratch;
	const char *kv, *val, *err;
	char key[32];
	int i;

	for (i = from; i < n->argc; i++) {
		kv = n->argv[i];
		if (strchr(kv, '=') == NULL) {
			pf_diag_add(m->r->run, PF_SEV_ERROR, "httpd-value",
			    n->loc, "%s", noeq);
			return;
		}
		if (w != NULL) {
			if (worker_param(m, w, n, who, name, kv) < 0)
				return;
			continue;
		}
		memset(&scratch, 0, sizeof(scratch));
		val = param_key(kv, key, sizeof(key));
		err = bal ? set_balancer_param(m, key, val) :
		    set_worker_param(m, &scratch, n->loc, key, val);
		if (err != NULL) {
			param_error(m, n, who, name, kv, err);
			return;
		}
	}
}

/*
 * proxysection: a <Proxy URL> with arguments looks its balancer or worker
 * up on the server and defines it where there is none (its ProxySet lines
 * come first in httpd, which defines the same); then the arguments.  The
 * model keeps a worker for each <Proxy fcgi://...> and <Proxy unix:...>.
 */
static void
proxy_section(struct mctx *m, const struct pf_node *n)
{
	const char *p = proxy_name(n), *e = NULL;
	struct pf_worker *w = NULL;
	int created, bal = strncasecmp(p, "balancer:", 9) == 0;

	if ((e = section_args_error(n)) != NULL) {
		pf_diag_add(m->r->run, PF_SEV_ERROR, "httpd-value", n->loc,
		    "%s", e);
		return;
	}
	if (pf_hrd_kind(n) == HK_PROXYMATCH || n->argc < 1 ||
	    strpbrk(n->argv[0], "*?[") != NULL)
		return;
	if (strncasecmp(n->argv[0], "fcgi://", 7) == 0 ||
	    strncasecmp(n->argv[0], "unix:", 5) == 0)
		w = worker_get(m, n->argv[0], n, &created);
	if (n->argc < 2)
		return;
	if (bal) {
		if (srv_balancer(m, p) == NULL)
			e = srv_balancer_define(m, p, "/");
	} else if (!srv_worker_find(m, p, W_PREFIX)) {
		if ((e = worker_url_error(m, p, 0)) == NULL)
			srv_worker_add(m, p, W_PREFIX);
	}
	if (e != NULL) {
		pf_diag_add(m->r->run, PF_SEV_ERROR, "httpd-value", n->loc,
		    "<Proxy %s", e);
		return;
	}
	section_params(m, n, 1, "<Proxy>", p, bal, bal ? NULL : w,
	    "Invalid Proxy parameter. Parameter must be in the form "
	    "'key=value'");
}

/*
 * set_proxy_param: ProxySet names its balancer or worker, the section's
 * (the <Proxy>/<ProxyMatch> word as written) or else its first word.  In
 * the section it is looked up on the server and defined where there is
 * none; elsewhere it must be there already, defined on the same server
 * by an earlier line ("ProxySet can not find '%s' Balancer."/"Worker.").
 */
static void
proxy_set(struct mctx *m, const struct pf_node *n)
{
	const struct pf_node *sec = innermost_section(n);
	int in_sec = sec != NULL && (pf_hrd_kind(sec) == HK_PROXY ||
	    pf_hrd_kind(sec) == HK_PROXYMATCH), i = 0, mask = 0, bal, created;
	const char *name, *e = NULL;
	struct pf_worker *w = NULL;

	if (n->flags & PF_NODE_HTACCESS)
		return;		/* (not allowed there: the check says so) */
	if (in_sec) {
		name = sec->argc > 0 ? sec->argv[0] : "";
		mask = pf_hrd_kind(sec) == HK_PROXYMATCH ? W_MATCH : W_PREFIX;
	} else if (n->argc > 0)
		name = n->argv[i++];
	else
		return;
	bal = strncasecmp(name, "balancer:", 9) == 0;
	if (bal) {
		if (srv_balancer(m, name) != NULL)
			;
		else if (!in_sec)
			e = pf_printf(m->r->a, "ProxySet can not find '%s' "
			    "Balancer.", name);
		else if ((e = srv_balancer_define(m, name, "/")) != NULL)
			e = pf_printf(m->r->a, "ProxySet %s", e);
	} else if (socket_error(name) != NULL)
		e = "ProxySet uses an invalid \"unix:\" URL";
	else if (!srv_worker_find(m, name, mask)) {
		if (!in_sec)
			e = pf_printf(m->r->a, "ProxySet can not find '%s' "
			    "Worker.", name);
		else if ((e = worker_url_error(m, name, mask == W_MATCH)) !=
		    NULL)
			e = pf_printf(m->r->a, "ProxySet %s", e);
		else
			srv_worker_add(m, name, mask);
	}
	if (e != NULL) {
		pf_diag_add(m->r->run, PF_SEV_ERROR, "httpd-value", n->loc,
		    "%s", e);
		return;
	}
	if (!bal && (!in_sec || pf_hrd_kind(sec) == HK_PROXY) &&
	    (strncasecmp(name, "fcgi://", 7) == 0 ||
	    strncasecmp(name, "unix:", 5) == 0))
		w = worker_get(m, name, n, &created);
	section_params(m, n, i, "ProxySet", name, bal, w, "Invalid ProxySet "
	    "parameter. Parameter must be in the form 'key=value'");
}

/* --- BalancerMember (mod_proxy add_member) ---------------------------- */

/*
 * The path core's section handlers leave in cmd->path, which add_member
 * takes for the balancer's name: <Proxy> and <ProxyMatch> their URL
 * ("proxy:" dropped), <Location> and the *Match sections their word (the
 * regex after "~"), <Files> its name, <If>/<ElseIf>/<Else> "*If", and
 * <Directory> its path made absolute (the working directory's for a
 * relative one), "." and ".." resolved, with a '/' at the end.  NULL at
 * server and <VirtualHost> level.
 */
static const char *
cmd_path(struct mctx *m, const struct pf_node *n)
{
	const struct pf_node *s;
	const char *a, *a0;
	char *p, *q, *seg, cwd[4096];
	size_t len;
	int k;

	for (s = n->parent; s != NULL && s->parent != NULL; s = s->parent) {
		if (!(s->flags & PF_NODE_SECTION))
			continue;
		k = pf_hrd_kind(s);
		a = s->argc > 0 ? s->argv[0] : "";
		switch (k) {
		case HK_VHOST:
			return NULL;
		case HK_IF:
		case HK_ELSEIF:
		case HK_ELSE:
			return "*If";
		case HK_PROXY:
		case HK_PROXYMATCH:
			return strncasecmp(a, "proxy:", 6) == 0 ? a + 6 : a;
		case HK_LOCATIONMATCH:
		case HK_DIRECTORYMATCH:
		case HK_FILESMATCH:
			return a;
		case HK_LOCATION:
		case HK_FILES:
		case HK_DIRECTORY:
			if (strcmp(a, "~") == 0)
				return s->argc > 1 ? s->argv[1] : "";
			if (k == HK_LOCATION || (k == HK_DIRECTORY &&
			    strcmp(a, "/") == 0))
				return a;
			/* apr_filepath_merge: "//", "." and ".." out */
			if (k == HK_DIRECTORY && a[0] != '/' &&
			    getcwd(cwd, sizeof(cwd)) != NULL)
				a = pf_printf(m->r->a, "%s/%s", cwd, a);
			a0 = a;
			len = strlen(a);
			p = pf_alloc(m->r->a, len + 2);
			q = p;
			if (a[0] == '/')
				*q++ = '/';
			for (seg = pf_strdup(m->r->a, a); (a = strsep(&seg,
			    "/")) != NULL; ) {
				if (*a == '\0' || strcmp(a, ".") == 0)
					continue;
				if (strcmp(a, "..") == 0 && q > p + 1) {
					for (q--; q > p && q[-1] != '/'; q--)
						;
					continue;
				}
				q += strlen(strcpy(q, a));
				*q++ = '/';
			}
			/* (<Files> keeps a '/' only where it had one) */
			if (q > p + 1 && q[-1] == '/' && k == HK_FILES &&
			    a0[strlen(a0) - 1] != '/')
				q--;
			*q = '\0';
			return p;
		default:
			break;	/* <Limit> and the like keep the path */
		}
	}
	return NULL;
}

/* ap_proxy_port_of_scheme: APR's table, then mod_proxy's (the scheme is
 * n bytes of s). */
static int
scheme_port_n(const char *s, size_t n)
{
	static const struct { const char *s; int port; } t[] = {
	    { "http", 80 }, { "ftp", 21 }, { "https", 443 },
	    { "gopher", 70 }, { "ldap", 389 }, { "nntp", 119 },
	    { "snews", 563 }, { "imap", 143 }, { "pop", 110 }, { "sip", 5060 },
	    { "rtsp", 554 }, { "wais", 210 }, { "z39.50r", 210 },
	    { "z39.50s", 210 }, { "prospero", 191 }, { "nfs", 2049 },
	    { "tip", 3372 }, { "acap", 674 }, { "telnet", 23 }, { "ssh", 22 },
	    { "fcgi", FCGI_DEFAULT_PORT }, { "ajp", 8009 }, { "scgi", 4000 },
	    { "h2c", 80 }, { "h2", 443 }, { "ws", 80 }, { "wss", 443 } };
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (strncasecmp(t[i].s, s, n) == 0 && t[i].s[n] == '\0')
			return t[i].port;
	return -1;
}

/*
 * The name ap_proxy_define_worker gives a worker URL that parses (after
 * worker_url_error): apr_uri_unparse of it with the scheme and host in
 * lower case, "localhost" for a socket's empty host, and the port left
 * out where it is the scheme's.
 */
static const char *
worker_name(struct mctx *m, const char *url)
{
	const char *u = url, *bar, *a, *end, *at, *hs, *he, *port;
	size_t sl, hl, i;
	char *out, *o;
	int pn;

	if (strncasecmp(url, "unix:", 5) == 0 &&
	    (bar = strchr(url + 5, '|')) != NULL)
		u = bar + 1;
	sl = strcspn(u, ":");
	a = u + sl + (u[sl] == ':');
	/* one copy, written in place: the name is never longer than
	 * scheme "://localhost" and the rest */
	o = out = pf_alloc(TA(m), sl + strlen(a) + sizeof("://localhost"));
	for (i = 0; i < sl; i++)
		*o++ = (char)tolower((unsigned char)u[i]);
	memcpy(o, "://", 3);
	o += 3;
	if (strncmp(a, "//", 2) != 0) {
		memcpy(o, "localhost", 9);
		strcpy(o + 9, a);
		return out;
	}
	a += 2;
	end = a + strcspn(a, "/?#");
	for (at = end; at > a && at[-1] != '@'; at--)
		;
	hs = at;
	if (*hs == '[') {
		he = memchr(hs, ']', (size_t)(end - hs));
		he = he != NULL ? he + 1 : end;
	} else {
		he = memchr(hs, ':', (size_t)(end - hs));
		he = he != NULL ? he : end;
	}
	port = he < end && *he == ':' ? he + 1 : NULL;
	memcpy(o, a, (size_t)(at - a));		/* user@ */
	o += at - a;
	hl = (size_t)(he - hs);
	if (hl == 0 && u != url) {
		memcpy(o, "localhost", 9);
		o += 9;
	} else
		for (i = 0; i < hl; i++)
			*o++ = (char)tolower((unsigned char)hs[i]);
	pn = port != NULL ? atoi(port) : 0;
	if (pn == 0 || pn == scheme_port_n(out, sl))
		port = end;
	if (port < end) {
		*o++ = ':';
		memcpy(o, port, (size_t)(end - port));
		o += end - port;
	}
	strcpy(o, end);
	return out;
}

/*
 * ap_proxy_get_worker(balancer, url): the longest member name that is a
 * prefix of the URL (the URL lower-cased up to its path, a "unix:...|"
 * part dropped) and no shorter than its scheme://host[:port].
 */
static int
member_shared(struct mctx *m, const struct mbal *b, const char *url)
{
	const char *real = url, *c, *bar;
	char *u, *s;
	size_t min, i, ul;

	if (strncasecmp(url, "unix:", 5) == 0 &&
	    (bar = strchr(url + 5, '|')) != NULL) {
		real = bar + 1;
		c = strchr(real, ':');
		if (c != NULL && (c[1] == '\0' || (c[1] == '/' &&
		    c[2] == '/' && c[3] == '\0')))
			real = pf_printf(m->r->a, "%.*s://localhost",
			    (int)(c - real), real);
	}
	c = strchr(real, ':');
	if (c == NULL || c[1] != '/' || c[2] != '/' || c[3] == '\0')
		return 0;
	u = pf_strdup(m->r->a, real);
	s = strchr(u + (c - real) + 3, '/');
	min = s != NULL ? (size_t)(s - u) : strlen(u);
	for (i = 0; i < min; i++)
		u[i] = (char)tolower((unsigned char)u[i]);
	ul = strlen(u);
	for (i = 0; i < b->names.n; i++) {
		size_t l = strlen(b->names.v[i]);

		if (l <= ul && l >= min && strncmp(u, b->names.v[i], l) == 0)
			return 1;
	}
	return 0;
}

/*
 * A FastCGI member's worker in the model (NULL for other schemes): the
 * balancer's own, in ap->workers with its balancer and server, not in
 * the map of the server's workers (worker_get), which mod_proxy keeps
 * apart.
 */
static struct pf_worker *
member_worker(struct mctx *m, const struct pf_node *n, const char *url,
    const char *balancer)
{
	struct pf_worker *w;
	struct pf_backend b;

	if (parse_backend(m->r->a, url, &b) < 0)
		return NULL;
	w = pf_alloc(m->r->a, sizeof(*w));
	w->node = n;
	w->loc = n->loc;
	w->socket = b.socket;
	w->name = strchr(url, '|') ? pf_strdup(m->r->a, strchr(url, '|') + 1) :
	    url;
	w->key = pf_strdup(m->r->a, worker_key(m, url, 0));
	w->balancer = balancer;
	w->server = m->vh->node;
	PF_PUSH(m->r->a, m->ap->workers, w);
	return w;
}

/*
 * add_member: BalancerMember [balancer://NAME] URL [key=value ...].  The
 * words without '=' are the balancer (cmd->path in a section) and the
 * member; the balancer, per server, is defined by its first use; a URL
 * a member of the balancer already answers shares that worker, and its
 * parameters are ignored (warning), else they go through
 * set_worker_param as the table keeps them.  The first refusal is the
 * message, "BalancerMember " before those of the balancer, the worker
 * and the parameters.
 */
static void
balancer_member(struct mctx *m, const struct pf_node *n)
{
	const char *cpath = cmd_path(m, n), *path = cpath, *name = NULL;
	const char *err = NULL, *wn, *c;
	struct pf_worker *w;
	struct mbal *b;
	char *key, *lp, *s, kb[32];
	int i, np, *pt;

	if (n->flags & PF_NODE_HTACCESS)
		return;		/* (not allowed there: the check says so) */
	for (i = 0; i < n->argc && err == NULL; i++) {
		if (strchr(n->argv[i], '=') != NULL)
			continue;
		if (path == NULL)
			path = n->argv[i];
		else if (name == NULL)
			name = n->argv[i];
		else
			err = cpath != NULL ? "BalancerMember can not have a "
			    "balancer name when defined in a location" :
			    "Invalid BalancerMember parameter. Parameter must "
			    "be in the form 'key=value'";
	}
	if (err != NULL)
		goto out;
	if (path == NULL) {
		err = "BalancerMember must define balancer name when outside "
		    "<Proxy > section";
		goto out;
	}
	if (name == NULL) {
		err = "BalancerMember must define remote proxy server";
		goto out;
	}
	if (socket_error(name) != NULL) {
		err = "BalancerMember uses an invalid \"unix:\" URL";
		goto out;
	}
	/* ap_proxy_get_balancer / ap_proxy_define_balancer */
	lp = pf_strdup(m->r->a, path);
	for (s = lp; *s != '\0'; s++)
		*s = (char)tolower((unsigned char)*s);
	c = strchr(lp, ':');
	if (c == NULL || c[1] != '/' || c[2] != '/' || c[3] == '\0') {
		err = pf_printf(m->r->a, "BalancerMember Bad syntax for a "
		    "balancer name (%s)", lp);
		goto out;
	}
	if ((s = strchr(c + 3, '/')) != NULL)
		*s = '\0';
	key = balancer_key(m->r->a, m->vh->node, lp, strlen(lp));
	if ((b = pf_hmap_get(&m->members, key)) == NULL) {
		if (strlen(lp) >= 96) {
			err = pf_printf(m->r->a, "BalancerMember balancer name "
			    "(%s) too long", lp);
			goto out;
		}
		b = pf_alloc(TA(m), sizeof(*b));
		pf_hmap_put(m->r->a, &m->members, key, b);
	}
	np = param_table(m, n, 0, 0, &pt);
	if (member_shared(m, b, name)) {
		for (i = 0; i < np; i++)
			pf_diag_add(m->r->run, PF_SEV_WARNING,
			    "httpd-worker-sharing", n->loc, "Ignoring parameter "
			    "'%s' for worker '%s' because of worker sharing",
			    n->argv[pt[i]], name);
		return;
	}
	/* ap_proxy_define_worker */
	if ((err = worker_url_error(m, name, 0)) != NULL) {
		err = pf_printf(m->r->a, "BalancerMember %s", err);
		goto out;
	}
	wn = worker_name(m, name);
	HPUSH(TA(m), b->names, wn);
	w = member_worker(m, n, name, lp);
	for (i = 0; i < np; i++) {
		struct pf_worker scratch;
		const char *val = param_key(n->argv[pt[i]], kb, sizeof(kb));

		memset(&scratch, 0, sizeof(scratch));
		if (w != NULL)
			HPUSH(m->r->a, w->params, pf_sval_make(n->argv[pt[i]],
			    n->loc));
		if ((err = set_worker_param(m, w != NULL ? w : &scratch,
		    n->loc, kb, val)) != NULL) {
			err = pf_printf(m->r->a, "BalancerMember %s", err);
			goto out;
		}
	}
	return;
out:
	pf_diag_add(m->r->run, PF_SEV_ERROR, "httpd-proxy-param", n->loc, "%s",
	    err);
}

/* --- vhosts ---------------------------------------------------------- */

/*
 * A <VirtualHost> word as get_addresses (server/vhost.c) reads it with
 * apr_parse_addr_port: the port is the tail after the last ':' only when
 * that tail is all digits ("directIP:directPORT" is one host name, with
 * no port).  A name httpd cannot resolve is logged ("Could not resolve
 * host name %s -- ignoring!", AH00547) and the address dropped; a vhost
 * left without any address is in no address chain (ap_fini_vhost_config)
 * and never serves a request, nor does -D DUMP_VHOSTS list it.  Only the
 * names that cannot resolve anywhere are judged here: an unbracketed
 * ':' in a name that is not an IPv6 literal (a template's placeholder),
 * and a bracketed literal APR's inet_pton6 took that getaddrinfo does not
 * ("[00000::2]": certbot's section-continuations-2525 test config).
 * Returns the number of addresses kept.
 */
static int
vhost_addrs(struct mctx *m, struct pf_vhost *vh, const struct pf_node *n)
{
	int i, kept = 0;

	for (i = 0; i < n->argc; i++) {
		const char *a = n->argv[i], *colon, *t;
		struct pf_vaddr va = { NULL, 0 };
		unsigned char a6[16];

		if (a[0] == '[') {
			const char *e = strchr(a, ']');

			if (e == NULL)
				e = a + strlen(a);
			va.host = pf_strndup(m->r->a, a, (size_t)(e - a) +
			    (*e == ']'));
			colon = *e == ']' ? e + 1 : e;
			/* APR's own inet_pton6 let it through (a group of
			 * five digits, "00000"), getaddrinfo does not */
			if (*e == ']' && memchr(a, '%', (size_t)(e - a)) ==
			    NULL && inet_pton(AF_INET6, pf_strndup(m->r->a,
			    a + 1, (size_t)(e - a - 1)), a6) != 1) {
				pf_diag_add(m->r->run, PF_SEV_WARNING,
				    "httpd-vhost-address", n->loc, "Could not "
				    "resolve host name %.*s -- ignoring! (httpd "
				    "drops this address of the <VirtualHost>)",
				    (int)(e - a - 1), a + 1);
				continue;
			}
		} else {
			colon = strrchr(a, ':');
			if (colon != NULL && strcmp(colon + 1, "*") != 0) {
				for (t = colon + 1; isdigit((unsigned char)*t);
				    t++)
					;
				if (t == colon + 1 || *t != '\0')
					colon = NULL;	/* not a port */
			}
			va.host = colon ? pf_strndup(m->r->a, a,
			    (size_t)(colon - a)) : a;
			if (strchr(va.host, ':') != NULL &&
			    inet_pton(AF_INET6, va.host, a6) != 1) {
				pf_diag_add(m->r->run, PF_SEV_WARNING,
				    "httpd-vhost-address", n->loc, "Could not "
				    "resolve host name %s -- ignoring! (httpd "
				    "drops this address of the <VirtualHost>)",
				    va.host);
				continue;
			}
		}
		if (colon != NULL && *colon == ':' && strcmp(colon + 1, "*") != 0)
			va.port = atoi(colon + 1);
		if (strcasecmp(va.host, "_default_") == 0)
			va.host = "*";
		HPUSH(m->r->a, vh->addrs, va);
		kept++;
	}
	return kept;
}

static int
top_section(const struct pf_node *c)
{
	return (c->flags & PF_NODE_SECTION) && active(c) &&
	    !(c->flags & PF_NODE_READ) && pf_hrd_kind(c) != HK_VHOST;
}

/*
 * vh->sections = p's own, in an exact array.  (Not the main server's
 * first: a copy of them in every vhost was sections x vhosts pointers,
 * 800 MB for 10,000 vhosts under a panel's 10,000 top-level <Directory>
 * blocks.)
 */
static void
top_sections(struct mctx *m, struct pf_vhost *vh, const struct pf_node *p)
{
	const struct pf_node *c;
	size_t n = 0, k = 0;

	for (c = p->child; c != NULL; c = c->next)
		n += top_section(c);
	if (n == 0)
		return;
	vh->sections.v = pf_alloc(m->r->a, n * sizeof(*vh->sections.v));
	for (c = p->child; c != NULL; c = c->next)
		if (top_section(c))
			vh->sections.v[k++] = c;
	vh->sections.n = vh->sections.cap = n;
}

static void
alias(struct mctx *m, const struct pf_node *n, int regex, int script)
{
	struct pf_alias al;

	if (n->argc < 2)
		return;
	memset(&al, 0, sizeof(al));
	al.node = n;
	al.url = n->argv[0];
	al.path = n->argv[1];
	al.regex = regex;
	al.script = script;
	HPUSH(m->r->a, m->vh->alias_map, al);
}

static int
has_flag(const char *flags, const char *f, const char **val)
{
	const char *p = flags;
	size_t fl = strlen(f);

	if (p == NULL)
		return 0;
	if (*p == '[')
		p++;
	while (*p != '\0' && *p != ']') {
		size_t len = strcspn(p, ",]");

		if (len >= fl && strncasecmp(p, f, fl) == 0 &&
		    (len == fl || p[fl] == '=')) {
			if (val != NULL)
				*val = p[fl] == '=' ? p + fl + 1 : "";
			return 1;
		}
		p += len;
		if (*p == ',')
			p++;
	}
	return 0;
}

static void
rewrite_rule(struct mctx *m, const struct pf_node *n)
{
	const char *flags = n->argc >= 3 ? n->argv[2] : NULL, *h;

	if (n->argc < 2)
		return;
	if (has_flag(flags, "P", NULL) || has_flag(flags, "proxy", NULL))
		add_route(m, PF_ROUTE_REWRITE_PROXY, n, n->argv[0], n->argv[1],
		    flags);
	else if (has_flag(flags, "H", &h) || has_flag(flags, "handler", &h)) {
		size_t len = strcspn(h, ",]");

		add_route(m, PF_ROUTE_REWRITE_HANDLER, n, n->argv[0],
		    pf_strndup(m->r->a, h, len), flags);
	}
}

/*
 * UserDir (mod_userdir's set_user_dir(), httpd 2.4): the first word
 * decides.  "disable[d]"/"enable[d]" (any case) alone set the global
 * switch, with names they add each name to that list (lists grow over
 * lines); any other first word makes the whole line the targets (the
 * last such line wins).  The directive is unknown unless mod_userdir is
 * loaded: an unknown node is no UserDir.
 */
static int
is_userdir(const struct pf_node *n)
{
	return n->def != NULL && n->def->lname[0] == 'u' &&
	    strcmp(n->def->lname, "userdir") == 0 &&
	    !(n->flags & PF_NODE_UNKNOWN);
}

static void
userdir_line(struct mctx *m, const struct pf_node *n)
{
	struct pf_userdir *u = &m->vh->userdir;
	const char *kw;
	struct pf_svec *list;
	int i;

	if (n->argc < 1)
		return;		/* "UserDir requires an argument." */
	u->own = 1;
	kw = n->argv[0];
	if (strcasecmp(kw, "disable") == 0 || strcasecmp(kw, "disabled") == 0)
		list = &u->disabled;
	else if (strcasecmp(kw, "enable") == 0 ||
	    strcasecmp(kw, "enabled") == 0)
		list = &u->enabled;
	else {
		u->targets = n;
		return;
	}
	if (n->argc == 1) {
		u->global = list == &u->disabled ? PF_USERDIR_DISABLED :
		    PF_USERDIR_ENABLED;
		u->global_node = n;
		return;
	}
	for (i = 1; i < n->argc; i++)
		HPUSH(m->r->a, *list, pf_sval_make(n->argv[i], n->loc));
}

/* merge_userdir_config(), or the main server's config: see
 * model/apache.h. */
static void
userdir_merge(const struct pf_apache *ap, struct pf_vhost *vh)
{
	const struct pf_userdir *b = &ap->main.userdir;

	if (!vh->userdir.own) {
		vh->userdir = *b;
		vh->userdir.own = 0;
		return;
	}
	if (vh->userdir.targets == NULL)
		vh->userdir.targets = b->targets;
	if (vh->userdir.global == PF_USERDIR_DEFAULT) {
		vh->userdir.global = b->global;
		vh->userdir.global_node = b->global_node;
	}
}

static void
one(struct mctx *m, struct pf_node *n, int toplevel)
{
	struct pf_apache *ap = m->ap;
	int i, kind = pf_hrd_kind(n);

	if (kind == HK_NONE && n->def != NULL && n->def->lname[0] == 'b' &&
	    strcmp(n->def->lname, "balancermember") == 0) {
		balancer_member(m, n);
		return;
	}
	switch (kind) {
	case HK_SETHANDLER:
		if (n->argc >= 1 && strncasecmp(n->argv[0], "proxy:", 6) == 0)
			add_route(m, PF_ROUTE_SETHANDLER, n, NULL, n->argv[0],
			    NULL);
		else if (n->argc >= 1 && strcasecmp(n->argv[0], "none") != 0)
			amap_add(m, n, 0);
		break;
	case HK_ADDHANDLER:
		if (n->argc >= 2 && strncasecmp(n->argv[0], "proxy:", 6) == 0) {
			/* mod_mime lower-cases the handler name, a socket
			 * path in it too: "proxy:unix:/run/php/PHP.sock|..."
			 * connects to /run/php/php.sock (verified on 2.4.71:
			 * AH01079 for the lower-cased path, 503) */
			char *h = pf_strdup(m->r->a, n->argv[0]), *q;

			for (q = h; *q != '\0'; q++)
				*q = (char)tolower((unsigned char)*q);
			for (i = 1; i < n->argc; i++)
				add_route(m, PF_ROUTE_ADDHANDLER, n,
				    n->argv[i], h, NULL);
		} else if (n->argc >= 2)
			amap_add(m, n, 0);
		break;
	case HK_ADDTYPE:
		if (n->argc >= 2)
			amap_add(m, n, 0);
		break;
	case HK_ACTION:
		if (n->argc >= 2)
			amap_add(m, n, 1);
		break;
	case HK_PROXYPASS:
		proxy_pass(m, n, 0);
		break;
	case HK_PROXYPASSMATCH:
		proxy_pass(m, n, 1);
		break;
	case HK_REWRITERULE:
		rewrite_rule(m, n);
		break;
	case HK_PROXYSET:
		proxy_set(m, n);
		break;
	case HK_PROXY:
		if (n->flags & PF_NODE_SECTION)
			proxy_section(m, n);
		break;
	case HK_ALIAS:
		alias(m, n, 0, 0);
		break;
	case HK_ALIASMATCH:
		alias(m, n, 1, 0);
		break;
	case HK_SCRIPTALIAS:
		alias(m, n, 0, 1);
		break;
	case HK_SCRIPTALIASMATCH:
		alias(m, n, 1, 1);
		break;
	}
	if (!toplevel)
		return;
	if (kind == HK_NONE && is_userdir(n)) {
		userdir_line(m, n);
		return;
	}
	/* Server and vhost level settings. */
	switch (kind) {
	case HK_SERVERNAME:
		if (n->argc == 1) {
			const char *s = n->argv[0], *p = strstr(s, "://");
			char *h;

			h = pf_strdup(m->r->a, p != NULL ? p + 3 : s);
			if (h[0] != '[' && strchr(h, ':') != NULL)
				*strchr(h, ':') = '\0';
			m->vh->server_name = pf_sval_make(h, n->loc);
		}
		return;
	case HK_SERVERALIAS:
		for (i = 0; i < n->argc; i++)
			HPUSH(m->r->a, m->vh->aliases,
			    pf_sval_make(n->argv[i], n->loc));
		return;
	case HK_DOCUMENTROOT:
		if (n->argc == 1) {
			const char *d = n->argv[0];

			if (d[0] != '/')
				d = pf_hrd_join(m->r->a,
				    m->r->server_root, "/", d);
			m->vh->document_root = pf_sval_make(d, n->loc);
		}
		return;
	case HK_ACCESSFILENAME:
		/* core's access_name, a server config: a vhost's replaces
		 * the main server's (merge_core_server_configs) */
		if (n->argc < 1)
			return;
		m->vh->access_names.n = 0;
		for (i = 0; i < n->argc; i++)
			HPUSH(m->r->a, m->vh->access_names,
			    pf_sval_make(n->argv[i], n->loc));
		if (m->vh == &ap->main)
			ap->access_file_name = pf_sval_make(n->argv[0],
			    n->loc);
		return;
	case HK_SSLENGINE:
		if (n->argc == 1)
			m->vh->tls = strcasecmp(n->argv[0], "on") == 0;
		return;
	case HK_TIMEOUT:
		set_int(m, &m->vh->timeout, n);
		if (m->vh == &ap->main)
			set_int(m, &ap->timeout, n);
		return;
	case HK_PROXYTIMEOUT:
		set_int(m, &m->vh->proxy_timeout, n);
		if (m->vh == &ap->main)
			set_int(m, &ap->proxy_timeout, n);
		return;
	}
	if (m->vh != &ap->main)
		return;		/* the rest are the main server's */
	switch (kind) {
	case HK_USER:
		if (n->argc == 1)
			ap->user = pf_sval_make(n->argv[0], n->loc);
		break;
	case HK_GROUP:
		if (n->argc == 1)
			ap->group = pf_sval_make(n->argv[0], n->loc);
		break;
	case HK_SERVERLIMIT:
		set_int(m, &ap->server_limit, n);
		break;
	case HK_THREADSPERCHILD:
		set_int(m, &ap->threads_per_child, n);
		break;
	case HK_THREADLIMIT:
		set_int(m, &ap->thread_limit, n);
		break;
	case HK_MAXREQUESTWORKERS:
		set_int(m, &ap->max_request_workers, n);
		break;
	case HK_STARTSERVERS:
		set_int(m, &ap->start_servers, n);
		break;
	case HK_MINSPARE:
		set_int(m, &ap->min_spare, n);
		break;
	case HK_MAXSPARE:
		set_int(m, &ap->max_spare, n);
		break;
	case HK_MAXCONNPERCHILD:
		set_int(m, &ap->max_connections_per_child, n);
		break;
	case HK_KEEPALIVE:
		if (n->argc == 1)
			ap->keepalive = pf_ival_make(strcasecmp(n->argv[0],
			    "on") == 0, n->loc);
		break;
	}
}

/* Walks the active tree in order (iteratively). */
static void
walk(struct mctx *m, struct pf_node *root)
{
	struct pf_node *n = root->child;

	while (n != NULL) {
		int descend = active(n) && !(n->flags & PF_NODE_READ &&
		    pf_hrd_kind(n) == HK_MACRO);
		struct pf_node *p;

		if (descend) {
			if (n->parent == root &&
			    (n->flags & PF_NODE_SECTION) &&
			    pf_hrd_kind(n) == HK_VHOST) {
				struct pf_vhost *vh = pf_alloc(m->r->a,
				    sizeof(*vh));
				int kept;

				vh->node = n;
				vh->loc = n->loc;
				kept = vhost_addrs(m, vh, n);
				/* the main server's sections (collected once,
				 * up front), then the vhost's own */
				top_sections(m, vh, n);
				if (kept > 0 || n->argc == 0)
					PF_PUSH(m->r->a, m->ap->vhosts, vh);
				m->vh = vh;
			} else {
				p = n->parent;
				one(m, n, p == root || (p->parent == root &&
				    pf_hrd_kind(p) == HK_VHOST));
			}
		}
		if (descend && n->child != NULL) {
			n = n->child;
			continue;
		}
		while (n != root && n->next == NULL) {
			n = n->parent;
			if (n != NULL && n->parent == root &&
			    pf_hrd_kind(n) == HK_VHOST)
				m->vh = &m->ap->main;
		}
		if (n == root)
			break;
		if (n->parent == root && pf_hrd_kind(n) == HK_VHOST)
			m->vh = &m->ap->main;
		n = n->next;
	}
}

/* --- Action routes (mod_actions) ------------------------------------ */

static int
amap_cmp(const void *a, const void *b)
{
	const struct amap *x = a, *y = b;

	if (x->vhi != y->vhi)
		return x->vhi < y->vhi ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static int
url_under(const char *prefix, const char *url)
{
	size_t n = strlen(prefix);

	while (n > 1 && prefix[n - 1] == '/')
		n--;
	return strncmp(prefix, url, n) == 0 && (url[n] == '\0' ||
	    url[n] == '/' || prefix[n - 1] == '/');
}

/* The FastCGI backend serving an Action's URL in vh (then the main
 * server): a ProxyPass prefix, or SetHandler "proxy:" in a <Location>. */
static const struct pf_backend *
action_backend(struct mctx *m, const struct pf_vhost *vh, const char *url)
{
	const struct pf_vhost *v = vh;
	size_t i;

	for (;;) {
		for (i = 0; i < v->routes.n; i++) {
			const struct pf_route *rt = &v->routes.v[i];

			if (rt->kind == PF_ROUTE_PROXYPASS && rt->pattern &&
			    url_under(rt->pattern, url))
				return &rt->backend;
			if (rt->kind == PF_ROUTE_SETHANDLER && rt->section &&
			    pf_hrd_kind(rt->section) == HK_LOCATION &&
			    rt->section->argc == 1 &&
			    url_under(rt->section->argv[0], url))
				return &rt->backend;
		}
		if (v == &m->ap->main)
			return NULL;
		v = &m->ap->main;
	}
}

/* The handler or type a mapping directive gives its files. */
static const char *
amap_type(const struct pf_node *n)
{
	return n->argv[0];
}

static void
action_route(struct mctx *m, struct pf_vhost *vh, const struct amap *map,
    const struct amap *act)
{
	const struct pf_node *n = map->n, *a = act->n;
	const struct pf_backend *b;
	struct pf_route rt;
	int i, k;

	memset(&rt, 0, sizeof(rt));
	rt.kind = PF_ROUTE_ACTION;
	rt.node = n;
	rt.action = a;
	rt.section = innermost_section(n);
	rt.target = a->argv[1];
	rt.flags = a->argc >= 3 ? a->argv[2] : NULL;
	rt.file_check = under_file_check(n);
	if ((b = action_backend(m, vh, rt.target)) != NULL)
		rt.backend = *b;
	else
		(void)parse_target(m->r, vh->node, rt.target, &rt.backend);
	k = pf_hrd_kind(n) == HK_SETHANDLER ? 0 : 1;
	if (k == 0) {
		HPUSH(m->r->a, vh->routes, rt);
		return;
	}
	for (i = k; i < n->argc; i++) {
		rt.pattern = n->argv[i];
		HPUSH(m->r->a, vh->routes, rt);
	}
}

/* The last Action for type in amaps[from, to). */
static const struct amap *
find_action(struct mctx *m, size_t from, size_t to, const char *type)
{
	size_t j;

	for (j = to; j-- > from;)
		if (m->amaps.v[j].action && strcasecmp(m->amaps.v[j].n->argv[0],
		    type) == 0)
			return &m->amaps.v[j];
	return NULL;
}

/*
 * Pairs each mapping with the last Action for its handler or type that
 * applies to the same server (mod_actions merges a vhost's Actions over
 * the main server's).  The main server's pairs are its routes (they apply
 * to the vhosts that do not override them); a vhost gets the pairs its own
 * mappings make with its own or the main server's Actions, and those the
 * main server's mappings make with the vhost's own Actions.
 */
static void
action_routes(struct mctx *m)
{
	struct pf_apache *ap = m->ap;
	const struct amap *act;
	size_t i, g, ge, mainend = 0;

	if (m->amaps.n == 0)
		return;
	qsort(m->amaps.v, m->amaps.n, sizeof(*m->amaps.v), amap_cmp);
	while (mainend < m->amaps.n && m->amaps.v[mainend].vhi == 0)
		mainend++;
	for (i = 0; i < mainend; i++)
		if (!m->amaps.v[i].action && (act = find_action(m, 0, mainend,
		    amap_type(m->amaps.v[i].n))) != NULL)
			action_route(m, &ap->main, &m->amaps.v[i], act);
	for (g = mainend; g < m->amaps.n; g = ge) {
		size_t vhi = m->amaps.v[g].vhi;
		struct pf_vhost *vh = ap->vhosts.v[vhi - 1];

		for (ge = g; ge < m->amaps.n && m->amaps.v[ge].vhi == vhi;
		    ge++)
			;
		for (i = g; i < ge; i++) {
			const char *t = amap_type(m->amaps.v[i].n);

			if (m->amaps.v[i].action)
				continue;
			if ((act = find_action(m, g, ge, t)) == NULL)
				act = find_action(m, 0, mainend, t);
			if (act != NULL)
				action_route(m, vh, &m->amaps.v[i], act);
		}
		for (i = 0; i < mainend; i++)
			if (!m->amaps.v[i].action && (act = find_action(m, g,
			    ge, amap_type(m->amaps.v[i].n))) != NULL)
				action_route(m, vh, &m->amaps.v[i], act);
	}
}

/* --upload-dir: absolute directories inside the effective DocumentRoot,
 * relative ones below it. */
static void
upload_dirs(struct mctx *m, struct pf_vhost *vh)
{
	const struct pf_httpd_opts *o = m->r->o;
	const char *dr = vh->document_root.s != NULL ? vh->document_root.s :
	    m->ap->main.document_root.s;
	size_t i, dl;

	if (dr == NULL || o->upload_dirs == NULL)
		return;
	dl = strlen(dr);
	while (dl > 1 && dr[dl - 1] == '/')
		dl--;
	for (i = 0; i < o->nupload_dirs; i++) {
		const char *u = o->upload_dirs[i];

		if (u == NULL || u[0] == '\0')
			continue;
		if (u[0] == '/') {
			if (strncmp(u, dr, dl) != 0 || (u[dl] != '/' &&
			    u[dl] != '\0' && dl > 1))
				continue;
		} else {
			while (u[0] == '.' && u[1] == '/')
				u += 2;
			u = pf_printf(m->r->a, "%.*s/%s", (int)dl, dr, u);
		}
		HPUSH(m->r->a, vh->upload_dirs, pf_sval_make(u, PF_NOLOC));
	}
}

/*
 * Each balancer's first FastCGI member, before any route names it (a
 * <Proxy balancer://> may come after the ProxyPass): BalancerMember URL
 * in <Proxy balancer://NAME>, BalancerMember balancer://NAME URL outside
 * (mod_proxy add_member: words with '=' are parameters).
 */
static void
balancer_members(struct hrd *r, struct pf_node *top)
{
	struct pf_node *n;
	const struct pf_node *sec;
	struct pf_backend b;

	if (!r->balancer_members)
		return;		/* (a walk of every node for none) */
	for (n = top->child; n != NULL; n = next_active(n, top)) {
		if (active(n) && n->name != NULL &&
		    strcasecmp(n->name, "BalancerMember") == 0) {
			const char *name = NULL, *member = NULL;
			char *key;
			int i;

			sec = innermost_section(n);
			if (sec != NULL && pf_hrd_kind(sec) == HK_PROXY)
				name = proxy_name(sec);
			for (i = 0; i < n->argc; i++)
				if (strchr(n->argv[i], '=') == NULL) {
					if (name == NULL)
						name = n->argv[i];
					else if (member == NULL)
						member = n->argv[i];
				}
			if (name != NULL && member != NULL &&
			    strncasecmp(name, "balancer://", 11) == 0 &&
			    parse_backend(r->a, member, &b) == 0) {
				const struct pf_node *v = n->parent;

				while (v != NULL && pf_hrd_kind(v) != HK_VHOST)
					v = v->parent;
				key = balancer_key(r->a, v, name, 11 +
				    strcspn(name + 11, "/"));
				if (pf_hmap_get(&r->balancers, key) == NULL)
					pf_hmap_put(r->a, &r->balancers, key,
					    (void *)member);
			}
		}
	}
}

void
pf_hrd_model(struct hrd *r)
{
	struct pf_apache *ap = r->ap;
	struct mctx m;
	size_t i;

	balancer_members(r, ap->root);
	memset(&m, 0, sizeof(m));
	m.r = r;
	m.ap = ap;
	m.vh = &ap->main;
	top_sections(&m, &ap->main, ap->root);
	walk(&m, ap->root);
	for (i = 0; i < ap->modules.n; i++) {
		const char *id = ap->modules.v[i].s;
		size_t l = strlen(id);

		/* mpm_NAME_module ("mpm_module" is no MPM: found by the
		 * fuzzer, its name was 4 - 11 bytes long) */
		if (l > 11 && strncmp(id, "mpm_", 4) == 0 &&
		    strcmp(id + l - 7, "_module") == 0 &&
		    strcmp(id, "mpm_itk_module") != 0)	/* over prefork */
			ap->mpm = pf_sval_make(pf_strndup(r->a, id + 4,
			    l - 4 - 7), ap->modules.v[i].loc);
	}
	if (ap->main.document_root.s == NULL)
		ap->main.document_root = pf_sval_make("/var/www/html",
		    PF_NOLOC);
	if (ap->access_file_name.s == NULL)
		ap->access_file_name = pf_sval_make(".htaccess", PF_NOLOC);
	if (!ap->timeout.set)
		ap->timeout.v = 60;
	action_routes(&m);
	for (i = 0; i < ap->vhosts.n; i++)
		userdir_merge(ap, ap->vhosts.v[i]);
	upload_dirs(&m, &ap->main);
	for (i = 0; i < ap->vhosts.n; i++)
		upload_dirs(&m, ap->vhosts.v[i]);
	free(m.kbuf);
	free(m.sbuf);
	pf_hmap_free(&m.members);
	pf_hmap_free(&m.swork);
	pf_hmap_free(&m.psrv);
	pf_arena_free(m.ta);
}

/* Routes and workers of a subtree added later (an .htaccess file). */
void	pf_hrd_model_sub(struct hrd *, struct pf_vhost *, struct pf_node *);

void
pf_hrd_model_sub(struct hrd *r, struct pf_vhost *vh, struct pf_node *sec)
{
	struct mctx m;
	struct pf_node *n;

	memset(&m, 0, sizeof(m));
	m.r = r;
	m.ap = r->ap;
	m.vh = vh;

	for (n = sec->child; n != NULL; n = next_active(n, sec))
		if (active(n))
			one(&m, n, 0);
	free(m.kbuf);
	free(m.sbuf);
	pf_hmap_free(&m.members);
	pf_hmap_free(&m.swork);
	pf_hmap_free(&m.psrv);
	pf_arena_free(m.ta);
}
