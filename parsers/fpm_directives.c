/*
 * fpm_directives.c - the directive tables of php-fpm 8.2 (Debian's Linux
 * build: with ACL, AppArmor, syslog and systemd support, without the
 * FreeBSD-only listen.setfib) and the value parsers fpm_conf_set_* apply
 * at load time, with their messages.  Names match case-insensitively;
 * the array directives php_value, php_flag, php_admin_value,
 * php_admin_flag, env and access.suppress_path case-sensitively.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "parsers/fpm_int.h"

enum dtype {
	D_STR,		/* fpm_conf_set_string ($pool expanded) */
	D_INT,		/* fpm_conf_set_integer */
	D_TIME,		/* fpm_conf_set_time: N, Ns, Nm, Nh, Nd */
	D_BOOL,		/* fpm_conf_set_boolean */
	D_LOGLEVEL,	/* fpm_conf_set_log_level */
	D_RLIMIT_CORE,	/* fpm_conf_set_rlimit_core */
	D_PM,		/* fpm_conf_set_pm */
	D_FACILITY,	/* fpm_conf_set_syslog_facility */
};

struct dir {
	const char	*name;
	enum dtype	 type;
	size_t		 off;		/* of a pf_sval / pf_ival */
};

#define G(f)	offsetof(struct pf_fpm_global, f)
#define P(f)	offsetof(struct pf_pool, f)

static const struct dir global_dirs[] = {
	{ "pid", D_STR, G(pid) },
	{ "error_log", D_STR, G(error_log) },
	{ "syslog.ident", D_STR, G(syslog_ident) },
	{ "syslog.facility", D_FACILITY, G(syslog_facility) },
	{ "log_buffering", D_BOOL, G(log_buffering) },
	{ "log_level", D_LOGLEVEL, G(log_level) },
	{ "log_limit", D_INT, G(log_limit) },
	{ "emergency_restart_threshold", D_INT,
	    G(emergency_restart_threshold) },
	{ "emergency_restart_interval", D_TIME,
	    G(emergency_restart_interval) },
	{ "process_control_timeout", D_TIME, G(process_control_timeout) },
	{ "process.max", D_INT, G(process_max) },
	{ "process.priority", D_INT, G(process_priority) },
	{ "daemonize", D_BOOL, G(daemonize) },
	{ "rlimit_files", D_INT, G(rlimit_files) },
	{ "rlimit_core", D_RLIMIT_CORE, G(rlimit_core) },
	{ "events.mechanism", D_STR, G(events_mechanism) },
	{ "systemd_interval", D_TIME, G(systemd_interval) },
	{ NULL, 0, 0 },
};

static const struct dir pool_dirs[] = {
	{ "prefix", D_STR, P(prefix) },
	{ "user", D_STR, P(user) },
	{ "group", D_STR, P(group) },
	{ "listen", D_STR, P(listen_raw) },
	{ "listen.backlog", D_INT, P(listen_backlog) },
	{ "listen.acl_users", D_STR, P(listen_acl_users) },
	{ "listen.acl_groups", D_STR, P(listen_acl_groups) },
	{ "listen.owner", D_STR, P(listen_owner) },
	{ "listen.group", D_STR, P(listen_group) },
	{ "listen.mode", D_STR, P(listen_mode) },
	{ "listen.allowed_clients", D_STR, P(listen_allowed_clients) },
	{ "process.priority", D_INT, P(process_priority) },
	{ "process.dumpable", D_BOOL, P(process_dumpable) },
	{ "pm", D_PM, 0 },
	{ "pm.max_children", D_INT, P(max_children) },
	{ "pm.start_servers", D_INT, P(start_servers) },
	{ "pm.min_spare_servers", D_INT, P(min_spare_servers) },
	{ "pm.max_spare_servers", D_INT, P(max_spare_servers) },
	{ "pm.max_spawn_rate", D_INT, P(max_spawn_rate) },
	{ "pm.process_idle_timeout", D_TIME, P(process_idle_timeout) },
	{ "pm.max_requests", D_INT, P(max_requests) },
	{ "pm.status_path", D_STR, P(status_path) },
	{ "pm.status_listen", D_STR, P(status_listen) },
	{ "ping.path", D_STR, P(ping_path) },
	{ "ping.response", D_STR, P(ping_response) },
	{ "access.log", D_STR, P(access_log) },
	{ "access.format", D_STR, P(access_format) },
	{ "slowlog", D_STR, P(slowlog) },
	{ "request_slowlog_timeout", D_TIME, P(request_slowlog_timeout) },
	{ "request_slowlog_trace_depth", D_INT,
	    P(request_slowlog_trace_depth) },
	{ "request_terminate_timeout", D_TIME, P(request_terminate_timeout) },
	{ "request_terminate_timeout_track_finished", D_BOOL,
	    P(request_terminate_timeout_track_finished) },
	{ "rlimit_files", D_INT, P(rlimit_files) },
	{ "rlimit_core", D_RLIMIT_CORE, P(rlimit_core) },
	{ "chroot", D_STR, P(chroot) },
	{ "chdir", D_STR, P(chdir) },
	{ "catch_workers_output", D_BOOL, P(catch_workers_output) },
	{ "decorate_workers_output", D_BOOL, P(decorate_workers_output) },
	{ "clear_env", D_BOOL, P(clear_env) },
	{ "security.limit_extensions", D_STR, P(limit_extensions) },
	{ "apparmor_hat", D_STR, P(apparmor_hat) },
	{ NULL, 0, 0 },
};

/*
 * Case-insensitive lookup, one probe for nearly every line: the slot is
 * chosen by the name's length and three of its bytes (folded to lower
 * case), so no pass over the whole name is needed before the compare,
 * and the compare is a memcmp when the name is written in lower case, as
 * it nearly always is.  Built once per table.
 */
#define NSLOT 256

struct dslot {
	const struct dir *d;
	size_t		 len;
};

static size_t
slot_of(const char *s, size_t n)
{
	return (n * 7 + (size_t)(s[0] | 0x20) * 31 +
	    (size_t)(s[n / 2] | 0x20) * 3 + (size_t)(s[n - 1] | 0x20)) &
	    (NSLOT - 1);
}

static const struct dir *
find_n(const struct dir *t, const char *name, size_t n)
{
	static struct dslot gslots[NSLOT], pslots[NSLOT];
	static int built;
	struct dslot *slots = t == global_dirs ? gslots : pslots;
	const struct dslot *e;
	size_t i;

	if (!built) {
		const struct dir *d;
		int k;

		for (k = 0; k < 2; k++) {
			struct dslot *sl = k ? pslots : gslots;

			for (d = k ? pool_dirs : global_dirs; d->name != NULL;
			    d++) {
				size_t len = strlen(d->name);

				for (i = slot_of(d->name, len); sl[i].d != NULL;
				    i = (i + 1) & (NSLOT - 1))
					;
				sl[i].d = d;
				sl[i].len = len;
			}
		}
		built = 1;
	}
	if (n == 0)
		return NULL;
	for (i = slot_of(name, n); (e = &slots[i])->d != NULL;
	    i = (i + 1) & (NSLOT - 1))
		if (e->len == n && (memcmp(e->d->name, name, n) == 0 ||
		    strncasecmp(e->d->name, name, n) == 0))
			return e->d;
	return NULL;
}

static const struct dir *
find(const struct dir *t, const char *name)
{
	return find_n(t, name, strlen(name));
}

int
fpm_is_pool_directive(const char *name)
{
	return find(pool_dirs, name) != NULL;
}

int
fpm_is_global_directive(const char *name)
{
	return find(global_dirs, name) != NULL;
}

int
fpm_atoi(const char *s)
{
	long v = strtol(s, NULL, 10);

	/* atoi() is (int)strtol(): the low 32 bits. */
	return (int)(unsigned int)(unsigned long)v;
}

/* fpm_conf_set_integer: an optional leading '-', then digits only. */
static const char *
parse_int(const char *v, long long *out)
{
	const char *p;
	unsigned long long n = 0;

	for (p = v; *p; p++) {
		if (p == v && *p == '-')
			continue;
		if (*p < '0' || *p > '9')
			return "is not a valid number (greater or equal than "
			    "zero)";
		n = n * 10 + (unsigned long long)(*p - '0');
	}
	/* up to 18 digits strtol cannot overflow: the digits are its value */
	if (p - v <= 18) {
		if (v[0] == '-')
			n = -n;		/* unsigned: the two's complement */
		*out = (int)(unsigned int)n;
	} else
		*out = fpm_atoi(v);
	return NULL;
}

static int
wrap_mul(int a, int b)
{
	return (int)((unsigned int)a * (unsigned int)b);
}

/* fpm_conf_set_time */
static const char *
parse_time(const char *v, long long *out)
{
	size_t len = strlen(v);
	char suffix;

	if (len == 0)
		return "invalid time value";
	/*
	 * php-fpm cuts the suffix off and calls atoi(); strtol stops at the
	 * suffix anyway (it is no digit), so the value is parsed in place.
	 */
	suffix = v[len - 1];
	switch (suffix) {
	case 'm':
		*out = wrap_mul(60, fpm_atoi(v));
		return NULL;
	case 'h':
		*out = wrap_mul(3600, fpm_atoi(v));
		return NULL;
	case 'd':
		*out = wrap_mul(86400, fpm_atoi(v));
		return NULL;
	case 's':
		suffix = '0';
		__attribute__((fallthrough));
	default:
		if (suffix < '0' || suffix > '9')
			return "unknown suffix used in time value";
		*out = fpm_atoi(v);
		return NULL;
	}
}

/*
 * fpm_conf_set_boolean of the 8.2.36 build (verified): after the INI
 * normalisation (unquoted yes/on/true -> "1", no/off/false/none/null ->
 * ""), exactly these strings; "Yes" in quotes is refused.
 */
static const char *
parse_bool(const char *v, long long *out)
{
	static const char *const yes[] = { "1", "yes", "true", "on" };
	static const char *const no[] = { "", "0", "no", "none", "false",
	    "off" };
	size_t i;

	for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
		if (strcmp(v, yes[i]) == 0) {
			*out = 1;
			return NULL;
		}
	for (i = 0; i < sizeof(no) / sizeof(no[0]); i++)
		if (strcmp(v, no[i]) == 0) {
			*out = 0;
			return NULL;
		}
	return "invalid boolean value";
}

static const char *
parse_facility(const char *v, long long *out)
{
	static const char *const f[] = { "AUTH", "AUTHPRIV", "CRON",
	    "DAEMON", "FTP", "KERN", "LPR", "MAIL", "NEWS", "SYSLOG", "USER",
	    "UUCP", "LOCAL0", "LOCAL1", "LOCAL2", "LOCAL3", "LOCAL4",
	    "LOCAL5", "LOCAL6", "LOCAL7" };
	size_t i;

	for (i = 0; i < sizeof(f) / sizeof(f[0]); i++)
		if (strcasecmp(v, f[i]) == 0) {
			*out = (long long)i;
			return NULL;
		}
	return "invalid value";
}

/* fpm_conf_expand_pool_name(): every "$pool" replaced by the name. */
static const char *
expand_pool(struct fpm_ctx *c, const char *v, const char **err)
{
	const char *t;
	struct pf_arena *a = c->run->arena;
	char *out;
	size_t n;

	*err = NULL;
	/* (values rarely hold a '$': look for that byte first) */
	for (t = strchr(v, '$'); t != NULL && strncmp(t, "$pool", 5) != 0;
	    t = strchr(t + 1, '$'))
		;
	if (t == NULL)
		return v;
	if (c->cur == NULL) {
		*err = "Can't use '$pool' when the pool is not defined";
		return v;
	}
	out = pf_strndup(a, v, (size_t)(t - v));
	do {
		out = pf_printf(a, "%s%s", out, c->cur->name);
		v = t + 5;
		t = strstr(v, "$pool");
		n = t ? (size_t)(t - v) : strlen(v);
		out = pf_printf(a, "%s%.*s", out, (int)n, v);
	} while (t != NULL);
	return out;
}

static void
value_error(struct fpm_ctx *c, const struct pf_zini_str *name,
    const struct pf_zini_str *value, const char *canon, const char *why)
{
	struct pf_diag *d = fpm_error(c, "fpm-invalid-value", value->loc,
	    "unable to parse value for entry '%s': %s", canon, why);

	if (strcmp(why, "invalid boolean value") == 0)
		pf_diag_fix(c->run, d, "use yes or no (unquoted), or one of "
		    "\"1\" \"yes\" \"true\" \"on\" / \"0\" \"no\" \"false\" "
		    "\"off\" \"none\" \"\" in lower case");
	else if (strstr(why, "time value") != NULL)
		pf_diag_fix(c->run, d, "a whole number with an optional "
		    "suffix s, m, h or d");
	(void)name;
}

void
fpm_apply_entry(struct fpm_ctx *c, const struct pf_zini_str *name,
    const struct pf_zini_str *value)
{
	const struct dir *d;
	void *base;
	const char *why = NULL, *s;
	long long n = 0;
	struct pf_diag *dg;

	if (c->cur == NULL) {
		d = find_n(global_dirs, name->s, name->len);
		base = &c->conf->global;
	} else {
		d = find_n(pool_dirs, name->s, name->len);
		base = c->cur;
	}
	if (d == NULL) {
		dg = fpm_error(c, "fpm-unknown-entry", name->loc,
		    "unknown entry '%s'", name->s);
		if (c->cur == NULL && fpm_is_pool_directive(name->s))
			pf_diag_fix(c->run, dg, "'%s' is a pool directive; it "
			    "belongs after a [pool] header, not in [global]",
			    name->s);
		else if (c->cur != NULL && fpm_is_global_directive(name->s))
			pf_diag_fix(c->run, dg, "'%s' is a [global] directive; "
			    "the pool [%s] is open here", name->s,
			    c->cur->name);
		else if (strcasecmp(name->s, "listen.setfib") == 0)
			pf_diag_fix(c->run, dg, "listen.setfib exists only in "
			    "FreeBSD builds of php-fpm");
		return;
	}
	switch (d->type) {
	case D_STR:
		s = expand_pool(c, value->s, &why);
		if (why != NULL)
			break;
		*(struct pf_sval *)((char *)base + d->off) =
		    pf_sval_make(s, value->loc);
		return;
	case D_LOGLEVEL:
		if (strcasecmp(value->s, "debug") && strcasecmp(value->s,
		    "notice") && strcasecmp(value->s, "warning") &&
		    strcasecmp(value->s, "warn") && strcasecmp(value->s,
		    "error") && strcasecmp(value->s, "alert")) {
			why = "invalid value for 'log_level'";
			break;
		}
		c->conf->global.log_level = pf_sval_make(value->s, value->loc);
		return;
	case D_PM:
		if (strcasecmp(value->s, "static") == 0)
			c->cur->pm = PF_PM_STATIC;
		else if (strcasecmp(value->s, "dynamic") == 0)
			c->cur->pm = PF_PM_DYNAMIC;
		else if (strcasecmp(value->s, "ondemand") == 0)
			c->cur->pm = PF_PM_ONDEMAND;
		else {
			why = "invalid process manager (static, dynamic or "
			    "ondemand)";
			break;
		}
		c->cur->pm_loc = value->loc;
		return;
	case D_INT:
		why = parse_int(value->s, &n);
		break;
	case D_TIME:
		why = parse_time(value->s, &n);
		break;
	case D_BOOL:
		why = parse_bool(value->s, &n);
		break;
	case D_FACILITY:
		why = parse_facility(value->s, &n);
		if (why == NULL) {
			c->conf->global.syslog_facility =
			    pf_sval_make(value->s, value->loc);
			return;
		}
		break;
	case D_RLIMIT_CORE:
		if (strcasecmp(value->s, "unlimited") == 0) {
			n = -1;
			break;
		}
		why = parse_int(value->s, &n);
		if (why == NULL && n < 0)
			why = "must be greater than zero or 'unlimited'";
		break;
	}
	if (why != NULL) {
		value_error(c, name, value, d->name, why);
		return;
	}
	*(struct pf_ival *)((char *)base + d->off) = pf_ival_make(n,
	    value->loc);
}

/*
 * Room for one more element at the end of a pool's php_value or env
 * array.  The arrays live in slabs of the reader's own: while a pool's
 * entries are read one after the other, its array grows in place at the
 * slab's end, so each array takes about what it holds (PF_PUSH's doubling
 * would leave a third of 10,000 arrays unused).  Elements are 8-byte
 * multiples of pointers and integers.
 */
#define VSLAB	(64 * 1024)
#define VSTEP	2

static void *
vec_room(struct fpm_ctx *c, void *v, size_t n, size_t *cap, size_t sz)
{
	size_t nc, bytes;
	char *nv;

	if (n < *cap)
		return v;
	if (v != NULL && (char *)v + *cap * sz == c->vslab_p &&
	    c->vslab_left >= VSTEP * sz) {
		c->vslab_p += VSTEP * sz;
		c->vslab_left -= VSTEP * sz;
		*cap += VSTEP;
		return v;
	}
	nc = *cap ? *cap * 2 : VSTEP;
	bytes = nc * sz;
	if (bytes > VSLAB / 4)
		nv = pf_alloc(c->run->arena, bytes);
	else {
		if (c->vslab_left < bytes) {
			c->vslab_p = pf_alloc(c->run->arena, VSLAB);
			c->vslab_left = VSLAB;
		}
		nv = c->vslab_p;
		c->vslab_p += bytes;
		c->vslab_left -= bytes;
	}
	if (n > 0)
		memcpy(nv, v, n * sz);
	*cap = nc;
	return nv;
}

/* The array directives (case-sensitive names). */
enum arr {
	A_NONE, A_SUPPRESS, A_ENV, A_PHP_VALUE, A_PHP_ADMIN_VALUE,
	A_PHP_FLAG, A_PHP_ADMIN_FLAG,
};

static enum arr
array_kind(const char *s, size_t n)
{
	switch (n) {
	case 3:
		return memcmp(s, "env", 3) == 0 ? A_ENV : A_NONE;
	case 8:
		return memcmp(s, "php_flag", 8) == 0 ? A_PHP_FLAG : A_NONE;
	case 9:
		return memcmp(s, "php_value", 9) == 0 ? A_PHP_VALUE : A_NONE;
	case 14:
		return memcmp(s, "php_admin_flag", 14) == 0 ?
		    A_PHP_ADMIN_FLAG : A_NONE;
	case 15:
		return memcmp(s, "php_admin_value", 15) == 0 ?
		    A_PHP_ADMIN_VALUE : A_NONE;
	case 20:
		return memcmp(s, "access.suppress_path", 20) == 0 ?
		    A_SUPPRESS : A_NONE;
	default:
		return A_NONE;
	}
}

/*
 * The length of a reader string: its len, which is its strlen here (the
 * reader hands the parser lines cut at any NUL, and ${} expansions are C
 * strings).
 */
static size_t
c_len(const struct pf_zini_str *z)
{
	return z->len;
}

/* fpm_conf_ini_parser_array(): name[key] = value. */
void
fpm_apply_array(struct fpm_ctx *c, const struct pf_zini_str *name,
    const struct pf_zini_str *key, const struct pf_zini_str *value)
{
	struct pf_arena *a = c->run->arena;
	struct pf_pool *p = c->cur;
	const char *v, *why = NULL;
	int flag = 0, admin = 0, err = 0;
	enum arr kind = array_kind(name->s, c_len(name));

	if (kind == A_SUPPRESS) {
		if (key->s[0] != '\0') {
			fpm_error(c, "fpm-invalid-value", key->loc, "keys "
			    "provided to field 'access.suppress_path' are "
			    "ignored (php-fpm refuses them)");
			err = 1;
		}
		if (value->s[0] != '/') {
			fpm_error(c, "fpm-invalid-value", value->loc, "values "
			    "provided to field 'access.suppress_path' must "
			    "begin with '/'");
			err = 1;
		}
		if (err)
			return;
	} else if (key->s[0] == '\0') {
		fpm_error(c, "fpm-invalid-value", key->loc, "you must provide "
		    "a key for field '%s'", name->s);
		return;
	}
	if (p == NULL) {
		/* php-fpm's words, its grammar included */
		fpm_error(c, "fpm-unknown-entry", name->loc, "Array are not "
		    "allowed in the global section ('%s[%s]')", name->s,
		    key->s);
		return;
	}
	switch (kind) {
	case A_ENV: {
		struct pf_env e;

		if (value->s[0] == '\0') {
			fpm_error(c, "fpm-invalid-value", value->loc, "empty "
			    "value for env[%s]", key->s);
			return;
		}
		v = expand_pool(c, value->s, &why);
		memset(&e, 0, sizeof(e));
		e.name = fpm_intern(c, key->s, c_len(key));
		e.value = v;
		e.loc = value->loc;
		if (p->env.n < 64) {
			size_t i;

			/* interned: equal names are the same pointer */
			for (i = 0; i < p->env.n; i++)
				if (p->env.v[i].name == e.name) {
					e.overridden = 1;
					break;
				}
		}
		p->env.v = vec_room(c, p->env.v, p->env.n, &p->env.cap,
		    sizeof(*p->env.v));
		p->env.v[p->env.n++] = e;	/* overridden: fpm_post_process */
		return;
	}
	case A_PHP_VALUE:
		break;
	case A_PHP_ADMIN_VALUE:
		admin = 1;
		break;
	case A_PHP_FLAG:
		flag = 1;
		break;
	case A_PHP_ADMIN_FLAG:
		admin = flag = 1;
		break;
	case A_SUPPRESS:
		PF_PUSH(a, p->access_suppress_path, pf_sval_make(
		    expand_pool(c, value->s, &why), value->loc));
		return;
	default: {
		struct pf_diag *d = fpm_error(c, "fpm-unknown-entry",
		    name->loc, "unknown directive '%s'", name->s);

		if (strcasecmp(name->s, "php_value") == 0 ||
		    strcasecmp(name->s, "php_admin_value") == 0 ||
		    strcasecmp(name->s, "php_flag") == 0 ||
		    strcasecmp(name->s, "php_admin_flag") == 0 ||
		    strcasecmp(name->s, "env") == 0)
			pf_diag_fix(c->run, d, "array directives are case-"
			    "sensitive: write '%c%s' in lower case",
			    name->s[0] | 0x20, name->s + 1);
		return;
	}
	}
	if (flag) {
		long long b;

		if ((why = parse_bool(value->s, &b)) != NULL) {
			fpm_error(c, "fpm-invalid-value", value->loc, "error "
			    "while parsing '%s[%s]' : %s", name->s, key->s,
			    why);
			return;
		}
		v = b ? "1" : "0";
	} else {
		v = expand_pool(c, value->s, &why);
		if (why != NULL) {
			fpm_error(c, "fpm-invalid-value", value->loc, "error "
			    "while parsing '%s[%s]' : %s", name->s, key->s,
			    why);
			return;
		}
	}
	{
		struct pf_php_setting s;

		memset(&s, 0, sizeof(s));
		s.key = fpm_intern(c, key->s, c_len(key));
		s.value = v;
		s.raw = v;
		s.admin = admin;
		s.flag = flag;
		s.loc = value->loc;
		/* an earlier entry of the same kind and key wins (the list is
		 * short: compare while it is in the cache; huge lists are
		 * left to fpm_post_process's hash).  Keys are interned:
		 * equal keys are the same pointer. */
		if (p->php.n < 64) {
			size_t i;

			for (i = 0; i < p->php.n; i++)
				if (p->php.v[i].key == s.key &&
				    p->php.v[i].admin == admin) {
					s.overridden = 1;
					break;
				}
		}
		if (v[0] != '/')	/* empty ones too (fpm_check.c) */
			c->relative_php = 1;
		p->php.v = vec_room(c, p->php.v, p->php.n, &p->php.cap,
		    sizeof(*p->php.v));
		p->php.v[p->php.n++] = s;	/* overridden: fpm_post_process */
	}
}
