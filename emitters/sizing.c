/*
 * sizing.c - the arithmetic of compile (docs/sizing.md): pm and pm.* from
 * the memory budget and per-worker memory, the event MPM from the cores
 * and the sum over every pool of the run, the mod_proxy worker (timeout,
 * enablereuse, max) of each site, listen.backlog within somaxconn, and
 * the file and process limits of every php-fpm service.
 *
 * Every number keeps the text that explains it (inputs and formula); the
 * emitters put it in a comment above the number and --explain-sizing
 * prints all of it.  The rules behind the formulas are measured in
 * reference/perf-baselines.md (sections 5, 8 and 10).
 */
#include <ctype.h>
#include <stdarg.h>
#include <string.h>
#include <strings.h>

#include "emitters/emit_int.h"

static const char *
sz(struct cc *cc, long long b)
{
	if (b > 0 && b % (1LL << 30) == 0)
		return pf_printf(cc->run->arena, "%lldG", b >> 30);
	if (b >= (1LL << 20))
		return pf_printf(cc->run->arena, "%lldM", b >> 20);
	if (b >= (1LL << 10))
		return pf_printf(cc->run->arena, "%lldK", b >> 10);
	return pf_printf(cc->run->arena, "%lld", b);
}

static void
why(struct pf_buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	pf_buf_vprintf(b, fmt, ap);
	va_end(ap);
	pf_buf_putc(b, '\n');
}

static const char *
why_done(struct cc *cc, struct pf_buf *b)
{
	const char *r;

	while (b->len > 0 && b->p[b->len - 1] == '\n')
		b->len--;
	r = pf_strndup(cc->run->arena, pf_buf_str(b), b->len);
	pf_buf_free(b);
	return r;
}

/* PHP's memory_limit ("128M", "1G", "-1"); -1 if unlimited or unknown. */
static long long
php_quantity(const char *v)
{
	long long n = 0;
	const char *p = v;

	if (!isdigit((unsigned char)*p))
		return -1;
	for (; isdigit((unsigned char)*p); p++) {
		if (n > (1LL << 50))
			return -1;
		n = n * 10 + (*p - '0');
	}
	switch (toupper((unsigned char)*p)) {
	case 'K':
		n <<= 10;
		p++;
		break;
	case 'M':
		n <<= 20;
		p++;
		break;
	case 'G':
		n <<= 30;
		p++;
		break;
	default:
		break;
	}
	return *p == '\0' && n > 0 ? n : -1;
}

static const struct pf_php_setting *
php_get(const struct pf_pool *p, const char *key)
{
	size_t i;

	for (i = p->php.n; i-- > 0;)
		if (strcmp(p->php.v[i].key, key) == 0)
			return &p->php.v[i];
	return NULL;
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
	default:
		return "auto";
	}
}

static int
same_loc(struct pf_loc a, struct pf_loc b)
{
	return a.file == b.file && a.line == b.line && a.col == b.col;
}

/*
 * Set in the description, not a default or a number compile filled in:
 * those carry the location of the [pool NAME] header.  compile may run
 * twice on one model (--remap-root: once as for the target for the
 * rules, once for writing); the second run must size from the
 * description again, not take the first run's numbers as given.
 */
static int
given(const struct pf_ival *v, const struct pf_pool *p)
{
	return v->set && !same_loc(v->loc, p->loc);
}

/* Per pool inputs that do not depend on the MPM. */
struct pool_in {
	long long	 W, D;		/* worker memory, demand */
	const char	*why_W, *why_D;
	int		 explicit_mc;
	enum pf_pm	 asked;
};

static void
pool_inputs(struct cc *cc, struct pool_plan *pp, struct pool_in *in)
{
	struct pf_pool *p = pp->p;
	struct pf_host *h = &cc->m->host;
	const struct pf_php_setting *ml = php_get(p, "memory_limit");
	long long lim = ml != NULL ? php_quantity(ml->value) : -1;
	long long per_core = h->workers_per_core.set ?
	    h->workers_per_core.v : SZ_WORKERS_PER_CORE;

	in->asked = p->pm == PF_PM_UNSET || p->pm_loc.file == 0 ||
	    same_loc(p->pm_loc, p->loc) ? PF_PM_AUTO : p->pm;
	if (p->worker_memory.set) {
		in->W = p->worker_memory.v;
		in->why_W = pf_printf(cc->run->arena, "%s (worker_memory)",
		    sz(cc, in->W));
		if (lim > 0 && in->W > lim)
			pf_diag_add(cc->run, PF_SEV_WARNING, "sizing-worker-"
			    "memory", p->worker_memory.loc, "worker_memory "
			    "%s is above memory_limit %s: a worker's heap "
			    "cannot grow that far", sz(cc, in->W),
			    sz(cc, lim));
	} else if (lim > 0) {
		in->W = lim;
		in->why_W = pf_printf(cc->run->arena, "%s (memory_limit, the "
		    "cautious bound; give worker_memory to size by measured "
		    "private memory)", sz(cc, lim));
	} else {
		in->W = SZ_DEFAULT_WORKER_MEM;
		in->why_W = pf_printf(cc->run->arena, "%s (PHP's default "
		    "memory_limit)", sz(cc, in->W));
		if (ml != NULL)
			pf_diag_add(cc->run, PF_SEV_WARNING, "sizing-worker-"
			    "memory", ml->loc, "memory_limit = %s does not "
			    "bound a worker; sizing assumes %s per worker "
			    "(give worker_memory)", ml->value, sz(cc, in->W));
	}
	in->explicit_mc = given(&p->max_children, p);
	if (in->explicit_mc) {
		in->D = p->max_children.v;
		in->why_D = pf_printf(cc->run->arena, "%lld (max_children)",
		    in->D);
	} else if (p->expected_rps.set && p->request_time_ms.set) {
		/* Little's law: busy workers = arrival rate x time in
		 * service; headroom keeps the queue short at the peak. */
		long long busy = (p->expected_rps.v * p->request_time_ms.v *
		    SZ_HEADROOM_PCT + 100 * 1000 - 1) / (100 * 1000);

		in->D = busy > 0 ? busy : 1;
		in->why_D = pf_printf(cc->run->arena, "rps %lld x "
		    "request_time %lld ms x %d%% headroom = %lld (Little's "
		    "law)", p->expected_rps.v, p->request_time_ms.v,
		    SZ_HEADROOM_PCT, in->D);
	} else {
		in->D = per_core * h->cores.v;
		in->why_D = pf_printf(cc->run->arena, "%lld workers per core "
		    "x %lld cores = %lld (no rps and request_time given)",
		    per_core, h->cores.v, in->D);
		if (p->expected_rps.set != p->request_time_ms.set)
			pf_diag_add(cc->run, PF_SEV_WARNING, "sizing-demand",
			    p->expected_rps.set ? p->expected_rps.loc :
			    p->request_time_ms.loc, "rps and request_time "
			    "work together; with only one of them the "
			    "demand is %s", in->why_D);
	}
}

/* The MPM for a given number of PHP workers. */
static void
plan_mpm(struct cc *cc, int emit, long long php_workers,
    struct pf_mpm_plan *pl, struct pf_buf *w)
{
	struct pf_host *h = &cc->m->host;
	const char *mpm = h->mpm.s ? h->mpm.s : "event";
	long long other, need, procs, tpc;

	memset(pl, 0, sizeof(*pl));
	if (!emit) {
		if (strcmp(mpm, "prefork") == 0) {
			/* Debian's mpm_prefork.conf; ServerLimit's default. */
			pl->server_limit = 256;
			pl->threads_per_child = 1;
			pl->max_request_workers = 150;
		} else {
			/* ServerLimit's default and Debian's
			 * mpm_event.conf / mpm_worker.conf. */
			pl->server_limit = 16;
			pl->threads_per_child = 25;
			pl->max_request_workers = cc->rhel ? 400 : 150;
		}
		why(w, "MPM %s: no snippet emitted (set emit_mpm = yes in "
		    "[host] to size it);", mpm);
		why(w, "the sizing assumes the packaged defaults: ServerLimit "
		    "%lld, ThreadsPerChild %lld,", pl->server_limit,
		    pl->threads_per_child);
		why(w, "MaxRequestWorkers %lld", pl->max_request_workers);
		return;
	}
	pl->emitted = 1;
	other = SZ_STATIC_PER_CORE * h->cores.v;
	need = php_workers + other;
	/*
	 * As few processes as the size allows, each with the same number
	 * of threads (a multiple of SZ_TPC).  mod_proxy keeps a connection
	 * pool per process, and the event MPM does not spread connections
	 * evenly: one process can take most of them while the others idle
	 * (it accepts up to ThreadsPerChild + 2 x its idle threads).  With
	 * several small processes, the busy one runs out of threads, so it
	 * closes its keep-alive connections (clients see resets), and out
	 * of pooled PHP-FPM connections while the pool has idle workers.
	 * PHP runs in PHP-FPM, so a big Apache process risks little.
	 */
	procs = (need + SZ_TPC_MAX - 1) / SZ_TPC_MAX;
	/* httpd caps ServerLimit at 20000 (MAX_SERVER_LIMIT) and then
	 * lowers MaxRequestWorkers itself, with a warning at every start;
	 * the plan stays within it (sizing_run warns). */
	if (procs > SZ_MAX_SERVER_LIMIT - 1)
		procs = SZ_MAX_SERVER_LIMIT - 1;
	tpc = (need + procs - 1) / procs;
	tpc = (tpc + SZ_TPC - 1) / SZ_TPC * SZ_TPC;
	if (tpc > SZ_TPC_MAX)
		tpc = SZ_TPC_MAX;
	pl->threads_per_child = tpc;
	pl->max_request_workers = procs * tpc;
	pl->server_limit = procs + 1;
	pl->start_servers = procs;
	/*
	 * The process count is fixed (StartServers = the processes,
	 * MaxRequestWorkers = their threads), so MinSpareThreads spawns
	 * nothing: it is only where event.c's perform_idle_server_
	 * maintenance() logs AH10159 "server is within MinSpareThreads of
	 * MaxRequestWorkers" at error level, once the scoreboard cannot take
	 * another process.  At 32 of 96 that fired at two thirds of the
	 * planned load (bench/stock_vs_generated.sh, static files at 64
	 * connections); 3/16 of MaxRequestWorkers is the margin of httpd's
	 * own defaults (75 of 400).
	 */
	pl->min_spare_threads = pl->max_request_workers * 3 / 16;
	if (pl->min_spare_threads < 1)
		pl->min_spare_threads = 1;
	pl->max_spare_threads = pl->max_request_workers;
	if (h->http2.v)
		pl->h2_max_workers = SZ_TPC;
	why(w, "MPM %s, sized for %lld cores and %lld PHP workers:", mpm,
	    h->cores.v, php_workers);
	why(w, "  threads for PHP = the pools' workers for their demand = %lld",
	    php_workers);
	why(w, "  threads for static files and slow clients = %d per core "
	    "x %lld = %lld", SZ_STATIC_PER_CORE, h->cores.v, other);
	why(w, "  threads = %lld + %lld = %lld, in %lld process%s of at most %d "
	    "threads", php_workers, other, need, procs, procs > 1 ? "es" : "",
	    SZ_TPC_MAX);
	why(w, "  ThreadsPerChild = ceil(%lld / %lld) rounded up to a multiple "
	    "of %d = %lld", need, procs, SZ_TPC, tpc);
	why(w, "  MaxRequestWorkers = %lld x %lld = %lld", procs, tpc,
	    pl->max_request_workers);
	why(w, "  few big processes: the MPM does not spread connections "
	    "evenly, and each");
	why(w, "  process has its own threads and its own PHP-FPM connection "
	    "pool");
	why(w, "  ServerLimit = %lld + 1 for a graceful restart = %lld", procs,
	    pl->server_limit);
	why(w, "  StartServers %lld and MaxSpareThreads %lld keep every "
	    "process, so each reuse", procs, pl->max_request_workers);
	why(w, "  MinSpareThreads = 3/16 of MaxRequestWorkers = %lld: httpd "
	    "warns (AH10159)", pl->min_spare_threads);
	why(w, "  when fewer threads than that are idle");
	why(w, "  pool (max= per process) stays where the arithmetic put it");
	if (pl->h2_max_workers)
		why(w, "  H2MaxWorkers %lld: HTTP/2 streams run on extra threads "
		    "per process;", pl->h2_max_workers);
	if (pl->h2_max_workers)
		why(w, "  capping them keeps PHP concurrency per process "
		    "within ThreadsPerChild");
}

/*
 * Private memory of Apache's processes: SZ_APACHE_CHILD_MEM for each
 * SZ_TPC threads of a child (a 32-thread event child has about 4.5 MB,
 * perf-baselines.md 10), for every process the ServerLimit allows.
 */
static long long
apache_child_mem(const struct pf_mpm_plan *pl)
{
	long long units = (pl->threads_per_child + SZ_TPC - 1) / SZ_TPC;

	return SZ_APACHE_CHILD_MEM * (units > 1 ? units : 1);
}

static long long
count_services(struct cc *cc)
{
	return (long long)cc->svcs.n;
}

/*
 * Connection reuse (enablereuse=on max=N) for pool pp, and the
 * max_children it then needs.  Each kept connection pins a PHP-FPM
 * worker (perf-baselines.md 8), so: only a static pool, serving one
 * site, behind a fixed number of Apache processes (the MPM snippet);
 * max per process is what lets every regular process reach the demand,
 * and the pool gets ServerLimit x max + SZ_REUSE_RESERVE workers, so
 * even a graceful restart's extra process never pins all of them.
 * Returns max_children; pp->reuse and pp->max say what was decided.
 */
static long long
plan_reuse(struct cc *cc, struct pool_plan *pp, const struct pool_in *q,
    const struct pf_mpm_plan *pl, enum pf_pm pm, long long mc,
    long long cap, struct pf_buf *w)
{
	struct pf_pool *p = pp->p;
	int want = p->reuse.set ? (int)p->reuse.v : 2;
	long long SL = pl->server_limit, procs = SL - 1, max, need;
	const char *no = NULL;

	pp->reuse = 0;
	pp->max = 0;
	pp->why_no_reuse = NULL;
	if (want == 0) {
		why(w, "  no connection reuse (reuse = off)");
		return mc;
	}
	if (!pl->emitted)
		no = "the number of Apache processes is not fixed (emit_mpm = "
		    "yes in [host] fixes it)";
	else if (pm != PF_PM_STATIC)
		no = pf_printf(cc->run->arena, "pool %s is %s; only a static "
		    "pool has a worker behind every kept connection", p->name,
		    pm_name(pm));
	else if (pp->nsites > 1)
		no = pf_printf(cc->run->arena, "pool %s serves %d sites; one "
		    "site's kept connections would starve the others",
		    p->name, pp->nsites);
	else if (given(&p->max_requests, p) && p->max_requests.v > 0)
		no = pf_printf(cc->run->arena, "max_requests %lld: a worker "
		    "replaced after that many requests closes a connection "
		    "Apache keeps, and the request Apache has just sent on it "
		    "fails with 503 (AH01075)", p->max_requests.v);
	else if (q->explicit_mc) {
		max = (mc - SZ_REUSE_RESERVE) / SL;
		if (max < 1)
			no = pf_printf(cc->run->arena, "floor((max_children "
			    "%lld - %d reserved) / ServerLimit %lld) = %lld "
			    "connections per Apache process", mc,
			    SZ_REUSE_RESERVE, SL, max);
		else {
			pp->reuse = 1;
			pp->max = max;
			why(w, "  reuse: max = floor((%lld - %d reserved) / "
			    "ServerLimit %lld) = %lld per Apache process", mc,
			    SZ_REUSE_RESERVE, SL, max);
		}
	} else {
		max = (q->D + procs - 1) / procs;
		need = SL * max + SZ_REUSE_RESERVE;
		if (need > cap)
			no = pf_printf(cc->run->arena, "it needs ServerLimit "
			    "%lld x max %lld + %d = %lld workers and the memory "
			    "holds %lld", SL, max, SZ_REUSE_RESERVE, need, cap);
		else {
			pp->reuse = 1;
			pp->max = max;
			why(w, "  reuse: max = ceil(demand %lld / %lld Apache "
			    "processes) = %lld kept connections per process;",
			    q->D, procs, max);
			why(w, "  pm.max_children = ServerLimit %lld x %lld + %d "
			    "reserved (status probes, cron,", SL, max,
			    SZ_REUSE_RESERVE);
			why(w, "  selftest) = %lld, so kept connections never "
			    "pin every worker, even", need);
			why(w, "  while a graceful restart runs one more process");
			mc = need;
		}
	}
	if (no != NULL) {
		pp->why_no_reuse = no;
		why(w, "  no connection reuse: %s", no);
		if (want == 1 && pp->final)
			pf_diag_add(cc->run, PF_SEV_ERROR, "sizing-reuse",
			    p->reuse.loc, "reuse = on cannot be sized safely: "
			    "%s (each kept connection pins a PHP-FPM worker; "
			    "perf-baselines.md 8)", no);
	}
	return mc;
}

/*
 * The processes of MPM plan pl that each keep their own connections to a
 * pool: fixed by the snippet, else those the packaged MaxRequestWorkers
 * needs (Debian 150 / 25 = 6, RHEL 400 / 25 = 16), as lint counts them.
 */
static long long
plan_procs(const struct pf_mpm_plan *pl)
{
	if (pl->emitted)
		return pl->server_limit - 1;
	return pl->threads_per_child > 0 ? (pl->max_request_workers +
	    pl->threads_per_child - 1) / pl->threads_per_child : 1;
}

/*
 * Every Apache process may have a request of each site at the pool at
 * once: mod_proxy's max= (in_flight_max) cannot go below one connection
 * per process.  A pool with fewer than one worker per SZ_IN_FLIGHT of
 * those lets requests queue in PHP-FPM's listen queue deeper than that,
 * where the proxy timeout runs (lint's capacity-mismatch); a pool sized
 * by compile gets that many workers when its memory holds them.
 */
static long long
in_flight_floor(struct pool_plan *pp, const struct pf_mpm_plan *pl,
    long long mc, long long room, struct pf_buf *w)
{
	long long procs = plan_procs(pl), k = pp->nsites > 0 ? pp->nsites : 1;
	long long need = (procs * k + SZ_IN_FLIGHT - 1) / SZ_IN_FLIGHT, n;

	if (pl->threads_per_child <= 1 || mc >= need || mc >= room)
		return mc;
	n = need < room ? need : room;
	why(w, "  Apache keeps at least one connection per process and site "
	    "(max=): %lld process%s%s", procs, procs > 1 ? "es" : "",
	    pl->emitted ? "" : " (the packaged MPM settings)");
	why(w, "  x %lld site%s = %lld; one worker per %d of them = %lld: "
	    "pm.max_children %lld -> %lld%s", k, k > 1 ? "s" : "", procs * k,
	    SZ_IN_FLIGHT, need, mc, n, n < need ? " (what the memory holds)" :
	    "");
	return n;
}

/*
 * A pool below that floor (max_children given, or the memory holds no
 * more): Apache can still queue requests in PHP-FPM more than
 * SZ_IN_FLIGHT deep per worker, which lint reports (capacity-mismatch);
 * say so at the line that decided it.
 */
static void
in_flight_warn(struct cc *cc, struct pool_plan *pp,
    const struct pf_mpm_plan *pl, const struct pool_in *q, long long mc)
{
	struct pf_pool *p = pp->p;
	long long procs = plan_procs(pl), k = pp->nsites > 0 ? pp->nsites : 1;
	long long need = (procs * k + SZ_IN_FLIGHT - 1) / SZ_IN_FLIGHT;
	struct pf_diag *d;

	if (pl->threads_per_child <= 1 || mc >= need)
		return;
	d = pf_diag_add(cc->run, PF_SEV_WARNING, "sizing-capacity",
	    q->explicit_mc ? p->max_children.loc :
	    loc_or(p->memory_budget.loc, loc_or(cc->m->host.memory.loc, p->loc)),
	    "pool %s has %lld worker%s, but each of %lld Apache process%s "
	    "can send it a request of each of its %lld site%s at once (max= "
	    "cannot go below 1): %lld requests, more than %d per worker; "
	    "those beyond the workers wait in its listen queue while Apache's "
	    "proxy timeout runs (lint reports capacity-mismatch)", p->name, mc,
	    mc > 1 ? "s" : "", procs, procs > 1 ? "es" : "", k,
	    k > 1 ? "s" : "", procs * k, SZ_IN_FLIGHT);
	pf_diag_fix(cc->run, d, "%s %lld workers or more%s",
	    q->explicit_mc ? "max_children =" : "memory for",
	    need, k > 1 ? ", or fewer sites on the pool" : "");
}

/*
 * Sizes the pools for the Apache memory of plan *pl and, when rp is set,
 * adds connection reuse for the MPM plan *rp.  Returns the sum of the
 * workers the demand needs (before reuse reserves), or -1 after an error
 * (reported when final).
 */
static long long
size_pools(struct cc *cc, struct pool_in *in, const struct pf_mpm_plan *pl,
    const struct pf_mpm_plan *rp, int final)
{
	struct pf_run *run = cc->run;
	struct pf_host *h = &cc->m->host;
	long long A, masters, explicit_b = 0, F, sum = 0;
	size_t i, nauto = 0, nover = 0;

	A = h->apache_memory.set ? h->apache_memory.v :
	    pl->server_limit * apache_child_mem(pl);
	masters = count_services(cc) * SZ_FPM_MASTER_MEM;
	for (i = 0; i < cc->m->pools.n; i++) {
		struct pf_pool *p = cc->m->pools.v[i];

		/* A pool with its own memory, or its own max_children
		 * (which then reserves max_children x W), is taken out
		 * before the rest is shared. */
		if (p->memory_budget.set)
			explicit_b += p->memory_budget.v;
		else if (in[i].explicit_mc)
			explicit_b += in[i].D * in[i].W;
		else
			nauto++;
	}
	F = h->memory.v - A - masters - explicit_b;
	if (F < 0 && nauto == 0 && final)
		pf_diag_add(run, PF_SEV_WARNING, "sizing-oversize",
		    loc_or(h->memory.loc, h->loc), "the pools are given %s but "
		    "host memory %s leaves them %s after Apache and the php-fpm "
		    "masters", sz(cc, explicit_b), sz(cc, h->memory.v),
		    sz(cc, h->memory.v - A - masters));
	if (F <= 0 && nauto > 0) {
		if (final)
			pf_diag_add(run, PF_SEV_ERROR, "sizing-memory",
			    loc_or(h->memory.loc, h->loc), "host memory %s "
			    "leaves nothing for the pools: Apache %s, php-fpm "
			    "masters %s, pools with their own memory %s",
			    sz(cc, h->memory.v), sz(cc, A), sz(cc, masters),
			    sz(cc, explicit_b));
		return -1;
	}
	for (i = 0; i < cc->m->pools.n; i++) {
		struct pool_plan *pp = &cc->pools[i];
		struct pf_pool *p = pp->p;
		struct pool_in *q = &in[i];
		struct pf_buf w = PF_BUF_INIT;
		long long B = p->memory_budget.set ? p->memory_budget.v :
		    q->explicit_mc ? q->D * q->W : F / (long long)nauto;
		long long cap = B / q->W, mc, room = cap;
		enum pf_pm pm = q->asked;

		pp->final = final;
		why(&w, "  worker memory W = %s", q->why_W);
		if (p->memory_budget.set)
			why(&w, "  memory for this pool = %s (memory)",
			    sz(cc, B));
		else if (q->explicit_mc)
			why(&w, "  memory for this pool = max_children %lld x %s "
			    "= %s, kept out of the shared memory", q->D,
			    sz(cc, q->W), sz(cc, B));
		else {
			why(&w, "  memory for pools = host memory %s - Apache "
			    "%s%s - %lld php-fpm master(s) x %s%s = %s",
			    sz(cc, h->memory.v), sz(cc, A),
			    h->apache_memory.set ? " (apache_memory)" :
			    pf_printf(run->arena, " (at most %lld processes x %s)",
			    pl->server_limit, sz(cc, apache_child_mem(pl))),
			    count_services(cc), sz(cc, SZ_FPM_MASTER_MEM),
			    explicit_b ? pf_printf(run->arena, " - %s given "
			    "to other pools", sz(cc, explicit_b)) : "",
			    sz(cc, F));
			why(&w, "  this pool's share = %s / %zu pool(s) = %s",
			    sz(cc, F), nauto, sz(cc, B));
		}
		why(&w, "  workers that fit = floor(%s / %s) = %lld",
		    sz(cc, B), sz(cc, q->W), cap);
		why(&w, "  demand = %s", q->why_D);
		if (q->explicit_mc) {
			mc = q->D;
			if (mc > cap && final)
				pf_diag_add(run, PF_SEV_WARNING,
				    "sizing-oversize", p->max_children.loc,
				    "max_children %lld x worker memory %s = %s "
				    "is more than the %s this pool has: under "
				    "full load the host swaps or kills workers",
				    mc, sz(cc, q->W), sz(cc, mc * q->W),
				    sz(cc, B));
			why(&w, "  pm.max_children = %lld as given%s", mc,
			    mc > cap ? " (more than fit!)" : "");
		} else if (cap >= 1) {
			mc = q->D < cap ? q->D : cap;
			why(&w, "  workers = min(demand %lld, fit %lld) = %lld",
			    q->D, cap, mc);
		} else if (pm == PF_PM_AUTO || pm == PF_PM_ONDEMAND) {
			/* Many small pools: each may use the free memory
			 * while the others are idle. */
			long long all = F / q->W;

			mc = q->D < all ? q->D : all;
			room = all;
			if (mc < 1) {
				if (final)
					pf_diag_add(run, PF_SEV_ERROR,
					    "sizing-memory", p->loc, "pool %s: "
					    "not even one worker of %s fits in "
					    "%s", p->name, sz(cc, q->W),
					    sz(cc, F));
				pf_buf_free(&w);
				return -1;
			}
			why(&w, "  less than one worker fits the share: "
			    "ondemand, overcommitted:");
			why(&w, "  pm.max_children = min(%lld, floor(%s / %s) "
			    "= %lld) = %lld", q->D, sz(cc, F), sz(cc, q->W),
			    all, mc);
			if (final && nover++ < 3)
				pf_diag_add(run, PF_SEV_NOTE,
				    "sizing-overcommit", p->loc, "pool %s gets "
				    "less than one worker's memory (%s of %s); "
				    "it runs ondemand and relies on the other "
				    "pools being idle", p->name, sz(cc, B),
				    sz(cc, q->W));
			pm = PF_PM_ONDEMAND;
		} else {
			if (final)
				pf_diag_add(run, PF_SEV_ERROR,
				    "sizing-memory", p->pm_loc, "pool %s: pm = "
				    "%s needs at least one worker of %s, and "
				    "its memory is %s", p->name, pm_name(pm),
				    sz(cc, q->W), sz(cc, B));
			pf_buf_free(&w);
			return -1;
		}
		if (pm == PF_PM_AUTO) {
			pm = PF_PM_STATIC;
			why(&w, "  pm = static: the memory is there for every "
			    "worker, so they start once and never ramp up");
		} else
			why(&w, "  pm = %s (pm)", pm_name(pm));
		sum += mc;
		if (rp != NULL && !q->explicit_mc)
			mc = in_flight_floor(pp, rp, mc, room, &w);
		if (rp != NULL) {
			mc = plan_reuse(cc, pp, q, rp, pm, mc, cap, &w);
			if (!pp->reuse && !q->explicit_mc)
				why(&w, "  pm.max_children = %lld", mc);
			if (!pp->reuse && final)
				in_flight_warn(cc, pp, rp, q, mc);
		}
		if (final) {
			/* The model says what compile chose, unless the
			 * description asked (pm = auto stays auto, so a
			 * second run decides again). */
			pp->pm = pm;
			if (p->pm_loc.file == 0 || same_loc(p->pm_loc, p->loc)) {
				p->pm = pm;
				p->pm_loc = p->loc;
			}
			p->max_children = pf_ival_make(mc,
			    loc_or(p->max_children.loc, p->loc));
			pp->worker_mem = q->W;
			pp->why_pm = pf_printf(run->arena, "pm = %s, "
			    "pm.max_children = %lld:\n%s", pm_name(pm), mc,
			    why_done(cc, &w));
		} else
			pf_buf_free(&w);
	}
	/* Thousands of small pools: one note for the rest. */
	if (nover > 3)
		pf_diag_add(run, PF_SEV_NOTE, "sizing-overcommit",
		    loc_or(h->memory.loc, h->loc), "and %zu more pools get "
		    "less than one worker's memory; they run ondemand and rely "
		    "on the other pools being idle", nover - 3);
	return sum;
}

/* php-fpm's own checks for dynamic, on explicit and computed values. */
static int
fill_dynamic(struct cc *cc, struct pool_plan *pp)
{
	struct pf_pool *p = pp->p;
	long long mc = p->max_children.v, mn, mx, st;

	mn = given(&p->min_spare_servers, p) ? p->min_spare_servers.v :
	    (mc / 4 > 1 ? mc / 4 : 1);
	mx = given(&p->max_spare_servers, p) ? p->max_spare_servers.v :
	    (mc / 2 > mn ? mc / 2 : mn);
	st = given(&p->start_servers, p) ? p->start_servers.v :
	    mn + (mx - mn) / 2;
	if (mn > mc || mx > mc) {
		pf_diag_add(cc->run, PF_SEV_ERROR, "sizing-pm", p->pm_loc,
		    "pool %s: min_spare_servers (%lld) and max_spare_servers "
		    "(%lld) cannot be greater than max_children (%lld)",
		    p->name, mn, mx, mc);
		return -1;
	}
	if (mx < mn) {
		pf_diag_add(cc->run, PF_SEV_ERROR, "sizing-pm", p->pm_loc,
		    "pool %s: max_spare_servers (%lld) must not be less than "
		    "min_spare_servers (%lld)", p->name, mx, mn);
		return -1;
	}
	if (st < mn || st > mx) {
		pf_diag_add(cc->run, PF_SEV_ERROR, "sizing-pm", p->pm_loc,
		    "pool %s: start_servers (%lld) must not be less than "
		    "min_spare_servers (%lld) and not greater than "
		    "max_spare_servers (%lld)", p->name, st, mn, mx);
		return -1;
	}
	p->min_spare_servers = pf_ival_make(mn,
	    loc_or(p->min_spare_servers.loc, p->loc));
	p->max_spare_servers = pf_ival_make(mx,
	    loc_or(p->max_spare_servers.loc, p->loc));
	p->start_servers = pf_ival_make(st, loc_or(p->start_servers.loc,
	    p->loc));
	pp->why_pm = pf_printf(cc->run->arena, "%s\n  spare servers: min = "
	    "max(1, %lld / 4) = %lld, max = max(min, %lld / 2) = %lld,\n"
	    "  start = min + (max - min) / 2 = %lld (php-fpm's own formula)",
	    pp->why_pm, mc, mn, mc, mx, st);
	return 0;
}

/*
 * max= on a worker without reuse: the connections one Apache process
 * opens to the pool at once.  A request that finds none free waits in
 * Apache for one, where the proxy timeout does not run yet; without the
 * cap, every Apache thread can send its request to PHP-FPM, where it
 * waits in the listen queue while the timeout runs: Apache answers 504
 * and PHP-FPM still runs the request later (2.4.71, a pool of 2, twelve
 * 1 s requests, timeout=3: six 504s and twelve runs; with max=2 twelve
 * 200s).  Each process may use every worker of the pool (the MPM does
 * not spread connections evenly), as long as all the processes and
 * sites on the pool together send it at most SZ_IN_FLIGHT requests per
 * worker (the bound of lint's capacity-mismatch).  Without the MPM
 * snippet the processes are at most ServerLimit's.  Prefork has one
 * connection per process: nothing to cap.
 */
static void
in_flight_max(struct cc *cc, const struct pf_mpm_plan *pl,
    struct site_plan *sp, struct pf_buf *w)
{
	struct pf_site *s = sp->s;
	long long mc = s->pool->max_children.v, tpc = pl->threads_per_child;
	long long procs = plan_procs(pl);
	long long k = sp->pp->nsites > 0 ? sp->pp->nsites : 1, n;

	(void)cc;
	s->proxy_max = 0;
	if (tpc <= 1 || procs < 1 || mc < 1)
		return;
	n = SZ_IN_FLIGHT * mc / (procs * k);
	if (n > mc)
		n = mc;
	if (n > tpc)
		n = tpc;
	if (n < 1)
		n = 1;
	s->proxy_max = n;
	why(w, "max=%lld: an Apache process sends pool %s at most %lld "
	    "request%s at once; more", n, s->pool->name, n, n > 1 ? "s" : "");
	why(w, "wait in Apache, where the proxy timeout does not run yet, "
	    "not in PHP-FPM's");
	why(w, "listen queue, where it does (Apache answers 504, PHP-FPM "
	    "still runs the request).");
	why(w, "max = min(pm.max_children %lld, floor(%d x %lld / (%lld "
	    "process%s%s x %lld site%s))) = %lld:", mc, SZ_IN_FLIGHT, mc,
	    procs, procs > 1 ? "es" : "", pl->emitted ? "" :
	    " of the packaged MPM", k, k > 1 ? "s" : "", n);
	why(w, "at most %lld x %lld x %lld = %lld requests at the pool of "
	    "%lld worker%s", procs, k, n, procs * k * n, mc, mc > 1 ? "s" : "");
}

/* The mod_proxy worker of each site: timeout, enablereuse, max. */
static int
size_workers(struct cc *cc, const struct pf_mpm_plan *pl)
{
	size_t i;

	for (i = 0; i < cc->m->sites.n; i++) {
		struct site_plan *sp = &cc->sites[i];
		struct pf_site *s = sp->s;
		struct pool_plan *pp = sp->pp;
		struct pf_pool *p = s->pool;
		struct pf_buf w = PF_BUF_INIT;
		long long rtt = p->request_terminate_timeout.v;
		long long mc = p->max_children.v;

		s->proxy_timeout = rtt + SZ_PROXY_SLACK;
		why(&w, "timeout = request_timeout %llds + %ds = %llds: PHP-FPM "
		    "ends a request before", rtt, SZ_PROXY_SLACK,
		    s->proxy_timeout);
		why(&w, "Apache stops waiting for it (a 504 with the worker "
		    "still busy otherwise)");
		if (pp->reuse) {
			s->proxy_reuse = 1;
			s->proxy_max = pp->max;
			why(&w, "enablereuse=on max=%lld: pool %s is static with "
			    "%lld workers for this site", pp->max, p->name, mc);
			why(&w, "alone; at most ServerLimit %lld Apache processes "
			    "x %lld kept connections", pl->server_limit,
			    pp->max);
			why(&w, "= %lld <= %lld workers - %d reserved, so reuse "
			    "never pins every worker", pl->server_limit * pp->max,
			    mc, SZ_REUSE_RESERVE);
		} else {
			if (p->reuse.set && p->reuse.v == 0)
				why(&w, "no connection reuse (reuse = off)");
			else
				why(&w, "no connection reuse: %s",
				    pp->why_no_reuse ? pp->why_no_reuse :
				    "not sized for it");
			in_flight_max(cc, pl, sp, &w);
		}
		sp->why_proxy = why_done(cc, &w);
	}
	return 0;
}

static void
size_pool_limits(struct cc *cc, const struct pf_mpm_plan *pl)
{
	struct pf_host *h = &cc->m->host;
	long long S = h->somaxconn.set ? h->somaxconn.v : SZ_SOMAXCONN;
	size_t i;

	for (i = 0; i < cc->m->pools.n; i++) {
		struct pool_plan *pp = &cc->pools[i];
		struct pf_pool *p = pp->p;
		long long want;

		if (given(&p->listen_backlog, p)) {
			pp->why_backlog = pf_printf(cc->run->arena,
			    "listen.backlog = %lld (listen_backlog)",
			    p->listen_backlog.v);
			if (p->listen_backlog.v > S)
				pf_diag_add(cc->run, PF_SEV_WARNING,
				    "sizing-backlog", p->listen_backlog.loc,
				    "listen_backlog %lld is above somaxconn "
				    "%lld; the kernel caps it", p->listen_backlog.v,
				    S);
		} else {
			want = pl->max_request_workers > SZ_MIN_BACKLOG ?
			    pl->max_request_workers : SZ_MIN_BACKLOG;
			p->listen_backlog = pf_ival_make(want < S ? want : S,
			    p->loc);
			pp->why_backlog = pf_printf(cc->run->arena,
			    "listen.backlog = min(somaxconn %lld%s, max(%d, "
			    "MaxRequestWorkers %lld)) = %lld:\nroom for every "
			    "Apache thread to wait for a worker at once", S,
			    h->somaxconn.set ? "" : " (kernel default)",
			    SZ_MIN_BACKLOG, pl->max_request_workers,
			    p->listen_backlog.v);
		}
		if (given(&p->rlimit_files, p))
			pp->why_rlimit = pf_printf(cc->run->arena,
			    "rlimit_files = %lld (rlimit_files)",
			    p->rlimit_files.v);
		else {
			p->rlimit_files = pf_ival_make(PF_DEF_RLIMIT_FILES,
			    p->loc);
			pp->why_rlimit = pf_printf(cc->run->arena,
			    "rlimit_files = %d per worker: scripts, sockets to "
			    "databases and caches, logs\n(the master, root, "
			    "sets it in each worker; the drop-in lets it)",
			    PF_DEF_RLIMIT_FILES);
		}
	}
}

static void
size_services(struct cc *cc)
{
	struct pf_host *h = &cc->m->host;
	long long hn = h->nofile.set ? h->nofile.v : 1024;
	size_t i, j;

	for (i = 0; i < cc->svcs.n; i++) {
		struct svc_plan *sv = cc->svcs.v[i];
		struct pf_buf w = PF_BUF_INIT;
		long long fds, maxr = 0, need, np = (long long)sv->pools.n;

		sv->children = 0;
		for (j = 0; j < sv->pools.n; j++) {
			sv->children += sv->pools.v[j]->max_children.v;
			if (sv->pools.v[j]->rlimit_files.v > maxr)
				maxr = sv->pools.v[j]->rlimit_files.v;
		}
		/* security-rules.md ulimit-nofile: two pipes per child when
		 * catch_workers_output is on (counted always, so turning it
		 * on stays safe), a listener, slowlog and access log per
		 * pool, and the master's own logs, epoll, signal pipe. */
		fds = 2 * sv->children + 3 * np + 32;
		sv->nofile = hn;
		if (fds > sv->nofile)
			sv->nofile = fds;
		if (maxr > sv->nofile)
			sv->nofile = maxr;
		why(&w, "LimitNOFILE for the %s master:", sv->service);
		why(&w, "  2 pipes x %lld workers + 3 x %lld pools (listener, "
		    "slowlog, access log) + 32 = %lld", sv->children, np, fds);
		why(&w, "  and the pools' rlimit_files (%lld) must fit under its "
		    "hard limit", maxr);
		why(&w, "  LimitNOFILE = max(host nofile %lld%s, %lld, %lld) = "
		    "%lld", hn, h->nofile.set ? "" : " (systemd default)", fds,
		    maxr, sv->nofile);
		sv->why_nofile = why_done(cc, &w);

		need = sv->children + 1 + 16;
		if (h->nproc.set) {
			sv->set_nproc = 1;
			sv->nproc = h->nproc.v > need ? h->nproc.v : need;
			sv->why_nproc = pf_printf(cc->run->arena, "LimitNPROC "
			    "= max(host nproc %lld, %lld workers + 1 master + "
			    "16 spare = %lld) = %lld", h->nproc.v, sv->children,
			    need, sv->nproc);
		} else
			sv->why_nproc = pf_printf(cc->run->arena, "LimitNPROC "
			    "not set: the host's nproc is unknown (give nproc "
			    "in [host]); %lld processes needed", need);
		sv->tasks = need;
		if (need > SZ_TASKSMAX_FLOOR) {
			sv->set_tasks = 1;
			sv->why_tasks = pf_printf(cc->run->arena, "TasksMax = "
			    "%lld workers + 1 master + 16 spare = %lld (above "
			    "systemd's smallest default, %d)", sv->children,
			    need, SZ_TASKSMAX_FLOOR);
		} else
			sv->why_tasks = pf_printf(cc->run->arena, "TasksMax "
			    "left at systemd's default (15%% of pid_max, at "
			    "least %d): %lld tasks needed", SZ_TASKSMAX_FLOOR,
			    need);
	}
}

/* Checks that need the final numbers. */
static void
cross_checks(struct cc *cc, const struct pf_mpm_plan *pl)
{
	struct pf_host *h = &cc->m->host;
	long long fds;
	size_t i;

	for (i = 0; i < cc->m->pools.n; i++) {
		struct pf_pool *p = cc->m->pools.v[i];
		const struct pf_php_setting *met = php_get(p,
		    "max_execution_time");
		long long v;

		if (met == NULL || (v = php_quantity(met->value)) <= 0)
			continue;
		if (v >= p->request_terminate_timeout.v)
			pf_diag_add(cc->run, PF_SEV_WARNING, "sizing-timeout",
			    met->loc, "max_execution_time %lld is not below "
			    "request_timeout %lld: the worker is killed before "
			    "PHP reports the timeout", v,
			    p->request_terminate_timeout.v);
	}
	/* Each Apache child holds two sockets per busy thread and every
	 * vhost's two log files; Debian's apache2ctl sets ulimit -n 8192. */
	fds = 2 * pl->threads_per_child + 2 * (long long)cc->m->sites.n + 16;
	if (!cc->rhel && fds > SZ_APACHE_NOFILE && cc->m->sites.n > 0)
		pf_diag_add(cc->run, PF_SEV_WARNING, "sizing-apache-nofile",
		    loc_or(h->loc, cc->m->sites.v[0]->loc), "an Apache child "
		    "needs about %lld descriptors (2 x %lld threads + 2 logs "
		    "x %zu sites + 16) and apache2ctl sets ulimit -n %d: set "
		    "APACHE_ULIMIT_MAX_FILES in /etc/apache2/envvars", fds,
		    pl->threads_per_child, cc->m->sites.n, SZ_APACHE_NOFILE);
}

int
sizing_run(struct cc *cc)
{
	struct pf_run *run = cc->run;
	struct pf_host *h = &cc->m->host;
	struct pool_in *in;
	struct pf_mpm_plan pl, mem;
	struct pf_buf w = PF_BUF_INIT;
	long long sum = 0, est = 0, fit;
	size_t i;
	int emit, rc = 0;

	emit = cc->o->emit_mpm >= 0 ? cc->o->emit_mpm :
	    (h->emit_mpm.set && h->emit_mpm.v);
	if (emit && h->mpm.s != NULL && strcmp(h->mpm.s, "prefork") == 0) {
		pf_diag_add(run, PF_SEV_ERROR, "sizing-mpm", h->mpm.loc,
		    "the MPM snippet sizes the event or worker MPM; prefork "
		    "runs one request per process");
		return -1;
	}
	for (i = 0; i < cc->m->sites.n; i++)
		if (cc->m->sites.v[i]->http2.v)
			h->http2 = pf_ival_make(1, cc->m->sites.v[i]->http2.loc);
	in = pf_alloc(run->arena, (cc->m->pools.n + 1) * sizeof(*in));
	for (i = 0; i < cc->m->pools.n; i++) {
		pool_inputs(cc, &cc->pools[i], &in[i]);
		fit = h->memory.v / in[i].W;
		est += in[i].explicit_mc || in[i].D < fit ? in[i].D : fit;
	}
	/*
	 * Apache's memory depends on its process count, which depends on
	 * the workers the pools get.  The memory is reserved for the most
	 * processes the demand could need (no pool gets more than its
	 * demand); the MPM is then sized for the workers the pools really
	 * got, which can only be fewer processes.  Reuse reserves do not
	 * add Apache threads: they only keep workers free.
	 */
	plan_mpm(cc, emit, est, &mem, &w);
	pf_buf_free(&w);
	if ((sum = size_pools(cc, in, &mem, NULL, 0)) < 0) {
		size_pools(cc, in, &mem, NULL, 1);
		return -1;
	}
	plan_mpm(cc, emit, sum, &pl, &w);
	cc->why_mpm = why_done(cc, &w);
	if (size_pools(cc, in, &mem, &pl, 1) < 0)
		return -1;
	pl.apache_memory = h->apache_memory.set ? h->apache_memory.v :
	    mem.server_limit * apache_child_mem(&mem);
	h->plan = pl;
	if (pl.emitted && sum + SZ_STATIC_PER_CORE * h->cores.v >
	    pl.max_request_workers)
		pf_diag_add(run, PF_SEV_WARNING, "sizing-mpm",
		    loc_or(h->cores.loc, h->loc), "%lld PHP workers and %d "
		    "threads per core for %lld cores need %lld Apache threads; "
		    "Apache runs at most %d processes of %d threads (%lld)",
		    sum, SZ_STATIC_PER_CORE, h->cores.v,
		    sum + SZ_STATIC_PER_CORE * h->cores.v,
		    SZ_MAX_SERVER_LIMIT - 1, SZ_TPC_MAX,
		    pl.max_request_workers);
	for (i = 0; i < cc->m->pools.n; i++) {
		struct pool_plan *pp = &cc->pools[i];
		struct pf_pool *p = pp->p;

		if (pp->pm == PF_PM_DYNAMIC && fill_dynamic(cc, pp) < 0)
			rc = -1;
		if (pp->pm == PF_PM_ONDEMAND) {
			int set = given(&p->process_idle_timeout, p);

			if (!set)
				p->process_idle_timeout = pf_ival_make(
				    SZ_IDLE_TIMEOUT, p->loc);
			pp->why_pm = pf_printf(run->arena, "%s\n  "
			    "pm.process_idle_timeout = %llds (%s): a worker "
			    "idle that long exits,\n  so an idle pool holds "
			    "no memory", pp->why_pm,
			    p->process_idle_timeout.v, set ? "idle_timeout" :
			    "default");
		}
	}
	for (i = 0; i < cc->m->pools.n; i++) {
		struct pool_plan *pp = &cc->pools[i];
		struct pf_pool *p = pp->p;

		/*
		 * php-fpm sends a request's END_REQUEST before a worker that
		 * reached pm.max_requests closes its connection; Apache may
		 * already have reused the connection for the next request,
		 * which then fails (AH01067/AH01075, a 503).  Measured with
		 * bench/stock_vs_generated.sh: about one recycle in 30.
		 */
		if (!given(&p->max_requests, p))	/* a second run */
			p->max_requests = pf_ival_make(PF_DEF_MAX_REQUESTS,
			    p->loc);
		if (!pp->reuse || p->max_requests.v == 0)
			continue;
		pp->why_max_requests = pf_printf(run->arena, "pm.max_requests "
		    "= 0: with enablereuse, a worker replaced after %lld "
		    "requests\nwould close a connection Apache keeps, and the "
		    "request Apache has just\nsent on it would fail with 503 "
		    "(AH01075).  So workers are not replaced,\nand memory that "
		    "leaks across requests is not given back: give\n"
		    "max_requests to recycle workers, which turns connection "
		    "reuse off.", p->max_requests.v);
		p->max_requests = pf_ival_make(0, p->loc);
	}
	if (size_workers(cc, &pl) < 0)
		rc = -1;
	size_pool_limits(cc, &pl);
	size_services(cc);
	cross_checks(cc, &pl);
	return rc;
}

void
sizing_explain(struct cc *cc, struct pf_buf *b)
{
	struct pf_host *h = &cc->m->host;
	size_t i;

	pf_buf_printf(b, "== host: %lld cores, memory %s, somaxconn %lld, "
	    "nofile %lld (%s)\n", h->cores.v, sz(cc, h->memory.v),
	    h->somaxconn.set ? h->somaxconn.v : SZ_SOMAXCONN,
	    h->nofile.set ? h->nofile.v : 1024,
	    h->source == PF_HOST_AUTO ? "--host auto" :
	    h->source == PF_HOST_FILE ? "--host FILE" : "[host]");
	if (h->detail != NULL)
		pf_buf_printf(b, "   read from this machine: %s\n", h->detail);
	pf_buf_printf(b, "\n== Apache\n%s\n", cc->why_mpm);
	for (i = 0; i < cc->m->pools.n; i++) {
		struct pool_plan *pp = &cc->pools[i];

		pf_buf_printf(b, "\n== pool %s (%s)\n%s\n%s\n%s\n", pp->p->name,
		    pp->svc->service, pp->why_pm, pp->why_backlog,
		    pp->why_rlimit);
	}
	for (i = 0; i < cc->m->sites.n; i++)
		pf_buf_printf(b, "\n== site %s: the worker for pool %s\n%s\n",
		    cc->sites[i].s->name, cc->sites[i].s->pool->name,
		    cc->sites[i].why_proxy);
	for (i = 0; i < cc->svcs.n; i++)
		pf_buf_printf(b, "\n== %s.service\n%s\n%s\n%s\n",
		    cc->svcs.v[i]->service, cc->svcs.v[i]->why_nofile,
		    cc->svcs.v[i]->why_nproc, cc->svcs.v[i]->why_tasks);
}
