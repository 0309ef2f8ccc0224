/* Tests of figure.c: values as written -> intervals (SPEC §3), claim
 * literal rounding, the names of scales, units, qualifiers and tables, and
 * typed columns.  Cases are in tests/data/values.test and literals.test. */
#include <math.h>

#include "harness.h"

#include "cifra/figure.h"

/* Ends must be exactly the double nearest to the decimal in the data file:
 * strtod rounds correctly, so compare with ==. */
static void expect_end(const harness_case *c, const char *what, double got,
		       const char *expected)
{
	double want = strtod(expected, NULL);
	if (got != want)
		fail_msg("%s:%ld: %s = %.17g, expected %s (%.17g)", c->file,
			 c->line, what, got, expected, want);
}

static void value_case(const harness_case *c, void *ctx)
{
	int *n = ctx;
	cf_error err;
	cf_error_clear(&err);
	cf_scale scale;
	cf_qualifier q;
	cf_interval r = cf_interval_point(-1);
	int rc = cf_scale_parse(c->field[1], &scale, &err);
	if (rc == 0)
		rc = cf_qualifier_parse(c->field[2], &q, &err);
	if (rc == 0)
		rc = cf_value_interval(c->field[0], scale, q, &r, &err);
	if (c->nfields == 4) {
		assert_string_equal(c->field[3], "error");
		if (rc != CF_EDATA)
			fail_msg("%s:%ld: accepted (rc %d)", c->file, c->line,
				 rc);
		assert_int_equal(err.code, CF_EDATA);
		assert_true(err.message[0] != '\0');
		/* no half-written result */
		assert_true(r.lo == -1 && r.hi == -1);
		(*n)++;
		return;
	}
	assert_int_equal(c->nfields, 7);
	if (rc != 0)
		fail_msg("%s:%ld: rejected: %s", c->file, c->line, err.message);
	assert_true(cf_decimal_valid(c->field[0]));
	expect_end(c, "lo", r.lo, c->field[3]);
	expect_end(c, "hi", r.hi, c->field[4]);
	if (r.lo_open != (atoi(c->field[5]) != 0) ||
	    r.hi_open != (atoi(c->field[6]) != 0))
		fail_msg("%s:%ld: open ends %d %d, expected %s %s", c->file,
			 c->line, r.lo_open, r.hi_open, c->field[5],
			 c->field[6]);
	(*n)++;
}

static void values_data(void **state)
{
	(void)state;
	int n = 0;
	harness_each_case("tests/data/values.test", value_case, &n);
	assert_true(n >= 60);
}

static void literal_case(const harness_case *c, void *ctx)
{
	int *n = ctx;
	double m = strtod(c->field[1], NULL);
	cf_interval r = cf_interval_point(-1);
	int rc = cf_literal_rounding(c->field[0], m, &r);
	if (c->nfields == 3) {
		assert_string_equal(c->field[2], "error");
		if (rc != CF_EDATA)
			fail_msg("%s:%ld: accepted (rc %d)", c->file, c->line,
				 rc);
		assert_true(r.lo == -1 && r.hi == -1);
	} else {
		assert_int_equal(c->nfields, 4);
		if (rc != 0)
			fail_msg("%s:%ld: rejected", c->file, c->line);
		expect_end(c, "lo", r.lo, c->field[2]);
		expect_end(c, "hi", r.hi, c->field[3]);
		assert_false(r.lo_open || r.hi_open);
	}
	(*n)++;
}

static void literals_data(void **state)
{
	(void)state;
	int n = 0;
	harness_each_case("tests/data/literals.test", literal_case, &n);
	assert_true(n >= 25);
}

/* SPEC §3: "over 300" billion is (300e9, +inf). */
static void over_300_billion(void **state)
{
	(void)state;
	cf_interval r;
	assert_int_equal(
	    cf_value_interval("300", CF_SCALE_BILLION, CF_QUAL_OVER, &r, NULL),
	    0);
	assert_true(r.lo == 300e9 && r.lo_open);
	assert_true(isinf(r.hi) && r.hi > 0 && r.hi_open);
	assert_false(cf_interval_contains(r, 300e9));
}

static void value_point(void **state)
{
	(void)state;
	assert_true(cf_value_point("518.4", CF_SCALE_BILLION) == 518.4e9);
	assert_true(cf_value_point("17000", CF_SCALE_ONE) == 17000);
	assert_true(cf_value_point("-8.4", CF_SCALE_ONE) == -8.4);
	assert_true(cf_value_point("1.5", CF_SCALE_TRILLION) == 1.5e12);
	assert_true(cf_value_point("42.3", CF_SCALE_THOUSAND) == 42300);
	assert_true(cf_value_point("0.001", CF_SCALE_MILLION) == 1000);
	/* "-0" has no sign worth printing */
	assert_false(signbit(cf_value_point("-0", CF_SCALE_ONE)));
	assert_true(isnan(cf_value_point("1,5", CF_SCALE_ONE)));
	assert_true(isnan(cf_value_point(NULL, CF_SCALE_ONE)));
}

static void decimal_valid(void **state)
{
	(void)state;
	assert_true(cf_decimal_valid("518.4"));
	assert_true(cf_decimal_valid("17000"));
	assert_true(cf_decimal_valid("0.5"));
	assert_true(cf_decimal_valid("-8.4"));
	assert_false(cf_decimal_valid(""));
	assert_false(cf_decimal_valid(NULL));
	assert_false(cf_decimal_valid("2e9"));
	assert_false(cf_decimal_valid(" 5"));
	assert_false(cf_decimal_valid("5 "));
	assert_false(cf_decimal_valid("-"));
	assert_false(cf_decimal_valid("1 000"));
}

static void qualifier_names(void **state)
{
	(void)state;
	static const struct {
		const char *text;
		cf_qualifier q;
		const char *name;
	} cases[] = {
	    {"", CF_QUAL_EXACT, "exact"},
	    {"exact", CF_QUAL_EXACT, "exact"},
	    {"about", CF_QUAL_ABOUT, "about"},
	    {"over", CF_QUAL_OVER, "over"},
	    {"more_than", CF_QUAL_OVER, "over"},
	    {"above", CF_QUAL_OVER, "over"},
	    {"at_least", CF_QUAL_AT_LEAST, "at_least"},
	    {"under", CF_QUAL_UNDER, "under"},
	    {"at_most", CF_QUAL_AT_MOST, "at_most"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		cf_qualifier q = CF_QUAL_AT_MOST + 1;
		assert_int_equal(cf_qualifier_parse(cases[i].text, &q, NULL),
				 0);
		assert_int_equal(q, cases[i].q);
		assert_string_equal(cf_qualifier_name(q), cases[i].name);
	}
}

static void error_messages_name_text_and_choices(void **state)
{
	(void)state;
	cf_error err;
	cf_qualifier q;
	cf_scale s;
	cf_unit u;
	cf_error_clear(&err);
	assert_int_equal(cf_qualifier_parse("aprox", &q, &err), CF_EDATA);
	assert_string_equal(
	    err.message, "unknown qualifier 'aprox' (expected exact, about, "
			 "over, more_than, above, at_least, under, at_most)");
	cf_error_clear(&err);
	assert_int_equal(cf_scale_parse("bn", &s, &err), CF_EDATA);
	assert_string_equal(err.message, "unknown scale 'bn' (expected 1, "
					 "thousand, million, billion, "
					 "trillion)");
	cf_error_clear(&err);
	assert_int_equal(cf_unit_parse("usd", &u, &err), CF_EDATA);
	assert_string_equal(err.message, "unknown unit 'usd' (expected USD, "
					 "CNY, count, percent, ratio)");
	cf_interval r;
	cf_error_clear(&err);
	assert_int_equal(
	    cf_value_interval("1,000", CF_SCALE_ONE, CF_QUAL_EXACT, &r, &err),
	    CF_EDATA);
	assert_non_null(strstr(err.message, "'1,000'"));
	assert_int_equal(err.line, 0);
}

static void scale_and_unit_names(void **state)
{
	(void)state;
	static const char *const scales[] = {"1", "thousand", "million",
					     "billion", "trillion"};
	static const double factors[] = {1, 1e3, 1e6, 1e9, 1e12};
	for (int i = 0; i < 5; i++) {
		cf_scale s = CF_SCALE_TRILLION;
		assert_int_equal(cf_scale_parse(scales[i], &s, NULL), 0);
		assert_int_equal(s, i);
		assert_string_equal(cf_scale_name(s), scales[i]);
		assert_true(cf_scale_factor(s) == factors[i]);
	}
	static const char *const units[] = {"USD", "CNY", "count", "percent",
					    "ratio"};
	static const cf_unit unit_enum[] = {CF_UNIT_USD, CF_UNIT_CNY,
					    CF_UNIT_COUNT, CF_UNIT_PERCENT,
					    CF_UNIT_RATIO};
	for (int i = 0; i < 5; i++) {
		cf_unit u = CF_UNIT_RATIO;
		assert_int_equal(cf_unit_parse(units[i], &u, NULL), 0);
		assert_int_equal(u, unit_enum[i]);
		assert_string_equal(cf_unit_name(u), units[i]);
	}
	cf_unit u;
	assert_int_equal(cf_unit_parse("", &u, NULL), CF_EDATA);
	assert_int_equal(cf_unit_parse("percentage", &u, NULL), CF_EDATA);
}

static void tables_and_columns(void **state)
{
	(void)state;
	assert_string_equal(cf_table_name(CF_TABLE_TRADE), "trade");
	assert_string_equal(cf_table_name(CF_TABLE_LOANS), "loans");
	assert_string_equal(cf_table_name(CF_TABLE_SCHOLARSHIPS),
			    "scholarships");
	assert_string_equal(cf_table_name(CF_TABLE_FIGURES), "figures");

	const char *const *cols = cf_table_columns(CF_TABLE_LOANS);
	static const char *const loans[] = {"lender", "borrower", "instrument",
					    "purpose", "status"};
	for (int i = 0; i < 5; i++)
		assert_string_equal(cols[i], loans[i]);
	assert_null(cols[5]);
	cols = cf_table_columns(CF_TABLE_TRADE);
	assert_string_equal(cols[0], "reporter");
	assert_string_equal(cols[1], "partner");
	assert_string_equal(cols[2], "flow");
	assert_null(cols[3]);
	cols = cf_table_columns(CF_TABLE_SCHOLARSHIPS);
	assert_string_equal(cols[0], "provider");
	assert_string_equal(cols[1], "recipient");
	assert_string_equal(cols[2], "program");
	assert_string_equal(cols[3], "status");
	assert_null(cols[4]);
	cols = cf_table_columns(CF_TABLE_FIGURES);
	assert_string_equal(cols[0], "measure");
	assert_string_equal(cols[1], "entity");
	assert_null(cols[2]);
}

static void figure_attr_by_name(void **state)
{
	(void)state;
	char lender[] = "CDB", borrower[] = "Venezuela", empty[] = "";
	cf_figure f;
	memset(&f, 0, sizeof f);
	f.table = CF_TABLE_LOANS;
	f.attr[0] = lender;
	f.attr[1] = borrower;
	f.attr[4] = empty;
	assert_string_equal(cf_figure_attr(&f, "lender"), "CDB");
	assert_string_equal(cf_figure_attr(&f, "borrower"), "Venezuela");
	assert_null(cf_figure_attr(&f, "instrument")); /* absent */
	assert_null(cf_figure_attr(&f, "status"));     /* empty */
	assert_null(cf_figure_attr(&f, "flow"));       /* not a loans column */
	assert_null(cf_figure_attr(&f, NULL));

	f.table = CF_TABLE_SCHOLARSHIPS;
	f.attr[3] = lender;
	assert_string_equal(cf_figure_attr(&f, "status"), "CDB");
	assert_string_equal(cf_figure_attr(&f, "provider"), "CDB");
	assert_null(cf_figure_attr(&f, "lender"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(values_data),
	    cmocka_unit_test(literals_data),
	    cmocka_unit_test(over_300_billion),
	    cmocka_unit_test(value_point),
	    cmocka_unit_test(decimal_valid),
	    cmocka_unit_test(qualifier_names),
	    cmocka_unit_test(error_messages_name_text_and_choices),
	    cmocka_unit_test(scale_and_unit_names),
	    cmocka_unit_test(tables_and_columns),
	    cmocka_unit_test(figure_attr_by_name),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
