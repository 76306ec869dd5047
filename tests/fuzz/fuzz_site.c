/*
 * fuzz_site.c - libFuzzer harness for the site description reader and
 * compile: the input is read as a description (a memfd, so no files are
 * left behind), then compiled in memory with the sizing explained.
 */
#include <stdint.h>
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

#include "emitters/emit.h"
#include "model/model.h"
#include "parsers/site.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pf_compile_opts o = { NULL, NULL, NULL, 0, -1, NULL };
	struct pf_buf explain = PF_BUF_INIT;
	struct pf_emitted *files;
	struct pf_run *run;
	char path[64];
	const char *p = path;
	size_t n, off = 0;
	ssize_t w;
	int fd;

	fd = memfd_create("site.ini", MFD_CLOEXEC);
	if (fd < 0)
		return 0;
	while (off < size) {
		w = write(fd, data + off, size - off);
		if (w <= 0)
			break;
		off += (size_t)w;
	}
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	run = pf_run_new();
	pf_site_read(run, &p, 1);
	o.explain = &explain;
	o.remap_root = "/tmp/pf-fuzz-root";
	pf_compile(run, &o, &files, &n);
	pf_buf_free(&explain);
	pf_run_free(run);
	close(fd);
	return 0;
}
