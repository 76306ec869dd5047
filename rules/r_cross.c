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
#include "rules/sim.h"
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

/* Whether the worker w found for route r takes its requests to another
 * socket than the one r names (not r's own worker). */
static int
worker_differs(const struct pf_worker *w, const struct pf_route *r)
{
	return w != NULL && w->socket != NULL && w->node != r->node &&
	    strcmp(w->socket, r->backend.socket) != 0;
}

/*
 * The worker a handler route of v uses for the files below an Alias
 * target (phpMyAdmin's <Directory /usr/share/phpmyadmin> behind "Alias
 * /phpmyadmin", or v's <FilesMatch> reached through an Alias), when it
 * differs from the route's socket: the handler's URL is
 * fcgi://NAME<file>, so a worker named with the target's path covers
 * those requests and not the DocumentRoot's.  The simulator says whether
 * ALIAS/index.php reaches this route, and which file it maps to; mod_alias
 * applies the main server's Aliases in every vhost too.  *alp is set to
 * the Alias.  Only asked when a worker named with a path has a socket.
 */
static const struct pf_worker *
alias_worker(struct pf_rctx *c, const struct pf_vhost *v,
    const struct pf_route *r, const struct pf_alias **alp)
{
	const struct pf_vhost *vs[2] = { v, &c->m->apache->main };
	const struct pf_worker *found = NULL;
	struct pf_arena *a;
	size_t i, j;

	if ((r->kind != PF_ROUTE_SETHANDLER &&
	    r->kind != PF_ROUTE_ADDHANDLER) || r->backend.path != NULL ||
	    !pf_link_socket_paths(c->lx) || c->sim == NULL)
		return NULL;
	a = pf_arena_new();
	pf_sim_scratch(c->sim, a);
	for (i = 0; i < 2 && found == NULL && (i == 0 || v != vs[1]); i++)
		for (j = 0; j < vs[i]->alias_map.n && found == NULL; j++) {
			const struct pf_alias *al = &vs[i]->alias_map.v[j];
			const char *u = al->url, *f;
			struct pf_sim_verdict sv;
			struct pf_sim_fs fs;
			struct pf_backend lb;
			const struct pf_worker *w;
			size_t n;

			if (al->regex || al->script || u == NULL ||
			    u[0] != '/' || al->path == NULL ||
			    al->path[0] != '/')
				continue;
			n = strlen(al->path);
			while (n > 1 && al->path[n - 1] == '/')
				n--;
			f = pf_printf(a, "%.*s/index.php", (int)n, al->path);
			fs.files = &f;
			fs.nfiles = 1;
			fs.real = 0;
			n = strlen(u);
			while (n > 1 && u[n - 1] == '/')
				n--;
			pf_sim_request(c->sim, v, pf_printf(a, "%.*s/index.php",
			    (int)n, u), &fs, &sv);
			if (sv.outcome != PF_SIM_FPM || sv.route != r->node ||
			    sv.filename == NULL || sv.filename[0] != '/')
				continue;
			lb = r->backend;
			lb.path = sv.filename;
			w = pf_link_worker_idx(c->lx, &lb, v->node);
			if (worker_differs(w, r)) {
				found = w;
				*alp = al;
			}
		}
	pf_sim_scratch(c->sim, NULL);
	pf_arena_free(a);
	return found;
}

/*
 * route-socket-ignored: the route names unix:S, but the worker mod_proxy
 * finds for its URL (the unix: part dropped: ap_proxy_get_worker_ex) has
 * a socket of its own, and mod_proxy connects to the worker's uds_path
 * before the request's.  On 2.4.71, ProxyPass /b/ "unix:b.sock|fcgi://
 * localhost/www/" after /a/ to a.sock, and a SetHandler "proxy:unix:
 * b.sock|fcgi://localhost" for files below /www, are answered by a.sock's
 * pool (tests/rules/worker_server_oracle.sh); so is a handler for the
 * files of an Alias target that a worker's path covers
 * (tests/rules/alias_route_oracle.sh).
 */
static void
socket_ignored(struct pf_rctx *c, const struct pf_vhost *v,
    const struct pf_route *r)
{
	const struct pf_worker *w;
	const struct pf_alias *al = NULL;
	struct pf_pool *want, *got;
	struct pf_diag *d;
	int tenants;

	if (r->inactive || r->node == NULL || r->backend.socket == NULL ||
	    r->backend.balancer != NULL)
		return;
	want = pf_link_socket_pool(c->lx, r->backend.socket);
	w = pf_link_route_worker(c->lx, r, v);
	if (!worker_differs(w, r) || (want != NULL &&
	    want == pf_link_socket_pool(c->lx, w->socket))) {
		/* the DocumentRoot's files: nothing (or two names of one
		 * socket); an Alias target's may go elsewhere */
		w = alias_worker(c, v, r, &al);
		if (w == NULL)
			return;
	} else if (alias_worker(c, v, r, &al) != w)
		al = NULL;	/* (link.c found w with the files of the
				 * Alias target the route's <Directory>
				 * covers: name that Alias) */
	got = pf_link_socket_pool(c->lx, w->socket);
	if (want != NULL && want == got)
		return;		/* two names of one socket */
	/* the pool the Alias target's scripts reach is used (link.c looks
	 * a handler up with the Alias targets its <Directory> covers; this
	 * one may be the vhost's <FilesMatch>) */
	if (al != NULL && got != NULL)
		got->used = 1;
	/* another pool's user and limits run this route's scripts */
	tenants = want != NULL && got != NULL && (want->user.s == NULL ||
	    got->user.s == NULL || strcmp(want->user.s, got->user.s) != 0);
	d = pf_finding(c, "route-socket-ignored", tenants ? PF_SEV_HIGH :
	    PF_SEV_MEDIUM, r->node->loc, pf_vhost_label(c, v), "this route "
	    "names unix:%s, but mod_proxy finds worker %s for its URL%s and "
	    "connects to that worker's socket %s instead: %s%s%s",
	    r->backend.socket, w->name, al != NULL ? pf_printf(c->run->arena,
	    " (the files below the Alias target %s, at %s)", al->path,
	    al->url) : "", w->socket, got != NULL ? "pool " : "its requests "
	    "go there", got != NULL ? got->name : "", got != NULL ? pf_printf(
	    c->run->arena, " runs them%s", want != NULL ? pf_printf(
	    c->run->arena, ", not pool %s%s", want->name, tenants ?
	    " (another user: one site's scripts run as the other's)" : "") :
	    "") : "");
	pf_frel(c, d, w->loc, "the worker whose socket is used");
	if (al != NULL && al->node != NULL)
		pf_frel(c, d, al->node->loc, "the Alias whose files the "
		    "worker's path covers");
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
