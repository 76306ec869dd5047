/*
 * selftest.h - the parts of 'proxyfpm selftest' (cli/selftest_*.c).
 *
 *   inputs    site descriptions compiled in memory, or deployed httpd /
 *             php-fpm / php.ini files read as the servers read them:
 *             the texts to run, and what the sites mean
 *   sandbox   a private temp dir: the texts rewritten (paths moved under
 *             it, private ports, no TLS, no system logs), wrapper
 *             httpd.conf and php-fpm.conf
 *   model     the sandbox configuration read back by proxyfpm's readers
 *   sim       the vhosts to probe, and the request simulator's predictions
 *   fixtures  the files every probe asks for
 *   rt / proc the backends (proxyfpm's runtime in-process, or php-fpm) and
 *             apache2, started and stopped by PID
 *   probe     the probe matrix, the HTTP requests, what each answer means
 *   report    the verdict table and the findings
 *
 * runtime/rt.h and rules/sim.h both name PF_FPM_* constants, so the
 * runtime (selftest_rt.c) and the simulator (selftest_sim.c) live in
 * separate files and meet only through the types here.
 */
#ifndef PF_CLI_SELFTEST_H
#define PF_CLI_SELFTEST_H

#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include "model/model.h"
#include "model/run.h"

/* What an answer was (or what the simulator predicts). */
enum st_obs {
	ST_NONE = 0,
	ST_EXEC,		/* PHP executed a file */
	ST_STATIC,		/* Apache sent the file's bytes */
	ST_FPM_DENIED,		/* FPM's 403 "Access denied." */
	ST_FPM_NOTFOUND,	/* FPM's 404 "File not found." / "No input" */
	ST_STATUS,		/* FPM's status page */
	ST_PING,		/* FPM's ping answer */
	ST_DENIED,		/* Apache's 403 */
	ST_NOTFOUND,		/* Apache's 404 */
	ST_REDIRECT,		/* 3xx */
	ST_ERROR,		/* 5xx */
	ST_OTHER,		/* any other answer */
	ST_NOANSWER,		/* no HTTP answer at all */
	ST_UNAUTH,		/* Apache's 401 (credentials wanted) */
	ST_NOBS
};
#define ST_BIT(o)	(1u << (o))
/* Every outcome but PHP running. */
#define ST_NOEXEC	(((1u << ST_NOBS) - 1) & ~ST_BIT(ST_EXEC) & ~1u)
/* The client address probes "from outside" claim (TEST-NET-3), sent in
 * this header to the sandbox's mod_remoteip. */
#define ST_OUTSIDE_IP	"203.0.113.7"
#define ST_CLIENT_HEADER "X-Proxyfpm-Client"

#define ST_REFUSED	(ST_BIT(ST_DENIED) | ST_BIT(ST_NOTFOUND) |	\
			 ST_BIT(ST_FPM_DENIED) | ST_BIT(ST_FPM_NOTFOUND))

enum st_text_kind {
	ST_TXT_HTTPD = 0,
	ST_TXT_FPM,
	ST_TXT_PHPINI,
	ST_TXT_HTACCESS,
};

/* A configuration text that runs in the sandbox. */
struct st_text {
	enum st_text_kind kind;
	const char	*path;		/* where it is on the target machine */
	const char	*data;
	size_t		 len;
	uint32_t	 src;		/* source in the report run (0: none) */
	const char	*copy;		/* the rewritten copy in the sandbox */
	int		 top;		/* included by the sandbox's wrapper */
};

/* A folder an attacker may write, below a document root. */
struct st_udir {
	const char	*path;		/* sandbox path */
	const char	*url;		/* URL path, ends in '/' */
	int		 judged;	/* the site says so: PHP never runs */
	struct pf_loc	 loc;		/* where it is said (report run) */
};

/* A vhost to probe, with what its site means. */
struct st_target {
	const char	*label;		/* site name, or ServerName:port */
	const char	*host;		/* Host header */
	int		 port;		/* private port */
	const char	*docroot;	/* sandbox path */
	const struct pf_vhost *vhost;	/* in the sandbox run */
	size_t		 vindex;	/* its index among the sim's vhosts */
	struct pf_loc	 loc;		/* the vhost or [site] (report run) */
	int		 php;		/* some route sends PHP to FastCGI */
	const char	*handler;	/* its handler, for the uploaded
					 * .htaccess fixture */
	const struct pf_site *site;	/* compiled: its description */
	PF_VEC(struct st_udir) udirs;
	const char	*front;		/* front controller URL path, or NULL */
	struct pf_loc	 front_loc;
	int		 pathinfo;	/* -1 not said, 0 off, 1 on */
	struct pf_loc	 pathinfo_loc;
	struct pf_loc	 handler_loc;
	struct pf_loc	 docroot_loc;
	/* status and ping of the pool the site uses (NULL: none) */
	const char	*status_path, *ping_path, *ping_response;
	int		 status_local;	/* -1 not said, 0 refused, 1 allowed */
	struct pf_loc	 status_loc;
	const char	*skip;		/* why it is not probed, or NULL */
};

/* One request of the matrix. */
struct st_probe {
	struct st_target *t;
	const char	*url;
	int		 outside;	/* as from a remote client */
	const char	*file;		/* the fixture the URL names (static) */
	/* expectation */
	const char	*expect;	/* "PHP runs", "static", ... */
	unsigned	 allow;		/* ST_BIT()s of acceptable outcomes */
	const char	*exec;		/* the file that may run (sandbox) */
	enum pf_severity sev;		/* of a failure */
	struct pf_loc	 loc;		/* where a failure points */
	const char	*why;		/* what the site means, for findings */
	const char	*updir;		/* an upload folder no script below
					 * may run from (another script, an
					 * ErrorDocument's, may answer) */
	/* what happened */
	enum st_obs	 obs;
	int		 status;
	const char	*obs_exec;	/* file that ran (sandbox path) */
	const char	*detail;	/* short note (error text, location) */
	int		 ok;
	/* the simulator (--compare-simulator) */
	enum st_obs	 sim;
	const char	*sim_exec;
	const char	*sim_desc;
	const char	*sim_na;	/* why it cannot be compared, or NULL */
	int		 agree;
	struct pf_loc	 route_loc;	/* routing directive (sandbox run) */
	struct pf_loc	 authz_loc;	/* the Require that decided (idem) */
	struct pf_loc	 ext_loc;	/* the pool's limit_extensions (sandbox
					 * run), when PHP ran */
};

/* A pool to serve (read back from the sandbox). */
struct st_pool {
	const char	*name;
	const char	*listen;	/* "unix:/path" or "127.0.0.1:PORT" */
	int		 fix_pathinfo, discard_path;
	const char	*limit_ext;	/* NULL: default */
	const char	*status_path, *ping_path, *ping_response;
	int		 socket_mode;	/* -1: default */
	const char	*owner, *group;
	struct pf_loc	 loc;		/* [name] (sandbox run) */
	void		*rt;		/* the runtime serving it */
};

struct st_portmap {
	const char	*host;		/* backend host as written, or NULL */
	int		 from, to;
};

struct st_ctx {
	struct pf_run	*run;		/* report run: inputs and findings */
	struct pf_arena	*a;		/* its arena */
	/* options */
	int		 real_fpm;	/* --fpm: php-fpm instead of runtime */
	int		 compare_sim;	/* --compare-simulator */
	int		 keep;		/* --keep: leave the sandbox */
	int		 hold;		/* --hold: seconds the servers stay */
	FILE		*table_out;	/* where the table goes; NULL: -q */
	int		 table_done;
	int		 verbose;
	unsigned	 timeout_ms;
	const char	*apache_bin, *fpm_bin, *moddir;
	const char	*server_root;	/* deployed: ServerRoot of the input */
	const char	**upload_dirs;	/* deployed: --upload-dir */
	size_t		 nupload_dirs;
	const char	*apache_version;
	/* inputs */
	int		 compiled;	/* from site descriptions */
	int		 full_config;	/* the httpd input loads modules */
	int		 has_mpm;	/* ... an MPM among them */
	int		 has_phpini;
	PF_VEC(struct st_text) texts;
	PF_VEC(const char *) roots;	/* deployed paths moved under root */
	PF_VEC(const char *) unix_workers; /* "fcgi://name" of unix: URLs */
	PF_VEC(int)	 listen_ports;	/* deployed: ports of active Listen */
	PF_VEC(const char *) sockets;	/* sandbox socket paths; socket i is
					 * DIR/s/i.sock (sun_path is short) */
	PF_VEC(const char *) modules;	/* .so files the wrapper loads */
	int		 remoteip_conflict; /* the input sets RemoteIPHeader */
	/* sandbox */
	char		*dir;		/* the temp dir (removed at the end) */
	const char	*root;		/* dir/root: the target machine's / */
	const char	*conf, *adir, *fdir, *logs, *fixdir;
	const char	*httpd_conf, *fpm_conf, *phpini, *envvars;
	const char	*user, *group;	/* Apache's (root only) */
	PF_VEC(struct st_portmap) vports;	/* Listen / VirtualHost */
	PF_VEC(struct st_portmap) bports;	/* TCP backends */
	int		 dead_port;	/* bound, never listening */
	int		 dead_fd;
	/* read back */
	struct pf_run	*sb;		/* sandbox run (readers, simulator) */
	void		*sim;		/* struct pf_sim over sb */
	PF_VEC(struct st_pool) pools;
	PF_VEC(struct st_target *) targets;
	PF_VEC(struct st_probe) probes;
	/* processes */
	pid_t		 apache_pid, fpm_pid;
	/* timings, milliseconds from start */
	double		 t_start, t_apache, t_ready, t_probes, t_end;
	int		 apache_ms;
};

/* cmd_selftest.c */
extern volatile sig_atomic_t st_interrupted;
double	st_now_ms(void);
/* s with every sandbox path shown as the target machine's. */
const char *st_untmp(struct st_ctx *, const char *s);
/* A message on stderr: "proxyfpm selftest: ..." */
void	st_say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* selftest_inputs.c */
struct pf_user_map;
int	st_inputs_sites(struct st_ctx *, char **files, size_t n,
	    const char *host, const char *layout,
	    const struct pf_user_map *, size_t nmap);
int	st_inputs_deployed(struct st_ctx *, const char *httpd,
	    const char *fpm, const char *phpini, const char **defines,
	    size_t ndefines);
/* Maps a path of the target machine into the sandbox (deployed roots;
 * compiled paths are already there), and back. */
const char *st_to_sandbox(struct st_ctx *, const char *path);
const char *st_to_target(struct st_ctx *, const char *path);
/* The report-run location of a place in a sandbox copy. */
struct pf_loc st_report_loc(struct st_ctx *, struct pf_loc sandbox_loc);

/* selftest_sandbox.c */
int	st_sandbox_new(struct st_ctx *);
void	st_sandbox_remove(struct st_ctx *);
int	st_sandbox_write(struct st_ctx *);
int	st_free_port(void);
/* mkdir -p with mode 0755; 0 or -1 (errno). */
int	st_mkdirs(const char *path);
int	st_write_file(const char *path, const char *data, size_t len,
	    int mode);

/* selftest_model.c */
int	st_readback(struct st_ctx *, int htaccess);

/* selftest_sim.c */
int	st_targets_find(struct st_ctx *);
void	st_sim_predict(struct st_ctx *);

/* selftest_fixtures.c */
int	st_fixtures(struct st_ctx *);
extern const char st_marker[];

/* selftest_rt.c */
int	st_runtimes_start(struct st_ctx *);
void	st_runtimes_stop(struct st_ctx *);

/* selftest_proc.c */
const char *st_find_program(struct pf_arena *, const char *name);
const char *st_find_moddir(struct st_ctx *);
const char *st_apache_version(struct st_ctx *);
int	st_apache_start(struct st_ctx *);
int	st_fpm_start(struct st_ctx *);
void	st_procs_stop(struct st_ctx *);
/* Kills what is still running, for the signal handler's second signal. */
void	st_procs_kill_now(void);
/* Waits until a socket accepts ("unix:/path" or "host:port") or the
 * process dies; 1 ready, 0 process gone or timeout, -1 interrupted. */
int	st_wait_listen(const char *addr, pid_t pid, unsigned ms);

/* selftest_probe.c */
void	st_probes_build(struct st_ctx *);
int	st_probes_run(struct st_ctx *);
const char *st_obs_name(enum st_obs);

/* selftest_report.c */
void	st_table(struct st_ctx *, FILE *);
void	st_findings(struct st_ctx *);
void	st_error(struct st_ctx *, const char *id, struct pf_loc,
	    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

#endif
