/*
 * atomic_write.c - putting emitted files on disk: never over a file
 * proxyfpm did not write (unless --force), always whole (temp file in the
 * same folder, fsync, rename, fsync of the folder), and comparing with
 * what is there for compile --check.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "emitters/emit.h"

static const char *
full_path(struct pf_run *run, const char *outdir, const struct pf_emitted *e)
{
	size_t n = strlen(outdir);

	while (n > 1 && outdir[n - 1] == '/')
		n--;
	return pf_printf(run->arena, "%.*s/%s", (int)n, outdir, e->rel);
}

static void
io_error(struct pf_run *run, const char *what, const char *path, int err)
{
	pf_diag_add(run, PF_SEV_ERROR, "compile-io", PF_NOLOC,
	    "cannot %s %s: %s", what, path, strerror(err));
	run->io_error = 1;
}

/* Reads up to n bytes of the start of a file; returns the count or -1. */
static ssize_t
head(const char *path, char *buf, size_t n)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	ssize_t r;

	if (fd < 0)
		return -1;
	do
		r = read(fd, buf, n);
	while (r < 0 && errno == EINTR);
	close(fd);
	return r;
}

int
pf_emit_check_targets(struct pf_run *run, const char *outdir,
    const struct pf_emitted *files, size_t n, int force)
{
	char buf[128];
	struct stat st;
	const char *p;
	ssize_t r;
	size_t i;
	int bad = 0;

	for (i = 0; i < n; i++) {
		p = full_path(run, outdir, &files[i]);
		if (lstat(p, &st) < 0) {
			if (errno != ENOENT && errno != ENOTDIR) {
				io_error(run, "inspect", p, errno);
				bad++;
			}
			continue;
		}
		if (S_ISLNK(st.st_mode) || !S_ISREG(st.st_mode)) {
			pf_diag_add(run, PF_SEV_ERROR, "compile-foreign-file",
			    PF_NOLOC, "%s exists and is not a regular file; "
			    "it is not replaced", p);
			bad++;
			continue;
		}
		if (force)
			continue;
		r = head(p, buf, sizeof(buf));
		if (r < 0) {
			io_error(run, "read", p, errno);
			bad++;
		} else if (!pf_emit_has_banner(buf, (size_t)r)) {
			struct pf_diag *d = pf_diag_add(run, PF_SEV_ERROR,
			    "compile-foreign-file", PF_NOLOC, "%s exists and "
			    "was not written by proxyfpm (no banner); it is "
			    "not overwritten", p);

			pf_diag_fix(run, d, "move it away, or pass --force "
			    "to replace it");
			bad++;
		}
	}
	return bad;
}

/* mkdir -p of the folders above path. */
static int
make_parents(struct pf_run *run, const char *path)
{
	char *p = pf_strdup(run->arena, path), *s;

	for (s = p + 1; (s = strchr(s, '/')) != NULL; s++) {
		*s = '\0';
		if (mkdir(p, 0755) < 0 && errno != EEXIST) {
			io_error(run, "create folder", p, errno);
			return -1;
		}
		*s = '/';
	}
	return 0;
}

static int
sync_dir(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir;
	int fd, rc = 0;

	if (slash == NULL)
		dir = strdup(".");
	else if (slash == path)
		dir = strdup("/");
	else
		dir = strndup(path, (size_t)(slash - path));
	if (dir == NULL)
		pf_oom();
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		if (fsync(fd) < 0 && errno != EINVAL)
			rc = -1;
		close(fd);
	}
	free(dir);
	return rc;
}

/* Writes data to a new temp file beside path; returns its name or NULL. */
static char *
write_temp(struct pf_run *run, const char *p, const struct pf_emitted *e,
    int sync)
{
	const char *slash = strrchr(p, '/');
	char *tmp;
	size_t off = 0;
	ssize_t w;
	int fd, err;

	tmp = pf_printf(run->arena, "%.*s/.%s.pf-XXXXXX", (int)(slash - p), p,
	    slash + 1);
	fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0) {
		io_error(run, "create a file in the folder of", p, errno);
		return NULL;
	}
	while (off < e->len) {
		w = write(fd, e->data + off, e->len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			err = w < 0 ? errno : EIO;
			goto fail;
		}
		off += (size_t)w;
	}
	if (fchmod(fd, 0644) < 0 || (sync && fsync(fd) < 0)) {
		err = errno;
		goto fail;
	}
	if (close(fd) < 0) {
		err = errno;
		unlink(tmp);
		io_error(run, "write", p, err);
		return NULL;
	}
	return tmp;
fail:
	close(fd);
	unlink(tmp);
	io_error(run, "write", p, err);
	return NULL;
}

/*
 * Few files: fsync each temp file before its rename and each folder
 * after.  Many files (a hosting provider's run): write every temp file,
 * one syncfs() of the file system, rename them all, one more syncfs() --
 * the same order of durability with two syncs instead of two per file.
 */
#define FEW_FILES	16

int
pf_emit_write(struct pf_run *run, const char *outdir,
    const struct pf_emitted *files, size_t n)
{
	const char **paths, **tmps, *last = NULL;
	size_t i, j;
	int few = n <= FEW_FILES, fd, rc = 0;

	paths = pf_alloc(run->arena, (n + 1) * sizeof(*paths));
	tmps = pf_alloc(run->arena, (n + 1) * sizeof(*tmps));
	for (i = 0; i < n; i++) {
		const char *slash;

		paths[i] = full_path(run, outdir, &files[i]);
		slash = strrchr(paths[i], '/');
		/* Files come grouped by folder: create each folder once. */
		if (last == NULL || strncmp(last, paths[i],
		    (size_t)(slash - paths[i])) != 0 ||
		    last[slash - paths[i]] != '/' ||
		    strchr(last + (slash - paths[i]) + 1, '/') != NULL) {
			if (make_parents(run, paths[i]) < 0) {
				for (j = 0; j < i; j++)
					unlink(tmps[j]);
				return -1;
			}
			last = paths[i];
		}
		tmps[i] = write_temp(run, paths[i], &files[i], few);
		if (tmps[i] == NULL) {
			for (j = 0; j < i; j++)
				unlink(tmps[j]);
			return -1;
		}
	}
	if (!few) {
		fd = open(outdir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (fd < 0 || syncfs(fd) < 0) {
			io_error(run, "sync the file system of", outdir, errno);
			if (fd >= 0)
				close(fd);
			for (j = 0; j < n; j++)
				unlink(tmps[j]);
			return -1;
		}
		close(fd);
	}
	for (i = 0; i < n; i++)
		if (rename(tmps[i], paths[i]) < 0) {
			io_error(run, "replace", paths[i], errno);
			for (j = i; j < n; j++)
				unlink(tmps[j]);
			return -1;
		}
	for (i = 0; i < n && few; i++)
		if (sync_dir(paths[i]) < 0) {
			io_error(run, "sync the folder of", paths[i], errno);
			rc = -1;
		}
	if (!few) {
		fd = open(outdir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (fd < 0 || syncfs(fd) < 0) {
			io_error(run, "sync the file system of", outdir, errno);
			rc = -1;
		}
		if (fd >= 0)
			close(fd);
	}
	return rc;
}

int
pf_emit_diff(struct pf_run *run, const char *outdir,
    const struct pf_emitted *files, size_t n, struct pf_buf *out)
{
	const char *p;
	char *data;
	size_t i, len;
	int err, ndiff = 0;

	for (i = 0; i < n; i++) {
		p = full_path(run, outdir, &files[i]);
		err = pf_read_file(run, p, &data, &len);
		if (err == ENOENT || err == ENOTDIR) {
			pf_diff_unified(out, "/dev/null",
			    "", 0, pf_printf(run->arena, "b/%s",
			    files[i].rel), files[i].data, files[i].len);
			ndiff++;
			continue;
		}
		if (err != 0) {
			io_error(run, "read", p, err);
			return -1;
		}
		ndiff += pf_diff_unified(out, pf_printf(run->arena, "a/%s",
		    files[i].rel), data, len, pf_printf(run->arena, "b/%s",
		    files[i].rel), files[i].data, files[i].len);
	}
	return ndiff;
}
