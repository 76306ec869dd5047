/* Placeholder until the httpd reader lands; replaced by parsers/httpd_*.c. */
#include "model/model.h"
#include "parsers/httpd.h"

int
pf_httpd_read(struct pf_run *run, const struct pf_httpd_opts *o)
{
	pf_diag_add(run, PF_SEV_ERROR, "not-implemented", PF_NOLOC,
	    "the httpd reader is not built yet");
	return -1;
}

int
pf_httpd_dump(struct pf_run *run, FILE *f, int json)
{
	return -1;
}
