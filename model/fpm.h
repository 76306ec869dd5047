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

struct pf_fpm_conf;
struct pf_phpini;

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

/*
 * A parsed listen address (semantics.md 3.4, fpm_sockets.c): a value with
 * ':' is TCP host:port split at the last ':' ([v6] brackets stripped), all
 * digits is a bare port (bound to [::] and 0.0.0.0: all interfaces),
 * anything else a unix socket path (made absolute with the prefix).
 */
struct pf_listen {
	enum pf_listen_kind kind;
	const char	*path;		/* unix socket path (absolute) */
	const char	*host;		/* tcp host; NULL for a bare port */
	int		 port;		/* tcp port (0 if invalid) */
	int		 any;		/* bound to all interfaces */
	int		 loopback;	/* only reachable from this host */
	struct pf_loc	 loc;
	/* Added by the php-fpm.conf reader: */
	int		 port_invalid;	/* php-fpm -t passes, startup fails */
	int		 v6;		/* host is an IPv6 literal */
	int		 hostname;	/* host is a name, not an address */
	/* A name found in etc/hosts: the address php-fpm binds (the first
	 * of getaddrinfo's not taken by an earlier pool, or the socket it
	 * shares), IPv4 as v4-mapped IPv6; bound_af 4 or 6.  -1: none of
	 * its addresses binds (startup fails); 0: not looked up. */
	int		 bound_af;
	unsigned char	 bound[16];
};

/*
 * php_value / php_flag / php_admin_value / php_admin_flag entries, in the
 * order written.  php-fpm applies each list in reverse, so for a key the
 * FIRST php_value wins over later ones, and any php_admin_value wins over
 * every php_value (php/php-src#8398, verified with 8.2.36).
 */
struct pf_php_setting {
	const char	*key;
	const char	*value;		/* flags normalised to "1" / "0" */
	int		 admin;		/* php_admin_* */
	int		 flag;		/* *_flag */
	struct pf_loc	 loc;
	/* Added by the php-fpm.conf reader: */
	int		 overridden;	/* an earlier entry of the same kind
					 * and key wins over this one */
	const char	*raw;		/* value before prefixing (error_log &c) */
};

/* env[NAME]; as for php_value the first entry of a name wins. */
struct pf_env {
	const char	*name;
	const char	*value;
	struct pf_loc	 loc;
	int		 overridden;	/* added: a previous env[NAME] wins */
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

	/*
	 * Added by the php-fpm.conf reader (parsers/fpm*.c).  String fields
	 * above hold php-fpm's effective value: $pool expanded and relative
	 * paths (listen socket, slowlog, access.log, chdir, chroot, prefix)
	 * made absolute as php-fpm does; the location is the directive's.
	 * An unset field means php-fpm's default (docs/fpm-reader.md).
	 * start_servers of a dynamic pool holds php-fpm's computed value
	 * when unset or <= 0 (loc then points at pm).
	 */
	struct pf_sval	 access_format;
	struct pf_svec	 access_suppress_path;
	struct pf_ival	 request_slowlog_trace_depth;
	struct pf_ival	 request_terminate_timeout_track_finished;
	struct pf_sval	 apparmor_hat;
	struct pf_fpm_conf *master;	/* the php-fpm.conf it came from */
	const char	*status_of;	/* hidden "<pool>_status" pool made
					 * by pm.status_listen: its owner */
	long long	 uid, gid;	/* resolved user/group, -1 unknown */
	int		 user_missing;	/* user/group do not exist */
	int		 runs_as_root;	/* uid or gid 0: startup refuses */
	const char	*home;		/* the user's home directory */
	const char	*file;		/* file of the [name] header */

	/* Inputs of a site description, not php-fpm directives. */
	struct pf_sval	 php_version;
	struct pf_ival	 memory_budget;		/* bytes for all workers */
	struct pf_ival	 worker_memory;		/* private bytes per worker */
	struct pf_ival	 expected_rps;		/* I/O-bound sizing input */
	struct pf_ival	 request_time_ms;	/* mean request time */
	int		 used;			/* a vhost routes to it */
	struct pf_ival	 reuse;			/* 0 off, 1 on, 2 auto */
	struct pf_ival	 shared;		/* sites may share it (bool) */
};

struct pf_fpm_global {
	struct pf_sval	 pid, error_log, log_level;
	struct pf_ival	 process_max, rlimit_files, rlimit_core;
	struct pf_ival	 daemonize;
	struct pf_ival	 emergency_restart_threshold;
	struct pf_ival	 emergency_restart_interval;
	struct pf_ival	 process_control_timeout;
	struct pf_sval	 events_mechanism;
	/* Added by the php-fpm.conf reader: */
	struct pf_sval	 syslog_ident, syslog_facility;
	struct pf_ival	 log_buffering, log_limit, process_priority;
	struct pf_ival	 systemd_interval;
	struct pf_loc	 loc;		/* the [global] header, if any */
};

struct pf_fpm_conf {
	const char	*path;		/* the main file */
	struct pf_phpini *phpini;	/* its own php.ini when several
					 * masters were read; NULL: the
					 * model's */
	const char	*prefix;	/* -p, else the compiled PHP_PREFIX */
	struct pf_fpm_global global;
	PF_VEC(struct pf_pool *) pools;
	/* Added by the php-fpm.conf reader: */
	int		 refused;	/* php-fpm -t would refuse (exit 78) */
	int		 prefix_given;	/* -p was given (fpm_globals.prefix) */
	const char	*layout;	/* debian, rhel, ... or NULL */
	PF_VEC(const char *) creates;	/* files php-fpm -t would create */
};

#endif
