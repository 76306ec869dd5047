/* Placeholder until the FPM and php.ini readers land. */
#include "model/model.h"
#include "parsers/fpm.h"
#include "parsers/phpini.h"

int
pf_fpm_read(struct pf_run *run, const struct pf_fpm_opts *o)
{
	pf_diag_add(run, PF_SEV_ERROR, "not-implemented", PF_NOLOC,
	    "the php-fpm reader is not built yet");
	return -1;
}

int
pf_fpm_dump(struct pf_run *run, FILE *f, int json)
{
	return -1;
}

int
pf_phpini_read(struct pf_run *run, const struct pf_phpini_opts *o)
{
	pf_diag_add(run, PF_SEV_ERROR, "not-implemented", PF_NOLOC,
	    "the php.ini reader is not built yet");
	return -1;
}

const char *
pf_php_effective(const struct pf_phpini *ini, const struct pf_pool *pool,
    const char *key, struct pf_loc *loc)
{
	return NULL;
}
