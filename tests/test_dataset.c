/* test_dataset.c — the dataset loader against fixture directories in
 * tests/data/datasets/.  The good fixture was written from SPEC §1–§3; every
 * expected interval below is worked out by hand in its comment.  The bad
 * fixtures and where the loader must point are in
 * tests/data/loader-errors.test. */
#include "harness.h"

#include <math.h>

#include "cifra/dataset.h"

#define DS "tests/data/datasets/"

static cf_dataset *load_ok(const char *dir)
{
	cf_dataset *ds = NULL;
	cf_error err;
	cf_error_clear(&err);
	int rc = cf_dataset_load(dir, &ds, &err);
	if (rc)
		fail_msg("%s: %s:%ld:%ld: %s", dir, err.file, err.line,
			 err.column, err.message);
	assert_non_null(ds);
	return ds;
}

static const cf_figure *by_id(const cf_dataset *ds, const char *id)
{
	for (size_t i = 0; i < ds->nfigures; i++)
		if (strcmp(ds->figures[i]->id, id) == 0)
			return ds->figures[i];
	fail_msg("no figure %s", id);
	return NULL;
}

static void assert_interval(const cf_figure *f, double lo, bool lo_open,
			    double hi, bool hi_open)
{
	assert_close(f->interval.lo, lo, 1e-12);
	assert_close(f->interval.hi, hi, 1e-12);
	assert_int_equal(f->interval.lo_open, lo_open);
	assert_int_equal(f->interval.hi_open, hi_open);
}

static void assert_period(const cf_figure *f, const char *text)
{
	cf_period p;
	cf_error err;
	assert_int_equal(cf_period_parse(text, &p, &err), 0);
	assert_true(cf_period_equal(&f->period, &p));
}

static void test_good_sources(void **state)
{
	(void)state;
	cf_dataset *ds = load_ok(DS "good");
	assert_string_equal(ds->dir, DS "good");
	assert_int_equal(ds->nsources, 3);
	const cf_source *s1 = cf_dataset_source(ds, "s1");
	assert_non_null(s1);
	/* quoted in the file: comma, doubled quotes, UTF-8 kept as written */
	assert_string_equal(s1->title,
			    "Trade, money and \"friends\" — análisis");
	assert_string_equal(s1->kind, "article");
	assert_string_equal(s1->published, "2025-01-10");
	assert_string_equal(s1->file, "article1.txt");
	assert_false(s1->reference);
	const cf_source *s2 = cf_dataset_source(ds, "s2");
	assert_null(s2->author); /* empty field */
	const cf_source *ref = cf_dataset_source(ds, "ref1");
	assert_non_null(ref);
	assert_true(ref->reference);
	assert_null(ref->file); /* column absent */
	assert_null(cf_dataset_source(ds, "nope"));
	cf_dataset_free(ds);
}

static void test_good_intervals(void **state)
{
	(void)state;
	cf_dataset *ds = load_ok(DS "good");
	/* 9 trade + 2 loans + 0 scholarships (header only) + 3 figures +
	 * 1 reference trade */
	assert_int_equal(ds->nfigures, 15);

	/* 518.4 bn exact: ±0.05 bn */
	const cf_figure *f = by_id(ds, "t1");
	assert_interval(f, 518.35e9, false, 518.45e9, false);
	assert_int_equal(f->qualifier, CF_QUAL_EXACT);
	assert_int_equal(f->scale, CF_SCALE_BILLION);
	assert_int_equal(f->unit, CF_UNIT_USD);
	assert_int_equal(f->table, CF_TABLE_TRADE);
	assert_string_equal(f->value_text, "518.4");
	assert_string_equal(f->source, "s1");
	assert_string_equal(f->quote, "US$518.4 billion");
	assert_string_equal(f->file, DS "good/trade.csv");
	assert_int_equal(f->line, 2);
	assert_false(f->reference);
	assert_false(f->implied);
	assert_period(f, "2024");
	assert_string_equal(cf_figure_attr(f, "reporter"), "China");
	assert_string_equal(cf_figure_attr(f, "partner"), "LAC");
	assert_string_equal(cf_figure_attr(f, "flow"), "total");

	/* about 450 bn: last non-zero digit is the 5 in the tens, ±5 bn */
	f = by_id(ds, "t2");
	assert_interval(f, 445e9, false, 455e9, false);
	assert_int_equal(f->qualifier, CF_QUAL_ABOUT);
	assert_null(cf_figure_attr(f, "reporter"));
	assert_period(f, "2021");

	/* over 300 bn: (3e11, +inf) */
	f = by_id(ds, "t3");
	assert_interval(f, 300e9, true, INFINITY, true);
	assert_int_equal(f->period.kind, CF_PERIOD_YEAR_SPAN);
	assert_string_equal(f->quote, "over $300bn, each year");

	/* more_than is over; the quote spans two lines of the file */
	f = by_id(ds, "t4");
	assert_interval(f, 411.25e9, true, INFINITY, true);
	assert_int_equal(f->qualifier, CF_QUAL_OVER);
	assert_int_equal(f->period.kind, CF_PERIOD_MONTH_SPAN);
	assert_string_equal(f->quote, "more than\nUS$411.25 billion");
	assert_string_equal(cf_figure_attr(f, "flow"), "exports");
	assert_int_equal(f->line, 5);

	/* above 5 trillion, cumulative to 2025 */
	f = by_id(ds, "t5");
	assert_interval(f, 5e12, true, INFINITY, true);
	assert_int_equal(f->period.kind, CF_PERIOD_TO_DATE);
	assert_null(f->quote); /* empty */
	assert_int_equal(f->line, 7);

	/* at_least 40 bn: [4e10, +inf) */
	f = by_id(ds, "t6");
	assert_interval(f, 40e9, false, INFINITY, true);
	assert_int_equal(f->period.kind, CF_PERIOD_MONTH);

	/* under 100 bn: (-inf, 1e11); a US fiscal-year span */
	f = by_id(ds, "t7");
	assert_interval(f, -INFINITY, true, 100e9, true);
	assert_period(f, "2007-10/2010-09");

	/* at_most 17000 million: (-inf, 1.7e10] */
	f = by_id(ds, "t8");
	assert_interval(f, -INFINITY, true, 17e9, false);
	assert_period(f, "../2025-06");

	/* empty qualifier is exact: 520 bn ±0.5 bn */
	f = by_id(ds, "t9");
	assert_interval(f, 519.5e9, false, 520.5e9, false);
	assert_int_equal(f->qualifier, CF_QUAL_EXACT);
	assert_string_equal(f->quote, "\"520\" bn");

	/* loans.csv has no qualifier and no quote column */
	f = by_id(ds, "l1");
	assert_interval(f, 20.55e9, false, 20.65e9, false);
	assert_int_equal(f->qualifier, CF_QUAL_EXACT);
	assert_null(f->quote);
	assert_int_equal(f->table, CF_TABLE_LOANS);
	assert_string_equal(cf_figure_attr(f, "status"), "approved");
	assert_null(cf_figure_attr(f, "purpose")); /* column absent */
	f = by_id(ds, "l2"); /* "20" quoted in the file: same as 20 */
	assert_interval(f, 19.5e9, false, 20.5e9, false);

	/* 22 count: [21.5, 22.5]; 42.3 percent stays percent */
	f = by_id(ds, "f1");
	assert_interval(f, 21.5, false, 22.5, false);
	assert_int_equal(f->table, CF_TABLE_FIGURES);
	assert_string_equal(cf_figure_attr(f, "measure"), "countries");
	f = by_id(ds, "f2");
	assert_interval(f, 42.25, false, 42.35, false);
	assert_int_equal(f->unit, CF_UNIT_PERCENT);
	/* about 6000 thousand: last non-zero digit is the 6 in the
	 * thousands, ±500 thousand */
	f = by_id(ds, "f3");
	assert_interval(f, 5.5e6, false, 6.5e6, false);

	/* 518.45 bn exact: ±0.005 bn */
	f = by_id(ds, "r1");
	assert_interval(f, 518.445e9, false, 518.455e9, false);
	assert_true(f->reference);
	assert_string_equal(f->file, DS "good/reference/trade.csv");
	assert_string_equal(cf_figure_attr(f, "flow"), "total");
	cf_dataset_free(ds);
}

static void test_good_series(void **state)
{
	(void)state;
	cf_dataset *ds = load_ok(DS "good");
	static const char *const names[] = {
	    "cooperation.countries", "loans.cdb.venezuela",
	    "scholarships.lac.total", "trade.china_lac.total",
	    "trade.china_lac.yoy"};
	assert_int_equal(ds->nseries, 5);
	for (size_t i = 0; i < 5; i++)
		assert_string_equal(ds->series[i].name, names[i]);
	const cf_series *s = cf_dataset_series(ds, "trade.china_lac.total");
	assert_ptr_equal(s, &ds->series[3]);
	assert_int_equal(s->unit, CF_UNIT_USD);
	/* By end month, then start month, then file order: 2010-09 (t7),
	 * end 2020 (t3), 2021-11 (t4), 2021-12 (t2), 2024-03 (t6), the three
	 * 2024 figures in load order (t1, t9 from trade.csv, then r1 from
	 * reference/), 2025-06 (t8), 2025-12 (t5). */
	static const char *const order[] = {"t7", "t3", "t4", "t2", "t6",
					    "t1", "t9", "r1", "t8", "t5"};
	assert_int_equal(s->count, 10);
	for (size_t i = 0; i < 10; i++)
		assert_string_equal(s->figures[i]->id, order[i]);
	s = cf_dataset_series(ds, "loans.cdb.venezuela");
	assert_int_equal(s->count, 2);
	assert_string_equal(s->figures[0]->id, "l1"); /* ends 2010-09 */
	assert_null(cf_dataset_series(ds, "trade.china_lac"));
	assert_null(cf_dataset_series(ds, "zzz"));
	cf_dataset_free(ds);
}

static void test_good_claims(void **state)
{
	(void)state;
	cf_dataset *ds = load_ok(DS "good");
	assert_int_equal(ds->nclaims, 3);
	const cf_claim_row *c = &ds->claims[0];
	assert_string_equal(c->id, "c1");
	assert_string_equal(
	    c->claim,
	    "trade.china_lac.total[2024] / trade.china_lac.total[2014] ~= 2");
	assert_string_equal(c->tolerance, "5%");
	assert_string_equal(c->source, "s1");
	assert_string_equal(c->quote, "nearly doubled");
	assert_string_equal(c->file, DS "good/claims.csv");
	assert_int_equal(c->line, 2);
	assert_int_equal(c->claim_column, 4); /* after "c1," */
	c = &ds->claims[1];
	assert_string_equal(c->claim, "min(trade.china_lac.total[2018], "
				      "trade.china_lac.total[2019]) > 300e9");
	assert_null(c->tolerance);
	assert_null(c->source);
	assert_null(c->quote);
	c = &ds->claims[2];
	assert_string_equal(c->tolerance, "0.05");
	assert_string_equal(c->source, "ref1"); /* reference sources count */
	cf_dataset_free(ds);
}

/* t1 [518.35, 518.45] bn and t9 [519.5, 520.5] bn do not meet; r1
 * [518.445, 518.455] meets t1 but not t9.  Different periods of the same
 * series never conflict. */
static void test_conflicts(void **state)
{
	(void)state;
	cf_dataset *ds = load_ok(DS "good");
	cf_conflict *c;
	size_t n;
	cf_error err;
	assert_int_equal(cf_dataset_conflicts(ds, &c, &n, &err), 0);
	assert_int_equal(n, 2);
	assert_string_equal(c[0].a->id, "t1");
	assert_string_equal(c[0].b->id, "t9");
	assert_string_equal(c[1].a->id, "t9");
	assert_string_equal(c[1].b->id, "r1");
	free(c);
	cf_dataset_free(ds);

	ds = load_ok(DS "minimal");
	assert_int_equal(cf_dataset_conflicts(ds, &c, &n, &err), 0);
	assert_int_equal(n, 0);
	free(c);
	cf_dataset_free(ds);
}

static cf_value value_at(const cf_dataset *ds, const char *series,
			 const char *period, const char *only, const char *own)
{
	cf_period p;
	cf_error err;
	assert_int_equal(cf_period_parse(period, &p, &err), 0);
	cf_value v;
	cf_dataset_value(ds, series, &p, only, own, &v);
	return v;
}

/* The one rule for "the value of a series at a period" (SPEC §4), on the
 * good dataset's 2024: t1 (s1) [518.35, 518.45] bn, t9 (s2) [519.5, 520.5]
 * bn, r1 (ref1) [518.445, 518.455] bn: t9 meets neither other figure. */
static void test_value(void **state)
{
	(void)state;
	cf_dataset *ds = load_ok(DS "good");
	const char *S = "trade.china_lac.total";
	/* all three: a conflict; written is the first figure's 518.4 bn */
	cf_value v = value_at(ds, S, "2024", NULL, NULL);
	assert_int_equal(v.nfigures, 3);
	assert_int_equal(v.nused, 3);
	assert_true(v.conflict);
	assert_true(cf_interval_is_empty(v.interval));
	assert_null(v.source);
	assert_close(v.written, 518.4e9, 1e-15);
	/* the claim's own source resolves it: s1 alone, s2 alone */
	v = value_at(ds, S, "2024", NULL, "s1");
	assert_false(v.conflict);
	assert_string_equal(v.source, "s1");
	assert_int_equal(v.nused, 1);
	assert_close(v.interval.lo, 518.35e9, 1e-15);
	assert_close(v.interval.hi, 518.45e9, 1e-15);
	assert_true(cf_value_uses(&v, v.figures[0]));  /* t1 */
	assert_false(cf_value_uses(&v, v.figures[1])); /* t9 */
	v = value_at(ds, S, "2024", NULL, "s2");
	assert_close(v.interval.lo, 519.5e9, 1e-15);
	assert_close(v.written, 520e9, 1e-15);
	/* an own source without a figure there leaves the conflict */
	v = value_at(ds, S, "2024", NULL, "nobody");
	assert_true(v.conflict);
	assert_null(v.source);
	/* @source restricts even without a conflict; with no figure of that
	 * source the value is missing, not a conflict */
	v = value_at(ds, S, "2024", "ref1", NULL);
	assert_int_equal(v.nused, 1);
	assert_close(v.interval.lo, 518.445e9, 1e-15);
	assert_close(v.interval.hi, 518.455e9, 1e-15);
	v = value_at(ds, S, "2024", "nobody", "s1");
	assert_int_equal(v.nused, 0);
	assert_false(v.conflict);
	assert_true(cf_interval_is_empty(v.interval));
	/* about 450 bn: half of the tens place either side [445, 455] bn */
	v = value_at(ds, S, "2021", NULL, NULL);
	assert_int_equal(v.nused, 1);
	assert_false(v.bound);
	assert_close(v.interval.lo, 445e9, 1e-15);
	assert_close(v.interval.hi, 455e9, 1e-15);
	assert_close(v.written, 450e9, 1e-15);
	/* over 300 bn: a bound, no written point */
	v = value_at(ds, S, "2018/2020", NULL, NULL);
	assert_true(v.bound);
	assert_true(isnan(v.written));
	assert_true(v.interval.lo_open);
	assert_close(v.interval.lo, 300e9, 1e-15);
	assert_true(isinf(v.interval.hi));
	/* no figure: missing; 2018 is not 2018/2020 */
	v = value_at(ds, S, "2018", NULL, NULL);
	assert_int_equal(v.nfigures, 0);
	assert_int_equal(v.nused, 0);
	v = value_at(ds, "no.such", "2024", NULL, NULL);
	assert_int_equal(v.nfigures, 0);
	assert_true(cf_interval_is_empty(v.interval));
	/* one value per period, in period order: t1..t9 and r1 hold eight
	 * periods (2024 three times); only 2024 conflicts */
	cf_value *all;
	size_t n;
	cf_error err;
	assert_int_equal(
	    cf_series_values(cf_dataset_series(ds, S), &all, &n, &err), 0);
	assert_int_equal(n, 8);
	size_t figures = 0, conflicts = 0;
	for (size_t i = 0; i < n; i++) {
		figures += all[i].nfigures;
		conflicts += all[i].conflict;
		if (i)
			assert_true(
			    cf_period_compare(&all[i - 1].figures[0]->period,
					      &all[i].figures[0]->period) < 0);
	}
	assert_int_equal(figures, 10);
	assert_int_equal(conflicts, 1);
	free(all);
	cf_dataset_free(ds);
}

static void test_header_only_and_absent(void **state)
{
	(void)state;
	/* only sources.csv: every typed file absent */
	cf_dataset *ds = load_ok(DS "minimal");
	assert_int_equal(ds->nsources, 1);
	assert_int_equal(ds->nfigures, 0);
	assert_int_equal(ds->nseries, 0);
	assert_int_equal(ds->nclaims, 0);
	assert_null(cf_dataset_series(ds, "trade.x"));
	cf_dataset_free(ds);
	/* good: scholarships.csv holds only its header */
	ds = load_ok(DS "good");
	for (size_t i = 0; i < ds->nfigures; i++)
		assert_int_not_equal(ds->figures[i]->table,
				     CF_TABLE_SCHOLARSHIPS);
	cf_dataset_free(ds);
}

static void test_bom_crlf(void **state)
{
	(void)state;
	cf_dataset *ds = load_ok(DS "bom-crlf");
	assert_int_equal(ds->nsources, 1);
	assert_string_equal(ds->sources[0].id, "w1");
	assert_string_equal(ds->sources[0].title, "Windows, with BOM");
	assert_int_equal(ds->nfigures, 2);
	/* about 12.5 million: last non-zero digit in the tenths, ±0.05 M */
	const cf_figure *f = by_id(ds, "w1t");
	assert_interval(f, 12.45e6, false, 12.55e6, false);
	assert_int_equal(f->unit, CF_UNIT_CNY);
	assert_string_equal(f->quote, "two\r\nlines");
	assert_int_equal(f->line, 2);
	f = by_id(ds, "w2t");
	assert_interval(f, 6.5, false, 7.5, false);
	assert_int_equal(f->line, 4);
	const cf_series *s = cf_dataset_series(ds, "trade.a_b");
	assert_int_equal(s->count, 2);
	assert_string_equal(s->figures[0]->id, "w2t"); /* 2022 first */
	cf_dataset_free(ds);
}

static void check_error_case(const harness_case *c, void *ctx)
{
	(void)ctx;
	if (c->nfields != 5)
		fail_msg("%s:%ld: expected 5 fields", c->file, c->line);
	char dir[512], path[1024];
	snprintf(dir, sizeof dir, DS "%s", c->field[0]);
	snprintf(path, sizeof path, "%s/%s", dir, c->field[1]);
	cf_dataset *ds = (cf_dataset *)&ds; /* must be reset to NULL */
	cf_error err;
	cf_error_clear(&err);
	int rc = cf_dataset_load(dir, &ds, &err);
	if (rc != CF_EDATA || ds != NULL || strcmp(err.file, path) != 0 ||
	    err.line != atol(c->field[2]) || err.column != atol(c->field[3]) ||
	    !strstr(err.message, c->field[4]))
		fail_msg("%s:%ld: got rc %d %s:%ld:%ld: %s", c->file, c->line,
			 rc, err.file, err.line, err.column, err.message);
	assert_int_equal(err.code, CF_EDATA);
}

static void test_loader_errors(void **state)
{
	(void)state;
	int n = harness_each_case("tests/data/loader-errors.test",
				  check_error_case, NULL);
	assert_true(n >= 12);
}

static void test_missing_sources(void **state)
{
	(void)state;
	cf_dataset *ds = (cf_dataset *)&ds;
	cf_error err;
	cf_error_clear(&err);
	assert_int_equal(cf_dataset_load(DS "no-sources", &ds, &err),
			 CF_ENOINPUT);
	assert_null(ds);
	assert_string_equal(err.file, DS "no-sources/sources.csv");
	/* err.file holds the path; the message says what is missing */
	assert_non_null(strstr(err.message, "sources.csv"));
	/* a directory that does not exist: the same */
	assert_int_equal(cf_dataset_load(DS "does-not-exist/", &ds, &err),
			 CF_ENOINPUT);
	assert_string_equal(err.file, DS "does-not-exist/sources.csv");
}

static void test_load_claims(void **state)
{
	(void)state;
	cf_dataset *ds = load_ok(DS "good");
	cf_error err;
	cf_error_clear(&err);
	/* a bad file changes nothing: unknown source zz at 2:17 */
	assert_int_equal(
	    cf_dataset_load_claims(ds, DS "bad-claim-source/claims.csv", &err),
	    CF_EDATA);
	assert_int_equal(err.line, 2);
	assert_int_equal(err.column, 17);
	assert_int_equal(ds->nclaims, 3);
	assert_string_equal(ds->claims[0].id, "c1");
	/* tolerance check applies too */
	assert_int_equal(cf_dataset_load_claims(
			     ds, DS "bad-claim-tolerance/claims.csv", &err),
			 CF_EDATA);
	assert_int_equal(cf_dataset_load_claims(ds, DS "nope.csv", &err),
			 CF_ENOINPUT);
	assert_int_equal(ds->nclaims, 3);
	/* a good file replaces the claims; s1 is known to the dataset */
	assert_int_equal(
	    cf_dataset_load_claims(ds, DS "extra-claims/claims.csv", &err), 0);
	assert_int_equal(ds->nclaims, 1);
	assert_string_equal(ds->claims[0].id, "x1");
	assert_string_equal(ds->claims[0].source, "s1");
	assert_string_equal(ds->claims[0].file, DS "extra-claims/claims.csv");
	/* "x1,quote text," is 14 characters: claim at column 15 */
	assert_int_equal(ds->claims[0].claim_column, 15);
	cf_dataset_free(ds);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_good_sources),
	    cmocka_unit_test(test_good_intervals),
	    cmocka_unit_test(test_good_series),
	    cmocka_unit_test(test_good_claims),
	    cmocka_unit_test(test_conflicts),
	    cmocka_unit_test(test_value),
	    cmocka_unit_test(test_header_only_and_absent),
	    cmocka_unit_test(test_bom_crlf),
	    cmocka_unit_test(test_loader_errors),
	    cmocka_unit_test(test_missing_sources),
	    cmocka_unit_test(test_load_claims),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
