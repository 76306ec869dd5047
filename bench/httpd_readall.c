/*
 * httpd_readall.c - the anchor for the httpd dump benchmark: a plain C
 * program that reads every file of a tree (recursively, following the
 * sites-enabled symlinks) and counts its bytes, nothing else.
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static unsigned long long total;

static void
walk(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char path[4096], buf[65536];

	if (d == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		struct stat st;
		int fd;
		ssize_t n;

		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (stat(path, &st) != 0)
			continue;
		if (S_ISDIR(st.st_mode)) {
			walk(path);
			continue;
		}
		if ((fd = open(path, O_RDONLY)) < 0)
			continue;
		while ((n = read(fd, buf, sizeof(buf))) > 0)
			total += (unsigned long long)n;
		close(fd);
	}
	closedir(d);
}

int
main(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++)
		walk(argv[i]);
	printf("%llu\n", total);
	return 0;
}
