/* cmd_plot.c — cifra plot CHART [SERIES] [-o FILE] [--script]: one chart
 * through gnuplot, or its script on stdout. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "cleanup.h"
#include "cli.h"

static const char usage[] =
    "usage: cifra plot CHART [SERIES] [-o FILE] [--script] [--data DIR]\n"
    "\n"
    "Draws one chart through gnuplot ($GNUPLOT, else gnuplot) into FILE\n"
    "(default CHART.svg); .svg or .png by the file's suffix.  The file is\n"
    "replaced only by a complete chart; a device or FIFO is written\n"
    "through, never replaced.  gnuplot gets CIFRA_GNUPLOT_TIMEOUT seconds\n"
    "(default 60).\n"
    "charts: trade, growth (SERIES: default the trade series with the\n"
    "        most cited figures), loans, scholarships, claims\n"
    "  -o, --output FILE  where to write the chart\n"
    "      --script       print the gnuplot script instead of running it\n";

typedef struct plot_args {
	cli_common common;
	const char *chart, *series, *output;
	bool script;
	char default_output[64];
} plot_args;

enum { OPT_SCRIPT = CLI_OPT_FIRST_FREE };

static int on_option(int opt, const char *arg, void *ctx)
{
	plot_args *a = ctx;
	if (opt == 'o')
		a->output = arg;
	else if (opt == OPT_SCRIPT)
		a->script = true;
	else
		return cli_usage_error("plot", "unknown option");
	return 0;
}

/* 0 to go on, CLI_HELP_SHOWN after --help, or an exit status. */
static int parse_args(int argc, char **argv, plot_args *a)
{
	static const struct option longs[] = {
	    {"output", required_argument, 0, 'o'},
	    {"script", no_argument, 0, OPT_SCRIPT},
	    {0, 0, 0, 0}};
	int status =
	    cli_parse(argc, argv, usage, longs, on_option, a, &a->common);
	if (status == 0)
		return CLI_HELP_SHOWN;
	if (status > 0)
		return status;
	if (optind >= argc || argc - optind > 2)
		return cli_usage_error("plot", "expected CHART [SERIES]");
	a->chart = argv[optind];
	a->series = argc - optind == 2 ? argv[optind + 1] : NULL;
	return 0;
}

static int check_args(plot_args *a, cf_chart *chart)
{
	cf_error err;
	cf_error_clear(&err);
	if (cf_chart_parse(a->chart, chart, &err) != 0)
		return cli_usage_error("plot", "%s", err.message);
	if (a->series && *chart != CF_CHART_TRADE && *chart != CF_CHART_GROWTH)
		return cli_usage_error("plot", "chart '%s' takes no series",
				       a->chart);
	if (!a->output) {
		snprintf(a->default_output, sizeof a->default_output, "%s.svg",
			 a->chart);
		a->output = a->default_output;
	}
	cf_plot_format fmt;
	if (cf_plot_format_of(a->output, &fmt, &err) != 0)
		return cli_usage_error("plot", "%s: %s", a->output,
				       err.message);
	return 0;
}

static int print_script(const char *body, const char *output)
{
	cf_error err;
	cf_error_clear(&err);
	cf_plot_format fmt = CF_PLOT_SVG;
	cf_plot_format_of(output, &fmt, &err);
	char *script = NULL;
	if (cf_plot_script(body, fmt, output, &script, &err) != 0)
		return cli_fail(&err);
	int rc = fputs(script, stdout) < 0 || fflush(stdout) != 0;
	free(script);
	if (rc) {
		cf_error_set(&err, CF_EWRITE, "<stdout>", 0, 0,
			     "cannot write output");
		return cli_fail(&err);
	}
	return 0;
}

static int draw(const cf_analysis *an, cf_chart chart, const plot_args *a)
{
	cf_error err;
	cf_error_clear(&err);
	char *body = NULL;
	cf_gnuplot_opts opt = {0};
	int rc = a->script ? 0 : cli_gnuplot_timeout(&opt.timeout);
	if (rc != 0)
		return rc;
	if (cf_chart_script(an, chart, a->series, &body, &err) != 0)
		rc = cli_fail(&err);
	else if (a->script)
		rc = print_script(body, a->output);
	else {
		opt.cleanup = cli_cleanup();
		if (cf_plot_render(body, a->output, &opt, &err) != 0)
			rc = cli_fail(&err);
	}
	free(body);
	return rc;
}

int cmd_plot(int argc, char **argv)
{
	plot_args a = {0};
	cli_common_init(&a.common);
	int rc = parse_args(argc, argv, &a);
	if (rc == CLI_HELP_SHOWN)
		return 0;
	cf_chart chart;
	if (rc != 0 || (rc = check_args(&a, &chart)) != 0)
		return rc;
	cf_error err;
	cf_error_clear(&err);
	if (!a.script && cf_plot_available(&err) != 0)
		return cli_fail(&err);
	cf_dataset *ds = NULL;
	if ((rc = cli_load(&a.common, &ds)) != 0)
		return rc;
	cf_analysis_options opt = {.growth_series = a.series};
	cf_analysis *an = NULL;
	if (cf_analysis_run(ds, &opt, &an, &err) != 0)
		rc = cli_fail(&err);
	else
		rc = draw(an, chart, &a);
	cf_analysis_free(an);
	cf_dataset_free(ds);
	return rc;
}
