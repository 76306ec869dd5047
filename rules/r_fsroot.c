/*
 * r_fsroot.c - root-directory-granted: nothing in the tree denies the file
 * system outside the sites.  Apache 2.4 grants a request that no Require
 * (or Order/Deny) line applies to, so the stock configurations begin with
 * <Directory /> Require all denied and grant each place content is meant
 * to come from (Debian's /var/www and /usr/share, RHEL's /var/www; the
 * CIS Apache HTTP Server 2.4 Benchmark, 4.1 "Ensure Access to OS Root
 * Directory Is Denied By Default").  Without that denial, or with
 * <Directory /> Require all granted (a Docker image's hand-written
 * httpd.conf, a "fix" for a 403), every file a URL comes to outside the
 * DocumentRoots is served: an Alias or ScriptAlias whose target has no
 * grant of its own, a RewriteRule whose substitution is a path, a
 * UserDir, mod_vhost_alias.
 *
 * Verified on apache2 2.4.71 (tests/rules/fsroot_oracle.sh): with
 * "Alias /out /srv/outside" and no section for /srv/outside, GET
 * /out/s.txt is 200 without a <Directory />, with Require all granted or
 * Order allow,deny + Allow from all there, and 403 with Require all
 * denied or Deny from all.  (<Directory> sections match the path httpd
 * walks: a symbolic link inside a granted DocumentRoot is served either
 * way; Options SymLinksIfOwnerMatch is what stops that.)
 *
 * The request simulator decides, once per run, for the main server: GET of
 * a file mapped below a folder no section names, with every section and
 * the access modules as httpd merges them.  Reported when anyone gets the
 * file (a grant that depends on the client, a user or a condition is a
 * choice).
 */
#include <string.h>
#include <strings.h>

#include "rules/rule.h"
#include "rules/sim.h"

#define OUTSIDE	"/proxyfpm-outside-the-sites"

/* The main server's active <Directory /> (outside every <VirtualHost>),
 * or NULL. */
static const struct pf_node *
root_section(const struct pf_node *n)
{
	const struct pf_node *c, *f;

	for (c = n->child; c != NULL; c = c->next) {
		if (!(c->flags & PF_NODE_SECTION) || (c->flags &
		    (PF_NODE_INACTIVE | PF_NODE_HTACCESS)))
			continue;
		if (strcasecmp(c->name, "Directory") == 0 && c->argc == 1 &&
		    strspn(c->argv[0], "/") == strlen(c->argv[0]))
			return c;
		/* (the conditionals that hold main-server sections) */
		if (strncasecmp(c->name, "If", 2) == 0 &&
		    (f = root_section(c)) != NULL)
			return f;
	}
	return NULL;
}

/* The last active Allow line of sec (mod_access_compat's), or NULL. */
static const struct pf_node *
compat_allow(const struct pf_node *sec)
{
	const struct pf_node *c, *z = NULL;

	for (c = sec->child; c != NULL; c = c->next)
		if (!(c->flags & (PF_NODE_SECTION | PF_NODE_INACTIVE)) &&
		    strcasecmp(c->name, "Allow") == 0)
			z = c;
	return z;
}

/* A node at the top of the main configuration file (its first line). */
static struct pf_loc
first_loc(const struct pf_node *root)
{
	const struct pf_node *c;

	for (c = root->child; c != NULL; c = c->next)
		if (c->loc.file != 0)
			return c->loc;
	return PF_NOLOC;
}

void
pf_root_granted(struct pf_rctx *c)
{
	struct pf_apache *ap = c->m->apache;
	const struct pf_vhost *v;
	const struct pf_node *z, *sec;
	struct pf_sim_verdict out;
	struct pf_sim_fs fs;
	struct pf_diag *d;
	const char *f = OUTSIDE "/proxyfpm-probe.txt";
	int id = pf_rule_index("root-directory-granted");

	if (id < 0 || !c->enabled[id] || ap == NULL || ap->root == NULL ||
	    c->sim == NULL)
		return;
	v = &ap->main;
	fs.files = &f;
	fs.nfiles = 1;
	fs.real = 0;
	if (pf_sim_request_in(c->sim, v, OUTSIDE, "/proxyfpm-probe.txt", &fs,
	    &out) < 0 || out.outcome != PF_SIM_STATIC || out.conditional ||
	    out.authz != PF_AUTHZ_GRANTED)
		return;
	sec = root_section(ap->root);
	/* the line that grants it (mod_authz_core's, else an Allow of
	 * mod_access_compat in <Directory />), else the <Directory /> that
	 * leaves it open, else the top of the tree */
	z = out.authz_node;
	if (z != NULL && (z->flags & PF_NODE_HTACCESS))
		return;		/* (not under OUTSIDE) */
	if (z == NULL && sec != NULL)
		z = compat_allow(sec);
	d = pf_finding(c, "root-directory-granted",
	    pf_rule_sev("root-directory-granted"), z != NULL ? z->loc :
	    sec != NULL ? sec->loc : first_loc(ap->root),
	    pf_vhost_label(c, v), "%s: Apache serves any file a URL comes to "
	    "outside the DocumentRoots (an Alias or ScriptAlias target "
	    "without a grant of its own, a RewriteRule to a path, a UserDir) "
	    "to anyone, where the stock configurations deny the file system "
	    "and grant each site", z != NULL ? pf_printf(c->run->arena,
	    "\"%s %s\" in <%s%s%s> grants the whole file system", z->name,
	    z->raw, z->parent != NULL ? z->parent->name : "", z->parent !=
	    NULL && z->parent->argc > 0 ? " " : "", z->parent != NULL &&
	    z->parent->argc > 0 ? z->parent->argv[0] : "") :
	    sec != NULL ? "<Directory /> has no Require line, and Apache "
	    "grants a request no access rule applies to" : "no <Directory /> "
	    "denies the file system, and Apache grants a request no access "
	    "rule applies to");
	if (z != NULL && sec != NULL && z->parent != sec)
		pf_frel(c, d, sec->loc, "<Directory /> does not deny it");
	pf_ffix(c, d, "<Directory /> AllowOverride None; Require all denied "
	    "</Directory> in the main configuration, and a <Directory> with "
	    "Require all granted for each DocumentRoot and Alias target");
}
