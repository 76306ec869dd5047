/*
 * host.h - facts about the machine the configuration runs on.
 *
 * Filled from a site description's [host] section, from --host FILE, or
 * from this machine (--host auto).  The sizing in compile and the
 * sufficiency rules read it.
 */
#ifndef PF_HOST_H
#define PF_HOST_H

#include "model/value.h"

enum pf_host_source {
	PF_HOST_NONE = 0,	/* nothing known: sufficiency rules stay quiet */
	PF_HOST_DESCRIPTION,	/* [host] of a site description */
	PF_HOST_FILE,		/* --host FILE */
	PF_HOST_AUTO,		/* read from this machine */
};

/*
 * The event MPM settings compile derives from the host and the pools
 * (emitters/sizing.c).  When no MPM snippet is emitted these are the
 * values the sizing assumed (Debian's stock mpm_event.conf).
 */
struct pf_mpm_plan {
	int		 emitted;	/* an MPM snippet is written */
	long long	 server_limit;
	long long	 threads_per_child;
	long long	 max_request_workers;
	long long	 start_servers;
	long long	 min_spare_threads;
	long long	 max_spare_threads;
	long long	 h2_max_workers;	/* 0: mod_http2's default */
	long long	 apache_memory;		/* bytes reserved for Apache */
	long long	 fpm_memory;		/* bytes left for the pools */
};

struct pf_host {
	enum pf_host_source source;
	struct pf_loc	 loc;		/* the [host] header, or none */
	struct pf_ival	 cores;
	struct pf_ival	 memory;	/* bytes available to Apache + FPM */
	struct pf_sval	 apache_user;
	struct pf_sval	 apache_group;
	struct pf_ival	 nofile;	/* RLIMIT_NOFILE php-fpm starts with */
	struct pf_ival	 nproc;		/* RLIMIT_NPROC php-fpm starts with */
	struct pf_ival	 somaxconn;	/* net.core.somaxconn */
	struct pf_ival	 nr_open;	/* fs.nr_open: the most RLIMIT_NOFILE
					 * may be raised to, even by root */
	struct pf_sval	 layout;	/* debian | rhel; --host auto: also
					 * arch, gentoo, opensuse, alpine,
					 * freebsd, httpd-image */
	struct pf_sval	 apache_version;
	struct pf_sval	 php_version;	/* default PHP version of pools */
	struct pf_sval	 mpm;		/* event | worker | prefork */
	struct pf_ival	 emit_mpm;	/* write an MPM snippet (bool) */
	struct pf_ival	 apache_memory;	/* bytes reserved for Apache */
	struct pf_ival	 workers_per_core; /* demand default for pools */
	struct pf_ival	 http2;		/* any site uses HTTP/2 (derived) */
	struct pf_svec	 sites;		/* host file: globs naming sites */
	const char	*detail;	/* --host auto: where facts came from */

	/* Derived by compile. */
	struct pf_mpm_plan plan;
};

#endif
