/* cmd_report.c — cifra report [-o DIR]: every chart, report.md and
 * report.html into DIR (default plots/), all or nothing. */
#include <stdio.h>
#include <sysexits.h>

#include "cleanup.h"
#include "cli.h"

static const char usage[] =
    "usage: cifra report [-o DIR] [--data DIR]\n"
    "\n"
    "Writes every chart (SVG and PNG), report.md and report.html (one\n"
    "self-contained file) into DIR (default plots/, created if missing).\n"
    "The report is built aside and put in place only when all of it is\n"
    "there; other files in DIR are left alone.  gnuplot ($GNUPLOT, else\n"
    "gnuplot) is needed; it gets CIFRA_GNUPLOT_TIMEOUT seconds a chart\n"
    "(default 60).\n"
    "  -o, --output DIR   where to write the report\n";

static int on_option(int opt, const char *arg, void *ctx)
{
	if (opt != 'o')
		return cli_usage_error("report", "unknown option");
	*(const char **)ctx = arg;
	return 0;
}

static int write_report(const cf_dataset *ds, const char *dir)
{
	cf_error err;
	cf_error_clear(&err);
	cf_gnuplot_opts opt = {0};
	int rc = cli_gnuplot_timeout(&opt.timeout);
	if (rc != 0)
		return rc;
	opt.cleanup = cli_cleanup();
	cf_analysis *a = NULL;
	if (cf_analysis_run(ds, NULL, &a, &err) != 0)
		rc = cli_fail(&err);
	else if (cf_report_write(a, dir, &opt, &err) != 0)
		rc = cli_fail(&err);
	else
		printf("report written to %s/report.html and %s/report.md\n",
		       dir, dir);
	cf_analysis_free(a);
	return rc;
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
	if (rc == 0)
		rc = write_report(ds, dir);
	cf_dataset_free(ds);
	return rc;
}
