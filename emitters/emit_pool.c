/*
 * emit_pool.c - the PHP-FPM pool file of a pool (DESIGN.md section 5):
 * its own user and group, a 0660 socket owned by Apache's group, sized
 * pm, max_requests, timeouts aligned with Apache's worker, slowlog,
 * rlimit_files, security.limit_extensions = .php, clear_env = yes, and
 * the [php NAME] settings as php_admin_value / php_admin_flag.  Comments
 * use ';': php-fpm refuses '#' lines (semantics.md 3.1).  Every name,
 * path and string goes through q_fpm_str: a '~' in a path is an operator
 * to php-fpm's INI scanner, a user named 'no' a boolean, and one named
 * E_ALL a number (found by tests/site/property.py).
 */
#include <stdlib.h>
#include <string.h>

#include "emitters/emit_int.h"

/* The value of [php NAME] key, or NULL. */
static const char *
php_val(const struct pf_pool *p, const char *key)
{
	size_t i;

	for (i = 0; i < p->php.n; i++)
		if (strcmp(p->php.v[i].key, key) == 0)
			return p->php.v[i].value != NULL ? p->php.v[i].value :
			    "";
	return NULL;
}

static int
has_php(const struct pf_pool *p, const char *key)
{
	return php_val(p, key) != NULL;
}

/*
 * --remap-root also moves the paths in PHP settings that name files or
 * folders: every absolute entry of a ':' list (open_basedir,
 * include_path), the path after the last ';' of session.save_path, and
 * the whole value of the others.
 */
static const char *
php_path_value(struct cc *cc, const struct pf_php_setting *s)
{
	static const char *const lists[] = { "open_basedir", "include_path" };
	static const char *const single[] = { "error_log", "upload_tmp_dir",
	    "sys_temp_dir", "auto_prepend_file", "auto_append_file",
	    "doc_root", "user_dir", "opcache.file_cache", "opcache.error_log",
	    "opcache.blacklist_filename", "mail.log", "soap.wsdl_cache_dir" };
	struct pf_buf b = PF_BUF_INIT;
	const char *v = s->value, *p, *semi;
	const char *r;
	size_t i, n;

	if (cc->root == NULL || s->flag)
		return v;
	for (i = 0; i < sizeof(lists) / sizeof(lists[0]); i++) {
		if (strcmp(s->key, lists[i]) != 0)
			continue;
		/* Every entry, empty ones too ("a:b:" keeps its ':'). */
		for (p = v;; p += n + 1) {
			n = strcspn(p, ":");
			if (p != v)
				pf_buf_putc(&b, ':');
			if (*p == '/')
				pf_buf_puts(&b, cc->root);
			pf_buf_add(&b, p, n);
			if (p[n] == '\0')
				break;
		}
		r = pf_strdup(cc->run->arena, pf_buf_str(&b));
		pf_buf_free(&b);
		return r;
	}
	if (strcmp(s->key, "session.save_path") == 0) {
		semi = strrchr(v, ';');
		p = semi ? semi + 1 : v;
		if (*p != '/')
			return v;
		return pf_printf(cc->run->arena, "%.*s%s%s", (int)(p - v), v,
		    cc->root, p);
	}
	for (i = 0; i < sizeof(single) / sizeof(single[0]); i++)
		if (strcmp(s->key, single[i]) == 0 && v[0] == '/')
			return cc_path(cc, v);
	return v;
}

/*
 * A pool the description gives to several sites: check and compile judge
 * that with the description (pool-shared-across-vhosts at info: shared on
 * purpose), lint of the deployed tree cannot see it and would say medium.
 * The comment tells lint what the description said; it applies to the
 * [NAME] line below it, where the rule reports.
 */
static void
shared_note(struct cc *cc, struct out *o, const struct pool_plan *pp)
{
	struct pf_buf b = PF_BUF_INIT;
	const struct pf_pool *p = pp->p;
	size_t i, n = 0;

	pf_buf_printf(&b, "proxyfpm-ignore: pool-shared-across-vhosts -- the "
	    "site description runs %d sites on this pool (", pp->nsites);
	for (i = 0; i < cc->m->sites.n; i++) {
		if (cc->sites[i].pp != pp)
			continue;
		if (n < 3)
			pf_buf_printf(&b, "%s%s", n ? ", " : "",
			    cc->sites[i].s->name);
		n++;
	}
	if (n > 3)
		pf_buf_printf(&b, " and %zu more", n - 3);
	pf_buf_printf(&b, ")%s", p->shared.set && p->shared.v ?
	    ", shared = yes" : "");
	out_comment(o, p->loc, pf_buf_str(&b));
	pf_buf_free(&b);
}

/* Does PHP's open_basedir list (':'-separated) let scripts in dir open?
 * An entry holds its folder and what is below it: with /srv/one:/tmp,
 * php-fpm8.2 refused the scripts of /srv/one-more/public (selftest --fpm,
 * case site/basedir-shared).  Relative entries depend on the script's
 * folder and are not counted. */
static int
basedir_covers(const char *list, const char *dir)
{
	size_t n, e, d = strlen(dir);
	const char *p;

	for (p = list;; p += n + 1) {
		n = strcspn(p, ":");
		for (e = n; e > 1 && p[e - 1] == '/'; e--)
			;
		if (n > 0 && p[0] == '/' && (e == 1 || (e <= d &&
		    strncmp(dir, p, e) == 0 && (dir[e] == '/' ||
		    dir[e] == '\0'))))
			return 1;
		if (p[n] == '\0')
			return 0;
	}
}

/*
 * The folder PHP stages uploads in when the pool has no upload_tmp_dir
 * (sys_temp_dir, else env[TMPDIR]: the pool file says clear_env = yes,
 * else /tmp), which must pass open_basedir (main/rfc1867.c: the check
 * is on that fallback only; rule open-basedir-blocks-uploads), or NULL
 * when there is none to check (upload_tmp_dir set, file_uploads off).
 */
static const char *
upload_fallback(const struct pf_pool *p)
{
	const char *v;
	size_t i;

	if ((v = php_val(p, "upload_tmp_dir")) != NULL && v[0] != '\0')
		return NULL;
	/* (zend_ini_parse_bool: "true", "yes", "on", else atoi) */
	if ((v = php_val(p, "file_uploads")) != NULL &&
	    strcasecmp(v, "true") != 0 && strcasecmp(v, "yes") != 0 &&
	    strcasecmp(v, "on") != 0 && atoi(v) == 0)
		return NULL;
	if ((v = php_val(p, "sys_temp_dir")) != NULL && v[0] != '\0')
		return v[0] == '/' ? v : NULL;
	for (i = 0; i < p->env.n; i++)
		if (strcmp(p->env.v[i].name, "TMPDIR") == 0 &&
		    p->env.v[i].value != NULL && p->env.v[i].value[0] != '\0')
			return p->env.v[i].value[0] == '/' ? p->env.v[i].value :
			    NULL;
	return "/tmp";
}

static int
by_root(const void *a, const void *b)
{
	const struct pf_site *const *x = a, *const *y = b;

	return strcmp((*x)->document_root.s, (*y)->document_root.s);
}

/*
 * open_basedir in [php NAME] that leaves out the document root of a site
 * of the pool: php-fpm8.2 refuses every script of that site ("Unable to
 * open primary script: DIR/index.php (Operation not permitted)", which
 * Apache logs and answers with FPM's 404) -- seen with selftest --fpm on
 * a pool three sites share and whose open_basedir named one site's root
 * (site_props.py seed 1140).  The pool file gets the list with each such
 * document root added at its end (in the order of their paths), and a
 * warning says so.  So does the folder uploads are staged in
 * (upload_fallback()), without which every upload fails with
 * UPLOAD_ERR_NO_TMP_DIR (site_props.py seed 2).  Returns s, or tmp
 * holding the longer list.
 */
static const struct pf_php_setting *
basedir_with_roots(struct cc *cc, struct out *o, const struct pool_plan *pp,
    const struct pf_php_setting *s, struct pf_php_setting *tmp)
{
	struct pf_buf b = PF_BUF_INIT, names = PF_BUF_INIT;
	struct pf_diag *d = NULL;
	const struct pf_site **v;
	const char *up;
	size_t i, n = 0;
	int added_up = 0;

	if (s->flag || strcmp(s->key, "open_basedir") != 0)
		return s;
	/* the pool's sites by document root: the same list whatever the
	 * order of the description */
	v = pf_alloc(cc->run->arena, (cc->m->sites.n + 1) * sizeof(*v));
	for (i = 0; i < cc->m->sites.n; i++)
		if (cc->sites[i].pp == pp &&
		    cc->sites[i].s->document_root.s != NULL)
			v[n++] = cc->sites[i].s;
	qsort(v, n, sizeof(*v), by_root);
	pf_buf_puts(&b, s->value);
	for (i = 0; i < n; i++) {
		const char *dr = v[i]->document_root.s;

		if (basedir_covers(pf_buf_str(&b), dr))
			continue;
		if (d == NULL)
			d = pf_diag_add(cc->run, PF_SEV_WARNING,
			    "compile-open-basedir", s->loc, "open_basedir of "
			    "pool %s leaves out the document root of a site "
			    "it runs (each below): php-fpm would refuse every "
			    "script there (Unable to open primary script, "
			    "Operation not permitted); compile adds each such "
			    "document root to the list", pp->p->name);
		pf_diag_related(cc->run, d, v[i]->document_root.loc,
		    "document root of site %s", v[i]->name);
		pf_buf_printf(&names, "%s%s", names.len ? ", " : "",
		    v[i]->name);
		pf_buf_printf(&b, "%s%s", b.len ? ":" : "", dr);
	}
	if ((up = upload_fallback(pp->p)) != NULL &&
	    !basedir_covers(pf_buf_str(&b), up)) {
		struct pf_diag *u = pf_diag_add(cc->run, PF_SEV_WARNING,
		    "compile-open-basedir", s->loc, "open_basedir of pool %s "
		    "leaves out %s, where PHP stages uploads without an "
		    "upload_tmp_dir: every upload would fail (error 6, "
		    "UPLOAD_ERR_NO_TMP_DIR); compile adds it to the list",
		    pp->p->name, up);

		pf_diag_fix(cc->run, u, "set upload_tmp_dir in [php %s] to a "
		    "folder of the pool's own, or add %s to open_basedir",
		    pp->p->name, up);
		out_comment(o, s->loc, pf_printf(cc->run->arena, "open_basedir "
		    "with %s added: uploads are staged there.", up));
		pf_buf_printf(&b, "%s%s", b.len ? ":" : "", up);
		added_up = 1;
	}
	if (d == NULL && !added_up) {
		pf_buf_free(&b);
		pf_buf_free(&names);
		return s;
	}
	if (d != NULL) {
		pf_diag_fix(cc->run, d, "add the document root to open_basedir, "
		    "or give the site a pool of its own");
		out_comment(o, s->loc, pf_printf(cc->run->arena, "open_basedir "
		    "as written plus the document root of site(s) %s,\nwhose "
		    "scripts php-fpm would not open otherwise.",
		    pf_buf_str(&names)));
	}
	*tmp = *s;
	tmp->value = pf_strdup(cc->run->arena, pf_buf_str(&b));
	pf_buf_free(&b);
	pf_buf_free(&names);
	return tmp;
}

void
emit_pool(struct cc *cc, struct pool_plan *pp)
{
	struct pf_run *run = cc->run;
	struct pf_pool *p = pp->p;
	struct pf_loc pl = p->loc;
	struct out o;
	const char *path;
	size_t i;

	out_init(&o, run, ';');
	path = cc->rhel ? pf_printf(run->arena, "/etc/php-fpm.d/%s.conf",
	    p->name) : pf_printf(run->arena, "/etc/php/%s/fpm/pool.d/%s.conf",
	    pp->svc->version, p->name);
	out_banner(&o, cc, p->loc, pf_printf(run->arena, "[pool %s]",
	    p->name), pf_printf(run->arena, "Apply with: systemctl reload "
	    "%s", pp->svc->service));
	out_blank(&o);
	if (pp->nsites > 1)
		shared_note(cc, &o, pp);
	out_line(&o, pl, "[%s]", p->name);
	out_line(&o, p->user.loc, "user = %s", q_fpm_str(cc, pp->user));
	out_line(&o, p->group.loc, "group = %s", q_fpm_str(cc, pp->group));
	if (p->listen.kind == PF_LISTEN_UNIX) {
		out_line(&o, p->listen_raw.loc, "listen = %s",
		    q_fpm_str(cc, cc_path(cc, p->listen.path)));
		out_comment(&o, p->listen_raw.loc, "Only Apache's group may "
		    "connect to the socket.");
		out_line(&o, p->listen_raw.loc, "listen.owner = %s",
		    q_fpm_str(cc, pp->owner));
		out_line(&o, p->listen_raw.loc, "listen.group = %s",
		    q_fpm_str(cc, pp->ogroup));
		out_line(&o, p->listen_raw.loc, "listen.mode = 0660");
	} else {
		out_line(&o, p->listen_raw.loc, "listen = %s",
		    p->listen_raw.s);
		out_comment(&o, p->listen_raw.loc, "FastCGI has no "
		    "authentication: accept this host only.");
		out_line(&o, p->listen_raw.loc, "listen.allowed_clients = %s",
		    p->listen_allowed_clients.s);
	}
	out_comment(&o, loc_or(p->listen_backlog.loc, pl), pp->why_backlog);
	out_line(&o, loc_or(p->listen_backlog.loc, pl), "listen.backlog = %lld",
	    p->listen_backlog.v);
	out_blank(&o);

	out_comment(&o, p->pm_loc, pp->why_pm);
	out_line(&o, p->pm_loc, "pm = %s", pp->pm == PF_PM_STATIC ? "static" :
	    pp->pm == PF_PM_DYNAMIC ? "dynamic" : "ondemand");
	out_line(&o, p->max_children.loc, "pm.max_children = %lld",
	    p->max_children.v);
	if (pp->pm == PF_PM_DYNAMIC) {
		out_line(&o, p->start_servers.loc, "pm.start_servers = %lld",
		    p->start_servers.v);
		out_line(&o, p->min_spare_servers.loc,
		    "pm.min_spare_servers = %lld", p->min_spare_servers.v);
		out_line(&o, p->max_spare_servers.loc,
		    "pm.max_spare_servers = %lld", p->max_spare_servers.v);
	}
	if (pp->pm == PF_PM_ONDEMAND)
		out_line(&o, p->process_idle_timeout.loc,
		    "pm.process_idle_timeout = %llds", p->process_idle_timeout.v);
	if (pp->why_max_requests != NULL) {
		out_comment(&o, p->max_requests.loc, pp->why_max_requests);
		/* lint's rule wants recycling; here it would cost 503s. */
		out_comment(&o, p->max_requests.loc, "proxyfpm-ignore: "
		    "max-requests-unset -- kept connections (enablereuse)");
	} else
		out_comment(&o, p->max_requests.loc, "A worker is replaced "
		    "after this many requests: leaks and per-request ini\n"
		    "values do not live forever.");
	out_line(&o, p->max_requests.loc, "pm.max_requests = %lld",
	    p->max_requests.v);
	out_blank(&o);

	out_comment(&o, p->request_terminate_timeout.loc, pf_printf(run->arena,
	    "request_timeout: the worker is stopped after %lld s; Apache's "
	    "worker for\nthis pool waits %d s longer (ProxySet timeout), so "
	    "PHP-FPM ends the request first.", p->request_terminate_timeout.v,
	    SZ_PROXY_SLACK));
	out_line(&o, p->request_terminate_timeout.loc,
	    "request_terminate_timeout = %llds", p->request_terminate_timeout.v);
	if (p->request_slowlog_timeout.v > 0) {
		out_line(&o, p->request_slowlog_timeout.loc,
		    "request_slowlog_timeout = %llds",
		    p->request_slowlog_timeout.v);
		out_line(&o, p->slowlog.loc, "slowlog = %s",
		    q_fpm_str(cc, cc_path(cc, p->slowlog.s)));
	}
	if (p->access_log.s != NULL)
		out_line(&o, p->access_log.loc, "access.log = %s",
		    q_fpm_str(cc, cc_path(cc, p->access_log.s)));
	out_comment(&o, loc_or(p->rlimit_files.loc, pl), pp->why_rlimit);
	out_line(&o, loc_or(p->rlimit_files.loc, pl), "rlimit_files = %lld",
	    p->rlimit_files.v);
	if (p->status_path.s != NULL)
		out_line(&o, p->status_path.loc, "pm.status_path = %s",
		    q_fpm_str(cc, p->status_path.s));
	if (p->ping_path.s != NULL)
		out_line(&o, p->ping_path.loc, "ping.path = %s",
		    q_fpm_str(cc, p->ping_path.s));
	out_blank(&o);

	out_comment(&o, pl, "Only .php files run, and scripts see only the "
	    "environment given here.");
	out_line(&o, pl, "security.limit_extensions = .php");
	out_line(&o, pl, "clear_env = yes");
	for (i = 0; i < p->env.n; i++)
		out_line(&o, p->env.v[i].loc, "env[%s] = %s",
		    q_fpm_key(cc, p->env.v[i].name),
		    q_fpm_str(cc, p->env.v[i].value));
	if (!has_php(p, "user_ini.filename")) {
		out_comment(&o, pl, ".user.ini files are not read: one dropped "
		    "next to a script could prepend\nany file (set "
		    "user_ini.filename in [php NAME] to allow them).");
		out_line(&o, pl, "php_admin_value[user_ini.filename] = \"\"");
	}
	if (pp->ppm &&
	    !has_php(p, "cgi.fix_pathinfo")) {
		out_comment(&o, pl, "handler = proxypassmatch: Apache sends the "
		    "URL's path; never shorten it to\nanother file.");
		out_line(&o, pl, "php_admin_value[cgi.fix_pathinfo] = 0");
	}
	for (i = 0; i < p->php.n; i++) {
		struct pf_php_setting tmp;
		const struct pf_php_setting *s = basedir_with_roots(cc, &o,
		    pp, &p->php.v[i], &tmp);

		if (s->flag)
			out_line(&o, s->loc, "php_admin_flag[%s] = %s",
			    q_fpm_key(cc, s->key),
			    strcmp(s->value, "1") == 0 ? "on" : "off");
		else
			out_line(&o, s->loc, "php_admin_value[%s] = %s",
			    q_fpm_key(cc, s->key),
			    q_fpm(cc, php_path_value(cc, s)));
	}
	out_finish(&o, cc, PF_EMIT_POOL, p->name, path);
}
