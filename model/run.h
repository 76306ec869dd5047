/*
 * run.h - the state of one invocation: arena, sources, diagnostics, model.
 *
 * Library code never exits; it records diagnostics on the run and returns.
 * Only cli/ turns the run into an exit code.
 */
#ifndef PF_RUN_H
#define PF_RUN_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include "model/arena.h"
#include "model/diag.h"

struct pf_dirlists;
struct pf_model;
struct pf_src_index;

/*
 * Bounds on stored diagnostics; further ones are only counted.  Past
 * PF_MAX_DIAGS only errors, warnings and findings of low severity or
 * above are kept (a tree of 10,000 vhosts can produce that many notes
 * and infos, and they must not crowd out what fails the run, nor what
 * the servers would ignore or refuse in a site's own files: a
 * .user.ini's line php-fpm passes over is a warning); past
 * PF_MAX_DIAGS_HARD nothing.
 */
#define PF_MAX_DIAGS		20000
#define PF_MAX_DIAGS_HARD	200000

struct pf_pool;
struct pf_route;
struct pf_vhost;

struct pf_run {
	struct pf_arena	*arena;
	PF_VEC(struct pf_source *) sources;	/* index 0 is unused */
	PF_VEC(struct pf_diag *) diags;
	size_t		 dropped;		/* diagnostics over the cap */
	size_t		 count[PF_SEV_MAX];	/* per severity, incl. dropped */
	struct pf_model	*model;
	int		 io_error;		/* an I/O failure was reported */
	const char	*root;			/* --root: read files under it */
	/* The Apache and PHP versions the rules judged by (given with
	 * --apache-version/--php-version, from the description, or detected);
	 * set by pf_rules_run, shown in reports.  NULL if unknown. */
	const char	*apache_version, *php_version;
	/* Set by pf_rules_run for the reports: the pool a main-server
	 * route reaches in a vhost that inherits it (the link index's
	 * lookup, route_pool_ctx); NULL when no rules ran. */
	struct pf_pool	*(*route_pool)(const void *ctx,
			    const struct pf_route *, const struct pf_vhost *);
	const void	*route_pool_ctx;
	struct pf_src_index *src_index;		/* pf_source_find's hash */
	/* Messages and fixes, each text stored once (malloc'd table of
	 * arena strings): one rule firing for 10,000 vhosts says the same
	 * thing 10,000 times. */
	const char	**texts;
	size_t		 ntexts, ctexts;
	/* The redactor's scan of the sources, started early on a thread
	 * of its own (pf_redactor_prescan); NULL if none runs. */
	struct pf_redact_pre *redact_pre;
	/* --min-severity: findings below it, and notes when it is above
	 * info, are left out of the reports and the exit code and counted
	 * here by severity (pf_run_hide_below; min_sev 0: off). */
	enum pf_severity min_sev;
	size_t		 below[PF_SEV_MAX];
	/* A diagnostics sink (pf_diag_sink_new): no cap, merged later. */
	int		 sink;
	/* Directory listings a reader made anyway, kept for the rules
	 * (pf_dirlist_put / pf_dirlist_get). */
	struct pf_dirlists *dirlists;
};

/*
 * A directory's entries as getdents gave them (but "." and ".."), with
 * their d_type.  The reader lists each DocumentRoot when it looks for its
 * .htaccess file (lint), and the rules' listing of the DocumentRoots
 * (rules/writable.c) takes it from here instead of listing again.
 */
struct pf_dirsubs;
struct pf_dirlist {
	const char	*path;		/* host path (--root applied) */
	const char	*const *names;
	const unsigned char *types;
	size_t		 n;
	/* The listings of the folders below it, three levels down, but
	 * those of dot folders and those that could not be read, each with
	 * only the names the reader's keep_name() kept; NULL: not kept. */
	const struct pf_dirsubs *subs;
};
struct pf_dirsubs {
	const struct pf_dirsub *v;
	size_t		 n;
};
struct pf_dirsub {
	const char	*rel;		/* path relative to the directory */
	const char	*const *names;
	const unsigned char *types;
	size_t		 n;
};
/* Keeps l (not copied: it must live as long as the run); a path kept
 * before keeps its first listing.  Not thread-safe: the reader's. */
void		 pf_dirlist_put(struct pf_run *, const struct pf_dirlist *l);
/* The listing kept for a host path, or NULL.  Threads may call it once
 * the reader is done. */
const struct pf_dirlist *pf_dirlist_get(const struct pf_run *,
		    const char *path);

/* Is a diagnostic of this severity left out by the run's min_sev? */
int		 pf_run_below_min(const struct pf_run *, enum pf_severity);
/* Removes the diagnostics below min_sev, counting them in below[] (the
 * reports and the exit code call it; again it does nothing). */
void		 pf_run_hide_below(struct pf_run *);
/* Total of run->below. */
size_t		 pf_run_below_total(const struct pf_run *);

struct pf_run	*pf_run_new(void);
void		 pf_run_free(struct pf_run *);

/*
 * Registers a source.  data must be NUL-terminated at data[len] and live
 * as long as the run (copy it into the arena first).  Returns its index.
 */
uint32_t	 pf_source_add(struct pf_run *, const char *path,
		    const char *data, size_t len, enum pf_src_kind,
		    struct pf_loc included_from);
/* The same with a path that lives as long as the run (not copied: a file
 * Included from 10,000 vhosts is 10,000 sources of one path). */
uint32_t	 pf_source_add_kept(struct pf_run *, const char *path,
		    const char *data, size_t len, enum pf_src_kind,
		    struct pf_loc included_from);
struct pf_source *pf_source_get(const struct pf_run *, uint32_t);
/* Finds a registered source by path; returns 0 if none. */
uint32_t	 pf_source_find(const struct pf_run *, const char *path);
/*
 * Gives the text of a line (without its newline, CR kept out).  Returns 0
 * on success, -1 if the line does not exist.
 */
int		 pf_source_line(struct pf_run *, uint32_t file, uint32_t line,
		    const char **p, size_t *n);
/* Maps a location in generated text to its origin, else returns it. */
struct pf_loc	 pf_loc_origin(const struct pf_run *, struct pf_loc);
/* Makes a location in a file at line/col with a span. */
struct pf_loc	 pf_loc_make(uint32_t file, uint32_t line, uint32_t col,
		    uint32_t len);

/*
 * Records a diagnostic.  The message is formatted into the arena.  Returns
 * the diagnostic so the caller can add a fix or related locations; never
 * NULL (over the cap a scratch diagnostic is returned and not stored).
 */
struct pf_diag	*pf_diag_add(struct pf_run *, enum pf_severity, const char *id,
		    struct pf_loc, const char *fmt, ...)
		    __attribute__((format(printf, 5, 6)));
struct pf_diag	*pf_diag_vadd(struct pf_run *, enum pf_severity,
		    const char *id, struct pf_loc, const char *fmt, va_list)
		    __attribute__((format(printf, 5, 0)));
void		 pf_diag_fix(struct pf_run *, struct pf_diag *,
		    const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void		 pf_diag_related(struct pf_run *, struct pf_diag *,
		    struct pf_loc, const char *fmt, ...)
		    __attribute__((format(printf, 4, 5)));
/*
 * Diagnostics sinks: a thread's share of a pass records its diagnostics
 * in a run of its own, then they join the parent's in order.  A sink is
 * a copy of parent (its sources, model and settings, read-only while the
 * sink lives) with arena a, no diagnostics and no cap.  pf_diag_sink_put
 * appends one of a sink's diagnostics to run as pf_diag_vadd would have
 * (counted, capped, sequenced): 1 if stored, 0 if dropped over the cap.
 * pf_diag_sink_free frees what the sink holds outside its arena (the
 * arena is the caller's: adopt it into the parent's).
 */
struct pf_run	*pf_diag_sink_new(const struct pf_run *parent,
		    struct pf_arena *a);
int		 pf_diag_sink_put(struct pf_run *run, struct pf_diag *d);
void		 pf_diag_sink_free(struct pf_run *sink);
/* Number of error diagnostics recorded (stored or dropped). */
size_t		 pf_run_errors(const struct pf_run *);
/* Sorts the diagnostics by file, line, column, then creation order. */
void		 pf_run_sort_diags(struct pf_run *);

/*
 * Reads a whole file into the arena (NUL-terminated).  Under --root the
 * path is looked up below the root.  Returns 0, or an errno value; a path
 * that is not a regular file (nor /dev/null) gives EISDIR (directories)
 * or EINVAL.
 */
int		 pf_read_file(struct pf_run *, const char *path, char **data,
		    size_t *len);
/* The same, reading no more than max bytes of it (the rest is left). */
int		 pf_read_file_max(struct pf_run *, const char *path,
		    size_t max, char **data, size_t *len);
/* Maps a path of the target machine to where it is read (--root). */
const char	*pf_host_path(struct pf_run *, const char *path);
/* Nonzero if path is dir or below it (both absolute, '/'-separated; a
 * trailing '/' of dir does not count; every absolute path is below "/"). */
int		 pf_path_under(const char *path, const char *dir);

#endif
