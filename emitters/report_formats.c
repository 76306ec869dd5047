/*
 * report_formats.c - the table of report formats.
 */
#include "emitters/report.h"

#include <string.h>

const struct pf_report_format pf_report_formats[] = {
	{ "text", "compiler-style diagnostics with source and caret",
	    pf_report_text },
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
