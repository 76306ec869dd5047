/*
 * common.c - rule selection, suppression options and the project
 * configuration file (.proxyfpm.ini).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/common.h"
#include "model/suggest.h"

void
pf_rules_cli_init(struct pf_rules_cli *r)
{
	memset(r, 0, sizeof(*r));
}

void
pf_rules_cli_free(struct pf_rules_cli *r)
{
	free(r->opts.enable);
	free(r->opts.disable);
	free(r->opts.severity);
	pf_project_conf_free(r->project);
	memset(r, 0, sizeof(*r));
}

static int
push(const char ***v, size_t *n, const char *s)
{
	const char **nv = realloc(*v, (*n + 1) * sizeof(**v));

	if (nv == NULL)
		return -1;
	nv[(*n)++] = s;
	*v = nv;
	return 0;
}

static int
check_selector(const char *opt, const char *sel)
{
	struct pf_suggest s;
	const char *best;
	size_t i, n = pf_rules_count();

	if (pf_rules_selector_ok(sel))
		return 0;
	pf_suggest_init(&s, sel);
	for (i = 0; i < n; i++) {
		pf_suggest_add(&s, pf_rules_get(i)->id);
		pf_suggest_add(&s, pf_rules_get(i)->category);
	}
	if ((best = pf_suggest_best(&s)) != NULL)
		fprintf(stderr, "proxyfpm: %s: no rule, category or pattern "
		    "'%s'; did you mean '%s'?\n", opt, sel, best);
	else
		fprintf(stderr, "proxyfpm: %s: no rule, category or pattern "
		    "'%s' (see 'proxyfpm rules')\n", opt, sel);
	return -1;
}

int
pf_rules_opt(struct pf_rules_cli *r, int opt, const char *arg)
{
	const char *eq;
	char sel[256];
	int s;

	switch (opt) {
	case PF_OPT_ENABLE:
		if (check_selector("--enable", arg) < 0)
			return -1;
		return push(&r->opts.enable, &r->opts.nenable, arg) ? -1 : 1;
	case PF_OPT_DISABLE:
		if (check_selector("--disable", arg) < 0)
			return -1;
		return push(&r->opts.disable, &r->opts.ndisable, arg) ? -1 : 1;
	case PF_OPT_SEVERITY:
		eq = strchr(arg, '=');
		if (eq == NULL || eq == arg || (size_t)(eq - arg) >= sizeof(sel)) {
			fprintf(stderr, "proxyfpm: --severity takes ID=SEVERITY "
			    "(e.g. expose-php=low)\n");
			return -1;
		}
		memcpy(sel, arg, (size_t)(eq - arg));
		sel[eq - arg] = '\0';
		s = pf_sev_parse(eq + 1);
		if (check_selector("--severity", sel) < 0)
			return -1;
		if (s < 0 || !pf_sev_is_finding((enum pf_severity)s)) {
			fprintf(stderr, "proxyfpm: --severity: '%s' is not one "
			    "of critical, high, medium, low, info\n", eq + 1);
			return -1;
		}
		return push(&r->opts.severity, &r->opts.nseverity, arg) ? -1 : 1;
	case PF_OPT_BASELINE:
		r->opts.baseline = arg;
		return 1;
	case PF_OPT_WRITE_BASELINE:
		r->opts.write_baseline = arg;
		return 1;
	case PF_OPT_NO_INLINE:
		r->opts.no_inline = 1;
		return 1;
	case PF_OPT_CONFIG:
		r->config = arg;
		return 1;
	case PF_OPT_NO_CONFIG:
		r->no_config = 1;
		return 1;
	case PF_OPT_FAIL_ON:
		r->fail_on_given = 1;
		return 0;
	default:
		return 0;
	}
}

int
pf_rules_cli_finish(struct pf_rules_cli *r, struct pf_report_cli *rep,
    const char *command)
{
	struct pf_project_conf *pc;
	const char **sev = NULL;
	size_t i, nsev = 0;

	if (r->no_config)
		return 0;
	pc = r->config != NULL ? pf_project_conf_load(r->config) :
	    pf_project_conf_find(NULL);
	if (pc == NULL)
		return 0;
	r->project = pc;
	if (pc->error != NULL) {
		fprintf(stderr, "proxyfpm %s: %s\n", command, pc->error);
		return -1;
	}
	if (pc->fail_on >= 0 && !r->fail_on_given && rep != NULL)
		rep->opts.fail_on = (enum pf_severity)pc->fail_on;
	if (pc->baseline != NULL && r->opts.baseline == NULL)
		r->opts.baseline = pc->baseline;
	for (i = 0; i < pc->ndisable; i++)
		if (push(&r->opts.disable, &r->opts.ndisable, pc->disable[i]))
			return -1;
	if (r->opts.nenable == 0)
		for (i = 0; i < pc->nenable; i++)
			if (push(&r->opts.enable, &r->opts.nenable,
			    pc->enable[i]))
				return -1;
	/* The file's severities first, so the command line's win. */
	for (i = 0; i < pc->nseverity; i++)
		if (push(&sev, &nsev, pc->severity[i]))
			return -1;
	for (i = 0; i < r->opts.nseverity; i++)
		if (push(&sev, &nsev, r->opts.severity[i]))
			return -1;
	free(r->opts.severity);
	r->opts.severity = sev;
	r->opts.nseverity = nsev;
	return 0;
}

void
pf_opt_suggest(const char *command, const struct option *longopts,
    int argc, char **argv)
{
	struct pf_suggest s;
	const struct option *o;
	const char *w, *best;
	char name[64];
	size_t n;

	/* An unknown long option leaves optopt 0 and optind past it (a
	 * missing argument or a short option sets optopt). */
	if (optopt != 0 || optind < 1 || optind > argc)
		return;
	w = argv[optind - 1];
	if (w == NULL || strncmp(w, "--", 2) != 0)
		return;
	w += 2;
	n = strcspn(w, "=");
	if (n == 0 || n >= sizeof(name))
		return;
	memcpy(name, w, n);
	name[n] = '\0';
	pf_suggest_init(&s, name);
	for (o = longopts; o->name != NULL; o++) {
		/* A prefix of several options is ambiguous, not a typo:
		 * getopt_long has listed them. */
		if (strncmp(o->name, name, n) == 0)
			return;
		pf_suggest_add(&s, o->name);
	}
	if ((best = pf_suggest_best(&s)) != NULL)
		fprintf(stderr, "proxyfpm %s: did you mean '--%s'?\n", command,
		    best);
}
