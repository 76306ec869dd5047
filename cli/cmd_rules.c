/*
 * cmd_rules.c - proxyfpm rules: the rule catalog (text or JSON).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/common.h"
#include "emitters/report.h"
#include "rules/rules.h"

static const char usage_text[] =
"usage: proxyfpm rules [--format text|json] [--category CAT]\n"
"\n"
"Lists every rule: id, default severity, category and summary.  'proxyfpm\n"
"explain ID' prints a rule's documentation.\n"
"\n"
"  --format FMT     text (default) or json (the catalog with each rule's\n"
"                   documentation, as the reports describe rules)\n"
"  --category CAT   only rules of one category (or an id pattern: 'cve-*')\n";

int
pf_cmd_rules(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "format", required_argument, NULL, 'f' },
		{ "category", required_argument, NULL, 'c' },
		{ NULL, 0, NULL, 0 },
	};
	const char *fmt = "text", *cat = NULL;
	const struct pf_rule_info **list;
	size_t i, n = 0;
	int c, rc;

	optind = 1;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'h':
			fputs(usage_text, stdout);
			return PF_EXIT_OK;
		case 'f':
			fmt = optarg;
			break;
		case 'c':
			cat = optarg;
			break;
		default:
			pf_opt_suggest("rules", longopts, argc, argv);
			fputs("usage: proxyfpm rules [--format text|json] "
			    "(see --help)\n", stderr);
			return PF_EXIT_USAGE;
		}
	}
	if (optind < argc) {
		pf_usage_error("rules", "unexpected argument '%s'", argv[optind]);
		return PF_EXIT_USAGE;
	}
	if (cat != NULL && !pf_rules_selector_ok(cat)) {
		if (pf_rules_suggest(cat) != NULL)
			pf_usage_error("rules", "no category or rule '%s'; did "
			    "you mean '%s'?", cat, pf_rules_suggest(cat));
		else
			pf_usage_error("rules", "no category or rule '%s'", cat);
		return PF_EXIT_USAGE;
	}
	list = calloc(pf_rules_count() + 1, sizeof(*list));
	if (list == NULL)
		return PF_EXIT_IO;
	for (i = 0; i < pf_rules_count(); i++)
		if (cat == NULL || pf_rules_selects(cat, pf_rules_get(i)))
			list[n++] = pf_rules_get(i);
	if (strcmp(fmt, "json") == 0) {
		rc = pf_report_rules_json(stdout, list, n, NULL) < 0 ||
		    fflush(stdout) != 0 ? PF_EXIT_IO : PF_EXIT_OK;
		free(list);
		return rc;
	}
	if (strcmp(fmt, "text") != 0) {
		free(list);
		pf_usage_error("rules", "--format takes text or json");
		return PF_EXIT_USAGE;
	}
	for (i = 0; i < n; i++) {
		const struct pf_rule_info *r = list[i];

		printf("%-30s %-8s %-11s %s\n", r->id, pf_sev_name(r->severity),
		    r->category, r->summary);
	}
	free(list);
	return fflush(stdout) != 0 ? PF_EXIT_IO : PF_EXIT_OK;
}
