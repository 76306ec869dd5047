/*
 * binver.c - a version string read from a program's bytes (binver.h).
 */
#include "model/binver.h"

#include <ctype.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

const char *
pf_binary_version(struct pf_arena *a, const char *path, const char *tag)
{
	size_t tl = strlen(tag), k, dots;
	const char *p, *end, *v = NULL;
	struct stat st;
	void *map;
	int fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return NULL;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size <= 0 ||
	    st.st_size > (256 << 20) || (map = mmap(NULL, (size_t)st.st_size,
	    PROT_READ, MAP_PRIVATE, fd, 0)) == MAP_FAILED) {
		close(fd);
		return NULL;
	}
	close(fd);
	p = map;
	end = p + st.st_size;
	while (v == NULL && tl > 0 &&
	    (p = memmem(p, (size_t)(end - p), tag, tl)) != NULL) {
		p += tl;
		for (k = dots = 0; p + k < end && k <= 16 &&
		    (isdigit((unsigned char)p[k]) || p[k] == '.'); k++)
			dots += p[k] == '.';
		/* "2.4.71", not "2.4" alone nor a longer run of digits */
		if (k >= 5 && k <= 16 && dots >= 2 && p[k - 1] != '.' &&
		    isdigit((unsigned char)p[0]))
			v = pf_strndup(a, p, k);
	}
	munmap(map, (size_t)st.st_size);
	return v;
}
