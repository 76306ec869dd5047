/*
 * selftest_sandbox.c - the private temp dir selftest runs in.
 *
 *   DIR/root/    the target machine's / (document roots, sockets)
 *   DIR/conf/    the configuration copies (DIR/conf + original path) and
 *                the wrappers httpd.conf and php-fpm.conf (mode 0700:
 *                deployed pools may carry secrets)
 *   DIR/s/       every unix socket, as N.sock (sockaddr_un is short)
 *   DIR/apache/  ServerRoot, PidFile, Mutex, DefaultRuntimeDir
 *   DIR/fpm/     php-fpm's pid file
 *   DIR/logs/    every log
 *
 * Each copy keeps every line where it was (a changed directive is
 * rewritten on its own line, a dropped one is commented out), so a
 * place in a copy is the same line of the original.  What changes:
 * paths of the deployed tree move below DIR/root; Listen and
 * <VirtualHost> addresses become private 127.0.0.1 ports; FastCGI TCP
 * backends move to private ports (a backend no pool of the run listens
 * on goes to a port that refuses, so nothing leaves the machine);
 * ServerRoot, PidFile, logs, User/Group, Mutex and MPM sizing give way to
 * the wrapper's; TLS is switched off (routing does not depend on it);
 * Include and LoadModule paths are resolved against the original
 * ServerRoot.  Pools keep their routing settings; users that do not
 * exist here, logs, chroot and chdir are replaced or dropped, and the
 * process manager is shrunk to two workers.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <ftw.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/selftest.h"
#include "model/buf.h"
#include "rules/link.h"

#define COMMENT	"#selftest# "

/* ---- files and folders ---------------------------------------------- */

int
st_mkdirs(const char *path)
{
	char *p = strdup(path), *s;
	int rc = 0;

	if (p == NULL)
		return -1;
	for (s = p + 1; ; s++) {
		if (*s != '/' && *s != '\0')
			continue;
		char c = *s;

		*s = '\0';
		if (mkdir(p, 0755) < 0 && errno != EEXIST) {
			rc = -1;
			break;
		}
		*s = c;
		if (c == '\0')
			break;
	}
	free(p);
	return rc;
}

int
st_write_file(const char *path, const char *data, size_t len, int mode)
{
	char *dir, *sl;
	ssize_t n;
	int fd;

	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW,
	    mode);
	if (fd < 0 && errno == ENOENT) {
		/* the folders first, only when missing */
		if ((dir = strdup(path)) == NULL)
			return -1;
		if ((sl = strrchr(dir, '/')) != NULL && sl != dir) {
			*sl = '\0';
			if (st_mkdirs(dir) < 0) {
				free(dir);
				return -1;
			}
		}
		free(dir);
		fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC |
		    O_NOFOLLOW, mode);
	}
	if (fd < 0)
		return -1;
	while (len > 0) {
		n = write(fd, data, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			close(fd);
			return -1;
		}
		data += n;
		len -= (size_t)n;
	}
	if (fchmod(fd, (mode_t)mode) < 0 || close(fd) < 0)
		return -1;
	return 0;
}

int
st_free_port(void)
{
	struct sockaddr_in sa;
	socklen_t sl = sizeof(sa);
	int fd, port = -1;

	fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0 &&
	    getsockname(fd, (struct sockaddr *)&sa, &sl) == 0)
		port = ntohs(sa.sin_port);
	close(fd);
	return port;
}

/* A port nobody listens on for the whole run: bound, never listening,
 * so a connection to it is refused at once. */
static int
dead_port(struct st_ctx *c)
{
	struct sockaddr_in sa;
	socklen_t sl = sizeof(sa);

	c->dead_fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (c->dead_fd < 0)
		return -1;
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(c->dead_fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 ||
	    getsockname(c->dead_fd, (struct sockaddr *)&sa, &sl) < 0)
		return -1;
	c->dead_port = ntohs(sa.sin_port);
	return 0;
}

/* Nonzero if every folder from / down to dir lets others pass. */
static int
traversable(const char *dir)
{
	char *p = strdup(dir), *s;
	struct stat st;
	int ok = 1;

	if (p == NULL)
		return 0;
	for (s = p + strlen(p); ok && s > p; ) {
		if (stat(p, &st) < 0 || !S_ISDIR(st.st_mode) ||
		    !(st.st_mode & S_IXOTH))
			ok = 0;
		while (s > p && *s != '/')
			s--;
		*s = '\0';
	}
	free(p);
	return ok;
}

static int
has_upper(const char *s)
{
	for (; *s != '\0'; s++)
		if (isupper((unsigned char)*s))
			return 1;
	return 0;
}

/*
 * The short name of a unix socket: socket paths must fit sockaddr_un
 * (107 bytes, and Apache refuses longer ones), so every socket of the
 * sandbox becomes DIR/s/N.sock, the same N for the same path on the
 * Apache and the php-fpm side.
 */
static const char *
short_socket(struct st_ctx *c, const char *path, size_t n)
{
	size_t i;

	for (i = 0; i < c->sockets.n; i++)
		if (strlen(c->sockets.v[i]) == n &&
		    strncmp(c->sockets.v[i], path, n) == 0)
			break;
	if (i == c->sockets.n)
		PF_PUSH(c->a, c->sockets, pf_strndup(c->a, path, n));
	return pf_printf(c->a, "%s/s/%zu.sock", c->dir, i);
}

int
st_sandbox_new(struct st_ctx *c)
{
	const char *tmp = getenv("TMPDIR");
	char *t;
	int tries;

	/*
	 * $TMPDIR, else /dev/shm: a sandbox is some sixty small files made
	 * and removed in a few milliseconds, which a disk file system with
	 * a busy journal turns into a tenth of a second; else /tmp.
	 * Apache's children run as another user: as root, the sandbox goes
	 * where that user can reach it.  Its path is all lower case:
	 * mod_mime and mod_rewrite lower-case the handlers of AddHandler
	 * and [H=], socket path included, which only works (on the target
	 * as here) for a path without capitals.
	 */
	if (tmp == NULL || tmp[0] != '/')
		tmp = access("/dev/shm", W_OK | X_OK) == 0 ? "/dev/shm" :
		    "/tmp";
	if ((geteuid() == 0 && !traversable(tmp)) || has_upper(tmp) ||
	    strlen(tmp) > 48)
		tmp = "/tmp";
	for (tries = 0; ; tries++) {
		unsigned char rnd[8];
		char name[sizeof(rnd) + 1];
		size_t i;

		if (getrandom(rnd, sizeof(rnd), 0) != (ssize_t)sizeof(rnd))
			return -1;
		for (i = 0; i < sizeof(rnd); i++)
			name[i] = "abcdefghijklmnopqrstuvwxyz0123456789"
			    [rnd[i] % 36];
		name[sizeof(rnd)] = '\0';
		t = pf_printf(c->a, "%s/proxyfpm-selftest.%s", tmp, name);
		if (mkdir(t, 0700) == 0)
			break;
		if (errno != EEXIST || tries > 100)
			return -1;
	}
	c->dir = t;
	c->dead_fd = -1;
	/* Apache's children (www-data) walk to the document roots. */
	if (chmod(t, 0711) < 0)
		return -1;
	c->root = pf_printf(c->a, "%s/root", t);
	c->conf = pf_printf(c->a, "%s/conf", t);
	c->adir = pf_printf(c->a, "%s/apache", t);
	c->fdir = pf_printf(c->a, "%s/fpm", t);
	c->logs = pf_printf(c->a, "%s/logs", t);
	if (mkdir(c->root, 0755) < 0 || mkdir(c->conf, 0700) < 0 ||
	    mkdir(pf_printf(c->a, "%s/s", t), 0755) < 0 ||
	    mkdir(c->adir, 0755) < 0 || mkdir(c->fdir, 0700) < 0 ||
	    mkdir(c->logs, 0755) < 0)
		return -1;
	/* /var/run and /var/lock are /run and /run/lock, as on the target. */
	if (st_mkdirs(pf_printf(c->a, "%s/run/lock", c->root)) < 0 ||
	    mkdir(pf_printf(c->a, "%s/var", c->root), 0755) < 0 ||
	    symlink("../run", pf_printf(c->a, "%s/var/run", c->root)) < 0 ||
	    symlink("../run/lock", pf_printf(c->a, "%s/var/lock",
	    c->root)) < 0)
		return -1;
	return dead_port(c);
}

static int
rm_entry(const char *path, const struct stat *st, int flag, struct FTW *f)
{
	(void)st;
	(void)f;
	if (flag == FTW_DP)
		return rmdir(path) < 0 && errno != ENOENT ? -1 : 0;
	return unlink(path) < 0 && errno != ENOENT ? -1 : 0;
}

void
st_sandbox_remove(struct st_ctx *c)
{
	if (c->dead_fd >= 0)
		close(c->dead_fd);
	c->dead_fd = -1;
	if (c->dir == NULL)
		return;
	if (c->keep) {
		st_say("the sandbox is kept in %s", c->dir);
		c->dir = NULL;
		return;
	}
	/* Depth first, never following a symbolic link out of it. */
	if (nftw(c->dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS) < 0)
		st_say("could not remove %s: %s", c->dir, strerror(errno));
	c->dir = NULL;
}

/* ---- ports ---------------------------------------------------------- */

static int
new_port(struct st_ctx *c)
{
	size_t i;
	int p, tries;

	for (tries = 0; tries < 50; tries++) {
		p = st_free_port();
		if (p <= 0)
			return -1;
		if (p == c->dead_port)
			continue;
		for (i = 0; i < c->vports.n; i++)
			if (c->vports.v[i].to == p)
				break;
		if (i < c->vports.n)
			continue;
		for (i = 0; i < c->bports.n; i++)
			if (c->bports.v[i].to == p)
				break;
		if (i == c->bports.n)
			return p;
	}
	return -1;
}

/* The private port of an Apache port (0: the first one). */
static int
vport(struct st_ctx *c, int from)
{
	struct st_portmap m;
	size_t i;

	for (i = 0; i < c->vports.n; i++)
		if (c->vports.v[i].from == from || (from == 0 && i == 0))
			return c->vports.v[i].to;
	memset(&m, 0, sizeof(m));
	m.from = from;
	m.to = new_port(c);
	PF_PUSH(c->a, c->vports, m);
	return m.to;
}

/* The private port of a pool's TCP listen address. */
static int
pool_port(struct st_ctx *c, const char *host, int from)
{
	struct st_portmap m;

	memset(&m, 0, sizeof(m));
	m.host = host;
	m.from = from;
	m.to = new_port(c);
	PF_PUSH(c->a, c->bports, m);
	return m.to;
}

/* Where a backend connection to host:port goes in the sandbox. */
static int
backend_port(struct st_ctx *c, const char *host, int port)
{
	size_t i;

	for (i = 0; i < c->bports.n; i++) {
		const struct st_portmap *m = &c->bports.v[i];

		if (m->from != port)
			continue;
		if (m->host == NULL || strcmp(m->host, "0.0.0.0") == 0 ||
		    strcmp(m->host, "[::]") == 0 ||
		    strcmp(m->host, "::") == 0 ||
		    (pf_host_is_loopback(m->host) &&
		    pf_host_is_loopback(host)) ||
		    strcasecmp(m->host, host) == 0)
			return m->to;
	}
	return c->dead_port;
}

/* ---- text helpers --------------------------------------------------- */

static int
pathch(int ch)
{
	return isalnum(ch) || ch == '.' || ch == '_' || ch == '-' ||
	    ch == '~' || ch == '+' || ch == '@' || ch == '/';
}

/* Nonzero if position i starts a path: not in the middle of a word,
 * or right after the authority of scheme://host[:port]. */
static int
path_start(const char *s, size_t i)
{
	size_t j;

	if (i == 0 || !pathch((unsigned char)s[i - 1]))
		return 1;
	for (j = i; j > 0 && s[j - 1] != '/' && s[j - 1] != ' ' &&
	    s[j - 1] != '"' && s[j - 1] != '\'' && s[j - 1] != '\t'; j--)
		;
	return j >= 3 && s[j - 1] == '/' && s[j - 2] == '/' && s[j - 3] == ':';
}

/*
 * Appends s with every path below a collected root moved below the
 * sandbox root (the deployed tree's paths; compiled ones are there).
 * With ancestors, a whole path that contains a root moves too: the value
 * of "Define SITE /srv/site" that "DocumentRoot ${SITE}/public" uses.
 */
static void
remap_paths(struct st_ctx *c, const char *s, size_t n, struct pf_buf *out,
    int ancestors)
{
	size_t i, k, best, rl, tl, dl = strlen(c->dir);

	for (i = 0; i < n; i++) {
		if (s[i] == '/' && c->roots.n > 0 && path_start(s, i) &&
		    !(n - i >= dl && strncmp(s + i, c->dir, dl) == 0)) {
			best = 0;
			for (tl = 0; ancestors && i + tl < n &&
			    pathch((unsigned char)s[i + tl]); tl++)
				;
			while (tl > 1 && s[i + tl - 1] == '/')
				tl--;
			for (k = 0; ancestors && tl > 1 && k < c->roots.n; k++)
				if (strlen(c->roots.v[k]) > tl &&
				    strncmp(c->roots.v[k], s + i, tl) == 0 &&
				    c->roots.v[k][tl] == '/')
					best = tl;
			for (k = 0; k < c->roots.n; k++) {
				rl = strlen(c->roots.v[k]);
				if (rl > n - i || rl <= best ||
				    strncmp(s + i, c->roots.v[k], rl) != 0)
					continue;
				if (i + rl < n && s[i + rl] != '/' &&
				    pathch((unsigned char)s[i + rl]))
					continue;
				best = rl;
			}
			if (best > 0) {
				pf_buf_puts(out, c->root);
				/* /var/run is /run: one name for one socket,
				 * as the simulator's linking assumes */
				if (n - i > 9 && strncmp(s + i, "/var/run/", 9)
				    == 0)
					i += 4;
			}
		}
		pf_buf_putc(out, s[i]);
	}
}

static const struct {
	const char	*scheme;
	int		 port;
} schemes[] = {
	{ "fcgi", 8000 }, { "http", 80 }, { "https", 443 }, { "ws", 80 },
	{ "wss", 443 }, { "ajp", 8009 }, { "scgi", 4000 }, { "uwsgi", 3031 },
	{ "h2", 443 }, { "h2c", 80 }, { NULL, 0 },
};

static int
is_unix_worker(struct st_ctx *c, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < c->unix_workers.n; i++)
		if (strlen(c->unix_workers.v[i]) == n &&
		    strncasecmp(c->unix_workers.v[i], s, n) == 0)
			return 1;
	return 0;
}

/*
 * Appends s with the authority of every backend URL replaced by its
 * sandbox address.  The part after "unix:...|" only names the worker and
 * stays, as do worker names that a unix: URL elsewhere gives a socket
 * (RHEL's "proxy:fcgi://localhost" under <Proxy "unix:...|fcgi://...">).
 */
static void
remap_backends(struct st_ctx *c, const char *s, size_t n, struct pf_buf *out)
{
	size_t i = 0, k, sb, ae, hl;
	const char *auth, *colon;
	char host[256];
	int si, port;

	while (i < n) {
		const char *p = i + 3 <= n ? strstr(s + i, "://") : NULL;

		if (p == NULL || (size_t)(p - s) + 3 > n) {
			pf_buf_add(out, s + i, n - i);
			return;
		}
		k = (size_t)(p - s);
		for (sb = k; sb > i && isalnum((unsigned char)s[sb - 1]); sb--)
			;
		auth = p + 3;
		for (ae = 0; k + 3 + ae < n && !strchr("/ \t\"'|?#>,)",
		    auth[ae]); ae++)
			;
		for (si = 0; schemes[si].scheme != NULL; si++)
			if (strlen(schemes[si].scheme) == k - sb &&
			    strncasecmp(schemes[si].scheme, s + sb,
			    k - sb) == 0)
				break;
		if (schemes[si].scheme == NULL || ae == 0 ||
		    (sb > 0 && s[sb - 1] == '|') ||
		    memchr(auth, '%', ae) || memchr(auth, '$', ae) ||
		    memchr(auth, '{', ae) ||
		    is_unix_worker(c, s + sb, k + 3 + ae - sb)) {
			pf_buf_add(out, s + i, k + 3 - i);
			i = k + 3;
			continue;
		}
		/* host[:port] or [v6][:port] */
		port = schemes[si].port;
		if (auth[0] == '[') {
			const char *rb = memchr(auth, ']', ae);

			hl = rb ? (size_t)(rb - auth) + 1 : ae;
			colon = rb && (size_t)(rb - auth) + 1 < ae &&
			    rb[1] == ':' ? rb + 1 : NULL;
		} else {
			colon = memchr(auth, ':', ae);
			hl = colon ? (size_t)(colon - auth) : ae;
		}
		if (colon != NULL)
			port = atoi(colon + 1);
		if (hl >= sizeof(host))
			hl = sizeof(host) - 1;
		memcpy(host, auth, hl);
		host[hl] = '\0';
		pf_buf_add(out, s + i, k + 3 - i);
		pf_buf_printf(out, "127.0.0.1:%d", backend_port(c, host, port));
		i = k + 3 + ae;
	}
}

/* Appends s with the path of every "unix:PATH" made a short socket
 * (PATH below the sandbox: the deployed ones are moved already). */
static void
remap_sockets(struct st_ctx *c, const char *s, size_t n, struct pf_buf *out)
{
	size_t i = 0, k, pl, dl = strlen(c->dir);
	const char *p;

	while (i < n) {
		p = strcasestr(s + i, "unix:");
		if (p == NULL || (size_t)(p - s) >= n) {
			pf_buf_add(out, s + i, n - i);
			return;
		}
		k = (size_t)(p - s) + 5;
		pf_buf_add(out, s + i, k - i);
		pl = strcspn(s + k, "|\" '\t");
		if (pl > dl && strncmp(s + k, c->dir, dl) == 0 &&
		    s[k + dl] == '/')
			pf_buf_puts(out, short_socket(c, s + k, pl));
		else
			pf_buf_add(out, s + k, pl);
		i = k + pl;
	}
}

/* Words of a directive's arguments (quotes removed). */
static int
split_args(const char *s, char **w, int max, struct pf_arena *a)
{
	int n = 0;
	char q;
	const char *b;

	while (*s && n < max) {
		while (*s == ' ' || *s == '\t')
			s++;
		if (*s == '\0')
			break;
		if (*s == '"' || *s == '\'') {
			struct pf_buf t = PF_BUF_INIT;

			q = *s++;
			while (*s && *s != q) {
				if (*s == '\\' && (s[1] == q || s[1] == '\\'))
					s++;
				pf_buf_putc(&t, *s++);
			}
			if (*s == q)
				s++;
			w[n++] = pf_strdup(a, pf_buf_str(&t));
			pf_buf_free(&t);
			continue;
		}
		for (b = s; *s && *s != ' ' && *s != '\t'; s++)
			;
		w[n++] = pf_strndup(a, b, (size_t)(s - b));
	}
	return n;
}

/* A path relative to the original ServerRoot made absolute. */
static const char *
server_path(struct st_ctx *c, const char *p)
{
	if (p[0] == '/' || c->server_root == NULL)
		return p;
	return pf_printf(c->a, "%s/%s", c->server_root, p);
}

/* Nonzero if a copy in the sandbox matches path (a file, a folder or a
 * glob over copies). */
static int
copies_match(struct st_ctx *c, const char *pat)
{
	size_t i, n = strlen(pat);

	for (i = 0; i < c->texts.n; i++) {
		const char *cp = c->texts.v[i].copy;

		if (cp == NULL || c->texts.v[i].kind == ST_TXT_HTACCESS)
			continue;
		if (fnmatch(pat, cp, FNM_PATHNAME) == 0 ||
		    (strncmp(cp, pat, n) == 0 && cp[n] == '/'))
			return 1;
	}
	return 0;
}

/* The copy of an included path, as a pattern below DIR/conf. */
static const char *
include_copy(struct st_ctx *c, const char *abs)
{
	return pf_printf(c->a, "%s%s", c->conf, abs);
}

/* ---- httpd ---------------------------------------------------------- */

static const char *const drop_httpd[] = {
	"listen", "serverroot", "pidfile", "errorlog", "customlog",
	"transferlog", "globallog", "forensiclog", "scoreboardfile", "mutex",
	"lockfile", "defaultruntimedir", "user", "group", "coredumpdirectory",
	"startservers", "serverlimit", "threadlimit", "threadsperchild",
	"maxrequestworkers", "maxclients", "minsparethreads",
	"maxsparethreads", "minspareservers", "maxspareservers",
	"maxconnectionsperchild", "maxrequestsperchild",
	"asyncrequestworkerfactor", "h2maxworkers", "h2minworkers",
	"suexecusergroup", "assignuserid", "listenbacklog", NULL,
};

/* Directives whose URLs open backend connections. */
static const char *const backend_httpd[] = {
	"proxypass", "proxypassmatch", "balancermember", "<proxy",
	"<proxymatch", "proxyset", "sethandler", "addhandler", "rewriterule",
	"proxyremote", "proxyremotematch", "define", "action", "setenv",
	"setenvif", "proxyfcgisetenvif", "<location", "<locationmatch", NULL,
};

static int
in_list(const char *const *l, const char *name)
{
	for (; *l != NULL; l++)
		if (strcmp(*l, name) == 0)
			return 1;
	return 0;
}

/* The port of a Listen argument ("80", "1.2.3.4:80", "[::]:443"). */
static int
listen_port(const char *w)
{
	const char *p = strrchr(w, ':');

	if (w[0] == '[' && (p == NULL || p < strchr(w, ']')))
		return 0;
	return atoi(p ? p + 1 : w);
}

/* Did the reader find this Listen port active (not in a false
 * <IfModule>)?  A deployed tree only; compiled vhosts have none. */
static int
listen_active(struct st_ctx *c, int port)
{
	size_t i;

	if (c->compiled)
		return 1;
	for (i = 0; i < c->listen_ports.n; i++)
		if (c->listen_ports.v[i] == port)
			return 1;
	return 0;
}

/*
 * One logical line (continuation lines joined) of an httpd text: the
 * new text in out, or returns 0 to keep it, 1 replaced, 2 comment out.
 */
static int
httpd_line(struct st_ctx *c, const char *l, struct pf_buf *out)
{
	char name[64], *w[8];
	const char *p = l, *args;
	size_t nl = 0;
	int n, i, port;

	while (*p == ' ' || *p == '\t')
		p++;
	if (*p == '#' || *p == '\0' || (p[0] == '<' && p[1] == '/'))
		return 0;
	while (p[nl] && p[nl] != ' ' && p[nl] != '\t' && p[nl] != '>' &&
	    nl < sizeof(name) - 1) {
		name[nl] = (char)tolower((unsigned char)p[nl]);
		nl++;
	}
	name[nl] = '\0';
	args = p + nl;
	if (in_list(drop_httpd, name) || strncmp(name, "ssl", 3) == 0) {
		if (strcmp(name, "listen") == 0 &&
		    (n = split_args(args, w, 2, c->a)) > 0 &&
		    listen_active(c, listen_port(w[0])))
			vport(c, listen_port(w[0]));
		return 2;
	}
	pf_buf_add(out, l, (size_t)(p - l));	/* indentation */
	if (strcmp(name, "<virtualhost") == 0) {
		char *end = strrchr(args, '>');
		char *t = pf_strndup(c->a, args, end ? (size_t)(end -
		    args) : strlen(args));
		int seen[8], ns = 0, k;

		n = split_args(t, w, 8, c->a);
		pf_buf_puts(out, "<VirtualHost");
		for (i = 0; i < n; i++) {
			port = vport(c, listen_port(w[i]));
			for (k = 0; k < ns && seen[k] != port; k++)
				;
			if (k < ns)
				continue;
			seen[ns++] = port;
			pf_buf_printf(out, " 127.0.0.1:%d", port);
		}
		if (n == 0)
			pf_buf_printf(out, " 127.0.0.1:%d", vport(c, 0));
		pf_buf_puts(out, end ? end : ">");
		return 1;
	}
	if (strcmp(name, "include") == 0 || strcmp(name, "includeoptional") ==
	    0) {
		const char *cp;

		if (split_args(args, w, 1, c->a) != 1)
			return 0;
		cp = include_copy(c, server_path(c, w[0]));
		/* An Include whose files were never read (a false branch when
		 * proxyfpm read it) must not stop Apache in the sandbox. */
		pf_buf_printf(out, "%s \"%s\"",
		    strcmp(name, "include") == 0 && copies_match(c, cp) ?
		    "Include" : "IncludeOptional", cp);
		return 1;
	}
	if (strcmp(name, "loadmodule") == 0 || strcmp(name, "loadfile") == 0) {
		const char *path, *base;

		n = split_args(args, w, 2, c->a);
		if (n < 1)
			return 0;
		path = server_path(c, w[n - 1]);
		if (access(path, R_OK) != 0 && c->moddir != NULL) {
			base = strrchr(path, '/');
			path = pf_printf(c->a, "%s/%s", c->moddir,
			    base ? base + 1 : path);
		}
		if (access(path, R_OK) != 0)
			return 2;
		if (n == 2)
			pf_buf_printf(out, "LoadModule %s \"%s\"", w[0], path);
		else
			pf_buf_printf(out, "LoadFile \"%s\"", path);
		return 1;
	}
	if ((strcmp(name, "typesconfig") == 0 ||
	    strcmp(name, "mimemagicfile") == 0) &&
	    split_args(args, w, 1, c->a) == 1 && w[0][0] != '/') {
		pf_buf_printf(out, "%.*s \"%s\"", (int)nl, p,
		    server_path(c, w[0]));
		return 1;
	}
	/* Paths, then backend addresses. */
	if (in_list(backend_httpd, name)) {
		struct pf_buf t = PF_BUF_INIT, u = PF_BUF_INIT;

		remap_paths(c, p, strlen(p), &t,
		    strcmp(name, "define") == 0);
		remap_sockets(c, pf_buf_str(&t), t.len, &u);
		remap_backends(c, pf_buf_str(&u), u.len, out);
		pf_buf_free(&t);
		pf_buf_free(&u);
	} else
		remap_paths(c, p, strlen(p), out, 0);
	return strcmp(out->p + (p - l), p) != 0 ? 1 : 0;
}

/* The sandbox copy of an httpd-syntax text, line for line. */
static char *
rewrite_httpd(struct st_ctx *c, const char *data, size_t len,
    size_t *outlen)
{
	struct pf_buf out = PF_BUF_INIT, logical = PF_BUF_INIT,
	    repl = PF_BUF_INIT;
	size_t i = 0, s, e, nphys, k;
	int r;

	while (i < len) {
		s = i;
		nphys = 0;
		pf_buf_reset(&logical);
		/* gather the physical lines of one logical line */
		for (;;) {
			e = i;
			while (e < len && data[e] != '\n')
				e++;
			nphys++;
			k = e;
			if (k > i && data[k - 1] == '\r')
				k--;
			if (k > i && data[k - 1] == '\\' && e < len) {
				pf_buf_add(&logical, data + i, k - 1 - i);
				i = e + 1;
				continue;
			}
			pf_buf_add(&logical, data + i, k - i);
			i = e < len ? e + 1 : e;
			break;
		}
		pf_buf_reset(&repl);
		r = httpd_line(c, pf_buf_str(&logical), &repl);
		if (r == 2)
			pf_buf_puts(&out, COMMENT);
		if (r == 1) {
			pf_buf_add(&out, repl.p, repl.len);
			for (k = 0; k < nphys; k++)
				pf_buf_putc(&out, '\n');
		} else {
			pf_buf_add(&out, data + s, i - s);
			if (i == len && (i == s || data[i - 1] != '\n'))
				pf_buf_putc(&out, '\n');
		}
	}
	pf_buf_free(&logical);
	pf_buf_free(&repl);
	*outlen = out.len;
	return pf_buf_detach(&out);
}

/* ---- php-fpm and php.ini --------------------------------------------- */

static int
user_exists(const char *name)
{
	return name != NULL && getpwnam(name) != NULL;
}

/* "key = value" of an INI line: the key (lower-cased) and the value with
 * quotes and a trailing comment removed. */
static int
ini_kv(const char *l, char *key, size_t kn, const char **val, size_t *vn)
{
	const char *p = l, *eq, *v, *e;
	size_t n = 0;

	while (*p == ' ' || *p == '\t')
		p++;
	if (*p == ';' || *p == '#' || *p == '[' || *p == '\0')
		return 0;
	if ((eq = strchr(p, '=')) == NULL)
		return 0;
	for (e = eq; e > p && (e[-1] == ' ' || e[-1] == '\t'); e--)
		;
	while (p + n < e && n < kn - 1) {
		key[n] = (char)tolower((unsigned char)p[n]);
		n++;
	}
	key[n] = '\0';
	v = eq + 1;
	while (*v == ' ' || *v == '\t')
		v++;
	e = v + strlen(v);
	if (*v == '"' || *v == '\'') {
		const char *q = strchr(v + 1, *v);

		if (q != NULL) {
			*val = v + 1;
			*vn = (size_t)(q - v - 1);
			return 1;
		}
	}
	while (e > v && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
		e--;
	*val = v;
	*vn = (size_t)(e - v);
	return 1;
}

/* One line of php-fpm.conf or a pool: 0 keep, 1 replaced, 2 comment. */
static int
fpm_line(struct st_ctx *c, const char *l, const char **section,
    struct pf_buf *out)
{
	char key[128];
	const char *v, *p = l;
	size_t vn;
	char *val;

	while (*p == ' ' || *p == '\t')
		p++;
	if (*p == '[') {
		const char *e = strchr(p, ']');

		*section = pf_strndup(c->a, p + 1, e ? (size_t)(e - p - 1) :
		    strlen(p + 1));
		return 0;
	}
	if (!ini_kv(l, key, sizeof(key), &v, &vn))
		return 0;
	val = pf_strndup(c->a, v, vn);
	if (*section == NULL || strcasecmp(*section, "global") == 0) {
		if (strcmp(key, "pid") == 0 || strcmp(key, "error_log") == 0 ||
		    strcmp(key, "daemonize") == 0 ||
		    strcmp(key, "systemd_interval") == 0)
			return 2;
		if (strcmp(key, "include") == 0) {
			const char *abs = val[0] == '/' ? val :
			    pf_printf(c->a, "/usr/%s", val);
			const char *cp = include_copy(c, abs);

			if (!copies_match(c, cp))
				return 2;
			pf_buf_printf(out, "include = %s", cp);
			return 1;
		}
		remap_paths(c, l, strlen(l), out, 0);
		return strcmp(out->p ? out->p : "", l) != 0;
	}
	if (strcmp(key, "listen") == 0) {
		const char *colon, *dp;

		/* php-fpm expands $pool in the address */
		while ((dp = strstr(val, "$pool")) != NULL)
			val = pf_printf(c->a, "%.*s%s%s", (int)(dp - val), val,
			    *section, dp + 5);
		colon = strrchr(val, ':');
		char *host = NULL;
		int port;

		if (colon != NULL || strspn(val, "0123456789") == strlen(val)) {
			if (colon != NULL) {
				host = pf_strndup(c->a, val, (size_t)(colon -
				    val));
				port = atoi(colon + 1);
			} else
				port = atoi(val);
			pf_buf_printf(out, "listen = 127.0.0.1:%d",
			    pool_port(c, host, port));
		} else {
			/* relative: below php-fpm's prefix */
			const char *sp = st_to_sandbox(c, val[0] == '/' ? val :
			    pf_printf(c->a, "/usr/%s", val));

			pf_buf_printf(out, "listen = %s", short_socket(c, sp,
			    strlen(sp)));
		}
		return 1;
	}
	if (strcmp(key, "user") == 0 || strcmp(key, "group") == 0) {
		if (geteuid() != 0)
			return 2;
		if (strcmp(key, "user") == 0 ? user_exists(val) :
		    getgrnam(val) != NULL)
			return 0;
		if (c->user == NULL)
			return 0;
		pf_buf_printf(out, "%s = %s", key, strcmp(key, "user") == 0 ?
		    c->user : c->group);
		return 1;
	}
	if (strcmp(key, "listen.owner") == 0 || strcmp(key, "listen.group") ==
	    0) {
		if (geteuid() != 0 || c->user == NULL)
			return 2;
		pf_buf_printf(out, "%s = %s", key,
		    strcmp(key, "listen.owner") == 0 ? c->user : c->group);
		return 1;
	}
	if (strcmp(key, "listen.acl_users") == 0 ||
	    strcmp(key, "listen.acl_groups") == 0 ||
	    strcmp(key, "chroot") == 0 || strcmp(key, "chdir") == 0 ||
	    strcmp(key, "prefix") == 0 || strcmp(key, "apparmor_hat") == 0 ||
	    strcmp(key, "pm.start_servers") == 0 ||
	    strcmp(key, "pm.min_spare_servers") == 0 ||
	    strcmp(key, "pm.max_spare_servers") == 0 ||
	    strcmp(key, "pm.max_spawn_rate") == 0 ||
	    strcmp(key, "pm.process_idle_timeout") == 0 ||
	    strcmp(key, "process.priority") == 0)
		return 2;
	if (strcmp(key, "pm.max_children") == 0) {
		pf_buf_puts(out, "pm.max_children = 2");
		return 1;
	}
	if (strcmp(key, "pm") == 0) {
		pf_buf_puts(out, "pm = static");
		return 1;
	}
	if (strcmp(key, "slowlog") == 0 || strcmp(key, "access.log") == 0) {
		pf_buf_printf(out, "%s = %s/fpm-%s.%s.log", key, c->logs,
		    *section, key[0] == 's' ? "slow" : "access");
		return 1;
	}
	if (strcmp(key, "php_admin_value[error_log]") == 0 ||
	    strcmp(key, "php_value[error_log]") == 0) {
		pf_buf_printf(out, "%s = %s/php-%s.log", key, c->logs,
		    *section);
		return 1;
	}
	remap_paths(c, l, strlen(l), out, 0);
	return strcmp(out->p ? out->p : "", l) != 0;
}

static char *
rewrite_ini(struct st_ctx *c, const char *data, size_t len, size_t *outlen,
    int fpm)
{
	struct pf_buf out = PF_BUF_INIT, line = PF_BUF_INIT,
	    repl = PF_BUF_INIT;
	const char *section = NULL;
	size_t i = 0, e;
	int r;

	while (i < len) {
		for (e = i; e < len && data[e] != '\n'; e++)
			;
		pf_buf_reset(&line);
		pf_buf_add(&line, data + i, e - i);
		pf_buf_reset(&repl);
		if (fpm)
			r = fpm_line(c, pf_buf_str(&line), &section, &repl);
		else {
			char key[128];
			const char *v;
			size_t vn;

			r = 0;
			if (ini_kv(pf_buf_str(&line), key, sizeof(key), &v,
			    &vn) && (strcmp(key, "error_log") == 0 ||
			    strcmp(key, "mail.log") == 0)) {
				pf_buf_printf(&repl, "%s = %s/php-%s", key,
				    c->logs, key[0] == 'e' ? "error.log" :
				    "mail.log");
				r = 1;
			} else {
				remap_paths(c, line.p ? line.p : "", line.len,
				    &repl, 0);
				r = strcmp(pf_buf_str(&repl),
				    pf_buf_str(&line)) != 0;
			}
		}
		if (r == 2) {
			pf_buf_puts(&out, "; selftest: ");
			pf_buf_add(&out, data + i, e - i);
		} else if (r == 1)
			pf_buf_add(&out, repl.p, repl.len);
		else
			pf_buf_add(&out, data + i, e - i);
		pf_buf_putc(&out, '\n');
		i = e + 1;
	}
	pf_buf_free(&line);
	pf_buf_free(&repl);
	*outlen = out.len;
	return pf_buf_detach(&out);
}

/* ---- the sandbox's own files ----------------------------------------- */

static int
write_copy(struct st_ctx *c, struct st_text *t)
{
	char *data;
	size_t n, dl = strlen(c->dir);
	int rc;

	/* Only ever inside the sandbox. */
	if (strncmp(t->copy, c->dir, dl) != 0 || t->copy[dl] != '/' ||
	    strstr(t->copy, "/../") != NULL) {
		errno = EINVAL;
		return -1;
	}
	switch (t->kind) {
	case ST_TXT_FPM:
		data = rewrite_ini(c, t->data, t->len, &n, 1);
		break;
	case ST_TXT_PHPINI:
		data = rewrite_ini(c, t->data, t->len, &n, 0);
		break;
	default:
		data = rewrite_httpd(c, t->data, t->len, &n);
		break;
	}
	rc = st_write_file(t->copy, data, n, t->kind == ST_TXT_HTACCESS ?
	    0644 : 0600);
	free(data);
	return rc;
}

static const char mpm_sizing[] =
"\n# One small process is enough for the probes and starts fast.\n"
"<IfModule mpm_event_module>\n"
"\tStartServers 1\n\tServerLimit 1\n\tThreadLimit 16\n"
"\tThreadsPerChild 16\n\tMaxRequestWorkers 16\n"
"\tMinSpareThreads 1\n\tMaxSpareThreads 16\n"
"</IfModule>\n"
"<IfModule mpm_worker_module>\n"
"\tStartServers 1\n\tServerLimit 1\n\tThreadLimit 16\n"
"\tThreadsPerChild 16\n\tMaxRequestWorkers 16\n"
"\tMinSpareThreads 1\n\tMaxSpareThreads 16\n"
"</IfModule>\n"
"<IfModule mpm_prefork_module>\n"
"\tStartServers 1\n\tMinSpareServers 1\n\tMaxSpareServers 4\n"
"\tServerLimit 8\n\tMaxRequestWorkers 8\n"
"</IfModule>\n";

static int
write_httpd_wrapper(struct st_ctx *c)
{
	struct pf_buf b = PF_BUF_INIT;
	size_t i, k;
	int rc;

	pf_buf_printf(&b, "# proxyfpm selftest: the private server around "
	    "the configuration under test.\n"
	    "ServerRoot \"%s\"\nDefaultRuntimeDir \"%s\"\n"
	    "PidFile \"%s/httpd.pid\"\nMutex file:%s default\n"
	    "ErrorLog \"%s/apache-error.log\"\nLogLevel warn\n"
	    "ServerName localhost\n", c->adir, c->adir, c->adir, c->adir,
	    c->logs);
	if (geteuid() == 0 && c->user != NULL)
		pf_buf_printf(&b, "User %s\nGroup %s\n", c->user, c->group);
	if (c->vports.n == 0)
		vport(c, 0);
	for (i = 0; i < c->vports.n; i++) {
		for (k = 0; k < i && c->vports.v[k].to != c->vports.v[i].to;
		    k++)
			;
		if (k == i)
			pf_buf_printf(&b, "Listen 127.0.0.1:%d\n",
			    c->vports.v[i].to);
	}
	if (!c->has_mpm)
		pf_buf_printf(&b, "LoadModule mpm_event_module "
		    "\"%s/mod_mpm_event.so\"\n", c->moddir);
	for (i = 0; i < c->modules.n; i++) {
		const char *so = pf_printf(c->a, "%s/%s", c->moddir,
		    c->modules.v[i]);
		const char *id = c->modules.v[i] + 4;	/* mod_x.so -> x */

		if (access(so, R_OK) == 0)
			pf_buf_printf(&b, "LoadModule %.*s_module \"%s\"\n",
			    (int)(strlen(id) - 3), id, so);
	}
	if (!c->remoteip_conflict && access(pf_printf(c->a,
	    "%s/mod_remoteip.so", c->moddir), R_OK) == 0)
		pf_buf_printf(&b, "LoadModule remoteip_module "
		    "\"%s/mod_remoteip.so\"\n"
		    "# Probes 'from outside' carry this header: only they.\n"
		    "RemoteIPHeader " ST_CLIENT_HEADER "\n"
		    "RemoteIPInternalProxy 127.0.0.1\n", c->moddir);
	if (!c->full_config) {
		/* The context Debian's apache2.conf gives every vhost. */
		pf_buf_printf(&b, "\n# Debian's apache2.conf around a vhost "
		    "file.\n<Directory />\n\tOptions FollowSymLinks\n"
		    "\tAllowOverride None\n\tRequire all denied\n"
		    "</Directory>\n<Directory \"%s/usr/share\">\n"
		    "\tAllowOverride None\n\tRequire all granted\n"
		    "</Directory>\n<Directory \"%s/var/www/\">\n"
		    "\tOptions Indexes FollowSymLinks\n\tAllowOverride None\n"
		    "\tRequire all granted\n</Directory>\n"
		    "AccessFileName .htaccess\n<FilesMatch \"^\\.ht\">\n"
		    "\tRequire all denied\n</FilesMatch>\n"
		    "<IfModule dir_module>\n\tDirectoryIndex index.html "
		    "index.cgi index.pl index.php index.xhtml index.htm\n"
		    "</IfModule>\n", c->root, c->root);
	}
	pf_buf_puts(&b, "\n");
	for (i = 0; i < c->texts.n; i++)
		if (c->texts.v[i].top && c->texts.v[i].kind == ST_TXT_HTTPD)
			pf_buf_printf(&b, "Include \"%s\"\n",
			    c->texts.v[i].copy);
	pf_buf_puts(&b, mpm_sizing);
	c->httpd_conf = pf_printf(c->a, "%s/httpd.conf", c->conf);
	rc = st_write_file(c->httpd_conf, b.p, b.len, 0600);
	pf_buf_free(&b);
	return rc;
}

static int
write_fpm_wrapper(struct st_ctx *c)
{
	struct pf_buf b = PF_BUF_INIT;
	size_t i;
	int rc;

	pf_buf_printf(&b, "; proxyfpm selftest: the private php-fpm around "
	    "the pools under test.\n[global]\npid = %s/php-fpm.pid\n"
	    "error_log = %s/php-fpm.log\ndaemonize = no\n", c->fdir, c->logs);
	for (i = 0; i < c->texts.n; i++)
		if (c->texts.v[i].top && c->texts.v[i].kind == ST_TXT_FPM)
			pf_buf_printf(&b, "include = %s\n", c->texts.v[i].copy);
	c->fpm_conf = pf_printf(c->a, "%s/php-fpm.conf", c->conf);
	rc = st_write_file(c->fpm_conf, b.p, b.len, 0600);
	pf_buf_free(&b);
	return rc;
}

static int
write_envvars(struct st_ctx *c)
{
	char *s = pf_printf(c->a, "# proxyfpm selftest\n"
	    "export APACHE_RUN_USER=%s\nexport APACHE_RUN_GROUP=%s\n"
	    "export APACHE_PID_FILE=%s/httpd.pid\n"
	    "export APACHE_RUN_DIR=%s\nexport APACHE_LOCK_DIR=%s\n"
	    "export APACHE_LOG_DIR=%s\n", c->user ? c->user : "www-data",
	    c->group ? c->group : "www-data", c->adir, c->adir, c->adir,
	    c->logs);

	c->envvars = pf_printf(c->a, "%s/envvars", c->adir);
	return st_write_file(c->envvars, s, strlen(s), 0644);
}

int
st_sandbox_write(struct st_ctx *c)
{
	static const enum st_text_kind order[] = { ST_TXT_FPM,
	    ST_TXT_PHPINI, ST_TXT_HTTPD, ST_TXT_HTACCESS };
	const char *types[] = { "mime.types", "conf/mime.types" };
	size_t i;
	int pass;

	for (i = 0; i < c->texts.n; i++) {
		struct st_text *t = &c->texts.v[i];

		if (t->kind == ST_TXT_HTACCESS)
			t->copy = st_to_sandbox(c, t->path);
		else if (t->kind == ST_TXT_PHPINI && !t->top) {
			/* the scan dir's files: PHP_INI_SCAN_DIR points here */
			const char *b = strrchr(t->path, '/');

			t->copy = pf_printf(c->a, "%s/php-conf.d/%s", c->fdir,
			    b ? b + 1 : t->path);
		} else
			t->copy = include_copy(c, c->compiled ?
			    st_to_target(c, t->path) : t->path);
		if (t->kind == ST_TXT_PHPINI && t->top)
			c->phpini = t->copy;
	}
	/* Pools first: their ports are where backends connect. */
	for (pass = 0; pass < 4; pass++)
		for (i = 0; i < c->texts.n; i++) {
			struct st_text *t = &c->texts.v[i];

			if (t->kind != order[pass])
				continue;
			if (write_copy(c, t) < 0)
				return -1;
		}
	/* Apache's compiled-in TypesConfig is relative to ServerRoot. */
	for (i = 0; i < 2; i++) {
		const char *p = pf_printf(c->a, "%s/%s", c->adir, types[i]);

		if (i == 1 && st_mkdirs(pf_printf(c->a, "%s/conf",
		    c->adir)) < 0)
			return -1;
		if (access("/etc/mime.types", R_OK) == 0) {
			if (symlink("/etc/mime.types", p) < 0)
				return -1;
		} else if (st_write_file(p, "", 0, 0644) < 0)
			return -1;
	}
	if (st_mkdirs(pf_printf(c->a, "%s/php-conf.d", c->fdir)) < 0)
		return -1;
	if (write_envvars(c) < 0 || write_fpm_wrapper(c) < 0 ||
	    write_httpd_wrapper(c) < 0)
		return -1;
	return 0;
}
