/*
 * fpm_check.c - what php-fpm 8.2 -t checks after loading
 * (fpm_conf_post_process, fpm_conf_process_all_pools, fpm_log_open and the
 * access.format test, the user/group lookups), with php-fpm's verdict:
 * an error here is exactly a configuration php-fpm -t refuses (exit 78).
 * Warnings name what passes -t but fails or misbehaves at startup.  Files
 * php-fpm -t would create (error_log, access.log, slowlog) are never
 * created: the reader checks that they could be and reports it.
 * Assumes the master runs as root (as packaged): user is then required.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stddef.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "parsers/fpm.h"
#include "parsers/fpm_int.h"

static struct pf_loc
at(const struct pf_sval *v, const struct pf_pool *p)
{
	return v->loc.file ? v->loc : p->loc;
}

static struct pf_loc
iat(const struct pf_ival *v, const struct pf_pool *p)
{
	return v->loc.file ? v->loc : p->loc;
}

/*
 * fpm_evaluate_full_path(): NULL, empty and absolute paths are kept; a
 * relative one gets the pool's prefix, else -p, else default_prefix, else
 * PHP_PREFIX.  With expand, a leading "$prefix" is the prefix itself
 * (chroot); "$prefix" elsewhere is left alone with an error php-fpm only
 * logs.
 */
const char *
fpm_full_path(struct fpm_ctx *c, const char *path, const struct pf_pool *p,
    const char *default_prefix, int expand, int *bad_prefix)
{
	const char *prefix = NULL, *t;
	struct pf_arena *a = c->run->arena;

	if (bad_prefix != NULL)
		*bad_prefix = 0;
	if (path == NULL || path[0] == '\0' || path[0] == '/')
		return path;
	if (p != NULL && p->prefix.s != NULL)
		prefix = p->prefix.s;
	if (prefix == NULL)
		prefix = c->prefix;
	if (prefix == NULL)
		prefix = default_prefix ? default_prefix : c->php_prefix;
	if (expand && (t = strstr(path, "$prefix")) != NULL) {
		if (t != path) {
			if (bad_prefix != NULL)
				*bad_prefix = 1;
			return path;
		}
		path = path[7] != '\0' ? path + 7 : NULL;
	}
	path = path != NULL ? pf_printf(a, "%s/%s", prefix, path) :
	    pf_strdup(a, prefix);
	/* A relative pool prefix: once more against the global one. */
	if (path[0] != '/' && p != NULL)
		return fpm_full_path(c, path, NULL, default_prefix, expand,
		    bad_prefix);
	return path;
}

/*
 * fpm_evaluate_full_path on a php_value of FPM_PHP_INI_TO_EXPAND: any
 * value not starting with '/' gets the prefix, an empty one too (it
 * becomes "PREFIX/", php-fpm -tt shows "/usr/"), unlike the paths of
 * fpm_full_path's directives, which php-fpm leaves unset when empty.
 */
static const char *
php_full_path(struct fpm_ctx *c, const char *v, const struct pf_pool *p)
{
	const char *t;

	if (v[0] != '\0')
		return fpm_full_path(c, v, p, NULL, 0, NULL);
	t = fpm_full_path(c, "_", p, NULL, 0, NULL);	/* PREFIX/_ */
	return pf_strndup(c->run->arena, t, strlen(t) - 1);
}

static void
creates(struct fpm_ctx *c, const char *path)
{
	PF_PUSH(c->run->arena, c->conf->creates, path);
}

/*
 * Would open(path, O_WRONLY|O_APPEND|O_CREAT) succeed for root?  Returns
 * 0 if so (*created set when the file does not exist yet), else an errno.
 */
static int
can_create(struct fpm_ctx *c, const char *path, int *created)
{
	char *dir, *slash, small[256];
	size_t len;
	int r, err;

	*created = 0;
	if (path == NULL || path[0] == '\0')
		return ENOENT;
	/* The master's own streams (the php image's error_log and
	 * access.log = /proc/self/fd/2) exist in every process: no file of
	 * a copied tree; php-fpm -t opens them. */
	if (c->run->root != NULL &&
	    (strncmp(path, "/proc/self/fd/", 14) == 0 ||
	    strncmp(path, "/dev/fd/", 8) == 0 ||
	    strcmp(path, "/dev/stdout") == 0 ||
	    strcmp(path, "/dev/stderr") == 0))
		return 0;
	/* a scratch copy: on the stack when it fits (once per pool) */
	len = strlen(path);
	dir = len < sizeof(small) ? memcpy(small, path, len + 1) :
	    pf_strdup(c->run->arena, path);
	slash = strrchr(dir, '/');
	if (slash == NULL)
		return ENOENT;	/* relative to php-fpm's cwd: unknown */
	if (slash == dir)
		slash[1] = '\0';
	else
		*slash = '\0';
	if (slash[1] == '\0' && slash != dir)
		return EISDIR;	/* "dir/" */
	r = fpm_dir_entry(c, dir, path + (slash - dir) + 1, &err);
	if (r < 0)
		return err;
	if (r == 2)
		return EISDIR;
	if (r == 0)
		*created = 1;
	return 0;
}

/*
 * Under --root, a log directory missing from the copy is the machine's
 * state (log and run directories are rarely copied with etc/), not an
 * error of the configuration: php-fpm's check is then not made.
 */
static int
state_absent(struct fpm_ctx *c, int err)
{
	return c->run->root != NULL && err == ENOENT;
}

static int
path_chars_ok(const char *s)
{
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		    (*s >= '0' && *s <= '9') || *s == '/' || *s == '-' ||
		    *s == '_' || *s == '.' || *s == '~'))
			return 0;
	return 1;
}

static int
all_digits(const char *s)
{
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return 0;
	return 1;
}

/* fpm_log_write() in test mode: is the access.format valid? */
static const char *
check_format(const char *s, char *bad)
{
	int token = 0;
	char format[129];

	format[0] = '\0';
	while (*s != '\0') {
		if (!token && *s == '%') {
			token = 1;
			format[0] = '\0';
			s++;
			continue;
		}
		if (token) {
			token = 0;
			*bad = *s;
			switch (*s) {
			case '%':
			case 'f': case 'l': case 'm': case 'n': case 'p':
			case 'P': case 'q': case 'Q': case 'r': case 'R':
			case 's': case 'u':
				break;
			case 'C':
				if (format[0] && strcasecmp(format, "total") &&
				    strcasecmp(format, "user") &&
				    strcasecmp(format, "system"))
					return "only 'total', 'user' or "
					    "'system' are allowed as a modifier";
				format[0] = '\0';
				break;
			case 'd':
				if (format[0] && strcasecmp(format, "seconds") &&
				    strcasecmp(format, "miliseconds") &&
				    strcasecmp(format, "milliseconds") &&
				    strcasecmp(format, "mili") &&
				    strcasecmp(format, "milli") &&
				    strcasecmp(format, "microseconds") &&
				    strcasecmp(format, "micro"))
					return "only 'seconds', 'milli', "
					    "'milliseconds', 'micro' or "
					    "'microseconds' are allowed as a "
					    "modifier";
				format[0] = '\0';
				break;
			case 'e':
			case 'o':
				if (format[0] == '\0')
					return "the name must be set between "
					    "embraces";
				format[0] = '\0';
				break;
			case 'M':
				if (format[0] && strcasecmp(format, "bytes") &&
				    strcasecmp(format, "kilobytes") &&
				    strcasecmp(format, "kilo") &&
				    strcasecmp(format, "megabytes") &&
				    strcasecmp(format, "mega"))
					return "only 'bytes', 'kilo', "
					    "'kilobytes', 'mega' or 'megabytes' "
					    "are allowed as a modifier";
				format[0] = '\0';
				break;
			case 't':
			case 'T':
				format[0] = '\0';
				break;
			case '{': {
				const char *start = ++s;
				size_t l;

				token = 1;
				while (*s != '\0' && *s != '}')
					s++;
				if (*s == '\0' || s[1] == '\0')
					return "missing closing embrace";
				l = (size_t)(s - start);
				if (l >= sizeof(format) - 1)
					l = sizeof(format) - 1;
				memcpy(format, start, l);
				format[l] = '\0';
				break;
			}
			default:
				return "invalid token";
			}
			if (*s != '}' && format[0] != '\0')
				return "embrace is not allowed for this modifier";
			s++;
			continue;
		}
		s++;
	}
	return NULL;
}

static int
edge_triggered(const struct pf_fpm_global *g)
{
	/* ondemand needs epoll (Linux) or kqueue (BSD) */
	return g->events_mechanism.s == NULL ||
	    strcasecmp(g->events_mechanism.s, "epoll") == 0;
}

/* The hidden "<pool>_status" pool pm.status_listen creates. */
static struct pf_pool *
status_pool(struct fpm_ctx *c, struct pf_pool *p)
{
	struct pf_pool *s = fpm_pool_new(c, pf_printf(c->run->arena,
	    "%s_status", p->name), p->status_listen.loc);

	if (p->status_path.s == NULL)
		p->status_path = pf_sval_make("/", p->status_listen.loc);
	s->listen_raw = p->status_listen;
	s->listen_acl_groups = p->listen_acl_groups;
	s->listen_acl_users = p->listen_acl_users;
	s->listen_allowed_clients = p->listen_allowed_clients;
	s->listen_group = p->listen_group;
	s->listen_owner = p->listen_owner;
	s->listen_mode = p->listen_mode;
	s->user = p->user;
	s->group = p->group;
	s->status_path = p->status_path;
	s->pm = PF_PM_ONDEMAND;
	s->pm_loc = p->status_listen.loc;
	s->max_children = pf_ival_make(2, p->status_listen.loc);
	s->status_of = p->name;
	s->file = p->file;
	return s;
}

static void
check_pool(struct fpm_ctx *c, struct pf_pool *p)
{
	struct pf_run *run = c->run;
	const struct pf_fpm_global *g = &c->conf->global;
	struct pf_diag *d;
	const char *n = p->name;
	int created, e, bad;

	/* prefix */
	if (p->prefix.s != NULL && p->prefix.s[0] != '\0') {
		p->prefix.s = fpm_full_path(c, p->prefix.s, NULL, NULL, 0,
		    NULL);
		if (!fpm_is_dir(c, p->prefix.s))
			fpm_error(c, "fpm-path", p->prefix.loc, "[pool %s] the "
			    "prefix '%s' does not exist or is not a directory",
			    n, p->prefix.s);
	}
	/* user: required when the master runs as root */
	if (p->user.s == NULL) {
		d = fpm_error(c, "fpm-user", p->loc, "[pool %s] user has not "
		    "been defined", n);
		pf_diag_fix(run, d, "add 'user = NAME' to the pool (a master "
		    "running as root refuses pools without one)");
	}
	/* listen */
	if (p->listen_raw.s != NULL && p->listen_raw.s[0] != '\0') {
		const char *addr = p->listen_raw.s;

		if (!fpm_listen_is_tcp(addr) && addr[0] != '/')
			addr = fpm_full_path(c, addr, p, NULL, 0, NULL);
		fpm_parse_listen(run, addr, p->listen_raw.loc, &p->listen);
	} else {
		d = fpm_error(c, "fpm-listen", at(&p->listen_raw, p),
		    "[pool %s] no listen address have been defined", n);
		pf_diag_fix(run, d, "add 'listen = /run/php/%s.sock' (or "
		    "127.0.0.1:PORT)", p->status_of ? p->status_of : n);
	}
	if (p->process_priority.set && p->process_priority.v != 64 &&
	    (p->process_priority.v < -19 || p->process_priority.v > 20))
		fpm_error(c, "fpm-invalid-value", iat(&p->process_priority, p),
		    "[pool %s] process.priority must be included into "
		    "[-19,20]", n);
	/* pm */
	if (p->pm != PF_PM_STATIC && p->pm != PF_PM_DYNAMIC &&
	    p->pm != PF_PM_ONDEMAND) {
		d = fpm_error(c, "fpm-pm", p->loc, "[pool %s] the process "
		    "manager is missing (static, dynamic or ondemand)", n);
		pf_diag_fix(run, d, "add 'pm = dynamic' (or static, ondemand)");
		return;	/* php-fpm stops here; the rest depends on pm */
	}
	if (!p->max_children.set || p->max_children.v < 1)
		fpm_error(c, "fpm-pm", iat(&p->max_children, p), "[pool %s] "
		    "pm.max_children must be a positive value", n);
	if (p->pm == PF_PM_DYNAMIC) {
		long long min = p->min_spare_servers.v;
		long long max = p->max_spare_servers.v;
		long long ch = p->max_children.v;
		long long st = p->start_servers.v;

		if (min <= 0)
			fpm_error(c, "fpm-pm", iat(&p->min_spare_servers, p),
			    "[pool %s] pm.min_spare_servers(%lld) must be a "
			    "positive value", n, min);
		else if (max <= 0)
			fpm_error(c, "fpm-pm", iat(&p->max_spare_servers, p),
			    "[pool %s] pm.max_spare_servers(%lld) must be a "
			    "positive value", n, max);
		else if (min > ch || max > ch)
			fpm_error(c, "fpm-pm", iat(min > ch ?
			    &p->min_spare_servers : &p->max_spare_servers, p),
			    "[pool %s] pm.min_spare_servers(%lld) and "
			    "pm.max_spare_servers(%lld) cannot be greater than "
			    "pm.max_children(%lld)", n, min, max, ch);
		else if (max < min)
			fpm_error(c, "fpm-pm", iat(&p->max_spare_servers, p),
			    "[pool %s] pm.max_spare_servers(%lld) must not be "
			    "less than pm.min_spare_servers(%lld)", n, max,
			    min);
		else if (st <= 0) {
			long long v = (int)(min + (max - min) / 2);

			fpm_note(c, "fpm-pm", iat(&p->start_servers, p),
			    "[pool %s] pm.start_servers is not set; php-fpm "
			    "sets it to %lld", n, v);
			p->start_servers.v = v;
			p->start_servers.set = 1;
			if (p->start_servers.loc.file == 0)
				p->start_servers.loc = p->pm_loc;
		} else if (st < min || st > max)
			fpm_error(c, "fpm-pm", iat(&p->start_servers, p),
			    "[pool %s] pm.start_servers(%lld) must not be less "
			    "than pm.min_spare_servers(%lld) and not greater "
			    "than pm.max_spare_servers(%lld)", n, st, min, max);
		if (p->max_spawn_rate.set && p->max_spawn_rate.v < 1)
			fpm_error(c, "fpm-pm", iat(&p->max_spawn_rate, p),
			    "[pool %s] pm.max_spawn_rate must be a positive "
			    "value", n);
	} else if (p->pm == PF_PM_ONDEMAND) {
		if (!edge_triggered(g))
			fpm_error(c, "fpm-pm", p->pm_loc, "[pool %s] ondemand "
			    "process manager can ONLY be used when "
			    "events.mechanism is either epoll (Linux) or "
			    "kqueue (*BSD)", n);
		if (p->process_idle_timeout.set && p->process_idle_timeout.v < 1)
			fpm_error(c, "fpm-pm", iat(&p->process_idle_timeout, p),
			    "[pool %s] pm.process_idle_timeout(%llds) must be "
			    "greater than 0s", n, p->process_idle_timeout.v);
		if (p->listen_backlog.set && p->listen_backlog.v < -1)
			fpm_warn(c, "fpm-pm", p->listen_backlog.loc, "[pool %s] "
			    "listen.backlog(%lld) was too low for the ondemand "
			    "process manager; php-fpm raises it to -1", n,
			    p->listen_backlog.v);
	}
	/* status */
	if (p->status_listen.s != NULL && p->status_of == NULL)
		status_pool(c, p);
	if (p->status_path.s != NULL && p->status_path.s[0] != '\0') {
		const char *s = p->status_path.s;

		if (s[0] != '/')
			fpm_error(c, "fpm-status", p->status_path.loc, "[pool "
			    "%s] the status path '%s' must start with a '/'",
			    n, s);
		else if (p->status_listen.s == NULL && p->status_of == NULL &&
		    strlen(s) < 2)
			fpm_error(c, "fpm-status", p->status_path.loc, "[pool "
			    "%s] the status path '%s' is not long enough", n,
			    s);
		else if (!path_chars_ok(s))
			fpm_error(c, "fpm-status", p->status_path.loc, "[pool "
			    "%s] the status path '%s' must contain only the "
			    "following characters '[alphanum]/_-.~'", n, s);
	}
	/* ping */
	if (p->ping_path.s != NULL && p->ping_path.s[0] != '\0') {
		const char *s = p->ping_path.s;

		if (s[0] != '/')
			fpm_error(c, "fpm-status", p->ping_path.loc, "[pool %s] "
			    "the ping path '%s' must start with a '/'", n, s);
		else if (strlen(s) < 2)
			fpm_error(c, "fpm-status", p->ping_path.loc, "[pool %s] "
			    "the ping path '%s' is not long enough", n, s);
		else if (!path_chars_ok(s))
			fpm_error(c, "fpm-status", p->ping_path.loc, "[pool %s] "
			    "the ping path '%s' must contain only the "
			    "following characters '[alphanum]/_-.~'", n, s);
		if (p->ping_response.s != NULL && p->ping_response.s[0] == '\0')
			fpm_error(c, "fpm-status", p->ping_response.loc,
			    "[pool %s] the ping response page '' is not long "
			    "enough", n);
	}
	/* access.log, slowlog */
	if (p->access_log.s != NULL && p->access_log.s[0] != '\0')
		p->access_log.s = fpm_full_path(c, p->access_log.s, p, NULL, 0,
		    NULL);
	if (p->slowlog.s != NULL && p->slowlog.s[0] != '\0')
		p->slowlog.s = fpm_full_path(c, p->slowlog.s, p, NULL, 0, NULL);
	if (p->request_slowlog_timeout.v != 0) {
		if (p->slowlog.s == NULL || p->slowlog.s[0] == '\0') {
			d = fpm_error(c, "fpm-slowlog",
			    p->request_slowlog_timeout.loc, "[pool %s] "
			    "'slowlog' must be specified for use with "
			    "'request_slowlog_timeout'", n);
			pf_diag_fix(run, d, "add 'slowlog = /var/log/php-fpm/"
			    "%s.slow.log'", n);
		} else if ((e = can_create(c, p->slowlog.s, &created)) != 0 &&
		    state_absent(c, e))
			fpm_warn(c, "fpm-slowlog", p->slowlog.loc, "slowlog "
			    "(%s) not checked: its directory is not in the tree "
			    "under --root", p->slowlog.s);
		else if (e != 0)
			fpm_error(c, "fpm-slowlog", p->slowlog.loc, "unable to "
			    "create or open slowlog(%s): %s", p->slowlog.s,
			    strerror(e));
		else if (created) {
			fpm_note(c, "fpm-creates", p->slowlog.loc, "php-fpm -t "
			    "creates the slowlog '%s' (mode 0600) when it is "
			    "missing", p->slowlog.s);
			creates(c, p->slowlog.s);
		}
		if (p->request_terminate_timeout.v != 0 &&
		    p->request_slowlog_timeout.v >
		    p->request_terminate_timeout.v)
			fpm_error(c, "fpm-slowlog",
			    p->request_slowlog_timeout.loc, "[pool %s] "
			    "'request_slowlog_timeout' (%lld) can't be greater "
			    "than 'request_terminate_timeout' (%lld)", n,
			    p->request_slowlog_timeout.v,
			    p->request_terminate_timeout.v);
	}
	if (p->request_slowlog_trace_depth.set &&
	    p->request_slowlog_trace_depth.v == 0) {
		/* php-fpm: 0 means its default, 20 */
		p->request_slowlog_trace_depth.v = 20;
	} else if (p->request_slowlog_trace_depth.v != 0) {
		if (p->slowlog.s == NULL || p->slowlog.s[0] == '\0')
			fpm_error(c, "fpm-slowlog",
			    p->request_slowlog_trace_depth.loc, "[pool %s] "
			    "'slowlog' must be specified for use with "
			    "'request_slowlog_trace_depth'", n);
		else if (p->request_slowlog_trace_depth.v < 0)
			fpm_error(c, "fpm-slowlog",
			    p->request_slowlog_trace_depth.loc, "[pool %s] "
			    "'request_slowlog_trace_depth' (%lld) must be a "
			    "positive value", n, p->request_slowlog_trace_depth.v);
	}
	/* chroot */
	if (p->chroot.s != NULL && p->chroot.s[0] != '\0') {
		p->chroot.s = fpm_full_path(c, p->chroot.s, p, NULL, 1, &bad);
		if (bad)
			fpm_warn(c, "fpm-path", p->chroot.loc, "[pool %s] "
			    "'$prefix' must be used at the beginning of the "
			    "value", n);
		if (p->chroot.s[0] != '/')
			fpm_error(c, "fpm-path", p->chroot.loc, "[pool %s] the "
			    "chroot path '%s' must start with a '/'", n,
			    p->chroot.s);
		else if (!fpm_is_dir(c, p->chroot.s))
			fpm_error(c, "fpm-path", p->chroot.loc, "[pool %s] the "
			    "chroot path '%s' does not exist or is not a "
			    "directory", n, p->chroot.s);
	}
	/* chdir */
	if (p->chdir.s != NULL && p->chdir.s[0] != '\0') {
		p->chdir.s = fpm_full_path(c, p->chdir.s, p, NULL, 0, NULL);
		if (p->chdir.s[0] != '/')
			fpm_error(c, "fpm-path", p->chdir.loc, "[pool %s] the "
			    "chdir path '%s' must start with a '/'", n,
			    p->chdir.s);
		else if (p->chroot.s != NULL) {
			const char *in = pf_printf(run->arena, "%s/%s",
			    p->chroot.s, p->chdir.s);

			if (!fpm_is_dir(c, in))
				fpm_error(c, "fpm-path", p->chdir.loc, "[pool "
				    "%s] the chdir path '%s' within the chroot "
				    "path '%s' ('%s') does not exist or is not a "
				    "directory", n, p->chdir.s, p->chroot.s, in);
		} else if (!fpm_is_dir(c, p->chdir.s))
			fpm_error(c, "fpm-path", p->chdir.loc, "[pool %s] the "
			    "chdir path '%s' does not exist or is not a "
			    "directory", n, p->chdir.s);
	}
	/* php_value paths (FPM_PHP_INI_TO_EXPAND), unless chrooted; only
	 * relative values change, and the reader saw whether there are any */
	if (p->chroot.s == NULL && c->relative_php) {
		static const char *const keys[] = { "error_log",
		    "extension_dir", "mime_magic.magicfile", "sendmail_path",
		    "session.cookie_path", "session_pgsql.sem_file_name",
		    "soap.wsdl_cache_dir",
		    "uploadprogress.file.filename_template",
		    "xdebug.output_dir", "xdebug.profiler_output_dir",
		    "xdebug.trace_output_dir", "xmms.path",
		    "axis2.client_home", "blenc.key_file",
		    "coin_acceptor.device" };
		size_t i, k, m;

		for (i = 0; i < p->php.n; i++) {
			struct pf_php_setting *s = &p->php.v[i];

			/* is the key one of them?  Keys are interned (the
			 * same few in every pool): the answer is remembered
			 * by the key's address.  Only then is the value
			 * looked at (only a relative one changes). */
			m = ((uintptr_t)s->key >> 4) % (sizeof(c->xkeys) /
			    sizeof(c->xkeys[0]));
			if (c->xkeys[m].key != s->key) {
				c->xkeys[m].key = s->key;
				c->xkeys[m].expand = 0;
				for (k = 0; k < sizeof(keys) / sizeof(keys[0]);
				    k++)
					if (strcasecmp(s->key, keys[k]) == 0)
						c->xkeys[m].expand = 1;
			}
			if (!c->xkeys[m].expand || s->value[0] == '/')
				continue;
			if (s->admin && strcasecmp(s->key, "error_log") == 0 &&
			    strcasecmp(s->value, "syslog") == 0)
				continue;
			s->value = php_full_path(c, s->value, p);
		}
	}
}

/*
 * A user or group php-fpm -t would not find.  Under --root a copied tree
 * often holds only the configuration (etc/apache2, etc/php), not the
 * target's etc/passwd and etc/group: then the name cannot be checked,
 * which is said as a warning, not php-fpm's error (the configuration is
 * not wrong; this copy lacks the machine's state).  Returns 1 when it
 * is php-fpm's error.
 */
static int
unknown_id(struct fpm_ctx *c, int group, struct pf_loc loc,
    const char *pool, const char *name, const char *what)
{
	struct pf_diag *d;

	if (fpm_users_db_missing(c->users, group)) {
		d = fpm_warn(c, "fpm-user", loc, "[pool %s] %s '%s'%s not "
		    "checked: the tree under --root has no %s", pool,
		    group ? "group" : "user", name, what,
		    group ? "etc/group" : "etc/passwd");
		pf_diag_fix(c->run, d, "copy the target's /etc/passwd and "
		    "/etc/group to %s/etc to check the names", c->run->root);
		return 0;
	}
	d = fpm_error(c, "fpm-user", loc, "[pool %s] cannot get %s for %s "
	    "'%s'%s", pool, group ? "gid" : "uid", group ? "group" : "user",
	    name, what);
	if (c->run->root != NULL)
		pf_diag_fix(c->run, d, "the %s is not in %s/etc/%s",
		    group ? "group" : "user", c->run->root,
		    group ? "group" : "passwd");
	return 1;
}

/* The user/group lookups php-fpm -t makes (fpm_unix). */
static void
check_users(struct fpm_ctx *c, struct pf_pool *p)
{
	long long uid = -1, gid = -1, g2;
	const char *home = NULL;
	int no_uid = 0;

	if (p->user.s != NULL && p->user.s[0] != '\0') {
		if (all_digits(p->user.s)) {
			/*
			 * fpm_unix_conf_wp(): a numeric user is not looked
			 * up by name; getpwuid() gives its group, and with no
			 * such entry the group stays 0 unless group= is set:
			 * -t passes, startup refuses (php-fpm8.2, user =
			 * 12345 on a host without that uid).
			 */
			uid = strtoll(p->user.s, NULL, 10);
			if (!fpm_users_db_missing(c->users, 0) &&
			    fpm_uid_lookup(c->users, uid, &gid) < 0) {
				gid = 0;
				no_uid = 1;
			}
		} else if (fpm_user_lookup(c->users, p->user.s, &uid, &gid,
		    &home) < 0 && unknown_id(c, 0, p->user.loc, p->name,
		    p->user.s, ""))
			p->user_missing = 1;
	}
	if (p->group.s != NULL && p->group.s[0] != '\0') {
		if (all_digits(p->group.s))
			gid = strtoll(p->group.s, NULL, 10);
		else if (fpm_group_lookup(c->users, p->group.s, &g2) < 0) {
			if (unknown_id(c, 1, p->group.loc, p->name,
			    p->group.s, ""))
				p->user_missing = 1;
		} else
			gid = g2;
	}
	p->uid = uid;
	p->gid = gid;
	p->home = home;
	if (p->user.s != NULL && uid != 0 && gid == 0 && no_uid &&
	    !p->user_missing) {
		struct pf_diag *d = fpm_warn(c, "fpm-root", p->user.loc,
		    "[pool %s] user %s has no passwd entry, so php-fpm leaves "
		    "the workers' group 0 (root): -t passes, startup refuses "
		    "(\"please specify user and group other than root\")",
		    p->name, p->user.s);

		pf_diag_fix(c->run, d, "set group = to the pool's group, or "
		    "name an existing user");
		p->runs_as_root = 1;
	} else if (p->user.s != NULL && (uid == 0 || gid == 0) &&
	    !p->user_missing) {
		fpm_warn(c, "fpm-root", p->user.loc, "[pool %s] workers "
		    "would run as root: php-fpm -t passes, but startup "
		    "refuses (\"please specify user and group other than "
		    "root\")", p->name);
		p->runs_as_root = 1;
	}
	if (p->user.s != NULL && p->user.s[0] == '\0') {
		fpm_warn(c, "fpm-root", p->user.loc, "[pool %s] an empty user "
		    "leaves the workers as root: startup refuses", p->name);
		p->runs_as_root = 1;
	}
	/* listen.owner / listen.group (fpm_unix_resolve_socket_premissions) */
	if (p->listen_owner.s != NULL && p->listen_owner.s[0] != '\0' &&
	    !all_digits(p->listen_owner.s) &&
	    fpm_user_lookup(c->users, p->listen_owner.s, &uid, &gid,
	    NULL) < 0)
		unknown_id(c, 0, p->listen_owner.loc, p->name,
		    p->listen_owner.s, " (listen.owner)");
	if (p->listen_group.s != NULL && p->listen_group.s[0] != '\0' &&
	    !all_digits(p->listen_group.s) &&
	    fpm_group_lookup(c->users, p->listen_group.s, &g2) < 0)
		unknown_id(c, 1, p->listen_group.loc, p->name,
		    p->listen_group.s, " (listen.group)");
	/* ACL users/groups are resolved only when the socket is made. */
	/* (under --root without the user database: not checked, as the
	 * pool's own user above says) */
	if (p->listen_acl_users.s != NULL && p->listen.kind == PF_LISTEN_UNIX &&
	    !fpm_users_db_missing(c->users, 0)) {
		char *list = pf_strdup(c->run->arena, p->listen_acl_users.s);
		char *save = NULL, *t;

		for (t = strtok_r(list, ",", &save); t != NULL;
		    t = strtok_r(NULL, ",", &save))
			if (*t && fpm_user_lookup(c->users, t, &uid, &gid,
			    NULL) < 0)
				fpm_warn(c, "fpm-user", p->listen_acl_users.loc,
				    "[pool %s] listen.acl_users: no user '%s'; "
				    "php-fpm -t passes, startup fails", p->name,
				    t);
	}
	if (p->listen_acl_groups.s != NULL &&
	    p->listen.kind == PF_LISTEN_UNIX &&
	    !fpm_users_db_missing(c->users, 1)) {
		char *list = pf_strdup(c->run->arena, p->listen_acl_groups.s);
		char *save = NULL, *t;

		for (t = strtok_r(list, ",", &save); t != NULL;
		    t = strtok_r(NULL, ",", &save))
			if (*t && fpm_group_lookup(c->users, t, &g2) < 0)
				fpm_warn(c, "fpm-user",
				    p->listen_acl_groups.loc, "[pool %s] "
				    "listen.acl_groups: no group '%s'; php-fpm "
				    "-t passes, startup fails", p->name, t);
	}
	/* fpm_unix.c, fpm_unix_resolve_socket_premissions(): with ACLs
	 * the socket keeps the master's owner and group, and startup (not
	 * -t) says so (php-fpm8.2 observed) */
	if (p->listen.kind == PF_LISTEN_UNIX && p->status_of == NULL &&
	    ((p->listen_acl_users.s != NULL && p->listen_acl_users.s[0]) ||
	    (p->listen_acl_groups.s != NULL && p->listen_acl_groups.s[0]))) {
		if (p->listen_owner.s != NULL && p->listen_owner.s[0])
			fpm_warn(c, "fpm-listen", p->listen_owner.loc, "[pool "
			    "%s] ACL set, listen.owner = '%s' is ignored (as "
			    "php-fpm logs at startup): the socket stays the "
			    "master's, the listen.acl_* entries alone let "
			    "others connect", p->name, p->listen_owner.s);
		if (p->listen_group.s != NULL && p->listen_group.s[0])
			fpm_warn(c, "fpm-listen", p->listen_group.loc, "[pool "
			    "%s] ACL set, listen.group = '%s' is ignored (as "
			    "php-fpm logs at startup): the socket stays the "
			    "master's, the listen.acl_* entries alone let "
			    "others connect", p->name, p->listen_group.s);
	}
}

/* An IPv6 link-local address without its %interface. */
static int
link_local(const char *host)
{
	struct in6_addr a6;

	return strchr(host, '%') == NULL &&
	    inet_pton(AF_INET6, host, &a6) == 1 && IN6_IS_ADDR_LINKLOCAL(&a6);
}

/*
 * listen.allowed_clients entries php-fpm's workers drop
 * (pf_fpm_allowed_clients).  php-fpm -t says nothing; each worker says
 * "Wrong IP address '%s' in listen.allowed_clients" on its stderr, and
 * with none left "There are no allowed addresses" and refuses every
 * connection (observed with php-fpm8.2 and catch_workers_output: "any",
 * "localhost", "10.0.0.0/8" and the " 127.0.0.1" after ", ";
 * tests/fpm/startup_oracle.py).  A unix socket ignores the setting.
 */
static void
allowed_clients_check(struct fpm_ctx *c, struct pf_pool *p)
{
	const char *ac = p->listen_allowed_clients.s, *bad;
	size_t good, nbad;
	struct pf_diag *d;

	if (ac == NULL || ac[0] == '\0')
		return;
	good = pf_fpm_allowed_clients(c->run->arena, ac, NULL, &bad, &nbad);
	if (nbad == 0)
		return;
	d = fpm_warn(c, "fpm-listen", p->listen_allowed_clients.loc, "[pool "
	    "%s] listen.allowed_clients: '%s' is %s; php-fpm -t passes, and "
	    "each worker says \"Wrong IP address '%s' in "
	    "listen.allowed_clients\" (on its stderr: the error log has it "
	    "with catch_workers_output = yes) and ignores it%s%s", p->name,
	    bad,
	    strpbrk(bad, " \t") != NULL ? "not an address (php-fpm splits "
	    "the list at commas alone: a space after one is part of the "
	    "entry)" : strchr(bad, '/') != NULL ? "a range, which php-fpm "
	    "does not take" : "not an IP address (php-fpm takes no host "
	    "names)", bad, nbad > 1 ? pf_printf(c->run->arena, " (and %zu "
	    "more entries)", nbad - 1) : "", good == 0 ? "; with no address "
	    "left it refuses every connection (\"There are no allowed "
	    "addresses\"): every request through this pool fails" : "");
	pf_diag_fix(c->run, d, "list IP addresses separated by commas, "
	    "without spaces: listen.allowed_clients = 127.0.0.1,::1");
}

/* What passes -t but fails when php-fpm starts (fpm_sockets). */
static void
startup_checks(struct fpm_ctx *c, struct pf_pool *p)
{
	struct pf_listen *l = &p->listen;
	const char *colon = l->kind == PF_LISTEN_TCP && l->port_invalid ?
	    strrchr(p->listen_raw.s, ':') : NULL;
	const char *gai = colon != NULL && fpm_atoi(colon + 1) >= 1 &&
	    fpm_atoi(colon + 1) <= 65535 ?
	    fpm_listen_gai_error(p->listen_raw.s) : NULL;

	if (gai != NULL) {
		/* the port passed; getaddrinfo() fails (fpm_listen.c) */
		struct pf_diag *d = fpm_warn(c, "fpm-listen", l->loc, "[pool "
		    "%s] listen '%s' cannot be bound: php-fpm -t passes, "
		    "startup fails (\"getaddrinfo: %s\")", p->name,
		    p->listen_raw.s, gai);

		if (gai[0] == 'S' && colon[strlen(colon) - 1] == ']')
			pf_diag_fix(c->run, d, "an IPv6 address takes its port "
			    "after the brackets: [::1]:9000");
		else if (gai[0] == 'S')
			pf_diag_fix(c->run, d, "write the port as digits alone");
		else
			pf_diag_fix(c->run, d, "write an IPv6 address in "
			    "brackets, with its port: [::1]:9000");
	} else if (l->kind == PF_LISTEN_TCP && l->port_invalid) {
		struct pf_diag *d = fpm_warn(c, "fpm-listen", l->loc, "[pool "
		    "%s] invalid port in listen '%s': php-fpm -t passes, "
		    "startup fails (\"invalid port value\")", p->name,
		    p->listen_raw.s);

		if (strncmp(p->listen_raw.s, "unix:", 5) == 0)
			pf_diag_fix(c->run, d, "php-fpm has no 'unix:' prefix: "
			    "write the socket path alone");
		else if (strstr(p->listen_raw.s, "${") != NULL ||
		    p->listen_raw.s[strlen(p->listen_raw.s) - 1] == ':')
			pf_diag_fix(c->run, d, "an unset ${VAR} becomes an "
			    "empty string");
	} else if (l->kind == PF_LISTEN_TCP && l->host != NULL &&
	    l->host[0] == '\0')
		fpm_warn(c, "fpm-listen", l->loc, "[pool %s] listen '%s' has "
		    "an empty host: startup fails (getaddrinfo); write the "
		    "port alone for all interfaces or 127.0.0.1:PORT", p->name,
		    p->listen_raw.s);
	else if (l->kind == PF_LISTEN_TCP && l->host != NULL &&
	    strchr(l->host, '/') != NULL)
		/* "/run/php/x.sock:9000": a ':' makes it TCP (php-fpm8.2:
		 * "getaddrinfo: Name or service not known", exit 78) */
		fpm_warn(c, "fpm-listen", l->loc, "[pool %s] listen '%s' is a "
		    "socket path with a port: php-fpm reads it as host:port, "
		    "-t passes, startup fails (getaddrinfo); write the path "
		    "alone", p->name, p->listen_raw.s);
	else if (l->kind == PF_LISTEN_TCP && l->v6 && l->host != NULL &&
	    link_local(l->host))
		/* bind() of a link-local address needs its interface
		 * (sin6_scope_id): EINVAL (php-fpm8.2 observed) */
		fpm_warn(c, "fpm-listen", l->loc, "[pool %s] listen '%s' is a "
		    "link-local address without its interface: php-fpm -t "
		    "passes, startup fails (\"unable to bind listening socket "
		    "for address '%s': Invalid argument\"); write "
		    "[%s%%eth0]:%d with the interface", p->name,
		    p->listen_raw.s, p->listen_raw.s, l->host, l->port);
	else if (l->kind == PF_LISTEN_TCP && l->host != NULL &&
	    strcmp(l->host, "*") == 0)
		fpm_warn(c, "fpm-listen", l->loc, "[pool %s] listen '%s' binds "
		    "only [::1] (php-fpm resolves '*' to the loopback "
		    "addresses and uses the first): 127.0.0.1 clients are "
		    "refused", p->name, p->listen_raw.s);
	else if (l->kind == PF_LISTEN_UNIX && l->path != NULL) {
		const char *dir = pf_strdup(c->run->arena, l->path);
		char *slash = strrchr(dir, '/');

		/* fpm_sockets.c, fpm_socket_af_unix_listening_socket():
		 * strlcpy() into sun_path, no message (8.2.36 observed) */
		if (strlen(l->path) >= 108) {
			struct pf_diag *d = fpm_warn(c, "fpm-listen", l->loc,
			    "[pool %s] the socket path is %zu bytes: php-fpm "
			    "silently binds its first 107 ('%.107s'), so a "
			    "client given the whole path (Apache's "
			    "\"unix:%s|fcgi://...\") never reaches this pool",
			    p->name, strlen(l->path), l->path, l->path);

			pf_diag_fix(c->run, d, "use a socket path of at most "
			    "107 bytes (at most 95 for a ProxyPass worker's "
			    "unix: path)");
		}
		if (slash != NULL && slash != dir) {
			*slash = '\0';
			if (!fpm_is_dir(c, dir))
				fpm_note(c, "fpm-listen", l->loc, "[pool %s] the "
				    "socket directory '%s' does not exist here; "
				    "php-fpm -t passes, startup fails unless it "
				    "is created first (e.g. by systemd's "
				    "RuntimeDirectory)", p->name, dir);
		}
	}
	if (l->kind == PF_LISTEN_TCP)
		allowed_clients_check(c, p);
}

/*
 * Two pools whose listen strings differ (php-fpm -t compares the strings)
 * but whose sockets meet.  fpm_sockets_init_main() opens the pools'
 * sockets in order and hands a pool the socket already open under the
 * same key (inet_ntop(address):port, or the unix path); otherwise it
 * binds a new one.  A bare port tries [::] and then 0.0.0.0.  With
 * SO_REUSEADDR, Linux (net.ipv6.bindv6only = 0) still refuses a bind that
 * overlaps a listening socket on the port: a wildcard overlaps every
 * address of its family, [::] every IPv4 address too, and ::ffff:a.b.c.d
 * is a.b.c.d.  A unix path spelled another way (/var/run for /run, "//",
 * "..") connects to the first pool's socket: "Another FPM instance seems
 * to already listen".  Observed with php-fpm8.2 for every ordered pair of
 * 9000, 0.0.0.0:, [::]:, 127.0.0.1:, [::1]:, 127.0.0.2:, localhost: and
 * [::ffff:127.0.0.1]: (ss -ltn; cgi-fcgi to a shared socket reached both
 * pools).  A host name is looked up as getaddrinfo(AF_UNSPEC) would in
 * the tree's etc/hosts (bind_lookup; never DNS) and its addresses tried in
 * turn until one binds (php-fpm 8.2, fpm_sockets.c:
 * fpm_socket_af_inet_socket_by_addr): "localhost:9000" after
 * "127.0.0.1:9000" gets that socket, after "9000" it fails.  A name not
 * found there, or a scoped address, leaves its port alone.  A unix path
 * is cut to sun_path's 107 bytes (fpm_socket_af_unix_listening_socket's
 * strlcpy) before it becomes the key: two paths alike that far share one
 * socket.
 */
struct bind_addr {
	int		 v6;
	unsigned char	 a[16];		/* IPv4: a[0..3] */
};

struct bind_pool {
	int		 port;		/* 0: a unix socket */
	size_t		 idx;		/* in the pools' order */
	const char	*path;		/* unix: the normalised path */
	const char	*key;		/* unix: the path php-fpm binds */
	struct pf_pool	*p;
};

/* sun_path's size on Linux, its NUL included */
#define BIND_SUN_PATH	108

/* A host name's addresses, read from etc/hosts once per run. */
#define BIND_MAX_ADDRS	PF_HOSTS_MAX
#define bind_hosts	pf_hosts

static int
bind_pool_cmp(const void *x, const void *y)
{
	const struct bind_pool *a = x, *b = y;
	int d;

	if (a->port != b->port)
		return a->port < b->port ? -1 : 1;
	if (a->port == 0 && (d = strcmp(a->path, b->path)) != 0)
		return d;
	return a->idx < b->idx ? -1 : a->idx > b->idx;
}

/* 1: IPv4 (or v4-mapped) with *v4 its address; 0: IPv6 proper. */
static int
bind_v4(const struct bind_addr *x, const unsigned char **v4)
{
	static const unsigned char mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0,
		0, 0xff, 0xff };

	if (!x->v6) {
		*v4 = x->a;
		return 1;
	}
	if (memcmp(x->a, mapped, 12) == 0) {
		*v4 = x->a + 12;
		return 1;
	}
	return 0;
}

static int
bind_any6(const struct bind_addr *x)
{
	static const unsigned char zero[16];

	return x->v6 && memcmp(x->a, zero, 16) == 0;
}

static int
bind_overlap(const struct bind_addr *x, const struct bind_addr *y)
{
	static const unsigned char zero[4];
	const unsigned char *a, *b;

	if (bind_any6(x) || bind_any6(y))
		return 1;
	if (bind_v4(x, &a) && bind_v4(y, &b))
		return memcmp(a, zero, 4) == 0 || memcmp(b, zero, 4) == 0 ||
		    memcmp(a, b, 4) == 0;
	return 0;
}

static int
bind_same(const struct bind_addr *x, const struct bind_addr *y)
{
	return x->v6 == y->v6 && memcmp(x->a, y->a, x->v6 ? 16 : 4) == 0;
}

/* The address getaddrinfo() gives a numeric host; 0 for a name. */
static int
bind_resolve(const char *host, struct bind_addr *x)
{
	struct in_addr a4;

	memset(x, 0, sizeof(*x));
	if (inet_aton(host, &a4) == 1) {
		memcpy(x->a, &a4, 4);
		return 1;
	}
	if (inet_pton(AF_INET6, host, x->a) == 1) {
		x->v6 = 1;
		return 1;
	}
	return 0;
}

/* RFC 6724's precedence, which glibc's getaddrinfo() sorts by: ::1 50,
 * other IPv6 40, IPv4 35 (rules 1 to 5 are taken as ties). */
static int
bind_precedence(const struct bind_addr *x)
{
	static const unsigned char lo6[16] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
		0, 0, 0, 0, 0, 1 };
	const unsigned char *v4;

	if (bind_v4(x, &v4))
		return 35;
	return memcmp(x->a, lo6, 16) == 0 ? 50 : 40;
}

/*
 * The addresses getaddrinfo(NAME, AF_UNSPEC) gives from the tree's
 * etc/hosts (under --root, else this machine's; glibc's files backend
 * returns every line naming it, then sorts them by precedence, stably).
 * Returns how many went into out (at most BIND_MAX_ADDRS), 0 when the
 * file does not name it: DNS or nss-myhostname would answer, not
 * modelled.
 */
static int
bind_lookup(struct pf_run *run, struct bind_hosts *h, const char *name,
    struct bind_addr *out)
{
	const char *s;
	int n = 0, i, j;

	if (!h->loaded) {
		char *data;
		size_t len;

		h->loaded = 1;
		if (pf_read_file(run, "/etc/hosts", &data, &len) == 0 &&
		    memchr(data, '\0', len) == NULL)
			h->text = data;
	}
	if (h->text == NULL || name[0] == '\0')
		return 0;
	for (s = h->text; *s != '\0' && n < BIND_MAX_ADDRS; ) {
		const char *eol = strchr(s, '\n'), *hash, *e, *t;
		char addr[64];
		size_t al;
		int named = 0;

		if (eol == NULL)
			eol = s + strlen(s);
		hash = memchr(s, '#', (size_t)(eol - s));
		e = hash != NULL ? hash : eol;
		t = s + strspn(s, " \t");
		al = t < e ? strcspn(t, " \t\r\n#") : 0;
		if (al > 0 && al < sizeof(addr)) {
			memcpy(addr, t, al);
			addr[al] = '\0';
			for (t += al; t < e; ) {
				size_t nl;

				t += strspn(t, " \t\r");
				nl = strcspn(t, " \t\r\n#");
				if (t + nl > e)
					nl = (size_t)(e - t);
				if (nl == 0)
					break;
				if (nl == strlen(name) &&
				    strncasecmp(t, name, nl) == 0)
					named = 1;
				t += nl;
			}
			if (named) {
				struct bind_addr x;

				memset(&x, 0, sizeof(x));
				if (inet_pton(AF_INET, addr, x.a) == 1 ||
				    (x.v6 = 1, inet_pton(AF_INET6, addr,
				    x.a) == 1)) {
					for (i = 0; i < n; i++)
						if (bind_same(&out[i], &x))
							break;
					if (i == n)
						out[n++] = x;
				}
			}
		}
		s = *eol != '\0' ? eol + 1 : eol;
	}
	/* stable insertion sort, highest precedence first */
	for (i = 1; i < n; i++) {
		struct bind_addr x = out[i];

		for (j = i; j > 0 && bind_precedence(&out[j - 1]) <
		    bind_precedence(&x); j--)
			out[j] = out[j - 1];
		out[j] = x;
	}
	return n;
}

/* PATH with "//", "/./" and "dir/.." folded, /var/run read as /run. */
static const char *
bind_path(struct fpm_ctx *c, const char *path, int var_run)
{
	size_t n = strlen(path), o = 0, i = 0;
	char *out = pf_strdup(c->run->arena, path);

	while (i < n) {
		size_t j = i, len;

		while (j < n && path[j] != '/')
			j++;
		len = j - i;
		if (len == 0 || (len == 1 && path[i] == '.')) {
			/* nothing */
		} else if (len == 2 && path[i] == '.' && path[i + 1] == '.') {
			while (o > 0 && out[o - 1] != '/')
				o--;
			if (o > 0)
				o--;
		} else {
			out[o++] = '/';
			memcpy(out + o, path + i, len);
			o += len;
		}
		i = j + 1;
	}
	out[o] = '\0';
	if (var_run && strncmp(out, "/var/run/", 9) == 0)
		return out + 4;
	return out;
}

/* Is /var/run the tree's /run (a symlink, or absent: a Linux tree)? */
static int
var_run_is_run(struct fpm_ctx *c)
{
	const char *vr = pf_host_path(c->run, "/var/run");
	struct stat st;
	char buf[64];
	ssize_t n;

	if (lstat(vr, &st) != 0)
		return errno == ENOENT;
	if (!S_ISLNK(st.st_mode))
		return 0;
	if ((n = readlink(vr, buf, sizeof(buf) - 1)) < 0)
		return 0;
	buf[n] = '\0';
	return strcmp(buf, "/run") == 0 || strcmp(buf, "/run/") == 0 ||
	    strcmp(buf, "../run") == 0 || strcmp(buf, "../run/") == 0;
}

struct bind_key {
	const char	*key;
	size_t		 k;		/* in the group */
};

static int
bind_key_cmp(const void *x, const void *y)
{
	const struct bind_key *a = x, *b = y;
	int d = strcmp(a->key, b->key);

	return d != 0 ? d : a->k < b->k ? -1 : a->k > b->k;
}

static void
bind_unix_group(struct fpm_ctx *c, struct bind_pool *g, size_t n)
{
	size_t k;

	/* first[k]: the first pool of the group with g[k]'s key */
	struct bind_key *by = pf_xmalloc(n * sizeof(*by));
	size_t *first = pf_xmalloc(n * sizeof(*first)), i;

	for (k = 0; k < n; k++) {
		by[k].key = g[k].key;
		by[k].k = k;
	}
	qsort(by, n, sizeof(*by), bind_key_cmp);
	for (i = 0; i < n; i++)
		first[by[i].k] = i > 0 && strcmp(by[i].key,
		    by[i - 1].key) == 0 ? first[by[i - 1].k] : by[i].k;
	for (k = 1; k < n; k++) {
		const struct pf_pool *p = g[k].p, *q = g[0].p;
		struct pf_diag *d;
		size_t e = first[k];

		if (e < k && strcmp(p->listen.path, g[e].p->listen.path) == 0)
			continue;	/* php-fpm -t's own error */
		if (e < k) {
			/* the same key: fpm_sockets_get_listening_socket()
			 * hands this pool the socket already open */
			q = g[e].p;
			d = fpm_warn(c, "fpm-listen", p->listen_raw.loc,
			    "[pool %s] listen '%s' gets the socket pool '%s' "
			    "opened for '%s': php-fpm binds the first %d bytes "
			    "of a unix socket path ('%s'), -t passes (it "
			    "compares the strings), then both pools accept on "
			    "that one socket and each request goes to either "
			    "pool, run as its user with its settings", p->name,
			    p->listen.path, q->name, q->listen.path,
			    BIND_SUN_PATH - 1, g[k].key);
			pf_diag_related(c->run, d, q->listen_raw.loc, "pool "
			    "'%s' listens here", q->name);
			pf_diag_fix(c->run, d, "give each pool its own socket, "
			    "with a path of at most %d bytes",
			    BIND_SUN_PATH - 1);
			continue;
		}
		d = fpm_warn(c, "fpm-listen", p->listen_raw.loc, "[pool %s] "
		    "listen '%s' is the socket of pool '%s' ('%s'): php-fpm "
		    "-t passes (it compares the strings), startup fails "
		    "(\"Another FPM instance seems to already listen on %s\")",
		    p->name, p->listen.path, q->name, q->listen.path,
		    p->listen.path);
		pf_diag_related(c->run, d, q->listen_raw.loc, "pool '%s' "
		    "listens here", q->name);
		pf_diag_fix(c->run, d, "give each pool its own socket");
	}
	free(by);
	free(first);
}

int
pf_hosts_lookup(struct pf_run *run, struct pf_hosts *h, const char *name,
    unsigned char out[][16])
{
	struct bind_addr a[BIND_MAX_ADDRS];
	const unsigned char *v4;
	int n = bind_lookup(run, h, name, a), i;

	for (i = 0; i < n; i++) {
		memset(out[i], 0, 16);
		if (bind_v4(&a[i], &v4)) {
			out[i][10] = out[i][11] = 0xff;
			memcpy(out[i] + 12, v4, 4);
		} else
			memcpy(out[i], a[i].a, 16);
	}
	return n;
}

/* Records in a pool on a host name the address php-fpm binds for it
 * (model/fpm.h: listen.bound), for rules/link.c. */
static void
bind_set(struct pf_pool *p, const struct bind_addr *x)
{
	const unsigned char *v4;

	if (!p->listen.hostname)
		return;
	memset(p->listen.bound, 0, sizeof(p->listen.bound));
	if (bind_v4(x, &v4)) {
		p->listen.bound[10] = p->listen.bound[11] = 0xff;
		memcpy(p->listen.bound + 12, v4, 4);
		p->listen.bound_af = 4;
	} else {
		memcpy(p->listen.bound, x->a, 16);
		p->listen.bound_af = 6;
	}
}

/*
 * Every pool on a host name that etc/hosts knows binds the first address
 * getaddrinfo() gives (fpm_socket_af_inet_socket_by_addr: the first that
 * binds; bind_tcp_group() corrects this where pools share a port).
 */
static void
bind_names(struct fpm_ctx *c, struct bind_hosts *hosts)
{
	struct bind_addr cand[BIND_MAX_ADDRS];
	size_t i;

	for (i = 0; i < c->conf->pools.n; i++) {
		struct pf_pool *p = c->conf->pools.v[i];
		const struct pf_listen *l = &p->listen;

		if (l->kind != PF_LISTEN_TCP || !l->hostname ||
		    l->port_invalid || l->port <= 0 || l->host == NULL ||
		    l->host[0] == '\0' || bind_resolve(l->host, &cand[0]))
			continue;
		if (bind_lookup(c->run, hosts, l->host, cand) > 0)
			bind_set(p, &cand[0]);
	}
}

static void
bind_tcp_group(struct fpm_ctx *c, struct bind_hosts *hosts,
    struct bind_pool *g, size_t n)
{
	struct bind_addr *bound = pf_xmalloc(n * sizeof(*bound));
	struct bind_addr cand[BIND_MAX_ADDRS];
	size_t *owner = pf_xmalloc(n * sizeof(*owner));
	size_t nb = 0, k, b;

	for (k = 0; k < n; k++)
		if (g[k].p->listen.host != NULL &&
		    !bind_resolve(g[k].p->listen.host, &cand[0]) &&
		    bind_lookup(c->run, hosts, g[k].p->listen.host, cand) == 0)
			goto out;	/* not resolved here */
	for (k = 0; k < n; k++) {
		struct pf_pool *p = g[k].p;
		int nc = 1, ci, done = 0;
		size_t hit = 0;
		struct pf_diag *d;

		memset(cand, 0, sizeof(cand));
		if (p->listen.host == NULL) {
			cand[0].v6 = 1;		/* [::], then 0.0.0.0 */
			nc = 2;
		} else if (!bind_resolve(p->listen.host, &cand[0]))
			nc = bind_lookup(c->run, hosts, p->listen.host, cand);
		for (ci = 0; ci < nc && !done; ci++) {
			for (b = 0; b < nb; b++)
				if (bind_same(&bound[b], &cand[ci]))
					break;
			if (b < nb) {
				const struct pf_pool *q = g[owner[b]].p;

				done = 1;
				bind_set(p, &cand[ci]);	/* its socket */
				if (strcmp(p->listen_raw.s, q->listen_raw.s) == 0)
					break;	/* php-fpm -t's own error */
				d = fpm_warn(c, "fpm-listen", p->listen_raw.loc,
				    "[pool %s] listen '%s' gets the socket pool "
				    "'%s' opened for '%s': php-fpm -t passes (it "
				    "compares the strings), then both pools "
				    "accept on that one socket and each request "
				    "goes to either pool, run as its user with "
				    "its settings", p->name, p->listen_raw.s,
				    q->name, q->listen_raw.s);
				pf_diag_related(c->run, d, q->listen_raw.loc,
				    "pool '%s' listens here", q->name);
				pf_diag_fix(c->run, d, "give each pool its own "
				    "port");
				break;
			}
			for (b = 0; b < nb; b++)
				if (bind_overlap(&bound[b], &cand[ci]))
					break;
			if (b < nb) {
				hit = b;
				continue;
			}
			bound[nb] = cand[ci];
			owner[nb++] = k;
			done = 1;
			bind_set(p, &cand[ci]);
		}
		if (!done) {
			const struct pf_pool *q = g[owner[hit]].p;

			if (p->listen.hostname)
				p->listen.bound_af = -1;

			d = fpm_warn(c, "fpm-listen", p->listen_raw.loc, "[pool "
			    "%s] listen '%s' overlaps '%s' of pool '%s' on port "
			    "%d: php-fpm -t passes, startup fails (\"unable to "
			    "bind listening socket for address '%s': Address "
			    "already in use\")", p->name, p->listen_raw.s,
			    q->listen_raw.s, q->name, p->listen.port,
			    p->listen_raw.s);
			pf_diag_related(c->run, d, q->listen_raw.loc, "pool '%s' "
			    "listens here", q->name);
			pf_diag_fix(c->run, d, "give each pool its own port (a "
			    "bare port, 0.0.0.0 or [::] takes the port on every "
			    "address)");
		}
	}
out:
	free(bound);
	free(owner);
}

static void
bind_conflicts(struct fpm_ctx *c)
{
	struct bind_pool *v;
	struct bind_hosts hosts = { 0, NULL };
	size_t i, j, n = 0, npools = c->conf->pools.n;
	int var_run = -1;

	bind_names(c, &hosts);
	if (npools < 2)
		return;
	v = pf_xmalloc(npools * sizeof(*v));
	for (i = 0; i < npools; i++) {
		struct pf_pool *p = c->conf->pools.v[i];
		const struct pf_listen *l = &p->listen;

		if (p->listen_raw.s == NULL)
			continue;
		if (l->kind == PF_LISTEN_TCP && !l->port_invalid &&
		    l->port > 0 && (l->host == NULL || l->host[0] != '\0')) {
			v[n].port = l->port;
			v[n].path = NULL;
			v[n].key = NULL;
		} else if (l->kind == PF_LISTEN_UNIX && l->path != NULL &&
		    l->path[0] == '/') {
			if (var_run < 0)
				var_run = var_run_is_run(c);
			v[n].port = 0;
			v[n].key = l->path;
			if (strlen(l->path) >= BIND_SUN_PATH)
				v[n].key = pf_strndup(c->run->arena, l->path,
				    BIND_SUN_PATH - 1);
			v[n].path = bind_path(c, v[n].key, var_run);
		} else
			continue;
		v[n].idx = i;
		v[n].p = p;
		n++;
	}
	qsort(v, n, sizeof(*v), bind_pool_cmp);
	for (i = 0; i < n; i = j) {
		for (j = i + 1; j < n && v[j].port == v[i].port &&
		    (v[i].port != 0 || strcmp(v[j].path, v[i].path) == 0); j++)
			;
		if (j - i < 2)
			continue;
		if (v[i].port == 0)
			bind_unix_group(c, v + i, j - i);
		else
			bind_tcp_group(c, &hosts, v + i, j - i);
	}
	free(v);
}

static size_t
str_hash(const char *s)
{
	size_t h = 5381;

	while (*s)
		h = h * 33 + (unsigned char)*s++;
	return h;
}

/*
 * Marks php_value/php_admin_value and env entries that an earlier entry
 * of the same kind and key overrides (php-fpm applies the lists
 * backwards, so the first one wins).  Linear with a hash set, so a pool
 * with very many entries stays cheap.
 */
struct seen {
	const char	*key;
	int		 kind;		/* 0 php_value, 1 php_admin, 2 env */
};

/* Returns 1 if (kind, key) was seen already, else records it. */
static int
seen_before(struct seen *t, size_t cap, int kind, const char *key)
{
	size_t k = (str_hash(key) * 3 + (size_t)kind) & (cap - 1);

	for (; t[k].key != NULL; k = (k + 1) & (cap - 1))
		if (t[k].kind == kind && strcmp(t[k].key, key) == 0)
			return 1;
	t[k].key = key;
	t[k].kind = kind;
	return 0;
}

static void
mark_overridden(struct fpm_ctx *c, struct pf_pool *p)
{
	size_t n = p->php.n + p->env.n, cap = 16, i;
	struct seen *t;

	if (n < 2)
		return;
	while (cap < n * 2)
		cap *= 2;
	t = pf_alloc(c->run->arena, cap * sizeof(*t));
	for (i = 0; i < p->php.n; i++)
		p->php.v[i].overridden = seen_before(t, cap, p->php.v[i].admin,
		    p->php.v[i].key);
	for (i = 0; i < p->env.n; i++)
		p->env.v[i].overridden = seen_before(t, cap, 2,
		    p->env.v[i].name);
}

/*
 * The walk below visits 10,000 pools that parsing left far out of the
 * cache: the pool a few places ahead is asked for while this one is
 * checked, so that its memory arrives in time.
 */
#define AHEAD	8

static void
prefetch_pool(const struct pf_fpm_conf *conf, size_t i)
{
	const struct pf_pool *q;
	const char *p;
	size_t off;

	/* the pool itself far ahead, and its php_value array nearer (by
	 * then the pool, which says where the array is, has arrived) */
	if (i + AHEAD < conf->pools.n) {
		p = (const char *)conf->pools.v[i + AHEAD];
		for (off = 0; off < sizeof(struct pf_pool); off += 64)
			__builtin_prefetch(p + off);
	}
	if (i + AHEAD / 2 < conf->pools.n) {
		q = conf->pools.v[i + AHEAD / 2];
		for (off = 0; off < q->php.n * sizeof(*q->php.v); off += 64)
			__builtin_prefetch((const char *)q->php.v + off);
	}
}

/*
 * The listen address table of fpm_post_process, twice as big.  Each slot
 * keeps its address's hash, so that growing it touches no pool (those
 * seen long ago are far out of the cache).
 */
struct listen_slot {
	size_t		 hash;
	struct pf_pool	*pool;
};

static struct listen_slot *
listen_tab_grow(struct fpm_ctx *c, struct listen_slot *tab, size_t *cap)
{
	size_t nc = *cap ? *cap * 2 : 64, i, k;

	/* sized for the pools there are at first (status pools may come) */
	while (nc < c->conf->pools.n * 2)
		nc *= 2;
	struct listen_slot *nt = pf_alloc(c->run->arena, nc * sizeof(*nt));

	for (i = 0; i < *cap; i++) {
		if (tab[i].pool == NULL)
			continue;
		for (k = tab[i].hash & (nc - 1); nt[k].pool != NULL;
		    k = (k + 1) & (nc - 1))
			;
		nt[k] = tab[i];
	}
	*cap = nc;
	return nt;
}

/*
 * process.max caps the workers of all pools together, and php-fpm -t
 * accepts any value >= 0 (fpm_conf.c checks only that).  At startup
 * fpm_children_create_initial() forks each pool's workers in the pools'
 * order (static: pm.max_children, dynamic: pm.start_servers, ondemand:
 * none) while fewer than process.max run (fpm_children.c,
 * fpm_children_make), then logs "The maximum number of processes has been
 * reached".  A static pool never forks more later; a dynamic or ondemand
 * one forks only while the total is below process.max.  Observed with
 * php-fpm8.2 (fpm.startup_oracle counts each pool's workers).
 */
static void
process_max_startup(struct fpm_ctx *c)
{
	const struct pf_fpm_global *g = &c->conf->global;
	long long cap = g->process_max.v, running = 0, want = 0, most = 0;
	size_t i;
	int held = 1;		/* only static pools started so far */
	int warned = 0;

	if (!g->process_max.set || cap <= 0 || c->conf->refused)
		return;
	for (i = 0; i < c->conf->pools.n; i++) {
		const struct pf_pool *p = c->conf->pools.v[i];

		if (p->pm == PF_PM_STATIC)
			want += p->max_children.v;
		else if (p->pm == PF_PM_DYNAMIC)
			want += p->start_servers.v;
		most += p->max_children.v;
	}
	for (i = 0; i < c->conf->pools.n; i++) {
		const struct pf_pool *p = c->conf->pools.v[i];
		long long w = 0, got;
		struct pf_diag *d;

		if (p->pm == PF_PM_STATIC)
			w = p->max_children.v;
		else if (p->pm == PF_PM_DYNAMIC)
			w = p->start_servers.v;
		got = cap - running < w ? cap - running : w;
		if (got < 0)
			got = 0;
		running += got;
		if (got == w && (p->pm != PF_PM_ONDEMAND || running < cap))
			goto next;
		if (p->pm == PF_PM_ONDEMAND && !held)
			goto next;	/* dynamic pools before may shrink */
		if (p->pm == PF_PM_ONDEMAND)
			d = fpm_warn(c, "fpm-pm", p->pm_loc.file ? p->pm_loc :
			    p->loc, "[pool %s] process.max = %lld: the static "
			    "pools before this one hold every process, so this "
			    "ondemand pool never forks a worker and its requests "
			    "wait until the client gives up", p->name, cap);
		else if (got == 0 && (p->pm == PF_PM_STATIC || held))
			d = fpm_warn(c, "fpm-pm", p->pm_loc.file ? p->pm_loc :
			    p->loc, "[pool %s] process.max = %lld: the pools "
			    "before this one start %lld workers, so this pool "
			    "starts none (php-fpm logs \"The maximum number of "
			    "processes has been reached\") and %s", p->name, cap,
			    running, p->pm == PF_PM_STATIC ? "never forks one "
			    "later: its requests wait until the client gives up" :
			    "cannot fork one while the static pools before it "
			    "hold every process");
		else
			d = fpm_warn(c, "fpm-pm", p->pm_loc.file ? p->pm_loc :
			    p->loc, "[pool %s] process.max = %lld: this pool "
			    "starts %lld of its %lld workers (php-fpm logs \"The "
			    "maximum number of processes has been reached\")%s",
			    p->name, cap, got, w, p->pm == PF_PM_STATIC ?
			    " and forks the others only as processes of other "
			    "pools exit" : "");
		warned = 1;
		pf_diag_related(c->run, d, g->process_max.loc, "process.max "
		    "is set here");
		pf_diag_fix(c->run, d, "raise process.max to at least %lld, "
		    "or set it to 0 (no limit)", want > cap ? want : cap + 1);
next:
		if (p->pm != PF_PM_STATIC)
			held = 0;
	}
	if (!warned && most > cap)
		/* fpm_children_make() applies the cap whenever a dynamic or
		 * ondemand pool forks, not only at startup */
		fpm_note(c, "fpm-pm", g->process_max.loc, "process.max = %lld "
		    "is below the pools' pm.max_children together (%lld): when "
		    "busy, no pool forks another worker once %lld run in all, "
		    "whatever its own pm.max_children (php-fpm8.2 observed: "
		    "an ondemand pool beside a static one holding the rest "
		    "keeps its one worker with requests waiting)", cap, most,
		    cap);
}

void
fpm_post_process(struct fpm_ctx *c)
{
	struct pf_run *run = c->run;
	struct pf_fpm_global *g = &c->conf->global;
	struct listen_slot *tab;
	size_t i, cap, k, ntab = 0;
	int e, created;
	PF_VEC(const char *) access_creates = { 0 };

	/* fpm_conf_post_process */
	if (g->pid.s != NULL) {
		char *dir, *slash;

		g->pid.s = fpm_full_path(c, g->pid.s, NULL, FPM_LOCALSTATEDIR,
		    0, NULL);
		/* php-fpm -t does not write the pid file; startup does
		 * (fpm_pctl: "Unable to create the PID file") */
		dir = pf_strdup(run->arena, g->pid.s);
		if ((slash = strrchr(dir, '/')) != NULL && slash != dir) {
			*slash = '\0';
			if (!fpm_is_dir(c, dir))
				fpm_note(c, "fpm-pid", g->pid.loc, "the pid "
				    "file's directory '%s' does not exist here; "
				    "php-fpm -t passes, startup fails (\"Unable "
				    "to create the PID file\") unless it is "
				    "created first (e.g. by systemd's "
				    "RuntimeDirectory)", dir);
		}
	}
	if (g->log_limit.set && g->log_limit.v < FPM_ZLOG_MIN_LIMIT)
		fpm_error(c, "fpm-invalid-value", g->log_limit.loc, "log_limit "
		    "must be greater than %d", FPM_ZLOG_MIN_LIMIT);
	if (g->process_max.set && g->process_max.v < 0)
		fpm_error(c, "fpm-invalid-value", g->process_max.loc,
		    "process_max can't be negative");
	if (g->process_priority.set && g->process_priority.v != 64 &&
	    (g->process_priority.v < -19 || g->process_priority.v > 20))
		fpm_error(c, "fpm-invalid-value", g->process_priority.loc,
		    "process.priority must be included into [-19,20]");
	if (g->error_log.s == NULL || strcasecmp(g->error_log.s, "syslog")) {
		const char *el = g->error_log.s ? g->error_log.s :
		    "log/php-fpm.log";
		struct pf_loc l = g->error_log.s ? g->error_log.loc : g->loc;

		el = fpm_full_path(c, el, NULL, FPM_LOCALSTATEDIR, 0, NULL);
		if (g->error_log.s != NULL)
			g->error_log.s = el;
		if ((e = can_create(c, el, &created)) != 0 &&
		    state_absent(c, e))
			fpm_warn(c, "fpm-error-log", l, "error_log (%s) not "
			    "checked: its directory is not in the tree under "
			    "--root", el);
		else if (e != 0)
			fpm_error(c, "fpm-error-log", l, "failed to open "
			    "error_log (%s): %s", el, strerror(e));
		else if (created) {
			fpm_note(c, "fpm-creates", l, "php-fpm -t creates the "
			    "error_log '%s' when it is missing", el);
			creates(c, el);
		}
	}
	if (g->events_mechanism.s != NULL &&
	    strcasecmp(g->events_mechanism.s, "epoll") &&
	    strcasecmp(g->events_mechanism.s, "poll") &&
	    strcasecmp(g->events_mechanism.s, "select"))
		fpm_error(c, "fpm-invalid-value", g->events_mechanism.loc,
		    "event mechanism '%s' is not available on this system "
		    "(Linux has epoll, poll and select)", g->events_mechanism.s);

	/* fpm_conf_process_all_pools */
	if (c->conf->pools.n == 0) {
		/* php-fpm's own words, then which file */
		struct pf_diag *d = fpm_error(c, "fpm-no-pool", PF_NOLOC,
		    "No pool defined. at least one pool section must be "
		    "specified in config file (%s)", c->conf->path);

		pf_diag_fix(run, d, "add a [www] section, or an include= of the "
		    "pool files (relative paths start at the prefix %s)",
		    c->prefix ? c->prefix : c->php_prefix);
		return;
	}
	/*
	 * One walk over the pools does php-fpm's three (the pool checks of
	 * fpm_conf_process_all_pools; no two pools on one listen address;
	 * fpm_log_open, the access.format test, users and groups of
	 * fpm_unix, then what only startup checks), each pool while it is
	 * in the cache.  Nothing a pool's checks read is changed by another
	 * pool's, each listen address is still compared with those of the
	 * pools before it, the diagnostics are sorted by place when they are
	 * shown, and the files the access logs would create are listed after
	 * the slowlogs, as three passes list them.  The list grows with the
	 * hidden status pools while we walk it.
	 */
	cap = 0;
	tab = NULL;
	for (i = 0; i < c->conf->pools.n; i++) {
		struct pf_pool *p = c->conf->pools.v[i];
		const char *a, *why;
		char bad = 0;

		prefetch_pool(c->conf, i);
		/* short lists were marked as they were read */
		if (p->php.n >= 64 || p->env.n >= 64)
			mark_overridden(c, p);
		check_pool(c, p);

		/* no two pools on one listen address */
		a = p->listen.kind == PF_LISTEN_UNIX ? p->listen.path :
		    p->listen_raw.s;
		if (a != NULL && a[0] != '\0') {
			size_t h = str_hash(a);

			if ((ntab + 1) * 2 > cap)
				tab = listen_tab_grow(c, tab, &cap);
			for (k = h & (cap - 1); tab[k].pool != NULL;
			    k = (k + 1) & (cap - 1)) {
				const struct pf_pool *q = tab[k].pool;

				if (tab[k].hash == h && strcmp(a,
				    q->listen.kind == PF_LISTEN_UNIX ?
				    q->listen.path : q->listen_raw.s) == 0) {
					struct pf_diag *d = fpm_error(c,
					    "fpm-listen", p->listen_raw.loc,
					    "[pool %s] unable to set listen "
					    "address as it's already used in "
					    "another pool '%s'", p->name,
					    q->name);

					pf_diag_related(run, d,
					    q->listen_raw.loc, "pool '%s' "
					    "listens here", q->name);
					break;
				}
			}
			if (tab[k].pool == NULL) {
				tab[k].hash = h;
				tab[k].pool = p;
				ntab++;
			}
		}

		if (p->access_log.s != NULL) {
			if ((e = can_create(c, p->access_log.s, &created)) !=
			    0 && state_absent(c, e))
				fpm_warn(c, "fpm-access-log", p->access_log.loc,
				    "access.log (%s) not checked: its directory "
				    "is not in the tree under --root",
				    p->access_log.s);
			else if (e != 0)
				fpm_error(c, "fpm-access-log", p->access_log.loc,
				    "failed to open access log (%s): %s",
				    p->access_log.s, strerror(e));
			else if (created) {
				fpm_note(c, "fpm-creates", p->access_log.loc,
				    "php-fpm -t creates the access log '%s' "
				    "when it is missing", p->access_log.s);
				PF_PUSH(run->arena, access_creates,
				    p->access_log.s);
			}
			if (p->access_log.s[0] != '\0' &&
			    p->access_format.s != NULL &&
			    (why = check_format(p->access_format.s, &bad)) !=
			    NULL)
				fpm_error(c, "fpm-invalid-value",
				    p->access_format.loc, "[pool %s] wrong "
				    "format for access.format '%s': %s (at %%%c)",
				    p->name, p->access_format.s, why,
				    bad ? bad : '?');
		}
		if (p->status_of == NULL)
			check_users(c, p);
		startup_checks(c, p);
	}
	for (i = 0; i < access_creates.n; i++)
		creates(c, access_creates.v[i]);
	bind_conflicts(c);
	process_max_startup(c);
}
