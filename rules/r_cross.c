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

/* "in V and N other vhosts, " for a main-server route judged in the
 * vhosts (inherited), else "". */
static const char *
in_vhosts(struct pf_rctx *c, const struct pf_vhost *v, size_t others,
    int inherited)
{
	if (!inherited)
		return "";
	if (others == 0)
		return pf_printf(c->run->arena, "in %s, ", pf_vhost_label(c,
		    v));
	return pf_printf(c->run->arena, "in %s and %zu other vhost%s, ",
	    pf_vhost_label(c, v), others, others > 1 ? "s" : "");
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
/* Reports route-socket-ignored for r at its line: in v (and `others`
 * more vhosts: inherited, a main-server route judged in vhosts) mod_proxy
 * uses worker w's socket; al: the Alias whose files w covers, or NULL. */
static void
report_ignored(struct pf_rctx *c, const struct pf_vhost *v, size_t others,
    const struct pf_route *r, const struct pf_worker *w,
    const struct pf_alias *al, int inherited)
{
	struct pf_pool *want, *got;
	struct pf_diag *d;
	int tenants;

	want = pf_link_socket_pool(c->lx, r->backend.socket);
	got = pf_link_socket_pool(c->lx, w->socket);
	/* another pool's user and limits run this route's scripts */
	tenants = want != NULL && got != NULL && (want->user.s == NULL ||
	    got->user.s == NULL || strcmp(want->user.s, got->user.s) != 0);
	d = pf_finding(c, "route-socket-ignored", tenants ? PF_SEV_HIGH :
	    PF_SEV_MEDIUM, r->node->loc, pf_vhost_label(c, v), "%sthis route "
	    "names unix:%s, but mod_proxy finds worker %s for its URL%s and "
	    "connects to that worker's socket %s instead: %s%s%s",
	    in_vhosts(c, v, others, inherited),
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

/*
 * route-socket-ignored: the route names unix:S, but the worker mod_proxy
 * finds for its URL (the unix: part dropped: ap_proxy_get_worker_ex) has
 * a socket of its own, and mod_proxy connects to the worker's uds_path
 * before the request's.  On 2.4.71, ProxyPass /b/ "unix:b.sock|fcgi://
 * localhost/www/" after /a/ to a.sock, and a SetHandler "proxy:unix:
 * b.sock|fcgi://localhost" for files below /www, are answered by a.sock's
 * pool (tests/rules/worker_server_oracle.sh); so is a handler for the
 * files of an Alias target that a worker's path covers
 * (tests/rules/alias_route_oracle.sh).  Returns the worker reported (the
 * one r uses in v), or NULL.
 */
static const struct pf_worker *
socket_ignored(struct pf_rctx *c, const struct pf_vhost *v,
    const struct pf_route *r)
{
	const struct pf_worker *w;
	const struct pf_alias *al = NULL;
	struct pf_pool *want, *got;

	if (r->inactive || r->node == NULL || r->backend.socket == NULL ||
	    r->backend.balancer != NULL)
		return NULL;
	want = pf_link_socket_pool(c->lx, r->backend.socket);
	w = pf_link_route_worker(c->lx, r, v);
	if (!worker_differs(w, r) || (want != NULL &&
	    want == pf_link_socket_pool(c->lx, w->socket))) {
		/* the DocumentRoot's files: nothing (or two names of one
		 * socket); an Alias target's may go elsewhere */
		w = alias_worker(c, v, r, &al);
		if (w == NULL)
			return NULL;
	} else if (alias_worker(c, v, r, &al) != w)
		al = NULL;	/* (link.c found w with the files of the
				 * Alias target the route's <Directory>
				 * covers: name that Alias) */
	got = pf_link_socket_pool(c->lx, w->socket);
	if (want != NULL && want == got)
		return NULL;		/* two names of one socket */
	/* the pool the Alias target's scripts reach is used (link.c looks
	 * a handler up with the Alias targets its <Directory> covers; this
	 * one may be the vhost's <FilesMatch>) */
	if (al != NULL && got != NULL)
		got->used = 1;
	report_ignored(c, v, 0, r, w, al, 0);
	return w;
}

/* Where route r connects in v's context, w the worker it uses there:
 * the worker's socket (it wins), the route's (a handler expression's
 * with v's name), or its host:port. */
static const char *
destination(struct pf_rctx *c, const struct pf_vhost *v,
    const struct pf_route *r, const struct pf_worker *w)
{
	if (w != NULL && w->socket != NULL)
		return pf_printf(c->run->arena, "unix:%s", w->socket);
	if (r->backend.socket != NULL)
		return pf_printf(c->run->arena, "unix:%s",
		    pf_link_expr_socket(c->lx, r->backend.socket, v));
	return pf_printf(c->run->arena, "%s:%d", r->backend.host,
	    r->backend.port);
}

/* Reports route-no-pool for r at its line: in v (and `others` more
 * vhosts) it connects to dest (through worker w, or NULL), where no
 * pool listens. */
static void
report_no_pool(struct pf_rctx *c, const struct pf_vhost *v, size_t others,
    const struct pf_route *r, const struct pf_worker *w, const char *dest,
    int inherited)
{
	int by_worker = w != NULL && w->socket != NULL &&
	    (r->backend.socket == NULL || strcmp(w->socket,
	    r->backend.socket) != 0);
	/* a pool on a host name binds one of its addresses (link.c) */
	const char *miss = w == NULL || w->socket == NULL ?
	    pf_link_tcp_miss(c->lx, &r->backend) : NULL;
	struct pf_diag *d;
	int lowered;

	/* a 400 before any connection: route-bad-host's */
	if (pf_route_target_bad_host(r->kind, r->target))
		return;
	/* a handler expression's socket with a variable other than
	 * SERVER_NAME and HTTP_HOST, or in a vhost without a ServerName
	 * (link.c pf_link_expr_socket): known only for each request */
	if (strstr(dest, "%{") != NULL)
		return;
	/* a branch this machine never takes (<ElseIf "-e '/run/php/
	 * php8.1-fpm.sock'"> on a machine without that socket) */
	if (pf_sim_branch_never(c->run, r->node))
		return;
	/* mod_mime lower-cases an AddHandler's handler (httpd_model.c) */
	lowered = r->kind == PF_ROUTE_ADDHANDLER && r->node->argc > 0 &&
	    strcmp(r->node->argv[0], r->target) != 0;
	d = pf_finding(c, "route-no-pool", PF_SEV_MEDIUM, r->node->loc,
	    pf_vhost_label(c, v), "%sthis route connects to %s%s%s, but no "
	    "FPM pool listens there%s%s%s: PHP requests fail with 503 "
	    "(AH01079 failed to make connection to backend)", in_vhosts(c, v,
	    others, inherited), dest, by_worker ? pf_printf(c->run->arena,
	    " (the socket of worker %s)", w->name) : "", lowered ? " (mod_mime "
	    "lower-cases the handler name of AddHandler, its socket path "
	    "too)" : "", miss != NULL ? " (" : "", miss != NULL ? miss : "",
	    miss != NULL ? ")" : "");
	if (by_worker)
		pf_frel(c, d, w->loc, "the worker whose socket is used");
	pf_ffix(c, d, "point it at a pool's listen address (unix "
	    "sockets: the same path; TCP: fcgi://host:port, 8000 when "
	    "no port is given)");
}

/* The vhosts where a main-server route fails alike: one dead
 * destination, or one worker socket used instead of the route's. */
struct igroup {
	const struct pf_vhost *first;
	const struct pf_worker *w;
	const char	*dest;
	size_t		 n;
};

/* Findings per route and rule before the other groups are folded into
 * one: a tree whose every vhost has a <Proxy> of its own for the
 * route's worker name makes as many groups as vhosts. */
#define GROUPS_MAX	8

/* A list of the first two dest of the groups of kind from g[i], and how
 * many more. */
static const char *
dest_list(struct pf_rctx *c, const struct igroup *g, size_t n, size_t i,
    int kind)
{
	const char *l = NULL;
	size_t k = 0;

	for (; i < n; i++) {
		if (g[i].dest[-1] != kind)
			continue;
		if (k < 2)
			l = l == NULL ? g[i].dest : pf_printf(c->run->arena,
			    "%s, %s", l, g[i].dest);
		k++;
	}
	return k > 2 ? pf_printf(c->run->arena, "%s and %zu more", l, k - 2) :
	    l;
}

/*
 * Reports the groups of kind ('-' route-no-pool, '+' route-socket-
 * ignored) of a main-server route, one finding each; past GROUPS_MAX,
 * the first GROUPS_MAX - 1 and one for the rest.
 */
static void
report_groups(struct pf_rctx *c, const struct pf_route *r,
    const struct igroup *g, size_t n, int kind)
{
	const struct igroup *rest = NULL;
	size_t i, j = 0, nk = 0, ng = 0, nv = 0, at = 0;
	int tenants = 0;
	struct pf_pool *want = r->backend.socket != NULL ?
	    pf_link_socket_pool(c->lx, r->backend.socket) : NULL;
	struct pf_diag *d;

	for (i = 0; i < n; i++)
		nk += g[i].dest[-1] == kind;
	for (i = 0; i < n; i++) {
		const struct igroup *x = &g[i];

		if (x->dest[-1] != kind)
			continue;
		if (nk <= GROUPS_MAX || j++ < GROUPS_MAX - 1) {
			if (kind == '-')
				report_no_pool(c, x->first, x->n - 1, r, x->w,
				    pf_strdup(c->run->arena, x->dest), 1);
			else
				report_ignored(c, x->first, x->n - 1, r, x->w,
				    NULL, 1);
			continue;
		}
		if (rest == NULL) {
			rest = x;
			at = i;
		}
		ng++;
		nv += x->n;
		if (kind == '+') {
			struct pf_pool *got = pf_link_socket_pool(c->lx,
			    x->w->socket);

			tenants |= want != NULL && got != NULL &&
			    (want->user.s == NULL || got->user.s == NULL ||
			    strcmp(want->user.s, got->user.s) != 0);
		}
	}
	if (rest == NULL)
		return;
	if (kind == '-') {
		if (pf_route_target_bad_host(r->kind, r->target))
			return;
		d = pf_finding(c, "route-no-pool", PF_SEV_MEDIUM, r->node->loc,
		    pf_vhost_label(c, rest->first), "%sthis route connects to "
		    "%zu more places where no FPM pool listens (%s): PHP "
		    "requests fail with 503 (AH01079 failed to make "
		    "connection to backend)", in_vhosts(c, rest->first, nv - 1,
		    1), ng, dest_list(c, g, n, at, kind));
		pf_ffix(c, d, "point each vhost's worker at a pool's socket, "
		    "or the route at a pool's listen address");
		return;
	}
	d = pf_finding(c, "route-socket-ignored", tenants ? PF_SEV_HIGH :
	    PF_SEV_MEDIUM, r->node->loc, pf_vhost_label(c, rest->first),
	    "%sthis route names unix:%s, but mod_proxy finds those vhosts' "
	    "own workers for its URL and connects to %zu more sockets instead "
	    "(%s): their pools run them%s%s%s", in_vhosts(c, rest->first,
	    nv - 1, 1), r->backend.socket, ng, dest_list(c, g, n, at, kind),
	    want != NULL ? pf_printf(c->run->arena, ", not pool %s", want->name) :
	    "", tenants ? " (other users: one site's scripts run as another's)" :
	    "", "");
	pf_ffix(c, d, "give each socket its own worker name (fcgi://site-a, "
	    "fcgi://site-b, or distinct paths), or route to the worker's "
	    "socket on purpose");
}

/*
 * UseCanonicalName at server level in top (pf_server_line): 1 On or DNS,
 * 0 Off, -1 no line.  With it on, SERVER_NAME is the ServerName whatever
 * name the request carries (core.c ap_get_server_name); off (the
 * default), the Host header's.  (A <Directory>'s is not read.)
 */
static int
canonical_in(const struct pf_node *top)
{
	const struct pf_node *n = pf_server_line(top, "UseCanonicalName");

	return n == NULL || n->argc < 1 ? -1 :
	    strcasecmp(n->argv[0], "off") != 0;
}

/*
 * A main-server handler expression with %{SERVER_NAME} or %{HTTP_HOST}
 * gives a request for a ServerAlias its own socket: the Host header's name
 * (SERVER_NAME too while UseCanonicalName is off, the default).  Mass
 * hosting's "www." aliases then connect to www.NAME.sock, which no pool
 * has, and answer 503 while NAME works.  Counted per route over the
 * vhosts whose ServerName reaches a pool: the first few names and how
 * many (one finding, whatever the number of vhosts).
 */
struct alias_miss {
	const struct pf_vhost *first;
	const char	*names[3], *sock;
	size_t		 n;
};

static void
alias_sockets(struct pf_rctx *c, const struct pf_route *r,
    const struct pf_vhost *v, int main_canon, struct alias_miss *am)
{
	const char *own;
	int canon;
	size_t i;

	if (v->server_name.s == NULL || v->aliases.n == 0)
		return;
	canon = v->node != NULL ? canonical_in(v->node) : -1;
	if (canon < 0)
		canon = main_canon > 0;
	own = pf_link_expr_socket(c->lx, r->backend.socket, v);
	for (i = 0; i < v->aliases.n; i++) {
		const char *al = v->aliases.v[i].s, *s;

		if (al == NULL || strpbrk(al, "*?") != NULL)
			continue;
		s = pf_link_expr_socket_of(c->lx, r->backend.socket, canon ?
		    v->server_name.s : al, al);
		if (strcmp(s, own) == 0 || pf_link_socket_pool(c->lx, s) !=
		    NULL)
			continue;
		if (am->n == 0) {
			am->first = v;
			am->sock = s;
		}
		if (am->n < 3)
			am->names[am->n] = al;
		am->n++;
	}
}

static void
report_alias_sockets(struct pf_rctx *c, const struct pf_route *r,
    const struct alias_miss *am)
{
	struct pf_diag *d;
	size_t i;
	char list[512];
	int o = 0;

	if (am->n == 0)
		return;
	list[0] = '\0';
	for (i = 0; i < am->n && i < 3 && o >= 0 && (size_t)o < sizeof(list);
	    i++)
		o += snprintf(list + o, sizeof(list) - (size_t)o, "%s%s",
		    i > 0 ? ", " : "", am->names[i]);
	d = pf_finding(c, "route-no-pool", PF_SEV_MEDIUM, r->node->loc,
	    pf_vhost_label(c, am->first), "PHP requests for the ServerAlias "
	    "name%s %s%s fail with 503 (AH01079 failed to make connection to "
	    "backend): this handler's socket is made of the name a request "
	    "carries (the Host header's%s), so %s, an alias of %s, connects "
	    "to unix:%s, where no FPM pool listens", am->n > 1 ? "s" : "",
	    list, am->n > 3 ? pf_printf(c->run->arena, " and %zu more",
	    am->n - 3) : "", strcasestr(r->backend.socket, "%{SERVER_NAME}")
	    != NULL ? ", which is SERVER_NAME while UseCanonicalName is off, "
	    "the default" : "", am->names[0], am->first->server_name.s,
	    am->sock);
	pf_ffix(c, d, "give the handler the vhost's own name in every case "
	    "(%%{SERVER_NAME} with UseCanonicalName On: an alias then gets "
	    "its ServerName's socket), or redirect the alias names to the "
	    "ServerName in a <VirtualHost> of their own");
}

/*
 * A main-server route whose pool can differ per vhost
 * (pf_link_route_varies): judged in each serving vhost whose scripts it
 * routes (the routing pass's /index.php: pf_vpool_of), with the pool and
 * worker it has there (pf_link_route_pool: that vhost's workers and
 * DocumentRoot).  A vhost whose <Proxy "unix:X|fcgi://localhost"> points
 * at a socket no pool listens on gets 503 while the others work
 * (route-no-pool), and one whose worker has another pool's socket runs
 * the route's scripts in that pool (route-socket-ignored).  One finding
 * per dead destination and per worker socket, naming the first vhost
 * and how many more: 10,000 vhosts alike make one finding (and 10,000
 * vhosts each with a worker of its own at most GROUPS_MAX).  A route no
 * vhost's scripts take is reported only when it reaches no pool in any
 * context.
 */
static void
inherited(struct pf_rctx *c, const struct pf_route *r)
{
	const struct pf_vhost *mv = &c->m->apache->main, **vs = NULL;
	PF_VEC(struct igroup) g = { 0 };
	struct pf_smap gm = { 0 };
	const struct pf_worker *mw;
	struct pf_arena *a;
	size_t nv = 0, i;
	int seen = 0, judge = !r->inactive &&
	    (r->backend.socket != NULL || r->backend.host != NULL) &&
	    php_route(r);
	int expr = judge && r->backend.socket != NULL &&
	    strstr(r->backend.socket, "%{") != NULL;
	int main_canon = expr ? canonical_in(c->m->apache->root) : -1;
	struct alias_miss am;

	if (r->node == NULL)
		return;
	/* the main server's own context, as for any route */
	mw = socket_ignored(c, mv, r);
	if (mw == NULL)
		mw = pf_link_route_worker(c->lx, r, mv);
	if (c->sim != NULL)
		nv = pf_sim_vhosts(c->sim, &vs);
	a = pf_arena_new();
	memset(&am, 0, sizeof(am));
	for (i = 0; i < nv; i++) {
		const struct pf_vhost *v = vs[i];
		const struct pf_vpool *vp = pf_vpool_of(c, v);
		const struct pf_worker *w;
		struct pf_pool *p;
		const char *key;
		size_t k;

		if (vp == NULL || vp->v != v || vp->route != r->node)
			continue;
		seen = 1;
		p = pf_link_route_pool(c->lx, r, v);
		w = v == mv ? mw : pf_link_route_worker(c->lx, r, v);
		/* (a worker of the vhost's own wins over the expression) */
		if (expr && p != NULL && v != mv && (w == NULL ||
		    w->socket == NULL || !worker_differs(w, r)))
			alias_sockets(c, r, v, main_canon, &am);
		if (p == NULL && judge)
			key = pf_printf(a, "-%s", destination(c, v, r, w));
		else if (p != NULL && v != mv && w != mw &&
		    r->backend.socket != NULL && worker_differs(w, r) &&
		    pf_link_socket_pool(c->lx, r->backend.socket) != p)
			key = pf_printf(a, "+unix:%s", w->socket);
		else
			continue;
		if ((k = pf_smap_get(&gm, key)) == 0) {
			struct igroup ng;

			ng.first = v;
			ng.w = w;
			ng.dest = key + 1;
			ng.n = 0;
			PF_PUSH(a, g, ng);
			pf_smap_put(a, &gm, key, k = g.n);
		}
		g.v[k - 1].n++;
	}
	report_groups(c, r, g.v, g.n, '-');
	report_groups(c, r, g.v, g.n, '+');
	report_alias_sockets(c, r, &am);
	pf_arena_free(a);
	if (seen || !judge || r->pool != NULL)
		return;
	/* no vhost's scripts take it: dead only if dead everywhere */
	for (i = 0; i < c->m->apache->vhosts.n; i++)
		if (pf_link_route_pool(c->lx, r, c->m->apache->vhosts.v[i]) !=
		    NULL)
			return;
	report_no_pool(c, mv, 0, r, mw, destination(c, mv, r, mw), 0);
}

static void
routes(struct pf_rctx *c, const struct pf_vhost *v)
{
	size_t i;

	for (i = 0; i < v->routes.n; i++) {
		const struct pf_route *r = &v->routes.v[i];
		const struct pf_worker *w;

		if (v == &c->m->apache->main && pf_link_route_varies(c->lx, r)) {
			inherited(c, r);
			continue;
		}
		socket_ignored(c, v, r);

		if (r->inactive || r->pool != NULL || r->node == NULL ||
		    (r->backend.socket == NULL && r->backend.host == NULL) ||
		    !php_route(r))
			continue;
		w = pf_link_route_worker(c->lx, r, v);
		report_no_pool(c, v, 0, r, w, destination(c, v, r, w), 0);
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
