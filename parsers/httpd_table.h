/*
 * httpd_table.h - the httpd directive and module tables (internal).
 *
 * The rows are generated from the installed apache2 by
 * tests/httpd/gen_directives.py into httpd_directives_gen.c: every
 * directive of every module Apache ships, and of the third-party modules
 * Debian packages (libapache2-mod-*), the contexts it is accepted in and
 * its argument shape, so wrong arity and wrong context get the verdict
 * `apache2 -t` gives.  Lookups are binary searches on the lower-cased name.
 */
#ifndef PF_HTTPD_TABLE_H
#define PF_HTTPD_TABLE_H

#include <stddef.h>

#include "model/apache.h"

/* pf_directive.ctx: where a directive may appear. */
enum {
	PF_CTX_SERVER	   = 1 << 0,	/* server config and <VirtualHost> */
	PF_CTX_DIR	   = 1 << 1,	/* <Directory>, <Location>, <Files>, <If> */
	PF_OVR_AUTHCONFIG  = 1 << 2,	/* .htaccess when AllowOverride has it */
	PF_OVR_LIMIT	   = 1 << 3,
	PF_OVR_OPTIONS	   = 1 << 4,
	PF_OVR_FILEINFO	   = 1 << 5,
	PF_OVR_INDEXES	   = 1 << 6,
	PF_OVR_ALL	   = 0x7c,
	/* refused by the directive's own ap_check_cmd_context() */
	PF_NOT_IN_VHOST	   = 1 << 7,
	PF_NOT_IN_DIRECTORY = 1 << 8,
	PF_NOT_IN_LOCATION = 1 << 9,
	PF_NOT_IN_FILES	   = 1 << 10,
	PF_NOT_IN_PROXY	   = 1 << 11,
	PF_NOT_IN_LIMIT	   = 1 << 12,
};

/* pf_directive.args: how the core splits and counts the arguments. */
enum pf_args_how {
	PF_ARGS_RAW = 0,	/* the module parses the text itself */
	PF_ARGS_NO_ARGS,
	PF_ARGS_TAKE1,
	PF_ARGS_TAKE2,
	PF_ARGS_TAKE12,
	PF_ARGS_TAKE3,
	PF_ARGS_TAKE23,
	PF_ARGS_TAKE123,
	PF_ARGS_TAKE13,
	PF_ARGS_ITERATE,
	PF_ARGS_ITERATE2,
	PF_ARGS_FLAG,
	PF_ARGS_SECTION,	/* <Name ...> */
};

struct pf_httpd_module {
	const char	*id;		/* proxy_module */
	const char	*src;		/* mod_proxy.c (what <IfModule> also tests) */
	const char	*so;		/* mod_proxy.so; "" for built-in ones */
	int		 builtin;	/* compiled into Debian's apache2 */
	/* a third-party module: the Debian package (and version) whose
	 * build the rows describe; NULL: Apache's */
	const char	*pkg;
};

struct pf_directive {
	const char	*lname;		/* lower-case: the sort key */
	const char	*name;		/* as the module spells it */
	unsigned short	 module;	/* index into pf_httpd_modules */
	unsigned short	 ctx;		/* PF_CTX_* | PF_OVR_* | PF_NOT_IN_* */
	unsigned char	 args;		/* enum pf_args_how */
	const char	*help;		/* the command's help text (NULL if
					 * none): arity errors repeat it */
};

/* A name a module defines when it is loaded (mod_security2's
 * MODSEC_2.9), for <IfDefine>. */
struct pf_httpd_module_define {
	const char	*module;	/* its id */
	const char	*name;
};

extern const struct pf_httpd_module pf_httpd_modules[];
extern const struct pf_httpd_module_define pf_httpd_module_defines[];
extern const size_t pf_httpd_nmodule_defines;
extern const size_t pf_httpd_nmodules;
extern const struct pf_directive pf_httpd_directives[];
extern const size_t pf_httpd_ndirectives;

/* Finds the rows for a lower-cased name: returns the first and sets *n to
 * the number of rows (a name some modules share); NULL if none. */
const struct pf_directive *pf_httpd_directive_find(const char *lname,
		    size_t *n);
/* Module lookups (NULL if unknown). */
const struct pf_httpd_module *pf_httpd_module_by_id(const char *);
const struct pf_httpd_module *pf_httpd_module_by_src(const char *);
const struct pf_httpd_module *pf_httpd_module_by_so(const char *);
const char	*pf_httpd_module_src(const struct pf_directive *);

#endif
