/*
 * r_php.c - PHP settings as each pool runs them (php_admin_value /
 * php_value of the pool over php.ini over PHP's defaults): errors shown to
 * clients, remote includes, the version banner, open_basedir, where
 * uploads are staged, and each DocumentRoot's .user.ini over its pool's
 * settings.  A php.ini-wide finding is reported once, at the php.ini
 * line; a pool override at the pool's line; a site's at its .user.ini.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "parsers/phpini.h"
#include "parsers/prefetch.h"
#include "rules/rule.h"
#include "rules/writable.h"

struct setting {
	const char	*value;
	struct pf_loc	 loc;
	int		 from_pool;	/* set by the pool itself */
};

static int
get(struct pf_rctx *c, const struct pf_pool *p, const char *key,
    struct setting *s)
{
	size_t i;

	memset(s, 0, sizeof(*s));
	if (!pf_php_known(c, p, key))
		return 0;
	s->value = pf_php_get(c, p, key, &s->loc);
	if (p != NULL)
		for (i = 0; i < p->php.n; i++)
			if (strcasecmp(p->php.v[i].key, key) == 0)
				s->from_pool = 1;
	return 1;
}

/*
 * zend_ini_parse_bool (OnUpdateBool: expose_php, allow_url_include): the
 * whole value "true", "yes" or "on" in any case, else atoi() != 0 (" on"
 * and "online" are off, "-1" and "2" on).
 */
static int
php_bool(const char *v)
{
	if (v == NULL)
		return 0;
	if (strcasecmp(v, "true") == 0 || strcasecmp(v, "yes") == 0 ||
	    strcasecmp(v, "on") == 0)
		return 1;
	return atoi(v) != 0;
}

/*
 * php_get_display_errors_mode (main/main.c): "on", "yes", "true",
 * "stdout", "stderr" in any case, else ZEND_ATOL kept in a zend_uchar
 * (256 is off, -1 and 3 on; php8.2 -c checked).  Under php-fpm "stderr"
 * is shown to clients too: php_error_cb writes to stderr only for the
 * cli, cgi and phpdbg SAPIs.
 */
static int
display_on(const char *v)
{
	if (v == NULL)
		return 0;
	if (strcasecmp(v, "on") == 0 || strcasecmp(v, "yes") == 0 ||
	    strcasecmp(v, "true") == 0 || strcasecmp(v, "stderr") == 0 ||
	    strcasecmp(v, "stdout") == 0)
		return 1;
	return (unsigned char)strtol(v, NULL, 10) != 0;
}

/*
 * An open_basedir that confines nothing: empty, or a list (':'
 * separated) with "/" (or "//"...) in it, under which every path lies.
 */
static int
basedir_open(const char *v)
{
	const char *p, *e;

	if (v == NULL || v[0] == '\0')
		return 1;
	for (p = v;; p = e + 1) {
		const char *q;

		e = strchr(p, ':');
		if (e == NULL)
			e = p + strlen(p);
		for (q = p; q < e && *q == '/'; q++)
			;
		if (q == e && e > p)
			return 1;
		if (*e == '\0')
			return 0;
	}
}

/*
 * [PATH=dir] and [HOST=name] sections of php.ini: php-fpm applies them per
 * request after the global values (fpm_main.c: php_ini_activate_per_dir_
 * config for every directory from / down to the script's, then
 * php_ini_activate_per_host_config for SERVER_NAME, which Apache sets to
 * the Host header's name unless UseCanonicalName is on; names compared
 * without case).  Checked with php-fpm8.2 and cgi-fcgi.  scoped() gives
 * the entry of KEY that one of the pool's vhosts gets from a section: the
 * deepest PATH at or above its DocumentRoot (whole = 1: every script of
 * it), else any PATH below it or a HOST naming it (whole = 0).
 */
static int
names_vhost(const struct pf_vhost *v, const char *host)
{
	size_t i;

	if (v == NULL)
		return 0;
	if (v->server_name.s != NULL && strcasecmp(v->server_name.s, host) == 0)
		return 1;
	for (i = 0; i < v->aliases.n; i++)
		if (strcasecmp(v->aliases.v[i].s, host) == 0)
			return 1;
	return 0;
}

static const struct pf_ini_entry *
scoped(const struct pf_phpini *ini, const struct pf_vpool *vp,
    const char *key, int *whole)
{
	const struct pf_ini_entry *best = NULL, *part = NULL;
	size_t i, bestlen = 0;

	*whole = 0;
	if (ini == NULL || vp->docroot == NULL)
		return NULL;
	for (i = 0; i < ini->entries.n; i++) {
		const struct pf_ini_entry *e = &ini->entries.v[i];
		const char *dir;

		if (e->scope == NULL || e->offset != NULL ||
		    strcmp(e->key, key) != 0)
			continue;
		if (strncmp(e->scope, "HOST=", 5) == 0) {
			if (names_vhost(vp->v, e->scope + 5))
				part = e;
			continue;
		}
		dir = e->scope + 5;
		if (pf_path_under(vp->docroot, dir) && strlen(dir) >= bestlen) {
			best = e;
			bestlen = strlen(dir);
		} else if (pf_path_under(dir, vp->docroot))
			part = e;
	}
	if (best != NULL) {
		*whole = 1;
		return best;
	}
	return part;
}

/* Where to report a setting that may be a default. */
static struct pf_loc
where(struct pf_rctx *c, const struct pf_pool *p, const struct setting *s)
{
	const struct pf_phpini *ini = pf_pool_ini(c->m, p);
	uint32_t f;

	if (s->loc.file != 0)
		return s->loc;
	if (ini != NULL && ini->path != NULL &&
	    (f = pf_source_find(c->run, ini->path)) != 0)
		return pf_loc_make(f, 1, 1, 0);
	return p != NULL ? p->loc : PF_NOLOC;
}

static const char *
subj(const struct pf_pool *p, const struct setting *s)
{
	return s->from_pool && p != NULL ? p->name : NULL;
}

/*
 * Does pool p run as a user another site also has (another pool serving
 * a site, or Apache itself)?  Then open_basedir is what keeps the sites
 * apart; with a user per site, file permissions already do.  (Sites that
 * share one pool share its open_basedir too: pool-shared-across-vhosts
 * is that finding.)
 */
static int
shares_user(struct pf_rctx *c, const struct pf_pool *p,
    struct pf_smap *users)
{
	size_t i;

	if (p->user.s == NULL)
		return 0;
	if (c->m->apache != NULL && pf_pool_sites(c, p) == 0)
		return 0;
	if (c->m->apache != NULL && c->m->apache->user.s != NULL &&
	    strcmp(c->m->apache->user.s, p->user.s) == 0)
		return 1;
	/* users: how many pools that serve a site run as each user (built
	 * once per run, value count + 1); p is one of them. */
	if (users->cap == 0)
		for (i = 0; i < c->m->pools.n; i++) {
			const struct pf_pool *q = c->m->pools.v[i];
			size_t n;

			if (q->user.s == NULL || (c->m->apache != NULL &&
			    pf_pool_sites(c, q) == 0))
				continue;
			n = pf_smap_get(users, q->user.s);
			pf_smap_put(c->run->arena, users, q->user.s,
			    n == 0 ? 2 : n + 1);
		}
	return pf_smap_get(users, p->user.s) > 2;
}

/*
 * open_basedir left open globally but set by a [PATH=] section at or
 * above the DocumentRoot of every vhost the pool serves (a pool's own
 * value is not judged here).  A [HOST=] one does not count: a request
 * with another Host name (the server's IP, a default vhost) gets none.
 */
static int
basedir_by_path(struct pf_rctx *c, const struct pf_pool *p,
    const struct setting *s)
{
	const struct pf_vpool *vp;
	const struct pf_ini_entry *e;
	int whole, any = 0;

	if (p == NULL || s->from_pool)
		return 0;
	for (vp = pf_vpool_first(c, p); vp != NULL; vp = pf_vpool_next(c, vp)) {
		e = scoped(pf_pool_ini(c->m, p), vp, "open_basedir", &whole);
		if (e == NULL || !whole || basedir_open(e->value))
			return 0;
		any = 1;
	}
	return any;
}

/*
 * A setting that is off for the pool but turned on by a [PATH=] or
 * [HOST=] section for one of its vhosts: the entry that does it.  (Even
 * expose_php, PHP_INI_SYSTEM: php-fpm8.2 sends X-Powered-By for the
 * scripts of such a section.)
 */
static const struct pf_ini_entry *
on_by_section(struct pf_rctx *c, const struct pf_pool *p, const char *key,
    const struct setting *s, int (*on)(const char *))
{
	const struct pf_vpool *vp;
	const struct pf_ini_entry *e;
	int whole;

	if (p == NULL || s->from_pool)
		return NULL;
	for (vp = pf_vpool_first(c, p); vp != NULL; vp = pf_vpool_next(c, vp))
		if ((e = scoped(pf_pool_ini(c->m, p), vp, key, &whole)) !=
		    NULL && on(e->value))
			return e;
	return NULL;
}

static void	uploads_blocked(struct pf_rctx *, struct pf_pool *);
static void	post_below_upload(struct pf_rctx *, struct pf_pool *);
static int	upload_over_post(struct pf_rctx *, struct pf_pool *,
		    const struct pf_phpini *const *, size_t, const char **,
		    const char **, long long *);

static void
one(struct pf_rctx *c, struct pf_pool *p, struct pf_smap *users)
{
	const struct pf_ini_entry *se;
	struct setting s;
	struct pf_diag *d;
	const char *from;

	if (get(c, p, "expose_php", &s) && !php_bool(s.value) &&
	    (se = on_by_section(c, p, "expose_php", &s, php_bool)) != NULL) {
		d = pf_finding(c, "expose-php", PF_SEV_INFO, se->loc, p->name,
		    "expose_php is on in [%s]: responses of pool %s there "
		    "carry X-Powered-By with the PHP version", se->scope,
		    p->name);
		pf_ffix(c, d, "expose_php = Off");
	} else if (get(c, p, "expose_php", &s) && php_bool(s.value)) {
		d = pf_finding(c, "expose-php", PF_SEV_INFO, where(c, p, &s),
		    subj(p, &s), "expose_php is on%s: responses carry "
		    "X-Powered-By with the PHP version", s.loc.file ? "" :
		    " (PHP's built-in default)");
		pf_ffix(c, d, "expose_php = Off");
	}
	if (get(c, p, "display_errors", &s) && !display_on(s.value) &&
	    (se = on_by_section(c, p, "display_errors", &s, display_on)) !=
	    NULL) {
		d = pf_finding(c, "display-errors-on", PF_SEV_MEDIUM, se->loc,
		    p->name, "display_errors = %s in [%s]: errors with file "
		    "paths, SQL and data go to clients of pool %s there",
		    se->value, se->scope, p->name);
		pf_ffix(c, d, "display_errors = Off and log_errors = On");
	} else if (get(c, p, "display_errors", &s) && display_on(s.value)) {
		from = s.loc.file ? "" : " (PHP's built-in default: php.ini "
		    "does not set it)";
		d = pf_finding(c, "display-errors-on", PF_SEV_MEDIUM,
		    where(c, p, &s), subj(p, &s), "display_errors = %s%s: "
		    "errors with file paths, SQL and data go to clients",
		    s.value, from);
		pf_ffix(c, d, "display_errors = Off and log_errors = On");
	}
	if (get(c, p, "allow_url_include", &s) && !php_bool(s.value) &&
	    (se = on_by_section(c, p, "allow_url_include", &s, php_bool)) !=
	    NULL) {
		d = pf_finding(c, "allow-url-include", PF_SEV_HIGH, se->loc,
		    p->name, "allow_url_include is on in [%s]: include/require "
		    "accept http://, data: and php://input there, so one "
		    "include of user input is remote code execution",
		    se->scope);
		pf_ffix(c, d, "allow_url_include = Off");
	} else if (get(c, p, "allow_url_include", &s) && php_bool(s.value)) {
		d = pf_finding(c, "allow-url-include", PF_SEV_HIGH,
		    where(c, p, &s), subj(p, &s), "allow_url_include is on: "
		    "include/require accept http://, data: and php://input, "
		    "so one include of user input is remote code execution");
		pf_ffix(c, d, "allow_url_include = Off");
	}
	/* (a chrooted pool's scripts see only the jail: a boundary the
	 * kernel keeps, which open_basedir would only narrow) */
	if (get(c, p, "open_basedir", &s) && basedir_open(s.value) &&
	    !basedir_by_path(c, p, &s) &&
	    pf_pool_chroot(c->run->arena, p) == NULL) {
		int multi = pf_site_count(c) > 1 && p != NULL &&
		    shares_user(c, p, users);

		d = pf_finding(c, "open-basedir-missing", multi ?
		    PF_SEV_MEDIUM : PF_SEV_LOW, p != NULL ? p->loc :
		    where(c, p, &s), p ? p->name : NULL, "%s for %s%s: its "
		    "scripts can open every file the pool user can read",
		    s.value != NULL && s.value[0] != '\0' ? "open_basedir "
		    "includes /" : "no open_basedir", p ? "pool " : "PHP",
		    p ? p->name : "");
		if (multi)
			pf_ffix(c, d, "php_admin_value[open_basedir] = "
			    "<docroot>:<tmp dir> per pool (sites on this host "
			    "share the pool's user)");
		else
			pf_ffix(c, d, "php_admin_value[open_basedir] = "
			    "<docroot>:<tmp dir>");
	}
	/* Upload staging inside a served tree. */
	if (p != NULL) {
		struct setting t;
		const struct pf_vpool *vp;
		const char *tdir = NULL, *cr = pf_pool_chroot(c->run->arena, p);

		if (!get(c, p, "upload_tmp_dir", &t) || t.value == NULL ||
		    t.value[0] == '\0')
			if (!get(c, p, "sys_temp_dir", &t))
				t.value = NULL;
		/* (a chrooted pool's folder is below its chroot here) */
		if (t.value != NULL && t.value[0] == '/')
			tdir = pf_chroot_path(c->run->arena, cr, t.value);
		if (tdir != NULL)
			for (vp = pf_vpool_first(c, p); vp != NULL;
			    vp = pf_vpool_next(c, vp)) {
				if (!pf_path_under(tdir, vp->docroot))
					continue;
				d = pf_finding(c, "upload-tmp-in-docroot",
				    PF_SEV_MEDIUM, where(c, p, &t), p->name,
				    "uploads of pool %s are staged in "
				    "%s%s%s%s, inside the DocumentRoot %s of %s: "
				    "they can be fetched or included while the "
				    "request runs",
				    p->name, tdir, cr != NULL ? " (" : "",
				    cr != NULL ? t.value : "", cr != NULL ?
				    " in its chroot)" : "", vp->docroot,
				    vp->label);
				pf_ffix(c, d, "php_admin_value[upload_tmp_dir] "
				    "= /var/lib/php/tmp-%s (outside any "
				    "DocumentRoot)", p->name);
				break;
			}
		uploads_blocked(c, p);
		post_below_upload(c, p);
	}
}

/*
 * open-basedir-blocks-uploads: PHP stages an upload in upload_tmp_dir
 * when one is set (whatever open_basedir says), else in the default
 * temporary folder (sys_temp_dir, else the worker's TMPDIR, else /tmp),
 * which must then pass open_basedir: main/rfc1867.c opens the file with
 * PHP_TMP_FILE_OPEN_BASEDIR_CHECK_ON_FALLBACK.  When it does not, every
 * upload fails with UPLOAD_ERR_NO_TMP_DIR (6: WordPress's "Missing a
 * temporary folder") and "File upload error - unable to create a
 * temporary file".  Verified with php-fpm8.2 (tests/rules/
 * uploadtmp_oracle.sh).  Quiet when file_uploads is off, an entry is
 * relative (".": the script's folder), or the worker's TMPDIR is the
 * master's (clear_env = no without env[TMPDIR]).
 */
static void
uploads_blocked(struct pf_rctx *c, struct pf_pool *p)
{
	struct setting ob, t, fu;
	struct pf_diag *d;
	const char *dir = NULL, *why, *e, *q;
	size_t i;

	if (!get(c, p, "open_basedir", &ob) || ob.value == NULL ||
	    ob.value[0] == '\0')
		return;
	if (get(c, p, "file_uploads", &fu) && !php_bool(fu.value))
		return;
	if (get(c, p, "upload_tmp_dir", &t) && t.value != NULL &&
	    t.value[0] != '\0')
		return;		/* (used as it is) */
	if (get(c, p, "sys_temp_dir", &t) && t.value != NULL &&
	    t.value[0] != '\0') {
		dir = t.value;
		why = "sys_temp_dir";
	} else {
		for (i = 0; i < p->env.n && dir == NULL; i++)
			if (!p->env.v[i].overridden &&
			    strcmp(p->env.v[i].name, "TMPDIR") == 0 &&
			    p->env.v[i].value != NULL &&
			    p->env.v[i].value[0] != '\0')
				dir = p->env.v[i].value;
		why = "env[TMPDIR]";
		if (dir == NULL && p->clear_env.set && p->clear_env.v == 0)
			return;		/* (the master's TMPDIR) */
		if (dir == NULL) {
			dir = "/tmp";
			why = "no upload_tmp_dir or sys_temp_dir";
		}
	}
	if (dir[0] != '/')
		return;
	for (e = ob.value; *e != '\0'; e = *q != '\0' ? q + 1 : q) {
		q = e + strcspn(e, ":");
		if (q == e)
			continue;
		if (*e != '/')
			return;		/* (relative: not judged) */
		/* an entry is a folder, as php_check_specific_open_basedir()
		 * takes it: "/tm" does not cover /tmp, "/tmp/" does */
		if (pf_path_under(dir, pf_strndup(c->run->arena, e,
		    (size_t)(q - e))))
			return;
	}
	d = pf_finding(c, "open-basedir-blocks-uploads", PF_SEV_MEDIUM,
	    where(c, p, &ob), p->name, "every file upload to pool %s fails: "
	    "with %s, PHP stages uploads in %s, which open_basedir (%s) does "
	    "not cover, so $_FILES gets error 6 (UPLOAD_ERR_NO_TMP_DIR, "
	    "\"Missing a temporary folder\") and the log \"File upload "
	    "error - unable to create a temporary file\"", p->name, why,
	    dir, ob.value);
	pf_ffix(c, d, "php_admin_value[upload_tmp_dir] = a folder outside "
	    "the DocumentRoot that the pool's user can write "
	    "(/var/lib/php/uploads/%s), or add %s to open_basedir", p->name,
	    dir);
}

/*
 * post-max-below-upload: upload_max_filesize above post_max_size.  PHP
 * reads no request body longer than post_max_size (main/SAPI.c: "POST
 * Content-Length of N bytes exceeds the limit of M bytes"): $_POST and
 * $_FILES stay empty, so an upload the admin allowed with
 * upload_max_filesize fails without an error in $_FILES.  0 (or less)
 * lifts either limit.  Verified with php-fpm8.2 (tests/rules/
 * postmax_oracle.sh).  Reported when either value is set (PHP's defaults,
 * 2M and 8M, agree).
 */
static void
post_below_upload(struct pf_rctx *c, struct pf_pool *p)
{
	struct setting up, pm, fu;
	struct pf_diag *d;
	const char *uv, *mv;
	int kup = get(c, p, "upload_max_filesize", &up) && up.value != NULL,
	    kpm = get(c, p, "post_max_size", &pm) && pm.value != NULL;
	/* (set in a file: PHP's own defaults, 2M and 8M, agree) */
	int sup = kup && up.loc.file != 0, spm = kpm && pm.loc.file != 0;
	long long m;

	if (!sup && !spm)
		return;
	if ((get(c, p, "file_uploads", &fu) && !php_bool(fu.value)) ||
	    !upload_over_post(c, p, NULL, 0, &uv, &mv, &m))
		return;
	d = pf_finding(c, "post-max-below-upload", PF_SEV_LOW, sup ?
	    where(c, p, &up) : where(c, p, &pm), p->name,
	    "upload_max_filesize = %s for pool %s, but post_max_size = %s%s: "
	    "PHP drops every request body above %s whole (\"POST "
	    "Content-Length of N bytes exceeds the limit of %lld bytes\"), so "
	    "uploads between the two arrive with empty $_FILES and $_POST",
	    uv, p->name, mv, spm ? "" : " (PHP's default)", mv, m);
	if (spm && sup)
		pf_frel(c, d, where(c, p, &pm), "post_max_size is set here");
	pf_ffix(c, d, "php_admin_value[post_max_size] a little above "
	    "upload_max_filesize (the multipart body is larger than the "
	    "file), or 0 for no limit");
}

/* ---- .user.ini ---- */

/*
 * Who may set an INI entry: PHP_INI_USER 1, PHP_INI_PERDIR 2,
 * PHP_INI_SYSTEM 4, the "access" of php8.2's ini_get_all().  php-fpm
 * applies a .user.ini with php_ini_activate_config(..., PHP_INI_PERDIR,
 * PHP_INI_STAGE_HTACCESS): an entry without PERDIR is left as it was,
 * without a word.  The entries the rules judge, and those .user.ini files
 * panels write (cPanel's MultiPHP INI Editor); tests/rules/
 * userini_oracle.sh holds every row to php8.2's own table.
 */
static const struct ini_access {
	const char	*key;
	unsigned char	 access;
} ini_access[] = {
	/* (ini-access table: one row a line, as the test reads it) */
	{ "allow_url_fopen", 4 },
	{ "allow_url_include", 4 },
	{ "auto_append_file", 6 },
	{ "auto_prepend_file", 6 },
	{ "date.timezone", 7 },
	{ "disable_classes", 4 },
	{ "disable_functions", 4 },
	{ "display_errors", 7 },
	{ "display_startup_errors", 7 },
	{ "enable_dl", 4 },
	{ "error_log", 7 },
	{ "error_reporting", 7 },
	{ "expose_php", 4 },
	{ "file_uploads", 4 },
	{ "html_errors", 7 },
	{ "log_errors", 7 },
	{ "max_execution_time", 7 },
	{ "max_file_uploads", 6 },
	{ "max_input_nesting_level", 6 },
	{ "max_input_time", 6 },
	{ "max_input_vars", 6 },
	{ "memory_limit", 7 },
	{ "open_basedir", 7 },
	{ "output_buffering", 6 },
	{ "post_max_size", 6 },
	{ "realpath_cache_size", 4 },
	{ "session.gc_maxlifetime", 7 },
	{ "session.save_path", 7 },
	{ "short_open_tag", 6 },
	{ "sys_temp_dir", 4 },
	{ "upload_max_filesize", 6 },
	{ "upload_tmp_dir", 4 },
	{ "user_ini.cache_ttl", 4 },
	{ "user_ini.filename", 4 },
	{ "zlib.output_compression", 7 },
	/* (end of the ini-access table) */
};

/* The pool sets key with php_admin_value/flag: the entry's access is
 * PHP_INI_SYSTEM from then on (fpm_php_zend_ini_alter_master), and no
 * .user.ini line changes it. */
static const struct pf_php_setting *
admin_set(const struct pf_pool *p, const char *key)
{
	size_t i;

	for (i = 0; i < p->php.n; i++)
		if (p->php.v[i].admin && strcmp(p->php.v[i].key, key) == 0)
			return &p->php.v[i];
	return NULL;
}

/* Two INI values that mean the same: equal, or both booleans as PHP
 * normalises them (On -> "1", Off -> "") with the same truth. */
static int
same_ini_value(const char *a, const char *b)
{
	static const char *const flags[] = { "", "0", "1", NULL };
	int i, fa = 0, fb = 0;

	if (strcmp(a, b) == 0)
		return 1;
	for (i = 0; flags[i] != NULL; i++) {
		fa |= strcmp(a, flags[i]) == 0;
		fb |= strcmp(b, flags[i]) == 0;
	}
	return fa && fb && php_bool(a) == php_bool(b);
}

#define USER_INI_MAX	(4 << 20)	/* bytes of a .user.ini read */

/*
 * The value key has for scripts under the last of chain[0..n): the last
 * of those files that sets it (where the pool does not lock it with
 * php_admin_value), else the pool's (NULL: unknown).  chain: the
 * .user.ini files php-fpm reads for them, from the DocumentRoot's down.
 */
static const char *
chain_value(struct pf_rctx *c, struct pf_pool *p,
    const struct pf_phpini *const *chain, size_t n, const char *key)
{
	const struct pf_ini_entry *e;
	struct setting s;

	if (admin_set(p, key) == NULL)
		while (n-- > 0)
			if ((e = pf_phpini_value(chain[n], key)) != NULL)
				return e->value;
	return get(c, p, key, &s) ? s.value : NULL;
}

/* upload_max_filesize above post_max_size for the scripts under the last
 * of chain[0..n) (n 0: the pool's own); *uv and *mv get the two values,
 * *m post_max_size's bytes. */
static int
upload_over_post(struct pf_rctx *c, struct pf_pool *p,
    const struct pf_phpini *const *chain, size_t n, const char **uv,
    const char **mv, long long *m)
{
	long long u;

	*uv = chain_value(c, p, chain, n, "upload_max_filesize");
	*mv = chain_value(c, p, chain, n, "post_max_size");
	if (*uv == NULL)
		*uv = "2M";		/* PHP's defaults */
	if (*mv == NULL)
		*mv = "8M";
	u = pf_ini_bytes(*uv);
	*m = pf_ini_bytes(*mv);
	return u > 0 && *m > 0 && u > *m;
}

/*
 * The .user.ini at path, the last of chain[0..n) (parsed), for the
 * scripts of pool p in dir and below: php-fpm reads every such file from
 * DOCUMENT_ROOT down to the script's folder, so its lines are the site's
 * settings over the pool's and over the files above it.
 */
static void
user_ini(struct pf_rctx *c, struct pf_pool *p, const struct pf_vpool *vp,
    const char *path, const char *dir, const struct pf_phpini *const *chain,
    size_t n)
{
	const struct pf_phpini *ini = chain[n - 1];
	const struct pf_ini_entry *e, *eu, *em;
	const struct pf_php_setting *a;
	struct setting s;
	struct pf_diag *d;
	const char *uv, *mv, *av;
	size_t i;
	long long u, m;

	/* Lines php-fpm passes over: not PERDIR, or the pool's admin
	 * value.  Said where the line would change what the pool runs. */
	for (i = 0; i < sizeof(ini_access) / sizeof(ini_access[0]); i++) {
		const char *k = ini_access[i].key, *pv;

		if ((e = pf_phpini_value(ini, k)) == NULL)
			continue;
		a = admin_set(p, k);
		if ((ini_access[i].access & 2) && a == NULL)
			continue;
		pv = get(c, p, k, &s) ? s.value : NULL;
		if (pv != NULL && same_ini_value(pv, e->value))
			continue;	/* (it changes nothing) */
		d = pf_diag_add(c->run, PF_SEV_WARNING, "phpini-user-ignored",
		    e->loc, "php-fpm ignores %s here: %s, so scripts of %s run "
		    "with %s", k, a != NULL ? pf_printf(c->run->arena, "pool "
		    "%s sets it with php_admin_value, which .user.ini cannot "
		    "change", p->name) : "a .user.ini sets only PHP_INI_PERDIR "
		    "settings, and this one is PHP_INI_SYSTEM", vp->label,
		    pv == NULL ? pf_printf(c->run->arena, "the pool's %s", k) :
		    pf_printf(c->run->arena, "%s = %s%s", k, pv[0] != '\0' ?
		    pv : "\"\"", a != NULL || s.loc.file != 0 ? "" :
		    " (PHP's default)"));
		if (a != NULL)
			pf_diag_related(c->run, d, a->loc, "php_admin_value");
		pf_diag_fix(c->run, d, "%s", a != NULL ? "change it in the "
		    "pool, or remove the line" : "set it in php.ini or with "
		    "php_admin_value in the pool, or remove the line");
	}
	/* A higher memory_limit for the site's workers: the sizing's bound
	 * (r_sizing.c memory()).  -1 (none) bounds nothing: left out, as
	 * for the pool's own. */
	if ((e = pf_phpini_value(ini, "memory_limit")) != NULL &&
	    admin_set(p, "memory_limit") == NULL &&
	    (u = pf_ini_bytes(e->value)) > 0 &&
	    (size_t)u > pf_pmap_get(&c->ui_memory, p))
		pf_pmap_put(c->run->arena, &c->ui_memory, p, (size_t)u);
	/* A longer max_execution_time for the site's scripts: the pool's
	 * timeout-mismatch (r_sizing.c tg_judge()) weighs the longest. */
	if ((e = pf_phpini_value(ini, "max_execution_time")) != NULL &&
	    admin_set(p, "max_execution_time") == NULL) {
		struct pf_ui_limit *l = (struct pf_ui_limit *)(uintptr_t)
		    pf_pmap_get(&c->ui_exec, p);
		long long t = pf_ini_secs(e->value);	/* (1 or more) */

		if (l == NULL) {
			l = pf_alloc(c->run->arena, sizeof(*l));
			l->v = 0;
			pf_pmap_put(c->run->arena, &c->ui_exec, p,
			    (size_t)(uintptr_t)l);
		}
		if (t > l->v) {
			l->v = t;
			l->loc = e->loc;
		}
	}
	/* display_errors turned on here (not on already above). */
	if ((e = pf_phpini_value(ini, "display_errors")) != NULL &&
	    display_on(e->value) && admin_set(p, "display_errors") == NULL &&
	    !display_on(chain_value(c, p, chain, n - 1, "display_errors"))) {
		d = pf_finding(c, "display-errors-on", PF_SEV_MEDIUM, e->loc,
		    vp->label, "display_errors = %s in %s: php-fpm reads it for "
		    "every script of %s below %s, so errors with file paths, "
		    "SQL and data go to its clients", e->value, path, vp->label,
		    dir);
		pf_ffix(c, d, "remove the line (or display_errors = Off), or "
		    "php_admin_flag[display_errors] = off in pool %s, which "
		    "no .user.ini can change", p->name);
	}
	/* upload_max_filesize above post_max_size once this file's lines
	 * apply, where it was not so above (post_below_upload judged the
	 * pool's own, a file above its own). */
	eu = admin_set(p, "upload_max_filesize") == NULL ?
	    pf_phpini_value(ini, "upload_max_filesize") : NULL;
	em = admin_set(p, "post_max_size") == NULL ?
	    pf_phpini_value(ini, "post_max_size") : NULL;
	if ((eu == NULL && em == NULL) ||
	    (get(c, p, "file_uploads", &s) && !php_bool(s.value)) ||
	    !upload_over_post(c, p, chain, n, &uv, &mv, &m) ||
	    upload_over_post(c, p, chain, n - 1, &av, &av, &u))
		return;
	d = pf_finding(c, "post-max-below-upload", PF_SEV_LOW, eu != NULL ?
	    eu->loc : em->loc, vp->label, "upload_max_filesize = %s for %s "
	    "(%s), but post_max_size = %s: PHP drops every request body "
	    "above %s whole (\"POST Content-Length of N bytes exceeds the "
	    "limit of %lld bytes\"), so uploads between the two arrive with "
	    "empty $_FILES and $_POST", uv, vp->label, path, mv, mv, m);
	if (eu != NULL && em != NULL)
		pf_frel(c, d, em->loc, "post_max_size is set here");
	pf_ffix(c, d, "post_max_size a little above upload_max_filesize in "
	    "the same file (the multipart body is larger than the file), or "
	    "0 for no limit");
}

/*
 * The .user.ini files of each DocumentRoot whose PHP reaches a pool: its
 * own, and those in the folders below it that its kept listings hold,
 * three levels down (pf_wdirs_keeps_name keeps .user.ini and other names
 * that end in .ini; another name is looked for by walk_user_inis).  A
 * tree of sites that each have one (a panel writes them) is read ahead
 * by the reader threads (prefetch.h) while the files before are judged:
 * 10,000 of them cost 0.1 s read here, one after the other.
 */
struct uini {
	struct pf_pool	*p;
	const struct pf_vpool *vp;
	const char	*path;
	const char	*dir;		/* the folder it holds for */
	size_t		 group;		/* the first of its DocumentRoot's */
	struct pf_phpini *ini;		/* parsed (NULL: none, not read) */
};

/* DocumentRoot-relative folder rel (NULL: the DocumentRoot) of vp as a
 * path, with name after it when name is not NULL. */
static const char *
under_root(struct pf_rctx *c, const struct pf_vpool *vp, const char *rel,
    const char *name)
{
	size_t n = strlen(vp->docroot);

	if (n > 1 && vp->docroot[n - 1] == '/')
		n--;
	return pf_printf(c->run->arena, "%.*s%s%s%s%s", (int)n, vp->docroot,
	    rel != NULL ? "/" : "", rel != NULL ? rel : "", name != NULL ?
	    "/" : "", name != NULL ? name : "");
}

/*
 * The folders below host path dir (rel: its path below the DocumentRoot,
 * NULL at the top), down to depth 3 as the kept listings go, not into dot
 * folders nor links, that hold a file name: pushed into v as rel paths,
 * in walk order (a folder before those below it).  For a DocumentRoot
 * whose listings the reader did not keep (a small tree, not read ahead),
 * or a name they do not keep; *budget bounds the folders opened.
 */
static void
walk_user_inis(struct pf_arena *a, void *vv, const char *dir,
    const char *rel, const char *name, int depth, int *budget)
{
	PF_VEC(const char *) *v = vv;
	PF_VEC(const char *) sub = { 0 };
	DIR *d;
	struct dirent *de;
	size_t i;

	if (depth >= 3 || (d = opendir(dir)) == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.' || (de->d_type != DT_DIR &&
		    de->d_type != DT_UNKNOWN))
			continue;
		PF_PUSH(a, sub, pf_strdup(a, de->d_name));
	}
	closedir(d);
	for (i = 0; i < sub.n && *budget > 0; i++) {
		const char *p = pf_printf(a, "%s/%s", dir, sub.v[i]);
		const char *r = rel != NULL ? pf_printf(a, "%s/%s", rel,
		    sub.v[i]) : sub.v[i];
		struct stat st;

		(*budget)--;
		if (lstat(p, &st) != 0 || !S_ISDIR(st.st_mode))
			continue;	/* (a link, or not a folder) */
		/* (the file as PHP's stat() sees it: a link to a file
		 * counts) */
		if (stat(pf_printf(a, "%s/%s", p, name), &st) == 0 &&
		    S_ISREG(st.st_mode))
			PF_PUSH(a, *v, r);
		walk_user_inis(a, v, p, r, name, depth + 1, budget);
	}
}

/* The candidates of one DocumentRoot into v. */
static void
user_ini_files(struct pf_rctx *c, struct pf_arena *a, void *vv,
    struct pf_pool *p, const struct pf_vpool *vp, const char *name)
{
	PF_VEC(struct uini) *v = vv;
	PF_VEC(const char *) rels = { 0 };
	const struct pf_dirlist *l = NULL;
	struct uini u;
	size_t i;
	int budget = 4096, folders = 0;

	memset(&u, 0, sizeof(u));
	u.p = p;
	u.vp = vp;
	u.group = v->n;
	if (strchr(name, '/') == NULL)
		l = pf_dirlist_get(c->run, pf_host_path(c->run, vp->docroot));
	if (l == NULL || pf_str_in(name, l->names, l->n)) {
		u.path = under_root(c, vp, NULL, name);
		u.dir = under_root(c, vp, NULL, NULL);
		PF_PUSH(a, *v, u);
	}
	if (strchr(name, '/') != NULL)
		return;		/* (a path below each folder: not looked for) */
	if (l != NULL && l->subs != NULL &&
	    pf_wdirs_keeps_name(name, DT_REG)) {
		/* (the kept listings keep that name) */
		for (i = 0; i < l->subs->n; i++)
			if (pf_str_in(name, l->subs->v[i].names,
			    l->subs->v[i].n))
				PF_PUSH(a, rels, l->subs->v[i].rel);
	} else {
		/* else the folders are listed here; a top without folders
		 * has none to look into */
		for (i = 0; l != NULL && i < l->n; i++)
			folders |= l->names[i][0] != '.' &&
			    (l->types[i] == DT_DIR || l->types[i] == DT_UNKNOWN);
		if (l == NULL || folders)
			walk_user_inis(a, &rels, pf_host_path(c->run,
			    under_root(c, vp, NULL, NULL)), NULL, name, 0,
			    &budget);
	}
	for (i = 0; i < rels.n; i++) {
		u.path = under_root(c, vp, rels.v[i], name);
		u.dir = under_root(c, vp, rels.v[i], NULL);
		PF_PUSH(a, *v, u);
	}
}

static void
user_inis(struct pf_rctx *c)
{
	PF_VEC(struct uini) v = { 0 };
	struct pf_arena *a = pf_arena_new(), *scratch = pf_arena_new();
	struct pf_prefetch *pf = NULL;
	const struct pf_phpini **chain = NULL;
	struct pf_job *jobs;
	struct stat st;
	size_t i, k, g, n, cap = 0;

	for (i = 0; i < c->m->pools.n; i++) {
		struct pf_pool *p = c->m->pools.v[i];
		const struct pf_vpool *vp;
		struct pf_smap seen = { 0 };
		struct setting s;
		const char *name = ".user.ini";	/* PHP's default */

		if (p->status_of != NULL)
			continue;
		if (get(c, p, "user_ini.filename", &s))
			name = s.value != NULL ? s.value : "";
		if (name[0] == '\0')
			continue;	/* no .user.ini is read */
		for (vp = pf_vpool_first(c, p); vp != NULL;
		    vp = pf_vpool_next(c, vp)) {
			if (vp->docroot == NULL || vp->docroot[0] != '/' ||
			    pf_smap_get(&seen, vp->docroot) != 0)
				continue;
			pf_smap_put(a, &seen, vp->docroot, 1);
			user_ini_files(c, a, &v, p, vp, name);
		}
	}
	if (v.n >= 16 && pf_prefetch_useful(v.n)) {
		jobs = pf_alloc(a, v.n * sizeof(*jobs));
		for (k = 0; k < v.n; k++) {
			memset(&jobs[k], 0, sizeof(jobs[k]));
			jobs[k].kind = PF_JOB_READ;
			jobs[k].path = pf_host_path(c->run, v.v[k].path);
		}
		pf = pf_prefetch_start(jobs, v.n, 256, NULL);
	}
	for (g = 0; g < v.n; g = k) {
		/* One DocumentRoot's files: parsed into scratch, then each
		 * judged under those above it. */
		pf_arena_reset(scratch);
		for (k = g; k < v.n && v.v[k].group == v.v[g].group; k++) {
			struct uini *u = &v.v[k];
			struct pf_job *j = pf != NULL ? pf_prefetch_wait(pf, k) :
			    NULL;
			char *data = NULL;
			size_t len = 0;

			u->ini = NULL;
			if (j != NULL && !j->fallback) {
				if (j->err != 0)
					continue;	/* none, as for PHP */
				data = j->data;
				len = j->len;
			} else if (stat(pf_host_path(c->run, u->path), &st) ==
			    0 && st.st_size > USER_INI_MAX) {
				/* (a site's file: not read whole) */
				pf_diag_add(c->run, PF_SEV_WARNING,
				    "phpini-user-big", u->vp->v != NULL ?
				    u->vp->v->document_root.loc : PF_NOLOC,
				    "%s is not read: %lld bytes, over the %d MiB "
				    "lint reads of a .user.ini", u->path,
				    (long long)st.st_size, USER_INI_MAX >> 20);
				continue;
			}
			u->ini = pf_alloc(scratch, sizeof(*u->ini));
			memset(u->ini, 0, sizeof(*u->ini));
			/* (entries in scratch: a finding copies what it
			 * keeps) */
			if (pf_phpini_read_user(c->run, u->path, data, len,
			    u->ini, u->vp->v != NULL ?
			    u->vp->v->document_root.loc : PF_NOLOC, scratch) !=
			    0)
				u->ini = NULL;
		}
		if (k - g > cap) {
			cap = k - g;
			chain = pf_alloc(a, cap * sizeof(*chain));
		}
		for (i = g; i < k; i++) {
			const struct uini *u = &v.v[i];
			size_t q;

			if (u->ini == NULL)
				continue;
			n = 0;
			for (q = g; q < i; q++)	/* (the folders in order) */
				if (v.v[q].ini != NULL &&
				    pf_path_under(u->dir, v.v[q].dir))
					chain[n++] = v.v[q].ini;
			chain[n++] = u->ini;
			user_ini(c, u->p, u->vp, u->path, u->dir, chain, n);
		}
	}
	pf_prefetch_stop(pf, c->run->arena);	/* (the data: the run's) */
	pf_arena_free(scratch);
	pf_arena_free(a);
}

void
pf_pass_php(struct pf_rctx *c)
{
	struct pf_smap users = { 0 };
	size_t i;

	if (c->m->pools.n == 0) {
		if (c->m->phpini != NULL)
			one(c, NULL, &users);
		return;
	}
	for (i = 0; i < c->m->pools.n; i++)
		if (c->m->pools.v[i]->status_of == NULL)
			one(c, c->m->pools.v[i], &users);
	user_inis(c);
}
