/*
 * r_sizing.c - the sizing arithmetic as rules (issue 8 point 2;
 * reference/perf-baselines.md 5, 8, 10 and security-rules.md 3.4): numbers
 * that cannot work are findings.  Host facts (cores, memory, nofile,
 * nproc, somaxconn) come from [host], --host FILE or --host auto; rules
 * that need a fact nobody gave stay quiet.
 */
#include <glob.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "rules/link.h"
#include "rules/rule.h"
#include "rules/sim.h"

struct mpm {
	const char	*name;
	long long	 tpc;		/* ThreadsPerChild */
	long long	 limit;		/* ServerLimit */
	long long	 mrw;		/* effective MaxRequestWorkers */
	long long	 procs;		/* Apache children at full load */
	struct pf_loc	 loc;
};

static void
apache_mpm(struct pf_rctx *c, struct mpm *m)
{
	struct pf_apache *ap = c->m->apache;
	const char *name = ap->mpm.s ? ap->mpm.s : c->m->host.mpm.s ?
	    c->m->host.mpm.s : "event";
	long long cap;

	m->name = name;
	m->loc = ap->max_request_workers.set ? ap->max_request_workers.loc :
	    PF_NOLOC;
	if (strcasecmp(name, "prefork") == 0) {
		m->tpc = 1;
		m->limit = ap->server_limit.set ? ap->server_limit.v : 256;
		m->mrw = ap->max_request_workers.set ?
		    ap->max_request_workers.v : 256;
		if (m->mrw > m->limit)
			m->mrw = m->limit;
		m->procs = m->mrw;
		return;
	}
	m->tpc = ap->threads_per_child.set ? ap->threads_per_child.v : 25;
	if (m->tpc < 1)
		m->tpc = 1;
	m->limit = ap->server_limit.set ? ap->server_limit.v : 16;
	cap = m->limit * m->tpc;
	m->mrw = ap->max_request_workers.set ? ap->max_request_workers.v : cap;
	if (m->mrw > cap)
		m->mrw = cap;
	m->procs = (m->mrw + m->tpc - 1) / m->tpc;
}

/* Distinct pools behind the vhosts, with their max_children sum. */
static long long
pool_children(struct pf_rctx *c, size_t *npools)
{
	long long sum = 0;
	size_t i;

	*npools = 0;
	for (i = 0; i < c->vpools.n; i++) {
		struct pf_pool *p = c->vpools.v[i].pool;

		if (p == NULL || pf_vpool_first(c, p) != &c->vpools.v[i] ||
		    !p->max_children.set)
			continue;
		sum += p->max_children.v;
		(*npools)++;
	}
	return sum;
}

/* Does a vhost send all dynamic traffic to PHP (front controller)? */
static int
front_controller(const struct pf_node *n)
{
	for (; n != NULL; n = n->next) {
		int c0;

		if (n->flags & (PF_NODE_INACTIVE | PF_NODE_READ))
			continue;
		c0 = n->name != NULL ? n->name[0] | 0x20 : 0;
		if ((c0 == 'f' || c0 == 'r') && (strcasecmp(n->name,
		    "FallbackResource") == 0 || (strcasecmp(n->name,
		    "RewriteRule") == 0 &&
		    n->argc > 1 && strstr(n->argv[1], "index.php") != NULL)))
			return 1;
		if (n->child != NULL && front_controller(n->child))
			return 1;
	}
	return 0;
}

static const struct pf_worker *vp_worker(struct pf_rctx *,
    const struct pf_vpool *);

/*
 * The requests Apache can have in flight to the pools at once: each
 * vhost's route reaches its pool through a mod_proxy worker, whose
 * connection pool holds max= connections per process (ThreadsPerChild
 * when not set; one per process under prefork), and a request that finds
 * none free waits in Apache for one.  So Apache has at most processes x
 * max requests of each vhost at the pool (the rest wait in Apache, not in
 * FPM's listen queue), and never more than MaxRequestWorkers.  Verified
 * on 2.4.71 with a pool of 2 workers, 12 requests of 1 s and a worker
 * timeout of 3 s: 6 were answered 504 (PHP-FPM still ran all 12), with
 * max=2 on the worker all 12 were answered 200.  *capped: some worker's
 * max= lowered it below MaxRequestWorkers.
 */
static long long
in_flight(struct pf_rctx *c, const struct mpm *m, int *capped)
{
	long long a = 0;
	size_t i;

	*capped = 0;
	for (i = 0; i < c->vpools.n && a < m->mrw; i++) {
		const struct pf_vpool *vp = &c->vpools.v[i];
		const struct pf_worker *w;
		long long per;

		if (vp->pool == NULL || !vp->pool->max_children.set)
			continue;
		w = vp_worker(c, vp);
		per = w != NULL && w->max.set && w->max.v > 0 &&
		    w->max.v < m->tpc ? w->max.v : m->tpc;
		if (per < m->tpc)
			*capped = 1;
		a += per * m->procs;
	}
	if (a >= m->mrw) {
		*capped = 0;
		return m->mrw;
	}
	return a;
}

static void
capacity(struct pf_rctx *c, const struct mpm *m)
{
	size_t npools;
	long long sum = pool_children(c, &npools), admit;
	struct pf_diag *d;
	struct pf_loc at = m->loc;
	int fc, i, capped;

	if (npools == 0 || sum * 10 >= m->mrw)
		return;
	admit = in_flight(c, m, &capped);
	if (sum * 10 >= admit)
		return;
	for (i = 0; (size_t)i < c->vpools.n && at.file == 0; i++)
		if (c->vpools.v[i].pool != NULL &&
		    c->vpools.v[i].pool->max_children.set)
			at = c->vpools.v[i].pool->max_children.loc;
	fc = front_controller(c->m->apache->root);
	for (i = 0; (size_t)i < c->vpools.n && !fc; i++)
		if (c->vpools.v[i].via == PF_ROUTE_PROXYPASS)
			fc = 1;
	d = pf_finding(c, "capacity-mismatch", fc ? PF_SEV_MEDIUM : PF_SEV_INFO,
	    at, NULL,
	    "Apache admits %lld concurrent requests (%s, %s MPM) but the "
	    "pools behind it run %lld PHP workers in all; the rest wait in "
	    "the listen queue until the proxy timeout (503/504)%s", admit,
	    capped ? pf_printf(c->run->arena, "max= of the workers x %lld "
	    "processes", m->procs) : "MaxRequestWorkers", m->name, sum, fc ?
	    "; every dynamic request goes to PHP here" : "");
	for (i = 0; (size_t)i < c->vpools.n; i++)
		if (c->vpools.v[i].pool != NULL &&
		    c->vpools.v[i].pool->max_children.set)
			pf_frel(c, d, c->vpools.v[i].pool->max_children.loc,
			    "pm.max_children of pool %s",
			    c->vpools.v[i].pool->name);
	pf_ffix(c, d, "size pm.max_children from the memory budget and the "
	    "request time (I/O-bound: target req/s x mean request time), or "
	    "limit Apache with <Proxy ... max=N> (N per Apache process: "
	    "processes x N at most 10 x pm.max_children)");
}

/*
 * Per-worker memory: the pool's measured private memory (worker_memory of
 * a site description) when declared, else memory_limit, the cautious
 * bound (reference/perf-baselines.md 10: RSS and memory_limit overstate
 * a real worker many times).  An estimate from memory_limit alone is a
 * plausible risk (low), a measured one an expected outage (medium).
 */
static void
memory(struct pf_rctx *c)
{
	struct pf_host *h = &c->m->host;
	long long budget, total = 0, steady = 0, most = 0;
	size_t i;
	int measured = 1;
	enum pf_severity sev;
	struct pf_diag *d;
	/* where: the host's memory line, else (--host auto, a probe of this
	 * machine: no line) the pm.max_children of the pool that may use
	 * the most (a finding without a place has nowhere to go in SARIF,
	 * Checkstyle or an editor) */
	struct pf_loc at = h->memory.loc;

	if (!h->memory.set || h->memory.v <= 0)
		return;
	budget = h->memory.v - (h->apache_memory.set ? h->apache_memory.v : 0);
	for (i = 0; i < c->m->pools.n; i++) {
		struct pf_pool *p = c->m->pools.v[i];
		const char *ml;
		long long b;

		if (!p->max_children.set || !pf_pool_relevant(c, p))
			continue;
		if (p->worker_memory.set && p->worker_memory.v > 0)
			b = p->worker_memory.v;
		else if (pf_desc_pool(c, p) != NULL &&
		    pf_desc_pool(c, p)->worker_memory.set &&
		    pf_desc_pool(c, p)->worker_memory.v > 0)
			b = pf_desc_pool(c, p)->worker_memory.v;
		else {
			ml = pf_php_get(c, p, "memory_limit", NULL);
			b = pf_ini_bytes(ml ? ml : "128M");
			measured = 0;
			if (b <= 0)
				continue;	/* -1: unlimited */
			/* a site's .user.ini may raise it for its scripts */
			if ((long long)pf_pmap_get(&c->ui_memory, p) > b)
				b = (long long)pf_pmap_get(&c->ui_memory, p);
		}
		total += p->max_children.v * b;
		if (h->memory.loc.file == 0 && p->max_children.v * b > most) {
			most = p->max_children.v * b;
			at = p->max_children.loc;
		}
		/* ondemand pools hold workers only while busy: counting all
		 * of them at once is a bet hosts make on purpose. */
		if (p->pm != PF_PM_ONDEMAND)
			steady += p->max_children.v * b;
	}
	/*
	 * Measured: more than the budget (memory, less what is reserved for
	 * Apache; compile's sizing fills it exactly, having kept room for
	 * Apache and the FPM masters).  memory_limit alone bounds a worker
	 * loosely (real workers rarely reach it), so only far over the
	 * budget (150 %) is worth a note.
	 */
	if (measured ? total <= budget : total * 2 <= budget * 3)
		return;
	sev = measured && steady > budget ? PF_SEV_MEDIUM : PF_SEV_LOW;
	d = pf_finding(c, "memory-overcommit", sev, at, NULL,
	    "the pools may use %lld MiB (pm.max_children x %s) on a host with "
	    "%lld MiB for PHP: at peak the kernel's OOM killer ends workers "
	    "or the database%s", total >> 20, measured ? "worker_memory" :
	    "memory_limit, the cautious bound", budget >> 20,
	    measured && sev == PF_SEV_LOW ? " (only if the ondemand pools "
	    "are all busy at once)" : "");
	for (i = 0; i < c->m->pools.n; i++)
		if (c->m->pools.v[i]->max_children.set)
			pf_frel(c, d, c->m->pools.v[i]->max_children.loc,
			    "pm.max_children of pool %s",
			    c->m->pools.v[i]->name);
	pf_ffix(c, d, "max_children = (memory - master - Apache) / "
	    "per-worker memory, summed over all pools; measure private "
	    "memory (smaps_rollup) rather than trusting memory_limit");
}

/*
 * The worker a vhost's PHP requests use: mod_proxy matches worker names
 * against the whole URL, so ProxyPass and ProxyPassMatch lines with
 * key=value parameters (timeout=2, a $1 in the URL) define the worker.
 */
static const struct pf_worker *
vp_worker(struct pf_rctx *c, const struct pf_vpool *vp)
{
	struct pf_backend b = vp->backend;

	if ((b.path == NULL || b.path[0] == '\0') && vp->path != NULL)
		b.path = vp->path;
	return pf_link_worker_idx(c->lx, &b, vp->v != NULL ? vp->v->node :
	    NULL);
}

static struct pf_pool *
worker_pool(struct pf_rctx *c, const struct pf_worker *w, struct pf_arena *a)
{
	struct pf_backend b;

	/* The parsed backend is only looked up: a is scratch (a worker
	 * per vhost on big trees). */
	if (pf_backend_parse(a, w->socket != NULL ?
	    pf_printf(a, "unix:%s|%s", w->socket, w->name) :
	    w->name, &b) < 0)
		return NULL;
	return pf_link_backend_idx(c->lx, &b, w->server);
}

/* A worker with connection reuse on (enablereuse=on, disablereuse=off). */
static int
reuses(const struct pf_worker *w)
{
	return w != NULL && ((w->enablereuse.set && w->enablereuse.v == 1) ||
	    (w->disablereuse.set && w->disablereuse.v == 0));
}

/* The first route of pool p: its worker, whether its routes use
 * several workers, and the workers they use (worker -> 1, made when
 * they are mixed); looked up once per pool: a pool shared by 10,000
 * vhosts' reuse workers was searched once per worker, 10,000 x 10,000
 * lookups (15 s). */
struct pw {
	const struct pf_worker *first;
	int	 mixed;
	struct pf_pmap used;
};

static void
reuse_judge(struct pf_rctx *c, const struct mpm *m, const struct pf_worker *w,
    struct pf_pool *p, const struct pw *x)
{
	long long max, need;
	struct pf_diag *d;
	int others;

	max = w->max.set ? w->max.v : m->tpc;
	/* perf-baselines 8: ServerLimit x max when ServerLimit is set
	 * (graceful restarts run old and new processes side by side), else
	 * the processes MaxRequestWorkers needs. */
	need = max * (c->m->apache->server_limit.set && m->limit > m->procs ?
	    m->limit : m->procs);
	/* No route reaches the pool (pool-unused): no request goes through
	 * its worker, and mod_proxy opens a backend connection only for a
	 * request it serves (a leftover <Proxy "unix:...|fcgi://php-fpm">
	 * beside a handler for another pool). */
	if (pf_vpool_first(c, p) == NULL)
		return;
	/* A worker none of the pool's routes goes through holds no
	 * connection (a <Proxy> for the URL of a balancer's member, which
	 * is a worker of its own). */
	if (x->first != w && (!x->mixed || pf_pmap_get(&x->used, w) == 0))
		return;
	others = x->mixed || x->first != w;
	if (p->max_children.v >= need && !others)
		return;
	d = pf_finding(c, "reuse-pool-starvation", p->max_children.v < max ?
	    PF_SEV_HIGH : PF_SEV_MEDIUM, w->loc, p->name,
	    "enablereuse keeps up to %lld connections per Apache process "
	    "(%lld processes at most: %lld) to pool %s, which has "
	    "pm.max_children = %lld; FPM serves one connection per "
	    "worker, so pinned idle connections starve %s",
	    max, need / (max > 0 ? max : 1), need, p->name,
	    p->max_children.v,
	    others ? "the other routes to this pool" :
	    "new requests (the site stalls)");
	pf_frel(c, d, p->max_children.loc, "pm.max_children");
	pf_ffix(c, d, "pm.max_children >= ServerLimit x max plus every "
	    "other consumer; set max= and ttl= on the worker, and "
	    "never share a reuse pool");
}

/*
 * Each worker with connection reuse, against each pool it reaches: the
 * pool its own URL names (a <Proxy "unix:...|fcgi://x">, a TCP host and
 * port), and the pools of the routes that go through it: a worker named
 * without a socket (<Proxy "fcgi://localhost/" enablereuse=on max=10>, a
 * common recipe) is the one mod_proxy uses for a handler
 * "proxy:unix:/run/php/x.sock|fcgi://localhost/", whose socket it takes
 * from the handler (mod_proxy's uds_path note).
 */
static void
reuse(struct pf_rctx *c, const struct mpm *m)
{
	struct pf_apache *ap = c->m->apache;
	PF_VEC(struct pw) pws = { 0 };
	struct pf_pmap seen = { 0 };	/* pool -> index in pws + 1 */
	/* the pools judged per worker: worker -> 1 + index of its last
	 * pair, chained to its earlier ones */
	struct pair {
		const struct pf_pool *p;
		size_t	 prev;
	};
	PF_VEC(struct pair) pairs = { 0 };
	struct pf_pmap judged = { 0 };
	struct pf_arena *ta = pf_arena_new();
	size_t i, n = ap->workers.n + c->vpools.n;

	for (i = 0; i < n; i++) {
		const struct pf_worker *w;
		const struct pf_vpool *vp;
		struct pf_pool *p;
		size_t k;

		if (i < ap->workers.n) {
			w = ap->workers.v[i];
			if (!reuses(w))
				continue;
			p = worker_pool(c, w, ta);
			pf_arena_reset(ta);
		} else {
			vp = &c->vpools.v[i - ap->workers.n];
			p = vp->pool;
			if (p == NULL || !reuses(w = vp_worker(c, vp)))
				continue;
		}
		if (p == NULL || !p->max_children.set)
			continue;
		{
			size_t head = pf_pmap_get(&judged, w), j;
			struct pair np = { p, head };

			for (j = head; j != 0 && pairs.v[j - 1].p != p;
			    j = pairs.v[j - 1].prev)
				;
			if (j != 0)
				continue;
			PF_PUSH(c->run->arena, pairs, np);
			pf_pmap_put(c->run->arena, &judged, w, pairs.n);
		}
		if ((k = pf_pmap_get(&seen, p)) == 0) {
			struct pw x;
			const struct pf_vpool *v0 = pf_vpool_first(c, p);

			memset(&x, 0, sizeof(x));
			for (vp = v0; vp != NULL; vp = pf_vpool_next(c, vp)) {
				const struct pf_worker *vw = vp_worker(c, vp);

				if (vp == v0)
					x.first = vw;
				else if (vw != x.first && !x.mixed) {
					/* the workers before this one were
					 * all the first */
					x.mixed = 1;
					if (x.first != NULL)
						pf_pmap_put(c->run->arena,
						    &x.used, x.first, 1);
				}
				if (x.mixed && vw != NULL)
					pf_pmap_put(c->run->arena, &x.used,
					    vw, 1);
			}
			PF_PUSH(c->run->arena, pws, x);
			k = pws.n;
			pf_pmap_put(c->run->arena, &seen, p, k);
		}
		reuse_judge(c, m, w, p, &pws.v[k - 1]);
	}
	pf_arena_free(ta);
}

/*
 * The limits systemd gives php-fpm after the deployed drop-ins
 * (the *.conf files of /etc/systemd/system/php*-fpm.service.d, which
 * compile writes):
 * the last LimitNOFILE= / LimitNPROC= / TasksMax= wins.  Returns 1 and
 * the value (soft limit; "infinity" = -1) when one is set.
 */
static int
systemd_limit_of(struct pf_rctx *c, const char *ver, const char *key,
    long long *val, struct pf_loc *loc)
{
	const char *pats[3] = {
		"/etc/systemd/system/php*-fpm.service.d/*.conf",
		"/etc/systemd/system/php-fpm.service.d/*.conf", NULL };
	size_t kl = strlen(key);
	int found = 0, k;

	/* one service's drop-ins (php8.1-fpm), when its version is known */
	if (ver != NULL && *ver != '\0')
		pats[0] = pf_printf(c->run->arena,
		    "/etc/systemd/system/php%s-fpm.service.d/*.conf", ver);
	for (k = 0; pats[k] != NULL; k++) {
		glob_t g;
		size_t i;

		if (glob(pf_host_path(c->run, pats[k]), 0, NULL, &g) != 0)
			continue;
		for (i = 0; i < g.gl_pathc; i++) {
			const char *path = g.gl_pathv[i];
			char *data;
			size_t len;
			uint32_t f, ln = 0;
			const char *p, *e;

			if (c->run->root != NULL)
				path += strlen(c->run->root);
			if ((f = pf_source_find(c->run, path)) == 0) {
				if (pf_read_file(c->run, path, &data, &len) != 0)
					continue;
				f = pf_source_add(c->run, path, data, len,
				    PF_SRC_OTHER, PF_NOLOC);
			}
			for (p = pf_source_get(c->run, f)->data; *p != '\0';
			    p = *e ? e + 1 : e) {
				e = p + strcspn(p, "\n");
				ln++;
				while (*p == ' ' || *p == '\t')
					p++;
				if (strncmp(p, key, kl) != 0 || p[kl] != '=')
					continue;
				p += kl + 1;
				*val = strncmp(p, "infinity", 8) == 0 ? -1 :
				    atoll(p);
				*loc = pf_loc_make(f, ln, 1, (uint32_t)kl);
				found = 1;
			}
		}
		globfree(&g);
	}
	return found;
}

/* The php-fpm services (pools of one PHP version: php8.1-fpm and
 * php8.2-fpm are two masters) and the workers each can fork. */
struct service {
	const char	*v;		/* "8.2", or "" when unknown */
	long long	 n;
};

static size_t
services(struct pf_rctx *c, struct service *svc, size_t max)
{
	size_t i, k, ns = 0;

	for (i = 0; i < c->m->pools.n; i++) {
		const struct pf_pool *p = c->m->pools.v[i];
		const char *v = p->php_version.s, *f = p->file, *e;
		char buf[16];

		if (!p->max_children.set)
			continue;
		/* Debian's layout names the service: /etc/php/8.1/fpm/... */
		if (v == NULL && f != NULL && (f = strstr(f, "/php/")) != NULL &&
		    (e = strstr(f + 5, "/fpm/")) != NULL &&
		    (size_t)(e - f - 5) < sizeof(buf)) {
			memcpy(buf, f + 5, (size_t)(e - f - 5));
			buf[e - f - 5] = '\0';
			v = pf_strdup(c->run->arena, buf);
		}
		if (v == NULL)
			v = "";
		for (k = 0; k < ns && strcmp(svc[k].v, v) != 0; k++)
			;
		if (k == ns) {
			if (ns == max)
				k = 0;	/* that many versions: lump them */
			else {
				svc[ns].v = v;
				svc[ns++].n = 0;
			}
		}
		svc[k].n += p->max_children.v;
	}
	return ns;
}

static int
systemd_limit(struct pf_rctx *c, const char *key, long long *val,
    struct pf_loc *loc)
{
	return systemd_limit_of(c, NULL, key, val, loc);
}

#define NR_OPEN_DEFAULT	1048576	/* fs/file.c sysctl_nr_open */

static void
limits(struct pf_rctx *c)
{
	struct pf_host *h = &c->m->host;
	struct pf_fpm_conf *f = c->m->fpm;
	long long lim = -1, need = 12;
	struct pf_loc at = PF_NOLOC;
	size_t i;
	int cwo = 0;
	struct pf_diag *d;

	long long sd;
	struct pf_loc sdloc;

	if (f != NULL && f->global.rlimit_files.set) {
		lim = f->global.rlimit_files.v;
		at = f->global.rlimit_files.loc;
	} else if (systemd_limit(c, "LimitNOFILE", &sd, &sdloc)) {
		lim = sd;
		at = sdloc;
	} else if (h->nofile.set) {
		lim = h->nofile.v;
		at = h->nofile.loc;
	}
	for (i = 0; i < c->m->pools.n; i++) {
		struct pf_pool *p = c->m->pools.v[i];

		need += 1;		/* the listening socket */
		if (!p->max_children.set)
			continue;
		if (p->catch_workers_output.set && p->catch_workers_output.v) {
			need += 2 * p->max_children.v;
			cwo = 1;
		}
	}
	/* The master's setrlimit(RLIMIT_NOFILE, rlimit_files) fails with
	 * EPERM above fs.nr_open, root or not, and fpm_unix_init_main()
	 * gives up: "FPM initialization failed", exit 78.  php-fpm -t
	 * does not set it and says the file is fine (verified with
	 * php-fpm8.2, rlimit_files = 2000000, nr_open 1048576;
	 * tests/rules/rlimit_oracle.sh). */
	if (f != NULL && f->global.rlimit_files.set) {
		long long nr = h->nr_open.set ? h->nr_open.v : NR_OPEN_DEFAULT;

		if (f->global.rlimit_files.v > nr) {
			d = pf_finding(c, "ulimit-nofile", h->nr_open.set ?
			    PF_SEV_HIGH : PF_SEV_MEDIUM,
			    f->global.rlimit_files.loc, NULL, "rlimit_files = "
			    "%lld is above %s fs.nr_open (%lld): the FPM "
			    "master's setrlimit() fails and php-fpm exits at "
			    "start ('FPM initialization failed'), though "
			    "php-fpm -t accepts the file%s",
			    f->global.rlimit_files.v, h->nr_open.set ?
			    "the host's" : "the kernel's default", nr,
			    h->nr_open.set ? "" : " (unless sysctl fs.nr_open "
			    "was raised on that host: --host auto reads it)");
			pf_ffix(c, d, "lower rlimit_files to at most %lld, or "
			    "raise fs.nr_open (sysctl) first", nr);
		}
	}
	if (lim > 0 && need > lim) {
		d = pf_finding(c, "ulimit-nofile", PF_SEV_MEDIUM, at.file ? at :
		    c->m->pools.v[0]->loc, NULL, "the FPM master needs about "
		    "%lld file descriptors (%s listeners and logs) but "
		    "RLIMIT_NOFILE is %lld: it fails with 'Too many open files' "
		    "when the pools grow", need, cwo ? "two pipes per child "
		    "with catch_workers_output, plus" : "", lim);
		pf_ffix(c, d, "raise rlimit_files in [global] (and LimitNOFILE= "
		    "in the service) to at least %lld", need * 2);
	}
	{
		/* Each PHP version is its own service (php8.1-fpm,
		 * php8.2-fpm): its master forks its own pools' workers under
		 * its own limits (its drop-in, else the host's). */
		struct service svc[16];
		size_t ns = services(c, svc, 16), k;

		for (k = 0; k < ns; k++) {
			long long np = -1, tm = -1;
			struct pf_loc nloc = PF_NOLOC, tloc = PF_NOLOC;

			if (h->nproc.set) {
				np = h->nproc.v;
				nloc = h->nproc.loc;
			}
			if (systemd_limit_of(c, svc[k].v, "LimitNPROC", &sd,
			    &sdloc)) {
				np = sd;
				nloc = sdloc;
			}
			if (systemd_limit_of(c, svc[k].v, "TasksMax", &tm,
			    &tloc) && tm > 0 && (np <= 0 || tm < np)) {
				np = tm;
				nloc = tloc;
			}
			if (np <= 0 || svc[k].n + 1 <= np)
				continue;
			d = pf_finding(c, "ulimit-nproc", PF_SEV_MEDIUM, nloc,
			    NULL, "the pools fork up to %lld workers but "
			    "RLIMIT_NPROC/TasksMax is %lld: a non-root master "
			    "fails with 'fork() failed: Resource temporarily "
			    "unavailable'", svc[k].n + 1, np);
			pf_ffix(c, d, "raise LimitNPROC/TasksMax or lower "
			    "pm.max_children");
		}
	}
	for (i = 0; i < c->m->pools.n; i++) {
		struct pf_pool *p = c->m->pools.v[i];

		if (h->somaxconn.set && p->listen_backlog.set &&
		    p->listen_backlog.v > h->somaxconn.v) {
			d = pf_finding(c, "listen-backlog-cap", PF_SEV_INFO,
			    p->listen_backlog.loc, p->name, "listen.backlog = "
			    "%lld is capped by the kernel at net.core.somaxconn "
			    "= %lld", p->listen_backlog.v, h->somaxconn.v);
			pf_frel(c, d, h->somaxconn.loc, "somaxconn");
		}
	}
}

static void
tcp_ports(struct pf_rctx *c, const struct mpm *m)
{
	size_t i;

	for (i = 0; i < c->vpools.n; i++) {
		const struct pf_vpool *vp = &c->vpools.v[i];
		const struct pf_worker *w;
		long long rps;
		struct pf_diag *d;

		if (vp->backend.socket != NULL || vp->backend.host == NULL ||
		    vp->pool == NULL)
			continue;
		w = vp_worker(c, vp);
		if (w != NULL && w->socket != NULL)
			continue;
		if (w != NULL && w->enablereuse.set && w->enablereuse.v == 1)
			continue;
		rps = vp->pool->expected_rps.set ? vp->pool->expected_rps.v : 0;
		if (m->mrw < 1000 && rps < 400)
			continue;
		d = pf_finding(c, "tcp-no-reuse-port-exhaustion", rps > 470 ?
		    PF_SEV_MEDIUM : PF_SEV_LOW, vp->route ? vp->route->loc :
		    PF_NOLOC, vp->label, "PHP goes to %s:%d over TCP without "
		    "connection reuse: each request leaves a TIME_WAIT socket "
		    "for 60 s, about 470 req/s exhaust the ephemeral ports "
		    "(AH00957 (99) Cannot assign requested address)",
		    vp->backend.host, vp->backend.port);
		pf_ffix(c, d, "use a unix socket, or enablereuse=on with max= "
		    "sized to pm.max_children");
	}
}

/*
 * The proxy timeout a request served by v through worker w waits for
 * FPM: the worker's timeout=, else the vhost's ProxyTimeout, the main
 * server's, the vhost's Timeout, the main server's (60 s by default).
 * *explicit: a timeout= or a ProxyTimeout set it; *src says which.
 */
static long long
proxy_timeout(struct pf_rctx *c, const struct pf_vhost *v,
    const struct pf_worker *w, struct pf_loc *tloc, int *explicit,
    const char **src)
{
	struct pf_apache *ap = c->m->apache;
	int own = v != NULL && v->node != NULL;

	*explicit = 1;
	if (w != NULL && w->timeout.set) {
		*tloc = w->timeout.loc;
		*src = "the worker's timeout=";
		return w->timeout.v;
	}
	if (own && v->proxy_timeout.set) {
		*tloc = v->proxy_timeout.loc;
		*src = "the vhost's ProxyTimeout";
		return v->proxy_timeout.v;
	}
	if (ap->proxy_timeout.set) {
		*tloc = ap->proxy_timeout.loc;
		*src = "the main server's ProxyTimeout";
		return ap->proxy_timeout.v;
	}
	*explicit = 0;
	if (own && v->timeout.set) {
		*tloc = v->timeout.loc;
		*src = "the vhost's Timeout";
		return v->timeout.v;
	}
	*tloc = ap->timeout.loc;
	*src = ap->timeout.set ? "the main server's Timeout" :
	    "the default Timeout";
	return ap->timeout.set ? ap->timeout.v : 60;
}

/*
 * The requests of one pool that wait one proxy timeout (its value, and
 * whether it is set explicitly): every (vhost, route) that reaches the
 * pool with it.  Grouped so that 10,000 vhosts alike make one finding;
 * the first combination stands for the group.
 */
struct tgroup {
	long long	 t;
	int		 explicit;
	int		 by_worker;	/* the worker's timeout= */
	struct pf_loc	 tloc;		/* where the first's timeout is set */
	const char	*src;		/* ... and what sets it */
	const struct pf_node *route;	/* the first's route */
	const struct pf_vhost *v;	/* the first's vhost */
	size_t		 nv;		/* vhosts in the group */
};

/* The groups of the pool being judged, in a scratch arena emptied after
 * each pool: memory does not grow with the number of pools. */
struct tctx {
	struct pf_rctx	*c;
	struct pf_arena	*a;
	PF_VEC(struct tgroup) g;
	struct pf_pmap	 seen;		/* vhost -> its last group + 1 */
};

static void
tg_add(struct tctx *x, const struct pf_vhost *v, const struct pf_node *route,
    const struct pf_worker *w)
{
	struct tgroup ng;
	size_t k;

	memset(&ng, 0, sizeof(ng));
	ng.t = proxy_timeout(x->c, v, w, &ng.tloc, &ng.explicit, &ng.src);
	for (k = 0; k < x->g.n; k++)
		if (x->g.v[k].t == ng.t && x->g.v[k].explicit == ng.explicit)
			break;
	if (k == x->g.n) {
		ng.by_worker = w != NULL && w->timeout.set;
		ng.route = route;
		ng.v = v;
		PF_PUSH(x->a, x->g, ng);
	}
	if (pf_pmap_get(&x->seen, v) != k + 1) {
		x->g.v[k].nv++;
		pf_pmap_put(x->a, &x->seen, v, k + 1);
	}
}

/* "b.test" or "b.test and 3 other vhosts" */
static const char *
tg_who(struct pf_rctx *c, const struct tgroup *g)
{
	const char *l = pf_vhost_label(c, g->v);

	return g->nv < 2 ? l : pf_printf(c->run->arena, "%s and %zu other "
	    "vhost%s", l, g->nv - 1, g->nv > 2 ? "s" : "");
}

/*
 * request_terminate_timeout of pool p against the proxy timeouts its
 * requests wait (x->g).
 */
static void
tg_judge(struct pf_rctx *c, struct tctx *x, struct pf_pool *p)
{
	struct tgroup *g, *gmin = NULL, *gmax = NULL;
	long long rtt, mx;
	size_t k, ng = x->g.n, nshort = 0;
	const char *met;
	struct pf_diag *d;
	struct pf_loc mloc;
	const struct pf_ui_limit *ul = (const struct pf_ui_limit *)(uintptr_t)
	    pf_pmap_get(&c->ui_exec, p);
	int medium = 0, by_ui = 0;

	rtt = p->request_terminate_timeout.set ?
	    p->request_terminate_timeout.v : 0;
	/* The longest a script of the pool may run: the pool's
	 * max_execution_time (0: no limit), or a site's .user.ini's. */
	met = pf_php_get(c, p, "max_execution_time", &mloc);
	mx = pf_ini_secs(met != NULL ? met : "30");
	if (ul != NULL && ul->v > mx) {
		mx = ul->v;
		mloc = ul->loc;
		by_ui = 1;
	}
	for (k = 0; k < ng; k++) {
		g = &x->g.v[k];
		if (rtt > g->t)
			nshort++;
		if (gmin == NULL || g->t < gmin->t)
			gmin = g;
		if (gmax == NULL || g->t > gmax->t)
			gmax = g;
	}
	if (rtt > 0 && nshort == 0)
		return;
	if (rtt > 0 && nshort == ng) {
		/* Every route to the pool gives up first: the pool's
		 * request_terminate_timeout is the one to lower. */
		d = pf_finding(c, "timeout-mismatch", PF_SEV_MEDIUM,
		    p->request_terminate_timeout.loc, p->name,
		    "request_terminate_timeout = %lld s is longer than "
		    "Apache's proxy timeout of %lld s: Apache answers "
		    "504 while the worker keeps running", rtt, gmin->t);
		pf_frel(c, d, gmin->tloc, "the proxy timeout");
		for (k = 0; k < ng && d != NULL; k++) {
			g = &x->g.v[k];
			if (g != gmin)
				pf_frel(c, d, g->tloc, "a proxy timeout of "
				    "%lld s (%s) for the requests of %s", g->t,
				    g->src, tg_who(c, g));
		}
		pf_ffix(c, d, "request_terminate_timeout slightly below "
		    "the proxy timeout");
		return;
	}
	if (rtt > 0) {
		/* Other routes to the pool wait longer than its
		 * request_terminate_timeout: the routes that give up first
		 * are the mismatch, each where its timeout comes from (its
		 * worker's timeout=) or at its route. */
		for (k = 0; k < ng; k++) {
			g = &x->g.v[k];
			if (rtt <= g->t)
				continue;
			d = pf_finding(c, "timeout-mismatch", PF_SEV_MEDIUM,
			    g->by_worker || g->route == NULL ? g->tloc :
			    g->route->loc, pf_printf(c->run->arena, "%s:%lld",
			    p->name, g->t), "the PHP requests of %s wait %lld s "
			    "for pool %s (%s), but the pool lets a script run "
			    "%lld s (request_terminate_timeout, kept for routes "
			    "that wait up to %lld s): Apache answers these 504 "
			    "while the worker keeps running", tg_who(c, g), g->t,
			    p->name, g->src, rtt, gmax->t);
			pf_frel(c, d, g->tloc, "the proxy timeout of these "
			    "requests");
			pf_frel(c, d, p->request_terminate_timeout.loc,
			    "request_terminate_timeout of pool %s", p->name);
			pf_frel(c, d, gmax->by_worker || gmax->route == NULL ?
			    gmax->tloc : gmax->route->loc, "the requests of %s "
			    "wait %lld s (%s)", tg_who(c, gmax), gmax->t,
			    gmax->src);
			pf_ffix(c, d, "a proxy timeout of at least %lld s for "
			    "these requests (ProxyTimeout in the vhost, or "
			    "timeout= on their worker), or a pool of their own "
			    "with request_terminate_timeout below %lld s", rtt,
			    g->t);
		}
		return;
	}
	for (k = 0; k < ng; k++) {
		g = &x->g.v[k];
		if (!g->explicit || (g->t >= 120 && g->t >= mx))
			continue;
		medium = 1;
		d = pf_finding(c, "timeout-mismatch", PF_SEV_MEDIUM,
		    g->tloc, p->name, "Apache stops waiting for pool %s "
		    "after %lld s but the pool has no "
		    "request_terminate_timeout%s: slow requests pin workers "
		    "after the client got a 504", p->name, g->t, g->t < 120 ?
		    " (max_execution_time counts CPU time only)" :
		    pf_printf(c->run->arena, ", and max_execution_time lets "
		    "its scripts run %s%s", mx == LLONG_MAX ? "without a "
		    "limit" : pf_printf(c->run->arena, "%lld s", mx), by_ui ?
		    " (a site's .user.ini)" : ""));
		pf_frel(c, d, p->loc, "pool %s", p->name);
		if (g->t >= 120)
			pf_frel(c, d, mloc, "max_execution_time");
		pf_ffix(c, d, "request_terminate_timeout = %llds in "
		    "the pool", g->t > 5 ? g->t - 5 : g->t);
	}
	if (medium)
		return;
	d = pf_finding(c, "timeout-mismatch", PF_SEV_INFO, p->loc, p->name,
	    "pool %s has no request_terminate_timeout: a stuck script holds "
	    "its worker until Apache's %lld s timeout and beyond", p->name,
	    gmax->t);
	pf_ffix(c, d, "request_terminate_timeout = %llds",
	    gmin->t > 5 ? gmin->t - 5 : gmin->t);
}

/*
 * timeout-mismatch over every combination of a vhost that serves
 * requests, a route of it and the pool the route reaches: the route its
 * scripts take (the simulator's /index.php, a main-server route it
 * inherits included) and each of its own routes; each with the proxy
 * timeout of that vhost and of the route's worker.  Two vhosts to one
 * pool may wait differently (ProxyTimeout 600 in one, the default 60 s
 * in the other).
 */
static void
timeouts(struct pf_rctx *c)
{
	/* Own routes besides the one the vhost's scripts take (few: most
	 * vhosts have one route), chained per pool. */
	struct extra {
		const struct pf_vhost *v;
		const struct pf_route *r;
		size_t	 prev;		/* the pool's previous one + 1 */
	};
	PF_VEC(struct extra) ex = { 0 };
	struct pf_pmap exm = { 0 };	/* pool -> its last extra + 1 */
	struct pf_arena *ea = pf_arena_new();
	struct tctx x;
	const struct pf_vhost **vs;
	size_t nv, i, j, k, n;

	nv = pf_sim_vhosts(c->sim, &vs);
	for (i = 0; i < nv; i++) {
		const struct pf_vhost *v = vs[i];
		const struct pf_vpool *vp = pf_vpool_of(c, v);

		if (vp != NULL && vp->v != v)
			vp = NULL;
		for (j = 0; j < v->routes.n; j++) {
			const struct pf_route *r = &v->routes.v[j];
			struct extra e;

			if (r->inactive || r->pool == NULL || r->node == NULL ||
			    (vp != NULL && vp->route == r->node &&
			    vp->pool == r->pool))
				continue;
			e.v = v;
			e.r = r;
			e.prev = pf_pmap_get(&exm, r->pool);
			PF_PUSH(ea, ex, e);
			pf_pmap_put(ea, &exm, r->pool, ex.n);
		}
	}
	memset(&x, 0, sizeof(x));
	x.c = c;
	x.a = pf_arena_new();
	for (i = 0; i < c->m->pools.n; i++) {
		struct pf_pool *p = c->m->pools.v[i];
		const struct pf_vpool *vp;
		size_t *order;

		for (vp = pf_vpool_first(c, p); vp != NULL;
		    vp = pf_vpool_next(c, vp))
			tg_add(&x, vp->v, vp->route, vp_worker(c, vp));
		/* the extras in the order of their vhosts */
		for (n = 0, k = pf_pmap_get(&exm, p); k != 0;
		    k = ex.v[k - 1].prev)
			n++;
		order = n > 0 ? pf_alloc(x.a, n * sizeof(*order)) : NULL;
		for (j = n, k = pf_pmap_get(&exm, p); k != 0;
		    k = ex.v[k - 1].prev)
			order[--j] = k - 1;
		for (j = 0; j < n; j++)
			tg_add(&x, ex.v[order[j]].v, ex.v[order[j]].r->node,
			    pf_link_route_worker(c->lx, ex.v[order[j]].r,
			    ex.v[order[j]].v));
		if (x.g.n > 0)
			tg_judge(c, &x, p);
		memset(&x.g, 0, sizeof(x.g));
		memset(&x.seen, 0, sizeof(x.seen));
		pf_arena_reset(x.a);
	}
	pf_arena_free(x.a);
	pf_arena_free(ea);
}

static int
cmp_cstr(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void
collect_logs(struct pf_rctx *c, const struct pf_node *n, void *vec,
    const struct pf_node **first)
{
	PF_VEC(const char *) *v = vec;

	for (; n != NULL; n = n->next) {
		int c0;

		if (n->flags & (PF_NODE_INACTIVE | PF_NODE_READ))
			continue;
		c0 = n->name != NULL ? n->name[0] | 0x20 : 0;
		if ((c0 == 'e' || c0 == 'c' || c0 == 't') && n->argc > 0 &&
		    (strcasecmp(n->name, "ErrorLog") == 0 ||
		    strcasecmp(n->name, "CustomLog") == 0 ||
		    strcasecmp(n->name, "TransferLog") == 0) &&
		    n->argv[0][0] != '|' && strncmp(n->argv[0], "syslog", 6)) {
			PF_PUSH(c->run->arena, *v, n->argv[0]);
			if (*first == NULL)
				*first = n;
		}
		if (n->child != NULL)
			collect_logs(c, n->child, vec, first);
	}
}

/*
 * Apache's descriptors: every distinct log file is open in every child,
 * plus the listeners and a client and a backend socket per thread.
 * Debian's apache2ctl starts it with 'ulimit -n 8192' unless envvars sets
 * APACHE_ULIMIT_MAX_FILES; other layouts are not judged (no known limit).
 */
static void
apache_nofile(struct pf_rctx *c, const struct mpm *m)
{
	struct pf_apache *ap = c->m->apache;
	PF_VEC(const char *) logs = { 0 };
	const struct pf_node *first = NULL;
	long long lim = 8192, need, files = 0;
	struct pf_loc lloc = PF_NOLOC;
	char *data;
	size_t len, i;
	uint32_t f;

	if (ap->config == NULL || strstr(ap->config, "/apache2/") == NULL ||
	    ap->root == NULL)
		return;
	if (pf_read_file(c->run, "/etc/apache2/envvars", &data, &len) == 0) {
		const char *p = strstr(data, "\nAPACHE_ULIMIT_MAX_FILES=");

		if (p != NULL) {
			const char *q = strstr(p, "-n");

			if (q != NULL && (lim = atoll(q + 2)) > 0) {
				f = pf_source_add(c->run, "/etc/apache2/envvars",
				    data, len, PF_SRC_OTHER, PF_NOLOC);
				lloc = pf_loc_make(f, 1, 1, 0);
			} else
				lim = -1;	/* unlimited or computed */
		}
	}
	if (lim <= 0)
		return;
	collect_logs(c, ap->root->child, &logs, &first);
	if (logs.n > 1)
		qsort(logs.v, logs.n, sizeof(*logs.v), cmp_cstr);
	for (i = 0; i < logs.n; i++)
		if (i == 0 || strcmp(logs.v[i], logs.v[i - 1]) != 0)
			files++;
	need = files + 2 * m->tpc + 16;
	if (need <= lim || first == NULL)
		return;
	{
		struct pf_diag *d = pf_finding(c, "ulimit-nofile", PF_SEV_MEDIUM,
		    first->loc, NULL, "every Apache child holds %lld log files "
		    "(ErrorLog/CustomLog of every vhost) plus 2 x %lld sockets "
		    "per thread, over the %lld descriptors apache2ctl allows: "
		    "Apache fails to start or to accept ('Too many open "
		    "files')", files, m->tpc, lim);

		pf_frel(c, d, lloc, "APACHE_ULIMIT_MAX_FILES");
		pf_ffix(c, d, "APACHE_ULIMIT_MAX_FILES='ulimit -n %lld' in "
		    "/etc/apache2/envvars, or fewer log files (one shared "
		    "log with %%v in the LogFormat)", need * 2);
	}
}

void
pf_pass_sizing(struct pf_rctx *c)
{
	struct mpm m;

	limits(c);
	memory(c);
	if (c->m->apache == NULL)
		return;
	apache_mpm(c, &m);
	apache_nofile(c, &m);
	capacity(c, &m);
	reuse(c, &m);
	tcp_ports(c, &m);
	timeouts(c);
}
