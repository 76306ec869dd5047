/*
 * sim_fpm.c - what Apache sends to FPM and what FPM runs
 * (reference/semantics.md 2.2, 2.5, 2.7 and 3.5-3.6; php-src
 * sapi/fpm/fpm/fpm_main.c init_request_info, fpm_php.c).
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "parsers/phpini.h"
#include "rules/link.h"
#include "rules/sim_int.h"

/* "proxy:fcgi://host:port" + path as SCRIPT_FILENAME (unix: dropped). */
static const char *
script_prefix(struct pf_arena *a, const char *handler)
{
	const char *h = handler;

	if (strncasecmp(h, "proxy:", 6) == 0)
		h += 6;
	return pf_printf(a, "proxy:%s", sim_past_uds(h));
}

/*
 * ap_proxy_canonenc_ex(enc_path) for a reverse proxy: every byte but
 * '/', letters, digits and ~$-_.+!*'(),;:@&= is sent as %XX (a '%'
 * too: the URL was decoded before it was substituted).
 */
static const char *
canon_enc(struct pf_arena *a, const char *p)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t n = strlen(p), i, j = 0;
	char *y;

	if (strspn(p, "~$-_.+!*'(),;:@&=/abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") == n)
		return p;
	y = pf_alloc(a, 3 * n + 1);
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)p[i];

		if (c < 0x80 && (isalnum(c) || strchr("/~$-_.+!*'(),;:@&=",
		    c) != NULL))
			y[j++] = (char)c;
		else {
			y[j++] = '%';
			y[j++] = hex[c >> 4];
			y[j++] = hex[c & 15];
		}
	}
	y[j] = '\0';
	return y;
}

/* ap_unescape_url_keep2f(s, 0): %XX decoded but %2F and a bad escape
 * (kept as they are); a %00 ends the string. */
static const char *
unescape(struct pf_arena *a, const char *p)
{
	char *y, *x;

	if (strchr(p, '%') == NULL)
		return p;
	y = x = pf_strdup(a, p);
	for (; *p != '\0'; p++) {
		int h, l;

		if (*p == '%' && isxdigit((unsigned char)p[1]) &&
		    isxdigit((unsigned char)p[2])) {
			h = isdigit((unsigned char)p[1]) ? p[1] - '0' :
			    (tolower((unsigned char)p[1]) - 'a' + 10);
			l = isdigit((unsigned char)p[2]) ? p[2] - '0' :
			    (tolower((unsigned char)p[2]) - 'a' + 10);
			if (h * 16 + l == 0)
				break;
			if (h * 16 + l != '/') {
				*x++ = (char)(h * 16 + l);
				p += 2;
				continue;
			}
		}
		*x++ = *p;
	}
	*x = '\0';
	return y;
}

/* FPM's "proxy:fcgi://authority" strip: keep from the first '/' after
 * the authority, cut at '?'. */
static const char *
fpm_strip(struct pf_arena *a, const char *sf, int *apache_was_here)
{
	const char *p;

	*apache_was_here = 0;
	if (strncasecmp(sf, "proxy:fcgi://", 13) == 0)
		p = sf + 13;
	else if (strncasecmp(sf, "proxy:balancer://", 17) == 0)
		p = sf + 17;
	else
		return sf;
	*apache_was_here = 1;
	p = strchr(p, '/');
	if (p == NULL)
		return "";
	return pf_strndup(a, p, strcspn(p, "?"));
}

/*
 * php-fpm chroots a pool's workers to its chroot (fpm_unix.c
 * fpm_unix_init_child, the master running as root) and then looks for
 * SCRIPT_FILENAME as it is, below it: nothing in fpm_main.c takes the
 * chroot off a path.  So a pool with chroot = /srv/site, behind an Apache
 * that sends its own /srv/site/public/index.php, answers "File not
 * found." for every script (verified on php-fpm8.2 behind apache2,
 * tests/rules/chroot_oracle.sh), and ISPConfig's chrooted sites send
 * SCRIPT_FILENAME "/web" + SCRIPT_NAME with ProxyFCGISetEnvIf instead.
 * fpm_path(): the path on this machine that FPM's path p names.
 */
static const char *
fpm_path(struct sreq *r, const char *p)
{
	return pf_chroot_path(SA(r->s), r->croot, p);
}

static int
fpm_is_file(struct sreq *r, const char *p)
{
	return sim_is_file(r, fpm_path(r, p));
}

static int
fpm_is_dir(struct sreq *r, const char *p)
{
	return sim_is_dir(r, fpm_path(r, p));
}

/* FPM found nothing below the chroot where the script path p, or a
 * file at the start of it (cgi.fix_pathinfo's search), names one here. */
static int
chroot_miss(struct sreq *r, const char *p)
{
	char *q;
	char *sl;

	if (p == NULL || p[0] != '/')
		return 0;
	q = pf_strdup(SA(r->s), p);
	for (;;) {
		if (sim_is_file(r, q))
			return 1;
		if ((sl = strrchr(q, '/')) == NULL || sl == q)
			return 0;
		*sl = '\0';
	}
}

/*
 * The kernel's view of a path FPM stats (a nocanon route sends the
 * client's "//", "/./" and "/../" as they are): repeated slashes and "."
 * dropped, ".." taking back a component that is a directory.  A ".."
 * after a name that is not one stays (has_dotdot: not found).  PHP
 * reports the script by this name (__FILE__ is the real path).
 */
static const char *
fs_resolve(struct sreq *r, const char *p)
{
	char *y, *seg;
	size_t w = 0, i = 0, n;

	size_t l;

	if (p == NULL || p[0] != '/')
		return p;
	l = strlen(p);
	if (strstr(p, "//") == NULL && strstr(p, "/./") == NULL &&
	    strstr(p, "/../") == NULL && !(l >= 2 && strcmp(p + l - 2,
	    "/.") == 0) && !(l >= 3 && strcmp(p + l - 3, "/..") == 0))
		return p;
	y = pf_alloc(SA(r->s), strlen(p) + 1);
	while (p[i] != '\0') {
		while (p[i] == '/')
			i++;
		n = strcspn(p + i, "/");
		seg = (char *)p + i;
		if (n == 0)
			break;
		if (n == 1 && seg[0] == '.') {
			i += n;
			continue;
		}
		if (n == 2 && seg[0] == '.' && seg[1] == '.') {
			y[w] = '\0';
			if (w > 0 && !fpm_is_dir(r, y))
				return p;
			while (w > 0 && y[w - 1] != '/')
				w--;
			if (w > 0)
				w--;
			i += n;
			continue;
		}
		y[w++] = '/';
		memcpy(y + w, seg, n);
		w += n;
		i += n;
	}
	if (w == 0)
		y[w++] = '/';
	if (p[strlen(p) - 1] == '/' && y[w - 1] != '/')
		y[w++] = '/';
	y[w] = '\0';
	return y;
}

static int
has_dotdot(const char *p)
{
	const char *q = p;

	while ((q = strstr(q, "..")) != NULL) {
		if ((q == p || q[-1] == '/') && (q[2] == '/' || q[2] == '\0'))
			return 1;
		q += 2;
	}
	return 0;
}

/* security.limit_extensions: NULL = ".php .phar"; "" = everything. */
static int
ext_allowed(const char *list, const char *script)
{
	const char *p;
	size_t sl = strlen(script);

	if (list == NULL)
		list = ".php .phar";
	p = list;
	while (*p == ' ' || *p == '\t')
		p++;
	if (*p == '\0')
		return 1;
	while (*p != '\0') {
		size_t l = strcspn(p, " \t");

		if (l > 0 && sl > l && strncmp(script + sl - l, p, l) == 0)
			return 1;
		p += l;
		while (*p == ' ' || *p == '\t')
			p++;
	}
	return 0;
}

/* The longest entry of a limit_extensions list (see ext_allowed). */
static size_t
ext_longest(const char *list)
{
	size_t m = 0;

	if (list == NULL)
		list = ".php .phar";
	while (*list != '\0') {
		size_t l = strcspn(list, " \t");

		if (l > m)
			m = l;
		list += l;
		list += strspn(list, " \t");
	}
	/* An empty list allows everything without looking. */
	return m;
}

/*
 * pf_link_backend() remembered per backend (each of a vhost's probes asks
 * again; with thousands of pools the lookup is a scan).  The key has no
 * path: callers ask it only when no worker named with a path has a
 * socket (then the path cannot change the pool).
 */
static struct pf_pool *
link_memo(struct pf_sim *s, const struct pf_backend *b,
    const struct pf_node *server)
{
	/* (workers are per server: the server is part of the key) */
	const char *key = pf_printf(SA(s), "%p|%s|%s|%d|%s",
	    (const void *)server, b->socket ? b->socket : "",
	    b->worker ? b->worker : "", b->port,
	    b->balancer ? b->balancer : "");
	unsigned h = 5381;
	const char *p;
	size_t i, mask;
	struct pf_pool *pool;

	if (s->link_n * 2 >= s->link_cap) {
		size_t ncap = s->link_cap ? s->link_cap * 2 : 64, j;
		struct pf_sim_link *nt = pf_alloc(s->run->arena,
		    ncap * sizeof(*nt));

		for (j = 0; j < s->link_cap; j++)
			if (s->link_tab[j].key != NULL) {
				unsigned hh = 5381;

				for (p = s->link_tab[j].key; *p; p++)
					hh = hh * 33 + (unsigned char)*p;
				i = hh & (ncap - 1);
				while (nt[i].key != NULL)
					i = (i + 1) & (ncap - 1);
				nt[i] = s->link_tab[j];
			}
		s->link_tab = nt;
		s->link_cap = ncap;
	}
	for (p = key; *p; p++)
		h = h * 33 + (unsigned char)*p;
	mask = s->link_cap - 1;
	for (i = h & mask; s->link_tab[i].key != NULL; i = (i + 1) & mask)
		if (strcmp(s->link_tab[i].key, key) == 0)
			return s->link_tab[i].pool;
	if (s->lx == NULL)
		s->lx = pf_link_index_new(s->run);
	pool = pf_link_backend_idx(s->lx, b, server);
	s->link_tab[i].key = pf_strdup(s->run->arena, key);
	s->link_tab[i].pool = pool;
	s->link_n++;
	return pool;
}

/*
 * ap_directory_walk() of path as mod_proxy_fcgi's "full" mode runs it:
 * 1 when it ends on a regular file (*file; *rest the path info, or
 * NULL).  A directory on the way whose .htaccess holds a line httpd
 * refuses stops the walk there: r->filename is that directory with a
 * slash, the rest path info, and the stat of the whole path taken first
 * still says "regular file" when it is one (verified on 2.4.71:
 * SCRIPT_FILENAME=.../uploads/ht/, FPM answers 404).
 */
static int
full_walk(struct sreq *r, const char *path, const char **file,
    const char **rest)
{
	struct pf_arena *a = SA(r->s);
	const char *hdir = NULL;
	char *p;
	size_t i;

	if (sim_ht_refused_on(r, path, &hdir) != NULL) {
		size_t dl = strlen(hdir);

		if (!sim_is_file(r, path))
			return 0;
		*file = pf_printf(a, "%s/", hdir);
		*rest = path[dl] != '\0' ? pf_strdup(a, path + dl) : NULL;
		return 1;
	}
	p = pf_strdup(a, path);
	for (i = 1; ; i++) {
		char save;

		if (p[i] != '/' && p[i] != '\0')
			continue;
		save = p[i];
		p[i] = '\0';
		if (sim_is_file(r, p)) {
			*file = pf_strdup(a, p);
			*rest = save != '\0' ? pf_strdup(a, path + i) : NULL;
			return 1;
		}
		if (save == '\0' || !sim_is_dir(r, p))
			return 0;
		p[i] = save;
	}
}

/*
 * proxy_fcgi_canon() and send_environment() under the env var
 * proxy-fcgi-pathinfo (2.4.x modules/proxy/mod_proxy_fcgi.c; values
 * verified in reference/semantics.md 2.5).  path is the URL's path after
 * "fcgi://authority/", percent-encoded for URL routes (ProxyPass*, [P];
 * a handler route's file name is not, verified on 2.4.71).  "full" walks
 * "/path" decoded, then DocumentRoot + "/path", and a regular file found
 * becomes SCRIPT_FILENAME without the proxy: prefix (FPM then no longer
 * knows Apache was there) with the rest as PATH_INFO, or PATH_INFO none;
 * nothing found leaves everything as it was.  "first-dot"/"last-dot" cut
 * PATH_INFO (decoded) at the first slash after the first/last dot
 * (SCRIPT_FILENAME keeps it, encoded); any other value makes the whole
 * "/path" PATH_INFO, decoded for "unescape" only.  SCRIPT_NAME is then
 * the URL up to where
 * ap_find_path_info() puts PATH_INFO, PATH_TRANSLATED the lookup of
 * PATH_INFO as a URL.  It runs for SetHandler routes too (canon is called
 * with the note proxy-sethandler).
 */
static void
pathinfo_canon(struct sreq *r, struct pf_sim_verdict *out)
{
	struct pf_arena *a = SA(r->s);
	const char *mode = r->pathinfo_env, *path, *file, *rest, *pi, *d;
	size_t dl;

	path = strchr(out->script_filename + 13, '/');
	path = path != NULL ? path + 1 : "";
	if (r->pathinfo_cond)
		out->conditional = 1;
	if (strchr(path, '%') != NULL)
		sim_taint_if(r->s, path);
	if (strcasecmp(mode, "full") == 0) {
		const char *abs = pf_printf(a, "/%s", unescape(a, path));

		dl = strlen(r->docroot);
		while (dl > 0 && r->docroot[dl - 1] == '/')
			dl--;
		if (!full_walk(r, abs, &file, &rest) && !full_walk(r,
		    pf_printf(a, "%.*s%s", (int)dl, r->docroot, abs), &file,
		    &rest))
			return;
		out->script_filename = file;
		out->fpm_path_info = rest;
		out->path_translated = NULL;
		if (rest == NULL) {
			out->script_name = r->uri;
			return;
		}
		pi = rest;
	} else {
		/* Where the cut falls depends on each character: not one
		 * of the vhost's own strings (memo). */
		sim_taint_if(r->s, path);
		if (strcasecmp(mode, "first-dot") == 0 ||
		    strcasecmp(mode, "last-dot") == 0) {
			d = mode[0] == 'f' || mode[0] == 'F' ? strchr(path, '.') :
			    strrchr(path, '.');
			if (d == NULL || (d = strchr(d, '/')) == NULL)
				return;
			pi = unescape(a, d);
		} else {
			/* The path as it was encoded, unless "unescape". */
			pi = pf_printf(a, "/%s", path);
			if (strcasecmp(mode, "unescape") == 0)
				pi = unescape(a, pi);
		}
		out->fpm_path_info = pi;
	}
	out->script_name = pf_strndup(a, r->uri, sim_find_path_info(r->uri,
	    pi));
	out->path_translated = sim_lookup_path(r, pi);
}

/* Does the regex text [s, e) have a capturing group: a '(' outside a
 * bracket expression, not escaped, not "(?" unless "(?<name>", "(?P<"
 * or "(?'name'"? */
static int
re_captures(const char *s, const char *e)
{
	int cls = 0;

	for (; s < e; s++) {
		if (*s == '\\') {
			s++;
			continue;
		}
		if (cls) {
			cls = *s != ']';
			continue;
		}
		if (*s == '[') {
			cls = 1;
			if (s + 1 < e && s[1] == ']')
				s++;
			continue;
		}
		if (*s != '(')
			continue;
		if (s + 1 >= e || s[1] != '?')
			return 1;
		if (s + 2 < e && (s[2] == '\'' || (s[2] == 'P' && s + 3 < e &&
		    s[3] == '<') || (s[2] == '<' && s + 3 < e && s[3] != '=' &&
		    s[3] != '!')))
			return 1;
	}
	return 0;
}

/*
 * A ProxyFCGISetEnvIf COND NAME VALUE whose VALUE uses a backreference
 * ($0 to $9) while COND has no regular expression with a capturing group
 * ("true", "-n %{...}", "%{REQUEST_URI} =~ m#b#"): mod_proxy_fcgi's
 * fix_cgivars passes the expression an uninitialized source pointer that
 * only such a regex sets, and apache2 2.4.71's child dies of a
 * segmentation fault on every request the line applies to (an empty
 * reply; checked against php-fpm8.2 with "true" + $1, "-n %{REQUEST_URI}"
 * + $9, "=~ m#b#", "=~ m#(?:b)#", "=~ /[(]|b/" and "=~ /\\(|b/" + $0;
 * "=~ m#^/(c)#" + $1$2, "=~ /(?<n>b)/" + $1, "!~ m#(zzz)#" + $1, an
 * escaped \$1 and a value without $N are served).  fix_cgivars runs once
 * the backend is connected: with no pool listening Apache answers 503.
 */
int
pf_sim_fcgi_backref_crash(const struct pf_node *n)
{
	const char *v, *cond, *p;
	int ref = 0, cap = 0;

	/* (more or fewer words: apache2 -t refuses it; '!' unsets) */
	if (n->argc != 3 || n->argv[1][0] == '!')
		return 0;
	for (v = n->argv[2]; *v != '\0'; v++)
		if (*v == '\\' && v[1] != '\0')
			v++;
		else if (*v == '$' && v[1] >= '0' && v[1] <= '9') {
			ref = v[1];
			break;
		}
	if (!ref)
		return 0;
	cond = n->argv[0];
	for (p = cond; (p = strchr(p, '~')) != NULL && !cap; p++) {
		const char *q = p + 1, *end;
		char delim;

		if (p == cond || (p[-1] != '=' && p[-1] != '!'))
			continue;
		while (*q == ' ' || *q == '\t')
			q++;
		if (*q == 'm' && q[1] != '\0')
			q++;
		if (*q == '\0')
			break;
		delim = *q++;
		for (end = q; *end != '\0' && *end != delim; end++)
			if (*end == '\\' && end[1] != '\0')
				end++;
		cap = re_captures(q, end);
	}
	return cap ? 0 : ref;
}

/*
 * ProxyFCGISetEnvIf cond [!]NAME [value] (mod_proxy_fcgi 2.4.26+,
 * fix_cgivars): after ap_add_common_vars() and ap_add_cgi_vars() (and
 * proxy-fcgi-pathinfo), each line of the per-directory configuration, in
 * merge order (fcgi_merge_dconf appends the override's lines to the
 * base's: main server, vhost, <Directory>, <Files>, <Location>, <If>),
 * evaluates its ap_expr condition and sets NAME to the value's string
 * expression ("" when none) or, with "!", unsets it, in
 * r->subprocess_env (names without case: an existing SCRIPT_NAME keeps
 * its name whatever the line's case).  A later line reads an earlier
 * one's result through reqenv().  Verified on the real servers (apache2
 * 2.4 + php-fpm8.2, tests/rules/fcgi_setenv_oracle.sh): order main server,
 * vhost, <Directory>, <Location>, each overriding the one before;
 * %{REQUEST_URI} is r->uri, %{SCRIPT_FILENAME} r->filename
 * ("proxy:fcgi://localhost/srv/a.php"), %{PATH_INFO} r->path_info,
 * %{reqenv:SCRIPT_NAME} the CGI variable; $1 from the condition's =~;
 * SCRIPT_NAME set to the whole URL with PATH_INFO unset reaches FPM's
 * ping page below a folder that does not exist; "script_name" sets
 * SCRIPT_NAME, a new "x_a" is sent as x_a; !SCRIPT_FILENAME makes FPM run
 * PATH_TRANSLATED, and with both unset not even the ping page answers;
 * under cgi.fix_pathinfo=0 PATH_INFO "/ping" gets the ping page.
 *
 * What the simulator does not know (a condition or value on headers,
 * the client, other variables, functions) makes the answer conditional;
 * the line is applied as if true, unknown parts of a value empty.
 */
struct fenv {
	const char	*k, *v;		/* v NULL: unknown */
};
struct fctx {
	struct sreq	*r;
	struct pf_sim_verdict *out;
	const char	*filename;	/* r->filename */
	const char	*path_info;	/* r->path_info */
	struct fenv	 x[8];		/* other names the lines set */
	int		 nx;
};

/* The CGI variables FPM reads, in the verdict. */
static const char **
fcgi_known(struct fctx *c, const char *name, size_t n)
{
#define K(s, f) if (n == sizeof(s) - 1 && strncasecmp(name, s, n) == 0) \
		return &c->out->f
	K("SCRIPT_FILENAME", script_filename);
	K("SCRIPT_NAME", script_name);
	K("PATH_INFO", fpm_path_info);
	K("PATH_TRANSLATED", path_translated);
	K("DOCUMENT_ROOT", document_root);
#undef K
	return NULL;
}

static const char *
fcgi_var(void *ctx, const char *name, size_t n)
{
	struct fctx *c = ctx;

#define V(s) (n == sizeof(s) - 1 && strncasecmp(name, s, n) == 0)
	if (V("REQUEST_URI"))
		return c->r->uri;
	if (V("REQUEST_FILENAME") || V("SCRIPT_FILENAME"))
		return c->filename;
	if (V("PATH_INFO"))
		return c->path_info != NULL ? c->path_info : "";
	if (V("DOCUMENT_ROOT"))
		return c->r->docroot;
	if (V("QUERY_STRING")) {
		if (c->r->out != NULL)
			c->r->out->query_read = 1;
		return c->r->query != NULL ? c->r->query : "";
	}
	if (V("REQUEST_METHOD"))
		return "GET";
	if (V("REQUEST_SCHEME"))
		return c->r->v != NULL && c->r->v->tls ? "https" : "http";
#undef V
	return NULL;
}

static const char *
fcgi_env(void *ctx, const char *name, size_t n)
{
	struct fctx *c = ctx;
	const char **k = fcgi_known(c, name, n);
	int i;

	if (k != NULL)
		return *k != NULL ? *k : "";
	for (i = c->nx - 1; i >= 0; i--)
		if (strlen(c->x[i].k) == n && strncasecmp(c->x[i].k, name,
		    n) == 0)
			return c->x[i].v;
	if (n == 14 && strncasecmp(name, "REQUEST_METHOD", n) == 0)
		return "GET";
	if (n == 12 && strncasecmp(name, "QUERY_STRING", n) == 0) {
		if (c->r->out != NULL)
			c->r->out->query_read = 1;
		return c->r->query != NULL ? c->r->query : "";
	}
	return NULL;
}

/* Applies the lines; returns the first line that kills Apache's child
 * (pf_sim_fcgi_backref_crash), or NULL. */
static const struct pf_node *
fcgi_setenv(struct sreq *r, struct pf_sim_verdict *out, const char *filename,
    const char *path_info)
{
	struct pf_arena *a = SA(r->s);
	struct fctx c;
	size_t i;
	int j;

	memset(&c, 0, sizeof(c));
	c.r = r;
	c.out = out;
	c.filename = filename;
	c.path_info = path_info;
	if (r->fe_cond)
		out->conditional = 1;
	/* "full" walks the directories again at send_environment(), whose
	 * configuration then lacks <Location>'s lines. */
	if (r->nfe > 0 && r->pathinfo_env != NULL &&
	    strcasecmp(r->pathinfo_env, "full") == 0)
		out->conditional = 1;
	for (i = 0; i < r->nfe; i++) {
		const struct pf_node *n = r->fe[i];
		const char *name = n->argv[1], *val = NULL, **k;
		struct sim_apx x;
		int t, unknown = 0, unset = name[0] == '!';

		memset(&x, 0, sizeof(x));
		x.var = fcgi_var;
		x.env = fcgi_env;
		x.ctx = &c;
		t = sim_apx_cond(r, n->argv[0], &x);
		if (t == T_FALSE)
			continue;
		if (t == T_UNKNOWN)
			out->conditional = 1;
		/* the value's $N reads a source only a capturing regex of
		 * the condition sets: the child dies here */
		if (pf_sim_fcgi_backref_crash(n))
			return n;
		if (unset)
			name++;
		else {
			val = sim_apx_string(r, n->argc > 2 ? n->argv[2] : "",
			    &x, &unknown);
			if (unknown)
				out->conditional = 1;
		}
		k = fcgi_known(&c, name, strlen(name));
		/* apr_table_setn() keeps an existing entry's name; a new one
		 * is sent as written (FPM reads names with their case). */
		if (k != NULL && (*k != NULL || unset ||
		    strspn(name, "ABCDEFGHIJKLMNOPQRSTUVWXYZ_") == strlen(name))) {
			*k = unset ? NULL : val;
			continue;
		}
		/* Another name: for a later reqenv() (past eight names,
		 * those not kept are unknown). */
		for (j = 0; j < c.nx && strcasecmp(c.x[j].k, name) != 0; j++)
			;
		if (j == (int)(sizeof(c.x) / sizeof(c.x[0])))
			continue;
		if (j == c.nx)
			c.x[c.nx++].k = pf_strdup(a, name);
		c.x[j].v = unset ? "" : unknown ? NULL : val;
	}
	return NULL;
}

/*
 * The %{env:NAME} of a handler expression's socket (ap_expr's env
 * function: r->notes, r->subprocess_env, then the process environment)
 * replaced by what the request set: a regex section's MATCH_NAME
 * (match_env in sim.c; one no section set is empty) and a RewriteRule's
 * [E=NAME:...].  The socket stays as written when a value is unknown or
 * may come from elsewhere (SetEnv, SetEnvIf: no pool has such a name).
 */
static const char *
env_socket(struct sreq *r, const char *sock)
{
	struct pf_arena *a = SA(r->s);
	const char *p, *q, *v;
	char *out, *o;
	size_t n;

	if (sock == NULL || strcasestr(sock, "%{env:") == NULL)
		return sock;
	n = strlen(sock) + 1;
	for (p = sock; (p = strcasestr(p, "%{env:")) != NULL; p += 6) {
		if ((q = strchr(p + 6, '}')) == NULL)
			return sock;
		v = sim_env_get(r, p + 6, (size_t)(q - p - 6));
		if (v == sim_env_unknown || (v == NULL && (q - p - 6 < 7 ||
		    strncasecmp(p + 6, "MATCH_", 6) != 0)))
			return sock;
		n += v != NULL ? strlen(v) : 0;
	}
	o = out = pf_alloc(a, n);
	for (p = sock; *p != '\0'; p++) {
		if (strncasecmp(p, "%{env:", 6) == 0 &&
		    (q = strchr(p + 6, '}')) != NULL) {
			v = sim_env_get(r, p + 6, (size_t)(q - p - 6));
			if (v != NULL) {
				memcpy(o, v, strlen(v));
				o += strlen(v);
			}
			p = q;
			continue;
		}
		*o++ = *p;
	}
	*o = '\0';
	return out;
}

void	sim_fpm(struct sreq *, struct pf_sim_verdict *, const char *handler,
	    const char *url, const char *filename, const char *path_info);

void
sim_fpm(struct sreq *r, struct pf_sim_verdict *out, const char *handler,
    const char *url, const char *filename, const char *path_info)
{
	struct pf_arena *a = SA(r->s);
	struct pf_model *m = r->s->m;
	const char *script, *sname, *pinfo = NULL, *ptrans = NULL, *rfile;
	const char *droot;
	const struct pf_node *crash = NULL;
	int apache_was_here = 0, fix = 1, sent, ignored;
	struct pf_loc floc = PF_NOLOC;
	const char *v;

	{
		struct pf_backend lb = out->backend;

		if (r->s->lx == NULL)
			r->s->lx = pf_link_index_new(r->s->run);
		/* A handler's URL is the backend's and the file's path; with
		 * a worker named with a path and a socket, that path can
		 * decide the pool (the worker's socket wins).  A handler
		 * parsed here has the path "" when it names none. */
		/* A URL route's path decides it likewise (ProxyPass /a/ to
		 * fcgi://localhost/srv/a/ and /b/ to fcgi://localhost/srv/b/
		 * with a <Proxy "unix:b.sock|fcgi://localhost/srv/b/">: /b/
		 * reaches pool b, /a/ port 8000), and link_memo()'s key has
		 * no path.  Neither is remembered: each file's directory
		 * would be another key, and the lookup allocates nothing. */
		int paths = pf_link_socket_paths(r->s->lx);

		lb.socket = pf_link_expr_socket(r->s->lx, env_socket(r,
		    lb.socket), r->v);

		if (url == NULL && (lb.path == NULL || lb.path[0] == '\0') &&
		    filename != NULL && paths)
			lb.path = filename;
		if (paths && lb.path != NULL && lb.path[0] != '\0')
			out->pool = pf_link_backend_idx(r->s->lx, &lb,
			    r->v != NULL ? r->v->node : NULL);
		else
			out->pool = link_memo(r->s, &lb, r->v != NULL ?
			    r->v->node : NULL);
	}
	out->document_root = r->docroot;
	if (url != NULL) {
		/* URL routes: the substituted URL, the URI as SCRIPT_NAME. */
		const char *u = sim_past_uds(url), *pp;

		/* The scheme's canon handler encodes the path it was given
		 * (decoded r->uri substituted): FPM looks for that name. */
		pp = strstr(u, "://");
		pp = pp != NULL ? strchr(pp + 3, '/') : NULL;
		if (pp != NULL && !r->noencode && canon_enc(a, pp) != pp) {
			/* The memo swaps own strings as they are, not
			 * encoded. */
			sim_taint_if(r->s, pp);
			u = pf_printf(a, "%.*s%s", (int)(pp - u), u,
			    canon_enc(a, pp));
		}
		out->script_filename = pf_printf(a, "proxy:%s", u);
		out->script_name = r->uri;
	} else {
		/* Handler routes: Apache mapped the file first. */
		const char *pre = script_prefix(a, handler);

		out->script_filename = pf_printf(a, "%s%s", pre, filename);
		if (path_info != NULL) {
			out->script_name = pf_strndup(a, r->uri,
			    sim_find_path_info(r->uri, path_info));
			out->fpm_path_info = path_info;
			/* PATH_TRANSLATED: the path info looked up as a URI
			 * (ap_add_cgi_vars). */
			out->path_translated = sim_lookup_path(r, path_info);
		} else
			out->script_name = r->uri;
	}
	/* ProxyFCGIBackendType GENERIC: send_environment() strips
	 * "proxy:fcgi://HOST" itself (and a "?QUERY" that is the query
	 * string, nocanon's), so FPM gets a plain path: no
	 * apache_was_here, nothing cut at a '?' (verified on 2.4.71 with
	 * php-fpm8.2: /a%3fb.php runs "a?b.php"). */
	if (r->fcgi_generic && out->script_filename != NULL &&
	    strncasecmp(out->script_filename, "proxy:fcgi://", 13) == 0 &&
	    (v = strchr(out->script_filename + 13, '/')) != NULL) {
		const char *q = strrchr(v, '?');

		out->script_filename = v;
		/* "Query string in environment only": a '?' and the query
		 * (r->args, not empty) at the end go (nocanon's); verified
		 * on 2.4.71: /index.php?x=1 runs index.php, /index.php? is
		 * FPM's 404 for "index.php?" */
		if (q != NULL && r->query != NULL && r->query[0] != '\0' &&
		    strcmp(q + 1, r->query) == 0)
			out->script_filename = pf_strndup(a, v,
			    (size_t)(q - v));
	}
	rfile = out->script_filename;
	if (r->pathinfo_env != NULL &&
	    strncasecmp(out->script_filename, "proxy:fcgi://", 13) == 0)
		pathinfo_canon(r, out);
	if (r->nfe > 0)
		crash = fcgi_setenv(r, out, rfile, out->fpm_path_info);
	if (out->pool == NULL && m->pools.n > 0) {
		/* Connection refused or no such socket: 503 (AH01079). */
		out->fpm = PF_FPM_NO_BACKEND;
		return;
	}
	if (crash != NULL) {
		/* fix_cgivars runs once the backend is connected: the child
		 * dies before anything is sent (verified on 2.4.71: curl's
		 * "Empty reply from server", AH00052 "exit signal
		 * Segmentation fault" in the error log; 503 with no pool). */
		out->outcome = PF_SIM_NO_ANSWER;
		out->status_node = crash;
		return;
	}
	if (out->pool != NULL) {
		v = pf_php_effective(pf_pool_ini(m, out->pool), out->pool,
		    "cgi.fix_pathinfo", &floc);
		if (v != NULL)
			fix = atoi(v) != 0 || strcasecmp(v, "on") == 0;
		out->limit_ext = out->pool->limit_extensions.s;
	} else if (m->phpini != NULL) {
		v = pf_php_effective(m->phpini, NULL, "cgi.fix_pathinfo", &floc);
		if (v != NULL)
			fix = atoi(v) != 0 || strcasecmp(v, "on") == 0;
	}
	out->fix_pathinfo = fix;
	out->fix_pathinfo_loc = floc;
	r->croot = pf_pool_chroot(a, out->pool);

	/* FPM: init_request_info.  SCRIPT_FILENAME, else PATH_TRANSLATED
	 * (ProxyFCGISetEnvIf can unset either), names the script; with
	 * neither, nothing is computed (no status page either: verified,
	 * ping 404 with both unset, "pong" with PATH_TRANSLATED alone). */
	sent = out->script_filename != NULL || out->path_translated != NULL;
	script = out->script_filename != NULL ? fpm_strip(a,
	    out->script_filename, &apache_was_here) : out->path_translated;
	script = fs_resolve(r, script);
	sname = out->script_name;
	pinfo = out->fpm_path_info;
	ptrans = out->path_translated;
	droot = out->document_root != NULL ? out->document_root : "";
	if (fix && script != NULL) {
		/* The path is taken apart when it ends in '/' or realpath()
		 * fails: an existing directory is kept whole, and then
		 * security.limit_extensions refuses it (verified on
		 * php-fpm8.2: ProxyPass /app to a folder is "Access
		 * denied.", /app/ "File not found."). */
		if (script[0] != '\0' && (script[strlen(script) - 1] == '/' ||
		    (!fpm_is_file(r, script) && !fpm_is_dir(r, script)))) {
			char *p = pf_strdup(a, script);
			char *sl;
			int found = 0;

			while ((sl = strrchr(p, '/')) != NULL && sl != p) {
				*sl = '\0';
				if (fpm_is_file(r, p)) {
					found = 1;
					break;
				}
			}
			if (found) {
				const char *tail = script + strlen(p);
				size_t sl2 = sname != NULL ? strlen(sname) : 0;
				size_t tl = strlen(tail);

				if (pinfo == NULL || !apache_was_here)
					pinfo = tail;
				if (sname != NULL && tl <= sl2 &&
				    strcmp(sname + sl2 - tl, tail) == 0)
					sname = pf_strndup(a, sname, sl2 - tl);
				/* Without DOCUMENT_ROOT (unset by a
				 * ProxyFCGISetEnvIf) FPM plays hide and seek
				 * with SCRIPT_NAME: not followed. */
				if (out->document_root == NULL)
					out->conditional = 1;
				ptrans = pf_printf(a, "%s%s", droot, pinfo);
				script = p;
			} else
				script = NULL;
		}
	} else if (script != NULL) {
		/* fix_pathinfo=0 (pre-4.3 behaviour, cgi.discard_path=0):
		 * PATH_TRANSLATED is the script, PATH_INFO the name the
		 * status pages are matched by (verified: ProxyFCGISetEnvIf
		 * PATH_INFO "/ping" got "pong"). */
		if (ptrans != NULL)
			script = ptrans;
		if (pinfo != NULL)
			sname = pinfo;
	}
	out->fpm_path_info = pinfo;
	out->path_translated = ptrans;
	/* Status and ping pages answer before any script, even when no
	 * file was found (fpm_status_handle_request() runs before the
	 * "Primary script unknown" check; the request only needs a
	 * SCRIPT_FILENAME or PATH_TRANSLATED param, which Apache always
	 * sends unless a ProxyFCGISetEnvIf unsets them). */
	if (out->pool != NULL && sname != NULL && sent) {
		const char *st = out->pool->status_path.s;
		const char *pg = out->pool->ping_path.s;

		if ((st != NULL && strcmp(st, sname) == 0) ||
		    (pg != NULL && strcmp(pg, sname) == 0)) {
			out->fpm = PF_FPM_STATUS;
			return;
		}
	}
	if (script == NULL || script[0] == '\0' || has_dotdot(script)) {
		out->fpm = PF_FPM_NOT_FOUND;
		out->chroot_miss = r->croot != NULL && chroot_miss(r,
		    out->script_filename != NULL ? fpm_strip(a,
		    out->script_filename, &ignored) : out->path_translated);
		return;
	}
	/* (the file on this machine: below the chroot) */
	out->executed = fpm_path(r, script);
	/* The extension test reads the end of the name: not into one of the
	 * vhost's own strings (memo). */
	if (r->s->nsig > 0) {
		size_t at, len, end = 0, off = 0, sl = strlen(script);

		while (sim_sig_find(r->s, script + off, &at, &len)) {
			end = off + at + len;
			off = end;
		}
		if (end > 0 && sl - end < ext_longest(out->limit_ext))
			r->s->taint = 1;
	}
	if (!ext_allowed(out->limit_ext, script)) {
		out->fpm = PF_FPM_DENIED;
		return;
	}
	out->fpm = fpm_is_file(r, script) ? PF_FPM_EXEC : PF_FPM_NOT_FOUND;
	out->chroot_miss = out->fpm == PF_FPM_NOT_FOUND && r->croot != NULL &&
	    chroot_miss(r, script);
}

static const char *describe_one(struct pf_sim *,
    const struct pf_sim_verdict *);

const char *
pf_sim_describe(struct pf_sim *s, const struct pf_sim_verdict *v)
{
	struct pf_arena *a = SA(s);
	const char *d = describe_one(s, v);
	int st = v->errdoc_status;

	if (v->intercepted != NULL)
		d = pf_printf(a, "%s, which ProxyErrorOverride replaces with "
		    "Apache's %d", d, st);
	switch (v->errdoc) {
	case PF_ERRDOC_NONE:
		return d;
	case PF_ERRDOC_TEXT:
		return pf_printf(a, "%s; its ErrorDocument is a message", d);
	case PF_ERRDOC_EXTERNAL:
		return pf_printf(a, "%s; its ErrorDocument redirects to %s "
		    "(302)", d, v->errdoc_node->argv[1]);
	case PF_ERRDOC_EXPR:
		return pf_printf(a, "%s; its ErrorDocument is %s", d,
		    v->errdoc_node->argv[1]);
	case PF_ERRDOC_FAILED:
		return pf_printf(a, "%s; its ErrorDocument %s fails too (%s): "
		    "Apache's page", d, v->errdoc_node->argv[1],
		    describe_one(s, v->errdoc_v));
	case PF_ERRDOC_LOCAL:
		break;
	}
	return pf_printf(a, "%s; its ErrorDocument %s: %s (%d)", d,
	    v->errdoc_node->argv[1], describe_one(s, v->errdoc_v), st);
}

static const char *
describe_one(struct pf_sim *s, const struct pf_sim_verdict *v)
{
	struct pf_arena *a = SA(s);

	switch (v->outcome) {
	case PF_SIM_STATIC:
		return pf_printf(a, "Apache serves %s as a static file",
		    v->filename ? v->filename : "the file");
	case PF_SIM_NOT_FOUND:
		return "Apache answers 404";
	case PF_SIM_DENIED:
		return "Apache refuses it (403)";
	case PF_SIM_OTHER:
		if (v->handler != NULL && strcmp(v->handler,
		    PF_SIM_DIR_HANDLER) == 0)
			return v->status == 200 ? "mod_autoindex lists the "
			    "directory (Options Indexes)" : "mod_autoindex "
			    "refuses the directory (403: no DirectoryIndex "
			    "file, no Options Indexes)";
		if (v->refused_link != NULL)
			return pf_printf(a, "Apache refuses the symbolic link "
			    "%s on the way (403: Options %s)", v->refused_link,
			    v->status_node != NULL ? v->status_node->raw :
			    "without FollowSymLinks");
		if (v->status != 0 && v->status_node != NULL &&
		    (v->status_node->flags & PF_NODE_FORBIDDEN))
			return pf_printf(a, "Apache answers %d (.htaccess: %s "
			    "not allowed here)", v->status,
			    v->status_node->name);
		if (v->status != 0)
			return pf_printf(a, "Apache answers %d%s%s%s", v->status,
			    v->status_node != NULL ? " (" : "",
			    v->status_node != NULL ? v->status_node->name : "",
			    v->status_node != NULL ? ")" : "");
		return pf_printf(a, "handled by %s", v->handler ?
		    v->handler : "another handler");
	case PF_SIM_NO_ANSWER:
		if (v->status_node == NULL || v->status_node->argc < 3)
			return "Apache's child crashes: no answer";
		return pf_printf(a, "Apache's child crashes on ProxyFCGISetEnvIf "
		    "\"%s\" %s \"%s\" (a $N, no capturing group): no answer",
		    v->status_node->argv[0], v->status_node->argv[1],
		    v->status_node->argv[2]);
	case PF_SIM_FPM:
		break;
	}
	switch (v->fpm) {
	case PF_FPM_EXEC:
		return pf_printf(a, "%s%s executes %s", v->pool ? "FPM pool " :
		    "PHP-FPM", v->pool ? v->pool->name : "", v->executed);
	case PF_FPM_DENIED:
		return pf_printf(a, "FPM refuses %s by security.limit_extensions "
		    "(403)", v->executed);
	case PF_FPM_NOT_FOUND:
		return "FPM answers 404";
	case PF_FPM_STATUS:
		return "FPM answers with its status/ping page";
	case PF_FPM_NO_BACKEND:
		return "no pool listens there (503)";
	case PF_FPM_NONE:
		break;
	}
	return "sent to FastCGI";
}
