/*
 * cmd_compile.c - proxyfpm compile: site descriptions in, the target
 * machine's Apache vhosts, PHP-FPM pools, systemd drop-ins (and an MPM
 * snippet) out, mirrored under -o DIR and written atomically.  --check
 * writes nothing and shows how the files on disk differ.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "emitters/emit.h"
#include "model/model.h"
#include "cli/common.h"
#include "cli/readback.h"
#include "parsers/site.h"

enum {
	OPT_CHECK = PF_OPT_CMD_FIRST,
	OPT_FORCE,
	OPT_LAYOUT,
	OPT_HOST,
	OPT_REMAP_ROOT,
	OPT_USER_MAP,
	OPT_MPM,
	OPT_NO_MPM,
	OPT_EXPLAIN,
};

static const char usage_text[] =
"usage: proxyfpm compile SITE.ini... -o DIR [options]\n"
"\n"
"Compiles site descriptions (proxyfpm-site(5)) into the files of the\n"
"target machine, mirrored under DIR so that DIR can be copied onto /:\n"
"an Apache vhost per site, a PHP-FPM pool per pool, a systemd drop-in\n"
"per php-fpm service, and the event MPM settings when asked.  Every\n"
"number is sized for the host and explained in a comment.  Files are\n"
"written atomically; nothing is written when an input has an error.\n"
"\n"
"  -o, --output DIR     write the target tree under DIR\n"
"  --check              write nothing; print a unified diff and exit 1\n"
"                       when the files under DIR differ\n"
"  --force              also replace files proxyfpm did not write\n"
"  --layout L           debian (default) or rhel: where files and sockets\n"
"                       go (overrides layout in [host])\n"
"  --host auto|FILE     host facts from this machine, or from the [host]\n"
"                       section of FILE (replaces [host] of the inputs)\n"
"  --mpm, --no-mpm      emit the MPM snippet or not (default: emit_mpm\n"
"                       in [host])\n"
"  --explain-sizing     print the sizing arithmetic\n"
"  --remap-root DIR     put every path the files mention (document roots,\n"
"                       sockets, logs, certificates) below DIR, and write\n"
"                       the tree there unless -o says otherwise\n"
"  --user-map FROM=TO   pool users and groups named FROM become TO; FROM\n"
"                       '*' maps every name (repeatable)\n"
"\n"
"rules (run on the generated files read back):\n"
PF_RULES_USAGE
"\n"
"report:\n"
PF_REPORT_USAGE
"\n"
"Exit: 0 written (or no drift), 1 findings at or above --fail-on (the\n"
"files are still written) or drift under --check, 2 usage, 3 input\n"
"errors (nothing written), 4 I/O error, 5 internal error.\n";

/* Forgets the diagnostics recorded after the first mark of them. */
static void
drop_diags_after(struct pf_run *run, size_t mark)
{
	while (run->diags.n > mark) {
		struct pf_diag *d = run->diags.v[--run->diags.n];

		if (run->count[d->sev] > 0)
			run->count[d->sev]--;
	}
}

/* FROM=TO of --user-map (also used by check). */
static int
parse_user_map(const char *arg, struct pf_user_map *m)
{
	const char *eq = strchr(arg, '=');

	if (eq == NULL || eq == arg || eq[1] == '\0' || strchr(eq + 1, '='))
		return -1;
	m->from = strndup(arg, (size_t)(eq - arg));
	m->to = eq + 1;
	return m->from != NULL ? 0 : -1;
}

/* An absolute, clean version of a folder given on the command line. */
static char *
absolute(const char *dir)
{
	char cwd[PATH_MAX];
	char *r;
	size_t n;

	if (dir[0] == '/')
		r = strdup(dir);
	else {
		if (getcwd(cwd, sizeof(cwd)) == NULL)
			return NULL;
		n = strlen(cwd) + strlen(dir) + 2;
		r = malloc(n);
		if (r != NULL)
			snprintf(r, n, "%s/%s", strcmp(cwd, "/") ? cwd : "",
			    dir);
	}
	if (r == NULL)
		return NULL;
	n = strlen(r);
	while (n > 1 && r[n - 1] == '/')
		r[--n] = '\0';
	return r;
}

int
pf_cmd_compile(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "output", required_argument, NULL, 'o' },
		{ "check", no_argument, NULL, OPT_CHECK },
		{ "force", no_argument, NULL, OPT_FORCE },
		{ "layout", required_argument, NULL, OPT_LAYOUT },
		{ "host", required_argument, NULL, OPT_HOST },
		{ "remap-root", required_argument, NULL, OPT_REMAP_ROOT },
		{ "user-map", required_argument, NULL, OPT_USER_MAP },
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
	struct pf_user_map *maps;
	struct pf_emitted *files = NULL;
	struct pf_buf explain = PF_BUF_INIT, diff = PF_BUF_INIT;
	struct pf_run *run = NULL;
	const char *out = NULL, *host = NULL;
	char *root = NULL, *outdir = NULL;
	size_t nfiles = 0, i, nmaps = 0;
	int c, r, check = 0, force = 0, explain_on = 0, code, remapped;
	size_t mark;

	memset(&co, 0, sizeof(co));
	co.emit_mpm = -1;
	pf_report_cli_init(&rep, "compile");
	pf_rules_cli_init(&rc);
	maps = calloc((size_t)argc + 1, sizeof(*maps));
	if (maps == NULL)
		return PF_EXIT_IO;
	optind = 1;
	while ((c = getopt_long(argc, argv, "ho:", longopts, NULL)) != -1) {
		switch (c) {
		case 'h':
			fputs(usage_text, stdout);
			code = PF_EXIT_OK;
			goto out;
		case 'o':
			out = optarg;
			break;
		case OPT_CHECK:
			check = 1;
			break;
		case OPT_FORCE:
			force = 1;
			break;
		case OPT_LAYOUT:
			if (strcmp(optarg, "debian") && strcmp(optarg, "rhel")) {
				pf_usage_error("compile", "--layout takes debian "
				    "or rhel");
				code = PF_EXIT_USAGE;
				goto out;
			}
			co.layout = optarg;
			break;
		case OPT_HOST:
			host = optarg;
			break;
		case OPT_REMAP_ROOT:
			free(root);
			root = absolute(optarg);
			if (root == NULL) {
				code = PF_EXIT_IO;
				goto out;
			}
			break;
		case OPT_USER_MAP:
			if (parse_user_map(optarg, &maps[nmaps]) < 0) {
				pf_usage_error("compile", "--user-map takes "
				    "FROM=TO, not '%s'", optarg);
				code = PF_EXIT_USAGE;
				goto out;
			}
			nmaps++;
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
				pf_opt_suggest("compile", longopts, argc, argv);
			if (r == 0)
				fputs("usage: proxyfpm compile SITE.ini... -o DIR "
				    "[options] (see --help)\n", stderr);
			code = PF_EXIT_USAGE;
			goto out;
		}
	}
	if (optind >= argc) {
		pf_usage_error("compile", "no site description given (see "
		    "--help)");
		code = PF_EXIT_USAGE;
		goto out;
	}
	if (out == NULL && root == NULL) {
		pf_usage_error("compile", "-o DIR is required (or "
		    "--remap-root DIR)");
		code = PF_EXIT_USAGE;
		goto out;
	}
	outdir = out != NULL ? absolute(out) : strdup(root);
	if (outdir == NULL) {
		code = PF_EXIT_IO;
		goto out;
	}
	if (pf_rules_cli_finish(&rc, &rep, "compile") < 0) {
		code = PF_EXIT_USAGE;
		goto out;
	}
	/* A report that cannot be written is said now, not after the run. */
	if (pf_report_check(&rep, rc.opts.write_baseline) < 0) {
		code = PF_EXIT_IO;
		goto out;
	}
	co.remap_root = root;
	co.user_map = maps;
	co.nuser_map = nmaps;
	co.explain = explain_on ? &explain : NULL;

	run = pf_run_new();
	run->min_sev = rep.min_sev;
	pf_site_read(run, (const char *const *)argv + optind,
	    (size_t)(argc - optind));
	if (host != NULL)
		pf_host_load(run, host);
	/*
	 * Judge the output as lint would judge it deployed; findings are
	 * reported, they do not stop the writing (errors do).  The rules
	 * judge what the description means on its target, so a remapped or
	 * user-mapped build is compiled again for writing, and that second
	 * pass's diagnostics (the same ones) are dropped.
	 */
	remapped = co.remap_root != NULL || co.nuser_map > 0;
	if (remapped) {
		struct pf_compile_opts plain = co;

		plain.remap_root = NULL;
		plain.user_map = NULL;
		plain.nuser_map = 0;
		plain.explain = NULL;
		if (pf_compile(run, &plain, &files, &nfiles) == 0 &&
		    pf_run_errors(run) == 0 && nfiles > 0)
			pf_readback_rules(run, files, nfiles, &rc.opts);
		mark = run->diags.n;
		nfiles = 0;
		pf_compile(run, &co, &files, &nfiles);
		drop_diags_after(run, mark);
	} else if (pf_compile(run, &co, &files, &nfiles) == 0 &&
	    pf_run_errors(run) == 0 && nfiles > 0)
		pf_readback_rules(run, files, nfiles, &rc.opts);
	if (explain_on && explain.len > 0)
		fputs(pf_buf_str(&explain), stdout);
	code = pf_exit_code(run, rep.opts.fail_on);
	if (code < PF_EXIT_INPUT && nfiles > 0) {
		if (check) {
			r = pf_emit_diff(run, outdir, files, nfiles, &diff);
			if (r > 0) {
				fputs(pf_buf_str(&diff), stdout);
				fprintf(stderr, "proxyfpm compile: %d file%s "
				    "under %s differ%s\n", r, r == 1 ? "" : "s",
				    outdir, r == 1 ? "s" : "");
			}
		} else if (pf_emit_check_targets(run, outdir, files, nfiles,
		    force) == 0) {
			if (pf_emit_write(run, outdir, files, nfiles) == 0)
				for (i = 0; i < nfiles; i++)
					fprintf(stderr, "wrote %s/%s\n",
					    strcmp(outdir, "/") ? outdir : "",
					    files[i].rel);
		}
	}
	pf_report_write(run, &rep);
	code = pf_exit_code(run, rep.opts.fail_on);
	if (check && code < PF_EXIT_FINDINGS && diff.len > 0)
		code = PF_EXIT_FINDINGS;
out:
	pf_run_free(run);
	pf_buf_free(&explain);
	pf_buf_free(&diff);
	for (i = 0; i < nmaps; i++)
		free((char *)maps[i].from);
	free(maps);
	free(root);
	free(outdir);
	pf_rules_cli_free(&rc);
	return code;
}
