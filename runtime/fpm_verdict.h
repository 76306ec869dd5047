/*
 * fpm_verdict.h - what php-fpm would do with a request's parameters.
 *
 * A port of the decisions in php-src sapi/fpm/fpm/fpm_main.c
 * (init_request_info and the request loop) and fpm_php.c
 * (fpm_php_limit_extensions), PHP 8.2 behaviour: the proxy:fcgi:// and
 * proxy:balancer:// prefix, cgi.fix_pathinfo (the walk back to a regular
 * file, PATH_INFO / SCRIPT_NAME / PATH_TRANSLATED as FPM rewrites them),
 * cgi.fix_pathinfo=0 running PATH_TRANSLATED, the '..' check,
 * security.limit_extensions, the ping and status pages, and opening the
 * script.  It looks at the real files on disk (stat, realpath, open) with
 * the permissions of the calling process.  See reference/semantics.md
 * 3.5-3.6 and docs/runtime.md.
 */
#ifndef PF_FPM_VERDICT_H
#define PF_FPM_VERDICT_H

/* The pool and php.ini settings that decide. */
struct pf_fpm_policy {
	int		 fix_pathinfo;		/* cgi.fix_pathinfo (default 1) */
	int		 discard_path;		/* cgi.discard_path (default 0) */
	const char	*limit_extensions;	/* NULL: ".php .phar"; "": all */
	const char	*status_path;		/* pm.status_path or NULL */
	const char	*ping_path;		/* ping.path or NULL */
	const char	*ping_response;		/* NULL: "pong" */
};

/* The request parameters FPM reads (NULL = absent).  FPM reads them as
 * C strings, so a value is cut at its first NUL byte. */
struct pf_fpm_env {
	const char	*request_method;
	const char	*script_filename;
	const char	*path_translated;
	const char	*path_info;
	const char	*script_name;
	const char	*document_root;
	const char	*redirect_url;
	const char	*server_software;
};

enum pf_fpm_outcome {
	PF_FPM_NOT_HTTP,	/* no REQUEST_METHOD: headers only, 200 */
	PF_FPM_PING,		/* ping.path answered, 200 */
	PF_FPM_STATUS,		/* pm.status_path answered, 200 */
	PF_FPM_NOT_FOUND,	/* 404 "File not found." (no script path) */
	PF_FPM_DENIED,		/* 403 "Access denied." (limit_extensions) */
	PF_FPM_NO_INPUT,	/* 404 "No input file specified." (open) */
	PF_FPM_OPEN_DENIED,	/* 403 "Access denied." (open: EACCES) */
	PF_FPM_EXECUTE,		/* 200: the script runs */
	PF_FPM_WORKER_EXIT,	/* the worker dies without an answer (the
				 * web server sees a reset: Apache 503) */
};

/* The variables FPM rewrites; NULL = unset after the fix-up. */
enum pf_fpm_var {
	PF_FPM_SCRIPT_FILENAME,
	PF_FPM_SCRIPT_NAME,
	PF_FPM_PATH_INFO,
	PF_FPM_PATH_TRANSLATED,
	PF_FPM_ORIG_SCRIPT_FILENAME,
	PF_FPM_ORIG_SCRIPT_NAME,
	PF_FPM_ORIG_PATH_INFO,
	PF_FPM_ORIG_PATH_TRANSLATED,
	PF_FPM_NVARS,
};

struct pf_fpm_verdict {
	enum pf_fpm_outcome outcome;
	int		 status;	/* HTTP status FPM answers with */
	const char	*message;	/* FPM's body text, or NULL */
	char		*script;	/* the path checked/opened/executed */
	char		*request_uri;	/* SG(request_info).request_uri */
	int		 apache_was_here; /* a proxy: prefix was stripped */
	/* Variables: set[i] says whether FPM touched var i; val[i] is its
	 * value afterwards (NULL = removed). */
	int		 set[PF_FPM_NVARS];
	char		*val[PF_FPM_NVARS];
	char		*log;		/* what FPM writes to stderr, or NULL */
};

extern const char *const pf_fpm_var_names[PF_FPM_NVARS];

/* Fills v (free it with pf_fpm_verdict_free).  Never fails. */
void	pf_fpm_verdict(const struct pf_fpm_policy *, const struct pf_fpm_env *,
	    struct pf_fpm_verdict *v);
void	pf_fpm_verdict_free(struct pf_fpm_verdict *);

/* fpm_php_limit_extensions: 1 if the path may run under the list (NULL
 * means ".php .phar", an empty or blank list allows everything). */
int	pf_fpm_extension_allowed(const char *limit_extensions,
	    const char *path);
/* is_valid_path: 0 if the path has a ".." segment. */
int	pf_fpm_path_valid(const char *path);

const char *pf_fpm_outcome_name(enum pf_fpm_outcome);

#endif
