/*
 * httpd_probe.c - test driver for the httpd reader alone (no rules): reads
 * a tree like `proxyfpm dump --httpd` and prints the JSON dump (--json), the
 * text dump (--text) or nothing; diagnostics go to stderr one a line as
 * "file:line:col: severity: message [id]".  Exit 3 when an error was
 * reported, else 0.  Used by the oracle, bad-input and bench scripts.
 *
 * usage: httpd-probe [--json|--text] [-d ROOT] [-D NAME]... [--root DIR]
 *                    [--apache-version V] [--no-htaccess] CONFIG
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/model.h"
#include "parsers/httpd.h"

int
main(int argc, char **argv)
{
	struct pf_httpd_opts o;
	struct pf_run *run = pf_run_new();
	const char *defs[64];
	int i, mode = 0, rc;
	size_t k;

	memset(&o, 0, sizeof(o));
	o.defines = defs;
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--json") == 0)
			mode = 1;
		else if (strcmp(argv[i], "--text") == 0)
			mode = 2;
		else if (strcmp(argv[i], "--no-htaccess") == 0)
			o.no_htaccess = 1;
		else if (strcmp(argv[i], "-d") == 0 && i + 1 < argc)
			o.server_root = argv[++i];
		else if (strcmp(argv[i], "-D") == 0 && i + 1 < argc &&
		    o.ndefines < 64)
			defs[o.ndefines++] = argv[++i];
		else if (strcmp(argv[i], "--root") == 0 && i + 1 < argc)
			run->root = argv[++i];
		else if (strcmp(argv[i], "--apache-version") == 0 &&
		    i + 1 < argc)
			o.version = argv[++i];
		else
			o.config = argv[i];
	}
	rc = pf_httpd_read(run, &o);
	if (rc == 0 && mode != 0)
		pf_httpd_dump(run, stdout, mode == 1);
	fflush(stdout);
	for (k = 0; k < run->diags.n; k++) {
		const struct pf_diag *d = run->diags.v[k];
		const struct pf_source *s = pf_source_get(run, d->loc.file);

		fprintf(stderr, "%s:%u:%u: %s: %s [%s]\n", s ? s->path : "-",
		    d->loc.line, d->loc.col, pf_sev_name(d->sev), d->message,
		    d->id ? d->id : "");
	}
	rc = pf_run_errors(run) > 0 || rc < 0 ? 3 : 0;
	pf_run_free(run);
	return rc;
}
