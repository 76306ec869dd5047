/*
 * r_cross.c - consistency between the files: a PHP route to a socket or
 * port no pool listens on (every PHP request fails with 503), a pool's
 * socket Apache's user may not connect to (the same 503), and a pool
 * nothing routes to.  Only judged when both sides were read.
 */
#include <string.h>
#include <strings.h>

#include "rules/link.h"
#include "rules/rule.h"
#include "rules/writable.h"

/* Does a route look like PHP's (not another FastCGI application)? */
static int
php_route(const struct pf_route *r)
{
	const struct pf_node *sec = r->section;
	const char *t[4];
	int i;

	/* The section that selects files or URLs, not an <If> in it. */
	while (sec != NULL && sec->name != NULL &&
	    (strcasecmp(sec->name, "If") == 0 ||
	    strcasecmp(sec->name, "ElseIf") == 0 ||
	    strcasecmp(sec->name, "Else") == 0))
		sec = sec->parent;
	t[0] = r->pattern;
	t[1] = sec != NULL && sec->argc > 0 ? sec->argv[sec->argc - 1] : NULL;
	t[2] = r->backend.socket;
	t[3] = r->target;
	for (i = 0; i < 4; i++)
		if (t[i] != NULL && strcasestr(t[i], "php") != NULL)
			return 1;
	return 0;
}

/* Does a main-server route reach a pool through some vhost's workers
 * (see pf_link_indexed)? */
static int
pool_in_a_vhost(struct pf_rctx *c, const struct pf_route *r)
{
	const struct pf_apache *ap = c->m->apache;
	size_t j;

	if (r->backend.socket != NULL)
		return 0;
	for (j = 0; j < ap->vhosts.n; j++)
		if (pf_link_backend_idx(c->lx, &r->backend,
		    ap->vhosts.v[j]->node) != NULL)
			return 1;
	return 0;
}

/*
 * route-socket-ignored: the route names unix:S, but the worker mod_proxy
 * finds for its URL (the unix: part dropped: ap_proxy_get_worker_ex) has
 * a socket of its own, and mod_proxy connects to the worker's uds_path
 * before the request's.  On 2.4.71, ProxyPass /b/ "unix:b.sock|fcgi://
 * localhost/www/" after /a/ to a.sock, and a SetHandler "proxy:unix:
 * b.sock|fcgi://localhost" for files below /www, are answered by a.sock's
 * pool (tests/rules/worker_server_oracle.sh).
 */
static void
socket_ignored(struct pf_rctx *c, const struct pf_vhost *v,
    const struct pf_route *r)
{
	const struct pf_worker *w;
	struct pf_pool *want, *got;
	struct pf_diag *d;
	int tenants;

	if (r->inactive || r->node == NULL || r->backend.socket == NULL ||
	    r->backend.balancer != NULL ||
	    (w = pf_link_route_worker(c->lx, r, v)) == NULL ||
	    w->socket == NULL || w->node == r->node ||
	    strcmp(w->socket, r->backend.socket) == 0)
		return;
	want = pf_link_socket_pool(c->lx, r->backend.socket);
	got = pf_link_socket_pool(c->lx, w->socket);
	if (want != NULL && want == got)
		return;		/* two names of one socket */
	/* another pool's user and limits run this route's scripts */
	tenants = want != NULL && got != NULL && (want->user.s == NULL ||
	    got->user.s == NULL || strcmp(want->user.s, got->user.s) != 0);
	d = pf_finding(c, "route-socket-ignored", tenants ? PF_SEV_HIGH :
	    PF_SEV_MEDIUM, r->node->loc, pf_vhost_label(c, v), "this route "
	    "names unix:%s, but mod_proxy finds worker %s for its URL and "
	    "connects to that worker's socket %s instead: %s%s%s",
	    r->backend.socket,
	    w->name, w->socket, got != NULL ? "pool " : "its requests go "
	    "there", got != NULL ? got->name : "", got != NULL ? pf_printf(
	    c->run->arena, " runs them%s", want != NULL ? pf_printf(
	    c->run->arena, ", not pool %s%s", want->name, tenants ?
	    " (another user: one site's scripts run as the other's)" : "") :
	    "") : "");
	pf_frel(c, d, w->loc, "the worker whose socket is used");
	pf_ffix(c, d, "give each socket its own worker name (fcgi://site-a, "
	    "fcgi://site-b, or distinct paths), or route to the worker's "
	    "socket on purpose");
}

static void
routes(struct pf_rctx *c, const struct pf_vhost *v)
{
	size_t i;

	for (i = 0; i < v->routes.n; i++) {
		const struct pf_route *r = &v->routes.v[i];
		struct pf_diag *d;

		socket_ignored(c, v, r);

		if (r->inactive || r->pool != NULL || r->node == NULL ||
		    (r->backend.socket == NULL && r->backend.host == NULL) ||
		    !php_route(r) || (v == &c->m->apache->main &&
		    pool_in_a_vhost(c, r)))
			continue;
		d = pf_finding(c, "route-no-pool", PF_SEV_MEDIUM, r->node->loc,
		    pf_vhost_label(c, v), "this route connects to %s%s%s, but "
		    "no FPM pool listens there: PHP requests fail with 503 "
		    "(AH01079 failed to make connection to backend)",
		    r->backend.socket ? "unix:" : "",
		    r->backend.socket ? r->backend.socket : r->backend.host,
		    r->backend.socket ? "" : pf_printf(c->run->arena, ":%d",
		    r->backend.port));
		pf_ffix(c, d, "point it at a pool's listen address (unix "
		    "sockets: the same path; TCP: fcgi://host:port, 8000 when "
		    "no port is given)");
	}
}

/*
 * connect(2) on a unix socket wants write permission on it.  php-fpm
 * makes the socket as fpm_unix_resolve_socket_premissions() says (a
 * master running as root, as systemd starts it): a pool copied from
 * www.conf whose listen.owner/listen.group were changed to the site's
 * user, or dropped, refuses Apache's children (User/Group, and the
 * groups User is a member of): "(13)Permission denied: AH02454: FCGI:
 * attempt to connect to Unix domain socket ... failed", 503.
 */
static void
socket_access(struct pf_rctx *c, const struct pf_apache *ap,
    struct pf_pool *p)
{
	const char *why, *user = ap->user.s;
	struct pf_loc loc;
	struct pf_diag *d;

	/* mpm-itk and mod_ruid2 connect as the vhost's user: not judged */
	if (pf_apache_per_vhost_user(ap) ||
	    pf_wdirs_socket_access(c->wdirs, p, user, ap->group.s, &why) != 0)
		return;
	loc = p->listen_owner.s ? p->listen_owner.loc :
	    p->listen_acl_users.s ? p->listen_acl_users.loc :
	    p->listen_acl_groups.s ? p->listen_acl_groups.loc :
	    p->listen.loc.line ? p->listen.loc : p->loc;
	d = pf_finding(c, "fpm-socket-denied", PF_SEV_MEDIUM, loc, p->name,
	    "Apache runs as %s%s%s and may not connect to the socket of pool "
	    "%s (%s): %s; every PHP request routed here fails with 503 "
	    "(AH02454 Permission denied)", user, ap->group.s ? ":" : "",
	    ap->group.s ? ap->group.s : "", p->name, p->listen.path,
	    why ? why : "no write permission");
	pf_ffix(c, d, "listen.owner = %s and listen.group = %s with "
	    "listen.mode = 0660 (or listen.acl_users = %s), or make %s a "
	    "member of the socket's group", user, ap->group.s ? ap->group.s :
	    user, user, user);
	if (ap->user.loc.line != 0)
		pf_frel(c, d, ap->user.loc, "Apache's User");
}

void
pf_pass_cross(struct pf_rctx *c)
{
	struct pf_apache *ap = c->m->apache;
	size_t i;

	if (ap == NULL || c->m->pools.n == 0)
		return;
	routes(c, &ap->main);
	for (i = 0; i < ap->vhosts.n; i++)
		routes(c, ap->vhosts.v[i]);
	for (i = 0; i < c->m->pools.n; i++) {
		struct pf_pool *p = c->m->pools.v[i];
		struct pf_diag *d;

		if (p->status_of != NULL)
			continue;
		if (p->used) {
			socket_access(c, ap, p);
			continue;
		}
		d = pf_finding(c, "pool-unused", PF_SEV_INFO, p->loc, p->name,
		    "no route of the Apache configuration reaches pool %s "
		    "(%s)", p->name, p->listen_raw.s ? p->listen_raw.s :
		    "no listen address");
		pf_ffix(c, d, "remove the pool, or route to it");
	}
}
