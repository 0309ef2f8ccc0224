/* plot.h — the charts of a dataset as gnuplot scripts (SPEC §6).
 *
 * A chart is a gnuplot script built from one analysis (analysis.h) of a
 * dataset: series are found by their table and attributes, never by name,
 * so any corpus works; verdicts, implied figures and growth are read from
 * the analysis, never computed here.  cf_chart_script returns the body, so
 * `cifra plot --script` and the tests can read it; cf_plot_render
 * (gnuplot.h) hands it to gnuplot.  Numbers go in inline data blocks
 * ($d << EOD); every string from data goes through cf_gnuplot_quote.
 *
 * What every chart promises: every label inside the image; the key in a
 * band of its own above the plot, never on the data; the y range covers
 * everything drawn; a value the figures give only as a wide or open
 * interval is drawn as a range, never as a bar or point at a made-up value,
 * with the reason in the caption under the plot; the sources listed under
 * the plot.  A chart with nothing to draw still renders and says so. */
#ifndef CIFRA_PLOT_H
#define CIFRA_PLOT_H

#include "cifra/analysis.h"
#include "cifra/error.h"
#include "cifra/gnuplot.h"

typedef enum cf_chart {
	CF_CHART_TRADE,	 /* a trade series: reference line, cited figures */
	CF_CHART_GROWTH, /* YoY bars, CAGR, trend with its 95% band */
	CF_CHART_LOANS,	 /* loan amounts by year and borrower */
	CF_CHART_SCHOLARSHIPS, /* scholarships provided vs pledged */
	CF_CHART_CLAIMS,       /* stated vs recomputed interval per claim */
	CF_CHART_COUNT_
} cf_chart;

/* "trade", "growth", "loans", "scholarships", "claims". */
const char *cf_chart_name(cf_chart c);
/* Returns 0, or CF_ENOTFOUND naming the charts there are. */
int cf_chart_parse(const char *name, cf_chart *out, cf_error *err);

/* A source as charts and the report name it, "Title — Publisher, 2024"
 * (the id when the dataset has no such source, "no source" for NULL),
 * into buf (truncated to size). */
void cf_source_text(const cf_dataset *ds, const char *id, char *buf,
		    size_t size);

/* The body of a chart's script: everything but the terminal and output
 * lines (cf_plot_script adds those).  series: for trade and growth, the
 * series to draw (NULL: a->main_series); for growth it must be one whose
 * growth a holds (cf_analysis_options.growth_series); ignored by the other
 * charts.  a is only read.  *out is malloc'd.  Errors: CF_ENOTFOUND (no
 * such series, or its growth not analysed), CF_ENOMEM. */
int cf_chart_script(const cf_analysis *a, cf_chart c, const char *series,
		    char **out, cf_error *err);

#endif
