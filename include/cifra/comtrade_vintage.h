/* comtrade_vintage.h — which HS vintage (H0…H6) each figure of an imported
 * commodity series was reported in, read back from the quotes that `cifra
 * import comtrade` writes ("2017 M H5 8542 primaryValue …", comtrade.h).
 * A heading may cover other goods after a revision of the Harmonized
 * System, so growth across a change is approximate: `cifra show` and
 * `cifra growth` say so.  Series whose quotes name no vintage (every
 * figure not imported from Comtrade) and total series (cmdCode TOTAL,
 * whose value does not depend on the classification) get no note.
 * Results are written into caller buffers; nothing is allocated. */
#ifndef CIFRA_COMTRADE_VINTAGE_H
#define CIFRA_COMTRADE_VINTAGE_H

#include <stddef.h>

#include "cifra/dataset.h"
#include "cifra/period.h"

/* When the series' figures span more than one HS vintage, writes "HS
 * vintages: H3 2010-2011, H4 2012-2016, H5 2017-2021 (codes can change
 * scope)" (at most 98 characters with four vintages and "note: " before
 * it) and returns the number of vintages; otherwise writes "" and returns
 * 0 or 1.  For under the tables of show and growth. */
int cf_comtrade_vintage_note(const cf_series *s, char *buf, size_t size);

/* For one YoY step: when the figures of base and period name different HS
 * vintages, writes "HS H4 -> H5" and returns 1; otherwise writes "" and
 * returns 0.  For the note column of the growth table. */
int cf_comtrade_vintage_change(const cf_series *s, const cf_period *base,
			       const cf_period *period, char *buf, size_t size);

#endif
