/*
 * fuzz_httpd.c - libFuzzer harness for the httpd reader: the input is
 * written as the main file of a tree (with a second file it may Include
 * as "inc.conf") and read, checked, modelled and dumped as JSON.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "model/model.h"
#include "parsers/httpd.h"
#include "fuzz_tmp.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *dir = pf_fuzz_dir("httpd");
	char path[128], inc[128];
	struct pf_httpd_opts o;
	struct pf_run *run;
	FILE *f;

	if (dir == NULL)
		return 0;
	snprintf(path, sizeof(path), "%s/httpd.conf", dir);
	snprintf(inc, sizeof(inc), "%s/inc.conf", dir);
	if ((f = fopen(path, "wb")) == NULL)
		return 0;
	fwrite(data, 1, size, f);
	fclose(f);
	if ((f = fopen(inc, "wb")) == NULL)
		return 0;
	/* the second half of the input, so includes see fuzzed text too */
	fwrite(data + size / 2, 1, size - size / 2, f);
	fclose(f);
	memset(&o, 0, sizeof(o));
	o.config = path;
	o.server_root = dir;
	o.version = "2.4.71";
	o.no_htaccess = 1;
	run = pf_run_new();
	if (pf_httpd_read(run, &o) == 0) {
		FILE *null = fopen("/dev/null", "w");

		if (null != NULL) {
			pf_httpd_dump(run, null, 1);
			pf_httpd_dump(run, null, 0);
			fclose(null);
		}
	}
	pf_run_free(run);
	return 0;
}
