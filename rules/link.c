/*
 * link.c - route -> pool linking (see link.h).
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "rules/link.h"

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
	for (; *p != '\0' && o + 1 < n; p++) {
		if (*p == '/' && o > 0 && buf[o - 1] == '/')
			continue;
		buf[o++] = *p;
	}
	buf[o] = '\0';
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

	if (prefix_ci(name, "unix:") && strchr(name, '|') != NULL)
		name = strchr(name, '|') + 1;
	for (i = 0; name[i] != '\0' && o + 1 < n; i++)
		buf[o++] = (char)tolower((unsigned char)name[i]);
	while (o > 0 && buf[o - 1] == '/')
		o--;
	buf[o] = '\0';
}

const struct pf_worker *
pf_link_worker(const struct pf_model *m, const struct pf_backend *b)
{
	char want[1024], have[1024];
	const struct pf_worker *best = NULL;
	size_t i, bestlen = 0, l;

	if (m->apache == NULL || b->worker == NULL)
		return NULL;
	worker_key(want, sizeof(want), b->worker);
	for (i = 0; i < m->apache->workers.n; i++) {
		const struct pf_worker *w = m->apache->workers.v[i];

		worker_key(have, sizeof(have), w->key ? w->key : w->name);
		l = strlen(have);
		/* mod_proxy picks the longest worker name that prefixes the
		 * URL; ours is host[:port], so compare the authority. */
		if (strncmp(want, have, l) == 0 && (want[l] == '\0' ||
		    want[l] == '/') && l > bestlen) {
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

	for (i = 0; i < m->pools.n; i++) {
		struct pf_pool *p = m->pools.v[i];

		if (p->listen.kind == PF_LISTEN_UNIX &&
		    same_sock(p->listen.path, path))
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

struct pf_pool *
pf_link_backend(const struct pf_model *m, const struct pf_backend *b)
{
	const struct pf_worker *w;
	size_t i;

	if (b->socket != NULL)
		return find_sock(m, b->socket);
	w = pf_link_worker(m, b);
	if (w != NULL && w->socket != NULL)
		return find_sock(m, w->socket);
	for (i = 0; i < m->pools.n; i++) {
		struct pf_pool *p = m->pools.v[i];
		const char *ph = p->listen.host;

		if (p->listen.kind != PF_LISTEN_TCP || p->listen.port != b->port)
			continue;
		if (host_any(ph) || p->listen.any)
			return p;
		if (pf_host_is_loopback(ph) && pf_host_is_loopback(b->host))
			return p;
		if (b->host != NULL && strcasecmp(ph, b->host) == 0)
			return p;
	}
	return NULL;
}

static void
link_vhost(struct pf_run *run, struct pf_model *m, struct pf_vhost *v)
{
	size_t i;

	for (i = 0; i < v->routes.n; i++) {
		struct pf_route *r = &v->routes.v[i];

		if (r->backend.socket == NULL && r->backend.host == NULL &&
		    pf_backend_parse(run->arena, r->target, &r->backend) < 0)
			continue;
		r->pool = pf_link_backend(m, &r->backend);
		if (r->pool != NULL && !r->inactive)
			r->pool->used = 1;
	}
}

void
pf_link(struct pf_run *run)
{
	struct pf_model *m = pf_model_get(run);
	size_t i;

	if (m->apache != NULL) {
		link_vhost(run, m, &m->apache->main);
		for (i = 0; i < m->apache->vhosts.n; i++)
			link_vhost(run, m, m->apache->vhosts.v[i]);
	} else {
		for (i = 0; i < m->sites.n; i++)
			if (m->sites.v[i]->pool != NULL)
				m->sites.v[i]->pool->used = 1;
	}
}
