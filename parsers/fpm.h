/*
 * fpm.h - reading php-fpm.conf and its pools as php-fpm does
 * (reference/semantics.md part 3).
 */
#ifndef PF_PARSERS_FPM_H
#define PF_PARSERS_FPM_H

#include <stdio.h>

#include "model/run.h"

struct pf_fpm_opts {
	const char	*config;	/* --fpm FILE; NULL: find the default */
	const char	*prefix;	/* -p / --fpm-prefix; NULL: /usr */
	/* Without config and prefix on Debian: every /etc/php/X.Y/fpm master
	 * (each phpX.Y-fpm runs), the highest first; else the highest only. */
	int		 every_version;
};

/*
 * Reads and validates the configuration into pf_model_get(run)->fpm (and
 * its pools into model->pools).  Returns 0 if the main file was read,
 * -1 if it could not be found or opened.
 */
int	pf_fpm_read(struct pf_run *, const struct pf_fpm_opts *);

/*
 * A host name's addresses as getaddrinfo(NAME, AF_UNSPEC) gives them from
 * etc/hosts (under --root, else this machine's; never DNS): every line
 * naming it, sorted as glibc does (::1, other IPv6, IPv4; stable), each
 * as 16 bytes (IPv4 v4-mapped), at most PF_HOSTS_MAX.  Returns how many,
 * 0 when the file does not name it.  h caches the file: zero it first.
 */
#define PF_HOSTS_MAX	8
struct pf_hosts {
	int		 loaded;
	const char	*text;		/* NULL: no hosts file */
};
int	pf_hosts_lookup(struct pf_run *, struct pf_hosts *h, const char *name,
	    unsigned char out[][16]);

/* Prints the effective configuration with provenance (text or JSON). */
int	pf_fpm_dump(struct pf_run *, FILE *, int json);

#endif
