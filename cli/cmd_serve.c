/* Placeholder until 'proxyfpm serve' lands. */
#include <stdio.h>

#include "cli/cli.h"

int
pf_cmd_serve(int argc, char **argv)
{
	fputs("proxyfpm serve: not implemented yet\n", stderr);
	return PF_EXIT_INTERNAL;
}
