/*
 * site_check.c - what can only be checked once every file is read:
 * required keys, sites linked to their pools, [php NAME] attached to its
 * pool, pools shared between sites, conflicting listen addresses, and
 * combinations that php-fpm or Apache would refuse or that would make
 * the generated setup unsafe.
 */
#include <arpa/inet.h>
#include <string.h>
#include <strings.h>

#include "parsers/phpini_lex.h"
#include "parsers/site_int.h"

/* The sites of one pool and how they route to it. */
struct pflags {
	PF_VEC(struct pf_site *) sites;
	int		 ppm, sh, pathinfo_on;
};

static struct pflags *
flags_of(struct site_ctx *ctx, struct shash *t, struct pf_pool *p)
{
	struct pflags *f = shash_get(t, p->name);

	if (f == NULL) {
		f = pf_alloc(ctx->run->arena, sizeof(*f));
		shash_put(ctx->run->arena, t, p->name, f);
	}
	return f;
}

static void
missing(struct pf_run *run, struct pf_loc loc, const char *key,
    const char *sect)
{
	pf_diag_add(run, PF_SEV_ERROR, "site-missing-key", loc,
	    "%s has no '%s' (required)", sect, key);
}

static int
is_under(const char *path, const char *dir)
{
	size_t n = strlen(dir);

	if (strcmp(dir, "/") == 0)	/* holds every path */
		return path[0] == '/';
	return strncmp(path, dir, n) == 0 && (path[n] == '/' ||
	    path[n] == '\0');
}

static void
check_site(struct site_ctx *ctx, struct pf_site *s, struct shash *flags)
{
	struct pf_run *run = ctx->run;
	struct pf_model *m = ctx->model;
	const char *title = pf_printf(run->arena, "[site %s]", s->name);
	const char *pname = s->pool_name.s ? s->pool_name.s : s->name;
	struct pf_pool *p;
	size_t i;

	if (s->server_name.s == NULL)
		missing(run, s->loc, "server_name", title);
	if (s->document_root.s == NULL)
		missing(run, s->loc, "document_root", title);
	else if (strspn(s->document_root.s, "/") ==
	    strlen(s->document_root.s))
		/* Apache would serve (and PHP run) every file of the machine:
		 * not a configuration compile writes */
		pf_diag_add(run, PF_SEV_ERROR, "site-value",
		    s->document_root.loc, "document_root = %s serves the whole "
		    "file system: give the site its own folder",
		    s->document_root.s);

	p = shash_get(&ctx->pool_names, pname);
	if (p == NULL && s->pool_name.s != NULL) {
		pf_diag_add(run, PF_SEV_ERROR, "site-no-pool",
		    s->pool_name.loc, "pool = %s: there is no [pool %s]",
		    pname, pname);
	} else if (p == NULL) {
		/* A site without [pool NAME] gets a pool with every
		 * default, named after it. */
		p = pf_alloc(run->arena, sizeof(*p));
		p->name = s->name;
		p->loc = s->loc;
		PF_PUSH(run->arena, m->pools, p);
		shash_put(run->arena, &ctx->pool_names, p->name, p);
	}
	s->pool = p;
	if (p != NULL) {
		struct pflags *f = flags_of(ctx, flags, p);

		p->used++;
		PF_PUSH(run->arena, f->sites, s);
		if (s->handler == PF_HANDLER_PROXYPASSMATCH)
			f->ppm++;
		else
			f->sh++;
		if (s->pathinfo.set && s->pathinfo.v)
			f->pathinfo_on++;
	}

	s->tls = s->tls_cert.s != NULL;
	if (s->tls_cert.s != NULL && s->tls_key.s == NULL)
		missing(run, s->tls_cert.loc, "tls_key", title);
	if (s->tls_key.s != NULL && s->tls_cert.s == NULL)
		missing(run, s->tls_key.loc, "tls_cert", title);
	if (!s->tls) {
		if (s->tls_redirect.set)
			pf_diag_add(run, PF_SEV_WARNING, "site-no-tls",
			    s->tls_redirect.loc, "tls_redirect is ignored "
			    "without tls_cert");
		if (s->hsts.set && s->hsts.v > 0)
			pf_diag_add(run, PF_SEV_WARNING, "site-no-tls",
			    s->hsts.loc, "hsts is ignored without tls_cert "
			    "(browsers ignore it over http)");
		if (s->redirect_listen.n > 0)
			pf_diag_add(run, PF_SEV_WARNING, "site-no-tls",
			    s->redirect_listen.v[0].loc, "redirect_listen is "
			    "ignored without tls_cert");
	}

	if (s->front_controller.s != NULL) {
		size_t n = strlen(s->front_controller.s);

		if (n < 5 || strcmp(s->front_controller.s + n - 4, ".php"))
			pf_diag_add(run, PF_SEV_ERROR, "site-value",
			    s->front_controller.loc, "front_controller: '%s' "
			    "is not a .php script, so it would not run PHP",
			    s->front_controller.s);
	}
	if (s->handler == PF_HANDLER_PROXYPASSMATCH && s->pathinfo.set &&
	    s->pathinfo.v) {
		struct pf_diag *d = pf_diag_add(run, PF_SEV_ERROR,
		    "site-pathinfo", s->pathinfo.loc, "pathinfo = on needs "
		    "handler = sethandler: the proxypassmatch style runs "
		    "with cgi.fix_pathinfo = 0, where PHP-FPM would execute "
		    "PATH_TRANSLATED (semantics.md 3.6)");

		pf_diag_related(run, d, s->handler_loc, "handler set here");
	}

	/* ProxyPassMatch puts the document root into a URL, where '%'
	 * starts an escape: Apache answers 500 (or looks the site's worker
	 * name up in DNS, 503) for every script, written as it is or as %25
	 * (tests/site/site_props.py seed 64). */
	if (s->handler == PF_HANDLER_PROXYPASSMATCH &&
	    s->document_root.s != NULL &&
	    strchr(s->document_root.s, '%') != NULL) {
		struct pf_diag *d = pf_diag_add(run, PF_SEV_ERROR,
		    "site-value", s->document_root.loc, "document_root: '%s' "
		    "has a '%%', which handler = proxypassmatch cannot put in "
		    "its FastCGI URL (every PHP request would fail)",
		    s->document_root.s);

		pf_diag_related(run, d, s->handler_loc, "handler set here");
	}

	/* Upload dirs become absolute, below document_root when
	 * relative. */
	for (i = 0; i < s->upload_dirs.n; i++) {
		struct pf_sval *u = &s->upload_dirs.v[i];

		if (u->s[0] != '/') {
			if (s->document_root.s == NULL)
				continue;
			u->s = u->s[0] == '\0' ? s->document_root.s :
			    strcmp(s->document_root.s, "/") == 0 ?
			    pf_printf(run->arena, "/%s", u->s) :
			    pf_printf(run->arena, "%s/%s",
			    s->document_root.s, u->s);
		}
		if (s->document_root.s != NULL &&
		    strcmp(u->s, s->document_root.s) == 0)
			pf_diag_add(run, PF_SEV_ERROR, "site-value", u->loc,
			    "upload_dirs: the document root itself would "
			    "never run PHP; name the folders uploads go to");
		else if (s->document_root.s != NULL &&
		    is_under(s->document_root.s, u->s))
			pf_diag_add(run, PF_SEV_ERROR, "site-value", u->loc,
			    "upload_dirs: '%s' contains the document root",
			    u->s);
	}
}

static int
is_flag_word(const char *v, const char **norm)
{
	static const char *const on[] = { "on", "yes", "true" };
	static const char *const off[] = { "off", "no", "false" };
	size_t i;

	for (i = 0; i < 3; i++) {
		if (strcasecmp(v, on[i]) == 0) {
			*norm = "1";
			return 1;
		}
		if (strcasecmp(v, off[i]) == 0) {
			*norm = "0";
			return 1;
		}
	}
	return 0;
}

/*
 * The settings php-fpm puts its prefix before when their value does not
 * start with '/' (FPM_PHP_INI_TO_EXPAND of sapi/fpm/fpm/fpm_php.h, keys
 * compared without case; the same list as rules/r_fpm.c's rule
 * fpm-ini-relative-path).  A generated pool has no prefix directive and
 * php-fpm runs without -p, so the prefix is PHP_PREFIX, /usr for
 * Debian's and RHEL's packages: [php] sendmail_path = 32767 ran as
 * /usr/32767 (property seed 786).  Only php_admin_value[error_log] =
 * syslog is left alone, and compile writes every value as
 * php_admin_value.
 */
static int
fpm_prefixed(const char *key)
{
	static const char *const keys[] = { "error_log", "extension_dir",
	    "mime_magic.magicfile", "sendmail_path", "session.cookie_path",
	    "session_pgsql.sem_file_name", "soap.wsdl_cache_dir",
	    "uploadprogress.file.filename_template", "xdebug.output_dir",
	    "xdebug.profiler_output_dir", "xdebug.trace_output_dir",
	    "xmms.path", "axis2.client_home", "blenc.key_file",
	    "coin_acceptor.device" };
	size_t i;

	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (strcasecmp(key, keys[i]) == 0)
			return 1;
	return 0;
}

struct zval_got {
	const char	*v;
};

static void
zval_entry(void *ctx, const struct pf_zini_str *name,
    const struct pf_zini_str *value)
{
	(void)name;
	((struct zval_got *)ctx)->v = value != NULL ? value->s : "";
}

/*
 * The value php-fpm reads for a [php] value that compile writes unquoted
 * because it may be a constant expression (only capitals, digits, '_'
 * and the operators: "~~E_ALL" is 32767); any other value is written so
 * that php-fpm keeps it as it is.  For the message only: a value that
 * does not start with '/' is refused either way.
 */
static const char *
php_reads(struct pf_run *run, const char *v)
{
	struct pf_zini_handler h = { 0 };
	struct pf_zini_input in = { 0 };
	struct pf_zini_error err;
	struct zval_got got = { NULL };
	const char *line;

	if (v[strspn(v, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_ \t|&^~!()")]
	    != '\0' || strlen(v) > 256)
		return v;
	line = pf_printf(run->arena, "x = %s\n", v);
	h.ctx = &got;
	h.entry = zval_entry;
	in.buf = line;
	in.len = strlen(line);
	in.line = 1;
	in.col = 1;
	if (pf_zini_parse(run->arena, &in, &h, &err) < 0 || got.v == NULL)
		return v;
	return got.v;
}

static void
attach_php(struct site_ctx *ctx, struct site_php *ph, struct shash *flags)
{
	struct pf_run *run = ctx->run;
	struct pf_pool *p = shash_get(&ctx->pool_names, ph->name);
	struct pf_site *other;
	struct pflags *f;
	int pi_on, ppm, sh;
	size_t i;

	if (p == NULL) {
		struct pf_diag *d = pf_diag_add(run, PF_SEV_ERROR,
		    "site-no-pool", ph->loc, "[php %s]: there is no pool "
		    "named %s ([php NAME] holds the settings of pool NAME)",
		    ph->name, ph->name);

		other = shash_get(&ctx->site_names, ph->name);
		if (other != NULL && other->pool != NULL)
			pf_diag_fix(run, d, "site %s uses pool %s: name the "
			    "section [php %s]", other->name, other->pool->name,
			    other->pool->name);
		return;
	}
	f = flags_of(ctx, flags, p);
	pi_on = f->pathinfo_on;
	ppm = f->ppm;
	sh = f->sh;
	for (i = 0; i < ph->v.n; i++) {
		struct pf_php_setting s = ph->v.v[i];
		const char *norm;

		if (is_flag_word(s.value, &norm)) {
			s.flag = 1;
			s.value = norm;
		}
		if (fpm_prefixed(s.key) && (s.flag || s.value[0] != '/') &&
		    !(strcasecmp(s.key, "error_log") == 0 &&
		    strcasecmp(s.value, "syslog") == 0)) {
			const char *w = ph->v.v[i].value;
			struct pf_diag *d;

			d = pf_diag_add(run, PF_SEV_ERROR,
			    "site-php-relative-path", s.loc, "%s = %s%s%s is "
			    "not an absolute path: php-fpm puts its prefix "
			    "before a relative %s, so the pool would run with "
			    "%s = /usr/%s", s.key, w[0] ? "" : "\"", w,
			    w[0] ? "" : "\"", s.key, s.key, s.flag ? s.value :
			    php_reads(run, s.value));
			if (strcasecmp(s.key, "session.cookie_path") == 0)
				pf_diag_fix(run, d, "a URL path starts with "
				    "'/' (session.cookie_path = /%s), or leave "
				    "it out (default /)", s.flag ? "" : w);
			else if (strcasecmp(s.key, "error_log") == 0)
				pf_diag_fix(run, d, "give the absolute path of "
				    "the log file, or error_log = syslog");
			else
				pf_diag_fix(run, d, "give the absolute path");
			continue;
		}
		if (strcmp(s.key, "engine") == 0) {
			pf_diag_add(run, PF_SEV_ERROR, "site-php-engine", s.loc,
			    "engine cannot be set per pool under PHP-FPM "
			    "(php-fpm logs 'Unable to set php_admin_value' "
			    "and PHP still runs); upload_dirs keep PHP out "
			    "of a folder");
			continue;
		}
		if (strcmp(s.key, "cgi.fix_pathinfo") == 0) {
			int zero = strcmp(s.value, "0") == 0;

			if (!zero && ppm > 0) {
				pf_diag_add(run, PF_SEV_ERROR,
				    "site-fix-pathinfo", s.loc, "cgi.fix_pathinfo "
				    "must be 0 for a pool behind handler = "
				    "proxypassmatch (an unresolved path would "
				    "otherwise be shortened to any file)");
				continue;
			}
			if (zero && sh > 0) {
				pf_diag_add(run, pi_on ? PF_SEV_ERROR :
				    PF_SEV_WARNING, "site-fix-pathinfo", s.loc,
				    "cgi.fix_pathinfo = 0 with handler = "
				    "sethandler makes PHP-FPM run PATH_TRANSLATED "
				    "instead of the script when a URL has path "
				    "info (semantics.md 3.6)%s", pi_on ?
				    ", and a site on this pool has pathinfo = on"
				    : "; pathinfo = off keeps such URLs away");
				if (pi_on)
					continue;
			}
		}
		PF_PUSH(run->arena, p->php, s);
	}
}

/* Digits only, all of them 0: php-fpm's uid or gid 0. */
static int
all_zero(const char *s)
{
	return s != NULL && *s != '\0' && strspn(s, "0") == strlen(s);
}

static void
check_pool(struct site_ctx *ctx, struct pf_pool *p, struct shash *flags)
{
	struct pf_run *run = ctx->run;
	long long rtt, slow;
	size_t i;

	if (p->used == 0)
		pf_diag_add(run, PF_SEV_WARNING, "site-pool-unused", p->loc,
		    "no site uses pool %s (it is emitted anyway)", p->name);
	if (p->used > 1 && !(p->shared.set && p->shared.v)) {
		struct pf_diag *d = pf_diag_add(run, PF_SEV_WARNING,
		    "site-pool-shared", p->loc, "pool %s serves %d sites: "
		    "they run as one user and see each other's files",
		    p->name, p->used);

		struct pflags *f = flags_of(ctx, flags, p);

		for (i = 0; i < f->sites.n; i++)
			pf_diag_related(run, d, f->sites.v[i]->loc,
			    "used by site %s", f->sites.v[i]->name);
		pf_diag_fix(run, d, "give each site its own pool, or set "
		    "shared = yes in [pool %s] if that is intended", p->name);
	}
	/*
	 * A pool behind handler = proxypassmatch runs with cgi.fix_pathinfo
	 * = 0 (emit_pool.c); a sethandler site with pathinfo = on on the same
	 * pool would then run PATH_TRANSLATED (/x.php/y.php runs y.php,
	 * semantics.md 3.6): the two need different pools.
	 */
	{
		struct pflags *f = flags_of(ctx, flags, p);
		struct pf_site *on = NULL, *ppm = NULL;

		for (i = 0; i < f->sites.n; i++) {
			struct pf_site *s = f->sites.v[i];

			if (s->handler == PF_HANDLER_PROXYPASSMATCH)
				ppm = ppm ? ppm : s;
			else if (s->pathinfo.set && s->pathinfo.v)
				on = on ? on : s;
		}
		if (on != NULL && ppm != NULL) {
			struct pf_diag *d = pf_diag_add(run, PF_SEV_ERROR,
			    "site-pathinfo", on->pathinfo.loc, "site %s has "
			    "pathinfo = on but shares pool %s with site %s, "
			    "whose handler = proxypassmatch runs the pool with "
			    "cgi.fix_pathinfo = 0: PHP-FPM would run "
			    "PATH_TRANSLATED (semantics.md 3.6)", on->name,
			    p->name, ppm->name);

			pf_diag_related(run, d, ppm->handler_loc, "handler "
			    "set here");
			pf_diag_fix(run, d, "give the two sites their own "
			    "pools");
		}
	}
	if (p->user.s != NULL && (strcmp(p->user.s, "root") == 0 ||
	    all_zero(p->user.s)))
		pf_diag_add(run, PF_SEV_ERROR, "site-pool-root", p->user.loc,
		    "a pool never runs as root (php-fpm refuses to start it)");
	if (p->group.s != NULL && (strcmp(p->group.s, "root") == 0 ||
	    all_zero(p->group.s)))
		pf_diag_add(run, PF_SEV_ERROR, "site-pool-root", p->group.loc,
		    "a pool never runs with group root");
	if (p->group.s == NULL && p->user.s == NULL &&
	    (strcmp(p->name, "root") == 0))
		pf_diag_add(run, PF_SEV_ERROR, "site-pool-root", p->loc,
		    "pool root would run as user root by default; set user");
	/* php-fpm takes a user or group of digits only as a number
	 * (fpm_unix.c): a pool named 0 ran as root by default. */
	if (p->user.s == NULL && all_zero(p->name))
		pf_diag_add(run, PF_SEV_ERROR, "site-pool-root", p->loc,
		    "pool %s would run as uid 0 (root) by default: php-fpm "
		    "reads a user of digits as a uid; set user", p->name);

	rtt = p->request_terminate_timeout.set ?
	    p->request_terminate_timeout.v : PF_DEF_REQUEST_TIMEOUT;
	/* The default slowlog_after is cut to a shorter request_timeout
	 * (emit_compile.c); only a given one can be too long. */
	slow = p->request_slowlog_timeout.set ?
	    p->request_slowlog_timeout.v : 0;
	if (slow > rtt) {
		struct pf_loc l = p->request_slowlog_timeout.set ?
		    p->request_slowlog_timeout.loc :
		    p->request_terminate_timeout.loc;

		pf_diag_add(run, PF_SEV_ERROR, "site-slowlog", l,
		    "slowlog_after (%llds) is longer than request_timeout "
		    "(%llds); php-fpm refuses that", slow, rtt);
	}
	if (p->status_path.s != NULL && p->ping_path.s != NULL &&
	    strcmp(p->status_path.s, p->ping_path.s) == 0)
		pf_diag_add(run, PF_SEV_ERROR, "site-value", p->ping_path.loc,
		    "ping_path is the same as status_path");
	if (p->pm == PF_PM_STATIC && (p->start_servers.set ||
	    p->min_spare_servers.set || p->max_spare_servers.set))
		pf_diag_add(run, PF_SEV_WARNING, "site-pm", p->pm_loc,
		    "pm = static ignores start_servers and the spare server "
		    "counts");
	if (p->process_idle_timeout.set && p->pm != PF_PM_ONDEMAND &&
	    p->pm != PF_PM_AUTO)
		pf_diag_add(run, PF_SEV_WARNING, "site-pm",
		    p->process_idle_timeout.loc, "idle_timeout only applies "
		    "to pm = ondemand");
}

/*
 * The addresses a pool's listen binds, written one way: "[::1]:9001" and
 * "::1:9001" are one address, and localhost:9001 binds 127.0.0.1:9001 or
 * [::1]:9001 (php-fpm takes the first address getaddrinfo gives), so it
 * collides with both (two pools on one address pass php-fpm -t and fail
 * at start with EADDRINUSE; found by tests/site/property.py).
 */
static size_t
listen_keys(struct pf_run *run, const struct pf_pool *p, const char *keys[2])
{
	const struct pf_listen *l = &p->listen;
	unsigned char a[16];
	char txt[INET6_ADDRSTRLEN];
	int fam;

	if (l->kind != PF_LISTEN_TCP || l->host == NULL) {
		keys[0] = p->listen_raw.s;
		return 1;
	}
	if (strcasecmp(l->host, "localhost") == 0) {
		keys[0] = pf_printf(run->arena, "tcp 127.0.0.1 %d", l->port);
		keys[1] = pf_printf(run->arena, "tcp ::1 %d", l->port);
		return 2;
	}
	fam = strchr(l->host, ':') != NULL ? AF_INET6 : AF_INET;
	if (inet_pton(fam, l->host, a) == 1 &&
	    inet_ntop(fam, a, txt, sizeof(txt)) != NULL) {
		keys[0] = pf_printf(run->arena, "tcp %s %d", txt, l->port);
		return 1;
	}
	keys[0] = pf_printf(run->arena, "tcp %s %d", l->host, l->port);
	return 1;
}

/*
 * An upload folder is a folder attackers write, whichever site names it.
 * Every other site whose document root holds it keeps PHP out of it too:
 * two sites on one document root, or one below the other's, would
 * otherwise run an uploaded shell.php through the site that did not name
 * the folder (found by tests/site/site_props.py).  A site whose document
 * root is such a folder, or lies below one, would run PHP uploaded there:
 * an error, as an upload folder that is or holds the site's own document
 * root is.
 */
static void
shared_uploads(struct pf_run *run, struct pf_model *m)
{
	size_t *own, i, j, k, l;

	if (m->sites.n < 2)
		return;
	own = pf_alloc(run->arena, m->sites.n * sizeof(*own));
	for (i = 0; i < m->sites.n; i++)
		own[i] = m->sites.v[i]->upload_dirs.n;
	for (i = 0; i < m->sites.n; i++) {
		struct pf_site *a = m->sites.v[i];

		for (k = 0; k < own[i]; k++) {
			struct pf_sval u = a->upload_dirs.v[k];

			if (u.s[0] != '/')
				continue;	/* no document_root: reported */
			for (j = 0; j < m->sites.n; j++) {
				struct pf_site *b = m->sites.v[j];
				const char *root = b->document_root.s;
				struct pf_diag *d;

				if (j == i || root == NULL)
					continue;
				if (is_under(root, u.s)) {
					d = pf_diag_add(run, PF_SEV_ERROR,
					    "site-value", u.loc, "upload_dirs: "
					    "'%s' %s the document root of site "
					    "%s, which would run PHP uploaded "
					    "there", u.s, strcmp(root, u.s) ?
					    "contains" : "is", b->name);
					pf_diag_related(run, d,
					    b->document_root.loc,
					    "document root of site %s",
					    b->name);
					continue;
				}
				if (!is_under(u.s, root))
					continue;
				for (l = 0; l < b->upload_dirs.n; l++)
					if (strcmp(b->upload_dirs.v[l].s,
					    u.s) == 0)
						break;
				if (l == b->upload_dirs.n)
					PF_PUSH(run->arena, b->upload_dirs, u);
			}
		}
	}
}

void
site_check(struct site_ctx *ctx)
{
	struct pf_model *m = ctx->model;
	struct pf_run *run = ctx->run;
	struct shash flags = { NULL, 0, 0, 1 };
	struct shash listens = { NULL, 0, 0, 0 };
	size_t i;

	for (i = 0; i < m->sites.n; i++)
		check_site(ctx, m->sites.v[i], &flags);
	shared_uploads(run, m);
	for (i = 0; i < ctx->php.n; i++)
		attach_php(ctx, ctx->php.v[i], &flags);
	for (i = 0; i < m->pools.n; i++)
		check_pool(ctx, m->pools.v[i], &flags);

	/* php-fpm refuses two pools on one address. */
	for (i = 0; i < m->pools.n; i++) {
		struct pf_pool *b = m->pools.v[i], *a = NULL;
		struct pf_diag *d;
		const char *keys[2];
		size_t k, nk;

		if (b->listen_raw.s == NULL)
			continue;
		nk = listen_keys(run, b, keys);
		for (k = 0; k < nk && a == NULL; k++)
			a = shash_get(&listens, keys[k]);
		if (a == NULL) {
			for (k = 0; k < nk; k++)
				shash_put(run->arena, &listens, keys[k], b);
			continue;
		}
		d = pf_diag_add(run, PF_SEV_ERROR, "site-listen-twice",
		    b->listen_raw.loc, "pools %s and %s listen on the same "
		    "address", a->name, b->name);
		pf_diag_related(run, d, a->listen_raw.loc, "pool %s listens "
		    "here", a->name);
	}

	/* Names two sites answer on one address: Apache uses the site
	 * it reads first (site_names.c). */
	site_check_names(run, m);
	if (m->sites.n == 0 && m->pools.n == 0 && ctx->files.n > 0 &&
	    pf_run_errors(run) == 0 && m->host.sites.n == 0 &&
	    ctx->host_seen)
		pf_diag_add(run, PF_SEV_WARNING, "site-no-sites",
		    ctx->host_loc, "no [site NAME] in the description");
}
