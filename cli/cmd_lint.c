/*
 * cmd_lint.c - proxyfpm lint: read deployed Apache, PHP-FPM and php.ini
 * configuration as the servers read it, link routes to pools, run the
 * rules and report.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/common.h"
#include "model/redact.h"
#include "parsers/fpm.h"
#include "parsers/httpd.h"
#include "parsers/phpini.h"
#include "parsers/site.h"
#include "rules/rules.h"
#include "rules/writable.h"

enum {
	OPT_HTTPD = PF_OPT_CMD_FIRST,
	OPT_FPM,
	OPT_PHPINI,
	OPT_SCANDIR,
	OPT_APACHE_VERSION,
	OPT_PHP_VERSION,
	OPT_ENVVARS,
	OPT_INSTANCE,
	OPT_NO_HTACCESS,
	OPT_UPLOAD_DIR,
	OPT_ROOT,
	OPT_FPM_PREFIX,
	OPT_HOST,
	OPT_RULES_FIRST,
};

static const char usage_text[] =
"usage: proxyfpm lint [--httpd FILE] [--fpm FILE] [--php-ini FILE] [options]\n"
"\n"
"Reads the deployed configuration exactly as Apache httpd and PHP-FPM read\n"
"it, links every PHP route to the pool it reaches and runs the rules.  With\n"
"none of --httpd, --fpm and --php-ini, the default locations of Debian,\n"
"Ubuntu, RHEL, Arch, Gentoo, openSUSE, Alpine, FreeBSD and the httpd and\n"
"php Docker images are found (below --root when given), with the defines\n"
"their services pass to httpd.\n"
"\n"
"inputs:\n"
"  --httpd FILE         main httpd configuration (apache2.conf, httpd.conf)\n"
"  -d, --server-root DIR  ServerRoot to start with (as apache2 -d)\n"
"  -D, --define NAME    define NAME (as apache2 -D); repeatable\n"
"  --envvars FILE       Debian envvars file for ${APACHE_*} (default: beside\n"
"                       the configuration)\n"
"  --instance NAME      read the service instance NAME instead of the main\n"
"                       httpd: httpd@NAME.service (RHEL, Arch), apache2@NAME\n"
"                       (/etc/apache2-NAME on Debian, /etc/sysconfig/\n"
"                       apache2@NAME on SUSE), OpenRC's apache2.NAME (Gentoo,\n"
"                       Alpine), FreeBSD's apache24 profile NAME; without\n"
"                       it the main one is read and a note lists the others\n"
"  --no-htaccess        do not read .htaccess files\n"
"  --upload-dir DIR     treat DIR as writable by attackers; repeatable\n"
"  --fpm FILE           php-fpm.conf; repeatable (one master per PHP\n"
"                       version)\n"
"  -p, --fpm-prefix DIR php-fpm prefix for relative paths (default /usr)\n"
"  --php-ini FILE       php.ini of the FPM SAPI\n"
"  --php-ini-scan-dir DIR  additional .ini directory (conf.d)\n"
"  --root DIR           read a tree copied from another machine as if it\n"
"                       stood at /\n"
"  --host FILE|auto     host facts for the sufficiency rules\n"
"  --apache-version V   evaluate IfVersion and version rules for V\n"
"                       (default: the installed apache2's; under --root\n"
"                       the copy's own httpd binary's when it has one)\n"
"  --php-version V      PHP version for the version rules (default as for\n"
"                       --apache-version, from php-fpm)\n"
"\n"
"rules:\n"
PF_RULES_USAGE
"\n"
"report:\n"
PF_REPORT_USAGE
"\n"
"Exit: 0 clean, 1 findings at or above --fail-on, 2 usage, 3 input errors,\n"
"4 I/O error, 5 internal error.\n";

int
pf_cmd_lint(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "httpd", required_argument, NULL, OPT_HTTPD },
		{ "server-root", required_argument, NULL, 'd' },
		{ "define", required_argument, NULL, 'D' },
		{ "envvars", required_argument, NULL, OPT_ENVVARS },
		{ "instance", required_argument, NULL, OPT_INSTANCE },
		{ "no-htaccess", no_argument, NULL, OPT_NO_HTACCESS },
		{ "upload-dir", required_argument, NULL, OPT_UPLOAD_DIR },
		{ "fpm", required_argument, NULL, OPT_FPM },
		{ "fpm-prefix", required_argument, NULL, 'p' },
		{ "php-ini", required_argument, NULL, OPT_PHPINI },
		{ "php-ini-scan-dir", required_argument, NULL, OPT_SCANDIR },
		{ "root", required_argument, NULL, OPT_ROOT },
		{ "host", required_argument, NULL, OPT_HOST },
		{ "apache-version", required_argument, NULL,
		    OPT_APACHE_VERSION },
		{ "php-version", required_argument, NULL, OPT_PHP_VERSION },
		PF_RULES_LONGOPTS,
		PF_REPORT_LONGOPTS,
		{ NULL, 0, NULL, 0 },
	};
	struct pf_httpd_opts ho;
	struct pf_fpm_opts fo;
	struct pf_phpini_opts po;
	struct pf_rules_cli rc;
	struct pf_report_cli rep;
	struct pf_run *run;
	const char *host = NULL, **fpms;
	size_t nfpm = 0, i, nsrc, nerr;
	int c, r, want_httpd = 0, want_fpm = 0, want_ini = 0, code;

	memset(&ho, 0, sizeof(ho));
	/* the rules list every DocumentRoot: the reader does it once */
	ho.keep_listings = 1;
	ho.keep_name = pf_wdirs_keeps_name;
	memset(&fo, 0, sizeof(fo));
	memset(&po, 0, sizeof(po));
	pf_rules_cli_init(&rc);
	pf_report_cli_init(&rep, "lint");
	ho.defines = calloc((size_t)argc + 1, sizeof(*ho.defines));
	ho.upload_dirs = calloc((size_t)argc + 1, sizeof(*ho.upload_dirs));
	/* --fpm repeats: one php-fpm master per PHP version (Plesk's
	 * /opt/plesk/php/X.Y, Remi's /etc/opt/remi/phpXY, Debian's
	 * /etc/php/X.Y/fpm) all run side by side. */
	fpms = calloc((size_t)argc + 1, sizeof(*fpms));
	if (ho.defines == NULL || ho.upload_dirs == NULL || fpms == NULL) {
		free(ho.defines);
		free(ho.upload_dirs);
		free(fpms);
		return PF_EXIT_IO;
	}
	run = pf_run_new();
	optind = 1;
	while ((c = getopt_long(argc, argv, "hd:D:p:", longopts, NULL)) != -1) {
		switch (c) {
		case 'h':
			fputs(usage_text, stdout);
			code = PF_EXIT_OK;
			goto out;
		case OPT_HTTPD:
			if (ho.config != NULL) {
				pf_usage_error("lint", "--httpd given twice ("
				    "'%s', then '%s'): a run reads one httpd "
				    "configuration; lint each server on its "
				    "own", ho.config, optarg);
				code = PF_EXIT_USAGE;
				goto out;
			}
			ho.config = optarg;
			want_httpd = 1;
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
		case OPT_NO_HTACCESS:
			ho.no_htaccess = 1;
			break;
		case OPT_UPLOAD_DIR:
			ho.upload_dirs[ho.nupload_dirs++] = optarg;
			break;
		case OPT_FPM:
			fpms[nfpm++] = optarg;
			want_fpm = 1;
			break;
		case 'p':
			fo.prefix = optarg;
			break;
		case OPT_PHPINI:
			if (po.path != NULL) {
				pf_usage_error("lint", "--php-ini given twice "
				    "('%s', then '%s'): one php.ini is read "
				    "for every pool (without --php-ini each "
				    "php-fpm master's own)", po.path, optarg);
				code = PF_EXIT_USAGE;
				goto out;
			}
			po.path = optarg;
			po.required = 1;
			want_ini = 1;
			break;
		case OPT_SCANDIR:
			po.scan_dir = optarg;
			break;
		case OPT_ROOT:
			run->root = optarg;
			break;
		case OPT_HOST:
			host = optarg;
			break;
		case OPT_APACHE_VERSION:
			ho.version = optarg;
			rc.opts.apache_version = optarg;
			break;
		case OPT_PHP_VERSION:
			rc.opts.php_version = optarg;
			break;
		default:
			r = pf_rules_opt(&rc, c, optarg);
			if (r == 0)
				r = pf_report_opt(&rep, c, optarg);
			if (r == 1)
				break;
			if (r == 0)
				pf_opt_suggest("lint", longopts, argc, argv);
			if (r == 0)
				fputs("usage: proxyfpm lint [options] "
				    "(see --help)\n", stderr);
			code = PF_EXIT_USAGE;
			goto out;
		}
	}
	if (optind < argc) {
		pf_usage_error("lint", "unexpected argument '%s' (inputs are "
		    "given with --httpd, --fpm and --php-ini)", argv[optind]);
		code = PF_EXIT_USAGE;
		goto out;
	}
	if (!want_httpd && !want_fpm && !want_ini)
		want_httpd = want_fpm = want_ini = 1;
	/* .proxyfpm.ini under the command line; --upload-dir for rules. */
	if (pf_rules_cli_finish(&rc, &rep, "lint") < 0) {
		code = PF_EXIT_USAGE;
		goto out;
	}
	/* A report that cannot be written is said now, not after the run. */
	if (pf_report_check(&rep, rc.opts.write_baseline) < 0) {
		code = PF_EXIT_IO;
		goto out;
	}
	run->min_sev = rep.min_sev;
	rc.opts.upload_dirs = ho.upload_dirs;
	rc.opts.nupload_dirs = ho.nupload_dirs;
	if (pf_root_check(run) < 0 ||
	    (host != NULL && pf_host_load(run, host) < 0)) {
		code = pf_exit_code(run, rep.opts.fail_on);
		pf_report_write(run, &rep);
		goto out;
	}
	if (want_ini) {
		nsrc = run->sources.n;
		nerr = pf_run_errors(run);
		pf_phpini_read(run, &po);
		pf_input_kind_note(run, "--php-ini", po.path, PF_SRC_PHPINI,
		    nsrc, nerr);
	}
	if (want_fpm && nfpm == 0) {
		/* Debian runs every installed phpX.Y-fpm: lint them all. */
		fo.every_version = 1;
		pf_fpm_read(run, &fo);
	}
	for (i = 0; i < nfpm; i++) {
		fo.config = fpms[i];
		nsrc = run->sources.n;
		nerr = pf_run_errors(run);
		pf_fpm_read(run, &fo);
		pf_input_kind_note(run, "--fpm", fpms[i], PF_SRC_FPM, nsrc,
		    nerr);
	}
	/* Each master's pools by its own php.ini (unless one was given). */
	if (want_ini && po.path == NULL)
		pf_phpini_per_master(run);
	/* The extensions pools load (php_admin_value[extension]). */
	if (want_fpm)
		pf_phpini_check_pools(run);
	if (want_httpd) {
		nsrc = run->sources.n;
		nerr = pf_run_errors(run);
		pf_httpd_read(run, &ho);
		pf_input_kind_note(run, "--httpd", ho.config, PF_SRC_HTTPD,
		    nsrc, nerr);
	}
	/* The report's redactor reads every source: on big trees it starts
	 * now, on a second thread, and overlaps the rules. */
	if (rep.opts.redact)
		pf_redactor_prescan(run);
	pf_rules_run(run, &rc.opts);
	rep.opts.apache_version = rc.opts.apache_version;
	rep.opts.php_version = rc.opts.php_version;
	pf_report_write(run, &rep);
	code = pf_exit_code(run, rep.opts.fail_on);
out:
	pf_run_free(run);
	free(ho.defines);
	free(ho.upload_dirs);
	free(fpms);
	pf_rules_cli_free(&rc);
	return code;
}
