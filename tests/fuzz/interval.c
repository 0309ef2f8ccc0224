/* Fuzzes interval arithmetic (interval.h) against its defining property:
 * for every x in a and y in b, x OP y (computed in double) lies in
 * a OP b.  Rounding to nearest is monotonic, so the ends computed from the
 * ends bound every product of inner points exactly; only pow and cagr go
 * through libm and get a relative slack.  Input: four doubles (a.lo, a.hi,
 * b.lo, b.hi), a byte of open-end flags and the exponent / years byte. */
#include <math.h>
#include <string.h>

#include "cifra/cifra.h"
#include "fuzz.h"

#define NS 12

/* Points of a to try: its ends, the middle, the doubles next to the ends,
 * a few plain numbers; only those a contains are kept. */
static size_t samples(cf_interval a, double *out)
{
	double c[NS] = {a.lo,
			a.hi,
			a.lo / 2 + a.hi / 2,
			nextafter(a.lo, INFINITY),
			nextafter(a.hi, -INFINITY),
			0,
			1,
			-1,
			1e300,
			-1e300,
			a.lo + 1,
			a.hi - 1};
	size_t n = 0;
	for (size_t i = 0; i < NS; i++)
		if (cf_interval_contains(a, c[i]))
			out[n++] = c[i];
	return n;
}

/* v lies in r, the open ends counted as closed (the operation on a closed
 * inner point can round onto an open end), with a relative slack. */
static bool inside(cf_interval r, double v, double slack)
{
	if (isnan(v))
		return true; /* inf - inf, 0 * inf: nothing to check */
	double tol_lo = isinf(r.lo) ? 0 : slack * fabs(r.lo);
	double tol_hi = isinf(r.hi) ? 0 : slack * fabs(r.hi);
	return !cf_interval_is_empty(r) && v >= r.lo - tol_lo &&
	       v <= r.hi + tol_hi;
}

static void check_pair(cf_interval a, cf_interval b, double x, double y)
{
	FUZZ_ASSERT(inside(cf_interval_add(a, b), x + y, 0));
	FUZZ_ASSERT(inside(cf_interval_sub(a, b), x - y, 0));
	FUZZ_ASSERT(inside(cf_interval_mul(a, b), x * y, 0));
	if (y != 0)
		FUZZ_ASSERT(inside(cf_interval_div(a, b), x / y, 0));
	FUZZ_ASSERT(inside(cf_interval_min(a, b), fmin(x, y), 0));
	FUZZ_ASSERT(inside(cf_interval_max(a, b), fmax(x, y), 0));
	if (x == y)
		FUZZ_ASSERT(
		    cf_interval_contains(cf_interval_intersect(a, b), x));
	FUZZ_ASSERT(cf_interval_meets(a, b) || x != y);
	cf_interval h = cf_interval_hull(a, b);
	FUZZ_ASSERT(cf_interval_contains(h, x) && cf_interval_contains(h, y));
	int lt = cf_interval_always_less(a, b);
	int le = cf_interval_always_less_equal(a, b);
	FUZZ_ASSERT(lt != 1 || x < y);
	FUZZ_ASSERT(lt != -1 || !(x < y));
	FUZZ_ASSERT(le != 1 || x <= y);
	FUZZ_ASSERT(le != -1 || !(x <= y));
	if (x > 0 && y > 0) {
		cf_interval g = cf_interval_growth(a, b);
		if (!cf_interval_is_empty(g))
			FUZZ_ASSERT(inside(g, y / x - 1, 1e-12));
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	double v[4];
	if (size < sizeof v + 2)
		return 0;
	memcpy(v, data, sizeof v);
	uint8_t flags = data[sizeof v], e8 = data[sizeof v + 1];
	for (int i = 0; i < 4; i++)
		if (isnan(v[i]))
			return 0;
	cf_interval a = {v[0], v[1], flags & 1, flags & 2};
	cf_interval b = {v[2], v[3], flags & 4, flags & 8};
	/* what the library builds: infinite ends are open */
	a.lo_open |= isinf(a.lo), a.hi_open |= isinf(a.hi);
	b.lo_open |= isinf(b.lo), b.hi_open |= isinf(b.hi);
	if (cf_interval_is_empty(a) || cf_interval_is_empty(b))
		return 0;
	double xs[NS], ys[NS];
	size_t nx = samples(a, xs), ny = samples(b, ys);
	for (size_t i = 0; i < nx; i++) {
		FUZZ_ASSERT(inside(cf_interval_neg(a), -xs[i], 0));
		for (size_t j = 0; j < ny; j++)
			check_pair(a, b, xs[i], ys[j]);
	}
	double e = (e8 + 1) / 16.0; /* an exponent in (0, 16] */
	cf_interval p = cf_interval_pow(a, e);
	for (size_t i = 0; i < nx; i++)
		if (xs[i] >= 0 && isfinite(pow(xs[i], e)))
			FUZZ_ASSERT(inside(p, pow(xs[i], e), 1e-12));
	double years = e8 % 30 + 1;
	cf_interval c = cf_interval_cagr(a, b, years);
	for (size_t i = 0; i < nx; i++)
		for (size_t j = 0; j < ny; j++)
			if (xs[i] > 0 && ys[j] > 0 &&
			    isfinite(pow(ys[j] / xs[i], 1 / years)))
				FUZZ_ASSERT(
				    inside(c, pow(ys[j] / xs[i], 1 / years) - 1,
					   1e-12));
	double mid = cf_interval_mid(a);
	FUZZ_ASSERT(isnan(mid) || isinf(mid) || inside(a, mid, 0));
	return 0;
}
