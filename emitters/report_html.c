/*
 * report_html.c - one self-contained HTML page for people: a verdict,
 * counts by severity, each site's routing table (which URL patterns go
 * to which pool, which are denied, which are static), the pools, and
 * the findings with their source lines.
 *
 * Self-contained means no external resource of any kind (no scripts,
 * fonts, images or style sheets from elsewhere): the page is attached
 * to CI runs and opened from disk.  The CSS is inline; collapsible parts
 * use <details>, so no script is needed.  Elements carry data-*
 * attributes (data-severity, data-rule, data-kind, ...) so tests and
 * user scripts can query the DOM.
 *
 * The routing table is built from the model (pf_model->apache: vhosts,
 * their PHP routes linked to pools, and Require-all-denied sections of
 * the evaluated tree).  Each kind of row has its own collector below;
 * the request simulator's verdicts can be added as another collector.
 */
#include "emitters/report_view.h"

#include <string.h>
#include <strings.h>
#include <time.h>

#include "model/model.h"

static const char css[] =
":root{--bg:#f6f7f9;--fg:#1d232b;--mute:#5b6674;--card:#fff;--line:#dde2e8;"
"--code:#f0f2f5;--critical:#7a0c2e;--high:#c4271b;--error:#c4271b;"
"--medium:#c46a00;--warning:#c46a00;--low:#8a7400;--info:#2064b0;"
"--note:#5b6674;--ok:#1f7a3a}"
"@media(prefers-color-scheme:dark){:root{--bg:#14181d;--fg:#e3e7ec;"
"--mute:#98a2ae;--card:#1c2128;--line:#2e3640;--code:#232a33}}"
"*{box-sizing:border-box}"
"body{margin:0;background:var(--bg);color:var(--fg);font:15px/1.5 "
"system-ui,-apple-system,'Segoe UI',Roboto,sans-serif}"
"main{max-width:1100px;margin:0 auto;padding:24px}"
"h1{font-size:26px;margin:0 0 4px}h2{font-size:20px;margin:32px 0 12px;"
"border-bottom:1px solid var(--line);padding-bottom:6px}"
"h3{font-size:16px;margin:0 0 6px}"
"code,pre{font:13px/1.45 ui-monospace,'DejaVu Sans Mono',Menlo,Consolas,"
"monospace}"
"code{background:var(--code);padding:1px 4px;border-radius:4px;"
"overflow-wrap:anywhere}"
".meta{color:var(--mute);margin:0}"
".verdict{display:inline-block;margin:14px 0 0;padding:8px 14px;"
"border-radius:8px;font-weight:600;color:#fff}"
".verdict.pass{background:var(--ok)}.verdict.fail{background:var(--high)}"
"nav{margin:14px 0 0}nav a{margin-right:16px;color:var(--info)}"
".counts{display:flex;flex-wrap:wrap;gap:10px;list-style:none;padding:0;"
"margin:0}"
".counts li{background:var(--card);border:1px solid var(--line);"
"border-top:4px solid var(--c);border-radius:8px;padding:8px 14px;"
"min-width:104px}"
".counts .n{display:block;font-size:24px;font-weight:700;color:var(--c)}"
".counts li.zero{opacity:.45}"
".sev-critical{--c:var(--critical)}.sev-high{--c:var(--high)}"
".sev-error{--c:var(--error)}.sev-medium{--c:var(--medium)}"
".sev-warning{--c:var(--warning)}.sev-low{--c:var(--low)}"
".sev-info{--c:var(--info)}.sev-note{--c:var(--note)}"
"table{border-collapse:collapse;width:100%;background:var(--card);"
"border:1px solid var(--line);border-radius:8px;margin:8px 0 18px}"
"th,td{text-align:left;padding:6px 10px;border-bottom:1px solid "
"var(--line);vertical-align:top}"
"th{font-size:12px;text-transform:uppercase;letter-spacing:.04em;"
"color:var(--mute)}"
"tr:last-child td{border-bottom:0}"
".vhost{background:var(--card);border:1px solid var(--line);"
"border-radius:10px;padding:14px 16px;margin:0 0 16px}"
".vhost table{margin-bottom:0}"
".kind{display:inline-block;font-size:12px;font-weight:600;padding:1px 8px;"
"border-radius:10px;color:#fff;background:var(--mute)}"
".kind-php{background:#6d4aff}.kind-denied{background:var(--high)}"
".kind-static{background:var(--ok)}.kind-proxy{background:var(--info)}"
".unlinked{color:var(--high);font-weight:600}"
".finding{background:var(--card);border:1px solid var(--line);"
"border-left:5px solid var(--c);border-radius:8px;padding:12px 16px;"
"margin:0 0 14px}"
".finding .head{display:flex;gap:10px;align-items:baseline;"
"flex-wrap:wrap}"
".badge{font-size:12px;font-weight:700;text-transform:uppercase;"
"color:#fff;background:var(--c);border-radius:4px;padding:1px 7px}"
".msg{font-weight:600;flex:1 1 400px}"
".rule{font:13px ui-monospace,monospace;color:var(--mute)}"
".where{margin:6px 0;color:var(--mute)}"
"pre.snippet{background:var(--code);border-radius:6px;padding:8px 10px;"
"margin:6px 0;overflow-x:auto;white-space:pre}"
"pre.snippet .ln{color:var(--mute);user-select:none;margin-right:12px}"
"mark{background:#ffd54d;color:#000;border-radius:2px}"
".fix{margin:8px 0 0;padding:6px 10px;border-left:3px solid var(--ok);"
"background:var(--code);border-radius:0 6px 6px 0}"
".chain,.related{margin:4px 0;padding-left:18px;color:var(--mute)}"
"details{margin:8px 0}summary{cursor:pointer;color:var(--mute)}"
"summary h3{display:inline;color:var(--fg)}"
".empty{color:var(--mute);font-style:italic}"
"footer{color:var(--mute);font-size:13px;margin:40px 0 0}";

/* Errors first (the servers would refuse the configuration), then rule
 * findings by severity, then warnings and notes. */
static const enum pf_severity order[] = {
	PF_SEV_ERROR, PF_SEV_CRITICAL, PF_SEV_HIGH, PF_SEV_MEDIUM,
	PF_SEV_WARNING, PF_SEV_LOW, PF_SEV_INFO, PF_SEV_NOTE,
};
#define NORDER	(sizeof(order) / sizeof(order[0]))

static void
esc_n(FILE *f, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		switch (s[i]) {
		case '&':
			fputs("&amp;", f);
			break;
		case '<':
			fputs("&lt;", f);
			break;
		case '>':
			fputs("&gt;", f);
			break;
		case '"':
			fputs("&quot;", f);
			break;
		case '\'':
			fputs("&#39;", f);
			break;
		default:
			fputc(s[i], f);
		}
}

static void
esc(FILE *f, const char *s)
{
	if (s != NULL)
		esc_n(f, s, strlen(s));
}

/* Model strings are bytes from the configuration: clean, mask, escape. */
static void
mtext(FILE *f, struct pf_rv *v, const char *s)
{
	esc(f, pf_rv_text(v, s));
}

static void
put_where(FILE *f, const struct pf_rv_loc *l)
{
	if (l->loc.file == 0)
		return;
	fputs("<code class=\"loc\">", f);
	esc(f, l->path);
	if (l->loc.line > 0)
		fprintf(f, ":%u", l->loc.line);
	if (l->loc.line > 0 && l->loc.col > 0)
		fprintf(f, ":%u", l->loc.col);
	fputs("</code>", f);
}

static void
put_snippet(FILE *f, const struct pf_rv_loc *l)
{
	const char *p = l->snippet;
	size_t s = l->snip_start, e = l->snip_end;

	if (p == NULL)
		return;
	fprintf(f, "<pre class=\"snippet\"><span class=\"ln\">%u</span>",
	    l->loc.line);
	if (!l->caret) {
		esc(f, p);
		fputs("</pre>\n", f);
		return;
	}
	if (e == s && p[s] != '\0')	/* a point: mark one character */
		for (e = s + 1; ((unsigned char)p[e] & 0xc0) == 0x80; e++)
			;
	esc_n(f, p, s);
	fputs("<mark>", f);
	esc_n(f, p + s, e - s);
	fputs("</mark>", f);
	esc(f, p + e);
	fputs("</pre>\n", f);
}

/* ---- the routing table ---- */

/* More vhosts than this are shown folded. */
#define FOLD_VHOSTS	12

struct row {
	const char	*kind;		/* php, denied, static, proxy */
	const char	*pattern;	/* what requests it matches */
	const char	*how;		/* the mechanism */
	const char	*target;	/* where they go */
	const char	*pool;		/* linked pool, or NULL */
	const char	*note;
	struct pf_loc	 loc;
	int		 unlinked;	/* a PHP route whose pool is unknown */
};

struct rows {
	struct row	*v;
	size_t		 n;
};


/* Where a vhost's rows live: put_routing() gives each vhost a scratch
 * arena (v->tmp), reset after it is printed; the server-wide rows are
 * the view's. */
static struct pf_arena *
row_arena(struct pf_rv *v)
{
	return v->tmp != NULL ? v->tmp : v->arena;
}
static struct row *
add_row(struct pf_rv *v, struct rows *r)
{
	r->v = pf_grow(row_arena(v), r->v, r->n, r->n + 1, sizeof(*r->v));
	memset(&r->v[r->n], 0, sizeof(r->v[0]));
	return &r->v[r->n++];
}

static const char *
route_kind(enum pf_route_kind k)
{
	static const char *const names[PF_ROUTE_KIND_MAX] = {
		"SetHandler", "AddHandler", "ProxyPass", "ProxyPassMatch",
		"RewriteRule [P]", "RewriteRule [H]", "Action",
	};

	return (unsigned)k < PF_ROUTE_KIND_MAX ? names[k] : "?";
}

static const char *
node_words(struct pf_rv *v, const struct pf_node *n)
{
	const char *s = n->name ? n->name : "";
	int i;

	for (i = 0; i < n->argc; i++)
		s = pf_printf(row_arena(v), "%s %s", s, n->argv[i]);
	return s;
}

static const char *
backend(struct pf_rv *v, const struct pf_route *r)
{
	const struct pf_backend *b = &r->backend;

	if (b->socket != NULL)
		return pf_printf(row_arena(v), "unix:%s%s%s", b->socket,
		    b->path ? " " : "", b->path ? b->path : "");
	if (b->host != NULL)
		return pf_printf(row_arena(v), "fcgi://%s:%d%s", b->host, b->port,
		    b->path ? b->path : "");
	return r->target;
}

/*
 * PHP routes the httpd reader found, linked to pools: vh's own, then
 * (from, a vhost's main server) those it inherits: ProxyPass and
 * ProxyPassMatch (mod_proxy appends the main server's to a vhost's),
 * handlers in sections and at server level (per-directory settings
 * merge into every vhost), not server-level RewriteRules (a vhost
 * inherits those only with RewriteOptions Inherit).  An inherited
 * route's pool is the one it reaches in vh (its workers and
 * DocumentRoot may give it another socket), when the rules ran.
 */
static void
rows_routes(struct pf_rv *v, const struct pf_vhost *vh,
    const struct pf_vhost *from, struct rows *r)
{
	const struct pf_vhost *src = from != NULL ? from : vh;
	size_t i;

	for (i = 0; i < src->routes.n; i++) {
		const struct pf_route *rt = &src->routes.v[i];
		const struct pf_pool *pool = rt->pool;
		struct row *w;

		if (from != NULL) {
			if (rt->inactive || ((rt->kind ==
			    PF_ROUTE_REWRITE_PROXY || rt->kind ==
			    PF_ROUTE_REWRITE_HANDLER) && rt->section == NULL))
				continue;
			if (v->run->route_pool != NULL)
				pool = v->run->route_pool(
				    v->run->route_pool_ctx, rt, vh);
		}
		w = add_row(v, r);

		w->kind = "php";
		w->pattern = rt->pattern;
		if (w->pattern == NULL && rt->section != NULL)
			w->pattern = node_words(v, rt->section);
		w->how = route_kind(rt->kind);
		if (rt->section != NULL && rt->kind == PF_ROUTE_SETHANDLER)
			w->how = pf_printf(row_arena(v), "SetHandler in <%s>",
			    node_words(v, rt->section));
		w->target = backend(v, rt);
		w->pool = pool ? pool->name : NULL;
		w->unlinked = pool == NULL;
		w->note = rt->file_check ? "only existing files "
		    "(-f %{REQUEST_FILENAME})" : NULL;
		if (from != NULL)
			w->note = w->note != NULL ? pf_printf(row_arena(v),
			    "from the main server; %s", w->note) :
			    "from the main server";
		w->loc = rt->node ? rt->node->loc : PF_NOLOC;
	}
}

static int
denies(const struct pf_node *sec)
{
	const struct pf_node *c;

	for (c = sec->child; c != NULL; c = c->next) {
		if (c->flags & PF_NODE_INACTIVE)
			continue;
		if (c->name != NULL && strcasecmp(c->name, "Require") == 0 &&
		    c->argc == 2 && strcasecmp(c->argv[0], "all") == 0 &&
		    strcasecmp(c->argv[1], "denied") == 0)
			return 1;
		if (c->name != NULL && strcasecmp(c->name, "Deny") == 0 &&
		    c->argc == 2 && strcasecmp(c->argv[1], "all") == 0)
			return 1;
	}
	return 0;
}

static int
is_access_section(const char *name)
{
	static const char *const names[] = {
		"Directory", "DirectoryMatch", "Files", "FilesMatch",
		"Location", "LocationMatch", NULL,
	};
	int i;

	for (i = 0; names[i] != NULL; i++)
		if (name != NULL && strcasecmp(name, names[i]) == 0)
			return 1;
	return 0;
}

/*
 * Sections that deny every request (Require all denied, Deny from all),
 * under node; server-level ones (outside any VirtualHost) are marked.
 */
static void
rows_denied(struct pf_rv *v, const struct pf_node *node, int server,
    struct rows *r)
{
	const struct pf_node *c;

	for (c = node ? node->child : NULL; c != NULL; c = c->next) {
		if (c->flags & PF_NODE_INACTIVE)
			continue;
		if (!(c->flags & PF_NODE_SECTION))
			continue;
		if (server && c->name != NULL &&
		    strcasecmp(c->name, "VirtualHost") == 0)
			continue;
		if (is_access_section(c->name) && denies(c)) {
			struct row *w = add_row(v, r);
			const struct pf_node *p;

			w->kind = "denied";
			w->pattern = node_words(v, c);
			/* Nested sections: <Directory /up> <FilesMatch \.php$> */
			for (p = c->parent; p != NULL && p != node->parent &&
			    is_access_section(p->name); p = p->parent)
				w->pattern = pf_printf(row_arena(v), "%s > %s",
				    node_words(v, p), w->pattern);
			w->how = "Require all denied";
			w->target = "403 Forbidden";
			w->note = server ? "server-wide" : NULL;
			w->loc = c->loc;
		}
		rows_denied(v, c, server, r);
	}
}

/* Alias and proxying to HTTP back ends (not FastCGI). */
static void
rows_other(struct pf_rv *v, const struct pf_node *node, struct rows *r)
{
	const struct pf_node *c;

	for (c = node ? node->child : NULL; c != NULL; c = c->next) {
		if (c->flags & PF_NODE_INACTIVE)
			continue;
		if (c->name != NULL && c->argc >= 2 &&
		    (strcasecmp(c->name, "Alias") == 0 ||
		    strcasecmp(c->name, "AliasMatch") == 0)) {
			struct row *w = add_row(v, r);

			w->kind = "static";
			w->pattern = c->argv[0];
			w->how = c->name;
			w->target = c->argv[1];
			w->loc = c->loc;
		} else if (c->name != NULL && c->argc >= 2 &&
		    (strcasecmp(c->name, "ProxyPass") == 0 ||
		    strcasecmp(c->name, "ProxyPassMatch") == 0) &&
		    strncasecmp(c->argv[1], "fcgi:", 5) != 0 &&
		    strncasecmp(c->argv[1], "unix:", 5) != 0) {
			struct row *w = add_row(v, r);

			w->kind = strcmp(c->argv[1], "!") == 0 ? "static" :
			    "proxy";
			w->pattern = c->argv[0];
			w->how = c->name;
			w->target = strcmp(c->argv[1], "!") == 0 ?
			    "not proxied (ProxyPass !)" : c->argv[1];
			w->loc = c->loc;
		}
		if (c->name != NULL && strcasecmp(c->name, "VirtualHost"))
			rows_other(v, c, r);
	}
}

static void
put_rows(FILE *f, struct pf_rv *v, const struct rows *r)
{
	size_t i;

	fputs("<table class=\"routes\"><thead><tr><th>requests</th>"
	    "<th>kind</th><th>handled by</th><th>goes to</th><th>pool</th>"
	    "<th>defined at</th></tr></thead><tbody>\n", f);
	for (i = 0; i < r->n; i++) {
		const struct row *w = &r->v[i];
		struct pf_rv_loc l = pf_rv_resolve(v, w->loc, 0);

		fprintf(f, "<tr class=\"route\" data-kind=\"%s\"><td><code>",
		    w->kind);
		mtext(f, v, w->pattern ? w->pattern : "");
		fprintf(f, "</code></td><td><span class=\"kind kind-%s\">%s"
		    "</span></td><td>", w->kind, w->kind);
		mtext(f, v, w->how);
		if (w->note != NULL) {
			fputs("<br><small>", f);
			mtext(f, v, w->note);
			fputs("</small>", f);
		}
		fputs("</td><td><code>", f);
		mtext(f, v, w->target ? w->target : "");
		fputs("</code></td><td", f);
		if (w->pool != NULL) {
			fputs(" data-pool=\"", f);
			mtext(f, v, w->pool);
			fputs("\">", f);
			mtext(f, v, w->pool);
		} else if (w->unlinked)
			fputs(" class=\"unlinked\">no pool listens there", f);
		else
			fputs(">", f);
		fputs("</td><td>", f);
		put_where(f, &l);
		fputs("</td></tr>\n", f);
	}
	fputs("</tbody></table>\n", f);
}

/*
 * One vhost's table.  server holds the server-wide rows (collected once);
 * with many vhosts each one is folded into a <details> so the page stays
 * a readable list.
 */
static void
put_vhost(FILE *f, struct pf_rv *v, const struct pf_apache *ap,
    const struct pf_vhost *vh, int idx, const struct rows *server, int fold)
{
	struct rows r = { NULL, 0 };
	struct pf_rv_loc l = pf_rv_resolve(v, vh->loc, 0);
	const char *name = vh->server_name.s;
	struct row *w;
	size_t i, nroutes;

	rows_routes(v, vh, NULL, &r);
	nroutes = r.n;
	if (vh->node != NULL) {
		rows_routes(v, vh, &ap->main, &r);
		nroutes = r.n;
		rows_denied(v, vh->node, 0, &r);
	}
	for (i = 0; i < server->n; i++)
		*add_row(v, &r) = server->v[i];
	rows_other(v, vh->node != NULL ? vh->node : ap->root, &r);
	w = add_row(v, &r);
	w->kind = "static";
	w->pattern = "everything else";
	w->how = "default handler";
	w->target = vh->document_root.s ? pf_printf(row_arena(v),
	    "files under %s", vh->document_root.s) : "files under the "
	    "DocumentRoot";
	w->loc = vh->document_root.loc;

	fprintf(f, "<article class=\"vhost\" id=\"vhost-%d\" "
	    "data-server-name=\"", idx);
	mtext(f, v, name ? name : "");
	fputs(fold ? "\">\n<details><summary><h3>" : "\">\n<h3>", f);
	mtext(f, v, name ? name : vh->node ? "(no ServerName)" :
	    "main server");
	for (i = 0; i < vh->addrs.n; i++) {
		fputs(i == 0 ? " <small>" : " ", f);
		mtext(f, v, vh->addrs.v[i].host);
		if (vh->addrs.v[i].port > 0)
			fprintf(f, ":%d", vh->addrs.v[i].port);
		else
			fputs(":*", f);
		if (i + 1 == vh->addrs.n)
			fputs("</small>", f);
	}
	if (vh->tls)
		fputs(" <small>TLS</small>", f);
	if (fold)
		fprintf(f, " <small>%zu route%s</small></h3></summary>\n",
		    nroutes, nroutes == 1 ? "" : "s");
	else
		fputs("</h3>\n", f);
	fputs("<p class=\"meta\">", f);
	for (i = 0; i < vh->aliases.n; i++) {
		fputs(i == 0 ? "aliases: " : ", ", f);
		mtext(f, v, vh->aliases.v[i].s);
	}
	if (vh->aliases.n > 0)
		fputs(" &middot; ", f);
	if (vh->upload_dirs.n > 0) {
		fputs("upload directories (attacker-writable): ", f);
		for (i = 0; i < vh->upload_dirs.n; i++) {
			fputs(i ? ", <code>" : "<code>", f);
			mtext(f, v, vh->upload_dirs.v[i].s);
			fputs("</code>", f);
		}
		fputs(" &middot; ", f);
	}
	fputs("defined at ", f);
	put_where(f, &l);
	fputs("</p>\n", f);
	put_rows(f, v, &r);
	fputs(fold ? "</details>\n</article>\n" : "</article>\n", f);
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
	case PF_PM_AUTO:
		return "auto (sized by compile)";
	default:
		return "dynamic (default)";
	}
}

static void
put_pools(FILE *f, struct pf_rv *v, struct pf_pool *const *pools, size_t n)
{
	size_t i;

	if (n == 0)
		return;
	if (n > FOLD_VHOSTS)
		fprintf(f, "<details class=\"pools\"><summary><h3>%zu PHP-FPM "
		    "pools</h3></summary>\n", n);
	else
		fputs("<h3>PHP-FPM pools</h3>\n", f);
	fputs("<table class=\"pools\"><thead><tr>"
	    "<th>pool</th><th>listen</th><th>user</th><th>pm</th>"
	    "<th>max_children</th><th>routed to</th><th>defined at</th>"
	    "</tr></thead><tbody>\n", f);
	for (i = 0; i < n; i++) {
		const struct pf_pool *p = pools[i];
		struct pf_rv_loc l = pf_rv_resolve(v, p->loc, 0);

		fputs("<tr class=\"pool\" data-pool=\"", f);
		mtext(f, v, p->name);
		fputs("\"><td>", f);
		mtext(f, v, p->name);
		fputs("</td><td><code>", f);
		mtext(f, v, p->listen_raw.s ? p->listen_raw.s : "");
		fputs("</code></td><td>", f);
		mtext(f, v, p->user.s ? p->user.s : "");
		if (p->group.s != NULL) {
			fputs(":", f);
			mtext(f, v, p->group.s);
		}
		fprintf(f, "</td><td>%s</td><td>", pm_name(p->pm));
		if (p->max_children.set)
			fprintf(f, "%lld", p->max_children.v);
		fprintf(f, "</td><td>%s</td><td>", p->used ? "yes" :
		    "<span class=\"unlinked\">no route</span>");
		put_where(f, &l);
		fputs("</td></tr>\n", f);
	}
	fputs(n > FOLD_VHOSTS ? "</tbody></table>\n</details>\n" :
	    "</tbody></table>\n", f);
}

static void
put_sites(FILE *f, struct pf_rv *v, const struct pf_model *m)
{
	size_t i, j;

	if (m->sites.n == 0)
		return;
	fputs("<h3>Site descriptions</h3>\n<table class=\"sites\"><thead><tr>"
	    "<th>site</th><th>server name</th><th>document root</th>"
	    "<th>upload dirs (never PHP)</th><th>PHP routed with</th>"
	    "<th>pool</th><th>defined at</th></tr></thead><tbody>\n", f);
	for (i = 0; i < m->sites.n; i++) {
		const struct pf_site *s = m->sites.v[i];
		struct pf_rv_loc l = pf_rv_resolve(v, s->loc, 0);

		fputs("<tr class=\"site\" data-site=\"", f);
		mtext(f, v, s->name);
		fputs("\"><td>", f);
		mtext(f, v, s->name);
		fputs("</td><td>", f);
		mtext(f, v, s->server_name.s);
		fputs("</td><td><code>", f);
		mtext(f, v, s->document_root.s);
		fputs("</code></td><td>", f);
		for (j = 0; j < s->upload_dirs.n; j++) {
			fputs(j ? ", <code>" : "<code>", f);
			mtext(f, v, s->upload_dirs.v[j].s);
			fputs("</code>", f);
		}
		fprintf(f, "</td><td>%s</td><td>", s->handler ==
		    PF_HANDLER_PROXYPASSMATCH ? "ProxyPassMatch" :
		    "SetHandler in &lt;FilesMatch&gt;");
		mtext(f, v, s->pool ? s->pool->name : s->pool_name.s ?
		    s->pool_name.s : s->name);
		fputs("</td><td>", f);
		put_where(f, &l);
		fputs("</td></tr>\n", f);
	}
	fputs("</tbody></table>\n", f);
}

static void
put_routing(FILE *f, struct pf_rv *v)
{
	const struct pf_model *m = v->run->model;
	const struct pf_apache *ap = m ? m->apache : NULL;
	struct rows server = { NULL, 0 };
	struct pf_arena *scratch;
	size_t i;
	int any = 0, fold;

	fputs("<section id=\"routing\">\n<h2>Sites and routing</h2>\n", f);
	if (ap != NULL) {
		fold = ap->vhosts.n > FOLD_VHOSTS;
		rows_denied(v, ap->root, 1, &server);
		/* Each vhost's rows and texts in a scratch arena (10,000
		 * vhosts kept theirs to the end: 158 MB of peak memory). */
		scratch = pf_arena_new();
		if (ap->main.routes.n > 0) {
			v->tmp = scratch;
			put_vhost(f, v, ap, &ap->main, 0, &server, fold);
			v->tmp = NULL;
			pf_arena_reset(scratch);
			any = 1;
		}
		for (i = 0; i < ap->vhosts.n; i++) {
			v->tmp = scratch;
			put_vhost(f, v, ap, ap->vhosts.v[i], (int)i + 1,
			    &server, fold);
			v->tmp = NULL;
			pf_arena_reset(scratch);
			any = 1;
		}
		pf_arena_free(scratch);
	}
	if (m != NULL) {
		put_sites(f, v, m);
		if (m->pools.n > 0)
			put_pools(f, v, m->pools.v, m->pools.n);
		else if (m->fpm != NULL)
			put_pools(f, v, m->fpm->pools.v, m->fpm->pools.n);
		any |= m->sites.n > 0 || m->pools.n > 0 ||
		    (m->fpm != NULL && m->fpm->pools.n > 0);
	}
	if (!any)
		fputs("<p class=\"empty\">No sites or pools were read in this "
		    "run.</p>\n", f);
	fputs("</section>\n", f);
}

/* ---- findings ---- */

/* about: the rule's text in full (its first finding), else a link to
 * it (10,000 findings of one rule repeated its page 10,000 times). */
static void
put_finding(FILE *f, struct pf_rv *v, const struct pf_rv_diag *rd, int n,
    int about)
{
	size_t i;

	fprintf(f, "<article class=\"finding sev-%s\" id=\"finding-%d\" "
	    "data-severity=\"%s\" data-rule=\"", pf_sev_name(rd->sev), n,
	    pf_sev_name(rd->sev));
	esc(f, rd->id);
	fputs("\"", f);
	if (rd->fingerprint != NULL) {
		fputs(" data-fingerprint=\"", f);
		esc(f, rd->fingerprint);
		fputs("\"", f);
	}
	fprintf(f, ">\n<div class=\"head\"><span class=\"badge\">%s</span>"
	    "<span class=\"msg\">", pf_sev_name(rd->sev));
	esc(f, rd->message);
	fputs("</span>", f);
	if (rd->rule != NULL) {
		fputs("<a class=\"rule\" href=\"", f);
		esc(f, pf_rv_rule_uri(v, rd->id));
		fputs("\">", f);
		esc(f, rd->id);
		fputs("</a>", f);
	} else {
		fputs("<span class=\"rule\">", f);
		esc(f, rd->id);
		fputs("</span>", f);
	}
	fputs("</div>\n<p class=\"where\">", f);
	put_where(f, &rd->at);
	if (rd->subject != NULL) {
		fputs(" &middot; ", f);
		esc(f, rd->subject);
	}
	if (rd->suppressed != NULL) {
		fputs(" &middot; suppressed: ", f);
		esc(f, rd->suppressed);
	}
	fputs("</p>\n", f);
	put_snippet(f, &rd->at);
	if (rd->at.nchain > 0 || rd->gen != NULL) {
		fputs("<ul class=\"chain\">", f);
		for (i = 0; i < rd->at.nchain; i++) {
			fputs("<li>included from ", f);
			put_where(f, &rd->at.chain[i]);
			fputs("</li>", f);
		}
		if (rd->gen != NULL) {
			fputs("<li>generated as ", f);
			put_where(f, rd->gen);
			if (rd->gen->snippet != NULL) {
				fputs(": ", f);
				put_snippet(f, rd->gen);
			}
			fputs("</li>", f);
		}
		fputs("</ul>\n", f);
	}
	if (rd->nrel > 0) {
		fputs("<ul class=\"related\">", f);
		for (i = 0; i < rd->nrel; i++) {
			fputs("<li>", f);
			put_where(f, &rd->rel[i].loc);
			fputs(" ", f);
			esc(f, rd->rel[i].message);
			put_snippet(f, &rd->rel[i].loc);
			fputs("</li>", f);
		}
		fputs("</ul>\n", f);
	}
	if (rd->fix != NULL) {
		fputs("<p class=\"fix\"><strong>Fix:</strong> ", f);
		esc(f, rd->fix);
		fputs("</p>\n", f);
	}
	if (rd->rule != NULL && (rd->rule->summary || rd->rule->help) &&
	    about) {
		fputs("<details class=\"about\" id=\"about-", f);
		esc(f, rd->id);
		fputs("\"><summary>About ", f);
		mtext(f, v, rd->rule->name ? rd->rule->name : rd->id);
		fputs("</summary><p>", f);
		mtext(f, v, rd->rule->help ? rd->rule->help :
		    rd->rule->summary);
		fputs("</p></details>\n", f);
	} else if (rd->rule != NULL && (rd->rule->summary || rd->rule->help)) {
		fputs("<p class=\"about\"><a href=\"#about-", f);
		esc(f, rd->id);
		fputs("\">About ", f);
		mtext(f, v, rd->rule->name ? rd->rule->name : rd->id);
		fputs("</a></p>\n", f);
	}
	fputs("</article>\n", f);
}

/* A finding of the lazy view, completed in a and let go once printed;
 * seen[] marks the rules whose text is out already. */
static void
put_one(FILE *f, struct pf_rv *v, struct pf_rv_diag *rd, int n,
    struct pf_arena *a, unsigned char *seen)
{
	int k = rd->rule != NULL && rd->id != NULL ? pf_rv_id_index(v,
	    rd->id) : -1;
	int about = k < 0 || !seen[k];

	if (k >= 0)
		seen[k] = 1;
	pf_rv_fill(v, rd, a);
	v->tmp = a;	/* its texts too */
	put_finding(f, v, rd, n, about);
	v->tmp = NULL;
	pf_arena_reset(a);
}

static void
put_findings(FILE *f, struct pf_rv *v)
{
	struct pf_arena *a = pf_arena_new();
	unsigned char *seen = pf_alloc(v->arena, v->nids + 1);
	size_t i, k;
	int n = 0;

	fputs("<section id=\"findings\">\n<h2>Findings</h2>\n", f);
	if (v->nshown == 0)
		fputs("<p class=\"empty\">Nothing to report.</p>\n", f);
	for (k = 0; k < NORDER; k++)
		for (i = 0; i < v->n; i++)
			if (v->v[i].sev == order[k] &&
			    v->v[i].suppressed == NULL)
				put_one(f, v, &v->v[i], ++n, a, seen);
	if (v->run->dropped > 0)
		fprintf(f, "<p class=\"empty\">%zu more diagnostics were "
		    "counted but not stored.</p>\n", v->run->dropped);
	if (pf_run_below_total(v->run) > 0)
		fprintf(f, "<p class=\"empty\">%zu more below --min-severity "
		    "%s were counted but not shown.</p>\n",
		    pf_run_below_total(v->run), pf_sev_name(v->run->min_sev));
	if (v->nsuppressed > 0) {
		fprintf(f, "<details id=\"suppressed\"><summary>%zu suppressed "
		    "finding%s</summary>\n", v->nsuppressed,
		    v->nsuppressed == 1 ? "" : "s");
		for (i = 0; i < v->n; i++)
			if (v->v[i].suppressed != NULL)
				put_one(f, v, &v->v[i], ++n, a, seen);
		fputs("</details>\n", f);
	}
	fputs("</section>\n", f);
	pf_arena_free(a);
}

static void
put_summary(FILE *f, struct pf_rv *v)
{
	size_t k, i, *cnt;

	fputs("<section id=\"summary\">\n<h2>Summary</h2>\n<ul class=\"counts\">",
	    f);
	for (k = 0; k < NORDER; k++) {
		size_t c = v->count[order[k]];

		fprintf(f, "<li class=\"sev-%s%s\" data-severity=\"%s\" "
		    "data-count=\"%zu\"><span class=\"n\">%zu</span>%s</li>",
		    pf_sev_name(order[k]), c ? "" : " zero",
		    pf_sev_name(order[k]), c, c, pf_sev_name(order[k]));
	}
	fputs("</ul>\n", f);
	if (v->nids == 0) {
		fputs("</section>\n", f);
		return;
	}
	cnt = pf_alloc(v->arena, (v->nids + 1) * sizeof(*cnt));
	for (i = 0; i < v->n; i++)
		if (v->v[i].suppressed == NULL)
			cnt[pf_rv_id_index(v, v->v[i].id)]++;
	fputs("<table class=\"by-rule\"><thead><tr><th>rule</th><th>count</th>"
	    "<th>what it checks</th></tr></thead><tbody>\n", f);
	for (k = 0; k < v->nids; k++) {
		int ri = pf_rv_rule_index(v, v->ids[k]);

		if (cnt[k] == 0)
			continue;
		fputs("<tr><td><code>", f);
		esc(f, v->ids[k]);
		fprintf(f, "</code></td><td>%zu</td><td>", cnt[k]);
		if (ri >= 0)
			mtext(f, v, v->rules[ri]->summary ?
			    v->rules[ri]->summary : v->rules[ri]->name);
		else
			fputs("configuration reader", f);
		fputs("</td></tr>\n", f);
	}
	fputs("</tbody></table>\n</section>\n", f);
}

static void
put_inputs(FILE *f, struct pf_rv *v)
{
	struct pf_run *run = v->run;
	size_t i;

	fprintf(f, "<section id=\"inputs\">\n<details><summary>%zu file%s "
	    "read</summary>\n<table class=\"files\"><thead><tr><th>file</th>"
	    "<th>kind</th><th>bytes</th><th>included from</th></tr></thead>"
	    "<tbody>\n", run->sources.n - 1, run->sources.n == 2 ? "" : "s");
	for (i = 1; i < run->sources.n; i++) {
		const struct pf_source *s = run->sources.v[i];
		struct pf_rv_loc l = pf_rv_resolve(v,
		    pf_loc_make((uint32_t)i, 0, 0, 0), 0);
		struct pf_rv_loc from = pf_rv_resolve(v, s->included_from, 0);

		fputs("<tr><td>", f);
		put_where(f, &l);
		fprintf(f, "</td><td>%s</td><td>%zu</td><td>",
		    pf_rv_kind_name(s->kind), s->len);
		put_where(f, &from);
		fputs("</td></tr>\n", f);
	}
	fputs("</tbody></table>\n</details>\n</section>\n", f);
}

int
pf_report_html(struct pf_run *run, FILE *f, const struct pf_report_opts *o)
{
	struct pf_rv v;
	char stamp[40] = "";
	size_t nfail, nerr, i;
	const char *p;

	/* Each finding is completed when it is printed (PF_RV_LAZY). */
	pf_rv_build_flags(&v, run, o, PF_RV_LAZY);
	if (o->time_set) {
		time_t t = (time_t)o->time;
		struct tm tm;

		if (gmtime_r(&t, &tm) != NULL)
			strftime(stamp, sizeof(stamp), "%Y-%m-%d %H:%M:%S UTC",
			    &tm);
	}
	nerr = v.count[PF_SEV_ERROR];
	for (nfail = 0, i = 0; i < v.n; i++)
		nfail += v.v[i].failing && v.v[i].finding;
	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n<meta name=\"viewport\" "
	    "content=\"width=device-width, initial-scale=1\">\n", f);
	fprintf(f, "<meta name=\"generator\" content=\"proxyfpm ");
	esc(f, v.tool_version);
	fprintf(f, "\">\n<title>proxyfpm %s: %zu finding%s</title>\n",
	    o->command ? o->command : "report", v.nshown,
	    v.nshown == 1 ? "" : "s");
	/* One rule per line, so diffs of reports stay readable. */
	fputs("<style>\n", f);
	for (p = css; *p != '\0'; p++) {
		fputc(*p, f);
		if (*p == '}')
			fputc('\n', f);
	}
	fputs("</style>\n</head>\n<body>\n<main>\n<header>\n", f);
	fprintf(f, "<h1>proxyfpm %s report</h1>\n<p class=\"meta\">proxyfpm ",
	    o->command ? o->command : "");
	esc(f, v.tool_version);
	if (o->apache_version) {
		fputs(" &middot; Apache httpd ", f);
		esc(f, o->apache_version);
	}
	if (o->php_version) {
		fputs(" &middot; PHP ", f);
		esc(f, o->php_version);
	}
	fprintf(f, " &middot; %zu file%s", run->sources.n - 1,
	    run->sources.n == 2 ? "" : "s");
	if (stamp[0] != '\0')
		fprintf(f, " &middot; %s", stamp);
	fputs("</p>\n", f);
	if (v.failed) {
		fputs("<p id=\"verdict\" class=\"verdict fail\" "
		    "data-failed=\"true\">Fails:", f);
		if (nfail > 0)
			fprintf(f, " %zu finding%s at or above %s", nfail,
			    nfail == 1 ? "" : "s", pf_sev_name(o->fail_on));
		if (nfail > 0 && nerr > 0)
			fputs(" and", f);
		if (nerr > 0)
			fprintf(f, " %zu error%s (input the servers would "
			    "refuse)", nerr, nerr == 1 ? "" : "s");
		fputs("</p>\n", f);
	} else
		fprintf(f, "<p id=\"verdict\" class=\"verdict pass\" "
		    "data-failed=\"false\">Passes: nothing at or above %s"
		    "</p>\n", (unsigned)o->fail_on < PF_SEV_MAX ?
		    pf_sev_name(o->fail_on) : "the threshold (none)");
	fputs("<nav><a href=\"#summary\">Summary</a><a href=\"#routing\">"
	    "Sites and routing</a><a href=\"#findings\">Findings</a>"
	    "<a href=\"#inputs\">Files</a></nav>\n</header>\n", f);
	put_summary(f, &v);
	put_routing(f, &v);
	put_findings(f, &v);
	put_inputs(f, &v);
	fputs("<footer>Generated by proxyfpm ", f);
	esc(f, v.tool_version);
	fputs(". Secrets are ", f);
	fputs(o->redact ? "redacted" : "<strong>not</strong> redacted "
	    "(--no-redact)", f);
	fputs(".</footer>\n</main>\n</body>\n</html>\n", f);
	pf_rv_free(&v);
	return ferror(f) ? -1 : 0;
}
