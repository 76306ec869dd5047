/*
 * r_userdir.c - userdir-php-exec: mod_userdir hands every local account a
 * URL (/~user/) whose .php files reach a PHP-FPM pool that runs as
 * someone else (the server-wide pool of Debian's php8.2-fpm.conf or the
 * Arch wiki recipe: www-data / http).  Any shell user then runs code as
 * that pool's user and reads or writes what it can (every site it
 * serves).
 *
 * How: for each serving vhost whose merged UserDir maps URLs (model/
 * apache.h pf_userdir), each real local account (see accounts()) that
 * the UserDir lists let through is given a declared file
 * DIR/probe.php in the directory mod_userdir maps its /~user/ to
 * (pf_sim_userdir: the target translate_userdir() picks), and the
 * simulator answers GET /~user/probe.php as Apache and FPM would: the
 * rule fires when FPM executes that very file (an Alias, ProxyPass or
 * RewriteRule that took the URL, a <Directory> that removes the handler
 * or denies it, a pool running as that user are all answers the
 * simulator gives).  One finding per UserDir line and pool.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "rules/rule.h"
#include "rules/sim.h"

#define RULE		"userdir-php-exec"
#define MAX_USERS	16	/* accounts probed per vhost */

/* A finding in the making: a UserDir line whose users reach a pool. */
struct hit {
	const struct pf_node *targets;
	const struct pf_pool *pool;
	const char	*handler;	/* without a pool: the backend */
	const struct pf_node *route;
	const char	*user, *dir, *url, *vhost;
	const char	*names[3];
	size_t		 nnames, count;
};
struct hits {
	struct hit	*v;
	size_t		 n, cap;
	struct pf_pmap	 by_pool;	/* pool -> its last hit + 1 */
	struct pf_smap	 by_key;	/* hit_key() -> hit + 1 (a pool or a
					 * socket per vhost: 10,000 of them) */
};

/*
 * Real local accounts: uid between login.defs' UID_MIN and UID_MAX (the
 * range useradd gives people: 1000-60000 unless the tree's
 * /etc/login.defs says otherwise), not nobody.  System accounts (root,
 * daemon, www-data, http) have no one logging in to fill a public_html.
 */
static void
uid_range(struct pf_rctx *c, long long *lo, long long *hi)
{
	char *data, *p, *save = NULL;
	size_t len;

	*lo = 1000;
	*hi = 60000;
	if (pf_read_file(c->run, "/etc/login.defs", &data, &len) != 0)
		return;
	for (p = strtok_r(data, "\n", &save); p != NULL;
	    p = strtok_r(NULL, "\n", &save)) {
		char *end;
		long long v;

		p += strspn(p, " \t");
		if (strncmp(p, "UID_MIN", 7) == 0 && (p[7] == ' ' ||
		    p[7] == '\t')) {
			v = strtoll(p + 7, &end, 10);
			if (end != p + 7 && v > 0)
				*lo = v;
		} else if (strncmp(p, "UID_MAX", 7) == 0 && (p[7] == ' ' ||
		    p[7] == '\t')) {
			v = strtoll(p + 7, &end, 10);
			if (end != p + 7 && v > 0)
				*hi = v;
		}
	}
}

/* The real accounts, and by lower-cased name (the UserDir lists compare
 * names case-blind: "UserDir enabled Alice" lets /~alice/ through). */
struct accts {
	const struct pf_pwent **v;
	size_t		 n;
	struct pf_smap	 by_lname;	/* -> index + 1 (the first) */
};

static void
accounts(struct pf_rctx *c, struct accts *a)
{
	const struct pf_pwent *u;
	size_t n = pf_sim_users(c->sim, &u), i;
	long long lo, hi;

	uid_range(c, &lo, &hi);
	a->v = pf_alloc(c->run->arena, (n + 1) * sizeof(*a->v));
	a->n = 0;
	for (i = 0; i < n; i++) {
		char *l, *p;

		if (u[i].uid < lo || u[i].uid > hi ||
		    strcmp(u[i].name, "nobody") == 0 ||
		    strcmp(u[i].name, "nfsnobody") == 0)
			continue;
		a->v[a->n++] = &u[i];
		l = pf_strdup(c->run->arena, u[i].name);
		for (p = l; *p != '\0'; p++)
			if (*p >= 'A' && *p <= 'Z')
				*p = (char)(*p - 'A' + 'a');
		if (pf_smap_get(&a->by_lname, l) == 0)
			pf_smap_put(c->run->arena, &a->by_lname, l, a->n);
	}
}

/* The account an "enabled" name lets through, or NULL. */
static const struct pf_pwent *
account_named(struct pf_arena *scratch, const struct accts *a,
    const char *name)
{
	char *l = pf_strdup(scratch, name), *p;
	size_t k;

	for (p = l; *p != '\0'; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	k = pf_smap_get(&a->by_lname, l);
	return k != 0 ? a->v[k - 1] : NULL;
}

/* The finding of (UserDir line, pool) (without a pool: the handler).
 * Trees have a pool per vhost: the pool's last hit is looked up first. */
static struct hit *
hit_for(struct pf_rctx *c, struct hits *hits,
    const struct pf_node *targets, const struct pf_pool *pool,
    const char *handler)
{
	size_t k;
	struct hit h;
	const char *key;

	if (handler == NULL)
		handler = "";
	if (pool != NULL && (k = pf_pmap_get(&hits->by_pool, pool)) != 0 &&
	    hits->v[k - 1].targets == targets)
		return &hits->v[k - 1];
	/* (the UserDir line, the pool or the handler: one key) */
	key = pf_printf(c->run->arena, "%p %p %s", (const void *)targets,
	    (const void *)pool, pool != NULL ? "" : handler);
	if ((k = pf_smap_get(&hits->by_key, key)) != 0)
		return &hits->v[k - 1];
	memset(&h, 0, sizeof(h));
	h.targets = targets;
	h.pool = pool;
	h.handler = pf_strdup(c->run->arena, handler);
	PF_PUSH(c->run->arena, *hits, h);
	if (pool != NULL)
		pf_pmap_put(c->run->arena, &hits->by_pool, pool, hits->n);
	pf_smap_put(c->run->arena, &hits->by_key, key, hits->n);
	return &hits->v[hits->n - 1];
}

/* The account a pool runs as: user = ..., else the master's (php-fpm
 * started by root refuses a pool without user; so unset is not root). */
static const char *
pool_user(const struct pf_pool *p)
{
	return p != NULL && p->user.s != NULL ? p->user.s : NULL;
}

/* php-fpm takes a numeric user = as the uid. */
static int
same_uid(const char *user, long long uid)
{
	char *end;
	long long v;

	if (*user < '0' || *user > '9')
		return 0;
	v = strtoll(user, &end, 10);
	return *end == '\0' && v == uid;
}

static void
one_vhost(struct pf_rctx *c, const struct pf_vhost *v,
    const struct accts *acc, struct hits *hits, struct pf_arena *scratch)
{
	const struct pf_userdir *u = &v->userdir;
	size_t i, probed = 0, nacc;
	int only_enabled = u->global == PF_USERDIR_DISABLED;

	if (u->targets == NULL || (u->global == PF_USERDIR_DISABLED &&
	    u->enabled.n == 0))
		return;
	/* The probes' strings, the vhost's node index and memo state live
	 * in the scratch arena, emptied per vhost (the simulator is told). */
	pf_arena_reset(scratch);
	pf_sim_scratch(c->sim, scratch);
	/* Vhosts stamped from one template ask the same questions: the
	 * memo answers them for the later ones (sim_memo.c). */
	pf_sim_memo_begin(c->sim, v);
	/* Under "UserDir disabled" only the enabled names map: those are
	 * looked up (panels write one per vhost, trees hold thousands of
	 * accounts); otherwise the accounts in passwd order. */
	nacc = only_enabled ? u->enabled.n : acc->n;
	for (i = 0; i < nacc && probed < MAX_USERS; i++) {
		const struct pf_pwent *ac = only_enabled ?
		    account_named(scratch, acc, u->enabled.v[i].s) : acc->v[i];
		const char *name, *dir, *target, *file, *url;
		const char *files[1];
		struct pf_sim_fs fs, disk = { NULL, 0, 1 };
		struct pf_sim_verdict vd;
		const char *pu;
		struct hit *h;
		int redirect;

		if (ac == NULL)
			continue;
		name = ac->name;
		/* Of several targets, the first whose directory exists (on
		 * disk, under --root), else the last: translate_userdir(). */
		dir = pf_sim_userdir(c->sim, v, name, &disk, &target,
		    &redirect);
		if (dir == NULL)
			continue;
		probed++;
		file = pf_printf(scratch, "%s/probe.php", dir);
		url = pf_printf(scratch, "/~%s/probe.php", name);
		files[0] = file;
		fs.files = files;
		fs.nfiles = 1;
		fs.real = 0;
		memset(&vd, 0, sizeof(vd));
		if (pf_sim_request(c->sim, v, url, &fs, &vd) != 0)
			continue;
		if (vd.outcome != PF_SIM_FPM || vd.fpm != PF_FPM_EXEC ||
		    vd.executed == NULL || strcmp(vd.executed, file) != 0)
			continue;
		/* The safe per-user setup: the user's own pool. */
		pu = pool_user(vd.pool);
		if (pu != NULL && (strcmp(pu, name) == 0 ||
		    same_uid(pu, ac->uid)))
			continue;
		h = hit_for(c, hits, u->targets, vd.pool, vd.handler);
		if (h->count == 0) {
			struct pf_arena *a = c->run->arena;

			h->route = vd.route;
			h->user = pf_strdup(a, name);
			h->dir = pf_strdup(a, dir);
			h->url = pf_printf(a, "http://%s/~%s/probe.php",
			    v->server_name.s != NULL ? v->server_name.s :
			    "localhost", name);
			h->vhost = pf_vhost_label(c, v);
		}
		if (h->nnames < 3) {
			size_t k;

			for (k = 0; k < h->nnames; k++)
				if (strcmp(h->names[k], name) == 0)
					break;
			if (k == h->nnames) {
				h->names[h->nnames++] = pf_strdup(
				    c->run->arena, name);
				h->count++;
			}
		} else {
			size_t k;

			for (k = 0; k < 3; k++)
				if (strcmp(h->names[k], name) == 0)
					break;
			if (k == 3)
				h->count++;	/* may count a name twice
						 * across vhosts */
		}
	}
	pf_sim_memo_end(c->sim);
}

/* The Directory pattern for every user's directory: dir with the
 * path component that is the user's name made '*'. */
static const char *
dir_pattern(struct pf_rctx *c, const char *dir, const char *user)
{
	size_t ul = strlen(user);
	const char *p;

	for (p = strchr(dir, '/'); p != NULL; p = strchr(p + 1, '/'))
		if (strncmp(p + 1, user, ul) == 0 &&
		    (p[1 + ul] == '/' || p[1 + ul] == '\0'))
			return pf_printf(c->run->arena, "%.*s/*%s",
			    (int)(p - dir), dir, p + 1 + ul);
	return dir;
}

static void
report(struct pf_rctx *c, const struct hit *h)
{
	struct pf_diag *d;
	const char *pu = pool_user(h->pool);
	char names[256];
	size_t i, o = 0;

	names[0] = '\0';
	for (i = 0; i < h->nnames && o < sizeof(names); i++)
		o += (size_t)snprintf(names + o, sizeof(names) - o, "%s%s",
		    i ? ", " : "", h->names[i]);
	/* count may hold a name twice (seen on two vhosts): no number */
	if (h->count > h->nnames && o < sizeof(names))
		snprintf(names + o, sizeof(names) - o, " and others");
	d = pf_finding(c, RULE, pf_rule_sev(RULE), h->targets->loc,
	    h->pool != NULL ? pf_pool_label(h->pool) : h->handler,
	    "UserDir %s maps /~%s/ to %s, where a .php file runs in "
	    "%s%s%s as %s (%s on %s): local account%s %s can run code as "
	    "that user", h->targets->raw != NULL ? h->targets->raw : "",
	    h->user, h->dir, h->pool != NULL ? "FPM pool [" : "FastCGI "
	    "backend ", h->pool != NULL ? pf_pool_label(h->pool) :
	    h->handler, h->pool != NULL ? "]" : "", pu != NULL ? pu :
	    h->pool != NULL ? "its master's user" : "the backend's user",
	    h->url, h->vhost, h->count > 1 ? "s" : "", names);
	if (h->route != NULL)
		pf_frel(c, d, h->route->loc, "this route sends /~%s/*.php "
		    "to FPM", h->user);
	if (h->pool != NULL)
		pf_frel(c, d, h->pool->loc, "pool [%s] runs as %s",
		    pf_pool_label(h->pool), pu != NULL ? pu : "its master's "
		    "user");
	pf_ffix(c, d, "`UserDir disabled` (with `UserDir enabled NAMES` only "
	    "for accounts that have a pool of their own, routed from their "
	    "<Directory>), or take PHP away in the user directories: "
	    "<Directory \"%s\"> with "
	    "`<FilesMatch \".+\\.ph(ar|p|tml)$\"> SetHandler none`/`Require "
	    "all denied`; or give each user a pool running as that user",
	    dir_pattern(c, h->dir, h->user));
}

/* Called by the routing pass (its vhosts, after its probes). */
void
pf_pass_userdir(struct pf_rctx *c)
{
	const struct pf_vhost **vs;
	struct accts acc;
	struct hits hits;
	struct pf_arena *scratch;
	size_t n, i;

	if (c->m->apache == NULL || c->sim == NULL)
		return;
	n = pf_sim_vhosts(c->sim, &vs);
	for (i = 0; i < n; i++)
		if (vs[i] != NULL && vs[i]->userdir.targets != NULL)
			break;
	if (i == n)
		return;		/* no UserDir maps anything: no passwd read */
	memset(&acc, 0, sizeof(acc));
	accounts(c, &acc);
	if (acc.n == 0)
		return;
	memset(&hits, 0, sizeof(hits));
	scratch = pf_arena_new();
	for (i = 0; i < n; i++)
		if (vs[i] != NULL)
			one_vhost(c, vs[i], &acc, &hits, scratch);
	pf_sim_scratch(c->sim, NULL);
	pf_arena_free(scratch);
	for (i = 0; i < hits.n; i++)
		report(c, &hits.v[i]);
}
