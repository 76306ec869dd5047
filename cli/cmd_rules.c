/*
 * cmd_rules.c - proxyfpm rules: the rule catalog (text or JSON).
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "rules/rules.h"

static const char usage_text[] =
"usage: proxyfpm rules [--format text|json] [--category CAT] [--help-text]\n"
"\n"
"Lists every rule: id, default severity, category and summary.  'proxyfpm\n"
"explain ID' prints a rule's documentation.\n"
"\n"
"  --format FMT     text (default) or json (an array of rule objects)\n"
"  --category CAT   only rules of one category (or id pattern: 'cve-*')\n"
"  --help-text      with json: include each rule's documentation\n";

int
pf_cmd_rules(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "format", required_argument, NULL, 'f' },
		{ "category", required_argument, NULL, 'c' },
		{ "help-text", no_argument, NULL, 't' },
		{ NULL, 0, NULL, 0 },
	};
	const char *fmt = "text", *cat = NULL;
	int c, with_help = 0;
	size_t i;

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
		case 't':
			with_help = 1;
			break;
		default:
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
		pf_usage_error("rules", "no category or rule '%s'", cat);
		return PF_EXIT_USAGE;
	}
	if (strcmp(fmt, "json") == 0) {
		if (cat != NULL) {
			pf_usage_error("rules", "--category works with text "
			    "only");
			return PF_EXIT_USAGE;
		}
		if (pf_rules_write_json(stdout, with_help) < 0 ||
		    fflush(stdout) != 0)
			return PF_EXIT_IO;
		return PF_EXIT_OK;
	}
	if (strcmp(fmt, "text") != 0) {
		pf_usage_error("rules", "--format takes text or json");
		return PF_EXIT_USAGE;
	}
	for (i = 0; i < pf_rules_count(); i++) {
		const struct pf_rule_info *r = pf_rules_get(i);

		if (cat != NULL && !pf_rules_selects(cat, r))
			continue;
		printf("%-30s %-8s %-11s %s\n", r->id, pf_sev_name(r->severity),
		    r->category, r->summary);
	}
	return fflush(stdout) != 0 ? PF_EXIT_IO : PF_EXIT_OK;
}
