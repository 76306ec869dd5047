/*
 * emit_int.h - internals of compile: the compile context, the per-pool
 * and per-service plans sizing fills in, and the line builder that keeps
 * an origin for every emitted line.
 */
#ifndef PF_EMIT_INT_H
#define PF_EMIT_INT_H

#include "emitters/emit.h"
#include "model/model.h"

/* Sizing constants (docs/sizing.md explains each). */
#define SZ_APACHE_CHILD_MEM	(5LL << 20)	/* private bytes per child */
#define SZ_FPM_MASTER_MEM	(3LL << 20)	/* private bytes per master */
#define SZ_DEFAULT_WORKER_MEM	(128LL << 20)	/* PHP's memory_limit default */
#define SZ_WORKERS_PER_CORE	8	/* demand without rps/request_time */
#define SZ_STATIC_PER_CORE	32	/* Apache threads for non-PHP work */
#define SZ_TPC			32	/* ThreadsPerChild: a multiple of it */
#define SZ_TPC_MAX		128	/* ThreadsPerChild at most */
#define SZ_MAX_SERVER_LIMIT	20000	/* event/worker MAX_SERVER_LIMIT */
#define SZ_REUSE_RESERVE	2	/* workers kept for other consumers */
#define SZ_IN_FLIGHT		10	/* requests Apache sends a pool at once,
					 * per worker (capacity-mismatch) */
#define SZ_PROXY_SLACK		5	/* ProxySet timeout - request_timeout */
#define SZ_IDLE_TIMEOUT		10	/* ondemand process_idle_timeout */
#define SZ_SOMAXCONN		4096	/* kernel default since Linux 5.4 */
#define SZ_MIN_BACKLOG		511	/* Apache's and most daemons' default */
#define SZ_TASKSMAX_FLOOR	4915	/* systemd: 15% of pid_max 32768 */
#define SZ_APACHE_NOFILE	8192	/* Debian's apache2ctl ulimit -n */
#define SZ_HEADROOM_PCT		125	/* Little's law headroom */

/* A hash table keyed by bytes (emit_hash.c). */
struct ehash_ent {
	const char	*key;
	size_t		 n;
	void		*val;
};

struct ehash {
	struct ehash_ent *v;
	size_t		 n, cap;
};

void	*ehash_get(const struct ehash *, const void *key, size_t n);
void	 ehash_put(struct pf_arena *, struct ehash *, const void *key,
	    size_t n, void *val);

/* One php-fpm service (one per PHP version on Debian). */
struct svc_plan {
	const char	*version;
	const char	*service;	/* php8.2-fpm */
	PF_VEC(struct pf_pool *) pools;
	long long	 children;	/* sum of max_children */
	long long	 nofile, nproc, tasks;
	int		 set_nproc, set_tasks;
	const char	*why_nofile, *why_nproc, *why_tasks;
	struct pf_loc	 loc;		/* first pool's header */
};

/* What compile decided for a pool, beyond the model's fields. */
struct pool_plan {
	struct pf_pool	*p;
	struct svc_plan	*svc;
	const char	*user, *group;	/* after --user-map */
	const char	*owner, *ogroup;	/* socket owner/group, mapped */
	long long	 worker_mem;
	enum pf_pm	 pm;		/* sized: static, dynamic or ondemand */
	int		 nsites;
	int		 ppm;		/* a proxypassmatch site uses it */
	int		 final;		/* last sizing round: report errors */
	int		 reuse;		/* enablereuse=on for its site */
	long long	 max;		/* max= per Apache process */
	const char	*why_no_reuse;
	const char	*why_pm, *why_backlog, *why_rlimit, *why_timeout;
	const char	*why_max_requests;	/* when compile changed it */
};

struct site_plan {
	struct pf_site	*s;
	struct pool_plan *pp;
	const char	*why_proxy;
};

/* The state of one pf_compile(). */
struct cc {
	struct pf_run	*run;
	struct pf_model	*m;
	const struct pf_compile_opts *o;
	int		 rhel;
	const char	*root;		/* remap root without a trailing '/' */
	const char	*apache_user, *apache_group;
	struct pool_plan *pools;	/* parallel to m->pools */
	struct site_plan *sites;	/* parallel to m->sites */
	PF_VEC(struct svc_plan *) svcs;
	const char	*why_mpm;
	PF_VEC(struct pf_emitted) files;
	struct ehash	 plan_of;	/* pool pointer -> pool_plan */
	struct ehash	 paths;		/* emitted paths */
};

/* Line builder: text plus the origin of each line. */
struct out {
	struct pf_run	*run;
	struct pf_buf	 b;
	PF_VEC(struct pf_loc) origin;
	int		 indent;
	char		 comment;	/* '#' or ';' */
};

void	out_init(struct out *, struct pf_run *, char comment);
/* One line (printf-style), indented, with its origin. */
void	out_line(struct out *, struct pf_loc, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));
/* Each line of text as a comment line. */
void	out_comment(struct out *, struct pf_loc, const char *text);
void	out_blank(struct out *);
/* Hands the text over as an emitted file (and registers the source). */
void	out_finish(struct out *, struct cc *, enum pf_emit_kind,
	    const char *name, const char *path);
/* The banner at the top of each file. */
void	out_banner(struct out *, struct cc *, struct pf_loc what,
	    const char *section, const char *howto);

/* A path of the target machine with the remap root in front. */
const char *cc_path(struct cc *, const char *path);
/* A pool user or group after --user-map. */
const char *cc_user(struct cc *, const char *name);
/* "s" as an Apache config word in double quotes. */
const char *q_apache(struct cc *, const char *s);
/* A value in php-fpm's INI dialect (bare, 'raw' or "escaped"). */
const char *q_fpm(struct cc *, const char *s);
const char *q_fpm_str(struct cc *, const char *s);
const char *q_fpm_key(struct cc *, const char *s);
/* A regex with its metacharacters escaped. */
const char *re_escape(struct cc *, const char *s);
/* Where the location comes from: v's when set, else fallback. */
struct pf_loc	loc_or(struct pf_loc v, struct pf_loc fallback);

/* sizing.c: fills pm, pm.*, listen.backlog, rlimit_files, proxy worker
 * settings, the MPM plan and the services' limits, with explanations.
 * Returns 0, or -1 after an error diagnostic. */
int	sizing_run(struct cc *);
/* Appends the whole arithmetic (compile --explain-sizing). */
void	sizing_explain(struct cc *, struct pf_buf *);

/* The emitters. */
void	emit_vhost(struct cc *, struct site_plan *);
void	emit_pool(struct cc *, struct pool_plan *);
void	emit_systemd(struct cc *, struct svc_plan *);
void	emit_mpm(struct cc *);

#endif
