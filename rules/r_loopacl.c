/*
 * r_loopacl.c - require-local-behind-proxy: an access rule that lets in
 * this machine only (Require local, Require ip 127.0.0.1 / ::1) on a
 * server that answers on loopback addresses only (pf_sim_loopback_only:
 * every Listen of its ports, or its <VirtualHost>, on 127.0.0.1, ::1 or
 * localhost, and no RemoteIPHeader).  Whatever serves the world from the
 * host then (nginx, Varnish, HAProxy, a Tor onion service) connects from
 * loopback for every client, and mod_authz_host's "local" provider (a
 * loopback client address, or the server's own) and "ip" lists see that
 * address, so the rule lets every client of the proxy in.  Verified on
 * apache2 behind a mod_proxy_http front end: tests/rules/
 * status_proxy_oracle.sh (/admin with Require local: 200 through the
 * proxy; with mod_remoteip taking the proxy's X-Forwarded-For: 403).
 *
 * A section is reported when its own Require lines grant a GET from the
 * proxy's address and refuse one from a public address (203.0.113.9):
 * a RequireAll that also asks for a user still protects.  The status
 * pages (SetHandler server-status, server-info, balancer-manager) are
 * apache-status-exposed's and fpm-status-exposed's.  mod_access_compat's
 * lines (Deny from all, Allow from 127.0.0.1) are judged with them (both
 * modules must let a request in), or alone in a section without Require.
 */
#include <string.h>
#include <strings.h>

#include "rules/rule.h"
#include "rules/sim.h"

#define RULE	"require-local-behind-proxy"

struct lo_srv {
	const struct pf_node *why;	/* NULL: not loopback-only */
	const char	*from;
	const struct pf_vhost *v;
};

struct loopacl {
	struct pf_rctx	*c;
	struct lo_srv	*srv;		/* [0] main, [i + 1] vhosts.v[i] */
	const struct lo_srv *any;	/* the first loopback-only server */
};

/* A SetHandler of a status page below sec (its own lines). */
static int
status_section(const struct pf_node *sec)
{
	const struct pf_node *n;

	for (n = sec->child; n != NULL; n = n->next)
		if (n->name != NULL && n->argc > 0 &&
		    !(n->flags & PF_NODE_INACTIVE) &&
		    strcasecmp(n->name, "SetHandler") == 0 &&
		    pf_status_handler(n->argv[0]))
			return 1;
	return 0;
}

/* A read-time conditional section (IfModule, IfDefine, IfVersion, ...):
 * its active lines are the enclosing section's. */
static int
conditional(const struct pf_node *n)
{
	return n->name != NULL && strncasecmp(n->name, "If", 2) == 0 &&
	    n->name[2] != '\0';
}

/* The first line of sec (its active read-time conditionals' included)
 * with one of the names (NULL-terminated): the finding's place. */
static const struct pf_node *
first_line(const struct pf_node *sec, const char *const *names)
{
	const struct pf_node *n, *r;
	size_t i;

	for (n = sec->child; n != NULL; n = n->next) {
		if (n->name == NULL || (n->flags & PF_NODE_INACTIVE))
			continue;
		for (i = 0; names[i] != NULL; i++)
			if (strcasecmp(n->name, names[i]) == 0)
				return n;
		if ((n->flags & PF_NODE_SECTION) && conditional(n) &&
		    (r = first_line(n, names)) != NULL)
			return r;
	}
	return NULL;
}

static const char *const require_names[] = { "Require", "RequireAny",
    "RequireAll", NULL };
static const char *const allow_names[] = { "Allow", NULL };

/* The sections whose Require lines decide a request's access. */
static int
access_section(const struct pf_node *n)
{
	static const char *const k[] = { "Directory", "DirectoryMatch",
	    "Files", "FilesMatch", "Location", "LocationMatch", "Proxy",
	    "ProxyMatch" };
	size_t i;

	for (i = 0; i < sizeof(k) / sizeof(k[0]); i++)
		if (strcasecmp(n->name, k[i]) == 0)
			return 1;
	return 0;
}

/* Does sec decide the access to a pool's status or ping page on server
 * v?  (fpm-status-exposed's finding, when it lets this machine in.) */
static int
fpm_status_section(struct loopacl *l, const struct pf_vhost *v,
    const struct pf_node *sec)
{
	struct pf_rctx *c = l->c;
	size_t i;
	int k;

	for (i = 0; i < c->m->pools.n; i++) {
		const struct pf_pool *p = c->m->pools.v[i];
		const char *paths[2] = { p->status_path.s, p->ping_path.s };

		for (k = 0; k < 2; k++) {
			struct pf_sim_verdict vd;
			struct pf_sim_fs fs = { NULL, 0, 0 };
			const struct pf_node *a;

			if (paths[k] == NULL)
				continue;
			pf_sim_request(c->sim, v, paths[k], &fs, &vd);
			if (vd.outcome != PF_SIM_FPM || vd.fpm != PF_FPM_STATUS)
				continue;
			for (a = vd.authz_node; a != NULL; a = a->parent)
				if (a == sec)
					return 1;
		}
	}
	return 0;
}

static void
judge(struct loopacl *l, const struct pf_node *sec)
{
	struct pf_rctx *c = l->c;
	const struct pf_node *req = first_line(sec, require_names);
	const struct pf_node *line = req;
	const struct lo_srv *s;
	struct pf_diag *d;
	size_t k;
	int cl, cp;

	if (status_section(sec))
		return;
	k = (sec->flags & PF_NODE_HTACCESS) ? 0 : pf_node_server(c, sec);
	/* a main-server section applies in every vhost */
	s = k == 0 ? l->any : &l->srv[k];
	if (s == NULL || s->why == NULL)
		return;
	/* mod_access_compat's lines (both modules must let a request in,
	 * without Satisfy Any) */
	cl = pf_sim_section_compat_client(c->sim, sec, s->from);
	cp = pf_sim_section_compat_client(c->sim, sec, "203.0.113.9");
	if (cl == -1 || (cl != -2 && cl != 0))
		return;
	if (req != NULL) {
		if (pf_sim_section_client(c->sim, sec, s->from) != 0 ||
		    (pf_sim_section_client(c->sim, sec, "203.0.113.9") <= 0 &&
		    cp != 403))
			return;
	} else if (cl != 0 || cp != 403 ||
	    (line = first_line(sec, allow_names)) == NULL)
		return;
	if (fpm_status_section(l, s->v, sec))
		return;
	d = pf_finding(c, RULE, pf_rule_sev(RULE), line->loc, NULL,
	    "<%s%s%s> lets in requests from this machine only (%s %s), and "
	    "Apache serves %s on loopback addresses only: the proxy in "
	    "front of it (nginx, Varnish, HAProxy, a Tor onion service) "
	    "connects from %s for every client, so the rule lets them all "
	    "in", sec->name, sec->argc > 0 ? " " : "", sec->argc > 0 ?
	    sec->argv[0] : "", line->name, line->raw != NULL ? line->raw :
	    "", pf_vhost_label(c, s->v), s->from);
	pf_frel(c, d, s->why->loc, "Apache answers on loopback addresses "
	    "only");
	pf_ffix(c, d, PF_FIX_BEHIND_PROXY ", or Require ip <admin addresses> "
	    "the proxy does not hold, or a password (RequireAll with Require "
	    "valid-user), or refuse the URL at the proxy");
}

static void
walk(struct loopacl *l, const struct pf_node *n)
{
	for (; n != NULL; n = n->next) {
		if (n->flags & (PF_NODE_INACTIVE | PF_NODE_FORBIDDEN |
		    PF_NODE_IGNORED | PF_NODE_UNKNOWN))
			continue;
		if (!(n->flags & PF_NODE_SECTION) || n->child == NULL)
			continue;
		if (n->name != NULL && access_section(n))
			judge(l, n);
		walk(l, n->child);
	}
}

void
pf_pass_loopback_acl(struct pf_rctx *c)
{
	const struct pf_apache *ap = c->m->apache;
	const struct pf_vhost **vs;
	struct loopacl l;
	size_t n, i, k;

	if (ap == NULL || ap->root == NULL || c->sim == NULL)
		return;
	memset(&l, 0, sizeof(l));
	l.c = c;
	n = pf_sim_vhosts(c->sim, &vs);
	for (i = 0; i < n; i++) {
		struct lo_srv s = { NULL, NULL, vs[i] };

		if (vs[i] == NULL || !pf_sim_loopback_only(c->sim, vs[i],
		    &s.why, &s.from) || s.why == NULL)
			continue;
		if (l.srv == NULL)	/* (most trees: never) */
			l.srv = pf_alloc(c->run->arena, (ap->vhosts.n + 1) *
			    sizeof(*l.srv));
		k = vs[i] == &ap->main ? 0 : pf_node_server(c, vs[i]->node);
		l.srv[k] = s;
		if (l.any == NULL)
			l.any = &l.srv[k];
	}
	if (l.any == NULL)
		return;		/* every server answers the world */
	walk(&l, ap->root->child);
}
