/* test_analysis.c — the one analysis (analysis.h): a claim's implied figure
 * is a result of that claim and never evidence.  SPEC §4: "no verdict,
 * growth, chart value or report table may be computed from it". */
#include "harness.h"

#include <math.h>

#include "cifra/cifra.h"

static cf_dataset *load(const char *dir)
{
	cf_dataset *ds = NULL;
	cf_error err;
	cf_error_clear(&err);
	if (cf_dataset_load(dir, &ds, &err) != 0)
		fail_msg("cannot load %s: %s:%ld:%ld: %s", dir, err.file,
			 err.line, err.column, err.message);
	return ds;
}

static cf_analysis *analyse(const cf_dataset *ds, const char *series)
{
	cf_analysis_options opt = {.growth_series = series};
	cf_analysis *a = NULL;
	cf_error err;
	cf_error_clear(&err);
	if (cf_analysis_run(ds, &opt, &a, &err) != 0)
		fail_msg("cf_analysis_run: %s", err.message);
	return a;
}

static const cf_result *find(const cf_analysis *a, const char *id)
{
	for (size_t i = 0; i < a->results.n; i++)
		if (!strcmp(a->results.items[i].id, id))
			return &a->results.items[i];
	return NULL;
}

static const cf_yoy *yoy_of(const cf_growth *g, const char *period)
{
	cf_period p;
	cf_error err;
	assert_int_equal(cf_period_parse(period, &p, &err), 0);
	for (size_t i = 0; i < g->nyoy; i++)
		if (cf_period_equal(&g->yoy[i].period, &p))
			return &g->yoy[i];
	fail_msg("no yoy row for %s", period);
	return NULL;
}

static bool same_interval(cf_interval a, cf_interval b)
{
	if (cf_interval_is_empty(a) || cf_interval_is_empty(b))
		return cf_interval_is_empty(a) && cf_interval_is_empty(b);
	return a.lo == b.lo && a.hi == b.hi && a.lo_open == b.lo_open &&
	       a.hi_open == b.hi_open;
}

/* Two growths agree on every point and every YoY. */
static void assert_same_growth(const cf_growth *x, const cf_growth *y)
{
	assert_int_equal(x->npoints, y->npoints);
	for (size_t i = 0; i < x->npoints; i++)
		assert_true(
		    same_interval(x->points[i].value, y->points[i].value));
	assert_int_equal(x->nyoy, y->nyoy);
	for (size_t i = 0; i < x->nyoy; i++) {
		assert_int_equal(x->yoy[i].has_base, y->yoy[i].has_base);
		assert_true(same_interval(x->yoy[i].growth, y->yoy[i].growth));
	}
	assert_int_equal(x->has_cagr, y->has_cagr);
	assert_true(same_interval(x->cagr, y->cagr));
}

/* The small case: c1 "yoy(x[2021-01/2021-11]) == 42.3%" implies the base
 * x[2020-01/2020-11] in [411.245/1.4235, 411.255/1.4225] bn = [288.897,
 * 289.107] bn; c2 asks whether that base is above 200 bn.  Taking the
 * implied base as evidence would make c2 consistent: it must stay
 * unverifiable, and the dataset must not change. */
static void test_implied_stays_in_result(void **state)
{
	(void)state;
	cf_dataset *ds = load("tests/data/checks/implied");
	cf_analysis *a = analyse(ds, "trade.x.total");
	const cf_result *c1 = find(a, "c1"), *c2 = find(a, "c2");
	assert_non_null(c1);
	assert_true(c1->has_implied);
	assert_string_equal(c1->implied_series, "trade.x.total");
	assert_close(c1->implied.lo, 411.245e9 / 1.4235, 1e-12);
	assert_close(c1->implied.hi, 411.255e9 / 1.4225, 1e-12);
	assert_non_null(strstr(c1->note, "implies trade.x.total"));
	assert_int_equal(c2->verdict, CF_VERDICT_UNVERIFIABLE);
	assert_non_null(strstr(c2->note, "missing"));
	/* the dataset holds its one cited figure, nothing else */
	assert_int_equal(ds->nfigures, 1);
	assert_int_equal(cf_dataset_series(ds, "trade.x.total")->count, 1);
	/* growth: one point, and no YoY for lack of a base */
	const cf_growth *g = a->series_growth;
	assert_non_null(g);
	assert_int_equal(g->npoints, 1);
	const cf_yoy *y = yoy_of(g, "2021-01/2021-11");
	assert_false(y->has_base);
	assert_true(cf_interval_is_empty(y->growth));
	/* a second analysis of the same dataset says the same */
	cf_analysis *b = analyse(ds, "trade.x.total");
	assert_int_equal(find(b, "c2")->verdict, CF_VERDICT_UNVERIFIABLE);
	cf_analysis_free(b);
	cf_analysis_free(a);
	cf_dataset_free(ds);
}

/* The shipped data, c04 ("up by 42.3% year-on-year", a004): its base
 * 2020-01/2020-11 is in no source.  Every other result and the growth of
 * trade.china_lac.total are the same with and without c04. */
static void test_c04_changes_nothing_else(void **state)
{
	(void)state;
	const char *S = "trade.china_lac.total";
	cf_dataset *ds = load("datasets");
	cf_analysis *with = analyse(ds, S);
	const cf_result *c04 = find(with, "c04");
	assert_non_null(c04);
	assert_int_equal(c04->verdict, CF_VERDICT_UNVERIFIABLE);
	assert_true(c04->has_implied);
	/* the growth never shows the +42.3% that only c04 supports */
	const cf_yoy *y = yoy_of(with->series_growth, "2021-01/2021-11");
	assert_false(y->has_base);
	/* drop c04 (moved to the end, out of nclaims) and analyse again */
	size_t n = ds->nclaims, k = 0;
	while (k < n && strcmp(ds->claims[k].id, "c04"))
		k++;
	assert_true(k < n);
	cf_claim_row row = ds->claims[k];
	memmove(&ds->claims[k], &ds->claims[k + 1], (n - k - 1) * sizeof row);
	ds->claims[n - 1] = row;
	ds->nclaims = n - 1;
	cf_analysis *without = analyse(ds, S);
	ds->nclaims = n;
	assert_int_equal(without->results.n + 1, with->results.n);
	for (size_t i = 0; i < without->results.n; i++) {
		const cf_result *r = &without->results.items[i];
		const cf_result *w = find(with, r->id);
		assert_non_null(w);
		assert_int_equal(r->verdict, w->verdict);
		assert_int_equal(r->weak, w->weak);
		assert_true(same_interval(r->computed, w->computed));
		assert_int_equal(r->nfigures, w->nfigures);
	}
	assert_same_growth(with->series_growth, without->series_growth);
	assert_same_growth(with->growth[0], without->growth[0]);
	cf_analysis_free(without);
	cf_analysis_free(with);
	cf_dataset_free(ds);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_implied_stays_in_result),
	    cmocka_unit_test(test_c04_changes_nothing_else),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
