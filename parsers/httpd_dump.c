/*
 * httpd_dump.c - pf_httpd_dump: the read httpd configuration with
 * provenance, as text (one directive a line, "file:line" and the include
 * chain of each file) or as JSON (docs/dump-schema.md, "httpd" member).
 * Streams with stdio; the tree is walked without recursion.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/model.h"
#include "parsers/httpd.h"

/* Bytes jstr copies as they are (a table: the dump writes tens of MB). */
static int
plain(unsigned char c)
{
	return c >= 0x20 && c != '"' && c != '\\' && c != 0x7f;
}

static void
jstr(FILE *f, const char *s)
{
	const char *run;

	if (s == NULL) {
		fputs("null", f);
		return;
	}
	putc('"', f);
	while (*s != '\0') {
		unsigned char c;

		for (run = s; *s != '\0' && plain((unsigned char)*s); s++)
			;
		if (s > run)
			fwrite(run, 1, (size_t)(s - run), f);
		if (*s == '\0')
			break;
		c = (unsigned char)*s++;
		if (c == '"' || c == '\\') {
			putc('\\', f);
			putc(c, f);
		} else if (c == '\n')
			fputs("\\n", f);
		else if (c == '\t')
			fputs("\\t", f);
		else
			fprintf(f, "\\u%04x", c);
	}
	putc('"', f);
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

static void
jloc(FILE *f, struct pf_run *run, struct pf_loc l)
{
	char num[16], *e = num + sizeof(num);
	uint32_t v = l.line;

	if (l.file < run->sources.n && fcache.run == run) {
		if (l.file >= fcache.n) {
			size_t nn = run->sources.n, i;

			fcache.pre = realloc(fcache.pre, nn * sizeof(char *));
			if (fcache.pre == NULL) {
				fcache.n = 0;
				goto slow;
			}
			for (i = fcache.n; i < nn; i++)
				fcache.pre[i] = NULL;
			fcache.n = nn;
		}
		if (fcache.pre[l.file] == NULL) {
			char *buf = NULL;
			size_t len = 0;
			FILE *m = open_memstream(&buf, &len);

			if (m == NULL)
				goto slow;
			fputs("\"file\":", m);
			jstr(m, path_of(run, l.file));
			fputs(",\"line\":", m);
			fclose(m);
			fcache.pre[l.file] = buf;
		}
		fputs(fcache.pre[l.file], f);
		*--e = '\0';
		do
			*--e = (char)('0' + v % 10);
		while ((v /= 10) != 0);
		fputs(e, f);
		return;
	}
slow:
	fputs("\"file\":", f);
	jstr(f, path_of(run, l.file));
	fprintf(f, ",\"line\":%u", l.line);
}

static void
jsval(FILE *f, struct pf_run *run, const char *key, struct pf_sval v)
{
	fprintf(f, "\"%s\":", key);
	if (v.s == NULL) {
		fputs("null", f);
		return;
	}
	fputs("{\"value\":", f);
	jstr(f, v.s);
	putc(',', f);
	jloc(f, run, v.loc);
	putc('}', f);
}

static void
jival(FILE *f, struct pf_run *run, const char *key, struct pf_ival v)
{
	fprintf(f, "\"%s\":", key);
	if (!v.set) {
		fputs("null", f);
		return;
	}
	fprintf(f, "{\"value\":%lld,", v.v);
	jloc(f, run, v.loc);
	putc('}', f);
}

static const char *const route_kinds[PF_ROUTE_KIND_MAX] = {
	"sethandler", "addhandler", "proxypass", "proxypassmatch",
	"rewrite-proxy", "rewrite-handler", "action",
};

static void
jvhost(FILE *f, struct pf_run *run, const struct pf_vhost *vh)
{
	size_t i;

	fputs("{", f);
	if (vh->node != NULL) {
		jloc(f, run, vh->loc);
		putc(',', f);
		if (vh->node->flags & PF_NODE_MACRO) {
			fputs("\"use\":{", f);
			jloc(f, run, vh->node->use);
			fputs("},", f);
		}
	}
	jsval(f, run, "server_name", vh->server_name);
	fputs(",\"aliases\":[", f);
	for (i = 0; i < vh->aliases.n; i++) {
		fprintf(f, "%s", i ? "," : "");
		jstr(f, vh->aliases.v[i].s);
	}
	fputs("],", f);
	jsval(f, run, "document_root", vh->document_root);
	fputs(",\"alias_map\":[", f);
	for (i = 0; i < vh->alias_map.n; i++) {
		const struct pf_alias *a = &vh->alias_map.v[i];

		fprintf(f, "%s{\"url\":", i ? "," : "");
		jstr(f, a->url);
		fputs(",\"path\":", f);
		jstr(f, a->path);
		fprintf(f, ",\"regex\":%s,\"script\":%s,",
		    a->regex ? "true" : "false", a->script ? "true" : "false");
		jloc(f, run, a->node->loc);
		putc('}', f);
	}
	fputs("],\"routes\":[", f);
	for (i = 0; i < vh->routes.n; i++) {
		const struct pf_route *r = &vh->routes.v[i];

		fprintf(f, "%s{\"kind\":\"%s\",", i ? "," : "",
		    route_kinds[r->kind]);
		jloc(f, run, r->node->loc);
		fputs(",\"pattern\":", f);
		jstr(f, r->pattern);
		fputs(",\"target\":", f);
		jstr(f, r->target);
		fputs(",\"flags\":", f);
		jstr(f, r->flags);
		fputs(",\"section\":", f);
		if (r->section != NULL) {
			fputs("{\"name\":", f);
			jstr(f, r->section->name);
			fputs(",\"args\":", f);
			jstr(f, r->section->raw);
			putc(',', f);
			jloc(f, run, r->section->loc);
			putc('}', f);
		} else
			fputs("null", f);
		fprintf(f, ",\"file_check\":%s,\"inactive\":%s,\"backend\":{"
		    "\"socket\":", r->file_check ? "true" : "false",
		    r->inactive ? "true" : "false");
		jstr(f, r->backend.socket);
		fputs(",\"host\":", f);
		jstr(f, r->backend.host);
		fprintf(f, ",\"port\":%d,\"worker\":", r->backend.port);
		jstr(f, r->backend.worker);
		fputs(",\"path\":", f);
		jstr(f, r->backend.path);
		fputs("}}", f);
	}
	fputs("]}", f);
}

static void
jaddrs(FILE *f, const struct pf_vhost *vh)
{
	size_t i;

	fputs("\"addresses\":[", f);
	for (i = 0; i < vh->addrs.n; i++) {
		fprintf(f, "%s\"", i ? "," : "");
		fputs(vh->addrs.v[i].host, f);
		if (vh->addrs.v[i].port)
			fprintf(f, ":%d", vh->addrs.v[i].port);
		else
			fputs(":*", f);
		putc('"', f);
	}
	fputs("],", f);
}

static void
flags_json(FILE *f, unsigned fl)
{
	static const struct { unsigned bit; const char *name; } names[] = {
		{ PF_NODE_SECTION, "section" },
		{ PF_NODE_INACTIVE, "inactive" },
		{ PF_NODE_HTACCESS, "htaccess" },
		{ PF_NODE_MACRO, "macro" },
		{ PF_NODE_COND, "conditional" },
		{ PF_NODE_READ, "read-time" },
		{ PF_NODE_UNKNOWN, "unknown" },
	};
	size_t i;
	int first = 1;

	putc('[', f);
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (fl & names[i].bit) {
			if (!first)
				putc(',', f);
			putc('"', f);
			fputs(names[i].name, f);
			putc('"', f);
			first = 0;
		}
	putc(']', f);
}

static void
jtree(FILE *f, struct pf_run *run, const struct pf_node *root)
{
	const struct pf_node *n = root->child;
	int first = 1;

	fputs("[", f);
	while (n != NULL) {
		int i;

		fputs(first ? "{\"name\":" : ",{\"name\":", f);
		jstr(f, n->name);
		fputs(",\"args\":[", f);
		for (i = 0; i < n->argc; i++) {
			if (i)
				putc(',', f);
			jstr(f, n->argv[i]);
		}
		fputs("],", f);
		jloc(f, run, n->loc);
		fprintf(f, ",\"col\":%u,\"flags\":", n->loc.col);
		flags_json(f, n->flags);
		if (n->flags & PF_NODE_MACRO) {
			fputs(",\"use\":{", f);
			jloc(f, run, n->use);
			putc('}', f);
		}
		if (n->child != NULL) {
			fputs(",\"children\":[", f);
			first = 1;
			n = n->child;
			continue;
		}
		putc('}', f);
		first = 0;
		while (n != root && n->next == NULL) {
			n = n->parent;
			if (n != root)
				fputs("]}", f);
		}
		if (n == root)
			break;
		n = n->next;
	}
	fputs("]", f);
}

static int
dump_json(struct pf_run *run, FILE *f, const struct pf_apache *ap)
{
	size_t i;

	fputs("{\"schema\":\"proxyfpm-dump-httpd/1\",\"config\":", f);
	jstr(f, ap->config);
	fputs(",\"server_root\":", f);
	jstr(f, ap->server_root);
	fputs(",\"version\":", f);
	jstr(f, ap->version);
	fputs(",\"mpm\":", f);
	jstr(f, ap->mpm.s);
	fputs(",\"modules\":[", f);
	for (i = 0; i < ap->modules.n; i++) {
		fprintf(f, "%s", i ? "," : "");
		jstr(f, ap->modules.v[i].s);
	}
	fputs("],\"defines\":[", f);
	for (i = 0; i < ap->defines.n; i++) {
		const char *d = ap->defines.v[i].s, *eq = strchr(d, '=');

		fprintf(f, "%s{\"name\":", i ? "," : "");
		if (eq != NULL) {
			fprintf(f, "\"%.*s\"", (int)(eq - d), d);
			fputs(",\"value\":", f);
			jstr(f, eq + 1);
		} else {
			jstr(f, d);
			fputs(",\"value\":null", f);
		}
		putc('}', f);
	}
	fputs("],\"files\":[", f);
	for (i = 0; i < ap->files.n; i++) {
		const struct pf_source *s = pf_source_get(run, ap->files.v[i]);
		unsigned depth = 0;
		struct pf_loc l = s->included_from;

		while (l.file != 0 && depth < 1000) {
			depth++;
			l = pf_source_get(run, l.file)->included_from;
		}
		fprintf(f, "%s{\"path\":", i ? "," : "");
		jstr(f, s->path);
		fprintf(f, ",\"depth\":%u,\"included_from\":", depth);
		if (s->included_from.file != 0) {
			putc('{', f);
			jloc(f, run, s->included_from);
			putc('}', f);
		} else
			fputs("null", f);
		putc('}', f);
	}
	fputs("],\"server\":{", f);
	jival(f, run, "timeout", ap->timeout);
	putc(',', f);
	jival(f, run, "proxy_timeout", ap->proxy_timeout);
	putc(',', f);
	jival(f, run, "keepalive", ap->keepalive);
	putc(',', f);
	jsval(f, run, "user", ap->user);
	putc(',', f);
	jsval(f, run, "group", ap->group);
	putc(',', f);
	jival(f, run, "server_limit", ap->server_limit);
	putc(',', f);
	jival(f, run, "threads_per_child", ap->threads_per_child);
	putc(',', f);
	jival(f, run, "thread_limit", ap->thread_limit);
	putc(',', f);
	jival(f, run, "max_request_workers", ap->max_request_workers);
	putc(',', f);
	jival(f, run, "start_servers", ap->start_servers);
	putc(',', f);
	jival(f, run, "min_spare", ap->min_spare);
	putc(',', f);
	jival(f, run, "max_spare", ap->max_spare);
	putc(',', f);
	jival(f, run, "max_connections_per_child",
	    ap->max_connections_per_child);
	putc(',', f);
	jsval(f, run, "access_file_name", ap->access_file_name);
	fputs("},\"main\":", f);
	jvhost(f, run, &ap->main);
	fputs(",\"vhosts\":[", f);
	for (i = 0; i < ap->vhosts.n; i++) {
		const struct pf_vhost *vh = ap->vhosts.v[i];

		fprintf(f, "%s{", i ? "," : "");
		jaddrs(f, vh);
		fputs("\"vhost\":", f);
		jvhost(f, run, vh);
		putc('}', f);
	}
	fputs("],\"workers\":[", f);
	for (i = 0; i < ap->workers.n; i++) {
		const struct pf_worker *w = ap->workers.v[i];
		size_t k;

		fprintf(f, "%s{\"name\":", i ? "," : "");
		jstr(f, w->name);
		fputs(",\"key\":", f);
		jstr(f, w->key);
		fputs(",\"socket\":", f);
		jstr(f, w->socket);
		putc(',', f);
		jloc(f, run, w->loc);
		fputs(",\"params\":[", f);
		for (k = 0; k < w->params.n; k++) {
			fprintf(f, "%s", k ? "," : "");
			jstr(f, w->params.v[k].s);
		}
		fputs("]}", f);
	}
	fputs("],\"tree\":", f);
	jtree(f, run, ap->root);
	fputs("}\n", f);
	return ferror(f) ? -1 : 0;
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

	int rc;

	if (ap == NULL)
		return -1;
	if (!json)
		return dump_text(run, f, ap);
	fcache_reset(run);
	rc = dump_json(run, f, ap);
	fcache_reset(NULL);
	return rc;
}
