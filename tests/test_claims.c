/* test_claims.c — the claim language: parsing, verdicts of every operator,
 * rounding, infinite bounds, zero divisors, missing figures, conflicts and
 * implied figures.  Expression -> verdict cases live in
 * tests/data/claims.test; hand computations are in its comments. */
#include <math.h>

#include "cifra/cifra.h"
#include "harness.h"

#define FIXTURES "tests/data/checks/"

static cf_dataset *load(const char *name)
{
	char dir[256];
	snprintf(dir, sizeof dir, FIXTURES "%s", name);
	cf_dataset *ds = NULL;
	cf_error err;
	cf_error_clear(&err);
	if (cf_dataset_load(dir, &ds, &err) != 0)
		fail_msg("cannot load %s: %s:%ld:%ld: %s", dir, err.file,
			 err.line, err.column, err.message);
	return ds;
}

/* Parses and evaluates one claim of source src against ds. */
static void evaluate(const cf_dataset *ds, const char *text, const char *tol,
		     const char *src, cf_result *r)
{
	cf_claim *c;
	cf_error err;
	cf_error_clear(&err);
	if (cf_claim_parse("t", text, tol, &c, &err) != 0)
		fail_msg("'%s' does not parse: col %ld: %s", text, err.column,
			 err.message);
	assert_int_equal(cf_claim_evaluate(ds, c, src, "quote", r, &err), 0);
	cf_claim_free(c);
}

static double number(const char *s)
{
	char *end;
	double x = strtod(s, &end);
	if (*end)
		fail_msg("bad number '%s' in test data", s);
	return x;
}

static void check_case(const harness_case *c, void *ctx)
{
	(void)ctx;
	if (c->nfields < 6)
		fail_msg("%s:%ld: too few fields", c->file, c->line);
	cf_dataset *ds = load(c->field[0]);
	const char *src = c->nfields > 7 ? c->field[7] : "s1";
	cf_result r;
	const char *tol = strcmp(c->field[2], "-") ? c->field[2] : NULL;
	evaluate(ds, c->field[1], tol, src, &r);
	char verdict[64];
	snprintf(verdict, sizeof verdict, "%s%s%s", cf_verdict_name(r.verdict),
		 r.within_rounding ? " (within rounding)" : "",
		 r.weak ? " (weak)" : "");
	if (strcmp(verdict, c->field[3]))
		fail_msg("%s:%ld: %s: %s, expected %s (note: %s)", c->file,
			 c->line, c->field[1], verdict, c->field[3],
			 r.note ? r.note : "");
	if (strcmp(c->field[4], "-")) {
		double lo = number(c->field[4]), hi = number(c->field[5]);
		if (!harness_close(r.computed.lo, lo, 1e-12) ||
		    !harness_close(r.computed.hi, hi, 1e-12))
			fail_msg("%s:%ld: computed [%.17g, %.17g], expected "
				 "[%.17g, %.17g]",
				 c->file, c->line, r.computed.lo, r.computed.hi,
				 lo, hi);
	}
	if (c->nfields > 6 && strcmp(c->field[6], "-") &&
	    (!r.note || !strstr(r.note, c->field[6])))
		fail_msg("%s:%ld: note '%s' lacks '%s'", c->file, c->line,
			 r.note ? r.note : "", c->field[6]);
	cf_result_clear(&r);
	cf_dataset_free(ds);
}

static void test_claim_cases(void **state)
{
	(void)state;
	harness_each_case("tests/data/claims.test", check_case, NULL);
}

static void check_parse_error(const harness_case *c, void *ctx)
{
	(void)ctx;
	cf_claim *cl;
	cf_error err;
	cf_error_clear(&err);
	int rc = cf_claim_parse("c07", c->field[0], NULL, &cl, &err);
	if (rc != CF_EDATA)
		fail_msg("%s:%ld: '%s' parsed (rc %d)", c->file, c->line,
			 c->field[0], rc);
	assert_null(cl);
	if (err.column != strtol(c->field[1], NULL, 10))
		fail_msg("%s:%ld: column %ld, expected %s (%s)", c->file,
			 c->line, err.column, c->field[1], err.message);
	if (!strstr(err.message, c->field[2]) ||
	    strncmp(err.message, "claim c07: ", 11))
		fail_msg("%s:%ld: message '%s' lacks '%s'", c->file, c->line,
			 err.message, c->field[2]);
}

static void test_parse_errors(void **state)
{
	(void)state;
	harness_each_case("tests/data/claims-errors.test", check_parse_error,
			  NULL);
}

/* Claims deeper than CF_CLAIM_MAX_DEPTH (256) are errors at a column, not a
 * stack overflow: 100 000 '(' fail at the 257th '(' (column 257), 100 000
 * '-' at the 257th '-', a chain 1+1+…+1 of 20 000 terms at its 256th '+'
 * (the k-th '+' is at column 2k and makes level k + 1: 257 at column
 * 512); a call
 * of 20 000 arguments is shallow and fine. */
static void test_depth_limit(void **state)
{
	(void)state;
	size_t n = 100000;
	char *text = malloc(4 * n + 16);
	assert_non_null(text);
	static const struct {
		const char *open, *middle, *close;
		long column;
	} cases[] = {{"(", "1", ")", 257}, {"-", "1", "", 257}};
	for (size_t c = 0; c < 2; c++) {
		char *t = text;
		for (size_t i = 0; i < n; i++)
			*t++ = cases[c].open[0];
		t += sprintf(t, "%s", cases[c].middle);
		for (size_t i = 0; *cases[c].close && i < n; i++)
			*t++ = ')';
		strcpy(t, " > 0");
		cf_claim *cl;
		cf_error err;
		cf_error_clear(&err);
		assert_int_equal(cf_claim_parse("c9", text, NULL, &cl, &err),
				 CF_EDATA);
		assert_int_equal(err.column, cases[c].column);
		assert_non_null(strstr(err.message, "claim c9: expression "
						    "nested more than 256"));
	}
	char *t = text;
	t += sprintf(t, "1");
	for (size_t i = 1; i < 20000; i++)
		t += sprintf(t, "+1");
	strcpy(t, " > 0");
	cf_claim *cl;
	cf_error err;
	cf_error_clear(&err);
	assert_int_equal(cf_claim_parse("c9", text, NULL, &cl, &err), CF_EDATA);
	assert_int_equal(err.column, 512);
	t = text + sprintf(text, "sum(1");
	for (size_t i = 1; i < 20000; i++)
		t += sprintf(t, ",1");
	strcpy(t, ") == 20000");
	assert_int_equal(cf_claim_parse("c9", text, NULL, &cl, &err), 0);
	assert_int_equal(cl->lhs->nargs, 20000);
	cf_claim_free(cl);
	free(text);
}

/* A span of 9000 missing years is noted in linear time, its list of years
 * cut whole and counted: "… 1079 and 8913 more]". */
static void test_long_missing_span(void **state)
{
	(void)state;
	cf_dataset *ds = load("claims");
	cf_result r;
	evaluate(ds, "sum(trade.x.total[1000/9999]) > 0", NULL, "s1", &r);
	assert_int_equal(r.verdict, CF_VERDICT_UNVERIFIABLE);
	/* 2014, 2018-2020, 2021-01/2021-11 (not a year), 2022-2024: of the
	 * 9000 years, 2014 2018 2019 2020 2022 2023 2024 have figures */
	assert_int_equal(r.nmissing, 9000 - 7);
	assert_non_null(strstr(r.note, "missing trade.x.total[1000, 1001, "));
	assert_non_null(strstr(r.note, " more]"));
	cf_result_clear(&r);
	cf_dataset_free(ds);
}

static void test_parse_tree(void **state)
{
	(void)state;
	cf_claim *c;
	cf_error err;
	/* precedence: 1 + 2 * 3 is 1 + (2 * 3); '-' binds tighter than '*' */
	assert_int_equal(cf_claim_parse("a", " 1 + 2 * -3 <= 4 ", "", &c, &err),
			 0);
	assert_int_equal(c->cmp, CF_CMP_LE);
	assert_int_equal(c->lhs->kind, CF_NODE_ADD);
	assert_int_equal(c->lhs->args[1]->kind, CF_NODE_MUL);
	assert_int_equal(c->lhs->args[1]->args[1]->kind, CF_NODE_NEG);
	assert_close(c->tolerance, 0.05, 1e-15); /* the default */
	cf_claim_free(c);
	/* left associative: 8 - 2 - 1 is (8 - 2) - 1 */
	assert_int_equal(cf_claim_parse("b", "8 - 2 - 1 == 5", "10%", &c, &err),
			 0);
	assert_int_equal(c->lhs->kind, CF_NODE_SUB);
	assert_int_equal(c->lhs->args[0]->kind, CF_NODE_SUB);
	assert_close(c->tolerance, 0.1, 1e-15);
	cf_claim_free(c);
	/* a reference with its source, a percent literal */
	assert_int_equal(cf_claim_parse("c",
					"trade.x.total[2021-01/2021-11]@s2"
					" ~= 42.3%",
					"0.02", &c, &err),
			 0);
	assert_string_equal(c->lhs->series, "trade.x.total");
	assert_string_equal(c->lhs->source, "s2");
	assert_int_equal(c->lhs->period.kind, CF_PERIOD_MONTH_SPAN);
	assert_true(c->rhs->percent);
	assert_string_equal(c->rhs->text, "42.3");
	assert_close(c->rhs->number, 0.423, 1e-15);
	assert_close(c->tolerance, 0.02, 1e-15);
	cf_claim_free(c);
}

static void test_bad_tolerance(void **state)
{
	(void)state;
	static const char *const bad[] = {"5", "abc", "-1%", "5%%", "1.5"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		cf_claim *c;
		cf_error err;
		cf_error_clear(&err);
		assert_int_equal(
		    cf_claim_parse("c1", "1 ~= 1", bad[i], &c, &err), CF_EDATA);
		assert_non_null(strstr(err.message, "tolerance"));
	}
}

/* The implied interval of a claim with one missing figure. */
static void expect_implied(const char *claim, const char *series,
			   const char *period, double lo, double hi)
{
	cf_dataset *ds = load("claims");
	cf_result r;
	evaluate(ds, claim, NULL, "s1", &r);
	assert_int_equal(r.verdict, CF_VERDICT_UNVERIFIABLE);
	if (!r.has_implied)
		fail_msg("%s implies nothing (note %s)", claim, r.note);
	assert_string_equal(r.implied_series, series);
	char per[CF_PERIOD_TEXT_MAX];
	assert_string_equal(
	    cf_period_format(&r.implied_period, per, sizeof per), period);
	assert_close(r.implied.lo, lo, 1e-12);
	assert_close(r.implied.hi, hi, 1e-12);
	assert_non_null(strstr(r.note, "implies "));
	cf_result_clear(&r);
	cf_dataset_free(ds);
}

static void test_implied_yoy_base(void **state)
{
	(void)state;
	/* base = x / (1 + [0.4225, 0.4235]) with x = [411.245, 411.255] bn:
	 * [411.245 / 1.4235, 411.255 / 1.4225] bn
	 * = [288.8970846505093, 289.10720562390156] bn (python3; by hand
	 * 1.4235 * 288.897 = 411.2449, 1.4225 * 289.107 = 411.2547) */
	expect_implied("yoy(trade.x.total[2021-01/2021-11]) == 42.3%",
		       "trade.x.total", "2020-01/2020-11", 288.8970846505093e9,
		       289.10720562390156e9);
	/* to six digits, as a reader would check it */
	cf_dataset *ds = load("claims");
	cf_result r;
	evaluate(ds, "yoy(trade.x.total[2021-01/2021-11]) == 42.3%", NULL, "s1",
		 &r);
	assert_true(fabs(r.implied.lo / 1e9 - 288.897) < 0.0005);
	assert_true(fabs(r.implied.hi / 1e9 - 289.107) < 0.0005);
	assert_non_null(
	    strstr(r.note, "missing trade.x.total[2020-01/2020-11]"));
	cf_result_clear(&r);
	cf_dataset_free(ds);
}

static void test_implied_sum_part(void **state)
{
	(void)state;
	/* imports = [49.5, 50.5] bn - exports [29.5, 30.5] bn = [19, 21] bn */
	expect_implied("trade.y.exports[2017] + trade.y.imports[2017] == 50e9",
		       "trade.y.imports", "2017", 19e9, 21e9);
	/* the same part when it is subtracted: 50e9 - imports == 30e9
	 * -> imports = 50e9 - [29.5, 30.5]e9 = [19.5, 20.5]e9 */
	expect_implied("50e9 - trade.y.imports[2017] == 30e9",
		       "trade.y.imports", "2017", 19.5e9, 20.5e9);
	/* a missing year of a summed span: [59.5, 60.5] - [9.5 + 29.5,
	 * 10.5 + 30.5] = [59.5 - 41, 60.5 - 39] = [18.5, 21.5] */
	expect_implied("sum(figures.n.k[2010/2012]) == 60", "figures.n.k",
		       "2011", 18.5, 21.5);
}

static void test_implied_ratio_term(void **state)
{
	(void)state;
	/* c = a / [34.5, 35.5], a = [499999.5, 500000.5]:
	 * [499999.5 / 35.5, 500000.5 / 34.5]
	 * = [14084.492957746479, 14492.768115942028] (python3) */
	expect_implied("figures.n.a[2020] / figures.n.c[2020] == 35",
		       "figures.n.c", "2020", 14084.492957746479,
		       14492.768115942028);
	/* numerator: n = 35 * b at ~= 5%: [33.25, 36.75] * [13999.5, 14000.5]
	 * = [465483.375, 514518.375] */
	expect_implied("figures.n.n[2020] / figures.n.b[2020] ~= 35",
		       "figures.n.n", "2020", 465483.375, 514518.375);
	/* cagr over 20 years: a = b / (1 + [0.0755, 0.0765])^20, b = [518.35,
	 * 518.45] bn:
	 * 518.35 / 1.0765^20 = 118.670..., 518.45 / 1.0755^20 = 120.920...
	 * (python3: 118.67040367407196, 120.92012413412677) */
	expect_implied("cagr(trade.x.total[2004], trade.x.total[2024]) == 7.6%",
		       "trade.x.total", "2004", 118.67040367407196e9,
		       120.92012413412677e9);
}

static void test_no_implied(void **state)
{
	(void)state;
	static const char *const claims[] = {
	    /* not an equation */
	    "trade.y.exports[2017] + trade.y.imports[2017] > 50e9",
	    /* two missing figures */
	    "trade.y.imports[2017] + trade.y.imports[2018] == 50e9",
	    /* through max: not monotone in one figure */
	    "max(trade.y.exports[2017], trade.y.imports[2017]) == 50e9",
	    /* the missing figure twice */
	    "trade.y.imports[2017] - trade.y.imports[2017] == 0",
	};
	cf_dataset *ds = load("claims");
	for (size_t i = 0; i < sizeof claims / sizeof claims[0]; i++) {
		cf_result r;
		evaluate(ds, claims[i], NULL, "s1", &r);
		assert_int_equal(r.verdict, CF_VERDICT_UNVERIFIABLE);
		if (r.has_implied)
			fail_msg("%s implies %s", claims[i], r.note);
		cf_result_clear(&r);
	}
	cf_dataset_free(ds);
}

/* cf_claims_check only reads the dataset: c1's implied base stays in c1's
 * result, and c2, which asks about that very base, stays unverifiable on
 * this run and on the next. */
static void test_check_leaves_dataset(void **state)
{
	(void)state;
	cf_dataset *ds = load("implied");
	for (int run = 0; run < 2; run++) {
		cf_results rs = {0};
		cf_error err;
		assert_int_equal(cf_claims_check(ds, &rs, &err), 0);
		assert_int_equal(rs.n, 2);
		assert_string_equal(rs.items[0].id, "c1");
		assert_true(rs.items[0].has_implied);
		assert_int_equal(rs.items[1].verdict, CF_VERDICT_UNVERIFIABLE);
		assert_false(rs.items[1].has_implied);
		cf_results_free(&rs);
		assert_int_equal(ds->nfigures, 1);
		assert_int_equal(cf_dataset_series(ds, "trade.x.total")->count,
				 1);
	}
	cf_dataset_free(ds);
}

static void test_claim_row_position(void **state)
{
	(void)state;
	/* the column in the file: the claim field starts at column 5 */
	cf_claim_row row = {.id = "c07",
			    .claim = "x[2024 > 1",
			    .file = "nowhere/claims.csv",
			    .line = 8,
			    .claim_column = 5};
	cf_claim *c;
	cf_error err;
	cf_error_clear(&err);
	assert_int_equal(cf_claim_parse_row(&row, &c, &err), CF_EDATA);
	assert_string_equal(err.file, "nowhere/claims.csv");
	assert_int_equal(err.line, 8);
	/* ']' expected at offset 7 (column 8 of the claim): 5 + 8 - 1 = 12 */
	assert_int_equal(err.column, 12);
}

static void test_results_sort(void **state)
{
	(void)state;
	cf_results rs = {0};
	static const struct {
		const char *id;
		cf_verdict v;
	} in[] = {{"b", CF_VERDICT_CONSISTENT},
		  {"a", CF_VERDICT_CONSISTENT},
		  {"z", CF_VERDICT_INCONSISTENT},
		  {"c", CF_VERDICT_UNVERIFIABLE},
		  {"d", CF_VERDICT_UNDETERMINED}};
	for (size_t i = 0; i < 5; i++) {
		cf_result *r = cf_results_push(&rs);
		assert_non_null(r);
		r->id = strdup(in[i].id);
		r->verdict = in[i].v;
	}
	cf_results_sort(&rs);
	const char *order[] = {"z", "d", "c", "a", "b"};
	for (size_t i = 0; i < 5; i++)
		assert_string_equal(rs.items[i].id, order[i]);
	cf_results_free(&rs);
}

static void test_interval_text(void **state)
{
	(void)state;
	char buf[128];
	assert_string_equal(
	    cf_interval_text(cf_interval_closed(288.8970846e9, 289.1072056e9),
			     CF_UNIT_USD, 6, buf, sizeof buf),
	    "[288.897, 289.107] bn");
	/* digits grow until the bounds differ */
	assert_string_equal(cf_interval_text(cf_interval_closed(40.535, 40.545),
					     CF_UNIT_RATIO, 3, buf, sizeof buf),
			    "[40.535, 40.545]");
	/* a point reads as a number */
	assert_string_equal(cf_interval_text(cf_interval_point(40.53e9),
					     CF_UNIT_USD, 4, buf, sizeof buf),
			    "40.53 bn");
	cf_interval over = {300e9, INFINITY, true, true};
	assert_string_equal(
	    cf_interval_text(over, CF_UNIT_USD, 4, buf, sizeof buf),
	    "(300, ∞) bn");
	assert_string_equal(cf_interval_text(cf_interval_closed(0.4225, 0.4235),
					     CF_UNIT_PERCENT, 4, buf,
					     sizeof buf),
			    "[42.25, 42.35]%");
}

static const cf_result *find(const cf_results *rs, const char *id)
{
	for (size_t i = 0; i < rs->n; i++)
		if (!strcmp(rs->items[i].id, id))
			return &rs->items[i];
	fail_msg("no result %s", id);
	return NULL;
}

typedef struct shipped {
	const cf_results *rs;
	size_t seen;
} shipped;

/* One line of tests/data/shipped-claims.test. */
static void check_shipped(const harness_case *c, void *ctx)
{
	shipped *x = ctx;
	if (c->nfields != 5)
		fail_msg("%s:%ld: 5 fields expected", c->file, c->line);
	const cf_result *r = find(x->rs, c->field[0]);
	char verdict[96];
	cf_result_verdict_text(r, verdict, sizeof verdict);
	if (strcmp(verdict, c->field[1]))
		fail_msg("%s:%ld: %s: %s, expected %s (%s)", c->file, c->line,
			 r->id, verdict, c->field[1], r->note ? r->note : "");
	if (strcmp(c->field[2], "-") &&
	    (!r->note || !strstr(r->note, c->field[2])))
		fail_msg("%s:%ld: %s: note '%s' lacks '%s'", c->file, c->line,
			 r->id, r->note ? r->note : "", c->field[2]);
	if (!strcmp(c->field[3], "-")) {
		if (r->has_implied)
			fail_msg("%s:%ld: %s implies something", c->file,
				 c->line, r->id);
	} else {
		assert_true(r->has_implied);
		assert_close(r->implied.lo, number(c->field[3]), 1e-12);
		assert_close(r->implied.hi, number(c->field[4]), 1e-12);
	}
	x->seen++;
}

static void test_shipped_claims(void **state)
{
	(void)state;
	cf_dataset *ds = NULL;
	cf_error err;
	if (cf_dataset_load("datasets", &ds, &err) != 0)
		fail_msg("datasets: %s:%ld: %s", err.file, err.line,
			 err.message);
	cf_results rs = {0};
	assert_int_equal(cf_claims_check(ds, &rs, &err), 0);
	shipped x = {.rs = &rs};
	harness_each_case("tests/data/shipped-claims.test", check_shipped, &x);
	if (x.seen != rs.n)
		fail_msg("%zu claims in datasets/claims.csv, %zu in "
			 "tests/data/shipped-claims.test",
			 rs.n, x.seen);
	/* and the cross-checks find nothing inconsistent */
	cf_results checks = {0};
	assert_int_equal(cf_checks_run(ds, &checks, &err), 0);
	for (size_t i = 0; i < checks.n; i++)
		if (checks.items[i].verdict == CF_VERDICT_INCONSISTENT)
			fail_msg("%s %s inconsistent: %s", checks.items[i].kind,
				 checks.items[i].id, checks.items[i].note);
	cf_results_free(&checks);
	cf_results_free(&rs);
	cf_dataset_free(ds);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_claim_cases),
	    cmocka_unit_test(test_parse_errors),
	    cmocka_unit_test(test_parse_tree),
	    cmocka_unit_test(test_depth_limit),
	    cmocka_unit_test(test_long_missing_span),
	    cmocka_unit_test(test_bad_tolerance),
	    cmocka_unit_test(test_implied_yoy_base),
	    cmocka_unit_test(test_implied_sum_part),
	    cmocka_unit_test(test_implied_ratio_term),
	    cmocka_unit_test(test_no_implied),
	    cmocka_unit_test(test_check_leaves_dataset),
	    cmocka_unit_test(test_claim_row_position),
	    cmocka_unit_test(test_results_sort),
	    cmocka_unit_test(test_interval_text),
	    cmocka_unit_test(test_shipped_claims),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
