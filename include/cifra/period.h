/* period.h — the periods a figure refers to (SPEC §2, an EDTF level-1 subset).
 *
 * Every period is a closed range of months [first, last], counted as
 * year * 12 + (month - 1), plus the shape it was written in, because the
 * shape carries meaning: "2021-01/2021-11" is a year-to-date figure and its
 * year-on-year partner is "2020-01/2020-11", never the full year 2020.
 *
 *   2024              CF_PERIOD_YEAR        one calendar year
 *   2024-03           CF_PERIOD_MONTH       one month
 *   2021-01/2021-11   CF_PERIOD_MONTH_SPAN  months, ends inclusive
 *   2018/2020         CF_PERIOD_YEAR_SPAN   whole years as one aggregate
 *   ../2025           CF_PERIOD_TO_DATE     cumulative up to the end of 2025
 *                                           (also ../2025-06) */
#ifndef CIFRA_PERIOD_H
#define CIFRA_PERIOD_H

#include <stdbool.h>
#include <stddef.h>

#include "cifra/error.h"

typedef enum cf_period_kind {
	CF_PERIOD_YEAR,
	CF_PERIOD_MONTH,
	CF_PERIOD_MONTH_SPAN,
	CF_PERIOD_YEAR_SPAN,
	CF_PERIOD_TO_DATE
} cf_period_kind;

typedef struct cf_period {
	cf_period_kind kind;
	long first; /* month index; for CF_PERIOD_TO_DATE: CF_PERIOD_OPEN */
	long last;  /* month index, inclusive */
	bool last_is_month; /* TO_DATE: end written as YYYY-MM, not YYYY */
} cf_period;

#define CF_PERIOD_OPEN	   (-1L)
#define CF_PERIOD_TEXT_MAX 32

/* Parses the written forms above (years 1000–9999, months 01–12, a span's
 * start not after its end, both ends of a span written alike).  Returns 0,
 * or CF_EDATA with a message (no position: the caller knows it).  Nothing
 * else is accepted: no spaces, no trailing text, no two-digit years.  A span
 * is kept in the shape it was written: 2024-01/2024-12 stays a MONTH_SPAN
 * (it may be a fiscal-year report), so formatting gives back the text. */
int cf_period_parse(const char *text, cf_period *out, cf_error *err);

/* Writes the canonical text (the form cf_period_parse reads) into buf;
 * returns buf. */
char *cf_period_format(const cf_period *p, char *buf, size_t size);

/* The year-on-year partner: the same shape one year earlier (both ends
 * moved back 12 months, kind and last_is_month kept). */
cf_period cf_period_prev_year(const cf_period *p);

/* A period built from a year / a year range (first_year..last_year as one
 * CF_PERIOD_YEAR_SPAN aggregate). */
cf_period cf_period_year(int year);
cf_period cf_period_year_span(int first_year, int last_year);

bool cf_period_equal(const cf_period *a, const cf_period *b);

/* inner lies wholly inside outer (a TO_DATE period contains everything that
 * ends by its end). */
bool cf_period_contains(const cf_period *outer, const cf_period *inner);

/* True for a single calendar year (CF_PERIOD_YEAR). */
bool cf_period_is_year(const cf_period *p);

/* A part of a year shorter than the year (MONTH, or a MONTH_SPAN inside one
 * calendar year that is not the whole year): a year-to-date, quarter… */
bool cf_period_is_sub_year(const cf_period *p);

/* Length in years (months / 12); 0 for TO_DATE. */
double cf_period_years(const cf_period *p);

/* Years from the end of a to the end of b (negative when b ends first):
 * what cagr(a, b) divides by.  2014 → 2024 is 10. */
double cf_period_years_between(const cf_period *a, const cf_period *b);

/* Calendar year of the first / last month (first year of TO_DATE is the
 * last year). */
int cf_period_first_year(const cf_period *p);
int cf_period_last_year(const cf_period *p);

/* Midpoint in fractional years (2024 → 2024.5), for charts and fits.  A
 * TO_DATE period sits at the midpoint of its closing year (or month), where
 * an annual figure for that year would be drawn. */
double cf_period_mid_year(const cf_period *p);

/* Total order: by last month, then by first month (TO_DATE first), then by
 * kind, then ../YYYY before ../YYYY-12. */
int cf_period_compare(const cf_period *a, const cf_period *b);

#endif
