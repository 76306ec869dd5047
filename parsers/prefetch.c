/*
 * prefetch.c - the reader thread of prefetch.h.
 *
 * Jobs are done in order, so two counters say it all: done (by the
 * thread) and waited (by the caller), atomic; a side that finds the other
 * behind sleeps on the condition variable after saying so, and the other
 * wakes it only then (a lock and a wake-up per job cost as much as the
 * reading they hide).  The jobs array is the caller's and is not moved
 * while the thread runs; the thread allocates only in its own arena.
 */
#include "parsers/prefetch.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MIN_JOBS	16	/* fewer are not worth a thread */
#define BATCH		16	/* a caller that caught up sleeps until the
				 * thread is this far ahead (or done): one
				 * wake-up per BATCH files, not per file */
#define MAX_FILE	(256 * 1024)	/* bigger files: the caller's (its
				 * budget checks come before reading) */

struct pf_prefetch {
	pthread_t	 thread;
	pthread_mutex_t	 mu;
	pthread_cond_t	 cv;
	struct pf_job	*jobs;
	size_t		 n;
	size_t		 ahead;		/* 0: no limit */
	atomic_size_t	 done;		/* jobs [0, done) are done */
	atomic_size_t	 waited;	/* 1 + the highest job waited for */
	atomic_int	 stop;
	atomic_int	 caller_sleeps, thread_sleeps;
	atomic_size_t	 caller_wants;	/* wake the caller at done >= this */
	struct pf_arena	*arena;		/* the thread's */
};

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
read_file(struct pf_prefetch *p, struct pf_job *j)
{
	struct stat st;
	size_t n = 0;
	ssize_t r;
	int fd;

	if ((fd = open(j->path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)) < 0) {
		j->err = errno;
		return;
	}
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
	j->data = pf_alloc(p->arena, (size_t)st.st_size + 1);
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
probe(struct pf_prefetch *p, struct pf_job *j)
{
	struct stat st;

	read_file(p, j);
	if (stat(j->dir, &st) != 0)
		j->dir_err = errno;
	else {
		j->dir_isdir = S_ISDIR(st.st_mode);
		j->dir_nlink = (unsigned long)st.st_nlink;
	}
}

static void *
run(void *arg)
{
	struct pf_prefetch *p = arg;
	size_t i;

	for (i = 0; i < p->n && !atomic_load(&p->stop); i++) {
		struct pf_job *j = &p->jobs[i];

		if (p->ahead != 0 && i >= atomic_load(&p->waited) + p->ahead) {
			pthread_mutex_lock(&p->mu);
			atomic_store(&p->thread_sleeps, 1);
			while (!atomic_load(&p->stop) &&
			    i >= atomic_load(&p->waited) + p->ahead)
				pthread_cond_wait(&p->cv, &p->mu);
			atomic_store(&p->thread_sleeps, 0);
			pthread_mutex_unlock(&p->mu);
			if (atomic_load(&p->stop))
				break;
		}
		if (j->kind == PF_JOB_PROBE)
			probe(p, j);
		else
			read_file(p, j);
		j->done = 1;
		atomic_store(&p->done, i + 1);
		if (atomic_load(&p->caller_sleeps) &&
		    i + 1 >= atomic_load(&p->caller_wants))
			wake(p);
	}
	/* what is left is the caller's */
	for (; i < p->n; i++) {
		p->jobs[i].fallback = 1;
		p->jobs[i].done = 1;
	}
	atomic_store(&p->done, p->n);
	wake(p);
	return NULL;
}

int
pf_prefetch_useful(size_t n)
{
	cpu_set_t cpus;

	/*
	 * On one CPU (taskset, a container's cpuset) the thread cannot read
	 * while the caller parses; it would only add a hand-off per file.
	 */
	if (sched_getaffinity(0, sizeof(cpus), &cpus) == 0 &&
	    CPU_COUNT(&cpus) < 2)
		return 0;
	return n >= MIN_JOBS;
}

struct pf_prefetch *
pf_prefetch_start(struct pf_job *jobs, size_t n, size_t ahead)
{
	struct pf_prefetch *p;

	if (!pf_prefetch_useful(n) || (p = calloc(1, sizeof(*p))) == NULL)
		return NULL;
	p->jobs = jobs;
	p->n = n;
	p->ahead = ahead;
	p->arena = pf_arena_new();
	if (pthread_mutex_init(&p->mu, NULL) != 0) {
		pf_arena_free(p->arena);
		free(p);
		return NULL;
	}
	if (pthread_cond_init(&p->cv, NULL) != 0) {
		pthread_mutex_destroy(&p->mu);
		pf_arena_free(p->arena);
		free(p);
		return NULL;
	}
	if (pthread_create(&p->thread, NULL, run, p) != 0) {
		pthread_cond_destroy(&p->cv);
		pthread_mutex_destroy(&p->mu);
		pf_arena_free(p->arena);
		free(p);
		return NULL;
	}
	return p;
}

struct pf_job *
pf_prefetch_wait(struct pf_prefetch *p, size_t i)
{
	if (i + 1 > atomic_load(&p->waited)) {
		atomic_store(&p->waited, i + 1);
		if (atomic_load(&p->thread_sleeps))
			wake(p);	/* room ahead */
	}
	if (atomic_load(&p->done) <= i) {
		pthread_mutex_lock(&p->mu);
		atomic_store(&p->caller_wants, i + BATCH < p->n ? i + BATCH :
		    p->n);
		atomic_store(&p->caller_sleeps, 1);
		while (atomic_load(&p->done) < atomic_load(&p->caller_wants))
			pthread_cond_wait(&p->cv, &p->mu);
		atomic_store(&p->caller_sleeps, 0);
		pthread_mutex_unlock(&p->mu);
	}
	return &p->jobs[i];
}

void
pf_prefetch_stop(struct pf_prefetch *p, struct pf_arena *a)
{
	if (p == NULL)
		return;
	atomic_store(&p->stop, 1);
	wake(p);
	pthread_join(p->thread, NULL);
	pf_arena_adopt(a, p->arena);
	pthread_cond_destroy(&p->cv);
	pthread_mutex_destroy(&p->mu);
	free(p);
}
