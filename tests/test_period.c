/* Tests of period.c: the written forms of SPEC §2, their canonical text,
 * year-on-year partners and the relations between periods.  Cases are in
 * tests/data/period.test. */
#include <math.h>

#include "harness.h"

#include "cifra/period.h"

#define DATA "tests/data/period.test"

static const char *const kind_names[] = {"year", "month", "month_span",
					 "year_span", "to_date"};

/* "YYYY-MM" -> month index, computed here from the calendar rather than by
 * the code under test; ".." -> CF_PERIOD_OPEN. */
static long month_index(const harness_case *c, const char *s)
{
	if (strcmp(s, "..") == 0)
		return CF_PERIOD_OPEN;
	int y, m;
	if (sscanf(s, "%4d-%2d", &y, &m) != 2)
		fail_msg("%s:%ld: bad month '%s'", c->file, c->line, s);
	return y * 12L + m - 1;
}

static bool yes_no(const harness_case *c, const char *s)
{
	if (strcmp(s, "yes") != 0 && strcmp(s, "no") != 0)
		fail_msg("%s:%ld: expected yes/no, got '%s'", c->file, c->line,
			 s);
	return strcmp(s, "yes") == 0;
}

static cf_period must_parse(const harness_case *c, const char *text)
{
	cf_period p;
	cf_error err;
	cf_error_clear(&err);
	if (cf_period_parse(text, &p, &err) != 0)
		fail_msg("%s:%ld: '%s' rejected: %s", c->file, c->line, text,
			 err.message);
	return p;
}

static void check_close(const harness_case *c, const char *what, double got,
			const char *expected)
{
	double want = strtod(expected, NULL);
	if (!harness_close(got, want, 1e-13))
		fail_msg("%s:%ld: %s = %.17g, expected %s", c->file, c->line,
			 what, got, expected);
}

static void check_parse(const harness_case *c)
{
	assert_int_equal(c->nfields, 12);
	const char *text = c->field[1];
	cf_period p = must_parse(c, text);
	char buf[CF_PERIOD_TEXT_MAX];
	if (strcmp(kind_names[p.kind], c->field[2]) != 0)
		fail_msg("%s:%ld: kind %s, expected %s", c->file, c->line,
			 kind_names[p.kind], c->field[2]);
	assert_int_equal(p.first, month_index(c, c->field[3]));
	assert_int_equal(p.last, month_index(c, c->field[4]));
	assert_string_equal(cf_period_format(&p, buf, sizeof buf), c->field[5]);
	cf_period prev = cf_period_prev_year(&p);
	assert_string_equal(cf_period_format(&prev, buf, sizeof buf),
			    c->field[6]);
	assert_int_equal(prev.kind, p.kind);
	cf_period prev_parsed; /* 0999 is outside what parse reads */
	if (cf_period_parse(c->field[6], &prev_parsed, NULL) == 0)
		assert_true(cf_period_equal(&prev, &prev_parsed));
	check_close(c, "years", cf_period_years(&p), c->field[7]);
	if (cf_period_is_sub_year(&p) != yes_no(c, c->field[8]))
		fail_msg("%s:%ld: is_sub_year(%s) wrong", c->file, c->line,
			 text);
	assert_int_equal(cf_period_is_year(&p), p.kind == CF_PERIOD_YEAR);
	check_close(c, "mid_year", cf_period_mid_year(&p), c->field[9]);
	assert_int_equal(cf_period_first_year(&p), atoi(c->field[10]));
	assert_int_equal(cf_period_last_year(&p), atoi(c->field[11]));
	/* the canonical text reads back as the same period */
	cf_period again = must_parse(c, c->field[5]);
	assert_true(cf_period_equal(&p, &again));
	assert_int_equal(cf_period_compare(&p, &again), 0);
}

static void check_reject(const harness_case *c)
{
	cf_period p = cf_period_year(1999);
	cf_period before = p;
	cf_error err;
	cf_error_clear(&err);
	int rc = cf_period_parse(c->field[1], &p, &err);
	if (rc != CF_EDATA)
		fail_msg("%s:%ld: '%s' accepted (rc %d)", c->file, c->line,
			 c->field[1], rc);
	assert_int_equal(err.code, CF_EDATA);
	/* the message names the bad text; out is left alone */
	assert_non_null(strstr(err.message, c->field[1]));
	assert_true(cf_period_equal(&p, &before));
}

static void check_relation(const harness_case *c)
{
	assert_int_equal(c->nfields, 4);
	cf_period a = must_parse(c, c->field[1]);
	cf_period b = must_parse(c, c->field[2]);
	const char *op = c->field[0];
	if (strcmp(op, "between") == 0) {
		check_close(c, "years_between", cf_period_years_between(&a, &b),
			    c->field[3]);
	} else if (strcmp(op, "contains") == 0) {
		if (cf_period_contains(&a, &b) != yes_no(c, c->field[3]))
			fail_msg("%s:%ld: contains wrong", c->file, c->line);
	} else {
		int want = atoi(c->field[3]);
		int got = cf_period_compare(&a, &b);
		int sign = (got > 0) - (got < 0);
		if (sign != want)
			fail_msg("%s:%ld: compare %d, expected %d", c->file,
				 c->line, got, want);
		assert_int_equal(cf_period_compare(&b, &a) > 0, want < 0);
		assert_int_equal(cf_period_equal(&a, &b), want == 0);
	}
}

static void run_case(const harness_case *c, void *ctx)
{
	int *counts = ctx;
	const char *op = c->field[0];
	if (strcmp(op, "parse") == 0) {
		check_parse(c);
		counts[0]++;
	} else if (strcmp(op, "reject") == 0) {
		assert_int_equal(c->nfields, 2);
		check_reject(c);
		counts[1]++;
	} else if (strcmp(op, "between") == 0 || strcmp(op, "contains") == 0 ||
		   strcmp(op, "compare") == 0) {
		check_relation(c);
		counts[2]++;
	} else {
		fail_msg("%s:%ld: unknown operation '%s'", c->file, c->line,
			 op);
	}
}

static void data_file_cases(void **state)
{
	(void)state;
	int counts[3] = {0, 0, 0};
	harness_each_case(DATA, run_case, counts);
	/* every kind of case is there: a data file cut short would not pass */
	assert_true(counts[0] >= 15);
	assert_true(counts[1] >= 30);
	assert_true(counts[2] >= 40);
}

/* What the data file cannot write: empty text, spaces, NULL. */
static void rejects_empty_and_spaces(void **state)
{
	(void)state;
	static const char *const bad[] = {"",	      " 2024",
					  "2024 ",    "2024\n",
					  "2024-03 ", "2021-01/ 2021-11",
					  "../ 2025", "\t2024"};
	cf_period p;
	cf_error err;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		cf_error_clear(&err);
		if (cf_period_parse(bad[i], &p, &err) != CF_EDATA)
			fail_msg("'%s' accepted", bad[i]);
		assert_int_equal(err.code, CF_EDATA);
		assert_true(err.message[0] != '\0');
	}
	assert_int_equal(cf_period_parse(NULL, &p, &err), CF_EDATA);
	/* a NULL error is allowed */
	assert_int_equal(cf_period_parse("2024-13", &p, NULL), CF_EDATA);
}

static void mixed_span_message_says_why(void **state)
{
	(void)state;
	cf_period p;
	cf_error err;
	cf_error_clear(&err);
	assert_int_equal(cf_period_parse("2024/2024-05", &p, &err), CF_EDATA);
	assert_non_null(strstr(err.message, "alike"));
	cf_error_clear(&err);
	assert_int_equal(cf_period_parse("2024/2023", &p, &err), CF_EDATA);
	assert_non_null(strstr(err.message, "before"));
}

static void constructors(void **state)
{
	(void)state;
	cf_period y = cf_period_year(2024);
	cf_period parsed;
	assert_int_equal(cf_period_parse("2024", &parsed, NULL), 0);
	assert_true(cf_period_equal(&y, &parsed));
	cf_period s = cf_period_year_span(2018, 2020);
	assert_int_equal(cf_period_parse("2018/2020", &parsed, NULL), 0);
	assert_true(cf_period_equal(&s, &parsed));
	assert_true(cf_period_is_year(&y));
	assert_false(cf_period_is_year(&s));
}

/* Year-on-year goes back one year, twice if asked, keeping the shape. */
static void prev_year_twice_keeps_shape(void **state)
{
	(void)state;
	cf_period p, want;
	assert_int_equal(cf_period_parse("2021-01/2021-11", &p, NULL), 0);
	assert_int_equal(cf_period_parse("2019-01/2019-11", &want, NULL), 0);
	cf_period q = cf_period_prev_year(&p);
	q = cf_period_prev_year(&q);
	assert_true(cf_period_equal(&q, &want));
	/* never the full year */
	cf_period y2020 = cf_period_year(2020);
	q = cf_period_prev_year(&p);
	assert_false(cf_period_equal(&q, &y2020));
	/* ../2025 and ../2025-12 end alike but are written differently */
	cf_period a, b;
	assert_int_equal(cf_period_parse("../2025", &a, NULL), 0);
	assert_int_equal(cf_period_parse("../2025-12", &b, NULL), 0);
	assert_int_equal(a.last, b.last);
	assert_false(cf_period_equal(&a, &b));
	assert_true(b.last_is_month);
	assert_false(a.last_is_month);
}

static void format_fits_small_buffer(void **state)
{
	(void)state;
	cf_period p;
	assert_int_equal(cf_period_parse("2007-10/2010-09", &p, NULL), 0);
	char buf[8];
	memset(buf, 'x', sizeof buf);
	cf_period_format(&p, buf, sizeof buf);
	assert_string_equal(buf, "2007-10");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(data_file_cases),
	    cmocka_unit_test(rejects_empty_and_spaces),
	    cmocka_unit_test(mixed_span_message_says_why),
	    cmocka_unit_test(constructors),
	    cmocka_unit_test(prev_year_twice_keeps_shape),
	    cmocka_unit_test(format_fits_small_buffer),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
