/*
 * site.h - a site as a site description states it.
 *
 * The description front end (parsers/site_*.c) fills these; compile
 * (emitters/) resolves the layout's defaults and turns each into an
 * Apache vhost and, through its pool, a PHP-FPM pool.  Every field keeps
 * the location of the line that set it; a value that was not written in
 * the description is unset (s == NULL / set == 0) until compile fills in
 * the default, with the location of the [site NAME] header.
 */
#ifndef PF_SITE_H
#define PF_SITE_H

#include "model/value.h"

struct pf_pool;

/* Defaults of the description format (docs/site-format.md). */
#define PF_DEF_REQUEST_TIMEOUT	60	/* request_timeout, seconds */
#define PF_DEF_SLOWLOG_AFTER	5	/* slowlog_after, seconds */
#define PF_DEF_MAX_REQUESTS	1000	/* max_requests */
#define PF_DEF_RLIMIT_FILES	8192	/* rlimit_files per worker */
#define PF_DEF_PHP_VERSION	"8.2"
#define PF_DEF_HSTS		63072000 /* two years, seconds */

enum pf_handler_style {
	PF_HANDLER_SETHANDLER = 0,	/* anchored FilesMatch + SetHandler */
	PF_HANDLER_PROXYPASSMATCH,	/* anchored ProxyPassMatch */
};

struct pf_site {
	const char	*name;
	struct pf_loc	 loc;		/* the [site NAME] header */
	struct pf_sval	 server_name;
	struct pf_svec	 aliases;
	struct pf_svec	 listen;	/* *:80, 127.0.0.1:8080, ... */
	struct pf_sval	 server_admin;
	struct pf_sval	 document_root;
	struct pf_svec	 upload_dirs;	/* absolute after reading */
	struct pf_sval	 front_controller;
	struct pf_svec	 index;		/* DirectoryIndex */
	struct pf_ival	 pathinfo;	/* bool */
	enum pf_handler_style handler;
	struct pf_loc	 handler_loc;
	/* TLS */
	struct pf_sval	 tls_cert, tls_key;
	struct pf_ival	 tls_redirect;	/* port-80 redirect (bool) */
	struct pf_svec	 redirect_listen; /* addresses of the redirect vhost */
	struct pf_ival	 hsts;		/* max-age seconds, 0 = off */
	struct pf_ival	 http2;		/* bool */
	struct pf_sval	 error_log, access_log;	/* "off": no access log */
	struct pf_sval	 pool_name;	/* pool = NAME, default own name */
	struct pf_pool	*pool;

	/* Derived by compile (emitters/sizing.c). */
	int		 tls;		/* tls_cert given */
	const char	*worker;	/* mod_proxy worker name, fcgi://NAME */
	long long	 proxy_timeout;	/* ProxySet timeout= seconds */
	int		 proxy_reuse;	/* enablereuse=on */
	long long	 proxy_max;	/* max= per Apache process (0: none) */
};

#endif
