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
 * Judged restricted: what the <Proxy> / <ProxyMatch> sections that match
 * every URL of a kind (http://..., fcgi://...: proxy_walk matches the
 * canonical URL, scheme in lower case, by prefix, wildcard or regex) give
 * an anonymous GET, merged in order, the main server's first and the
 * server's on top; each module's last section with rules decides
 * (mod_authz_core's Require, mod_access_compat's Order/Allow/Deny), both
 * must let it through.  Verified on the real apache2 (2.4.71):
 * "Order deny,allow" + "Allow from all" (or "Order deny,allow" alone) and
 * a <Limit POST> Require all denied leave both the fcgi:// and the
 * http:// forward request answered (200); a wildcard <Proxy> of every
 * fcgi:// URL or <ProxyMatch "^fcgi:"> with Require all denied stops
 * fcgi:// (403) and leaves http:// open.  Sections that cover some URLs only (a host, a
 * path) are not counted: the client names others.
 */
#include <fnmatch.h>
#include <string.h>
#include <strings.h>

#include "rules/link.h"
#include "rules/rule.h"
#include "rules/sim.h"

enum { V_HTTP, V_FCGI, V_N };

/* Forward requests of each kind, as proxy_walk sees them (r->filename
 * without "proxy:"): a section counts for a kind when it matches all. */
static const char *const fwd_urls[V_N][3] = {
	{ "http://127.0.0.1/", "http://10.0.0.5:8080/admin/", NULL },
	{ "fcgi://127.0.0.1:9000/srv/a/x.php", "fcgi://localhost/srv/a/x.php",
	    NULL },
};

struct fwd_authz {
	enum pf_sim_authz req, compat;
	unsigned	 set;		/* bit 1: req, bit 2: compat */
};

struct fwd_srv {
	const struct pf_node *on;	/* the ProxyRequests line in effect */
	int		 set;		/* this server has one */
	struct fwd_authz a[V_N];
};

/* Does a <Proxy> / <ProxyMatch> section match URL (proxy_walk)? */
static int
sec_matches(struct pf_rctx *c, const struct pf_node *sec, const char *url)
{
	const char *a;

	if (sec->argc < 1)
		return 0;
	a = sec->argv[sec->argc - 1];
	if (strcasecmp(sec->name, "ProxyMatch") == 0 ||
	    (strcasecmp(sec->name, "Proxy") == 0 && sec->argc == 2 &&
	    strcmp(sec->argv[0], "~") == 0))
		return pf_sim_regex(c->sim, a, 0, url, NULL, 0) == 1;
	if (strcasecmp(sec->name, "Proxy") != 0 || sec->argc != 1)
		return 0;
	if (strpbrk(a, "*?[") != NULL)	/* apr_fnmatch, flags 0 */
		return fnmatch(a, url, 0) == 0;
	return strncmp(url, a, strlen(a)) == 0;
}

/* A section's rules, for each kind of URL it covers entirely. */
static void
note_section(struct pf_rctx *c, struct fwd_srv *s, const struct pf_node *sec)
{
	enum pf_sim_authz req, compat;
	int k, j, got;

	if (sec->argc < 1)
		return;
	got = pf_sim_section_authz(c->sim, sec, &req, &compat);
	if (got == 0)
		return;
	for (k = 0; k < V_N; k++) {
		for (j = 0; fwd_urls[k][j] != NULL; j++)
			if (!sec_matches(c, sec, fwd_urls[k][j]))
				break;
		if (fwd_urls[k][j] != NULL)
			continue;
		if (got & 1)
			s->a[k].req = req;
		if (got & 2)
			s->a[k].compat = compat;
		s->a[k].set |= (unsigned)got;
	}
}

static void
walk(struct pf_rctx *c, struct fwd_srv *srv, const struct pf_node *n,
    size_t cur)
{
	for (; n != NULL; n = n->next) {
		size_t s = cur, i;

		if (n->flags & (PF_NODE_INACTIVE | PF_NODE_HTACCESS))
			continue;
		if (n->name == NULL)
			continue;
		if ((n->flags & PF_NODE_SECTION) &&
		    strcasecmp(n->name, "VirtualHost") == 0 &&
		    (i = pf_node_server(c, n)) != 0)
			s = i;
		if (strcasecmp(n->name, "ProxyRequests") == 0 && n->argc == 1) {
			srv[s].set = 1;
			srv[s].on = strcasecmp(n->argv[0], "on") == 0 ? n :
			    NULL;
		} else if ((n->flags & PF_NODE_SECTION) &&
		    (strcasecmp(n->name, "Proxy") == 0 ||
		    strcasecmp(n->name, "ProxyMatch") == 0)) {
			note_section(c, &srv[s], n);
			continue;
		}
		if (n->child != NULL)
			walk(c, srv, n->child, s);
	}
}

/* Does an anonymous forward request of kind k pass server i's <Proxy>
 * sections (merged onto the main server's)? */
static int
fwd_open(const struct fwd_srv *srv, size_t i, int k)
{
	const struct fwd_authz *own = &srv[i].a[k], *main = &srv[0].a[k];
	enum pf_sim_authz req, compat;

	req = (own->set & 1) ? own->req : (main->set & 1) ? main->req :
	    PF_AUTHZ_GRANTED;
	compat = (own->set & 2) ? own->compat : (main->set & 2) ?
	    main->compat : PF_AUTHZ_GRANTED;
	return req == PF_AUTHZ_GRANTED && compat == PF_AUTHZ_GRANTED;
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

/*
 * A pool a forward fcgi:// request reaches whose security.limit_extensions
 * lets FPM run any file (empty) or non-scripts: every TCP pool (the client
 * names its host and port), and the pool of each server worker with a
 * socket (not a balancer's member: mod_proxy looks a forward URL up among
 * the server's workers).  php-fpm8.2 with "security.limit_extensions ="
 * returns a text file's contents through "GET fcgi://localhost/FILE"
 * (tests/rules/forward_oracle.sh).  NULL if none.
 */
static struct pf_pool *
weak_pool(struct pf_rctx *c)
{
	const struct pf_apache *ap = c->m->apache;
	struct pf_pool *p;
	size_t i;

	for (i = 0; i < c->m->pools.n; i++) {
		p = c->m->pools.v[i];
		if (p->listen.kind == PF_LISTEN_TCP &&
		    pf_limit_ext_weak(p, NULL, 0) != 0)
			return p;
	}
	for (i = 0; i < ap->workers.n; i++) {
		const struct pf_worker *w = ap->workers.v[i];
		struct pf_backend b;

		if (w->socket == NULL || w->balancer != NULL ||
		    pf_backend_parse(c->run->arena, pf_printf(c->run->arena,
		    "unix:%s|%s", w->socket, w->name), &b) < 0)
			continue;
		p = pf_link_backend_idx(c->lx, &b, w->server);
		if (p != NULL && pf_limit_ext_weak(p, NULL, 0) != 0)
			return p;
	}
	return NULL;
}

void
pf_pass_forward_proxy(struct pf_rctx *c)
{
	struct pf_pool *weak = NULL;
	const struct pf_apache *ap = c->m->apache;
	struct fwd_srv *srv;
	struct pf_pmap seen = { 0 };
	const char *target = NULL;
	const struct pf_vhost **vs;
	int fcgi, proxy, main_serves;
	size_t i;

	if (ap == NULL || ap->root == NULL)
		return;
	proxy = pf_apache_has_module(ap, "proxy_module");
	fcgi = pf_apache_has_module(ap, "proxy_fcgi_module");
	if (!proxy || !any_on(ap->root->child))
		return;
	srv = pf_alloc(c->run->arena, (ap->vhosts.n + 1) * sizeof(*srv));
	walk(c, srv, ap->root->child, 0);
	if (fcgi) {
		target = fcgi_target(c);
		weak = weak_pool(c);
	}
	/* The main server takes requests only on addresses no vhost
	 * covers; elsewhere a forward request goes to the vhost its URL's
	 * host names, or the address's first one (on 2.4.71, ProxyRequests
	 * On in the main server and a *:* vhost whose <Proxy *> denies:
	 * every forward request 403). */
	main_serves = pf_sim_vhosts(c->sim, &vs) > 0 && vs[0] == &ap->main;
	for (i = main_serves ? 0 : 1; i <= ap->vhosts.n; i++) {
		const struct pf_node *on = srv[i].set ? srv[i].on : srv[0].on;
		int http_open = fwd_open(srv, i, V_HTTP);
		int fcgi_open = fcgi && fwd_open(srv, i, V_FCGI);
		struct pf_diag *d;
		const char *label;

		if (on == NULL || (!http_open && !fcgi_open) ||
		    pf_pmap_get(&seen, on) != 0)
			continue;
		pf_pmap_put(c->run->arena, &seen, on, 1);
		label = pf_vhost_label(c, i == 0 ? &ap->main :
		    ap->vhosts.v[i - 1]);
		if (fcgi_open)
			d = pf_finding(c, "open-forward-proxy",
			    target != NULL ? PF_SEV_CRITICAL : PF_SEV_HIGH,
			    on->loc, NULL, "ProxyRequests On with no <Proxy *> "
			    "access rule (%s): anyone can use this server as "
			    "a proxy, and with mod_proxy_fcgi loaded \"GET "
			    "%s/path/to/any.php\" has FPM run any PHP file on "
			    "the machine%s%s", label, target != NULL ? target :
			    "fcgi://127.0.0.1:9000", target != NULL ? "" :
			    " that a pool listening there can read",
			    weak != NULL ? pf_printf(c->run->arena, ", and "
			    "through pool %s any file at all (its security."
			    "limit_extensions %s: /etc/passwd comes back as "
			    "text)", weak->name, pf_limit_ext_weak(weak, NULL,
			    0) == 1 ? "is empty" : "allows non-scripts") : "");
		else
			d = pf_finding(c, "open-forward-proxy", PF_SEV_HIGH,
			    on->loc, NULL, "ProxyRequests On with no <Proxy *> "
			    "access rule (%s): anyone can use this server as "
			    "a proxy, to the internal network and the "
			    "machine's own services included", label);
		if (fcgi_open && weak != NULL)
			pf_frel(c, d, weak->limit_extensions.loc,
			    "security.limit_extensions of pool %s", weak->name);
		pf_ffix(c, d, "ProxyRequests Off (a reverse proxy needs only "
		    "ProxyPass), or <Proxy \"*\"> Require ip <your "
		    "clients> </Proxy>");
	}
}
