/*
 * rules.h - the rule engine: runs every enabled rule on the run's model.
 */
#ifndef PF_RULES_H
#define PF_RULES_H

#include "model/run.h"

struct pf_rules_opts {
	const char	**enable, **disable;	/* rule ids */
	size_t		 nenable, ndisable;
	const char	*baseline;		/* accepted findings file */
	const char	*php_version, *apache_version;
	int		 no_inline;		/* ignore inline suppressions */
};

/* Runs the rules; findings are added to the run. Returns 0. */
int	pf_rules_run(struct pf_run *, const struct pf_rules_opts *);

#endif
