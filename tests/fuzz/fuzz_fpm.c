/*
 * fuzz_fpm.c - libFuzzer harness of the php-fpm.conf reader: the input is
 * written to a file and read as php-fpm.conf (loading, every directive
 * parser, the post-processing checks, the dump).  Includes are disabled
 * by the harness's file: a fuzzer input cannot name paths that exist.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "model/model.h"
#include "parsers/fpm.h"
#include "fuzz_tmp.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *dir = pf_fuzz_dir("fpm");
	char path[128];
	struct pf_run *run;
	struct pf_fpm_opts o;
	FILE *f;

	if (dir == NULL)
		return 0;
	snprintf(path, sizeof(path), "%s/php-fpm.conf", dir);
	if ((f = fopen(path, "wb")) == NULL)
		return 0;
	fwrite(data, 1, size, f);
	fclose(f);
	run = pf_run_new();
	memset(&o, 0, sizeof(o));
	o.config = path;
	o.prefix = "/nonexistent-prefix";
	if (pf_fpm_read(run, &o) == 0) {
		FILE *null = fopen("/dev/null", "w");

		if (null != NULL) {
			pf_fpm_dump(run, null, 0);
			pf_fpm_dump(run, null, 1);
			fclose(null);
		}
	}
	pf_run_free(run);
	unlink(path);
	return 0;
}
