/*
 * report.h - rendering the run's diagnostics and findings.
 *
 * One list, many renderings: each format is a function in a table, chosen
 * by name (--format NAME[:FILE]).  Renderers print what pf_run holds,
 * sorted with pf_run_sort_diags(); they add fingerprints to diagnostics
 * that have none (pf_fingerprint_run) and otherwise leave the list alone.
 * docs/reports.md describes every format; docs/report-schema.json is the
 * schema of the json format.
 */
#ifndef PF_REPORT_H
#define PF_REPORT_H

#include <stdio.h>

#include "model/run.h"

/* Version of the json report's schema (docs/report-schema.json). */
#define PF_REPORT_JSON_VERSION	1
/* Where a rule's documentation lives: this prefix + id + ".md". */
#ifndef PF_RULE_DOCS_URL
#define PF_RULE_DOCS_URL \
	"https://github.com/proxyfpm/proxyfpm/blob/main/docs/rules/"
#endif

struct pf_report_opts {
	int		 color;		/* ANSI colour (text only) */
	int		 redact;	/* hide secrets (default on) */
	const char	*command;	/* "lint", "check", ... */
	/*
	 * Paths are shown relative to base_dir when below it, and SARIF
	 * URIs are relative to it (uriBaseId SRCROOT); an absolute path.
	 * cwd is the directory relative source paths are relative to
	 * (NULL: base_dir).
	 */
	const char	*base_dir;
	enum pf_severity fail_on;	/* threshold used for the exit code */
	const char	*apache_version, *php_version; /* inputs, if known */
	int		 show_suppressed;
	const char	*cwd;
	/* The version reports name (NULL: PF_VERSION); tests pin it. */
	const char	*tool_version;
	/* The time reports that need one show (JUnit, HTML), in seconds
	 * since the epoch; only if time_set (SOURCE_DATE_EPOCH pins it). */
	long long	 time;
	int		 time_set;
	/* Prefix of rule documentation URIs (NULL: PF_RULE_DOCS_URL). */
	const char	*rule_docs_url;
};

struct pf_report_format {
	const char	*name;
	const char	*summary;
	/* Returns 0, or -1 after an I/O error on the stream. */
	int		(*render)(struct pf_run *, FILE *,
			    const struct pf_report_opts *);
};

/* NULL-terminated table of every format. */
extern const struct pf_report_format pf_report_formats[];
const struct pf_report_format *pf_report_find(const char *name);

int	pf_report_text(struct pf_run *, FILE *, const struct pf_report_opts *);
int	pf_report_compact(struct pf_run *, FILE *,
	    const struct pf_report_opts *);
int	pf_report_json(struct pf_run *, FILE *, const struct pf_report_opts *);
int	pf_report_sarif(struct pf_run *, FILE *, const struct pf_report_opts *);
int	pf_report_junit(struct pf_run *, FILE *, const struct pf_report_opts *);
int	pf_report_checkstyle(struct pf_run *, FILE *,
	    const struct pf_report_opts *);
int	pf_report_github(struct pf_run *, FILE *,
	    const struct pf_report_opts *);
int	pf_report_gitlab(struct pf_run *, FILE *,
	    const struct pf_report_opts *);
int	pf_report_html(struct pf_run *, FILE *, const struct pf_report_opts *);

/*
 * The rule list as JSON, for 'proxyfpm rules --format json': an object
 * {"format": "proxyfpm-rules", "version": 1, "tool": {...}, "rules":
 * [{"id", "name", "severity", "category", "summary", "help", "help_uri",
 * "security_severity", "sarif_level"}]} in the order given (the registry's
 * order; sort first if you want it sorted).  o may be NULL.  Returns 0,
 * or -1 after an I/O error.
 */
int	pf_report_rules_json(FILE *, const struct pf_rule_info *const *rules,
	    size_t nrules, const struct pf_report_opts *o);

/*
 * Whether the run fails with the given threshold: 3 (PF_EXIT_INPUT's
 * value) if it holds an error diagnostic, 1 if a finding that is not
 * suppressed is at or above fail_on (PF_SEV_MAX: never), else 0.
 * Diagnostics over the storage cap count too.
 */
int	pf_report_failing(const struct pf_run *, enum pf_severity fail_on);

/* Shared helpers for renderers. */
/* The path to show for a source (relative to base_dir when below it). */
const char *pf_report_path(struct pf_run *, uint32_t file,
	    const struct pf_report_opts *);

#endif
