/* Placeholder until 'proxyfpm explain' lands. */
#include <stdio.h>

#include "cli/cli.h"

int
pf_cmd_explain(int argc, char **argv)
{
	fputs("proxyfpm explain: not implemented yet\n", stderr);
	return PF_EXIT_INTERNAL;
}
