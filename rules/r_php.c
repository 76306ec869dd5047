/*
 * r_php.c - PHP settings as each pool runs them (php_admin_value /
 * php_value of the pool over php.ini over PHP's defaults): errors shown to
 * clients, remote includes, the version banner, open_basedir, where
 * uploads are staged.  A php.ini-wide finding is reported once, at the
 * php.ini line; a pool override at the pool's line.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "rules/rule.h"

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

static void
one(struct pf_rctx *c, struct pf_pool *p, struct pf_smap *users)
{
	struct setting s;
	struct pf_diag *d;
	const char *from;

	if (get(c, p, "expose_php", &s) && php_bool(s.value)) {
		d = pf_finding(c, "expose-php", PF_SEV_INFO, where(c, p, &s),
		    subj(p, &s), "expose_php is on%s: responses carry "
		    "X-Powered-By with the PHP version", s.loc.file ? "" :
		    " (PHP's built-in default)");
		pf_ffix(c, d, "expose_php = Off");
	}
	if (get(c, p, "display_errors", &s) && display_on(s.value)) {
		from = s.loc.file ? "" : " (PHP's built-in default: php.ini "
		    "does not set it)";
		d = pf_finding(c, "display-errors-on", PF_SEV_MEDIUM,
		    where(c, p, &s), subj(p, &s), "display_errors = %s%s: "
		    "errors with file paths, SQL and data go to clients",
		    s.value, from);
		pf_ffix(c, d, "display_errors = Off and log_errors = On");
	}
	if (get(c, p, "allow_url_include", &s) && php_bool(s.value)) {
		d = pf_finding(c, "allow-url-include", PF_SEV_HIGH,
		    where(c, p, &s), subj(p, &s), "allow_url_include is on: "
		    "include/require accept http://, data: and php://input, "
		    "so one include of user input is remote code execution");
		pf_ffix(c, d, "allow_url_include = Off");
	}
	if (get(c, p, "open_basedir", &s) && basedir_open(s.value)) {
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

		if (!get(c, p, "upload_tmp_dir", &t) || t.value == NULL ||
		    t.value[0] == '\0')
			if (!get(c, p, "sys_temp_dir", &t))
				t.value = NULL;
		if (t.value != NULL && t.value[0] == '/')
			for (vp = pf_vpool_first(c, p); vp != NULL;
			    vp = pf_vpool_next(c, vp)) {
				if (!pf_path_under(t.value, vp->docroot))
					continue;
				d = pf_finding(c, "upload-tmp-in-docroot",
				    PF_SEV_MEDIUM, where(c, p, &t), p->name,
				    "uploads of pool %s are staged in %s, inside "
				    "the DocumentRoot %s of %s: they can be "
				    "fetched or included while the request runs",
				    p->name, t.value, vp->docroot, vp->label);
				pf_ffix(c, d, "php_admin_value[upload_tmp_dir] "
				    "= /var/lib/php/tmp-%s (outside any "
				    "DocumentRoot)", p->name);
				break;
			}
	}
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
}
