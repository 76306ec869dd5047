/*
 * rules.h - the rule engine: runs every enabled rule on the run's model.
 *
 * The same rules judge a site description (check, compile: the model is
 * filled by the description reader, or by reading compile's output back as
 * PF_SRC_GENERATED sources) and a deployed tree (lint).  Findings are
 * ordinary diagnostics with rule != NULL; suppressed ones stay in the run
 * with d->suppressed set to the reason.
 */
#ifndef PF_RULES_H
#define PF_RULES_H

#include <stdio.h>

#include "model/run.h"

struct pf_rules_opts {
	/*
	 * --enable runs only the named rules, --disable removes rules; each
	 * entry is a rule id, a category (routing, sizing, version, ...) or
	 * a shell pattern over ids ("cve-*").
	 */
	const char	**enable, **disable;
	size_t		 nenable, ndisable;
	const char	*baseline;		/* accepted findings file */
	const char	*php_version, *apache_version;
	int		 no_inline;		/* ignore inline suppressions */
	/* "ID=SEVERITY" (ID may be a category or pattern), repeatable. */
	const char	**severity;
	size_t		 nseverity;
	/* Write every unsuppressed finding of this run as a baseline. */
	const char	*write_baseline;
	/*
	 * --upload-dir: directories attackers can write, for every vhost
	 * (relative ones are below each DocumentRoot).  Used where the
	 * reader did not put them in pf_vhost.upload_dirs.
	 */
	const char	**upload_dirs;
	size_t		 nupload_dirs;
};

/*
 * Runs the rules; findings are added to the run.  Links PHP routes to the
 * pools they reach first (route->pool, pool->used).  Returns 0, or -1
 * when the baseline could not be read or written (an error diagnostic
 * says why).
 */
int	pf_rules_run(struct pf_run *, const struct pf_rules_opts *);

/* The registry: every rule in listing order, with its doc as help. */
size_t	pf_rules_count(void);
const struct pf_rule_info *pf_rules_get(size_t);
/* Looks a rule up by id (case-insensitive); NULL if unknown. */
const struct pf_rule_info *pf_rules_find(const char *id);
/* Nonzero if sel (id, category or pattern) names at least one rule. */
int	pf_rules_selector_ok(const char *sel);
/* Nonzero if rule info is selected by sel. */
int	pf_rules_selects(const char *sel, const struct pf_rule_info *);

/*
 * The project configuration file (.proxyfpm.ini), looked up from dir
 * (NULL: the working directory) towards /:
 *
 *   [proxyfpm]
 *   fail-on = high
 *   min-severity = low
 *   disable = expose-php, cve-*
 *   enable = ...
 *   baseline = proxyfpm-baseline.txt   ; relative to the file's directory
 *   [severity]
 *   open-basedir-missing = medium
 *
 * fail-on (or fail_on) takes the values of --fail-on: critical, high,
 * medium, low, info, or none (never: the same).  min-severity (or
 * min_severity) takes those of --min-severity.
 *
 * Values are strings owned by the returned object; lists are split on
 * commas and whitespace.
 */
struct pf_project_conf {
	const char	*path;			/* the file read */
	int		 fail_on;		/* severity, or -1 if not set */
	int		 min_sev;		/* severity, or -1 if not set */
	const char	**enable, **disable, **severity;
	size_t		 nenable, ndisable, nseverity;
	const char	*baseline;		/* absolute or as written */
	/*
	 * NULL, or every problem of the file, one a line, as a compiler says
	 * them: "PATH:LINE:COL: error: unknown setting 'x'; did you mean
	 * ...", and error_line the first one's line; or, with error_line 0,
	 * "cannot read PATH: reason".
	 */
	char		*error;
	uint32_t	 error_line;
};

/* Returns NULL if no file was found; check ->error for bad content. */
struct pf_project_conf *pf_project_conf_find(const char *dir);
struct pf_project_conf *pf_project_conf_load(const char *path);
void	pf_project_conf_free(struct pf_project_conf *);

#endif
