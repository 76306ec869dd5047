/*
 * model.c - the run's model.
 */
#include <strings.h>

#include "model/model.h"
#include "model/run.h"

struct pf_model *
pf_model_get(struct pf_run *run)
{
	if (run->model == NULL)
		run->model = pf_alloc(run->arena, sizeof(*run->model));
	return run->model;
}

static int
listed(const struct pf_svec *l, const char *user)
{
	size_t i;

	for (i = 0; i < l->n; i++)	/* (apr_table_get: case-blind) */
		if (strcasecmp(l->v[i].s, user) == 0)
			return 1;
	return 0;
}

int
pf_userdir_declines(const struct pf_userdir *u, const char *user)
{
	return user[0] == '\0' || (user[1] == '.' && (user[2] == '\0' ||
	    (user[2] == '.' && user[3] == '\0'))) ||
	    listed(&u->disabled, user) ||
	    (u->global == PF_USERDIR_DISABLED && !listed(&u->enabled, user));
}
