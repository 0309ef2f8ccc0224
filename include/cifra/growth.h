/* growth.h — growth figures of one series: year-on-year, CAGR, log-linear
 * trend (GSL least squares, Student-t 95% interval), doubling time.
 *
 * YoY and CAGR are interval arithmetic on the cited intervals.  When a series
 * has several figures for one period, their intersection is the value (they
 * state one quantity); an empty intersection (a conflict) leaves that period
 * without a value, reported as such.  The trend is a fit on the midpoints of
 * the annual (CF_PERIOD_YEAR) values: its uncertainty is the fit's, from the
 * scatter of the points. */
#ifndef CIFRA_GROWTH_H
#define CIFRA_GROWTH_H

#include <stdbool.h>
#include <stddef.h>

#include "cifra/dataset.h"
#include "cifra/error.h"
#include "cifra/interval.h"
#include "cifra/period.h"

/* The value of a series at one period: the intersection of its figures. */
typedef struct cf_point {
	cf_period period;
	cf_interval value;
	double written; /* the value as written (first figure), base units */
	size_t nfigures;
	bool conflict; /* figures do not meet: value is empty */
} cf_point;

/* YoY of one period against its same-shaped predecessor. */
typedef struct cf_yoy {
	cf_period period, base;
	cf_interval growth; /* fraction: 0.423 = 42.3% */
	double written;	    /* the same on the values as written */
	bool has_base;	    /* false: no predecessor (growth is missing) */
} cf_yoy;

typedef struct cf_trend {
	size_t n; /* annual points used */
	int first_year, last_year;
	double rate;		 /* exp(slope) - 1, per year */
	double rate_lo, rate_hi; /* 95% CI (needs n >= 3, else NaN) */
	double slope, intercept, cov11, sumsq;
	double doubling_years;		 /* ln 2 / slope; inf when slope <= 0 */
	double doubling_lo, doubling_hi; /* from the CI of the slope */
} cf_trend;

typedef struct cf_growth {
	char *series;
	size_t npoints;
	cf_point *points; /* one per distinct period, sorted */
	size_t nyoy;
	cf_yoy *yoy; /* one per point that is not TO_DATE */
	bool has_cagr;
	cf_period cagr_from, cagr_to;
	cf_interval cagr; /* fraction per year */
	double cagr_written;
	bool has_trend;
	cf_trend trend;
} cf_growth;

/* The points of a series, one per period (cf_period_equal), in
 * cf_period_compare order; each is cf_series_value (value.h) of that
 * period: the intersection of its figures, written the value as written of
 * its first figure that is not a bound (NaN when all are bounds).  *out is
 * malloc'd (free() it; NULL when the series is empty).  0, CF_EUSAGE (a
 * NULL argument) or CF_ENOMEM, err filled. */
int cf_series_points(const cf_series *s, cf_point **out, size_t *n,
		     cf_error *err);

/* Growth of a series.  from / to (NULL for no limit) restrict the periods
 * considered: a point is kept when from.first <= its first month and its last
 * month <= to.last (so a TO_DATE point is kept only without from).
 *   yoy    one per kept point that is not TO_DATE, in point order.  The base
 *          is looked up among all the series' points, in range or not (the
 *          YoY of 2015 does not change with --from 2015).  has_base is false,
 *          growth empty and written NaN when there is no same-shaped base
 *          or either side is a conflict: a gap is never filled.
 *   cagr   from the first to the last annual point in range that is not a
 *          conflict (has_cagr false when there are fewer than two);
 *          cagr_written is NaN when a written value is not positive.
 *   trend  on the annual points in range with a positive, finite midpoint;
 *          conflicts and half lines ("over 300": a bound, no midpoint) are
 *          left out.  x is the year.  Needs two points (the CI three).
 * *out is allocated (series name copied; nothing borrowed from s) and
 * freed by the caller with cf_growth_free (NULL: no-op).  0, CF_EUSAGE (s
 * or out NULL) or CF_ENOMEM, err filled; on error *out is NULL. */
int cf_growth_compute(const cf_series *s, const cf_period *from,
		      const cf_period *to, cf_growth **out, cf_error *err);
void cf_growth_free(cf_growth *g);

/* Ordinary least squares y = c0 + c1 x (gsl_fit_linear), with what the
 * NIST StRD certifies for a linear fit (tests/data/nist/): coefficients,
 * their standard errors and the residual standard deviation.  The trend
 * below is this fit on ln y.  Needs n >= 2 finite points with x not all
 * equal (else CF_EDATA); the error terms need n >= 3 and are NaN below. */
typedef struct cf_linear {
	size_t n;
	double c0, c1;
	double cov00, cov01, cov11;
	double sumsq;	    /* residual sum of squares */
	double se0, se1;    /* sqrt(cov00), sqrt(cov11) */
	double residual_sd; /* sqrt(sumsq / (n - 2)) */
} cf_linear;

/* Fills *out with the fit of y against x (n points; both arrays only
 * read).  Returns 0, or CF_EDATA (with err filled) as said above. */
int cf_linear_fit(const double *x, const double *y, size_t n, cf_linear *out,
		  cf_error *err);

/* Log-linear least-squares fit of y against x (y > 0, x in years), with the
 * 95% CI of the growth rate.  Returns CF_EDATA when n < 2, a y <= 0 or not
 * finite, or the x are all equal.  Allocates nothing for n <=
 * CF_TREND_STACK_MAX (grouped growth calls it once per group); first_year /
 * last_year are the smallest / largest x, truncated. */
#define CF_TREND_STACK_MAX 256
int cf_trend_fit(const double *x, const double *y, size_t n, cf_trend *out,
		 cf_error *err);

/* The same on ln y already taken by the caller: never allocates. */
int cf_trend_fit_ln(const double *x, const double *lny, size_t n, cf_trend *out,
		    cf_error *err);

#endif
