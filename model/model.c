/*
 * model.c - the run's model.
 */
#include "model/model.h"
#include "model/run.h"

struct pf_model *
pf_model_get(struct pf_run *run)
{
	if (run->model == NULL)
		run->model = pf_alloc(run->arena, sizeof(*run->model));
	return run->model;
}
