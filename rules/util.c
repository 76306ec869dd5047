/*
 * util.c - small helpers the rule passes share: versions, INI values,
 * paths, effective PHP settings.
 */
#include <ctype.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "parsers/phpini.h"
#include "model/binver.h"
#include "model/buf.h"
#include "rules/rule.h"

int
pf_vercmp(const char *a, const char *b)
{
	while (*a != '\0' || *b != '\0') {
		long x = 0, y = 0;

		while (*a != '\0' && !isdigit((unsigned char)*a))
			a++;
		while (*b != '\0' && !isdigit((unsigned char)*b))
			b++;
		if (*a == '\0' && *b == '\0')
			break;
		while (isdigit((unsigned char)*a))
			x = x * 10 + (*a++ - '0');
		while (isdigit((unsigned char)*b))
			y = y * 10 + (*b++ - '0');
		if (x != y)
			return x < y ? -1 : 1;
		/* Stop after the numeric part ("8.2.36-1+deb12u1"). */
		if (*a != '.' && *b != '.')
			break;
	}
	return 0;
}

int
pf_ini_true(const char *v)
{
	if (v == NULL)
		return 0;
	while (isspace((unsigned char)*v) || *v == '"' || *v == '\'')
		v++;
	return strncasecmp(v, "on", 2) == 0 || strncasecmp(v, "yes", 3) == 0 ||
	    strncasecmp(v, "true", 4) == 0 || strncasecmp(v, "stdout", 6) == 0
	    || strncasecmp(v, "stderr", 6) == 0 ||
	    (isdigit((unsigned char)*v) && atoi(v) != 0);
}

long long
pf_ini_bytes(const char *v)
{
	long long n;
	size_t len;

	if (v == NULL)
		return -2;
	/* (a value still in its quotes) */
	v += strspn(v, " \t\"");
	len = strlen(v);
	while (len > 0 && (isspace((unsigned char)v[len - 1]) ||
	    v[len - 1] == '"'))
		len--;
	return pf_php_quantity(v, len, &n) == 0 ? n : -2;
}

long long
pf_ini_secs(const char *v)
{
	long long n = v != NULL ? strtoll(v + strspn(v, " \t\""), NULL, 10) :
	    0;

	return n > 0 ? n : LLONG_MAX;
}

const char *
pf_pool_chroot(struct pf_arena *a, const struct pf_pool *p)
{
	const char *c = p != NULL ? p->chroot.s : NULL;
	size_t n;

	if (c == NULL || c[0] != '/')
		return NULL;
	n = strlen(c);
	while (n > 1 && c[n - 1] == '/')
		n--;
	return n > 1 ? pf_strndup(a, c, n) : NULL;
}

const char *
pf_chroot_path(struct pf_arena *a, const char *croot, const char *p)
{
	if (croot == NULL || p == NULL || p[0] != '/')
		return p;
	return pf_printf(a, "%s%s", croot, p);
}

const char *
pf_pool_label(const struct pf_pool *p)
{
	return p != NULL && p->name != NULL ? p->name : "?";
}

const char *
pf_php_get(struct pf_rctx *c, const struct pf_pool *pool, const char *key,
    struct pf_loc *loc)
{
	const char *v;

	if (loc != NULL)
		*loc = PF_NOLOC;
	v = pf_php_effective(pf_pool_ini(c->m, pool), pool, key, loc);
	return v;
}

int
pf_php_known(struct pf_rctx *c, const struct pf_pool *pool, const char *key)
{
	size_t i;

	if (pool != NULL)
		for (i = 0; i < pool->php.n; i++)
			if (strcasecmp(pool->php.v[i].key, key) == 0)
				return 1;
	return pf_pool_ini(c->m, pool) != NULL;
}

/*
 * security.limit_extensions entries that are PHP scripts: .php and .php
 * with digits (cPanel's pools list .php3 to .php8, LEMPer's .php80),
 * .phtml, .pht (i-MSCP's pools; the classic handler pattern
 * \.ph(p[345]?|t|tml|ps)$ has it), .phar, in any case (FPM compares them
 * as written, and a .PHP file is PHP all the same).
 */
static int
script_ext(const char *e, size_t l)
{
	static const char *const ok[] = { ".php", ".phar", ".phtml", ".pht",
		NULL };
	size_t d;
	int i;

	if (l > 4 && strncasecmp(e, ".php", 4) == 0) {
		for (d = 4; d < l && e[d] >= '0' && e[d] <= '9'; d++)
			;
		if (d == l)
			return 1;
	}
	for (i = 0; ok[i] != NULL; i++)
		if (strlen(ok[i]) == l && strncasecmp(e, ok[i], l) == 0)
			return 1;
	return 0;
}

int
pf_limit_ext_weak(const struct pf_pool *p, char *bad, size_t n)
{
	const char *q = p->limit_extensions.s;
	size_t o = 0;
	int empty = 1;

	if (n > 0)
		bad[0] = '\0';
	if (q == NULL)
		return 0;
	while (*q != '\0') {
		size_t l;

		while (*q == ' ' || *q == '\t')
			q++;
		l = strcspn(q, " \t");
		if (l == 0)
			break;
		empty = 0;
		if (!script_ext(q, l) && o + l + 2 < n) {
			if (o > 0)
				bad[o++] = ' ';
			memcpy(bad + o, q, l);
			bad[o += l] = '\0';
		}
		q += l;
	}
	return empty ? 1 : o > 0 ? 2 : 0;
}

int
pf_apache_has_module(const struct pf_apache *ap, const char *id)
{
	size_t i;

	/* (the first byte before the call: the simulator asks per
	 * request, 1.3 million times at 10,000 vhosts) */
	for (i = 0; i < ap->modules.n; i++)
		if (ap->modules.v[i].s[0] == id[0] &&
		    strcmp(ap->modules.v[i].s, id) == 0)
			return 1;
	return 0;
}

int
pf_apache_per_vhost_user(const struct pf_apache *ap)
{
	return pf_apache_has_module(ap, "mpm_itk_module") ||
	    pf_apache_has_module(ap, "ruid2_module");
}

const struct pf_node *
pf_server_line(const struct pf_node *top, const char *name)
{
	const struct pf_node *n, *got = NULL;

	/* (the reader splices Include'd files and true conditionals in
	 * place: a server's lines are its section's children) */
	for (n = top->child; n != NULL; n = n->next)
		if (!(n->flags & (PF_NODE_INACTIVE | PF_NODE_SECTION)) &&
		    pf_node_is(n, name))
			got = n;
	return got;
}

const char *
pf_vhost_run_user(struct pf_rctx *c, const struct pf_vhost *v)
{
	const struct pf_apache *ap = c->m->apache;
	const struct pf_node *n = NULL;
	const char *name;

	if (!pf_apache_per_vhost_user(ap))
		return ap->user.s;
	name = pf_apache_has_module(ap, "mpm_itk_module") ? "AssignUserID" :
	    "RUidGid";
	if (v != NULL && v->node != NULL)
		n = pf_server_line(v->node, name);
	if (n == NULL && ap->root != NULL)
		n = pf_server_line(ap->root, name);
	if (n != NULL)
		return n->argc > 0 ? n->argv[0] : NULL;
	return ap->user.s;
}

size_t
pf_node_server(struct pf_rctx *c, const struct pf_node *n)
{
	const struct pf_apache *ap = c->m->apache;
	const struct pf_node *p;
	size_t i;

	if (c->vhost_nodes.cap == 0)
		for (i = ap->vhosts.n; i-- > 0;)
			pf_pmap_put(c->run->arena, &c->vhost_nodes,
			    ap->vhosts.v[i]->node, i + 1);
	for (p = n; p != NULL; p = p->parent)
		if ((p->flags & PF_NODE_SECTION) && p->name != NULL &&
		    strcasecmp(p->name, "VirtualHost") == 0 &&
		    (i = pf_pmap_get(&c->vhost_nodes, p)) != 0)
			return i;
	return 0;
}

const char *
pf_vhost_label(struct pf_rctx *c, const struct pf_vhost *v)
{
	const struct pf_source *s;

	if (v == NULL || v->node == NULL)
		return "main server";
	if (v->server_name.s != NULL)
		return v->server_name.s;
	s = pf_source_get(c->run, v->loc.file);
	return pf_printf(c->run->arena, "vhost at %s:%u", s ? s->path : "?",
	    v->loc.line);
}

/* ---- maps ----------------------------------------------------------- */

static uint64_t
mix64(uint64_t h)
{
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	return h;
}

static uint64_t
str_hash(const char *s)
{
	uint64_t h = 14695981039346656037ULL;

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

size_t
pf_imap_get(const struct pf_pmap *m, uint64_t key)
{
	size_t i, mask;

	if (m->cap == 0 || key == 0)
		return 0;
	mask = m->cap - 1;
	for (i = mix64(key) & mask; m->k[i] != 0; i = (i + 1) & mask)
		if (m->k[i] == key)
			return m->v[i];
	return 0;
}

void
pf_imap_put(struct pf_arena *a, struct pf_pmap *m, uint64_t key, size_t val)
{
	size_t i, mask;

	if (key == 0)
		return;
	if ((m->n + 1) * 2 > m->cap) {
		struct pf_pmap o = *m;
		size_t j;

		m->cap = o.cap ? o.cap * 2 : 16;
		m->k = pf_alloc(a, m->cap * sizeof(*m->k));
		m->v = pf_alloc(a, m->cap * sizeof(*m->v));
		m->n = 0;
		for (j = 0; j < o.cap; j++)
			if (o.k[j] != 0)
				pf_imap_put(a, m, o.k[j], o.v[j]);
	}
	mask = m->cap - 1;
	for (i = mix64(key) & mask; m->k[i] != 0; i = (i + 1) & mask)
		if (m->k[i] == key) {
			m->v[i] = val;
			return;
		}
	m->k[i] = key;
	m->v[i] = val;
	m->n++;
}

size_t
pf_pmap_get(const struct pf_pmap *m, const void *key)
{
	return pf_imap_get(m, (uint64_t)(uintptr_t)key);
}

void
pf_pmap_put(struct pf_arena *a, struct pf_pmap *m, const void *key,
    size_t val)
{
	pf_imap_put(a, m, (uint64_t)(uintptr_t)key, val);
}

size_t
pf_smap_get(const struct pf_smap *m, const char *key)
{
	size_t i, mask;

	if (m->cap == 0 || key == NULL)
		return 0;
	mask = m->cap - 1;
	for (i = str_hash(key) & mask; m->k[i] != NULL; i = (i + 1) & mask)
		if (strcmp(m->k[i], key) == 0)
			return m->v[i];
	return 0;
}

void
pf_smap_put(struct pf_arena *a, struct pf_smap *m, const char *key,
    size_t val)
{
	size_t i, mask;

	if (key == NULL)
		return;
	if ((m->n + 1) * 2 > m->cap) {
		struct pf_smap o = *m;
		size_t j;

		m->cap = o.cap ? o.cap * 2 : 16;
		m->k = pf_alloc(a, m->cap * sizeof(*m->k));
		m->v = pf_alloc(a, m->cap * sizeof(*m->v));
		m->n = 0;
		for (j = 0; j < o.cap; j++)
			if (o.k[j] != NULL)
				pf_smap_put(a, m, o.k[j], o.v[j]);
	}
	mask = m->cap - 1;
	for (i = str_hash(key) & mask; m->k[i] != NULL; i = (i + 1) & mask)
		if (strcmp(m->k[i], key) == 0) {
			m->v[i] = val;
			return;
		}
	m->k[i] = key;
	m->v[i] = val;
	m->n++;
}

/* ---- exposed pools, vpools ------------------------------------------- */

void
pf_mark_exposed(struct pf_rctx *c, struct pf_pool *p, const struct pf_node *why)
{
	if (c->fork != NULL) {
		if (p != NULL)
			pf_rfork_mark(c, NULL, p, why);
		return;
	}
	if (p != NULL && !pf_is_exposed(c, p)) {
		PF_PUSH(c->run->arena, c->exposed, p);
		PF_PUSH(c->run->arena, c->exposed_by, why);
		pf_pmap_put(c->run->arena, &c->exposed_map, p, c->exposed.n);
	}
}

void
pf_mark_exposed_if(struct pf_rctx *c, const struct pf_diag *d,
    struct pf_pool *p, const struct pf_node *why)
{
	if (d == NULL || p == NULL)
		return;
	if (c->fork != NULL)
		pf_rfork_mark(c, d, p, why);
	else
		pf_mark_exposed(c, p, why);
}

const struct pf_node *
pf_exposed_by(struct pf_rctx *c, const struct pf_pool *p)
{
	size_t i = pf_pmap_get(&c->exposed_map, p);

	return i != 0 ? c->exposed_by.v[i - 1] : NULL;
}

int
pf_is_exposed(struct pf_rctx *c, const struct pf_pool *p)
{
	return pf_pmap_get(&c->exposed_map, p) != 0;
}

/* (Re)builds the vpool indexes when the routing pass added vpools. */
static void
vp_index(struct pf_rctx *c)
{
	struct pf_arena *a = c->run->arena;
	size_t i, *last;
	struct pf_pmap tail = { 0 };

	if (c->vpx_n == c->vpools.n && c->vp_next != NULL)
		return;
	memset(&c->vp_by_vhost, 0, sizeof(c->vp_by_vhost));
	memset(&c->vp_by_pool, 0, sizeof(c->vp_by_pool));
	c->vp_next = pf_alloc(a, (c->vpools.n + 1) * sizeof(*c->vp_next));
	last = c->vp_next;
	for (i = 0; i < c->vpools.n; i++) {
		const struct pf_vpool *vp = &c->vpools.v[i];
		size_t t;

		pf_pmap_put(a, &c->vp_by_vhost, vp->v, i + 1);
		if (vp->pool == NULL)
			continue;
		if ((t = pf_pmap_get(&tail, vp->pool)) == 0)
			pf_pmap_put(a, &c->vp_by_pool, vp->pool, i + 1);
		else
			last[t - 1] = i + 1;
		pf_pmap_put(a, &tail, vp->pool, i + 1);
	}
	c->site_count = 0;
	{
		struct pf_smap roots = { 0 };

		for (i = 0; i < c->vpools.n; i++) {
			const char *dr = c->vpools.v[i].docroot;

			if (dr == NULL) {
				c->site_count++;
				continue;
			}
			if (pf_smap_get(&roots, dr) == 0) {
				pf_smap_put(a, &roots, dr, 1);
				c->site_count++;
			}
		}
	}
	c->vpx_n = c->vpools.n;
}

const struct pf_vpool *
pf_vpool_of(struct pf_rctx *c, const struct pf_vhost *v)
{
	size_t i;

	vp_index(c);
	i = pf_pmap_get(&c->vp_by_vhost, v);
	return i != 0 ? &c->vpools.v[i - 1] : NULL;
}

const struct pf_vpool *
pf_vpool_first(struct pf_rctx *c, const struct pf_pool *p)
{
	size_t i;

	vp_index(c);
	i = pf_pmap_get(&c->vp_by_pool, p);
	return i != 0 ? &c->vpools.v[i - 1] : NULL;
}

const struct pf_vpool *
pf_vpool_next(struct pf_rctx *c, const struct pf_vpool *vp)
{
	size_t i = c->vp_next[vp - c->vpools.v];

	return i != 0 ? &c->vpools.v[i - 1] : NULL;
}

/* Two directory names, trailing '/' aside: "DocumentRoot /var/www/html/"
 * (HestiaCP's default vhost) and the main server's "/var/www/html" are one
 * site (httpd joins either with the URI into the same file names). */
static int
cmp_dir(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), n;
	int r;

	while (la > 1 && a[la - 1] == '/')
		la--;
	while (lb > 1 && b[lb - 1] == '/')
		lb--;
	n = la < lb ? la : lb;
	if ((r = strncmp(a, b, n)) != 0)
		return r;
	return la == lb ? 0 : la < lb ? -1 : 1;
}

static int
cmp_vpool(const void *a, const void *b)
{
	const struct pf_vpool *x = a, *y = b;

	if (x->pool != y->pool)
		return (uintptr_t)x->pool < (uintptr_t)y->pool ? -1 : 1;
	if (x->docroot == NULL || y->docroot == NULL)
		return x->docroot == y->docroot ? 0 : x->docroot ? 1 : -1;
	return cmp_dir(x->docroot, y->docroot);
}

static size_t
ptr_slot(const void *p, size_t cap)
{
	uint64_t h = (uint64_t)(uintptr_t)p;

	h ^= h >> 31;
	h *= 0x9e3779b97f4a7c15ULL;
	return (size_t)(h >> 7) & (cap - 1);
}

/* Distinct DocumentRoots per pool, counted once (after the routing pass
 * filled vpools) into an open-addressing map. */
size_t
pf_pool_sites(struct pf_rctx *c, const struct pf_pool *p)
{
	size_t i;

	if (c->sites_cap == 0) {
		struct pf_vpool *v = pf_alloc(c->run->arena,
		    (c->vpools.n + 1) * sizeof(*v));
		size_t cap = 16;

		while (cap < c->vpools.n * 2 + 2)
			cap *= 2;
		c->sites_cap = cap;
		c->sites_pool = pf_alloc(c->run->arena, cap * sizeof(void *));
		c->sites_n = pf_alloc(c->run->arena, cap * sizeof(size_t));
		if (c->vpools.n > 0)
			memcpy(v, c->vpools.v, c->vpools.n * sizeof(*v));
		qsort(v, c->vpools.n, sizeof(*v), cmp_vpool);
		for (i = 0; i < c->vpools.n; i++) {
			size_t k;

			if (v[i].pool == NULL || (i > 0 && cmp_vpool(&v[i],
			    &v[i - 1]) == 0))
				continue;
			for (k = ptr_slot(v[i].pool, cap);
			    c->sites_pool[k] != NULL &&
			    c->sites_pool[k] != v[i].pool; k = (k + 1) & (cap - 1))
				;
			c->sites_pool[k] = v[i].pool;
			c->sites_n[k]++;
		}
	}
	for (i = ptr_slot(p, c->sites_cap); c->sites_pool[i] != NULL;
	    i = (i + 1) & (c->sites_cap - 1))
		if (c->sites_pool[i] == p)
			return c->sites_n[i];
	return 0;
}

int
pf_pool_relevant(struct pf_rctx *c, const struct pf_pool *p)
{
	if (c->m->apache == NULL)
		return 1;
	return p->used || c->m->fpm != NULL;
}

size_t
pf_site_count(struct pf_rctx *c)
{
	if (c->m->apache == NULL) {
		size_t i, n = 0;

		/* (not the hidden "<pool>_status" pool of pm.status_listen) */
		for (i = 0; i < c->m->pools.n; i++)
			n += c->m->pools.v[i]->status_of == NULL;
		return n;
	}
	vp_index(c);
	return c->site_count;
}

const struct pf_pool *
pf_desc_pool(struct pf_rctx *c, const struct pf_pool *p)
{
	size_t i;

	if (p == NULL || p->name == NULL)
		return NULL;
	for (i = 0; i < c->m->sites.n; i++) {
		const struct pf_pool *d = c->m->sites.v[i]->pool;

		if (d != NULL && d != p && d->name != NULL &&
		    strcmp(d->name, p->name) == 0)
			return d;
	}
	return NULL;
}

size_t
pf_desc_sharers(struct pf_rctx *c, const struct pf_pool *p)
{
	size_t i, n = 0;

	if (p == NULL || p->name == NULL)
		return 0;
	for (i = 0; i < c->m->sites.n; i++) {
		const struct pf_site *s = c->m->sites.v[i];
		const char *pn = s->pool != NULL ? s->pool->name :
		    s->pool_name.s != NULL ? s->pool_name.s : s->name;

		if (pn != NULL && strcmp(pn, p->name) == 0)
			n++;
	}
	return n;
}

/*
 * Under --root: the PHP version of the copy's FPM binary, from its bytes:
 * the one named after the configuration's place (Debian's
 * /etc/php/X.Y/fpm -> /usr/sbin/php-fpmX.Y, Alpine's /etc/phpXY ->
 * /usr/sbin/php-fpmXY), else /usr/sbin/php-fpm (RHEL, Arch, Gentoo's
 * link), /usr/local/sbin/php-fpm (FreeBSD, the php images).
 */
static const char *
php_detect_tree(struct pf_rctx *c, const char *cfg)
{
	const char *bins[4], *v = NULL;
	size_t l;
	int i, n = 0;

	if (cfg != NULL && strncmp(cfg, "/etc/php/", 9) == 0 &&
	    isdigit((unsigned char)cfg[9])) {
		l = strspn(cfg + 9, "0123456789.");
		bins[n++] = pf_printf(c->run->arena, "/usr/sbin/php-fpm%.*s",
		    (int)l, cfg + 9);
	} else if (cfg != NULL && strncmp(cfg, "/etc/php", 8) == 0 &&
	    isdigit((unsigned char)cfg[8])) {
		l = strspn(cfg + 8, "0123456789");
		bins[n++] = pf_printf(c->run->arena, "/usr/sbin/php-fpm%.*s",
		    (int)l, cfg + 8);
	}
	bins[n++] = "/usr/sbin/php-fpm";
	bins[n++] = "/usr/local/sbin/php-fpm";
	for (i = 0; i < n && v == NULL; i++)
		v = pf_binary_version(c->run->arena,
		    pf_host_path(c->run, bins[i]), "X-Powered-By: PHP/");
	return v;
}

/*
 * The PHP version of the FPM that reads this configuration: installed
 * here (no --root), php-fpmX.Y -v for /etc/php/X.Y/fpm (Debian), else
 * php-fpm -v; under --root the copy's binary's bytes.  NULL if unknown.
 */
const char *
pf_php_detect(struct pf_rctx *c)
{
	const char *cfg = c->m->fpm != NULL ? c->m->fpm->path : NULL;
	const char *bins[3], *v = NULL;
	char buf[256];
	int i, n = 0;

	if (c->run->root != NULL)
		return php_detect_tree(c, cfg);
	if (cfg == NULL)
		return NULL;
	if (strncmp(cfg, "/etc/php/", 9) == 0 && isdigit((unsigned char)cfg[9])) {
		size_t l = strspn(cfg + 9, "0123456789.");

		bins[n++] = pf_printf(c->run->arena, "/usr/sbin/php-fpm%.*s",
		    (int)l, cfg + 9);
	}
	bins[n++] = "/usr/sbin/php-fpm";
	for (i = 0; i < n && v == NULL; i++) {
		FILE *p;

		if (access(bins[i], X_OK) != 0)
			continue;
		p = popen(pf_printf(c->run->arena, "%s -v 2>/dev/null", bins[i]),
		    "r");
		if (p == NULL)
			continue;
		while (fgets(buf, sizeof(buf), p) != NULL)
			if (v == NULL && strncmp(buf, "PHP ", 4) == 0)
				v = pf_strndup(c->run->arena, buf + 4,
				    strspn(buf + 4, "0123456789."));
		pclose(p);
	}
	return v;
}

/*
 * Is path pat or below it, pat's '/'-separated components (shell
 * wildcards allowed, as in <Directory>) matched one by one against
 * path's with fnmatch(flags)?  exact: a component without wildcards is
 * compared as it is.  Components over 1023 bytes never match.
 */
int
pf_path_wild_under(const char *path, const char *pat, int flags, int exact)
{
	char pc[1024], sc[1024];
	const char *p = pat, *q = path;

	for (;;) {
		size_t lp, lq;

		while (*p == '/')
			p++;
		while (*q == '/')
			q++;
		if (*p == '\0')
			return 1;
		if (*q == '\0')
			return 0;
		lp = strcspn(p, "/");
		lq = strcspn(q, "/");
		if (lp >= sizeof(pc) || lq >= sizeof(sc))
			return 0;
		memcpy(pc, p, lp);
		pc[lp] = '\0';
		memcpy(sc, q, lq);
		sc[lq] = '\0';
		if (exact && strpbrk(pc, "*?[") == NULL ? strcmp(pc, sc) != 0 :
		    fnmatch(pc, sc, flags) != 0)
			return 0;
		p += lp;
		q += lq;
	}
}

void
pf_folders_init(struct pf_folders *f, struct pf_diag *d, struct pf_loc loc,
    const char *dir)
{
	memset(f, 0, sizeof(*f));
	f->d = d;
	f->loc = loc;
	f->first = dir;
}

int
pf_folders_at(const struct pf_folders *f, struct pf_loc loc)
{
	return f->loc.file == loc.file && f->loc.line == loc.line &&
	    f->loc.col == loc.col;
}

int
pf_folders_add(struct pf_arena *a, struct pf_folders *f, const char *dir,
    const char *why)
{
	size_t k;

	if (pf_path_under(dir, f->first))
		return 0;
	for (k = 0; k < f->more.n; k++)
		if (pf_path_under(dir, f->more.v[k]))
			return 0;
	if (f->more.n < PF_FOLDERS_NAMED)
		f->named[f->more.n] = pf_printf(a, "%s (%s)", dir, why);
	PF_PUSH(a, f->more, dir);
	return 1;
}

int
pf_folders_flush(struct pf_rctx *c, struct pf_folders *f)
{
	size_t n = f->more.n, named = n < PF_FOLDERS_NAMED ? n :
	    PF_FOLDERS_NAMED, k;
	struct pf_buf b = PF_BUF_INIT;

	if (n == 0)
		return 0;
	pf_buf_puts(&b, f->d->message);
	pf_buf_puts(&b, "; so are ");
	for (k = 0; k < named; k++)
		pf_buf_printf(&b, "%s%s", k == 0 ? "" : k + 1 == named &&
		    n == named ? " and " : ", ", f->named[k]);
	if (n > named)
		pf_buf_printf(&b, " and %zu more folder%s", n - named,
		    n - named == 1 ? "" : "s");
	f->d->message = pf_strndup(c->run->arena, b.p, b.len);
	pf_buf_free(&b);
	return 1;
}

int
pf_str_in(const char *s, const char *const *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(v[i], s) == 0)
			return 1;
	return 0;
}

/* The range useradd gives people's accounts: login.defs' UID_MIN and
 * UID_MAX (the tree's, under --root), 1000-60000 unless it says
 * otherwise. */
void
pf_uid_range(struct pf_rctx *c, long long *lo, long long *hi)
{
	char *data, *p, *save = NULL;
	size_t len;

	*lo = 1000;
	*hi = 60000;
	if (pf_read_file(c->run, "/etc/login.defs", &data, &len) != 0)
		return;
	for (p = strtok_r(data, "\n", &save); p != NULL;
	    p = strtok_r(NULL, "\n", &save)) {
		char *end;
		long long v;

		p += strspn(p, " \t");
		if (strncmp(p, "UID_MIN", 7) == 0 && (p[7] == ' ' ||
		    p[7] == '\t')) {
			v = strtoll(p + 7, &end, 10);
			if (end != p + 7 && v > 0)
				*lo = v;
		} else if (strncmp(p, "UID_MAX", 7) == 0 && (p[7] == ' ' ||
		    p[7] == '\t')) {
			v = strtoll(p + 7, &end, 10);
			if (end != p + 7 && v > 0)
				*hi = v;
		}
	}
}
