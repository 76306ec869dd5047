/*
 * r_fpm.c - rules about the FPM pools themselves: who can reach them
 * (listen, allowed_clients, socket mode and ACLs), whom they run as,
 * what they share, their last guard (security.limit_extensions) and
 * configuration that stops FPM or lets state pile up.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "parsers/fpm.h"
#include "rules/link.h"
#include "rules/rule.h"

static struct pf_loc
first_loc(struct pf_loc a, struct pf_loc b)
{
	return a.file != 0 ? a : b;
}

/* (php-fpm resolves "*" as a host name, to the loopback addresses, and
 * binds [::1] alone: the reader marks it loopback and warns) */
static int
listen_any(const struct pf_listen *l)
{
	const char *h = l->host;

	return l->any || h == NULL || h[0] == '\0' ||
	    strcmp(h, "0.0.0.0") == 0 || strcmp(h, "::") == 0 ||
	    strcmp(h, "[::]") == 0;
}

/* The tree under --root is a container's (docker export: /.dockerenv,
 * podman: /run/.containerenv). */
static int
in_container(struct pf_rctx *c)
{
	struct stat st;

	if (c->run->root == NULL)
		return 0;
	return stat(pf_host_path(c->run, "/.dockerenv"), &st) == 0 ||
	    stat(pf_host_path(c->run, "/run/.containerenv"), &st) == 0;
}

/*
 * Whether other local users can create or replace entries in the
 * directory of the unix socket at path.  The directory's own mode
 * decides when it exists on the tree linted (php-fpm binds there, so
 * on a live host it does): a private directory below /tmp (a 0755
 * /tmp/app, a mktemp -d) is not open to them, a 0777 /srv/sock is.
 * When it is absent (a copied tree without /run), a path in a
 * world-writable sticky directory by name (/tmp, /var/tmp, /dev/shm)
 * is: whoever makes the missing directory first owns it.
 */
static int
socket_dir_open(struct pf_rctx *c, const char *path)
{
	const char *slash = strrchr(path, '/');
	struct stat st;

	if (slash != NULL && slash > path && stat(pf_host_path(c->run,
	    pf_strndup(c->run->arena, path, (size_t)(slash - path))),
	    &st) == 0 && S_ISDIR(st.st_mode))
		return (st.st_mode & S_IWOTH) != 0;
	return strncmp(path, "/tmp/", 5) == 0 ||
	    strncmp(path, "/var/tmp/", 9) == 0 ||
	    strncmp(path, "/dev/shm/", 9) == 0;
}

/* The addresses php-fpm's workers take from listen.allowed_clients
 * (pf_fpm_allowed_clients); *lo how many of them are loopback. */
static size_t
ac_addrs(struct pf_rctx *c, const char *ac, size_t *lo)
{
	return pf_fpm_allowed_clients(c->run->arena, ac, lo, NULL, NULL);
}

/* Does php-fpm's listen.allowed_clients list name a loopback address? */
static int
admits_loopback(struct pf_rctx *c, const char *ac)
{
	size_t lo;

	(void)ac_addrs(c, ac, &lo);
	return lo > 0;
}

/* Does the list name loopback addresses only (at least one)?  Then a pool
 * listening on every interface takes FastCGI from this host alone, as a
 * loopback listener does (php-fpm matches an IPv4 client of a "[::]"
 * socket, ::ffff:127.0.0.1, against the IPv4 entries). */
static int
only_loopback(struct pf_rctx *c, const char *ac)
{
	size_t lo, n = ac_addrs(c, ac, &lo);

	return n > 0 && lo == n;
}

/*
 * Does another pool run as another user?  Then the host keeps accounts
 * apart (a panel's customers), and a loopback listener lets each one's
 * PHP run code as the others'.  Sites that all share one user gain
 * nothing from each other that way, and a pool running as Apache's user
 * (Debian's stock www) has Apache's power: it may connect to every
 * pool's socket anyway.
 */
static int
other_pool_user(struct pf_rctx *c, const struct pf_pool *p)
{
	const char *web = c->m->apache ? c->m->apache->user.s : NULL;
	const char *u = p->user.s ? p->user.s : "";
	size_t i;

	/* Once per run: up to two distinct users that are not Apache's. */
	if (c->npool_users < 0) {
		c->npool_users = 0;
		for (i = 0; i < c->m->pools.n && c->npool_users < 2; i++) {
			const struct pf_pool *q = c->m->pools.v[i];
			const char *qu = q->user.s ? q->user.s : "";

			if (q->status_of != NULL ||
			    (web != NULL && strcmp(qu, web) == 0) ||
			    (c->npool_users == 1 &&
			    strcmp(qu, c->pool_users[0]) == 0))
				continue;
			c->pool_users[c->npool_users++] = qu;
		}
	}
	/* p's own user is one of them, or Apache's: another differs. */
	return c->npool_users == 2 || (c->npool_users == 1 &&
	    strcmp(u, c->pool_users[0]) != 0);
}

static void
listen_rules(struct pf_rctx *c, struct pf_pool *p)
{
	struct pf_loc at = first_loc(p->listen.loc, first_loc(p->listen_raw.loc,
	    p->loc));
	const char *ac = p->listen_allowed_clients.s;
	int restricted = ac != NULL && ac[0] != '\0';
	struct pf_diag *d;

	/* php-fpm -t passes but startup fails: getaddrinfo() refuses an
	 * empty host (":9000") or a socket path with a port
	 * ("/run/php/x.sock:9000"), php-fpm8.2 exits 78 ("getaddrinfo:
	 * Name or service not known"); the reader warns, and nothing
	 * listens to be exposed. */
	if (p->listen.kind == PF_LISTEN_TCP && (p->listen.port_invalid ||
	    (p->listen.host != NULL && (p->listen.host[0] == '\0' ||
	    strchr(p->listen.host, '/') != NULL))))
		return;
	if (p->listen.kind == PF_LISTEN_TCP) {
		size_t nlo;
		int any = listen_any(&p->listen);

		/* an allowed_clients list with no address php-fpm takes: its
		 * workers drop every connection (the reader warns) */
		if (restricted && ac_addrs(c, ac, &nlo) == 0)
			return;
		int lo_listen = !any && (p->listen.loopback ||
		    pf_host_is_loopback(p->listen.host));
		int lo = lo_listen || (restricted && only_loopback(c, ac));

		if (!lo && !restricted) {
			/* A container's "all interfaces" are its network's:
			 * every container on it and the Docker host reach the
			 * port, the Internet too where it is published
			 * (ports:, -p, network_mode: host), which the tree
			 * does not say.  Still code execution for whoever
			 * connects: critical, said as it is. */
			int box = in_container(c);

			d = pf_finding(c, "fpm-listen-public", PF_SEV_CRITICAL,
			    at, p->name, "pool %s listens on %s%s with no "
			    "listen.allowed_clients: anyone who can connect "
			    "runs code as %s (FastCGI has no authentication: "
			    "PHP_VALUE=auto_prepend_file=php://input)%s",
			    p->name, p->listen_raw.s ? p->listen_raw.s :
			    "a TCP port", any ? " (all interfaces)" : "",
			    p->user.s ? p->user.s : "the pool user", box ?
			    "; in this container that is every container on "
			    "its networks and the host, and anyone if the port "
			    "is published (ports:, -p, network_mode: host), "
			    "which the files here do not show" : "");
			if (box)
				pf_ffix(c, d, "share a unix socket through a "
				    "volume mounted in both containers (listen "
				    "= /sock/%s.sock, listen.mode = 0660), or "
				    "give the web server a fixed address and "
				    "set listen.allowed_clients to it; never "
				    "publish the port", p->name);
			else
				pf_ffix(c, d, "listen = /run/php/%s.sock (a unix "
				    "socket, 0660, owned by the web server), or "
				    "bind a private address and set "
				    "listen.allowed_clients", p->name);
		} else if (!lo && restricted) {
			d = pf_finding(c, "fpm-remote-backend", PF_SEV_INFO, at,
			    p->name, "pool %s takes FastCGI from %s over the "
			    "network in plain text", p->name, ac);
			pf_frel(c, d, p->listen_allowed_clients.loc,
			    "listen.allowed_clients");
		} else if (lo && (!restricted || (other_pool_user(c, p) &&
		    admits_loopback(c, ac)))) {
			/* A loopback listener's allowed_clients can only name
			 * this host, and every local process connects from
			 * 127.0.0.1: "listen.allowed_clients = 127.0.0.1"
			 * (ISPConfig's TCP pools) keeps out no local account,
			 * on a host of several sites the other sites' PHP. */
			enum pf_severity s = (restricted ?
			    other_pool_user(c, p) : pf_site_count(c) > 1) ?
			    PF_SEV_MEDIUM : PF_SEV_LOW;

			d = pf_finding(c, "fpm-listen-loopback-tcp", s, at,
			    p->name, "pool %s listens on %sTCP %s%s: every "
			    "local account and any SSRF on this host can speak "
			    "FastCGI to it%s%s", p->name, lo_listen ?
			    "loopback " : "", p->listen_raw.s ?
			    p->listen_raw.s : "", lo_listen ? "" : " for "
			    "loopback clients only", s == PF_SEV_MEDIUM ? " (this "
			    "host runs several sites)" : "", restricted ?
			    pf_printf(c->run->arena, "; listen.allowed_clients "
			    "= %s admits them, they connect from the loopback "
			    "address", ac) : "");
			if (restricted)
				pf_frel(c, d, p->listen_allowed_clients.loc,
				    "listen.allowed_clients");
			/* (not "listen.allowed_clients = 127.0.0.1": it
			 * silences this finding and keeps out no local
			 * account, which connect from 127.0.0.1 too; a
			 * precision audit ran code as nobody through it) */
			pf_ffix(c, d, "use a unix socket with "
			    "listen.owner/listen.group = the web server and "
			    "listen.mode = 0660");
		}
		return;
	}
	if (p->listen.kind != PF_LISTEN_UNIX)
		return;
	if (p->listen_mode.s != NULL) {
		long mode = strtol(p->listen_mode.s, NULL, 8);

		if (mode & 02) {
			d = pf_finding(c, "fpm-socket-world-writable",
			    PF_SEV_HIGH, p->listen_mode.loc, p->name,
			    "listen.mode = %s lets every local user connect to "
			    "%s and run code as %s", p->listen_mode.s,
			    p->listen.path ? p->listen.path : "the socket",
			    p->user.s ? p->user.s : "the pool user");
			pf_ffix(c, d, "listen.mode = 0660 with listen.owner/"
			    "listen.group = the web server's account");
			return;
		}
	}
	{
		/*
		 * users (every account's group on SUSE and Arch), everyone,
		 * other, all: most local accounts.  nobody/nogroup: no one's
		 * group, but the account of unrelated daemons and of
		 * NFS-squashed root; and Apache's own on cPanel (User nobody),
		 * where naming it is what the fix asks for.
		 */
		/* The ACLs; without them (php-fpm then sets the socket's
		 * owner and group, fpm_unix_set_socket_permissions)
		 * listen.owner and listen.group, when the mode lets them
		 * write (connect) to it: 0660 by default. */
		int noacl = p->listen_acl_users.s == NULL &&
		    p->listen_acl_groups.s == NULL;
		long mode = p->listen_mode.s != NULL ?
		    strtol(p->listen_mode.s, NULL, 8) : 0660;
		const struct pf_sval *acl[4] = { &p->listen_acl_users,
			&p->listen_acl_groups, noacl && (mode & 0200) ?
			&p->listen_owner : NULL, noacl && (mode & 020) ?
			&p->listen_group : NULL };
		static const char *const what[4] = { "listen.acl_users",
			"listen.acl_groups", "listen.owner", "listen.group" };
		static const char *const broad[] = { "users", "everyone",
			"other", "all", "nogroup", "nobody", NULL };
		const struct pf_apache *ap = c->m->apache;
		int i, j;

		for (i = 0; i < 4; i++) {
			char *dup, *tok, *save = NULL;
			const char *web = ap == NULL ? NULL : i & 1 ?
			    ap->group.s : ap->user.s;

			if (acl[i] == NULL || acl[i]->s == NULL)
				continue;
			dup = pf_strdup(c->run->arena, acl[i]->s);
			for (tok = strtok_r(dup, ", \t", &save); tok != NULL;
			    tok = strtok_r(NULL, ", \t", &save)) {
				if (web != NULL && strcmp(tok, web) == 0)
					continue;	/* Apache's own */
				for (j = 0; broad[j] != NULL; j++) {
					int shared = j >= 4;

					if (strcasecmp(tok, broad[j]) != 0)
						continue;
					d = pf_finding(c,
					    "fpm-socket-world-writable",
					    shared ? PF_SEV_MEDIUM :
					    PF_SEV_HIGH, acl[i]->loc, p->name,
					    "%s grants the socket to '%s', %s",
					    what[i], tok, shared ?
					    pf_printf(c->run->arena, "the "
					    "account of unrelated daemons (and "
					    "of NFS-squashed root), not the web "
					    "server's: any process running as it "
					    "runs code as %s", p->user.s ?
					    p->user.s : "the pool user") :
					    "a principal most local accounts "
					    "are in");
					pf_ffix(c, d, "name only the web "
					    "server's account");
					return;
				}
			}
		}
	}
	if (p->listen.path != NULL && socket_dir_open(c, p->listen.path)) {
		d = pf_finding(c, "fpm-socket-world-writable", PF_SEV_HIGH, at,
		    p->name, "the socket %s sits in a world-writable directory "
		    "where any local user can create it first or replace it",
		    p->listen.path);
		pf_ffix(c, d, "put sockets in /run/php (owned by root)");
	}
}

static int
is_root(const char *u)
{
	return u != NULL && (strcmp(u, "root") == 0 || strcmp(u, "0") == 0);
}

static void
limit_ext(struct pf_rctx *c, struct pf_pool *p)
{
	char bad[256];
	int weak = pf_limit_ext_weak(p, bad, sizeof(bad)), empty = weak == 1;
	struct pf_diag *d;

	if (weak == 0)
		return;
	d = pf_finding(c, "fpm-limit-extensions-weak", pf_is_exposed(c, p) ?
	    PF_SEV_CRITICAL : PF_SEV_HIGH, p->limit_extensions.loc, p->name,
	    "security.limit_extensions %s: FPM will run %s as PHP, so any "
	    "route that forwards an uploaded image executes it%s",
	    empty ? "is empty" : pf_printf(c->run->arena, "allows %s", bad),
	    empty ? "every file" : "such files", pf_is_exposed(c, p) ?
	    " (and a route to this pool does forward non-scripts)" : "");
	if (pf_exposed_by(c, p) != NULL)
		pf_frel(c, d, pf_exposed_by(c, p)->loc, "this route sends "
		    "non-scripts to pool %s", p->name);
	pf_ffix(c, d, "remove the line (default .php .phar) or set "
	    "security.limit_extensions = .php");
}

/*
 * Two DocumentRoots one of which contains the other ("/home/u/public_html"
 * and "/home/u/public_html/shop": a panel's subdomain in the account's
 * docroot).  The outer site's pool already runs the inner site's scripts
 * (http://outer/shop/x.php), so a separate user for the inner one would
 * isolate nothing.
 */
static int
dirs_nested(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);

	while (la > 1 && a[la - 1] == '/')
		la--;
	while (lb > 1 && b[lb - 1] == '/')
		lb--;
	if (la > lb) {
		const char *t = a;
		size_t tl = la;

		a = b;
		la = lb;
		b = t;
		lb = tl;
	}
	if (strncmp(a, b, la) != 0)
		return 0;
	return la == lb || b[la] == '/' || (la == 1 && a[0] == '/');
}

/* Every site of pool p lies inside a site of q, or contains one. */
static int
sites_nested(struct pf_rctx *c, const struct pf_pool *p,
    const struct pf_pool *q)
{
	const struct pf_vpool *vp, *vq;
	int any = 0;

	for (vp = pf_vpool_first(c, p); vp != NULL; vp = pf_vpool_next(c, vp)) {
		int found = 0;

		if (vp->docroot == NULL)
			return 0;
		for (vq = pf_vpool_first(c, q); vq != NULL && !found;
		    vq = pf_vpool_next(c, vq))
			found = vq->docroot != NULL &&
			    dirs_nested(vp->docroot, vq->docroot);
		if (!found)
			return 0;
		any = 1;
	}
	return any;
}

/* Every site of pool p lies below directory dir (the pool user's home). */
static int
sites_below(struct pf_rctx *c, const struct pf_pool *p, const char *dir)
{
	const struct pf_vpool *vp;
	size_t l;
	int any = 0;

	if (dir == NULL || (l = strlen(dir)) < 2)
		return 0;	/* no home, or "/" */
	while (l > 1 && dir[l - 1] == '/')
		l--;
	for (vp = pf_vpool_first(c, p); vp != NULL; vp = pf_vpool_next(c, vp)) {
		if (vp->docroot == NULL || strncmp(vp->docroot, dir, l) != 0 ||
		    vp->docroot[l] != '/')
			return 0;
		any = 1;
	}
	return any;
}

/*
 * Without an Apache configuration nothing says which sites two pools
 * serve: the directory each names for itself (chdir, else its own
 * open_basedir's first entry) tells two sites apart when both name one.
 * Two pools of one application (an IPv4 and an IPv6 listener, a web and
 * a worker pool of one container) name the same one, or none.
 */
static const char *
pool_site_dir(struct pf_rctx *c, const struct pf_pool *p)
{
	const char *ob = NULL;
	size_t i;

	if (p->chdir.s != NULL && p->chdir.s[0] == '/')
		return p->chdir.s;
	for (i = 0; i < p->php.n && ob == NULL; i++)
		if (!p->php.v[i].overridden && p->php.v[i].value != NULL &&
		    strcmp(p->php.v[i].key, "open_basedir") == 0)
			ob = p->php.v[i].value;
	if (ob != NULL && ob[0] == '/')
		return pf_strndup(c->run->arena, ob, strcspn(ob, ":"));
	return NULL;
}

/* Pools p and q (the earlier) run as one user. */
static void
shared_pair(struct pf_rctx *c, const struct pf_pool *p,
    const struct pf_pool *q, int account)
{
	/* Two php-fpm masters (PHP versions) may both have a [www]: name
	 * the files then. */
	const char *qn = q->name, *pn = p->name;
	struct pf_diag *d;
	int unknown = 0;

	if (qn != NULL && pn != NULL && strcmp(qn, pn) == 0 &&
	    q->file != NULL && p->file != NULL) {
		qn = pf_printf(c->run->arena, "%s (%s)", qn, q->file);
		pn = pf_printf(c->run->arena, "%s (%s)", pn, p->file);
	}
	if (c->m->apache == NULL && !account) {
		const char *a = pool_site_dir(c, p), *b = pool_site_dir(c, q);

		if (a == NULL || b == NULL || pf_path_under(a, b) ||
		    pf_path_under(b, a))
			unknown = 1;
	}
	d = pf_finding(c, "fpm-shared-user", account ? PF_SEV_INFO :
	    unknown ? PF_SEV_LOW : PF_SEV_MEDIUM, p->user.loc, p->name,
	    "pools %s and %s both run as %s: a compromise of one site reads "
	    "and writes the other's code, secrets and sessions%s", qn, pn,
	    p->user.s, account ? " (both sites are in the user's home "
	    "directory: one account)" : unknown ? " (no Apache configuration "
	    "was read and neither pool names a directory of its own: they "
	    "may serve one application)" : "");
	pf_frel(c, d, q->user.loc, "pool %s", q->name);
	pf_ffix(c, d, "give each site its own user and group");
}

static void
isolation(struct pf_rctx *c)
{
	size_t i;
	struct pf_apache *ap = c->m->apache;
	/* user -> the first pool (index + 1) with that user that serves a
	 * site (any pool without Apache). */
	struct pf_smap first_of = { 0 };

	/* Pools sharing one user (serving different sites): each with the
	 * first earlier pool of its user. */
	for (i = 0; i < c->m->pools.n; i++) {
		struct pf_pool *p = c->m->pools.v[i];
		int serves = ap == NULL || pf_pool_sites(c, p) > 0, nested;
		int as_apache;
		size_t k;

		if (p->user.s == NULL || is_root(p->user.s) ||
		    p->status_of != NULL)
			continue;
		k = pf_smap_get(&first_of, p->user.s);
		/* A site inside the other's DocumentRoot is part of it. */
		nested = k != 0 && ap != NULL &&
		    sites_nested(c, p, c->m->pools.v[k - 1]);
		/* Runs as Apache's User while several sites exist: the
		 * medium below, at the same line, which the pair's info
		 * (one account) would hide: the second master's [www] of
		 * Ubuntu's php8.3-fpm + the PPA's php8.1-fpm. */
		/* (sites: DocumentRoots, not vhosts: Debian's default-ssl
		 * and RHEL's ssl.conf serve the same /var/www/html on 443,
		 * a second vhost of one site) */
		as_apache = ap != NULL && ap->user.s != NULL &&
		    strcmp(ap->user.s, p->user.s) == 0 &&
		    pf_site_count(c) > 1 && pf_pool_sites(c, p) > 0;
		if (k != 0 && serves && !nested) {
			struct pf_pool *q = c->m->pools.v[k - 1];
			/* Both sites inside the user's own home (a panel's
			 * account with several domains: Plesk's subscription,
			 * /home/USER/web/D1 and D2): the user owns both
			 * already, the pools add no path between tenants. */
			int account = ap != NULL && p->home != NULL &&
			    sites_below(c, p, p->home) &&
			    sites_below(c, q, p->home);

			if (!(account && as_apache))
				shared_pair(c, p, q, account);
		}
		if (k == 0 && serves)
			pf_smap_put(c->run->arena, &first_of, p->user.s, i + 1);
		/* The pool runs as Apache's user while several sites exist. */
		if (as_apache) {
			struct pf_diag *d = pf_finding(c, "fpm-shared-user",
			    PF_SEV_MEDIUM, p->user.loc, p->name, "pool %s runs "
			    "as %s, the user Apache runs as, on a host with %zu "
			    "sites (DocumentRoots)", p->name, p->user.s,
			    pf_site_count(c));

			pf_frel(c, d, ap->user.loc, "Apache's User");
		}
	}
	/* One pool behind vhosts with different DocumentRoots. */
	for (i = 0; i < c->m->pools.n; i++) {
		struct pf_pool *p = c->m->pools.v[i];
		struct pf_diag *d = NULL;
		const char *first = NULL;
		const struct pf_vpool *vp;

		if (pf_pool_sites(c, p) < 2)
			continue;
		for (vp = pf_vpool_first(c, p); vp != NULL;
		    vp = pf_vpool_next(c, vp)) {
			if (d == NULL) {
				/* A description that names one pool for
				 * several sites (pool = NAME) means it. */
				int meant = pf_desc_sharers(c, p) > 1;
				/* Every site in the pool user's home: one
				 * hosting account's domains (DirectAdmin's
				 * per-user pool for all of a user's domains,
				 * /home/USER/domains/D/public_html), one
				 * tenant; nothing leaks to anybody else. */
				int account = !meant && p->home != NULL &&
				    sites_below(c, p, p->home);

				first = vp->label;
				d = pf_finding(c, "pool-shared-across-vhosts",
				    meant || account ? PF_SEV_INFO :
				    PF_SEV_MEDIUM, p->loc,
				    p->name, "pool %s serves %zu sites with "
				    "different DocumentRoots (%s, ...): no "
				    "per-site user or open_basedir, and "
				    "FastCGI-set ini values leak between them%s",
				    p->name, pf_pool_sites(c, p), vp->label,
				    meant ? " (shared on purpose: the site "
				    "description names this pool for each)" :
				    account ? " (all in the home directory of "
				    "its user: one account's domains)" : "");
				pf_ffix(c, d, "one pool per site, each with "
				    "its own user and socket");
			}
			if (vp->route != NULL)
				pf_frel(c, d, vp->route->loc, "%s routes here",
				    vp->label);
		}
		(void)first;
	}
}

/*
 * php-fpm's prefix on path-like php.ini settings.  fpm_conf.c of PHP 8.2
 * (fpm_conf_process_all_pools, "env[], php_value[], php_admin_values[]"):
 * unless the pool has a chroot directive (any value, even an empty one),
 * every php_value and php_admin_value whose key matches
 * FPM_PHP_INI_TO_EXPAND of fpm_php.h (strcasecmp) goes through
 * fpm_evaluate_full_path(path, wp, NULL, 0): a value that does not start
 * with '/' -- an empty one and a flag's "1"/"0" too -- becomes
 * PREFIX "/" VALUE, PREFIX being the pool's prefix directive (made
 * absolute first), else php-fpm's -p, else the compiled PHP_PREFIX (/usr
 * in Debian's and RHEL's packages: php-fpm8.2 -h says "default: /usr").
 * No "$prefix" or other expansion (expand = 0).  Only php_admin_value
 * [error_log] = syslog (either without case) is spared: php_value
 * [error_log] = syslog becomes /usr/syslog.  session.save_path is not in
 * the list and stays relative.  Verified with php-fpm8.2 (8.2.36): -tt
 * prints "php_admin_value[sendmail_path] = /usr/32767" and a worker's
 * ini_get() returns the same (tests/rules/fpm_prefix_oracle.sh).
 */
static const char *const fpm_expand_keys[] = { "error_log", "extension_dir",
	"mime_magic.magicfile", "sendmail_path", "session.cookie_path",
	"session_pgsql.sem_file_name", "soap.wsdl_cache_dir",
	"uploadprogress.file.filename_template", "xdebug.output_dir",
	"xdebug.profiler_output_dir", "xdebug.trace_output_dir", "xmms.path",
	"axis2.client_home", "blenc.key_file", "coin_acceptor.device" };

/* What the setting does with the path php-fpm made of it. */
static const char *
expand_effect(const char *key)
{
	if (strcmp(key, "error_log") == 0)
		return "PHP's errors go to that file, which the pool's user "
		    "usually cannot create: they are lost";
	if (strcmp(key, "sendmail_path") == 0)
		return "mail() runs that command instead of the mailer";
	if (strcmp(key, "session.cookie_path") == 0)
		return "a URL path: browsers send the session cookie only "
		    "below that URL, so sessions do not last";
	if (strcmp(key, "extension_dir") == 0)
		return "extensions are looked for in that directory";
	return "PHP uses that path instead";
}

/* The php-fpm master that read pool p (several PHP versions may run). */
static const struct pf_fpm_conf *
master_of(struct pf_rctx *c, const struct pf_pool *p)
{
	/* The reader links each pool to its master (a search of every
	 * master's pools per pool was quadratic: 20,000 pools took 16 s
	 * under ASan). */
	return p->master != NULL ? p->master : c->m->fpm;
}

static void
relative_php_paths(struct pf_rctx *c, struct pf_pool *p)
{
	const struct pf_fpm_conf *f = master_of(c, p);
	const char *gprefix = f && f->prefix ? f->prefix : "/usr";
	size_t i, k;

	if (p->chroot.s != NULL)
		return;		/* php-fpm leaves the values alone */
	for (i = 0; i < p->php.n; i++) {
		const struct pf_php_setting *s = &p->php.v[i];
		const char *v = s->raw ? s->raw : s->value, *prefix, *full;
		const char *kind;
		int deliberate, syslog;
		struct pf_diag *d;

		if (v == NULL || v[0] == '/' || s->overridden)
			continue;
		/* PHP's setting names have case: php_value[ERROR_LOG] is
		 * prefixed too, but sets nothing. */
		for (k = 0; k < sizeof(fpm_expand_keys) /
		    sizeof(fpm_expand_keys[0]); k++)
			if (strcmp(s->key, fpm_expand_keys[k]) == 0)
				break;
		if (k == sizeof(fpm_expand_keys) / sizeof(fpm_expand_keys[0]))
			continue;
		syslog = strcmp(s->key, "error_log") == 0 &&
		    strcasecmp(v, "syslog") == 0;
		if (syslog && s->admin)
			continue;
		prefix = p->prefix.s != NULL ? p->prefix.s : gprefix;
		full = pf_printf(c->run->arena, "%s/%s", prefix, v);
		kind = s->admin ? (s->flag ? "php_admin_flag" :
		    "php_admin_value") : (s->flag ? "php_flag" : "php_value");
		/* A pool prefix (or php-fpm -p) is there to make relative
		 * paths mean something: said, not judged.  A cookie's URL
		 * path and a flag are never meant as files. */
		deliberate = ((p->prefix.s != NULL && p->prefix.s[0] != '\0') ||
		    (f != NULL && f->prefix_given)) &&
		    !syslog && !s->flag &&
		    strcmp(s->key, "session.cookie_path") != 0;
		d = pf_finding(c, "fpm-ini-relative-path", deliberate ?
		    PF_SEV_INFO : PF_SEV_MEDIUM, s->loc, p->name,
		    "%s[%s] = %s%s%s is %s: php-fpm puts %s prefix %s "
		    "before it, so pool %s runs with %s = %s (%s)%s", kind,
		    s->key, v[0] ? "" : "\"", v, v[0] ? "" : "\"",
		    v[0] ? "relative" : "empty",
		    p->prefix.s != NULL ? "the pool's" : "its", prefix,
		    p->name, s->key, full, expand_effect(s->key), syslog ?
		    "; only php_admin_value[error_log] = syslog means the "
		    "system log" : "");
		if (p->prefix.s != NULL)
			pf_frel(c, d, p->prefix.loc, "the pool's prefix");
		if (syslog)
			pf_ffix(c, d, "php_admin_value[error_log] = syslog");
		else if (strcmp(s->key, "session.cookie_path") == 0)
			pf_ffix(c, d, "a URL path starting with '/' (%s[%s] = "
			    "/%s), or remove the line (default /)", kind,
			    s->key, s->flag ? "" : v);
		else if (s->flag || v[0] == '\0')
			pf_ffix(c, d, "remove the line, or give the absolute "
			    "path: %s[%s] = /...", s->admin ?
			    "php_admin_value" : "php_value", s->key);
		else
			pf_ffix(c, d, "write the absolute path: %s[%s] = "
			    "/.../%s", kind, s->key, v);
	}
}

void
pf_pass_fpm(struct pf_rctx *c)
{
	size_t i, k;

	for (i = 0; i < c->m->pools.n; i++) {
		struct pf_pool *p = c->m->pools.v[i];
		struct pf_diag *d;

		listen_rules(c, p);
		/* The hidden <pool>_status pool of pm.status_listen has
		 * its owner's settings, judged there.  Its listener is
		 * judged on its own: php-fpm 8.2 runs any script a request
		 * on it names, not only the status page (a FastCGI request
		 * for a .php file on the status_listen port executes it). */
		if (p->status_of != NULL)
			continue;
		limit_ext(c, p);
		relative_php_paths(c, p);
		if (is_root(p->user.s) || is_root(p->group.s)) {
			const struct pf_sval *w = is_root(p->user.s) ?
			    &p->user : &p->group;

			d = pf_finding(c, "fpm-pool-root", PF_SEV_CRITICAL,
			    w->loc, p->name, "pool %s runs PHP as %s root: any "
			    "code execution in a script owns the machine",
			    p->name, w == &p->user ? "user" : "group");
			pf_ffix(c, d, "a dedicated unprivileged user and group "
			    "per site");
		}
		if (p->clear_env.set && p->clear_env.v == 0) {
			d = pf_finding(c, "clear-env-no", PF_SEV_MEDIUM,
			    p->clear_env.loc, p->name, "clear_env = no hands "
			    "the master's whole environment (database "
			    "passwords, tokens) to every script of pool %s",
			    p->name);
			pf_ffix(c, d, "remove it (default yes) and pass what "
			    "scripts need with env[NAME] = $NAME");
		}
		if (p->request_slowlog_timeout.set &&
		    p->request_slowlog_timeout.v > 0 && p->slowlog.s == NULL) {
			d = pf_finding(c, "slowlog-missing", PF_SEV_MEDIUM,
			    p->request_slowlog_timeout.loc, p->name,
			    "request_slowlog_timeout without slowlog: php-fpm "
			    "refuses to start ('slowlog' must be specified)");
			pf_ffix(c, d, "slowlog = /var/log/php-fpm/%s.slow.log",
			    p->name);
		} else if (p->slowlog.s == NULL &&
		    !p->request_slowlog_timeout.set) {
			pf_finding(c, "slowlog-missing", PF_SEV_INFO, p->loc,
			    p->name, "pool %s logs no slow requests "
			    "(request_slowlog_timeout, slowlog)", p->name);
		}
		if (!p->max_requests.set || p->max_requests.v == 0) {
			d = pf_finding(c, "max-requests-unset", PF_SEV_LOW,
			    p->max_requests.set ? p->max_requests.loc : p->loc,
			    p->name, "pm.max_requests is %s in pool %s: workers "
			    "never restart, so leaks grow and FastCGI-set ini "
			    "values stay in the worker", p->max_requests.set ?
			    "0" : "unset", p->name);
			pf_ffix(c, d, "pm.max_requests = 1000");
		}
		for (k = 0; k < p->php.n; k++)
			if (strcasecmp(p->php.v[k].key, "engine") == 0) {
				d = pf_finding(c, "modphp-directive-under-fpm",
				    PF_SEV_MEDIUM, p->php.v[k].loc, p->name,
				    "%s[engine] has no effect under FPM "
				    "(\"Unable to set php_admin_value 'engine'\"):"
				    " scripts still run", p->php.v[k].admin ?
				    (p->php.v[k].flag ? "php_admin_flag" :
				    "php_admin_value") : (p->php.v[k].flag ?
				    "php_flag" : "php_value"));
				pf_ffix(c, d, "deny PHP in Apache for that "
				    "directory (<FilesMatch> Require all denied)");
			}
	}
	isolation(c);
}
