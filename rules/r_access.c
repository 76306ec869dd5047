/*
 * r_access.c - docroot-denied: nothing grants access to a vhost's
 * DocumentRoot, so the main server's default denial (Debian's and RHEL's
 * <Directory /> Require all denied, or mod_access_compat's Deny from all
 * there) refuses every file of the site with 403 ("AH01630" or "AH01797:
 * client denied by server configuration").  The classic ways there: a
 * DocumentRoot outside /var/www (/srv/site, /home/user/public_html) with
 * a <Directory> section for AllowOverride or Options but no Require
 * line, a grant whose path misses the DocumentRoot (a symbolic link's
 * target), a DocumentRoot moved and its grant left behind.
 *
 * The routing pass asks, for each vhost with its memo (vhosts of one
 * shape share the answer) and on its two threads.  The request simulator
 * decides, with the access checks it runs for every probe (sections
 * merged as httpd merges them, .htaccess files included, AuthMerging,
 * <Limit>): the rule reports a vhost where GET of a file at the top of
 * its DocumentRoot is denied to everyone by the main server's
 * <Directory />.  A denial written for the DocumentRoot or a folder above
 * it, in the vhost or in an .htaccess file was meant; a vhost whose
 * requests never reach its DocumentRoot (ProxyPass /, Redirect /) is not
 * denied.
 */
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "rules/rule.h"
#include "rules/sim.h"

/* Is n inside a <VirtualHost>, or in an .htaccess file? */
static int
vhost_or_htaccess(const struct pf_node *n)
{
	const struct pf_node *p;

	if (n->flags & PF_NODE_HTACCESS)
		return 1;
	for (p = n->parent; p != NULL; p = p->parent)
		if ((p->flags & PF_NODE_HTACCESS) ||
		    strcasecmp(p->name, "VirtualHost") == 0)
			return 1;
	return 0;
}

/* The <Directory>, <Location>, ... section a line is in, or NULL. */
static const struct pf_node *
section_of(const struct pf_node *n)
{
	const struct pf_node *p;

	for (p = n->parent; p != NULL; p = p->parent)
		if ((p->flags & PF_NODE_SECTION) &&
		    strncasecmp(p->name, "Require", 7) != 0 &&
		    strcasecmp(p->name, "Limit") != 0 &&
		    strcasecmp(p->name, "LimitExcept") != 0)
			return p;
	return NULL;
}

int
pf_default_deny(const struct pf_node *z)
{
	const struct pf_node *sec;
	const char *p;

	if (z == NULL || vhost_or_htaccess(z) || (sec = section_of(z)) ==
	    NULL || strcasecmp(sec->name, "Directory") != 0 || sec->argc != 1)
		return 0;
	for (p = sec->argv[0]; *p == '/'; p++)
		;
	return p != sec->argv[0] && *p == '\0';
}

/* Does a section hold a Require line (at any depth)? */
static int
has_require(const struct pf_node *sec)
{
	const struct pf_node *n;

	for (n = sec->child; n != NULL; n = n->next)
		if (!(n->flags & (PF_NODE_INACTIVE | PF_NODE_IGNORED)) &&
		    (strcasecmp(n->name, "Require") == 0 ||
		    (n->child != NULL && has_require(n))))
			return 1;
	return 0;
}

/*
 * A <Directory> with Require lines (the vhost's, else the main server's)
 * that names where the DocumentRoot really is, past a symbolic link
 * (releases/<wildcard>/public for current/public): httpd matches the
 * sections against the path it walks, never against a link's target.
 */
static const struct pf_node *
grant_for_target(struct pf_rctx *c, const struct pf_vhost *v, const char *dr)
{
	struct pf_run *run = c->run;
	const struct pf_node *lists[2] = { v->node, c->m->apache->root };
	const struct pf_node *n, *found = NULL;
	char *real = realpath(pf_host_path(run, dr), NULL);
	const char *t = real;
	size_t rl;
	int k;

	if (real == NULL)
		return NULL;
	if (run->root != NULL && (rl = strlen(run->root)) > 1 &&
	    strncmp(real, run->root, rl) == 0 && real[rl] == '/')
		t = real + rl;
	for (k = 0; k < 2 && found == NULL && strcmp(t, dr) != 0; k++)
		for (n = lists[k] != NULL ? lists[k]->child : NULL;
		    n != NULL && found == NULL; n = n->next) {
			char pat[4096];
			size_t pl;

			if (!(n->flags & PF_NODE_SECTION) || (n->flags &
			    (PF_NODE_INACTIVE | PF_NODE_HTACCESS)) ||
			    strcasecmp(n->name, "Directory") != 0 ||
			    n->argc != 1 || n->argv[0][0] != '/' ||
			    (pl = strlen(n->argv[0])) >= sizeof(pat))
				continue;
			memcpy(pat, n->argv[0], pl + 1);
			while (pl > 1 && pat[pl - 1] == '/')
				pat[--pl] = '\0';
			if ((fnmatch(pat, t, FNM_PATHNAME) == 0 ||
			    (strpbrk(pat, "*?[") == NULL &&
			    pf_path_under(t, pat))) && has_require(n))
				found = n;
		}
	free(real);
	return found;
}

void
pf_docroot_denied(struct pf_rctx *c, const struct pf_vhost *v,
    const char *dr, struct pf_arena *a)
{
	/* (looked up once per thread: called for every vhost) */
	static _Thread_local int id = -2;
	const struct pf_node *z, *sec;
	struct pf_sim_verdict out;
	struct pf_sim_fs fs;
	struct pf_diag *d;
	const char *f;

	if (id == -2)
		id = pf_rule_index("docroot-denied");
	/* (the main server with the compiled-in DocumentRoot: no line of
	 * the tree chose it, and it serves only addresses no vhost has) */
	if (id < 0 || !c->enabled[id] || dr == NULL || (v->node == NULL &&
	    v->document_root.loc.file == 0))
		return;
	/* a file at the top of the DocumentRoot, as a client asks */
	f = pf_printf(a, "%s%sproxyfpm-probe.txt", dr, dr[0] != '\0' &&
	    dr[strlen(dr) - 1] == '/' ? "" : "/");
	fs.files = &f;
	fs.nfiles = 1;
	fs.real = 0;
	if (pf_sim_request(c->sim, v, "/proxyfpm-probe.txt", &fs, &out) < 0 ||
	    out.outcome != PF_SIM_DENIED || out.conditional ||
	    out.authz != PF_AUTHZ_DENIED || !pf_default_deny(z =
	    out.authz_node))
		return;
	sec = section_of(z);
	d = pf_finding(c, "docroot-denied", pf_rule_sev("docroot-denied"),
	    v->document_root.loc.file != 0 ? v->document_root.loc : v->loc,
	    pf_vhost_label(c, v), "every file of %s answers 403: nothing "
	    "grants access to its DocumentRoot %s, so the main server's "
	    "<Directory %s> \"%s %s\" refuses it (%s client denied by server "
	    "configuration)", pf_vhost_label(c, v), dr,
	    sec->argc > 0 ? sec->argv[0] : "", z->name, z->raw,
	    /* (mod_access_compat's Deny logs its own number) */
	    strcasecmp(z->name, "Require") == 0 ? "AH01630" : "AH01797");
	pf_frel(c, d, z->loc, "the line that refuses it");
	if ((sec = grant_for_target(c, v, dr)) != NULL)
		pf_frel(c, d, sec->loc, "this section names where the "
		    "DocumentRoot is past a symbolic link; httpd matches "
		    "<Directory> against the path it walks (%s), not a link's "
		    "target", dr);
	pf_ffix(c, d, "<Directory %s> Require all granted </Directory> in the "
	    "vhost (with the Require lines the site needs)", dr);
}
