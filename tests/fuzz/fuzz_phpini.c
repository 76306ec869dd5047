/*
 * fuzz_phpini.c - libFuzzer harness of the php.ini reader and the PHP INI
 * dialect: the input is read as php.ini (no scan directory), then every
 * key it set is asked for its effective value.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "model/model.h"
#include "parsers/phpini.h"
#include "fuzz_tmp.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *dir = pf_fuzz_dir("ini");
	char path[128];
	struct pf_run *run;
	struct pf_phpini_opts o;
	struct pf_phpini *ini;
	FILE *f;
	size_t i;

	/* a private directory: no conf.d beside the file */
	if (dir == NULL)
		return 0;
	snprintf(path, sizeof(path), "%s/php.ini", dir);
	if ((f = fopen(path, "wb")) == NULL)
		return 0;
	fwrite(data, 1, size, f);
	fclose(f);
	run = pf_run_new();
	memset(&o, 0, sizeof(o));
	o.path = path;
	pf_phpini_read(run, &o);
	ini = pf_model_get(run)->phpini;
	if (ini != NULL)
		for (i = 0; i < ini->entries.n; i++)
			(void)pf_php_effective(ini, NULL, ini->entries.v[i].key,
			    NULL);
	pf_run_free(run);
	unlink(path);
	return 0;
}
