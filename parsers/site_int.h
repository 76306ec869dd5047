/*
 * site_int.h - internals shared by the site description reader
 * (site_read.c: lines and libinih; site_keys.c: sections and keys;
 * site_values.c: value syntax; site_check.c: cross-checks after reading;
 * host_load.c: --host).
 */
#ifndef PF_SITE_INT_H
#define PF_SITE_INT_H

#include <stddef.h>

#include "model/model.h"
#include "model/run.h"

enum sect_kind {
	SECT_NONE = 0,		/* before the first header */
	SECT_UNKNOWN,		/* an unknown or broken header: keys skipped */
	SECT_HOST,
	SECT_SITE,
	SECT_POOL,
	SECT_PHP,
};

/* Which sections a file may hold. */
enum rd_mode {
	RD_DESCRIPTION = 0,	/* a file given on the command line */
	RD_MEMBER,		/* named by a host file's sites = GLOB */
	RD_HOSTFILE,		/* --host FILE: only [host] */
};

/* A [php NAME] section: settings for the pool NAME. */
struct site_php {
	const char	*name;
	struct pf_loc	 loc;
	PF_VEC(struct pf_php_setting) v;
	int		 used;
};

/* A key already set in the current section (duplicate detection). */
struct seen_key {
	const char	*name;
	struct pf_loc	 loc;
};

/* A string-keyed hash table (site_hash.c); ci: keys ignore case. */
struct shash_ent {
	const char	*key;
	void		*val;
};

struct shash {
	struct shash_ent *v;
	size_t		 n, cap;
	int		 ci;
};

void	*shash_get(const struct shash *, const char *key);
void	 shash_put(struct pf_arena *, struct shash *, const char *key,
	    void *val);

/* State across every file of one pf_site_read(). */
struct site_ctx {
	struct pf_run	*run;
	struct pf_model	*model;
	struct shash	 site_names, pool_names, php_names; /* case-blind */
	PF_VEC(struct site_php *) php;
	PF_VEC(const char *) files;	/* real paths read so far */
	int		 host_seen;
	struct pf_loc	 host_loc;
};

/* State of the file being read. */
struct rd {
	struct pf_run	*run;
	struct site_ctx	*ctx;
	enum rd_mode	 mode;
	uint32_t	 file;		/* source index */
	const char	*path;
	const char	*data;
	size_t		 len, pos;
	/* The physical line last handed to libinih. */
	uint32_t	 lineno;
	const char	*line;		/* its first byte in data */
	size_t		 linelen;	/* without the newline (and CR) */
	const char	*buf;		/* libinih's copy of it */
	int		 kind;		/* LINE_* in site_read.c */
	int		 handled;	/* the handler saw it */
	int		 nerrors;	/* syntax errors in this file */
	int		 stop;		/* give up on this file */
	int		 nsections, nkeys;
	/* The current section, tracked from the raw lines. */
	enum sect_kind	 sect;
	const char	*sect_name;
	struct pf_loc	 sect_loc;
	void		*obj;		/* pf_site, pf_pool, site_php, host */
	PF_VEC(struct seen_key) seen;
	/* The key a continuation line extends. */
	const char	*last_key;
	struct pf_loc	 last_loc;
	int		 last_ok;	/* last key was accepted */
};

/* site_keys.c */
void	site_section(struct rd *, const char *text, size_t n,
	    struct pf_loc loc);
void	site_key(struct rd *, const char *name, struct pf_loc nloc,
	    const char *value, struct pf_loc vloc);
void	site_continue(struct rd *, const char *value, struct pf_loc vloc);

/* site_read.c */
int	site_read_file(struct site_ctx *, const char *path, enum rd_mode,
	    struct pf_loc from);

/* site_check.c: links sites, pools and [php]; checks what needs the
 * whole run. */
void	site_check(struct site_ctx *);
/* site_names.c: names two sites answer alike (warnings). */
void	site_check_names(struct pf_run *, const struct pf_model *);

/* site_values.c: value syntax.  Each returns 0, or -1 after a
 * diagnostic at loc. */
int	sv_size(struct pf_run *, const char *key, const char *v,
	    struct pf_loc, long long *out);
int	sv_time(struct pf_run *, const char *key, const char *v,
	    struct pf_loc, int allow_ms, long long *out_ms);
int	sv_bool(struct pf_run *, const char *key, const char *v,
	    struct pf_loc, int *out);
int	sv_int(struct pf_run *, const char *key, const char *v,
	    struct pf_loc, long long min, long long max, long long *out);
int	sv_name(struct pf_run *, const char *what, const char *v,
	    struct pf_loc);
int	sv_abspath(struct pf_run *, const char *key, const char *v,
	    struct pf_loc);
int	sv_relpath(struct pf_run *, const char *key, const char *v,
	    struct pf_loc);
int	sv_hostname(struct pf_run *, const char *key, const char *v,
	    struct pf_loc, int wildcard);
int	sv_servername(struct pf_run *, const char *key, const char *v,
	    struct pf_loc, int wildcard);
int	sv_urlpath(struct pf_run *, const char *key, const char *v,
	    struct pf_loc);
int	sv_vaddr(struct pf_run *, const char *key, const char *v,
	    struct pf_loc);
int	sv_ipmask(struct pf_run *, const char *key, const char *v,
	    struct pf_loc);
int	sv_php_version(struct pf_run *, const char *key, const char *v,
	    struct pf_loc);
int	sv_fpm_path(struct pf_run *, const char *key, const char *v,
	    struct pf_loc);
/* Parses a pool listen address (semantics.md 3.4) into l; returns -1
 * after a diagnostic for syntax errors.  Public addresses parse (with
 * l->loopback == 0); the caller decides. */
int	sv_listen(struct pf_run *, const char *v, struct pf_loc,
	    struct pf_listen *l);
/* Splits a list value at whitespace into items with their columns. */
void	sv_split(struct pf_run *, const char *v, struct pf_loc,
	    struct pf_svec *out);
/* Formats a byte count as 8G, 512M, 1536K or bytes. */
const char *sv_size_str(struct pf_arena *, long long bytes);

#endif
