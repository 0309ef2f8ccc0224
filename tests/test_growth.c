/* test_growth.c — points, YoY, CAGR and the GSL trend (growth.h).
 *
 * Series are built by hand here (no dataset loading).  Table-shaped cases
 * are in tests/data/growth.test; the linear fit is checked against the NIST
 * StRD certified values of the Norris dataset (tests/data/nist/). */
#include "harness.h"

#include <math.h>

#include "cifra/figure.h"
#include "cifra/growth.h"

#define GROWTH_DATA "tests/data/growth.test"
#define NORRIS_DATA "tests/data/nist/norris.test"
#define REL	    1e-12
#define MAXFIG	    16

/* ---- building series by hand ----------------------------------------- */

typedef struct hand_series {
	cf_figure fig[MAXFIG];
	cf_figure *ptr[MAXFIG];
	cf_series s;
} hand_series;

static cf_period period_of(const char *text)
{
	cf_period p;
	cf_error err;
	if (cf_period_parse(text, &p, &err) != 0)
		fail_msg("bad period '%s' in test: %s", text, err.message);
	return p;
}

/* One token PERIOD=[QUALIFIER:]VALUE[@SCALE]. */
static void parse_figure(const char *token, cf_figure *f)
{
	char buf[128];
	snprintf(buf, sizeof buf, "%s", token);
	char *eq = strchr(buf, '=');
	assert_non_null(eq);
	*eq = '\0';
	char *value = eq + 1;
	char *at = strchr(value, '@');
	const char *scale = "1";
	if (at) {
		*at = '\0';
		scale = at + 1;
	}
	const char *qual = "exact";
	char *colon = strchr(value, ':');
	if (colon) {
		*colon = '\0';
		qual = value;
		value = colon + 1;
	}
	cf_error err;
	memset(f, 0, sizeof *f);
	f->period = period_of(buf);
	assert_int_equal(cf_scale_parse(scale, &f->scale, &err), 0);
	assert_int_equal(cf_qualifier_parse(qual, &f->qualifier, &err), 0);
	f->value_text = strdup(value);
	assert_int_equal(cf_value_interval(value, f->scale, f->qualifier,
					   &f->interval, &err),
			 0);
}

static void hand_build(hand_series *h, const char *figures)
{
	memset(h, 0, sizeof *h);
	char buf[1024];
	snprintf(buf, sizeof buf, "%s", figures);
	char *save = NULL;
	for (char *t = strtok_r(buf, " ", &save); t;
	     t = strtok_r(NULL, " ", &save)) {
		assert_true(h->s.count < MAXFIG);
		parse_figure(t, &h->fig[h->s.count]);
		h->ptr[h->s.count] = &h->fig[h->s.count];
		h->s.count++;
	}
	/* a series keeps its figures sorted by period (dataset.h), in file
	 * order among equals: an insertion sort keeps that order */
	for (size_t i = 1; i < h->s.count; i++)
		for (size_t j = i;
		     j > 0 && cf_period_compare(&h->ptr[j - 1]->period,
						&h->ptr[j]->period) > 0;
		     j--) {
			cf_figure *t = h->ptr[j];
			h->ptr[j] = h->ptr[j - 1];
			h->ptr[j - 1] = t;
		}
	h->s.name = "test.series";
	h->s.figures = h->ptr;
}

static void hand_free(hand_series *h)
{
	for (size_t i = 0; i < h->s.count; i++)
		free(h->fig[i].value_text);
}

static cf_growth *growth_of(const hand_series *h, const char *from,
			    const char *to)
{
	cf_period pf, pt;
	bool hf = from && strcmp(from, "-") != 0;
	bool ht = to && strcmp(to, "-") != 0;
	if (hf)
		pf = period_of(from);
	if (ht)
		pt = period_of(to);
	cf_growth *g = NULL;
	cf_error err;
	int rc = cf_growth_compute(&h->s, hf ? &pf : NULL, ht ? &pt : NULL, &g,
				   &err);
	if (rc)
		fail_msg("cf_growth_compute: %s", err.message);
	return g;
}

/* ---- checking values ----------------------------------------------- */

static double num(const harness_case *c, int i)
{
	char *end;
	double v = strtod(c->field[i], &end);
	if (*end)
		fail_msg("%s:%ld: field %d '%s' is not a number", c->file,
			 c->line, i, c->field[i]);
	return v;
}

/* Equal within rel, NaN matching NaN (a missing bound is NaN by design). */
static void expect_near(const harness_case *c, const char *what, double got,
			double want, double rel)
{
	if (isnan(want) && isnan(got))
		return;
	if (isnan(want) || isnan(got) || !harness_close(got, want, rel))
		fail_msg("%s:%ld: %s = %.17g, expected %.17g", c->file, c->line,
			 what, got, want);
}

static void expect_num(const harness_case *c, const char *what, double got,
		       double want)
{
	expect_near(c, what, got, want, REL);
}

static void expect_interval(const harness_case *c, cf_interval v, int ilo,
			    int ihi, int iends)
{
	expect_num(c, "lo", v.lo, num(c, ilo));
	expect_num(c, "hi", v.hi, num(c, ihi));
	const char *ends = c->field[iends];
	if (v.lo_open != (ends[0] == '(') || v.hi_open != (ends[1] == ')'))
		fail_msg("%s:%ld: ends %c%c, expected %s", c->file, c->line,
			 v.lo_open ? '(' : '[', v.hi_open ? ')' : ']', ends);
}

static const cf_point *point_at(const cf_growth *g, const char *period)
{
	cf_period p = period_of(period);
	for (size_t i = 0; i < g->npoints; i++)
		if (cf_period_equal(&g->points[i].period, &p))
			return &g->points[i];
	fail_msg("no point for %s", period);
	return NULL;
}

static const cf_yoy *yoy_at(const cf_growth *g, const char *period)
{
	cf_period p = period_of(period);
	for (size_t i = 0; i < g->nyoy; i++)
		if (cf_period_equal(&g->yoy[i].period, &p))
			return &g->yoy[i];
	return NULL;
}

/* ---- table cases ----------------------------------------------------- */

static void case_point(const harness_case *c)
{
	assert_int_equal(c->nfields, 9);
	hand_series h;
	hand_build(&h, c->field[1]);
	cf_point *pts;
	size_t n;
	cf_error err;
	assert_int_equal(cf_series_points(&h.s, &pts, &n, &err), 0);
	cf_growth g = {.points = pts, .npoints = n};
	const cf_point *p = point_at(&g, c->field[2]);
	bool conflict = num(c, 8) != 0;
	if (p->conflict != conflict)
		fail_msg("%s:%ld: conflict %d", c->file, c->line, p->conflict);
	if (conflict)
		assert_true(cf_interval_is_empty(p->value));
	else
		expect_interval(c, p->value, 3, 4, 5);
	assert_int_equal(p->nfigures, (size_t)num(c, 6));
	expect_num(c, "written", p->written, num(c, 7));
	free(pts);
	hand_free(&h);
}

static void case_order(const harness_case *c)
{
	hand_series h;
	hand_build(&h, c->field[1]);
	cf_growth *g = growth_of(&h, NULL, NULL);
	char want[256];
	snprintf(want, sizeof want, "%s", c->field[2]);
	char *save = NULL;
	size_t i = 0, nyoy = 0;
	for (char *t = strtok_r(want, " ", &save); t;
	     t = strtok_r(NULL, " ", &save), i++) {
		assert_true(i < g->npoints);
		cf_period p = period_of(t);
		if (!cf_period_equal(&g->points[i].period, &p))
			fail_msg("%s:%ld: point %zu is not %s", c->file,
				 c->line, i, t);
		nyoy += p.kind != CF_PERIOD_TO_DATE;
	}
	assert_int_equal(g->npoints, i);
	assert_int_equal(g->nyoy, nyoy);
	cf_growth_free(g);
	hand_free(&h);
}

static void case_yoy(const harness_case *c)
{
	assert_int_equal(c->nfields, 8);
	hand_series h;
	hand_build(&h, c->field[1]);
	cf_growth *g = growth_of(&h, NULL, NULL);
	const cf_yoy *y = yoy_at(g, c->field[2]);
	if (!y)
		fail_msg("%s:%ld: no yoy entry", c->file, c->line);
	cf_period base = period_of(c->field[2]);
	base = cf_period_prev_year(&base);
	assert_true(cf_period_equal(&y->base, &base));
	if (strcmp(c->field[3], "-") == 0) {
		if (y->has_base)
			fail_msg("%s:%ld: unexpected base", c->file, c->line);
		/* missing, never 0 */
		assert_true(cf_interval_is_empty(y->growth));
		assert_true(isnan(y->written));
	} else {
		if (!y->has_base)
			fail_msg("%s:%ld: no base", c->file, c->line);
		cf_period want = period_of(c->field[3]);
		assert_true(cf_period_equal(&y->base, &want));
		expect_interval(c, y->growth, 4, 5, 6);
		expect_num(c, "written", y->written, num(c, 7));
	}
	cf_growth_free(g);
	hand_free(&h);
}

static void case_noyoy(const harness_case *c)
{
	hand_series h;
	hand_build(&h, c->field[1]);
	cf_growth *g = growth_of(&h, NULL, NULL);
	point_at(g, c->field[2]);   /* the point is there… */
	if (yoy_at(g, c->field[2])) /* …without a YoY */
		fail_msg("%s:%ld: TO_DATE point has a YoY", c->file, c->line);
	cf_growth_free(g);
	hand_free(&h);
}

static void case_cagr(const harness_case *c)
{
	assert_int_equal(c->nfields, 9);
	hand_series h;
	hand_build(&h, c->field[1]);
	cf_growth *g = growth_of(&h, c->field[2], c->field[3]);
	if (strcmp(c->field[4], "-") == 0) {
		if (g->has_cagr)
			fail_msg("%s:%ld: unexpected CAGR", c->file, c->line);
	} else {
		if (!g->has_cagr)
			fail_msg("%s:%ld: no CAGR", c->file, c->line);
		cf_period a = period_of(c->field[4]),
			  b = period_of(c->field[5]);
		if (!cf_period_equal(&g->cagr_from, &a) ||
		    !cf_period_equal(&g->cagr_to, &b))
			fail_msg("%s:%ld: CAGR over other years", c->file,
				 c->line);
		expect_num(c, "cagr.lo", g->cagr.lo, num(c, 6));
		expect_num(c, "cagr.hi", g->cagr.hi, num(c, 7));
		expect_num(c, "cagr_written", g->cagr_written, num(c, 8));
	}
	cf_growth_free(g);
	hand_free(&h);
}

static void case_trend(const harness_case *c)
{
	assert_int_equal(c->nfields, 11);
	hand_series h;
	hand_build(&h, c->field[1]);
	cf_growth *g = growth_of(&h, c->field[2], c->field[3]);
	size_t n = (size_t)num(c, 4);
	if (n == 0) {
		if (g->has_trend)
			fail_msg("%s:%ld: unexpected trend", c->file, c->line);
	} else {
		if (!g->has_trend)
			fail_msg("%s:%ld: no trend", c->file, c->line);
		const cf_trend *t = &g->trend;
		assert_int_equal(t->n, n);
		/* 1e-12 is too tight for the bounds: they go through the t
		 * quantile (GSL inverts the CDF numerically). */
		expect_num(c, "rate", t->rate, num(c, 5));
		expect_near(c, "rate_lo", t->rate_lo, num(c, 6), 1e-9);
		expect_near(c, "rate_hi", t->rate_hi, num(c, 7), 1e-9);
		expect_num(c, "doubling", t->doubling_years, num(c, 8));
		expect_near(c, "doubling_lo", t->doubling_lo, num(c, 9), 1e-9);
		expect_near(c, "doubling_hi", t->doubling_hi, num(c, 10), 1e-9);
	}
	cf_growth_free(g);
	hand_free(&h);
}

static void dispatch(const harness_case *c, void *ctx)
{
	const char *kind = ctx;
	if (strcmp(c->field[0], kind) != 0)
		return;
	if (!strcmp(kind, "point"))
		case_point(c);
	else if (!strcmp(kind, "order"))
		case_order(c);
	else if (!strcmp(kind, "yoy"))
		case_yoy(c);
	else if (!strcmp(kind, "noyoy"))
		case_noyoy(c);
	else if (!strcmp(kind, "cagr"))
		case_cagr(c);
	else if (!strcmp(kind, "trend"))
		case_trend(c);
}

static void test_points_table(void **state)
{
	(void)state;
	harness_each_case(GROWTH_DATA, dispatch, "point");
	harness_each_case(GROWTH_DATA, dispatch, "order");
}

static void test_yoy_table(void **state)
{
	(void)state;
	harness_each_case(GROWTH_DATA, dispatch, "yoy");
	harness_each_case(GROWTH_DATA, dispatch, "noyoy");
}

static void test_cagr_table(void **state)
{
	(void)state;
	harness_each_case(GROWTH_DATA, dispatch, "cagr");
}

static void test_trend_table(void **state)
{
	(void)state;
	harness_each_case(GROWTH_DATA, dispatch, "trend");
}

/* ---- NIST StRD Norris ------------------------------------------------ */

typedef struct norris {
	size_t n;
	double x[64], y[64];
	double b0, b1, sd_b0, sd_b1, sd_res;
} norris;

static void norris_row(const harness_case *c, void *ctx)
{
	norris *d = ctx;
	if (!strcmp(c->field[0], "data")) {
		assert_true(d->n < 64);
		d->y[d->n] = num(c, 1);
		d->x[d->n] = num(c, 2);
		d->n++;
		return;
	}
	const char *name = c->field[1];
	double v = num(c, 2);
	if (!strcmp(name, "B0"))
		d->b0 = v;
	else if (!strcmp(name, "B1"))
		d->b1 = v;
	else if (!strcmp(name, "sd_B0"))
		d->sd_b0 = v;
	else if (!strcmp(name, "sd_B1"))
		d->sd_b1 = v;
	else if (!strcmp(name, "residual_sd"))
		d->sd_res = v;
}

static void test_norris_certified(void **state)
{
	(void)state;
	norris d = {0};
	harness_each_case(NORRIS_DATA, norris_row, &d);
	assert_int_equal(d.n, 36);
	assert_true(d.b1 != 0 && d.sd_res != 0); /* certified lines read */
	cf_linear l;
	cf_error err;
	assert_int_equal(cf_linear_fit(d.x, d.y, d.n, &l, &err), 0);
	assert_int_equal(l.n, 36);
	assert_close(l.c0, d.b0, 1e-9);
	assert_close(l.c1, d.b1, 1e-9);
	assert_close(l.se0, d.sd_b0, 1e-9);
	assert_close(l.se1, d.sd_b1, 1e-9);
	assert_close(l.residual_sd, d.sd_res, 1e-9);
	/* residual SD squared, times n - 2 */
	assert_close(l.sumsq, d.sd_res * d.sd_res * 34, 1e-9);
}

/* ---- cf_trend_fit on raw arrays ------------------------------------- */

static void test_trend_exact_growth(void **state)
{
	(void)state;
	/* y = 100 * 1.07^t exactly on a log scale: the fit is exact, the CI
	 * collapses onto the rate; doubling = ln 2 / ln 1.07 =
	 * 10.244768351058712 (python3: math.log(2)/math.log(1.07)). */
	double x[10], y[10];
	for (int i = 0; i < 10; i++) {
		x[i] = 2000 + i;
		y[i] = 100 * pow(1.07, i);
	}
	cf_trend t;
	cf_error err;
	assert_int_equal(cf_trend_fit(x, y, 10, &t, &err), 0);
	assert_int_equal(t.n, 10);
	assert_int_equal(t.first_year, 2000);
	assert_int_equal(t.last_year, 2009);
	assert_close(t.rate, 0.07, 1e-12);
	assert_true(t.cov11 < 1e-25);
	assert_close(t.rate_lo, 0.07, 1e-9);
	assert_close(t.rate_hi, 0.07, 1e-9);
	assert_true(t.rate_lo <= t.rate && t.rate <= t.rate_hi);
	assert_close(t.doubling_years, 10.244768351058712, 1e-12);
	assert_close(t.doubling_lo, 10.244768351058712, 1e-9);
	assert_close(t.doubling_hi, 10.244768351058712, 1e-9);
}

static void test_trend_fit_ln_matches(void **state)
{
	(void)state;
	double x[] = {2019, 2020, 2021, 2022}, y[] = {100, 110, 121, 140};
	double lny[4];
	for (int i = 0; i < 4; i++)
		lny[i] = log(y[i]);
	cf_trend a, b;
	cf_error err;
	assert_int_equal(cf_trend_fit(x, y, 4, &a, &err), 0);
	assert_int_equal(cf_trend_fit_ln(x, lny, 4, &b, &err), 0);
	assert_true(a.slope == b.slope && a.rate_lo == b.rate_lo);
	/* same hand series as growth.test (python3) */
	assert_close(a.rate, 0.11680584751402212, 1e-12);
}

static void test_trend_fit_large(void **state)
{
	(void)state;
	/* Above CF_TREND_STACK_MAX the log buffer is allocated; the result
	 * must not change: y = 5 * 1.03^t, rate 0.03.  Unsorted x. */
	enum { N = CF_TREND_STACK_MAX * 3 + 7 };
	double *x = malloc(N * sizeof *x), *y = malloc(N * sizeof *y);
	assert_non_null(x);
	assert_non_null(y);
	for (int i = 0; i < N; i++) {
		int k = (i * 7) % N; /* 7 is prime to N: a permutation */
		x[i] = k;
		y[i] = 5 * pow(1.03, k);
	}
	cf_trend t;
	cf_error err;
	assert_int_equal(cf_trend_fit(x, y, N, &t, &err), 0);
	assert_int_equal(t.n, N);
	assert_int_equal(t.first_year, 0);
	assert_int_equal(t.last_year, N - 1);
	assert_close(t.rate, 0.03, 1e-10);
	free(x);
	free(y);
}

static void test_trend_fit_errors(void **state)
{
	(void)state;
	double x[] = {2019, 2020, 2021}, y[] = {100, 110, 121};
	double same[] = {2020, 2020, 2020};
	double zero[] = {100, 0, 121}, neg[] = {100, -5, 121};
	double bad[] = {100, NAN, 121}, badx[] = {2019, INFINITY, 2021};
	cf_trend t;
	cf_error err;
	assert_int_equal(cf_trend_fit(x, y, 1, &t, &err), CF_EDATA);
	assert_int_equal(cf_trend_fit(x, y, 0, &t, &err), CF_EDATA);
	assert_int_equal(cf_trend_fit(same, y, 3, &t, &err), CF_EDATA);
	assert_int_equal(cf_trend_fit(x, zero, 3, &t, &err), CF_EDATA);
	assert_int_equal(cf_trend_fit(x, neg, 3, &t, &err), CF_EDATA);
	assert_int_equal(cf_trend_fit(x, bad, 3, &t, &err), CF_EDATA);
	assert_int_equal(cf_trend_fit(badx, y, 3, &t, &err), CF_EDATA);
	assert_int_equal(err.code, CF_EDATA);
	assert_true(err.message[0] != '\0');
	assert_int_equal(cf_trend_fit(NULL, y, 3, &t, &err), CF_EUSAGE);
	/* with the default GSL handler these would abort(): they must not */
	assert_int_equal(cf_trend_fit(x, y, 3, &t, &err), 0);
}

static void test_linear_two_points(void **state)
{
	(void)state;
	/* y = 1 + 2x through two points; no residual d.f.: no errors */
	double x[] = {1, 3}, y[] = {3, 7};
	cf_linear l;
	cf_error err;
	assert_int_equal(cf_linear_fit(x, y, 2, &l, &err), 0);
	assert_close(l.c0, 1, 1e-12);
	assert_close(l.c1, 2, 1e-12);
	assert_true(isnan(l.se0) && isnan(l.se1) && isnan(l.residual_sd));
	assert_true(isnan(l.cov11));
}

/* ---- cf_growth_compute details ------------------------------------- */

static void test_yoy_base_before_range(void **state)
{
	(void)state;
	/* --from 2021 shows 2021 only, but 2021's YoY still uses 2020:
	 * [120.5/100.5 - 1, 121.5/99.5 - 1], written 0.21 */
	hand_series h;
	hand_build(&h, "2020=100 2021=121 2022=130");
	cf_growth *g = growth_of(&h, "2021", "2021");
	assert_int_equal(g->npoints, 1);
	assert_int_equal(g->nyoy, 1);
	assert_true(g->yoy[0].has_base);
	assert_close(g->yoy[0].growth.lo, 120.5 / 100.5 - 1, REL);
	assert_close(g->yoy[0].growth.hi, 121.5 / 99.5 - 1, REL);
	assert_close(g->yoy[0].written, 0.21, REL);
	assert_false(g->has_cagr);
	assert_false(g->has_trend);
	assert_string_equal(g->series, "test.series");
	cf_growth_free(g);
	hand_free(&h);
}

static void test_empty_series(void **state)
{
	(void)state;
	cf_series s = {.name = "empty"};
	cf_growth *g = NULL;
	cf_error err;
	assert_int_equal(cf_growth_compute(&s, NULL, NULL, &g, &err), 0);
	assert_int_equal(g->npoints, 0);
	assert_int_equal(g->nyoy, 0);
	assert_false(g->has_cagr);
	assert_false(g->has_trend);
	cf_growth_free(g);
	cf_growth_free(NULL);
	assert_int_equal(cf_growth_compute(NULL, NULL, NULL, &g, &err),
			 CF_EUSAGE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_points_table),
	    cmocka_unit_test(test_yoy_table),
	    cmocka_unit_test(test_cagr_table),
	    cmocka_unit_test(test_trend_table),
	    cmocka_unit_test(test_norris_certified),
	    cmocka_unit_test(test_trend_exact_growth),
	    cmocka_unit_test(test_trend_fit_ln_matches),
	    cmocka_unit_test(test_trend_fit_large),
	    cmocka_unit_test(test_trend_fit_errors),
	    cmocka_unit_test(test_linear_two_points),
	    cmocka_unit_test(test_yoy_base_before_range),
	    cmocka_unit_test(test_empty_series),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
