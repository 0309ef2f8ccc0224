/* cmd_check.c — placeholder until the check command lands. */
#include <stdio.h>
#include <sysexits.h>

#include "cli.h"

int cmd_check(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "cifra: check: not implemented yet\n");
	return EX_SOFTWARE;
}
