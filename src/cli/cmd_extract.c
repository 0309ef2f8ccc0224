/* cmd_extract.c — placeholder until the extract command lands. */
#include <stdio.h>
#include <sysexits.h>

#include "cli.h"

int cmd_extract(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "cifra: extract: not implemented yet\n");
	return EX_SOFTWARE;
}
