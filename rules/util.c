/*
 * util.c - small helpers the rule passes share: versions, INI values,
 * paths, effective PHP settings.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "parsers/phpini.h"
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
	char *end;
	long long n;

	if (v == NULL)
		return -2;
	while (isspace((unsigned char)*v) || *v == '"')
		v++;
	n = strtoll(v, &end, 10);
	if (end == v)
		return -2;
	switch (*end) {
	case 'k': case 'K':
		n *= 1024;
		break;
	case 'm': case 'M':
		n *= 1024 * 1024;
		break;
	case 'g': case 'G':
		n *= 1024LL * 1024 * 1024;
		break;
	}
	return n;
}

int
pf_path_under(const char *path, const char *dir)
{
	size_t n;

	if (path == NULL || dir == NULL)
		return 0;
	n = strlen(dir);
	while (n > 1 && dir[n - 1] == '/')
		n--;
	if (n == 1 && dir[0] == '/')
		return path[0] == '/';
	return strncmp(path, dir, n) == 0 && (path[n] == '\0' ||
	    path[n] == '/');
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
	v = pf_php_effective(c->m->phpini, pool, key, loc);
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
	return c->m->phpini != NULL;
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

void
pf_mark_exposed(struct pf_rctx *c, struct pf_pool *p, const struct pf_node *why)
{
	if (p != NULL && !pf_is_exposed(c, p)) {
		PF_PUSH(c->run->arena, c->exposed, p);
		PF_PUSH(c->run->arena, c->exposed_by, why);
	}
}

const struct pf_node *
pf_exposed_by(struct pf_rctx *c, const struct pf_pool *p)
{
	size_t i;

	for (i = 0; i < c->exposed.n; i++)
		if (c->exposed.v[i] == p)
			return c->exposed_by.v[i];
	return NULL;
}

int
pf_is_exposed(struct pf_rctx *c, const struct pf_pool *p)
{
	size_t i;

	for (i = 0; i < c->exposed.n; i++)
		if (c->exposed.v[i] == p)
			return 1;
	return 0;
}

static int
cmp_vpool(const void *a, const void *b)
{
	const struct pf_vpool *x = a, *y = b;

	if (x->pool != y->pool)
		return (uintptr_t)x->pool < (uintptr_t)y->pool ? -1 : 1;
	if (x->docroot == NULL || y->docroot == NULL)
		return x->docroot == y->docroot ? 0 : x->docroot ? 1 : -1;
	return strcmp(x->docroot, y->docroot);
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
	size_t i, j, n = 0;

	if (c->m->apache == NULL)
		return c->m->pools.n;
	for (i = 0; i < c->vpools.n; i++) {
		int dup = 0;

		for (j = 0; j < i; j++)
			if (c->vpools.v[i].docroot != NULL &&
			    c->vpools.v[j].docroot != NULL &&
			    strcmp(c->vpools.v[i].docroot,
			    c->vpools.v[j].docroot) == 0)
				dup = 1;
		if (!dup)
			n++;
	}
	return n;
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
 * The PHP version of the FPM that reads this configuration, when it is
 * installed here (no --root): php-fpmX.Y -v for /etc/php/X.Y/fpm (Debian),
 * else php-fpm -v.  NULL if unknown.
 */
const char *
pf_php_detect(struct pf_rctx *c)
{
	const char *cfg = c->m->fpm != NULL ? c->m->fpm->path : NULL;
	const char *bins[3], *v = NULL;
	char buf[256];
	int i, n = 0;

	if (c->run->root != NULL || cfg == NULL)
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
