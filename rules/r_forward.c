/*
 * r_forward.c - open-forward-proxy: ProxyRequests On that anyone may use.
 *
 * ProxyRequests On (mod_proxy, per server: a vhost without its own line
 * takes the main server's) makes Apache a forward proxy: a request line
 * with an absolute URL ("GET http://10.0.0.5/ HTTP/1.1") is fetched from
 * wherever the URL says.  The only access control that applies to such
 * requests is the <Proxy> sections matching the URL ("proxy:" + URL):
 * <Directory> and the DocumentRoot's Require do not.  With mod_proxy_fcgi
 * loaded the scheme fcgi:// is a forward proxy scheme too (its canon and
 * handler hooks do not look at r->proxyreq): "GET fcgi://127.0.0.1:9000/
 * any/file.php" has FPM run any PHP file on the machine, and a worker
 * defined for a socket (<Proxy "unix:/run/php/x.sock|fcgi://localhost">)
 * answers "GET fcgi://localhost/any/file.php" through that socket.
 * tests/rules/forward_oracle.sh shows both on the real servers.
 *
 * Judged restricted: a <Proxy *> (or <ProxyMatch> of ".*" / "^.*" / ".")
 * of the server or the main server with an access rule in it (a Require
 * other than "all granted", or mod_access_compat's Deny/Allow/Order).
 * Other <Proxy> sections cover their own URLs only.
 */
#include <string.h>
#include <strings.h>

#include "rules/rule.h"

struct fwd_srv {
	const struct pf_node *on;	/* the ProxyRequests line in effect */
	int		 set;		/* this server has one */
	int		 restricted;	/* a <Proxy *> with an access rule */
};

static int
matches_all(const struct pf_node *sec)
{
	const char *a = sec->argc > 0 ? sec->argv[sec->argc - 1] : "";

	if (strcasecmp(sec->name, "Proxy") == 0 && sec->argc == 1)
		return strcmp(a, "*") == 0;
	if (strcasecmp(sec->name, "ProxyMatch") == 0 ||
	    (strcasecmp(sec->name, "Proxy") == 0 && sec->argc == 2 &&
	    strcmp(sec->argv[0], "~") == 0))
		return strcmp(a, ".*") == 0 || strcmp(a, "^.*") == 0 ||
		    strcmp(a, ".") == 0 || strcmp(a, "^.*$") == 0 ||
		    strcmp(a, "^") == 0;
	return 0;
}

/* Does a section's body hold an access rule (at any depth)? */
static int
has_access_rule(const struct pf_node *n)
{
	for (; n != NULL; n = n->next) {
		if (n->flags & PF_NODE_INACTIVE)
			continue;
		if (n->name != NULL && n->argc > 0 &&
		    strcasecmp(n->name, "Require") == 0 &&
		    !(n->argc >= 2 && strcasecmp(n->argv[0], "all") == 0 &&
		    strcasecmp(n->argv[1], "granted") == 0))
			return 1;
		if (n->name != NULL && (strcasecmp(n->name, "Deny") == 0 ||
		    strcasecmp(n->name, "Allow") == 0 ||
		    strcasecmp(n->name, "Order") == 0))
			return 1;
		if (n->child != NULL && has_access_rule(n->child))
			return 1;
	}
	return 0;
}

static void
walk(struct fwd_srv *srv, const struct pf_node *n, size_t cur,
    struct pf_pmap *vmap)
{
	for (; n != NULL; n = n->next) {
		size_t s = cur, i;

		if (n->flags & (PF_NODE_INACTIVE | PF_NODE_HTACCESS))
			continue;
		if (n->name == NULL)
			continue;
		if ((n->flags & PF_NODE_SECTION) &&
		    strcasecmp(n->name, "VirtualHost") == 0 &&
		    (i = pf_pmap_get(vmap, n)) != 0)
			s = i;
		if (strcasecmp(n->name, "ProxyRequests") == 0 && n->argc == 1) {
			srv[s].set = 1;
			srv[s].on = strcasecmp(n->argv[0], "on") == 0 ? n :
			    NULL;
		} else if ((n->flags & PF_NODE_SECTION) &&
		    matches_all(n) && has_access_rule(n->child))
			srv[s].restricted = 1;
		if (n->child != NULL)
			walk(srv, n->child, s, vmap);
	}
}

/* fcgi://host[:port] of a worker name (without its path). */
static const char *
authority(struct pf_rctx *c, const char *name)
{
	const char *p = strstr(name, "://"), *e;

	if (p == NULL)
		return name;
	e = strchr(p + 3, '/');
	return e == NULL ? name : pf_strndup(c->run->arena, name,
	    (size_t)(e - name));
}

/* Is there an active ProxyRequests On anywhere (most trees have none:
 * they cost this walk and no memory)? */
static int
any_on(const struct pf_node *n)
{
	for (; n != NULL; n = n->next) {
		if (n->flags & (PF_NODE_INACTIVE | PF_NODE_HTACCESS))
			continue;
		if (n->name != NULL && n->argc == 1 &&
		    strcasecmp(n->name, "ProxyRequests") == 0 &&
		    strcasecmp(n->argv[0], "on") == 0)
			return 1;
		if (n->child != NULL && any_on(n->child))
			return 1;
	}
	return 0;
}

/* A FastCGI URL the forward proxy reaches, for the message; or NULL. */
static const char *
fcgi_target(struct pf_rctx *c)
{
	const struct pf_apache *ap = c->m->apache;
	size_t i, j;

	for (i = 0; i < ap->workers.n; i++)
		if (ap->workers.v[i]->name != NULL &&
		    strncasecmp(ap->workers.v[i]->name, "fcgi://", 7) == 0)
			return authority(c, ap->workers.v[i]->name);
	for (i = 0; i < c->m->pools.n; i++) {
		const struct pf_listen *l = &c->m->pools.v[i]->listen;

		int br = l->v6 && !l->any && l->host != NULL;

		if (l->kind == PF_LISTEN_TCP && l->port > 0)
			return pf_printf(c->run->arena, "fcgi://%s%s%s:%d",
			    br ? "[" : "", l->host != NULL && !l->any ?
			    l->host : "127.0.0.1", br ? "]" : "", l->port);
	}
	for (i = 0; i <= ap->vhosts.n; i++) {
		const struct pf_vhost *v = i == 0 ? &ap->main :
		    ap->vhosts.v[i - 1];

		for (j = 0; j < v->routes.n; j++) {
			const struct pf_backend *b = &v->routes.v[j].backend;

			if (!v->routes.v[j].inactive && b->socket == NULL &&
			    b->host != NULL && b->worker != NULL)
				return authority(c, b->worker);
		}
	}
	return NULL;
}

void
pf_pass_forward_proxy(struct pf_rctx *c)
{
	const struct pf_apache *ap = c->m->apache;
	struct fwd_srv *srv;
	struct pf_pmap vmap = { 0 }, seen = { 0 };
	const char *target = NULL;
	int fcgi = 0, proxy = 0;
	size_t i;

	if (ap == NULL || ap->root == NULL)
		return;
	for (i = 0; i < ap->modules.n; i++) {
		if (strcmp(ap->modules.v[i].s, "proxy_module") == 0)
			proxy = 1;
		if (strcmp(ap->modules.v[i].s, "proxy_fcgi_module") == 0)
			fcgi = 1;
	}
	if (!proxy || !any_on(ap->root->child))
		return;
	srv = pf_alloc(c->run->arena, (ap->vhosts.n + 1) * sizeof(*srv));
	for (i = 0; i < ap->vhosts.n; i++)
		pf_pmap_put(c->run->arena, &vmap, ap->vhosts.v[i]->node, i + 1);
	walk(srv, ap->root->child, 0, &vmap);
	if (fcgi)
		target = fcgi_target(c);
	for (i = 0; i <= ap->vhosts.n; i++) {
		const struct pf_node *on = srv[i].set ? srv[i].on : srv[0].on;
		struct pf_diag *d;
		const char *label;

		if (on == NULL || srv[i].restricted || srv[0].restricted ||
		    pf_pmap_get(&seen, on) != 0)
			continue;
		pf_pmap_put(c->run->arena, &seen, on, 1);
		label = pf_vhost_label(c, i == 0 ? &ap->main :
		    ap->vhosts.v[i - 1]);
		if (fcgi)
			d = pf_finding(c, "open-forward-proxy",
			    target != NULL ? PF_SEV_CRITICAL : PF_SEV_HIGH,
			    on->loc, NULL, "ProxyRequests On with no <Proxy *> "
			    "access rule (%s): anyone can use this server as "
			    "a proxy, and with mod_proxy_fcgi loaded \"GET "
			    "%s/path/to/any.php\" has FPM run any PHP file on "
			    "the machine%s", label, target != NULL ? target :
			    "fcgi://127.0.0.1:9000", target != NULL ? "" :
			    " that a pool listening there can read");
		else
			d = pf_finding(c, "open-forward-proxy", PF_SEV_HIGH,
			    on->loc, NULL, "ProxyRequests On with no <Proxy *> "
			    "access rule (%s): anyone can use this server as "
			    "a proxy, to the internal network and the "
			    "machine's own services included", label);
		pf_ffix(c, d, "ProxyRequests Off (a reverse proxy needs only "
		    "ProxyPass), or <Proxy \"*\"> Require ip <your "
		    "clients> </Proxy>");
	}
}
