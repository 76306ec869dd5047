/*
 * cmd_selftest.c - proxyfpm selftest: prove a site with the real Apache.
 *
 * Compiles the site descriptions (or takes a deployed vhost and pool)
 * into a private sandbox, starts proxyfpm's FastCGI runtime (or the real
 * php-fpm) on the pools' sockets and the real apache2 on private
 * 127.0.0.1 ports, sends a matrix of probe requests, prints which URL
 * executed which file and reports every probe that did not come out as
 * the site means.  Everything it started is stopped by PID and the
 * sandbox is removed, also after an error or Ctrl-C.  The parts are in
 * cli/selftest_*.c (see selftest.h); docs/selftest.md describes it.
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "cli/common.h"
#include "cli/selftest.h"
#include "emitters/emit.h"
#include "model/buf.h"

enum {
	OPT_FPM = PF_OPT_CMD_FIRST,
	OPT_HTTPD,
	OPT_POOL,
	OPT_PHPINI,
	OPT_UPLOAD_DIR,
	OPT_HOST,
	OPT_LAYOUT,
	OPT_USER_MAP,
	OPT_APACHE2,
	OPT_PHP_FPM,
	OPT_MODULES_DIR,
	OPT_COMPARE_SIM,
	OPT_TIMEOUT,
	OPT_KEEP,
	OPT_HOLD,
	OPT_VERBOSE,
};

static const char usage_text[] =
"usage: proxyfpm selftest SITE.ini... [options]\n"
"       proxyfpm selftest --httpd FILE [--fpm FILE] [--php-ini FILE] "
"[options]\n"
"\n"
"Proves a setup with the real Apache: compiles the site descriptions (or\n"
"takes a deployed vhost file or httpd configuration and its pools) into a\n"
"private temp dir with every path moved below it, starts proxyfpm's\n"
"FastCGI runtime on each pool's socket and apache2 on private 127.0.0.1\n"
"ports, lays out probe files (PHP scripts, an image holding PHP code in\n"
"every upload folder, hidden files) and sends a matrix of requests.  It\n"
"prints which URL executed which file and reports every probe that did\n"
"not come out as the site means.  Every process is stopped by PID and\n"
"the temp dir removed, also after an error or Ctrl-C.\n"
"\n"
"  --fpm                run the real php-fpm instead of proxyfpm's runtime\n"
"                       (then the probe files show whether PHP really ran)\n"
"  --httpd FILE         a deployed vhost file, or a whole httpd\n"
"                       configuration, instead of site descriptions\n"
"  --pool FILE          its php-fpm pool file or php-fpm.conf; with\n"
"                       --httpd, '--fpm FILE' says the same\n"
"  --php-ini FILE       php.ini of the pools (cgi.fix_pathinfo, ...)\n"
"  --upload-dir DIR     a folder attackers can write (repeatable; relative\n"
"                       to each DocumentRoot unless absolute)\n"
"  -d, --server-root DIR  ServerRoot for relative paths of --httpd\n"
"  -D, --define NAME    define NAME for --httpd (as apache2 -D)\n"
"  --host auto|FILE     host facts for compiling (default: the [host]\n"
"                       section, else this machine)\n"
"  --layout L           debian (default) or rhel\n"
"  --user-map FROM=TO   pool users of the descriptions (default: every\n"
"                       user becomes the user Apache runs as)\n"
"  --apache2 BIN        the apache2 binary (default: apache2, then httpd,\n"
"                       on PATH or in /usr/sbin)\n"
"  --php-fpm BIN        the php-fpm binary for --fpm (default: php-fpm8.2,\n"
"                       then php-fpm)\n"
"  --modules-dir DIR    Apache's modules (default: where the installed\n"
"                       apache2 keeps them)\n"
"  --compare-simulator  also ask proxyfpm's request simulator and report\n"
"                       every probe it predicts differently\n"
"  --timeout MS         for the servers to start and each request (10000)\n"
"  --keep               leave the temp dir for inspection\n"
"  --hold SECONDS       after the probes, keep the servers up that long to\n"
"                       try URLs by hand (Ctrl-C ends it early)\n"
"  -q, --quiet          no verdict table\n"
"  -v, --verbose        say what is started and stopped (PIDs, process\n"
"                       groups, the sandbox) on standard error\n"
"\n"
"report:\n"
PF_REPORT_USAGE
"\n"
"Exit: 0 every probe came out as the site means, 1 failed probes at or\n"
"above --fail-on, 2 usage, 3 input errors (or apache2 refusing the\n"
"configuration), 4 I/O error, 5 internal error, 6 apache2 (or php-fpm\n"
"with --fpm) is not installed.\n";

volatile sig_atomic_t st_interrupted;

const char *
st_untmp(struct st_ctx *c, const char *s)
{
	struct pf_buf b = PF_BUF_INIT;
	const char *p, *q;
	size_t n;
	char *r;

	int pass;

	if (s == NULL || c->root == NULL)
		return s;
	/* DIR/root/x is /x, and DIR/conf/x the copy of /x */
	for (pass = 0; pass < 2; pass++) {
		const char *pre = pass == 0 ? c->root : c->conf;

		n = strlen(pre);
		for (p = s; (q = strstr(p, pre)) != NULL; p = q + n)
			pf_buf_add(&b, p, (size_t)(q - p));
		pf_buf_puts(&b, p);
		s = r = pf_strdup(c->a, pf_buf_str(&b));
		pf_buf_reset(&b);
	}
	pf_buf_free(&b);
	return r;
}

void
st_say(const char *fmt, ...)
{
	va_list ap;

	fputs("proxyfpm selftest: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static void
on_signal(int sig)
{
	/* A second signal: stop waiting for a graceful end. */
	if (st_interrupted)
		st_procs_kill_now();
	st_interrupted = sig;
}

static void
catch_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = 0;	/* no SA_RESTART: waits end early */
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
}

/* FROM=TO of --user-map. */
static int
parse_user_map(struct pf_arena *a, const char *arg, struct pf_user_map *m)
{
	const char *eq = strchr(arg, '=');

	if (eq == NULL || eq == arg || eq[1] == '\0' || strchr(eq + 1, '='))
		return -1;
	m->from = pf_strndup(a, arg, (size_t)(eq - arg));
	m->to = eq + 1;
	return 0;
}

/*
 * '--fpm' alone runs the real php-fpm; lint spells the pool file
 * '--fpm FILE', so with --httpd on the command line a '--fpm' followed by
 * a word that is not an option names the pool.
 */
static char **
disambiguate(int argc, char **argv, struct pf_arena *a)
{
	char **v = pf_alloc(a, ((size_t)argc + 1) * sizeof(*v));
	int i, httpd = 0;

	for (i = 1; i < argc; i++)
		if (strcmp(argv[i], "--httpd") == 0 ||
		    strncmp(argv[i], "--httpd=", 8) == 0)
			httpd = 1;
	for (i = 0; i < argc; i++) {
		v[i] = argv[i];
		if (httpd && strcmp(argv[i], "--fpm") == 0 && i + 1 < argc &&
		    argv[i + 1][0] != '-')
			v[i] = pf_strdup(a, "--pool");
		else if (strncmp(argv[i], "--fpm=", 6) == 0)
			v[i] = pf_printf(a, "--pool=%s", argv[i] + 6);
	}
	v[argc] = NULL;
	return v;
}

/* Where the table goes: stdout unless a machine format writes there. */
static FILE *
table_stream(const struct pf_report_cli *rep)
{
	int i;

	for (i = 0; i < rep->nout; i++)
		if (rep->out[i].file == NULL || strcmp(rep->out[i].file,
		    "-") == 0)
			if (strcmp(rep->out[i].fmt->name, "text") != 0 &&
			    strcmp(rep->out[i].fmt->name, "compact") != 0)
				return stderr;
	return stdout;
}

/* --hold: the servers stay up until the time is over or a signal. */
static void
hold(struct st_ctx *c)
{
	double end = st_now_ms() + c->hold * 1000.0;
	struct timespec ts = { 0, 50 * 1000000L };
	size_t i;

	for (i = 0; i < c->targets.n; i++)
		if (c->targets.v[i]->skip == NULL)
			fprintf(stderr, "proxyfpm selftest: holding: %s is "
			    "http://127.0.0.1:%d/ (Host: %s), document root "
			    "%s\n", c->targets.v[i]->label,
			    c->targets.v[i]->port, c->targets.v[i]->host,
			    c->targets.v[i]->docroot);
	fprintf(stderr, "proxyfpm selftest: holding the servers for %d s; "
	    "Ctrl-C stops them\n", c->hold);
	while (!st_interrupted && st_now_ms() < end)
		nanosleep(&ts, NULL);
	/* Ctrl-C here only ends the wait: the verdict still counts. */
	st_interrupted = 0;
}

/* -v: how long each step took. */
static void
mark(struct st_ctx *c, const char *what)
{
	static double last;
	double now = st_now_ms();

	if (c->verbose)
		st_say("%7.1f ms %s (+%.1f)", now - c->t_start, what,
		    last > 0 ? now - last : now - c->t_start);
	last = now;
}

/* The whole run once the inputs are known; returns -1 to stop early. */
static int
run_servers(struct st_ctx *c)
{
	if (st_sandbox_write(c) < 0) {
		st_error(c, "selftest-io", PF_NOLOC, "cannot write the sandbox "
		    "in %s", c->dir);
		c->run->io_error = 1;
		return -1;
	}
	mark(c, "sandbox written");
	/* Read back without .htaccess to find the document roots, lay out
	 * the probe files, then read again as Apache will see it. */
	if (st_readback(c, 0) < 0 || st_targets_find(c) < 0 || st_interrupted)
		return -1;
	mark(c, "read back");
	if (st_fixtures(c) < 0 || st_interrupted)
		return -1;
	mark(c, "probe files");
	if (st_readback(c, 1) < 0 || st_targets_find(c) < 0 || st_interrupted)
		return -1;
	mark(c, "read back with .htaccess");
	if (c->pools.n == 0)
		st_say("warning: no pool to serve: PHP requests will fail");
	if ((c->real_fpm ? st_fpm_start(c) : st_runtimes_start(c)) < 0 ||
	    st_interrupted)
		return -1;
	mark(c, c->real_fpm ? "php-fpm listening" : "runtime listening");
	if (st_apache_start(c) < 0 || st_interrupted)
		return -1;
	mark(c, "apache2 listening");
	c->t_ready = st_now_ms();
	st_probes_build(c);
	if (st_probes_run(c) < 0)
		return -1;
	c->t_probes = st_now_ms();
	mark(c, pf_printf(c->a, "%zu probes answered", c->probes.n));
	st_sim_predict(c);
	if (c->hold > 0) {
		if (c->table_out != NULL)
			st_table(c, c->table_out);
		c->table_done = 1;
		fflush(NULL);
		hold(c);
	}
	return 0;
}

int
pf_cmd_selftest(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "fpm", no_argument, NULL, OPT_FPM },
		{ "httpd", required_argument, NULL, OPT_HTTPD },
		{ "pool", required_argument, NULL, OPT_POOL },
		{ "php-ini", required_argument, NULL, OPT_PHPINI },
		{ "upload-dir", required_argument, NULL, OPT_UPLOAD_DIR },
		{ "server-root", required_argument, NULL, 'd' },
		{ "define", required_argument, NULL, 'D' },
		{ "host", required_argument, NULL, OPT_HOST },
		{ "layout", required_argument, NULL, OPT_LAYOUT },
		{ "user-map", required_argument, NULL, OPT_USER_MAP },
		{ "apache2", required_argument, NULL, OPT_APACHE2 },
		{ "php-fpm", required_argument, NULL, OPT_PHP_FPM },
		{ "modules-dir", required_argument, NULL, OPT_MODULES_DIR },
		{ "compare-simulator", no_argument, NULL, OPT_COMPARE_SIM },
		{ "timeout", required_argument, NULL, OPT_TIMEOUT },
		{ "keep", no_argument, NULL, OPT_KEEP },
		{ "hold", required_argument, NULL, OPT_HOLD },
		{ "quiet", no_argument, NULL, 'q' },
		{ "verbose", no_argument, NULL, 'v' },
		PF_REPORT_LONGOPTS,
		{ NULL, 0, NULL, 0 },
	};
	struct st_ctx c;
	struct pf_report_cli rep;
	struct pf_user_map *maps;
	const char *httpd = NULL, *pool = NULL, *phpini = NULL;
	const char *host = NULL, *layout = NULL, *apache = NULL;
	const char *fpm_bin = NULL, **defines;
	size_t nmaps = 0, ndefines = 0;
	char **av, *end;
	int ch, r, code, quiet = 0, sig;

	memset(&c, 0, sizeof(c));
	c.run = pf_run_new();
	c.a = c.run->arena;
	c.timeout_ms = 10000;
	c.dead_fd = -1;
	c.t_start = st_now_ms();
	pf_report_cli_init(&rep, "selftest");
	maps = pf_alloc(c.a, ((size_t)argc + 1) * sizeof(*maps));
	defines = pf_alloc(c.a, ((size_t)argc + 1) * sizeof(*defines));
	c.upload_dirs = pf_alloc(c.a, ((size_t)argc + 1) *
	    sizeof(*c.upload_dirs));
	av = disambiguate(argc, argv, c.a);
	optind = 1;
	while ((ch = getopt_long(argc, av, "hqvd:D:", longopts, NULL)) != -1) {
		switch (ch) {
		case 'h':
			fputs(usage_text, stdout);
			code = PF_EXIT_OK;
			goto out;
		case 'q':
			quiet = 1;
			break;
		case 'v':
			c.verbose = 1;
			break;
		case OPT_FPM:
			c.real_fpm = 1;
			break;
		case OPT_HTTPD:
			httpd = optarg;
			break;
		case OPT_POOL:
			pool = optarg;
			break;
		case OPT_PHPINI:
			phpini = optarg;
			break;
		case OPT_UPLOAD_DIR:
			c.upload_dirs[c.nupload_dirs++] = optarg;
			break;
		case 'd':
			c.server_root = optarg;
			break;
		case 'D':
			defines[ndefines++] = optarg;
			break;
		case OPT_HOST:
			host = optarg;
			break;
		case OPT_LAYOUT:
			if (strcmp(optarg, "debian") &&
			    strcmp(optarg, "rhel")) {
				pf_usage_error("selftest", "--layout takes "
				    "debian or rhel");
				code = PF_EXIT_USAGE;
				goto out;
			}
			layout = optarg;
			break;
		case OPT_USER_MAP:
			if (parse_user_map(c.a, optarg, &maps[nmaps]) < 0) {
				pf_usage_error("selftest", "--user-map takes "
				    "FROM=TO, not '%s'", optarg);
				code = PF_EXIT_USAGE;
				goto out;
			}
			nmaps++;
			break;
		case OPT_APACHE2:
			apache = optarg;
			break;
		case OPT_PHP_FPM:
			fpm_bin = optarg;
			break;
		case OPT_MODULES_DIR:
			c.moddir = optarg;
			break;
		case OPT_COMPARE_SIM:
			c.compare_sim = 1;
			break;
		case OPT_TIMEOUT:
			c.timeout_ms = (unsigned)strtoul(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' ||
			    c.timeout_ms < 100 || c.timeout_ms > 600000) {
				pf_usage_error("selftest", "--timeout takes "
				    "milliseconds from 100 to 600000");
				code = PF_EXIT_USAGE;
				goto out;
			}
			break;
		case OPT_KEEP:
			c.keep = 1;
			break;
		case OPT_HOLD:
			c.hold = (int)strtol(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' || c.hold < 0 ||
			    c.hold > 86400) {
				pf_usage_error("selftest", "--hold takes "
				    "seconds from 0 to 86400");
				code = PF_EXIT_USAGE;
				goto out;
			}
			break;
		default:
			r = pf_report_opt(&rep, ch, optarg);
			if (r == 1)
				break;
			if (r == 0)
				pf_opt_suggest("selftest", longopts, argc, av);
			if (r == 0)
				fputs("usage: proxyfpm selftest SITE.ini... "
				    "[options] (see --help)\n", stderr);
			code = PF_EXIT_USAGE;
			goto out;
		}
	}
	if (httpd == NULL && optind >= argc) {
		pf_usage_error("selftest", "no site description given (or "
		    "--httpd FILE; see --help)");
		code = PF_EXIT_USAGE;
		goto out;
	}
	if (httpd != NULL && optind < argc) {
		pf_usage_error("selftest", "site descriptions and --httpd "
		    "cannot be combined ('%s')", av[optind]);
		code = PF_EXIT_USAGE;
		goto out;
	}
	if (httpd == NULL && (pool != NULL || phpini != NULL ||
	    c.nupload_dirs > 0 || ndefines > 0 || c.server_root != NULL)) {
		pf_usage_error("selftest", "--pool, --php-ini, --upload-dir, "
		    "-d and -D go with --httpd");
		code = PF_EXIT_USAGE;
		goto out;
	}
	/* A report that cannot be written is said now, not after the run
	 * (and before apache2 is looked for). */
	if (pf_report_check(&rep, NULL) < 0) {
		code = PF_EXIT_IO;
		goto out;
	}
	c.run->min_sev = rep.min_sev;

	/* The programs first: without apache2 there is nothing to do. */
	c.apache_bin = st_find_program(c.a, apache ? apache : "apache2");
	if (c.apache_bin == NULL && apache == NULL)
		c.apache_bin = st_find_program(c.a, "httpd");
	if (c.apache_bin == NULL) {
		st_say("%s is not installed (looked on PATH and in /usr/sbin, "
		    "/usr/local/sbin, /sbin): selftest runs the real Apache "
		    "httpd 2.4; install it (Debian: apt-get install apache2) "
		    "or name the binary with --apache2 BIN",
		    apache ? apache : "apache2");
		code = PF_EXIT_MISSING;
		goto out;
	}
	c.apache_version = st_apache_version(&c);
	c.moddir = st_find_moddir(&c);
	if (c.moddir == NULL) {
		st_say("cannot find the modules of %s (mod_proxy_fcgi.so): "
		    "name their folder with --modules-dir DIR", c.apache_bin);
		code = PF_EXIT_MISSING;
		goto out;
	}
	if (c.real_fpm) {
		c.fpm_bin = st_find_program(c.a, fpm_bin ? fpm_bin :
		    "php-fpm8.2");
		if (c.fpm_bin == NULL && fpm_bin == NULL)
			c.fpm_bin = st_find_program(c.a, "php-fpm");
		if (c.fpm_bin == NULL) {
			st_say("%s is not installed: --fpm runs the real "
			    "PHP-FPM (Debian: apt-get install php-fpm), or "
			    "name it with --php-fpm BIN", fpm_bin ? fpm_bin :
			    "php-fpm8.2");
			code = PF_EXIT_MISSING;
			goto out;
		}
	}

	c.table_out = quiet ? NULL : table_stream(&rep);
	catch_signals();
	if (st_sandbox_new(&c) < 0) {
		st_say("cannot create the sandbox: %s", strerror(errno));
		code = PF_EXIT_IO;
		goto out;
	}
	if (c.verbose)
		st_say("sandbox %s", c.dir);
	mark(&c, "programs found, sandbox made");
	r = httpd != NULL ?
	    st_inputs_deployed(&c, httpd, pool, phpini, defines, ndefines) :
	    st_inputs_sites(&c, av + optind, (size_t)(argc - optind), host,
	    layout, maps, nmaps);
	mark(&c, "inputs read");
	if (r == 0 && !st_interrupted)
		run_servers(&c);
	st_procs_stop(&c);
	st_runtimes_stop(&c);
	mark(&c, "servers stopped");
	c.t_end = st_now_ms();
	if (c.t_probes == 0)
		c.t_probes = c.t_end;
	if (!st_interrupted) {
		if (c.table_out != NULL && c.probes.n > 0 && !c.table_done)
			st_table(&c, c.table_out);
		st_findings(&c);
		if (c.probes.n == 0 && pf_run_errors(c.run) == 0 && r == 0)
			st_say("warning: nothing was probed (no vhost serves "
			    "a document root in the sandbox)");
	}
	if (c.sb != NULL)
		pf_run_free(c.sb);
	c.sb = NULL;
	st_sandbox_remove(&c);
	mark(&c, "sandbox removed");
	if (st_interrupted) {
		sig = st_interrupted;
		st_say("interrupted: every server stopped, the sandbox "
		    "removed");
		pf_run_free(c.run);
		signal(sig, SIG_DFL);
		raise(sig);
		return 128 + sig;
	}
	pf_report_write(c.run, &rep);
	code = pf_exit_code(c.run, rep.opts.fail_on);
out:
	if (c.sb != NULL)
		pf_run_free(c.sb);
	if (c.dir != NULL)
		st_sandbox_remove(&c);
	pf_run_free(c.run);
	return code;
}
