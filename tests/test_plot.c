/* test_plot.c — chart scripts (data rows, labels, escaping of hostile
 * strings) and real gnuplot renders of the fixture in tests/data/plot. */
#include "harness.h"

#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cifra/cifra.h"

#define FIXTURE "tests/data/plot"
#define PWNED	"/tmp/PWNED_xyz"

static void quote_case(const harness_case *c, void *ctx)
{
	(void)ctx;
	char *q = cf_gnuplot_quoted(c->field[0]);
	assert_non_null(q);
	if (strcmp(q, c->field[1]))
		fail_msg("%s:%ld: quoted %s, expected %s", c->file, c->line, q,
			 c->field[1]);
	free(q);
}

static void test_quote_cases(void **state)
{
	(void)state;
	harness_each_case(FIXTURE "/quote.test", quote_case, NULL);
}

static void test_quote_controls(void **state)
{
	(void)state;
	char *q = cf_gnuplot_quoted("a\nb\r\nc\td'");
	assert_string_equal(q, "'a b  c d'''");
	free(q);
	q = cf_gnuplot_quoted(NULL);
	assert_string_equal(q, "''");
	free(q);
}

static void test_format_of(void **state)
{
	(void)state;
	cf_plot_format f;
	cf_error err;
	assert_int_equal(cf_plot_format_of("a/b.svg", &f, &err), 0);
	assert_int_equal(f, CF_PLOT_SVG);
	assert_int_equal(cf_plot_format_of("B.PNG", &f, &err), 0);
	assert_int_equal(f, CF_PLOT_PNG);
	assert_int_equal(cf_plot_format_of("x.svg/y", &f, &err), CF_EUSAGE);
	assert_int_equal(cf_plot_format_of("x.pdf", &f, &err), CF_EUSAGE);
}

static char *script_of(cf_chart c, const char *series)
{
	cf_dataset *ds = NULL;
	cf_analysis *a = NULL;
	cf_error err;
	if (cf_dataset_load(FIXTURE, &ds, &err) != 0)
		fail_msg("load: %s", err.message);
	cf_analysis_options opt = {.growth_series = series};
	if (cf_analysis_run(ds, &opt, &a, &err) != 0)
		fail_msg("analysis: %s", err.message);
	char *body = NULL;
	if (cf_chart_script(a, c, series, &body, &err) != 0)
		fail_msg("script: %s", err.message);
	cf_analysis_free(a);
	cf_dataset_free(ds);
	return body;
}

static void assert_contains(const char *hay, const char *needle)
{
	if (!strstr(hay, needle))
		fail_msg("script lacks \"%s\"", needle);
}

/* Rows by hand from the fixture: 95 bn exact is [94.5, 95.5]; 130.5 is
 * [130.45, 130.55]; the part-year figure sits at 2021 + 0.3; the lower
 * bound "over 120" is an arrow from 120 up.  2021 has no reference
 * figure, so the reference line breaks (blank line) between 2020 and
 * 2022.  Claim c4 (2023 / 2022 ~= 1.1 at 5%) implies 2023 in
 * [1.045 * 130.45, 1.155 * 130.55] = [136.32025, 150.78525], midpoint
 * 143.55275: a hollow marker, labelled with the claim. */
static void test_trade_rows(void **state)
{
	(void)state;
	char *s = script_of(CF_CHART_TRADE, NULL);
	assert_contains(s, "$mark1 << EOD\n2018 95 94.5 95.5\n"
			   "2019 100 99.5 100.5\n2020 110 109.5 110.5\n\n"
			   "2022 130.5 130.45 130.55\nEOD\n");
	assert_contains(s, "$mark2 << EOD\n2019 100 99.5 100.5\n"
			   "2020 110 109.5 110.5\n2022 130.5 130.45 130.55\n"
			   "EOD\n");
	assert_contains(s, "$mark3 << EOD\n2021.3 60 59.5 60.5\nEOD\n");
	assert_contains(s, "$mark6 << EOD\n2021 120 0 ");
	assert_contains(s, "$mark4 << EOD\n2023 143.55275 136.32025 "
			   "150.78525\nEOD\n");
	assert_contains(s, "'143.6 implied by claim c4' at first 2023, first");
	assert_contains(s, "set label 2 '100' at first 2019, first");
	assert_contains(s, "'over 120' at first 2021, first");
	assert_contains(s, "'60 (2021-01/2021-06)' at first 2021.3, first");
	assert_contains(s, "'trade.a_b.total' at screen 0.5,");
	free(s);
}

/* The source title holds a backquoted command, both quotes and a newline:
 * it must appear single-quoted, ' doubled, the newline a space. */
static void test_hostile_title_script(void **state)
{
	(void)state;
	for (int c = 0; c < CF_CHART_COUNT_; c++) {
		char *s = script_of((cf_chart)c, NULL);
		const char *hit = strstr(s, "Evil `touch");
		if (c == CF_CHART_TRADE || c == CF_CHART_GROWTH ||
		    c == CF_CHART_CLAIMS)
			assert_non_null(hit);
		if (hit) {
			assert_contains(s, "Evil `touch /tmp/PWNED_xyz` "
					   "it''s \"quoted\" second line — "
					   "Hostile Press, 2024");
			/* the line holding it is one set label command */
			const char *bol = hit;
			while (bol > s && bol[-1] != '\n')
				bol--;
			assert_int_equal(strncmp(bol, "set label ", 10), 0);
		}
		assert_null(strstr(s, "\nsecond line"));
		free(s);
	}
}

static void test_growth_rows(void **state)
{
	(void)state;
	char *s = script_of(CF_CHART_GROWTH, "trade.a_b.total");
	/* 2019: 100/95 - 1 = +5.263%, 2020: 110/100 - 1 = +10% */
	assert_contains(s, "'+5.3%' at first 2019");
	assert_contains(s, "'+10.0%' at first 2020");
	assert_contains(s, "$yoy << EOD\n2019 5.263157895 ");
	/* 2020: [109.5, 110.5] / [99.5, 100.5] - 1 = [8.955%, 11.055%]; the
	 * bars end there: 2021 is "over 120", so 2021's YoY is (+8.597%, +inf)
	 * (120 / 110.5 - 1) and 2022's is (-100%, +8.792%] (130.55 / 120 - 1):
	 * hatched ranges, no bar, drawn between their ends (an open end at
	 * the top of the axis), the reason in the caption. */
	assert_contains(s, "2020 10 8.955223881 11.05527638 0.6\nEOD\n");
	assert_contains(s, "$yoyrange << EOD\n2021 ");
	assert_contains(s, " 8.597285068 ");
	assert_contains(s, "\n2022 -45.60416667 -100 8.791666667\n");
	assert_contains(s, "2021 +8.6% to +∞ (2021 known only as a lower "
			   "bound); 2022 -100.0% to +8.8%");
	free(s);
}

static void test_unknown_series(void **state)
{
	(void)state;
	cf_dataset *ds = NULL;
	cf_analysis *a = NULL;
	cf_error err;
	assert_int_equal(cf_dataset_load(FIXTURE, &ds, &err), 0);
	assert_int_equal(cf_analysis_run(ds, NULL, &a, &err), 0);
	char *body = NULL;
	assert_int_equal(
	    cf_chart_script(a, CF_CHART_TRADE, "no.such", &body, &err),
	    CF_ENOTFOUND);
	assert_null(body);
	/* a series whose growth was not analysed */
	assert_int_equal(
	    cf_chart_script(a, CF_CHART_GROWTH, "trade.a_b.total", &body, &err),
	    0);
	free(body);
	cf_analysis_free(a);
	cf_dataset_free(ds);
}

static int count_in_file(const char *path, const char *needle)
{
	FILE *fp = fopen(path, "r");
	assert_non_null(fp);
	char line[8192];
	int n = 0;
	while (fgets(line, sizeof line, fp))
		for (const char *p = line; (p = strstr(p, needle)); p++)
			n++;
	fclose(fp);
	return n;
}

static int entries(const char *dir)
{
	DIR *d = opendir(dir);
	assert_non_null(d);
	int n = 0;
	struct dirent *e;
	while ((e = readdir(d)))
		n += e->d_name[0] != '.' ||
		     (e->d_name[1] && e->d_name[1] != '.' &&
		      strcmp(e->d_name, ".."));
	closedir(d);
	return n;
}

/* A real render: no command ran, the SVG has one marker per point.
 * Reference points (4 + 1 in the key) are the blue of #0072B2; cited
 * full years (3 + 1) the orange of #E69F00 (pt 7, on a white disc that
 * gnuplot puts under error-bar points); the part-year figure (1 + 1) a
 * triangle, gpPt8 (pt 9). */
static void test_render_trade(void **state)
{
	(void)state;
	unlink(PWNED);
	char dir[] = "/tmp/cifra-test-plot-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char path[64];
	snprintf(path, sizeof path, "%s/trade.svg", dir);
	char *s = script_of(CF_CHART_TRADE, NULL);
	cf_error err;
	unsetenv("GNUPLOT");
	if (cf_plot_render(s, path, NULL, &err) != 0)
		fail_msg("render: %s", err.message);
	assert_int_equal(access(PWNED, F_OK), -1);
	assert_int_equal(entries(dir), 1);
	assert_int_equal(count_in_file(path, "href='#gpPt8' transform"), 2);
	assert_int_equal(count_in_file(path, "color='rgb(  0, 114, 178)'/>"),
			 5);
	assert_int_equal(count_in_file(path, "color='rgb(230, 159,   0)'/>"),
			 4);
	/* gnuplot set no label text with the newline in it */
	assert_int_equal(count_in_file(path, "second line — Hostile"), 1);

	/* gnuplot missing: CF_EPLOT, and the old chart is still there */
	setenv("GNUPLOT", "/nonexistent/gnuplot", 1);
	assert_int_equal(cf_plot_render(s, path, NULL, &err), CF_EPLOT);
	assert_non_null(strstr(err.message, "apt-get install gnuplot-nox"));
	assert_int_equal(entries(dir), 1);
	unsetenv("GNUPLOT");
	free(s);
	unlink(path);
	rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_quote_cases),
	    cmocka_unit_test(test_quote_controls),
	    cmocka_unit_test(test_format_of),
	    cmocka_unit_test(test_trade_rows),
	    cmocka_unit_test(test_hostile_title_script),
	    cmocka_unit_test(test_growth_rows),
	    cmocka_unit_test(test_unknown_series),
	    cmocka_unit_test(test_render_trade),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
