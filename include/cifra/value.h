/* value.h — what the figures of a dataset say about one series at one
 * period: the one rule (SPEC §1, §4) that growth, claims, cross-checks and
 * the conflict list all use, so they never disagree about a period.
 *
 * Nothing here allocates except cf_series_values and cf_dataset_conflicts
 * (their arrays are the caller's to free()).  Pointers to figures borrow
 * from the dataset: valid while it lives (it never changes once loaded,
 * dataset.h). */
#ifndef CIFRA_VALUE_H
#define CIFRA_VALUE_H

#include <stdbool.h>
#include <stddef.h>

#include "cifra/dataset.h"
#include "cifra/error.h"

/* What the figures say about one series at one period (SPEC §4): the one
 * rule that growth, claims, cross-checks and conflicts all use.
 *
 * The figures of the series whose period equals the asked one
 * (cf_period_equal) state one quantity, so the value is the intersection
 * of their intervals.  Two restrictions narrow the figures used:
 *   only_source  (`series[period]@src`): only that source's figures count;
 *                with none, the value is missing.
 *   own_source   (the claim's source): when all the figures do not meet, the
 *                own source's figures are used instead if they meet.
 * Otherwise figures that do not meet are a conflict: the value is empty.
 *
 * The interval is in the figures' unit (base units; percent as percent).
 * written is the value as written of the figure a reader would quote: the
 * own source's when it has one, else the first used figure (series order:
 * cited before reference) that is not a bound; NaN when every used figure is
 * a bound ("over 300" has no point to redo arithmetic on).  It is set for a
 * conflict too (the figure a reader sees first).
 *
 * Ownership: figures points into s (borrowed; valid while the dataset is
 * unchanged and alive).  No allocation, no failure. */
typedef struct cf_value {
	cf_interval interval;		 /* empty when missing or conflict */
	const cf_figure *const *figures; /* every figure of the period */
	size_t nfigures;		 /* 0: the series has no figure then */
	const char *source; /* non-NULL: only this source's figures are used
			       (@source, or the own-source rule applied) */
	size_t nused;	    /* figures used; 0 means missing */
	bool conflict;	    /* the used figures do not meet */
	bool bound;	    /* a used figure is a bound (over, under…) */
	double written;
} cf_value;

/* s may be NULL (a series the dataset lacks: missing). only_source and
 * own_source may be NULL. */
void cf_series_value(const cf_series *s, const cf_period *period,
		     const char *only_source, const char *own_source,
		     cf_value *out);
/* One cf_series_value per period of s (no restriction), in period order,
 * into *out (malloc'd: free() it; NULL when s is NULL or empty).  Each
 * value's period is that of its figures[0].  0 or CF_ENOMEM. */
int cf_series_values(const cf_series *s, cf_value **out, size_t *n,
		     cf_error *err);
/* cf_series_value, looking the series up by name. */
void cf_dataset_value(const cf_dataset *ds, const char *series,
		      const cf_period *period, const char *only_source,
		      const char *own_source, cf_value *out);
/* Whether f is one of the figures v's interval was taken from. */
bool cf_value_uses(const cf_value *v, const cf_figure *f);

/* A pair of figures of the same series and period whose intervals do not
 * meet. */
typedef struct cf_conflict {
	const cf_figure *a, *b;
} cf_conflict;

/* All conflicting pairs (two figures of one series and period whose
 * intervals do not meet), in series then period order.  *out is malloc'd
 * (free() it; NULL when *n is 0).  0 or CF_ENOMEM (err filled). */
int cf_dataset_conflicts(const cf_dataset *ds, cf_conflict **out, size_t *n,
			 cf_error *err);

#endif
