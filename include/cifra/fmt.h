/* fmt.h — the one way cifra writes intervals, values and percentages as
 * text, for people (terminal, report) and for machines (CSV).  JSON goes
 * through cf_interval_json / cf_number_json (output.h), which write the
 * same numbers as numbers.
 *
 * Conventions, the same everywhere:
 *   people    infinite bounds "∞" and "−∞"; no value (an empty interval,
 *             NaN) "–"; open ends "(" ")"; amounts scaled to mn / bn / tn;
 *             percent units and fractions shown as percent.
 *   machines  full precision (%.17g), infinite bounds "inf" and "-inf", no
 *             value "" (an empty CSV field).
 *
 * Every function writes a NUL-terminated string into the caller's buf of
 * size bytes (cut to fit; 64 bytes always hold a value, 128 an interval)
 * and returns buf.  None allocates or fails. */
#ifndef CIFRA_FMT_H
#define CIFRA_FMT_H

#include <stdbool.h>
#include <stddef.h>

#include "cifra/figure.h"
#include "cifra/interval.h"

/* "[288.897, 289.107] bn", "(300, ∞) bn", "[42.25, 42.35]%": bounds with
 * at least `digits` significant digits, more until each is within 1% of
 * the width (so the two ends never read alike); scaled to bn / mn / tn for
 * amounts; PERCENT intervals hold fractions and read as percent.  A point
 * reads as one number ("40.53 bn"), an empty interval as "–". */
char *cf_interval_text(cf_interval iv, cf_unit unit, int digits, char *buf,
		       size_t size);

/* One value the same way ("40.53 bn", "42.3%"; NaN "–"). */
char *cf_value_text(double x, cf_unit unit, char *buf, size_t size);

/* The unit a reader needs after cf_interval_text / cf_value_text: "US$"
 * and "CN¥" for currencies, "" for the others (percent carries its '%',
 * counts and ratios are plain numbers). */
const char *cf_unit_text(cf_unit unit);

/* "[lo, hi]" with the bounds divided by factor and at most `decimals`
 * places (trailing zeros dropped): a figure's interval in the scale it was
 * written in ("[518.35, 518.45]" for 518.4 billion). */
char *cf_interval_scaled_text(cf_interval iv, double factor, int decimals,
			      char *buf, size_t size);

/* A fraction as percent: "42.3%" with `decimals` places, "+42.3%" when
 * sign is set; NaN "–", infinities "∞" / "−∞" ("+∞" when sign is set). */
char *cf_percent_text(double fraction, int decimals, bool sign, char *buf,
		      size_t size);

/* Machine text: "[lo, hi]" / "(lo, hi)" at full precision ("" for an empty
 * interval); one number at full precision ("" for NaN). */
char *cf_interval_full_text(cf_interval iv, char *buf, size_t size);
char *cf_number_full_text(double x, char *buf, size_t size);

#endif
