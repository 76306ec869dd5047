/*
 * cmd_check.c - proxyfpm check: read site descriptions, compile them in
 * memory exactly as compile would, write nothing, and report every
 * diagnostic (with its place in the description).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "emitters/emit.h"
#include "cli/common.h"
#include "cli/readback.h"
#include "parsers/site.h"

enum {
	OPT_LAYOUT = PF_OPT_CMD_FIRST,
	OPT_HOST,
	OPT_MPM,
	OPT_NO_MPM,
	OPT_EXPLAIN,
};

static const char usage_text[] =
"usage: proxyfpm check SITE.ini... [options]\n"
"\n"
"Validates site descriptions (proxyfpm-site(5)): reads them, sizes and\n"
"generates every file in memory as 'proxyfpm compile' would, writes\n"
"nothing, and reports each problem at its line of the description.\n"
"\n"
"  --layout L           debian (default) or rhel\n"
"  --host auto|FILE     host facts from this machine or from FILE\n"
"  --mpm, --no-mpm      size with or without the MPM snippet\n"
"  --explain-sizing     print the sizing arithmetic\n"
"\n"
"rules (run on the generated files read back):\n"
PF_RULES_USAGE
"\n"
"report:\n"
PF_REPORT_USAGE
"\n"
"Exit: 0 clean, 1 findings at or above --fail-on, 2 usage, 3 errors in\n"
"the descriptions, 4 I/O error, 5 internal error.\n";

int
pf_cmd_check(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "layout", required_argument, NULL, OPT_LAYOUT },
		{ "host", required_argument, NULL, OPT_HOST },
		{ "mpm", no_argument, NULL, OPT_MPM },
		{ "no-mpm", no_argument, NULL, OPT_NO_MPM },
		{ "explain-sizing", no_argument, NULL, OPT_EXPLAIN },
		PF_RULES_LONGOPTS,
		PF_REPORT_LONGOPTS,
		{ NULL, 0, NULL, 0 },
	};
	struct pf_compile_opts co;
	struct pf_report_cli rep;
	struct pf_rules_cli rc;
	struct pf_emitted *files;
	struct pf_buf explain = PF_BUF_INIT;
	struct pf_run *run;
	const char *host = NULL;
	size_t nfiles;
	int c, r, explain_on = 0, code;

	memset(&co, 0, sizeof(co));
	co.emit_mpm = -1;
	pf_report_cli_init(&rep, "check");
	pf_rules_cli_init(&rc);
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'h':
			fputs(usage_text, stdout);
			code = PF_EXIT_OK;
			goto done;
		case OPT_LAYOUT:
			if (strcmp(optarg, "debian") && strcmp(optarg, "rhel")) {
				pf_usage_error("check", "--layout takes debian "
				    "or rhel");
				code = PF_EXIT_USAGE;
				goto done;
			}
			co.layout = optarg;
			break;
		case OPT_HOST:
			host = optarg;
			break;
		case OPT_MPM:
			co.emit_mpm = 1;
			break;
		case OPT_NO_MPM:
			co.emit_mpm = 0;
			break;
		case OPT_EXPLAIN:
			explain_on = 1;
			break;
		default:
			r = pf_rules_opt(&rc, c, optarg);
			if (r == 0)
				r = pf_report_opt(&rep, c, optarg);
			if (r == 1)
				break;
			if (r == 0)
				pf_opt_suggest("check", longopts, argc, argv);
			if (r == 0)
				fputs("usage: proxyfpm check SITE.ini... "
				    "[options] (see --help)\n", stderr);
			code = PF_EXIT_USAGE;
				goto done;
		}
	}
	if (optind >= argc) {
		pf_usage_error("check", "no site description given (see "
		    "--help)");
		code = PF_EXIT_USAGE;
				goto done;
	}
	if (pf_rules_cli_finish(&rc, &rep, "check") < 0) {
		code = PF_EXIT_USAGE;
		goto done;
	}
	/* A report that cannot be written is said now, not after the run. */
	if (pf_report_check(&rep, rc.opts.write_baseline) < 0) {
		code = PF_EXIT_IO;
		goto done;
	}
	co.explain = explain_on ? &explain : NULL;
	run = pf_run_new();
	run->min_sev = rep.min_sev;
	pf_site_read(run, (const char *const *)argv + optind,
	    (size_t)(argc - optind));
	if (host != NULL)
		pf_host_load(run, host);
	/* Judge the output as lint would judge it deployed. */
	if (pf_compile(run, &co, &files, &nfiles) == 0 &&
	    pf_run_errors(run) == 0 && nfiles > 0)
		pf_readback_rules(run, files, nfiles, &rc.opts);
	if (explain.len > 0)
		fputs(pf_buf_str(&explain), stdout);
	pf_report_write(run, &rep);
	code = pf_exit_code(run, rep.opts.fail_on);
	pf_buf_free(&explain);
	pf_run_free(run);
done:
	pf_rules_cli_free(&rc);
	return code;
}
