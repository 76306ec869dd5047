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

/*
 * listen.allowed_clients as php-fpm's workers take it (main/fastcgi.c
 * fcgi_set_allowed_clients): the text split at each ',' and nothing else,
 * each entry an IPv4 or IPv6 address as inet_pton() reads it whole
 * (" ::1" after a comma, "localhost" and "10.0.0.0/8" are dropped: "Wrong
 * IP address").  Returns how many entries are kept; *lo gets how many of
 * them are loopback, *bad the first dropped one (NULL: none) and *nbad
 * how many were dropped.  Any out-pointer may be NULL.
 */
size_t	pf_fpm_allowed_clients(struct pf_arena *, const char *ac, size_t *lo,
	    const char **bad, size_t *nbad);

/* Prints the effective configuration with provenance (text or JSON). */
int	pf_fpm_dump(struct pf_run *, FILE *, int json);

#endif
