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

struct pf_host {
	enum pf_host_source source;
	struct pf_ival	 cores;
	struct pf_ival	 memory;	/* bytes available to Apache + FPM */
	struct pf_sval	 apache_user;
	struct pf_sval	 apache_group;
	struct pf_ival	 nofile;	/* RLIMIT_NOFILE php-fpm starts with */
	struct pf_ival	 nproc;		/* RLIMIT_NPROC php-fpm starts with */
	struct pf_ival	 somaxconn;	/* net.core.somaxconn */
	struct pf_sval	 layout;	/* debian | rhel */
	struct pf_sval	 apache_version;
	struct pf_sval	 php_version;	/* default PHP version of pools */
	struct pf_sval	 mpm;		/* event | worker | prefork */
	struct pf_ival	 emit_mpm;	/* write an MPM snippet (bool) */
	struct pf_ival	 apache_memory;	/* bytes reserved for Apache */
	struct pf_ival	 http2;		/* any site uses HTTP/2 (derived) */
};

#endif
