/* checks.h — the cross-checks `cifra check` runs on every dataset without
 * any claim being written (SPEC §1, §5).  Each yields cf_result rows
 * (claims.h) with kind, verdict, the two intervals compared, the deviation
 * between their midpoints and the figures that entered.  The value of a
 * series at a period is cf_series_value's (value.h), the same rule claims
 * and growth use.  ds is only read.  Intervals are in claim units (percent
 * figures as fractions).
 *
 * conflict    Two figures of one series and period whose intervals do not
 *             meet (cf_dataset_conflicts): inconsistent; computed = the
 *             first, stated = the second; the note names both sources and
 *             quotes.  id "A/B" (figure ids).
 * subperiod   A flow series (tables trade, loans, scholarships; unit not
 *             percent or ratio) whose value over a part of a year
 *             (cf_period_is_sub_year: month, quarter, year-to-date) is
 *             compared with the same series' full-year value of that year:
 *             consistent when sub <= year for every value, inconsistent when
 *             sub > year for every value, undetermined otherwise.  A
 *             period's value is the intersection of its figures; periods
 *             in conflict are left to the conflict rows.  id "SUB/YEAR".
 * cumulative  A series' to-date values (periods ../YYYY) in order of their
 *             end: each against the next, which must not be lower (same
 *             three-valued test, earlier <= later).  id "EARLIER/LATER".
 * parts       Trade figures with reporter, partner and flow: for each
 *             figure of flow "total", exports + imports of the same
 *             reporter, partner, period and unit against the total (each
 *             flow the intersection of the total's own source's figures
 *             when that source states the flow, else of all its figures:
 *             an article's own arithmetic is checked on its own numbers):
 * consistent when the intervals meet, inconsistent otherwise, flagged
 *             within_rounding when exports + imports as written (none of
 *             the three a bound such as "over") falls
 *             outside the total's interval.  id "EXPORTS+IMPORTS/TOTAL".
 * delivery    A pledge against what was delivered.  Scholarships: status
 *             "pledged" against "provided"; loans: "pledged" against
 *             "approved" or "disbursed".  A pledged figure P and a delivered
 *             figure D match when they are in the same table and unit, have
 *             the same parties (provider and recipient, or lender and
 *             borrower; compared case-insensitively, absent = absent), do
 *             not name different programs (program, or instrument for
 *             loans), and are about the same thing: both name the same
 *             program, or their series are equal once a trailing status
 *             component (".pledged", ".provided", ".approved",
 *             ".disbursed") is dropped.  D's period must cover P's
 *             (cf_period_contains).  The delivery ratio D / P is an
 *             interval; computed = the ratio, stated = 1: consistent when
 *             ratio >= 1 for every value (the pledge was met), inconsistent
 *             when ratio < 1 for every value, undetermined when it
 *             straddles 1.  id "DELIVERED/PLEDGED". */
#ifndef CIFRA_CHECKS_H
#define CIFRA_CHECKS_H

#include "cifra/claims.h"
#include "cifra/dataset.h"
#include "cifra/error.h"

/* Each appends its rows to out (the caller frees out with
 * cf_results_free); 0 or CF_ENOMEM (err filled; rows already appended
 * stay). */
int cf_check_conflicts(const cf_dataset *ds, cf_results *out, cf_error *err);
int cf_check_subperiods(const cf_dataset *ds, cf_results *out, cf_error *err);
int cf_check_cumulative(const cf_dataset *ds, cf_results *out, cf_error *err);
int cf_check_parts(const cf_dataset *ds, cf_results *out, cf_error *err);
int cf_check_delivery(const cf_dataset *ds, cf_results *out, cf_error *err);

/* All of the above, in that order. */
int cf_checks_run(const cf_dataset *ds, cf_results *out, cf_error *err);

#endif
