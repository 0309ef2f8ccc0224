/* results.h — what a claim or a cross-check concluded: the verdict, the
 * intervals compared, the figures that entered, the notes for people, and
 * the container that holds them in order.  claims.h (evaluate.h) and
 * checks.h fill it; check, plot and report read it through cf_analysis.
 *
 * Intervals are in claim units: amounts in base units (US$, not US$ bn),
 * percentages as fractions (42.3% is 0.423).
 *
 * Ownership: a cf_result owns its strings, its figures array (the figures
 * themselves are borrowed from the dataset, which must outlive it) and its
 * missing list; cf_result_clear frees them.  A cf_results owns its items;
 * cf_results_free frees them (not the cf_results itself, usually on the
 * stack or inside a cf_analysis).  cf_results_push may move the items:
 * pointers into rs->items are invalid after it. */
#ifndef CIFRA_RESULTS_H
#define CIFRA_RESULTS_H

#include <stdbool.h>
#include <stddef.h>

#include "cifra/error.h"
#include "cifra/figure.h"
#include "cifra/interval.h"
#include "cifra/period.h"

/* In order of severity (the order `cifra check` lists them in). */
typedef enum cf_verdict {
	CF_VERDICT_INCONSISTENT,
	CF_VERDICT_UNDETERMINED,
	CF_VERDICT_UNVERIFIABLE,
	CF_VERDICT_CONSISTENT
} cf_verdict;

/* "inconsistent", "undetermined"…; "?" for a value out of range. */
const char *cf_verdict_name(cf_verdict v);
/* Returns 0, or CF_EUSAGE (err filled) for an unknown name. */
int cf_verdict_parse(const char *text, cf_verdict *out, cf_error *err);

/* One conclusion. */
typedef struct cf_result {
	char *id;
	const char *kind; /* "claim", "conflict", "subperiod", "cumulative",
			     "parts", "delivery" (static) */
	char *text;	  /* the claim, or what the cross-check compares */
	cf_verdict verdict;
	bool within_rounding;
	/* A consistent == / ~= claim whose figures cannot pin the value
	 * down (cf_result_is_weak, evaluate.h): the note gives the range
	 * they allow. */
	bool weak;
	cf_interval computed, stated;
	double deviation; /* (mid computed - mid stated) / |mid stated|, or
			     NaN */
	cf_unit unit;	  /* of the computed value, for display (PERCENT:
			     fractions shown as %) */
	char *source;	  /* the claim's source; NULL for cross-checks */
	char *quote;
	size_t nfigures;
	const cf_figure **figures; /* that entered, borrowed from the dataset */
	size_t nmissing;
	char **missing; /* "series[period]" (with "@src" when restricted) */
	bool has_implied;
	char *implied_series;
	cf_period implied_period;
	cf_interval implied; /* in the series' own unit (percent as percent) */
	cf_unit implied_unit;
	char *note; /* for people: missing figures, implied figure,
		       conflicts; NULL when nothing to say */
} cf_result;

typedef struct cf_results {
	size_t n, cap;
	cf_result *items;
} cf_results;

/* A new zeroed result at the end of rs (deviation NaN, intervals empty,
 * unit RATIO); NULL when out of memory (rs unchanged). */
cf_result *cf_results_push(cf_results *rs);
/* Adds a figure to r's list unless already there.  0 or CF_ENOMEM (r
 * unchanged). */
int cf_result_add_figure(cf_result *r, const cf_figure *f);
/* Sorts in place, most severe first, ties by id. */
void cf_results_sort(cf_results *rs);
/* Frees what r owns and zeroes it. */
void cf_result_clear(cf_result *r);
/* Frees the items (not rs) and zeroes rs. */
void cf_results_free(cf_results *rs);

/* (mid computed - mid stated) / |mid stated|; NaN when not finite (an
 * unbounded or empty interval, a stated midpoint of 0). */
double cf_deviation(cf_interval computed, cf_interval stated);

/* "consistent", "consistent (within rounding)", "consistent (weak)"…:
 * the verdict with its flags, as every output shows it.  Returns buf. */
char *cf_result_verdict_text(const cf_result *r, char *buf, size_t size);

#endif
