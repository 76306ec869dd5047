/*
 * httpd_readall.c - the anchor of bench/httpd_bench.sh: a plain C program
 * that reads every file the httpd reader reads and nothing else.
 *
 *   httpd_readall LIST [DIRS] (LIST: one path a line, e.g. the files
 *                              `apache2 -t -D DUMP_INCLUDES` lists;
 *                              DIRS: the DocumentRoots, one a line)
 *
 * Each file is opened, fstat'ed and read whole into a buffer (as the reader
 * does; the reader also keeps every file's text, so this keeps them too).
 * With DIRS it also does the file-system work lint's rules cannot skip for
 * each DocumentRoot, and nothing more, the way lint does it: one open and
 * getdents of the DocumentRoot (its .htaccess opened only when the listing
 * holds one), and of each folder below it, down three levels as the
 * upload-dir rules walk (rules/writable.c), by d_type (lstat only where the
 * file system does not say).  That is the floor of lint's system time, for
 * the README's comparison with apache2 -t (which never looks at a
 * DocumentRoot).  Prints the number of files and bytes.
 */
#define _GNU_SOURCE		/* getdents64 */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Lists name (in the folder at), going into its folders to depth 3. */
static size_t
walk(int at, const char *name, int depth)
{
	_Alignas(struct dirent64) char buf[16384];
	struct dirent64 *e;
	struct stat st;
	size_t n = 0, off;
	ssize_t got;
	int fd, sub;

	if (depth > 3 || (fd = openat(at, name, O_RDONLY | O_DIRECTORY |
	    O_CLOEXEC | (depth > 0 ? O_NOFOLLOW : 0))) < 0)
		return 0;
	while ((got = getdents64(fd, buf, sizeof(buf))) > 0)
		for (off = 0; off < (size_t)got; off += e->d_reclen) {
			e = (struct dirent64 *)(void *)(buf + off);
			if (depth == 0 && strcmp(e->d_name, ".htaccess") == 0 &&
			    (sub = openat(fd, e->d_name, O_RDONLY |
			    O_CLOEXEC)) >= 0)
				close(sub);
			if (e->d_name[0] == '.')
				continue;
			n++;
			if (e->d_type == DT_DIR || (e->d_type == DT_UNKNOWN &&
			    fstatat(fd, e->d_name, &st,
			    AT_SYMLINK_NOFOLLOW) == 0 && S_ISDIR(st.st_mode)))
				n += walk(fd, e->d_name, depth + 1);
		}
	close(fd);
	return n;
}

/* The DocumentRoot work (see the top); returns the names seen. */
static size_t
docroots(const char *file)
{
	FILE *list = fopen(file, "r");
	char *line = NULL;
	size_t cap = 0, names = 0;
	ssize_t len;

	if (list == NULL)
		return 0;
	while ((len = getline(&line, &cap, list)) > 0) {
		if (line[len - 1] == '\n')
			line[len - 1] = '\0';
		names += walk(AT_FDCWD, line, 0);
	}
	free(line);
	fclose(list);
	return names;
}

int
main(int argc, char **argv)
{
	FILE *list;
	char *line = NULL;
	size_t cap = 0, files = 0;
	unsigned long long total = 0;
	ssize_t len;

	if ((argc != 2 && argc != 3) || (list = fopen(argv[1], "r")) ==
	    NULL) {
		fprintf(stderr, "usage: httpd_readall LIST [DIRS]\n");
		return 2;
	}
	while ((len = getline(&line, &cap, list)) > 0) {
		struct stat st;
		char *buf;
		size_t n = 0;
		ssize_t r;
		int fd;

		if (line[len - 1] == '\n')
			line[len - 1] = '\0';
		if ((fd = open(line, O_RDONLY | O_CLOEXEC)) < 0)
			continue;
		if (fstat(fd, &st) != 0 || (buf = malloc((size_t)st.st_size +
		    1)) == NULL) {
			close(fd);
			continue;
		}
		while (n < (size_t)st.st_size && (r = read(fd, buf + n,
		    (size_t)st.st_size - n)) > 0)
			n += (size_t)r;
		buf[n] = '\0';
		close(fd);
		total += n;
		files++;
		/* kept, like the reader's copy of each file */
	}
	free(line);
	fclose(list);
	printf("%zu files, %llu bytes", files, total);
	if (argc == 3)
		printf(", %zu names under the DocumentRoots",
		    docroots(argv[2]));
	printf("\n");
	return 0;
}
