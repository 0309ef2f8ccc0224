#include "cifra/interval.h"

#include <math.h>

/* One end candidate of a result: a value and whether it is attained. */
typedef struct end {
	double v;
	bool open;
	bool valid; /* false for inf/inf, which says nothing about the end */
} end;

/* Infinite ends are never attained: no real number sits there.  Keeping
 * them open makes "lo == hi with an open end" catch [inf, inf] as empty. */
static cf_interval make(double lo, bool lo_open, double hi, bool hi_open)
{
	cf_interval r = {lo, hi, lo_open || isinf(lo), hi_open || isinf(hi)};
	if (cf_interval_is_empty(r))
		return cf_interval_empty();
	return r;
}

cf_interval cf_interval_point(double x)
{
	return make(x, false, x, false);
}

cf_interval cf_interval_closed(double lo, double hi)
{
	return make(lo, false, hi, false);
}

cf_interval cf_interval_all(void)
{
	cf_interval r = {-INFINITY, INFINITY, true, true};
	return r;
}

cf_interval cf_interval_empty(void)
{
	cf_interval r = {INFINITY, -INFINITY, true, true};
	return r;
}

bool cf_interval_is_empty(cf_interval a)
{
	if (isnan(a.lo) || isnan(a.hi))
		return true;
	if (a.lo > a.hi)
		return true;
	if (a.lo == a.hi && (a.lo_open || a.hi_open || isinf(a.lo)))
		return true;
	return false;
}

bool cf_interval_is_point(cf_interval a)
{
	return !cf_interval_is_empty(a) && a.lo == a.hi;
}

bool cf_interval_is_bounded(cf_interval a)
{
	return !cf_interval_is_empty(a) && isfinite(a.lo) && isfinite(a.hi);
}

bool cf_interval_contains(cf_interval a, double x)
{
	if (cf_interval_is_empty(a) || isnan(x) || isinf(x))
		return false;
	bool above_lo = x > a.lo || (x == a.lo && !a.lo_open);
	bool below_hi = x < a.hi || (x == a.hi && !a.hi_open);
	return above_lo && below_hi;
}

/* The larger of two lower ends; on a tie the end is attained only when
 * both are (used for intersections). */
static void max_lo_strict(double a, bool ao, double b, bool bo, double *v,
			  bool *open)
{
	if (a != b) {
		*v = a > b ? a : b;
		*open = a > b ? ao : bo;
	} else {
		*v = a;
		*open = ao || bo;
	}
}

cf_interval cf_interval_intersect(cf_interval a, cf_interval b)
{
	if (cf_interval_is_empty(a) || cf_interval_is_empty(b))
		return cf_interval_empty();
	double lo, hi;
	bool lo_open, hi_open;
	max_lo_strict(a.lo, a.lo_open, b.lo, b.lo_open, &lo, &lo_open);
	/* min of the upper ends is the max of their negations */
	max_lo_strict(-a.hi, a.hi_open, -b.hi, b.hi_open, &hi, &hi_open);
	return make(lo, lo_open, -hi, hi_open);
}

bool cf_interval_meets(cf_interval a, cf_interval b)
{
	return !cf_interval_is_empty(cf_interval_intersect(a, b));
}

/* The smaller of two lower ends; on a tie the end is attained when either
 * is (used for hulls and for min/max). */
static void min_lo_loose(double a, bool ao, double b, bool bo, double *v,
			 bool *open)
{
	if (a != b) {
		*v = a < b ? a : b;
		*open = a < b ? ao : bo;
	} else {
		*v = a;
		*open = ao && bo;
	}
}

cf_interval cf_interval_hull(cf_interval a, cf_interval b)
{
	if (cf_interval_is_empty(a))
		return cf_interval_is_empty(b) ? cf_interval_empty() : b;
	if (cf_interval_is_empty(b))
		return a;
	double lo, hi;
	bool lo_open, hi_open;
	min_lo_loose(a.lo, a.lo_open, b.lo, b.lo_open, &lo, &lo_open);
	min_lo_loose(-a.hi, a.hi_open, -b.hi, b.hi_open, &hi, &hi_open);
	return make(lo, lo_open, -hi, hi_open);
}

cf_interval cf_interval_neg(cf_interval a)
{
	if (cf_interval_is_empty(a))
		return cf_interval_empty();
	return make(-a.hi, a.hi_open, -a.lo, a.lo_open);
}

cf_interval cf_interval_add(cf_interval a, cf_interval b)
{
	if (cf_interval_is_empty(a) || cf_interval_is_empty(b))
		return cf_interval_empty();
	/* Non-empty intervals have lo < +inf and hi > -inf, so no inf - inf. */
	return make(a.lo + b.lo, a.lo_open || b.lo_open, a.hi + b.hi,
		    a.hi_open || b.hi_open);
}

cf_interval cf_interval_sub(cf_interval a, cf_interval b)
{
	return cf_interval_add(a, cf_interval_neg(b));
}

/* x * y for ends of two intervals.  A closed zero end makes the product
 * exactly zero whatever the other factor, even an unbounded one. */
static end product(double x, bool xo, double y, bool yo)
{
	end e = {0.0, false, true};
	if ((x == 0 && !xo) || (y == 0 && !yo))
		return e;
	if (x == 0 || y == 0) {
		e.open = true;
		return e;
	}
	e.v = x * y;
	e.open = xo || yo;
	return e;
}

/* x / y for ends of two intervals; y_side is the sign of the divisor's
 * values near this end (+1 or -1), which decides the sign of x / 0. */
static end quotient(double x, bool xo, double y, bool yo, int y_side)
{
	end e = {0.0, false, true};
	if (x == 0) {
		e.open = xo;
		return e;
	}
	if (y == 0) { /* an open zero end: the quotient runs off to infinity */
		e.v = ((x > 0) == (y_side > 0)) ? INFINITY : -INFINITY;
		e.open = true;
		return e;
	}
	if (isinf(x) && isinf(y)) {
		e.valid = false;
		return e;
	}
	e.v = x / y;
	e.open = xo || yo || isinf(x) || isinf(y);
	return e;
}

/* The interval spanned by four end candidates; among equal extremes the
 * end is attained when any candidate attains it. */
static cf_interval span(const end c[4])
{
	double lo = INFINITY, hi = -INFINITY;
	bool lo_open = true, hi_open = true;
	for (int i = 0; i < 4; i++) {
		if (!c[i].valid)
			continue;
		double v = c[i].v == 0 ? 0.0 : c[i].v; /* no -0 in results */
		if (v < lo || (v == lo && !c[i].open)) {
			lo_open = v < lo ? c[i].open : false;
			lo = v;
		}
		if (v > hi || (v == hi && !c[i].open)) {
			hi_open = v > hi ? c[i].open : false;
			hi = v;
		}
	}
	return make(lo, lo_open, hi, hi_open);
}

cf_interval cf_interval_mul(cf_interval a, cf_interval b)
{
	if (cf_interval_is_empty(a) || cf_interval_is_empty(b))
		return cf_interval_empty();
	end c[4] = {product(a.lo, a.lo_open, b.lo, b.lo_open),
		    product(a.lo, a.lo_open, b.hi, b.hi_open),
		    product(a.hi, a.hi_open, b.lo, b.lo_open),
		    product(a.hi, a.hi_open, b.hi, b.hi_open)};
	return span(c);
}

static bool is_zero_point(cf_interval a)
{
	return cf_interval_is_point(a) && a.lo == 0;
}

cf_interval cf_interval_div(cf_interval a, cf_interval b)
{
	if (cf_interval_is_empty(a) || cf_interval_is_empty(b))
		return cf_interval_empty();
	if (is_zero_point(b))
		return cf_interval_all();
	if (is_zero_point(a)) /* 0 / y is 0 for every admissible y != 0 */
		return a;
	if (b.lo < 0 && b.hi > 0)
		return cf_interval_all();
	/* A zero end of the divisor is left out (quotient() sends it to the
	 * unbounded side): nothing is divided by zero itself. */
	end c[4] = {quotient(a.lo, a.lo_open, b.lo, b.lo_open, 1),
		    quotient(a.lo, a.lo_open, b.hi, b.hi_open, -1),
		    quotient(a.hi, a.hi_open, b.lo, b.lo_open, 1),
		    quotient(a.hi, a.hi_open, b.hi, b.hi_open, -1)};
	return span(c);
}

cf_interval cf_interval_min(cf_interval a, cf_interval b)
{
	if (cf_interval_is_empty(a) || cf_interval_is_empty(b))
		return cf_interval_empty();
	double lo, hi;
	bool lo_open, hi_open;
	min_lo_loose(a.lo, a.lo_open, b.lo, b.lo_open, &lo, &lo_open);
	/* min(x, y) reaches a common upper end only when both do */
	max_lo_strict(-a.hi, a.hi_open, -b.hi, b.hi_open, &hi, &hi_open);
	return make(lo, lo_open, -hi, hi_open);
}

cf_interval cf_interval_max(cf_interval a, cf_interval b)
{
	return cf_interval_neg(
	    cf_interval_min(cf_interval_neg(a), cf_interval_neg(b)));
}

static double pow_end(double x, double e)
{
	if (isinf(x))
		return INFINITY;
	return pow(x, e);
}

cf_interval cf_interval_pow(cf_interval a, double e)
{
	if (!(e > 0) || isinf(e))
		return cf_interval_empty();
	a = cf_interval_intersect(a, make(0, false, INFINITY, true));
	if (cf_interval_is_empty(a))
		return cf_interval_empty();
	return make(pow_end(a.lo, e), a.lo_open, pow_end(a.hi, e), a.hi_open);
}

cf_interval cf_interval_cagr(cf_interval a, cf_interval b, double years)
{
	if (!(years > 0) || isinf(years))
		return cf_interval_all();
	cf_interval ratio = cf_interval_div(b, a);
	cf_interval root = cf_interval_pow(ratio, 1.0 / years);
	return cf_interval_sub(root, cf_interval_point(1.0));
}

cf_interval cf_interval_growth(cf_interval a, cf_interval b)
{
	return cf_interval_sub(cf_interval_div(b, a), cf_interval_point(1.0));
}

double cf_interval_mid(cf_interval a)
{
	if (cf_interval_is_empty(a))
		return NAN;
	bool lo_fin = isfinite(a.lo), hi_fin = isfinite(a.hi);
	if (lo_fin && hi_fin)
		return a.lo / 2 + a.hi / 2;
	if (lo_fin)
		return a.lo;
	if (hi_fin)
		return a.hi;
	return NAN;
}

int cf_interval_always_less(cf_interval a, cf_interval b)
{
	if (cf_interval_is_empty(a) || cf_interval_is_empty(b))
		return 0;
	if (a.hi < b.lo || (a.hi == b.lo && (a.hi_open || b.lo_open)))
		return 1;
	if (a.lo >= b.hi)
		return -1;
	return 0;
}

int cf_interval_always_less_equal(cf_interval a, cf_interval b)
{
	if (cf_interval_is_empty(a) || cf_interval_is_empty(b))
		return 0;
	if (a.hi <= b.lo)
		return 1;
	if (a.lo > b.hi || (a.lo == b.hi && (a.lo_open || b.hi_open)))
		return -1;
	return 0;
}
