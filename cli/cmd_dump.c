/*
 * cmd_dump.c - proxyfpm dump: the effective configuration with provenance.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/common.h"
#include "parsers/fpm.h"
#include "parsers/httpd.h"

enum {
	OPT_HTTPD = PF_OPT_CMD_FIRST,
	OPT_FPM,
	OPT_ROOT,
	OPT_JSON,
	OPT_APACHE_VERSION,
	OPT_ENVVARS,
	OPT_INSTANCE,
	OPT_FPM_PREFIX,
	OPT_NO_HTACCESS,
};

static const char usage_text[] =
"usage: proxyfpm dump (--httpd FILE | --fpm FILE) [--json] [options]\n"
"\n"
"Prints every effective directive with the file and line it came from and\n"
"the Include chain that led there (inactive branches are marked).  With\n"
"neither --httpd nor --fpm, the distributions' default locations are\n"
"used (as for lint).\n"
"\n"
"  --httpd FILE           main httpd configuration\n"
"  -d, --server-root DIR  ServerRoot to start with\n"
"  -D, --define NAME      define NAME (as apache2 -D); repeatable\n"
"  --envvars FILE         Debian envvars file\n"
"  --instance NAME        the service instance NAME (httpd@NAME, apache2@NAME,\n"
"                         a FreeBSD apache24 profile), as lint reads it\n"
"  --apache-version V     evaluate IfVersion for V (default: the installed\n"
"                         apache2's; under --root the copy's httpd's)\n"
"  --no-htaccess          do not read .htaccess files (as lint's option)\n"
"  --fpm FILE             php-fpm.conf\n"
"  -p, --fpm-prefix DIR   php-fpm prefix (default /usr)\n"
"  --root DIR             read a tree copied from another machine\n"
"  --json                 JSON (schemas: docs/dump-schema.md and\n"
"                         docs/dump-fpm-schema.md; with both inputs one\n"
"                         object {\"httpd\": ..., \"fpm\": ...})\n"
"\n"
"Exit: 0 read, 2 usage, 3 input errors, 4 I/O error.\n";

int
pf_cmd_dump(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "httpd", required_argument, NULL, OPT_HTTPD },
		{ "server-root", required_argument, NULL, 'd' },
		{ "define", required_argument, NULL, 'D' },
		{ "envvars", required_argument, NULL, OPT_ENVVARS },
		{ "instance", required_argument, NULL, OPT_INSTANCE },
		{ "apache-version", required_argument, NULL,
		    OPT_APACHE_VERSION },
		{ "fpm", required_argument, NULL, OPT_FPM },
		{ "fpm-prefix", required_argument, NULL, 'p' },
		{ "root", required_argument, NULL, OPT_ROOT },
		{ "json", no_argument, NULL, OPT_JSON },
		{ "no-htaccess", no_argument, NULL, OPT_NO_HTACCESS },
		{ NULL, 0, NULL, 0 },
	};
	struct pf_httpd_opts ho;
	struct pf_fpm_opts fo;
	struct pf_report_opts ro;
	struct pf_run *run;
	int c, json = 0, want_httpd = 0, want_fpm = 0, both, code;
	size_t nsrc, nerr;

	memset(&ho, 0, sizeof(ho));
	memset(&fo, 0, sizeof(fo));
	memset(&ro, 0, sizeof(ro));
	ho.defines = calloc((size_t)argc + 1, sizeof(*ho.defines));
	if (ho.defines == NULL)
		return PF_EXIT_IO;
	run = pf_run_new();
	optind = 1;
	while ((c = getopt_long(argc, argv, "hd:D:p:", longopts, NULL)) != -1) {
		switch (c) {
		case 'h':
			fputs(usage_text, stdout);
			code = PF_EXIT_OK;
			goto out;
		case OPT_HTTPD:
		case OPT_FPM:
			if ((c == OPT_HTTPD ? ho.config : fo.config) != NULL) {
				pf_usage_error("dump", "%s given twice: a dump "
				    "reads one of each", c == OPT_HTTPD ?
				    "--httpd" : "--fpm");
				code = PF_EXIT_USAGE;
				goto out;
			}
			if (c == OPT_HTTPD) {
				ho.config = optarg;
				want_httpd = 1;
			} else {
				fo.config = optarg;
				want_fpm = 1;
			}
			break;
		case 'd':
			ho.server_root = optarg;
			break;
		case 'D':
			ho.defines[ho.ndefines++] = optarg;
			break;
		case OPT_ENVVARS:
			ho.envvars = optarg;
			break;
		case OPT_INSTANCE:
			ho.instance = optarg;
			break;
		case OPT_APACHE_VERSION:
			ho.version = optarg;
			break;

		case 'p':
			fo.prefix = optarg;
			break;
		case OPT_ROOT:
			run->root = optarg;
			break;
		case OPT_JSON:
			json = 1;
			break;
		case OPT_NO_HTACCESS:
			ho.no_htaccess = 1;
			break;
		default:
			if (optind > 0 && optind <= argc &&
			    strncmp(argv[optind - 1], "--format", 8) == 0)
				pf_usage_error("dump", "the dump is text, or "
				    "JSON with --json (--format chooses the "
				    "reports of lint and check)");
			else
				pf_opt_suggest("dump", longopts, argc, argv);
			fputs("usage: proxyfpm dump [options] (see --help)\n",
			    stderr);
			code = PF_EXIT_USAGE;
			goto out;
		}
	}
	if (optind < argc) {
		pf_usage_error("dump", "unexpected argument '%s'",
		    argv[optind]);
		code = PF_EXIT_USAGE;
		goto out;
	}
	if (!want_httpd && !want_fpm)
		want_httpd = want_fpm = 1;
	if (pf_root_check(run) < 0) {
		pf_report_text(run, stderr, &ro);
		code = pf_exit_code(run, PF_SEV_MAX);
		goto out;
	}
	/* Both with --json: one object {"httpd": ..., "fpm": ...}. */
	both = json && want_httpd && want_fpm;
	if (both)
		fputs("{\"httpd\": ", stdout);
	nsrc = run->sources.n;
	nerr = pf_run_errors(run);
	if (want_httpd && pf_httpd_read(run, &ho) == 0) {
		if (pf_httpd_dump(run, stdout, json) < 0)
			run->io_error = 1;
	} else if (both)
		fputs("null", stdout);
	if (want_httpd)
		pf_input_kind_note(run, "--httpd", ho.config, PF_SRC_HTTPD,
		    nsrc, nerr);
	if (both)
		fputs(",\n\"fpm\": ", stdout);
	nsrc = run->sources.n;
	nerr = pf_run_errors(run);
	if (want_fpm && pf_fpm_read(run, &fo) == 0) {
		if (pf_fpm_dump(run, stdout, json) < 0)
			run->io_error = 1;
	} else if (both)
		fputs("null", stdout);
	if (want_fpm)
		pf_input_kind_note(run, "--fpm", fo.config, PF_SRC_FPM, nsrc,
		    nerr);
	if (both)
		fputs("}\n", stdout);
	if (fflush(stdout) != 0)
		run->io_error = 1;
	/* Reader diagnostics go to stderr so the dump stays parseable. */
	if (run->diags.n > 0)
		pf_report_text(run, stderr, &ro);
	code = pf_exit_code(run, PF_SEV_MAX);
out:
	pf_run_free(run);
	free(ho.defines);
	return code;
}
