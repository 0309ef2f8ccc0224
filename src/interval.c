#include "cifra/interval.h"

#include <float.h>
#include <math.h>

/* One end candidate of a result: a value and whether it is attained. */
typedef struct end {
	double v;
	bool open;
	bool valid; /* false for inf/inf, which says nothing about the end */
	bool over;  /* finite operands overflowed to an infinite v */
	int under;  /* +1 / -1: non-zero operands underflowed to 0 from the
		       positive / negative side */
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

/* The result of an operation on non-empty intervals, which is never empty:
 * when rounding to nearest brings an open end onto the other end
 * ((4.5e-72, 3.4e-21) - 1 is (-1, -1) in doubles), the result is the
 * closed point there, not the empty set. */
static cf_interval make_result(double lo, bool lo_open, double hi, bool hi_open)
{
	if (lo == hi && isfinite(lo))
		lo_open = hi_open = false;
	return make(lo, lo_open, hi, hi_open);
}

/* Ends computed from finite operands that overflowed: the true lower end
 * lies beyond DBL_MAX, not at +inf (which would make the interval empty),
 * so it becomes (DBL_MAX; likewise an upper end below -DBL_MAX becomes
 * -DBL_MAX).  Rounded outward, since nearest does not exist there. */
static cf_interval make_outward(double lo, bool lo_open, bool lo_over,
				double hi, bool hi_open, bool hi_over)
{
	if (lo_over && lo == INFINITY)
		lo = DBL_MAX, lo_open = true;
	if (hi_over && hi == -INFINITY)
		hi = -DBL_MAX, hi_open = true;
	return make_result(lo, lo_open, hi, hi_open);
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
	/* Non-empty intervals have lo < +inf and hi > -inf, so no inf - inf.
	 * Sums of finite ends can overflow; they cannot underflow to a false
	 * zero (a sum of doubles that is zero is exactly zero). */
	return make_outward(a.lo + b.lo, a.lo_open || b.lo_open,
			    isfinite(a.lo) && isfinite(b.lo), a.hi + b.hi,
			    a.hi_open || b.hi_open,
			    isfinite(a.hi) && isfinite(b.hi));
}

cf_interval cf_interval_sub(cf_interval a, cf_interval b)
{
	return cf_interval_add(a, cf_interval_neg(b));
}

/* An end computed from finite non-zero x and y that overflowed (the true
 * value is beyond the largest double) or underflowed to zero (the true value
 * is a tiny non-zero number of the sign of x y): flagged, so that span()
 * rounds that end outward instead of making (1e-200, 2e-200) squared or
 * [-3, -2] / (0, 1e-312] empty. */
static void finite_result(end *e, double x, double y)
{
	if (!isfinite(x) || !isfinite(y))
		return;
	if (isinf(e->v))
		e->over = true;
	else if (e->v == 0 && x != 0 && y != 0)
		e->under = (x > 0) == (y > 0) ? 1 : -1;
}

/* x * y for ends of two intervals.  A closed zero end makes the product
 * exactly zero whatever the other factor, even an unbounded one. */
static end product(double x, bool xo, double y, bool yo)
{
	end e = {0.0, false, true, false, 0};
	if ((x == 0 && !xo) || (y == 0 && !yo))
		return e;
	if (x == 0 || y == 0) {
		e.open = true;
		return e;
	}
	e.v = x * y;
	e.open = xo || yo;
	finite_result(&e, x, y);
	return e;
}

/* x / y for ends of two intervals; y_side is the sign of the divisor's
 * values near this end (+1 or -1), which decides the sign of x / 0. */
static end quotient(double x, bool xo, double y, bool yo, int y_side)
{
	end e = {0.0, false, true, false, 0};
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
	finite_result(&e, x, y);
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
		/* an overflowed candidate bounds from beyond +-DBL_MAX, an
		 * underflowed one from the nearest double on its side of 0 */
		double vl = c[i].over && v > 0 ? DBL_MAX : v;
		double vh = c[i].over && v < 0 ? -DBL_MAX : v;
		bool ol = c[i].over ? vl != v : c[i].open;
		bool oh = c[i].over ? vh != v : c[i].open;
		if (c[i].under) {
			vl = c[i].under < 0 ? -DBL_TRUE_MIN : 0.0;
			vh = c[i].under > 0 ? DBL_TRUE_MIN : 0.0;
			ol = oh = false;
		}
		if (vl < lo || (vl == lo && !ol)) {
			lo_open = vl < lo ? ol : false;
			lo = vl;
		}
		if (vh > hi || (vh == hi && !oh)) {
			hi_open = vh > hi ? oh : false;
			hi = vh;
		}
	}
	return make_result(lo, lo_open, hi, hi_open);
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

/* x^e of a finite x > 0 that overflowed or underflowed (see
 * finite_result). */
static bool pow_over(double x, double r)
{
	return isfinite(x) && isinf(r);
}

cf_interval cf_interval_pow(cf_interval a, double e)
{
	if (!(e > 0) || isinf(e))
		return cf_interval_empty();
	a = cf_interval_intersect(a, make(0, false, INFINITY, true));
	if (cf_interval_is_empty(a))
		return cf_interval_empty();
	double lo = pow_end(a.lo, e), hi = pow_end(a.hi, e);
	/* a positive end that underflowed to 0 is rounded outward */
	bool lo_open = a.lo_open && !(lo == 0 && a.lo > 0);
	bool hi_open = a.hi_open;
	if (hi == 0 && a.hi > 0)
		hi = DBL_TRUE_MIN, hi_open = false;
	return make_outward(lo, lo_open, pow_over(a.lo, lo), hi, hi_open,
			    false);
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
	if (lo_fin && hi_fin) {
		/* halves first (no overflow); halving a subnormal rounds, so
		 * keep the result between the ends */
		double m = a.lo / 2 + a.hi / 2;
		return m < a.lo ? a.lo : m > a.hi ? a.hi : m;
	}
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
