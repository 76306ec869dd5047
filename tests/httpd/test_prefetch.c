/*
 * test_prefetch.c - the reader thread of parsers/prefetch.c against plain
 * reads: every kind of job (READ, PROBE, LIST) on files, folders, missing
 * paths and an .htaccess that is a folder; waited for in order with the
 * caller slower than the thread, in order as fast as it can (the caller
 * catches up and does jobs itself), out of order, and stopped half way
 * (jobs not done are handed back as fallback).  Each answer must be what
 * reading the path directly says.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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
	p = pf_prefetch_start(jobs, NJOBS, mode == 1 ? 4 : 0);
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

int
main(void)
{
	T_RUN(prefetch_answers_as_direct_reads);
	return t_done();
}
