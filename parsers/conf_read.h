/*
 * conf_read.h - reading a configuration file whole, as the httpd and
 * php-fpm readers do for every file of a tree.
 */
#ifndef PF_PARSERS_CONF_READ_H
#define PF_PARSERS_CONF_READ_H

#include <stddef.h>

#include "model/run.h"

/*
 * pf_read_file() (model/run.h) with one system call less per file: a
 * regular file is read up to the size fstat gave, without the extra read
 * that confirms the end (10,000 files are 10,000 calls: a quarter of the
 * time a plain read of such a tree takes).  Files that report size 0
 * (/proc, /sys) are read to their end as before.  Same results and errno
 * values otherwise; path is under --root like pf_read_file's.
 */
int	pf_conf_read(struct pf_run *, const char *path, char **data,
	    size_t *len);

#endif
