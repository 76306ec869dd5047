/*
 * fpm.h - PHP-FPM: the global section and the pools.
 *
 * Both front ends fill these: the site description ([pool NAME]) and the
 * php-fpm.conf reader.  Every field keeps its location; an unset field has
 * set == 0 / s == NULL and means php-fpm's default (see fpm_conf.c and
 * reference/semantics.md 3.2-3.3).
 */
#ifndef PF_FPM_H
#define PF_FPM_H

#include "model/value.h"

enum pf_pm {
	PF_PM_UNSET = 0,
	PF_PM_STATIC,
	PF_PM_DYNAMIC,
	PF_PM_ONDEMAND,
	PF_PM_AUTO,		/* site description only: sized by compile */
};

enum pf_listen_kind {
	PF_LISTEN_NONE = 0,
	PF_LISTEN_UNIX,
	PF_LISTEN_TCP,
};

/* A parsed listen address (semantics.md 3.4). */
struct pf_listen {
	enum pf_listen_kind kind;
	const char	*path;		/* unix socket path (absolute) */
	const char	*host;		/* tcp host; NULL for a bare port */
	int		 port;		/* tcp port (0 if invalid) */
	int		 any;		/* bound to all interfaces */
	int		 loopback;	/* only reachable from this host */
	struct pf_loc	 loc;
};

/* php_value / php_flag / php_admin_value / php_admin_flag entries. */
struct pf_php_setting {
	const char	*key;
	const char	*value;		/* flags normalised to "1" / "0" */
	int		 admin;		/* php_admin_* */
	int		 flag;		/* *_flag */
	struct pf_loc	 loc;
};

struct pf_env {
	const char	*name;
	const char	*value;
	struct pf_loc	 loc;
};

struct pf_pool {
	const char	*name;
	struct pf_loc	 loc;		/* the [name] header */
	struct pf_sval	 prefix;
	struct pf_sval	 user, group;
	struct pf_sval	 listen_raw;
	struct pf_listen listen;
	struct pf_ival	 listen_backlog;
	struct pf_sval	 listen_owner, listen_group, listen_mode;
	struct pf_sval	 listen_acl_users, listen_acl_groups;
	struct pf_sval	 listen_allowed_clients;
	enum pf_pm	 pm;
	struct pf_loc	 pm_loc;
	struct pf_ival	 max_children, start_servers;
	struct pf_ival	 min_spare_servers, max_spare_servers;
	struct pf_ival	 max_spawn_rate, process_idle_timeout, max_requests;
	struct pf_ival	 request_terminate_timeout, request_slowlog_timeout;
	struct pf_sval	 slowlog, access_log;
	struct pf_sval	 status_path, status_listen, ping_path, ping_response;
	struct pf_ival	 rlimit_files, rlimit_core;	/* core: -1 unlimited */
	struct pf_sval	 chroot, chdir;
	struct pf_ival	 clear_env, catch_workers_output;
	struct pf_ival	 decorate_workers_output, process_dumpable;
	struct pf_ival	 process_priority;
	struct pf_sval	 limit_extensions;	/* NULL: default ".php .phar" */
	struct pf_svec	 status_allow;		/* addresses for status/ping */
	PF_VEC(struct pf_php_setting) php;
	PF_VEC(struct pf_env) env;

	/* Inputs of a site description, not php-fpm directives. */
	struct pf_sval	 php_version;
	struct pf_ival	 memory_budget;		/* bytes for all workers */
	struct pf_ival	 worker_memory;		/* private bytes per worker */
	struct pf_ival	 expected_rps;		/* I/O-bound sizing input */
	struct pf_ival	 request_time_ms;	/* mean request time */
	int		 used;			/* a vhost routes to it */
};

struct pf_fpm_global {
	struct pf_sval	 pid, error_log, log_level;
	struct pf_ival	 process_max, rlimit_files, rlimit_core;
	struct pf_ival	 daemonize;
	struct pf_ival	 emergency_restart_threshold;
	struct pf_ival	 emergency_restart_interval;
	struct pf_ival	 process_control_timeout;
	struct pf_sval	 events_mechanism;
};

struct pf_fpm_conf {
	const char	*path;		/* the main file */
	const char	*prefix;	/* -p, else the compiled PHP_PREFIX */
	struct pf_fpm_global global;
	PF_VEC(struct pf_pool *) pools;
};

#endif
