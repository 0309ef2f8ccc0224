/* fmt.c — intervals, values and percentages as text (fmt.h). */
#include "cifra/fmt.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *infinity_text(double x)
{
	return x < 0 ? "−∞" : "∞";
}

static void format_bound(double x, int digits, char *buf, size_t size)
{
	if (isinf(x))
		snprintf(buf, size, "%s", infinity_text(x));
	else
		snprintf(buf, size, "%.*g", digits, x == 0 ? 0 : x);
}

static bool close_enough(const char *shown, double x, double slack)
{
	return isinf(x) || fabs(strtod(shown, NULL) - x) <= slack;
}

char *cf_interval_text(cf_interval iv, cf_unit unit, int digits, char *buf,
		       size_t size)
{
	if (cf_interval_is_empty(iv) || isnan(iv.lo) || isnan(iv.hi)) {
		snprintf(buf, size, "–");
		return buf;
	}
	double factor = 1, m = 0;
	const char *suffix = "";
	if (isfinite(iv.lo))
		m = fabs(iv.lo);
	if (isfinite(iv.hi) && fabs(iv.hi) > m)
		m = fabs(iv.hi);
	if (unit == CF_UNIT_PERCENT)
		factor = 0.01, suffix = "%";
	else if (m >= 1e12)
		factor = 1e12, suffix = " tn";
	else if (m >= 1e9)
		factor = 1e9, suffix = " bn";
	else if (m >= 1e6)
		factor = 1e6, suffix = " mn";
	double lo = iv.lo / factor, hi = iv.hi / factor;
	char a[64], b[64];
	if (digits < 1)
		digits = 1;
	/* more digits until each bound is shown within 1% of the width (or
	 * to 1 part in 20000 of a point) */
	double slack = isfinite(hi - lo) ? (hi - lo) / 100 : 0;
	double big =
	    fmax(isfinite(lo) ? fabs(lo) : 0, isfinite(hi) ? fabs(hi) : 0);
	if (slack < big * 5e-5)
		slack = big * 5e-5;
	for (;; digits++) {
		format_bound(lo, digits, a, sizeof a);
		format_bound(hi, digits, b, sizeof b);
		if (digits >= 17 ||
		    (close_enough(a, lo, slack) && close_enough(b, hi, slack) &&
		     (lo == hi || strcmp(a, b) != 0)))
			break;
	}
	if (lo == hi) /* a point reads as a number */
		snprintf(buf, size, "%s%s", a, suffix);
	else
		snprintf(buf, size, "%s%s, %s%s%s", iv.lo_open ? "(" : "[", a,
			 b, iv.hi_open ? ")" : "]", suffix);
	return buf;
}

char *cf_value_text(double x, cf_unit unit, char *buf, size_t size)
{
	return cf_interval_text(cf_interval_point(x), unit, 6, buf, size);
}

const char *cf_unit_text(cf_unit unit)
{
	return unit == CF_UNIT_USD ? "US$" : unit == CF_UNIT_CNY ? "CN¥" : "";
}

/* x with the given decimals, trailing zeros (and a bare point) dropped. */
static void format_trimmed(double x, int decimals, char *buf, size_t size)
{
	if (isinf(x)) {
		snprintf(buf, size, "%s", infinity_text(x));
		return;
	}
	snprintf(buf, size, "%.*f", decimals, x);
	if (strchr(buf, '.')) {
		char *e = buf + strlen(buf);
		while (e[-1] == '0')
			*--e = '\0';
		if (e[-1] == '.')
			e[-1] = '\0';
	}
}

char *cf_interval_scaled_text(cf_interval iv, double factor, int decimals,
			      char *buf, size_t size)
{
	if (cf_interval_is_empty(iv)) {
		snprintf(buf, size, "–");
		return buf;
	}
	char lo[64], hi[64];
	format_trimmed(iv.lo / factor, decimals, lo, sizeof lo);
	format_trimmed(iv.hi / factor, decimals, hi, sizeof hi);
	snprintf(buf, size, "%s%s, %s%s", iv.lo_open ? "(" : "[", lo, hi,
		 iv.hi_open ? ")" : "]");
	return buf;
}

char *cf_percent_text(double fraction, int decimals, bool sign, char *buf,
		      size_t size)
{
	if (isnan(fraction))
		snprintf(buf, size, "–");
	else if (isinf(fraction)) /* a sign asked for is a sign shown */
		snprintf(buf, size, "%s%s", sign && fraction > 0 ? "+" : "",
			 infinity_text(fraction));
	else
		snprintf(buf, size, sign ? "%+.*f%%" : "%.*f%%", decimals,
			 fraction * 100);
	return buf;
}

/* The shortest of %.15g, %.16g, %.17g that reads back as x: 0.95 rather
 * than 0.94999999999999996, the same double. */
static void full_bound(double x, char *buf, size_t size)
{
	if (isinf(x)) {
		snprintf(buf, size, "%s", x < 0 ? "-inf" : "inf");
		return;
	}
	for (int p = 15; p <= 17; p++) {
		snprintf(buf, size, "%.*g", p, x);
		if (strtod(buf, NULL) == x)
			return;
	}
}

char *cf_interval_full_text(cf_interval iv, char *buf, size_t size)
{
	if (cf_interval_is_empty(iv)) {
		snprintf(buf, size, "%s", "");
		return buf;
	}
	char lo[40], hi[40];
	full_bound(iv.lo, lo, sizeof lo);
	full_bound(iv.hi, hi, sizeof hi);
	snprintf(buf, size, "%s%s, %s%s", iv.lo_open ? "(" : "[", lo, hi,
		 iv.hi_open ? ")" : "]");
	return buf;
}

char *cf_number_full_text(double x, char *buf, size_t size)
{
	if (isnan(x))
		snprintf(buf, size, "%s", "");
	else
		full_bound(x, buf, size);
	return buf;
}
