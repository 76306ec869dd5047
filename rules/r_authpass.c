/*
 * r_authpass.c - authorization-not-passed: PHP never sees the request's
 * Authorization header.  mod_proxy_fcgi builds the FastCGI parameters
 * with ap_add_common_vars(), which leaves Authorization (and
 * Proxy-Authorization) out unless CGIPassAuth On (2.4.13+) is in effect
 * for the request (server/util_script.c).  So PHP_AUTH_USER,
 * PHP_AUTH_PW and HTTP_AUTHORIZATION are empty: HTTP Basic auth done in
 * PHP, bearer tokens of REST APIs (WordPress application passwords,
 * Laravel Sanctum/Passport, Symfony's API firewalls), Nextcloud's WebDAV
 * clients and CalDAV all fail with 401.  The usual ways to pass it on:
 * CGIPassAuth On; Debian's and Fedora's php-fpm.conf idiom
 * `SetEnvIfNoCase ^Authorization$ "(.+)" HTTP_AUTHORIZATION=$1`; the
 * applications' .htaccess `RewriteRule .* - [E=HTTP_AUTHORIZATION:
 * %{HTTP:Authorization}]` (WordPress, Laravel, Nextcloud, Magento);
 * ProxyFCGISetEnvIf.  reference/semantics.md 2.x records the absence
 * (verified); tests/rules/authpass_oracle.sh checks each way against
 * apache2 and php-fpm8.2.
 *
 * Judged per vhost whose /index.php reaches FPM: any active line of the
 * main server (outside <VirtualHost>, in any section), of the vhost, or
 * of the .htaccess file at the top of its DocumentRoot that passes the
 * header on keeps the rule quiet.  (A line in a <Location> the site's
 * scripts are not under counts too: the rule says nothing rather than
 * guess.)  Info: many sites never read the header.
 */
#include <string.h>
#include <strings.h>

#include "rules/rule.h"
#include "rules/sim_kind.h"

/* Does line n pass the Authorization header on to PHP? */
static int
passes_auth(const struct pf_node *n)
{
	const char *a;
	size_t l;
	int i;

	if (n->name == NULL || n->argc < 1)
		return 0;
	/* (the directive by the simulator's kind, from its table row: no
	 * name compared for nearly all lines) */
	switch (sim_kind(n)) {
	case SK_OTHER:		/* (a directive the simulator does not read) */
		return (n->name[0] | 0x20) == 'c' &&
		    strcasecmp(n->name, "CGIPassAuth") == 0 &&
		    strcasecmp(n->argv[0], "on") == 0;
	case SK_SETENVIF:
	case SK_SETENVIFNOCASE:
		/* the header itself (any variable an application reads),
		 * or HTTP_AUTHORIZATION set from something else */
		a = n->argv[0] + (n->argv[0][0] == '^');
		l = strlen(a);
		if (l > 0 && a[l - 1] == '$')
			l--;
		if (l == 13 && strncasecmp(a, "Authorization", 13) == 0)
			return 1;
		for (i = 2; i < n->argc; i++)
			if (strncasecmp(n->argv[i], "HTTP_AUTHORIZATION",
			    18) == 0)
				return 1;
		return 0;
	case SK_SETENVIFEXPR:
	case SK_REWRITERULE:
	case SK_PROXYFCGISETENVIF:
	case SK_SETENV:
		return n->raw != NULL &&
		    (strcasestr(n->raw, "HTTP_AUTHORIZATION") != NULL ||
		    strcasestr(n->raw, "%{HTTP:Authorization}") != NULL);
	default:
		return 0;
	}
}

/* Same directory, trailing slashes aside. */
static int
same_dir(const char *a, const char *b)
{
	return pf_path_under(a, b) && pf_path_under(b, a);
}

/*
 * A line below p that passes the header on.  <VirtualHost> sections are
 * not entered; .htaccess sections only when docroot names their folder
 * (and then only their lines httpd applies).
 */
static int
tree_passes(const struct pf_node *p, const char *docroot)
{
	const struct pf_node *n;

	for (n = p->child; n != NULL; n = n->next) {
		if (n->flags & (PF_NODE_INACTIVE | PF_NODE_FORBIDDEN |
		    PF_NODE_IGNORED))
			continue;
		if (!(n->flags & PF_NODE_SECTION)) {
			if (passes_auth(n))
				return 1;
			continue;
		}
		if (sim_kind(n) == SK_VIRTUALHOST)
			continue;
		if ((n->flags & PF_NODE_HTACCESS) && (docroot == NULL ||
		    n->argc < 1 || !same_dir(n->argv[0], docroot)))
			continue;
		if (tree_passes(n, docroot))
			return 1;
	}
	return 0;
}

void
pf_auth_once(struct pf_rctx *c)
{
	if (c->auth_done || c->m->apache == NULL ||
	    c->m->apache->root == NULL)
		return;
	c->auth_srv = tree_passes(c->m->apache->root, NULL);
	c->auth_done = 1;
}

void
pf_auth_passed(struct pf_rctx *c, const struct pf_vhost *v,
    const char *label, const char *docroot, const struct pf_node *route)
{
	static _Thread_local int id = -2;
	const struct pf_node *top;
	struct pf_diag *d;

	if (id == -2)
		id = pf_rule_index("authorization-not-passed");
	if (id < 0 || !c->enabled[id] || route == NULL)
		return;
	pf_auth_once(c);
	if (c->auth_srv)
		return;
	/* the vhost's lines and its DocumentRoot's .htaccess (the main
	 * server's: its .htaccess sections hang below the root) */
	top = v->node != NULL ? v->node : c->m->apache->root;
	if (docroot != NULL && v->node == NULL) {
		const struct pf_node *n;

		for (n = top->child; n != NULL; n = n->next)
			if ((n->flags & PF_NODE_HTACCESS) &&
			    (n->flags & PF_NODE_SECTION) && n->argc > 0 &&
			    same_dir(n->argv[0], docroot) &&
			    tree_passes(n, docroot))
				return;
	} else if (tree_passes(top, docroot))
		return;
	d = pf_finding(c, "authorization-not-passed", PF_SEV_INFO,
	    route->loc, label, "PHP never sees the Authorization header on "
	    "%s: mod_proxy_fcgi leaves it out of the FastCGI parameters "
	    "unless CGIPassAuth On is in effect or a line copies it to "
	    "HTTP_AUTHORIZATION, so HTTP Basic auth in PHP (PHP_AUTH_USER) "
	    "and bearer tokens (REST APIs, WordPress application passwords, "
	    "WebDAV clients) get 401", label);
	pf_ffix(c, d, "CGIPassAuth On in the DocumentRoot's <Directory> "
	    "(Apache 2.4.13+), or SetEnvIfNoCase ^Authorization$ \"(.+)\" "
	    "HTTP_AUTHORIZATION=$1");
}
