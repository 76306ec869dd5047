/*
 * prefetch.h - reader threads that do the file system's part of reading
 * a big tree (opening and reading the files an Include glob matches,
 * probing document roots for .htaccess files) while the caller parses,
 * checks and extracts: on a tree of 10,000 vhosts those are 50,000 system
 * calls, as long as the parsing itself, and with the files not in the
 * page cache, mostly waiting for the disk, which serves several threads'
 * requests at once (up to 8 threads; prefetch.c threads_for).
 *
 * The caller fills an array of jobs, starts the threads, and takes the
 * results in any order (pf_prefetch_wait blocks until a job is done).
 * A thread touches nothing but the jobs it takes and an arena of its own,
 * which the caller's arena adopts when the threads are stopped, so the
 * data read lives as long as the run.  Everything is best effort: a result marked
 * fallback (a file that is not a plain regular file, the thread could not
 * be started, it was stopped) means "do it yourself, as usual".
 */
#ifndef PF_PARSERS_PREFETCH_H
#define PF_PARSERS_PREFETCH_H

#include <stddef.h>

#include "model/arena.h"
#include "model/run.h"

enum pf_job_kind {
	PF_JOB_READ,		/* read path whole */
	PF_JOB_PROBE,		/* read path (an .htaccess file) if it is
				 * there, and stat dir (with deep, list dir
				 * when it has folders) */
	PF_JOB_LIST,		/* PROBE by listing dir: path, dir's entry
				 * `name', is opened only when the listing
				 * holds it, and the listing is kept */
};

/*
 * The folders below a listed directory, as the .htaccess walk
 * (httpd_htaccess.c) enters them: each subfolder (d_type a directory, or
 * unknown and opened as one without following a symlink) but those
 * pf_walk_skip() names, in the listing's order, each opened from its
 * parent's descriptor and listed in turn, with its access file read when
 * the listing holds it.  A folder not listed here (not opened, too deep,
 * past the walk's bound) is the walk's to stat and list itself.
 */
#define PF_DEEP_DEPTH	16	/* folders listed down to this depth (the
				 * directory itself is 0) */
#define PF_DEEP_DIRS	4096	/* folders listed below one directory */
struct pf_dnode {
	const char	*name;		/* its name in the parent */
	const struct pf_dnode *sub;	/* listed: its subfolders */
	size_t		 nsub;
	char		*data;		/* err 0: the access file's bytes */
	size_t		 len;
	int		 listed;	/* 0: not opened and listed here */
	int		 unknown;	/* not listed, d_type unknown: it may be
					 * no folder (lstat it) */
	int		 link;		/* not listed, a symbolic link: httpd's
					 * walk follows it to a folder (stat
					 * it) */
	int		 fallback;	/* the access file: read it yourself */
	int		 err;		/* reading it: 0 or an errno (ENOENT:
					 * not in the listing) */
};

/* Names of folders the .htaccess walk does not enter: ".", "..", and
 * version control metadata. */
int		 pf_walk_skip(const char *name);

/* The folders below a job's directory (pf_job.below). */
struct pf_dtree {
	struct pf_dnode	 top;		/* the directory: its sub, nsub */
	struct pf_arena	*arena;		/* where they live (NULL: none) */
};

struct pf_job {
	/* (the ints and flags first: 80 bytes, and lint keeps one per
	 * config file and one per DocumentRoot) */
	enum pf_job_kind kind;
	/* results, valid once pf_prefetch_wait returned the job: */
	int		 err;		/* reading path: 0 or an errno */
	int		 dir_err;	/* PROBE: stat(dir): 0 or an errno */
	unsigned char	 fallback;	/* not done: read it the usual way */
	unsigned char	 dir_isdir;	/* PROBE: it is a directory */
	unsigned char	 done;		/* set by the thread with the rest */
	unsigned char	 deep;		/* LIST, PROBE: list below dir too */
	const char	*path;		/* host path (--root applied) */
	const char	*dir;		/* PROBE: host path of the directory */
	const char	*name;		/* LIST: path's name in dir (no '/') */
	char		*data;		/* err 0: the bytes, NUL-terminated */
	size_t		 len;
	unsigned long	 dir_nlink;	/* PROBE: its link count */
	/* LIST: dir's listing (path = dir), or NULL: it was probed; PROBE
	 * with deep: the same where it listed below dir. */
	struct pf_dirlist *list;
	/* deep: the folders below dir, held until pf_prefetch_release(),
	 * or NULL: not listed (the walk lists them itself). */
	const struct pf_dtree *below;
};

struct pf_prefetch;

/*
 * Starts threads that do jobs[0..n) in order, at most `ahead' jobs past
 * the last one waited for (0: no limit).  Returns NULL when it would not
 * pay (n below a few jobs) or no thread can be started: the jobs
 * are then left for the caller.  keep: with deep jobs, keep the listings
 * of the folders three levels below each directory, with the names it
 * takes, in the job's list (pf_dirlist's subs); NULL: none kept.
 */
struct pf_prefetch *pf_prefetch_start(struct pf_job *jobs, size_t n,
		    size_t ahead, int (*keep)(const char *, unsigned char));
/*
 * Would pf_prefetch_start start threads for n jobs (more than one CPU to
 * run on, enough jobs)?  Lets a caller skip filling jobs that would only
 * be handed back.
 */
int		 pf_prefetch_useful(size_t n);
/* Threads started so far (they grow while the disk is read: grow()). */
int		 pf_prefetch_threads(const struct pf_prefetch *);
/* Waits until jobs[i] is done and returns it (doing it here if no thread
 * has begun it). */
struct pf_job	*pf_prefetch_wait(struct pf_prefetch *, size_t i);
/* Frees the folders below job i's directory (below), once done with.
 * The threads list below a directory only while those held are few
 * (prefetch.c DEEP_HELD): a job it does past that has below NULL. */
void		 pf_prefetch_release(struct pf_prefetch *, size_t i);
/* Stops the threads (jobs not yet done are marked fallback) and moves
 * what they read into a, so that the data of the jobs stays valid (the folders
 * below directories not released are freed).  NULL: no-op. */
void		 pf_prefetch_stop(struct pf_prefetch *, struct pf_arena *a);

#endif
