/*
 * fixtures.c - the runs the report tests render (see fixtures.h).
 *
 *   lint   a deployed Debian tree: apache2.conf including a hostile file
 *          and a sites file with two vhosts, a pool with env[] secrets,
 *          a php.ini with a password in session.save_path; reader
 *          errors, warnings and notes, rule findings of every severity
 *          with related locations, a suppressed one, one without a file.
 *   check  a site description included from a host file, and the vhost
 *          and pool generated from it, whose findings map back to the
 *          description lines that produced them.
 *   clean  a file read without any diagnostic.
 */
#include "fixtures.h"

#include <stdarg.h>
#include <string.h>

#include "model/model.h"

const char *const fixture_secrets[] = {
	"hunter2-secret", "tok_9f8e7d6c5b4a", "s3cr3t-pw", "redispass123",
	"c2hvcDpzM2NyM3Q=", "ldap-bind-pw-77", "dbpw-in-ini", "site-ini-pw",
	NULL,
};

const struct pf_rule_info fx_rule_greedy = {
	"greedy-proxypassmatch", "Greedy ProxyPassMatch", PF_SEV_HIGH,
	"A ProxyPassMatch pattern sends URLs with PATH_INFO or non-PHP "
	"files to PHP-FPM.", "routing",
	"ProxyPassMatch ^/(.*\\.php(/.*)?)$ forwards /uploads/evil.jpg/x.php; "
	"with cgi.fix_pathinfo=1 PHP-FPM then runs evil.jpg as PHP. Anchor "
	"the pattern so that it matches only names ending in .php.",
};
const struct pf_rule_info fx_rule_secret_env = {
	"secret-in-config", "Secret in configuration", PF_SEV_LOW,
	"A password or token is written in a configuration file.", "exposure",
	NULL,
};
const struct pf_rule_info fx_rule_setenv_secret = {
	"setenv-secret", "Secret in SetEnv", PF_SEV_MEDIUM,
	"SetEnv puts a secret into every request's environment, where any "
	"script and phpinfo() can print it.", "exposure", NULL,
};
const struct pf_rule_info fx_rule_sizing = {
	"pool-too-small", "Pool smaller than Apache's concurrency", PF_SEV_INFO,
	"pm.max_children is below the number of requests Apache can send to "
	"the pool at once.", "sizing", NULL,
};
const struct pf_rule_info fx_rule_shared_pool = {
	"shared-pool", "Pool shared by sites", PF_SEV_MEDIUM,
	"Two sites share one pool, so each can read the other's files.",
	"isolation", NULL,
};
const struct pf_rule_info fx_rule_upload_php = {
	"upload-dir-executes-php", "Upload directory executes PHP",
	PF_SEV_CRITICAL,
	"A URL below an upload directory reaches PHP-FPM.", "uploads",
	"Attackers who can upload a file can run it as PHP.",
};
static const struct pf_rule_info fx_rule_tcp_listen = {
	"fpm-tcp-listen", "Pool listens on TCP", PF_SEV_MEDIUM,
	"The pool listens on a TCP port that every local user can connect "
	"to.", "exposure", NULL,
};
static const struct pf_rule_info fx_rule_header_early = {
	"header-early", "RequestHeader early", PF_SEV_LOW,
	"RequestHeader ... early runs before access control.", "exposure",
	NULL,
};

static uint32_t
src(struct pf_run *run, const char *path, const char *text, size_t len,
    enum pf_src_kind kind, struct pf_loc from)
{
	char *copy = pf_alloc(run->arena, len + 1);

	memcpy(copy, text, len);
	return pf_source_add(run, path, copy, len, kind, from);
}

#define SRC(run, path, text, kind, from) \
	src(run, path, text, sizeof(text) - 1, kind, from)

/* Column (1-based) of needle in line of file; 0 if absent. */
static uint32_t
col_of(struct pf_run *run, uint32_t file, uint32_t line, const char *needle)
{
	const char *p;
	size_t n, k = strlen(needle), i;

	if (pf_source_line(run, file, line, &p, &n) != 0)
		return 0;
	for (i = 0; i + k <= n; i++)
		if (memcmp(p + i, needle, k) == 0)
			return (uint32_t)i + 1;
	return 0;
}

static struct pf_loc
at(struct pf_run *run, uint32_t file, uint32_t line, const char *needle)
{
	return pf_loc_make(file, line, col_of(run, file, line, needle),
	    (uint32_t)strlen(needle));
}

static struct pf_node *
node(struct pf_run *run, struct pf_node *parent, const char *name,
    unsigned flags, struct pf_loc loc, int argc, ...)
{
	struct pf_node *n = pf_alloc(run->arena, sizeof(*n));
	va_list ap;
	int i;

	n->name = name;
	n->flags = flags;
	n->loc = loc;
	n->argc = argc;
	n->argv = pf_alloc(run->arena, (size_t)(argc + 1) * sizeof(char *));
	va_start(ap, argc);
	for (i = 0; i < argc; i++)
		n->argv[i] = pf_strdup(run->arena, va_arg(ap, const char *));
	va_end(ap);
	n->parent = parent;
	if (parent != NULL) {
		struct pf_node **pp = &parent->child;

		while (*pp != NULL)
			pp = &(*pp)->next;
		*pp = n;
	}
	return n;
}

static const char apache2_conf[] =
	"# Debian-style main configuration\n"
	"ServerRoot \"/etc/apache2\"\n"
	"Include conf-enabled/*.conf\n"
	"IncludeOptional sites-enabled/*.conf\n"
	"<FilesMatch \"^\\.ht\">\n"
	"\tRequire all denied\n"
	"</FilesMatch>\n"
	"AuthLDAPBindPassword \"ldap-bind-pw-77\"\n";

/* NUL, C0 and C1 controls, an escape sequence, invalid and overlong
 * UTF-8, a surrogate, U+FFFE, CR inside a line, XML/HTML metacharacters,
 * and valid two-, three- and four-byte characters. */
static const char hostile_conf[] =
	"# bytes a hostile or broken file can hold\n"
	"Header set X-Test \"]]><script>alert(1)</script>&amp;'\"\n"
	"Bogus\x01" "Directive \x1b[31mred\x1b[0m \xff\xfe \xc0\xaf "
	"\xed\xa0\x80 \xef\xbf\xbe \xc2\x85 caf\xc3\xa9 \xe6\x97\xa5 "
	"\xf0\x9f\x90\x98 \x00nul a\rb\tend\n"
	"Define 50%,done:yes\n";

static const char shop_conf[] =
	"<VirtualHost *:80>\n"
	"\tServerName shop.example.com\n"
	"\tServerAlias www.shop.example.com\n"
	"\tDocumentRoot /srv/shop/public\n"
	"\tSetEnv DB_PASSWORD hunter2-secret\n"
	"\tRequestHeader set Authorization \"Basic c2hvcDpzM2NyM3Q=\" early\n"
	"\tProxyPassMatch \"^/(.*\\.php(/.*)?)$\" "
	"\"fcgi://127.0.0.1:9000/srv/shop/public/$1\"\n"
	"\t<Directory /srv/shop/public/media/uploads>\n"
	"\t\t<FilesMatch \"\\.php$\">\n"
	"\t\t\tRequire all denied\n"
	"\t\t</FilesMatch>\n"
	"\t</Directory>\n"
	"\tAlias /static /srv/shop/static\n"
	"\tProxyPass /api http://127.0.0.1:8080/\n"
	"</VirtualHost>\n"
	"<VirtualHost *:80>\n"
	"\tServerName blog.example.com\n"
	"\tDocumentRoot /srv/blog\n"
	"\t<FilesMatch \"\\.php$\">\n"
	"\t\tSetHandler \"proxy:unix:/run/php/blog.sock|fcgi://localhost\"\n"
	"\t</FilesMatch>\n"
	"</VirtualHost>\n";

static const char snippet_conf[] =
	"ProxyTimeout 300\n";

static const char pool_conf[] =
	"[shop]\n"
	"user = www-data\n"
	"group = www-data\n"
	"listen = 127.0.0.1:9000\n"
	"pm = dynamic\n"
	"pm.max_children = 5\n"
	"env[DB_PASSWORD] = hunter2-secret\n"
	"env[API_TOKEN] = \"tok_9f8e7d6c5b4a\"\n"
	"php_admin_value[mysqli.default_pw] = s3cr3t-pw\n"
	"php_admin_value[memory_limit] = 256M\n"
	"security.limit_extensions = .php .phar\n";

static const char php_ini[] =
	"[Session]\n"
	"session.save_handler = redis\n"
	"session.save_path = \"tcp://10.0.0.5:6379?auth=redispass123&"
	"database=2\"\n"
	"mysqli.default_pw = dbpw-in-ini\n";

static struct pf_pool *
shop_pool(struct pf_run *run, uint32_t f, const char *name)
{
	struct pf_pool *p = pf_alloc(run->arena, sizeof(*p));
	struct pf_env e;
	struct pf_php_setting s;

	p->name = name;
	p->loc = pf_loc_make(f, 1, 1, 0);
	p->user = pf_sval_make("www-data", pf_loc_make(f, 2, 8, 8));
	p->group = pf_sval_make("www-data", pf_loc_make(f, 3, 9, 8));
	p->listen_raw = pf_sval_make("127.0.0.1:9000",
	    pf_loc_make(f, 4, 10, 14));
	p->pm = PF_PM_DYNAMIC;
	p->max_children = pf_ival_make(5, pf_loc_make(f, 6, 19, 1));
	p->used = 1;
	memset(&e, 0, sizeof(e));
	e.name = "DB_PASSWORD";
	e.value = "hunter2-secret";
	e.loc = pf_loc_make(f, 7, 1, 0);
	PF_PUSH(run->arena, p->env, e);
	e.name = "API_TOKEN";
	e.value = "tok_9f8e7d6c5b4a";
	e.loc = pf_loc_make(f, 8, 1, 0);
	PF_PUSH(run->arena, p->env, e);
	memset(&s, 0, sizeof(s));
	s.key = "mysqli.default_pw";
	s.value = "s3cr3t-pw";
	s.admin = 1;
	s.loc = pf_loc_make(f, 9, 1, 0);
	PF_PUSH(run->arena, p->php, s);
	return p;
}

static void
lint_model(struct pf_run *run, uint32_t mainf, uint32_t shop, uint32_t pool)
{
	struct pf_model *m = pf_model_get(run);
	struct pf_apache *ap = pf_alloc(run->arena, sizeof(*ap));
	struct pf_node *root, *vh, *dir, *fm, *vh2, *fm2, *pm, *sh;
	struct pf_vhost *v;
	struct pf_route r;
	struct pf_vaddr a = { "*", 80 };
	struct pf_sval up;
	struct pf_pool *p = shop_pool(run, pool, "shop");

	m->apache = ap;
	ap->config = "/etc/apache2/apache2.conf";
	ap->version = "2.4.71";
	root = node(run, NULL, "(root)", PF_NODE_SECTION, PF_NOLOC, 0);
	ap->root = root;
	fm = node(run, root, "FilesMatch", PF_NODE_SECTION,
	    pf_loc_make(mainf, 5, 1, 11), 1, "^\\.ht");
	node(run, fm, "Require", 0, pf_loc_make(mainf, 6, 2, 7), 2, "all",
	    "denied");
	/* An inactive branch must not show up as a denial. */
	fm2 = node(run, root, "Files", PF_NODE_SECTION | PF_NODE_INACTIVE,
	    pf_loc_make(mainf, 5, 1, 0), 1, "never.txt");
	node(run, fm2, "Require", PF_NODE_INACTIVE, PF_NOLOC, 2, "all",
	    "denied");

	vh = node(run, root, "VirtualHost", PF_NODE_SECTION,
	    pf_loc_make(shop, 1, 1, 12), 1, "*:80");
	pm = node(run, vh, "ProxyPassMatch", 0, at(run, shop, 7,
	    "ProxyPassMatch"), 2, "^/(.*\\.php(/.*)?)$",
	    "fcgi://127.0.0.1:9000/srv/shop/public/$1");
	dir = node(run, vh, "Directory", PF_NODE_SECTION,
	    at(run, shop, 8, "<Directory"), 1, "/srv/shop/public/media/uploads");
	fm = node(run, dir, "FilesMatch", PF_NODE_SECTION,
	    at(run, shop, 9, "<FilesMatch"), 1, "\\.php$");
	node(run, fm, "Require", 0, at(run, shop, 10, "Require"), 2, "all",
	    "denied");
	node(run, vh, "Alias", 0, at(run, shop, 13, "Alias"), 2, "/static",
	    "/srv/shop/static");
	node(run, vh, "ProxyPass", 0, at(run, shop, 14, "ProxyPass"), 2,
	    "/api", "http://127.0.0.1:8080/");

	v = pf_alloc(run->arena, sizeof(*v));
	v->node = vh;
	v->loc = vh->loc;
	PF_PUSH(run->arena, v->addrs, a);
	v->server_name = pf_sval_make("shop.example.com",
	    at(run, shop, 2, "shop.example.com"));
	up = pf_sval_make("www.shop.example.com", at(run, shop, 3, "www"));
	PF_PUSH(run->arena, v->aliases, up);
	v->document_root = pf_sval_make("/srv/shop/public",
	    at(run, shop, 4, "/srv/shop/public"));
	up = pf_sval_make("/srv/shop/public/media/uploads", PF_NOLOC);
	PF_PUSH(run->arena, v->upload_dirs, up);
	memset(&r, 0, sizeof(r));
	r.kind = PF_ROUTE_PROXYPASSMATCH;
	r.node = pm;
	r.pattern = "^/(.*\\.php(/.*)?)$";
	r.target = "fcgi://127.0.0.1:9000/srv/shop/public/$1";
	r.backend.host = "127.0.0.1";
	r.backend.port = 9000;
	r.backend.worker = "fcgi://127.0.0.1:9000";
	r.backend.path = "/srv/shop/public/$1";
	r.pool = p;
	PF_PUSH(run->arena, v->routes, r);
	PF_PUSH(run->arena, ap->vhosts, v);

	vh2 = node(run, root, "VirtualHost", PF_NODE_SECTION,
	    pf_loc_make(shop, 16, 1, 12), 1, "*:80");
	fm = node(run, vh2, "FilesMatch", PF_NODE_SECTION,
	    at(run, shop, 19, "<FilesMatch"), 1, "\\.php$");
	sh = node(run, fm, "SetHandler", 0, at(run, shop, 20, "SetHandler"),
	    1, "proxy:unix:/run/php/blog.sock|fcgi://localhost");
	v = pf_alloc(run->arena, sizeof(*v));
	v->node = vh2;
	v->loc = vh2->loc;
	PF_PUSH(run->arena, v->addrs, a);
	v->server_name = pf_sval_make("blog.example.com",
	    at(run, shop, 17, "blog.example.com"));
	v->document_root = pf_sval_make("/srv/blog",
	    at(run, shop, 18, "/srv/blog"));
	memset(&r, 0, sizeof(r));
	r.kind = PF_ROUTE_SETHANDLER;
	r.node = sh;
	r.section = fm;
	r.pattern = "\\.php$";
	r.target = "proxy:unix:/run/php/blog.sock|fcgi://localhost";
	r.backend.socket = "/run/php/blog.sock";
	r.backend.host = "localhost";
	r.backend.worker = "fcgi://localhost";
	r.pool = NULL;		/* no pool listens there */
	PF_PUSH(run->arena, v->routes, r);
	PF_PUSH(run->arena, ap->vhosts, v);

	m->fpm = pf_alloc(run->arena, sizeof(*m->fpm));
	m->fpm->path = "/etc/php/8.2/fpm/php-fpm.conf";
	PF_PUSH(run->arena, m->fpm->pools, p);
}

static struct pf_run *
build_lint(void)
{
	struct pf_run *run = pf_run_new();
	uint32_t m, h, s, p, ini, sn1, sn2;
	struct pf_diag *d;

	m = SRC(run, "/etc/apache2/apache2.conf", apache2_conf, PF_SRC_HTTPD,
	    PF_NOLOC);
	h = SRC(run, "/etc/apache2/conf-enabled/hostile.conf", hostile_conf,
	    PF_SRC_HTTPD, pf_loc_make(m, 3, 1, 7));
	s = SRC(run, "/etc/apache2/sites-enabled/shop.conf", shop_conf,
	    PF_SRC_HTTPD, pf_loc_make(m, 4, 1, 15));
	p = SRC(run, "/etc/php/8.2/fpm/pool.d/shop.conf", pool_conf,
	    PF_SRC_FPM, PF_NOLOC);
	ini = SRC(run, "/etc/php/8.2/fpm/php.ini", php_ini, PF_SRC_PHPINI,
	    PF_NOLOC);
	/* One snippet Included by both vhosts: two sources (two chains), one
	 * file (one SARIF artifact, one JUnit suite). */
	sn1 = SRC(run, "/etc/apache2/snippets/php.conf", snippet_conf,
	    PF_SRC_HTTPD, pf_loc_make(s, 1, 1, 0));
	sn2 = SRC(run, "/etc/apache2/snippets/php.conf", snippet_conf,
	    PF_SRC_HTTPD, pf_loc_make(s, 16, 1, 0));
	lint_model(run, m, s, p);
	pf_diag_add(run, PF_SEV_NOTE, "proxy-timeout", at(run, sn1, 1, "300"),
	    "ProxyTimeout %s applies to every vhost that includes this file",
	    "300");
	pf_diag_add(run, PF_SEV_NOTE, "proxy-timeout", at(run, sn2, 1, "300"),
	    "ProxyTimeout %s applies to every vhost that includes this file",
	    "300");

	/* Reader diagnostics, in the order readers would add them. */
	pf_diag_add(run, PF_SEV_ERROR, "unknown-directive",
	    pf_loc_make(h, 3, 1, 15), "unknown directive '%s' (%s)",
	    "Bogus\x01" "Directive", "\x1b[31mred\xff\xc0\xaf");
	pf_diag_add(run, PF_SEV_WARNING, NULL, at(run, h, 4, "50%,done:yes"),
	    "value '%s' has %% , and : in it", "50%,done:yes");
	d = pf_diag_add(run, PF_SEV_NOTE, "module-not-loaded",
	    at(run, m, 8, "AuthLDAPBindPassword"), "AuthLDAPBindPassword "
	    "needs mod_authnz_ldap, which is not loaded");
	pf_diag_fix(run, d, "a2enmod authnz_ldap, or remove the directive");

	/* Rule findings. */
	d = pf_diag_add(run, PF_SEV_HIGH, fx_rule_greedy.id,
	    at(run, s, 7, "\"^/(.*\\.php(/.*)?)$\""), "ProxyPassMatch "
	    "forwards '%s' to PHP-FPM: the pattern also matches PATH_INFO",
	    "/media/uploads/evil.jpg/x.php");
	d->rule = &fx_rule_greedy;
	d->subject = "shop.example.com";
	pf_diag_related(run, d, at(run, p, 11, ".php .phar"), "pool 'shop' "
	    "executes .php and .phar files");
	pf_diag_related(run, d, at(run, s, 9, "\"\\.php$\""), "the upload "
	    "directory denies only names ending in .php");
	pf_diag_fix(run, d, "anchor the pattern, e.g. ProxyPassMatch "
	    "\"^/([^/]+\\.php)$\", or route with SetHandler in <FilesMatch>");

	d = pf_diag_add(run, PF_SEV_CRITICAL, fx_rule_upload_php.id,
	    at(run, s, 8, "/srv/shop/public/media/uploads"), "'%s' reaches "
	    "PHP-FPM as %s", "/media/uploads/a.php.jpg/x.php",
	    "SCRIPT_FILENAME=/srv/shop/public/media/uploads/a.php.jpg");
	d->rule = &fx_rule_upload_php;
	d->subject = "shop.example.com";
	pf_diag_related(run, d, at(run, s, 7, "ProxyPassMatch"), "routed "
	    "to PHP-FPM here");

	d = pf_diag_add(run, PF_SEV_MEDIUM, fx_rule_setenv_secret.id,
	    at(run, s, 5, "DB_PASSWORD"), "SetEnv DB_PASSWORD puts "
	    "'hunter2-secret' into the environment of every request");
	d->rule = &fx_rule_setenv_secret;
	d->subject = "shop.example.com";
	pf_diag_fix(run, d, "pass it with env[DB_PASSWORD] in the pool, "
	    "not with SetEnv");

	/* The caret sits after a masked value: it must still point at
	 * "early". */
	d = pf_diag_add(run, PF_SEV_LOW, fx_rule_header_early.id,
	    at(run, s, 6, "early"), "RequestHeader ... early runs before "
	    "access checks");
	d->rule = &fx_rule_header_early;

	d = pf_diag_add(run, PF_SEV_LOW, fx_rule_secret_env.id,
	    at(run, p, 8, "tok_9f8e7d6c5b4a"), "env[API_TOKEN] = "
	    "tok_9f8e7d6c5b4a is readable by every script of the pool");
	d->rule = &fx_rule_secret_env;
	d->subject = "shop";
	d = pf_diag_add(run, PF_SEV_LOW, fx_rule_secret_env.id,
	    at(run, ini, 3, "tcp://"), "session.save_path holds a password "
	    "(auth=redispass123)");
	d->rule = &fx_rule_secret_env;

	d = pf_diag_add(run, PF_SEV_MEDIUM, fx_rule_shared_pool.id,
	    pf_loc_make(p, 1, 1, 6), "pool 'shop' is shared by "
	    "shop.example.com and blog.example.com");
	d->rule = &fx_rule_shared_pool;
	d->subject = "shop";
	d->suppressed = "inline: shop and blog share a pool on purpose";

	d = pf_diag_add(run, PF_SEV_INFO, fx_rule_sizing.id, PF_NOLOC,
	    "pm.max_children 5 is below the 150 requests Apache can send at "
	    "once");
	d->rule = &fx_rule_sizing;
	d->subject = "shop";
	return run;
}

static const char hosts_ini[] =
	"[host]\n"
	"cores = 2\n"
	"sites = sites/*.ini\n";

static const char site_ini[] =
	"[site shop]\n"
	"server_name = shop.example.com\n"
	"document_root = /srv/shop/public\n"
	"upload_dirs = media/uploads\n"
	"handler = proxypassmatch\n"
	"\n"
	"[pool shop]\n"
	"listen = 127.0.0.1:9001\n"
	"env[DB_PASSWORD] = site-ini-pw\n"
	"pm = auto\n";

static const char gen_vhost[] =
	"# generated by proxyfpm from sites/shop.ini; do not edit\n"
	"<VirtualHost *:80>\n"
	"\tServerName shop.example.com\n"
	"\tDocumentRoot /srv/shop/public\n"
	"\tProxyPassMatch \"^/(?!media/uploads/)([^/]+\\.php)$\" "
	"\"fcgi://127.0.0.1:9001/srv/shop/public/$1\"\n"
	"</VirtualHost>\n";

static const char gen_pool[] =
	"; generated by proxyfpm from sites/shop.ini\n"
	"[shop]\n"
	"listen = 127.0.0.1:9001\n"
	"env[DB_PASSWORD] = site-ini-pw\n"
	"clear_env = yes\n";

static void
set_origin(struct pf_run *run, uint32_t gen, const struct pf_loc *o,
    uint32_t n)
{
	struct pf_loc *copy = pf_alloc(run->arena, n * sizeof(*copy));

	memcpy(copy, o, n * sizeof(*copy));
	pf_source_get(run, gen)->origin = copy;
	pf_source_get(run, gen)->norigin = n;
}

static struct pf_run *
build_check(void)
{
	struct pf_run *run = pf_run_new();
	struct pf_model *m = pf_model_get(run);
	struct pf_site *site = pf_alloc(run->arena, sizeof(*site));
	struct pf_pool *pool = pf_alloc(run->arena, sizeof(*pool));
	struct pf_sval up;
	uint32_t hf, si, gv, gp;
	struct pf_diag *d;

	hf = SRC(run, "hosts.ini", hosts_ini, PF_SRC_SITE, PF_NOLOC);
	si = SRC(run, "./sites/shop.ini", site_ini, PF_SRC_SITE,
	    pf_loc_make(hf, 3, 1, 5));
	gv = SRC(run, "out/etc/apache2/sites-available/shop.conf", gen_vhost,
	    PF_SRC_GENERATED, PF_NOLOC);
	gp = SRC(run, "out/etc/php/8.2/fpm/pool.d/shop.conf", gen_pool,
	    PF_SRC_GENERATED, PF_NOLOC);
	{
		const struct pf_loc ov[] = {
			PF_NOLOC, pf_loc_make(si, 1, 1, 11),
			at(run, si, 2, "shop.example.com"),
			at(run, si, 3, "/srv/shop/public"),
			at(run, si, 5, "proxypassmatch"), PF_NOLOC,
		};
		const struct pf_loc op[] = {
			PF_NOLOC, pf_loc_make(si, 7, 1, 11),
			at(run, si, 8, "127.0.0.1:9001"),
			at(run, si, 9, "site-ini-pw"), PF_NOLOC,
		};

		set_origin(run, gv, ov, 6);
		set_origin(run, gp, op, 5);
	}

	pool->name = "shop";
	pool->loc = pf_loc_make(si, 7, 1, 11);
	pool->listen_raw = pf_sval_make("127.0.0.1:9001",
	    at(run, si, 8, "127.0.0.1:9001"));
	pool->pm = PF_PM_AUTO;
	pool->used = 1;
	{
		struct pf_env e;

		memset(&e, 0, sizeof(e));
		e.name = "DB_PASSWORD";
		e.value = "site-ini-pw";
		e.loc = pf_loc_make(si, 9, 1, 0);
		PF_PUSH(run->arena, pool->env, e);
	}
	site->name = "shop";
	site->loc = pf_loc_make(si, 1, 1, 11);
	site->server_name = pf_sval_make("shop.example.com",
	    at(run, si, 2, "shop.example.com"));
	site->document_root = pf_sval_make("/srv/shop/public",
	    at(run, si, 3, "/srv/shop/public"));
	up = pf_sval_make("/srv/shop/public/media/uploads",
	    at(run, si, 4, "media/uploads"));
	PF_PUSH(run->arena, site->upload_dirs, up);
	site->handler = PF_HANDLER_PROXYPASSMATCH;
	site->pool = pool;
	PF_PUSH(run->arena, m->sites, site);
	PF_PUSH(run->arena, m->pools, pool);

	d = pf_diag_add(run, PF_SEV_WARNING, "site-host-incomplete",
	    at(run, si, 10, "auto"), "pm = auto needs the memory of [host]; "
	    "sizing for 512M");
	pf_diag_fix(run, d, "add 'memory = ...' to [host] in hosts.ini");
	d = pf_diag_add(run, PF_SEV_MEDIUM, fx_rule_tcp_listen.id,
	    at(run, gp, 3, "127.0.0.1:9001"), "pool 'shop' listens on "
	    "127.0.0.1:9001, which every local user can connect to");
	d->rule = &fx_rule_tcp_listen;
	d->subject = "shop";
	pf_diag_related(run, d, at(run, gv, 5, "fcgi://127.0.0.1:9001"),
	    "the vhost connects to it here");
	pf_diag_fix(run, d, "listen = /run/php/shop.sock");
	d = pf_diag_add(run, PF_SEV_LOW, fx_rule_secret_env.id,
	    at(run, gp, 4, "site-ini-pw"), "env[DB_PASSWORD] = site-ini-pw "
	    "is written into the pool file");
	d->rule = &fx_rule_secret_env;
	d->subject = "shop";
	return run;
}

static const char clean_conf[] =
	"ServerRoot \"/etc/apache2\"\n"
	"Listen 80\n";

static struct pf_run *
build_clean(void)
{
	struct pf_run *run = pf_run_new();

	SRC(run, "/etc/apache2/apache2.conf", clean_conf, PF_SRC_HTTPD,
	    PF_NOLOC);
	return run;
}

const struct fixture fixtures[] = {
	{ "lint", build_lint, "lint", "/home/ci/proj" },
	{ "check", build_check, "check", "/home/ci/proj" },
	{ "clean", build_clean, "lint", "/home/ci/proj" },
	{ NULL, NULL, NULL, NULL },
};

void
fixture_opts(const struct fixture *fx, struct pf_report_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->command = fx->command;
	o->redact = 1;
	o->fail_on = PF_SEV_MEDIUM;
	o->base_dir = fx->base_dir;
	o->cwd = fx->base_dir;
	o->tool_version = "9.9.9-test";
	o->time = 1700000000;
	o->time_set = 1;
	o->apache_version = strcmp(fx->name, "check") ? "2.4.71" : NULL;
	o->php_version = "8.2";
}
