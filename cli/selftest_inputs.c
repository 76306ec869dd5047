/*
 * selftest_inputs.c - what selftest runs: site descriptions compiled in
 * memory with every path below the sandbox, or deployed files read as
 * Apache and php-fpm read them (every file they pull in, .htaccess
 * included), with the paths those files point at (document roots,
 * folders, sockets, script paths) collected so the sandbox copy can move
 * them below its own root.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <pwd.h>
#include <grp.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "cli/selftest.h"
#include "emitters/emit.h"
#include "parsers/fpm.h"
#include "parsers/httpd.h"
#include "parsers/httpd_table.h"
#include "parsers/phpini.h"
#include "parsers/site.h"

/* Modules Debian's apache2 enables out of the box (a2enmod's defaults):
 * a vhost file runs in front of these, as it would on a stock server. */
static const char *const debian_mods[] = {
	"access_compat", "alias", "auth_basic", "authn_core", "authn_file",
	"authz_core", "authz_host", "authz_user", "autoindex", "deflate",
	"dir", "env", "filter", "mime", "negotiation", "reqtimeout",
	"setenvif", "status",
	/* and what every PHP-FPM route needs ("proxy:" handlers have no
	 * directive that would name the module) */
	"proxy", "proxy_fcgi", NULL,
};

const char *
st_to_sandbox(struct st_ctx *c, const char *path)
{
	size_t n = strlen(c->dir);

	if (path == NULL || path[0] != '/')
		return path;
	if (strncmp(path, c->dir, n) == 0 && (path[n] == '/' ||
	    path[n] == '\0'))
		return path;
	/* /var/run is /run on the target: one name for one socket */
	if (strncmp(path, "/var/run/", 9) == 0)
		path += 4;
	return pf_printf(c->a, "%s%s", c->root, path);
}

const char *
st_to_target(struct st_ctx *c, const char *path)
{
	size_t n;

	if (path == NULL || c->root == NULL)
		return path;
	n = strlen(c->root);
	if (strncmp(path, c->root, n) == 0 && path[n] == '/')
		return path + n;
	return path;
}

struct pf_loc
st_report_loc(struct st_ctx *c, struct pf_loc l)
{
	struct pf_source *s;
	const char *a, *b;
	size_t i, an, bn;

	if (c->sb == NULL || l.file == 0 ||
	    (s = pf_source_get(c->sb, l.file)) == NULL)
		return PF_NOLOC;
	for (i = 0; i < c->texts.n; i++) {
		const struct st_text *t = &c->texts.v[i];

		if (t->copy == NULL || t->src == 0 || strcmp(t->copy, s->path))
			continue;
		/* Lines stay where they were, and so does the start of a
		 * rewritten line (its indentation and directive name): only
		 * a span into changed arguments is dropped. */
		if (pf_source_line(c->sb, l.file, l.line, &a, &an) == 0 &&
		    pf_source_line(c->run, t->src, l.line, &b, &bn) == 0 &&
		    (an != bn || memcmp(a, b, an) != 0) &&
		    (l.col == 0 || l.col - 1 + l.len > bn ||
		    l.col - 1 + l.len > an ||
		    memcmp(a, b, l.col - 1 + l.len) != 0)) {
			l.col = 1;
			l.len = 0;
		}
		l.file = t->src;
		return l;
	}
	return PF_NOLOC;
}

static void add_module(struct st_ctx *, const char *);
static void collect_modules_text(struct st_ctx *, const char *, size_t);

static void
add_text(struct st_ctx *c, enum st_text_kind kind, const char *path,
    const char *data, size_t len, uint32_t src, int top)
{
	struct st_text t;
	size_t i;

	for (i = 0; i < c->texts.n; i++)
		if (strcmp(c->texts.v[i].path, path) == 0)
			return;		/* read twice: one copy */
	memset(&t, 0, sizeof(t));
	t.kind = kind;
	t.path = path;
	t.data = data;
	t.len = len;
	t.src = src;
	t.top = top;
	PF_PUSH(c->a, c->texts, t);
}

/* The user Apache runs as in the sandbox (root only) and the name pool
 * users are mapped to. */
static void
pick_user(struct st_ctx *c)
{
	static const char *const names[] = { "www-data", "apache", "daemon",
	    "nobody", NULL };
	struct passwd *pw = NULL;
	struct group *gr;
	int i;

	if (geteuid() != 0) {
		pw = getpwuid(geteuid());
		c->user = pw ? pf_strdup(c->a, pw->pw_name) : NULL;
		gr = getgrgid(getegid());
		c->group = gr ? pf_strdup(c->a, gr->gr_name) : NULL;
		return;
	}
	for (i = 0; names[i] != NULL; i++)
		if ((pw = getpwnam(names[i])) != NULL && pw->pw_uid != 0)
			break;
	if (names[i] == NULL) {
		c->user = c->group = NULL;
		return;
	}
	c->user = pf_strdup(c->a, pw->pw_name);
	gr = getgrgid(pw->pw_gid);
	c->group = pf_strdup(c->a, gr ? gr->gr_name : pw->pw_name);
}

/* Reads the descriptions into r and compiles them (NULL on errors). */
static struct pf_emitted *
compile_sites(struct pf_run *r, char **files, size_t n, const char *host,
    const struct pf_compile_opts *co, size_t *nout)
{
	struct pf_emitted *out = NULL;
	struct pf_model *m;

	pf_site_read(r, (const char *const *)files, n);
	m = pf_model_get(r);
	if (host != NULL)
		pf_host_load(r, host);
	else if (m->host.source == PF_HOST_NONE && pf_run_errors(r) == 0)
		pf_host_load(r, "auto");	/* sizing does not matter */
	if (pf_run_errors(r) > 0 || pf_compile(r, co, &out, nout) < 0 ||
	    pf_run_errors(r) > 0)
		return NULL;
	return out;
}

/*
 * Compiles twice: as for the target machine into the report run, so that
 * findings point at the description through the files compile really
 * writes, and with every path below the sandbox and pool users mapped to
 * one that exists, for the sandbox.  Both have the same lines.
 */
int
st_inputs_sites(struct st_ctx *c, char **files, size_t n, const char *host,
    const char *layout, const struct pf_user_map *maps, size_t nmap)
{
	struct pf_compile_opts co;
	struct pf_emitted *out, *sbout;
	struct pf_user_map def;
	struct pf_run *scratch;
	size_t nout = 0, nsb = 0, i, j;
	int rc = -1;

	pick_user(c);
	c->compiled = 1;
	memset(&co, 0, sizeof(co));
	co.layout = layout;
	co.emit_mpm = -1;	/* as compile: connection reuse depends on it */
	if ((out = compile_sites(c->run, files, n, host, &co, &nout)) == NULL)
		return -1;
	co.remap_root = c->root;
	if (nmap > 0) {
		co.user_map = maps;
		co.nuser_map = nmap;
	} else if (c->user != NULL) {
		def.from = "*";
		def.to = c->user;
		co.user_map = &def;
		co.nuser_map = 1;
	}
	scratch = pf_run_new();
	if ((sbout = compile_sites(scratch, files, n, host, &co, &nsb)) ==
	    NULL) {
		pf_diag_add(c->run, PF_SEV_ERROR, "selftest-internal",
		    PF_NOLOC, "the descriptions do not compile into the "
		    "sandbox");
		goto out;
	}
	for (i = 0; debian_mods[i] != NULL; i++)
		add_module(c, debian_mods[i]);
	for (i = 0; i < nsb; i++) {
		const struct pf_emitted *e = &sbout[i];
		enum st_text_kind k;
		uint32_t src = 0;
		char *data;

		if (e->kind == PF_EMIT_VHOST)
			k = ST_TXT_HTTPD;
		else if (e->kind == PF_EMIT_POOL)
			k = ST_TXT_FPM;
		else
			continue;	/* systemd drop-in, MPM sizing */
		for (j = 0; j < nout; j++)
			if (out[j].kind == e->kind && strcmp(out[j].rel,
			    e->rel) == 0)
				src = out[j].source;
		data = pf_alloc(c->a, e->len + 1);
		memcpy(data, e->data, e->len);
		add_text(c, k, pf_strdup(c->a, e->target), data, e->len, src,
		    1);
		if (k == ST_TXT_HTTPD)
			collect_modules_text(c, data, e->len);
	}
	rc = 0;
out:
	pf_run_free(scratch);
	return rc;
}

/* ---- deployed files ------------------------------------------------- */

static void
add_root(struct st_ctx *c, const char *p, size_t n)
{
	size_t i;

	while (n > 1 && p[n - 1] == '/')
		n--;
	if (n < 2 || p[0] != '/')
		return;		/* never "/" itself: it covers the sandbox */
	for (i = 0; i < c->roots.n; i++)
		if (strlen(c->roots.v[i]) == n &&
		    strncmp(c->roots.v[i], p, n) == 0)
			return;
	PF_PUSH(c->a, c->roots, pf_strndup(c->a, p, n));
}

/* The literal start of a path that may hold $1, %{...} or regex. */
static void
add_root_prefix(struct st_ctx *c, const char *p)
{
	size_t n = strcspn(p, "$%*?[({^\\|\"'");

	if (p[n] != '\0')	/* cut back to a whole component */
		while (n > 0 && p[n - 1] != '/')
			n--;
	add_root(c, p, n);
}

/* Paths and worker names inside URLs of an argument. */
static void
scan_urls(struct st_ctx *c, const char *s)
{
	const char *p, *e, *q;
	size_t n;

	for (p = s; (p = strcasestr(p, "unix:")) != NULL; p += 5) {
		e = p + 5;
		n = strcspn(e, "|\" '");
		add_root(c, e, n);
		if (e[n] == '|') {
			q = e + n + 1;
			n = strcspn(q, "/\"' ");
			if ((e = strstr(q, "://")) != NULL && e < q + n + 3) {
				size_t an = strcspn(e + 3, "/\"' |");
				char *w = pf_strndup(c->a, q,
				    (size_t)(e + 3 - q) + an);
				char *k;

				for (k = w; *k; k++)
					*k = (char)tolower((unsigned char)*k);
				PF_PUSH(c->a, c->unix_workers, w);
			}
		}
	}
	for (p = s; (p = strstr(p, "://")) != NULL; p += 3) {
		e = p + 3 + strcspn(p + 3, "/\"' |");
		if (*e == '/')
			add_root_prefix(c, e);
	}
}

/* Path arguments of the directives that name files Apache serves. */
static void
collect_node(struct st_ctx *c, const struct pf_node *nd)
{
	const char *nm = nd->name;
	int i;

	if (nm == NULL)
		return;
	if (!(nd->flags & PF_NODE_INACTIVE) &&
	    strcasecmp(nm, "LoadModule") == 0) {
		c->full_config = 1;
		if (nd->argc >= 1 && strncmp(nd->argv[0], "mpm_", 4) == 0)
			c->has_mpm = 1;
	}
	/* Listen in a false <IfModule> opens nothing on the server */
	if (!(nd->flags & PF_NODE_INACTIVE) && nd->argc >= 1 &&
	    strcasecmp(nm, "Listen") == 0) {
		const char *colon = strrchr(nd->argv[0], ':');

		PF_PUSH(c->a, c->listen_ports, atoi(colon ? colon + 1 :
		    nd->argv[0]));
	}
	if (strcasecmp(nm, "RemoteIPHeader") == 0 ||
	    strcasecmp(nm, "RemoteIPProxyProtocol") == 0)
		c->remoteip_conflict = 1;
	if (nd->argc == 1 && (strcasecmp(nm, "DocumentRoot") == 0 ||
	    strcasecmp(nm, "Directory") == 0))
		add_root(c, nd->argv[0], strlen(nd->argv[0]));
	if (nd->argc >= 2 && (strcasecmp(nm, "Alias") == 0 ||
	    strcasecmp(nm, "ScriptAlias") == 0 ||
	    strcasecmp(nm, "AliasMatch") == 0 ||
	    strcasecmp(nm, "ScriptAliasMatch") == 0))
		add_root_prefix(c, nd->argv[1]);
	/* <DirectoryMatch "^/srv/x/"> and <Directory ~ "^/srv/x/"> */
	if ((nd->argc == 1 && strcasecmp(nm, "DirectoryMatch") == 0) ||
	    (nd->argc == 2 && strcasecmp(nm, "Directory") == 0 &&
	    strcmp(nd->argv[0], "~") == 0))
		add_root_prefix(c, nd->argv[nd->argc - 1] +
		    (nd->argv[nd->argc - 1][0] == '^'));
	for (i = 0; i < nd->argc; i++)
		scan_urls(c, nd->argv[i]);
}

static void
collect_tree(struct st_ctx *c, const struct pf_node *n, int depth)
{
	const struct pf_node *k;

	if (depth > 200)
		return;
	for (k = n->child; k != NULL; k = k->next) {
		if (!(k->flags & PF_NODE_COND))
			collect_node(c, k);
		collect_tree(c, k, depth + 1);
	}
}

/* The .so files of the modules a vhost file's directives need. */
/* The module of a directive ("<Proxy" for a section), if one module
 * defines it and it is not compiled in. */
static void
need_directive(struct st_ctx *c, const char *name, size_t len, int section)
{
	const struct pf_directive *d;
	const struct pf_httpd_module *mod;
	char lname[128];
	size_t i, j, nd;

	/* TLS is off in the sandbox: its directives are dropped */
	if (len == 0 || len >= sizeof(lname) - 1 ||
	    strncasecmp(name, "ssl", 3) == 0)
		return;
	lname[0] = '<';
	for (i = 0; i < len; i++)
		lname[i + 1] = (char)tolower((unsigned char)name[i]);
	lname[i + 1] = '\0';
	d = pf_httpd_directive_find(section ? lname : lname + 1, &nd);
	if (d == NULL || nd != 1 || d->module >= pf_httpd_nmodules)
		return;		/* unknown, or several modules define it */
	mod = &pf_httpd_modules[d->module];
	if (mod->builtin || mod->so == NULL || mod->so[0] == '\0')
		return;
	for (j = 0; j < c->modules.n; j++)
		if (strcmp(c->modules.v[j], mod->so) == 0)
			return;
	PF_PUSH(c->a, c->modules, mod->so);
}

/* The .so files of the modules a vhost file's directives need (those
 * in a false <IfModule> stay off, as on the server). */
static void
collect_modules(struct st_ctx *c, const struct pf_node *n, int depth)
{
	const struct pf_node *k;

	if (depth > 200)
		return;
	for (k = n->child; k != NULL; k = k->next) {
		if (k->flags & PF_NODE_INACTIVE)
			continue;
		collect_modules(c, k, depth + 1);
		if (k->name != NULL)
			need_directive(c, k->name, strlen(k->name),
			    (k->flags & PF_NODE_SECTION) != 0);
	}
}

/* The same over the text of an emitted vhost (no conditionals). */
static void
collect_modules_text(struct st_ctx *c, const char *s, size_t len)
{
	const char *e = s + len, *p, *w;

	while (s < e) {
		for (p = s; p < e && (*p == ' ' || *p == '\t'); p++)
			;
		for (w = p + (*p == '<'); w < e && !strchr(" \t>\n", *w); w++)
			;
		if (p < e && *p != '#' && *p != '\n' && !(p[0] == '<' &&
		    p + 1 < e && p[1] == '/'))
			need_directive(c, p + (*p == '<'), (size_t)(w - p -
			    (*p == '<')), *p == '<');
		while (s < e && *s != '\n')
			s++;
		s++;
	}
}

static void
add_module(struct st_ctx *c, const char *name)
{
	const char *so = pf_printf(c->a, "mod_%s.so", name);
	size_t j;

	for (j = 0; j < c->modules.n; j++)
		if (strcmp(c->modules.v[j], so) == 0)
			return;
	PF_PUSH(c->a, c->modules, so);
}

/*
 * An input's path made absolute and without "." or ".." parts or
 * doubled '/' (lexically): the sandbox copies each file to DIR/conf +
 * this path and refuses a copy whose path climbs with "..", so
 * `selftest --httpd ../site/vhost.conf` used to stop at "cannot write
 * the sandbox".
 */
static const char *
absolute(struct st_ctx *c, const char *p)
{
	char cwd[PATH_MAX], *out, *o;
	const char *q, *e;

	if (p == NULL)
		return p;
	if (p[0] != '/') {
		if (getcwd(cwd, sizeof(cwd)) == NULL)
			return p;
		p = pf_printf(c->a, "%s/%s", strcmp(cwd, "/") ? cwd : "", p);
	}
	if (strstr(p, "/.") == NULL && strstr(p, "//") == NULL)
		return p;
	out = o = pf_alloc(c->a, strlen(p) + 2);
	for (q = p; *q != '\0'; q = e) {
		while (*q == '/')
			q++;
		e = q + strcspn(q, "/");
		if (e == q || (e - q == 1 && q[0] == '.'))
			continue;
		if (e - q == 2 && q[0] == '.' && q[1] == '.') {
			while (o > out && *--o != '/')
				;
			continue;
		}
		*o++ = '/';
		memcpy(o, q, (size_t)(e - q));
		o += e - q;
	}
	if (o == out)
		*o++ = '/';
	*o = '\0';
	return out;
}

/* Carries the first error of a reader run over to the report run. */
static void
carry_error(struct st_ctx *c, struct pf_run *r0, const char *what)
{
	size_t i;

	for (i = 0; i < r0->diags.n; i++)
		if (r0->diags.v[i]->sev == PF_SEV_ERROR) {
			pf_diag_add(c->run, PF_SEV_ERROR, "selftest-input",
			    PF_NOLOC, "%s: %s", what, r0->diags.v[i]->message);
			return;
		}
	pf_diag_add(c->run, PF_SEV_ERROR, "selftest-input", PF_NOLOC,
	    "%s cannot be read", what);
}

int
st_inputs_deployed(struct st_ctx *c, const char *httpd, const char *fpm,
    const char *phpini, const char **defines, size_t ndefines)
{
	struct pf_httpd_opts ho;
	struct pf_fpm_opts fo;
	struct pf_phpini_opts po;
	struct pf_run *r0 = pf_run_new();
	struct pf_model *m;
	size_t i;
	int rc = -1, seen_httpd = 0, seen_fpm = 0, seen_ini = 0;

	pick_user(c);
	memset(&ho, 0, sizeof(ho));
	memset(&fo, 0, sizeof(fo));
	memset(&po, 0, sizeof(po));
	ho.config = absolute(c, httpd);
	ho.server_root = c->server_root = absolute(c, c->server_root);
	ho.defines = defines;
	ho.ndefines = ndefines;
	ho.version = c->apache_version;
	fo.config = absolute(c, fpm);
	po.path = absolute(c, phpini);
	if (phpini != NULL && pf_phpini_read(r0, &po) < 0) {
		carry_error(c, r0, phpini);
		goto out;
	}
	if (fpm != NULL && pf_fpm_read(r0, &fo) < 0) {
		carry_error(c, r0, fpm);
		goto out;
	}
	if (pf_httpd_read(r0, &ho) < 0) {
		carry_error(c, r0, httpd);
		goto out;
	}
	m = pf_model_get(r0);
	c->has_phpini = phpini != NULL;
	/* Every file the servers would read, in reading order. */
	for (i = 1; i < r0->sources.n; i++) {
		struct pf_source *s = r0->sources.v[i];
		enum st_text_kind k;
		const char *path;
		char *data;
		uint32_t src;
		int top = 0;

		switch (s->kind) {
		case PF_SRC_HTTPD:
			k = ST_TXT_HTTPD;
			top = !seen_httpd++;
			break;
		case PF_SRC_HTACCESS:
			k = ST_TXT_HTACCESS;
			break;
		case PF_SRC_FPM:
			k = ST_TXT_FPM;
			top = !seen_fpm++;
			break;
		case PF_SRC_PHPINI:
			k = ST_TXT_PHPINI;
			top = !seen_ini++;
			break;
		default:
			continue;
		}
		path = pf_strdup(c->a, absolute(c, s->path));
		data = pf_alloc(c->a, s->len + 1);
		memcpy(data, s->data, s->len);
		src = pf_source_add(c->run, path, data, s->len, s->kind,
		    PF_NOLOC);
		add_text(c, k, path, data, s->len, src, top);
	}
	if (m->apache != NULL) {
		if (m->apache->root != NULL)
			collect_tree(c, m->apache->root, 0);
		/* The main server's DocumentRoot applies to vhosts that set
		 * none (the compiled default when nobody sets it). */
		if (m->apache->main.document_root.s != NULL)
			add_root(c, m->apache->main.document_root.s,
			    strlen(m->apache->main.document_root.s));
		else
			add_root(c, "/var/www/html", 13);
		if (m->apache->server_root != NULL)
			c->server_root = pf_strdup(c->a,
			    m->apache->server_root);
		if (m->apache->version != NULL)
			c->apache_version = pf_strdup(c->a,
			    m->apache->version);
		if (!c->full_config && m->apache->root != NULL) {
			for (i = 0; debian_mods[i] != NULL; i++)
				add_module(c, debian_mods[i]);
			collect_modules(c, m->apache->root, 0);
		}
	}
	for (i = 0; i < m->pools.n; i++) {
		const struct pf_pool *p = m->pools.v[i];

		if (p->listen.kind == PF_LISTEN_UNIX && p->listen.path != NULL)
			add_root(c, p->listen.path, strlen(p->listen.path));
	}
	for (i = 0; i < c->nupload_dirs; i++)
		if (c->upload_dirs[i][0] == '/')
			add_root(c, c->upload_dirs[i],
			    strlen(c->upload_dirs[i]));
	if (c->server_root == NULL)
		c->server_root = pf_strdup(c->a, ho.config[0] == '/' ?
		    "/etc/apache2" : ".");
	rc = 0;
out:
	pf_run_free(r0);
	return rc;
}
