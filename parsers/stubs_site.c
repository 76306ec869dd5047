/* Placeholder until the site description reader lands. */
#include "model/model.h"
#include "parsers/site.h"

int
pf_site_read(struct pf_run *run, const char *const *files, size_t n)
{
	pf_diag_add(run, PF_SEV_ERROR, "not-implemented", PF_NOLOC,
	    "the site description reader is not built yet");
	return -1;
}

int
pf_host_load(struct pf_run *run, const char *spec)
{
	pf_diag_add(run, PF_SEV_ERROR, "not-implemented", PF_NOLOC,
	    "host facts are not supported yet");
	return -1;
}
