/* test_checks.c — the automatic cross-checks (conflicts, sub-periods,
 * cumulative series, trade parts, pledges) on the fixture
 * tests/data/checks/cross; expected rows with hand computations are in
 * tests/data/checks.test. */
#include <math.h>

#include "cifra/cifra.h"
#include "harness.h"

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

typedef struct expect_ctx {
	cf_results *rs;
	bool *seen;
} expect_ctx;

static double number(const char *s)
{
	char *end;
	double x = strtod(s, &end);
	if (*end)
		fail_msg("bad number '%s' in test data", s);
	return x;
}

static void check_row(const harness_case *c, void *vctx)
{
	expect_ctx *x = vctx;
	if (c->nfields < 5)
		fail_msg("%s:%ld: too few fields", c->file, c->line);
	const cf_result *r = NULL;
	for (size_t i = 0; i < x->rs->n; i++)
		if (!strcmp(x->rs->items[i].id, c->field[1]) &&
		    !strcmp(x->rs->items[i].kind, c->field[0])) {
			r = &x->rs->items[i];
			x->seen[i] = true;
		}
	if (!r)
		fail_msg("%s:%ld: no %s row %s", c->file, c->line, c->field[0],
			 c->field[1]);
	char verdict[64];
	snprintf(verdict, sizeof verdict, "%s%s", cf_verdict_name(r->verdict),
		 r->within_rounding ? " (within rounding)" : "");
	if (strcmp(verdict, c->field[2]))
		fail_msg("%s:%ld: %s is %s, expected %s", c->file, c->line,
			 r->id, verdict, c->field[2]);
	double lo = number(c->field[3]), hi = number(c->field[4]);
	if (!harness_close(r->computed.lo, lo, 1e-12) ||
	    !harness_close(r->computed.hi, hi, 1e-12))
		fail_msg("%s:%ld: computed [%.17g, %.17g], expected [%.17g, "
			 "%.17g]",
			 c->file, c->line, r->computed.lo, r->computed.hi, lo,
			 hi);
	if (c->nfields > 5 && (!r->note || !strstr(r->note, c->field[5])))
		fail_msg("%s:%ld: note '%s' lacks '%s'", c->file, c->line,
			 r->note ? r->note : "", c->field[5]);
	if (r->nfigures < 2)
		fail_msg("%s:%ld: %zu figures listed", c->file, c->line,
			 r->nfigures);
}

static void test_cross_checks(void **state)
{
	(void)state;
	cf_dataset *ds = load("tests/data/checks/cross");
	cf_results rs = {0};
	cf_error err;
	assert_int_equal(cf_checks_run(ds, &rs, &err), 0);
	bool *seen = calloc(rs.n + 1, sizeof *seen);
	expect_ctx x = {&rs, seen};
	harness_each_case("tests/data/checks.test", check_row, &x);
	for (size_t i = 0; i < rs.n; i++)
		if (!seen[i])
			fail_msg("unexpected %s row %s (%s)", rs.items[i].kind,
				 rs.items[i].id, rs.items[i].note);
	free(seen);
	cf_results_free(&rs);
	cf_dataset_free(ds);
}

/* A dataset with nothing to cross-check yields no row. */
static void test_nothing_to_check(void **state)
{
	(void)state;
	cf_dataset *ds = load("tests/data/checks/implied");
	cf_results rs = {0};
	cf_error err;
	assert_int_equal(cf_checks_run(ds, &rs, &err), 0);
	assert_int_equal(rs.n, 0);
	cf_results_free(&rs);
	cf_dataset_free(ds);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_cross_checks),
	    cmocka_unit_test(test_nothing_to_check),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
