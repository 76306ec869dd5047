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
 * each DocumentRoot, and nothing more: probe its .htaccess (open), stat
 * it, list it and lstat each name in it, down three levels as the
 * upload-dir rules walk (rules/writable.c).  That is the floor of lint's
 * system time, for the README's comparison with apache2 -t (which never
 * looks at a DocumentRoot).  Prints the number of files and bytes.
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Lists dir and lstats each name, going into directories to depth 3. */
static size_t
walk(const char *dir, int depth)
{
	char path[4096];
	struct dirent *e;
	struct stat st;
	size_t n = 0;
	DIR *d;

	if (depth > 3 || (d = opendir(dir)) == NULL)
		return 0;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		n++;
		if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode))
			n += walk(path, depth + 1);
	}
	closedir(d);
	return n;
}

/* The DocumentRoot work (see the top); returns the names seen. */
static size_t
docroots(const char *file)
{
	FILE *list = fopen(file, "r");
	char *line = NULL, path[4096];
	size_t cap = 0, names = 0;
	struct stat st;
	ssize_t len;
	int fd;

	if (list == NULL)
		return 0;
	while ((len = getline(&line, &cap, list)) > 0) {
		if (line[len - 1] == '\n')
			line[len - 1] = '\0';
		snprintf(path, sizeof(path), "%s/.htaccess", line);
		if ((fd = open(path, O_RDONLY | O_CLOEXEC)) >= 0)
			close(fd);
		if (stat(line, &st) == 0 && S_ISDIR(st.st_mode))
			names += walk(line, 0);
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
