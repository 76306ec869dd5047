/*
 * cmd_explain.c - proxyfpm explain ID: a rule's documentation (what goes
 * wrong, how it is detected, the fix, the evidence and sources).  The
 * text is embedded in the binary, so it works without the source tree.
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "rules/rules.h"

int
pf_cmd_explain(int argc, char **argv)
{
	const struct pf_rule_info *r;
	int i, rc = PF_EXIT_OK;

	if (argc < 2 || strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "-h") == 0) {
		fputs("usage: proxyfpm explain RULE-ID...\n\nPrints the "
		    "documentation of each rule ('proxyfpm rules' lists "
		    "them).\n", argc < 2 ? stderr : stdout);
		return argc < 2 ? PF_EXIT_USAGE : PF_EXIT_OK;
	}
	for (i = 1; i < argc; i++) {
		r = pf_rules_find(argv[i]);
		if (r == NULL)	/* the findings only selftest makes */
			r = pf_selftest_rule(argv[i]);
		if (r == NULL) {
			pf_usage_error("explain", "no rule '%s' (see "
			    "'proxyfpm rules')", argv[i]);
			rc = PF_EXIT_USAGE;
			continue;
		}
		if (i > 1)
			fputs("\n", stdout);
		printf("%s  [%s, %s]\n", r->id, pf_sev_name(r->severity),
		    r->category);
		if (r->help != NULL) {
			fputs(r->help, stdout);
			if (*r->help && r->help[strlen(r->help) - 1] != '\n')
				fputc('\n', stdout);
		} else
			printf("%s\n\n%s\n", r->name, r->summary);
	}
	if (fflush(stdout) != 0)
		return PF_EXIT_IO;
	return rc;
}
