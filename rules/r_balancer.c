/*
 * r_balancer.c - balancer-members-merged: BalancerMembers that mod_proxy
 * takes for one worker.
 *
 * mod_proxy's add_member() strips a member's "unix:PATH|" before it looks
 * the URL up among the balancer's workers (ap_proxy_de_socketfy, then
 * ap_proxy_get_worker, which takes the longest worker name that is a
 * prefix of the URL).  So "unix:/run/php/a.sock|fcgi://localhost" and
 * "unix:/run/php/b.sock|fcgi://localhost" in one balancer are one worker,
 * the first one's: every request goes to a.sock, and the pool on b.sock
 * never gets one (apache2 -t says Syntax OK).  tests/rules/
 * balancer_oracle.sh shows it with two php-fpm8.2 pools: 10 requests out
 * of 10 reach the first, and 5/5 once the members are named
 * fcgi://pool-a and fcgi://pool-b.
 */
#include <string.h>
#include <strings.h>

#include "rules/rule.h"

struct member {
	const struct pf_node *n;
	const char	*url;		/* as written */
	const char	*key;		/* without "unix:PATH|" */
	size_t		 klen;
};

struct bal {
	size_t		 srv;		/* 0 main, i + 1 vhosts.v[i] */
	const char	*name;		/* balancer://NAME, as written */
	PF_VEC(struct member) m;
};

struct ctx {
	struct pf_rctx	*c;
	PF_VEC(struct bal) bals;
};

static struct bal *
balancer(struct ctx *x, size_t srv, const char *name)
{
	size_t i, l = strcspn(name + 11, "/") + 11;	/* balancer://NAME */
	struct bal b = { srv, NULL, { NULL, 0, 0 } };

	for (i = 0; i < x->bals.n; i++)
		if (x->bals.v[i].srv == srv &&
		    strlen(x->bals.v[i].name) == l &&
		    strncasecmp(x->bals.v[i].name, name, l) == 0)
			return &x->bals.v[i];
	b.name = pf_strndup(x->c->run->arena, name, l);
	PF_PUSH(x->c->run->arena, x->bals, b);
	return &x->bals.v[x->bals.n - 1];
}

static void
add(struct ctx *x, struct bal *b, const struct pf_node *n, const char *url)
{
	struct member m = { n, url, url, 0 };
	const char *bar;

	if (strncasecmp(url, "unix:", 5) == 0 &&
	    (bar = strchr(url, '|')) != NULL)
		m.key = bar + 1;
	m.klen = strlen(m.key);
	while (m.klen > 0 && m.key[m.klen - 1] == '/')
		m.klen--;
	PF_PUSH(x->c->run->arena, b->m, m);
}

static void
walk(struct ctx *x, const struct pf_node *n, size_t srv,
    const struct pf_node *proxy)
{
	for (; n != NULL; n = n->next) {
		size_t s = srv, i;
		const struct pf_node *p = proxy;

		if (n->flags & (PF_NODE_INACTIVE | PF_NODE_HTACCESS) ||
		    n->name == NULL)
			continue;
		if (n->flags & PF_NODE_SECTION) {
			if (strcasecmp(n->name, "VirtualHost") == 0 &&
			    (i = pf_node_server(x->c, n)) != 0)
				s = i;
			else if (strcasecmp(n->name, "Proxy") == 0 &&
			    n->argc == 1 && strncasecmp(n->argv[0],
			    "balancer://", 11) == 0)
				p = n;
		} else if (strcasecmp(n->name, "BalancerMember") == 0 &&
		    n->argc >= 1) {
			if (p != NULL && strncasecmp(n->argv[0], "balancer://",
			    11) != 0)
				add(x, balancer(x, s, p->argv[0]), n,
				    n->argv[0]);
			else if (p == NULL && n->argc >= 2 &&
			    strncasecmp(n->argv[0], "balancer://", 11) == 0)
				add(x, balancer(x, s, n->argv[0]), n,
				    n->argv[1]);
		}
		if (n->child != NULL)
			walk(x, n->child, s, p);
	}
}

/* " (pool NAME)" when a pool read listens on a member's socket. */
static const char *
pool_of(struct pf_rctx *c, const char *url)
{
	const char *bar = strchr(url, '|');
	size_t i, l;

	if (strncasecmp(url, "unix:", 5) != 0 || bar == NULL)
		return "";
	l = (size_t)(bar - url) - 5;
	for (i = 0; i < c->m->pools.n; i++) {
		const struct pf_listen *ln = &c->m->pools.v[i]->listen;

		if (ln->kind == PF_LISTEN_UNIX && ln->path != NULL &&
		    strlen(ln->path) == l && strncmp(ln->path, url + 5, l) == 0)
			return pf_printf(c->run->arena, " (pool %s)",
			    c->m->pools.v[i]->name);
	}
	return "";
}

void
pf_pass_balancer(struct pf_rctx *c)
{
	const struct pf_apache *ap = c->m->apache;
	struct ctx x;
	size_t i, j, k;

	if (ap == NULL || ap->root == NULL)
		return;
	if (!pf_apache_has_module(ap, "proxy_balancer_module"))
		return;
	memset(&x, 0, sizeof(x));
	x.c = c;
	walk(&x, ap->root->child, 0, NULL);
	for (i = 0; i < x.bals.n; i++) {
		const struct bal *b = &x.bals.v[i];

		for (j = 1; j < b->m.n; j++) {
			const struct member *m = &b->m.v[j], *w = NULL;
			struct pf_diag *d;

			/* The longest earlier key that prefixes this one. */
			for (k = 0; k < j; k++) {
				const struct member *e = &b->m.v[k];

				if (e->klen <= m->klen && strncasecmp(e->key,
				    m->key, e->klen) == 0 &&
				    (w == NULL || e->klen > w->klen))
					w = e;
			}
			if (w == NULL || strcmp(w->url, m->url) == 0)
				continue;	/* a line written twice */
			d = pf_finding(c, "balancer-members-merged",
			    PF_SEV_MEDIUM, m->n->loc, NULL, "BalancerMember "
			    "%s of %s is the worker of %s: mod_proxy keys a "
			    "member by its URL without the unix: socket "
			    "(%.*s), so every request goes to the first%s and "
			    "this one%s never gets any", m->url, b->name,
			    w->url, (int)w->klen, w->key, pool_of(c, w->url),
			    pool_of(c, m->url));
			pf_frel(c, d, w->n->loc, "the member it merges into");
			pf_ffix(c, d, "give each member a name of its own: "
			    "unix:/run/php/a.sock|fcgi://pool-a, "
			    "unix:/run/php/b.sock|fcgi://pool-b");
		}
	}
}
