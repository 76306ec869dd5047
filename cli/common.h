/*
 * common.h - options shared by several subcommands: rule selection and
 * host facts.
 */
#ifndef PF_CLI_COMMON_H
#define PF_CLI_COMMON_H

#include <getopt.h>

#include "model/run.h"
#include "rules/rules.h"

enum {
	PF_OPT_ENABLE = 0x1080,
	PF_OPT_DISABLE,
	PF_OPT_BASELINE,
	PF_OPT_NO_INLINE,
};

#define PF_RULES_LONGOPTS						\
	{ "enable", required_argument, NULL, PF_OPT_ENABLE },		\
	{ "disable", required_argument, NULL, PF_OPT_DISABLE },		\
	{ "baseline", required_argument, NULL, PF_OPT_BASELINE },	\
	{ "no-inline-suppress", no_argument, NULL, PF_OPT_NO_INLINE }

#define PF_RULES_USAGE							\
	"  --enable ID          run only the named rules (repeatable)\n"	\
	"  --disable ID         do not run rule ID (repeatable)\n"		\
	"  --baseline FILE      do not report findings accepted in FILE\n"	\
	"  --no-inline-suppress ignore suppression comments in the inputs\n"

struct pf_rules_cli {
	struct pf_rules_opts opts;
};

void	pf_rules_cli_init(struct pf_rules_cli *);
void	pf_rules_cli_free(struct pf_rules_cli *);
/* Returns 1 if handled, 0 if not a rules option, -1 on error. */
int	pf_rules_opt(struct pf_rules_cli *, int opt, const char *arg);

#endif
