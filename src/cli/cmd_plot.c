/* cmd_plot.c — placeholder until the plot command lands. */
#include <stdio.h>
#include <sysexits.h>

#include "cli.h"

int cmd_plot(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "cifra: plot: not implemented yet\n");
	return EX_SOFTWARE;
}
