/* Placeholder until 'proxyfpm selftest' lands. */
#include <stdio.h>

#include "cli/cli.h"

int
pf_cmd_selftest(int argc, char **argv)
{
	fputs("proxyfpm selftest: not implemented yet\n", stderr);
	return PF_EXIT_INTERNAL;
}
