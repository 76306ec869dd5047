/*
 * site.h - a site as a site description states it.
 *
 * The description front end fills these; the emitters turn each into an
 * Apache vhost and (through its pool) a PHP-FPM pool.  Every field keeps
 * the location of the line that set it.
 */
#ifndef PF_SITE_H
#define PF_SITE_H

#include "model/value.h"

struct pf_pool;

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
	struct pf_ival	 pathinfo;	/* bool */
	enum pf_handler_style handler;
	struct pf_loc	 handler_loc;
	/* TLS */
	struct pf_sval	 tls_cert, tls_key, tls_chain;
	struct pf_ival	 tls_redirect;	/* port-80 redirect (bool) */
	struct pf_ival	 hsts;		/* max-age seconds, 0 = off */
	struct pf_ival	 http2;		/* bool */
	struct pf_svec	 status_allow;	/* who may see status/ping */
	struct pf_sval	 error_log, access_log;
	struct pf_sval	 pool_name;	/* pool = NAME, default own name */
	struct pf_pool	*pool;
};

#endif
