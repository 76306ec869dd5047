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
	/*
	 * path was named by the user (--php-ini): when it cannot be read,
	 * the error is all there is, and no php.ini is installed, so that
	 * the rules judge nothing in its place (not PHP's built-in values,
	 * nor a scan directory beside a file that is not there).  Without
	 * it, as PHP starts without its php.ini, the built-in values and
	 * the scan directory are what is read.
	 */
	int		 required;
};

/* Reads into pf_model_get(run)->phpini (or *o->into).  Returns 0, or -1
 * if not found. */
int	pf_phpini_read(struct pf_run *, const struct pf_phpini_opts *);
/* The global entry that gives key its value (the last one; not one of a
 * [PATH=]/[HOST=] section, nor key[]), or NULL.  ini may be NULL. */
const struct pf_ini_entry *pf_phpini_value(const struct pf_phpini *ini,
	    const char *key);
/*
 * A .user.ini (user_ini.filename) into *ini, as php_parse_user_ini_file()
 * parses it (the INI scanner's normal mode); from is where the file is
 * read on behalf of (a DocumentRoot line).  data: its len bytes, read
 * already (NUL-terminated, living as long as the run), or NULL to read
 * path here.  A syntax error or NUL byte is a warning: the site's file,
 * which PHP reads up to there.  The entries and their strings go into
 * arena a (NULL: the run's); the file's bytes are the run's (a source).
 * Returns 0, or the errno of the read (ENOENT: no such file).
 */
int	pf_phpini_read_user(struct pf_run *, const char *path, char *data,
	    size_t len, struct pf_phpini *ini, struct pf_loc from,
	    struct pf_arena *a);

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
 * The extensions the pools load with php_value[extension] or
 * php_admin_value[extension]: a phpini-extension warning where a worker
 * cannot load one or loads one its php.ini already loaded.  After the
 * php.ini reading (pf_phpini_per_master).
 */
void	pf_phpini_check_pools(struct pf_run *);

/*
 * zend_ini_parse_quantity (PHP 8.2) of the n bytes at s: leading blanks, a
 * sign, 0x/0o/0b or a leading 0 (octal) prefix, digits, and the LAST
 * character as the multiplier when it is one of kKmMgG, whatever stands
 * between ("1.5G" is 1G, "2M junk" 2k, "128MB" 128).  Saturates instead
 * of overflowing.  Returns 0 with *out set, or -1 when no number starts
 * the text (PHP's 0, with a warning).
 */
int	pf_php_quantity(const char *s, size_t n, long long *out);

/*
 * The effective value of a PHP setting for a pool: the pool's
 * php_admin_value/php_value, else php.ini, else PHP's built-in default.
 * *loc (if not NULL) gets where it was set (file 0 for a default).
 * Returns NULL when PHP has no such setting and nothing sets it.
 */
const char *pf_php_effective(const struct pf_phpini *, const struct pf_pool *,
	    const char *key, struct pf_loc *loc);

#endif
