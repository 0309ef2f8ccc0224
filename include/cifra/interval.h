/* interval.h — interval arithmetic for cited figures (SPEC §3).
 *
 * A cited number is a range: "518.4" stands for anything that rounds to it.
 * All arithmetic on figures is done on intervals so that a recomputed figure
 * carries the honest uncertainty of its inputs.  Bounds may be infinite
 * ("over 300" is (300, +inf)) and each end may be open or closed, because
 * "over 300" excludes 300 and a claim "> 300" must fail on exactly 300.
 *
 * Operations never produce NaN: 0 * inf is taken as 0 (a zero factor kills
 * an unbounded one), division by an interval containing zero gives the whole
 * line (or a half line when the zero is at an end), and an empty interval
 * (lo > hi, or lo == hi with an open end) propagates.
 *
 * Fine print:
 * - An end computed from an open end is open; an infinite end is always
 *   open (no real number sits there), so [inf, inf] is empty.
 * - Division: by [0, 0] gives the whole line; by an interval with zero
 *   strictly inside, the whole line; a zero end of the divisor is left out
 *   ([1, 3] / [0, 2] is [0.5, +inf)); 0 (the point) divided by anything but
 *   [0, 0] is 0, since 0 / y is 0 for every y != 0.
 * - Ends are rounded to nearest, not outward: figures have a few digits and
 *   the verdicts compare ends that came from the same decimal text.
 * - Except at the edges of the doubles, where nearest would lose the whole
 *   interval: an end that overflows is rounded outward to +-DBL_MAX (open),
 *   an end that underflows to the nearest double on its side of zero, and
 *   an open interval that rounding shrinks to one double becomes that
 *   closed point.  So add, sub, mul, div, neg, min, max, pow (of a part at
 *   or above zero) and the growth functions never turn non-empty intervals
 *   into an empty one (tests/fuzz/interval.c checks that every x OP y of
 *   inner points lies in the result). */
#ifndef CIFRA_INTERVAL_H
#define CIFRA_INTERVAL_H

#include <stdbool.h>

typedef struct cf_interval {
	double lo, hi;
	bool lo_open, hi_open;
} cf_interval;

/* [x, x] */
cf_interval cf_interval_point(double x);
/* [lo, hi], closed */
cf_interval cf_interval_closed(double lo, double hi);
/* (-inf, +inf) */
cf_interval cf_interval_all(void);
cf_interval cf_interval_empty(void);

bool cf_interval_is_empty(cf_interval a);
bool cf_interval_is_point(cf_interval a);
bool cf_interval_is_bounded(cf_interval a);
bool cf_interval_contains(cf_interval a, double x);

/* Common part; empty when they do not meet.  cf_interval_meets() tells
 * whether the intersection is non-empty (open ends respected). */
cf_interval cf_interval_intersect(cf_interval a, cf_interval b);
bool cf_interval_meets(cf_interval a, cf_interval b);
/* Smallest interval holding both. */
cf_interval cf_interval_hull(cf_interval a, cf_interval b);

cf_interval cf_interval_add(cf_interval a, cf_interval b);
cf_interval cf_interval_sub(cf_interval a, cf_interval b);
cf_interval cf_interval_mul(cf_interval a, cf_interval b);
cf_interval cf_interval_div(cf_interval a, cf_interval b);
cf_interval cf_interval_neg(cf_interval a);
cf_interval cf_interval_min(cf_interval a, cf_interval b);
cf_interval cf_interval_max(cf_interval a, cf_interval b);

/* a^e for a real exponent e > 0 over a >= 0 (the CAGR root); the part of a
 * below zero is dropped, an interval wholly below zero gives empty (so does
 * an exponent that is not a finite e > 0). */
cf_interval cf_interval_pow(cf_interval a, double e);

/* (b / a) ^ (1 / years) - 1: compound annual growth from a to b.  Growth
 * rises with b and falls with a, so lo comes from b.lo / a.hi and hi from
 * b.hi / a.lo.  years must be finite and > 0; otherwise nothing is known
 * and the result is the whole line. */
cf_interval cf_interval_cagr(cf_interval a, cf_interval b, double years);

/* b / a - 1: growth from a to b. */
cf_interval cf_interval_growth(cf_interval a, cf_interval b);

/* Midpoint of a bounded interval; for a half line, its finite end; NaN for
 * the whole line or empty. */
double cf_interval_mid(cf_interval a);

/* Three-valued order used by claim verdicts: for every x in a and y in b,
 * does x < y hold always (1), never (-1) or for some values only (0)?
 * Same for <=.  Open ends count: (1, 2) < [2, 3] always holds, [1, 2] < [2, 3]
 * only for some values.  0 when either interval is empty. */
int cf_interval_always_less(cf_interval a, cf_interval b);
int cf_interval_always_less_equal(cf_interval a, cf_interval b);

#endif
