/* chart.h — inside the chart module (not installed): the script builder
 * every chart file shares, the label placer, and the chart functions that
 * plot.c dispatches to.
 *
 * A chart script is built in three memory streams, joined at the end:
 * `out` (settings and inline data blocks, in order), `labels` (set label
 * commands) and `items` (the one plot command).  Every string from data
 * goes through cf_gnuplot_quote.  The functions record an allocation
 * failure in chart.failed; chart_close turns it into CF_ENOMEM.
 *
 * Charts read one cf_analysis (analysis.h) and the dataset it was computed
 * from: they never evaluate a claim or compute a growth themselves, and
 * figures flagged implied in the dataset are skipped: implied figures are
 * drawn from the claims' results (cf_result.has_implied). */
#ifndef CIFRA_CHART_H
#define CIFRA_CHART_H

#include <stdbool.h>
#include <stdio.h>

#include "cifra/analysis.h"
#include "cifra/gnuplot.h"
#include "cifra/memstream.h"
#include "cifra/plot.h"

#define NPALETTE	 8
#define MAX_SOURCE_LINES 2

typedef struct chart {
	const cf_analysis *a;
	const cf_dataset *ds; /* a->ds */
	FILE *out;	      /* the body, in order */
	char *out_buf;
	size_t out_len;
	FILE *labels; /* set label commands, after the data blocks */
	char *labels_buf;
	size_t labels_len;
	FILE *items; /* the plot command's items, written last */
	char *items_buf;
	size_t items_len;
	int nitems;
	size_t key_chars; /* the longest key entry */
	int nlabels;
	const char **sources; /* ids, distinct, in order of first use */
	size_t nsources;
	char caption[512]; /* a note under the plot, "" for none */
	bool failed;	   /* out of memory on the way */
} chart;

/* ---- the builder (chart.c) ---- */
int chart_open(chart *ch, const cf_analysis *a, cf_error *err);
void chart_discard(chart *ch);
/* Appends the body to *out (malloc'd) and frees the rest; empty: the text
 * an empty chart shows. */
int chart_close(chart *ch, const char *empty, char **out, cf_error *err);
void chart_source(chart *ch, const char *id);
void chart_titles(chart *ch, const char *title, const char *xlabel,
		  const char *ylabel);
/* A label at x, y in coords ("first", "graph", "screen"); style is ours. */
void chart_label(chart *ch, const char *text, const char *coords, double x,
		 double y, const char *style);
/* One item of the plot command: spec is ours, title from anywhere. */
void chart_item(chart *ch, const char *spec, const char *title);
/* Adds a sentence to the caption under the plot (why something is drawn
 * the way it is). */
void chart_caption(chart *ch, const char *text);
void block_begin(chart *ch, const char *name);
void block_end(chart *ch);
/* Source lines under the plot: how many there will be. */
size_t chart_source_lines(const chart *ch);
/* Axis words and divisor for a unit: amounts in billions. */
const char *unit_axis(cf_unit u, double *div);
/* x range and tics for years lo..hi, tic step keeping labels apart. */
void year_axis(chart *ch, double lo, double hi);
/* A point's value as written, else its midpoint. */
double point_value(const cf_point *p);
/* cf_series_points on the series' figures that no claim implied. */
int chart_points(const cf_series *s, cf_point **pts, size_t *n, cf_error *err);
/* An attribute of a series' first figure, "unspecified" when empty. */
const char *series_attr(const cf_series *s, const char *col);
/* Cuts s to at most max bytes on a UTF-8 boundary, adding "…". */
void clip_utf8(char *s, size_t max);
size_t utf8_chars(const char *s);

/* ---- label placement (chart.c) ----
 * gnuplot does not place labels, so this estimates where things land in
 * pixels and moves each new label until it is clear of the marks, of the
 * other labels and of the edges of the plot. */
typedef struct box {
	double l, r, b, t;
} box;

typedef struct placer {
	double x0, x1, y0, y1;
	bool logy;
	double w, h; /* plot area in px */
	box *boxes;
	size_t n;
	bool failed;
} placer;

/* The plot area of ch as its frame will be (call it once the chart's
 * sources, caption and plot items are known). */
void placer_init(placer *pl, const chart *ch, double x0, double x1, double y0,
		 double y1, bool logy);
double px_x(const placer *pl, double x);
double px_y(const placer *pl, double y);
void placer_add(placer *pl, box b);
/* An obstacle: a mark at x and its bar from ylo to yhi. */
void placer_mark(placer *pl, double x, double ylo, double yhi);
/* Where to put text near (x, y): centred above it, or (beside) starting
 * just right of it; never past the plot's edges.  Returns the y (data
 * units) of the label's middle and sets *x to where its anchor goes. */
double placer_put(placer *pl, double *x, double y, const char *text,
		  bool beside);
void placer_free(placer *pl);

/* ---- the charts ---- */
int chart_trade(chart *ch, const cf_series *s);
int chart_growth(chart *ch, const cf_series *s, cf_error *err);
int chart_loans(chart *ch, cf_error *err);
int chart_scholarships(chart *ch, cf_error *err);
int chart_claims(chart *ch, cf_error *err);

#endif
