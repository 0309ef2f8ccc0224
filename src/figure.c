#include "cifra/figure.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Longest digit string accepted in a value or literal; sources write a
 * handful of digits, so anything longer is a data error, not a number. */
#define DIGITS_MAX 64

/* A number as written, reduced to an integer digit string and a power of
 * ten: "518.4" is 5184 x 10^-1, "-2e9" is -(2 x 10^9). */
typedef struct decimal {
	bool negative;
	char digits[DIGITS_MAX + 1];
	int ndigits;
	long exp10;
} decimal;

static const char *const scale_names[] = {"1", "thousand", "million", "billion",
					  "trillion"};
static const int scale_exp[] = {0, 3, 6, 9, 12};
static const char *const unit_names[] = {"USD", "CNY", "count", "percent",
					 "ratio"};
static const char *const table_names[] = {"trade", "loans", "scholarships",
					  "figures"};

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Copies a run of digits into d; returns the number read or -1 when too
 * many. */
static int take_digits(const char **s, decimal *d)
{
	int n = 0;
	while (is_digit(**s)) {
		if (d->ndigits >= DIGITS_MAX)
			return -1;
		d->digits[d->ndigits++] = *(*s)++;
		n++;
	}
	d->digits[d->ndigits] = '\0';
	return n;
}

/* Parses -?[0-9]+(\.[0-9]+)? and, when allow_exp, an exponent
 * ([eE][+-]?[0-9]+).  The whole text must be used. */
static bool parse_decimal(const char *s, bool allow_exp, decimal *d)
{
	memset(d, 0, sizeof *d);
	if (!s)
		return false;
	if (*s == '-') {
		d->negative = true;
		s++;
	}
	if (take_digits(&s, d) <= 0)
		return false;
	if (*s == '.') {
		s++;
		int frac = take_digits(&s, d);
		if (frac <= 0)
			return false;
		d->exp10 = -frac;
	}
	if (allow_exp && (*s == 'e' || *s == 'E')) {
		s++;
		int sign = 1;
		if (*s == '+' || *s == '-')
			sign = *s++ == '-' ? -1 : 1;
		if (!is_digit(*s))
			return false;
		long e = 0;
		while (is_digit(*s)) {
			if (e > 9999)
				return false;
			e = e * 10 + (*s++ - '0');
		}
		d->exp10 += sign * e;
	}
	return *s == '\0';
}

static bool all_zero(const decimal *d)
{
	for (int i = 0; i < d->ndigits; i++)
		if (d->digits[i] != '0')
			return false;
	return true;
}

/* digits x 10^exp10, correctly rounded by strtod from the decimal text, so
 * that 518.35e9 is the double nearest to 518.35e9 and not the product of
 * two rounded numbers. */
static double decimal_value(const char *digits, long exp10)
{
	char buf[DIGITS_MAX + 32];
	snprintf(buf, sizeof buf, "%se%ld", digits, exp10);
	return strtod(buf, NULL);
}

/* [(D - 1/2) 10^e, (D + 1/2) 10^e] for D = d->digits, e = d->exp10,
 * written as (10 D -/+ 5) 10^(e-1) so both ends stay exact decimals. */
static cf_interval half_unit(const decimal *d)
{
	char up[DIGITS_MAX + 2], down[DIGITS_MAX + 2];
	snprintf(up, sizeof up, "%s5", d->digits);
	double hi = decimal_value(up, d->exp10 - 1);
	double lo;
	if (all_zero(d)) {
		lo = -hi;
	} else {
		snprintf(down, sizeof down, "%s5", d->digits);
		/* D - 1, borrowing through trailing zeros */
		for (int i = d->ndigits - 1; i >= 0; i--) {
			if (down[i] != '0') {
				down[i]--;
				break;
			}
			down[i] = '9';
		}
		lo = decimal_value(down, d->exp10 - 1);
	}
	if (d->negative)
		return cf_interval_closed(-hi, -lo);
	return cf_interval_closed(lo, hi);
}

/* "about": the precision is that of the last non-zero digit. */
static void drop_trailing_zeros(decimal *d)
{
	if (all_zero(d))
		return;
	while (d->ndigits > 1 && d->digits[d->ndigits - 1] == '0') {
		d->digits[--d->ndigits] = '\0';
		d->exp10++;
	}
}

static double signed_value(const decimal *d)
{
	double v = decimal_value(d->digits, d->exp10);
	if (v == 0)
		return 0.0; /* "-0" is zero, without a sign to print */
	return d->negative ? -v : v;
}

static int name_index(const char *text, const char *const *names, int n)
{
	for (int i = 0; i < n; i++)
		if (text && strcmp(text, names[i]) == 0)
			return i;
	return -1;
}

int cf_scale_parse(const char *text, cf_scale *out, cf_error *err)
{
	int i = name_index(text, scale_names, 5);
	if (i < 0)
		return cf_error_set(err, CF_EDATA, NULL, 0, 0,
				    "unknown scale '%s' (expected 1, thousand, "
				    "million, billion, trillion)",
				    text ? text : "");
	*out = (cf_scale)i;
	return 0;
}

int cf_unit_parse(const char *text, cf_unit *out, cf_error *err)
{
	int i = name_index(text, unit_names, 5);
	if (i < 0)
		return cf_error_set(err, CF_EDATA, NULL, 0, 0,
				    "unknown unit '%s' (expected USD, CNY, "
				    "count, percent, ratio)",
				    text ? text : "");
	*out = (cf_unit)i;
	return 0;
}

int cf_qualifier_parse(const char *text, cf_qualifier *out, cf_error *err)
{
	static const struct {
		const char *name;
		cf_qualifier q;
	} names[] = {{"", CF_QUAL_EXACT},
		     {"exact", CF_QUAL_EXACT},
		     {"about", CF_QUAL_ABOUT},
		     {"over", CF_QUAL_OVER},
		     {"more_than", CF_QUAL_OVER},
		     {"above", CF_QUAL_OVER},
		     {"at_least", CF_QUAL_AT_LEAST},
		     {"under", CF_QUAL_UNDER},
		     {"at_most", CF_QUAL_AT_MOST}};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		if (text && strcmp(text, names[i].name) == 0) {
			*out = names[i].q;
			return 0;
		}
	}
	return cf_error_set(err, CF_EDATA, NULL, 0, 0,
			    "unknown qualifier '%s' (expected exact, about, "
			    "over, more_than, above, at_least, under, at_most)",
			    text ? text : "");
}

const char *cf_scale_name(cf_scale s)
{
	return (unsigned)s < 5 ? scale_names[s] : "?";
}

const char *cf_unit_name(cf_unit u)
{
	return (unsigned)u < 5 ? unit_names[u] : "?";
}

const char *cf_qualifier_name(cf_qualifier q)
{
	static const char *const names[] = {"exact",	"about", "over",
					    "at_least", "under", "at_most"};
	return (unsigned)q < 6 ? names[q] : "?";
}

const char *cf_table_name(cf_table t)
{
	return (unsigned)t < CF_TABLE_COUNT_ ? table_names[t] : "?";
}

double cf_scale_factor(cf_scale s)
{
	static const double factors[] = {1.0, 1e3, 1e6, 1e9, 1e12};
	return (unsigned)s < 5 ? factors[s] : NAN;
}

bool cf_decimal_valid(const char *text)
{
	decimal d;
	return parse_decimal(text, false, &d);
}

int cf_value_interval(const char *text, cf_scale scale, cf_qualifier q,
		      cf_interval *out, cf_error *err)
{
	decimal d;
	if (!parse_decimal(text, false, &d))
		return cf_error_set(err, CF_EDATA, NULL, 0, 0,
				    "invalid value '%s' (expected a plain "
				    "decimal such as 518.4 or 17000)",
				    text ? text : "");
	if ((unsigned)scale >= 5)
		return cf_error_set(err, CF_EUSAGE, NULL, 0, 0,
				    "invalid scale %d", (int)scale);
	d.exp10 += scale_exp[scale];
	double v = signed_value(&d);
	cf_interval r;
	switch (q) {
	case CF_QUAL_EXACT:
		r = half_unit(&d);
		break;
	case CF_QUAL_ABOUT:
		drop_trailing_zeros(&d);
		r = half_unit(&d);
		break;
	case CF_QUAL_OVER:
		r = (cf_interval){v, INFINITY, true, true};
		break;
	case CF_QUAL_AT_LEAST:
		r = (cf_interval){v, INFINITY, false, true};
		break;
	case CF_QUAL_UNDER:
		r = (cf_interval){-INFINITY, v, true, true};
		break;
	case CF_QUAL_AT_MOST:
		r = (cf_interval){-INFINITY, v, true, false};
		break;
	default:
		return cf_error_set(err, CF_EUSAGE, NULL, 0, 0,
				    "invalid qualifier %d", (int)q);
	}
	*out = r;
	return 0;
}

double cf_value_point(const char *text, cf_scale scale)
{
	decimal d;
	if (!parse_decimal(text, false, &d) || (unsigned)scale >= 5)
		return NAN;
	d.exp10 += scale_exp[scale];
	return signed_value(&d);
}

/* k when m is exactly the double nearest 10^k, so that "42.3%" is
 * [42.25, 42.35] x 10^-2 computed in one rounding. */
static bool power_of_ten(double m, int *k)
{
	for (int i = -30; i <= 30; i++) {
		if (m == decimal_value("1", i)) {
			*k = i;
			return true;
		}
	}
	return false;
}

int cf_literal_rounding(const char *text, double multiplier, cf_interval *out)
{
	decimal d;
	if (!parse_decimal(text, true, &d) || !isfinite(multiplier))
		return CF_EDATA;
	int k;
	cf_interval r;
	if (power_of_ten(multiplier, &k)) {
		d.exp10 += k;
		r = half_unit(&d);
	} else {
		r = cf_interval_mul(half_unit(&d),
				    cf_interval_point(multiplier));
	}
	if (!cf_interval_is_bounded(r))
		return CF_EDATA;
	/* 1e-400 is not 0: a non-zero literal too small for a normal double
	 * is refused rather than read as zero */
	if (!all_zero(&d) && (fabs(r.lo) < DBL_MIN || fabs(r.hi) < DBL_MIN))
		return CF_EDATA;
	*out = r;
	return 0;
}

const char *const *cf_table_columns(cf_table t)
{
	static const char *const trade[] = {"reporter", "partner", "flow",
					    NULL};
	static const char *const loans[] = {"lender",  "borrower", "instrument",
					    "purpose", "status",   NULL};
	static const char *const scholarships[] = {"provider", "recipient",
						   "program", "status", NULL};
	static const char *const figures[] = {"measure", "entity", NULL};
	static const char *const none[] = {NULL};
	switch (t) {
	case CF_TABLE_TRADE:
		return trade;
	case CF_TABLE_LOANS:
		return loans;
	case CF_TABLE_SCHOLARSHIPS:
		return scholarships;
	case CF_TABLE_FIGURES:
		return figures;
	default:
		return none;
	}
}

const char *cf_figure_attr(const cf_figure *f, const char *column)
{
	if (!f || !column)
		return NULL;
	const char *const *cols = cf_table_columns(f->table);
	for (int i = 0; cols[i] && i < 5; i++) {
		if (strcmp(cols[i], column) == 0) {
			const char *v = f->attr[i];
			return v && *v ? v : NULL;
		}
	}
	return NULL;
}
