/*
 * report.h - rendering the run's diagnostics and findings.
 *
 * One list, many renderings: each format is a function in a table, chosen
 * by name (--format NAME[:FILE]).  Renderers never change the list; they
 * print what pf_run holds, sorted with pf_run_sort_diags().
 */
#ifndef PF_REPORT_H
#define PF_REPORT_H

#include <stdio.h>

#include "model/run.h"

struct pf_report_opts {
	int		 color;		/* ANSI colour (text only) */
	int		 redact;	/* hide secrets (default on) */
	const char	*command;	/* "lint", "check", ... */
	const char	*base_dir;	/* paths are shown relative to it */
	enum pf_severity fail_on;	/* threshold used for the exit code */
	const char	*apache_version, *php_version; /* inputs, if known */
	int		 show_suppressed;
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

/* Shared helpers for renderers. */
/* The path to show for a source (relative to base_dir when below it). */
const char *pf_report_path(struct pf_run *, uint32_t file,
	    const struct pf_report_opts *);

#endif
