/* evaluate.h — a parsed claim (claims.h) evaluated on a dataset with
 * interval arithmetic: its verdict, flags and the figure it implies.  The
 * dataset is only read.
 *
 * - A literal is an exact number ("> 300e9" compares with exactly 3e11),
 *   except the stated value: a plain literal (optionally negated) on the
 *   right of "==" stands for its rounding interval ("42.3%" is
 *   [0.4225, 0.4235], "35" is [34.5, 35.5]), on the right of "~=" for the
 *   point widened by the tolerance ("~= 2" at 5% is [1.9, 2.1]).  When the
 *   right side is an expression, it is computed like the left one (and for
 *   "~=" widened by the tolerance).
 * - Units: amounts are in base units (US$, not US$ bn); percentages are
 *   fractions: a figure whose unit is percent enters a claim divided by 100,
 *   so it compares with "42.3%" and with yoy(), which yields a fraction.
 * - SERIES[PERIOD] is the intersection of the intervals of all cited and
 *   reference figures of that series and period.  When they do not meet,
 *   the claim's own source's figures are used if that source has one there;
 *   otherwise the claim is unverifiable ("conflicting figures: add @source").
 *   SERIES[PERIOD]@SRC uses only that source's figures.  This is
 *   cf_dataset_value (value.h), the rule growth and the cross-checks use
 *   too.
 * - yoy(S[P]) is S[P] / S[prev year of P] - 1, the base taken with the same
 *   @source restriction; cagr(A[P], B[Q]) is the compound annual growth over
 *   cf_period_years_between(P, Q) years (which must be positive); min, max,
 *   sum take listed terms, or one S[Y1/Y2] year span meaning the annual
 *   figures of every year of the span (a missing year: unverifiable, the
 *   missing years are named).
 * - Verdicts: for <, <=, >, >= through cf_interval_always_less(_equal):
 *   consistent when the relation holds for every value of the intervals,
 *   inconsistent when for none, undetermined otherwise.  For == and ~=:
 *   consistent when computed and stated intervals meet, inconsistent when
 *   not.  A computation that divided by an interval containing zero never
 *   yields more than undetermined (its result says almost nothing).  A
 *   missing or unresolvable figure makes the claim unverifiable.
 * - A consistent "==" is flagged within_rounding when the left side computed
 *   on the values as written (points) falls outside the stated interval.
 *   Not when a bound (over, at_least, under, at_most) entered: "over 300"
 *   has no written point to redo the arithmetic on.
 * - Weak agreement (SPEC §4): a consistent "==" or "~=" whose computed
 *   interval is unbounded or more than ten times as wide as the stated one
 *   is flagged weak; the verdict stays consistent.
 * - Implied figures: an equation (== or ~=) with exactly one missing figure,
 *   occurring once and entering monotonically (through + - * /, a sum, yoy,
 *   cagr; not min/max), is solved for that figure by inverting the stated
 *   interval through the expression.  The verdict stays unverifiable and the
 *   result carries the implied interval (cf_result.has_implied…).  An
 *   implied figure lives only there: it never enters the dataset, so no
 *   verdict, growth or chart value can be computed from it.
 *
 * Errors: every function returns 0 or a negative CF_E… code and fills err.
 * Ownership: results go into caller-owned cf_result / cf_results
 * (results.h); they borrow the dataset's figures. */
#ifndef CIFRA_EVALUATE_H
#define CIFRA_EVALUATE_H

#include "cifra/claims.h"
#include "cifra/dataset.h"
#include "cifra/results.h"

/* Evaluates one parsed claim against ds.  source/quote: the claim row's
 * (source may be NULL).  Fills *out, which the caller clears with
 * cf_result_clear; 0, or CF_ENOMEM (*out then holds nothing). */
int cf_claim_evaluate(const cf_dataset *ds, const cf_claim *c,
		      const char *source, const char *quote, cf_result *out,
		      cf_error *err);

/* Parses and evaluates every claim row of ds in file order, appending one
 * result per claim to out.  ds is only read.  The first claim that does not
 * parse stops it with CF_EDATA (file, line and column of the claim);
 * CF_ENOMEM.  On error the results already appended stay in out (the caller
 * frees out either way). */
int cf_claims_check(const cf_dataset *ds, cf_results *out, cf_error *err);

/* A figure's interval / value as written in claim units: percent figures
 * as fractions (42.3 percent is 0.423), everything else as it is. */
cf_interval cf_figure_claim_value(const cf_figure *f);
double cf_figure_claim_written(const cf_figure *f);

/* Whether a consistent comparison cmp of computed with stated agrees only
 * weakly: cmp is == or ~= and computed is unbounded or more than ten times
 * as wide as stated. */
bool cf_result_is_weak(cf_cmp cmp, cf_interval computed, cf_interval stated);

#endif
