/*
 * selftest_sim.c - the vhosts selftest probes, what each one's site
 * means, and what proxyfpm's request simulator predicts for every probe
 * (DESIGN.md 2.4: the real servers are the truth the simulator is held
 * to).
 *
 * Compiled sites are probed on the vhost that serves their document
 * root under their ServerName (not the port-80 redirect); the meaning
 * comes from the description: upload_dirs, front_controller, pathinfo,
 * status_path / ping_path / status_allow.  A deployed configuration has
 * no description: every vhost it defines is probed, upload folders are
 * those named by --upload-dir (else a conventional uploads/ folder whose
 * PHP is shown, not judged), and what the description would have said
 * (pathinfo, front controller) is left open.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli/selftest.h"
#include "rules/link.h"
#include "rules/sim.h"

/* Nonzero if a status_allow entry lets 127.0.0.1 in. */
static int
allows_loopback(const char *e)
{
	char ip[INET_ADDRSTRLEN];
	const char *slash = strchr(e, '/'), *p;
	struct in_addr a;
	size_t n = slash ? (size_t)(slash - e) : strlen(e);
	unsigned long bits = 32, mask;
	char *end;
	int dots = 0;

	if (strcasecmp(e, "local") == 0 || strcasecmp(e, "all") == 0)
		return 1;
	for (p = e; *p != '\0' && *p != '/'; p++)
		dots += *p == '.';
	/* Apache's partial form ("127", "127.0") names leading octets */
	if (slash == NULL && dots < 3)
		return strcmp(e, "127") == 0 || strncmp(e, "127.", 4) == 0;
	/* A network holds the probes' 127.0.0.1 by its bits, not by how it
	 * is written: 0.0.0.0/1 does (tests/site/site_props.py seed 9). */
	if (n >= sizeof(ip))
		return 0;
	memcpy(ip, e, n);
	ip[n] = '\0';
	if (inet_pton(AF_INET, ip, &a) != 1)
		return 0;
	if (slash != NULL) {
		bits = strtoul(slash + 1, &end, 10);
		if (*end != '\0' || end == slash + 1 || bits > 32)
			return 0;
	}
	mask = bits == 0 ? 0 : (0xffffffffUL << (32 - bits)) & 0xffffffffUL;
	return (ntohl(a.s_addr) & mask) == (0x7f000001UL & mask);
}

static const char *
route_handler(struct st_ctx *c, const struct pf_route *r)
{
	if (r->backend.socket != NULL)
		return pf_printf(c->a, "proxy:unix:%s|fcgi://localhost",
		    r->backend.socket);
	if (r->backend.host != NULL)
		return pf_printf(c->a, "proxy:fcgi://%s:%d", r->backend.host,
		    r->backend.port);
	return NULL;
}

/* The first active PHP route of a vhost (or of the main server). */
static const struct pf_route *
php_route(const struct pf_apache *ap, const struct pf_vhost *v)
{
	size_t i;

	for (i = 0; v != NULL && i < v->routes.n; i++)
		if (!v->routes.v[i].inactive)
			return &v->routes.v[i];
	for (i = 0; i < ap->main.routes.n; i++)
		if (!ap->main.routes.v[i].inactive)
			return &ap->main.routes.v[i];
	return NULL;
}

static void
add_udir(struct st_ctx *c, struct st_target *t, struct pf_sim *sim,
    const char *path, int judged, struct pf_loc loc)
{
	struct st_udir u;
	const char *url;
	size_t i;

	if (!pf_path_under(path, t->docroot) ||
	    !pf_path_under(path, c->root))
		return;
	url = pf_sim_url_of(sim, t->vhost, path);
	if (url == NULL || url[0] != '/')
		return;
	for (i = 0; i < t->udirs.n; i++)
		if (strcmp(t->udirs.v[i].path, path) == 0)
			return;
	memset(&u, 0, sizeof(u));
	u.path = pf_strdup(c->a, path);
	u.url = pf_printf(c->a, "%s%s", url, url[strlen(url) - 1] == '/' ?
	    "" : "/");
	u.judged = judged;
	u.loc = loc;
	PF_PUSH(c->a, t->udirs, u);
}

static void
site_meaning(struct st_ctx *c, struct st_target *t, struct pf_sim *sim,
    const struct pf_site *s)
{
	const struct pf_pool *p = s->pool;
	size_t i;

	t->site = s;
	t->label = pf_printf(c->a, "site %s", s->name);
	t->loc = s->loc;
	t->docroot_loc = s->document_root.loc.file ? s->document_root.loc :
	    s->loc;
	t->handler_loc = s->handler_loc.file ? s->handler_loc : s->loc;
	for (i = 0; i < s->upload_dirs.n; i++)
		add_udir(c, t, sim, st_to_sandbox(c, s->upload_dirs.v[i].s), 1,
		    s->upload_dirs.v[i].loc.file ? s->upload_dirs.v[i].loc :
		    s->loc);
	if (s->front_controller.s != NULL) {
		t->front = s->front_controller.s;
		t->front_loc = s->front_controller.loc;
	}
	/* pathinfo = off is the format's default */
	t->pathinfo = s->pathinfo.set ? s->pathinfo.v != 0 : 0;
	t->pathinfo_loc = s->pathinfo.set ? s->pathinfo.loc : s->loc;
	if (p != NULL) {
		t->status_path = p->status_path.s;
		t->ping_path = p->ping_path.s;
		t->ping_response = p->ping_response.s;
		t->status_local = p->status_allow.n == 0;	/* local */
		for (i = 0; i < p->status_allow.n; i++)
			if (allows_loopback(p->status_allow.v[i].s))
				t->status_local = 1;
		t->status_loc = p->status_allow.n > 0 ?
		    p->status_allow.v[0].loc : p->status_path.loc.file ?
		    p->status_path.loc : p->loc;
	}
}

static void
deployed_meaning(struct st_ctx *c, struct st_target *t, struct pf_sim *sim,
    const struct pf_route *r, const struct pf_pool *pool)
{
	size_t i;

	t->pathinfo = -1;
	t->status_local = -1;
	t->docroot_loc = t->handler_loc = t->pathinfo_loc = t->loc;
	if (r != NULL && r->node != NULL)
		t->handler_loc = st_report_loc(c, r->node->loc);
	for (i = 0; i < c->nupload_dirs; i++) {
		const char *u = c->upload_dirs[i];

		add_udir(c, t, sim, u[0] == '/' ? st_to_sandbox(c, u) :
		    pf_printf(c->a, "%s/%s", t->docroot, u), 1, t->loc);
	}
	if (r != NULL && pool != NULL) {
		t->status_path = pool->status_path.s;
		t->ping_path = pool->ping_path.s;
		t->ping_response = pool->ping_response.s;
		t->status_loc = st_report_loc(c, pool->status_path.loc);
		if (t->status_loc.file == 0)
			t->status_loc = t->loc;
	}
}

/* The private port the main server answers on: one no vhost covers. */
static int
main_port(struct st_ctx *c, const struct pf_apache *ap)
{
	size_t i, j, k;

	for (i = 0; i < c->vports.n; i++) {
		int p = c->vports.v[i].to, used = 0;

		for (j = 0; j < ap->vhosts.n && !used; j++)
			for (k = 0; k < ap->vhosts.v[j]->addrs.n; k++)
				if (ap->vhosts.v[j]->addrs.v[k].port == p)
					used = 1;
		if (!used)
			return p;
	}
	return 0;
}

static int
orig_port(struct st_ctx *c, int to)
{
	size_t i;

	for (i = 0; i < c->vports.n; i++)
		if (c->vports.v[i].to == to)
			return c->vports.v[i].from;
	return 0;
}

int
st_targets_find(struct st_ctx *c)
{
	struct pf_model *m = pf_model_get(c->sb), *im = pf_model_get(c->run);
	const struct pf_vhost **vs;
	struct pf_sim *sim;
	struct pf_link_index *lx;
	size_t nv, i, j;

	if (m->apache == NULL)
		return -1;
	sim = pf_sim_new(c->sb, NULL);
	lx = pf_link_index_new(c->sb);
	pf_sim_links(sim, lx);
	c->sim = sim;
	c->targets.n = 0;
	nv = pf_sim_vhosts(sim, &vs);
	for (i = 0; i < nv; i++) {
		const struct pf_vhost *v = vs[i];
		const struct pf_route *r = php_route(m->apache, v);
		struct st_target *t = pf_alloc(c->a, sizeof(*t));
		const char *dr = pf_sim_docroot(sim, v);
		const struct pf_site *site = NULL;
		char real[PATH_MAX];

		t->vhost = v;
		t->vindex = i;
		t->port = v->node != NULL && v->addrs.n > 0 ?
		    v->addrs.v[0].port : main_port(c, m->apache);
		t->host = v->server_name.s ? v->server_name.s :
		    v->aliases.n > 0 ? v->aliases.v[0].s : "localhost";
		t->docroot = dr ? pf_strdup(c->a, dr) : NULL;
		/* a DocumentRoot written with a symbolic link or "..": the
		 * real folder decides whether it is inside the sandbox */
		if (dr != NULL && realpath(dr, real) != NULL &&
		    !pf_path_under(dr, c->root) &&
		    pf_path_under(real, c->root))
			t->docroot = pf_strdup(c->a, real);
		/* "DocumentRoot /srv/www/": URLs and paths are joined to it
		 * with one '/' */
		if (t->docroot != NULL) {
			size_t dl = strlen(t->docroot);

			while (dl > 1 && t->docroot[dl - 1] == '/')
				((char *)t->docroot)[--dl] = '\0';
		}
		t->php = r != NULL;
		t->handler = r != NULL ? route_handler(c, r) : NULL;
		t->loc = v->node != NULL ? st_report_loc(c, v->node->loc) :
		    PF_NOLOC;
		if (c->compiled) {
			for (j = 0; j < im->sites.n && site == NULL; j++) {
				const struct pf_site *s = im->sites.v[j];

				if (s->server_name.s != NULL &&
				    v->server_name.s != NULL &&
				    strcasecmp(s->server_name.s,
				    v->server_name.s) == 0 && dr != NULL &&
				    s->document_root.s != NULL &&
				    strcmp(st_to_sandbox(c,
				    s->document_root.s), dr) == 0)
					site = s;
			}
			if (site == NULL)
				continue;	/* a redirect vhost */
			site_meaning(c, t, sim, site);
		} else {
			if (v->node == NULL && t->port == 0)
				continue;
			t->label = pf_printf(c->a, "%s:%d", t->host,
			    orig_port(c, t->port));
			/* a main-server route reaches the pool this vhost's
			 * workers give it */
			deployed_meaning(c, t, sim, r, r != NULL ?
			    pf_link_route_pool(lx, r, v) : NULL);
		}
		if (t->port == 0)
			t->skip = "it listens on no address";
		else if (t->docroot == NULL ||
		    !pf_path_under(t->docroot, c->root))
			t->skip = pf_printf(c->a, "its DocumentRoot %s is "
			    "outside the sandbox", t->docroot ? t->docroot :
			    "(none)");
		if (t->skip == NULL && t->udirs.n == 0)
			add_udir(c, t, sim, pf_printf(c->a, "%s/uploads",
			    t->docroot), 0, t->loc);
		for (j = 0; j < c->targets.n; j++)
			if (c->targets.v[j]->port == t->port &&
			    strcasecmp(c->targets.v[j]->host, t->host) == 0)
				break;
		if (j < c->targets.n)
			continue;	/* the same name on the same port */
		PF_PUSH(c->a, c->targets, t);
	}
	return 0;
}

/* ---- predictions ---------------------------------------------------- */

static enum st_obs
sim_obs(const struct pf_sim_verdict *v)
{
	switch (v->outcome) {
	case PF_SIM_STATIC:
		return ST_STATIC;
	case PF_SIM_NOT_FOUND:
		return ST_NOTFOUND;
	case PF_SIM_DENIED:
		return ST_DENIED;
	case PF_SIM_OTHER:
		/* an error Apache answers itself, by its status */
		return v->status == 401 ? ST_UNAUTH : v->status == 403 ?
		    ST_DENIED : v->status == 404 ? ST_NOTFOUND :
		    v->status >= 500 ? ST_ERROR : ST_OTHER;
	case PF_SIM_NO_ANSWER:
		return ST_NOANSWER;
	case PF_SIM_FPM:
		break;
	}
	switch (v->fpm) {
	case PF_FPM_EXEC:
		return ST_EXEC;
	case PF_FPM_DENIED:
		return ST_FPM_DENIED;
	case PF_FPM_NOT_FOUND:
		return ST_FPM_NOTFOUND;
	case PF_FPM_STATUS:
		return ST_STATUS;
	case PF_FPM_NO_BACKEND:
		return ST_ERROR;
	case PF_FPM_NONE:
		break;
	}
	return ST_OTHER;
}

/*
 * What the client sees, with ErrorDocument and ProxyErrorOverride: a
 * local document that reaches FPM is that request's answer (the runtime
 * or php-fpm says so, whatever the status, or nobody when it kills
 * Apache's child); a full URL is a 302; any
 * other document, or FPM's 404/403 taken over by Apache, is Apache's
 * answer with the error's status.  *exec: the script that ran, or NULL.
 */
static enum st_obs
sim_seen(const struct pf_sim_verdict *v, const char **exec)
{
	int st;

	*exec = v->executed;
	if (v->errdoc == PF_ERRDOC_LOCAL && v->errdoc_v != NULL &&
	    (v->errdoc_v->outcome == PF_SIM_FPM ||
	    v->errdoc_v->outcome == PF_SIM_NO_ANSWER)) {
		*exec = v->errdoc_v->executed;
		return sim_obs(v->errdoc_v);
	}
	if (v->errdoc == PF_ERRDOC_NONE && v->intercepted == NULL)
		return sim_obs(v);
	*exec = NULL;
	if (v->errdoc == PF_ERRDOC_EXTERNAL)
		return ST_REDIRECT;
	st = v->errdoc_status != 0 ? v->errdoc_status :
	    v->fpm == PF_FPM_DENIED ? 403 : 404;
	return st == 401 ? ST_UNAUTH : st == 403 ? ST_DENIED :
	    st == 404 ? ST_NOTFOUND :
	    st >= 300 && st < 400 ? ST_REDIRECT : st >= 500 ? ST_ERROR :
	    ST_OTHER;
}

static int
same_file(const char *a, const char *b)
{
	char ra[PATH_MAX], rb[PATH_MAX];

	if (a == NULL || b == NULL)
		return a == b;
	if (strcmp(a, b) == 0)
		return 1;
	return realpath(a, ra) != NULL && realpath(b, rb) != NULL &&
	    strcmp(ra, rb) == 0;
}

/* Do the simulator and the servers say the same? */
static int
agree(const struct st_probe *p)
{
	enum st_obs a = p->obs, b = p->sim;

	if (a == ST_PING)
		a = ST_STATUS;
	if (a == ST_REDIRECT)
		a = ST_OTHER;
	if (a != b)
		return 0;
	return a != ST_EXEC || same_file(p->obs_exec, p->sim_exec);
}

void
st_sim_predict(struct st_ctx *c)
{
	struct pf_sim *sim = c->sim;
	struct pf_sim_fs fs = { NULL, 0, 1 };
	const struct pf_vhost **vs;
	size_t nv, i;

	if (sim == NULL)
		return;
	nv = pf_sim_vhosts(sim, &vs);
	for (i = 0; i < c->probes.n; i++) {
		struct st_probe *p = &c->probes.v[i];
		struct pf_sim_verdict v;
		int g;

		if (p->t->vindex >= nv || p->obs == ST_NONE)
			continue;
		memset(&v, 0, sizeof(v));
		if (pf_sim_request(sim, vs[p->t->vindex], p->url, &fs,
		    &v) < 0) {
			p->sim_na = "no Apache configuration";
			continue;
		}
		{
			const char *x;

			p->sim = sim_seen(&v, &x);
			p->sim_exec = x != NULL ? pf_strdup(c->a, x) : NULL;
		}
		p->sim_desc = st_untmp(c, pf_sim_describe(sim, &v));
		if (v.route != NULL)
			p->route_loc = v.route->loc;
		if (v.pool != NULL && v.pool->limit_extensions.s != NULL)
			p->ext_loc = v.pool->limit_extensions.loc;
		if (v.authz_node != NULL)
			p->authz_loc = v.authz_node->loc;
		if (v.authz == PF_AUTHZ_RESTRICTED) {
			/* The simulator leaves the client open; its Require
			 * lines for the probe's own address, no credentials. */
			g = pf_sim_authz_client(sim, &v, p->outside ?
			    ST_OUTSIDE_IP : "127.0.0.1");
			if (g < 0)
				p->sim_na = "access depends on the client";
			else if (g != 0) {
				p->sim = g == 401 ? ST_UNAUTH : g == 403 ?
				    ST_DENIED : ST_ERROR;
				p->sim_exec = NULL;
			}
		}
		if (v.conditional)
			p->sim_na = "depends on a condition the simulator "
			    "leaves open";
		/* another handler or proxy: the simulator names it but does
		 * not say what it answers */
		if (p->sim == ST_OTHER && p->obs != ST_OTHER &&
		    p->obs != ST_REDIRECT)
			p->sim_na = pf_printf(c->a, "not PHP-FPM: %s",
			    p->sim_desc);
		p->agree = p->sim_na != NULL || agree(p);
	}
}
