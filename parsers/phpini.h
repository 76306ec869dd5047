/*
 * phpini.h - reading php.ini and its scan directory as PHP does.
 */
#ifndef PF_PARSERS_PHPINI_H
#define PF_PARSERS_PHPINI_H

#include "model/phpini.h"
#include "model/run.h"

struct pf_pool;

struct pf_phpini_opts {
	const char	*path;		/* --php-ini FILE; NULL: find default */
	const char	*scan_dir;	/* conf.d; NULL: the layout's */
};

/* Reads into pf_model_get(run)->phpini.  Returns 0, or -1 if not found. */
int	pf_phpini_read(struct pf_run *, const struct pf_phpini_opts *);

/*
 * The effective value of a PHP setting for a pool: the pool's
 * php_admin_value/php_value, else php.ini, else PHP's built-in default.
 * *loc (if not NULL) gets where it was set (file 0 for a default).
 * Returns NULL when PHP has no such setting and nothing sets it.
 */
const char *pf_php_effective(const struct pf_phpini *, const struct pf_pool *,
	    const char *key, struct pf_loc *loc);

#endif
