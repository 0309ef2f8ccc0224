/* Tests of output.c: the same rows as an aligned table, CSV and JSON. */
#include <math.h>

#include "harness.h"

#include "cifra/fmt.h"
#include "cifra/output.h"

/* Runs cf_output_write into a memory buffer; returns malloc'd text. */
static char *render(const cf_output *o, cf_format f)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);
	assert_non_null(fp);
	cf_error err;
	cf_error_clear(&err);
	assert_int_equal(cf_output_write(o, f, fp, &err), 0);
	fclose(fp);
	return buf;
}

static cf_output *sample(void)
{
	static const char *const names[] = {"series", "value", "quote"};
	cf_output *o = cf_output_new(3, names);
	assert_non_null(o);
	cf_output_column(o, 1, CF_ALIGN_RIGHT, 0);
	cf_output_column(o, 2, CF_ALIGN_LEFT, 8);
	assert_int_equal(cf_output_row(o), 0);
	cf_output_text(o, 0, "trade.x");
	cf_output_cell(o, 1, "518.4", "518.4", json_real(518.4e9));
	cf_output_text(o, 2, "US$518.4 billion, \"record\"");
	assert_int_equal(cf_output_row(o), 0);
	cf_output_text(o, 0, "año");
	cf_output_cell(o, 1, "7", NULL,
		       cf_interval_json(cf_interval_closed(0, 1.0 / 3)));
	cf_output_text(o, 2, NULL);
	return o;
}

static void table_is_aligned_by_characters(void **state)
{
	(void)state;
	cf_output *o = sample();
	char *t = render(o, CF_FORMAT_TABLE);
	/* Widths: series 7 ("trade.x"; "año" is 3 characters, 4 bytes),
	 * value 6 ("value" 5 < "518.4" 5 -> 5), quote capped at 8. */
	const char *expected = "series   value  quote\n"
			       "-------  -----  --------\n"
			       "trade.x  518.4  US$518.…\n"
			       "año          7  \n";
	assert_string_equal(t, expected);
	free(t);
	cf_output_free(o);
}

/* A hidden column is left out of the table (the one before it is then the
 * last: no separator after it) but kept in CSV; widths are uncapped
 * characters: "US$518.4 billion, \"record\"" is 26 (python3 len). */
static void hidden_column_only_leaves_the_table(void **state)
{
	(void)state;
	cf_output *o = sample();
	assert_int_equal(cf_output_width(o, 0), 7);
	assert_int_equal(cf_output_width(o, 2), 26);
	assert_int_equal(cf_text_width("año"), 3);
	cf_output_column(o, 2, CF_ALIGN_LEFT, CF_COLUMN_HIDDEN);
	char *t = render(o, CF_FORMAT_TABLE);
	assert_string_equal(t, "series   value\n"
			       "-------  -----\n"
			       "trade.x  518.4\n"
			       "año          7\n");
	free(t);
	t = render(o, CF_FORMAT_CSV);
	assert_non_null(strstr(t, "series,value,quote\n"));
	free(t);
	cf_output_free(o);
}

static void csv_quotes_and_is_never_cut(void **state)
{
	(void)state;
	cf_output *o = sample();
	char *t = render(o, CF_FORMAT_CSV);
	assert_string_equal(
	    t, "series,value,quote\n"
	       "trade.x,518.4,\"US$518.4 billion, \"\"record\"\"\"\n"
	       "año,7,\n");
	free(t);
	cf_output_free(o);
}

static void json_keeps_full_precision(void **state)
{
	(void)state;
	cf_output *o = sample();
	char *t = render(o, CF_FORMAT_JSON);
	json_error_t je;
	json_t *doc = json_loads(t, 0, &je);
	assert_non_null(doc);
	assert_int_equal(json_array_size(doc), 2);
	json_t *r0 = json_array_get(doc, 0), *r1 = json_array_get(doc, 1);
	assert_true(json_real_value(json_object_get(r0, "value")) == 518.4e9);
	assert_string_equal(json_string_value(json_object_get(r0, "quote")),
			    "US$518.4 billion, \"record\"");
	json_t *iv = json_object_get(r1, "value");
	/* 1/3 must survive the round trip exactly. */
	assert_true(json_real_value(json_object_get(iv, "hi")) == 1.0 / 3);
	assert_true(json_is_null(json_object_get(r1, "quote")));
	json_decref(doc);
	free(t);
	cf_output_free(o);
}

static void infinite_bounds_are_null(void **state)
{
	(void)state;
	cf_interval over = {300e9, INFINITY, true, false};
	json_t *j = cf_interval_json(over);
	assert_true(json_real_value(json_object_get(j, "lo")) == 300e9);
	assert_true(json_is_null(json_object_get(j, "hi")));
	assert_true(json_is_true(json_object_get(j, "lo_open")));
	json_decref(j);
}

static void bad_format_is_a_usage_error(void **state)
{
	(void)state;
	cf_format f;
	cf_error err;
	cf_error_clear(&err);
	assert_int_equal(cf_format_parse("xml", &f, &err), CF_EUSAGE);
	assert_non_null(strstr(err.message, "xml"));
	assert_int_equal(cf_format_parse("json", &f, &err), 0);
	assert_int_equal(f, CF_FORMAT_JSON);
}

/* fmt.h: one convention for every output.  People: "∞" / "−∞", no value
 * "–"; machines: the shortest decimal that reads back as the same double
 * (repr in python3), "inf" / "-inf", no value "". */
static void one_text_convention(void **state)
{
	(void)state;
	char buf[128];
	cf_interval over = {300e9, INFINITY, true, true};
	cf_interval under = {-INFINITY, 5, true, true};
	assert_string_equal(
	    cf_interval_text(over, CF_UNIT_USD, 4, buf, sizeof buf),
	    "(300, ∞) bn");
	assert_string_equal(
	    cf_interval_text(under, CF_UNIT_COUNT, 4, buf, sizeof buf),
	    "(−∞, 5)");
	assert_string_equal(cf_interval_text(cf_interval_empty(), CF_UNIT_USD,
					     4, buf, sizeof buf),
			    "–");
	assert_string_equal(cf_value_text(NAN, CF_UNIT_USD, buf, sizeof buf),
			    "–");
	assert_string_equal(
	    cf_interval_scaled_text(over, 1e9, 2, buf, sizeof buf), "(300, ∞)");
	/* 518.35 and 518.45 with up to 3 places, trailing zeros dropped */
	assert_string_equal(
	    cf_interval_scaled_text(cf_interval_closed(518.35e9, 518.45e9), 1e9,
				    3, buf, sizeof buf),
	    "[518.35, 518.45]");
	assert_string_equal(cf_percent_text(0.423, 1, false, buf, sizeof buf),
			    "42.3%");
	assert_string_equal(cf_percent_text(-1.602, 1, true, buf, sizeof buf),
			    "-160.2%");
	assert_string_equal(cf_percent_text(0.028, 1, true, buf, sizeof buf),
			    "+2.8%");
	assert_string_equal(cf_percent_text(NAN, 1, true, buf, sizeof buf),
			    "–");
	assert_string_equal(
	    cf_percent_text(INFINITY, 1, false, buf, sizeof buf), "∞");
	/* a sign asked for is shown on infinity too (a growth chart's open
	 * range "+8.6% to +∞") */
	assert_string_equal(cf_percent_text(INFINITY, 1, true, buf, sizeof buf),
			    "+∞");
	assert_string_equal(
	    cf_percent_text(-INFINITY, 1, true, buf, sizeof buf), "−∞");
	assert_string_equal(cf_interval_full_text(over, buf, sizeof buf),
			    "(300000000000, inf)");
	assert_string_equal(cf_interval_full_text(under, buf, sizeof buf),
			    "(-inf, 5)");
	assert_string_equal(
	    cf_interval_full_text(cf_interval_empty(), buf, sizeof buf), "");
	/* 0.1 + 0.2 at full precision: 0.30000000000000004 (python3) */
	assert_string_equal(cf_number_full_text(0.1 + 0.2, buf, sizeof buf),
			    "0.30000000000000004");
	/* 0.95 is 0.94999999999999996 at %.17g; python3's repr(0.95) is 0.95 */
	assert_string_equal(cf_number_full_text(0.95, buf, sizeof buf), "0.95");
	/* 1/3: repr 0.3333333333333333 (16 digits) */
	assert_string_equal(cf_number_full_text(1.0 / 3, buf, sizeof buf),
			    "0.3333333333333333");
	assert_string_equal(cf_number_full_text(NAN, buf, sizeof buf), "");
	assert_string_equal(cf_unit_text(CF_UNIT_USD), "US$");
	assert_string_equal(cf_unit_text(CF_UNIT_PERCENT), "");
}

/* A builder whose part came back NULL (out of memory) fails as a whole:
 * never an object with a key missing, and nothing written. */
static void json_null_part_fails_the_whole(void **state)
{
	(void)state;
	bool ok = true;
	json_t *obj = json_object();
	cf_json_put(obj, "a", json_integer(1), &ok);
	assert_true(ok);
	cf_json_put(obj, "b", NULL, &ok); /* a builder that ran out */
	assert_false(ok);
	cf_json_put(obj, "c", json_integer(3), &ok);
	assert_false(ok);		    /* stays false */
	assert_null(cf_json_done(obj, ok)); /* released, not returned */

	ok = true;
	json_t *arr = json_array();
	cf_json_push(arr, json_string("x"), &ok);
	assert_true(ok);
	assert_int_equal(json_array_size(arr), 1);
	cf_json_push(arr, NULL, &ok);
	assert_false(ok);
	assert_null(cf_json_done(arr, ok));

	ok = true;
	arr = json_array();
	cf_json_push(arr, json_true(), &ok);
	json_t *kept = cf_json_done(arr, ok);
	assert_ptr_equal(kept, arr);
	json_decref(kept);

	FILE *fp = tmpfile();
	assert_non_null(fp);
	cf_error err = {0};
	assert_int_equal(cf_json_write(NULL, fp, &err), CF_ENOMEM);
	assert_int_equal(err.code, CF_ENOMEM);
	assert_int_equal(ftell(fp), 0); /* nothing half-written */
	fclose(fp);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(table_is_aligned_by_characters),
	    cmocka_unit_test(hidden_column_only_leaves_the_table),
	    cmocka_unit_test(csv_quotes_and_is_never_cut),
	    cmocka_unit_test(json_keeps_full_precision),
	    cmocka_unit_test(infinite_bounds_are_null),
	    cmocka_unit_test(bad_format_is_a_usage_error),
	    cmocka_unit_test(one_text_convention),
	    cmocka_unit_test(json_null_part_fails_the_whole),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
