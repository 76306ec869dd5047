/*
 * site.h - reading site descriptions (the INI format of
 * docs/site-format.md) into the model.
 */
#ifndef PF_PARSERS_SITE_H
#define PF_PARSERS_SITE_H

#include "model/run.h"

/*
 * Reads one or more site descriptions (and the files their host files
 * name) into pf_model_get(run): host facts, sites, pools.  Returns 0 if
 * every file was read (errors in them are diagnostics), -1 if a file
 * could not be opened.
 */
int	pf_site_read(struct pf_run *, const char *const *files, size_t nfiles);

/*
 * Loads host facts from FILE (an INI with a [host] section) or "auto"
 * (this machine) into the run's model, replacing what a description
 * said.  Returns 0, or -1 with a diagnostic.
 */
int	pf_host_load(struct pf_run *, const char *spec);

#endif
