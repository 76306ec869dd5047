/*
 * cmd_explain.c - proxyfpm explain ID: a rule's documentation (what goes
 * wrong, how it is detected, the fix, the evidence and sources).  The
 * text is embedded in the binary, so it works without the source tree.
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "model/suggest.h"
#include "rules/rules.h"

/*
 * The ids in brackets after a reader's diagnostic ([httpd-include],
 * [fpm-open], ...) are not rules: they say what the server itself would
 * say, and the readers' documents list them.
 */
static const struct {
	const char	*prefix;
	const char	*reader;
	const char	*doc;
} readers[] = {
	{ "httpd-", "the httpd reader (what apache2 -t says)",
	    "docs/httpd-reader.md" },
	{ "fpm-", "the php-fpm reader (what php-fpm -t says)",
	    "docs/fpm-reader.md" },
	{ "phpini-", "the php.ini reader (what PHP says at startup)",
	    "docs/fpm-reader.md" },
	{ "site-", "the site description reader",
	    "proxyfpm-site(5), docs/site-format.md" },
};

static void
no_rule(const char *id)
{
	struct pf_suggest s;
	const char *best;
	size_t i, n = pf_rules_count();

	for (i = 0; i < sizeof(readers) / sizeof(readers[0]); i++)
		if (strncmp(id, readers[i].prefix,
		    strlen(readers[i].prefix)) == 0) {
			pf_usage_error("explain", "'%s' is not a rule: it is "
			    "a diagnostic of %s, listed in %s", id,
			    readers[i].reader, readers[i].doc);
			return;
		}
	pf_suggest_init(&s, id);
	for (i = 0; i < n; i++)
		pf_suggest_add(&s, pf_rules_get(i)->id);
	if ((best = pf_suggest_best(&s)) != NULL)
		pf_usage_error("explain", "no rule '%s'; did you mean '%s'?",
		    id, best);
	else
		pf_usage_error("explain", "no rule '%s' (see 'proxyfpm "
		    "rules')", id);
}

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
			no_rule(argv[i]);
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
