/*
 * fpm_bench.c - times the php-fpm.conf reader against just reading the
 * same files (bench/fpm_bench.sh runs it beside php-fpm8.2 -t).
 *
 * usage: fpm_bench read|fpm CONF      prints the elapsed seconds
 *   read  open, fstat and read the main file and every file its
 *         include= globs name into memory that is kept (what any reader
 *         must do, nothing else; plain system calls, as
 *         bench/httpd_readall.c)
 *   fpm   pf_fpm_read(): read, parse, resolve includes, validate as
 *         php-fpm -t does (users, paths, pm, listen, ...)
 */
#include <fcntl.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "model/model.h"
#include "parsers/fpm.h"

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* A file read whole into malloc'd memory that is kept; 0 if unreadable. */
static size_t
slurp(const char *path, char **out)
{
	struct stat st;
	size_t n = 0;
	ssize_t r;
	char *buf;
	int fd;

	*out = NULL;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return 0;
	if (fstat(fd, &st) != 0 || (buf = malloc((size_t)st.st_size + 1)) ==
	    NULL) {
		close(fd);
		return 0;
	}
	while (n < (size_t)st.st_size && (r = read(fd, buf + n,
	    (size_t)st.st_size - n)) > 0)
		n += (size_t)r;
	buf[n] = '\0';
	close(fd);
	*out = buf;
	return n;
}

/* The include= lines of the main file, globbed, each file read. */
static size_t
read_only(struct pf_run *run, const char *conf)
{
	char *data, *p, *line;
	size_t len, total, i;

	(void)run;
	if ((len = slurp(conf, &data)) == 0)
		return 0;
	total = len;
	for (p = data; (line = strstr(p, "include")) != NULL; p = line + 7) {
		char pat[4096];
		glob_t g;

		if (line != data && line[-1] != '\n')
			continue;
		if (sscanf(line, "include = %4095s", pat) != 1 &&
		    sscanf(line, "include=%4095s", pat) != 1)
			continue;
		if (glob(pat, 0, NULL, &g) != 0)
			continue;
		for (i = 0; i < g.gl_pathc; i++) {
			char *d;
			size_t n;

			n = slurp(g.gl_pathv[i], &d);
			total += n;	/* kept, as the reader keeps each file */
		}
		globfree(&g);
	}
	return total;
}

int
main(int argc, char **argv)
{
	struct pf_run *run;
	double t0, t1;
	size_t n = 0;

	if (argc != 3)
		return 2;
	run = pf_run_new();
	t0 = now();
	if (strcmp(argv[1], "read") == 0)
		n = read_only(run, argv[2]);
	else {
		struct pf_fpm_opts o = { argv[2], NULL };

		pf_fpm_read(run, &o);
		n = pf_model_get(run)->pools.n;
	}
	t1 = now();
	printf("%.4f %zu %zu\n", t1 - t0, n, pf_run_errors(run));
	pf_run_free(run);
	return 0;
}
