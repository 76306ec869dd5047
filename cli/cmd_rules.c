/* Placeholder until 'proxyfpm rules' lands. */
#include <stdio.h>

#include "cli/cli.h"

int
pf_cmd_rules(int argc, char **argv)
{
	fputs("proxyfpm rules: not implemented yet\n", stderr);
	return PF_EXIT_INTERNAL;
}
