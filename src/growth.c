#include "cifra/growth.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_fit.h>

#include "cifra/figure.h"

/* ---- points ---------------------------------------------------------- */

int cf_series_points(const cf_series *s, cf_point **out, size_t *n,
		     cf_error *err)
{
	if (!s || !out || !n)
		return cf_error_set(err, CF_EUSAGE, NULL, 0, 0,
				    "cf_series_points: NULL argument");
	*out = NULL;
	*n = 0;
	if (s->count == 0)
		return 0;
	cf_value *v;
	size_t np;
	int rc = cf_series_values(s, &v, &np, err);
	cf_point *pts = rc ? NULL : calloc(np, sizeof *pts);
	if (!pts) {
		free(v);
		return rc ? rc
			  : cf_error_set(err, CF_ENOMEM, NULL, 0, 0,
					 "out of memory");
	}
	for (size_t i = 0; i < np; i++)
		pts[i] = (cf_point){.period = v[i].figures[0]->period,
				    .value = v[i].interval,
				    .written = v[i].written,
				    .nfigures = v[i].nfigures,
				    .conflict = v[i].conflict};
	free(v);
	*out = pts;
	*n = np;
	return 0;
}

/* The point of period p, or n when there is none (pts sorted). */
static size_t find_point(const cf_point *pts, size_t n, const cf_period *p)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = cf_period_compare(&pts[mid].period, p);
		if (c == 0)
			return mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return n;
}

/* ---- year on year, CAGR ---------------------------------------------- */

static bool in_range(const cf_period *p, const cf_period *from,
		     const cf_period *to)
{
	if (from && p->first < from->first)
		return false;
	if (to && p->last > to->last)
		return false;
	return true;
}

static double written_growth(double a, double b)
{
	if (a == 0 || !isfinite(a) || !isfinite(b))
		return NAN;
	return b / a - 1;
}

static cf_yoy yoy_of(const cf_point *p, const cf_point *all, size_t nall)
{
	cf_yoy y = {.period = p->period,
		    .base = cf_period_prev_year(&p->period),
		    .growth = cf_interval_empty(),
		    .written = NAN};
	size_t k = find_point(all, nall, &y.base);
	if (k == nall || p->conflict || all[k].conflict)
		return y;
	y.has_base = true;
	y.growth = cf_interval_growth(all[k].value, p->value);
	y.written = written_growth(all[k].written, p->written);
	return y;
}

static bool usable_annual(const cf_point *p)
{
	return cf_period_is_year(&p->period) && !p->conflict;
}

static void compute_cagr(cf_growth *g)
{
	const cf_point *a = NULL, *b = NULL;
	for (size_t i = 0; i < g->npoints; i++) {
		if (!usable_annual(&g->points[i]))
			continue;
		if (!a)
			a = &g->points[i];
		b = &g->points[i];
	}
	if (!a || a == b)
		return;
	double years = cf_period_years_between(&a->period, &b->period);
	if (!(years > 0))
		return;
	g->has_cagr = true;
	g->cagr_from = a->period;
	g->cagr_to = b->period;
	g->cagr = cf_interval_cagr(a->value, b->value, years);
	g->cagr_written = NAN;
	if (a->written > 0 && b->written >= 0 && isfinite(b->written))
		g->cagr_written = pow(b->written / a->written, 1 / years) - 1;
}

/* ---- fits ------------------------------------------------------------ */

static int check_finite(const double *v, size_t n, const char *what,
			cf_error *err)
{
	for (size_t i = 0; i < n; i++)
		if (!isfinite(v[i]))
			return cf_error_set(err, CF_EDATA, NULL, 0, 0,
					    "fit: %s[%zu] is not finite", what,
					    i);
	return 0;
}

int cf_linear_fit(const double *x, const double *y, size_t n, cf_linear *out,
		  cf_error *err)
{
	if (!x || !y || !out)
		return cf_error_set(err, CF_EUSAGE, NULL, 0, 0,
				    "cf_linear_fit: NULL argument");
	if (n < 2)
		return cf_error_set(err, CF_EDATA, NULL, 0, 0,
				    "fit: needs 2 points, got %zu", n);
	int rc = check_finite(x, n, "x", err);
	if (!rc)
		rc = check_finite(y, n, "y", err);
	if (rc)
		return rc;
	size_t i = 1;
	while (i < n && x[i] == x[0])
		i++;
	if (i == n)
		return cf_error_set(err, CF_EDATA, NULL, 0, 0,
				    "fit: all x are equal");
	gsl_set_error_handler_off();
	cf_linear r = {.n = n};
	int st = gsl_fit_linear(x, 1, y, 1, n, &r.c0, &r.c1, &r.cov00, &r.cov01,
				&r.cov11, &r.sumsq);
	if (st != GSL_SUCCESS || !isfinite(r.c0) || !isfinite(r.c1))
		return cf_error_set(err, CF_EDATA, NULL, 0, 0, "fit: %s",
				    st ? gsl_strerror(st) : "no finite fit");
	if (n < 3) {
		/* Two points fit exactly: no residual degree of freedom, no
		 * variance estimate (GSL divides by n - 2 = 0). */
		r.cov00 = r.cov01 = r.cov11 = NAN;
		r.se0 = r.se1 = r.residual_sd = NAN;
	} else {
		r.se0 = sqrt(r.cov00);
		r.se1 = sqrt(r.cov11);
		r.residual_sd = sqrt(r.sumsq / (double)(n - 2));
	}
	*out = r;
	return 0;
}

static double doubling(double slope)
{
	/* M_LN2 is not in strict C11 / POSIX without XSI. */
	static const double ln2 = 0.693147180559945309417232121458;
	return slope > 0 ? ln2 / slope : INFINITY;
}

static void year_span(const double *x, size_t n, cf_trend *t)
{
	double lo = x[0], hi = x[0];
	for (size_t i = 1; i < n; i++) {
		lo = fmin(lo, x[i]);
		hi = fmax(hi, x[i]);
	}
	t->first_year = (int)lo;
	t->last_year = (int)hi;
}

int cf_trend_fit_ln(const double *x, const double *lny, size_t n, cf_trend *out,
		    cf_error *err)
{
	if (!out)
		return cf_error_set(err, CF_EUSAGE, NULL, 0, 0,
				    "cf_trend_fit: NULL argument");
	cf_linear l;
	int rc = cf_linear_fit(x, lny, n, &l, err);
	if (rc)
		return rc;
	cf_trend t = {.n = n,
		      .slope = l.c1,
		      .intercept = l.c0,
		      .cov11 = l.cov11,
		      .sumsq = l.sumsq,
		      .rate = expm1(l.c1),
		      .rate_lo = NAN,
		      .rate_hi = NAN,
		      .doubling_years = doubling(l.c1),
		      .doubling_lo = NAN,
		      .doubling_hi = NAN};
	year_span(x, n, &t);
	if (n >= 3) {
		double q = gsl_cdf_tdist_Pinv(0.975, (double)(n - 2));
		if (!isfinite(q))
			return cf_error_set(err, CF_EDATA, NULL, 0, 0,
					    "fit: no t quantile for %zu points",
					    n);
		double lo = l.c1 - q * l.se1, hi = l.c1 + q * l.se1;
		t.rate_lo = expm1(lo);
		t.rate_hi = expm1(hi);
		/* The faster the growth, the shorter the doubling time. */
		t.doubling_lo = doubling(hi);
		t.doubling_hi = doubling(lo);
	}
	*out = t;
	return 0;
}

static int take_logs(const double *y, double *lny, size_t n, cf_error *err)
{
	for (size_t i = 0; i < n; i++) {
		if (!(y[i] > 0) || !isfinite(y[i]))
			return cf_error_set(err, CF_EDATA, NULL, 0, 0,
					    "trend: y[%zu] = %g is not a "
					    "positive number",
					    i, y[i]);
		lny[i] = log(y[i]);
	}
	return 0;
}

int cf_trend_fit(const double *x, const double *y, size_t n, cf_trend *out,
		 cf_error *err)
{
	if (!x || !y || !out)
		return cf_error_set(err, CF_EUSAGE, NULL, 0, 0,
				    "cf_trend_fit: NULL argument");
	double stack[CF_TREND_STACK_MAX];
	double *lny = stack;
	if (n > CF_TREND_STACK_MAX && !(lny = malloc(n * sizeof *lny)))
		return cf_error_set(err, CF_ENOMEM, NULL, 0, 0,
				    "out of memory");
	int rc = take_logs(y, lny, n, err);
	if (!rc)
		rc = cf_trend_fit_ln(x, lny, n, out, err);
	if (lny != stack)
		free(lny);
	return rc;
}

/* The trend runs on the midpoints of annual values.  A half line ("over
 * 300") has no midpoint, only a bound, so it is left out rather than
 * standing in for a value it is not; so are conflicts and values whose
 * midpoint is not positive (no logarithm). */
static bool trend_value(const cf_point *p, double *y)
{
	if (!usable_annual(p) || !cf_interval_is_bounded(p->value))
		return false;
	*y = cf_interval_mid(p->value);
	return isfinite(*y) && *y > 0;
}

static int compute_trend(cf_growth *g, cf_error *err)
{
	double *x = malloc((g->npoints + 1) * sizeof *x);
	double *y = malloc((g->npoints + 1) * sizeof *y);
	if (!x || !y) {
		free(x);
		free(y);
		return cf_error_set(err, CF_ENOMEM, NULL, 0, 0,
				    "out of memory");
	}
	size_t n = 0;
	for (size_t i = 0; i < g->npoints; i++) {
		if (!trend_value(&g->points[i], &y[n]))
			continue;
		x[n++] = cf_period_first_year(&g->points[i].period);
	}
	int rc = 0;
	if (n >= 2) {
		rc = cf_trend_fit(x, y, n, &g->trend, err);
		g->has_trend = rc == 0;
	}
	free(x);
	free(y);
	return rc;
}

/* ---- the whole ------------------------------------------------------- */

static int keep_points(cf_growth *g, const cf_point *all, size_t nall,
		       const cf_period *from, const cf_period *to)
{
	g->points = malloc((nall + 1) * sizeof *g->points);
	g->yoy = malloc((nall + 1) * sizeof *g->yoy);
	if (!g->points || !g->yoy)
		return CF_ENOMEM;
	for (size_t i = 0; i < nall; i++) {
		if (!in_range(&all[i].period, from, to))
			continue;
		g->points[g->npoints++] = all[i];
		/* The base of a kept period may lie before `from`: the YoY of
		 * 2015 is a fact about 2015 and stays the same whatever range
		 * is shown. */
		if (all[i].period.kind != CF_PERIOD_TO_DATE)
			g->yoy[g->nyoy++] = yoy_of(&all[i], all, nall);
	}
	return 0;
}

int cf_growth_compute(const cf_series *s, const cf_period *from,
		      const cf_period *to, cf_growth **out, cf_error *err)
{
	if (!s || !out)
		return cf_error_set(err, CF_EUSAGE, NULL, 0, 0,
				    "cf_growth_compute: NULL argument");
	*out = NULL;
	cf_point *all;
	size_t nall;
	int rc = cf_series_points(s, &all, &nall, err);
	if (rc)
		return rc;
	cf_growth *g = calloc(1, sizeof *g);
	if (!g || !(g->series = strdup(s->name ? s->name : "")) ||
	    keep_points(g, all, nall, from, to)) {
		free(all);
		cf_growth_free(g);
		return cf_error_set(err, CF_ENOMEM, NULL, 0, 0,
				    "out of memory");
	}
	free(all);
	compute_cagr(g);
	rc = compute_trend(g, err);
	if (rc) {
		cf_growth_free(g);
		return rc;
	}
	*out = g;
	return 0;
}

void cf_growth_free(cf_growth *g)
{
	if (!g)
		return;
	free(g->series);
	free(g->points);
	free(g->yoy);
	free(g);
}
