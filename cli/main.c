/*
 * main.c - proxyfpm: the subcommand table and global options.
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

const struct pf_cmd pf_cmds[] = {
	{ "compile", "compile site descriptions into Apache and PHP-FPM files",
	    pf_cmd_compile },
	{ "check", "validate site descriptions and report every finding",
	    pf_cmd_check },
	{ "lint", "read deployed Apache/PHP-FPM/php.ini trees and run the rules",
	    pf_cmd_lint },
	{ "dump", "print the effective configuration with provenance",
	    pf_cmd_dump },
	{ "rules", "list the rules", pf_cmd_rules },
	{ "explain", "print the documentation of a rule", pf_cmd_explain },
	{ "selftest", "prove a site with real Apache and probe requests",
	    pf_cmd_selftest },
	{ "serve", "run the bundled FastCGI runtime", pf_cmd_serve },
	{ NULL, NULL, NULL },
};

static void
usage(FILE *f)
{
	const struct pf_cmd *c;

	fputs("usage: proxyfpm COMMAND [options] [args]\n\ncommands:\n", f);
	for (c = pf_cmds; c->name != NULL; c++)
		fprintf(f, "  %-10s %s\n", c->name, c->summary);
	fputs("\n'proxyfpm COMMAND --help' describes a command; "
	    "'proxyfpm --version' prints the version.\n", f);
}

int
main(int argc, char **argv)
{
	const struct pf_cmd *c;
	const struct pf_report_format *fmt;

	if (argc < 2) {
		usage(stderr);
		return PF_EXIT_USAGE;
	}
	if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0) {
		printf("proxyfpm %s\n", PF_VERSION);
		return PF_EXIT_OK;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		usage(stdout);
		return PF_EXIT_OK;
	}
	if (strcmp(argv[1], "--formats") == 0) {
		for (fmt = pf_report_formats; fmt->name != NULL; fmt++)
			printf("%-12s %s\n", fmt->name, fmt->summary);
		return PF_EXIT_OK;
	}
	for (c = pf_cmds; c->name != NULL; c++)
		if (strcmp(argv[1], c->name) == 0)
			return c->run(argc - 1, argv + 1);
	fprintf(stderr, "proxyfpm: unknown command '%s'\n", argv[1]);
	usage(stderr);
	return PF_EXIT_USAGE;
}
