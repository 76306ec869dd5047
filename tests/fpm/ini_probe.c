/*
 * ini_probe.c - prints PHP's effective value of INI settings as the php.ini
 * reader computes it (pf_php_effective without a pool), one "key<TAB>value"
 * line each, "(null)" when PHP has no such setting.
 *
 * usage: ini_probe PHP_INI SCAN_DIR|- KEY...
 */
#include <stdio.h>
#include <string.h>

#include "model/model.h"
#include "parsers/phpini.h"

int
main(int argc, char **argv)
{
	struct pf_run *run;
	struct pf_phpini_opts o;
	int i;

	if (argc < 3)
		return 2;
	run = pf_run_new();
	memset(&o, 0, sizeof(o));
	o.path = argv[1];
	o.scan_dir = strcmp(argv[2], "-") ? argv[2] : NULL;
	pf_phpini_read(run, &o);
	for (i = 3; i < argc; i++) {
		const char *v = pf_php_effective(pf_model_get(run)->phpini,
		    NULL, argv[i], NULL);

		printf("%s\t%s\n", argv[i], v ? v : "(null)");
	}
	pf_run_free(run);
	return 0;
}
