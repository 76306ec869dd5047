/*
 * httpd.h - reading Apache httpd configuration trees as httpd does
 * (reference/semantics.md parts 1-2).
 */
#ifndef PF_PARSERS_HTTPD_H
#define PF_PARSERS_HTTPD_H

#include <stdio.h>

#include "model/run.h"

struct pf_httpd_opts {
	const char	*config;	/* -f; NULL: find the layout's default */
	const char	*server_root;	/* -d; NULL: compiled default or file's */
	const char	**defines;	/* -D NAME (command line defines) */
	size_t		 ndefines;
	const char	*version;	/* --apache-version; NULL: installed */
	const char	*envvars;	/* Debian envvars file; NULL: auto */
	const char	*instance;	/* --instance: the service instance
					 * (httpd@NAME, apache2@NAME, a
					 * FreeBSD profile); NULL: the main */
	int		 no_htaccess;	/* do not read .htaccess files */
	int		 keep_listings;	/* list the DocumentRoots while
					 * looking for their .htaccess files,
					 * for the rules (pf_dirlist_get) */
	/* With keep_listings: the names of the folders below a document
	 * root (three levels) the rules want, kept with the listing when
	 * the .htaccess walk lists them anyway (pf_dirlist's subs). */
	int		(*keep_name)(const char *name, unsigned char d_type);
	const char	**upload_dirs;	/* --upload-dir */
	size_t		 nupload_dirs;
};

/*
 * Reads the tree into pf_model_get(run)->apache, recording diagnostics on
 * the run.  Returns 0 if the main file was read (even with errors in it),
 * -1 if it could not be found or opened (a diagnostic says why).
 */
int	pf_httpd_read(struct pf_run *, const struct pf_httpd_opts *);

/* ap_is_url: a scheme (letters, digits, '+', '-', '.') and a ':'. */
int	pf_httpd_is_url(const char *);
/* Whether id (proxy_module) is a module Apache httpd 2.4 ships (not one
 * of the third-party modules whose directives the table also has). */
int	pf_httpd_module_shipped(const char *id);

/* Prints the effective configuration with provenance (text or JSON). */
int	pf_httpd_dump(struct pf_run *, FILE *, int json);

#endif
