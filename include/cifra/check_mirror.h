/* check_mirror.h — the "mirror" cross-check of `cifra check`: a flow as
 * its exporter reports it against the same flow as its importer reports it
 * (China's exports to Brazil against Brazil's imports from China).
 *
 * Trade statistics record every flow twice.  The two records differ for
 * known reasons: the importer values goods CIF (with freight and
 * insurance), the exporter FOB, so imports are expected a few percent
 * above exports; shipments cross the year end; goods routed through a
 * third country are attributed differently.  So the check does not ask for
 * equality: it reports the mirror ratio M / X (importer's imports over
 * exporter's exports) and compares it with the band [0.95, 1.15] — the usual
 * CIF/FOB margin of 0–10% widened by 5% either way for timing and
 * valuation.
 *
 * Matching: trade figures (not implied) with reporter, partner and flow
 * set; exports of reporter A to partner B against imports of reporter B
 * from partner A (names compared ignoring case), same period
 * (cf_period_equal), same unit, and the same commodity part of the series
 * (what follows the flow segment: "" for totals, ".hs8542" below them), so
 * trade.chn_bra.exports pairs with trade.bra_chn.imports and
 * trade.chn_usa.exports.hs8542 with trade.usa_chn.imports.hs8542.  Each
 * side's value is the intersection of its series' figures for that period;
 * a side in conflict is left to the conflict rows.  Only flows that both
 * reporters state give a row: a missing mirror is not reported.
 *
 * Result rows (claims.h cf_result): kind "mirror", id "X/M" (the first
 * figure id of each side), computed = M / X as an interval (unit ratio),
 * stated = [0.95, 1.15], deviation between their midpoints; the figures of
 * both sides.  Verdict: consistent when the ratio lies within the band for
 * every value; otherwise undetermined, never inconsistent — two reporters'
 * statistics that differ by more than the margin are both what they are,
 * and the data cannot say which one is wrong; the note gives the gap in
 * percent ("Brazil's imports are 26.2% above China's exports: beyond the
 * CIF/FOB margin").  Strings of a row are malloc'd and freed with the
 * results (cf_results_free). */
#ifndef CIFRA_CHECK_MIRROR_H
#define CIFRA_CHECK_MIRROR_H

#include "cifra/claims.h"
#include "cifra/dataset.h"
#include "cifra/error.h"

/* The band the mirror ratio is compared with. */
#define CF_MIRROR_LOW  0.95
#define CF_MIRROR_HIGH 1.15

/* Appends one row per matched pair to out; 0 or CF_ENOMEM. */
int cf_check_mirror(const cf_dataset *ds, cf_results *out, cf_error *err);

#endif
