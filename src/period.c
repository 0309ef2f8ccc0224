#include "cifra/period.h"

#include <stdio.h>
#include <string.h>

/* One end of a period as written: a year, or a year and a month. */
typedef struct period_end {
	int year;
	int month; /* 1-12; 0 when only the year was written */
} period_end;

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Reads exactly n digits; -1 when they are not all there. */
static int read_digits(const char *s, int n)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (!is_digit(s[i]))
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

/* Parses "YYYY" or "YYYY-MM" filling the whole of [s, s + len). */
static bool parse_end(const char *s, size_t len, period_end *out)
{
	if (len != 4 && len != 7)
		return false;
	int year = read_digits(s, 4);
	if (year < 1000)
		return false;
	out->year = year;
	out->month = 0;
	if (len == 4)
		return true;
	if (s[4] != '-')
		return false;
	int month = read_digits(s + 5, 2);
	if (month < 1 || month > 12)
		return false;
	out->month = month;
	return true;
}

static long first_month(period_end e)
{
	return (long)e.year * 12 + (e.month ? e.month - 1 : 0);
}

static long last_month(period_end e)
{
	return (long)e.year * 12 + (e.month ? e.month - 1 : 11);
}

static int bad_period(cf_error *err, const char *text, const char *why)
{
	return cf_error_set(
	    err, CF_EDATA, NULL, 0, 0,
	    "invalid period '%s': %s (expected YYYY, YYYY-MM, "
	    "YYYY/YYYY, YYYY-MM/YYYY-MM, ../YYYY or ../YYYY-MM)",
	    text, why);
}

static int parse_to_date(const char *text, cf_period *out, cf_error *err)
{
	period_end e;
	const char *s = text + 3;
	if (!parse_end(s, strlen(s), &e))
		return bad_period(err, text, "bad end after '..'");
	out->kind = CF_PERIOD_TO_DATE;
	out->first = CF_PERIOD_OPEN;
	out->last = last_month(e);
	out->last_is_month = e.month != 0;
	return 0;
}

static int parse_span(const char *text, const char *slash, cf_period *out,
		      cf_error *err)
{
	period_end a, b;
	if (!parse_end(text, (size_t)(slash - text), &a) ||
	    !parse_end(slash + 1, strlen(slash + 1), &b))
		return bad_period(err, text, "bad start or end of span");
	if ((a.month == 0) != (b.month == 0))
		return bad_period(err, text,
				  "both ends of a span must be written alike");
	if (first_month(a) > first_month(b))
		return bad_period(err, text, "span ends before it starts");
	out->kind = a.month ? CF_PERIOD_MONTH_SPAN : CF_PERIOD_YEAR_SPAN;
	out->first = first_month(a);
	out->last = last_month(b);
	out->last_is_month = false;
	return 0;
}

int cf_period_parse(const char *text, cf_period *out, cf_error *err)
{
	if (!text || !*text)
		return bad_period(err, text ? text : "", "empty");
	cf_period p = {0};
	int rc;
	const char *slash = strchr(text, '/');
	if (strncmp(text, "../", 3) == 0) {
		rc = parse_to_date(text, &p, err);
	} else if (slash) {
		rc = parse_span(text, slash, &p, err);
	} else {
		period_end e;
		if (!parse_end(text, strlen(text), &e))
			return bad_period(err, text, "not a year or month");
		p.kind = e.month ? CF_PERIOD_MONTH : CF_PERIOD_YEAR;
		p.first = first_month(e);
		p.last = last_month(e);
		rc = 0;
	}
	if (rc == 0 && out)
		*out = p;
	return rc;
}

static int year_of(long m)
{
	return (int)(m / 12);
}

static int month_of(long m)
{
	return (int)(m % 12) + 1;
}

char *cf_period_format(const cf_period *p, char *buf, size_t size)
{
	if (!buf || size == 0)
		return buf;
	switch (p->kind) {
	case CF_PERIOD_YEAR:
		snprintf(buf, size, "%04d", year_of(p->first));
		break;
	case CF_PERIOD_MONTH:
		snprintf(buf, size, "%04d-%02d", year_of(p->first),
			 month_of(p->first));
		break;
	case CF_PERIOD_MONTH_SPAN:
		snprintf(buf, size, "%04d-%02d/%04d-%02d", year_of(p->first),
			 month_of(p->first), year_of(p->last),
			 month_of(p->last));
		break;
	case CF_PERIOD_YEAR_SPAN:
		snprintf(buf, size, "%04d/%04d", year_of(p->first),
			 year_of(p->last));
		break;
	case CF_PERIOD_TO_DATE:
		if (p->last_is_month)
			snprintf(buf, size, "../%04d-%02d", year_of(p->last),
				 month_of(p->last));
		else
			snprintf(buf, size, "../%04d", year_of(p->last));
		break;
	default:
		snprintf(buf, size, "?");
	}
	return buf;
}

cf_period cf_period_prev_year(const cf_period *p)
{
	cf_period q = *p;
	if (q.first != CF_PERIOD_OPEN)
		q.first -= 12;
	q.last -= 12;
	return q;
}

cf_period cf_period_year(int year)
{
	cf_period p = {.kind = CF_PERIOD_YEAR,
		       .first = (long)year * 12,
		       .last = (long)year * 12 + 11,
		       .last_is_month = false};
	return p;
}

cf_period cf_period_year_span(int first_year, int last_year)
{
	cf_period p = {.kind = CF_PERIOD_YEAR_SPAN,
		       .first = (long)first_year * 12,
		       .last = (long)last_year * 12 + 11,
		       .last_is_month = false};
	return p;
}

bool cf_period_equal(const cf_period *a, const cf_period *b)
{
	return a->kind == b->kind && a->first == b->first &&
	       a->last == b->last && a->last_is_month == b->last_is_month;
}

bool cf_period_contains(const cf_period *outer, const cf_period *inner)
{
	if (inner->last > outer->last)
		return false;
	if (outer->kind == CF_PERIOD_TO_DATE)
		return true;
	if (inner->kind == CF_PERIOD_TO_DATE)
		return false;
	return inner->first >= outer->first;
}

bool cf_period_is_year(const cf_period *p)
{
	return p->kind == CF_PERIOD_YEAR;
}

bool cf_period_is_sub_year(const cf_period *p)
{
	if (p->kind == CF_PERIOD_MONTH)
		return true;
	if (p->kind != CF_PERIOD_MONTH_SPAN)
		return false;
	return year_of(p->first) == year_of(p->last) &&
	       p->last - p->first + 1 < 12;
}

double cf_period_years(const cf_period *p)
{
	if (p->kind == CF_PERIOD_TO_DATE)
		return 0.0;
	return (double)(p->last - p->first + 1) / 12.0;
}

double cf_period_years_between(const cf_period *a, const cf_period *b)
{
	return (double)(b->last - a->last) / 12.0;
}

int cf_period_first_year(const cf_period *p)
{
	if (p->kind == CF_PERIOD_TO_DATE)
		return year_of(p->last);
	return year_of(p->first);
}

int cf_period_last_year(const cf_period *p)
{
	return year_of(p->last);
}

double cf_period_mid_year(const cf_period *p)
{
	long first = p->first;
	if (p->kind == CF_PERIOD_TO_DATE)
		first = p->last_is_month ? p->last : p->last - 11;
	return (double)(first + p->last + 1) / 24.0;
}

int cf_period_compare(const cf_period *a, const cf_period *b)
{
	if (a->last != b->last)
		return a->last < b->last ? -1 : 1;
	if (a->first != b->first)
		return a->first < b->first ? -1 : 1;
	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	if (a->last_is_month != b->last_is_month)
		return a->last_is_month ? 1 : -1;
	return 0;
}
