/*
 * r_version.c - known CVEs of httpd and PHP-FPM that a configuration
 * pattern exposes (reference/security-rules.md 3.5).  A finding needs
 * both: the version (--apache-version / --php-version, the description's
 * [host], or what the readers detected) in an affected range, and the
 * config using the affected feature.  Unknown versions: no finding.
 */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "rules/rule.h"

struct range {
	const char	*from;		/* inclusive */
	const char	*to;		/* exclusive */
};

enum comp { HTTPD, PHP, NONE };

struct cve {
	const char	*id;
	enum comp	 comp;
	struct range	 r[6];
	/* Returns the location of the pattern, or file 0 if absent. */
	struct pf_loc	(*pattern)(struct pf_rctx *, const char **what);
};

/* ---- config patterns ------------------------------------------------ */

typedef int (*node_pred)(const struct pf_node *);

static const struct pf_node *
find(const struct pf_node *n, node_pred pred)
{
	const struct pf_node *r;

	for (; n != NULL; n = n->next) {
		if (n->flags & (PF_NODE_INACTIVE | PF_NODE_READ))
			continue;
		if (pred(n))
			return n;
		if (n->child != NULL && (r = find(n->child, pred)) != NULL)
			return r;
	}
	return NULL;
}

static const struct pf_node *
tree_find(struct pf_rctx *c, node_pred pred)
{
	if (c->m->apache == NULL || c->m->apache->root == NULL)
		return NULL;
	return find(c->m->apache->root->child, pred);
}

static int
named(const struct pf_node *n, const char *name)
{
	return n->name != NULL && strcasecmp(n->name, name) == 0;
}

/* The first active FastCGI route of any vhost. */
static const struct pf_route *
any_route(struct pf_rctx *c, int kind)
{
	struct pf_apache *ap = c->m->apache;
	size_t i, j;

	if (ap == NULL)
		return NULL;
	for (i = 0; i <= ap->vhosts.n; i++) {
		const struct pf_vhost *v = i == 0 ? &ap->main :
		    ap->vhosts.v[i - 1];

		for (j = 0; j < v->routes.n; j++)
			if (!v->routes.v[j].inactive && v->routes.v[j].node &&
			    (kind < 0 || (int)v->routes.v[j].kind == kind))
				return &v->routes.v[j];
	}
	return NULL;
}

static struct pf_loc
p_any_fcgi(struct pf_rctx *c, const char **what)
{
	const struct pf_route *r = any_route(c, -1);

	*what = "a mod_proxy_fcgi route";
	return r ? r->node->loc : PF_NOLOC;
}

static int
is_dollar_filesmatch_handler(const struct pf_node *n)
{
	const struct pf_node *p = n->parent;

	while (p != NULL && named(p, "If"))
		p = p->parent;
	return named(n, "SetHandler") && n->argc > 0 &&
	    strncasecmp(n->argv[0], "proxy:", 6) == 0 && p != NULL &&
	    named(p, "FilesMatch") && p->argc > 0 &&
	    strchr(p->argv[0], '$') != NULL;
}

static struct pf_loc
p_15715(struct pf_rctx *c, const char **what)
{
	const struct pf_node *n = tree_find(c, is_dollar_filesmatch_handler);

	*what = "a $-anchored <FilesMatch> PHP handler";
	return n ? n->loc : PF_NOLOC;
}

static int
is_unset_proxy(const struct pf_node *n)
{
	return named(n, "RequestHeader") && n->argc >= 2 &&
	    strcasecmp(n->argv[0], "unset") == 0 &&
	    strcasecmp(n->argv[1], "Proxy") == 0;
}

static struct pf_loc
p_httpoxy(struct pf_rctx *c, const char **what)
{
	*what = "a FastCGI route without RequestHeader unset Proxy";
	if (tree_find(c, is_unset_proxy) != NULL)
		return PF_NOLOC;
	return p_any_fcgi(c, what);
}

static int
is_proxy_backref(const struct pf_node *n)
{
	int i;

	if (named(n, "ProxyPassMatch") && n->argc > 1)
		return strchr(n->argv[1], '$') != NULL;
	if (named(n, "RewriteRule") && n->argc > 2)
		for (i = 2; i < n->argc; i++)
			if (strcasestr(n->argv[i], "P") != NULL &&
			    (strstr(n->argv[i], "[P") != NULL ||
			    strstr(n->argv[i], ",P") != NULL ||
			    strcasestr(n->argv[i], "proxy") != NULL))
				return strchr(n->argv[1], '$') != NULL;
	return 0;
}

static struct pf_loc
p_25690(struct pf_rctx *c, const char **what)
{
	const struct pf_node *n = tree_find(c, is_proxy_backref);

	*what = "RewriteRule [P]/ProxyPassMatch re-inserting captured URL data";
	return n ? n->loc : PF_NOLOC;
}

static int
is_files_acl(const struct pf_node *n)
{
	const struct pf_node *k;

	if (!(named(n, "Files") || named(n, "FilesMatch")))
		return 0;
	for (k = n->child; k != NULL; k = k->next)
		if (!(k->flags & PF_NODE_INACTIVE) && named(k, "Require") &&
		    !(k->argc >= 2 && strcasecmp(k->argv[1], "granted") == 0))
			return 1;
	return 0;
}

static struct pf_loc
p_38473(struct pf_rctx *c, const char **what)
{
	const struct pf_route *r = any_route(c, PF_ROUTE_SETHANDLER);
	const struct pf_node *n = tree_find(c, is_files_acl);

	*what = "SetHandler proxy: routing with <Files> access rules";
	return r != NULL && n != NULL ? n->loc : PF_NOLOC;
}

static int
is_rewrite_backref(const struct pf_node *n)
{
	return named(n, "RewriteRule") && n->argc > 1 &&
	    strchr(n->argv[1], '$') != NULL;
}

static struct pf_loc
p_38474(struct pf_rctx *c, const char **what)
{
	const struct pf_node *n = tree_find(c, is_rewrite_backref);

	*what = "RewriteRule substitutions with backreferences";
	return n ? n->loc : PF_NOLOC;
}

static int
is_addtype_php(const struct pf_node *n)
{
	return named(n, "AddType") && n->argc > 1 &&
	    strncasecmp(n->argv[0], "application/x-httpd-php", 23) == 0;
}

static struct pf_loc
p_39884(struct pf_rctx *c, const char **what)
{
	const struct pf_node *n = tree_find(c, is_addtype_php);

	*what = "PHP mapped by AddType application/x-httpd-php";
	return n ? n->loc : PF_NOLOC;
}

static int
is_htaccess_setenv(const struct pf_node *n)
{
	const struct pf_node *p;

	if (!named(n, "SetEnv") && strncasecmp(n->name ? n->name : "",
	    "SetEnvIf", 8) != 0)
		return 0;
	for (p = n; p != NULL; p = p->parent)
		if (p->flags & PF_NODE_HTACCESS)
			return 1;
	return 0;
}

static struct pf_loc
p_65082(struct pf_rctx *c, const char **what)
{
	const struct pf_node *n = tree_find(c, is_htaccess_setenv);

	*what = "SetEnv in an .htaccess file";
	return n ? n->loc : PF_NOLOC;
}

static int
is_php_cgi(const struct pf_node *n)
{
	int i, c0 = n->name != NULL ? n->name[0] | 0x20 : 0;
	size_t l;

	/* (the first letter and the length first: this runs on every node
	 * of the tree, 60,000 ServerName/ServerAlias/... at 10,000 vhosts) */
	if (c0 != 's' && c0 != 'a')
		return 0;
	l = strlen(n->name);
	if (!((l == 11 && named(n, "ScriptAlias")) ||
	    (l == 16 && named(n, "ScriptAliasMatch")) ||
	    (l == 6 && named(n, "Action"))))
		return 0;
	for (i = 0; i < n->argc; i++)
		if (strstr(n->argv[i], "php-cgi") != NULL ||
		    strstr(n->argv[i], "php5-cgi") != NULL ||
		    strstr(n->argv[i], "/cgi-bin/php") != NULL)
			return 1;
	return 0;
}

/* A php-cgi target of Windows: php-cgi.exe, or a drive letter. */
static int
windows_cgi(const struct pf_node *n)
{
	int i;

	for (i = 0; i < n->argc; i++) {
		const char *a = n->argv[i];

		if (strcasestr(a, "php-cgi.exe") != NULL ||
		    (isalpha((unsigned char)a[0]) && a[1] == ':' &&
		    (a[2] == '/' || a[2] == '\\')))
			return 1;
	}
	return 0;
}

/*
 * cve-2012-1823: PHP run through php-cgi.  Critical where one of the two
 * advisories holds: the query string's arguments reach php-cgi before
 * PHP 5.3.12 and 5.4.2 (CVE-2012-1823), or, for php-cgi.exe on Windows
 * (its code pages' "best fit" turns a soft hyphen into '-'), before
 * 8.1.29, 8.2.20 and 8.3.8 (CVE-2024-4577, every older branch too).  A
 * PHP version outside them is not affected (info: this is not an FPM
 * setup, which the other rules judge); on Linux with no version known,
 * low, asking for it (a second precision audit: VestaCP's phpcgi
 * template with Debian 8's PHP 5.6 was critical, its fix "upgrade PHP").
 */
static void
phpcgi(struct pf_rctx *c, const struct pf_rule_info *r)
{
	static const struct { const char *from, *to; } v1823[] = {
		{ "4.0", "5.3.12" }, { "5.4.0", "5.4.2" } }, v4577[] = {
		{ "4.0", "8.1.29" }, { "8.2.0", "8.2.20" }, { "8.3.0", "8.3.8" } };
	const struct pf_node *n = tree_find(c, is_php_cgi);
	const char *ver = c->php_version, *why;
	int win, known, hit = 0;
	enum pf_severity s;
	struct pf_diag *d;
	size_t i;

	if (n == NULL)
		return;
	win = windows_cgi(n);
	known = ver != NULL && strchr(ver, '.') != NULL &&
	    strchr(strchr(ver, '.') + 1, '.') != NULL;
	for (i = 0; known && i < sizeof(v1823) / sizeof(v1823[0]); i++)
		if (pf_vercmp(ver, v1823[i].from) >= 0 &&
		    pf_vercmp(ver, v1823[i].to) < 0)
			hit = 1;
	for (i = 0; win && known && i < sizeof(v4577) / sizeof(v4577[0]); i++)
		if (pf_vercmp(ver, v4577[i].from) >= 0 &&
		    pf_vercmp(ver, v4577[i].to) < 0)
			hit = 1;
	if (hit || (win && !known)) {
		s = r->severity;
		why = known ? pf_printf(c->run->arena, "PHP %s is affected",
		    ver) : "php-cgi.exe on Windows: affected before PHP "
		    "8.1.29, 8.2.20 and 8.3.8";
	} else if (known) {
		s = PF_SEV_INFO;
		why = pf_printf(c->run->arena, "PHP %s is not affected%s", ver,
		    win ? "" : ", and CVE-2024-4577 is php-cgi.exe's on "
		    "Windows");
	} else {
		s = PF_SEV_LOW;
		why = "affected if PHP is older than 5.3.12 (5.4.2): give "
		    "--php-version to judge it";
	}
	d = pf_finding(c, r->id, s, n->loc, NULL, "PHP run through the "
	    "php-cgi binary (%s %s): php-cgi takes arguments from the query "
	    "string (CVE-2012-1823, CVE-2024-4577); %s; this is not an FPM "
	    "setup", n->name, n->argc > 0 ? n->argv[n->argc - 1] : "", why);
	pf_ffix(c, d, s == r->severity ? "upgrade PHP, and route PHP to "
	    "PHP-FPM (SetHandler \"proxy:unix:...|fcgi://localhost\" in an "
	    "anchored <FilesMatch>)" : "route PHP to PHP-FPM (SetHandler "
	    "\"proxy:unix:...|fcgi://localhost\" in an anchored "
	    "<FilesMatch>)");
}

/* FPM patterns. */
static struct pf_loc
p_any_pool(struct pf_rctx *c, const char **what)
{
	*what = "an FPM pool";
	return c->m->pools.n > 0 ? c->m->pools.v[0]->loc : PF_NOLOC;
}

static struct pf_loc
p_sock_nomode(struct pf_rctx *c, const char **what)
{
	size_t i;

	*what = "a unix socket without listen.mode";
	for (i = 0; i < c->m->pools.n; i++) {
		struct pf_pool *p = c->m->pools.v[i];

		if (p->listen.kind == PF_LISTEN_UNIX && p->listen_mode.s == NULL)
			return p->listen_raw.loc.file ? p->listen_raw.loc : p->loc;
	}
	return PF_NOLOC;
}

static struct pf_loc
p_multi_users(struct pf_rctx *c, const char **what)
{
	size_t i;

	*what = "several pools with different users";
	for (i = 1; i < c->m->pools.n; i++) {
		struct pf_pool *p = c->m->pools.v[i], *q = c->m->pools.v[0];

		if (p->user.s && q->user.s && strcmp(p->user.s, q->user.s) != 0)
			return p->user.loc;
	}
	return PF_NOLOC;
}

static struct pf_loc
p_uploads(struct pf_rctx *c, const char **what)
{
	struct pf_loc l;
	const char *v;

	*what = "file_uploads on";
	if (c->m->pools.n == 0 && c->m->phpini == NULL)
		return PF_NOLOC;
	v = pf_php_get(c, c->m->pools.n ? c->m->pools.v[0] : NULL,
	    "file_uploads", &l);
	if (v != NULL && !pf_ini_true(v) && strcmp(v, "") != 0)
		return PF_NOLOC;
	if (v != NULL && v[0] == '\0')
		return PF_NOLOC;
	return l.file ? l : c->m->pools.n ? c->m->pools.v[0]->loc : PF_NOLOC;
}

static struct pf_loc
p_cwo(struct pf_rctx *c, const char **what)
{
	size_t i;

	*what = "catch_workers_output = yes";
	for (i = 0; i < c->m->pools.n; i++)
		if (c->m->pools.v[i]->catch_workers_output.set &&
		    c->m->pools.v[i]->catch_workers_output.v)
			return c->m->pools.v[i]->catch_workers_output.loc;
	return PF_NOLOC;
}

static struct pf_loc
p_cwo_epoll(struct pf_rctx *c, const char **what)
{
	const char *ev = c->m->fpm ? c->m->fpm->global.events_mechanism.s :
	    NULL;

	if (ev != NULL && strcasecmp(ev, "epoll") != 0)
		return PF_NOLOC;
	return p_cwo(c, what);
}

static struct pf_loc
p_reuse(struct pf_rctx *c, const char **what)
{
	size_t i;

	*what = "enablereuse=on on a FastCGI worker";
	if (c->m->apache == NULL)
		return PF_NOLOC;
	for (i = 0; i < c->m->apache->workers.n; i++) {
		const struct pf_worker *w = c->m->apache->workers.v[i];

		if ((w->enablereuse.set && w->enablereuse.v == 1) &&
		    w->name != NULL && strncasecmp(w->name, "fcgi:", 5) == 0)
			return w->enablereuse.loc.file ? w->enablereuse.loc :
			    w->loc;
	}
	return PF_NOLOC;
}

static struct pf_loc
p_v6_clients(struct pf_rctx *c, const char **what)
{
	size_t i;

	*what = "IPv6 entries in listen.allowed_clients";
	for (i = 0; i < c->m->pools.n; i++) {
		struct pf_pool *p = c->m->pools.v[i];

		if (p->listen.kind == PF_LISTEN_TCP &&
		    p->listen_allowed_clients.s != NULL &&
		    strchr(p->listen_allowed_clients.s, ':') != NULL)
			return p->listen_allowed_clients.loc;
	}
	return PF_NOLOC;
}

static const struct cve cves[] = {
	{ "cve-2017-15715", HTTPD, { { "2.4.0", "2.4.30" } }, p_15715 },
	{ "cve-2014-3583", HTTPD, { { "2.4.10", "2.4.11" } }, p_any_fcgi },
	{ "cve-2016-5387", HTTPD, { { "2.4.0", "2.4.25" } }, p_httpoxy },
	{ "cve-2021-40438", HTTPD, { { "2.4.0", "2.4.49" } }, p_any_fcgi },
	{ "cve-2023-25690", HTTPD, { { "2.4.0", "2.4.56" } }, p_25690 },
	{ "cve-2024-38473", HTTPD, { { "2.4.0", "2.4.60" } }, p_38473 },
	{ "cve-2024-38474", HTTPD, { { "2.4.0", "2.4.60" } }, p_38474 },
	{ "cve-2024-38476", HTTPD, { { "2.4.0", "2.4.60" } }, p_any_fcgi },
	{ "cve-2024-39884", HTTPD, { { "2.4.60", "2.4.62" } }, p_39884 },
	{ "cve-2025-65082", HTTPD, { { "2.4.0", "2.4.66" } }, p_65082 },
	{ "cve-2019-11043", PHP, { { "7.1.0", "7.1.33" }, { "7.2.0", "7.2.24" },
	    { "7.3.0", "7.3.11" } }, p_any_pool },
	{ "cve-2021-21703", PHP, { { "7.3.0", "7.3.32" }, { "7.4.0", "7.4.25" },
	    { "8.0.0", "8.0.12" } }, p_any_pool },
	{ "cve-2014-0185", PHP, { { "5.0", "5.4.28" }, { "5.5.0", "5.5.12" } },
	    p_sock_nomode },
	{ "cve-2018-10545", PHP, { { "5.0", "5.6.35" }, { "7.0.0", "7.0.29" },
	    { "7.1.0", "7.1.16" }, { "7.2.0", "7.2.4" } }, p_multi_users },
	{ "cve-2023-0662", PHP, { { "5.0", "8.0.28" }, { "8.1.0", "8.1.16" },
	    { "8.2.0", "8.2.3" } }, p_uploads },
	{ "cve-2024-9026", PHP, { { "5.0", "8.1.30" }, { "8.2.0", "8.2.24" },
	    { "8.3.0", "8.3.12" } }, p_cwo },
	{ "cve-2026-129289", PHP, { { "5.0", "8.2.36" }, { "8.3.0", "8.3.37" },
	    { "8.4.0", "8.4.28" }, { "8.5.0", "8.5.13" } }, p_reuse },
	{ "cve-2026-129291", PHP, { { "8.1.20", "8.1.35" }, { "8.2.7", "8.2.36" },
	    { "8.3.0", "8.3.37" }, { "8.4.0", "8.4.28" }, { "8.5.0", "8.5.13" } },
	    p_cwo_epoll },
	{ "cve-2026-91768", PHP, { { "8.3.0", "8.3.35" } }, p_v6_clients },
	{ "cve-2026-109618", PHP, { { "8.2.0", "8.2.35" }, { "8.3.0", "8.3.36" },
	    { "8.4.0", "8.4.27" }, { "8.5.0", "8.5.12" } }, p_any_pool },
	/* (its own verdict: phpcgi()) */
	{ "cve-2012-1823", NONE, { { NULL, NULL } }, NULL },
};

static int
affected(const struct cve *e, const char *ver)
{
	int i;

	/* "8.2" says nothing about the patch level: not judged. */
	if (ver == NULL || strchr(ver, '.') == NULL ||
	    strchr(strchr(ver, '.') + 1, '.') == NULL)
		return 0;
	for (i = 0; i < 6 && e->r[i].from != NULL; i++)
		if (pf_vercmp(ver, e->r[i].from) >= 0 &&
		    pf_vercmp(ver, e->r[i].to) < 0)
			return 1;
	return 0;
}

void
pf_pass_version(struct pf_rctx *c)
{
	size_t i;

	for (i = 0; i < sizeof(cves) / sizeof(cves[0]); i++) {
		const struct cve *e = &cves[i];
		const char *ver = e->comp == HTTPD ? c->apache_version :
		    c->php_version, *what = "";
		const struct pf_rule_info *r;
		struct pf_loc l;
		struct pf_diag *d;

		if (e->comp == NONE) {
			phpcgi(c, pf_rules_find(e->id));
			continue;
		}
		if (!affected(e, ver))
			continue;
		l = e->pattern(c, &what);
		if (l.file == 0)
			continue;
		r = pf_rules_find(e->id);
		d = pf_finding(c, e->id, r->severity, l, NULL, "%s %s is "
		    "affected by %s and this configuration uses the affected "
		    "feature: %s", e->comp == HTTPD ? "Apache httpd" : "PHP",
		    ver, r->name, what);
		pf_ffix(c, d, "upgrade %s (see 'proxyfpm explain %s')",
		    e->comp == HTTPD ? "httpd" : "PHP", e->id);
	}
}
