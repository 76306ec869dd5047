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
	struct pf_phpini **into;	/* NULL: pf_model_get(run)->phpini */
};

/* Reads into pf_model_get(run)->phpini (or *o->into).  Returns 0, or -1
 * if not found. */
int	pf_phpini_read(struct pf_run *, const struct pf_phpini_opts *);

/*
 * When several php-fpm masters were read (one per PHP version: Debian's
 * /etc/php/X.Y/fpm, Plesk's, Remi's, cPanel's), each runs with its own
 * php.ini, the one beside its php-fpm.conf (and that directory's conf.d
 * or php.d): read each into its pf_fpm_conf, so that every pool is
 * judged by its own PHP's settings (pf_pool_ini).  A master whose php.ini
 * is the model's shares it; one without php.ini keeps the model's.
 */
void	pf_phpini_per_master(struct pf_run *);

/*
 * The effective value of a PHP setting for a pool: the pool's
 * php_admin_value/php_value, else php.ini, else PHP's built-in default.
 * *loc (if not NULL) gets where it was set (file 0 for a default).
 * Returns NULL when PHP has no such setting and nothing sets it.
 */
const char *pf_php_effective(const struct pf_phpini *, const struct pf_pool *,
	    const char *key, struct pf_loc *loc);

#endif
