/* Tests of interval.c: arithmetic with open/closed and infinite ends,
 * division by intervals holding zero, CAGR, and the three-valued order used
 * by claim verdicts.  Cases are in tests/data/interval.test. */
#include <math.h>

#include "harness.h"

#include "cifra/interval.h"

#define DATA "tests/data/interval.test"
#define REL  1e-12

/* Reads "[lo, hi)", "(lo, hi]"… or "empty" written in the data file. */
static cf_interval read_interval(const harness_case *c, const char *s)
{
	if (strcmp(s, "empty") == 0)
		return cf_interval_empty();
	cf_interval r;
	char *end;
	if (*s != '[' && *s != '(')
		goto bad;
	r.lo_open = *s == '(';
	r.lo = strtod(s + 1, &end);
	if (end == s + 1 || *end != ',')
		goto bad;
	s = end + 1;
	r.hi = strtod(s, &end);
	if (end == s || (*end != ']' && *end != ')') || end[1] != '\0')
		goto bad;
	r.hi_open = *end == ')';
	return r;
bad:
	fail_msg("%s:%ld: bad interval '%s'", c->file, c->line, s);
	return cf_interval_empty();
}

static void show(char *buf, size_t size, cf_interval a)
{
	if (cf_interval_is_empty(a))
		snprintf(buf, size, "empty");
	else
		snprintf(buf, size, "%c%.17g, %.17g%c", a.lo_open ? '(' : '[',
			 a.lo, a.hi, a.hi_open ? ')' : ']');
}

static void expect_interval(const harness_case *c, cf_interval got,
			    const char *expected)
{
	cf_interval want = read_interval(c, expected);
	char g[96];
	show(g, sizeof g, got);
	if (cf_interval_is_empty(want)) {
		if (!cf_interval_is_empty(got))
			fail_msg("%s:%ld: got %s, expected empty", c->file,
				 c->line, g);
		return;
	}
	if (cf_interval_is_empty(got) || !harness_close(got.lo, want.lo, REL) ||
	    !harness_close(got.hi, want.hi, REL) ||
	    got.lo_open != want.lo_open || got.hi_open != want.hi_open)
		fail_msg("%s:%ld: got %s, expected %s", c->file, c->line, g,
			 expected);
	assert_false(isnan(got.lo) || isnan(got.hi));
}

static bool yes_no(const harness_case *c, const char *s)
{
	if (strcmp(s, "yes") != 0 && strcmp(s, "no") != 0)
		fail_msg("%s:%ld: expected yes/no, got '%s'", c->file, c->line,
			 s);
	return strcmp(s, "yes") == 0;
}

typedef cf_interval (*binary_fn)(cf_interval, cf_interval);

static const struct {
	const char *name;
	binary_fn fn;
} binary_ops[] = {
    {"add", cf_interval_add},
    {"sub", cf_interval_sub},
    {"mul", cf_interval_mul},
    {"div", cf_interval_div},
    {"min", cf_interval_min},
    {"max", cf_interval_max},
    {"intersect", cf_interval_intersect},
    {"hull", cf_interval_hull},
    {"growth", cf_interval_growth},
};

static bool run_binary(const harness_case *c)
{
	for (size_t i = 0; i < sizeof binary_ops / sizeof binary_ops[0]; i++) {
		if (strcmp(c->field[0], binary_ops[i].name) != 0)
			continue;
		cf_interval a = read_interval(c, c->field[1]);
		cf_interval b = read_interval(c, c->field[2]);
		expect_interval(c, binary_ops[i].fn(a, b), c->field[3]);
		return true;
	}
	return false;
}

static void expect_int(const harness_case *c, int got, const char *expected)
{
	if (got != atoi(expected))
		fail_msg("%s:%ld: got %d, expected %s", c->file, c->line, got,
			 expected);
}

static bool run_other(const harness_case *c)
{
	const char *op = c->field[0];
	cf_interval a = read_interval(c, c->field[1]);
	if (strcmp(op, "neg") == 0) {
		expect_interval(c, cf_interval_neg(a), c->field[3]);
	} else if (strcmp(op, "pow") == 0) {
		expect_interval(c,
				cf_interval_pow(a, strtod(c->field[2], NULL)),
				c->field[3]);
	} else if (strcmp(op, "meets") == 0) {
		cf_interval b = read_interval(c, c->field[2]);
		bool want = yes_no(c, c->field[3]);
		if (cf_interval_meets(a, b) != want ||
		    cf_interval_meets(b, a) != want)
			fail_msg("%s:%ld: meets wrong", c->file, c->line);
	} else if (strcmp(op, "less") == 0) {
		expect_int(
		    c,
		    cf_interval_always_less(a, read_interval(c, c->field[2])),
		    c->field[3]);
	} else if (strcmp(op, "less_equal") == 0) {
		expect_int(c,
			   cf_interval_always_less_equal(
			       a, read_interval(c, c->field[2])),
			   c->field[3]);
	} else if (strcmp(op, "mid") == 0) {
		double want = strtod(c->field[3], NULL);
		double got = cf_interval_mid(a);
		if (isnan(want) ? !isnan(got) : !harness_close(got, want, REL))
			fail_msg("%s:%ld: mid %.17g, expected %s", c->file,
				 c->line, got, c->field[3]);
	} else if (strcmp(op, "contains") == 0) {
		double x = strtod(c->field[2], NULL);
		if (cf_interval_contains(a, x) != yes_no(c, c->field[3]))
			fail_msg("%s:%ld: contains wrong", c->file, c->line);
	} else {
		return false;
	}
	return true;
}

static void run_case(const harness_case *c, void *ctx)
{
	int *n = ctx;
	if (strcmp(c->field[0], "cagr") == 0) {
		assert_int_equal(c->nfields, 5);
		cf_interval a = read_interval(c, c->field[1]);
		cf_interval b = read_interval(c, c->field[2]);
		double years = strtod(c->field[3], NULL);
		expect_interval(c, cf_interval_cagr(a, b, years), c->field[4]);
	} else {
		assert_int_equal(c->nfields, 4);
		if (!run_binary(c) && !run_other(c))
			fail_msg("%s:%ld: unknown operation '%s'", c->file,
				 c->line, c->field[0]);
	}
	(*n)++;
}

static void data_file_cases(void **state)
{
	(void)state;
	int n = 0;
	harness_each_case(DATA, run_case, &n);
	assert_true(n >= 150);
}

static void constructors(void **state)
{
	(void)state;
	cf_interval p = cf_interval_point(518.4);
	assert_true(cf_interval_is_point(p));
	assert_true(cf_interval_is_bounded(p));
	assert_true(cf_interval_contains(p, 518.4));
	assert_false(p.lo_open || p.hi_open);

	cf_interval c = cf_interval_closed(1, 2);
	assert_false(cf_interval_is_point(c));
	assert_true(cf_interval_contains(c, 1) && cf_interval_contains(c, 2));

	assert_true(cf_interval_is_empty(cf_interval_closed(2, 1)));
	assert_true(cf_interval_is_empty(cf_interval_empty()));
	assert_false(cf_interval_is_point(cf_interval_empty()));
	assert_false(cf_interval_is_bounded(cf_interval_empty()));
	/* no real number is infinite */
	assert_true(cf_interval_is_empty(cf_interval_point(INFINITY)));
	assert_true(cf_interval_is_empty(cf_interval_point(NAN)));

	cf_interval all = cf_interval_all();
	assert_false(cf_interval_is_empty(all));
	assert_false(cf_interval_is_bounded(all));
	assert_true(cf_interval_contains(all, -1e308));

	/* an infinite end is open even when asked for closed */
	cf_interval h = cf_interval_closed(1, INFINITY);
	assert_false(h.lo_open);
	assert_true(h.hi_open);
	assert_false(cf_interval_is_bounded(h));
}

/* Intervals built by hand with a closed infinite end still divide to an
 * open end: 1 / y never reaches 0. */
static void hand_built_infinite_end(void **state)
{
	(void)state;
	cf_interval raw = {2, INFINITY, false, false};
	cf_interval r = cf_interval_div(cf_interval_closed(1, 2), raw);
	assert_true(r.lo == 0 && r.lo_open);
	assert_true(r.hi == 1 && !r.hi_open);
	r = cf_interval_mul(cf_interval_closed(1, 2), raw);
	assert_true(r.lo == 2 && !r.lo_open);
	assert_true(isinf(r.hi) && r.hi_open);
}

/* (lo == hi) with an open end is empty, however it is reached. */
static void empty_forms(void **state)
{
	(void)state;
	cf_interval a = {1, 1, true, false};
	cf_interval b = {1, 1, false, true};
	cf_interval d = {1, 0, false, false};
	assert_true(cf_interval_is_empty(a));
	assert_true(cf_interval_is_empty(b));
	assert_true(cf_interval_is_empty(d));
	assert_true(
	    cf_interval_is_empty(cf_interval_add(a, cf_interval_all())));
	assert_true(cf_interval_is_empty(cf_interval_pow(d, 0.5)));
	assert_true(isnan(cf_interval_mid(a)));
}

/* No operation yields NaN ends, whatever mix of zeros and infinities. */
static void never_nan(void **state)
{
	(void)state;
	const cf_interval v[] = {
	    cf_interval_all(),
	    cf_interval_point(0),
	    cf_interval_closed(0, INFINITY),
	    {-INFINITY, 0, true, false},
	    {0, INFINITY, true, true},
	    {-INFINITY, 0, true, true},
	    cf_interval_closed(-1, 2),
	    cf_interval_closed(-3, -1),
	    cf_interval_closed(1, 1e308),
	    {-1e308, -5, false, true},
	    cf_interval_empty(),
	};
	const size_t n = sizeof v / sizeof v[0];
	for (size_t i = 0; i < n; i++) {
		for (size_t j = 0; j < n; j++) {
			for (size_t k = 0;
			     k < sizeof binary_ops / sizeof binary_ops[0];
			     k++) {
				cf_interval r = binary_ops[k].fn(v[i], v[j]);
				if (isnan(r.lo) || isnan(r.hi))
					fail_msg("%s(%zu, %zu) is NaN",
						 binary_ops[k].name, i, j);
			}
			cf_interval r = cf_interval_cagr(v[i], v[j], 3);
			assert_false(isnan(r.lo) || isnan(r.hi));
		}
	}
}

/* SPEC §3 example: "over 300" billion never meets a figure of at most 300. */
static void over_300_excludes_300(void **state)
{
	(void)state;
	cf_interval over = {300e9, INFINITY, true, true};
	cf_interval exactly = cf_interval_point(300e9);
	assert_false(cf_interval_meets(over, exactly));
	assert_int_equal(cf_interval_always_less_equal(over, exactly), -1);
	assert_int_equal(cf_interval_always_less(exactly, over), 1);
	assert_false(cf_interval_contains(over, 300e9));
	assert_true(cf_interval_contains(over, nextafter(300e9, INFINITY)));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(data_file_cases),
	    cmocka_unit_test(constructors),
	    cmocka_unit_test(hand_built_infinite_end),
	    cmocka_unit_test(empty_forms),
	    cmocka_unit_test(never_nan),
	    cmocka_unit_test(over_300_excludes_300),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
