/* plot.h — charts of a dataset, drawn by gnuplot through a pipe (SPEC §6).
 *
 * A chart is first a gnuplot script, built from the data alone (series are
 * found by their table and attributes, never by name, so any corpus works):
 * cf_chart_script returns it, so `cifra plot --script` and the tests can read
 * it, and cf_plot_render hands it to gnuplot.  Numbers go in inline data
 * blocks ($d << EOD); every string that comes from data (titles, labels,
 * sources, legend entries) goes through cf_gnuplot_quote, because gnuplot
 * runs backquoted shell commands even inside double quotes and a newline ends
 * a command: such strings are single-quoted, ' doubled, control characters
 * (CR, LF, tab…) turned into spaces.
 *
 * gnuplot is the program named by $GNUPLOT, else `gnuplot`.  It is started
 * with popen() of a constant command (the shell expands $GNUPLOT itself; the
 * only other text in the command is a temporary file name made here, for
 * gnuplot's stderr); the output file is named inside the script.  Output goes
 * to a temporary file beside the target and is renamed over it only when
 * gnuplot exited 0 and wrote a non-empty file; on failure it is removed. */
#ifndef CIFRA_PLOT_H
#define CIFRA_PLOT_H

#include <stdio.h>

#include "cifra/dataset.h"
#include "cifra/error.h"

typedef enum cf_chart {
	CF_CHART_TRADE,	 /* a trade series: reference line, cited figures */
	CF_CHART_GROWTH, /* YoY bars, CAGR, trend with its 95% band */
	CF_CHART_LOANS,	 /* loan amounts by year and borrower */
	CF_CHART_SCHOLARSHIPS, /* scholarships provided vs pledged */
	CF_CHART_CLAIMS,       /* stated vs recomputed interval per claim */
	CF_CHART_COUNT_
} cf_chart;

typedef enum cf_plot_format { CF_PLOT_SVG, CF_PLOT_PNG } cf_plot_format;

/* Chart size in pixels (fits a README column). */
#define CF_PLOT_WIDTH  900
#define CF_PLOT_HEIGHT 500

/* "trade", "growth", "loans", "scholarships", "claims". */
const char *cf_chart_name(cf_chart c);
/* Returns 0, or CF_ENOTFOUND naming the charts there are. */
int cf_chart_parse(const char *name, cf_chart *out, cf_error *err);

/* The format by the file's suffix (.svg, .png, any case); CF_EUSAGE for
 * anything else. */
int cf_plot_format_of(const char *path, cf_plot_format *out, cf_error *err);

/* Writes s as a gnuplot single-quoted string literal ('it''s', control
 * characters as spaces).  NULL writes ''.  Returns 0 or CF_EWRITE. */
int cf_gnuplot_quote(FILE *out, const char *s);

/* The same into a malloc'd string (NULL when out of memory). */
char *cf_gnuplot_quoted(const char *s);

/* The series a trade or growth chart shows by default: the trade-table
 * series with the most cited (not reference, not implied) figures, then
 * the most figures, then first by name; NULL when the dataset has no trade
 * figure. */
const cf_series *cf_plot_default_series(const cf_dataset *ds);

/* The body of a chart's script: everything but the terminal and output
 * lines (cf_plot_script adds those).  series: for trade and growth, the
 * series to draw (NULL: cf_plot_default_series); ignored by the others.
 * *out is malloc'd.  Errors: CF_ENOTFOUND (no such series), CF_ENOMEM,
 * and whatever evaluating claims reports. */
int cf_chart_script(const cf_dataset *ds, cf_chart c, const char *series,
		    char **out, cf_error *err);

/* The whole script for gnuplot: terminal (by format, noenhanced, size
 * CF_PLOT_WIDTH x CF_PLOT_HEIGHT), `set output` to output (quoted), the
 * body, `unset output`.  *out is malloc'd. */
int cf_plot_script(const char *body, cf_plot_format format, const char *output,
		   char **out, cf_error *err);

/* Is gnuplot there?  Looks $GNUPLOT (or gnuplot) up in the shell without
 * running it.  0, or CF_EPLOT with a message saying how to install it. */
int cf_plot_available(cf_error *err);

/* Sends script to gnuplot and waits for it: SIGPIPE ignored during the
 * write, write errors checked, gnuplot's stderr collected into err's message
 * on failure, exit status checked (127 from the shell: gnuplot missing).
 * Returns 0 or CF_EPLOT. */
int cf_plot_pipe(const char *script, cf_error *err);

/* Renders body into a new temporary file beside path (same directory, same
 * suffix) and returns its name in *tmp_path (malloc'd): the caller renames
 * it into place or removes it.  On failure nothing is left behind.  Errors:
 * CF_EUSAGE (suffix), CF_EWRITE (cannot create the file), CF_EPLOT (gnuplot
 * missing or failed, or wrote nothing). */
int cf_plot_render_temp(const char *body, const char *path, char **tmp_path,
			cf_error *err);

/* cf_plot_render_temp, then rename over path. */
int cf_plot_render(const char *body, const char *path, cf_error *err);

#endif
