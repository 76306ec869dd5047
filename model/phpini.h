/*
 * phpini.h - php.ini (and its scan-dir files) as PHP reads them.
 */
#ifndef PF_PHPINI_H
#define PF_PHPINI_H

#include "model/value.h"

struct pf_ini_entry {
	const char	*section;	/* [PHP], [Session], ... or NULL */
	const char	*key;
	const char	*value;		/* after PHP's INI normalisation */
	struct pf_loc	 loc;
	/* Added by the php.ini reader: */
	const char	*scope;		/* "PATH=/x" or "HOST=h": the entry
					 * only applies there; NULL: global */
	const char	*offset;	/* key[offset] = value; "" for key[] */
	int		 overridden;	/* a later global entry of the key wins */
};

struct pf_phpini {
	const char	*path;		/* main php.ini, NULL if none */
	const char	*scan_dir;	/* conf.d, NULL if none */
	/* In load order; for a key the last entry wins. */
	PF_VEC(struct pf_ini_entry) entries;
	/* Added by the php.ini reader: */
	PF_VEC(const char *) files;	/* every file read, in load order */
	const char	*layout;	/* debian, rhel, ... or NULL */
	int		 broken;	/* a syntax error cut a file short */
};

#endif
