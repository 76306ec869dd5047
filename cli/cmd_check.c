/* Placeholder until 'proxyfpm check' lands. */
#include <stdio.h>

#include "cli/cli.h"

int
pf_cmd_check(int argc, char **argv)
{
	fputs("proxyfpm check: not implemented yet\n", stderr);
	return PF_EXIT_INTERNAL;
}
