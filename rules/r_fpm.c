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

#include "rules/link.h"
#include "rules/rule.h"

static struct pf_loc
first_loc(struct pf_loc a, struct pf_loc b)
{
	return a.file != 0 ? a : b;
}

static int
listen_any(const struct pf_listen *l)
{
	const char *h = l->host;

	return l->any || h == NULL || h[0] == '\0' || strcmp(h, "*") == 0 ||
	    strcmp(h, "0.0.0.0") == 0 || strcmp(h, "::") == 0 ||
	    strcmp(h, "[::]") == 0;
}

static void
listen_rules(struct pf_rctx *c, struct pf_pool *p)
{
	struct pf_loc at = first_loc(p->listen.loc, first_loc(p->listen_raw.loc,
	    p->loc));
	const char *ac = p->listen_allowed_clients.s;
	int restricted = ac != NULL && ac[0] != '\0';
	struct pf_diag *d;

	if (p->listen.kind == PF_LISTEN_TCP) {
		int any = listen_any(&p->listen);
		int lo = !any && (p->listen.loopback ||
		    pf_host_is_loopback(p->listen.host));

		if (!lo && !restricted) {
			d = pf_finding(c, "fpm-listen-public", PF_SEV_CRITICAL,
			    at, p->name, "pool %s listens on %s%s with no "
			    "listen.allowed_clients: anyone who can connect "
			    "runs code as %s (FastCGI has no authentication: "
			    "PHP_VALUE=auto_prepend_file=php://input)", p->name,
			    p->listen_raw.s ? p->listen_raw.s : "a TCP port",
			    any ? " (all interfaces)" : "",
			    p->user.s ? p->user.s : "the pool user");
			pf_ffix(c, d, "listen = /run/php/%s.sock (a unix socket, "
			    "0660, owned by the web server), or bind a private "
			    "address and set listen.allowed_clients", p->name);
		} else if (!lo && restricted) {
			d = pf_finding(c, "fpm-remote-backend", PF_SEV_INFO, at,
			    p->name, "pool %s takes FastCGI from %s over the "
			    "network in plain text", p->name, ac);
			pf_frel(c, d, p->listen_allowed_clients.loc,
			    "listen.allowed_clients");
		} else if (lo && !restricted) {
			enum pf_severity s = pf_site_count(c) > 1 ?
			    PF_SEV_MEDIUM : PF_SEV_LOW;

			d = pf_finding(c, "fpm-listen-loopback-tcp", s, at,
			    p->name, "pool %s listens on loopback TCP %s: every "
			    "local account and any SSRF on this host can speak "
			    "FastCGI to it%s", p->name, p->listen_raw.s ?
			    p->listen_raw.s : "", s == PF_SEV_MEDIUM ? " (this "
			    "host runs several sites)" : "");
			pf_ffix(c, d, "use a unix socket with listen.mode = "
			    "0660, or set listen.allowed_clients = 127.0.0.1");
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
		const struct pf_sval *acl[2] = { &p->listen_acl_users,
			&p->listen_acl_groups };
		static const char *const broad[] = { "users", "nogroup",
			"nobody", "everyone", "other", "all", NULL };
		int i, j;

		for (i = 0; i < 2; i++) {
			char *dup, *tok, *save = NULL;

			if (acl[i]->s == NULL)
				continue;
			dup = pf_strdup(c->run->arena, acl[i]->s);
			for (tok = strtok_r(dup, ", \t", &save); tok != NULL;
			    tok = strtok_r(NULL, ", \t", &save))
				for (j = 0; broad[j] != NULL; j++)
					if (strcasecmp(tok, broad[j]) == 0) {
						d = pf_finding(c,
						    "fpm-socket-world-writable",
						    PF_SEV_HIGH, acl[i]->loc,
						    p->name, "%s grants the "
						    "socket to '%s', a principal "
						    "most local accounts are in",
						    i ? "listen.acl_groups" :
						    "listen.acl_users", tok);
						pf_ffix(c, d, "name only the "
						    "web server's account");
						return;
					}
		}
	}
	if (p->listen.path != NULL && (strncmp(p->listen.path, "/tmp/", 5) == 0
	    || strncmp(p->listen.path, "/var/tmp/", 9) == 0 ||
	    strncmp(p->listen.path, "/dev/shm/", 9) == 0)) {
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

/* security.limit_extensions entries that are PHP scripts. */
static int
script_ext(const char *e)
{
	static const char *const ok[] = { ".php", ".phar", ".php3", ".php4",
		".php5", ".php7", ".php8", ".phtml", NULL };
	int i;

	for (i = 0; ok[i] != NULL; i++)
		if (strcmp(e, ok[i]) == 0)
			return 1;
	return 0;
}

static void
limit_ext(struct pf_rctx *c, struct pf_pool *p)
{
	const char *le = p->limit_extensions.s, *q;
	char bad[256] = "";
	int empty = 1;
	struct pf_diag *d;

	if (le == NULL)
		return;
	for (q = le; *q != '\0';) {
		size_t l;

		while (*q == ' ' || *q == '\t')
			q++;
		l = strcspn(q, " \t");
		if (l == 0)
			break;
		empty = 0;
		{
			char *tok = pf_strndup(c->run->arena, q, l);

			if (!script_ext(tok) && strlen(bad) + l + 2 <
			    sizeof(bad)) {
				strcat(bad, bad[0] ? " " : "");
				strcat(bad, tok);
			}
		}
		q += l;
	}
	if (!empty && bad[0] == '\0')
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
		int serves = ap == NULL || pf_pool_sites(c, p) > 0;
		size_t k;

		if (p->user.s == NULL || is_root(p->user.s) ||
		    p->status_of != NULL)
			continue;
		k = pf_smap_get(&first_of, p->user.s);
		if (k != 0 && serves) {
			struct pf_pool *q = c->m->pools.v[k - 1];
			struct pf_diag *d;

			d = pf_finding(c, "fpm-shared-user", PF_SEV_MEDIUM,
			    p->user.loc, p->name, "pools %s and %s both run as "
			    "%s: a compromise of one site reads and writes the "
			    "other's code, secrets and sessions", q->name,
			    p->name, p->user.s);
			pf_frel(c, d, q->user.loc, "pool %s", q->name);
			pf_ffix(c, d, "give each site its own user and group");
		}
		if (k == 0 && serves)
			pf_smap_put(c->run->arena, &first_of, p->user.s, i + 1);
		/* The pool runs as Apache's user while several sites exist. */
		if (ap != NULL && ap->user.s != NULL &&
		    strcmp(ap->user.s, p->user.s) == 0 && c->vpools.n > 1 &&
		    pf_pool_sites(c, p) > 0) {
			struct pf_diag *d = pf_finding(c, "fpm-shared-user",
			    PF_SEV_MEDIUM, p->user.loc, p->name, "pool %s runs "
			    "as %s, the user Apache runs as, on a host with "
			    "several sites", p->name, p->user.s);

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

				first = vp->label;
				d = pf_finding(c, "pool-shared-across-vhosts",
				    meant ? PF_SEV_INFO : PF_SEV_MEDIUM, p->loc,
				    p->name, "pool %s serves %zu sites with "
				    "different DocumentRoots (%s, ...): no "
				    "per-site user or open_basedir, and "
				    "FastCGI-set ini values leak between them%s",
				    p->name, pf_pool_sites(c, p), vp->label,
				    meant ? " (shared on purpose: the site "
				    "description names this pool for each)" :
				    "");
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
