/*
 * emit_vhost.c - the Apache vhost of a site (DESIGN.md section 5,
 * security-rules.md section 5): PHP routed only to existing .php files
 * through the site's pool, upload folders that never run PHP, hidden
 * files denied, status and ping only from allowed addresses, and a
 * <Proxy> worker sized by sizing.c.
 */
#include <string.h>
#include <strings.h>

#include "emitters/emit_int.h"

/* Denies every name that looks like PHP in an upload folder, also as an
 * inner extension (a.php.jpg), in any case (security-rules.md 3.2). */
#define RE_UPLOAD_PHP	"(?i)\\.ph(?:p[0-9]?|ar|ps|tml?|t)(?:\\.|$)"
/* PHP files that PHP-FPM does not run would be served as source: .phps,
 * .phtml, .php5, .phar, .PHP, and names that are only an extension. */
#define RE_PHP_SOURCE	"^\\.ph(?:ar|p|ps|tml)$|\\.(?i:ph(?:p[0-9]|ar|ps|tml?|t))$" \
			"|\\.(?!php$)(?i:php)$"

static const char *
join(struct cc *cc, const struct pf_svec *v, const char *sep)
{
	struct pf_buf b = PF_BUF_INIT;
	const char *r;
	size_t i;

	for (i = 0; i < v->n; i++) {
		if (i > 0)
			pf_buf_puts(&b, sep);
		pf_buf_puts(&b, v->v[i].s);
	}
	r = pf_strdup(cc->run->arena, pf_buf_str(&b));
	pf_buf_free(&b);
	return r;
}

/* proxy:unix:/run/php/x.sock|fcgi://site, or proxy:fcgi://127.0.0.1:9001 */
static const char *
handler_url(struct cc *cc, const struct pf_site *s)
{
	const struct pf_pool *p = s->pool;

	if (p->listen.kind == PF_LISTEN_UNIX)
		return pf_printf(cc->run->arena, "proxy:unix:%s|%s",
		    cc_path(cc, p->listen.path), s->worker);
	return pf_printf(cc->run->arena, "proxy:%s", s->worker);
}

static const char *
proxyset(struct cc *cc, const struct pf_site *s)
{
	if (s->proxy_reuse)
		return pf_printf(cc->run->arena, "timeout=%lld enablereuse=on "
		    "max=%lld", s->proxy_timeout, s->proxy_max);
	if (s->proxy_max > 0)
		return pf_printf(cc->run->arena, "timeout=%lld max=%lld",
		    s->proxy_timeout, s->proxy_max);
	return pf_printf(cc->run->arena, "timeout=%lld", s->proxy_timeout);
}

static struct pf_loc
proxy_loc(const struct pf_site *s)
{
	const struct pf_pool *p = s->pool;

	if (p->reuse.set)
		return p->reuse.loc;
	if (p->request_terminate_timeout.loc.file != 0)
		return p->request_terminate_timeout.loc;
	return loc_or(p->loc, s->loc);
}

static void
directory_block(struct out *o, struct cc *cc, const struct pf_site *s)
{
	struct pf_loc dl = s->document_root.loc;

	out_line(o, dl, "<Directory %s>",
	    q_apache(cc, cc_path(cc, s->document_root.s)));
	o->indent++;
	out_line(o, dl, "Options FollowSymLinks");
	out_line(o, dl, "AllowOverride None");
	out_line(o, dl, "Require all granted");
	out_line(o, s->index.v[0].loc, "DirectoryIndex %s",
	    join(cc, &s->index, " "));
	if (s->front_controller.s != NULL)
		out_line(o, s->front_controller.loc, "FallbackResource %s",
		    s->front_controller.s);
	if (s->handler == PF_HANDLER_SETHANDLER) {
		out_comment(o, dl, "Pass the Authorization header to PHP "
		    "(Apache drops it otherwise).");
		out_line(o, dl, "CGIPassAuth On");
	}
	o->indent--;
	out_line(o, dl, "</Directory>");
}

static void
sethandler_route(struct out *o, struct cc *cc, const struct pf_site *s)
{
	struct pf_loc hl = loc_or(s->handler_loc, s->loc);
	const char *h = handler_url(cc, s);

	out_comment(o, hl, pf_printf(cc->run->arena, "PHP: files that "
	    "exist and end in .php (the last extension, so a.php.jpg\n"
	    "stays an image) run in pool %s; the handler URL has no "
	    "trailing slash.", s->pool->name));
	out_line(o, hl, "<FilesMatch \".+\\.php$\">");
	o->indent++;
	if (!s->pathinfo.v)
		out_line(o, s->pathinfo.loc, "AcceptPathInfo Off");
	out_line(o, hl, "<If \"-f %%{REQUEST_FILENAME}\">");
	o->indent++;
	out_line(o, hl, "SetHandler %s", q_apache(cc, h));
	o->indent--;
	out_line(o, hl, "</If>");
	if (!s->pathinfo.v) {
		out_comment(o, s->pathinfo.loc, "pathinfo = off: mod_proxy_fcgi "
		    "ignores AcceptPathInfo, so /x.php/extra is taken\n"
		    "back from PHP here and the default handler answers 404.");
		out_line(o, s->pathinfo.loc, "<If \"-n %%{PATH_INFO}\">");
		o->indent++;
		out_line(o, s->pathinfo.loc, "SetHandler none");
		o->indent--;
		out_line(o, s->pathinfo.loc, "</If>");
	}
	o->indent--;
	out_line(o, hl, "</FilesMatch>");
}

static void
proxypassmatch_route(struct out *o, struct cc *cc,
    const struct site_plan *sp)
{
	const struct pf_site *s = sp->s;
	struct pf_loc hl = loc_or(s->handler_loc, s->loc);
	const char *root = s->document_root.s;
	size_t rl = strlen(root), i, nex = 0;
	struct pf_buf re = PF_BUF_INIT;
	const char *target;

	/* Upload folders below the document root are left out of the
	 * pattern, so their URLs stay with Apache (and its denials). */
	pf_buf_puts(&re, "^/");
	for (i = 0; i < s->upload_dirs.n; i++) {
		const char *u = s->upload_dirs.v[i].s;
		const char *rel;

		if (strcmp(root, "/") == 0)
			rel = u + 1;
		else if (strncmp(u, root, rl) == 0 && u[rl] == '/')
			rel = u + rl + 1;
		else
			continue;
		pf_buf_puts(&re, nex++ ? "|" : "(?!(?:");
		pf_buf_puts(&re, re_escape(cc, rel));
	}
	if (nex > 0)
		pf_buf_puts(&re, ")/)");
	pf_buf_puts(&re, "(.+\\.php)$");
	if (s->pool->listen.kind == PF_LISTEN_UNIX)
		target = pf_printf(cc->run->arena, "unix:%s|%s%s/$1",
		    cc_path(cc, s->pool->listen.path), s->worker,
		    strcmp(root, "/") ? cc_path(cc, root) : "");
	else
		target = pf_printf(cc->run->arena, "%s%s/$1", s->worker,
		    strcmp(root, "/") ? cc_path(cc, root) : "");
	out_comment(o, hl, pf_printf(cc->run->arena, "PHP (handler = "
	    "proxypassmatch): URLs ending in .php, outside the upload\n"
	    "folders, go to pool %s, which runs with cgi.fix_pathinfo = 0; "
	    "no URL with\npath info matches.", s->pool->name));
	out_comment(o, proxy_loc(s), sp->why_proxy);
	out_line(o, hl, "ProxyPassMatch %s %s %s",
	    q_apache(cc, pf_buf_str(&re)), q_apache(cc, target),
	    proxyset(cc, s));
	pf_buf_free(&re);
	out_comment(o, hl, "Proxied requests skip <Directory>: pass the "
	    "Authorization header here.");
	out_line(o, hl, "<Location \"/\">");
	o->indent++;
	out_line(o, hl, "CGIPassAuth On");
	o->indent--;
	out_line(o, hl, "</Location>");
}

static void
deny_blocks(struct out *o, struct cc *cc, const struct pf_site *s)
{
	out_comment(o, s->loc, ".htaccess, .htpasswd and .user.ini are "
	    "never served.");
	out_line(o, s->loc, "<FilesMatch \"^\\.(?:ht|user\\.ini$)\">");
	o->indent++;
	out_line(o, s->loc, "Require all denied");
	o->indent--;
	out_line(o, s->loc, "</FilesMatch>");
	out_comment(o, s->loc, "PHP files that PHP-FPM does not run would be "
	    "served as source text.");
	out_line(o, s->loc, "<FilesMatch %s>", q_apache(cc, RE_PHP_SOURCE));
	o->indent++;
	out_line(o, s->loc, "Require all denied");
	o->indent--;
	out_line(o, s->loc, "</FilesMatch>");
}

/* Is every address the site listens on a loopback one ("127.0.0.1:8080",
 * "[::1]:8080", "localhost:8080")? */
static int
loopback_only(const struct pf_site *s)
{
	size_t i, n;

	for (i = 0; i < s->listen.n; i++) {
		const char *a = s->listen.v[i].s, *end = strrchr(a, ':');

		if (a[0] == '[') {
			a++;
			end = strchr(a, ']');
		}
		n = end != NULL ? (size_t)(end - a) : strlen(a);
		if (!((n >= 4 && strncmp(a, "127.", 4) == 0) ||
		    (n == 3 && strncmp(a, "::1", 3) == 0) ||
		    (n == 9 && strncasecmp(a, "localhost", 9) == 0)))
			return 0;
	}
	return s->listen.n > 0;
}

/*
 * A site on loopback addresses only stands behind a proxy on the same
 * host (nginx, Varnish, HAProxy, a Tor onion service), which connects
 * from 127.0.0.1 or ::1 for every client: the packaged mod_status and
 * mod_info pages' "Require local" (Debian's status.conf, info.conf, in
 * the main server, so in this vhost too) would let them all in (lint:
 * apache-status-exposed).  The vhost's own section comes after the main
 * server's in the merge and refuses them here.
 */
static void
proxied_block(struct out *o, const struct pf_site *s)
{
	if (!loopback_only(s))
		return;
	out_blank(o);
	out_comment(o, s->listen.v[0].loc, "Apache answers this site on "
	    "loopback only: the proxy in front connects");
	out_comment(o, s->listen.v[0].loc, "from there for every client, so "
	    "the server's status and info pages");
	out_comment(o, s->listen.v[0].loc, "(Require local) are refused "
	    "here.");
	out_line(o, s->listen.v[0].loc, "<LocationMatch "
	    "\"^/server-(?:status|info)(?:/|$)\">");
	o->indent++;
	out_line(o, s->listen.v[0].loc, "Require all denied");
	o->indent--;
	out_line(o, s->listen.v[0].loc, "</LocationMatch>");
}

static void
worker_block(struct out *o, struct cc *cc, const struct site_plan *sp)
{
	const struct pf_site *s = sp->s;
	const struct pf_pool *p = s->pool;
	struct pf_loc pl = proxy_loc(s);

	out_comment(o, pl, sp->why_proxy);
	if (p->listen.kind == PF_LISTEN_UNIX)
		out_line(o, pl, "<Proxy \"unix:%s|%s\">",
		    cc_path(cc, p->listen.path), s->worker);
	else
		out_line(o, pl, "<Proxy \"%s\">", s->worker);
	o->indent++;
	out_line(o, pl, "ProxySet %s", proxyset(cc, s));
	o->indent--;
	out_line(o, pl, "</Proxy>");
}

static void
upload_blocks(struct out *o, struct cc *cc, const struct pf_site *s)
{
	size_t i;

	for (i = 0; i < s->upload_dirs.n; i++) {
		struct pf_loc ul = s->upload_dirs.v[i].loc;

		out_blank(o);
		out_comment(o, ul, "Upload folder: what lands here is never "
		    "run as PHP, and no .htaccess is read.");
		out_line(o, ul, "<Directory %s>", q_apache(cc,
		    cc_path(cc, s->upload_dirs.v[i].s)));
		o->indent++;
		out_line(o, ul, "AllowOverride None");
		out_line(o, ul, "<FilesMatch %s>", q_apache(cc,
		    RE_UPLOAD_PHP));
		o->indent++;
		out_line(o, ul, "Require all denied");
		o->indent--;
		out_line(o, ul, "</FilesMatch>");
		o->indent--;
		out_line(o, ul, "</Directory>");
	}
}

static void
status_block(struct out *o, struct cc *cc, const struct pf_site *s)
{
	const struct pf_pool *p = s->pool;
	struct pf_loc sl = loc_or(p->status_path.loc, p->ping_path.loc);
	struct pf_buf re = PF_BUF_INIT, ips = PF_BUF_INIT;
	int local = 0;
	size_t i;

	if (p->status_path.s == NULL && p->ping_path.s == NULL)
		return;
	pf_buf_puts(&re, "^(?:");
	if (p->status_path.s != NULL)
		pf_buf_puts(&re, re_escape(cc, p->status_path.s));
	if (p->status_path.s != NULL && p->ping_path.s != NULL)
		pf_buf_putc(&re, '|');
	if (p->ping_path.s != NULL)
		pf_buf_puts(&re, re_escape(cc, p->ping_path.s));
	pf_buf_puts(&re, ")$");
	for (i = 0; i < p->status_allow.n; i++) {
		if (strcmp(p->status_allow.v[i].s, "local") == 0) {
			local = 1;
			continue;
		}
		pf_buf_putc(&ips, ' ');
		pf_buf_puts(&ips, p->status_allow.v[i].s);
	}
	out_blank(o);
	out_comment(o, sl, "PHP-FPM status and ping: these exact URLs only, "
	    "from the status_allow addresses.");
	out_line(o, sl, "<LocationMatch %s>", q_apache(cc, pf_buf_str(&re)));
	o->indent++;
	if (local)
		out_line(o, loc_or(p->status_allow.v[0].loc, sl),
		    "Require local");
	if (ips.len > 0)
		out_line(o, loc_or(p->status_allow.v[0].loc, sl), "Require ip%s",
		    pf_buf_str(&ips));
	out_line(o, sl, "SetHandler %s", q_apache(cc, handler_url(cc, s)));
	if ((p->status_path.s != NULL && strchr(p->status_path.s + 1, '/')) ||
	    (p->ping_path.s != NULL && strchr(p->ping_path.s + 1, '/'))) {
		/*
		 * PHP-FPM knows its pages by SCRIPT_NAME.  Apache maps
		 * /_/x/y to the DocumentRoot and, when _ does not exist
		 * there, sends SCRIPT_NAME /_ and PATH_INFO /x/y: PHP-FPM
		 * answered 404 (Primary script unknown), a cgi.fix_pathinfo
		 * = 0 pool 403 (it tried PATH_TRANSLATED).  Verified with
		 * apache2 2.4.71 and php-fpm8.2; site_props.py seeds 12, 1030, 1140).
		 */
		out_comment(o, sl, "PHP-FPM matches its pages by SCRIPT_NAME: "
		    "the whole URL, not split at a\nfolder that does not exist "
		    "into SCRIPT_NAME and PATH_INFO.");
		out_line(o, sl, "ProxyFCGISetEnvIf \"true\" SCRIPT_NAME "
		    "\"%%{REQUEST_URI}\"");
		out_line(o, sl, "ProxyFCGISetEnvIf \"true\" !PATH_INFO");
		out_line(o, sl, "ProxyFCGISetEnvIf \"true\" !PATH_TRANSLATED");
	}
	o->indent--;
	out_line(o, sl, "</LocationMatch>");
	pf_buf_free(&re);
	pf_buf_free(&ips);
}

static void
redirect_vhost(struct out *o, struct cc *cc, const struct pf_site *s)
{
	struct pf_loc rl = loc_or(s->tls_redirect.loc, s->tls_cert.loc);
	const char *port = strrchr(s->listen.v[0].s, ':');
	const char *close = strrchr(s->listen.v[0].s, ']');

	if (port == NULL || (close != NULL && port < close) ||
	    strcmp(port, ":443") == 0)
		port = "";
	out_blank(o);
	out_comment(o, rl, "Plain HTTP only redirects to HTTPS "
	    "(tls_redirect).");
	out_line(o, rl, "<VirtualHost %s>",
	    join(cc, &s->redirect_listen, " "));
	o->indent++;
	out_line(o, s->server_name.loc, "ServerName %s", s->server_name.s);
	if (s->aliases.n > 0)
		out_line(o, s->aliases.v[0].loc, "ServerAlias %s",
		    join(cc, &s->aliases, " "));
	out_line(o, s->error_log.loc, "ErrorLog %s",
	    q_apache(cc, cc_path(cc, s->error_log.s)));
	out_line(o, rl, "Redirect permanent / https://%s%s/",
	    s->server_name.s, port);
	o->indent--;
	out_line(o, rl, "</VirtualHost>");
}

void
emit_vhost(struct cc *cc, struct site_plan *sp)
{
	struct pf_site *s = sp->s;
	struct pf_run *run = cc->run;
	struct out o;
	struct pf_buf mods = PF_BUF_INIT;
	const char *path, *howto;

	out_init(&o, run, '#');
	pf_buf_puts(&mods, cc->rhel ? "mod_proxy_fcgi" : "proxy_fcgi");
	if (s->tls)
		pf_buf_puts(&mods, cc->rhel ? " mod_ssl mod_headers" :
		    " ssl headers");
	if (s->http2.v)
		pf_buf_puts(&mods, cc->rhel ? " mod_http2" : " http2");
	if (cc->rhel) {
		path = pf_printf(run->arena, "/etc/httpd/conf.d/%s.conf",
		    s->name);
		howto = pf_printf(run->arena, "Needs the modules %s.",
		    pf_buf_str(&mods));
	} else {
		path = pf_printf(run->arena,
		    "/etc/apache2/sites-available/%s.conf", s->name);
		howto = pf_printf(run->arena, "Needs: a2enmod %s; enable with: "
		    "a2ensite %s", pf_buf_str(&mods), s->name);
	}
	pf_buf_free(&mods);
	out_banner(&o, cc, s->loc, pf_printf(run->arena, "[site %s]",
	    s->name), howto);
	out_blank(&o);
	out_line(&o, s->listen.v[0].loc, "<VirtualHost %s>",
	    join(cc, &s->listen, " "));
	o.indent++;
	out_line(&o, s->server_name.loc, "ServerName %s", s->server_name.s);
	if (s->aliases.n > 0)
		out_line(&o, s->aliases.v[0].loc, "ServerAlias %s",
		    join(cc, &s->aliases, " "));
	if (s->server_admin.s != NULL)
		out_line(&o, s->server_admin.loc, "ServerAdmin %s",
		    s->server_admin.s);
	out_line(&o, s->document_root.loc, "DocumentRoot %s",
	    q_apache(cc, cc_path(cc, s->document_root.s)));
	out_line(&o, s->error_log.loc, "ErrorLog %s",
	    q_apache(cc, cc_path(cc, s->error_log.s)));
	if (strcmp(s->access_log.s, "off") != 0)
		out_line(&o, s->access_log.loc, "CustomLog %s combined",
		    q_apache(cc, cc_path(cc, s->access_log.s)));
	if (s->http2.v)
		out_line(&o, s->http2.loc, "Protocols %s http/1.1",
		    s->tls ? "h2" : "h2c");
	if (s->tls) {
		out_line(&o, s->tls_cert.loc, "SSLEngine on");
		out_line(&o, s->tls_cert.loc, "SSLCertificateFile %s",
		    q_apache(cc, cc_path(cc, s->tls_cert.s)));
		out_line(&o, s->tls_key.loc, "SSLCertificateKeyFile %s",
		    q_apache(cc, cc_path(cc, s->tls_key.s)));
		if (s->hsts.v > 0)
			out_line(&o, s->hsts.loc, "Header always set "
			    "Strict-Transport-Security \"max-age=%lld\"",
			    s->hsts.v);
	}
	out_blank(&o);
	directory_block(&o, cc, s);
	out_blank(&o);
	if (s->handler == PF_HANDLER_PROXYPASSMATCH)
		proxypassmatch_route(&o, cc, sp);
	else
		sethandler_route(&o, cc, s);
	out_blank(&o);
	deny_blocks(&o, cc, s);
	if (s->handler == PF_HANDLER_SETHANDLER) {
		out_blank(&o);
		worker_block(&o, cc, sp);
	}
	upload_blocks(&o, cc, s);
	status_block(&o, cc, s);
	proxied_block(&o, s);
	o.indent--;
	out_line(&o, s->listen.v[0].loc, "</VirtualHost>");
	if (s->tls && s->tls_redirect.v)
		redirect_vhost(&o, cc, s);
	out_finish(&o, cc, PF_EMIT_VHOST, s->name, path);
}
