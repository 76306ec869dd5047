/*
 * engine.c - pf_rules_run(): selects the rules, links routes to pools,
 * builds the request simulator and the writable-directory set, runs the
 * passes, then fingerprints, suppresses and baselines the findings.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules/link.h"
#include "rules/rule.h"
#include "rules/sim.h"
#include "rules/writable.h"

/* Findings already reported: (rule, location, subject) -> seen. */
struct seen {
	uint64_t	*h;
	size_t		 n, cap;
};

/*
 * A forked context's record (pf_rctx_fork): the dedupe key of each of its
 * sink's diagnostics (0: not a finding), and the pools it marked exposed,
 * with the finding the mark depends on (pf_mark_exposed_if), in order.
 */
struct rmark {
	struct pf_pool	*pool;
	const struct pf_node *why;
	size_t		 cond;		/* kept only if the sink's diagnostic
					 * cond - 1 is (0: always) */
};

struct pf_rfork {
	struct seen	 seen;		/* the fork's own, a prefilter */
	uint64_t	*keys;		/* per sink diagnostic (by seq) */
	size_t		 nkeys, ckeys;
	struct rmark	*marks;
	size_t		 nmarks, cmarks;
};

static uint64_t
mix(uint64_t h, const void *p, size_t n)
{
	const unsigned char *s = p;

	while (n-- > 0)
		h = (h ^ *s++) * 1099511628211ULL;
	return h;
}

/* Returns 1 if key was new (and records it). */
static int
seen_add(struct seen *s, uint64_t key)
{
	size_t i, mask;

	if (key == 0)
		key = 1;
	if (s->n * 2 >= s->cap) {
		size_t ncap = s->cap ? s->cap * 2 : 256, j;
		uint64_t *nh = calloc(ncap, sizeof(*nh));

		if (nh == NULL)
			pf_oom();
		for (j = 0; j < s->cap; j++)
			if (s->h[j] != 0) {
				i = s->h[j] & (ncap - 1);
				while (nh[i] != 0)
					i = (i + 1) & (ncap - 1);
				nh[i] = s->h[j];
			}
		free(s->h);
		s->h = nh;
		s->cap = ncap;
	}
	mask = s->cap - 1;
	for (i = key & mask; s->h[i] != 0; i = (i + 1) & mask)
		if (s->h[i] == key)
			return 0;
	s->h[i] = key;
	s->n++;
	return 1;
}

/*
 * pf_rule_index() for the ids the passes pass, which are string literals:
 * remembered by address (a direct-mapped cache checked by pointer, so a
 * stale slot only costs a lookup).
 */
static int
literal_index(const char *id)
{
	/* (per thread: a pass may run on two) */
	static _Thread_local const char *key[64];
	static _Thread_local int val[64];
	size_t slot = ((uintptr_t)id >> 3) & 63;

	if (key[slot] != id) {
		val[slot] = pf_rule_index(id);
		key[slot] = id;
	}
	return val[slot];
}

struct pf_diag *
pf_finding(struct pf_rctx *c, const char *id, enum pf_severity sev,
    struct pf_loc loc, const char *subject, const char *fmt, ...)
{
	int i = literal_index(id);
	uint64_t key = 14695981039346656037ULL;
	struct pf_diag *d;
	va_list ap;

	if (i < 0 || !c->enabled[i])
		return NULL;
	key = mix(key, &i, sizeof(i));
	key = mix(key, &loc.file, sizeof(loc.file));
	key = mix(key, &loc.line, sizeof(loc.line));
	key = mix(key, &loc.col, sizeof(loc.col));
	if (subject != NULL)
		key = mix(key, subject, strlen(subject));
	if (key == 0)
		key = 1;		/* as seen_add() takes it */
	if (c->seen != NULL && !seen_add(c->seen, key))
		return NULL;
	if (c->sev_override[i] >= 0)
		sev = (enum pf_severity)c->sev_override[i];
	if (!pf_sev_is_finding(sev))
		sev = pf_rule_table[i].severity;
	va_start(ap, fmt);
	d = pf_diag_vadd(c->run, sev, pf_rule_table[i].id, loc, fmt, ap);
	va_end(ap);
	if (d->message[0] == '\0')
		return NULL;		/* over the diagnostic cap */
	if (c->fork != NULL) {
		struct pf_rfork *f = c->fork;

		while (f->nkeys <= d->seq) {
			if (f->nkeys == f->ckeys) {
				f->ckeys = f->ckeys ? f->ckeys * 2 : 256;
				f->keys = pf_xrealloc(f->keys, f->ckeys *
				    sizeof(*f->keys));
			}
			f->keys[f->nkeys++] = 0;
		}
		f->keys[d->seq] = key;
	}
	d->rule = pf_rules_get((size_t)i);
	if (subject != NULL)
		d->subject = pf_strdup(c->run->arena, subject);
	return d;
}

/*
 * A message formatted into buf when it fits, else into the arena: the
 * diagnostic keeps its own copy, so a note or fix per finding does not
 * leave a second one in the run's arena.
 */
static const char *
vformat(struct pf_rctx *c, char *buf, size_t size, const char *fmt,
    va_list ap)
{
	va_list ap2;
	int n;

	va_copy(ap2, ap);
	n = vsnprintf(buf, size, fmt, ap2);
	va_end(ap2);
	if (n >= 0 && (size_t)n < size)
		return buf;
	return pf_vprintf(c->run->arena, fmt, ap);
}

void
pf_frel(struct pf_rctx *c, struct pf_diag *d, struct pf_loc loc,
    const char *fmt, ...)
{
	va_list ap;
	char buf[512];
	const char *msg;
	size_t i;

	if (d == NULL || loc.file == 0)
		return;
	if (loc.file == d->loc.file && loc.line == d->loc.line)
		return;
	/* One related note per location is enough.  A finding that names
	 * every pool of a big host keeps its locations in a set (the key
	 * file << 32 | line, never 0). */
	if (d->nrelated < 16) {
		for (i = 0; i < d->nrelated; i++)
			if (d->related[i].loc.file == loc.file &&
			    d->related[i].loc.line == loc.line)
				return;
	} else {
		size_t k = pf_pmap_get(&c->rel_sets, d);
		uint64_t key = (uint64_t)loc.file << 32 | loc.line;

		if (k == 0) {
			struct pf_pmap m = { 0 };

			for (i = 0; i < d->nrelated; i++)
				pf_imap_put(c->run->arena, &m, (uint64_t)
				    d->related[i].loc.file << 32 |
				    d->related[i].loc.line, 1);
			PF_PUSH(c->run->arena, c->rel_set, m);
			k = c->rel_set.n;
			pf_pmap_put(c->run->arena, &c->rel_sets, d, k);
		}
		if (pf_imap_get(&c->rel_set.v[k - 1], key) != 0)
			return;
		pf_imap_put(c->run->arena, &c->rel_set.v[k - 1], key, 1);
	}
	va_start(ap, fmt);
	msg = vformat(c, buf, sizeof(buf), fmt, ap);
	va_end(ap);
	pf_diag_related(c->run, d, loc, "%s", msg);
}

void
pf_ffix(struct pf_rctx *c, struct pf_diag *d, const char *fmt, ...)
{
	va_list ap;
	char buf[512];
	const char *msg;

	if (d == NULL)
		return;
	va_start(ap, fmt);
	msg = vformat(c, buf, sizeof(buf), fmt, ap);
	va_end(ap);
	pf_diag_fix(c->run, d, "%s", msg);
}

/* Applies "ID=SEV" entries; returns -1 on a bad entry. */
static int
apply_severity(struct pf_run *run, int *ov, const char *spec)
{
	const char *eq = strchr(spec, '=');
	char *sel;
	int s;
	size_t i;

	if (eq == NULL || eq == spec)
		return -1;
	s = pf_sev_parse(eq + 1);
	if (s < 0 || !pf_sev_is_finding((enum pf_severity)s))
		return -1;
	sel = pf_strndup(run->arena, spec, (size_t)(eq - spec));
	for (i = 0; i < pf_rule_table_n; i++)
		if (pf_rules_selects(sel, &pf_rule_table[i]))
			ov[i] = s;
	return 0;
}

static const char *
first_set(const char *a, const char *b, const char *c)
{
	return a != NULL ? a : b != NULL ? b : c;
}

/*
 * One finding for many subjects.  A route, a worker or a setting of the
 * main server applies in every vhost, so a rule that judges vhost by
 * vhost finds the same thing at the same line once per vhost: Debian's
 * stock php8.2-fpm.conf (a main-server <FilesMatch> SetHandler) gave
 * sethandler-no-file-check once per vhost, 500 identical lines for 500
 * vhosts.  Findings of one rule with the same location, severity,
 * message, fix and notes, that differ only in their subject, become the
 * first of them, naming the subjects in its message ("for a.test,
 * b.test and 498 more") and with no subject of its own, so its
 * fingerprint (rule, file, line text) does not change as vhosts come
 * and go.
 */
#define MERGE_NAMED	3	/* subjects named before "and N more" */

struct mgroup {
	size_t		 head;		/* index of the first finding */
	size_t		 n;		/* findings in the group */
	const char	*names[MERGE_NAMED];
};

static int
same_finding(const struct pf_diag *a, const struct pf_diag *b)
{
	size_t i;

	if (a->rule != b->rule || a->sev != b->sev ||
	    a->loc.file != b->loc.file || a->loc.line != b->loc.line ||
	    a->loc.col != b->loc.col || a->nrelated != b->nrelated ||
	    strcmp(a->message, b->message) != 0 ||
	    (a->fix == NULL) != (b->fix == NULL) ||
	    (a->fix != NULL && strcmp(a->fix, b->fix) != 0))
		return 0;
	for (i = 0; i < a->nrelated; i++)
		if (a->related[i].loc.file != b->related[i].loc.file ||
		    a->related[i].loc.line != b->related[i].loc.line ||
		    a->related[i].loc.col != b->related[i].loc.col ||
		    strcmp(a->related[i].message, b->related[i].message) != 0)
			return 0;
	return 1;
}

static void
merge_subjects(struct pf_run *run, size_t first)
{
	size_t n = run->diags.n, cap, i, k, g, ng = 0, out;
	size_t *slot;		/* hash slot -> group index + 1 */
	struct mgroup *gr;
	unsigned char *drop;

	if (n - first < 2)
		return;
	for (cap = 16; cap < 2 * (n - first); cap *= 2)
		;
	slot = pf_xzalloc(cap, sizeof(*slot));
	gr = pf_xmalloc((n - first) * sizeof(*gr));
	drop = pf_xzalloc(n - first, 1);
	for (i = first; i < n; i++) {
		const struct pf_diag *d = run->diags.v[i];
		uint64_t h = 14695981039346656037ULL;

		if (d->rule == NULL || d->subject == NULL || d->suppressed)
			continue;
		h = mix(h, &d->rule, sizeof(d->rule));
		h = mix(h, &d->loc.file, sizeof(d->loc.file));
		h = mix(h, &d->loc.line, sizeof(d->loc.line));
		h = mix(h, d->message, strlen(d->message));
		for (k = h & (cap - 1); slot[k] != 0; k = (k + 1) & (cap - 1))
			if (same_finding(run->diags.v[gr[slot[k] - 1].head], d))
				break;
		if (slot[k] == 0) {
			gr[ng].head = i;
			gr[ng].n = 1;
			gr[ng].names[0] = d->subject;
			slot[k] = ++ng;
			continue;
		}
		g = slot[k] - 1;
		if (gr[g].n < MERGE_NAMED)
			gr[g].names[gr[g].n] = d->subject;
		gr[g].n++;
		drop[i - first] = 1;
	}
	for (g = 0; g < ng; g++) {
		struct pf_diag *d = run->diags.v[gr[g].head];
		size_t named = gr[g].n < MERGE_NAMED ? gr[g].n : MERGE_NAMED;
		char *list;

		if (gr[g].n < 2)
			continue;
		list = pf_printf(run->arena, "%s", gr[g].names[0]);
		for (k = 1; k < named; k++)
			list = pf_printf(run->arena, "%s%s%s", list,
			    k + 1 == gr[g].n ? " and " : ", ", gr[g].names[k]);
		if (gr[g].n > named)
			list = pf_printf(run->arena, "%s and %zu more", list,
			    gr[g].n - named);
		d->message = pf_printf(run->arena, "%s (for %s)", d->message,
		    list);
		d->subject = NULL;
	}
	for (i = first, out = first; i < n; i++) {
		if (drop[i - first]) {
			run->count[run->diags.v[i]->sev]--;
			continue;
		}
		run->diags.v[out++] = run->diags.v[i];
	}
	run->diags.n = out;
	free(slot);
	free(gr);
	free(drop);
}

void
pf_rctx_fork(struct pf_rctx *c, struct pf_rctx *c2, struct pf_arena *a)
{
	*c2 = *c;
	c2->run = pf_diag_sink_new(c->run, a);
	c2->fork = pf_xzalloc(1, sizeof(*c2->fork));
	c2->seen = &c2->fork->seen;
	/* What the fork adds to is its own (its arena); what it may not
	 * touch is emptied (c's, written by c's thread meanwhile). */
	memset(&c2->vpools, 0, sizeof(c2->vpools));
	memset(&c2->exposed, 0, sizeof(c2->exposed));
	memset(&c2->exposed_by, 0, sizeof(c2->exposed_by));
	memset(&c2->exposed_map, 0, sizeof(c2->exposed_map));
	memset(&c2->alias_file, 0, sizeof(c2->alias_file));
	memset(&c2->rel_sets, 0, sizeof(c2->rel_sets));
	memset(&c2->rel_set, 0, sizeof(c2->rel_set));
	c2->vpx_n = 0;
	memset(&c2->vp_by_vhost, 0, sizeof(c2->vp_by_vhost));
	memset(&c2->vp_by_pool, 0, sizeof(c2->vp_by_pool));
	c2->vp_next = NULL;
	c2->sites_pool = NULL;
	c2->sites_n = NULL;
	c2->sites_cap = 0;
}

void
pf_rfork_mark(struct pf_rctx *c, const struct pf_diag *d, struct pf_pool *p,
    const struct pf_node *why)
{
	struct pf_rfork *f = c->fork;

	if (f->nmarks == f->cmarks) {
		f->cmarks = f->cmarks ? f->cmarks * 2 : 64;
		f->marks = pf_xrealloc(f->marks, f->cmarks * sizeof(*f->marks));
	}
	f->marks[f->nmarks].pool = p;
	f->marks[f->nmarks].why = why;
	f->marks[f->nmarks].cond = d != NULL ? (size_t)d->seq + 1 : 0;
	f->nmarks++;
}

void
pf_rctx_join(struct pf_rctx *c, struct pf_rctx *c2)
{
	struct pf_rfork *f = c2->fork;
	struct pf_run *sink = c2->run;
	unsigned char *kept = pf_xzalloc(sink->diags.n + 1, 1);
	size_t i;

	/* The findings, as pf_finding() would have taken them after c's:
	 * the same dedupe (a fork's duplicate was a duplicate here too),
	 * the same cap. */
	for (i = 0; i < sink->diags.n; i++) {
		struct pf_diag *d = sink->diags.v[i];
		uint64_t key = i < f->nkeys ? f->keys[i] : 0;

		if (key != 0 && c->seen != NULL && !seen_add(c->seen, key))
			continue;
		kept[i] = (unsigned char)pf_diag_sink_put(c->run, d);
	}
	for (i = 0; i < f->nmarks; i++) {
		size_t k = f->marks[i].cond;

		if (k != 0 && (k > sink->diags.n || !kept[k - 1]))
			continue;
		pf_mark_exposed(c, f->marks[i].pool, f->marks[i].why);
	}
	for (i = 0; i < c2->vpools.n; i++)
		PF_PUSH(c->run->arena, c->vpools, c2->vpools.v[i]);
	c->run->io_error |= sink->io_error;
	free(kept);
	free(f->seen.h);
	free(f->keys);
	free(f->marks);
	free(f);
	c2->fork = NULL;
	pf_diag_sink_free(sink);
	pf_arena_adopt(c->run->arena, sink->arena);
	c2->run = NULL;
}

/* run->route_pool: the link index outlives the rules (run's arena). */
static struct pf_pool *
route_pool(const void *ctx, const struct pf_route *r, const struct pf_vhost *v)
{
	return pf_link_route_pool(ctx, r, v);
}

int
pf_rules_run(struct pf_run *run, const struct pf_rules_opts *o)
{
	static const struct pf_rules_opts none;
	struct pf_rctx c;
	struct seen seen = { NULL, 0, 0 };
	size_t i, j, first;
	const char *memo;
	int rc = 0;

	if (o == NULL)
		o = &none;
	memset(&c, 0, sizeof(c));
	c.npool_users = -1;
	c.run = run;
	c.m = pf_model_get(run);
	c.opts = o;
	c.enabled = pf_alloc(run->arena, pf_rule_table_n);
	c.sev_override = pf_alloc(run->arena, pf_rule_table_n * sizeof(int));
	for (i = 0; i < pf_rule_table_n; i++) {
		c.enabled[i] = o->nenable == 0;
		for (j = 0; j < o->nenable; j++)
			if (pf_rules_selects(o->enable[j], &pf_rule_table[i]))
				c.enabled[i] = 1;
		for (j = 0; j < o->ndisable; j++)
			if (pf_rules_selects(o->disable[j], &pf_rule_table[i]))
				c.enabled[i] = 0;
		c.sev_override[i] = -1;
	}
	for (j = 0; j < o->nseverity; j++)
		if (apply_severity(run, c.sev_override, o->severity[j]) < 0)
			pf_diag_add(run, PF_SEV_WARNING, "rules-severity",
			    PF_NOLOC, "ignoring --severity '%s' (expected "
			    "ID=critical|high|medium|low|info)", o->severity[j]);
	c.apache_version = first_set(o->apache_version,
	    c.m->apache != NULL ? c.m->apache->version : NULL,
	    c.m->host.apache_version.s);
	c.php_version = first_set(o->php_version, c.m->host.php_version.s,
	    NULL);
	if (c.php_version == NULL)
		for (i = 0; i < c.m->pools.n; i++)
			if (c.m->pools.v[i]->php_version.s != NULL) {
				c.php_version = c.m->pools.v[i]->php_version.s;
				break;
			}

	if (c.php_version == NULL)
		c.php_version = pf_php_detect(&c);
	run->apache_version = c.apache_version;
	run->php_version = c.php_version;

	c.lx = pf_link_indexed(run);
	run->route_pool = route_pool;
	run->route_pool_ctx = c.lx;
	c.wdirs = pf_wdirs_build(run, o);
	c.sim = pf_sim_new(run, c.wdirs);
	pf_sim_links(c.sim, c.lx);
	/* Vhosts of one shape share the simulator's answers (sim_memo.c);
	 * PF_RULES_MEMO=off simulates each, =verify both and compares. */
	memo = getenv("PF_RULES_MEMO");
	pf_sim_memo_mode(c.sim, memo != NULL && strcmp(memo, "off") == 0 ?
	    PF_SIM_MEMO_OFF : memo != NULL && strcmp(memo, "verify") == 0 ?
	    PF_SIM_MEMO_VERIFY : PF_SIM_MEMO_ON);

	first = run->diags.n;
	for (i = 0; i < pf_rule_table_n && !c.enabled[i]; i++)
		;
	if (i == pf_rule_table_n)
		return 0;	/* --disable all: nothing to judge */
	c.seen = &seen;
	pf_pass_routing(&c);
	pf_pass_uploads(&c);
	pf_pass_docroot_links(&c);
	pf_pass_fpm(&c);
	pf_pass_php(&c);
	pf_pass_apache(&c);
	pf_pass_remoteip(&c);
	pf_pass_loopback_acl(&c);
	pf_pass_forward_proxy(&c);
	pf_pass_balancer(&c);
	pf_pass_sizing(&c);
	pf_pass_cross(&c);
	pf_pass_version(&c);
	c.seen = NULL;
	free(seen.h);
	merge_subjects(run, first);
	if (memo != NULL && strcmp(memo, "verify") == 0) {
		struct pf_sim_memo_stats st;

		pf_sim_memo_stats(c.sim, &st);
		pf_diag_add(run, PF_SEV_NOTE, "rules-memo", PF_NOLOC,
		    "simulator memo: %zu vhosts, %zu shapes, %zu simulated in "
		    "full; %zu answers from the memo, %zu simulated; %zu "
		    "differed", st.vhosts, st.classes, st.unmemoized, st.hits,
		    st.misses, st.mismatches);
	}

	/* Baselines match by fingerprint; the reports add them otherwise. */
	if (o->baseline != NULL || o->write_baseline != NULL)
		pf_fingerprint_all(run, first);
	if (!o->no_inline)
		pf_suppress_inline(run, first);
	if (o->baseline != NULL && pf_baseline_apply(run, o->baseline,
	    first) < 0)
		rc = -1;
	if (o->write_baseline != NULL && pf_baseline_write(run,
	    o->write_baseline, first) < 0)
		rc = -1;
	return rc;
}
