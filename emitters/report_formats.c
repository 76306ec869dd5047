/*
 * report_formats.c - the table of report formats (--format NAME[:FILE];
 * 'proxyfpm --formats' lists it).
 */
#include "emitters/report.h"

#include <string.h>

const struct pf_report_format pf_report_formats[] = {
	{ "text", "compiler-style diagnostics with source line, caret, "
	    "include chain and fix", pf_report_text },
	{ "compact", "one line per diagnostic: file:line:col: severity: "
	    "message [id]", pf_report_compact },
	{ "json", "versioned JSON (docs/report-schema.json)",
	    pf_report_json },
	{ "sarif", "SARIF 2.1.0 for code scanning", pf_report_sarif },
	{ "junit", "JUnit XML for CI test reports", pf_report_junit },
	{ "checkstyle", "Checkstyle XML", pf_report_checkstyle },
	{ "github", "GitHub Actions workflow-command annotations",
	    pf_report_github },
	{ "gitlab", "GitLab Code Quality JSON", pf_report_gitlab },
	{ "html", "one self-contained HTML page: summary, routing, findings",
	    pf_report_html },
	{ NULL, NULL, NULL },
};

const struct pf_report_format *
pf_report_find(const char *name)
{
	const struct pf_report_format *f;

	for (f = pf_report_formats; f->name != NULL; f++)
		if (strcmp(f->name, name) == 0)
			return f;
	return NULL;
}
