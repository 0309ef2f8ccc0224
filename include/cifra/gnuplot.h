/* gnuplot.h — running gnuplot on a chart script and making sure the chart
 * it wrote is whole (SPEC §6).
 *
 * gnuplot is the program named by $GNUPLOT, else `gnuplot`, started as
 * popen() would start it (`/bin/sh -c` on a constant command: the shell
 * expands $GNUPLOT itself, no text from data or file name ever reaches it),
 * but by fork and exec so that it runs in a process group of its own that
 * can be killed: after a timeout (a gnuplot that never returns must not hang
 * cifra), or when cifra is interrupted (cf_cleanup.child).  The script goes
 * to its standard input; its standard error is collected for the message;
 * the output file is named inside the script.
 *
 * Every string from data that enters a script goes through cf_gnuplot_quote:
 * gnuplot runs backquoted shell commands even inside double quotes and a
 * newline ends a command, so such strings are single-quoted, ' doubled,
 * control characters (CR, LF, tab…) turned into spaces.
 *
 * gnuplot's exit status alone is not trusted: a chart counts as written
 * only when the file is complete (an SVG that parses as XML with an <svg>
 * root, a PNG whose chunks run whole up to IEND).  A short file on a full
 * disk is a write failure (CF_EWRITE), a short file with room left is
 * gnuplot's failure (CF_EPLOT). */
#ifndef CIFRA_GNUPLOT_H
#define CIFRA_GNUPLOT_H

#include <stdio.h>

#include "cifra/error.h"
#include "cifra/outfile.h"

typedef enum cf_plot_format { CF_PLOT_SVG, CF_PLOT_PNG } cf_plot_format;

/* Chart size in pixels (fits a README column). */
#define CF_PLOT_WIDTH  900
#define CF_PLOT_HEIGHT 500

/* Seconds gnuplot may take on one chart when the caller says nothing. */
#define CF_GNUPLOT_TIMEOUT_DEFAULT 60.0

typedef struct cf_gnuplot_opts {
	double timeout;		   /* seconds; <= 0: the default */
	const cf_cleanup *cleanup; /* may be NULL */
} cf_gnuplot_opts;

/* The format by the file's suffix (.svg, .png, any case); CF_EUSAGE for
 * anything else. */
int cf_plot_format_of(const char *path, cf_plot_format *out, cf_error *err);

/* Writes s as a gnuplot single-quoted string literal ('it''s', control
 * characters as spaces).  NULL writes ''.  Returns 0 or CF_EWRITE. */
int cf_gnuplot_quote(FILE *out, const char *s);

/* The same into a malloc'd string (NULL when out of memory). */
char *cf_gnuplot_quoted(const char *s);

/* Is gnuplot there?  Looks $GNUPLOT (or gnuplot) up in the shell without
 * running it.  0, or CF_EPLOT with a message saying how to install it. */
int cf_plot_available(cf_error *err);

/* The whole script for gnuplot: terminal (by format, noenhanced, size
 * CF_PLOT_WIDTH x CF_PLOT_HEIGHT), `set output` to output (quoted), the
 * body, `unset output`.  *out is malloc'd.  CF_ENOMEM. */
int cf_plot_script(const char *body, cf_plot_format format, const char *output,
		   char **out, cf_error *err);

/* Sends script to gnuplot and waits for it, at most opt->timeout seconds
 * (then kills its process group).  opt may be NULL.  Returns 0, or
 * CF_EPLOT: gnuplot missing, killed, timed out, exited non-zero (its last
 * line of stderr in the message), or stopped reading its script;
 * CF_ENOMEM when it cannot be started for want of memory. */
int cf_gnuplot_run(const char *script, const cf_gnuplot_opts *opt,
		   cf_error *err);

/* 0 when the file at path is a complete chart of format fmt, else
 * CF_EPLOT naming `name` (the file the user asked for); CF_ENOMEM when
 * libxml2 ran out of memory checking an SVG (it prints nothing). */
int cf_chart_file_check(const char *path, cf_plot_format fmt, const char *name,
			cf_error *err);

/* Renders body into path through a cf_outfile (see outfile.h for what
 * happens to links, devices and FIFOs), the format by path's suffix.
 * Errors: CF_EUSAGE (suffix, a control character in the name), CF_EWRITE
 * (cannot write, disk full), CF_EPLOT (gnuplot missing, failing, timing
 * out, or writing an incomplete chart), CF_ENOMEM.  On error path is as it
 * was and no temporary is left. */
int cf_plot_render(const char *body, const char *path,
		   const cf_gnuplot_opts *opt, cf_error *err);

#endif
