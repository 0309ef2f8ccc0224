/* Tests of extract.c, driven by tests/data/extract.test. */
#include "harness.h"

#include "cifra/extract.h"

/* "value,scale,unit,qualifier,year,measure,quote" of one candidate; the
 * quote is last so it may hold commas. */
static void format_candidate(const cf_candidate *c, char *buf, size_t size)
{
	snprintf(buf, size, "%s,%s,%s,%s,%d,%s,%s", c->value_text,
		 cf_scale_name(c->scale), cf_unit_name(c->unit),
		 cf_qualifier_name(c->qualifier), c->year, c->measure,
		 c->quote);
}

static void check_case(const harness_case *tc, void *ctx)
{
	(void)ctx;
	assert_int_equal(tc->nfields, 2);
	cf_candidate *c = NULL;
	size_t n = 0;
	cf_error err;
	cf_error_clear(&err);
	assert_int_equal(
	    cf_extract_text(tc->field[0], strlen(tc->field[0]), &c, &n, &err),
	    0);
	char got[2048] = "";
	for (size_t i = 0; i < n; i++) {
		char one[512];
		format_candidate(&c[i], one, sizeof one);
		if (i)
			strcat(got, ";");
		strncat(got, one, sizeof got - strlen(got) - 1);
	}
	const char *expected = strcmp(tc->field[1], "-") ? tc->field[1] : "";
	if (strcmp(got, expected))
		fail_msg("%s:%ld: got\n  %s\nexpected\n  %s", tc->file,
			 tc->line, got, expected);
	cf_candidates_free(c, n);
}

static void extract_cases(void **state)
{
	(void)state;
	harness_each_case("tests/data/extract.test", check_case, NULL);
}

static void positions_count_characters(void **state)
{
	(void)state;
	/* "é" is two bytes but one column: 42 starts at line 2, column 4. */
	const char *text = "one\né: 42 things\n";
	cf_candidate *c = NULL;
	size_t n = 0;
	assert_int_equal(cf_extract_text(text, strlen(text), &c, &n, NULL), 0);
	assert_int_equal(n, 1);
	assert_int_equal(c[0].line, 2);
	assert_int_equal(c[0].column, 4);
	cf_candidates_free(c, n);
}

static void corpus_article_yields_its_headline_figures(void **state)
{
	(void)state;
	/* The Wang Yi article of the corpus states $518.4 billion for 2024 and
	 * 17,000 scholarships; both must be among the candidates. */
	FILE *fp = fopen("../shared/articles/003_fc0a9f7a3101aafc.txt", "rb");
	if (!fp) {
		fprintf(stderr, "SKIPPED: corpus test: ../shared/articles not "
				"found (no ../shared beside the clone)\n");
		skip();
	}
	static char buf[1 << 16];
	size_t len = fread(buf, 1, sizeof buf, fp);
	fclose(fp);
	cf_candidate *c = NULL;
	size_t n = 0;
	assert_int_equal(cf_extract_text(buf, len, &c, &n, NULL), 0);
	int trade = 0, schol = 0;
	for (size_t i = 0; i < n; i++) {
		trade |= !strcmp(c[i].value_text, "518.4") &&
			 c[i].scale == CF_SCALE_BILLION &&
			 c[i].unit == CF_UNIT_USD && c[i].year == 2024;
		schol |= !strcmp(c[i].value_text, "17000") &&
			 c[i].unit == CF_UNIT_COUNT &&
			 strstr(c[i].measure, "scholarships") != NULL;
	}
	assert_true(trade);
	assert_true(schol);
	cf_candidates_free(c, n);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(extract_cases),
	    cmocka_unit_test(positions_count_characters),
	    cmocka_unit_test(corpus_article_yields_its_headline_figures),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
