/*
 * prefetch.c - the reader threads of prefetch.h.
 *
 * The threads take the jobs in order from a shared cursor; each job is
 * taken by one side with a compare-and-swap of its state.  A caller that
 * asks for a job nobody has begun does it itself, and a thread that finds
 * itself at or behind the caller's position moves the cursor past the job
 * the caller will want next: where the threads are the slower side
 * (lint's DocumentRoot listings while the caller checks and models), all
 * then list, instead of the caller waiting for each.  A side that must
 * wait sleeps on the condition variable after saying so, and another
 * wakes it only then (a lock and a wake-up per job cost as much as the
 * reading they hide).  A thread `ahead' jobs past the caller sleeps until
 * it is only ahead/2 past (resume_at): waking it on the caller's every
 * next job made the two take turns, a wake-up and two context switches
 * per file (lint of 10,000 vhosts: up to 9,000 wake-ups, the parse 52 ->
 * 91 ms in such a run).  The jobs array is the caller's and is not moved
 * while the threads run; each side allocates only in its own arena.
 */
#include "parsers/prefetch.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#define MIN_JOBS	16	/* fewer are not worth a thread */
#define MAX_THREADS	8	/* reading at once (threads_for) */
#define GROW_EVERY	8	/* jobs between looks at the block reads */
#define JUMP		16	/* jobs left to a caller that caught up */
#define MAX_FILE	(256 * 1024)	/* bigger files: the caller's (its
				 * budget checks come before reading) */
#define DENTS_BUF	16384		/* getdents64's buffer */
#define MAX_LISTED	16384		/* a bigger directory's listing is
					 * not kept (the rules list it) */
#define DEEP_HELD	((size_t)32 << 20)	/* folders below directories
					 * held (pf_prefetch_release) at most */
#define KEEP_LEVELS	3		/* listings kept for the rules: of
					 * folders this deep (walk()'s) */
#define KEEP_MAX	((size_t)24 << 20)	/* and this many bytes of
					 * them in all */

struct pf_prefetch;

struct worker {
	struct pf_prefetch *p;
	pthread_t	 thread;
	struct pf_arena	*arena;		/* the thread's */
};

struct pf_prefetch {
	struct worker	 w[MAX_THREADS];
	atomic_int	 nw;		/* threads started (changed under mu) */
	int		 maxw;		/* at most */
	long		 inblock;	/* the first thread's block reads */
	atomic_size_t	 next;		/* the next job a thread looks at */
	pthread_mutex_t	 mu;
	pthread_cond_t	 cv;
	struct pf_job	*jobs;
	size_t		 n;
	size_t		 ahead;		/* 0: no limit */
	_Atomic unsigned char *state;	/* per job: JOB_* */
	atomic_size_t	 waited;	/* 1 + the highest job waited for */
	atomic_int	 stop;
	atomic_int	 caller_sleeps, thread_sleeps;	/* (threads asleep) */
	atomic_size_t	 resume_at;	/* wake the threads when waited gets
					 * here (SIZE_MAX: none asleep) */
	atomic_size_t	 caller_wants;	/* wake the caller when this job is
					 * done */
	struct pf_arena	*own;		/* the caller's, for the jobs it does */
	atomic_size_t	 held;		/* bytes of the jobs' trees */
	atomic_size_t	 kept;		/* bytes of listings kept below */
	int		(*keep)(const char *, unsigned char);
};

/* A job is taken by one side with a compare-and-swap. */
enum { JOB_FREE, JOB_TAKEN, JOB_DONE };

static void
wake(struct pf_prefetch *p)
{
	pthread_mutex_lock(&p->mu);
	pthread_cond_broadcast(&p->cv);
	pthread_mutex_unlock(&p->mu);
}

/*
 * pf_conf_read (conf_read.c) without the run: a regular file of nonzero
 * size is read to its size; anything else is left to the caller (its
 * errno says why when open or fstat failed).
 */
static void
read_fd(struct pf_arena *a, struct pf_job *j, int fd)
{
	struct stat st;
	size_t n = 0;
	ssize_t r;

	if (fstat(fd, &st) != 0) {
		j->err = errno;
		close(fd);
		return;
	}
	if (!S_ISREG(st.st_mode) || st.st_size <= 0 ||
	    st.st_size > MAX_FILE) {
		close(fd);
		j->err = S_ISDIR(st.st_mode) ? EISDIR : 0;
		j->fallback = !S_ISDIR(st.st_mode);
		return;
	}
	j->data = pf_alloc(a, (size_t)st.st_size + 1);
	while (n < (size_t)st.st_size) {
		r = read(fd, j->data + n, (size_t)st.st_size - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			j->err = errno;
			j->data = NULL;
			close(fd);
			return;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	close(fd);
	j->data[n] = '\0';
	j->len = n;
	j->err = 0;
}

static void
read_file(struct pf_arena *a, struct pf_job *j)
{
	int fd;

	if ((fd = open(j->path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)) < 0) {
		j->err = errno;
		return;
	}
	read_fd(a, j, fd);
}

static void
probe(struct pf_arena *a, struct pf_job *j)
{
	struct stat st;

	read_file(a, j);
	if (stat(j->dir, &st) != 0)
		j->dir_err = errno;
	else {
		j->dir_isdir = S_ISDIR(st.st_mode);
		j->dir_nlink = (unsigned long)st.st_nlink;
	}
}

/*
 * Subdirectories the .htaccess walk does not enter: "." and "..", and
 * version control metadata (.git's object store alone is hundreds of
 * directories per site; httpd would read an .htaccess there only for a
 * request into it).  Other dot directories are walked: httpd reads
 * .well-known/acme-challenge/.htaccess on the way to a challenge file,
 * and a 500 there fails certificate renewals.
 */
int
pf_walk_skip(const char *n)
{
	if (n[0] != '.')
		return 0;
	return n[1] == '\0' || strcmp(n, "..") == 0 || strcmp(n, ".git") == 0 ||
	    strcmp(n, ".svn") == 0 || strcmp(n, ".hg") == 0 ||
	    strcmp(n, ".bzr") == 0;
}

/* A walk below a directory (pf_dnode): tree arena, the data's, the
 * access file's name, a getdents buffer and the folders listed. */
struct dwalk {
	struct pf_arena	*ta, *a;
	const char	*name;
	char		*buf;
	size_t		 listed;
	/* the listings kept (pf_dirlist's subs, in a), with keep() */
	int		(*keep)(const char *, unsigned char);
	PF_VEC(struct pf_dirsub) subs;
	size_t		 kept;		/* their bytes */
};

static void dlist(struct dwalk *, int, struct pf_dnode *, int,
    const char *);

/*
 * The subfolders among names[0..n) of the directory open as fd, at
 * depth: opened (O_NOFOLLOW) and listed in turn.  One that cannot be
 * opened is left to the walk, unless it is none (ENOTDIR, ELOOP, ENOENT:
 * lstat would say it is not a folder, or not there).  A symbolic link is
 * left to the walk too (link): httpd's walk goes through one to a folder
 * (a deploy tool's shared uploads folder, with its .htaccess).
 */
static void
dsubs(struct dwalk *dw, int fd, const char *const *names,
    const unsigned char *types, size_t n, int depth, struct pf_dnode *nd,
    const char *rel)
{
	struct pf_dnode *v;
	size_t i, k = 0, m = 0;

	for (i = 0; i < n; i++)
		m += (types[i] == DT_DIR || types[i] == DT_UNKNOWN ||
		    types[i] == DT_LNK) && !pf_walk_skip(names[i]);
	nd->sub = v = m > 0 ? pf_alloc(dw->ta, m * sizeof(*v)) : NULL;
	for (i = 0; i < n; i++) {
		struct pf_dnode *c;
		int cfd;

		if ((types[i] != DT_DIR && types[i] != DT_UNKNOWN &&
		    types[i] != DT_LNK) || pf_walk_skip(names[i]))
			continue;
		c = &v[k];
		memset(c, 0, sizeof(*c));
		c->name = names[i];
		if (types[i] == DT_LNK) {
			c->link = 1;
			k++;
			continue;
		}
		c->unknown = types[i] == DT_UNKNOWN;
		if (depth + 1 > PF_DEEP_DEPTH || dw->listed >= PF_DEEP_DIRS) {
			k++;
			continue;
		}
		cfd = openat(fd, names[i], O_RDONLY | O_DIRECTORY |
		    O_NOFOLLOW | O_CLOEXEC);
		if (cfd < 0) {
			if (!c->unknown || (errno != ENOTDIR &&
			    errno != ELOOP && errno != ENOENT))
				k++;
			continue;
		}
		c->unknown = 0;
		dw->listed++;
		/* (kept: not below a dot folder, which the rules pass) */
		dlist(dw, cfd, c, depth + 1, rel == NULL || depth + 1 >
		    KEEP_LEVELS || names[i][0] == '.' ? NULL : rel[0] == '\0' ?
		    names[i] : pf_printf(dw->a, "%s/%s", rel, names[i]));
		close(cfd);
		k++;
	}
	nd->nsub = k;
}

/* The access file of the directory open as fd, into nd (read_fd's
 * answer). */
static void
dfile(struct dwalk *dw, int fd, struct pf_dnode *nd)
{
	struct pf_job tj;
	int hf = openat(fd, dw->name, O_RDONLY | O_CLOEXEC | O_NONBLOCK);

	if (hf < 0) {
		nd->err = errno;
		return;
	}
	memset(&tj, 0, sizeof(tj));
	read_fd(dw->a, &tj, hf);
	nd->err = tj.err;
	nd->fallback = tj.fallback;
	nd->data = tj.data;
	nd->len = tj.len;
}

/* Lists the folder open as fd (at depth) into nd: its access file, then
 * its subfolders.  A listing that fails leaves it to the walk.  rel: its
 * path below the document root, to keep its listing under (NULL: not
 * kept). */
static void
dlist(struct dwalk *dw, int fd, struct pf_dnode *nd, int depth,
    const char *rel)
{
	PF_VEC(const char *) names = { 0 };
	PF_VEC(unsigned char) types = { 0 };
	PF_VEC(const char *) kn = { 0 };
	PF_VEC(unsigned char) kt = { 0 };
	struct dirent64 *e;
	ssize_t got;
	size_t off;
	int found = 0;

	while ((got = getdents64(fd, dw->buf, DENTS_BUF)) > 0)
		for (off = 0; off < (size_t)got; off += e->d_reclen) {
			e = (struct dirent64 *)(void *)(dw->buf + off);
			if (e->d_reclen == 0)
				break;
			const char *kname = NULL;

			if (!found && strcmp(e->d_name, dw->name) == 0)
				found = 1;
			if (rel != NULL && dw->keep(e->d_name, e->d_type)) {
				kname = pf_strdup(dw->a, e->d_name);
				PF_PUSH(dw->a, kn, kname);
				PF_PUSH(dw->a, kt, e->d_type);
				dw->kept += strlen(kname) + 1 +
				    sizeof(char *) + 2;
			}
			if ((e->d_type != DT_DIR && e->d_type != DT_UNKNOWN &&
			    e->d_type != DT_LNK) || pf_walk_skip(e->d_name))
				continue;
			PF_PUSH(dw->ta, names, kname != NULL ? kname :
			    pf_strdup(dw->ta, e->d_name));
			PF_PUSH(dw->ta, types, e->d_type);
		}
	if (got < 0)
		return;		/* not listed */
	nd->listed = 1;
	if (rel != NULL) {
		struct pf_dirsub ds;

		ds.rel = rel;
		ds.names = kn.v;
		ds.types = kt.v;
		ds.n = kn.n;
		PF_PUSH(dw->a, dw->subs, ds);
		dw->kept += sizeof(ds) + strlen(rel) + 1;
	}
	if (found)
		dfile(dw, fd, nd);
	else
		nd->err = ENOENT;
	dsubs(dw, fd, names.v, types.v, names.n, depth, nd, rel);
}

/* The folders below j's directory (open as fd, listed in j->list). */
static void
deep(struct pf_prefetch *p, struct pf_arena *a, struct pf_job *j, int fd)
{
	static const struct pf_dtree leaf;
	static const struct pf_dirsubs none;
	struct dwalk dw;
	struct pf_dtree *t;
	size_t i;

	for (i = 0; i < j->list->n; i++)
		if ((j->list->types[i] == DT_DIR ||
		    j->list->types[i] == DT_UNKNOWN ||
		    j->list->types[i] == DT_LNK) &&
		    !pf_walk_skip(j->list->names[i]))
			break;
	if (i == j->list->n) {
		j->below = &leaf;
		if (p->keep != NULL)
			j->list->subs = &none;
		return;
	}
	if (atomic_load(&p->held) >= DEEP_HELD)
		return;
	memset(&dw, 0, sizeof(dw));
	dw.ta = pf_arena_new();
	dw.a = a;
	dw.name = j->name;
	dw.buf = pf_alloc(dw.ta, DENTS_BUF);
	if (atomic_load(&p->kept) < KEEP_MAX)
		dw.keep = p->keep;
	t = pf_alloc(dw.ta, sizeof(*t));
	t->arena = dw.ta;
	dsubs(&dw, fd, j->list->names, j->list->types, j->list->n, 0, &t->top,
	    dw.keep != NULL ? "" : NULL);
	j->below = t;
	if (dw.keep != NULL) {
		struct pf_dirsubs *ds = pf_alloc(a, sizeof(*ds));

		ds->v = dw.subs.v;
		ds->n = dw.subs.n;
		j->list->subs = ds;
		atomic_fetch_add(&p->kept, dw.kept);
	}
	atomic_fetch_add(&p->held, pf_arena_used(dw.ta));
}

/*
 * A probe that lists dir instead (lint lists every DocumentRoot anyway:
 * rules/writable.c takes the listing from pf_dirlist_get).  One open of
 * the directory, its fstat and getdents, where the probe and the later
 * listing made two opens and a stat, each a walk of the whole path: 10,000
 * DocumentRoots, 107 against 66 ms of CPU.  The file is opened from the
 * directory only when the listing holds its name; one that is not there is
 * ENOENT, as the probe's open would say.  A directory that cannot be
 * opened or read (no read permission, not one, gone) is probed as before.
 *
 * "." and ".." are not kept: the rules pass over dot names at the top of
 * a DocumentRoot, and 10,000 of them were 1 MB.  The arrays are sized
 * exactly, per getdents buffer.
 *
 * With j->deep, the folders below are listed too (deep()), each opened
 * from its parent's descriptor: the .htaccess walk took two calls by path
 * per folder (its .htaccess, a stat) and three more to list one with
 * folders, on the caller's thread.
 */
static int
dir_listing(struct pf_arena *a, struct pf_job *j, int fd, int *found)
{
	_Alignas(struct dirent64) char buf[DENTS_BUF];
	struct pf_dirlist *l;
	const char **names = NULL;
	unsigned char *types = NULL;
	size_t n = 0, k, off;
	struct dirent64 *e;
	ssize_t got;
	int over = 0;

	*found = 0;
	while ((got = getdents64(fd, buf, sizeof(buf))) > 0) {
		for (k = 0, off = 0; off < (size_t)got; off += e->d_reclen) {
			e = (struct dirent64 *)(void *)(buf + off);
			if (e->d_reclen == 0)
				break;
			k++;
		}
		if (n + k > MAX_LISTED)
			over = 1;
		if (!over && k > 0) {
			names = pf_grow(a, names, n, n + k,
			    sizeof(*names));
			types = pf_grow(a, types, n, n + k, 1);
		}
		for (off = 0; off < (size_t)got; off += e->d_reclen) {
			e = (struct dirent64 *)(void *)(buf + off);
			if (e->d_reclen == 0)
				break;
			if (!*found && strcmp(e->d_name, j->name) == 0)
				*found = 1;
			if (over || strcmp(e->d_name, ".") == 0 ||
			    strcmp(e->d_name, "..") == 0)
				continue;
			names[n] = pf_strdup(a, e->d_name);
			types[n++] = e->d_type;
		}
	}
	if (got < 0)
		return -1;
	if (!over) {
		l = j->list = pf_alloc(a, sizeof(*l));
		l->path = j->dir;
		l->names = names;
		l->types = types;
		l->n = n;
	}
	return 0;
}

static void
list_probe(struct pf_prefetch *p, struct pf_arena *a, struct pf_job *j)
{
	struct stat st;
	int fd, found;

	if ((fd = open(j->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0) {
		probe(a, j);
		return;
	}
	if (fstat(fd, &st) != 0 || dir_listing(a, j, fd, &found) != 0) {
		close(fd);
		j->list = NULL;
		probe(a, j);
		return;
	}
	j->dir_isdir = S_ISDIR(st.st_mode);
	j->dir_nlink = (unsigned long)st.st_nlink;
	if (!found)
		j->err = ENOENT;
	else {
		int hf = openat(fd, j->name, O_RDONLY | O_CLOEXEC |
		    O_NONBLOCK);

		if (hf < 0)
			j->err = errno;
		else
			read_fd(a, j, hf);
	}
	if (j->deep && j->list != NULL)
		deep(p, a, j, fd);
	close(fd);
}

/*
 * A probe with deep set: the folders below a directory that has some
 * (st_nlink; btrfs and others say 1) are listed too.  dump probes each
 * DocumentRoot (cheaper than listing a leaf, which lint lists anyway for
 * its rules) and lists only where the walk goes below.
 */
static void
probe_deep(struct pf_prefetch *p, struct pf_arena *a, struct pf_job *j)
{
	int fd, found;

	probe(a, j);
	if (!j->deep || j->dir_err != 0 || !j->dir_isdir ||
	    j->dir_nlink == 2 ||
	    (fd = open(j->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
		return;
	if (dir_listing(a, j, fd, &found) == 0 && j->list != NULL)
		deep(p, a, j, fd);
	close(fd);
}

static void
do_job(struct pf_prefetch *p, struct pf_arena *a, struct pf_job *j)
{
	if (j->kind == PF_JOB_LIST)
		list_probe(p, a, j);
	else if (j->kind == PF_JOB_PROBE)
		probe_deep(p, a, j);
	else
		read_file(a, j);
	j->done = 1;
}

static void	grow(struct pf_prefetch *);

static void *
run(void *arg)
{
	struct worker *me = arg;
	struct pf_prefetch *p = me->p;
	size_t i, w, done = 0;
	unsigned char fr;

	while ((i = atomic_fetch_add(&p->next, 1)) < p->n &&
	    !atomic_load(&p->stop)) {
		struct pf_job *j = &p->jobs[i];

		if (p->ahead != 0 && i >= atomic_load(&p->waited) + p->ahead) {
			/* (i >= ahead here, so at >= 1) */
			size_t at = i - (p->ahead + 1) / 2 + 1;

			pthread_mutex_lock(&p->mu);
			atomic_fetch_add(&p->thread_sleeps, 1);
			while (!atomic_load(&p->stop) &&
			    atomic_load(&p->waited) < at) {
				if (at < atomic_load(&p->resume_at))
					atomic_store(&p->resume_at, at);
				pthread_cond_wait(&p->cv, &p->mu);
			}
			atomic_fetch_sub(&p->thread_sleeps, 1);
			pthread_mutex_unlock(&p->mu);
			if (atomic_load(&p->stop))
				break;
		}
		/* Caught up with the caller: the next JUMP jobs are its own
		 * (pf_prefetch_wait does them), the threads go on past
		 * them.  (Leaving one made the two alternate, with a
		 * wake-up for every other job.) */
		w = atomic_load(&p->waited);
		if (w > 0 && i < w + 1) {
			size_t cur = i + 1;

			(void)atomic_compare_exchange_strong(&p->next, &cur,
			    w + JUMP);
			continue;
		}
		fr = JOB_FREE;
		if (!atomic_compare_exchange_strong(&p->state[i], &fr,
		    JOB_TAKEN))
			continue;	/* the caller's */
		do_job(p, me->arena, j);
		atomic_store(&p->state[i], JOB_DONE);
		if (atomic_load(&p->caller_sleeps) &&
		    atomic_load(&p->caller_wants) == i)
			wake(p);
		if (me == &p->w[0] && ++done % GROW_EVERY == 0 &&
		    p->nw < p->maxw)
			grow(p);
	}
	return NULL;
}

/*
 * From the page cache a job is a few system calls of CPU time, and more
 * threads only take the CPU from the caller (10,000 vhosts, 8 threads
 * from the start: lint 0.37 -> 0.55 s, dump 0.21 -> 0.40 s).  Waiting for
 * the disk, they keep it busy.  So one thread starts, and while its jobs
 * read blocks from the disk (getrusage's ru_inblock grew over its last
 * GROW_EVERY jobs) it starts another, up to maxw.
 */
static int
start_worker(struct pf_prefetch *p)
{
	struct worker *w = &p->w[p->nw];

	w->p = p;
	w->arena = pf_arena_new();
	if (pthread_create(&w->thread, NULL, run, w) != 0) {
		pf_arena_free(w->arena);
		return -1;
	}
	p->nw++;
	return 0;
}

static void
grow(struct pf_prefetch *p)
{
	struct rusage ru;
	long was = p->inblock;

	if (getrusage(RUSAGE_THREAD, &ru) != 0)
		return;
	p->inblock = ru.ru_inblock;
	if (ru.ru_inblock == was)
		return;
	pthread_mutex_lock(&p->mu);
	if (!atomic_load(&p->stop) && p->nw < p->maxw)
		(void)start_worker(p);
	pthread_mutex_unlock(&p->mu);
}

/*
 * Threads reading at once, at most.  The work is system calls, most of
 * them waiting for the disk when the files are not in the page cache: a
 * tree of 10,000 vhosts after `echo 3 > /proc/sys/vm/drop_caches` on the
 * 2-core machine, its 10,000 site files read by 1, 2, 8 and 16 threads:
 * 1.54, 0.78, 0.40, 0.31 s (the disk serves more requests at once).  See
 * grow() for when they start.  PF_PREFETCH_THREADS=N (1 to 8) starts N at
 * once and no more.
 */
static int
threads_for(size_t n, int *fixed)
{
	const char *e = getenv("PF_PREFETCH_THREADS");
	int t = MAX_THREADS;

	*fixed = e != NULL && *e >= '1' && *e <= '9' && e[1] == '\0';
	if (*fixed)
		t = *e - '0';
	if (t > MAX_THREADS)
		t = MAX_THREADS;
	if ((size_t)t > n / MIN_JOBS)
		t = (int)(n / MIN_JOBS) > 0 ? (int)(n / MIN_JOBS) : 1;
	return t;
}

int
pf_prefetch_useful(size_t n)
{
	cpu_set_t cpus;

	/*
	 * On one CPU (taskset, a container's cpuset) a thread cannot read
	 * while the caller parses; it would only add a hand-off per file.
	 */
	if (sched_getaffinity(0, sizeof(cpus), &cpus) == 0 &&
	    CPU_COUNT(&cpus) < 2)
		return 0;
	return n >= MIN_JOBS;
}

struct pf_prefetch *
pf_prefetch_start(struct pf_job *jobs, size_t n, size_t ahead,
    int (*keep)(const char *, unsigned char))
{
	struct pf_prefetch *p;
	int k, fixed;

	if (!pf_prefetch_useful(n) || (p = calloc(1, sizeof(*p))) == NULL)
		return NULL;
	p->jobs = jobs;
	p->n = n;
	p->ahead = ahead;
	p->keep = keep;
	atomic_store(&p->resume_at, SIZE_MAX);
	if ((p->state = calloc(n, 1)) == NULL) {	/* JOB_FREE */
		free(p);
		return NULL;
	}
	p->own = pf_arena_new();
	if (pthread_mutex_init(&p->mu, NULL) != 0)
		goto fail;
	if (pthread_cond_init(&p->cv, NULL) != 0) {
		pthread_mutex_destroy(&p->mu);
		goto fail;
	}
	p->maxw = threads_for(n, &fixed);
	pthread_mutex_lock(&p->mu);
	for (k = 0; k < (fixed ? p->maxw : 1); k++)
		if (start_worker(p) != 0)
			break;
	pthread_mutex_unlock(&p->mu);
	if (p->nw == 0) {
		pthread_cond_destroy(&p->cv);
		pthread_mutex_destroy(&p->mu);
		goto fail;
	}
	return p;
fail:
	pf_arena_free(p->own);
	free((void *)p->state);
	free(p);
	return NULL;
}

int
pf_prefetch_threads(const struct pf_prefetch *p)
{
	return atomic_load(&p->nw);
}

struct pf_job *
pf_prefetch_wait(struct pf_prefetch *p, size_t i)
{
	unsigned char fr = JOB_FREE;

	if (i + 1 > atomic_load(&p->waited)) {
		atomic_store(&p->waited, i + 1);
		if (atomic_load(&p->thread_sleeps) &&
		    i + 1 >= atomic_load(&p->resume_at)) {
			/* room ahead (a thread still short of it sets
			 * resume_at again before it sleeps) */
			pthread_mutex_lock(&p->mu);
			atomic_store(&p->resume_at, SIZE_MAX);
			pthread_cond_broadcast(&p->cv);
			pthread_mutex_unlock(&p->mu);
		}
	}
	/* Not begun: done here, while the threads work further on. */
	if (atomic_compare_exchange_strong(&p->state[i], &fr, JOB_TAKEN)) {
		do_job(p, p->own, &p->jobs[i]);
		atomic_store(&p->state[i], JOB_DONE);
		return &p->jobs[i];
	}
	if (atomic_load(&p->state[i]) != JOB_DONE) {
		pthread_mutex_lock(&p->mu);
		atomic_store(&p->caller_wants, i);
		atomic_store(&p->caller_sleeps, 1);
		while (atomic_load(&p->state[i]) != JOB_DONE)
			pthread_cond_wait(&p->cv, &p->mu);
		atomic_store(&p->caller_sleeps, 0);
		pthread_mutex_unlock(&p->mu);
	}
	return &p->jobs[i];
}

void
pf_prefetch_release(struct pf_prefetch *p, size_t i)
{
	struct pf_job *j = &p->jobs[i];
	struct pf_arena *ta;

	if (j->below == NULL || (ta = j->below->arena) == NULL)
		return;
	j->below = NULL;
	atomic_fetch_sub(&p->held, pf_arena_used(ta));
	pf_arena_free(ta);
}

void
pf_prefetch_stop(struct pf_prefetch *p, struct pf_arena *a)
{
	size_t i;

	if (p == NULL)
		return;
	atomic_store(&p->stop, 1);
	wake(p);
	/* (no thread starts once stop is set: grow() looks under mu) */
	pthread_mutex_lock(&p->mu);
	pthread_mutex_unlock(&p->mu);
	for (i = 0; i < (size_t)p->nw; i++)
		pthread_join(p->w[i].thread, NULL);
	/* what is left is the caller's */
	for (i = 0; i < p->n; i++) {
		pf_prefetch_release(p, i);
		if (atomic_load(&p->state[i]) != JOB_DONE) {
			p->jobs[i].fallback = 1;
			p->jobs[i].done = 1;
		}
	}
	for (i = 0; i < (size_t)p->nw; i++)
		pf_arena_adopt(a, p->w[i].arena);
	pf_arena_adopt(a, p->own);
	free((void *)p->state);
	pthread_cond_destroy(&p->cv);
	pthread_mutex_destroy(&p->mu);
	free(p);
}
