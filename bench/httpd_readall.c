/*
 * httpd_readall.c - the anchor of bench/httpd_bench.sh: a plain C program
 * that reads every file the httpd reader reads and nothing else.
 *
 *   httpd_readall LIST        (LIST: one path a line, e.g. the files
 *                              `apache2 -t -D DUMP_INCLUDES` lists)
 *
 * Each file is opened, fstat'ed and read whole into a buffer (as the reader
 * does; the reader also keeps every file's text, so this keeps them too).
 * Prints the number of files and bytes.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int
main(int argc, char **argv)
{
	FILE *list;
	char *line = NULL;
	size_t cap = 0, files = 0;
	unsigned long long total = 0;
	ssize_t len;

	if (argc != 2 || (list = fopen(argv[1], "r")) == NULL) {
		fprintf(stderr, "usage: httpd_readall LIST\n");
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
	printf("%zu files, %llu bytes\n", files, total);
	return 0;
}
