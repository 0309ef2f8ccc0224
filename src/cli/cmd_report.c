/* cmd_report.c — cifra report [-o DIR]: every chart, report.md and
 * report.html into DIR (default plots/), all or nothing. */
#include <stdio.h>
#include <sysexits.h>

#include "cli.h"

static const char usage[] =
    "usage: cifra report [-o DIR] [--data DIR]\n"
    "\n"
    "Writes every chart (SVG and PNG), report.md and report.html (one\n"
    "self-contained file) into DIR (default plots/, created if missing).\n"
    "Nothing is written unless everything can be: gnuplot ($GNUPLOT, else\n"
    "gnuplot) is needed.\n"
    "  -o, --output DIR   where to write the report\n";

static int on_option(int opt, const char *arg, void *ctx)
{
	if (opt != 'o')
		return cli_usage_error("report", "unknown option");
	*(const char **)ctx = arg;
	return 0;
}

int cmd_report(int argc, char **argv)
{
	static const struct option longs[] = {
	    {"output", required_argument, 0, 'o'}, {0, 0, 0, 0}};
	cli_common common;
	cli_common_init(&common);
	const char *dir = "plots";
	int status =
	    cli_parse(argc, argv, usage, longs, on_option, &dir, &common);
	if (status >= 0)
		return status;
	if (optind < argc)
		return cli_usage_error("report", "unexpected argument '%s'",
				       argv[optind]);
	cf_error err;
	cf_error_clear(&err);
	/* before loading: a missing gnuplot is the first thing to say */
	if (cf_plot_available(&err) != 0)
		return cli_fail(&err);
	cf_dataset *ds = NULL;
	int rc = cli_load(&common, &ds);
	if (rc != 0)
		return rc;
	if (cf_report_write(ds, dir, &err) != 0)
		rc = cli_fail(&err);
	else
		printf("report written to %s/report.html and %s/report.md\n",
		       dir, dir);
	cf_dataset_free(ds);
	return rc;
}
