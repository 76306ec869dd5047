/*
 * conf_read.c - a configuration file read whole (see conf_read.h).
 */
#include "parsers/conf_read.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int
pf_conf_read(struct pf_run *run, const char *path, char **data, size_t *len)
{
	const char *real = pf_host_path(run, path);
	struct stat st;
	size_t n = 0;
	ssize_t r;
	char *buf;
	int fd, err;

	if ((fd = open(real, O_RDONLY | O_CLOEXEC | O_NONBLOCK)) < 0)
		return errno;
	if (fstat(fd, &st) < 0) {
		err = errno;
		close(fd);
		return err;
	}
	if (!S_ISREG(st.st_mode) || st.st_size <= 0) {
		close(fd);
		if (S_ISDIR(st.st_mode))
			return EISDIR;
		/* /dev/null, /proc files and the like: as ever */
		return pf_read_file(run, path, data, len);
	}
	buf = pf_alloc(run->arena, (size_t)st.st_size + 1);
	while (n < (size_t)st.st_size) {
		r = read(fd, buf + n, (size_t)st.st_size - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			err = errno;
			close(fd);
			return err;
		}
		if (r == 0)
			break;	/* shrunk while read: what is there */
		n += (size_t)r;
	}
	close(fd);
	buf[n] = '\0';
	*data = buf;
	*len = n;
	return 0;
}
