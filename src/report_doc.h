/* report_doc.h — inside the report module: the two documents and what
 * they share.  Both read one analysis top-down: counts by verdict, the
 * claims of each source document (quote, verdict, computed and stated
 * values, note, the figures and source used), the cross-checks (problems
 * first, the agreeing ones folded), the charts with captions, the growth
 * of the main series, the figures and the sources.  report.md says the
 * same as report.html. */
#ifndef CIFRA_REPORT_DOC_H
#define CIFRA_REPORT_DOC_H

#include <stdbool.h>
#include <stdio.h>

#include "cifra/analysis.h"
#include "cifra/memstream.h"
#include "cifra/plot.h"

/* report.md (html false) or report.html into *out (malloc'd), reading the
 * charts' SVGs from chartdir (CHART.svg) to inline them.  a is only read.
 * Errors: CF_ENOMEM, CF_EWRITE (a chart cannot be read). */
int report_document(const cf_analysis *a, const char *chartdir, bool html,
		    char **out, cf_error *err);

/* ---- shared by report_html.c and report_md.c ---- */

/* Verdict classes shown and filtered on: the four verdicts, with
 * "consistent (weak)" apart. */
typedef enum rclass {
	RC_INCONSISTENT,
	RC_UNDETERMINED,
	RC_UNVERIFIABLE,
	RC_WEAK,
	RC_CONSISTENT,
	RC_COUNT_
} rclass;

/* "inconsistent" … "consistent": the CSS class and filter name. */
extern const char *const report_class_names[RC_COUNT_];
/* r's class (its verdict; a consistent one flagged weak is RC_WEAK). */
rclass report_class(const cf_result *r);
/* Is r a claim (else a cross-check)? */
bool report_is_claim(const cf_result *r);

typedef struct report_counts {
	size_t claims[RC_COUNT_], checks[RC_COUNT_];
} report_counts;
/* Claims and cross-checks of a counted by class into *c. */
void report_count(const cf_analysis *a, report_counts *c);

/* Computed, stated and deviation as text ("–" when there is none). */
typedef struct report_values {
	char computed[96], stated[96], deviation[32];
} report_values;
void report_values_of(const cf_result *r, report_values *v);

/* "518.4 billion USD", "over 300 billion USD". */
void report_figure_value(const cf_figure *f, char *buf, size_t size);

/* Figures in the dataset, not counting any a claim implied. */
size_t report_nfigures(const cf_dataset *ds);

/* A caption for each chart (what it shows, how to read it). */
void report_chart_caption(const cf_analysis *a, cf_chart c, char *buf,
			  size_t size);

/* Agreeing cross-checks counted by kind: "parts 40, subperiod 3". */
void report_agreeing_kinds(const cf_analysis *a, char *buf, size_t size);

/* An id attribute or fragment from data: PREFIX-ID with every byte
 * outside [A-Za-z0-9.-] written as _XX, so any id is a valid, unique
 * anchor (the same in both documents). */
void report_anchor(FILE *out, const char *prefix, const char *id);

/* One row of the growth table: the period, its value, the YoY as written
 * and its interval ("–" where there is none). */
typedef struct report_growth_row {
	char period[CF_PERIOD_TEXT_MAX], value[96], yoy[32], interval[96];
} report_growth_row;
void report_growth_row_of(const cf_growth *g, size_t i, cf_unit unit,
			  report_growth_row *row);
/* The sentences under the table ("" when there is no CAGR / trend). */
void report_cagr_text(const cf_growth *g, char *buf, size_t size);
void report_trend_text(const cf_growth *g, char *buf, size_t size);

/* Calls fn(out, r) on the cross-checks, most severe first: the agreeing
 * ones or the others; returns how many there are.  fn may be NULL (to
 * count).  A failed allocation counts none. */
typedef void (*report_item_fn)(FILE *out, const cf_result *r);
size_t report_each_check(FILE *out, const cf_analysis *a, bool agreeing,
			 report_item_fn fn);
/* The same on the claims of source id in file order (id NULL: claims of no
 * known source). */
size_t report_each_claim(FILE *out, const cf_analysis *a, const char *id,
			 report_item_fn fn);

/* How one format marks up the parts of a claim or check: each part is
 * written open, text (through esc), close; missing parts (no quote, no
 * note, a claim's kind) are left out with their markup. */
typedef struct report_markup {
	void (*esc)(FILE *out, const char *s);
	const char *verdict[2], *id[2], *kind[2], *head_end;
	const char *quote[2], *text[2], *computed[2], *stated[2], *deviation[2],
	    *note[2];
} report_markup;
/* Verdict, id, kind, quote, claim, values and note of r, in that order. */
void report_item_body(FILE *out, const report_markup *m, const cf_result *r);

/* How one format writes the rows of a data table (growth, figures) and
 * the items of the sources list; the tables' headings are the format's. */
typedef struct report_rows {
	void (*esc)(FILE *out, const char *s);
	/* Starts a row, anchored as PREFIX-ID (id NULL: no anchor). */
	void (*row_open)(FILE *out, const char *prefix, const char *id);
	/* Cell col (0 first) of a row, headed head: text, or with link set
	 * a link to LINK-TEXT (nothing when text is NULL); num: a number. */
	void (*cell)(FILE *out, size_t col, const char *head, const char *text,
		     bool num, const char *link);
	const char *row_close;
	/* Starts a list item anchored as PREFIX-ID. */
	void (*item_open)(FILE *out, const char *prefix, const char *id);
	const char *strong[2], *file[2], *item_close;
	/* A link to PREFIX-ID showing id. */
	void (*link)(FILE *out, const char *prefix, const char *id);
	/* A source's group of claims: title open, around the link to the
	 * source, title close, group close. */
	const char *group[5];
} report_rows;

/* The growth table's rows (period, value, YoY, YoY interval). */
void report_growth_rows(FILE *out, const cf_growth *g, cf_unit unit,
			const report_rows *f);
/* The figures table's rows (id, series, period, value, source, quote),
 * leaving out implied figures. */
void report_figure_rows(FILE *out, const cf_dataset *ds, const report_rows *f);
/* One item per source: id, description, file, "reference statistics". */
void report_source_items(FILE *out, const cf_dataset *ds, const report_rows *f);

/* The claims grouped by source document (file order; claims of no known
 * source last), each group titled with the source's description and a
 * link to it, each claim written by item. */
void report_claims_by_source(FILE *out, const cf_analysis *a,
			     const report_rows *f, report_item_fn item);

/* The two documents written to out (a only read; report_html inlines the
 * charts' SVGs from chartdir).  Return 0, or CF_EWRITE when a chart cannot
 * be read, CF_ENOMEM. */
int report_html(FILE *out, const cf_analysis *a, const char *chartdir);
int report_md(FILE *out, const cf_analysis *a);

#endif
