/*
 * r_apache.c - Apache-side rules that are not about routing: mod_php
 * directives left in an FPM setup, and PHP_VALUE/PHP_ADMIN_VALUE set as
 * FastCGI params (which override the pool's php_admin_value and persist
 * in the worker).
 */
#include <string.h>
#include <strings.h>

#include "rules/rule.h"

/* Settings whose loss changes security, not only behaviour. */
static int
security_key(const char *k)
{
	static const char *const keys[] = { "engine", "open_basedir",
		"disable_functions", "disable_classes", "allow_url_fopen",
		"allow_url_include", "display_errors", "file_uploads",
		"upload_tmp_dir", "auto_prepend_file", "auto_append_file",
		"expose_php", "open_basedir", "user_ini.filename",
		"cgi.fix_pathinfo", NULL };
	int i;

	for (i = 0; keys[i] != NULL; i++)
		if (strcasecmp(k, keys[i]) == 0)
			return 1;
	return 0;
}

static int
fpm_routes(struct pf_rctx *c)
{
	struct pf_apache *ap = c->m->apache;
	size_t i;

	if (ap->main.routes.n > 0)
		return 1;
	for (i = 0; i < ap->vhosts.n; i++)
		if (ap->vhosts.v[i]->routes.n > 0)
			return 1;
	return 0;
}

static int
in_server_level(const struct pf_node *n)
{
	const struct pf_node *p;

	for (p = n->parent; p != NULL; p = p->parent)
		if ((p->flags & PF_NODE_SECTION) && p->name != NULL &&
		    p->name[0] != '\0' && !(p->flags & PF_NODE_COND))
			return 0;
	return 1;
}

static int
in_htaccess(const struct pf_node *n)
{
	const struct pf_node *p;

	for (p = n; p != NULL; p = p->parent)
		if (p->flags & PF_NODE_HTACCESS)
			return 1;
	return 0;
}

/* The vhost a node belongs to, or NULL (main server). */
static const struct pf_vhost *
vhost_of(struct pf_rctx *c, const struct pf_node *n)
{
	const struct pf_node *p;
	size_t i;

	for (p = n; p != NULL; p = p->parent)
		if (p->name != NULL && strcasecmp(p->name, "VirtualHost") == 0)
			for (i = 0; i < c->m->apache->vhosts.n; i++)
				if (c->m->apache->vhosts.v[i]->node == p)
					return c->m->apache->vhosts.v[i];
	return NULL;
}

static int
names_php_value(const struct pf_node *n, const char **which)
{
	int i;

	for (i = 0; i < n->argc; i++) {
		const char *a = n->argv[i];

		if (strncasecmp(a, "PHP_ADMIN_VALUE", 15) == 0 ||
		    strstr(a, "E=PHP_ADMIN_VALUE") != NULL ||
		    strstr(a, "env=PHP_ADMIN_VALUE") != NULL) {
			*which = "PHP_ADMIN_VALUE";
			return 1;
		}
		if (strncasecmp(a, "PHP_VALUE", 9) == 0 ||
		    strstr(a, "E=PHP_VALUE") != NULL ||
		    strstr(a, "env=PHP_VALUE") != NULL) {
			*which = "PHP_VALUE";
			return 1;
		}
	}
	return 0;
}

static void
walk(struct pf_rctx *c, const struct pf_node *n, int have_fpm)
{
	const char *which;

	for (; n != NULL; n = n->next) {
		int modphp = n->name != NULL && (strcasecmp(n->name,
		    "php_value") == 0 || strcasecmp(n->name, "php_flag") == 0 ||
		    strcasecmp(n->name, "php_admin_value") == 0 ||
		    strcasecmp(n->name, "php_admin_flag") == 0);

		/* Dead: inside a false <IfModule mod_php...>, or unknown. */
		if (modphp && have_fpm && ((n->flags & PF_NODE_INACTIVE) ||
		    (n->flags & PF_NODE_UNKNOWN))) {
			const char *key = n->argc > 0 ? n->argv[0] : "";
			int sec = security_key(key);
			enum pf_severity s = sec || !in_server_level(n) ?
			    PF_SEV_MEDIUM : PF_SEV_INFO;
			struct pf_diag *d = pf_finding(c,
			    "modphp-directive-under-fpm", s, n->loc, NULL,
			    "%s %s only works with mod_php; PHP runs under FPM "
			    "here, so this setting is not applied%s", n->name,
			    key, sec ? " (a security setting)" : "");

			pf_ffix(c, d, "set it in the pool: "
			    "php_admin_value[%s] = ...", key);
		}
		if (!(n->flags & (PF_NODE_INACTIVE | PF_NODE_READ)) &&
		    n->name != NULL && (strcasecmp(n->name, "SetEnv") == 0 ||
		    strncasecmp(n->name, "SetEnvIf", 8) == 0 ||
		    strcasecmp(n->name, "RewriteRule") == 0 ||
		    strcasecmp(n->name, "ProxyFCGISetEnvIf") == 0) &&
		    names_php_value(n, &which)) {
			const struct pf_vhost *v = vhost_of(c, n);
			int shared = 0, tenant = in_htaccess(n);
			size_t i;

			for (i = 0; i < c->vpools.n; i++)
				if ((v == NULL || c->vpools.v[i].v == v) &&
				    c->vpools.v[i].pool != NULL &&
				    pf_pool_sites(c, c->vpools.v[i].pool) > 1)
					shared = 1;
			{
				struct pf_diag *d = pf_finding(c,
				    "php-value-fastcgi-override", tenant ?
				    PF_SEV_HIGH : shared ? PF_SEV_MEDIUM :
				    PF_SEV_LOW, n->loc, NULL, "%s sets %s as a "
				    "FastCGI param: FPM applies it over the "
				    "pool's php_admin_value and keeps it in the "
				    "worker for later requests%s", n->name,
				    which, tenant ? " (from an .htaccess file: "
				    "whoever writes it controls PHP)" : shared ?
				    " of the other sites sharing the pool" : "");

				pf_ffix(c, d, "set it in the pool with "
				    "php_admin_value[...] instead");
			}
		}
		if (n->child != NULL)
			walk(c, n->child, have_fpm);
	}
}

void
pf_pass_apache(struct pf_rctx *c)
{
	if (c->m->apache == NULL || c->m->apache->root == NULL)
		return;
	walk(c, c->m->apache->root->child, fpm_routes(c));
}
