/* main.c — the cifra program: dispatch to one command. */
#include <stdio.h>
#include <string.h>
#include <sysexits.h>

#include "cli.h"

typedef struct command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
} command;

static const command commands[] = {
    {"list", cmd_list, "series with unit, figures, period range, sources"},
    {"show", cmd_show, "every figure of a series with interval, source, quote"},
    {"growth", cmd_growth, "YoY, CAGR, trend growth and doubling time"},
    {"check", cmd_check, "verdicts on every claim and automatic cross-check"},
    {"plot", cmd_plot, "one chart through gnuplot (.svg or .png)"},
    {"report", cmd_report, "all charts and report.md / report.html"},
    {"extract", cmd_extract, "candidate figures found in an article's text"},
    {"import", cmd_import, "UN Comtrade files as reference figures (-o DIR)"},
};

static void usage(FILE *fp)
{
	fprintf(fp, "usage: cifra COMMAND [OPTIONS]\n\ncommands:\n");
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		fprintf(fp, "  %-8s %s\n", commands[i].name,
			commands[i].summary);
	fprintf(fp, "\ncommon options: --data DIR (default datasets), "
		    "--format table|csv|json, --help\n"
		    "cifra COMMAND --help shows a command's options; "
		    "cifra --version its version.\n");
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return EX_USAGE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		usage(stdout);
		return 0;
	}
	if (!strcmp(argv[1], "--version")) {
		printf("cifra %s\n", CIFRA_VERSION);
		return 0;
	}
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		if (!strcmp(argv[1], commands[i].name))
			return commands[i].run(argc - 1, argv + 1);
	fprintf(stderr, "cifra: unknown command '%s'\n", argv[1]);
	usage(stderr);
	return EX_USAGE;
}
