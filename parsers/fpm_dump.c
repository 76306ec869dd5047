/*
 * fpm_dump.c - the effective php-fpm configuration with provenance, in the
 * order and with the defaults of php-fpm -tt, as text or JSON (schema:
 * docs/dump-fpm-schema.md).  php_value/php_admin_value and env entries are
 * listed as written, each marked when an earlier one of the same key wins.
 */
#include <stdio.h>
#include <string.h>

#include "model/model.h"
#include "parsers/fpm.h"
#include "parsers/fpm_int.h"

struct item {
	const char	*name;
	const char	*value;		/* NULL: undefined */
	struct pf_loc	 loc;		/* file 0: php-fpm's default */
};

struct out {
	struct pf_run	*run;
	FILE		*f;
	int		 json;
	PF_VEC(struct item) items;
};

static void
put(struct out *o, const char *name, const char *value, struct pf_loc loc)
{
	struct item it = { name, value, loc };

	PF_PUSH(o->run->arena, o->items, it);
}

static void
sput(struct out *o, const char *name, const struct pf_sval *v,
    const char *def)
{
	put(o, name, v->s ? v->s : def, v->s ? v->loc : PF_NOLOC);
}

static void
iput(struct out *o, const char *name, const struct pf_ival *v,
    long long def, const char *suffix)
{
	long long n = v->set ? v->v : def;

	put(o, name, pf_printf(o->run->arena, "%lld%s", n, suffix),
	    v->set ? v->loc : PF_NOLOC);
}

static void
bput(struct out *o, const char *name, const struct pf_ival *v, int def)
{
	int b = v->set ? (int)v->v : def;

	put(o, name, b ? "yes" : "no", v->set ? v->loc : PF_NOLOC);
}

/* Length of a valid UTF-8 sequence at s, or 0. */
static size_t
utf8_len(const unsigned char *s)
{
	size_t n, i;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4;
	else
		return 0;
	for (i = 1; i < n; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	return n;
}

/* A JSON string; bytes that are not UTF-8 become \u00XX. */
static void
jstr(FILE *f, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	if (s == NULL) {
		fputs("null", f);
		return;
	}
	fputc('"', f);
	while (*p) {
		size_t n;

		if (*p == '"' || *p == '\\') {
			fprintf(f, "\\%c", *p++);
			continue;
		}
		if (*p < 0x20 || (n = utf8_len(p)) == 0) {
			fprintf(f, "\\u%04x", *p++);
			continue;
		}
		fwrite(p, 1, n, f);
		p += n;
	}
	fputc('"', f);
}

static void
jloc(struct out *o, struct pf_loc l)
{
	const struct pf_source *s = pf_source_get(o->run, l.file);
	int first = 1;

	if (s == NULL) {
		fputs("\"file\": null", o->f);
		return;
	}
	fputs("\"file\": ", o->f);
	jstr(o->f, s->path);
	fprintf(o->f, ", \"line\": %u, \"col\": %u, \"included_from\": [",
	    l.line, l.col);
	while (s != NULL && s->included_from.file != 0) {
		const struct pf_source *p = pf_source_get(o->run,
		    s->included_from.file);

		if (p == NULL)
			break;
		fprintf(o->f, "%s{\"file\": ", first ? "" : ", ");
		jstr(o->f, p->path);
		fprintf(o->f, ", \"line\": %u}", s->included_from.line);
		first = 0;
		s = p;
	}
	fputs("]", o->f);
}

static const char *
where(struct out *o, struct pf_loc l)
{
	const struct pf_source *s = pf_source_get(o->run, l.file);

	if (s == NULL)
		return "default";
	return pf_printf(o->run->arena, "%s:%u", s->path, l.line);
}

static void
flush_items(struct out *o, int last_comma)
{
	size_t i;

	for (i = 0; i < o->items.n; i++) {
		const struct item *it = &o->items.v[i];

		if (o->json) {
			fprintf(o->f, "%s\n      {\"name\": ", i ? "," : "");
			jstr(o->f, it->name);
			fputs(", \"value\": ", o->f);
			jstr(o->f, it->value);
			fprintf(o->f, ", \"default\": %s, ", it->loc.file ?
			    "false" : "true");
			jloc(o, it->loc);
			fputs("}", o->f);
		} else
			fprintf(o->f, "\t%s = %s\t; %s\n", it->name,
			    it->value ? it->value : "undefined",
			    where(o, it->loc));
	}
	if (o->json)
		fprintf(o->f, "\n    ]%s\n", last_comma ? "," : "");
	o->items.n = 0;
}

static void
global_items(struct out *o, const struct pf_fpm_conf *c)
{
	const struct pf_fpm_global *g = &c->global;

	sput(o, "pid", &g->pid, NULL);
	put(o, "error_log", g->error_log.s ? g->error_log.s :
	    pf_printf(o->run->arena, "%s/log/php-fpm.log", c->prefix_given ?
	    c->prefix : FPM_LOCALSTATEDIR), g->error_log.loc);
	sput(o, "syslog.ident", &g->syslog_ident, "php-fpm");
	sput(o, "syslog.facility", &g->syslog_facility, "daemon");
	bput(o, "log_buffering", &g->log_buffering, 1);
	sput(o, "log_level", &g->log_level, "notice");
	iput(o, "log_limit", &g->log_limit, 1024, "");
	iput(o, "emergency_restart_interval", &g->emergency_restart_interval,
	    0, "s");
	iput(o, "emergency_restart_threshold", &g->emergency_restart_threshold,
	    0, "");
	iput(o, "process_control_timeout", &g->process_control_timeout, 0,
	    "s");
	iput(o, "process.max", &g->process_max, 0, "");
	if (g->process_priority.set && g->process_priority.v != 64)
		iput(o, "process.priority", &g->process_priority, 0, "");
	else
		put(o, "process.priority", NULL, g->process_priority.loc);
	bput(o, "daemonize", &g->daemonize, 1);
	iput(o, "rlimit_files", &g->rlimit_files, 0, "");
	if (g->rlimit_core.set && g->rlimit_core.v < 0)
		put(o, "rlimit_core", "unlimited", g->rlimit_core.loc);
	else
		iput(o, "rlimit_core", &g->rlimit_core, 0, "");
	sput(o, "events.mechanism", &g->events_mechanism, "epoll");
	iput(o, "systemd_interval", &g->systemd_interval, 10, "s");
}

static const char *
pm_name(enum pf_pm pm)
{
	switch (pm) {
	case PF_PM_STATIC:
		return "static";
	case PF_PM_DYNAMIC:
		return "dynamic";
	case PF_PM_ONDEMAND:
		return "ondemand";
	default:
		return NULL;
	}
}

static void
pool_items(struct out *o, const struct pf_pool *p)
{
	struct pf_arena *a = o->run->arena;
	const char *listen = p->listen.kind == PF_LISTEN_UNIX ? p->listen.path :
	    p->listen_raw.s;
	size_t i;

	sput(o, "prefix", &p->prefix, NULL);
	sput(o, "user", &p->user, NULL);
	sput(o, "group", &p->group, NULL);
	put(o, "listen", listen, p->listen_raw.loc);
	iput(o, "listen.backlog", &p->listen_backlog, -1, "");
	sput(o, "listen.acl_users", &p->listen_acl_users, NULL);
	sput(o, "listen.acl_groups", &p->listen_acl_groups, NULL);
	sput(o, "listen.owner", &p->listen_owner, NULL);
	sput(o, "listen.group", &p->listen_group, NULL);
	sput(o, "listen.mode", &p->listen_mode, NULL);
	sput(o, "listen.allowed_clients", &p->listen_allowed_clients, NULL);
	if (p->process_priority.set && p->process_priority.v != 64)
		iput(o, "process.priority", &p->process_priority, 0, "");
	else
		put(o, "process.priority", NULL, p->process_priority.loc);
	bput(o, "process.dumpable", &p->process_dumpable, 0);
	put(o, "pm", pm_name(p->pm), p->pm_loc);
	iput(o, "pm.max_children", &p->max_children, 0, "");
	iput(o, "pm.start_servers", &p->start_servers, 0, "");
	iput(o, "pm.min_spare_servers", &p->min_spare_servers, 0, "");
	iput(o, "pm.max_spare_servers", &p->max_spare_servers, 0, "");
	iput(o, "pm.max_spawn_rate", &p->max_spawn_rate, 32, "");
	iput(o, "pm.process_idle_timeout", &p->process_idle_timeout, 10, "s");
	iput(o, "pm.max_requests", &p->max_requests, 0, "");
	sput(o, "pm.status_path", &p->status_path, NULL);
	sput(o, "pm.status_listen", &p->status_listen, NULL);
	sput(o, "ping.path", &p->ping_path, NULL);
	if (p->ping_path.s != NULL && p->ping_path.s[0] != '\0')
		sput(o, "ping.response", &p->ping_response, "pong");
	else
		put(o, "ping.response", NULL, PF_NOLOC);
	sput(o, "access.log", &p->access_log, NULL);
	sput(o, "access.format", &p->access_format, p->access_log.s &&
	    p->access_log.s[0] ? "%R - %u %t \"%m %r\" %s" : NULL);
	for (i = 0; i < p->access_suppress_path.n; i++)
		put(o, "access.suppress_path[]", p->access_suppress_path.v[i].s,
		    p->access_suppress_path.v[i].loc);
	sput(o, "slowlog", &p->slowlog, NULL);
	iput(o, "request_slowlog_timeout", &p->request_slowlog_timeout, 0, "s");
	iput(o, "request_slowlog_trace_depth", &p->request_slowlog_trace_depth,
	    20, "");
	iput(o, "request_terminate_timeout", &p->request_terminate_timeout, 0,
	    "s");
	bput(o, "request_terminate_timeout_track_finished",
	    &p->request_terminate_timeout_track_finished, 0);
	iput(o, "rlimit_files", &p->rlimit_files, 0, "");
	if (p->rlimit_core.set && p->rlimit_core.v < 0)
		put(o, "rlimit_core", "unlimited", p->rlimit_core.loc);
	else
		iput(o, "rlimit_core", &p->rlimit_core, 0, "");
	sput(o, "chroot", &p->chroot, NULL);
	sput(o, "chdir", &p->chdir, NULL);
	bput(o, "catch_workers_output", &p->catch_workers_output, 0);
	bput(o, "decorate_workers_output", &p->decorate_workers_output, 1);
	bput(o, "clear_env", &p->clear_env, 1);
	sput(o, "security.limit_extensions", &p->limit_extensions,
	    ".php .phar");
	sput(o, "apparmor_hat", &p->apparmor_hat, NULL);
	for (i = 0; i < p->env.n; i++)
		put(o, pf_printf(a, "env[%s]%s", p->env.v[i].name,
		    p->env.v[i].overridden ? " (overridden)" : ""),
		    p->env.v[i].value, p->env.v[i].loc);
	for (i = 0; i < p->php.n; i++) {
		const struct pf_php_setting *s = &p->php.v[i];

		put(o, pf_printf(a, "%s[%s]%s", s->admin ? "php_admin_value" :
		    "php_value", s->key, s->overridden ? " (overridden)" : ""),
		    s->value, s->loc);
	}
}

static void
jlisten(struct out *o, const struct pf_listen *l)
{
	fputs("    \"listen\": {\"kind\": ", o->f);
	jstr(o->f, l->kind == PF_LISTEN_UNIX ? "unix" : l->kind ==
	    PF_LISTEN_TCP ? "tcp" : "none");
	fputs(", \"path\": ", o->f);
	jstr(o->f, l->path);
	fputs(", \"host\": ", o->f);
	jstr(o->f, l->host);
	fprintf(o->f, ", \"port\": %d, \"any\": %s, \"loopback\": %s, "
	    "\"port_invalid\": %s},\n", l->port, l->any ? "true" : "false",
	    l->loopback ? "true" : "false", l->port_invalid ? "true" : "false");
}

int
pf_fpm_dump(struct pf_run *run, FILE *f, int json)
{
	const struct pf_model *m = pf_model_get(run);
	const struct pf_fpm_conf *c = m->fpm;
	struct out o;
	size_t i;

	if (c == NULL)
		return 0;
	memset(&o, 0, sizeof(o));
	o.run = run;
	o.f = f;
	o.json = json;
	if (json) {
		fputs("{\"fpm\": {\n  \"path\": ", f);
		jstr(f, c->path);
		fputs(", \"prefix\": ", f);
		jstr(f, c->prefix);
		fprintf(f, ", \"refused\": %s,\n  \"creates\": [",
		    c->refused ? "true" : "false");
		for (i = 0; i < c->creates.n; i++) {
			fputs(i ? ", " : "", f);
			jstr(f, c->creates.v[i]);
		}
		fputs("],\n  \"global\": {\n    \"directives\": [", f);
		global_items(&o, c);
		flush_items(&o, 0);
		fputs("  },\n  \"pools\": [", f);
		for (i = 0; i < c->pools.n; i++) {
			const struct pf_pool *p = c->pools.v[i];

			fprintf(f, "%s\n   {\"name\": ", i ? "," : "");
			jstr(f, p->name);
			fputs(", \"status_of\": ", f);
			jstr(f, p->status_of);
			fputs(", ", f);
			jloc(&o, p->loc);
			fputs(",\n", f);
			jlisten(&o, &p->listen);
			fputs("    \"directives\": [", f);
			pool_items(&o, p);
			flush_items(&o, 0);
			fputs("   }", f);
		}
		fputs("\n  ]\n}}\n", f);
	} else {
		fprintf(f, "; php-fpm configuration %s (prefix %s)%s\n",
		    c->path, c->prefix, c->refused ?
		    "; php-fpm -t refuses it" : "");
		fputs("[global]\n", f);
		global_items(&o, c);
		flush_items(&o, 0);
		for (i = 0; i < c->pools.n; i++) {
			const struct pf_pool *p = c->pools.v[i];

			fprintf(f, "\n[%s]\t; %s%s%s\n", p->name,
			    where(&o, p->loc), p->status_of ?
			    ", status pool of " : "", p->status_of ?
			    p->status_of : "");
			pool_items(&o, p);
			flush_items(&o, 0);
		}
	}
	return ferror(f) ? -1 : 0;
}
