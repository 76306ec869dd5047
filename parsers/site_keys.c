/*
 * site_keys.c - the sections and keys of a site description: which keys
 * each section takes, their types, and where in the model they go
 * (docs/site-format.md lists the same table for people).
 */
#include <ctype.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "parsers/site_int.h"
#include "model/suggest.h"

enum vtype {
	V_STR,		/* one word of safe characters */
	V_NAME,		/* user, group or pool name */
	V_ABSPATH,	/* absolute path */
	V_PATH_OFF,	/* absolute path or "off" */
	V_HOST,		/* a host name */
	V_HOSTS,	/* list of host names, wildcards allowed */
	V_VADDRS,	/* list of VirtualHost addresses */
	V_PATHS,	/* list of paths, relative to document_root or absolute */
	V_WORDS,	/* list of file names */
	V_IPS,		/* list of IPs/networks or "local" */
	V_GLOBS,	/* list of file name patterns */
	V_URLPATH,	/* /path */
	V_INT,
	V_SIZE,		/* bytes */
	V_SECS,		/* time in whole seconds */
	V_MS,		/* time in milliseconds */
	V_BOOL,
	V_PHPVER,
	V_SPECIAL,	/* handled by special_key() */
};

#define LIST(t) ((t) == V_HOSTS || (t) == V_VADDRS || (t) == V_PATHS || \
	(t) == V_WORDS || (t) == V_IPS || (t) == V_GLOBS)

struct keydef {
	const char	*name;
	enum vtype	 type;
	size_t		 off;
	long long	 min, max;
};

#define H(f) offsetof(struct pf_host, f)
#define S(f) offsetof(struct pf_site, f)
#define P(f) offsetof(struct pf_pool, f)
#define BIG 1000000000LL

static const struct keydef host_keys[] = {
	{ "cores", V_INT, H(cores), 1, 65536 },
	{ "memory", V_SIZE, H(memory), 1, 0 },
	{ "apache_user", V_NAME, H(apache_user), 0, 0 },
	{ "apache_group", V_NAME, H(apache_group), 0, 0 },
	{ "nofile", V_INT, H(nofile), 16, BIG },
	{ "nproc", V_INT, H(nproc), 1, BIG },
	{ "somaxconn", V_INT, H(somaxconn), 1, BIG },
	{ "nr_open", V_INT, H(nr_open), 1024, BIG },
	{ "layout", V_SPECIAL, H(layout), 0, 0 },
	{ "php_version", V_PHPVER, H(php_version), 0, 0 },
	{ "mpm", V_SPECIAL, H(mpm), 0, 0 },
	{ "emit_mpm", V_BOOL, H(emit_mpm), 0, 0 },
	{ "apache_memory", V_SIZE, H(apache_memory), 0, 0 },
	{ "workers_per_core", V_INT, H(workers_per_core), 1, 1024 },
	{ "sites", V_GLOBS, H(sites), 0, 0 },
	{ NULL, 0, 0, 0, 0 },
};

static const struct keydef site_keys[] = {
	{ "server_name", V_HOST, S(server_name), 0, 0 },
	{ "aliases", V_HOSTS, S(aliases), 0, 0 },
	{ "listen", V_VADDRS, S(listen), 0, 0 },
	{ "server_admin", V_STR, S(server_admin), 0, 0 },
	{ "document_root", V_ABSPATH, S(document_root), 0, 0 },
	{ "upload_dirs", V_PATHS, S(upload_dirs), 0, 0 },
	{ "front_controller", V_URLPATH, S(front_controller), 0, 0 },
	{ "index", V_WORDS, S(index), 0, 0 },
	{ "pathinfo", V_BOOL, S(pathinfo), 0, 0 },
	{ "handler", V_SPECIAL, 0, 0, 0 },
	{ "tls_cert", V_ABSPATH, S(tls_cert), 0, 0 },
	{ "tls_key", V_ABSPATH, S(tls_key), 0, 0 },
	{ "tls_redirect", V_BOOL, S(tls_redirect), 0, 0 },
	{ "redirect_listen", V_VADDRS, S(redirect_listen), 0, 0 },
	{ "hsts", V_SPECIAL, S(hsts), 0, 0 },
	{ "http2", V_BOOL, S(http2), 0, 0 },
	{ "error_log", V_ABSPATH, S(error_log), 0, 0 },
	{ "access_log", V_PATH_OFF, S(access_log), 0, 0 },
	{ "pool", V_NAME, S(pool_name), 0, 0 },
	{ NULL, 0, 0, 0, 0 },
};

static const struct keydef pool_keys[] = {
	{ "php_version", V_PHPVER, P(php_version), 0, 0 },
	{ "user", V_NAME, P(user), 0, 0 },
	{ "group", V_NAME, P(group), 0, 0 },
	{ "listen", V_SPECIAL, P(listen_raw), 0, 0 },
	{ "pm", V_SPECIAL, 0, 0, 0 },
	{ "max_children", V_INT, P(max_children), 1, 100000 },
	{ "start_servers", V_INT, P(start_servers), 1, 100000 },
	{ "min_spare_servers", V_INT, P(min_spare_servers), 1, 100000 },
	{ "max_spare_servers", V_INT, P(max_spare_servers), 1, 100000 },
	{ "idle_timeout", V_SECS, P(process_idle_timeout), 1, 86400 },
	{ "memory", V_SIZE, P(memory_budget), 1, 0 },
	{ "worker_memory", V_SIZE, P(worker_memory), 1, 0 },
	{ "rps", V_INT, P(expected_rps), 1, BIG },
	{ "request_time", V_MS, P(request_time_ms), 1, 3600000 },
	{ "max_requests", V_INT, P(max_requests), 0, BIG },
	{ "request_timeout", V_SECS, P(request_terminate_timeout), 1,
	    86400 },
	{ "slowlog_after", V_SPECIAL, P(request_slowlog_timeout), 0, 0 },
	{ "slowlog", V_ABSPATH, P(slowlog), 0, 0 },
	{ "access_log", V_ABSPATH, P(access_log), 0, 0 },
	{ "status_path", V_URLPATH, P(status_path), 0, 0 },
	{ "ping_path", V_URLPATH, P(ping_path), 0, 0 },
	{ "status_allow", V_IPS, P(status_allow), 0, 0 },
	{ "listen_backlog", V_INT, P(listen_backlog), 1, 65535 },
	{ "rlimit_files", V_INT, P(rlimit_files), 64, BIG },
	{ "reuse", V_SPECIAL, P(reuse), 0, 0 },
	{ "shared", V_BOOL, P(shared), 0, 0 },
	{ NULL, 0, 0, 0, 0 },
};

static const struct keydef *
find_key(const struct keydef *t, const char *name)
{
	for (; t->name != NULL; t++)
		if (strcmp(t->name, name) == 0)
			return t;
	return NULL;
}

static const struct keydef *
section_table(enum sect_kind k)
{
	switch (k) {
	case SECT_HOST:
		return host_keys;
	case SECT_SITE:
		return site_keys;
	case SECT_POOL:
		return pool_keys;
	default:
		return NULL;
	}
}

static const char *
sect_title(const struct rd *rd)
{
	switch (rd->sect) {
	case SECT_HOST:
		return "[host]";
	case SECT_SITE:
		return pf_printf(rd->run->arena, "[site %s]", rd->sect_name);
	case SECT_POOL:
		return pf_printf(rd->run->arena, "[pool %s]", rd->sect_name);
	case SECT_PHP:
		return pf_printf(rd->run->arena, "[php %s]", rd->sect_name);
	default:
		return "this section";
	}
}

/*
 * Collapses "//" and "/./", drops a trailing '/' and, in a relative path,
 * leading "./" ("./media" is "media": kept, it left the upload folder out
 * of neither ProxyPassMatch's exclusion nor <Directory>, and "." named the
 * document root without the error that gives).  A relative path of dots
 * only becomes "".
 */
static const char *
norm_path(struct pf_arena *a, const char *p)
{
	size_t n = strlen(p), i, o = 0;
	char *r = pf_alloc(a, n + 1);

	for (i = 0; i < n; i++) {
		if (p[i] == '/' && o > 0 && r[o - 1] == '/')
			continue;
		if (p[i] == '/' && o == 0 && p[0] != '/')
			continue;	/* what "./" leaves of a relative path */
		if (p[i] == '.' && (o == 0 || r[o - 1] == '/') &&
		    (p[i + 1] == '/' || p[i + 1] == '\0')) {
			i += p[i + 1] == '/';
			continue;
		}
		r[o++] = p[i];
	}
	while (o > 1 && r[o - 1] == '/')
		o--;
	r[o] = '\0';
	return r;
}

static int
check_word(struct pf_run *run, const char *key, const char *v,
    struct pf_loc loc, const char *extra)
{
	const char *p;

	if (*v == '\0') {
		pf_diag_add(run, PF_SEV_ERROR, "site-value", loc,
		    "%s: empty value", key);
		return -1;
	}
	for (p = v; *p != '\0'; p++)
		if (!isalnum((unsigned char)*p) && strchr(extra, *p) == NULL) {
			pf_diag_add(run, PF_SEV_ERROR, "site-value", loc,
			    "%s: '%c' is not allowed in '%s'", key, *p, v);
			return -1;
		}
	return 0;
}

/* Checks one list item; returns its normalised text or NULL. */
static const char *
list_item(struct rd *rd, const struct keydef *k, struct pf_sval *it)
{
	struct pf_run *run = rd->run;

	switch (k->type) {
	case V_HOSTS:
		return sv_servername(run, k->name, it->s, it->loc, 1) ? NULL :
		    it->s;
	case V_VADDRS:
		return sv_vaddr(run, k->name, it->s, it->loc) ? NULL : it->s;
	case V_PATHS:
		if (sv_relpath(run, k->name, it->s, it->loc) < 0)
			return NULL;
		return norm_path(run->arena, it->s);
	case V_WORDS:
		return check_word(run, k->name, it->s, it->loc, "_.-") ?
		    NULL : it->s;
	case V_IPS:
		return sv_ipmask(run, k->name, it->s, it->loc) ? NULL : it->s;
	case V_GLOBS:
		if (rd->mode != RD_DESCRIPTION) {
			pf_diag_add(run, PF_SEV_ERROR, "site-host-file",
			    it->loc, "sites = is only allowed in a host file "
			    "given on the command line");
			return NULL;
		}
		return check_word(run, k->name, it->s, it->loc,
		    "/_.-+@,%~*?[]") ? NULL : it->s;
	default:
		return NULL;
	}
}

static int
add_list(struct rd *rd, const struct keydef *k, const char *value,
    struct pf_loc vloc)
{
	struct pf_svec items = { NULL, 0, 0 };
	struct pf_svec *dst = (struct pf_svec *)((char *)rd->obj + k->off);
	size_t i;
	int ok = 1;

	sv_split(rd->run, value, vloc, &items);
	for (i = 0; i < items.n; i++) {
		const char *s = list_item(rd, k, &items.v[i]);

		if (s == NULL) {
			ok = 0;
			continue;
		}
		items.v[i].s = s;
		PF_PUSH(rd->run->arena, *dst, items.v[i]);
	}
	return ok ? 0 : -1;
}

static int
special_key(struct rd *rd, const struct keydef *k, const char *v,
    struct pf_loc loc)
{
	struct pf_run *run = rd->run;
	long long ms;
	char *obj = rd->obj;

	if (rd->sect == SECT_HOST && strcmp(k->name, "layout") == 0) {
		if (strcmp(v, "debian") && strcmp(v, "rhel")) {
			pf_diag_add(run, PF_SEV_ERROR, "site-value", loc,
			    "layout: '%s' is not debian or rhel", v);
			return -1;
		}
		*(struct pf_sval *)(obj + k->off) = pf_sval_make(v, loc);
		return 0;
	}
	if (rd->sect == SECT_HOST && strcmp(k->name, "mpm") == 0) {
		if (strcmp(v, "event") && strcmp(v, "worker") &&
		    strcmp(v, "prefork")) {
			pf_diag_add(run, PF_SEV_ERROR, "site-value", loc,
			    "mpm: '%s' is not event, worker or prefork", v);
			return -1;
		}
		*(struct pf_sval *)(obj + k->off) = pf_sval_make(v, loc);
		return 0;
	}
	if (rd->sect == SECT_SITE && strcmp(k->name, "handler") == 0) {
		struct pf_site *s = rd->obj;

		if (strcmp(v, "sethandler") == 0)
			s->handler = PF_HANDLER_SETHANDLER;
		else if (strcmp(v, "proxypassmatch") == 0)
			s->handler = PF_HANDLER_PROXYPASSMATCH;
		else {
			pf_diag_add(run, PF_SEV_ERROR, "site-value", loc,
			    "handler: '%s' is not sethandler or "
			    "proxypassmatch", v);
			return -1;
		}
		s->handler_loc = loc;
		return 0;
	}
	if (rd->sect == SECT_SITE && strcmp(k->name, "hsts") == 0) {
		struct pf_site *s = rd->obj;

		if (strcmp(v, "off") == 0 || strcmp(v, "0") == 0) {
			s->hsts = pf_ival_make(0, loc);
			return 0;
		}
		if (sv_time(run, "hsts", v, loc, 0, &ms) < 0)
			return -1;
		s->hsts = pf_ival_make(ms / 1000, loc);
		return 0;
	}
	if (rd->sect == SECT_POOL && strcmp(k->name, "listen") == 0) {
		struct pf_pool *p = rd->obj;
		struct pf_listen l;

		if (sv_listen(run, v, loc, &l) < 0)
			return -1;
		if (!l.loopback) {
			struct pf_diag *d = pf_diag_add(run, PF_SEV_ERROR,
			    "site-listen-public", loc, "listen: '%s' is "
			    "reachable from other hosts; FastCGI has no "
			    "authentication, so anyone who can connect runs "
			    "code as the pool's user", v);

			pf_diag_fix(run, d, "use a unix socket (listen = "
			    "/run/php/%s.sock) or a loopback address "
			    "(127.0.0.1:PORT)", p->name);
			return -1;
		}
		if (l.kind == PF_LISTEN_UNIX)
			l.path = norm_path(run->arena, l.path);
		p->listen_raw = pf_sval_make(l.kind == PF_LISTEN_UNIX ?
		    l.path : v, loc);
		p->listen = l;
		return 0;
	}
	if (rd->sect == SECT_POOL && strcmp(k->name, "pm") == 0) {
		struct pf_pool *p = rd->obj;

		if (strcmp(v, "auto") == 0)
			p->pm = PF_PM_AUTO;
		else if (strcmp(v, "static") == 0)
			p->pm = PF_PM_STATIC;
		else if (strcmp(v, "dynamic") == 0)
			p->pm = PF_PM_DYNAMIC;
		else if (strcmp(v, "ondemand") == 0)
			p->pm = PF_PM_ONDEMAND;
		else {
			pf_diag_add(run, PF_SEV_ERROR, "site-value", loc,
			    "pm: '%s' is not auto, static, dynamic or "
			    "ondemand", v);
			return -1;
		}
		p->pm_loc = loc;
		return 0;
	}
	if (rd->sect == SECT_POOL && strcmp(k->name, "slowlog_after") == 0) {
		struct pf_pool *p = rd->obj;

		if (strcmp(v, "off") == 0 || strcmp(v, "0") == 0) {
			p->request_slowlog_timeout = pf_ival_make(0, loc);
			return 0;
		}
		if (sv_time(run, "slowlog_after", v, loc, 0, &ms) < 0)
			return -1;
		p->request_slowlog_timeout = pf_ival_make(ms / 1000, loc);
		return 0;
	}
	if (rd->sect == SECT_POOL && strcmp(k->name, "reuse") == 0) {
		struct pf_pool *p = rd->obj;
		int b;

		if (strcmp(v, "auto") == 0) {
			p->reuse = pf_ival_make(2, loc);
			return 0;
		}
		if (sv_bool(run, "reuse", v, loc, &b) < 0)
			return -1;
		p->reuse = pf_ival_make(b, loc);
		return 0;
	}
	return -1;
}

static int
scalar_key(struct rd *rd, const struct keydef *k, const char *v,
    struct pf_loc loc)
{
	struct pf_run *run = rd->run;
	char *obj = rd->obj;
	struct pf_sval *sv = (struct pf_sval *)(obj + k->off);
	struct pf_ival *iv = (struct pf_ival *)(obj + k->off);
	long long n;
	int b;

	switch (k->type) {
	case V_STR:
		if (check_word(run, k->name, v, loc, "@._+-") < 0)
			return -1;
		*sv = pf_sval_make(v, loc);
		return 0;
	case V_NAME:
		if (sv_name(run, k->name, v, loc) < 0)
			return -1;
		*sv = pf_sval_make(v, loc);
		return 0;
	case V_PATH_OFF:
	case V_ABSPATH:
		if (k->type == V_PATH_OFF && strcmp(v, "off") == 0) {
			*sv = pf_sval_make(v, loc);
			return 0;
		}
		if (sv_abspath(run, k->name, v, loc) < 0)
			return -1;
		*sv = pf_sval_make(norm_path(run->arena, v), loc);
		return 0;
	case V_HOST:
		if (sv_servername(run, k->name, v, loc, 0) < 0)
			return -1;
		*sv = pf_sval_make(v, loc);
		return 0;
	case V_URLPATH:
		if (sv_urlpath(run, k->name, v, loc) < 0)
			return -1;
		*sv = pf_sval_make(v, loc);
		return 0;
	case V_PHPVER:
		if (sv_php_version(run, k->name, v, loc) < 0)
			return -1;
		*sv = pf_sval_make(v, loc);
		return 0;
	case V_INT:
		if (sv_int(run, k->name, v, loc, k->min, k->max, &n) < 0)
			return -1;
		*iv = pf_ival_make(n, loc);
		return 0;
	case V_SIZE:
		if (sv_size(run, k->name, v, loc, &n) < 0)
			return -1;
		if (n < k->min) {
			pf_diag_add(run, PF_SEV_ERROR, "site-value", loc,
			    "%s: must be at least %lld bytes", k->name,
			    k->min);
			return -1;
		}
		*iv = pf_ival_make(n, loc);
		return 0;
	case V_SECS:
	case V_MS:
		if (sv_time(run, k->name, v, loc, k->type == V_MS, &n) < 0)
			return -1;
		if (k->type == V_SECS) {
			if (n % 1000 != 0)
				return -1;
			n /= 1000;
		}
		if (n < k->min || n > k->max) {
			pf_diag_add(run, PF_SEV_ERROR, "site-value", loc,
			    "%s: '%s' is out of range", k->name, v);
			return -1;
		}
		*iv = pf_ival_make(n, loc);
		return 0;
	case V_BOOL:
		if (sv_bool(run, k->name, v, loc, &b) < 0)
			return -1;
		*iv = pf_ival_make(b, loc);
		return 0;
	case V_SPECIAL:
		return special_key(rd, k, v, loc);
	default:
		return -1;
	}
}

/* "env[NAME]" in a pool: an environment variable for the workers. */
static void
env_key(struct rd *rd, const char *name, struct pf_loc nloc, const char *v,
    struct pf_loc vloc)
{
	struct pf_pool *p = rd->obj;
	size_t n = strlen(name);
	struct pf_env e;
	const char *q;

	if (n < 6 || name[n - 1] != ']') {
		pf_diag_add(rd->run, PF_SEV_ERROR, "site-unknown-key", nloc,
		    "'%s' is not env[NAME]", name);
		return;
	}
	e.name = pf_strndup(rd->run->arena, name + 4, n - 5);
	for (q = e.name; *q != '\0'; q++)
		if (!isalnum((unsigned char)*q) && *q != '_')
			break;
	if (*q != '\0' || isdigit((unsigned char)e.name[0])) {
		pf_diag_add(rd->run, PF_SEV_ERROR, "site-value", nloc,
		    "env: '%s' is not an environment variable name", e.name);
		return;
	}
	if (*v == '\0') {
		/* php-fpm refuses an env[] without a value ("empty value"). */
		pf_diag_add(rd->run, PF_SEV_ERROR, "site-value", vloc,
		    "env[%s]: empty value", e.name);
		return;
	}
	e.value = v;
	e.loc = vloc;
	PF_PUSH(rd->run->arena, p->env, e);
	rd->last_ok = 1;
}

static void
php_key(struct rd *rd, const char *name, struct pf_loc nloc, const char *v,
    struct pf_loc vloc)
{
	struct site_php *ph = rd->obj;
	struct pf_php_setting s;
	const char *p;

	if (strlen(name) > 64)
		goto bad;
	for (p = name; *p != '\0'; p++)
		if (!isalnum((unsigned char)*p) && !strchr("_.-", *p))
			goto bad;
	memset(&s, 0, sizeof(s));
	s.key = pf_strdup(rd->run->arena, name);
	s.value = v;
	s.admin = 1;
	s.loc = vloc;
	PF_PUSH(rd->run->arena, ph->v, s);
	rd->last_ok = 1;
	return;
bad:
	pf_diag_add(rd->run, PF_SEV_ERROR, "site-value", nloc,
	    "'%s' is not a PHP ini setting name", name);
}

static int
seen_key(struct rd *rd, const char *name, struct pf_loc loc)
{
	struct seen_key k;
	size_t i;

	for (i = 0; i < rd->seen.n; i++)
		if (strcmp(rd->seen.v[i].name, name) == 0) {
			struct pf_diag *d = pf_diag_add(rd->run, PF_SEV_ERROR,
			    "site-duplicate-key", loc, "'%s' is set twice in "
			    "%s", name, sect_title(rd));

			pf_diag_related(rd->run, d, rd->seen.v[i].loc,
			    "first set here");
			return 1;
		}
	k.name = pf_strdup(rd->run->arena, name);
	k.loc = loc;
	PF_PUSH(rd->run->arena, rd->seen, k);
	return 0;
}

/* A value in double quotes is taken without them. */
static const char *
unquote(struct rd *rd, const char *value, struct pf_loc *vloc)
{
	size_t n = strlen(value);

	if (n >= 2 && value[0] == '"' && value[n - 1] == '"') {
		vloc->col++;
		vloc->len = (uint32_t)(n - 2);
		return pf_strndup(rd->run->arena, value + 1, n - 2);
	}
	return pf_strdup(rd->run->arena, value);
}

void
site_key(struct rd *rd, const char *name, struct pf_loc nloc,
    const char *value, struct pf_loc vloc)
{
	const struct keydef *t, *k;
	const char *v;
	struct pf_diag *d;

	if (rd->obj == NULL)
		return;
	if (seen_key(rd, name, nloc))
		return;
	v = unquote(rd, value, &vloc);
	if (rd->sect == SECT_PHP) {
		php_key(rd, name, nloc, v, vloc);
		return;
	}
	if (rd->sect == SECT_POOL && strncmp(name, "env[", 4) == 0) {
		env_key(rd, name, nloc, v, vloc);
		return;
	}
	t = section_table(rd->sect);
	if (t == NULL || (k = find_key(t, name)) == NULL) {
		d = pf_diag_add(rd->run, PF_SEV_ERROR, "site-unknown-key",
		    nloc, "unknown key '%s' in %s", name, sect_title(rd));
		if (rd->sect == SECT_SITE && find_key(pool_keys, name))
			pf_diag_fix(rd->run, d, "'%s' belongs in [pool %s]",
			    name, rd->sect_name);
		else if (rd->sect == SECT_POOL && find_key(site_keys, name))
			pf_diag_fix(rd->run, d, "'%s' belongs in [site %s]",
			    name, rd->sect_name);
		else if (rd->sect != SECT_HOST && find_key(host_keys, name))
			pf_diag_fix(rd->run, d, "'%s' belongs in [host]",
			    name);
		else if (rd->sect == SECT_POOL && strchr(name, '.'))
			pf_diag_fix(rd->run, d, "PHP settings go in "
			    "[php %s]", rd->sect_name);
		else if (t != NULL) {
			struct pf_suggest sg;

			pf_suggest_init(&sg, name);
			for (k = t; k->name != NULL; k++)
				pf_suggest_add(&sg, k->name);
			if (pf_suggest_best(&sg) != NULL)
				pf_diag_fix(rd->run, d, "did you mean '%s'?",
				    pf_suggest_best(&sg));
		}
		return;
	}
	if (LIST(k->type)) {
		if (add_list(rd, k, v, vloc) == 0)
			rd->last_ok = 1;
		return;
	}
	if (*v == '\0') {
		pf_diag_add(rd->run, PF_SEV_ERROR, "site-value", vloc,
		    "%s: empty value", name);
		return;
	}
	if (scalar_key(rd, k, v, vloc) == 0)
		rd->last_ok = 1;
}

void
site_continue(struct rd *rd, const char *value, struct pf_loc vloc)
{
	const struct keydef *t, *k;

	if (!rd->last_ok || rd->obj == NULL || rd->last_key == NULL)
		return;
	if (rd->sect == SECT_PHP) {
		/* A PHP value continues without a separator, so that
		 * open_basedir or disable_functions can be split anywhere. */
		struct site_php *ph = rd->obj;
		struct pf_php_setting *s = &ph->v.v[ph->v.n - 1];

		s->value = pf_printf(rd->run->arena, "%s%s", s->value, value);
		return;
	}
	t = section_table(rd->sect);
	k = t != NULL ? find_key(t, rd->last_key) : NULL;
	if (k == NULL || !LIST(k->type)) {
		pf_diag_add(rd->run, PF_SEV_ERROR, "site-continuation", vloc,
		    "'%s' takes one value; only lists continue on indented "
		    "lines", rd->last_key);
		rd->last_ok = 0;
		return;
	}
	add_list(rd, k, value, vloc);
}

static void *
new_pool(struct pf_run *run, const char *name, struct pf_loc loc)
{
	struct pf_pool *p = pf_alloc(run->arena, sizeof(*p));

	p->name = name;
	p->loc = loc;
	return p;
}

void
site_section(struct rd *rd, const char *text, size_t n, struct pf_loc loc)
{
	struct pf_run *run = rd->run;
	struct pf_model *m = rd->ctx->model;
	const char *kind, *name = NULL;
	size_t i, kn;
	struct pf_diag *d;
	char *t;

	rd->seen.n = 0;
	rd->last_ok = 0;
	rd->obj = NULL;
	rd->sect = SECT_UNKNOWN;
	rd->sect_loc = loc;
	while (n > 0 && isspace((unsigned char)text[n - 1]))
		n--;
	while (n > 0 && isspace((unsigned char)*text)) {
		text++;
		n--;
	}
	t = pf_strndup(run->arena, text, n);
	for (kn = 0; kn < n && !isspace((unsigned char)t[kn]); kn++)
		;
	kind = pf_strndup(run->arena, t, kn);
	for (i = kn; i < n && isspace((unsigned char)t[i]); i++)
		;
	if (i < n)
		name = t + i;
	rd->sect_name = name;

	if (strcmp(kind, "host") == 0) {
		if (name != NULL) {
			pf_diag_add(run, PF_SEV_ERROR, "site-section", loc,
			    "[host] takes no name");
			return;
		}
		if (rd->mode == RD_MEMBER) {
			pf_diag_add(run, PF_SEV_ERROR, "site-section", loc,
			    "[host] belongs in the host file, not in a file "
			    "its sites = names");
			return;
		}
		if (rd->ctx->host_seen) {
			d = pf_diag_add(run, PF_SEV_ERROR, "site-duplicate",
			    loc, "a second [host] section");
			pf_diag_related(run, d, rd->ctx->host_loc,
			    "the first [host] is here");
			return;
		}
		rd->ctx->host_seen = 1;
		rd->ctx->host_loc = loc;
		m->host.loc = loc;
		m->host.source = rd->mode == RD_HOSTFILE ? PF_HOST_FILE :
		    PF_HOST_DESCRIPTION;
		rd->sect = SECT_HOST;
		rd->obj = &m->host;
		return;
	}
	if (strcmp(kind, "site") && strcmp(kind, "pool") &&
	    strcmp(kind, "php")) {
		pf_diag_add(run, PF_SEV_ERROR, "site-section", loc,
		    "unknown section [%s]: expected [host], [site NAME], "
		    "[pool NAME] or [php NAME]", t);
		return;
	}
	if (rd->mode == RD_HOSTFILE) {
		pf_diag_add(run, PF_SEV_ERROR, "site-section", loc,
		    "a --host file holds only [host]");
		return;
	}
	if (name == NULL) {
		pf_diag_add(run, PF_SEV_ERROR, "site-section", loc,
		    "[%s] needs a name: [%s NAME]", kind, kind);
		return;
	}
	if (strpbrk(name, " \t") != NULL) {
		pf_diag_add(run, PF_SEV_ERROR, "site-section", loc,
		    "[%s %s]: a name is one word", kind, name);
		return;
	}
	if (sv_name(run, pf_printf(run->arena, "%s name", kind), name,
	    loc) < 0)
		return;

	if (strcmp(kind, "site") == 0) {
		struct pf_site *s = shash_get(&rd->ctx->site_names, name);

		if (s != NULL) {
			d = pf_diag_add(run, PF_SEV_ERROR, "site-duplicate", loc,
			    "duplicate site name '%s'", name);
			pf_diag_related(run, d, s->loc, "[site %s] is first "
			    "defined here", s->name);
			return;
		}
		s = pf_alloc(run->arena, sizeof(*s));
		s->name = name;
		s->loc = loc;
		PF_PUSH(run->arena, m->sites, s);
		shash_put(run->arena, &rd->ctx->site_names, name, s);
		rd->sect = SECT_SITE;
		rd->obj = s;
	} else if (strcmp(kind, "pool") == 0) {
		/* php-fpm compares pool names without case. */
		struct pf_pool *p = shash_get(&rd->ctx->pool_names, name);

		if (p != NULL) {
			d = pf_diag_add(run, PF_SEV_ERROR, "site-duplicate", loc,
			    "duplicate pool name '%s' (php-fpm ignores case)",
			    name);
			pf_diag_related(run, d, p->loc, "[pool %s] is first "
			    "defined here", p->name);
			return;
		}
		p = new_pool(run, name, loc);
		PF_PUSH(run->arena, m->pools, p);
		shash_put(run->arena, &rd->ctx->pool_names, name, p);
		rd->sect = SECT_POOL;
		rd->obj = p;
	} else {
		struct site_php *ph = shash_get(&rd->ctx->php_names, name);

		if (ph != NULL) {
			d = pf_diag_add(run, PF_SEV_ERROR, "site-duplicate", loc,
			    "duplicate section [php %s]", name);
			pf_diag_related(run, d, ph->loc, "first defined here");
			return;
		}
		ph = pf_alloc(run->arena, sizeof(*ph));
		ph->name = name;
		ph->loc = loc;
		PF_PUSH(run->arena, rd->ctx->php, ph);
		shash_put(run->arena, &rd->ctx->php_names, name, ph);
		rd->sect = SECT_PHP;
		rd->obj = ph;
	}
}
