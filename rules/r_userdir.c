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
 * simulator gives).  One finding per UserDir line: Debian's userdir.conf
 * in the main server reaches every vhost's pool (a pool per site: 10,000
 * of them on a hosting tree), and its one line is the fix; the finding
 * names the first pool and counts the others (their pools and routes are
 * related notes, MAX_REL of them).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "rules/rule.h"
#include "rules/sim.h"

#define RULE		"userdir-php-exec"
#define MAX_USERS	16	/* accounts probed per vhost (and each
				 * special one, see special_accounts()) */
#define MAX_SPECIAL	256
#define MAX_REL		3	/* pools named in related notes */

/* Where a UserDir line's users run code: a pool (or, without one, a
 * FastCGI backend) that is not their own. */
struct reach {
	const struct pf_pool *pool;
	const char	*handler;	/* without a pool: the backend, or
					 * MODPHP */
	const struct pf_node *route;
};

/* The handler of a reach where mod_php runs the file inside Apache. */
static const char MODPHP[] = "mod_php";

/* A finding in the making: a UserDir line and the pools its users reach
 * (the first MAX_REL kept, all counted). */
struct hit {
	const struct pf_node *targets;
	struct reach	 rel[MAX_REL];
	size_t		 nrel, npools;
	const char	*user, *dir, *url, *vhost;
	const char	*names[3];
	size_t		 nnames, count;
};
struct hits {
	struct hit	*v;
	size_t		 n, cap;
	struct pf_pmap	 by_line;	/* UserDir node -> its hit + 1 */
	struct pf_pmap	 last_pool;	/* pool -> the UserDir node it was
					 * last counted for */
	struct pf_smap	 seen;		/* (line, pool or backend) counted
					 * (a pool or a socket per vhost:
					 * 10,000 of them) */
};

/* The real accounts, and by lower-cased name (the UserDir lists compare
 * names case-blind: "UserDir enabled Alice" lets /~alice/ through). */
struct accts {
	const struct pf_pwent **v;
	size_t		 n;
	struct pf_smap	 by_lname;	/* -> index + 1 (the first) */
	const struct pf_pwent *base;	/* the passwd entries */
	unsigned char	*special;	/* per entry (- base): SP_* */
	size_t		 nroute, nplain;	/* accounts with SP_ROUTE,
					 * without SP_OWN */
};

/* An account's folder has a .htaccess or <Directory> of its own (SP_OWN),
 * one that may add a FastCGI route (SP_ROUTE: probed past MAX_USERS). */
enum { SP_OWN = 1, SP_ROUTE = 2 };

/* Marks (bits) the accounts whose user directory path may be in: a
 * prefix of it that is an account's home directory (the home form), or a
 * component that is an account's name (the "*" and absolute forms:
 * /srv/users/NAME/www).  (by_home, by_name: -> entry - base + 1) */
static void
mark_path(struct accts *a, const struct pf_smap *by_home,
    const struct pf_smap *by_name, const char *path, int bits,
    size_t *left)
{
	char buf[4096];
	size_t n = strlen(path), i, from = 0, k;

	if (n == 0 || n >= sizeof(buf))
		return;
	memcpy(buf, path, n + 1);
	for (i = 1; i <= n && *left > 0; i++) {
		if (buf[i] != '/' && buf[i] != '\0')
			continue;
		buf[i] = '\0';
		if ((k = pf_smap_get(by_home, buf)) != 0 &&
		    (a->special[k - 1] & bits) != bits) {
			if (bits & SP_ROUTE)
				--*left;
			a->special[k - 1] |= (unsigned char)bits;
		}
		if (i > from + 1 && (k = pf_smap_get(by_name,
		    buf + from + 1)) != 0 &&
		    (a->special[k - 1] & bits) != bits) {
			if (bits & SP_ROUTE)
				--*left;
			a->special[k - 1] |= (unsigned char)bits;
		}
		buf[i] = path[i];
		from = i;
	}
}

/* Lines below n that may route a request to FastCGI: a proxy: handler
 * (SetHandler, AddHandler), an Action, a RewriteRule (it may proxy, set
 * a handler, or send the URL to a script). */
static int
adds_route(const struct pf_node *n)
{
	for (n = n->child; n != NULL; n = n->next) {
		if ((n->flags & PF_NODE_INACTIVE) || n->name == NULL)
			continue;
		if (((strcasecmp(n->name, "SetHandler") == 0 ||
		    strcasecmp(n->name, "AddHandler") == 0) && n->argc > 0 &&
		    strncasecmp(n->argv[0], "proxy:", 6) == 0) ||
		    strcasecmp(n->name, "Action") == 0 ||
		    strcasecmp(n->name, "RewriteRule") == 0)
			return 1;
		if (n->child != NULL && adds_route(n))
			return 1;
	}
	return 0;
}

/* The paths that may make one user's folder differ from the others':
 * the .htaccess files the reader read (a user's own, AllowOverride
 * letting it add a handler back) and the <Directory> sections without
 * wildcards. */
static void
special_walk(const struct pf_node *n, struct accts *a,
    const struct pf_smap *by_home, const struct pf_smap *by_name,
    size_t *left)
{
	for (; n != NULL && *left > 0; n = n->next) {
		if (n->flags & PF_NODE_INACTIVE)
			continue;
		if ((n->flags & PF_NODE_SECTION) && n->argc > 0 &&
		    n->name != NULL && strcasecmp(n->name, "Directory") == 0 &&
		    ((n->flags & PF_NODE_HTACCESS) ||
		    strpbrk(n->argv[0], "*?[~") == NULL))
			mark_path(a, by_home, by_name, n->argv[0], SP_OWN |
			    (adds_route(n) ? SP_ROUTE : 0), left);
		if (n->child != NULL)
			special_walk(n->child, a, by_home, by_name, left);
	}
}

/*
 * Which accounts' folders differ from the others': those a .htaccess file
 * or a <Directory> of their own names (SP_OWN), and among them those whose
 * lines may add a FastCGI route (SP_ROUTE: a user whose .htaccess adds a
 * PHP handler back where the server gave none).  The folders of the
 * others match the same sections (the UserDir pattern's).  one_vhost()
 * probes the first MAX_USERS accounts, every SP_ROUTE one, and the first
 * MAX_USERS without SP_OWN (the first sixteen may all take PHP away in
 * their .htaccess: the seventeenth, plain, still runs it).
 */
static void
special_accounts(struct pf_rctx *c, struct accts *a)
{
	size_t left = MAX_SPECIAL, i;
	struct pf_smap by_home = { 0 }, by_name = { 0 };

	a->special = pf_alloc(c->run->arena, pf_sim_users(c->sim, &a->base) +
	    1);
	a->nplain = a->n;
	if (a->n <= MAX_USERS || c->m->apache->root == NULL)
		return;
	a->nplain = 0;
	for (i = 0; i < a->n; i++) {
		size_t k = (size_t)(a->v[i] - a->base) + 1;

		if (a->v[i]->home != NULL && strlen(a->v[i]->home) > 1)
			pf_smap_put(c->run->arena, &by_home, a->v[i]->home, k);
		pf_smap_put(c->run->arena, &by_name, a->v[i]->name, k);
	}
	special_walk(c->m->apache->root->child, a, &by_home, &by_name, &left);
	for (i = 0; i < a->n; i++) {
		unsigned char sp = a->special[a->v[i] - a->base];

		a->nroute += (sp & SP_ROUTE) != 0;
		a->nplain += !(sp & SP_OWN);
	}
}

/*
 * Real local accounts: uid between login.defs' UID_MIN and UID_MAX
 * (pf_uid_range), not nobody.  System accounts (root, daemon, www-data,
 * http) have no one logging in to fill a public_html.
 */
static void
accounts(struct pf_rctx *c, struct accts *a)
{
	const struct pf_pwent *u;
	size_t n = pf_sim_users(c->sim, &u), i;
	long long lo, hi;

	pf_uid_range(c, &lo, &hi);
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

/* The finding of a UserDir line, with the pool (without a pool: the
 * handler) its users reached counted once.  Trees have a pool per vhost:
 * the pool's last line is looked up before the (line, pool) set. */
static struct hit *
hit_for(struct pf_rctx *c, struct hits *hits,
    const struct pf_node *targets, const struct pf_pool *pool,
    const char *handler, const struct pf_node *route)
{
	size_t k;
	struct hit h, *hp;
	const char *key;

	if (handler == NULL)
		handler = "";
	if ((k = pf_pmap_get(&hits->by_line, targets)) == 0) {
		memset(&h, 0, sizeof(h));
		h.targets = targets;
		PF_PUSH(c->run->arena, *hits, h);
		k = hits->n;
		pf_pmap_put(c->run->arena, &hits->by_line, targets, k);
	}
	hp = &hits->v[k - 1];
	if (pool != NULL && pf_pmap_get(&hits->last_pool, pool) ==
	    (size_t)(uintptr_t)targets)
		return hp;
	/* (the UserDir line, the pool or the handler: one key) */
	key = pf_printf(c->run->arena, "%p %p %s", (const void *)targets,
	    (const void *)pool, pool != NULL ? "" : handler);
	if (pf_smap_get(&hits->seen, key) != 0)
		return hp;
	pf_smap_put(c->run->arena, &hits->seen, key, 1);
	if (pool != NULL)
		pf_pmap_put(c->run->arena, &hits->last_pool, pool,
		    (size_t)(uintptr_t)targets);
	if (hp->nrel < MAX_REL) {
		hp->rel[hp->nrel].pool = pool;
		hp->rel[hp->nrel].handler = handler == MODPHP ? MODPHP :
		    pf_strdup(c->run->arena, handler);
		hp->rel[hp->nrel].route = route;
		hp->nrel++;
	}
	hp->npools++;
	return hp;
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
	size_t i, probed = 0, plain = 0, nacc, seen_route = 0, seen_plain = 0;
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
	for (i = 0; i < nacc; i++) {
		const struct pf_pwent *ac = only_enabled ?
		    account_named(scratch, acc, u->enabled.v[i].s) : acc->v[i];
		const char *name, *dir, *target, *file, *url;
		const char *files[1];
		struct pf_sim_fs fs, disk = { NULL, 0, 1 };
		struct pf_sim_verdict vd;
		const char *pu;
		struct hit *h;
		int redirect, sp;

		if (ac == NULL)
			continue;
		sp = acc->special[ac - acc->base];
		if (!only_enabled) {
			/* past what there is to probe: stop (trees hold
			 * thousands of accounts) */
			if (probed >= MAX_USERS && seen_route == acc->nroute &&
			    (plain >= MAX_USERS || seen_plain == acc->nplain))
				break;
			seen_route += (sp & SP_ROUTE) != 0;
			seen_plain += !(sp & SP_OWN);
		}
		if (probed >= MAX_USERS && !(sp & SP_ROUTE) &&
		    ((sp & SP_OWN) || plain >= MAX_USERS))
			continue;
		name = ac->name;
		/* Of several targets, the first whose directory exists (on
		 * disk, under --root), else the last: translate_userdir(). */
		dir = pf_sim_userdir(c->sim, v, name, &disk, &target,
		    &redirect);
		if (dir == NULL)
			continue;
		probed++;
		plain += !(sp & SP_OWN);
		file = pf_printf(scratch, "%s/probe.php", dir);
		url = pf_printf(scratch, "/~%s/probe.php", name);
		files[0] = file;
		fs.files = files;
		fs.nfiles = 1;
		fs.real = 0;
		memset(&vd, 0, sizeof(vd));
		if (pf_sim_request(c->sim, v, url, &fs, &vd) != 0)
			continue;
		/* (FPM runs the file, or mod_php inside Apache: Debian's
		 * php8.2.conf turns its engine off in /home/ * /public_html,
		 * which the simulator merges as mod_php does) */
		if (vd.outcome == PF_SIM_OTHER && vd.php_exec &&
		    vd.filename != NULL && strcmp(vd.filename, file) == 0)
			vd.handler = MODPHP;
		else if (vd.outcome != PF_SIM_FPM || vd.fpm != PF_FPM_EXEC ||
		    vd.executed == NULL || strcmp(vd.executed, file) != 0)
			continue;
		/* The safe per-user setup: the user's own pool. */
		pu = pool_user(vd.pool);
		if (pu != NULL && (strcmp(pu, name) == 0 ||
		    same_uid(pu, ac->uid)))
			continue;
		h = hit_for(c, hits, u->targets, vd.pool, vd.handler,
		    vd.route);
		if (h->count == 0) {
			struct pf_arena *a = c->run->arena;

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

/* "FPM pool [www]", "FastCGI backend proxy:..." or mod_php's. */
static const char *
reach_label(struct pf_rctx *c, const struct reach *r)
{
	if (r->pool == NULL && r->handler == MODPHP)
		return "mod_php, inside Apache,";
	return r->pool != NULL ? pf_printf(c->run->arena, "FPM pool [%s]",
	    pf_pool_label(r->pool)) : pf_printf(c->run->arena,
	    "FastCGI backend %s", r->handler);
}

static void
report(struct pf_rctx *c, const struct hit *h)
{
	struct pf_diag *d;
	const struct reach *r0 = &h->rel[0];
	const char *pu = pool_user(r0->pool);
	char names[256], more[96];
	size_t i, o = 0;

	names[0] = '\0';
	for (i = 0; i < h->nnames && o < sizeof(names); i++)
		o += (size_t)snprintf(names + o, sizeof(names) - o, "%s%s",
		    i ? ", " : "", h->names[i]);
	/* count may hold a name twice (seen on two vhosts): no number */
	if (h->count > h->nnames && o < sizeof(names))
		snprintf(names + o, sizeof(names) - o, " and others");
	more[0] = '\0';
	if (h->npools > 1)
		snprintf(more, sizeof(more), ", and in %zu other pool%s or "
		    "backend%s", h->npools - 1, h->npools > 2 ? "s" : "",
		    h->npools > 2 ? "s" : "");
	d = pf_finding(c, RULE, pf_rule_sev(RULE), h->targets->loc,
	    r0->pool != NULL ? pf_pool_label(r0->pool) : r0->handler,
	    "UserDir %s maps /~%s/ to %s, where a .php file runs in "
	    "%s as %s (%s on %s)%s: local account%s %s can run code as "
	    "%s", h->targets->raw != NULL ? h->targets->raw : "",
	    h->user, h->dir, reach_label(c, r0), pu != NULL ? pu :
	    r0->pool != NULL ? "its master's user" : r0->handler != MODPHP ?
	    "the backend's user" : c->m->apache->user.s != NULL ?
	    c->m->apache->user.s : "Apache's User",
	    h->url, h->vhost, more, h->count > 1 ? "s" : "", names,
	    h->npools > 1 ? "those pools' users" : "that user");
	for (i = 0; i < h->nrel; i++) {
		const struct reach *r = &h->rel[i];
		const char *ru = pool_user(r->pool);

		if (r->route != NULL && r->handler == MODPHP)
			pf_frel(c, d, r->route->loc, "this handler gives "
			    "/~user/*.php to mod_php");
		else if (r->route != NULL)
			pf_frel(c, d, r->route->loc, "this route sends "
			    "/~user/*.php to %s", reach_label(c, r));
		if (r->pool != NULL)
			pf_frel(c, d, r->pool->loc, "pool [%s] runs as %s",
			    pf_pool_label(r->pool), ru != NULL ? ru :
			    "its master's user");
	}
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
	special_accounts(c, &acc);
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
