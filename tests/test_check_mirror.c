/* test_check_mirror.c — cf_check_mirror on tests/data/comtrade/mirror/:
 * which figures pair, the ratio interval computed here by hand from the
 * written values (half a unit of the last written digit: 100 bn is
 * [99.5, 100.5] bn, 10.5 bn is [10.45, 10.55] bn),
 * and the verdict against the CIF/FOB band. */
#include "cifra/cifra.h"
#include "harness.h"

static const cf_result *find(const cf_results *rs, const char *id)
{
	for (size_t i = 0; i < rs->n; i++)
		if (!strcmp(rs->items[i].id, id))
			return &rs->items[i];
	fail_msg("no mirror row %s", id);
	return NULL;
}

static void test_mirror(void **state)
{
	(void)state;
	cf_dataset *ds = NULL;
	cf_error err;
	assert_int_equal(
	    cf_dataset_load("tests/data/comtrade/mirror", &ds, &err), 0);
	cf_results rs = {0};
	assert_int_equal(cf_check_mirror(ds, &rs, &err), 0);
	/* 2020, 2021, 2022 and the hs8542 pair; not 2023 (a conflict), not
	 * the total against the commodity, not Argentina (no mirror) */
	assert_int_equal(rs.n, 4);

	const cf_result *r = find(&rs, "x20/m20");
	assert_string_equal(r->kind, "mirror");
	assert_int_equal(r->verdict, CF_VERDICT_CONSISTENT);
	assert_close(r->computed.lo, 104.5 / 100.5, 1e-12);
	assert_close(r->computed.hi, 105.5 / 99.5, 1e-12);
	assert_close(r->stated.lo, 0.95, 1e-15);
	assert_close(r->stated.hi, 1.15, 1e-15);
	assert_int_equal(r->nfigures, 2);
	assert_string_equal(r->text, "mirror: trade.bra_chn.imports[2020] / "
				     "trade.chn_bra.exports[2020]");
	assert_non_null(strstr(r->note, "5.0% above"));
	assert_non_null(strstr(r->note, "within the CIF/FOB margin"));

	r = find(&rs, "x21/m21");
	assert_int_equal(r->verdict, CF_VERDICT_UNDETERMINED);
	assert_close(r->computed.lo, 125.5 / 100.5, 1e-12);
	assert_close(r->computed.hi, 126.5 / 99.5, 1e-12);
	assert_non_null(strstr(r->note, "bra's imports from chn are 26.0% "
					"above chn's exports to bra: beyond"));

	r = find(&rs, "x22/m22");
	assert_int_equal(r->verdict, CF_VERDICT_UNDETERMINED);
	assert_close(r->computed.hi, 90.5 / 99.5, 1e-12);
	assert_non_null(strstr(r->note, "10.0% below"));

	r = find(&rs, "h20/k20");
	assert_int_equal(r->verdict, CF_VERDICT_CONSISTENT);
	assert_close(r->computed.lo, 10.45 / 10.5, 1e-12);
	assert_close(r->computed.hi, 10.55 / 9.5, 1e-12);

	cf_results_free(&rs);
	cf_dataset_free(ds);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_mirror),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
