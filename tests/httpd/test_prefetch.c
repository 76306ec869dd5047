/*
 * test_prefetch.c - the reader threads of parsers/prefetch.c (one, then
 * eight) against plain reads: every kind of job (READ, PROBE, LIST) on
 * files, folders, missing paths and an .htaccess that is a folder; waited
 * for in order with the caller slower than the threads, in order as fast
 * as it can (the caller catches up and does jobs itself), out of order,
 * and stopped half way (jobs not done are handed back as fallback).  Each answer must be what
 * reading the path directly says.  Deep LIST jobs: the folders below each
 * directory (.git skipped, a dot folder entered, a symlink not followed,
 * an .htaccess that is a folder, a chain past PF_DEEP_DEPTH) and the
 * listings kept three levels down with keep()'s names must be what a
 * direct walk (opendir, lstat, stat) sees; released trees are freed.
 * Left to themselves, the threads stay one from the page cache and grow
 * when the files must be read from the disk.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "model/arena.h"
#include "model/run.h"
#include "parsers/prefetch.h"
#include "t.h"

#define NJOBS	600

struct want {
	int	 err;		/* reading path: 0 or errno */
	char	 text[64];	/* its bytes (err 0) */
	int	 dir_isdir;	/* PROBE/LIST: dir is a folder */
	int	 nnames;	/* LIST: entries but . and .., -1: not one */
};

static char	 root[512];
static char	*paths[NJOBS], *dirs[NJOBS];
static struct want want[NJOBS];

static void
put(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	if (f == NULL) {
		perror(path);
		exit(1);
	}
	fputs(text, f);
	fclose(f);
}

/* Job i: a folder d<i> holding what i % 6 says, and the job's path in it
 * (its .htaccess), or a plain file for READ jobs. */
static void
make_tree(void)
{
	char d[600], p[700];
	int i;
	static int made;

	if (made++)
		return;	/* (main runs the tests twice) */

	snprintf(root, sizeof(root), "%s/pf", t_tmpdir());
	mkdir(root, 0755);
	for (i = 0; i < NJOBS; i++) {
		snprintf(d, sizeof(d), "%s/d%03d", root, i);
		snprintf(p, sizeof(p), "%s/.htaccess", d);
		want[i].nnames = -1;
		switch (i % 6) {
		case 0:		/* a folder with its file */
			mkdir(d, 0755);
			snprintf(want[i].text, sizeof(want[i].text),
			    "Options -Indexes # %d\n", i);
			put(p, want[i].text);
			put(strcat(strcpy(p, d), "/index.php"), "<?php\n");
			want[i].dir_isdir = 1;
			want[i].nnames = 2;
			strcat(strcpy(p, d), "/.htaccess");
			break;
		case 1:		/* a folder without it */
			mkdir(d, 0755);
			put(strcat(strcpy(p, d), "/a"), "x");
			strcat(strcpy(p, d), "/.htaccess");
			want[i].err = ENOENT;
			want[i].dir_isdir = 1;
			want[i].nnames = 1;
			break;
		case 2:		/* no folder */
			want[i].err = ENOENT;
			break;
		case 3:		/* .htaccess is a folder */
			mkdir(d, 0755);
			mkdir(p, 0755);
			want[i].err = EISDIR;
			want[i].dir_isdir = 1;
			want[i].nnames = 1;
			break;
		case 4:		/* an empty folder */
			mkdir(d, 0755);
			want[i].err = ENOENT;
			want[i].dir_isdir = 1;
			want[i].nnames = 0;
			break;
		default:	/* a plain file, read whole */
			mkdir(d, 0755);
			snprintf(p, sizeof(p), "%s/site.conf", d);
			snprintf(want[i].text, sizeof(want[i].text),
			    "ServerName s%d.example\n", i);
			put(p, want[i].text);
			break;
		}
		paths[i] = strdup(p);
		dirs[i] = strdup(d);
	}
}

static void
fill(struct pf_job *jobs, enum pf_job_kind probe_kind)
{
	int i;

	memset(jobs, 0, NJOBS * sizeof(*jobs));
	for (i = 0; i < NJOBS; i++) {
		jobs[i].path = paths[i];
		if (i % 6 == 5)
			jobs[i].kind = PF_JOB_READ;
		else {
			jobs[i].kind = probe_kind;
			jobs[i].dir = dirs[i];
			jobs[i].name = ".htaccess";
		}
	}
}

static void
check(const struct pf_job *j, int i)
{
	if (j->fallback)
		return;		/* the caller's: nothing to compare */
	T_EQ_INT(j->done, 1);
	T_EQ_INT(j->err, want[i].err);
	if (want[i].err == 0) {
		T_TRUE(j->data != NULL);
		if (j->data != NULL)
			T_EQ_STR(j->data, want[i].text);
	}
	if (j->kind == PF_JOB_READ)
		return;
	T_EQ_INT(j->dir_isdir, want[i].dir_isdir);
	if (j->kind == PF_JOB_LIST && want[i].nnames >= 0) {
		T_TRUE(j->list != NULL);
		if (j->list != NULL) {
			T_EQ_INT(j->list->n, want[i].nnames);
			T_EQ_STR(j->list->path, dirs[i]);
		}
	}
	if (j->kind == PF_JOB_LIST && want[i].nnames < 0)
		T_TRUE(j->list == NULL);
}

static void
pause_us(long us)
{
	struct timespec ts = { 0, us * 1000 };

	nanosleep(&ts, NULL);
}

/* mode 0: in order, slow caller; 1: in order, fast; 2: out of order
 * (from the end); 3: stopped after half */
static void
run_mode(enum pf_job_kind kind, int mode)
{
	static struct pf_job jobs[NJOBS];
	struct pf_arena *a = pf_arena_new();
	struct pf_prefetch *p;
	int i, n;

	fill(jobs, kind);
	p = pf_prefetch_start(jobs, NJOBS, mode == 1 ? 4 : 0, NULL);
	if (p == NULL) {
		/* one CPU: no thread, every job the caller's */
		pf_arena_free(a);
		return;
	}
	n = mode == 3 ? NJOBS / 2 : NJOBS;
	for (i = 0; i < n; i++) {
		int k = mode == 2 ? NJOBS - 1 - i : i;

		if (mode == 0 && i % 50 == 0)
			pause_us(200);
		check(pf_prefetch_wait(p, (size_t)k), k);
	}
	pf_prefetch_stop(p, a);
	/* every job is done or handed back, its data kept in a */
	for (i = 0; i < NJOBS; i++) {
		T_EQ_INT(jobs[i].done, 1);
		check(&jobs[i], i);
	}
	pf_arena_free(a);
}

T_TEST(prefetch_answers_as_direct_reads)
{
	int mode;

	make_tree();
	for (mode = 0; mode < 4; mode++) {
		run_mode(PF_JOB_PROBE, mode);
		run_mode(PF_JOB_LIST, mode);
	}
}

/* ---- deep LIST jobs: the folders below, against a direct walk ------ */

#define NDEEP	32
static char	*droots[NDEEP];

static void
mkdirs(const char *base, const char *rel)
{
	char p[1024], *q;

	snprintf(p, sizeof(p), "%s/%s", base, rel);
	for (q = p + strlen(base) + 1; (q = strchr(q, '/')) != NULL; q++) {
		*q = '\0';
		mkdir(p, 0755);
		*q = '/';
	}
	mkdir(p, 0755);
}

static void
make_deep(void)
{
	char d[700], p[900], z[900];
	int i, k;
	static int made;

	if (made++)
		return;	/* (main runs the tests twice) */

	for (i = 0; i < NDEEP; i++) {
		snprintf(d, sizeof(d), "%s/deep/r%02d", root, i);
		mkdirs(root, d + strlen(root) + 1);
		mkdirs(d, "a/b/c/d/e");
		mkdirs(d, ".git/x");
		mkdirs(d, ".well-known/acme");
		mkdirs(d, "f/.htaccess");
		snprintf(p, sizeof(p), "%s/a/.htaccess", d);
		snprintf(z, sizeof(z), "A %d\n", i);
		put(p, z);
		snprintf(p, sizeof(p), "%s/a/b/c/.htaccess", d);
		put(p, "C\n");
		snprintf(p, sizeof(p), "%s/.git/x/.htaccess", d);
		put(p, "G\n");
		snprintf(p, sizeof(p), "%s/.well-known/acme/.htaccess", d);
		put(p, "W\n");
		snprintf(p, sizeof(p), "%s/a/b/x.php~", d);
		put(p, "<?php\n");
		snprintf(p, sizeof(p), "%s/a/plain.txt", d);
		put(p, "x\n");
		snprintf(p, sizeof(p), "%s/a", d);
		snprintf(z, sizeof(z), "%s/link", d);
		if (symlink(p, z) != 0)
			perror(z);
		if (i % 2 == 0) {	/* past the depth bound */
			z[0] = '\0';
			for (k = 0; k < PF_DEEP_DEPTH + 3; k++)
				strcat(z, k == 0 ? "z" : "/z");
			mkdirs(d, z);
		}
		droots[i] = strdup(d);
	}
}

/* the test's keep(): folders but dot ones, names ending in '~' */
static int
keep_test(const char *n, unsigned char type)
{
	size_t l = strlen(n);

	if (n[0] != '.' && (type == DT_DIR || type == DT_UNKNOWN))
		return 1;
	return l > 1 && n[l - 1] == '~';
}

typedef struct { char *s; size_t n, cap; } sbuf;

static void
sadd(sbuf *b, const char *fmt, const char *a, int i, const char *c)
{
	char line[1200];
	int n = snprintf(line, sizeof(line), fmt, a, i, c);

	if (n < 0)
		return;
	if (b->n + (size_t)n + 1 > b->cap) {
		b->cap = (b->n + (size_t)n + 1) * 2;
		b->s = realloc(b->s, b->cap);
	}
	memcpy(b->s + b->n, line, (size_t)n + 1);
	b->n += (size_t)n;
}

/* What the walk must see below dir at depth (rel: its path below the
 * root): each folder it enters, its access file's answer, its folders;
 * and in kept, the listings keep_test() keeps three levels down. */
static void
ref_walk(sbuf *out, sbuf *kept, const char *dir, const char *rel, int depth)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char p[1200], r[1200];
	int keep = depth >= 1 && depth <= 3 && strstr(rel, "/.") == NULL &&
	    rel[0] != '.';

	if (d == NULL)
		return;
	if (keep)
		sadd(kept, "%s:%d%s", rel, 0, "");
	while ((e = readdir(d)) != NULL)
		if (keep && keep_test(e->d_name, e->d_type))
			sadd(kept, " %s%.0d%s", e->d_name, 0, "");
	if (keep)
		sadd(kept, "%s%.0d%s", "\n", 0, "");
	rewinddir(d);
	while ((e = readdir(d)) != NULL) {
		struct stat st;

		if (pf_walk_skip(e->d_name))
			continue;
		snprintf(p, sizeof(p), "%s/%s", dir, e->d_name);
		if (lstat(p, &st) != 0 || (!S_ISDIR(st.st_mode) &&
		    !S_ISLNK(st.st_mode)))
			continue;
		snprintf(r, sizeof(r), "%s%s%s", rel, rel[0] ? "/" : "",
		    e->d_name);
		/* a symbolic link: left to the walk, which follows it */
		if (S_ISLNK(st.st_mode)) {
			sadd(out, "%s %d %s\n", r, -1, "link");
			continue;
		}
		if (depth + 1 > PF_DEEP_DEPTH) {
			sadd(out, "%s %d %s\n", r, -1, "unlisted");
			continue;
		}
		{
			char hp[1300], buf[64] = "";
			FILE *f;
			int err = 0;

			snprintf(hp, sizeof(hp), "%s/.htaccess", p);
			if (stat(hp, &st) != 0)
				err = errno;
			else if (S_ISDIR(st.st_mode))
				err = EISDIR;
			else if ((f = fopen(hp, "r")) != NULL) {
				if (fgets(buf, sizeof(buf), f) == NULL)
					buf[0] = '\0';
				fclose(f);
			}
			sadd(out, "%s %d %s\n", r, err, buf);
		}
		ref_walk(out, kept, p, r, depth + 1);
	}
	closedir(d);
}

static void
ser_tree(sbuf *out, const struct pf_dnode *nd, const char *rel)
{
	size_t i;
	char r[1200];

	for (i = 0; i < nd->nsub; i++) {
		const struct pf_dnode *c = &nd->sub[i];

		snprintf(r, sizeof(r), "%s%s%s", rel, rel[0] ? "/" : "",
		    c->name);
		if (!c->listed) {
			sadd(out, "%s %d %s\n", r, -1, c->link ? "link" :
			    "unlisted");
			continue;
		}
		sadd(out, "%s %d %s\n", r, c->err, c->err == 0 && c->data ?
		    c->data : "");
		ser_tree(out, c, r);
	}
}

T_TEST(prefetch_deep_lists_below)
{
	static struct pf_job jobs[NDEEP];
	struct pf_arena *a = pf_arena_new();
	struct pf_prefetch *p;
	int i, pass;

	make_deep();
	for (pass = 0; pass < 2; pass++) {
		memset(jobs, 0, sizeof(jobs));
		for (i = 0; i < NDEEP; i++) {
			jobs[i].kind = PF_JOB_LIST;
			jobs[i].deep = 1;
			jobs[i].dir = droots[i];
			jobs[i].name = ".htaccess";
			jobs[i].path = pf_printf(a, "%s/.htaccess", droots[i]);
		}
		/* pass 1 keeps nothing for the rules */
		p = pf_prefetch_start(jobs, NDEEP, 0, pass == 0 ? keep_test :
		    NULL);
		if (p == NULL)
			break;		/* one CPU */
		for (i = 0; i < NDEEP; i++) {
			const struct pf_job *j = pf_prefetch_wait(p, (size_t)i);
			sbuf want_t = { 0 }, got_t = { 0 }, want_k = { 0 },
			    got_k = { 0 };
			size_t k, m;

			T_TRUE(j->below != NULL && j->list != NULL);
			if (j->below == NULL || j->list == NULL)
				continue;
			ref_walk(&want_t, &want_k, droots[i], "", 0);
			ser_tree(&got_t, &j->below->top, "");
			T_EQ_STR(got_t.s, want_t.s);
			T_EQ_INT(j->list->subs != NULL, pass == 0);
			for (k = 0; pass == 0 && j->list->subs != NULL &&
			    k < j->list->subs->n; k++) {
				const struct pf_dirsub *ds =
				    &j->list->subs->v[k];

				sadd(&got_k, "%s:%d%s", ds->rel, 0, "");
				for (m = 0; m < ds->n; m++)
					sadd(&got_k, " %s%.0d%s", ds->names[m],
					    0, "");
				sadd(&got_k, "%s%.0d%s", "\n", 0, "");
			}
			if (pass == 0)
				T_EQ_STR(got_k.s, want_k.s);
			/* released once walked: the memory is freed (ASan's
			 * leak check), the job forgets it */
			if (i % 2 == 0) {
				pf_prefetch_release(p, (size_t)i);
				T_TRUE(j->below == NULL);
			}
			free(want_t.s);
			free(got_t.s);
			free(want_k.s);
			free(got_k.s);
		}
		pf_prefetch_stop(p, a);	/* frees the rest */
	}
	pf_arena_free(a);
}

/*
 * The threads grow only while the first one's jobs read the disk: files
 * just written and read are in the page cache (one thread); the same
 * files dropped from it (fsync, POSIX_FADV_DONTNEED: this file system
 * must then read them, which the test checks first) start more.
 */
static char	*gpaths[NJOBS];

static void
make_files(void)
{
	char p[700], text[8192];
	int i;

	snprintf(p, sizeof(p), "%s/grow", t_tmpdir());
	mkdir(p, 0755);
	memset(text, '#', sizeof(text) - 1);
	text[sizeof(text) - 1] = '\0';
	for (i = 0; i < NJOBS; i++) {
		snprintf(p, sizeof(p), "%s/grow/f%03d.conf", t_tmpdir(), i);
		put(p, text);
		gpaths[i] = strdup(p);
	}
}

static int
read_all(struct pf_job *jobs, int n)
{
	struct pf_arena *a = pf_arena_new();
	struct pf_prefetch *p;
	int i, threads;

	for (i = 0; i < n; i++) {
		memset(&jobs[i], 0, sizeof(jobs[i]));
		jobs[i].kind = PF_JOB_READ;
		jobs[i].path = gpaths[i];
	}
	if ((p = pf_prefetch_start(jobs, (size_t)n, 0, NULL)) == NULL) {
		pf_arena_free(a);
		return -1;		/* one CPU */
	}
	for (i = 0; i < n; i++) {
		const struct pf_job *j = pf_prefetch_wait(p, (size_t)i);

		T_TRUE(j->fallback || (j->err == 0 && j->len > 0));
	}
	threads = pf_prefetch_threads(p);
	pf_prefetch_stop(p, a);
	pf_arena_free(a);
	return threads;
}

static void
drop_cached(int n)
{
	int i, fd;

	for (i = 0; i < n; i++)
		if ((fd = open(gpaths[i], O_RDONLY)) >= 0) {
			(void)fsync(fd);
			(void)posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
			close(fd);
		}
}

T_TEST(prefetch_threads_grow_while_reading_the_disk)
{
	static struct pf_job jobs[NJOBS];
	struct rusage r0, r1;
	char buf[4096];
	int fd, warm, cold;

	make_files();
	unsetenv("PF_PREFETCH_THREADS");
	(void)read_all(jobs, NJOBS);	/* (now in the page cache) */
	warm = read_all(jobs, NJOBS);
	if (warm < 0)
		return;
	T_EQ_INT(warm, 1);
	/* does dropping a file from the cache make reading it a block
	 * read here? (not on tmpfs, nor where getrusage does not count) */
	drop_cached(1);
	getrusage(RUSAGE_THREAD, &r0);
	if ((fd = open(gpaths[0], O_RDONLY)) >= 0) {
		while (read(fd, buf, sizeof(buf)) > 0)
			;
		close(fd);
	}
	getrusage(RUSAGE_THREAD, &r1);
	if (r1.ru_inblock == r0.ru_inblock) {
		fprintf(stderr, "(no block reads counted here: growth not "
		    "tested)\n");
		return;
	}
	drop_cached(NJOBS);
	cold = read_all(jobs, NJOBS);
	T_TRUE(cold > 1);
	for (fd = 0; fd < NJOBS; fd++)
		free(gpaths[fd]);
}

int
main(void)
{
	/* one reader thread, then eight sharing the jobs */
	setenv("PF_PREFETCH_THREADS", "1", 1);
	T_RUN(prefetch_answers_as_direct_reads);
	T_RUN(prefetch_deep_lists_below);
	setenv("PF_PREFETCH_THREADS", "8", 1);
	T_RUN(prefetch_answers_as_direct_reads);
	T_RUN(prefetch_deep_lists_below);
	T_RUN(prefetch_threads_grow_while_reading_the_disk);
	return t_done();
}
