/*
 * r_apache.c - Apache-side rules that are not about routing: mod_php
 * directives left in an FPM setup, PHP_VALUE/PHP_ADMIN_VALUE set as
 * FastCGI params (which override the pool's php_admin_value and persist
 * in the worker), ProxyFCGISetEnvIf lines that crash Apache's child, and
 * .htaccess files Apache's user cannot read.
 */
#include <string.h>
#include <strings.h>

#include "rules/rule.h"
#include "rules/sim.h"
#include "rules/writable.h"

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
	size_t i = pf_node_server(c, n);

	return i != 0 ? c->m->apache->vhosts.v[i - 1] : NULL;
}

/* Does PHP of v (NULL: of any vhost) reach a pool several sites share? */
static int
shared_pool(struct pf_rctx *c, const struct pf_vhost *v, int *any)
{
	const struct pf_vpool *vp;
	size_t i;

	if (v != NULL) {
		vp = pf_vpool_of(c, v);
		return vp != NULL && vp->pool != NULL &&
		    pf_pool_sites(c, vp->pool) > 1;
	}
	if (*any < 0) {
		*any = 0;
		for (i = 0; i < c->vpools.n && !*any; i++)
			if (c->vpools.v[i].pool != NULL &&
			    pf_pool_sites(c, c->vpools.v[i].pool) > 1)
				*any = 1;
	}
	return *any;
}

static int
names_php_value(const struct pf_node *n, const char **which)
{
	int i;

	for (i = 0; i < n->argc; i++) {
		const char *a = n->argv[i];
		/* (each test below needs one of these: 20,000 RewriteRule
		 * lines of a big tree have neither) */
		int p0 = (a[0] | 0x20) == 'p';
		int eq = strstr(a, "=PHP_") != NULL;

		if (!p0 && !eq)
			continue;
		if ((p0 && strncasecmp(a, "PHP_ADMIN_VALUE", 15) == 0) ||
		    (eq && (strstr(a, "E=PHP_ADMIN_VALUE") != NULL ||
		    strstr(a, "env=PHP_ADMIN_VALUE") != NULL))) {
			*which = "PHP_ADMIN_VALUE";
			return 1;
		}
		if ((p0 && strncasecmp(a, "PHP_VALUE", 9) == 0) ||
		    (eq && (strstr(a, "E=PHP_VALUE") != NULL ||
		    strstr(a, "env=PHP_VALUE") != NULL))) {
			*which = "PHP_VALUE";
			return 1;
		}
	}
	return 0;
}

/* The path of the innermost <Directory> around n, or NULL. */
static const char *
dir_of(const struct pf_node *n)
{
	for (; n != NULL; n = n->parent)
		if (n->name != NULL && strcasecmp(n->name, "Directory") == 0 &&
		    n->argc > 0)
			return n->argv[0];
	return NULL;
}

/* a lies below b (or is b when eq) as directories. */
static int
dir_below(const char *a, const char *b, int eq)
{
	size_t l = strlen(b);

	while (l > 1 && b[l - 1] == '/')
		l--;
	if (strncmp(a, b, l) != 0)
		return 0;
	if (a[l] == '\0' || (a[l] == '/' && a[l + 1] == '\0'))
		return eq;
	return a[l] == '/' || (l == 1 && b[0] == '/');
}

/*
 * A security setting in a false <IfModule mod_php...> (a dual-mode block)
 * is lost only where FPM runs PHP without it.  A php_value: some pool
 * reached from the node's vhost (any vhost at server level) does not set
 * the key; no pool there, PHP does not run.  engine off in <Directory D>:
 * a route whose scope covers D runs PHP there (the handler at vhost level,
 * D an upload folder below); routes only in <Directory> scopes strictly
 * below D are the per-site "engine on" of a default-deny (Plesk's
 * <Directory /var/www/vhosts>).  And only where FPM would run a script
 * there: a folder whose .htaccess also takes the handler away or denies
 * .php (a dual-mode upload protection) keeps PHP out without it, which
 * the simulator says of D/x.php.
 */
static int
runs_php_in(struct pf_rctx *c, const struct pf_vhost *v, const char *d)
{
	const char *u = pf_sim_url_of(c->sim, v, d), *f;
	struct pf_sim_fs fs = { &f, 1, 0 };
	struct pf_sim_verdict sv;

	if (u == NULL)
		return 0;	/* not served here */
	f = pf_printf(c->run->arena, "%s%sx.php", d,
	    d[strlen(d) - 1] == '/' ? "" : "/");
	if (pf_sim_request(c->sim, v, pf_printf(c->run->arena, "%s%sx.php",
	    u, u[strlen(u) - 1] == '/' ? "" : "/"), &fs, &sv) != 0)
		return 1;
	return (sv.outcome == PF_SIM_FPM && sv.fpm == PF_FPM_EXEC) ||
	    sv.outcome == PF_SIM_NO_ANSWER;
}

static int
lost_under_fpm(struct pf_rctx *c, const struct pf_node *n,
    const struct pf_vhost *v, int server, const char *key)
{
	const char *d = dir_of(n);
	int engine = strcasecmp(key, "engine") == 0;
	size_t i, k;

	for (i = 0; i < c->vpools.n; i++) {
		const struct pf_vpool *vp = &c->vpools.v[i];
		int set = 0;

		if (vp->pool == NULL || (!server && vp->v != v))
			continue;
		if (engine) {
			const char *rd = vp->route != NULL ?
			    dir_of(vp->route) : NULL;

			if (d == NULL)
				return 1;
			if ((rd == NULL || dir_below(d, rd, 1)) &&
			    runs_php_in(c, vp->v, d))
				return 1;
			continue;
		}
		for (k = 0; k < vp->pool->php.n && !set; k++)
			set = strcasecmp(vp->pool->php.v[k].key, key) == 0;
		if (!set)
			return 1;
	}
	return 0;
}

/*
 * fcgi-setenv-backref-crash: ProxyFCGISetEnvIf COND NAME VALUE whose VALUE
 * uses a backreference ($0 to $9) while COND has no regular expression
 * with a capturing group: apache2 2.4.71's child dies of a segmentation
 * fault on every request the line applies to (pf_sim_fcgi_backref_crash()
 * in sim_fpm.c says which lines and what was checked on the real servers;
 * the simulator answers such a request with its NO_ANSWER outcome).
 * Seen in a published "efficient PHP-FPM" recipe:
 * ProxyFCGISetEnvIf "true" SCRIPT_FILENAME /var/www/vhost1/$1.
 * apache2 -t accepts it.  n is an active line (the caller's test).
 */
static void
fcgi_backref(struct pf_rctx *c, const struct pf_node *n)
{
	const char *cond = n->argc > 0 ? n->argv[0] : "";
	struct pf_diag *d;
	int ref;

	/* the detection is the simulator's (its NO_ANSWER outcome) */
	if ((ref = pf_sim_fcgi_backref_crash(n)) == 0)
		return;
	d = pf_finding(c, "fcgi-setenv-backref-crash", PF_SEV_HIGH, n->loc,
	    NULL, "ProxyFCGISetEnvIf %s: the value uses $%c but the condition "
	    "\"%s\" has no regular expression with a capturing group: "
	    "Apache's child process crashes with a segmentation fault on "
	    "every request this line applies to, and the request gets no "
	    "answer (an empty reply)%s", n->argv[1], ref, cond,
	    in_htaccess(n) ? "" : ", though apache2 -t says Syntax OK");
	pf_ffix(c, d, "capture in the condition and use that group "
	    "(ProxyFCGISetEnvIf \"%%{REQUEST_URI} =~ m#^(/.*)#\" %s "
	    "\"...$1\"), or drop the $%c (build the value from "
	    "%%{DOCUMENT_ROOT}, %%{REQUEST_URI} or %%{reqenv:...})",
	    n->argv[1], ref);
}

struct walk {
	int		 have_fpm;
	int		 any_shared;	/* shared_pool(NULL), -1 unknown */
};

static void
walk(struct pf_rctx *c, const struct pf_node *n, struct walk *w)
{
	const char *which;

	for (; n != NULL; n = n->next) {
		/* Every name below starts with p, r or s: one test skips
		 * the tree's other directives. */
		int c0 = n->name != NULL ? n->name[0] | 0x20 : 0;
		size_t nl;
		int modphp;

		if (c0 != 'p' && c0 != 'r' && c0 != 's') {
			if (n->child != NULL)
				walk(c, n->child, w);
			continue;
		}
		/* (names compared only where the length fits: 150,000 of
		 * the 10,000-vhost tree's nodes start with r or s) */
		nl = strlen(n->name);
		modphp = c0 == 'p' && ((nl == 9 && strcasecmp(n->name,
		    "php_value") == 0) || (nl == 8 && strcasecmp(n->name,
		    "php_flag") == 0) || (nl == 15 && strcasecmp(n->name,
		    "php_admin_value") == 0) || (nl == 14 &&
		    strcasecmp(n->name, "php_admin_flag") == 0));

		/* Dead: inside a false <IfModule mod_php...>, or unknown. */
		if (modphp && w->have_fpm && ((n->flags & PF_NODE_INACTIVE) ||
		    (n->flags & PF_NODE_UNKNOWN))) {
			const char *key = n->argc > 0 ? n->argv[0] : "";
			int sec = security_key(key);
			/* A false <IfModule mod_php...> around it is a
			 * dual-mode block (RHEL's php.conf, Nextcloud's
			 * .htaccess): the author knew; only a lost security
			 * setting matters there.  Unguarded, a per-site one
			 * is a setting the admin believes in. */
			enum pf_severity s;

			if (sec && (n->flags & PF_NODE_INACTIVE)) {
				int server = in_server_level(n);

				sec = lost_under_fpm(c, n, server ? NULL :
				    vhost_of(c, n), server, key);
			}
			s = sec || (!(n->flags & PF_NODE_INACTIVE) &&
			    !in_server_level(n)) ? PF_SEV_MEDIUM : PF_SEV_INFO;
			/* Unguarded in an .htaccess, Apache without mod_php
			 * does not know the directive: every request the file
			 * covers gets 500 (htaccess_corpus.py, 2.4.71). */
			int dead = (n->flags & PF_NODE_UNKNOWN) &&
			    !(n->flags & PF_NODE_INACTIVE) &&
			    (n->flags & PF_NODE_HTACCESS);
			struct pf_diag *d = pf_finding(c,
			    "modphp-directive-under-fpm", s, n->loc, NULL,
			    "%s %s only works with mod_php; PHP runs under FPM "
			    "here, so this setting is not applied%s%s", n->name,
			    key, sec ? " (a security setting)" : "", dead ?
			    ", and Apache, not knowing the directive, answers "
			    "500 (Invalid command) for every request this "
			    ".htaccess covers" : "");

			/* FPM takes no engine setting from anywhere (and
			 * php_admin_value[engine] in a pool is this rule's
			 * finding too): the folder is Apache's to close */
			if (strcasecmp(key, "engine") == 0)
				pf_ffix(c, d, "keep PHP out of the folder on "
				    "Apache's side: <FilesMatch \"\\.(?i:ph(ar|"
				    "p[0-9]?|tml?))$\"> Require all denied "
				    "</FilesMatch> there");
			else
				pf_ffix(c, d, "set it in the pool: "
				    "php_admin_value[%s] = ...", key);
		}
		/* Applied by Apache: not in a false conditional, known,
		 * and not refused or skipped in an .htaccess file. */
		if (c0 == 'p' && nl == 17 && !(n->flags & (PF_NODE_INACTIVE |
		    PF_NODE_READ | PF_NODE_UNKNOWN | PF_NODE_FORBIDDEN |
		    PF_NODE_IGNORED | PF_NODE_SECTION)) &&
		    strcasecmp(n->name, "ProxyFCGISetEnvIf") == 0)
			fcgi_backref(c, n);
		if (!(n->flags & (PF_NODE_INACTIVE | PF_NODE_READ)) &&
		    ((c0 == 's' && nl == 6 && strcasecmp(n->name,
		    "SetEnv") == 0) || (c0 == 's' && nl >= 8 &&
		    strncasecmp(n->name, "SetEnvIf", 8) == 0) ||
		    (c0 == 'r' && nl == 11 && strcasecmp(n->name,
		    "RewriteRule") == 0) || (c0 == 'p' && nl == 17 &&
		    strcasecmp(n->name, "ProxyFCGISetEnvIf") == 0)) &&
		    names_php_value(n, &which)) {
			const struct pf_vhost *v = vhost_of(c, n);
			int shared = shared_pool(c, v, &w->any_shared);
			int tenant = in_htaccess(n);

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
			walk(c, n->child, w);
	}
}

/*
 * The .htaccess files the reader read (as root, most often), against
 * Apache's User and Group: ap_parse_htaccess opens each as that user on
 * the way to every request below its directory, and a failure other than
 * ENOENT/ENOTDIR is a 403 for all of them ("pcfg_openfile: unable to
 * check htaccess file, ensure it is readable and that 'DIR' is
 * executable", AH00529).  The usual cause: a site user's .htaccess left
 * 0600 (an editor's or an unpacker's umask), or a directory of 0700.
 */
static void
htaccess_access(struct pf_rctx *c)
{
	const struct pf_apache *ap = c->m->apache;
	const char *user = ap->user.s, *why;
	struct pf_smap seen = { 0 };	/* one finding per file: vhosts
					 * sharing a DocumentRoot read it
					 * once each */
	size_t i;

	if (user == NULL || c->wdirs == NULL)
		return;
	/* mpm-itk (AssignUserID) and mod_ruid2 (RUidGid) switch a child to
	 * the vhost's user before the per-directory walk: not judged */
	if (pf_apache_per_vhost_user(ap))
		return;
	for (i = 1; i < c->run->sources.n; i++) {
		const struct pf_source *s = c->run->sources.v[i];
		struct pf_loc loc = PF_NOLOC;
		const char *slash;
		struct pf_diag *d;

		if (s == NULL || s->kind != PF_SRC_HTACCESS || s->path == NULL ||
		    pf_smap_get(&seen, s->path) != 0)
			continue;
		pf_smap_put(c->run->arena, &seen, s->path, 1);
		if (pf_wdirs_read_access(c->wdirs, s->path, user, ap->group.s,
		    &why) != 0)
			continue;
		slash = strrchr(s->path, '/');
		loc.file = (uint32_t)i;
		loc.line = 1;
		loc.col = 1;
		d = pf_finding(c, "htaccess-unreadable", PF_SEV_MEDIUM, loc,
		    s->path, "Apache runs as %s%s%s and cannot read %s: %s; "
		    "every request under %.*s answers 403 (AH00529)", user,
		    ap->group.s ? ":" : "", ap->group.s ? ap->group.s : "",
		    s->path, why ? why : "no read permission",
		    slash != NULL && slash != s->path ?
		    (int)(slash - s->path) : 1, s->path);
		pf_ffix(c, d, "let %s read the file (chmod 0644, or its group "
		    "or an ACL) and search every directory above it, or "
		    "remove it", user[0] == '#' ? user + 1 : user);
		if (ap->user.loc.line != 0)
			pf_frel(c, d, ap->user.loc, "Apache's User");
	}
}

void
pf_pass_apache(struct pf_rctx *c)
{
	struct walk w;

	if (c->m->apache == NULL || c->m->apache->root == NULL)
		return;
	memset(&w, 0, sizeof(w));
	w.have_fpm = fpm_routes(c);
	w.any_shared = -1;
	walk(c, c->m->apache->root->child, &w);
	htaccess_access(c);
	pf_root_granted(c);
}
