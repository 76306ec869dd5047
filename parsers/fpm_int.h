/*
 * fpm_int.h - internals of the php-fpm.conf reader (parsers/fpm_*.c).
 *
 * fpm_read.c loads files as fpm_conf_load_ini_file does (line by line,
 * include= globs, sections), fpm_directives.c applies each entry as the
 * fpm_conf_set_* parsers do, fpm_check.c is fpm_conf_post_process and the
 * checks php-fpm -t runs after it, fpm_listen.c parses listen addresses,
 * fpm_users.c resolves users and groups (from --root's etc/passwd and
 * etc/group, else this machine's), fpm_dump.c prints the result.
 */
#ifndef PF_FPM_INT_H
#define PF_FPM_INT_H

#include "model/model.h"
#include "model/run.h"
#include "parsers/phpini_lex.h"

/* Build facts of the reference php-fpm (Debian php8.2-fpm 8.2.36). */
#define FPM_PHP_PREFIX		"/usr"
#define FPM_LOCALSTATEDIR	"/var"
#define FPM_MAX_RECURSION	5	/* "more than 5 files recursively" */
#define FPM_ZLOG_MIN_LIMIT	512
#define FPM_MAX_LOADS		200000	/* our own bound on file loads */

struct fpm_users;
struct pool_slot;
struct intern_slot;
struct dircache;
struct dirlist;

#define FPM_DIRCACHE	512

struct fpm_ctx {
	struct pf_run	*run;
	struct pf_fpm_conf *conf;
	const struct pf_phpini *ini;	/* ${NAME} lookups, may be NULL */
	const char	*prefix;	/* -p, NULL if not given */
	const char	*php_prefix;	/* compiled PHP_PREFIX */
	struct pf_pool	*cur;		/* NULL: the [global] section */
	int		 depth;		/* files being read (ini_recursion) */
	int		 aborted;	/* php-fpm would stop reading here */
	size_t		 loads;
	/* pools by lower-cased name (with the hash of each, so that the
	 * table grows without touching the pools) */
	struct pool_slot *tab;
	size_t		 tabcap, tabn;
	/* php_value and env arrays (fpm_directives.c) */
	char		*vslab_p;
	size_t		 vslab_left;
	/* the values read, packed (pf_zini_keep) */
	struct pf_zini_strings strings;
	/* php_value keys and env names, one copy each (fpm_intern) */
	struct intern_slot *itab;
	size_t		 itabcap, itabn;
	/* the line being read */
	uint32_t	 file, line;
	const char	*include;
	struct pf_loc	 include_loc;
	int		 includes;
	struct fpm_users *users;
	struct dircache	**dirs;		/* fpm_is_dir() answers */
	struct dirlist	**lists;	/* directory listings, for include= */
	struct dirlist	*last_list;	/* the one asked for last */
	/* php_value keys (interned) known to be or not be one of the
	 * paths php-fpm makes absolute (fpm_check.c) */
	struct {
		const char	*key;
		int		 expand;
	}		 xkeys[64];
	int		 relative_php;	/* some php_value is a relative path */
	/* the reader thread of an include= glob (prefetch.h), or NULL */
	struct pf_prefetch *pf;
	struct pf_job	*pf_jobs, *pf_job;	/* and the next file's job */
	const char	*pf_name;
};

/* An error php-fpm -t would refuse; marks the configuration refused. */
struct pf_diag	*fpm_error(struct fpm_ctx *, const char *id, struct pf_loc,
		    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
struct pf_diag	*fpm_warn(struct fpm_ctx *, const char *id, struct pf_loc,
		    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
struct pf_diag	*fpm_note(struct fpm_ctx *, const char *id, struct pf_loc,
		    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* fpm_directives.c */
void		 fpm_apply_entry(struct fpm_ctx *, const struct pf_zini_str *name,
		    const struct pf_zini_str *value);
void		 fpm_apply_array(struct fpm_ctx *, const struct pf_zini_str *name,
		    const struct pf_zini_str *key,
		    const struct pf_zini_str *value);
/* Is NAME a directive of the other section (for hints)? */
int		 fpm_is_pool_directive(const char *name);
int		 fpm_is_global_directive(const char *name);
/* php-fpm's int parsing: (int)strtol, i.e. atoi(). */
int		 fpm_atoi(const char *);

/* fpm_check.c */
void		 fpm_post_process(struct fpm_ctx *);
/* fpm_evaluate_full_path(): a relative path made absolute. */
const char	*fpm_full_path(struct fpm_ctx *, const char *path,
		    const struct pf_pool *, const char *default_prefix,
		    int expand, int *bad_prefix);

/* fpm_listen.c */
void		 fpm_parse_listen(struct pf_run *, const char *addr,
		    struct pf_loc, struct pf_listen *);
/* "tcp" when php-fpm treats the address as TCP (fpm_sockets.c). */
int		 fpm_listen_is_tcp(const char *addr);
/* getaddrinfo()'s message when a host:port address cannot bind however
 * the names resolve (a service that is not all digits, a host with ':'
 * that is no IPv6 address), else NULL. */
const char	*fpm_listen_gai_error(const char *addr);

/* fpm_users.c: 0 found, -1 unknown.  Numeric names are not looked up
 * by php-fpm; callers handle that. */
struct fpm_users *fpm_users_new(struct pf_run *);
int		 fpm_user_lookup(struct fpm_users *, const char *name,
		    long long *uid, long long *gid, const char **home);
int		 fpm_group_lookup(struct fpm_users *, const char *name,
		    long long *gid);
/* getpwuid(): the primary group of a numeric user (0 found, -1 none;
 * under --root the first entry with that uid in the tree's files). */
int		 fpm_uid_lookup(struct fpm_users *, long long uid,
		    long long *gid);
/* Under --root, the copied tree has no etc/passwd (groups: etc/group). */
int		 fpm_users_db_missing(struct fpm_users *, int groups);

/* fpm_read.c */
/*
 * S (N bytes, no NUL among them) as one shared copy per run: the same
 * php_value keys and env names recur in every pool, and equal interned
 * strings are the same pointer.
 */
const char	*fpm_intern(struct fpm_ctx *, const char *s, size_t n);
struct pf_pool	*fpm_pool_new(struct fpm_ctx *, const char *name,
		    struct pf_loc);
/*
 * NAME in directory DIR (target paths), from a cached listing: 1 a file,
 * 2 a directory, 0 missing, -1 DIR cannot be listed (*err says why).
 */
int		 fpm_dir_entry(struct fpm_ctx *, const char *dir,
		    const char *name, int *err);
/* Is PATH (on the target: below --root) a directory?  Cached. */
int		 fpm_is_dir(struct fpm_ctx *, const char *path);

#endif
