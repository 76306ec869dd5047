/*
 * fixtures.h - runs built in code for the report tests: real file text,
 * reader diagnostics and rule findings with related locations, Include
 * chains, generated text with origins, suppressed findings, secrets to
 * redact and hostile bytes, plus a model with vhosts, routes and pools.
 *
 * Until the readers and rules produce such runs from real inputs, these
 * are the inputs of the golden tests; every format renders each fixture.
 */
#ifndef PF_TEST_FIXTURES_H
#define PF_TEST_FIXTURES_H

#include "emitters/report.h"
#include "model/run.h"

struct fixture {
	const char	*name;
	struct pf_run	*(*build)(void);
	const char	*command;
	const char	*base_dir;	/* --report-base (and the cwd) */
};

extern const struct fixture fixtures[];

/* Secrets the fixtures hold; no report may show one unless --no-redact. */
extern const char *const fixture_secrets[];

/* Report options the goldens use (pinned version and time). */
void	fixture_opts(const struct fixture *, struct pf_report_opts *);

/* Rule metadata the fixtures point at. */
extern const struct pf_rule_info fx_rule_greedy, fx_rule_secret_env,
	    fx_rule_setenv_secret, fx_rule_sizing, fx_rule_shared_pool,
	    fx_rule_upload_php;

#endif
