/*
 * selftest_report.c - the verdict table and the findings of a selftest.
 *
 * A probe that did not come out as the site means is a finding
 * (selftest-probe-failed) at the place that says what the site means:
 * the site description's key for compiled sites (upload_dirs,
 * front_controller, pathinfo, status_allow, handler), the routing
 * directive of a deployed configuration.  PHP running a file it must
 * not run is critical when the file is not a .php script, high
 * otherwise.  With --compare-simulator, every probe where proxyfpm's
 * simulator predicts something else than the real servers did is a
 * finding too (selftest-simulator-disagrees).
 */
#include <stdarg.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/selftest.h"

static const struct pf_rule_info rule_probe;
static const struct pf_rule_info rule_sim;

/* selftest's finding ids, for 'proxyfpm explain' (cli.h). */
const struct pf_rule_info *
pf_selftest_rule(const char *id)
{
	if (strcmp(id, rule_probe.id) == 0)
		return &rule_probe;
	if (strcmp(id, rule_sim.id) == 0)
		return &rule_sim;
	return NULL;
}

static const struct pf_rule_info rule_probe = {
	"selftest-probe-failed", "selftest probe failed", PF_SEV_MEDIUM,
	"a request to the real Apache in front of the site's pool did not "
	"come out as the site means", "selftest",
	"proxyfpm selftest starts the real apache2 with the configuration "
	"under test on a private port, proxyfpm's FastCGI runtime (or, with "
	"--fpm, the real php-fpm) on the pool's socket, lays out probe files "
	"(PHP scripts, an image holding PHP code in every upload folder, "
	"hidden files) and sends a matrix of requests.  This finding says "
	"which request came out differently than the site means, and what "
	"the real servers did instead.  See docs/selftest.md.",
};

static const struct pf_rule_info rule_sim = {
	"selftest-simulator-disagrees", "simulator disagrees with the real "
	"servers", PF_SEV_MEDIUM,
	"proxyfpm's request simulator predicts another outcome than real "
	"Apache and PHP-FPM produced", "selftest",
	"The request simulator is what lint's routing rules rely on; the "
	"real servers are the truth it is held to.  A disagreement is a bug "
	"in proxyfpm (or a case it does not model): please report it with "
	"the configuration.  See docs/selftest.md.",
};

void
st_error(struct st_ctx *c, const char *id, struct pf_loc loc,
    const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	pf_diag_vadd(c->run, PF_SEV_ERROR, id, loc, fmt, ap);
	va_end(ap);
}

static const char *
shown(struct st_ctx *c, const char *path)
{
	return path ? st_to_target(c, path) : "-";
}

static const char *
observed(struct st_ctx *c, const struct st_probe *p)
{
	if (p->obs == ST_NONE)
		return "-";
	if (p->obs == ST_OTHER || p->obs == ST_NOANSWER ||
	    p->obs == ST_REDIRECT)
		return pf_printf(c->a, "%s%s%s%s", st_obs_name(p->obs),
		    p->detail ? " (" : "", p->detail ? p->detail : "",
		    p->detail ? ")" : "");
	if (p->obs == ST_ERROR)
		return pf_printf(c->a, "%d", p->status);
	return st_obs_name(p->obs);
}

static const char *
predicted(struct st_ctx *c, const struct st_probe *p)
{
	if (p->obs == ST_NONE)
		return "-";
	if (p->sim_na)
		return pf_printf(c->a, "n/a (%s)", p->sim_na);
	if (p->sim == ST_EXEC)
		return pf_printf(c->a, "PHP runs %s", shown(c, p->sim_exec));
	return st_obs_name(p->sim);
}

static int
is_php_name(const char *path)
{
	const char *dot = path ? strrchr(path, '.') : NULL;

	return dot != NULL && strcmp(dot, ".php") == 0;
}

static const char *
url_shown(struct st_ctx *c, const struct st_probe *p)
{
	return p->outside ? pf_printf(c->a, "%s (outside)", p->url) : p->url;
}

static const char *
file_shown(struct st_ctx *c, const struct st_probe *p)
{
	return p->obs == ST_EXEC ? shown(c, p->obs_exec) : "-";
}

static int
shown_probe(const struct st_probe *p)
{
	return p->t->skip == NULL && p->obs != ST_NONE;
}

/* One vhost's rows, in columns as wide as their widest cell. */
static void
table_target(struct st_ctx *c, FILE *f, size_t from, size_t to)
{
	int w[4] = { 3, 8, 8, 13 };
	size_t i;

	for (i = from; i < to; i++) {
		const struct st_probe *p = &c->probes.v[i];
		int l[4];

		if (!shown_probe(p))
			continue;
		l[0] = (int)strlen(url_shown(c, p));
		l[1] = (int)strlen(p->expect);
		l[2] = (int)strlen(observed(c, p));
		l[3] = (int)strlen(file_shown(c, p));
		for (int k = 0; k < 4; k++)
			if (l[k] > w[k])
				w[k] = l[k];
	}
	fprintf(f, "  %-*s  %-*s  %-*s  %-*s  %s%s\n", w[0], "URL", w[1],
	    "expected", w[2], "observed", w[3], "executed file", "verdict",
	    c->compare_sim ? "  simulator" : "");
	for (i = from; i < to; i++) {
		const struct st_probe *p = &c->probes.v[i];
		const char *v;

		if (!shown_probe(p))
			continue;
		v = p->allow == ~0u ? "--" : p->ok ? "OK" : "FAIL";
		if (c->compare_sim)
			fprintf(f, "  %-*s  %-*s  %-*s  %-*s  %-7s  %s%s\n",
			    w[0], url_shown(c, p), w[1], p->expect, w[2],
			    observed(c, p), w[3], file_shown(c, p), v,
			    p->sim_na ? "" : p->agree ? "= " : "DIFFERS: ",
			    predicted(c, p));
		else
			fprintf(f, "  %-*s  %-*s  %-*s  %-*s  %s\n", w[0],
			    url_shown(c, p), w[1], p->expect, w[2],
			    observed(c, p), w[3], file_shown(c, p), v);
	}
}

void
st_table(struct st_ctx *c, FILE *f)
{
	size_t i, j, n = 0, bad = 0, dis = 0, na = 0;

	for (i = 0; i < c->targets.n; i++) {
		const struct st_target *t = c->targets.v[i];

		if (t->skip != NULL)
			fprintf(f, "%s: not probed: %s\n", t->label, t->skip);
	}
	for (i = 0; i < c->probes.n; i = j) {
		const struct st_target *t = c->probes.v[i].t;

		for (j = i; j < c->probes.n && c->probes.v[j].t == t; j++)
			;
		if (t->skip != NULL)
			continue;
		fprintf(f, "\n%s: %s on 127.0.0.1:%d, document root %s, %s\n",
		    t->label, t->host, t->port, shown(c, t->docroot),
		    c->real_fpm ? "php-fpm" : "proxyfpm's runtime");
		table_target(c, f, i, j);
	}
	for (i = 0; i < c->probes.n; i++) {
		const struct st_probe *p = &c->probes.v[i];

		if (!shown_probe(p))
			continue;
		n++;
		if (!p->ok && p->allow != ~0u)
			bad++;
		if (c->compare_sim && !p->agree)
			dis++;
		if (c->compare_sim && p->sim_na)
			na++;
	}
	fprintf(f, "\nselftest: %zu probes, %zu failed", n, bad);
	if (c->compare_sim)
		fprintf(f, "; simulator: %zu agree, %zu differ, %zu not "
		    "comparable", n - dis - na, dis, na);
	fprintf(f, "; apache2 listening after %d ms, verdict after %.0f ms\n",
	    c->apache_ms, c->t_probes - c->t_start);
}

void
st_findings(struct st_ctx *c)
{
	struct pf_diag *d;
	struct pf_loc at, route;
	size_t i;

	for (i = 0; i < c->probes.n; i++) {
		const struct st_probe *p = &c->probes.v[i];
		enum pf_severity sev = p->sev;
		const char *what;

		if (p->t->skip != NULL || p->obs == ST_NONE)
			continue;
		route = st_report_loc(c, p->route_loc);
		at = p->loc;
		/* A deployed configuration: the directive that routed it to
		 * FastCGI, else the Require that let it through. */
		if (p->t->site == NULL && route.file != 0)
			at = route;
		else if (p->t->site == NULL && p->obs != ST_EXEC &&
		    st_report_loc(c, p->authz_loc).file != 0)
			at = st_report_loc(c, p->authz_loc);
		if (!p->ok && p->allow != ~0u) {
			if (p->obs == ST_EXEC && !(p->allow & ST_BIT(ST_EXEC)))
				sev = is_php_name(p->obs_exec) ? PF_SEV_HIGH :
				    PF_SEV_CRITICAL;
			what = p->obs == ST_EXEC ? pf_printf(c->a,
			    "PHP ran %s", shown(c, p->obs_exec)) :
			    observed(c, p);
			d = pf_diag_add(c->run, sev, rule_probe.id, at,
			    "%s%s on %s: expected %s, got %s (%s)", p->url,
			    p->outside ? " from outside" : "", p->t->host,
			    p->expect, what, p->why ? p->why : "");
			d->rule = &rule_probe;
			d->subject = p->t->label;
			if (route.file != 0 && (route.file != at.file ||
			    route.line != at.line))
				pf_diag_related(c->run, d, route, "the "
				    "request was routed here");
			if (p->obs == ST_EXEC && p->ext_loc.file != 0 &&
			    (at = st_report_loc(c, p->ext_loc)).file != 0)
				pf_diag_related(c->run, d, at,
				    "security.limit_extensions let it run");
		}
		if (c->compare_sim && !p->agree) {
			d = pf_diag_add(c->run, rule_sim.severity, rule_sim.id,
			    route.file ? route : p->t->loc,
			    "%s%s on %s: real Apache and %s: %s%s%s; "
			    "proxyfpm's simulator: %s (%s)", p->url,
			    p->outside ? " from outside" : "", p->t->host,
			    c->real_fpm ? "php-fpm" : "the runtime",
			    observed(c, p), p->obs == ST_EXEC ? " " : "",
			    p->obs == ST_EXEC ? shown(c, p->obs_exec) : "",
			    predicted(c, p), p->sim_desc ? p->sim_desc : "");
			d->rule = &rule_sim;
			d->subject = p->t->label;
		}
	}
}
