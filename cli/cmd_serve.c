/*
 * cmd_serve.c - proxyfpm serve: run the bundled FastCGI runtime on its own.
 *
 * It answers every request with what php-fpm would execute under the given
 * pool settings (docs/runtime.md).  SIGTERM and SIGINT stop it cleanly: the
 * loop returns, connections are closed and the unix socket is removed.
 */
#include <errno.h>
#include <getopt.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/common.h"
#include "model/model.h"
#include "parsers/fpm.h"
#include "parsers/phpini.h"
#include "runtime/rt.h"

enum {
	OPT_LISTEN = PF_OPT_CMD_FIRST,
	OPT_POOL,
	OPT_POOL_NAME,
	OPT_PHPINI,
	OPT_FIX_PATHINFO,
	OPT_DISCARD_PATH,
	OPT_LIMIT_EXT,
	OPT_STATUS_PATH,
	OPT_PING_PATH,
	OPT_PING_RESPONSE,
	OPT_SOCKET_MODE,
	OPT_SOCKET_OWNER,
	OPT_SOCKET_GROUP,
	OPT_MAX_CONNS,
	OPT_MAX_PARAMS,
	OPT_IDLE_TIMEOUT,
	OPT_READ_TIMEOUT,
	OPT_WORKERS,
	OPT_QUIET,
};

static const char usage_text[] =
"usage: proxyfpm serve [--listen unix:PATH|HOST:PORT] [--pool FILE] [options]\n"
"\n"
"Runs proxyfpm's FastCGI runtime.  For each request it answers with the\n"
"verdict php-fpm would reach for the same parameters and the files on\n"
"disk: the script that would execute (200) or FPM's 403 \"Access denied.\" /\n"
"404 \"File not found.\" / 404 \"No input file specified.\", as a small JSON\n"
"document with the parameters received.  The pool's ping and status paths\n"
"are answered as php-fpm answers them.  SIGTERM or SIGINT stops it.\n"
"\n"
"  --listen ADDR         unix:PATH (or an absolute path), HOST:PORT or\n"
"                        [V6]:PORT; port 0 picks a free port.  Default: the\n"
"                        pool's listen address with --pool\n"
"  --pool FILE          read the settings below from a php-fpm pool file\n"
"                        (or php-fpm.conf); explicit options win\n"
"  --pool-name NAME      which pool of FILE (default: the first)\n"
"  --php-ini FILE        php.ini for cgi.fix_pathinfo / cgi.discard_path\n"
"                        (with or without --pool)\n"
"  --fix-pathinfo 0|1    cgi.fix_pathinfo (default 1)\n"
"  --discard-path 0|1    cgi.discard_path (default 0)\n"
"  --limit-extensions L  security.limit_extensions, space separated\n"
"                        (default \".php .phar\"; \"\" allows everything)\n"
"  --status-path P       pm.status_path\n"
"  --ping-path P         ping.path\n"
"  --ping-response T     ping.response (default pong)\n"
"  --socket-mode MODE    unix socket mode, octal (default 0660)\n"
"  --socket-owner USER   --socket-group GROUP   unix socket ownership\n"
"  --max-conns N         connections served at once (default 1024)\n"
"  --max-params BYTES    params per request (default 1048576)\n"
"  --idle-timeout MS     close a kept connection idle this long (300000)\n"
"  --read-timeout MS     close a connection stalled in a request (30000)\n"
"  --workers N|auto      processes sharing the listener (default 1), as\n"
"                        php-fpm's workers do; each keeps its own status\n"
"                        counters.  auto: one per CPU this process may\n"
"                        run on (its affinity mask, e.g. under taskset)\n"
"  -q, --quiet           do not print the listening address\n"
"\n"
"Exit: 0 after a clean stop, 2 usage, 3 a pool file or php.ini that cannot\n"
"be read (or that php-fpm would refuse), 4 the address cannot be bound.\n";

static struct pf_rt *the_rt;

/*
 * --workers auto: one event loop per CPU the process may run on, as
 * nginx's worker_processes auto.  The affinity mask, not the machine's
 * CPU count: under taskset -c 0 (or a cgroup cpuset) one process is
 * what that CPU can run; more only split the same requests into more
 * wake-ups (bench/runtime.sh: with 8 processes on one CPU the runtime
 * spent about 25 us of CPU per request through Apache, with one 15 us).
 */
static int
cpus_allowed(void)
{
	cpu_set_t set;
	long n;

	if (sched_getaffinity(0, sizeof(set), &set) == 0 &&
	    (n = CPU_COUNT(&set)) > 0)
		return n > 256 ? 256 : (int)n;
	n = sysconf(_SC_NPROCESSORS_ONLN);
	return n < 1 ? 1 : n > 256 ? 256 : (int)n;
}

/*
 * serve --workers N: N - 1 more processes on the same listener, each
 * with its own event loop (pf_rt_forked), so that a busy server gets
 * the CPU share of N processes, as php-fpm's workers and a libfcgi
 * responder's processes do.  Signals are blocked until a child has its
 * own stop eventfd (before that, the handler would stop the parent's
 * loop).  A child ends with its parent (PDEATHSIG) or on SIGTERM/SIGINT.
 * Returns the number of children (their PIDs in kids); a child never
 * returns (it exits when its loop ends).
 */
static int
fork_workers(int n, pid_t *kids)
{
	sigset_t set, old;
	pid_t parent = getpid(), pid;
	char err[512];
	int i, k = 0, rc;

	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigprocmask(SIG_BLOCK, &set, &old);
	pf_rt_share_listener(the_rt);
	for (i = 0; i < n; i++) {
		fflush(NULL);
		if ((pid = fork()) < 0) {
			fprintf(stderr, "proxyfpm serve: fork: %s (%d "
			    "workers run)\n", strerror(errno), k + 1);
			break;
		}
		if (pid == 0) {
			prctl(PR_SET_PDEATHSIG, SIGTERM);
			if (getppid() != parent)
				_exit(0);
			if (pf_rt_forked(the_rt, err, sizeof(err)) < 0) {
				fprintf(stderr, "proxyfpm serve: worker: %s\n",
				    err);
				_exit(PF_EXIT_IO);
			}
			sigprocmask(SIG_SETMASK, &old, NULL);
			rc = pf_rt_run(the_rt);
			sigprocmask(SIG_BLOCK, &set, NULL);
			pf_rt_close(the_rt);	/* the socket file stays */
			the_rt = NULL;
			_exit(rc < 0 ? PF_EXIT_IO : PF_EXIT_OK);
		}
		kids[k++] = pid;
	}
	sigprocmask(SIG_SETMASK, &old, NULL);
	return k;
}

static void
on_signal(int sig)
{
	(void)sig;
	if (the_rt != NULL)
		pf_rt_stop(the_rt);
}

static void
log_stderr(void *ctx, enum pf_rt_log_level lv, const char *msg)
{
	(void)ctx;
	if (lv <= PF_RT_LOG_NOTICE)
		fprintf(stderr, "proxyfpm serve: %s\n", msg);
}

static int
parse_bool(const char *s, int *out)
{
	if (strcmp(s, "1") == 0 || strcasecmp(s, "on") == 0 ||
	    strcasecmp(s, "yes") == 0 || strcasecmp(s, "true") == 0)
		*out = 1;
	else if (strcmp(s, "0") == 0 || strcasecmp(s, "off") == 0 ||
	    strcasecmp(s, "no") == 0 || strcasecmp(s, "false") == 0 ||
	    strcasecmp(s, "none") == 0 || *s == '\0')
		*out = 0;
	else
		return -1;
	return 0;
}

static int
parse_num(const char *opt, const char *s, int base, unsigned long max,
    unsigned long *out)
{
	char *end;
	unsigned long v;

	v = strtoul(s, &end, base);
	if (*s == '\0' || *end != '\0' || *s == '-' || v > max) {
		pf_usage_error("serve", "%s: bad value '%s'", opt, s);
		return -1;
	}
	*out = v;
	return 0;
}

/* Settings given on the command line (NULL / -1: not given). */
struct serve_opts {
	const char	*listen, *pool_file, *pool_name, *phpini;
	const char	*limit_ext, *status_path, *ping_path, *ping_response;
	int		 fix_pathinfo, discard_path;
	int		 limit_ext_set;
};

static struct pf_pool *
find_pool(struct pf_model *m, const char *name)
{
	size_t i;

	for (i = 0; i < m->pools.n; i++)
		if (name == NULL || strcmp(m->pools.v[i]->name, name) == 0)
			return m->pools.v[i];
	return NULL;
}

/*
 * Fills cfg from the pool file and the php.ini (either may be absent);
 * returns an exit code or -1 to go on.  A file named on the command line
 * that cannot be read (or that php-fpm would refuse) is exit 3, before
 * anything listens: never the defaults in its place.
 */
static int
apply_pool(struct pf_run *run, struct serve_opts *o, struct pf_rt_config *cfg)
{
	struct pf_fpm_opts fo;
	struct pf_phpini_opts po;
	struct pf_report_opts ro;
	struct pf_model *m;
	struct pf_pool *p = NULL;
	const char *v;
	int b;

	memset(&fo, 0, sizeof(fo));
	fo.config = o->pool_file;
	memset(&po, 0, sizeof(po));
	po.path = o->phpini;
	po.required = 1;
	if (o->phpini != NULL)
		pf_phpini_read(run, &po);
	if ((o->pool_file != NULL && pf_fpm_read(run, &fo) < 0) ||
	    pf_run_errors(run) > 0) {
		memset(&ro, 0, sizeof(ro));
		ro.command = "serve";
		ro.redact = 1;
		pf_report_text(run, stderr, &ro);
		return PF_EXIT_INPUT;
	}
	m = pf_model_get(run);
	if (o->pool_file == NULL) {
		/* --php-ini alone: its cgi.fix_pathinfo / cgi.discard_path. */
		v = pf_php_effective(m->phpini, NULL, "cgi.fix_pathinfo", NULL);
		if (o->fix_pathinfo < 0 && v != NULL && parse_bool(v, &b) == 0)
			cfg->policy.fix_pathinfo = b;
		v = pf_php_effective(m->phpini, NULL, "cgi.discard_path", NULL);
		if (o->discard_path < 0 && v != NULL && parse_bool(v, &b) == 0)
			cfg->policy.discard_path = b;
		return -1;
	}
	if ((p = find_pool(m, o->pool_name)) == NULL) {
		fprintf(stderr, "proxyfpm serve: %s: no pool%s%s\n",
		    o->pool_file, o->pool_name ? " named " : "",
		    o->pool_name ? o->pool_name : "");
		return PF_EXIT_INPUT;
	}
	cfg->pool = p->name;
	if (o->listen == NULL) {
		if (p->listen.kind == PF_LISTEN_UNIX)
			o->listen = pf_printf(run->arena, "unix:%s",
			    p->listen.path);
		else if (p->listen.kind == PF_LISTEN_TCP)
			o->listen = pf_printf(run->arena, "%s:%d",
			    p->listen.host ? p->listen.host : "0.0.0.0",
			    p->listen.port);
	}
	if (!o->limit_ext_set && p->limit_extensions.s != NULL)
		cfg->policy.limit_extensions = p->limit_extensions.s;
	if (o->status_path == NULL)
		cfg->policy.status_path = p->status_path.s;
	if (o->ping_path == NULL)
		cfg->policy.ping_path = p->ping_path.s;
	if (o->ping_response == NULL)
		cfg->policy.ping_response = p->ping_response.s;
	v = pf_php_effective(m->phpini, p, "cgi.fix_pathinfo", NULL);
	if (o->fix_pathinfo < 0 && v != NULL && parse_bool(v, &b) == 0)
		cfg->policy.fix_pathinfo = b;
	v = pf_php_effective(m->phpini, p, "cgi.discard_path", NULL);
	if (o->discard_path < 0 && v != NULL && parse_bool(v, &b) == 0)
		cfg->policy.discard_path = b;
	if (p->listen_mode.s != NULL && cfg->socket_mode < 0)
		cfg->socket_mode = (int)strtol(p->listen_mode.s, NULL, 8);
	if (cfg->socket_owner == NULL)
		cfg->socket_owner = p->listen_owner.s;
	if (cfg->socket_group == NULL)
		cfg->socket_group = p->listen_group.s;
	return -1;
}

int
pf_cmd_serve(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "listen", required_argument, NULL, OPT_LISTEN },
		{ "pool", required_argument, NULL, OPT_POOL },
		{ "pool-name", required_argument, NULL, OPT_POOL_NAME },
		{ "php-ini", required_argument, NULL, OPT_PHPINI },
		{ "fix-pathinfo", required_argument, NULL, OPT_FIX_PATHINFO },
		{ "discard-path", required_argument, NULL, OPT_DISCARD_PATH },
		{ "limit-extensions", required_argument, NULL, OPT_LIMIT_EXT },
		{ "status-path", required_argument, NULL, OPT_STATUS_PATH },
		{ "ping-path", required_argument, NULL, OPT_PING_PATH },
		{ "ping-response", required_argument, NULL,
		    OPT_PING_RESPONSE },
		{ "socket-mode", required_argument, NULL, OPT_SOCKET_MODE },
		{ "socket-owner", required_argument, NULL, OPT_SOCKET_OWNER },
		{ "socket-group", required_argument, NULL, OPT_SOCKET_GROUP },
		{ "max-conns", required_argument, NULL, OPT_MAX_CONNS },
		{ "max-params", required_argument, NULL, OPT_MAX_PARAMS },
		{ "idle-timeout", required_argument, NULL, OPT_IDLE_TIMEOUT },
		{ "read-timeout", required_argument, NULL, OPT_READ_TIMEOUT },
		{ "workers", required_argument, NULL, OPT_WORKERS },
		{ "quiet", no_argument, NULL, 'q' },
		{ NULL, 0, NULL, 0 },
	};
	struct serve_opts o;
	struct pf_rt_config cfg;
	struct pf_run *run;
	struct sigaction sa;
	sigset_t set;
	struct pf_rt *rt;
	unsigned long n = 1;
	char err[512];
	int c, quiet = 0, code = PF_EXIT_OK, r, workers = 1, nkids = 0, i;
	pid_t kids[256];

	memset(&o, 0, sizeof(o));
	o.fix_pathinfo = o.discard_path = -1;
	memset(&cfg, 0, sizeof(cfg));
	cfg.socket_mode = -1;
	cfg.policy.fix_pathinfo = 1;
	cfg.log = log_stderr;
	run = pf_run_new();
	optind = 1;
	while ((c = getopt_long(argc, argv, "hq", longopts, NULL)) != -1) {
		switch (c) {
		case 'h':
			fputs(usage_text, stdout);
			goto out;
		case 'q':
			quiet = 1;
			break;
		case OPT_LISTEN:
			o.listen = optarg;
			break;
		case OPT_POOL:
			o.pool_file = optarg;
			break;
		case OPT_POOL_NAME:
			o.pool_name = optarg;
			break;
		case OPT_PHPINI:
			o.phpini = optarg;
			break;
		case OPT_FIX_PATHINFO:
		case OPT_DISCARD_PATH:
			if (parse_bool(optarg, &r) < 0) {
				pf_usage_error("serve", "%s takes 0 or 1, not "
				    "'%s'", c == OPT_FIX_PATHINFO ?
				    "--fix-pathinfo" : "--discard-path",
				    optarg);
				code = PF_EXIT_USAGE;
				goto out;
			}
			if (c == OPT_FIX_PATHINFO)
				o.fix_pathinfo = r;
			else
				o.discard_path = r;
			break;
		case OPT_LIMIT_EXT:
			o.limit_ext = optarg;
			o.limit_ext_set = 1;
			break;
		case OPT_STATUS_PATH:
			o.status_path = optarg;
			break;
		case OPT_PING_PATH:
			o.ping_path = optarg;
			break;
		case OPT_PING_RESPONSE:
			o.ping_response = optarg;
			break;
		case OPT_SOCKET_MODE:
			if (parse_num("--socket-mode", optarg, 8, 07777,
			    &n) < 0) {
				code = PF_EXIT_USAGE;
				goto out;
			}
			cfg.socket_mode = (int)n;
			break;
		case OPT_SOCKET_OWNER:
			cfg.socket_owner = optarg;
			break;
		case OPT_SOCKET_GROUP:
			cfg.socket_group = optarg;
			break;
		case OPT_WORKERS:
			if (strcmp(optarg, "auto") == 0) {
				workers = cpus_allowed();
				break;
			}
			if (parse_num("--workers", optarg, 10, 256, &n) < 0 ||
			    n == 0) {
				if (n == 0)
					pf_usage_error("serve", "--workers "
					    "must be positive");
				code = PF_EXIT_USAGE;
				goto out;
			}
			workers = (int)n;
			break;
		case OPT_MAX_CONNS:
		case OPT_MAX_PARAMS:
		case OPT_IDLE_TIMEOUT:
		case OPT_READ_TIMEOUT:
			if (parse_num(argv[optind - 1], optarg, 10,
			    c == OPT_MAX_CONNS ? 1000000UL : 0xffffffffUL,
			    &n) < 0 || n == 0) {
				if (n == 0)
					pf_usage_error("serve", "%s must be "
					    "positive", argv[optind - 1]);
				code = PF_EXIT_USAGE;
				goto out;
			}
			if (c == OPT_MAX_CONNS)
				cfg.max_conns = (unsigned)n;
			else if (c == OPT_MAX_PARAMS)
				cfg.max_params = n;
			else if (c == OPT_IDLE_TIMEOUT)
				cfg.idle_timeout_ms = (unsigned)n;
			else
				cfg.read_timeout_ms = (unsigned)n;
			break;
		default:
			pf_opt_suggest("serve", longopts, argc, argv);
			fputs("usage: proxyfpm serve [options] (see --help)\n",
			    stderr);
			code = PF_EXIT_USAGE;
			goto out;
		}
	}
	if (optind < argc) {
		pf_usage_error("serve", "unexpected argument '%s'",
		    argv[optind]);
		code = PF_EXIT_USAGE;
		goto out;
	}
	if ((o.pool_file != NULL || o.phpini != NULL) &&
	    (r = apply_pool(run, &o, &cfg)) >= 0) {
		code = r;
		goto out;
	}
	if (o.listen == NULL) {
		pf_usage_error("serve", "--listen is required (or a --pool "
		    "with a listen address)");
		code = PF_EXIT_USAGE;
		goto out;
	}
	cfg.listen = o.listen;
	if (o.fix_pathinfo >= 0)
		cfg.policy.fix_pathinfo = o.fix_pathinfo;
	if (o.discard_path >= 0)
		cfg.policy.discard_path = o.discard_path;
	if (o.limit_ext_set)
		cfg.policy.limit_extensions = o.limit_ext;
	if (o.status_path != NULL)
		cfg.policy.status_path = o.status_path;
	if (o.ping_path != NULL)
		cfg.policy.ping_path = o.ping_path;
	if (o.ping_response != NULL)
		cfg.policy.ping_response = o.ping_response;

	if ((the_rt = pf_rt_open(&cfg, err, sizeof(err))) == NULL) {
		fprintf(stderr, "proxyfpm serve: %s\n", err);
		code = PF_EXIT_IO;
		goto out;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);
	if (!quiet) {
		fprintf(stderr, "proxyfpm serve: listening on %s\n",
		    pf_rt_address(the_rt));
		fflush(stderr);
	}
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	if (workers > 1)
		nkids = fork_workers(workers - 1, kids);
	if (pf_rt_run(the_rt) < 0)
		code = PF_EXIT_IO;
	/* No handler may touch the runtime once it is freed. */
	sigprocmask(SIG_BLOCK, &set, NULL);
	for (i = 0; i < nkids; i++)
		kill(kids[i], SIGTERM);
	for (i = 0; i < nkids; i++)
		while (waitpid(kids[i], NULL, 0) < 0 && errno == EINTR)
			;
	rt = the_rt;
	the_rt = NULL;
	pf_rt_close(rt);
out:
	pf_run_free(run);
	return code;
}
