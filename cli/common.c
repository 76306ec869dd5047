/*
 * common.c - rule selection options.
 */
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/common.h"

void
pf_rules_cli_init(struct pf_rules_cli *r)
{
	memset(r, 0, sizeof(*r));
}

void
pf_rules_cli_free(struct pf_rules_cli *r)
{
	free(r->opts.enable);
	free(r->opts.disable);
	memset(r, 0, sizeof(*r));
}

static int
push(const char ***v, size_t *n, const char *s)
{
	const char **nv = realloc(*v, (*n + 1) * sizeof(**v));

	if (nv == NULL)
		return -1;
	nv[(*n)++] = s;
	*v = nv;
	return 0;
}

int
pf_rules_opt(struct pf_rules_cli *r, int opt, const char *arg)
{
	switch (opt) {
	case PF_OPT_ENABLE:
		return push(&r->opts.enable, &r->opts.nenable, arg) ? -1 : 1;
	case PF_OPT_DISABLE:
		return push(&r->opts.disable, &r->opts.ndisable, arg) ? -1 : 1;
	case PF_OPT_BASELINE:
		r->opts.baseline = arg;
		return 1;
	case PF_OPT_NO_INLINE:
		r->opts.no_inline = 1;
		return 1;
	default:
		return 0;
	}
}
