/* cmd_report.c — placeholder until the report command lands. */
#include <stdio.h>
#include <sysexits.h>

#include "cli.h"

int cmd_report(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "cifra: report: not implemented yet\n");
	return EX_SOFTWARE;
}
