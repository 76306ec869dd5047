/*
 * phpini_int.h - internals of the php.ini reader (parsers/phpini*.c).
 */
#ifndef PF_PHPINI_INT_H
#define PF_PHPINI_INT_H

#include <stddef.h>

/* A built-in INI value (phpini_defaults.c, generated). */
struct pf_ini_default {
	const char	*key;
	const char	*value;
};

/* PHP's built-in value of KEY, or NULL if PHP has no such setting. */
const struct pf_ini_default *pf_ini_default(const char *key);
/* The whole table, sorted by key. */
size_t		 pf_ini_defaults(const struct pf_ini_default **);

#endif
