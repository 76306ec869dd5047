/*
 * model.h - the typed model both front ends produce and rules, emitters
 * and reports consume (DESIGN.md section 2).
 */
#ifndef PF_MODEL_H
#define PF_MODEL_H

#include "model/apache.h"
#include "model/fpm.h"
#include "model/host.h"
#include "model/phpini.h"
#include "model/site.h"

struct pf_model {
	struct pf_host	 host;
	/* From site descriptions (compile, check). */
	PF_VEC(struct pf_site *) sites;
	/* Pools: from descriptions, or the pools of fpm below. */
	PF_VEC(struct pf_pool *) pools;
	/* Deployed configuration (lint), or compile's output read back. */
	struct pf_apache *apache;
	struct pf_fpm_conf *fpm;	/* the first php-fpm master read */
	PF_VEC(struct pf_fpm_conf *) fpms;	/* every master, fpm first */
	struct pf_phpini *phpini;	/* php.ini of --php-ini, or of the
					 * first master found */
};

/*
 * The php.ini that governs pool p: its master's, when several php-fpm
 * masters were read and each has its own (Debian's phpX.Y, Plesk's,
 * Remi's), else the model's.
 */
static inline struct pf_phpini *
pf_pool_ini(const struct pf_model *m, const struct pf_pool *p)
{
	return p != NULL && p->master != NULL && p->master->phpini != NULL ?
	    p->master->phpini : m->phpini;
}

/* Returns the run's model, creating an empty one on first use. */
struct pf_run;
struct pf_model	*pf_model_get(struct pf_run *);

#endif
