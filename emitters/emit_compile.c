/*
 * emit_compile.c - pf_compile(): fill in the defaults of the layout
 * (socket, log and file paths, the Apache user), size everything
 * (sizing.c), then emit every file in memory (emit_*.c).
 */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "emitters/emit_int.h"

static int
check_host(struct cc *cc)
{
	struct pf_host *h = &cc->m->host;
	struct pf_loc first = PF_NOLOC;
	size_t i;

	for (i = 1; i < cc->run->sources.n; i++)
		if (cc->run->sources.v[i]->kind == PF_SRC_SITE) {
			first = pf_loc_make((uint32_t)i, 1, 1, 0);
			break;
		}
	if (h->source == PF_HOST_NONE) {
		struct pf_diag *d = pf_diag_add(cc->run, PF_SEV_ERROR,
		    "compile-no-host", first, "no host facts: sizing needs "
		    "the machine's cores and memory");

		pf_diag_fix(cc->run, d, "add a [host] section (cores, "
		    "memory) or pass --host auto or --host FILE");
		return -1;
	}
	if (!h->cores.set || !h->memory.set) {
		pf_diag_add(cc->run, PF_SEV_ERROR, "site-missing-key",
		    loc_or(h->loc, first), "[host] has no '%s' (required)",
		    !h->cores.set ? "cores" : "memory");
		return -1;
	}
	if (cc->m->sites.n == 0) {
		pf_diag_add(cc->run, PF_SEV_ERROR, "compile-no-sites",
		    loc_or(h->loc, first), "nothing to compile: no "
		    "[site NAME] in the description");
		return -1;
	}
	return 0;
}

static struct svc_plan *
service_for(struct cc *cc, struct pf_pool *p, const char *ver)
{
	struct svc_plan *sv;
	size_t i;

	for (i = 0; i < cc->svcs.n; i++) {
		sv = cc->svcs.v[i];
		if (cc->rhel || strcmp(sv->version, ver) == 0) {
			if (strcmp(sv->version, ver) != 0) {
				struct pf_diag *d = pf_diag_add(cc->run,
				    PF_SEV_ERROR, "compile-rhel-versions",
				    p->php_version.loc, "the rhel layout has "
				    "one php-fpm service; pool %s wants PHP %s, "
				    "pool %s PHP %s", p->name, ver,
				    sv->pools.v[0]->name, sv->version);

				pf_diag_related(cc->run, d,
				    sv->pools.v[0]->php_version.loc, "PHP %s",
				    sv->version);
			}
			PF_PUSH(cc->run->arena, sv->pools, p);
			return sv;
		}
	}
	sv = pf_alloc(cc->run->arena, sizeof(*sv));
	sv->version = ver;
	sv->service = cc->rhel ? "php-fpm" :
	    pf_printf(cc->run->arena, "php%s-fpm", ver);
	sv->loc = p->loc;
	PF_PUSH(cc->run->arena, sv->pools, p);
	PF_PUSH(cc->run->arena, cc->svcs, sv);
	return sv;
}

static void
resolve_pool(struct cc *cc, struct pool_plan *pp)
{
	struct pf_run *run = cc->run;
	struct pf_pool *p = pp->p;
	struct pf_host *h = &cc->m->host;
	const char *ver;

	ver = p->php_version.s ? p->php_version.s : h->php_version.s ?
	    h->php_version.s : PF_DEF_PHP_VERSION;
	if (p->php_version.s == NULL)
		p->php_version = pf_sval_make(ver, loc_or(h->php_version.loc,
		    p->loc));
	pp->svc = service_for(cc, p, ver);
	if (p->user.s == NULL)
		p->user = pf_sval_make(p->name, p->loc);
	if (p->group.s == NULL)
		p->group = pf_sval_make(p->user.s, p->user.loc);
	pp->user = cc_user(cc, p->user.s);
	pp->group = cc_user(cc, p->group.s);
	pp->owner = cc_user(cc, cc->apache_user);
	pp->ogroup = cc_user(cc, cc->apache_group);
	if (strcmp(pp->user, "root") == 0 || strcmp(pp->group, "root") == 0)
		pf_diag_add(run, PF_SEV_ERROR, "site-pool-root", p->user.loc,
		    "pool %s would run as root (after --user-map)", p->name);
	if (p->listen_raw.s == NULL) {
		const char *path = cc->rhel ?
		    pf_printf(run->arena, "/run/php-fpm/%s.sock", p->name) :
		    pf_printf(run->arena, "/run/php/php%s-fpm-%s.sock", ver,
		    p->name);

		p->listen_raw = pf_sval_make(path, p->loc);
		memset(&p->listen, 0, sizeof(p->listen));
		p->listen.kind = PF_LISTEN_UNIX;
		p->listen.path = path;
		p->listen.loopback = 1;
		p->listen.loc = p->loc;
	}
	/* sun_path holds 107 bytes; mod_proxy keeps a worker's socket path
	 * in 96 bytes with its NUL (PROXY_WORKER_MAX_NAME_SIZE), and
	 * apache2 -t refuses a longer one: "ProxySet worker uds path (...)
	 * too long" (found by tests/site/property.py).  Apache's limit is
	 * judged on the target's path: a --remap-root tree is a test's, and
	 * selftest gives its sandbox short sockets of its own. */
	if (p->listen.kind == PF_LISTEN_UNIX &&
	    strlen(cc_path(cc, p->listen.path)) > 107)
		pf_diag_add(run, PF_SEV_ERROR, "compile-socket-path",
		    p->listen_raw.loc, "the socket path %s is longer than the "
		    "107 bytes a unix socket path can have",
		    cc_path(cc, p->listen.path));
	else if (p->listen.kind == PF_LISTEN_UNIX && p->used > 0 &&
	    strlen(p->listen.path) > 95)
		pf_diag_add(run, PF_SEV_ERROR, "compile-socket-path",
		    p->listen_raw.loc, "the socket path %s is longer than the "
		    "95 bytes Apache's mod_proxy takes for a socket",
		    p->listen.path);
	p->listen_owner = pf_sval_make(cc->apache_user, p->loc);
	p->listen_group = pf_sval_make(cc->apache_group, p->loc);
	p->listen_mode = pf_sval_make("0660", p->loc);
	/* Only the local Apache.  A name (localhost) may resolve to ::1
	 * before 127.0.0.1 (Debian's /etc/hosts has both): php-fpm then
	 * listens on ::1 and Apache connects from it, so both loopbacks. */
	if (p->listen.kind == PF_LISTEN_TCP)
		p->listen_allowed_clients = pf_sval_make(p->listen.host == NULL ?
		    "127.0.0.1" : strchr(p->listen.host, ':') ? "::1" :
		    strspn(p->listen.host, "0123456789.") ==
		    strlen(p->listen.host) ? "127.0.0.1" : "127.0.0.1,::1",
		    p->listen_raw.loc);
	if (!p->request_terminate_timeout.set)
		p->request_terminate_timeout = pf_ival_make(
		    PF_DEF_REQUEST_TIMEOUT, p->loc);
	/* php-fpm refuses a request_slowlog_timeout above
	 * request_terminate_timeout: the default is cut to a shorter
	 * request_timeout (request_timeout = 1s alone was an error). */
	if (!p->request_slowlog_timeout.set)
		p->request_slowlog_timeout = pf_ival_make(
		    p->request_terminate_timeout.v < PF_DEF_SLOWLOG_AFTER ?
		    p->request_terminate_timeout.v : PF_DEF_SLOWLOG_AFTER,
		    p->loc);
	if (p->request_slowlog_timeout.v > 0 && p->slowlog.s == NULL)
		p->slowlog = pf_sval_make(cc->rhel ?
		    pf_printf(run->arena, "/var/log/php-fpm/%s-slow.log",
		    p->name) : pf_printf(run->arena,
		    "/var/log/php%s-fpm.%s.slow.log", ver, p->name),
		    loc_or(p->request_slowlog_timeout.loc, p->loc));
	if (!p->max_requests.set)
		p->max_requests = pf_ival_make(PF_DEF_MAX_REQUESTS, p->loc);
	if (p->status_allow.n == 0 && (p->status_path.s || p->ping_path.s)) {
		struct pf_sval l = pf_sval_make("local", p->loc);

		PF_PUSH(run->arena, p->status_allow, l);
	}
	if (p->limit_extensions.s == NULL)
		p->limit_extensions = pf_sval_make(".php", p->loc);
	if (!p->clear_env.set)
		p->clear_env = pf_ival_make(1, p->loc);
	pp->nsites = p->used;
}

static void
push_default(struct pf_run *run, struct pf_svec *v, const char *text,
    struct pf_loc loc)
{
	const char *p = text, *s;
	struct pf_sval it;

	while (*p != '\0') {
		while (*p == ' ')
			p++;
		s = p;
		while (*p != '\0' && *p != ' ')
			p++;
		if (p > s) {
			it = pf_sval_make(pf_strndup(run->arena, s,
			    (size_t)(p - s)), loc);
			PF_PUSH(run->arena, *v, it);
		}
	}
}

/*
 * The worker of a unix-socket pool is named fcgi://SITE; mod_proxy_fcgi
 * parses that host with apr_parse_addr_port() (ap_proxy_canon_netloc),
 * which takes a name of digits alone for a port and leaves no host: every
 * script of a site named 9 or 42 was answered 400 (AH01059 "error parsing
 * URL //9: Invalid host/port"), with SetHandler and with ProxyPassMatch
 * (tests/site/site_props.py seed 1145; 1.2.3.4.5, 1..2 and 12. were
 * served).  Such names get a prefix; the name of a worker is only a label
 * here (the socket is in the handler).
 */
static int
worker_host_needs_prefix(const char *name)
{
	for (; *name != '\0'; name++)
		if (!isdigit((unsigned char)*name))
			return 0;
	return 1;
}

static void
resolve_site(struct cc *cc, struct site_plan *sp)
{
	struct pf_run *run = cc->run;
	struct pf_site *s = sp->s;
	struct pf_pool *p = s->pool;
	const char *logdir = cc->rhel ? "/var/log/httpd" : "/var/log/apache2";
	const char *sfx = cc->rhel ? "_log" : ".log";

	sp->pp = ehash_get(&cc->plan_of, &p, sizeof(p));
	if (s->handler == PF_HANDLER_PROXYPASSMATCH)
		sp->pp->ppm = 1;
	if (s->listen.n == 0)
		push_default(run, &s->listen, s->tls ? "*:443" : "*:80",
		    s->loc);
	if (s->index.n == 0)
		push_default(run, &s->index, "index.php index.html", s->loc);
	if (s->tls) {
		if (!s->tls_redirect.set)
			s->tls_redirect = pf_ival_make(1, s->tls_cert.loc);
		if (s->tls_redirect.v && s->redirect_listen.n == 0)
			push_default(run, &s->redirect_listen, "*:80",
			    loc_or(s->tls_redirect.loc, s->loc));
		if (!s->hsts.set)
			s->hsts = pf_ival_make(PF_DEF_HSTS, s->tls_cert.loc);
	}
	if (!s->pathinfo.set)
		s->pathinfo = pf_ival_make(0, s->loc);
	if (!s->http2.set)
		s->http2 = pf_ival_make(0, s->loc);
	if (s->error_log.s == NULL)
		s->error_log = pf_sval_make(pf_printf(run->arena,
		    "%s/%s-error%s", logdir, s->name, sfx), s->loc);
	if (s->access_log.s == NULL)
		s->access_log = pf_sval_make(pf_printf(run->arena,
		    "%s/%s-access%s", logdir, s->name, sfx), s->loc);
	if (p->listen.kind == PF_LISTEN_TCP) {
		const char *host = p->listen.host ? p->listen.host :
		    "127.0.0.1";

		s->worker = pf_printf(run->arena, strchr(host, ':') ?
		    "fcgi://[%s]:%d" : "fcgi://%s:%d", host, p->listen.port);
	}
	else
		s->worker = pf_printf(run->arena, "fcgi://%s%s",
		    worker_host_needs_prefix(s->name) ? "site-" : "", s->name);
}

int
pf_compile(struct pf_run *run, const struct pf_compile_opts *o,
    struct pf_emitted **files, size_t *n)
{
	struct cc cc;
	struct pf_host *h;
	const char *layout;
	size_t i, len;

	*files = NULL;
	*n = 0;
	if (pf_run_errors(run) > 0)
		return -1;
	memset(&cc, 0, sizeof(cc));
	cc.run = run;
	cc.m = pf_model_get(run);
	cc.o = o;
	h = &cc.m->host;
	if (check_host(&cc) < 0)
		return -1;
	layout = o->layout ? o->layout : h->layout.s ? h->layout.s : "debian";
	/* --host auto names every layout lint reads (arch, gentoo, alpine,
	 * ...); compile writes Debian's and RHEL's only.  Files for another
	 * layout would land where its httpd.conf includes nothing. */
	if (strcmp(layout, "debian") != 0 && strcmp(layout, "rhel") != 0) {
		struct pf_diag *d = pf_diag_add(run, PF_SEV_WARNING,
		    "compile-layout", h->layout.loc, "this host's layout is "
		    "%s, and compile writes the debian and rhel layouts only: "
		    "the files follow debian's paths (/etc/apache2, "
		    "/etc/php/X.Y/fpm), which the %s httpd.conf and php-fpm.conf "
		    "do not include", layout, layout);

		pf_diag_fix(run, d, "choose one with --layout debian|rhel and "
		    "Include the vhost file and the pool file from this host's "
		    "configuration; or write [host] layout");
		layout = "debian";
	}
	cc.rhel = strcmp(layout, "rhel") == 0;
	if (h->layout.s == NULL || o->layout != NULL)
		h->layout = pf_sval_make(layout, PF_NOLOC);
	if (o->remap_root != NULL) {
		len = strlen(o->remap_root);
		while (len > 1 && o->remap_root[len - 1] == '/')
			len--;
		cc.root = pf_strndup(run->arena, o->remap_root, len);
		if (strcmp(cc.root, "/") == 0)
			cc.root = NULL;
	}
	cc.apache_user = h->apache_user.s ? h->apache_user.s :
	    cc.rhel ? "apache" : "www-data";
	cc.apache_group = h->apache_group.s ? h->apache_group.s :
	    cc.apache_user;
	cc.pools = pf_alloc(run->arena, (cc.m->pools.n + 1) *
	    sizeof(*cc.pools));
	cc.sites = pf_alloc(run->arena, (cc.m->sites.n + 1) *
	    sizeof(*cc.sites));
	for (i = 0; i < cc.m->pools.n; i++) {
		cc.pools[i].p = cc.m->pools.v[i];
		ehash_put(run->arena, &cc.plan_of, &cc.pools[i].p,
		    sizeof(cc.pools[i].p), &cc.pools[i]);
		resolve_pool(&cc, &cc.pools[i]);
	}
	for (i = 0; i < cc.m->sites.n; i++) {
		cc.sites[i].s = cc.m->sites.v[i];
		resolve_site(&cc, &cc.sites[i]);
	}
	if (pf_run_errors(run) > 0)
		return -1;
	if (sizing_run(&cc) < 0 || pf_run_errors(run) > 0)
		return -1;
	for (i = 0; i < cc.m->sites.n; i++)
		emit_vhost(&cc, &cc.sites[i]);
	for (i = 0; i < cc.m->pools.n; i++)
		emit_pool(&cc, &cc.pools[i]);
	for (i = 0; i < cc.svcs.n; i++)
		emit_systemd(&cc, cc.svcs.v[i]);
	if (h->plan.emitted)
		emit_mpm(&cc);
	if (o->explain != NULL)
		sizing_explain(&cc, o->explain);
	*files = cc.files.v;
	*n = cc.files.n;
	return pf_run_errors(run) > 0 ? -1 : 0;
}
