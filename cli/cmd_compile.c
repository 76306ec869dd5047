/* Placeholder until 'proxyfpm compile' lands. */
#include <stdio.h>

#include "cli/cli.h"

int
pf_cmd_compile(int argc, char **argv)
{
	fputs("proxyfpm compile: not implemented yet\n", stderr);
	return PF_EXIT_INTERNAL;
}
