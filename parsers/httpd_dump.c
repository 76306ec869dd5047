/*
 * httpd_dump.c - pf_httpd_dump: the read httpd configuration with
 * provenance, as text (one directive a line, "file:line" and the include
 * chain of each file) or as JSON (docs/dump-schema.md, "httpd" member).
 * Streams with stdio; the tree is walked without recursion.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/model.h"
#include "parsers/httpd.h"

/*
 * The JSON dump of a big tree is tens of MB: it is written through a
 * buffer of its own (stdio's per-call locking and dispatch cost several
 * times the bytes).  err is set when a write fails.
 */
struct jw {
	FILE		*f;
	char		*buf;
	size_t		 n, cap;
	int		 err;
};

static void
jw_flush(struct jw *w)
{
	if (w->n > 0 && fwrite(w->buf, 1, w->n, w->f) != w->n)
		w->err = 1;
	w->n = 0;
}

static void
jw_write(struct jw *w, const char *s, size_t n)
{
	if (n > w->cap - w->n) {
		jw_flush(w);
		if (n > w->cap) {
			if (fwrite(s, 1, n, w->f) != n)
				w->err = 1;
			return;
		}
	}
	memcpy(w->buf + w->n, s, n);
	w->n += n;
}

static void
jw_putc(struct jw *w, char c)
{
	if (w->n == w->cap)
		jw_flush(w);
	w->buf[w->n++] = c;
}

static void
jw_puts(struct jw *w, const char *s)
{
	jw_write(w, s, strlen(s));
}

static void
jw_printf(struct jw *w, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
jw_printf(struct jw *w, const char *fmt, ...)
{
	char tmp[256];
	va_list ap;
	int k;

	va_start(ap, fmt);
	k = vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	if (k < 0)
		return;
	if ((size_t)k < sizeof(tmp)) {
		jw_write(w, tmp, (size_t)k);
		return;
	}
	jw_flush(w);
	va_start(ap, fmt);
	if (vfprintf(w->f, fmt, ap) < 0)
		w->err = 1;
	va_end(ap);
}

static void
jw_uint(struct jw *w, unsigned long long v)
{
	char num[24], *e = num + sizeof(num);

	do
		*--e = (char)('0' + v % 10);
	while ((v /= 10) != 0);
	jw_write(w, e, (size_t)(num + sizeof(num) - e));
}

/* Bytes jstr copies as they are (a table: the dump writes tens of MB). */
static int
plain(unsigned char c)
{
	return c >= 0x20 && c != '"' && c != '\\' && c != 0x7f;
}

static void
jstr(struct jw *f, const char *s)
{
	const char *run;

	if (s == NULL) {
		jw_puts(f, "null");
		return;
	}
	jw_putc(f, '"');
	while (*s != '\0') {
		unsigned char c;

		for (run = s; *s != '\0' && plain((unsigned char)*s); s++)
			;
		if (s > run)
			jw_write(f, run, (size_t)(s - run));
		if (*s == '\0')
			break;
		c = (unsigned char)*s++;
		if (c == '"' || c == '\\') {
			jw_putc(f, '\\');
			jw_putc(f, c);
		} else if (c == '\n')
			jw_puts(f, "\\n");
		else if (c == '\t')
			jw_puts(f, "\\t");
		else
			jw_printf(f, "\\u%04x", c);
	}
	jw_putc(f, '"');
}

/*
 * "file":"PATH","line": for every node repeats a few paths thousands of
 * times: each file's escaped prefix is made once (per dump) and reused.
 */
static struct {
	const struct pf_run *run;
	char		**pre;
	size_t		 n;
} fcache;

static void
fcache_reset(const struct pf_run *run)
{
	size_t i;

	for (i = 0; i < fcache.n; i++)
		free(fcache.pre[i]);
	free(fcache.pre);
	fcache.pre = NULL;
	fcache.n = 0;
	fcache.run = run;
}

static const char *
path_of(struct pf_run *run, uint32_t file)
{
	const struct pf_source *s = pf_source_get(run, file);

	return s != NULL ? s->path : NULL;
}

/* "file":"PATH","line": with PATH escaped as jstr does (malloc'd). */
static char *
file_prefix(const char *path)
{
	size_t n = 0;
	const char *p;
	char *b, *o;

	/* sized exactly: a tree of 10,000 vhosts has 20,000 sources, and
	 * a malloc shrunk by realloc leaves its tail unused */
	for (p = path; p != NULL && *p != '\0'; p++)
		n += plain((unsigned char)*p) ? 1 : *p == '"' || *p == '\\' ||
		    *p == '\n' || *p == '\t' ? 2 : 6;
	b = o = pf_xmalloc(32 + n);

	memcpy(o, "\"file\":", 7);
	o += 7;
	if (path == NULL) {
		memcpy(o, "null", 4);
		o += 4;
	} else {
		*o++ = '"';
		for (; *path != '\0'; path++) {
			unsigned char c = (unsigned char)*path;

			if (plain(c))
				*o++ = (char)c;
			else if (c == '"' || c == '\\') {
				*o++ = '\\';
				*o++ = (char)c;
			} else if (c == '\n' || c == '\t') {
				*o++ = '\\';
				*o++ = c == '\n' ? 'n' : 't';
			} else
				o += snprintf(o, 7, "\\u%04x", c);
		}
		*o++ = '"';
	}
	memcpy(o, ",\"line\":", 9);	/* with its NUL */
	return b;
}

static void
jloc(struct jw *f, struct pf_run *run, struct pf_loc l)
{
	uint32_t v = l.line;

	if (l.file < run->sources.n && fcache.run == run) {
		if (l.file >= fcache.n) {
			size_t nn = run->sources.n, i;

			fcache.pre = pf_xrealloc(fcache.pre, nn *
			    sizeof(char *));
			for (i = fcache.n; i < nn; i++)
				fcache.pre[i] = NULL;
			fcache.n = nn;
		}
		if (fcache.pre[l.file] == NULL)
			fcache.pre[l.file] = file_prefix(path_of(run,
			    l.file));
		jw_puts(f, fcache.pre[l.file]);
		jw_uint(f, v);
		return;
	}
	jw_puts(f, "\"file\":");
	jstr(f, path_of(run, l.file));
	jw_printf(f, ",\"line\":%u", l.line);
}

static void
jsval(struct jw *f, struct pf_run *run, const char *key, struct pf_sval v)
{
	jw_printf(f, "\"%s\":", key);
	if (v.s == NULL) {
		jw_puts(f, "null");
		return;
	}
	jw_puts(f, "{\"value\":");
	jstr(f, v.s);
	jw_putc(f, ',');
	jloc(f, run, v.loc);
	jw_putc(f, '}');
}

static void
jival(struct jw *f, struct pf_run *run, const char *key, struct pf_ival v)
{
	jw_printf(f, "\"%s\":", key);
	if (!v.set) {
		jw_puts(f, "null");
		return;
	}
	jw_printf(f, "{\"value\":%lld,", v.v);
	jloc(f, run, v.loc);
	jw_putc(f, '}');
}

static const char *const route_kinds[PF_ROUTE_KIND_MAX] = {
	"sethandler", "addhandler", "proxypass", "proxypassmatch",
	"rewrite-proxy", "rewrite-handler", "action",
};

static void
jvhost(struct jw *f, struct pf_run *run, const struct pf_vhost *vh)
{
	size_t i;

	jw_puts(f, "{");
	if (vh->node != NULL) {
		jloc(f, run, vh->loc);
		jw_putc(f, ',');
		if (vh->node->flags & PF_NODE_MACRO) {
			jw_puts(f, "\"use\":{");
			jloc(f, run, vh->node->use);
			jw_puts(f, "},");
		}
	}
	jsval(f, run, "server_name", vh->server_name);
	jw_puts(f, ",\"aliases\":[");
	for (i = 0; i < vh->aliases.n; i++) {
		if (i)
			jw_putc(f, ',');
		jstr(f, vh->aliases.v[i].s);
	}
	jw_puts(f, "],");
	jsval(f, run, "document_root", vh->document_root);
	jw_puts(f, ",\"alias_map\":[");
	for (i = 0; i < vh->alias_map.n; i++) {
		const struct pf_alias *a = &vh->alias_map.v[i];

		jw_printf(f, "%s{\"url\":", i ? "," : "");
		jstr(f, a->url);
		jw_puts(f, ",\"path\":");
		jstr(f, a->path);
		jw_printf(f, ",\"regex\":%s,\"script\":%s,",
		    a->regex ? "true" : "false", a->script ? "true" : "false");
		jloc(f, run, a->node->loc);
		jw_putc(f, '}');
	}
	jw_puts(f, "],\"routes\":[");
	for (i = 0; i < vh->routes.n; i++) {
		const struct pf_route *r = &vh->routes.v[i];

		jw_printf(f, "%s{\"kind\":\"%s\",", i ? "," : "",
		    route_kinds[r->kind]);
		jloc(f, run, r->node->loc);
		jw_puts(f, ",\"pattern\":");
		jstr(f, r->pattern);
		jw_puts(f, ",\"target\":");
		jstr(f, r->target);
		jw_puts(f, ",\"flags\":");
		jstr(f, r->flags);
		jw_puts(f, ",\"section\":");
		if (r->section != NULL) {
			jw_puts(f, "{\"name\":");
			jstr(f, r->section->name);
			jw_puts(f, ",\"args\":");
			jstr(f, r->section->raw);
			jw_putc(f, ',');
			jloc(f, run, r->section->loc);
			jw_putc(f, '}');
		} else
			jw_puts(f, "null");
		jw_printf(f, ",\"file_check\":%s,\"inactive\":%s,\"backend\":{"
		    "\"socket\":", r->file_check ? "true" : "false",
		    r->inactive ? "true" : "false");
		jstr(f, r->backend.socket);
		jw_puts(f, ",\"host\":");
		jstr(f, r->backend.host);
		jw_printf(f, ",\"port\":%d,\"worker\":", r->backend.port);
		jstr(f, r->backend.worker);
		jw_puts(f, ",\"path\":");
		jstr(f, r->backend.path);
		jw_puts(f, "},\"action\":");
		if (r->action != NULL) {
			jw_putc(f, '{');
			jloc(f, run, r->action->loc);
			jw_putc(f, '}');
		} else
			jw_puts(f, "null");
		jw_putc(f, '}');
	}
	jw_puts(f, "],\"upload_dirs\":[");
	for (i = 0; i < vh->upload_dirs.n; i++) {
		if (i)
			jw_putc(f, ',');
		jstr(f, vh->upload_dirs.v[i].s);
	}
	jw_puts(f, "]}");
}

static void
jaddrs(struct jw *f, const struct pf_vhost *vh)
{
	size_t i;

	jw_puts(f, "\"addresses\":[");
	for (i = 0; i < vh->addrs.n; i++) {
		jw_printf(f, "%s\"", i ? "," : "");
		jw_puts(f, vh->addrs.v[i].host);
		if (vh->addrs.v[i].port)
			jw_printf(f, ":%d", vh->addrs.v[i].port);
		else
			jw_puts(f, ":*");
		jw_putc(f, '"');
	}
	jw_puts(f, "],");
}

static void
flags_json(struct jw *f, unsigned fl)
{
	static const struct { unsigned bit; const char *name; } names[] = {
		{ PF_NODE_SECTION, "section" },
		{ PF_NODE_INACTIVE, "inactive" },
		{ PF_NODE_HTACCESS, "htaccess" },
		{ PF_NODE_MACRO, "macro" },
		{ PF_NODE_COND, "conditional" },
		{ PF_NODE_READ, "read-time" },
		{ PF_NODE_UNKNOWN, "unknown" },
		{ PF_NODE_FORBIDDEN, "forbidden" },
		{ PF_NODE_IGNORED, "ignored" },
	};
	size_t i;
	int first = 1;

	jw_putc(f, '[');
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (fl & names[i].bit) {
			if (!first)
				jw_putc(f, ',');
			jw_putc(f, '"');
			jw_puts(f, names[i].name);
			jw_putc(f, '"');
			first = 0;
		}
	jw_putc(f, ']');
}

static void
jtree(struct jw *f, struct pf_run *run, const struct pf_node *root)
{
	const struct pf_node *n = root->child;
	int first = 1;

	jw_puts(f, "[");
	while (n != NULL) {
		int i;

		jw_puts(f, first ? "{\"name\":" : ",{\"name\":");
		jstr(f, n->name);
		jw_puts(f, ",\"args\":[");
		for (i = 0; i < n->argc; i++) {
			if (i)
				jw_putc(f, ',');
			jstr(f, n->argv[i]);
		}
		jw_puts(f, "],");
		jloc(f, run, n->loc);
		jw_puts(f, ",\"col\":");
		jw_uint(f, n->loc.col);
		jw_puts(f, ",\"flags\":");
		flags_json(f, n->flags);
		if (n->flags & PF_NODE_MACRO) {
			jw_puts(f, ",\"use\":{");
			jloc(f, run, n->use);
			jw_putc(f, '}');
		}
		if (n->child != NULL) {
			jw_puts(f, ",\"children\":[");
			first = 1;
			n = n->child;
			continue;
		}
		jw_putc(f, '}');
		first = 0;
		while (n != root && n->next == NULL) {
			n = n->parent;
			if (n != root)
				jw_puts(f, "]}");
		}
		if (n == root)
			break;
		n = n->next;
	}
	jw_puts(f, "]");
}

static int
dump_json(struct pf_run *run, struct jw *f, const struct pf_apache *ap)
{
	size_t i;

	jw_puts(f, "{\"schema\":\"proxyfpm-dump-httpd/1\",\"config\":");
	jstr(f, ap->config);
	jw_puts(f, ",\"server_root\":");
	jstr(f, ap->server_root);
	jw_puts(f, ",\"version\":");
	jstr(f, ap->version);
	jw_puts(f, ",\"mpm\":");
	jstr(f, ap->mpm.s);
	jw_puts(f, ",\"modules\":[");
	for (i = 0; i < ap->modules.n; i++) {
		if (i)
			jw_putc(f, ',');
		jstr(f, ap->modules.v[i].s);
	}
	jw_puts(f, "],\"defines\":[");
	for (i = 0; i < ap->defines.n; i++) {
		const char *d = ap->defines.v[i].s, *eq = strchr(d, '=');

		jw_printf(f, "%s{\"name\":", i ? "," : "");
		if (eq != NULL) {
			jw_printf(f, "\"%.*s\"", (int)(eq - d), d);
			jw_puts(f, ",\"value\":");
			jstr(f, eq + 1);
		} else {
			jstr(f, d);
			jw_puts(f, ",\"value\":null");
		}
		jw_putc(f, '}');
	}
	jw_puts(f, "],\"files\":[");
	for (i = 0; i < ap->files.n; i++) {
		const struct pf_source *s = pf_source_get(run, ap->files.v[i]);
		unsigned depth = 0;
		struct pf_loc l = s->included_from;

		while (l.file != 0 && depth < 1000) {
			depth++;
			l = pf_source_get(run, l.file)->included_from;
		}
		jw_printf(f, "%s{\"path\":", i ? "," : "");
		jstr(f, s->path);
		jw_printf(f, ",\"depth\":%u,\"included_from\":", depth);
		if (s->included_from.file != 0) {
			jw_putc(f, '{');
			jloc(f, run, s->included_from);
			jw_putc(f, '}');
		} else
			jw_puts(f, "null");
		jw_putc(f, '}');
	}
	jw_puts(f, "],\"server\":{");
	jival(f, run, "timeout", ap->timeout);
	jw_putc(f, ',');
	jival(f, run, "proxy_timeout", ap->proxy_timeout);
	jw_putc(f, ',');
	jival(f, run, "keepalive", ap->keepalive);
	jw_putc(f, ',');
	jsval(f, run, "user", ap->user);
	jw_putc(f, ',');
	jsval(f, run, "group", ap->group);
	jw_putc(f, ',');
	jival(f, run, "server_limit", ap->server_limit);
	jw_putc(f, ',');
	jival(f, run, "threads_per_child", ap->threads_per_child);
	jw_putc(f, ',');
	jival(f, run, "thread_limit", ap->thread_limit);
	jw_putc(f, ',');
	jival(f, run, "max_request_workers", ap->max_request_workers);
	jw_putc(f, ',');
	jival(f, run, "start_servers", ap->start_servers);
	jw_putc(f, ',');
	jival(f, run, "min_spare", ap->min_spare);
	jw_putc(f, ',');
	jival(f, run, "max_spare", ap->max_spare);
	jw_putc(f, ',');
	jival(f, run, "max_connections_per_child",
	    ap->max_connections_per_child);
	jw_putc(f, ',');
	jsval(f, run, "access_file_name", ap->access_file_name);
	jw_puts(f, "},\"main\":");
	jvhost(f, run, &ap->main);
	jw_puts(f, ",\"vhosts\":[");
	for (i = 0; i < ap->vhosts.n; i++) {
		const struct pf_vhost *vh = ap->vhosts.v[i];

		jw_printf(f, "%s{", i ? "," : "");
		jaddrs(f, vh);
		jw_puts(f, "\"vhost\":");
		jvhost(f, run, vh);
		jw_putc(f, '}');
	}
	jw_puts(f, "],\"workers\":[");
	for (i = 0; i < ap->workers.n; i++) {
		const struct pf_worker *w = ap->workers.v[i];
		size_t k;

		jw_printf(f, "%s{\"name\":", i ? "," : "");
		jstr(f, w->name);
		jw_puts(f, ",\"key\":");
		jstr(f, w->key);
		jw_puts(f, ",\"socket\":");
		jstr(f, w->socket);
		jw_putc(f, ',');
		jloc(f, run, w->loc);
		jw_puts(f, ",\"params\":[");
		for (k = 0; k < w->params.n; k++) {
			if (k)
				jw_putc(f, ',');
			jstr(f, w->params.v[k].s);
		}
		jw_puts(f, "]}");
	}
	jw_puts(f, "],\"tree\":");
	jtree(f, run, ap->root);
	jw_puts(f, "}\n");
	return f->err ? -1 : 0;
}

/* Text: a "# file" header each time the file changes, with its chain. */
static int
dump_text(struct pf_run *run, FILE *f, const struct pf_apache *ap)
{
	const struct pf_node *n = ap->root->child;
	uint32_t cur = 0;
	int depth = 0;

	fprintf(f, "# httpd %s, ServerRoot %s, Apache %s, MPM %s\n",
	    ap->config, ap->server_root, ap->version,
	    ap->mpm.s ? ap->mpm.s : "?");
	while (n != NULL) {
		int i;

		if (n->loc.file != cur && n->loc.file != 0) {
			const struct pf_source *s = pf_source_get(run,
			    n->loc.file);
			struct pf_loc l = s->included_from;

			cur = n->loc.file;
			fprintf(f, "# %s", s->path);
			while (l.file != 0) {
				const struct pf_source *p = pf_source_get(run,
				    l.file);

				fprintf(f, " <- %s:%u", p->path, l.line);
				l = p->included_from;
			}
			putc('\n', f);
		}
		fprintf(f, "%s:%u:\t%*s%s%s%s", path_of(run, n->loc.file)
		    ? path_of(run, n->loc.file) : "-", n->loc.line, depth * 2,
		    "", (n->flags & PF_NODE_INACTIVE) ? "#(inactive) " : "",
		    (n->flags & PF_NODE_SECTION) ? "<" : "", n->name);
		for (i = 0; i < n->argc; i++)
			fprintf(f, " %s", n->argv[i]);
		fputs((n->flags & PF_NODE_SECTION) ? ">\n" : "\n", f);
		if (n->child != NULL) {
			n = n->child;
			depth++;
			continue;
		}
		while (n != ap->root && n->next == NULL) {
			n = n->parent;
			if (n != ap->root) {
				depth--;
				fprintf(f, "%*s</%s>\n", depth * 2 + 1, "",
				    n->name);
			}
		}
		if (n == ap->root)
			break;
		n = n->next;
	}
	return ferror(f) ? -1 : 0;
}

int
pf_httpd_dump(struct pf_run *run, FILE *f, int json)
{
	const struct pf_apache *ap = pf_model_get(run)->apache;

	struct jw w;
	int rc;

	if (ap == NULL)
		return -1;
	if (!json)
		return dump_text(run, f, ap);
	memset(&w, 0, sizeof(w));
	w.f = f;
	w.cap = 64 * 1024;
	w.buf = pf_xmalloc(w.cap);
	fcache_reset(run);
	rc = dump_json(run, &w, ap);
	jw_flush(&w);
	free(w.buf);
	fcache_reset(NULL);
	return rc < 0 || w.err || ferror(f) ? -1 : 0;
}
