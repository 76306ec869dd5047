/*
 * fuzz_rules.c - libFuzzer harness for the rule engine: the input is an
 * httpd configuration and, after a line "---fpm---", a php-fpm
 * configuration; both are read and every rule runs on them (the request
 * simulator with its regexes, rewrites and section merges included).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "model/model.h"
#include "parsers/fpm.h"
#include "parsers/httpd.h"
#include "rules/rules.h"
#include "../fuzz/fuzz_tmp.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static int
put(const char *path, const uint8_t *p, size_t n)
{
	FILE *f = fopen(path, "wb");

	if (f == NULL)
		return -1;
	fwrite(p, 1, n, f);
	return fclose(f);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *dir = pf_fuzz_dir("rules");
	char hpath[128], fpath[128];
	struct pf_httpd_opts ho;
	struct pf_fpm_opts fo;
	struct pf_rules_opts ro;
	struct pf_run *run;
	const uint8_t *sep = NULL;
	size_t i, hn = size;

	if (dir == NULL)
		return 0;
	for (i = 0; i + 9 <= size; i++)
		if (memcmp(data + i, "---fpm---", 9) == 0) {
			sep = data + i;
			hn = i;
			break;
		}
	snprintf(hpath, sizeof(hpath), "%s/httpd.conf", dir);
	snprintf(fpath, sizeof(fpath), "%s/fpm.conf", dir);
	if (put(hpath, data, hn) < 0 || put(fpath, sep ? sep + 9 : data,
	    sep ? size - hn - 9 : 0) < 0)
		return 0;
	memset(&ho, 0, sizeof(ho));
	memset(&fo, 0, sizeof(fo));
	memset(&ro, 0, sizeof(ro));
	ho.config = hpath;
	ho.server_root = dir;
	ho.version = "2.4.71";
	ho.no_htaccess = 1;
	fo.config = fpath;
	ro.no_inline = (size & 1) != 0;
	run = pf_run_new();
	pf_fpm_read(run, &fo);
	pf_httpd_read(run, &ho);
	pf_rules_run(run, &ro);
	pf_run_free(run);
	return 0;
}
