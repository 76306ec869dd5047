/*
 * r_routing.c - the routing and upload rules, decided by asking the
 * request simulator about probe URLs (reference/security-rules.md
 * section 2): for every vhost, under its DocumentRoot and each writable
 * directory it serves,
 *
 *   P  /dir/evil.jpg/x.php  /dir/a.gif/.php  /dir/a.png/x.php/y
 *   D  /dir/evil.php.jpg  /dir/evil.phtml.png  /dir/evil.php5.gif
 *   S  /dir/x.jpg  /dir/readme.txt  /dir/x.html    B  /dir/.php
 *   U  /dir/shell.php  /dir/x.phar  /dir/x.phtml  (uploads only)
 *   T  /index.php/t/y.php, /index.php/dir/evil.jpg (PATH_TRANSLATED)
 *   L  /index.php  /a/b.php  /index.php/foo    N  /nope.php
 *
 * where the attacker's file (evil.jpg, ...) exists.  What executes, and
 * through which directive, gives the finding; the severity follows
 * section 4's combination table from the same verdict (what FPM did with
 * the pool's limit_extensions and fix_pathinfo).
 */
#include <sys/stat.h>

#include <ctype.h>
#include <fnmatch.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "rules/rule.h"
#include "rules/sim.h"
#include "rules/sim_kind.h"
#include "rules/writable.h"

#define MAX_UD_TRY	4	/* /~user/ URLs route_urls() gives */
#define ROUTE_URLS	(2 + MAX_UD_TRY)
#define AREA_TRIES	32	/* simulations area_verdict() runs */

enum pclass { P_PATHINFO, P_DOUBLE, P_STATIC, P_BARE, P_UPLOAD,
	P_TRANSLATED, P_LEGIT, P_NOFILE };

struct probe {
	enum pclass	 cls;
	const char	*url;
	const char	*file;		/* the file that exists, absolute */
	const char	*file2;		/* a second one (T probes) */
	const char	*dir;		/* the writable dir, or NULL */
	const struct pf_wdir *wd;
	const struct pf_alias *alias;	/* under this Alias's target, not
					 * the DocumentRoot */
	int		 twin;		/* the same URL with a query string
					 * (query_twin()) */
};

/*
 * An upload-under-docroot finding and the other writable folders its
 * route runs uploads in (pf_folders): one finding per route and vhost
 * names them all.
 */
struct upload_hit {
	struct pf_folders f;
	const char	*where;		/* what serves the first */
	const struct pf_alias *alias;	/* the Alias serving it, or NULL */
	int		 mixed;		/* others served by another */
};

struct vctx {
	struct pf_rctx	*c;
	struct pf_arena	*a;		/* scratch, freed after the vhost */
	const struct pf_vhost *v;
	const char	*label;
	const char	*docroot;
	PF_VEC(struct probe) probes;
	PF_VEC(const struct pf_node *) hit_routes;	/* routes seen */
	const struct pf_alias *in_alias;	/* probes being added:
						 * add_probe's */
	PF_VEC(struct upload_hit) uploads;	/* upload-under-docroot
						 * findings of this vhost */
	const char	*area_dir;	/* the site's PHP runs below this URL
					 * only, by a handler (area_verdict) */
	const struct pf_sim_verdict *legit;	/* what /index.php got */
};

static int
url_route(enum pf_route_kind k)
{
	return k == PF_ROUTE_PROXYPASS || k == PF_ROUTE_PROXYPASSMATCH ||
	    k == PF_ROUTE_REWRITE_PROXY;
}

/*
 * Whether the attacker's segment (at seg in the SCRIPT_FILENAME a URL route
 * sends) comes after a literal script of the route's target: a component
 * before it with a PHP extension, as in fcgi://host/srv/app/index.php/$1,
 * or ProxyPassMatch's target with no $n, to which mod_proxy appends the
 * whole URI (proxy_trans_match: "$1 is implied").  The probe URLs hold no
 * such component before the attacker's file, so it is the target's own.
 * FPM's fix_pathinfo walk stops at the first regular file going up, and a
 * regular file cannot hold evil.jpg below it: the route runs that script
 * or answers 404, never the attacker's file (security-rules.md section 2,
 * "a route whose script part is a literal ... is not greedy").
 */
/* The component [b, e) ends in .php, .php<digit>, .phar or .phtml. */
static int
php_ext(const char *b, const char *e)
{
	const char *dot = NULL, *q;
	size_t n;

	for (q = b; q < e; q++)
		if (*q == '.')
			dot = q;
	if (dot == NULL)
		return 0;
	n = (size_t)(e - dot);
	if (n >= 4 && strncasecmp(dot, ".php", 4) == 0)
		return n == 4 || (n == 5 && dot[4] >= '0' && dot[4] <= '9');
	return (n == 5 && strncasecmp(dot, ".phar", 5) == 0) ||
	    (n == 6 && strncasecmp(dot, ".phtml", 6) == 0);
}

static int
after_literal_script(const char *sf, const char *seg)
{
	const char *end = seg, *p;

	while (end > sf) {
		for (p = end - 1; p > sf && *p != '/'; p--)
			;
		if (*p != '/')
			break;
		if (php_ext(p + 1, end))
			return 1;
		end = p;
	}
	return 0;
}

/* head (n bytes) + "/" + name, without printf (probes are built for
 * every vhost). */
static const char *
cat(struct pf_arena *a, const char *head, size_t n, const char *name)
{
	size_t l = strlen(name);
	char *p = pf_alloc_raw(a, n + l + 2);

	memcpy(p, head, n);
	p[n] = '/';
	memcpy(p + n + 1, name, l + 1);
	return p;
}

static const char *
join(struct pf_arena *a, const char *dir, const char *name)
{
	size_t n = strlen(dir);

	while (n > 0 && dir[n - 1] == '/')
		n--;
	return cat(a, dir, n, name);
}

static void
add_probe(struct vctx *x, enum pclass cls, const char *url, const char *file,
    const char *file2, const char *dir, const struct pf_wdir *wd)
{
	struct probe p = { cls, url, file, file2, dir, wd, x->in_alias, 0 };

	PF_PUSH(x->a, x->probes, p);
}

/* Probes under one directory (served at URL prefix up, "" = root). */
static void
dir_probes(struct vctx *x, const char *up, const char *dir,
    const struct pf_wdir *wd)
{
	static const struct { enum pclass c; const char *url, *file; } t[] = {
		{ P_PATHINFO, "evil.jpg/x.php", "evil.jpg" },
		{ P_PATHINFO, "a.gif/.php", "a.gif" },
		{ P_PATHINFO, "a.png/x.php/y", "a.png" },
		{ P_DOUBLE, "evil.php.jpg", "evil.php.jpg" },
		{ P_DOUBLE, "evil.phtml.png", "evil.phtml.png" },
		{ P_DOUBLE, "evil.php5.gif", "evil.php5.gif" },
		{ P_DOUBLE, "evil.php.", "evil.php." },
		{ P_STATIC, "x.jpg", "x.jpg" },
		{ P_STATIC, "readme.txt", "readme.txt" },
		/* a handler for .html (legacy "parse HTML as PHP"): HTML
		 * uploads are allowed where images are */
		{ P_STATIC, "x.html", "x.html" },
		{ P_BARE, ".php", ".php" },
		{ P_UPLOAD, "shell.php", "shell.php" },
		{ P_UPLOAD, "x.phar", "x.phar" },
		{ P_UPLOAD, "x.phtml", "x.phtml" },
	};
	struct pf_arena *a = x->a;
	size_t i, n = strlen(up);

	while (n > 0 && up[n - 1] == '/')
		n--;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		if (t[i].c == P_UPLOAD && wd == NULL)
			continue;
		add_probe(x, t[i].c, cat(a, up, n, t[i].url),
		    join(a, dir, t[i].file), NULL, wd ? dir : NULL, wd);
	}
	if (wd != NULL)
		add_probe(x, P_TRANSLATED, pf_printf(a, "/index.php%.*s/evil.jpg",
		    (int)n, up), join(a, x->docroot, "index.php"),
		    join(a, dir, "evil.jpg"), dir, wd);
}

static void run_probe(struct vctx *, const struct probe *,
		    struct pf_sim_verdict *);

/*
 * The client picks the query string.  Lint's probes ask without one; when
 * the answer to an attacker's probe read QUERY_STRING (an upload folder's
 * "RewriteCond %{QUERY_STRING} ^$" before "RewriteRule \.php$ - [F]",
 * an <If> on it), the same URL is asked again with a query, as a probe
 * of its own after the others: a route is reported with the first probe
 * that shows it, so the twin speaks only when the bare URL did not.
 */
#define TWIN_QUERY	"x=1"

static void
query_twin(struct vctx *x, const struct probe *p,
    const struct pf_sim_verdict *v)
{
	struct probe t;

	if (!v->query_read || p->twin || p->cls == P_LEGIT ||
	    p->cls == P_NOFILE)
		return;
	t = *p;
	t.url = pf_printf(x->a, "%s?" TWIN_QUERY, p->url);
	t.twin = 1;
	PF_PUSH(x->a, x->probes, t);	/* (p may move: copied first) */
}

/*
 * The URL directory a regex route is anchored below: "^/app/(.*\.php)$"
 * and "^/app(/.+\.php)" are routes of /app, whose non-scripts the probes
 * at the DocumentRoot never reach.  NULL when the pattern is not anchored
 * at '/' or its literal part names no directory.
 */
static const char *
regex_dir(struct pf_arena *a, const char *re)
{
	size_t n, d;

	if (re[0] != '^' || re[1] != '/')
		return NULL;
	re++;
	n = strcspn(re, ".^$*+?()[]{}|\\");
	if (re[n] == '(' && re[n + 1] == '/')
		d = n;		/* "/app(/..." */
	else
		for (d = n; d > 0 && re[d - 1] != '/'; d--)
			;
	while (d > 0 && re[d - 1] == '/')
		d--;
	return d > 0 ? pf_strndup(a, re, d) : NULL;
}

/*
 * Alias targets: a PHP route in an aliased directory (phpMyAdmin's
 * <Directory /usr/share/phpmyadmin> behind "Alias /phpmyadmin ...") is
 * reached at the alias URL, never below the DocumentRoot.  mod_alias
 * applies the main server's Aliases in every vhost too.  A directory
 * whose index.php does not reach FPM has no PHP route to judge, and an
 * Alias of one file (/favicon.ico) has nothing below it.
 */
/* The servers whose Alias lines and routes a vhost's URLs see: i == 0
 * the vhost, 1 the main server (unless it is the vhost), then NULL. */
static const struct pf_vhost *
scope_server(const struct vctx *x, size_t i)
{
	const struct pf_vhost *m = &x->c->m->apache->main;

	return i == 0 ? x->v : i == 1 && m != x->v ? m : NULL;
}

/* Whether path's last component ends in an extension only files carry
 * (a folder may well be named example.com or app.v2). */
static int
file_named(const char *path)
{
	static const char *const ext[] = { "php", "phtml", "phar", "html",
	    "htm", "txt", "ico", "xml", "json", "js", "css", "png", "jpg",
	    "gif", "svg", "pdf", "cgi", "pl", "py", "sh", NULL };
	const char *b = strrchr(path, '/'), *e;
	size_t i;

	b = b != NULL ? b + 1 : path;
	if ((e = strrchr(b, '.')) == NULL || e == b)
		return 0;
	for (i = 0; ext[i] != NULL; i++)
		if (strcasecmp(e + 1, ext[i]) == 0)
			return 1;
	/* php5, php7, php8 */
	return strncasecmp(e + 1, "php", 3) == 0 &&
	    isdigit((unsigned char)e[4]) && e[5] == '\0';
}

/*
 * The folders below an Alias target that the pool's user can write
 * (Debian's MediaWiki: /var/lib/mediawiki/images, www-data's, behind
 * "Alias /mediawiki /var/lib/mediawiki"; the "php_admin_flag engine off"
 * its conf puts there is mod_php's, and under FPM nothing stops a .php
 * uploaded there): probed as a DocumentRoot's upload folders are, at the
 * Alias URL.  Only what the walk found writable, on disk: no declared or
 * conventional names, which stand for the DocumentRoot's.
 */
static void
alias_uploads(struct vctx *x, const struct pf_alias *al, const char *u,
    size_t n, const struct pf_pool *pool)
{
	struct pf_rctx *c = x->c;
	const struct pf_wdir *wd;
	const char *why;
	size_t nwd, i, t = strlen(al->path);

	while (t > 1 && al->path[t - 1] == '/')
		t--;
	if (pool == NULL || pool->user.s == NULL)
		return;
	nwd = pf_wdirs_for(c->wdirs, NULL, al->path, pool, &wd);
	for (i = 0; i < nwd; i++) {
		const char *p = wd[i].path;

		if (!wd[i].on_disk || wd[i].loc.file != 0 ||
		    strncmp(p, al->path, t) != 0 || p[t] != '/' ||
		    pf_wdirs_user_can_write(c->wdirs, p, pool->user.s,
		    &why) != 1)
			continue;
		dir_probes(x, pf_printf(x->a, "%.*s%s", (int)n, u, p + t),
		    p, &wd[i]);
	}
}

static void
alias_probes(struct vctx *x)
{
	struct pf_arena *a = x->a;
	struct pf_sim_verdict v;
	const struct pf_vhost *vh;
	size_t i, j;

	for (i = 0; (vh = scope_server(x, i)) != NULL; i++) {
		for (j = 0; j < vh->alias_map.n; j++) {
			const struct pf_alias *al = &vh->alias_map.v[j];
			const char *u = al->url, *last;
			struct probe p;
			size_t n;

			if (al->regex || al->script || u == NULL ||
			    u[0] != '/' || al->path == NULL ||
			    al->path[0] != '/')
				continue;
			n = strlen(u);
			while (n > 1 && u[n - 1] == '/')
				n--;
			for (last = u + n; last > u && last[-1] != '/'; last--)
				;
			if (n <= 1 || memchr(last, '.', (size_t)(u + n -
			    last)) != NULL)
				continue;
			/* An Alias to a file (ddev's Alias "/phpstatus"
			 * "/var/www/phpstatus.php"): nothing exists below it;
			 * /phpstatus/evil.jpg/x.php maps to the file with
			 * PATH_INFO /evil.jpg/x.php (2.4.71 + php-fpm8.2 run
			 * phpstatus.php for it).  Not on this machine (a
			 * container's configuration linted on the host): a
			 * target named as a file is taken to be one. */
			{
				struct pf_rctx *c = x->c;
				size_t f = pf_smap_get(&c->alias_file,
				    al->path);
				struct stat st;

				if (f == 0) {
					f = (stat(pf_host_path(c->run, al->path),
					    &st) == 0 ? S_ISREG(st.st_mode) :
					    file_named(al->path)) ? 1 : 2;
					pf_smap_put(c->run->arena,
					    &c->alias_file, al->path, f);
				}
				if (f == 1)
					continue;
			}
			memset(&p, 0, sizeof(p));
			p.cls = P_LEGIT;
			p.url = cat(a, u, n, "index.php");
			p.file = join(a, al->path, "index.php");
			run_probe(x, &p, &v);
			if (v.outcome != PF_SIM_FPM)
				continue;
			x->in_alias = al;
			add_probe(x, P_LEGIT, p.url, p.file, NULL, NULL, NULL);
			/* a script that does not exist there (HestiaCP's
			 * phpMyAdmin: Alias /phpmyadmin and a <FilesMatch>
			 * handler in its <Directory>, no -f check): on 2.4.71
			 * /phpmyadmin/nope.php reaches FPM, which answers
			 * 'File not found.' (sethandler-no-file-check) */
			add_probe(x, P_NOFILE, cat(a, u, n, "nope.php"), NULL,
			    NULL, NULL, NULL);
			dir_probes(x, pf_strndup(a, u, n), al->path, NULL);
			alias_uploads(x, al, u, n, v.pool);
			x->in_alias = NULL;
		}
	}
}

static struct pf_loc node_loc(const struct pf_node *);

/*
 * fpm-chroot-paths: the vhost's script reaches a pool with a chroot, and
 * FPM, which reads SCRIPT_FILENAME below the chroot, finds nothing there
 * while the path names the script on this machine (sim_fpm.c fpm_path;
 * verified on php-fpm8.2 behind apache2, tests/rules/chroot_oracle.sh:
 * "File not found." for every script, "Primary script unknown" in the
 * pool's log).
 */
static void
chroot_paths(struct vctx *x, const struct probe *p,
    const struct pf_sim_verdict *v)
{
	struct pf_rctx *c = x->c;
	const struct pf_pool *pool = v->pool;
	const char *sf = v->script_filename, *q;
	struct pf_diag *d;

	/* (the path FPM reads: "proxy:fcgi://host:port" taken off) */
	if (sf != NULL && (q = strstr(sf, "://")) != NULL &&
	    (q = strchr(q + 3, '/')) != NULL)
		sf = q;
	else
		sf = p->file;
	d = pf_finding(c, "fpm-chroot-paths", PF_SEV_MEDIUM, pool->chroot.loc,
	    x->label, "every PHP script of %s answers 404 \"File not found."
	    "\": pool %s runs chrooted to %s and looks for the path Apache "
	    "sends below it, so %s (SCRIPT_FILENAME %s) is %s%s to FPM, "
	    "where there is no such file", x->label, pool->name,
	    pool->chroot.s, p->url, sf, pool->chroot.s, sf);
	pf_frel(c, d, node_loc(v->route), "the route to pool %s", pool->name);
	pf_ffix(c, d, "send the paths as the chroot sees them "
	    "(ProxyFCGISetEnvIf \"true\" DOCUMENT_ROOT \"/<the DocumentRoot below the chroot>\" "
	    "and ProxyFCGISetEnvIf \"true\" SCRIPT_FILENAME \"%%{reqenv:"
	    "DOCUMENT_ROOT}%%{reqenv:SCRIPT_NAME}\", as ISPConfig does), or "
	    "remove chroot from the pool");
}

/*
 * php-source-served: a PHP script the vhost's handler meant for FPM is
 * sent as a file because mod_proxy declined the handler (sim.h,
 * PF_DECLINE_*): on 2.4.71 /index.php came back 200 with its source for
 * "proxy:unix/run/x.sock|fcgi://localhost" (unix without its ':'),
 * "proxy:fgci://...", "proxy:unix:/run/x.sock" (no scheme), and
 * "proxy:unix:...|fcgi://localhost" with mod_proxy_fcgi, or mod_proxy,
 * not loaded (tests/rules/source_oracle.sh).
 */
static void
source_served(struct vctx *x, const struct probe *p,
    const struct pf_sim_verdict *v)
{
	struct pf_rctx *c = x->c;
	const char *why, *fix, *mod = v->declined_module;
	struct pf_diag *d;
	size_t ml = mod != NULL && strlen(mod) > 7 ? strlen(mod) - 7 : 0;

	switch (v->declined) {
	case PF_DECLINE_NO_PROXY:
		why = pf_printf(x->a, "the handler \"%s\" is mod_proxy's, "
		    "which is not loaded", v->handler);
		fix = "LoadModule proxy_module and proxy_fcgi_module "
		    "(a2enmod proxy_fcgi)";
		break;
	case PF_DECLINE_NO_MODULE:
		if (v->declined_scheme == NULL || *v->declined_scheme == '\0') {
			/* mod_php's handler left from before PHP-FPM */
			why = pf_printf(x->a, "the handler \"%s\" is mod_php's, "
			    "which is not loaded", v->handler);
			fix = "remove the handler (a SetHandler \"proxy:unix:"
			    "/path/to/pool.sock|fcgi://localhost\" in a "
			    "<FilesMatch> for PHP-FPM), or load mod_php";
			break;
		}
		why = pf_printf(x->a, "the handler \"%s\" needs %s (its "
		    "scheme '%s'), which is not loaded: mod_proxy declines it",
		    v->handler, mod, v->declined_scheme);
		fix = pf_printf(x->a, "LoadModule %s (a2enmod %.*s)", mod,
		    (int)ml, mod);
		break;
	case PF_DECLINE_NO_TAKER:
		why = mod != NULL ? pf_printf(x->a, "the handler \"%s\" is "
		    "%s's, which is not loaded: no module takes it",
		    v->handler, mod) : pf_printf(x->a, "no loaded module "
		    "takes the handler \"%s\"%s", v->handler, v->route !=
		    NULL && pf_node_is(v->route, "AddType") ? " (the type "
		    "AddType gives, standing in for a handler)" : "");
		fix = mod != NULL ? pf_printf(x->a, "route PHP to PHP-FPM "
		    "instead (SetHandler \"proxy:unix:/path/to/pool.sock|"
		    "fcgi://localhost\" in a <FilesMatch \"\\.php$\">), or "
		    "load %s", mod) : "route PHP to PHP-FPM instead (SetHandler "
		    "\"proxy:unix:/path/to/pool.sock|fcgi://localhost\" in a "
		    "<FilesMatch \"\\.php$\">) and remove this handler";
		break;
	case PF_DECLINE_PHP_ENGINE:
		why = pf_printf(x->a, "mod_php's engine is off here (%s "
		    "%s), so it declines the handler \"%s\"",
		    v->status_node->name, v->status_node->raw, v->handler);
		fix = "to keep PHP from running here, deny the scripts "
		    "(<FilesMatch \"\\.ph(ar|p|tml)$\"> Require all denied "
		    "</FilesMatch>) instead of turning the engine off; else "
		    "remove the engine line";
		break;
	case PF_DECLINE_NOT_PROXY:
		why = pf_printf(x->a, "the handler \"%s\" does not start "
		    "with \"proxy:\" (%s), so mod_proxy does not take it "
		    "and no other module does", v->handler,
		    strncasecmp(v->handler, "unix:", 5) == 0 ||
		    strncasecmp(v->handler, "fcgi:", 5) == 0 ? "it is left "
		    "out" : (unsigned char)v->handler[0] >= 0x80 ? "Apache's "
		    "quotes are ASCII \" and ': a typographic quote is part "
		    "of the name" : "it is not at the start");
		fix = "write the handler as \"proxy:unix:/path/to/pool.sock|"
		    "fcgi://localhost\" with ASCII quotes, or "
		    "\"proxy:fcgi://127.0.0.1:9000\"";
		break;
	default:
		why = pf_printf(x->a, "mod_proxy knows no scheme '%s' in the "
		    "handler \"%s\" and declines it", v->declined_scheme,
		    v->handler);
		fix = "write the handler as \"proxy:unix:/path/to/pool.sock|"
		    "fcgi://localhost\" (unix: with its ':', the scheme "
		    "fcgi:// after the '|') or \"proxy:fcgi://127.0.0.1:9000\"";
		break;
	}
	d = pf_finding(c, "php-source-served", PF_SEV_HIGH, node_loc(v->route),
	    x->label, "%s: Apache sends %s as a plain file, its PHP source "
	    "with any password in it, to anyone", why, p->url);
	if (v->declined == PF_DECLINE_PHP_ENGINE)
		pf_frel(c, d, node_loc(v->status_node), "the line that "
		    "turns the engine off");
	pf_ffix(c, d, "%s", fix);
}

/*
 * The false <IfModule> a node is in: its outermost inactive ancestor,
 * when that is an <IfModule> for a module (not "!module").
 */
static const struct pf_node *
false_ifmodule(const struct pf_node *n)
{
	const struct pf_node *top = NULL;

	for (; n != NULL; n = n->parent)
		if (n->flags & PF_NODE_INACTIVE)
			top = n;
	if (top == NULL || top->argc != 1 || top->argv[0][0] == '!' ||
	    !pf_node_is(top, "IfModule"))
		return NULL;
	return top;
}

/* Whether n is inside a section other than <VirtualHost> and the
 * conditionals (<Directory>, <Location>...): a handler there is not
 * the server's or the vhost's for every file. */
static int
in_container(const struct pf_node *n)
{
	for (n = n->parent; n != NULL && n->parent != NULL; n = n->parent)
		if ((n->flags & PF_NODE_SECTION) && !pf_node_is(n,
		    "VirtualHost") && strncasecmp(n->name, "If", 2) != 0)
			return 1;
	return 0;
}

/* IfModule's argument for mod_proxy or mod_proxy_fcgi: its module id. */
static const char *
proxy_module_id(const char *a)
{
	if (strcmp(a, "proxy_fcgi_module") == 0 ||
	    strcmp(a, "mod_proxy_fcgi.c") == 0)
		return "proxy_fcgi_module";
	if (strcmp(a, "proxy_module") == 0 || strcmp(a, "mod_proxy.c") == 0)
		return "proxy_module";
	return NULL;
}

/*
 * IfModule's argument for another module that runs PHP or hands it on
 * (the handler's name for .php comes with it): mod_fastcgi's and
 * mod_fcgid's wrappers, mod_php, suPHP, LSAPI, and mod_actions (an
 * AddHandler with its Action): its module id.  Such a block, written
 * for a module this Apache does not load (Debian 12 ships neither
 * mod_fastcgi nor mod_php5/7), leaves .php files without a handler.
 */
static const char *
runner_module_id(const char *a)
{
	static const char *const m[][2] = {
		{ "mod_fastcgi.c", "fastcgi_module" },
		{ "mod_fcgid.c", "fcgid_module" },
		{ "mod_php.c", "php_module" },
		{ "mod_php5.c", "php5_module" },
		{ "mod_php7.c", "php7_module" },
		{ "mod_suphp.c", "suphp_module" },
		{ "mod_lsapi.c", "lsapi_module" },
		{ "mod_actions.c", "actions_module" },
	};
	size_t i;

	for (i = 0; i < sizeof(m) / sizeof(m[0]); i++)
		if (strcmp(a, m[i][0]) == 0 || strcmp(a, m[i][1]) == 0)
			return m[i][1];
	return NULL;
}

/* php-source-served for url, which gets no handler: n, the PHP-FPM
 * handler for it, is inside the false <IfModule> ifm for module mod. */
static void
report_unrouted(struct vctx *x, const struct pf_node *n,
    const struct pf_node *ifm, const char *mod, const char *url)
{
	struct pf_rctx *c = x->c;
	struct pf_diag *d;

	if (proxy_module_id(ifm->argv[0]) == NULL) {
		d = pf_finding(c, "php-source-served", PF_SEV_HIGH,
		    node_loc(n), x->label, "PHP files get no handler: %s %s "
		    "for them is inside <IfModule %s>, and %s is %s: Apache "
		    "sends %s as a plain file, its PHP source with any "
		    "password in it, to anyone", n->name, n->argv[0],
		    ifm->argv[0], mod, pf_apache_has_module(c->m->apache,
		    mod) ? "loaded only after that block" : "not loaded",
		    url);
		pf_frel(c, d, ifm->loc, "<IfModule %s> is false",
		    ifm->argv[0]);
		pf_ffix(c, d, "route PHP to PHP-FPM outside the <IfModule>: "
		    "<FilesMatch \".+\\.php$\"> SetHandler \"proxy:unix:"
		    "/run/php/php-fpm.sock|fcgi://localhost\" </FilesMatch> "
		    "(a2enmod proxy_fcgi), or load %s", mod);
		return;
	}
	d = pf_finding(c, "php-source-served", PF_SEV_HIGH, node_loc(n),
	    x->label, "PHP files get no handler: the PHP-FPM handler \"%s\" "
	    "is inside <IfModule %s>, and %s is not loaded: Apache sends %s "
	    "as a plain file, its PHP source with any password in it, to "
	    "anyone", n->argv[0], ifm->argv[0], mod, url);
	pf_frel(c, d, ifm->loc, "<IfModule %s> is false", ifm->argv[0]);
	pf_ffix(c, d, "a2enmod proxy_fcgi setenvif (LoadModule proxy_module "
	    "and proxy_fcgi_module)");
}

/* A "proxy:" SetHandler/AddHandler in a false <IfModule> for mod_proxy
 * or mod_proxy_fcgi, which is not loaded: that <IfModule> (*mod its
 * module id), else NULL. */
static const struct pf_node *
unrouted_handler(const struct pf_rctx *c, const struct pf_node *n,
    const char **mod)
{
	const struct pf_node *ifm;

	if (n->argc >= 1 && (n->flags & PF_NODE_INACTIVE) &&
	    strncasecmp(n->argv[0], "proxy:", 6) == 0 &&
	    (pf_node_is(n, "SetHandler") || pf_node_is(n, "AddHandler")) &&
	    (ifm = false_ifmodule(n)) != NULL &&
	    (*mod = proxy_module_id(ifm->argv[0])) != NULL &&
	    !pf_apache_has_module(c->m->apache, *mod))
		return ifm;
	/* another PHP runner's handler (AddType too: mod_fastcgi's
	 * "AddType application/x-httpd-fastphp5 .php" with its Action) */
	if (n->argc >= 1 && (n->flags & PF_NODE_INACTIVE) &&
	    (pf_node_is(n, "SetHandler") || pf_node_is(n, "AddHandler") ||
	    pf_node_is(n, "AddType")) &&
	    (ifm = false_ifmodule(n)) != NULL &&
	    (*mod = runner_module_id(ifm->argv[0])) != NULL)
		return ifm;
	return NULL;
}

/* The node after n in document order below top, without recursion
 * (its first child when descend); NULL after the last. */
static const struct pf_node *
next_below(const struct pf_node *n, const struct pf_node *top, int descend)
{
	if (descend && n->child != NULL)
		return n->child;
	while (n != NULL && n->next == NULL && n != top)
		n = n->parent;
	return n == NULL || n == top ? NULL : n->next;
}

/*
 * php-source-served, the other way: /index.php gets no handler at all
 * because the configuration's PHP-FPM handler for it is inside a false
 * <IfModule proxy_fcgi_module>.  Debian's php8.2-fpm.conf is written
 * so: "a2enconf php8.2-fpm" without "a2enmod proxy_fcgi" (the package
 * says to run both) leaves PHP files to the default handler, which sends
 * their source.  Server- and vhost-level <FilesMatch>/<Files> handlers
 * that match index.php, and AddHandler for .php.  unrouted_first(): the
 * first such handler below top (not below <VirtualHost> with skip_vh),
 * with its false <IfModule> and the module it names.
 */
static const struct pf_node *
unrouted_first(struct pf_rctx *c, const struct pf_node *top, int skip_vh,
    const struct pf_node **ifmp, const char **modp)
{
	const struct pf_node *n = top->child, *ifm, *sec;
	const char *mod;
	int match;

	for (; n != NULL; n = next_below(n, top, !(skip_vh &&
	    pf_node_is(n, "VirtualHost")))) {
		match = 0;
		mod = NULL;
		if ((ifm = unrouted_handler(c, n, &mod)) != NULL) {
			for (sec = n->parent; sec != NULL && sec != top &&
			    strncasecmp(sec->name, "If", 2) == 0;
			    sec = sec->parent)
				;
			if (pf_node_is(n, "AddHandler") ||
			    pf_node_is(n, "AddType")) {
				int k;

				for (k = 1; k < n->argc && sec == top; k++)
					match |= strcasecmp(n->argv[k] +
					    (n->argv[k][0] == '.'), "php") == 0;
			} else if (sec != NULL && sec != top && sec->argc >= 1 &&
			    pf_node_is(sec, "FilesMatch") && !in_container(sec))
				match = pf_sim_regex(c->sim, sec->argv[0], 0,
				    "index.php", NULL, 0) == 1;
			else if (sec != NULL && sec != top && sec->argc >= 1 &&
			    pf_node_is(sec, "Files") && !in_container(sec))
				match = fnmatch(sec->argv[0], "index.php",
				    0) == 0;
		}
		if (match) {
			*ifmp = ifm;
			*modp = mod;
			return n;
		}
	}
	return NULL;
}

/*
 * php-source-served: a SetHandler none (or default-handler) merged after
 * the PHP-FPM handler takes it away from /index.php (an upload folder's
 * "<Files *> SetHandler none" put in the DocumentRoot's .htaccess, a
 * <Directory> meant for static files): Apache sends the scripts as they
 * are (a precision audit of .htaccess files on 2.4.71: /index.php came
 * back 200 with its source).
 */
static void
handler_taken(struct vctx *x, const struct pf_node *n)
{
	struct pf_diag *d = pf_finding(x->c, "php-source-served",
	    PF_SEV_HIGH, n->loc, x->label, "SetHandler %s takes the PHP-FPM "
	    "handler away from /index.php: Apache sends the site's PHP "
	    "scripts as plain files, their source with any password in it, "
	    "to anyone", n->argv[0]);

	pf_ffix(x->c, d, "drop the line, or keep it to the files it is "
	    "meant for (a folder of uploads, with <FilesMatch "
	    "\"\\.(?i:ph(ar|p[0-9]?|tml?))$\"> Require all denied "
	    "</FilesMatch> there too)");
}

static void
unrouted_once(struct pf_rctx *c)
{
	if (!c->unrouted_done) {
		c->unrouted_done = 1;
		c->unrouted_main = unrouted_first(c, c->m->apache->root, 1,
		    &c->unrouted_ifm, &c->unrouted_mod);
	}
}

/* The vhost's own handlers first, then the main server's, which do not
 * depend on the vhost: found once per run (the main tree holds every
 * <VirtualHost>; walking it per vhost made lint of 10,000 vhosts without
 * a PHP route take 1.75 s of CPU instead of 0.3 s). */
static void
source_unrouted(struct vctx *x)
{
	struct pf_rctx *c = x->c;
	const struct pf_node *n, *ifm;
	const char *mod;

	if (x->v->node != NULL &&
	    (n = unrouted_first(c, x->v->node, 0, &ifm, &mod)) != NULL) {
		report_unrouted(x, n, ifm, mod, "/index.php");
		return;
	}
	unrouted_once(c);
	if (c->unrouted_main != NULL)
		report_unrouted(x, c->unrouted_main, c->unrouted_ifm,
		    c->unrouted_mod, "/index.php");
}

/*
 * php-source-served below the DocumentRoot's /index.php: a handler of its
 * own in a <Directory> for a sub-folder or an Alias target, or in a
 * <Location>/<LocationMatch>, serves only the PHP files there, which the
 * /index.php probe never reaches.  On 2.4.71 with php-fpm8.2
 * (tests/rules/source_area_oracle.sh), with the vhost's own handler
 * right: /admin/index.php came back with its source for a typo'd
 * handler in <Directory www/admin>'s <FilesMatch>, /pma/index.php for
 * one in the <Directory> of Alias /pma's target, /app/index.php for
 * <Location /app> SetHandler "proxy:fgci://...", for "proxy:http://..."
 * without mod_proxy_http, for a typo in <LocationMatch ^/app/.*\.php$>
 * and for mod_php's application/x-httpd-php in <Directory www/admin>'s
 * <FilesMatch> (a <Directory>'s AddHandler loses to the vhost's
 * <FilesMatch> SetHandler: it ran);
 * web backends' handlers (http, ws, ajp, h2) are left out, their areas
 * rarely holding PHP files.
 * (A <Location> handler's URL is the handler's with r->filename appended,
 * not the URL path: "...|fcgi://localhost/srv/other/" made FPM answer 404
 * for /app/index.php; the simulator has it so.)  The area's index.php
 * is asked for, the file existing; a handler the request then ends with
 * declined is reported with that URL.
 */
static int
handler_node(const struct pf_node *n)
{
	static const char *const web[] = { "http:", "https:", "ws:", "wss:",
	    "ajp:", "h2:", "h2c:" };
	const char *h, *bar;
	size_t i;

	/* (the first letter before the names: every node of every vhost
	 * comes here) */
	if (n->argc < 1 || (n->flags & PF_NODE_INACTIVE) || n->name == NULL ||
	    ((n->name[0] | 0x20) != 's' && (n->name[0] | 0x20) != 'a') ||
	    !(pf_node_is(n, "SetHandler") || (pf_node_is(n, "AddHandler") &&
	    n->argc >= 2)))
		return 0;
	h = n->argv[0];
	if (strncasecmp(h, "proxy:", 6) != 0)
		return strcasestr(h, "php") != NULL;
	/* A handler for a web backend (proxy:http://app:3000/) proxies an
	 * application that has no PHP files here: only FastCGI's (and
	 * typos of it) are PHP-FPM's. */
	h += 6;
	if ((bar = strchr(h, '|')) != NULL)
		h = bar + 1;
	for (i = 0; i < sizeof(web) / sizeof(web[0]); i++)
		if (strncasecmp(h, web[i], strlen(web[i])) == 0)
			return 0;
	return 1;
}

/*
 * A string the regex re matches, found by taking its first alternative,
 * one of each repeated atom and a class's first character ("^(admin|
 * login)\\.php$" -> admin.php, ".+\\.php$" -> x.php); NULL when that is
 * not simple.  The caller checks that re matches it.
 */
static const char *
regex_sample(struct pf_arena *a, const char *re)
{
	char buf[256];
	size_t n = 0;
	int depth = 0, skip = 0;	/* skip: in a later alternative, at
					 * that depth */

	for (; *re != '\0' && n + 2 < sizeof(buf); re++) {
		char ch = *re;

		if (skip) {
			if (ch == '\\' && re[1] != '\0')
				re++;
			else if (ch == '(')
				depth++;
			else if (ch == ')' && --depth < skip)
				skip = 0;
			continue;
		}
		switch (ch) {
		case '^':
		case '$':
		case '*':
		case '+':
		case '?':
			break;
		case '(':
			depth++;
			if (re[1] == '?' && re[2] == ':')
				re += 2;
			else if (re[1] == '?' && ((re[2] == '<' && re[3] != '=' &&
			    re[3] != '!') || (re[2] == 'P' && re[3] == '<'))) {
				/* a named group: (?<name>...), (?P<name>...) */
				if ((re = strchr(re, '>')) == NULL)
					return NULL;
			} else if (re[1] == '?' && re[2] == '\'') {
				if ((re = strchr(re + 3, '\'')) == NULL)
					return NULL;
			} else if (re[1] == '?')
				return NULL;
			break;
		case ')':
			depth--;
			break;
		case '|':
			if (depth == 0)
				goto done;
			skip = depth;
			break;
		case '.':
			buf[n++] = 'x';
			break;
		case '[':
			if (re[1] == '^' || re[1] == '\0' || re[1] == '\\')
				return NULL;
			buf[n++] = re[1];
			re = strchr(re + 2, ']');
			if (re == NULL)
				return NULL;
			break;
		case '{':
			re = strchr(re, '}');
			if (re == NULL)
				return NULL;
			break;
		case '\\':
			if (re[1] == '\0' || isalnum((unsigned char)re[1]))
				return NULL;
			buf[n++] = *++re;
			break;
		default:
			buf[n++] = ch;
		}
	}
done:
	return n > 0 ? pf_strndup(a, buf, n) : NULL;
}

/* The directory a <DirectoryMatch> (or <Directory ~>) regex is anchored
 * at: its literal part up to the last '/' ('.' and "\\." taken as a dot:
 * "^/var/www/example.com/admin" -> /var/www/example.com/admin), or NULL. */
static const char *
dirmatch_dir(struct pf_arena *a, const char *re)
{
	char buf[1024];
	size_t n = 0, i;

	if (re[0] == '^')
		re++;
	if (re[0] != '/')
		return NULL;
	for (i = 0; re[i] != '\0' && n + 1 < sizeof(buf); i++) {
		if (re[i] == '\\' && re[i + 1] != '\0' &&
		    !isalnum((unsigned char)re[i + 1]))
			buf[n++] = re[++i];
		else if (strchr("^$*+?()[]{}|\\", re[i]) != NULL)
			break;
		else
			buf[n++] = re[i];
	}
	/* a repeat takes the last character back; a partial name goes */
	if (strchr("*?{", re[i]) != NULL && re[i] != '\0' && n > 0)
		n--;
	if (re[i] != '\0' && re[i] != '$' && !(re[i] == '/' ||
	    (n > 0 && buf[n - 1] == '/')))
		while (n > 0 && buf[n - 1] != '/')
			n--;
	while (n > 1 && buf[n - 1] == '/')
		n--;
	return n > 0 ? pf_strndup(a, buf, n) : NULL;
}

/* The section that decides the area node n applies to: the innermost
 * of its sections that is neither a <Files>/<FilesMatch> nor a
 * conditional (<If*>, <ElseIf>, <Else>), or NULL at the server or vhost
 * level.  *files (when not NULL) gets the innermost <Files*> passed. */
static const struct pf_node *
area_section(const struct pf_node *n, const struct pf_node **files)
{
	const struct pf_node *s;

	if (files != NULL)
		*files = NULL;
	for (s = n->parent; s != NULL && s->parent != NULL; s = s->parent) {
		if (pf_node_is(s, "VirtualHost"))
			return NULL;
		if (pf_node_is(s, "Files") || pf_node_is(s, "FilesMatch")) {
			if (files != NULL && *files == NULL)
				*files = s;
			continue;
		}
		if (strncasecmp(s->name, "If", 2) != 0 &&
		    !pf_node_is(s, "Else") && !pf_node_is(s, "ElseIf"))
			return s;
	}
	return NULL;
}

/* The URL directory of the area a handler node applies to: its
 * <Directory>, <DirectoryMatch>, <Location> or <LocationMatch>
 * (area_section's), or NULL (server or vhost level, then *top is set:
 * /index.php's; other sections).  *dir gets a <Directory>'s path,
 * *files the innermost <Files>/<FilesMatch>. */
static const char *
handler_area(struct vctx *x, const struct pf_node *n, const char **dir,
    const struct pf_node **files, int *top)
{
	const struct pf_node *s = area_section(n, files);
	const char *d;

	*dir = NULL;
	*top = s == NULL;
	if (s == NULL || s->argc < 1)
		return NULL;
	if (pf_node_is(s, "Directory") && strcmp(s->argv[0], "~") != 0 &&
	    strpbrk(s->argv[0], "*?[") == NULL) {
		*dir = s->argv[0];
		return pf_sim_url_of(x->c->sim, x->v, s->argv[0]);
	}
	if (pf_node_is(s, "DirectoryMatch") || (pf_node_is(s,
	    "Directory") && s->argc > 1 && strcmp(s->argv[0],
	    "~") == 0)) {
		d = dirmatch_dir(x->a, s->argv[pf_node_is(s,
		    "Directory") ? 1 : 0]);
		if (d == NULL)
			return NULL;
		*dir = d;
		return pf_sim_url_of(x->c->sim, x->v, d);
	}
	if (pf_node_is(s, "Location") && strcmp(s->argv[0], "~") != 0)
		return strpbrk(s->argv[0], "*?[") == NULL ?
		    s->argv[0] : NULL;
	if (pf_node_is(s, "LocationMatch") || (pf_node_is(s,
	    "Location") && s->argc > 1))
		return regex_dir(x->a, s->argv[s->argc > 1 &&
		    pf_node_is(s, "Location") ? 1 : 0]);
	return NULL;
}

/* A PHP file name the <Files>/<FilesMatch> f admits: index.php, or one
 * of the names it is written for ("^(admin|login)\\.php$"); NULL when
 * none is found or it is not a .php file (.phps is PHP's source on
 * purpose). */
static const char *
files_name(struct vctx *x, const struct pf_node *f)
{
	const char *pat, *name;
	size_t n;
	int re;

	if (f == NULL)
		return "index.php";
	if (f->argc < 1)
		return NULL;
	re = pf_node_is(f, "FilesMatch");
	pat = f->argv[0];
	if (!re && strcmp(pat, "~") == 0) {	/* <Files ~ re> */
		if (f->argc < 2)
			return NULL;
		re = 1;
		pat = f->argv[1];
	}
	if (re ? pf_sim_regex(x->c->sim, pat, 0, "index.php", NULL, 0) == 1 :
	    fnmatch(pat, "index.php", 0) == 0)
		return "index.php";
	name = re ? regex_sample(x->a, pat) : strpbrk(pat, "*?[") == NULL ?
	    pat : NULL;
	if (name == NULL || strchr(name, '/') != NULL ||
	    (n = strlen(name)) < 5 || strcasecmp(name + n - 4, ".php") != 0)
		return NULL;
	if (re ? pf_sim_regex(x->c->sim, pat, 0, name, NULL, 0) != 1 :
	    fnmatch(pat, name, 0) != 0)
		return NULL;
	return name;
}

/* The file of URL u's directory name in vhost x: below the target of the
 * vhost's or the main server's Alias whose URL it is under, else below
 * the DocumentRoot. */
static const char *
area_file(struct vctx *x, const char *u, const char *name)
{
	const struct pf_vhost *vh;
	size_t i, j, n;

	for (i = 0; (vh = scope_server(x, i)) != NULL; i++) {
		for (j = 0; j < vh->alias_map.n; j++) {
			const struct pf_alias *al = &vh->alias_map.v[j];

			if (al->regex || al->url == NULL || al->path == NULL ||
			    al->url[0] != '/' || al->path[0] != '/')
				continue;
			n = strlen(al->url);
			while (n > 1 && al->url[n - 1] == '/')
				n--;
			if (n > 1 && strncmp(u, al->url, n) == 0 &&
			    (u[n] == '/' || u[n] == '\0'))
				return join(x->a, join(x->a, al->path, u + n +
				    strspn(u + n, "/")), name);
		}
	}
	return join(x->a, join(x->a, x->docroot, u + strspn(u, "/")), name);
}

/* fn(ctx, n) for each handler node below top, in document order (not
 * below <VirtualHost> with skip_vh). */
static void
handlers_in(const struct pf_node *top, int skip_vh,
    void (*fn)(void *, const struct pf_node *), void *ctx)
{
	const struct pf_node *n;

	for (n = top->child; n != NULL; n = next_below(n, top, !(skip_vh &&
	    pf_node_is(n, "VirtualHost"))))
		if (handler_node(n) || ((n->flags & PF_NODE_INACTIVE) &&
		    n->argc >= 1 && strncasecmp(n->argv[0], "proxy:", 6) == 0 &&
		    (pf_node_is(n, "SetHandler") || pf_node_is(n,
		    "AddHandler"))))
			fn(ctx, n);
}

static void
source_area(void *ctx, const struct pf_node *n)
{
	struct vctx *x = ctx;
	const char *dir, *u, *name, *mod = NULL;
	const struct pf_node *files, *ifm = NULL;
	struct probe p;
	struct pf_sim_verdict v;
	int top;

	if ((n->flags & PF_NODE_INACTIVE) &&
	    (ifm = unrouted_handler(x->c, n, &mod)) == NULL)
		return;
	u = handler_area(x, n, &dir, &files, &top);
	if ((name = files_name(x, files)) == NULL)
		return;
	if (u == NULL && top && strcmp(name, "index.php") != 0)
		u = "/";	/* for some names only: /index.php misses it */
	else if (u == NULL || u[0] != '/' || u[strspn(u, "/")] == '\0')
		return;
	memset(&p, 0, sizeof(p));
	p.cls = P_LEGIT;
	p.url = join(x->a, u, name);
	p.file = dir != NULL ? join(x->a, dir, name) : area_file(x, u, name);
	run_probe(x, &p, &v);
	if (ifm != NULL) {
		if (v.outcome == PF_SIM_STATIC && v.handler == NULL)
			report_unrouted(x, n, ifm, mod, p.url);
		return;
	}
	if (v.outcome == PF_SIM_STATIC && v.declined != PF_DECLINE_NONE &&
	    v.route != NULL)
		source_served(x, &p, &v);
}

/* The main server's handlers are found once, not walked per vhost (the
 * main tree holds every vhost: that walk was quadratic, 10,000 vhosts
 * took 2 s more). */
static void
keep_handler(void *ctx, const struct pf_node *n)
{
	struct pf_rctx *c = ctx;

	PF_PUSH(c->run->arena, c->main_handlers, n);
}

/*
 * Main-server nodes by the directory of their area: the <Directory>
 * (a plain path) or <DirectoryMatch> (its literal head, dirmatch_dir)
 * they sit in, through <Files*> and the conditionals, as handler_area()
 * finds it, which does not depend on the vhost; sorted by it, so the
 * nodes below a directory are one range.  The others (a <Location>, the
 * top level, a wildcard <Directory>) are kept apart: every vhost looks
 * at them.
 */
struct dir_ent {
	const char	*dir;
	size_t		 idx;		/* the node's position */
};
struct idx_vec {
	size_t		*v;
	size_t		 n, cap;
};
/* (a route that is no handler: of no directory, tried in every vhost) */
static const struct pf_node route_anywhere;
struct pf_dir_index {
	struct dir_ent	*v;
	size_t		 n;
	size_t		*other;
	size_t		 nother;
};

/* The area directory of a main-server node n (NULL: not a directory's,
 * or handler_area() gives no URL for it anyway). */
static const char *
main_area_dir(struct pf_arena *a, const struct pf_node *n, int *never)
{
	const struct pf_node *s = area_section(n, NULL);

	*never = 0;
	if (s == NULL)
		return NULL;
	if (s->argc < 1) {
		*never = 1;
		return NULL;
	}
	if (pf_node_is(s, "Directory") && strcmp(s->argv[0], "~") != 0)
		return strpbrk(s->argv[0], "*?[") == NULL ? s->argv[0] : NULL;
	if (pf_node_is(s, "DirectoryMatch") || (pf_node_is(s, "Directory") &&
	    s->argc > 1)) {
		const char *d = dirmatch_dir(a, s->argv[pf_node_is(s,
		    "Directory") ? 1 : 0]);

		*never = d == NULL;
		return d;
	}
	return NULL;
}

static int
cmp_dir_ent(const void *p, const void *q)
{
	const struct dir_ent *a = p, *b = q;
	int r = strcmp(a->dir, b->dir);

	return r != 0 ? r : a->idx < b->idx ? -1 : a->idx > b->idx;
}

static struct pf_dir_index *
dir_index_new(struct pf_arena *a, const struct pf_node *const *nodes,
    size_t n)
{
	struct pf_dir_index *x = pf_alloc(a, sizeof(*x));
	size_t i;
	int never;

	x->v = pf_alloc(a, (n + 1) * sizeof(*x->v));
	x->other = pf_alloc(a, (n + 1) * sizeof(*x->other));
	for (i = 0; i < n; i++) {
		const char *d = nodes[i] != NULL ? main_area_dir(a, nodes[i],
		    &never) : NULL;

		if (d != NULL) {
			x->v[x->n].dir = d;
			x->v[x->n++].idx = i;
		} else if (nodes[i] != NULL && !never)
			x->other[x->nother++] = i;
	}
	qsort(x->v, x->n, sizeof(*x->v), cmp_dir_ent);
	return x;
}

/* Adds to out the positions of the nodes of x whose directory is root
 * or below it (pf_path_under). */
static void
dir_index_under(const struct pf_dir_index *x, const char *root,
    struct pf_arena *a, struct idx_vec *out)
{
	size_t n = strlen(root), lo = 0, hi = x->n;

	while (n > 1 && root[n - 1] == '/')
		n--;
	if (n == 1 && root[0] == '/')
		n = 0;		/* everything absolute */
	while (lo < hi) {	/* the first dir >= root's head */
		size_t mid = lo + (hi - lo) / 2;

		if (strncmp(x->v[mid].dir, root, n) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < x->n && strncmp(x->v[lo].dir, root, n) == 0; lo++)
		if (n == 0 ? x->v[lo].dir[0] == '/' :
		    x->v[lo].dir[n] == '\0' || x->v[lo].dir[n] == '/')
			PF_PUSH(a, *out, x->v[lo].idx);
}

static int
cmp_size(const void *p, const void *q)
{
	size_t a = *(const size_t *)p, b = *(const size_t *)q;

	return a < b ? -1 : a > b;
}

/*
 * The positions in index x of the main server's nodes that may apply in
 * vhost x's URL space, in order, each once: those below its DocumentRoot
 * or an Alias target of it or of the main server (pf_sim_url_of's
 * roots), and those of no directory.
 */
static void
main_candidates(struct vctx *x, const struct pf_dir_index *ix,
    struct idx_vec *out)
{
	const struct pf_vhost *vh;
	size_t i, j, k;

	out->n = 0;
	for (i = 0; i < ix->nother; i++)
		PF_PUSH(x->a, *out, ix->other[i]);
	dir_index_under(ix, x->docroot, x->a, out);
	for (i = 0; (vh = scope_server(x, i)) != NULL; i++)
		for (j = 0; j < vh->alias_map.n; j++)
			if (!vh->alias_map.v[j].regex &&
			    vh->alias_map.v[j].path != NULL)
				dir_index_under(ix, vh->alias_map.v[j].path,
				    x->a, out);
	if (out->n < 2)
		return;
	qsort(out->v, out->n, sizeof(*out->v), cmp_size);
	for (i = k = 1; i < out->n; i++)
		if (out->v[i] != out->v[k - 1])
			out->v[k++] = out->v[i];
	out->n = k;
}

static void
main_handlers_once(struct pf_rctx *c)
{
	const struct pf_vhost *mv = &c->m->apache->main;
	const struct pf_node **rn;
	size_t i;

	if (!c->main_handlers_done) {
		c->main_handlers_done = 1;
		handlers_in(c->m->apache->root, 1, keep_handler, c);
		c->mh_index = dir_index_new(c->run->arena,
		    c->main_handlers.v, c->main_handlers.n);
		/* the routes that are handlers: their area's directory;
		 * the others (ProxyPassMatch ...) every vhost tries */
		rn = pf_alloc(c->run->arena, (mv->routes.n + 1) *
		    sizeof(*rn));
		for (i = 0; i < mv->routes.n; i++) {
			const struct pf_route *r = &mv->routes.v[i];

			rn[i] = r->node;
			if (r->kind != PF_ROUTE_SETHANDLER && r->kind !=
			    PF_ROUTE_ADDHANDLER && r->kind != PF_ROUTE_ACTION)
				rn[i] = &route_anywhere;
		}
		c->mr_index = dir_index_new(c->run->arena, rn, mv->routes.n);
	}
}

static void
source_areas(struct vctx *x)
{
	struct pf_rctx *c = x->c;
	struct idx_vec cand = { 0 };
	size_t i;

	if (x->v->node != NULL)
		handlers_in(x->v->node, 0, source_area, x);
	main_handlers_once(c);
	main_candidates(x, c->mh_index, &cand);
	for (i = 0; i < cand.n; i++)
		source_area(x, c->main_handlers.v[cand.v[i]]);
}

static void
build_probes(struct vctx *x, const struct pf_wdir *wd, size_t nwd)
{
	struct pf_arena *a = x->a;
	const char *dr = x->docroot, *ad;
	struct stat st;
	size_t i;

	add_probe(x, P_LEGIT, "/index.php", join(a, dr, "index.php"), NULL,
	    NULL, NULL);
	add_probe(x, P_LEGIT, "/a/b.php", join(a, dr, "a/b.php"), NULL, NULL,
	    NULL);
	add_probe(x, P_LEGIT, "/index.php/foo", join(a, dr, "index.php"),
	    NULL, NULL, NULL);
	add_probe(x, P_NOFILE, "/nope.php", NULL, NULL, NULL, NULL);
	add_probe(x, P_TRANSLATED, "/index.php/t/y.php", join(a, dr,
	    "index.php"), join(a, dr, "t/y.php"), NULL, NULL);
	/* Writable directories first: their findings are the telling ones
	 * (a route is reported once, with the first probe that shows it). */
	for (i = 0; i < nwd; i++) {
		const char *u = pf_sim_url_of(x->c->sim, x->v, wd[i].path);

		if (u != NULL)
			dir_probes(x, u, wd[i].path, &wd[i]);
	}
	dir_probes(x, "", dr, NULL);
	/* A site whose PHP runs in one part (<LocationMatch "^/app/.+\\.php$">):
	 * the same questions there, and a script that does not exist, when
	 * that part is a folder on disk (a <Location /fpm-status> page has
	 * none for an attacker's file). */
	ad = x->area_dir != NULL ? join(a, dr, x->area_dir + 1) : NULL;
	if (ad != NULL && stat(pf_host_path(x->c->run, ad), &st) == 0 &&
	    S_ISDIR(st.st_mode)) {
		dir_probes(x, x->area_dir, ad, NULL);
		/* (its index.php declared: the folder exists) */
		add_probe(x, P_NOFILE, join(a, x->area_dir, "nope.php"),
		    join(a, ad, "index.php"), NULL, ad, NULL);
	}
	alias_probes(x);
	/* URL prefixes that ProxyPass routes proxy (/app/): non-scripts
	 * below them are the question. */
	for (i = 0; scope_server(x, i) != NULL; i++) {
		const struct pf_vhost *v = scope_server(x, i);
		size_t j;

		for (j = 0; j < v->routes.n; j++) {
			const struct pf_route *r = &v->routes.v[j];
			const char *pre = NULL;

			if (r->inactive)
				continue;
			/* Only URL routes: a <Location /x> handler needs a
			 * real content directory behind it to matter. */
			if (r->kind == PF_ROUTE_PROXYPASS && r->pattern != NULL)
				pre = r->pattern;
			else if ((r->kind == PF_ROUTE_PROXYPASSMATCH ||
			    r->kind == PF_ROUTE_REWRITE_PROXY) &&
			    r->pattern != NULL)
				pre = regex_dir(a, r->pattern);
			if (pre == NULL || strcmp(pre, "/") == 0 ||
			    pre[0] != '/' || strpbrk(pre, "*?[") != NULL)
				continue;
			dir_probes(x, pre, join(a, dr, pre + 1), NULL);
		}
	}
}

static void
run_probe(struct vctx *x, const struct probe *p, struct pf_sim_verdict *v)
{
	const char *files[3];
	struct pf_sim_fs fs;
	size_t n = 0;

	if (p->file != NULL)
		files[n++] = p->file;
	if (p->file2 != NULL)
		files[n++] = p->file2;
	fs.files = files;
	fs.nfiles = n;
	fs.real = 0;
	pf_sim_request(x->c->sim, x->v, p->url, &fs, v);
}

/* Points a finding at the facts FPM used. */
static void
fpm_facts(struct pf_rctx *c, struct pf_diag *d,
    const struct pf_sim_verdict *v)
{
	if (v->pool != NULL) {
		if (v->pool->limit_extensions.s != NULL)
			pf_frel(c, d, v->pool->limit_extensions.loc,
			    "security.limit_extensions of pool %s",
			    v->pool->name);
		else
			pf_frel(c, d, v->pool->loc, "pool %s (default "
			    "security.limit_extensions .php .phar)",
			    v->pool->name);
	}
	if (v->fix_pathinfo_loc.file != 0)
		pf_frel(c, d, v->fix_pathinfo_loc, "cgi.fix_pathinfo = %d",
		    v->fix_pathinfo);
}

static struct pf_loc
node_loc(const struct pf_node *n)
{
	return n != NULL ? n->loc : PF_NOLOC;
}

static const char *
what_fpm_did(struct pf_rctx *c, const struct pf_sim_verdict *v)
{
	switch (v->fpm) {
	case PF_FPM_EXEC:
		return pf_printf(c->run->arena, "FPM executes %s as PHP",
		    v->executed);
	case PF_FPM_DENIED:
		return pf_printf(c->run->arena, "only security.limit_extensions "
		    "keeps FPM from running a file at %s as PHP (FPM answers "
		    "403, \"Access denied.\")", v->executed);
	case PF_FPM_NOT_FOUND:
		return "FPM answers 404";
	case PF_FPM_STATUS:
		return "FPM answers with its status page";
	case PF_FPM_NO_BACKEND:
		return "no pool listens there yet (503)";
	case PF_FPM_NONE:
		break;
	}
	return "it reaches FPM";
}

static int
section_is(const struct pf_node *s, const char *a, const char *b)
{
	return s != NULL && s->name != NULL && (strcasecmp(s->name, a) == 0 ||
	    (b != NULL && strcasecmp(s->name, b) == 0));
}

static int restricts(const struct pf_node *);
static const char *acl_file_sample(struct pf_rctx *, const struct pf_node *);

/*
 * An access rule below the section s that a PATH_TRANSLATED script
 * escapes: a restricting <Directory> other than the DocumentRoot and its
 * ancestors (those refuse /index.php too; an Alias target's counts, as
 * ap_sub_req_lookup_uri maps the path info through Aliases), any
 * <DirectoryMatch>, a <Files>/<FilesMatch> that covers a .php name, a
 * <Location>/<LocationMatch> other than "/", and an .htaccess file's.
 */
/* A <Location> that sets a handler (Debian's status.conf: SetHandler
 * server-status, Require local) guards that page, not scripts. */
static int
sets_handler(const struct pf_node *s)
{
	const struct pf_node *n;

	for (n = s->child; n != NULL; n = n->next)
		if (!(n->flags & (PF_NODE_INACTIVE | PF_NODE_READ)) &&
		    strcasecmp(n->name, "SetHandler") == 0)
			return 1;
	return 0;
}

static int
acl_below(struct pf_rctx *c, const struct pf_node *s, const char *docroot)
{
	const struct pf_node *n;

	for (n = s->child; n != NULL; n = n->next) {
		const char *nm = n->name, *a;

		if (n->flags & (PF_NODE_INACTIVE | PF_NODE_READ) ||
		    !(n->flags & PF_NODE_SECTION))
			continue;
		if (strcasecmp(nm, "VirtualHost") == 0)
			continue;	/* the vhost's own: the caller's */
		a = n->argc > 0 ? n->argv[0] : "";
		if (restricts(n) && ((n->flags & PF_NODE_HTACCESS) ||
		    strcasecmp(nm, "DirectoryMatch") == 0 ||
		    (strcasecmp(nm, "Directory") == 0 && (strcmp(a, "~") == 0 ||
		    !pf_path_under(docroot, a))) ||
		    ((strcasecmp(nm, "Files") == 0 ||
		    strcasecmp(nm, "FilesMatch") == 0) &&
		    (a = acl_file_sample(c, n)) != NULL &&
		    php_ext(a, a + strlen(a))) ||
		    ((strcasecmp(nm, "Location") == 0 ||
		    strcasecmp(nm, "LocationMatch") == 0) &&
		    strcmp(a, "/") != 0 && !sets_handler(n))))
			return 1;
		if (acl_below(c, n, docroot))
			return 1;
	}
	return 0;
}

/*
 * Whether Apache could refuse some script of the vhost that index.php's
 * path info can name: an access rule in the configuration (acl_below),
 * or an AllowOverride that lets .htaccess files add one (AuthConfig,
 * Limit) in the DocumentRoot.  Without either, running PATH_TRANSLATED
 * runs only scripts Apache would run when asked for them directly.
 */
static int
acls_to_bypass(struct vctx *x)
{
	struct pf_rctx *c = x->c;
	const struct pf_node *ovr;

	if (pf_sim_allow_override(c->sim, x->v, x->docroot, &ovr) &
	    (PF_OVR_AUTHCONFIG | PF_OVR_LIMIT))
		return 1;
	if (c->m->apache->root != NULL &&
	    acl_below(c, c->m->apache->root, x->docroot))
		return 1;
	return x->v->node != NULL && acl_below(c, x->v->node, x->docroot);
}

static int seen_route(struct vctx *, const struct pf_node *);

/* The FPM path before seg in SCRIPT_FILENAME sf is the page pg. */
static int
status_prefix(const char *sf, const char *seg, const char *pg)
{
	const char *path = sf;
	size_t n;

	if (pg == NULL || pg[0] != '/')
		return 0;
	if (strncasecmp(sf, "proxy:", 6) == 0 && strstr(sf, "://") != NULL)
		path = strchr(strstr(sf, "://") + 3, '/');
	if (path == NULL || path > seg)
		return 0;
	n = strlen(pg);
	return (size_t)(seg - path) == n && strncmp(path, pg, n) == 0;
}

/*
 * A URL route whose target is not where Apache maps the URL (the php
 * container's /srv/app behind the httpd container's htdocs, or
 * ProxyPass /x fcgi://host:9000 with no path, which lets the URL name
 * any path of FPM's host): the probe's file lies below the DocumentRoot,
 * so FPM finds nothing there and the simulator says 404.  The files FPM
 * serves are in its own tree, an upload lands where the application
 * (FPM) writes it: the question is what FPM does with the attacker's
 * file at the path it is sent, so it is asked again with the file there.
 * seg points at the attacker's segment in v->script_filename.
 */
static const struct pf_sim_verdict *
fpm_tree(struct vctx *x, const struct probe *p,
    const struct pf_sim_verdict *v, const char *seg,
    struct pf_sim_verdict *out)
{
	const char *sf = v->script_filename, *path = sf, *q, *files[1];
	struct pf_sim_fs fs;

	if (strncasecmp(sf, "proxy:fcgi://", 13) == 0 ||
	    strncasecmp(sf, "proxy:balancer://", 17) == 0) {
		path = strchr(strstr(sf, "://") + 3, '/');
		if (path == NULL || path > seg)
			return v;
	}
	/* FPM's tree holds the attacker's file there only when the route
	 * is the site's script route (it sent /index.php or /nope.php:
	 * its target directory is where the scripts, and the uploads,
	 * are), or when nothing comes before the URL's part (the URL names
	 * any path).  ProxyPass /status fcgi://h:9000/status puts the
	 * file below /status, a directory FPM's host does not have. */
	if (path != seg && !seen_route(x, v->route))
		return v;
	q = seg + strlen(strrchr(p->file, '/'));
	{
		/* the kernel's name: "//app/web/" is /app/web/ */
		char *f = pf_strndup(x->a, path, (size_t)(q - path));
		size_t i, w = 0;

		for (i = 0; f[i] != '\0'; i++)
			if (f[i] != '/' || w == 0 || f[w - 1] != '/')
				f[w++] = f[i];
		f[w] = '\0';
		files[0] = f;
	}
	if (strcmp(files[0], p->file) == 0)
		return v;
	fs.files = files;
	fs.nfiles = 1;
	fs.real = 0;
	pf_sim_request(x->c->sim, x->v, p->url, &fs, out);
	if (out->outcome != PF_SIM_FPM || (out->fpm != PF_FPM_EXEC &&
	    out->fpm != PF_FPM_DENIED) || out->executed == NULL ||
	    strcmp(out->executed, files[0]) != 0)
		return v;
	return out;
}

/*
 * A probe whose file mod_php runs inside Apache (sim.c: its handler, its
 * engine on there): no security.limit_extensions stands behind Apache's
 * choice, so a name whose last extension is not PHP that runs is the
 * attacker's script running.  mod_mime's every-extension mapping
 * (AddHandler, or AddType standing in for the handler: the PHP
 * manual's old "AddType application/x-httpd-php .php" line) and a
 * SetHandler whose section does not anchor the last extension.
 */
static void
judge_modphp(struct vctx *x, const struct probe *p,
    const struct pf_sim_verdict *v)
{
	struct pf_rctx *c = x->c;
	struct pf_diag *d;

	if ((p->cls != P_DOUBLE && p->cls != P_STATIC) || v->filename == NULL ||
	    strcmp(v->filename, p->file) != 0 || v->route == NULL)
		return;
	if (p->cls == P_DOUBLE && v->via == PF_ROUTE_ADDHANDLER) {
		d = pf_finding(c, "addhandler-multi-extension",
		    PF_SEV_CRITICAL, node_loc(v->route), x->label, "mod_mime "
		    "maps every extension of a name, so %s gets mod_php's "
		    "handler \"%s\", and mod_php runs %s as PHP inside Apache",
		    p->url, v->handler, v->filename);
		if (pf_node_is(v->route, "TypesConfig"))
			pf_ffix(c, d, "take the PHP types out of %s (old "
			    "mime-support files list application/x-httpd-php "
			    "for php and phtml) and give PHP to mod_php with "
			    "<FilesMatch \".+\\.ph(?:ar|p|tml)$\"> SetHandler "
			    "%s </FilesMatch>", v->route->argc > 0 ?
			    v->route->argv[0] : "the TypesConfig file",
			    v->handler);
		else
			pf_ffix(c, d, "replace %s with <FilesMatch "
			    "\".+\\.ph(?:ar|p|tml)$\"> SetHandler %s "
			    "</FilesMatch> (Debian's php8.2.conf)",
			    v->route->name, v->handler);
		return;
	}
	if (v->via != PF_ROUTE_SETHANDLER)
		return;
	d = pf_finding(c, "unanchored-php-handler", PF_SEV_CRITICAL,
	    node_loc(v->route), x->label, "the PHP handler %s applies to %s, "
	    "whose last extension is not PHP, and mod_php runs %s as PHP "
	    "inside Apache", v->route_section != NULL ?
	    pf_printf(c->run->arena, "in <%s>", v->route_section->name) :
	    "set here", p->url, v->filename);
	if (v->route_section != NULL)
		pf_frel(c, d, v->route_section->loc, "the section that "
		    "selects the files");
	pf_ffix(c, d, "anchor the pattern on the last extension: "
	    "<FilesMatch \".+\\.ph(?:ar|p|tml)$\">");
}

static void
judge(struct vctx *x, const struct probe *p, const struct pf_sim_verdict *v)
{
	struct pf_rctx *c = x->c;
	struct pf_diag *d = NULL;
	enum pf_severity sev;
	int exec_bad = v->fpm == PF_FPM_EXEC;
	const char *attacker = p->cls == P_TRANSLATED ? p->file2 : p->file;
	struct pf_sim_verdict other;

	if (v->outcome == PF_SIM_OTHER && v->php_exec) {
		judge_modphp(x, p, v);
		return;
	}

	/* A FastCGI backend no pool listens on, when pools were read, is
	 * not PHP-FPM (or a dead route, which route-no-pool reports). */
	if (v->outcome != PF_SIM_FPM || v->fpm == PF_FPM_NO_BACKEND)
		return;
	if (url_route(v->via)) {
		const char *seg = attacker != NULL &&
		    v->script_filename != NULL ? strstr(v->script_filename,
		    strrchr(attacker, '/')) : NULL;
		int carries = seg != NULL &&
		    !after_literal_script(v->script_filename, seg);

		if (carries && v->fpm == PF_FPM_NOT_FOUND && (p->cls ==
		    P_PATHINFO || p->cls == P_STATIC || p->cls == P_DOUBLE))
			v = fpm_tree(x, p, v, seg, &other);
		if (v == &other)
			attacker = v->executed;
		exec_bad = v->fpm == PF_FPM_EXEC;
		/* ProxyPass /fpm-status fcgi://h/fpm-status: the pool's status
		 * or ping page, below which FPM finds nothing (404); the page
		 * itself is fpm-status-exposed's. */
		if (carries && v->fpm == PF_FPM_NOT_FOUND && v->pool != NULL &&
		    (status_prefix(v->script_filename, seg,
		    v->pool->status_path.s) || status_prefix(v->script_filename,
		    seg, v->pool->ping_path.s)))
			return;

		/* A prefix has no pattern to anchor: non-scripts it forwards
		 * are the greedy-route finding. */
		if (p->cls == P_DOUBLE && carries &&
		    v->via != PF_ROUTE_PROXYPASS) {
			sev = exec_bad ? PF_SEV_CRITICAL : PF_SEV_HIGH;
			d = pf_finding(c, "unanchored-php-handler", sev,
			    node_loc(v->route), x->label, "%s matches %s, whose "
			    "last extension is not PHP; %s", v->route->name,
			    p->url, what_fpm_did(c, v));
		} else if ((p->cls == P_PATHINFO || p->cls == P_STATIC ||
		    p->cls == P_DOUBLE) && carries) {
			int acl = v->fs_authz != PF_AUTHZ_GRANTED;

			/*
			 * Section 4: with cgi.fix_pathinfo=0 FPM cannot be
			 * made to run the file, so what is left is the
			 * bypassed Apache checks: medium when the attacker's
			 * file sits in a writable directory or ACLs exist,
			 * low when only a non-script at the DocumentRoot
			 * itself (which users cannot write) is forwarded.
			 */
			sev = exec_bad ? PF_SEV_CRITICAL : v->fix_pathinfo ?
			    PF_SEV_HIGH : acl || p->wd != NULL ? PF_SEV_MEDIUM :
			    PF_SEV_LOW;
			d = pf_finding(c, "greedy-proxypassmatch", sev,
			    node_loc(v->route), x->label, "%s forwards %s to "
			    "FastCGI as %s without Apache checking that a PHP "
			    "script exists; %s%s", v->route->name, p->url,
			    v->script_filename, what_fpm_did(c, v),
			    !v->fix_pathinfo ? " (cgi.fix_pathinfo=0 keeps "
			    "FPM from resolving the file)" : v->fpm ==
			    PF_FPM_NOT_FOUND ? " only because no such file is "
			    "there now: with cgi.fix_pathinfo=1 FPM resolves "
			    "a non-script that lands at that path (an upload) "
			    "and only security.limit_extensions keeps it from "
			    "running it" : "");
			if (p->cls == P_PATHINFO && v->fix_pathinfo &&
			    v->executed != NULL && strcmp(v->executed,
			    attacker) == 0) {
				struct pf_diag *e = pf_finding(c,
				    "pathinfo-exposure", exec_bad ?
				    PF_SEV_CRITICAL : PF_SEV_HIGH,
				    node_loc(v->route), x->label, "with "
				    "cgi.fix_pathinfo=1 FPM resolves %s to the "
				    "%s %s; %s", p->url, p->wd != NULL ?
				    "uploaded" : "non-script", attacker,
				    what_fpm_did(c, v));

				pf_ffix(c, e, "set cgi.fix_pathinfo=0 for this "
				    "pool (php_admin_value[cgi.fix_pathinfo] = "
				    "0) and route PHP with SetHandler in an "
				    "anchored <FilesMatch>");
				fpm_facts(c, e, v);
				pf_mark_exposed(c, v->pool, v->route);
			}
		} else if (p->cls == P_TRANSLATED && !v->fix_pathinfo &&
		    v->path_translated != NULL && v->executed != NULL &&
		    strcmp(v->executed, v->path_translated) == 0 &&
		    (v->fpm == PF_FPM_EXEC || v->fpm == PF_FPM_DENIED)) {
			/* proxy-fcgi-pathinfo gives a URL route PATH_INFO and
			 * PATH_TRANSLATED, which FPM runs with
			 * cgi.fix_pathinfo=0 (verified on 2.4.71). */
			d = pf_finding(c, "pathinfo-exposure", exec_bad ?
			    PF_SEV_CRITICAL : PF_SEV_HIGH, node_loc(v->route),
			    x->label, "proxy-fcgi-pathinfo makes Apache send "
			    "PATH_TRANSLATED, and with cgi.fix_pathinfo=0 FPM "
			    "runs it instead of the script: %s runs %s; %s",
			    p->url, v->executed, what_fpm_did(c, v));
			pf_ffix(c, d, "drop the SetEnvIf that sets "
			    "proxy-fcgi-pathinfo (or leave cgi.fix_pathinfo at "
			    "1 with a route that only forwards existing "
			    "scripts)");
			fpm_facts(c, d, v);
			pf_mark_exposed(c, v->pool, v->route);
			return;
		}
		if (d != NULL) {
			pf_ffix(c, d, "route with <FilesMatch \".+\\.php$\"> "
			    "and SetHandler \"proxy:...\" so Apache resolves "
			    "the file first, or restrict the pattern to the "
			    "front controller (^/index\\.php$)");
			fpm_facts(c, d, v);
			/* (only if d was reported: a forked pass learns
			 * that at the join) */
			pf_mark_exposed_if(c, d, v->pool, v->route);
		}
		return;
	}
	/* Handler routes: Apache resolved the file before FPM. */
	if ((p->cls == P_DOUBLE || p->cls == P_STATIC) &&
	    (v->via == PF_ROUTE_ADDHANDLER || v->via == PF_ROUTE_ACTION) &&
	    p->cls == P_DOUBLE) {
		int addtype = v->via == PF_ROUTE_ACTION &&
		    v->route_section != NULL && strcasecmp(
		    v->route_section->name, "AddType") == 0;

		sev = exec_bad ? PF_SEV_CRITICAL : addtype ? PF_SEV_MEDIUM :
		    PF_SEV_HIGH;
		d = pf_finding(c, "addhandler-multi-extension", sev,
		    node_loc(v->via == PF_ROUTE_ACTION && v->route_section ?
		    v->route_section : v->route), x->label, "mod_mime maps "
		    "every extension of a name, so %s gets the PHP handler; %s",
		    p->url, what_fpm_did(c, v));
		if (v->via == PF_ROUTE_ACTION)
			pf_frel(c, d, node_loc(v->route), "Action sends it to "
			    "%s", v->handler);
		pf_ffix(c, d, "replace AddHandler/AddType with <FilesMatch "
		    "\".+\\.php$\"> and SetHandler \"proxy:...\"");
		fpm_facts(c, d, v);
		pf_mark_exposed(c, v->pool, v->route);
		return;
	}
	if (v->via == PF_ROUTE_SETHANDLER || v->via == PF_ROUTE_REWRITE_HANDLER) {
		int in_loc = section_is(v->route_section, "Location",
		    "LocationMatch");

		if (p->cls == P_PATHINFO && in_loc && v->executed != NULL &&
		    strcmp(v->executed, attacker) == 0) {
			sev = exec_bad ? PF_SEV_CRITICAL : PF_SEV_HIGH;
			d = pf_finding(c, "handler-in-location", sev,
			    node_loc(v->route), x->label, "SetHandler in "
			    "<%s> matches the URL %s, and Apache sends the "
			    "existing %s as the script; %s",
			    v->route_section->name, p->url, attacker,
			    what_fpm_did(c, v));
			pf_frel(c, d, v->route_section->loc, "the section "
			    "matches URLs, not files");
			pf_ffix(c, d, "set the handler in an anchored "
			    "<FilesMatch \".+\\.php$\"> and keep <Location> "
			    "for access control");
			fpm_facts(c, d, v);
			pf_mark_exposed(c, v->pool, v->route);
			return;
		}
		if ((p->cls == P_DOUBLE || p->cls == P_STATIC) &&
		    v->executed != NULL && strcmp(v->executed, attacker) == 0) {
			sev = exec_bad ? PF_SEV_CRITICAL : PF_SEV_HIGH;
			d = pf_finding(c, "unanchored-php-handler", sev,
			    node_loc(v->route), x->label, "the PHP handler "
			    "%s applies to %s, whose last extension is not "
			    "PHP; %s", v->route_section != NULL ?
			    pf_printf(c->run->arena, "in <%s>",
			    v->route_section->name) : "set here", p->url,
			    what_fpm_did(c, v));
			if (v->route_section != NULL)
				pf_frel(c, d, v->route_section->loc, "the "
				    "section that selects the files");
			pf_ffix(c, d, "anchor the pattern on the last "
			    "extension: <FilesMatch \".+\\.ph(?:ar|p|tml)$\">");
			fpm_facts(c, d, v);
			pf_mark_exposed(c, v->pool, v->route);
			return;
		}
		if (p->cls == P_TRANSLATED && !v->fix_pathinfo &&
		    v->executed != NULL && strcmp(v->executed, p->file) != 0 &&
		    (v->fpm == PF_FPM_EXEC || v->fpm == PF_FPM_DENIED)) {
			/* At the DocumentRoot (no writable directory), what
			 * runs is a script the attacker could ask for: the
			 * gain is the access rules it escapes, and with none
			 * in force (nor .htaccess allowed to add one) it is
			 * the next ACL added that will not hold: medium. */
			int acl = p->dir != NULL || acls_to_bypass(x);

			sev = exec_bad ? (p->dir != NULL && strstr(v->executed,
			    ".php") == NULL ? PF_SEV_CRITICAL : PF_SEV_HIGH) :
			    PF_SEV_HIGH;
			if (!acl)
				sev = PF_SEV_MEDIUM;
			d = pf_finding(c, "pathinfo-exposure", sev,
			    node_loc(v->route), x->label, "with "
			    "cgi.fix_pathinfo=0 FPM runs PATH_TRANSLATED "
			    "instead of the script Apache chose: %s runs %s "
			    "(%s); %s", p->url, v->executed, acl ?
			    "Directory/Files ACLs of that file are bypassed" :
			    "no access rule protects a script here today, and "
			    "any Directory/Files/Location rule added later will "
			    "not hold", what_fpm_did(c, v));
			pf_ffix(c, d, "leave cgi.fix_pathinfo at 1 with "
			    "SetHandler routing, or take requests with path "
			    "info back from PHP: <If \"-n %%{PATH_INFO}\"> "
			    "SetHandler none </If> in the handler's "
			    "<FilesMatch> (AcceptPathInfo Off does not stop "
			    "mod_proxy_fcgi)");
			fpm_facts(c, d, v);
			pf_mark_exposed(c, v->pool, v->route);
		}
	}
}

/* Upload directories: does a .php placed there run? */
static void
judge_upload(struct vctx *x, const struct probe *p,
    const struct pf_sim_verdict *v)
{
	struct pf_rctx *c = x->c;
	struct pf_loc loc;
	struct pf_diag *d;
	struct upload_hit h;
	const char *name;
	size_t i;
	/* mod_php runs it in Apache's own processes */
	int modphp = v->outcome == PF_SIM_OTHER && v->php_exec;

	if (p->cls != P_UPLOAD || (!modphp && (v->outcome != PF_SIM_FPM ||
	    v->fpm != PF_FPM_EXEC)))
		return;
	loc = p->wd->loc.file ? p->wd->loc : node_loc(v->route);
	name = strrchr(p->url, '/') + 1;
	d = pf_finding(c, "upload-under-docroot", PF_SEV_HIGH, loc, x->label,
	    "%s is %s (%s) and served: an uploaded %.*s is executed by "
	    "%s%s", p->dir, p->wd->guessed ? "an upload folder by its name" :
	    "writable", p->wd->why, (int)strcspn(name, "?"), name,
	    modphp ? "mod_php, inside Apache" : v->pool ?
	    pf_printf(c->run->arena, "FPM pool %s", v->pool->name) :
	    "PHP-FPM", p->twin ? pf_printf(c->run->arena, " when the "
	    "request carries a query string (GET %s: the configuration "
	    "reads QUERY_STRING, which the client chooses)", p->url) : "");
	if (d == NULL) {
		for (i = 0; i < x->uploads.n; i++) {
			struct upload_hit *u = &x->uploads.v[i];

			if (pf_folders_at(&u->f, loc) &&
			    pf_folders_add(x->a, &u->f, p->dir, p->wd->why))
				u->mixed |= p->alias != u->alias;
		}
		return;
	}
	memset(&h, 0, sizeof(h));
	pf_folders_init(&h.f, d, loc, p->dir);
	h.alias = p->alias;
	h.where = p->alias != NULL ? pf_printf(c->run->arena, "what Alias "
	    "%s serves (%s)", p->alias->url, p->alias->path) :
	    "the DocumentRoot";
	PF_PUSH(x->a, x->uploads, h);
	pf_frel(c, d, node_loc(v->route), modphp ? "this handler gives it "
	    "to mod_php" : "this route sends it to FPM");
	pf_ffix(c, d, "<Directory %s> AllowOverride None; <FilesMatch "
	    "\"\\.(?i:ph(ar|p[0-9]?|ps|tml?))$\"> Require all denied "
	    "</FilesMatch></Directory>, or move it out of %s", p->dir,
	    h.where);
	pf_mark_exposed(c, v->pool, v->route);
}

/*
 * After the vhost's probes: a finding whose route runs uploads in more
 * folders names them (four, then how many more) in its message and its
 * fix.  Its fingerprint does not change: that is the rule, the file and
 * the line's text, and the vhost.
 */
static void
upload_flush(struct vctx *x)
{
	struct pf_rctx *c = x->c;
	size_t i;

	for (i = 0; i < x->uploads.n; i++) {
		struct upload_hit *h = &x->uploads.v[i];

		if (pf_folders_flush(c, &h->f))
			pf_ffix(c, h->f.d, "<Directory %s> AllowOverride None; "
			    "<FilesMatch \"\\.(?i:ph(ar|p[0-9]?|ps|tml?))$\"> "
			    "Require all denied </FilesMatch></Directory>, and "
			    "the same for each folder named (a <Directory> holds "
			    "below it too), or move them out of %s", h->f.first,
			    h->mixed ? "what Apache serves" : h->where);
	}
}

/*
 * An active "RewriteEngine On" among sec's lines or in its <Location>,
 * <LocationMatch> and <If>/<ElseIf>/<Else> sections: what decides
 * whether the server-context rules run at translate_name (the
 * per-directory engine of the server's lines and of the sections walked
 * before it; sim.c rw_server_on).  Without one in the vhost and the main
 * server mod_rewrite's engine is off (its default) for every request,
 * and the rules are never read.
 */
static int
engine_on_in(const struct pf_node *sec)
{
	const struct pf_node *c;

	for (c = sec->child; c != NULL; c = c->next) {
		if (c->flags & (PF_NODE_INACTIVE | PF_NODE_UNKNOWN))
			continue;
		if (c->flags & PF_NODE_SECTION) {
			if ((pf_node_is(c, "Location") ||
			    pf_node_is(c, "LocationMatch") || pf_node_is(c, "If") ||
			    pf_node_is(c, "ElseIf") || pf_node_is(c, "Else")) &&
			    engine_on_in(c))
				return 1;
		} else if (pf_node_is(c, "RewriteEngine") && c->argc > 0 &&
		    strcasecmp(c->argv[0], "on") == 0)
			return 1;
	}
	return 0;
}

static int
seen_route(struct vctx *x, const struct pf_node *n)
{
	size_t i;

	for (i = 0; i < x->hit_routes.n; i++)
		if (x->hit_routes.v[i] == n)
			return 1;
	return 0;
}

/*
 * The file a sample script URL names under the DocumentRoot: the path up
 * to a segment ending in ".php" that more follows (the PATH_INFO an
 * optional group of the pattern adds: "^/myapp/.*\.php(/.*)?$" gives
 * /myapp/x.php/x, whose file is x.php, which FPM runs).
 */
static const char *
url_file(struct vctx *x, const char *u)
{
	const char *p;

	for (p = strchr(u + 1, '/'); p != NULL; p = strchr(p + 1, '/'))
		if (p - u >= 4 && strncasecmp(p - 4, ".php", 4) == 0)
			return join(x->a, x->docroot, pf_strndup(x->a, u + 1,
			    (size_t)(p - u - 1)));
	return join(x->a, x->docroot, u + 1);
}

/* A URL the regex re matches (regex_sample, '/' put in front), or NULL. */
static const char *
regex_url(struct vctx *x, const char *re)
{
	const char *u = re != NULL ? regex_sample(x->a, re) : NULL;

	if (u == NULL)
		return NULL;
	if (u[0] != '/')
		u = pf_printf(x->a, "/%s", u);
	return pf_sim_regex(x->c->sim, re, 0, u, NULL, 0) == 1 ? u : NULL;
}

/*
 * /~USER/name for a few users, and the files mod_userdir maps them to:
 * "user" (a UserDir with a '*' or a URL names anyone's folder) and the
 * first people's accounts of the passwd database (a relative UserDir,
 * public_html, wants a real one).  Returns how many it wrote.
 */
static int
userdir_urls(struct vctx *x, const char *name, const char **urls,
    const char **files)
{
	const struct pf_pwent *pw;
	const char *who, *d, *target;
	struct pf_sim_fs fs;
	size_t np = pf_sim_users(x->c->sim, &pw), i;
	long long lo, hi;
	int n = 0, redirect;

	memset(&fs, 0, sizeof(fs));
	pf_uid_range(x->c, &lo, &hi);
	for (i = 0; i <= np && n < MAX_UD_TRY; i++) {
		who = i == 0 ? "user" : pw[i - 1].name;
		if (i > 0 && (pw[i - 1].uid < lo || pw[i - 1].uid > hi ||
		    pw[i - 1].home == NULL))
			continue;
		d = pf_sim_userdir(x->c->sim, x->v, who, &fs, &target,
		    &redirect);
		if (d == NULL || redirect)
			continue;
		urls[n] = pf_printf(x->a, "/~%s/%s", who, name);
		files[n++] = join(x->a, d, name);
	}
	return n;
}

/*
 * Script URLs the route r is written for, and their files (urls and
 * files: ROUTE_URLS entries, NULL where there is none): a route of one
 * part of the site (ProxyPassMatch "^/api/(.+\\.php)$", SetHandler in
 * <LocationMatch "^/app/.+\\.php$">, <Location /app> or <Directory
 * /srv/site/blog>) is tried there, not at /index.php.  The URLs: a
 * string the route's regex (or its <LocationMatch>'s) matches, index.php
 * (or the name its <Files*> admits) in the area of its section, and for
 * a directory no URL of the site maps to, /~user/ URLs (a UserDir's).
 * Per-directory RewriteRules (relative to a directory) are not tried.
 */
static void
route_urls(struct vctx *x, const struct pf_route *r, const char **urls,
    const char **files_of)
{
	const char *u, *name = NULL, *dir = NULL;
	const struct pf_node *files, *s;
	int top;

	memset(urls, 0, ROUTE_URLS * sizeof(*urls));
	memset(files_of, 0, ROUTE_URLS * sizeof(*files_of));
	switch (r->kind) {
	case PF_ROUTE_PROXYPASSMATCH:
	case PF_ROUTE_REWRITE_PROXY:
	case PF_ROUTE_REWRITE_HANDLER:
		if (r->pattern != NULL && r->section == NULL &&
		    (urls[0] = regex_url(x, r->pattern)) != NULL)
			files_of[0] = url_file(x, urls[0]);
		break;
	case PF_ROUTE_PROXYPASS:	/* ProxyPass /app/ fcgi://... */
		u = r->pattern != NULL ? r->pattern : handler_area(x,
		    r->node, &dir, &files, &top);
		if (u != NULL && u[0] == '/') {
			urls[0] = join(x->a, u, "index.php");
			files_of[0] = area_file(x, u, "index.php");
		}
		break;
	case PF_ROUTE_SETHANDLER:
	case PF_ROUTE_ADDHANDLER:
	case PF_ROUTE_ACTION:
		u = handler_area(x, r->node, &dir, &files, &top);
		name = files_name(x, files);
		if (name != NULL && u == NULL && top)
			u = "/";	/* a <Files*> that misses index.php */
		if (name != NULL && u != NULL && u[0] == '/') {
			urls[0] = join(x->a, u, name);
			files_of[0] = dir != NULL ? join(x->a, dir, name) :
			    area_file(x, u, name);
		}
		for (s = r->node->parent; s != NULL &&
		    (strncasecmp(s->name, "If", 2) == 0 || pf_node_is(s,
		    "Else") || pf_node_is(s, "ElseIf")); s = s->parent)
			;
		if (s != NULL && s->argc > 0 && (pf_node_is(s,
		    "LocationMatch") || (pf_node_is(s, "Location") &&
		    s->argc > 1 && strcmp(s->argv[0], "~") == 0)) &&
		    (urls[1] = regex_url(x, s->argv[s->argc - 1])) != NULL)
			files_of[1] = url_file(x, urls[1]);
		/* a directory no URL of the site maps to: a UserDir's
		 * (<DirectoryMatch "^/home/(?<user>[^/]+)/public_html">) */
		if (u == NULL && !top && dir != NULL && name != NULL)
			userdir_urls(x, name, urls + 2, files_of + 2);
		break;
	default:
		break;
	}
}

/*
 * Whether a script URL the route r is written for (route_urls) reaches
 * FPM through it: a route of one part of the site is not dead because
 * /index.php misses it.  *refused gets a URL that reaches FPM through r
 * only for FPM to refuse its extension.
 */
static int
route_live(struct vctx *x, const struct pf_route *r, const char **refused)
{
	const char *urls[ROUTE_URLS], *files_of[ROUTE_URLS];
	struct pf_sim_verdict v;
	struct probe p;
	int i;

	route_urls(x, r, urls, files_of);
	for (i = 0; i < ROUTE_URLS; i++) {
		if (urls[i] == NULL)
			continue;
		memset(&p, 0, sizeof(p));
		p.cls = P_LEGIT;
		p.url = urls[i];
		p.file = files_of[i];
		run_probe(x, &p, &v);
		if (v.outcome != PF_SIM_FPM || v.route != r->node)
			continue;
		/* FPM refusing the name by security.limit_extensions:
		 * the route runs no script (a "\\.PHP$" one) */
		if (v.fpm != PF_FPM_DENIED)
			return 1;
		*refused = p.url;
	}
	return 0;
}

/* Is n in a <Location> or <LocationMatch> (area_section's)? */
static int
in_location(const struct pf_node *n)
{
	const struct pf_node *s = area_section(n, NULL);

	return s != NULL && (pf_node_is(s, "Location") ||
	    pf_node_is(s, "LocationMatch"));
}

/* Is the folder of URL u below the DocumentRoot on disk (under --root)? */
static int
url_dir_on_disk(struct vctx *x, const char *u)
{
	const char *sl = strrchr(u, '/');
	struct stat st;

	return sl != NULL && stat(pf_host_path(x->c->run, pf_printf(x->a,
	    "%s%.*s", x->docroot, (int)(sl - u), u)), &st) == 0 &&
	    S_ISDIR(st.st_mode);
}

/*
 * A site whose PHP lives in one part of it only (WordPress in /blog/
 * behind <Directory /srv/site/blog> with its handler, an API below
 * /api/): what a script URL of the first route that runs one below the
 * DocumentRoot gets (its pool stands for the site's, whose folders it
 * may write), into *v.  A <Location>'s part must be a folder on disk:
 * FPM's status page behind <Location /fpm-status> is no site's PHP.
 * The vhost's routes, then the main server's that may apply in it
 * (main_candidates), with AREA_TRIES simulations at most.  Returns 0
 * when none runs a script.
 */
static int
area_verdict(struct vctx *x, struct pf_sim_verdict *v, const char **url)
{
	const char *urls[ROUTE_URLS], *files_of[ROUTE_URLS];
	const struct pf_vhost *vh;
	struct probe p;
	struct idx_vec cand = { 0 };
	size_t i, m, tries = 0;
	int k;

	main_handlers_once(x->c);
	main_candidates(x, x->c->mr_index, &cand);
	for (i = 0; (vh = scope_server(x, i)) != NULL; i++)
		for (m = 0; m < (i == 0 ? vh->routes.n : cand.n); m++) {
			const struct pf_route *r = &vh->routes.v[i == 0 ? m :
			    cand.v[m]];

			if (r->inactive || r->node == NULL)
				continue;
			route_urls(x, r, urls, files_of);
			for (k = 0; k < ROUTE_URLS; k++) {
				/* the site's own part: not an Alias target's
				 * (phpMyAdmin's behind every vhost) */
				if (urls[k] == NULL ||
				    !pf_path_under(files_of[k], x->docroot))
					continue;
				if (++tries > AREA_TRIES)
					return 0;
				memset(&p, 0, sizeof(p));
				p.cls = P_LEGIT;
				p.url = urls[k];
				p.file = files_of[k];
				run_probe(x, &p, v);
				if (((v->outcome == PF_SIM_FPM &&
				    v->fpm != PF_FPM_DENIED) ||
				    v->outcome == PF_SIM_NO_ANSWER) &&
				    (!in_location(r->node) ||
				    url_dir_on_disk(x, urls[k]))) {
					*url = urls[k];
					return 1;
				}
			}
		}
	return 0;
}

/* The URL directory below which area_verdict()'s URL u ran a script, for
 * the probes there: NULL at the top, or for a URL route (ProxyPass and
 * its kind: build_probes() asks below their prefixes already). */
static const char *
area_dir(struct vctx *x, const struct pf_sim_verdict *v, const char *u)
{
	const char *sl = strrchr(u, '/');

	if (v->route == NULL || pf_node_is(v->route, "ProxyPass") ||
	    pf_node_is(v->route, "ProxyPassMatch") ||
	    pf_node_is(v->route, "RewriteRule") || sl == NULL || sl == u ||
	    strncmp(u, "/~", 2) == 0)
		return NULL;
	return pf_strndup(x->a, u, (size_t)(sl - u));
}

/* A sample file name a <Files>/<FilesMatch> ACL covers, ending in .php. */
static const char *
acl_file_sample(struct pf_rctx *c, const struct pf_node *f)
{
	static const char *const cand[] = { "config.php", "wp-config.php",
		"admin.php", "install.php", "setup.php", "secret.php",
		"xmlrpc.php", "phpinfo.php", "info.php", "test.php",
		"eval-stdin.php", "x.php", NULL };
	const char *a = f->argc > 0 ? f->argv[0] : NULL;
	int i;

	if (a == NULL)
		return NULL;
	if (strcasecmp(f->name, "Files") == 0 && strcmp(a, "~") != 0 &&
	    strpbrk(a, "*?[") == NULL)
		return a;
	for (i = 0; cand[i] != NULL; i++) {
		const char *pat = strcasecmp(f->name, "FilesMatch") == 0 ? a :
		    strcmp(a, "~") == 0 ? (f->argc > 1 ? f->argv[1] : NULL) :
		    NULL;

		if (pat != NULL && pf_sim_regex(c->sim, pat, 0, cand[i], NULL,
		    0) == 1)
			return cand[i];
	}
	return NULL;
}

static int
restricts(const struct pf_node *sec)
{
	const struct pf_node *n;

	for (n = sec->child; n != NULL; n = n->next) {
		if (n->flags & (PF_NODE_INACTIVE | PF_NODE_READ))
			continue;
		if (strcasecmp(n->name, "Require") == 0 && n->argc >= 2 &&
		    strcasecmp(n->argv[0], "all") == 0 &&
		    strcasecmp(n->argv[1], "granted") == 0)
			continue;
		if (strcasecmp(n->name, "Require") == 0 ||
		    strncasecmp(n->name, "Require", 7) == 0 ||
		    (strcasecmp(n->name, "Deny") == 0))
			return 1;
	}
	return 0;
}

static void
root_acls_once(struct pf_rctx *c)
{
	const struct pf_node *s;
	size_t k;

	if (!c->root_acls_done && c->m->apache->root != NULL) {
		c->root_acls_done = 1;
		for (s = c->m->apache->root->child; s != NULL; s = s->next)
			if (!(s->flags & (PF_NODE_INACTIVE | PF_NODE_READ)) &&
			    (s->flags & PF_NODE_SECTION) && s->argc >= 1 &&
			    (strcasecmp(s->name, "Directory") == 0 ||
			    strcasecmp(s->name, "Files") == 0 ||
			    strcasecmp(s->name, "FilesMatch") == 0) &&
			    restricts(s))
				PF_PUSH(c->run->arena, c->root_acls, s);
		/* The same for every vhost: a <FilesMatch> tries a dozen
		 * names with its regex (acl_bypass). */
		c->root_acl_sample = pf_alloc(c->run->arena,
		    (c->root_acls.n + 1) * sizeof(*c->root_acl_sample));
		for (k = 0; k < c->root_acls.n; k++) {
			s = c->root_acls.v[k];
			if (strcasecmp(s->name, "Files") == 0 ||
			    strcasecmp(s->name, "FilesMatch") == 0)
				c->root_acl_sample[k] = acl_file_sample(c, s);
		}
	}
}

/* ACLs in Directory/Files sections that URL routes skip. */
/*
 * Whether the skipped restriction of verdict v denies everyone the site's
 * own /index.php too (<FilesMatch "\.ph(p[345]?|t|tml)$"> Require all
 * denied): a guard that keeps the scripts' source from being sent where
 * no route runs them, which the route is there to pass, not an access
 * rule it bypasses (a second precision audit, corpus B's panubo tree).
 */
static int
source_guard(const struct vctx *x, const struct pf_sim_verdict *v)
{
	return v->fs_authz == PF_AUTHZ_DENIED && v->fs_authz_node != NULL &&
	    x->legit->fs_authz == PF_AUTHZ_DENIED &&
	    x->legit->fs_authz_node == v->fs_authz_node;
}

static void
acl_bypass(struct vctx *x)
{
	struct pf_rctx *c = x->c;
	struct pf_arena *a = x->a;
	const struct pf_node *s, *f;
	PF_VEC(const struct pf_node *) cand = { 0 };
	size_t k;

	root_acls_once(c);
	for (k = 0; k < c->root_acls.n; k++)
		PF_PUSH(a, cand, c->root_acls.v[k]);
	if (x->v->node != NULL)
		for (s = x->v->node->child; s != NULL; s = s->next)
			PF_PUSH(a, cand, s);
	for (k = 0; k < cand.n; k++) {
		const char *url = NULL, *file = NULL;
		struct pf_sim_verdict v;
		struct pf_sim_fs fs;
		const char *files[1];

		s = cand.v[k];
		if (s->flags & (PF_NODE_INACTIVE | PF_NODE_READ) ||
		    !(s->flags & PF_NODE_SECTION) || s->argc < 1)
			continue;
		if (strcasecmp(s->name, "Directory") == 0 &&
		    strcmp(s->argv[0], "~") != 0 && restricts(s) &&
		    strpbrk(s->argv[0], "*?[") == NULL &&
		    pf_path_under(s->argv[0], x->docroot) &&
		    strcmp(s->argv[0], x->docroot) != 0) {
			const char *u = pf_sim_url_of(c->sim, x->v,
			    s->argv[0]);

			if (u == NULL)
				continue;
			url = join(a, u, "x.php");
			file = join(a, s->argv[0], "x.php");
			f = s;
		} else if ((strcasecmp(s->name, "Files") == 0 ||
		    strcasecmp(s->name, "FilesMatch") == 0) &&
		    restricts(s)) {
			const char *nm = k < c->root_acls.n ?
			    c->root_acl_sample[k] : acl_file_sample(c, s);

			if (nm == NULL)
				continue;
			url = join(a, "", nm);
			file = join(a, x->docroot, nm);
			f = s;
		} else
			continue;
		files[0] = file;
		fs.files = files;
		fs.nfiles = 1;
		fs.real = 0;
		pf_sim_request(c->sim, x->v, url, &fs, &v);
		if (v.outcome == PF_SIM_FPM && url_route(v.via) &&
		    v.fs_authz != PF_AUTHZ_GRANTED && !source_guard(x, &v)) {
			struct pf_diag *d = pf_finding(c,
			    "proxy-acl-bypass", PF_SEV_HIGH,
			    node_loc(v.route), x->label, "%s proxies %s "
			    "before Apache maps it to a file, so the "
			    "access rule of <%s %s> does not apply; %s",
			    v.route->name, url, f->name, f->argv[0],
			    what_fpm_did(c, &v));

			pf_frel(c, d, f->loc, "this restriction is "
			    "skipped for proxied requests");
			pf_ffix(c, d, "put the restriction in a "
			    "<Location>, or route PHP with SetHandler in "
			    "<FilesMatch> so filesystem sections apply");
		}
	}
}

/*
 * Who gets a status page's verdict v on the vhost: 1 when anyone (*lo
 * NULL) or every client of a proxy in front (*lo: the line that shows
 * Apache answers on loopback addresses only, where a rule letting in this
 * machine only restricts nothing), else 0.
 */
static int
page_open(struct vctx *x, const struct pf_sim_verdict *v,
    const struct pf_node **lo)
{
	const char *from;

	*lo = NULL;
	if (v->authz == PF_AUTHZ_GRANTED)
		return 1;
	if (v->authz == PF_AUTHZ_RESTRICTED && pf_sim_loopback_only(x->c->sim,
	    x->v, lo, &from) && pf_sim_authz_client(x->c->sim, v, from) == 0)
		return 1;
	*lo = NULL;
	return 0;
}

/* Who answers on loopback addresses only, by the line that makes it so
 * (pf_sim_loopback_only): a <VirtualHost 127.0.0.1> is one vhost, where
 * Apache may listen on every address for the others. */
static const char *
who_answers(const struct pf_node *lo)
{
	return pf_node_is(lo, "VirtualHost") ? "this vhost" : "Apache";
}

/* A path as a regex matching it alone (its metacharacters escaped). */
static const char *
re_literal(struct pf_arena *a, const char *s)
{
	char *o = pf_alloc(a, 2 * strlen(s) + 1), *p = o;

	for (; *s != '\0'; s++) {
		if (strchr(".^$*+?()[]{}|\\", *s) != NULL)
			*p++ = '\\';
		*p++ = *s;
	}
	*p = '\0';
	return o;
}

/* Status and ping pages of the pools this vhost reaches. */
static void
status_pages(struct vctx *x, struct pf_pool *pool)
{
	struct pf_rctx *c = x->c;
	const struct pf_sval *paths[2];
	int i;

	if (pool == NULL)
		return;
	paths[0] = &pool->status_path;
	paths[1] = &pool->ping_path;
	for (i = 0; i < 2; i++) {
		struct pf_sim_verdict v;
		struct pf_sim_fs fs = { NULL, 0, 0 };
		struct pf_diag *d;

		const struct pf_node *lo;

		if (paths[i]->s == NULL)
			continue;
		pf_sim_request(c->sim, x->v, paths[i]->s, &fs, &v);
		if (v.outcome != PF_SIM_FPM || v.fpm != PF_FPM_STATUS ||
		    !page_open(x, &v, &lo))
			continue;
		PF_PUSH(x->a, x->hit_routes, v.route);
		d = pf_finding(c, "fpm-status-exposed", i == 0 ?
		    PF_SEV_MEDIUM : PF_SEV_LOW, paths[i]->loc, x->label,
		    "%s %s of pool %s is reachable by anyone through %s%s "
		    "(client IPs, URLs with query strings, script paths)",
		    i == 0 ? "pm.status_path" : "ping.path", paths[i]->s,
		    pool->name, x->label, lo == NULL ? "" : pf_printf(x->a,
		    ": the access rule lets in this machine only, and %s "
		    "answers only there, so every client of the proxy in "
		    "front of it connects from a loopback address",
		    who_answers(lo)));
		if (lo == NULL)
			pf_frel(c, d, node_loc(v.route), "routed to the pool "
			    "here without an access restriction");
		else {
			pf_frel(c, d, node_loc(v.route), "routed to the pool "
			    "here");
			if (v.authz_node != NULL)
				pf_frel(c, d, v.authz_node->loc, "the access "
				    "rule in effect there");
			pf_frel(c, d, lo->loc, "%s answers on loopback "
			    "addresses only", who_answers(lo));
		}
		/* (the pool's own paths: a fix written for /fpm-status
		 * left the audit's "pm.status_path = /status" open) */
		pf_ffix(c, d, "%s", lo == NULL ? pf_printf(x->a,
		    "<LocationMatch \"^(%s%s%s)$\"> Require local (or ip ...) "
		    "</LocationMatch> with the handler, or pm.status_listen = "
		    "127.0.0.1:PORT", paths[0]->s != NULL ? re_literal(x->a,
		    paths[0]->s) : "", paths[0]->s != NULL && paths[1]->s !=
		    NULL ? "|" : "", paths[1]->s != NULL ? re_literal(x->a,
		    paths[1]->s) : "") :
		    PF_FIX_BEHIND_PROXY ", or pm.status_listen = "
		    "127.0.0.1:PORT for the monitoring agent, or refuse the "
		    "URL at the proxy");
	}
}

/*
 * apache-status-exposed: mod_status's server-status, mod_info's
 * server-info and mod_proxy_balancer's balancer-manager pages.  The URLs
 * come from the active SetHandler lines of the tree (a literal
 * <Location>, or a <LocationMatch> / <Location ~> whose pattern
 * literals_of() spells out; a SetHandler of a vhost or the main server
 * itself: "/"), once per run; each vhost asks the simulator for each,
 * and a page its handler answers with no access restriction is reported
 * once per SetHandler line.
 */
#define STATUS_URLS	64	/* per scope: the main server, a vhost */

/*
 * The URLs a <LocationMatch> pattern surely matches, into out (at most
 * max): the pattern with an optional ^ and $ stripped must be literal but
 * for one group of literal alternatives, "^/server-(status|info)$", each
 * spelt out.  Returns the count (0: not such a pattern).
 */
static size_t
literals_of(struct pf_arena *a, const char *re, const char **out,
    size_t max)
{
	size_t n = strlen(re), k = 0;
	const char *b, *e, *open = NULL, *close = NULL, *p, *alt;

	b = re[0] == '^' ? re + 1 : re;
	e = n > 0 && re[n - 1] == '$' ? re + n - 1 : re + n;
	if (e <= b || *b != '/')
		return 0;
	for (p = b; p < e; p++) {
		if (*p == '(' && open == NULL)
			open = p;
		else if (*p == ')' && open != NULL && close == NULL)
			close = p;
		else if (*p == '|' && open != NULL && close == NULL)
			continue;
		else if (strchr(".[]()*+?{}|\\^$", *p) != NULL)
			return 0;
	}
	if (open == NULL)
		return max > 0 ? (out[0] = pf_strndup(a, b, (size_t)(e - b)),
		    1) : 0;
	if (close == NULL)
		return 0;
	for (alt = open + 1; alt <= close && k < max; ) {
		const char *end = alt;

		while (end < close && *end != '|')
			end++;
		out[k++] = pf_printf(a, "%.*s%.*s%.*s", (int)(open - b), b,
		    (int)(end - alt), alt, (int)(e - close - 1), close + 1);
		alt = end + 1;
	}
	return k;
}

int
pf_status_handler(const char *h)
{
	return h != NULL && (strcasecmp(h, "server-status") == 0 ||
	    strcasecmp(h, "server-info") == 0 ||
	    strcasecmp(h, "balancer-manager") == 0);
}

/* Adds url for owner (NULL: the main server) unless it has it, or the
 * main server has it, or the scope is full. */
struct surls {
	struct pf_surl	*v;
	size_t		 n, cap;
};

static void
status_url_add(struct pf_rctx *c, struct surls *all,
    const struct pf_node *owner, const char *url)
{
	size_t i, k, n = 0;
	struct pf_surl e;

	for (i = 0; i < c->nstatus_main; i++, n++)
		if (strcmp(all->v[i].url, url) == 0)
			return;
	if (owner != NULL) {
		n = 0;
		for (k = pf_pmap_get(&c->status_own, owner); k != 0;
		    k = all->v[k - 1].next, n++)
			if (strcmp(all->v[k - 1].url, url) == 0)
				return;
	}
	if (n >= STATUS_URLS)
		return;
	e.url = url;
	e.owner = owner;
	e.next = owner != NULL ? pf_pmap_get(&c->status_own, owner) : 0;
	PF_PUSH(c->run->arena, *all, e);
	if (owner != NULL)
		pf_pmap_put(c->run->arena, &c->status_own, owner, all->n);
	else
		c->nstatus_main = all->n;
}

/* The SetHandler lines below n: those of the main server when owner is
 * NULL (vhosts skipped), or of the vhost owner. */
static void
status_urls_walk(struct pf_rctx *c, const struct pf_node *n,
    const struct pf_node *owner, struct surls *all)
{
	for (; n != NULL; n = n->next) {
		const struct pf_node *p = n->parent;
		const char *u[4] = { NULL, NULL, NULL, NULL };
		size_t j, nl = 0;

		if (n->flags & (PF_NODE_INACTIVE | PF_NODE_HTACCESS))
			continue;
		if (owner == NULL && (n->flags & PF_NODE_SECTION) &&
		    strcasecmp(n->name, "VirtualHost") == 0)
			continue;	/* (the vhosts' come after) */
		if (n->child != NULL)
			status_urls_walk(c, n->child, owner, all);
		if (n->name == NULL || n->argc < 1 ||
		    strcasecmp(n->name, "SetHandler") != 0 ||
		    !pf_status_handler(n->argv[0]) || p == NULL)
			continue;
		if (p->name == NULL || p->name[0] == '\0' ||
		    strcasecmp(p->name, "VirtualHost") == 0)
			u[nl++] = "/";
		else if (strcasecmp(p->name, "Location") == 0 && p->argc == 1) {
			if (p->argv[0][0] == '/')
				u[nl++] = p->argv[0];
		} else if ((strcasecmp(p->name, "LocationMatch") == 0 &&
		    p->argc == 1) || (strcasecmp(p->name, "Location") == 0 &&
		    p->argc == 2 && strcmp(p->argv[0], "~") == 0))
			nl = literals_of(c->run->arena, p->argv[p->argc - 1],
			    u, 4);
		for (j = 0; j < nl; j++)
			status_url_add(c, all, owner, u[j]);
	}
}

/*
 * The URLs to ask, found once per run: the main server's SetHandler
 * lines are every vhost's to ask, a vhost's own its alone (a <Location>
 * of one vhost is no other's; asking every vhost for every URL of the
 * tree was capped at 8, and a ninth page was never asked for).
 */
static void
status_urls(struct pf_rctx *c)
{
	const struct pf_apache *ap = c->m->apache;
	struct surls all = { 0 };
	size_t i;

	if (c->status_urls_done)
		return;
	c->status_urls_done = 1;
	if ((pf_apache_has_module(ap, "status_module") ||
	    pf_apache_has_module(ap, "info_module") ||
	    pf_apache_has_module(ap, "proxy_balancer_module")) &&
	    ap->root != NULL) {
		status_urls_walk(c, ap->root->child, NULL, &all);
		for (i = 0; i < ap->vhosts.n; i++)
			if (ap->vhosts.v[i]->node != NULL)
				status_urls_walk(c,
				    ap->vhosts.v[i]->node->child,
				    ap->vhosts.v[i]->node, &all);
	}
	c->status_urls = all.v;
	c->nstatus_urls = all.n;
}

static void
apache_status_pages(struct vctx *x)
{
	struct pf_rctx *c = x->c;
	const char *urls[2 * STATUS_URLS], *const *u;
	size_t nu = 0, i, k, first;

	status_urls(c);
	/* the main server's, then the vhost's own in their order */
	for (i = 0; i < c->nstatus_main; i++)
		urls[nu++] = c->status_urls[i].url;
	first = nu;
	if (x->v != NULL && x->v->node != NULL)
		for (k = pf_pmap_get(&c->status_own, x->v->node); k != 0 &&
		    nu < 2 * STATUS_URLS; k = c->status_urls[k - 1].next)
			urls[nu++] = c->status_urls[k - 1].url;
	for (i = first, k = nu; i + 1 < k; i++, k--) {
		const char *t = urls[i];

		urls[i] = urls[k - 1];
		urls[k - 1] = t;
	}
	for (u = urls; u < urls + nu; u++) {
		struct pf_sim_verdict v;
		struct pf_sim_fs fs = { NULL, 0, 0 };
		struct pf_diag *d;
		int kind;
		static const char *const what[] = { "server-status",
		    "server-info", "balancer-manager" };
		static const char *const mod[] = { "mod_status", "mod_info",
		    "mod_proxy_balancer" };

		const struct pf_node *lo;

		pf_sim_request(c->sim, x->v, *u, &fs, &v);
		if (v.outcome != PF_SIM_OTHER || !pf_status_handler(v.handler) ||
		    v.route == NULL || v.conditional || !page_open(x, &v, &lo))
			continue;
		kind = strcasecmp(v.handler, "server-info") == 0 ? 1 :
		    strcasecmp(v.handler, "balancer-manager") == 0 ? 2 : 0;
		d = pf_finding(c, "apache-status-exposed", kind == 2 ?
		    PF_SEV_HIGH : PF_SEV_MEDIUM, v.route->loc, NULL,
		    "%s (%s) answers %s on %s to %s: %s", what[kind],
		    mod[kind], *u, x->label, lo == NULL ? "anyone" :
		    pf_printf(x->a, "requests from this machine, and %s "
		    "answers only there: every client of the proxy in front "
		    "of it (nginx, Varnish, HAProxy, a Tor onion service) "
		    "connects from a loopback address", who_answers(lo)),
		    kind == 0 ? "every request in "
		    "progress with its client address, vhost and URL with "
		    "the query string (ExtendedStatus is on by default)" :
		    kind == 1 ? "the whole configuration, every directive "
		    "with its file and line" : "its form changes the "
		    "balancers' members, their addresses, weights and "
		    "states, so anyone can take the site down or send its "
		    "traffic elsewhere");
		if (v.authz_node != NULL && v.authz_node != v.route)
			pf_frel(c, d, v.authz_node->loc, "the access rule in "
			    "effect there");
		if (lo != NULL) {
			pf_frel(c, d, lo->loc, "%s answers on loopback "
			    "addresses only", who_answers(lo));
			pf_ffix(c, d, PF_FIX_BEHIND_PROXY ", or Require ip "
			    "<admin addresses>, or refuse the URL at the proxy");
		} else
			pf_ffix(c, d, "Require local (or ip <admin addresses>) "
			    "in the same section, as Debian's status.conf and "
			    "info.conf do");
	}
}

/*
 * secrets-served: a .git repository, a .env file or backup copies of PHP
 * files at the top of the DocumentRoot, or of an Alias target (on disk),
 * or below the DocumentRoot where pf_wdirs_for() walked it, that Apache
 * hands out as static files.  The listing pf_wdirs_for() made of the
 * DocumentRoot (an Alias target: listed once per run) says which vhosts
 * have one; the simulator says whether GET /.git/config, /.env or /NAME
 * is served, denied (a FilesMatch "^\." or <DirectoryMatch "/\.git"> with
 * Require all denied) or sent elsewhere (RedirectMatch 404, a front
 * controller's rewrite).
 */

/* Is GET url served as the static file f? */
static int
secret_served(struct vctx *x, const char *url, const char *f)
{
	struct pf_sim_fs fs = { &f, 1, 0 };
	struct pf_sim_verdict v;

	pf_sim_request(x->c->sim, x->v, url, &fs, &v);
	return v.outcome == PF_SIM_STATIC && v.authz == PF_AUTHZ_GRANTED &&
	    !v.conditional && v.filename != NULL && strcmp(v.filename, f) == 0;
}

/* The files at the top of dir, asked for as prefix + sep + name. */
static void
secrets_in(struct vctx *x, const char *dir, const char *prefix,
    const char *sep, unsigned has, const char *const *names, size_t n,
    const struct pf_node *at)
{
	static const struct {
		unsigned	 bit;
		const char	*file, *what;
	} s[] = {
		{ PF_WSECRET_GIT, ".git/config", "the .git repository (its "
		    "whole history: every file ever committed, credentials "
		    "included, is fetched object by object)" },
		{ PF_WSECRET_ENV, ".env", "the .env file (the application's "
		    "database passwords, API keys and app secret)" },
	};
	struct pf_rctx *c = x->c;
	struct pf_loc loc = at != NULL ? at->loc :
	    x->v->document_root.loc.line != 0 ? x->v->document_root.loc :
	    x->v->loc;
	size_t i, k = sizeof(s) / sizeof(s[0]);

	for (i = 0; i < k + n; i++) {
		const char *name = i < k ? s[i].file : names[i - k];
		const char *url = pf_printf(x->a, "%s%s%s", prefix, sep, name);
		const char *f = join(x->a, dir, name);
		struct pf_diag *d;

		if ((i < k && !(has & s[i].bit)) || !secret_served(x, url, f))
			continue;
		if (i < k) {
			d = pf_finding(c, "secrets-served", PF_SEV_HIGH, loc,
			    pf_printf(x->a, "%s %s", x->label, url), "%s is "
			    "served to anyone: GET %s answers with %s",
			    s[i].what, url, f);
			pf_ffix(c, d, "keep it out of what Apache serves "
			    "(point DocumentRoot or the Alias at the "
			    "application's public/ directory), or "
			    "<DirectoryMatch \"/\\.git\"> and <Files \".env\"> "
			    "with Require all denied");
		} else {
			d = pf_finding(c, "secrets-served", PF_SEV_HIGH, loc,
			    pf_printf(x->a, "%s %s", x->label, url), "%s, a "
			    "backup copy of a PHP file, is served as text to "
			    "anyone: GET %s shows the script's source (and "
			    "the passwords a config script holds)", f, url);
			pf_ffix(c, d, "remove the copy, or <FilesMatch "
			    "\"\\.php(~|\\.(bak|old|orig|save|swp|tmp|copy))$\"> "
			    "Require all denied </FilesMatch>");
		}
	}
}

/*
 * Below the DocumentRoot's top (pf_wdirs_docroot_deep(): a vendored
 * plugin's .git, a project one level down with its .env, a backup copy in
 * wp-content/...): one finding per kind, naming the first URL served and
 * how many more are.
 */
static void
secrets_deep(struct vctx *x)
{
	struct pf_rctx *c = x->c;
	struct pf_loc loc = x->v->document_root.loc.line != 0 ?
	    x->v->document_root.loc : x->v->loc;
	const char *const *paths;
	size_t n = pf_wdirs_docroot_deep(c->wdirs, x->docroot, &paths), i;
	int k;

	for (k = 0; k < 3 && n > 0; k++) {
		const char *url1 = NULL, *f1 = NULL, *more = "";
		size_t nmore = 0;
		struct pf_diag *d;

		for (i = 0; i < n; i++) {
			const char *p = paths[i], *b = strrchr(p, '/');
			size_t l = strlen(p);
			int kind = l > 12 && strcmp(p + l - 12,
			    "/.git/config") == 0 ? 0 : b != NULL &&
			    strcmp(b, "/.env") == 0 ? 1 : 2;
			const char *url, *f;

			if (kind != k)
				continue;
			url = pf_printf(x->a, "/%s", p);
			f = join(x->a, x->docroot, p);
			if (!secret_served(x, url, f))
				continue;
			if (url1 == NULL) {
				url1 = url;
				f1 = f;
			} else
				more = pf_printf(x->a, "%s%s%s", more,
				    nmore++ > 0 ? ", " : "", url);
		}
		if (url1 == NULL)
			continue;
		if (nmore > 0)
			more = pf_printf(x->a, " (and %zu more: %s)", nmore,
			    more);
		if (k == 0) {
			d = pf_finding(c, "secrets-served", PF_SEV_HIGH, loc,
			    pf_printf(x->a, "%s %s", x->label, url1), "a .git "
			    "repository below the DocumentRoot (its whole "
			    "history: every file ever committed, credentials "
			    "included, is fetched object by object) is served "
			    "to anyone: GET %s answers with %s%s", url1, f1,
			    more);
			pf_ffix(c, d, "deploy without the .git directories, or "
			    "<DirectoryMatch \"/\\.git(/|$)\"> Require all "
			    "denied </DirectoryMatch>");
		} else if (k == 1) {
			d = pf_finding(c, "secrets-served", PF_SEV_HIGH, loc,
			    pf_printf(x->a, "%s %s", x->label, url1), "a .env "
			    "file below the DocumentRoot (an application's "
			    "database passwords, API keys and app secret) is "
			    "served to anyone: GET %s answers with %s%s", url1,
			    f1, more);
			pf_ffix(c, d, "point DocumentRoot at the application's "
			    "public/ directory (or keep the project out of "
			    "it), or <Files \".env\"> Require all denied "
			    "</Files>, which holds in every directory");
		} else {
			d = pf_finding(c, "secrets-served", PF_SEV_HIGH, loc,
			    pf_printf(x->a, "%s %s", x->label, url1), "%s, a "
			    "backup copy of a PHP file below the DocumentRoot, "
			    "is served as text to anyone: GET %s shows the "
			    "script's source (and the passwords a config "
			    "script holds)%s", f1, url1, more);
			pf_ffix(c, d, "remove the copies, or <FilesMatch "
			    "\"\\.php(~|\\.(bak|old|orig|save|swp|tmp|copy))$\"> "
			    "Require all denied </FilesMatch>");
		}
	}
}

/*
 * The literal text every match of a regex starts with: "^/app/(.*)" ->
 * "/app/" ("\." is a '.'; a quantified character ends it, "+" after it
 * kept).
 */
static const char *
regex_prefix(struct pf_arena *a, const char *re)
{
	char *out = pf_alloc(a, strlen(re) + 1);
	const char *p = re;
	size_t n = 0;

	if (*p == '^')
		p++;
	while (*p != '\0') {
		char ch;

		if (*p == '\\') {
			if (p[1] == '\0' || isalnum((unsigned char)p[1]))
				break;
			ch = p[1];
			p += 2;
		} else if (strchr(".[]()*+?{}|^$", *p) != NULL)
			break;
		else
			ch = *p++;
		if (*p == '*' || *p == '?' || *p == '{' || *p == '+') {
			if (*p == '+')
				out[n++] = ch;
			break;
		}
		out[n++] = ch;
	}
	out[n] = '\0';
	return out;
}

/*
 * AliasMatch/ScriptAliasMatch regex target: the target's literal start
 * ("/srv/app/$1" -> "/srv/app/") names the directory listed; a file
 * there is asked for as the regex's literal start plus what follows the
 * target's ("^/app/(.*)" -> GET /app/.env), and the simulator, which
 * runs the real pattern, says whether that URL maps to it.
 */
static void
secrets_alias_match(struct vctx *x, const struct pf_alias *al)
{
	const char *const *names;
	const char *q, *dir;
	size_t pl, n;
	unsigned has;

	pl = strcspn(al->path, "$&\\");
	if (al->path[0] != '/' || al->path[pl] == '\0' || pl < 2)
		return;
	q = regex_prefix(x->a, al->url);
	if (q[0] != '/')
		return;
	/* "/srv/app/$1": the directory /srv/app, its names after "/";
	 * "/srv/app$1" (a "(/.*)" group): /srv/app itself, "/" added. */
	n = pl;
	while (n > 1 && al->path[n - 1] == '/')
		n--;
	dir = pf_strndup(x->a, al->path, n);
	has = pf_wdirs_dir_secrets(x->c->wdirs, dir, &names, &n);
	if (has != 0 || n != 0)
		secrets_in(x, dir, q, al->path[pl - 1] == '/' ? "" : "/", has,
		    names, n, al->node);
}

static void
secrets_served(struct vctx *x)
{
	struct pf_rctx *c = x->c;
	const struct pf_vhost *vs[2] = { x->v, &c->m->apache->main };
	const char *const *names;
	size_t n, i, j;

	n = pf_wdirs_docroot_leaks(c->wdirs, x->docroot, &names);
	secrets_in(x, x->docroot, "", "/", pf_wdirs_docroot_secrets(c->wdirs,
	    x->docroot), names, n, NULL);
	secrets_deep(x);
	/* Alias URL-path /dir (the vhost's, then the main server's, which
	 * mod_alias merges in): the target's top, as the DocumentRoot's. */
	for (j = 0; j < 2 && (j == 0 || x->v != vs[1]); j++)
		for (i = 0; i < vs[j]->alias_map.n; i++) {
			const struct pf_alias *al = &vs[j]->alias_map.v[i];
			size_t ul = al->url != NULL ? strlen(al->url) : 0;
			unsigned has;

			/* ScriptAlias marks its files for mod_cgi(d), which
			 * runs them (an .env file fails: 500); with neither
			 * loaded the handler is not found and the default
			 * handler sends the file as it is. */
			if ((al->script && (pf_apache_has_module(c->m->apache,
			    "cgi_module") || pf_apache_has_module(c->m->apache,
			    "cgid_module"))) || ul == 0 || al->path == NULL ||
			    al->path[0] != '/')
				continue;
			if (al->regex) {
				secrets_alias_match(x, al);
				continue;
			}
			if (al->url[0] != '/')
				continue;
			while (ul > 0 && al->url[ul - 1] == '/')
				ul--;
			has = pf_wdirs_dir_secrets(c->wdirs, al->path, &names,
			    &n);
			if (has != 0 || n != 0)
				secrets_in(x, al->path, pf_strndup(x->a,
				    al->url, ul), "/", has, names, n, al->node);
		}
}

/* A verdict sethandler-no-file-check reports: a SetHandler route with
 * no -f guard gives FPM a script it does not find. */
static int
nofile_verdict(const struct pf_sim_verdict *v)
{
	return v->outcome == PF_SIM_FPM && v->via == PF_ROUTE_SETHANDLER &&
	    !v->file_check && v->fpm != PF_FPM_NO_BACKEND &&
	    v->fpm != PF_FPM_EXEC;
}

/*
 * sethandler-no-file-check: does the N probe p (v: its verdict with no
 * file at all) still hand FPM a missing script once the application's
 * own scripts exist?  A front controller sends every request for a
 * missing file to one script: Phabricator's RewriteRule ^(.*)$
 * /index.php?__path__=$1 [B,L,QSA], icingaweb2's -s/-l/-d conditions
 * then RewriteRule ^.*$ index.php, Laravel's and WordPress's !-f/!-d
 * ones, Symfony's app.php.  On 2.4.71 with php-fpm8.2 each ran that
 * script for /nope.php (tests/rules/nofile_rewrite_oracle.sh): FPM never
 * saw a missing script.  So the tree's index.php exists, as for the L
 * probes, and a script the request was rewritten to (r->filename, not
 * the probe's own) is declared in turn; *nv gets the last verdict.
 */
static int
nofile_reaches_fpm(struct vctx *x, const struct probe *p,
    const struct pf_sim_verdict *v, struct pf_sim_verdict *nv)
{
	const char *tree = p->alias != NULL ? p->alias->path : p->dir != NULL ?
	    p->dir : x->docroot;	/* (dir: the site's PHP area's) */
	const char *miss = join(x->a, tree, "nope.php");
	const char *files[2];
	struct pf_sim_fs fs = { files, 0, 0 };

	*nv = *v;
	if (!nofile_verdict(nv))
		return 0;
	files[fs.nfiles++] = join(x->a, tree, "index.php");
	pf_sim_request(x->c->sim, x->v, p->url, &fs, nv);
	if (nofile_verdict(nv) && nv->fpm == PF_FPM_NOT_FOUND &&
	    nv->filename != NULL && strcmp(nv->filename, miss) != 0 &&
	    strcmp(nv->filename, files[0]) != 0) {
		files[fs.nfiles++] = pf_strdup(x->a, nv->filename);
		pf_sim_request(x->c->sim, x->v, p->url, &fs, nv);
	}
	return nofile_verdict(nv);
}

static void	route_any_script(struct vctx *);
static void	query_refused(struct vctx *);
static const struct pf_node *cond_branch(const struct pf_node *);

static void
one_vhost(struct pf_rctx *c, const struct pf_vhost *vh)
{
	struct vctx x;
	struct pf_sim_verdict v, nv, legit, area;
	const struct pf_sim_verdict *lv = &legit;	/* the site's PHP */
	const char *au;			/* (its URL, when not /index.php) */
	const struct pf_wdir *wd;
	struct pf_pool *pool = NULL;
	size_t nwd, i;
	int legit_hits = 0, exec_upload = 0, chroot_said = 0;
	const char *exec_dir = NULL;	/* the first where an upload ran */
	int exec_guessed = 0;		/* ... an upload folder by its name */
	const struct pf_node *legit_denied = NULL;	/* the Require that
						 * refused /index.php */
	size_t legit_static = 0;	/* legit scripts served as files */
	struct pf_vpool vp;
	PF_VEC(struct pf_symref) symrefs = { 0 };	/* rewrite-symlinks-off */

	memset(&x, 0, sizeof(x));
	x.c = c;
	x.v = vh;
	x.label = pf_vhost_label(c, vh);
	x.docroot = pf_sim_docroot(c->sim, vh);
	if (x.docroot == NULL)
		return;
	/* The probes' strings and the simulator's per-request data live
	 * in a scratch arena freed after this vhost (findings copy what
	 * they keep): memory stays flat over thousands of vhosts. */
	x.a = pf_arena_new();
	pf_sim_scratch(c->sim, x.a);
	pf_sim_memo_begin(c->sim, vh);
	pf_docroot_denied(c, vh, x.docroot, x.a);
	/* Which pool do ordinary scripts reach? */
	{
		const char *f = join(x.a, x.docroot, "index.php");
		struct pf_sim_fs fs = { &f, 1, 0 };

		pf_sim_request(c->sim, vh, "/index.php", &fs, &legit);
		x.legit = &legit;
		/* PHP in one part of the site only: that part's route */
		if (legit.outcome != PF_SIM_FPM &&
		    legit.outcome != PF_SIM_NO_ANSWER &&
		    area_verdict(&x, &area, &au)) {
			lv = &area;
			x.area_dir = area_dir(&x, &area, au);
		}
		/* A request that kills Apache's child (NO_ANSWER) was
		 * routed and connected to the pool: what is said of the
		 * pool holds once the line that crashes is fixed. */
		if (lv->outcome == PF_SIM_FPM ||
		    lv->outcome == PF_SIM_NO_ANSWER) {
			pool = lv->pool;
			vp.v = vh;
			vp.docroot = x.docroot;
			vp.pool = pool;
			vp.route = lv->route;
			vp.via = lv->via;
			vp.backend = lv->backend;
			/* Kept past the scratch arena. */
			vp.backend.socket = lv->backend.socket ? pf_strdup(
			    c->run->arena, lv->backend.socket) : NULL;
			vp.backend.host = lv->backend.host ? pf_strdup(
			    c->run->arena, lv->backend.host) : NULL;
			vp.backend.worker = lv->backend.worker ? pf_strdup(
			    c->run->arena, lv->backend.worker) : NULL;
			vp.backend.path = lv->backend.path ? pf_strdup(
			    c->run->arena, lv->backend.path) : NULL;
			/* mod_proxy looks the worker up by the whole URL:
			 * a handler's gets the file name appended. */
			vp.path = vp.backend.path != NULL &&
			    vp.backend.path[0] != '\0' ? vp.backend.path :
			    lv->filename != NULL ? pf_strdup(c->run->arena,
			    lv->filename) : NULL;
			vp.label = x.label;
			PF_PUSH(c->run->arena, c->vpools, vp);
		}
	}
	/* (under mod_php, the folders Apache's user can write) */
	nwd = pf_wdirs_for(c->wdirs, vh, x.docroot, pool != NULL ? pool :
	    legit.outcome == PF_SIM_OTHER && legit.php_exec ?
	    pf_wdirs_modphp(c->wdirs, pf_vhost_run_user(c, vh)) : NULL, &wd);
	secrets_served(&x);
	pf_listing_served(c, vh, x.label, x.docroot, wd, nwd, x.a);
	pf_phpinfo_served(c, vh, x.label, x.docroot, x.a);
	build_probes(&x, wd, nwd);
	for (i = 0; i < x.probes.n; i++) {
		const struct probe *p = &x.probes.v[i];

		run_probe(&x, p, &v);
		if (v.outcome == PF_SIM_FPM && v.route != NULL &&
		    (p->cls == P_LEGIT || p->cls == P_NOFILE))
			PF_PUSH(x.a, x.hit_routes, v.route);
		if (p->cls == P_LEGIT && v.outcome == PF_SIM_FPM && !p->alias)
			legit_hits++;
		if (p->cls == P_LEGIT && v.outcome == PF_SIM_STATIC &&
		    v.declined != PF_DECLINE_NONE && v.route != NULL)
			source_served(&x, p, &v);
		/* (an attacker's probe is no example of a page) */
		if (v.outcome == PF_SIM_DENIED && v.symlinks_off != NULL) {
			struct pf_symref sr = { p->url, v.symlinks_off,
			    v.symlinks_rules };

			if (p->cls == P_LEGIT)
				PF_PUSH(x.a, symrefs, sr);
		} else if (p->cls == P_LEGIT && v.outcome == PF_SIM_DENIED &&
		    !p->alias && legit_denied == NULL)
			legit_denied = v.authz_node;
		if (p->cls == P_LEGIT && v.outcome == PF_SIM_FPM &&
		    v.chroot_miss && !p->alias && !chroot_said) {
			chroot_paths(&x, p, &v);
			chroot_said = 1;
		}
		/* mod_proxy refuses the route's URL: 400 (r_badhost.c) */
		if (p->cls == P_LEGIT && v.outcome == PF_SIM_OTHER &&
		    v.status == 400 && !p->alias)
			pf_route_bad_host(c, x.label, v.route, v.via, v.handler,
			    p->url);
		/* A script Apache serves as a file: no route took it. */
		if (p->cls == P_LEGIT && v.outcome == PF_SIM_STATIC &&
		    !p->alias)
			legit_static++;
		if (p->cls == P_NOFILE && nofile_reaches_fpm(&x, p, &v,
		    &nv)) {
			struct pf_diag *d = pf_finding(c,
			    "sethandler-no-file-check", PF_SEV_INFO,
			    node_loc(nv.route), x.label, "requests for PHP "
			    "scripts that do not exist (%s%s) are sent to FPM, "
			    "which answers 'File not found.' instead of "
			    "Apache's 404", p->url, p->alias != NULL ?
			    pf_printf(x.a, ", below the Alias target %s",
			    p->alias->path) : "");

			if (p->alias != NULL && p->alias->node != NULL)
				pf_frel(c, d, p->alias->node->loc, "the Alias "
				    "that maps %s", p->url);
			pf_ffix(c, d, "wrap SetHandler in <If \"-f "
			    "%%{REQUEST_FILENAME}\"> ... </If>");
		}
		judge(&x, p, &v);
		judge_upload(&x, p, &v);
		if (p->cls == P_UPLOAD && v.outcome == PF_SIM_FPM &&
		    v.fpm == PF_FPM_EXEC) {
			exec_upload = 1;
			if (exec_dir == NULL) {
				exec_dir = p->dir;
				exec_guessed = p->wd->guessed;
			}
		}
		query_twin(&x, p, &v);
	}
	upload_flush(&x);
	pf_rewrite_symlinks(c, vh, x.label, x.a, symrefs.v, symrefs.n);
	if (lv->outcome == PF_SIM_FPM) {
		pf_auth_passed(c, vh, x.label, x.docroot, lv->route);
		pf_body_limit(c, x.label, lv);
	}
	if (legit.outcome == PF_SIM_STATIC && legit.handler == NULL)
		source_unrouted(&x);
	if (legit.outcome == PF_SIM_STATIC && legit.handler_off != NULL)
		handler_taken(&x, legit.handler_off);
	source_areas(&x);
	acl_bypass(&x);
	route_any_script(&x);
	query_refused(&x);
	status_pages(&x, pool);
	apache_status_pages(&x);
	/* .user.ini where users write and PHP runs. */
	if (pool != NULL && pf_php_known(c, pool, "user_ini.filename")) {
		struct pf_loc l;
		const char *ui = pf_php_get(c, pool, "user_ini.filename", &l);
		const char *why = NULL;
		int docroot_w = pool->user.s != NULL &&
		    pf_wdirs_user_can_write(c->wdirs, x.docroot, pool->user.s,
		    &why) == 1;

		if (ui == NULL)
			ui = ".user.ini";
		if (ui[0] != '\0' && (exec_upload || docroot_w)) {
			struct pf_diag *d = pf_finding(c, "user-ini-upload",
			    PF_SEV_MEDIUM, l.file ? l : pool->loc, x.label,
			    "FPM reads %s files from the script's directory up "
			    "to the DocumentRoot, and users can write %s: an "
			    "uploaded %s can set auto_prepend_file", ui,
			    docroot_w ? pf_printf(c->run->arena, "the "
			    "DocumentRoot %s (%s)", x.docroot, why) :
			    exec_dir != NULL ? pf_printf(c->run->arena, "%s, "
			    "where PHP runs (upload-under-docroot%s)", exec_dir,
			    exec_guessed ? "; an upload folder by its name" :
			    "") : "a directory where PHP runs", ui);

			pf_ffix(c, d, "set user_ini.filename = (empty) for FPM "
			    "and keep upload directories script-free");
		}
	}
	/* Routes that no ordinary script URL reaches: dead code. */
	if (legit_hits == 0) {
		const char *refused;
		const struct pf_node *br;
		int denied_said = 0;
		size_t j;

		for (j = 0; j < vh->routes.n; j++) {
			const struct pf_route *r = &vh->routes.v[j];

			if (r->inactive || r->node == NULL ||
			    seen_route(&x, r->node) ||
			    (r->kind == PF_ROUTE_PROXYPASS &&
			    r->pattern != NULL))
				continue;	/* prefixes are apps */
			/* Apache refuses the scripts before any route (a
			 * DocumentRoot outside the directories Debian's
			 * apache2.conf grants): say so, not "the pattern". */
			if (legit_denied != NULL) {
				struct pf_diag *d;
				int dd = pf_rule_index("docroot-denied");

				/* (docroot-denied says it of the whole
				 * site) */
				if ((dd >= 0 && c->enabled[dd] &&
				    pf_default_deny(legit_denied)) ||
				    denied_said++)
					continue;	/* (one cause: said once) */
				br = cond_branch(legit_denied);
				d = pf_finding(c, "route-dead",
				    PF_SEV_INFO, r->node->loc, x.label,
				    "this route to FPM is never reached: "
				    "Apache refuses /index.php and every other "
				    "script of %s (%s %s%s)", x.docroot,
				    legit_denied->name, legit_denied->raw ?
				    legit_denied->raw : "", br == NULL ? "" :
				    pf_node_is(br, "If") ? ", in an <If> that "
				    "holds here" : pf_printf(x.a, ", in an <%s> "
				    "taken because no condition before it holds "
				    "here", br->name));

				pf_frel(c, d, legit_denied->loc, "refuses "
				    "the requests");
				if (br != NULL) {
					pf_frel(c, d, br->loc, "the branch "
					    "that refuses them");
					pf_ffix(c, d, "see that the branch the "
					    "site needs is the one taken on the "
					    "server (a file an -e or -f test "
					    "names must exist there), or grant "
					    "the scripts in the branch taken");
				} else
					pf_ffix(c, d, "grant the DocumentRoot: "
					    "<Directory %s> Require all granted "
					    "</Directory>", x.docroot);
				continue;
			}
			/* A server-context RewriteRule where mod_rewrite's
			 * engine is never on: not the pattern's fault. */
			if ((r->kind == PF_ROUTE_REWRITE_PROXY ||
			    r->kind == PF_ROUTE_REWRITE_HANDLER) &&
			    r->node->parent != NULL &&
			    r->node->parent == (vh->node != NULL ? vh->node :
			    c->m->apache->root) && (vh->node == NULL ||
			    !engine_on_in(vh->node)) &&
			    !engine_on_in(c->m->apache->root)) {
				struct pf_diag *d = pf_finding(c, "route-dead",
				    PF_SEV_INFO, r->node->loc, x.label,
				    "this route to FPM never runs: no "
				    "`RewriteEngine On` in %s or the main "
				    "server, and mod_rewrite ignores its rules "
				    "while its engine is off (the default)",
				    vh->node != NULL ? "this <VirtualHost>" :
				    "the server");

				pf_ffix(c, d, "RewriteEngine On, above the "
				    "RewriteRule");
				continue;
			}
			/* Answered before any handler runs (a RewriteRule
			 * [R=404] or a redirect that lets only a few paths
			 * through, as Wikimedia's job runners do): the route
			 * serves those paths, its pattern is not at fault. */
			refused = NULL;
			if (legit_static == 0 || route_live(&x, r, &refused) ||
			    (legit.outcome == PF_SIM_STATIC &&
			    legit.handler_off != NULL))
				continue;	/* (php-source-served says why) */
			pf_finding(c, "route-dead", PF_SEV_INFO, r->node->loc,
			    x.label, "this route to FPM matches none of "
			    "/index.php, /a/b.php, /index.php/foo%s: check its "
			    "pattern", refused != NULL ? pf_printf(x.a, ", and "
			    "FPM's security.limit_extensions refuses %s, which "
			    "it matches", refused) : "");
		}
	}
	pf_sim_memo_end(c->sim);
	pf_sim_scratch(c->sim, NULL);
	pf_arena_free(x.a);
}

/* The <If>, <ElseIf> or <Else> node n sits in (the nearest), or NULL. */
static const struct pf_node *
cond_branch(const struct pf_node *n)
{
	for (n = n->parent; n != NULL; n = n->parent)
		if (pf_node_is(n, "If") || pf_node_is(n, "ElseIf") ||
		    pf_node_is(n, "Else"))
			return n;
	return NULL;
}

/*
 * route-query-refused: the URL route that runs the site's /index.php
 * sends its path as it is (ProxyPass nocanon, RewriteRule [P,NE]), the
 * client's query in it, and mod_proxy_fcgi 2.4.63 and later refuse a
 * '?' there (AH10414): every request with a query string is 403.  Asked
 * of the simulator as /index.php?x=1 (the simulator's
 * url_canon_refused(); tests/rules/sim_oracle.sh, nocanon-query).
 */
static void
query_refused(struct vctx *x)
{
	const struct pf_sim_verdict *legit = x->legit;
	const char *f = join(x->a, x->docroot, "index.php");
	struct pf_sim_fs fs = { &f, 1, 0 };
	struct pf_sim_verdict v;
	const struct pf_node *r;
	struct pf_diag *d;
	int ne;

	if (legit->outcome != PF_SIM_FPM || !url_route(legit->via) ||
	    legit->route == NULL)
		return;
	pf_sim_request(x->c->sim, x->v, "/index.php?x=1", &fs, &v);
	if (!v.canon_refused || (r = v.status_node) == NULL)
		return;
	ne = pf_node_is(r, "RewriteRule");
	d = pf_finding(x->c, "route-query-refused", PF_SEV_MEDIUM, r->loc,
	    x->label, "%s %s the path it forwards as the client sent it, "
	    "query string included, and mod_proxy_fcgi refuses a '?' in "
	    "such a path (AH10414, Apache 2.4.63 and later): every request "
	    "with a query string gets 403 (/index.php?x=1; /index.php runs)",
	    r->name, ne ? "with [NE] keeps" : "with nocanon keeps");
	pf_ffix(x->c, d, ne ? "drop NE from the flags ([P] alone: "
	    "mod_proxy encodes the path, and PHP gets the query in "
	    "QUERY_STRING all the same)" : "drop nocanon (mod_proxy encodes "
	    "the path, and PHP gets the query in QUERY_STRING all the same)");
}

/*
 * route-any-script: a URL route whose target takes the rest of the URL
 * as a path from the file system's root ("ProxyPass /healthcheck
 * fcgi://localhost:9000", serversideup/docker-php's template, or
 * "ProxyPassMatch ^/s/(.*)$ fcgi://127.0.0.1:9000/$1"): the URL names
 * any file FPM can read, outside the DocumentRoot too (Composer's
 * vendor/, another site's scripts).  Asked of the simulator: the route's
 * URL prefix, then the DocumentRoot's path and index.php; when that runs
 * the site's own index.php through the route, every path does.  A route
 * whose target holds the DocumentRoot's path (or any other folder) sends
 * DOCROOT/DOCROOT/index.php, which is no file.
 */
static void
route_any_script(struct vctx *x)
{
	const char *f = join(x->a, x->docroot, "index.php");
	struct pf_sim_fs fs = { &f, 1, 0 };
	struct pf_sim_verdict v;
	size_t j;

	if (x->docroot[0] != '/' || x->docroot[1] == '\0')
		return;		/* (a DocumentRoot "/" serves it all anyway) */
	for (j = 0; j < x->v->routes.n; j++) {
		const struct pf_route *r = &x->v->routes.v[j];
		const char *pre = NULL, *u, *dir;
		const struct pf_node *files;
		struct pf_diag *d;
		size_t n;
		int top;

		if (r->inactive || r->node == NULL || !url_route(r->kind))
			continue;
		if (r->kind == PF_ROUTE_PROXYPASS)
			pre = r->pattern != NULL ? r->pattern : handler_area(x,
			    r->node, &dir, &files, &top);
		else if (r->pattern != NULL && r->section == NULL &&
		    r->pattern[0] == '^' && r->pattern[1] == '/') {
			pre = regex_dir(x->a, r->pattern);
			if (pre == NULL)
				pre = "";	/* ("^/(.*)$": the whole URL) */
		}
		if (pre == NULL || (pre[0] != '/' && pre[0] != '\0'))
			continue;
		n = strlen(pre);
		while (n > 0 && pre[n - 1] == '/')
			n--;
		u = pf_printf(x->a, "%.*s%s", (int)n, pre, f);
		pf_sim_request(x->c->sim, x->v, u, &fs, &v);
		/* (through the route at that URL: not a front controller's
		 * redirect to /index.php for a file that is not there) */
		if (v.outcome != PF_SIM_FPM || v.route != r->node ||
		    v.redirects != 0 || v.fpm != PF_FPM_EXEC ||
		    v.executed == NULL || strcmp(v.executed, f) != 0)
			continue;
		d = pf_finding(x->c, "route-any-script", PF_SEV_HIGH,
		    r->node->loc, x->label, "%s takes the rest of the URL as a "
		    "path from the file system's root: %s runs %s, so a URL "
		    "names any PHP file FPM can read, outside the DocumentRoot "
		    "too (Composer's vendor/ tools such as PHPUnit's "
		    "eval-stdin.php, CVE-2017-9841; another site's scripts)",
		    r->node->name, u, f);
		if (n > 0)
			pf_ffix(x->c, d, "start the target's path with the "
			    "DocumentRoot %s, so that the URL's path lands "
			    "below it; for a status or health page, route its "
			    "exact URL to its own path (ProxyPassMatch "
			    "\"^%.*s$\" fcgi://HOST:PORT%.*s)", x->docroot,
			    (int)n, pre, (int)n, pre);
		else
			pf_ffix(x->c, d, "start the target's path with the "
			    "DocumentRoot %s, so that the URL's path lands "
			    "below it", x->docroot);
	}
}

/*
 * The vhosts on two threads: this one judges the first half, a second
 * one the rest with a simulator, writable-directory set and findings of
 * its own (pf_rctx_fork), joined after this half's as if found in turn.
 * What one_vhost() finds once per run and keeps in c is found first.
 */
struct rhalf {
	struct pf_rctx	 c;		/* the fork */
	const struct pf_vhost **vs;
	const char	**roots;
	size_t		 from, to;
};

static void *
routing_half(void *arg)
{
	struct rhalf *h = arg;
	struct pf_rctx *c = &h->c;
	size_t i, n = h->to - h->from;

	pf_wdirs_prefetch(c->wdirs, h->roots + h->from, n);
	c->vpools.v = pf_alloc(c->run->arena, (n + 1) * sizeof(*c->vpools.v));
	c->vpools.cap = n + 1;
	for (i = h->from; i < h->to; i++)
		one_vhost(c, h->vs[i]);
	pf_wdirs_prefetch_end(c->wdirs);
	return NULL;
}

/*
 * The second thread gets this one's stack size (a command runs on a big
 * stack: the simulator's walks recurse as deep as the configuration
 * nests) and no signals (they stay with the command's thread).
 */
static int
start_half(pthread_t *thr, struct rhalf *t)
{
	pthread_attr_t a, cur;
	sigset_t all, old;
	size_t ss = 0;
	int rc;

	if (pthread_getattr_np(pthread_self(), &cur) == 0) {
		if (pthread_attr_getstacksize(&cur, &ss) != 0)
			ss = 0;
		pthread_attr_destroy(&cur);
	}
	if (pthread_attr_init(&a) != 0)
		return -1;
	if (ss > 0)
		(void)pthread_attr_setstacksize(&a, ss);
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	rc = pthread_create(thr, &a, routing_half, t);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	pthread_attr_destroy(&a);
	return rc;
}

/*
 * Where to split vs (0: judge them on this thread).  The halves may not
 * share a DocumentRoot: each thread's writable-directory set learns its
 * own (walks once per DocumentRoot, secrets), which the join merges.  So
 * the split is the point nearest the middle (in the middle half) that no
 * DocumentRoot's vhosts straddle: a site's :80 and :443 vhosts are
 * usually neighbours.  PF_RULES_SPLIT=off|on overrides the size and CPU
 * tests.
 */
static size_t
routing_split(struct pf_rctx *c, const struct pf_vhost **vs,
    const char **roots, size_t n, int *partial)
{
	const char *e = getenv("PF_RULES_SPLIT");
	int force = e != NULL && strcmp(e, "on") == 0;
	struct pf_arena *a;
	struct pf_smap first = { 0 };	/* DocumentRoot -> first index + 1 */
	const char **dr;
	size_t *lastof;		/* at a DocumentRoot's first index: its last */
	long *diff, open = 0;	/* DocumentRoots a split before i cuts */
	size_t i, k, lo, hi, best = 0, dist = (size_t)-1;
	cpu_set_t cpus;

	if ((e != NULL && strcmp(e, "off") == 0) || n < 2 ||
	    pf_sim_memo_mode_of(c->sim) == PF_SIM_MEMO_VERIFY)
		return 0;
	if (!force && (n < 64 || (sched_getaffinity(0, sizeof(cpus),
	    &cpus) == 0 && CPU_COUNT(&cpus) < 2)))
		return 0;
	/* Every DocumentRoot, also of the vhosts that set none (their
	 * nodes' kids kept in a scratch arena, as one_vhost() does). */
	a = pf_arena_new();
	dr = pf_alloc(a, n * sizeof(*dr));
	lastof = pf_alloc(a, n * sizeof(*lastof));
	diff = pf_alloc(a, (n + 2) * sizeof(*diff));
	*partial = 0;
	for (i = 0; i < n; i++) {
		dr[i] = roots[i];
		if (roots[i] == NULL) {
			*partial = 1;
			pf_sim_scratch(c->sim, a);
			dr[i] = pf_sim_docroot(c->sim, vs[i]);
			pf_sim_scratch(c->sim, NULL);
		}
		lastof[i] = i;
		if (dr[i] == NULL)
			continue;
		if ((k = pf_smap_get(&first, dr[i])) == 0)
			pf_smap_put(a, &first, dr[i], i + 1);
		else
			lastof[k - 1] = i;
	}
	for (i = 0; i < n; i++)
		if (lastof[i] > i) {
			diff[i + 1]++;
			diff[lastof[i] + 1]--;
		}
	/* Thread 1 takes [0, h): h in the middle half, nearest n / 2. */
	lo = force ? 1 : n / 4;
	hi = force ? n - 1 : n - n / 4;
	for (i = 1; i < n; i++) {
		open += diff[i];
		if (open == 0 && i >= lo && i <= hi &&
		    (i > n / 2 ? i - n / 2 : n / 2 - i) < dist) {
			best = i;
			dist = i > n / 2 ? i - n / 2 : n / 2 - i;
		}
	}
	pf_arena_free(a);
	return best;
}

void
pf_pass_routing(struct pf_rctx *c)
{
	const struct pf_vhost **vs;
	const char **roots;
	size_t n, i, h;
	struct rhalf *t = NULL;
	pthread_t thr;
	int partial = 0;

	if (c->m->apache == NULL)
		return;
	n = pf_sim_vhosts(c->sim, &vs);
	/* Their DocumentRoots are read on a second thread meanwhile (only
	 * those the vhosts set: pf_sim_docroot() of the others walks their
	 * nodes, which one_vhost() does in its scratch arena). */
	roots = pf_alloc(c->run->arena, (n + 1) * sizeof(*roots));
	for (i = 0; i < n; i++)
		roots[i] = vs[i] != NULL && vs[i]->document_root.s != NULL ?
		    pf_sim_docroot(c->sim, vs[i]) : NULL;
	/* At most one entry per vhost: room for all at once, not the
	 * doubling copies PF_PUSH would leave in the arena (2.4 MB at
	 * 10,000 vhosts). */
	if (c->vpools.cap < c->vpools.n + n) {
		c->vpools.v = pf_grow(c->run->arena, c->vpools.v, c->vpools.n,
		    c->vpools.n + n, sizeof(*c->vpools.v));
		c->vpools.cap = c->vpools.n + n;
	}
	h = c->m->apache->root != NULL ? routing_split(c, vs, roots, n,
	    &partial) : 0;
	if (h > 0) {
		/* What both threads read: found now, not by the first to
		 * need it. */
		unrouted_once(c);
		pf_auth_once(c);
		main_handlers_once(c);
		root_acls_once(c);
		pf_sim_memo_prepare(c->sim);
		status_urls(c);
		(void)pf_rules_get(0);
		if (sim_kind_init() < 0)
			h = 0;
	}
	if (h > 0) {
		t = pf_xzalloc(1, sizeof(*t));
		pf_rctx_fork(c, &t->c, pf_arena_new());
		t->c.wdirs = pf_wdirs_fork(c->wdirs, t->c.run, partial);
		t->c.sim = pf_sim_fork(c->sim, t->c.run, t->c.wdirs);
		t->vs = vs;
		t->roots = roots;
		t->from = h;
		t->to = n;
		if (start_half(&thr, t) != 0) {
			pf_rctx_join(c, &t->c);		/* (nothing) */
			free(t);
			t = NULL;
			h = n;
		}
	} else
		h = n;
	pf_wdirs_prefetch(c->wdirs, roots, h);
	for (i = 0; i < h; i++)
		one_vhost(c, vs[i]);
	pf_wdirs_prefetch_end(c->wdirs);
	if (t != NULL) {
		pthread_join(thr, NULL);
		pf_wdirs_join(c->wdirs, t->c.wdirs);
		pf_rctx_join(c, &t->c);
		free(t);
	}
	/* /~user/ URLs (mod_userdir) reach pools too. */
	pf_pass_userdir(c);
}
