/* figure.h — one cited figure: its value as written, what the writing means
 * as an interval (SPEC §3), and where it comes from.
 *
 * The value is kept exactly as the source wrote it ("518.4", "17000") because
 * the written precision is information: "518.4" billion means
 * [518.35, 518.45] x 10^9, and a qualifier widens or opens that range. */
#ifndef CIFRA_FIGURE_H
#define CIFRA_FIGURE_H

#include <stdbool.h>

#include "cifra/error.h"
#include "cifra/interval.h"
#include "cifra/period.h"

typedef enum cf_scale {
	CF_SCALE_ONE,
	CF_SCALE_THOUSAND,
	CF_SCALE_MILLION,
	CF_SCALE_BILLION,
	CF_SCALE_TRILLION
} cf_scale;

typedef enum cf_unit {
	CF_UNIT_USD,
	CF_UNIT_CNY,
	CF_UNIT_COUNT,
	CF_UNIT_PERCENT,
	CF_UNIT_RATIO
} cf_unit;

typedef enum cf_qualifier {
	CF_QUAL_EXACT,
	CF_QUAL_ABOUT,
	CF_QUAL_OVER, /* also written more_than, above: an open lower bound */
	CF_QUAL_AT_LEAST,
	CF_QUAL_UNDER,
	CF_QUAL_AT_MOST
} cf_qualifier;

/* The dataset file a figure came from. */
typedef enum cf_table {
	CF_TABLE_TRADE,
	CF_TABLE_LOANS,
	CF_TABLE_SCHOLARSHIPS,
	CF_TABLE_FIGURES,
	CF_TABLE_COUNT_
} cf_table;

/* Name <-> enum.  The parse functions return 0 or CF_EDATA (message in err,
 * no position).  Qualifier names: exact (also empty), about, over,
 * more_than, above, at_least, under, at_most. */
int cf_scale_parse(const char *text, cf_scale *out, cf_error *err);
int cf_unit_parse(const char *text, cf_unit *out, cf_error *err);
int cf_qualifier_parse(const char *text, cf_qualifier *out, cf_error *err);
const char *cf_scale_name(cf_scale s);
const char *cf_unit_name(cf_unit u);
const char *cf_qualifier_name(cf_qualifier q);
const char *cf_table_name(cf_table t); /* "trade", "loans"… (file stem) */
double cf_scale_factor(cf_scale s);    /* 1, 1e3, 1e6, 1e9, 1e12 */

/* A plain decimal as sources write them: optional '-', digits, optional
 * '.' and digits ("518.4", "17000", "0.5").  No exponent, no separators. */
bool cf_decimal_valid(const char *text);

/* The interval a written value stands for, in base units (US$, not US$ bn;
 * percent stays percent: 42.3 percent is [42.25, 42.35]):
 *   exact     half a unit of the last written digit either side
 *   about     half of the place of the last non-zero digit either side
 *             ("about 300" is [250, 350]; "about 17000" [16500, 17500];
 *             "about 0" has no such digit and is taken as exact)
 *   over      (v, +inf)      at_least  [v, +inf)
 *   under     (-inf, v)      at_most   (-inf, v]
 * Each end is the double nearest to the exact decimal (518.35e9, not
 * 518.35 * 1e9 rounded twice).  Returns 0, or CF_EDATA when text is not a
 * valid decimal (or has more than 64 digits), CF_EUSAGE for an out-of-range
 * scale or qualifier. */
int cf_value_interval(const char *text, cf_scale scale, cf_qualifier q,
		      cf_interval *out, cf_error *err);

/* The value as written, as a number in base units (518.4 bn -> 5.184e11);
 * NaN when text is not a valid decimal. */
double cf_value_point(const char *text, cf_scale scale);

/* The rounding interval of a literal written in a claim ("42.3" ->
 * [42.25, 42.35], "35" -> [34.5, 35.5], "2e9" -> [1.5e9, 2.5e9]): half a unit
 * of the last written mantissa digit, exponent applied, times multiplier
 * (0.01 for a '%' suffix; a power of ten is applied to the decimal exponent,
 * so "42.3" x 0.01 is [0.4225, 0.4235], each end rounded once).  Accepts
 * -?[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?.  Returns 0, or CF_EDATA (no
 * message) when text is not such a literal, the result is not finite, or a
 * non-zero literal falls below the smallest normal double (1e-400 is
 * refused, never read as 0; "0e-400" is zero). */
int cf_literal_rounding(const char *text, double multiplier, cf_interval *out);

typedef struct cf_figure {
	char *id;
	char *series;
	cf_period period;
	char *value_text; /* as written */
	cf_scale scale;
	cf_unit unit;
	cf_qualifier qualifier;
	cf_interval interval; /* from the above, in base units */
	char *source;	      /* id in sources */
	char *quote;
	cf_table table;
	/* Typed columns of the table, by name: trade reporter, partner, flow;
	 * loans lender, borrower, instrument, purpose, status; scholarships
	 * provider, recipient, program, status; figures measure, entity.
	 * NULL when absent. */
	char *attr[5];
	bool reference; /* loaded from datasets/reference/ */
	bool implied;	/* solved from a claim, not cited (see claims.h) */
	char *file;	/* dataset file it was read from */
	long line;	/* line in that file */
} cf_figure;

/* Names of the typed columns of a table, NULL-terminated, in attr[] order. */
const char *const *cf_table_columns(cf_table t);

/* attr value of a figure by column name, NULL when the table has no such
 * column or it was empty. */
const char *cf_figure_attr(const cf_figure *f, const char *column);

#endif
