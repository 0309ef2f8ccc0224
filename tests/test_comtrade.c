/* test_comtrade.c — `cifra import comtrade`: the code lists, every layout
 * and row rule on fixtures built in the real layouts
 * (tests/data/comtrade/make-fixtures.py), the bad files of
 * tests/data/comtrade/errors.test, and writing into a dataset directory. */
#include <sys/stat.h>
#include <unistd.h>

#include "cifra/cifra.h"
#include "harness.h"

#define FIX "tests/data/comtrade/"

/* China's imports from the USA of HS 8542, as make-fixtures.py wrote them
 * (the total rows; 2015-2017 also carry breakdown rows). */
static const long hs8542[15] = {4871302566, 5213877412, 5902334105, 6344091278,
				6087215533, 6209871046, 5788902317, 6541120998,
				7412953804, 6034481129, 7126590455, 9048873312,
				8230516677, 6871294420, 7512008861};

static cf_comtrade_import *read_ok(const char *path)
{
	cf_comtrade_import *imp = cf_comtrade_import_new();
	cf_error err;
	cf_error_clear(&err);
	assert_non_null(imp);
	if (cf_comtrade_read(imp, path, &err) != 0)
		fail_msg("%s:%ld:%ld: %s", err.file, err.line, err.column,
			 err.message);
	return imp;
}

static const cf_comtrade_row *row_of(const cf_comtrade_import *imp,
				     const char *series, const char *period)
{
	for (size_t i = 0; i < imp->nrows; i++)
		if (!strcmp(imp->rows[i].series, series) &&
		    !strcmp(imp->rows[i].period, period))
			return &imp->rows[i];
	fail_msg("no row %s %s", series, period);
	return NULL;
}

static char *slurp(const char *path)
{
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return NULL;
	char *buf = calloc(1, 1 << 20);
	size_t n = fread(buf, 1, (1 << 20) - 1, fp);
	buf[n] = '\0';
	fclose(fp);
	return buf;
}

static void write_file(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");
	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
}

/* Removes what an import may have written: DIR/{,reference/}{trade,
 * sources}.csv and the two directories. */
static void rm_dataset(const char *dir)
{
	char p[512];
	const char *names[] = {"reference/trade.csv", "reference/sources.csv",
			       "reference",	      "trade.csv",
			       "sources.csv",	      ""};
	for (int i = 0; i < 6; i++) {
		snprintf(p, sizeof p, "%s/%s", dir, names[i]);
		if (remove(p) != 0 && i == 5)
			fail_msg("cannot remove %s", p);
	}
}

/* ---- code lists ---- */

typedef struct list_check {
	cf_comtrade_role role;
	size_t n;
	int code_col, name_col, iso_col, group_col, expired_col;
} list_check;

static void trim(const char *s, char *out, size_t size)
{
	while (*s == ' ')
		s++;
	snprintf(out, size, "%s", s);
	size_t n = strlen(out);
	while (n && out[n - 1] == ' ')
		out[--n] = '\0';
}

static int on_code_row(const cf_csv_record *rec, void *ctx, cf_error *err)
{
	(void)err;
	list_check *c = ctx;
	if (rec->index == 0)
		return 0;
	const cf_comtrade_code *e = cf_comtrade_code_at(c->role, c->n++);
	assert_non_null(e);
	char iso[16], name[128];
	trim(rec->fields[c->iso_col], iso, sizeof iso);
	trim(rec->fields[c->name_col], name, sizeof name);
	assert_int_equal(e->code, atoi(rec->fields[c->code_col]));
	assert_string_equal(e->iso3, iso);
	assert_string_equal(e->name, name);
	assert_int_equal(e->group, !strcmp(rec->fields[c->group_col], "True"));
	assert_int_equal(e->expired, *rec->fields[c->expired_col] != '\0');
	return 0;
}

/* The built-in table is the CSV lists, entry for entry (columns: ,id,
 * text,CODE,DESC,note,ISO2,ISO3,effective,isGroup,expired). */
static void test_code_table_matches_lists(void **state)
{
	(void)state;
	const char *paths[] = {
	    "datasets/reference/comtrade/comtrade_reporter_codes.csv",
	    "datasets/reference/comtrade/comtrade_partner_codes.csv"};
	for (int r = 0; r < 2; r++) {
		list_check c = {(cf_comtrade_role)r, 0, 3, 4, 7, 9, 10};
		cf_error err;
		assert_int_equal(
		    cf_csv_read_file(paths[r], on_code_row, &c, &err), 0);
		assert_int_equal(c.n, cf_comtrade_code_count(c.role));
	}
	assert_true(cf_comtrade_code_count(CF_COMTRADE_REPORTER) > 200);
}

static void test_code_lookups(void **state)
{
	(void)state;
	char buf[8];
	const cf_comtrade_code *c =
	    cf_comtrade_code_find(CF_COMTRADE_REPORTER, 156);
	assert_string_equal(cf_comtrade_series_name(c, buf, sizeof buf), "chn");
	c = cf_comtrade_code_find(CF_COMTRADE_PARTNER, 0);
	assert_string_equal(c->name, "World");
	assert_string_equal(cf_comtrade_series_name(c, buf, sizeof buf), "wld");
	c = cf_comtrade_code_find(CF_COMTRADE_PARTNER, 842);
	assert_string_equal(c->iso3, "USA");
	c = cf_comtrade_code_by_name(CF_COMTRADE_PARTNER, " brazil ");
	assert_int_equal(c->code, 76);
	c = cf_comtrade_code_by_name(CF_COMTRADE_PARTNER, "Moçambique");
	assert_int_equal(c->code, 508);
	c = cf_comtrade_code_by_name(CF_COMTRADE_PARTNER,
				     "São Tomé e Príncipe");
	assert_int_equal(c->code, 678);
	assert_null(cf_comtrade_code_by_name(CF_COMTRADE_PARTNER, "Atlantis"));
	assert_null(cf_comtrade_code_find(CF_COMTRADE_REPORTER, 999));
}

static void test_decimal_compare(void **state)
{
	(void)state;
	assert_int_equal(cf_decimal_compare("123.0", "123"), 0);
	assert_int_equal(cf_decimal_compare("0100", "100.00"), 0);
	assert_int_equal(cf_decimal_compare("99.9", "100"), -1);
	assert_int_equal(cf_decimal_compare("1.25", "1.2"), 1);
	assert_int_equal(cf_decimal_compare("7126590456.0", "7126590455.0"), 1);
}

/* ---- layouts and row rules ---- */

/* What each file holds, and the layout it was read as. */
static void file_case(const char *name, const char *layout, size_t columns,
		      long records, long totals, long breakdown, long subflows)
{
	char path[256];
	snprintf(path, sizeof path, FIX "%s", name);
	cf_comtrade_import *imp = read_ok(path);
	const cf_comtrade_file *f = &imp->files[0];
	if (strcmp(f->layout, layout) || f->columns != columns ||
	    f->records != records || f->totals != totals ||
	    f->breakdown != breakdown || f->subflows != subflows ||
	    imp->nrows != (size_t)totals)
		fail_msg("%s: %s %zu columns, %ld rows, %ld totals, %ld "
			 "breakdown, %ld subflows, %zu figures",
			 name, f->layout, f->columns, f->records, f->totals,
			 f->breakdown, f->subflows, imp->nrows);
	cf_comtrade_import_free(imp);
}

/* API: 15 totals; 2015-2017 carry 5 partner2 rows a year, 2016 two motCode
 * rows, 2017 one customsCode row: 18 breakdown rows, never figures.
 * Monthly: 6 months x (X to Brazil, X to World, RX, RM) and an XIP
 * sub-flow each month.  Legacy 35: a partner2, a customs and a transport
 * row.  comtradr: one partner2 row a year; bulk: one. */
static void test_layouts(void **state)
{
	(void)state;
	file_case("api_chn_usa_hs8542.csv", "Comtrade+ API CSV", 47, 33, 15, 18,
		  0);
	file_case("api_monthly_chn_bra.csv", "Comtrade+ API CSV", 47, 30, 24, 0,
		  6);
	file_case("legacy22_bra.csv", "legacy CSV", 22, 6, 6, 0, 0);
	file_case("legacy35_afg.csv", "legacy CSV", 35, 5, 2, 3, 0);
	file_case("trimmed_comma.csv", "trimmed extract", 9, 8, 8, 0, 0);
	file_case("trimmed_semicolon.csv", "trimmed extract", 9, 8, 8, 0, 0);
	file_case("comtradr_snake.csv", "Comtrade+ API CSV", 13, 4, 2, 2, 0);
	file_case("bulk_tab.txt", "Comtrade+ API CSV", 47, 3, 2, 1, 0);
}

static void row_case(const harness_case *c, void *ctx)
{
	(void)ctx;
	char path[256];
	snprintf(path, sizeof path, FIX "%s", c->field[0]);
	cf_comtrade_import *imp = read_ok(path);
	const cf_comtrade_row *r = row_of(imp, c->field[1], c->field[2]);
	const char *flow = strcmp(c->field[4], "-") ? c->field[4] : NULL;
	if (strcmp(r->value, c->field[3]) ||
	    (flow ? !r->flow || strcmp(r->flow, flow) : r->flow != NULL) ||
	    !strstr(r->quote, c->field[5]))
		fail_msg("%s:%ld: got %s, flow %s, quote '%s'", c->file,
			 c->line, r->value, r->flow ? r->flow : "-", r->quote);
	cf_comtrade_import_free(imp);
}

static void test_rows(void **state)
{
	(void)state;
	harness_each_case(FIX "rows.test", row_case, NULL);
}

/* Every year of the API file exactly once, with what the file says about
 * itself in the source title. */
static void test_api_every_year(void **state)
{
	(void)state;
	cf_comtrade_import *imp = read_ok(FIX "api_chn_usa_hs8542.csv");
	for (int y = 2010; y <= 2024; y++) {
		char period[16], value[32];
		snprintf(period, sizeof period, "%d", y);
		snprintf(value, sizeof value, "%ld.0", hs8542[y - 2010]);
		const cf_comtrade_row *r =
		    row_of(imp, "trade.chn_usa.imports.hs8542", period);
		assert_string_equal(r->value, value);
		assert_string_equal(r->reporter, "chn");
		assert_string_equal(r->partner, "usa");
	}
	const char *title = imp->files[0].title;
	assert_non_null(strstr(title, "classification H3 2010-2011 H4 "
				      "2012-2016 H5 2017-2021 H6 2022-2024"));
	assert_non_null(strstr(title, "reporter China (156)"));
	assert_non_null(strstr(title, "partner USA (842)"));
	assert_non_null(strstr(title, "annual 2010-2024"));
	cf_comtrade_import_free(imp);
	imp = read_ok(FIX "api_monthly_chn_bra.csv");
	assert_non_null(strstr(imp->files[0].title, "monthly 2015-2016"));
	cf_comtrade_import_free(imp);
}

/* ',' with quoted "1,234.0" and ';' unquoted: the same figures. */
static void test_trimmed_both_delimiters(void **state)
{
	(void)state;
	cf_comtrade_import *a = read_ok(FIX "trimmed_comma.csv");
	cf_comtrade_import *b = read_ok(FIX "trimmed_semicolon.csv");
	assert_int_equal(a->nrows, b->nrows);
	for (size_t i = 0; i < a->nrows; i++) {
		assert_string_equal(a->rows[i].series, b->rows[i].series);
		assert_string_equal(a->rows[i].period, b->rows[i].period);
		assert_string_equal(a->rows[i].value, b->rows[i].value);
	}
	cf_comtrade_import_free(a);
	cf_comtrade_import_free(b);
}

static void error_case(const harness_case *c, void *ctx)
{
	(void)ctx;
	char path[256];
	snprintf(path, sizeof path, FIX "%s", c->field[0]);
	cf_comtrade_import *imp = cf_comtrade_import_new();
	cf_error err;
	cf_error_clear(&err);
	int rc = cf_comtrade_read(imp, path, &err);
	if (rc != CF_EDATA || err.line != atol(c->field[1]) ||
	    err.column != atol(c->field[2]) ||
	    !strstr(err.message, c->field[3]))
		fail_msg("%s:%ld: %s gave %d %s:%ld:%ld: %s", c->file, c->line,
			 path, rc, err.file, err.line, err.column, err.message);
	assert_string_equal(err.file, path);
	assert_int_equal(imp->nrows, 0); /* nothing of the file kept */
	assert_int_equal(imp->nfiles, 0);
	cf_comtrade_import_free(imp);
}

static void test_bad_files(void **state)
{
	(void)state;
	harness_each_case(FIX "errors.test", error_case, NULL);
}

/* ---- writing into a dataset directory ---- */

static void write_ok(cf_comtrade_import *imp, const char *dir)
{
	cf_error err;
	cf_error_clear(&err);
	if (cf_comtrade_write(imp, dir, NULL, NULL, &err) != 0)
		fail_msg("%s:%ld:%ld: %s", err.file, err.line, err.column,
			 err.message);
}

static cf_dataset *load_ok(const char *dir)
{
	cf_dataset *ds = NULL;
	cf_error err;
	if (cf_dataset_load(dir, &ds, &err) != 0)
		fail_msg("%s:%ld:%ld: %s", err.file, err.line, err.column,
			 err.message);
	return ds;
}

/* Import, load, growth: every annual total exactly once, every YoY equal
 * to v(t) / v(t-1) - 1 computed here from the fixture's numbers. */
static void test_import_then_growth(void **state)
{
	(void)state;
	char tmp[] = "/tmp/cifra-test-comtrade-XXXXXX", dir[64];
	assert_non_null(mkdtemp(tmp));
	snprintf(dir, sizeof dir, "%s/new", tmp);
	cf_comtrade_import *imp = read_ok(FIX "api_chn_usa_hs8542.csv");
	char *where = NULL;
	cf_error err;
	assert_int_equal(cf_comtrade_write(imp, dir, NULL, &where, &err), 0);
	assert_int_equal(imp->files[0].added, 15);
	/* a new directory: a dataset whose figures are reference figures */
	char want[96];
	snprintf(want, sizeof want, "%s/reference/trade.csv", dir);
	assert_string_equal(where, want);
	free(where);
	cf_dataset *ds = load_ok(dir);
	const cf_series *s =
	    cf_dataset_series(ds, "trade.chn_usa.imports.hs8542");
	assert_non_null(s);
	assert_int_equal(s->count, 15);
	for (size_t i = 0; i < s->count; i++)
		assert_true(s->figures[i]->reference);
	cf_growth *g = NULL;
	assert_int_equal(cf_growth_compute(s, NULL, NULL, &g, &err), 0);
	assert_int_equal(g->npoints, 15);
	for (size_t i = 0; i < 15; i++) {
		assert_int_equal(g->points[i].nfigures, 1);
		assert_true(g->points[i].written == (double)hs8542[i]);
		assert_int_equal(g->yoy[i].has_base, i > 0);
		if (i == 0)
			continue;
		double expect = (double)hs8542[i] / (double)hs8542[i - 1] - 1;
		assert_close(g->yoy[i].written, expect, 1e-12);
		assert_true(cf_interval_contains(g->yoy[i].growth, expect));
	}
	/* 2015: 6209871046 / 6087215533 - 1 = +2.01%, not +100% */
	assert_close(g->yoy[5].written, 0.0201496, 1e-5);
	char note[512];
	assert_int_equal(cf_comtrade_vintage_note(s, note, sizeof note), 4);
	assert_string_equal(note, "HS vintages: H3 2010-2011, H4 2012-2016, H5 "
				  "2017-2021, H6 2022-2024 (codes can change "
				  "scope)");
	/* the YoY steps that cross a vintage: 2012, 2017, 2022 */
	for (size_t i = 1; i < 15; i++) {
		char change[32];
		int crosses = cf_comtrade_vintage_change(s, &g->yoy[i].base,
							 &g->yoy[i].period,
							 change, sizeof change);
		int year = 2010 + (int)i;
		assert_int_equal(crosses,
				 year == 2012 || year == 2017 || year == 2022);
		if (year == 2017)
			assert_string_equal(change, "HS H4 -> H5");
	}
	cf_growth_free(g);
	cf_dataset_free(ds);
	cf_comtrade_import_free(imp);
	rm_dataset(dir);
	assert_int_equal(rmdir(tmp), 0);
}

/* A total series gets no vintage note (its value does not depend on the
 * classification). */
static void test_no_vintage_note_for_totals(void **state)
{
	(void)state;
	char tmp[] = "/tmp/cifra-test-comtrade-XXXXXX";
	assert_non_null(mkdtemp(tmp));
	cf_comtrade_import *imp = read_ok(FIX "api_monthly_chn_bra.csv");
	write_ok(imp, tmp);
	cf_dataset *ds = load_ok(tmp);
	char note[256] = "x";
	const cf_series *s = cf_dataset_series(ds, "trade.chn_bra.exports");
	assert_int_equal(s->count, 6);
	cf_comtrade_vintage_note(s, note, sizeof note);
	assert_string_equal(note, "");
	cf_dataset_free(ds);
	cf_comtrade_import_free(imp);
	rm_dataset(tmp);
}

/* The same file twice adds nothing and changes no byte; a revised file
 * with one different value is refused, naming both, and changes nothing. */
static void test_reimport_and_revision(void **state)
{
	(void)state;
	char tmp[] = "/tmp/cifra-test-comtrade-XXXXXX", p[128], q[128];
	assert_non_null(mkdtemp(tmp));
	cf_comtrade_import *imp = read_ok(FIX "api_chn_usa_hs8542.csv");
	write_ok(imp, tmp);
	cf_comtrade_import_free(imp);
	snprintf(p, sizeof p, "%s/reference/trade.csv", tmp);
	snprintf(q, sizeof q, "%s/reference/sources.csv", tmp);
	char *trade = slurp(p), *sources = slurp(q);
	assert_non_null(trade);
	assert_non_null(sources);

	imp = read_ok(FIX "api_chn_usa_hs8542.csv");
	write_ok(imp, tmp);
	assert_int_equal(imp->files[0].added, 0);
	assert_int_equal(imp->files[0].present, 15);
	cf_comtrade_import_free(imp);

	/* the revision: 2020 is 7126590455.0 in the first file */
	char revised[128], *text = slurp(FIX "api_chn_usa_hs8542.csv");
	char *at = strstr(text, "7126590455.0,,7126590455.0");
	assert_non_null(at);
	memcpy(at, "7126590466.0,,7126590466.0", 26);
	snprintf(revised, sizeof revised, "%s/revised.csv", tmp);
	write_file(revised, text);
	imp = read_ok(revised);
	cf_error err;
	cf_error_clear(&err);
	assert_int_equal(cf_comtrade_write(imp, tmp, NULL, NULL, &err),
			 CF_EDATA);
	assert_string_equal(err.file, revised);
	/* primaryValue starts at 143, plus one for the 2020 row's "0 " */
	assert_int_equal(err.column, 144);
	assert_non_null(strstr(err.message, "trade.chn_usa.imports.hs8542 "
					    "2020: value 7126590466.0 differs "
					    "from 7126590455.0 already "
					    "imported at"));
	char *trade2 = slurp(p), *sources2 = slurp(q);
	assert_string_equal(trade, trade2);
	assert_string_equal(sources, sources2);
	cf_comtrade_import_free(imp);
	free(trade);
	free(trade2);
	free(sources);
	free(sources2);
	free(text);
	unlink(revised);
	rm_dataset(tmp);
}

/* An existing dataset with a reference part, named as -o X/reference: the
 * reference files' own rows stay byte for byte, the new ones follow in
 * their column order, and figures from other sources with the same series
 * and period are added beside (cifra check compares them). */
static void test_append_to_dataset(void **state)
{
	(void)state;
	char tmp[] = "/tmp/cifra-test-comtrade-XXXXXX", p[128], q[128], ref[64];
	assert_non_null(mkdtemp(tmp));
	snprintf(ref, sizeof ref, "%s/reference", tmp);
	assert_int_equal(mkdir(ref, 0755), 0);
	snprintf(p, sizeof p, "%s/sources.csv", tmp);
	const char *root_sources = "id,kind,title,author,publisher,published,"
				   "file\na1,article,An article,,,,a1.txt\n";
	write_file(p, root_sources);
	snprintf(p, sizeof p, "%s/trade.csv", ref);
	snprintf(q, sizeof q, "%s/sources.csv", ref);
	const char *old_trade =
	    "series,id,period,value,scale,unit,qualifier,reporter,partner,"
	    "flow,source,quote\n"
	    "trade.chn_bra.imports,h1,2022,109.5,billion,USD,about,chn,bra,"
	    "imports,web1,about 109.5 bn"; /* no final newline */
	const char *old_sources = "id,kind,title,author,publisher,published,"
				  "file\nweb1,web,A page,,,,http://x\n";
	write_file(p, old_trade);
	write_file(q, old_sources);
	cf_comtrade_import *imp = read_ok(FIX "trimmed_comma.csv");
	write_ok(imp, ref);
	assert_int_equal(imp->files[0].added, 8);
	char *trade = slurp(p), *sources = slurp(q);
	snprintf(p, sizeof p, "%s/sources.csv", tmp);
	char *root = slurp(p);
	assert_string_equal(root, root_sources);
	free(root);
	assert_memory_equal(trade, old_trade, strlen(old_trade));
	assert_non_null(
	    strstr(trade, "\ntrade.chn_bra.imports,ct_fa2bf4613a_2,2022,"
			  "109522043335.0,1,USD,exact,chn,bra,imports,"
			  "ct_fa2bf4613a,\"2022 M TOTAL primaryValueFormated "
			  "109,522,043,335.0\"\n"));
	assert_memory_equal(sources, old_sources, strlen(old_sources));
	assert_non_null(strstr(sources, "\nct_fa2bf4613a,statistics,\"UN "
					"Comtrade trimmed extract (9 "
					"columns); reporter China (156)"));
	cf_dataset *ds = load_ok(tmp);
	const cf_series *s = cf_dataset_series(ds, "trade.chn_bra.imports");
	assert_int_equal(s->count, 3);
	assert_true(s->figures[0]->reference && s->figures[1]->reference);
	cf_dataset_free(ds);
	cf_comtrade_import_free(imp);
	free(trade);
	free(sources);
	rm_dataset(tmp);
}

/* The real extracts in ../shared import with their real values. */
static void test_shared_extracts(void **state)
{
	(void)state;
	const char *a = "../shared/reference/comtrade/"
			"cipf_dados_comtrade_2020_2021_TOTAL.csv";
	const char *b = "../shared/reference/comtrade/"
			"cipf_dados_comtrade_2019_2021_TOTAL_semicolon.csv";
	if (access(a, R_OK) != 0 || access(b, R_OK) != 0) {
		fprintf(stderr, "SKIPPED: real Comtrade extracts: "
				"../shared/reference/comtrade not found (no "
				"../shared beside the clone)\n");
		return;
	}
	cf_comtrade_import *imp = read_ok(a);
	cf_error err;
	assert_int_equal(cf_comtrade_read(imp, b, &err), 0);
	/* 36 rows, then 54 of which 36 repeat 2020-2021 with equal values */
	assert_int_equal(imp->files[1].duplicates, 36);
	assert_int_equal(imp->nrows, 54);
	/* values as the files write them: "85,517,209,220.0" etc. */
	assert_string_equal(row_of(imp, "trade.chn_bra.imports", "2020")->value,
			    "85517209220.0");
	assert_string_equal(row_of(imp, "trade.chn_bra.exports", "2021")->value,
			    "53612224393.0");
	assert_string_equal(row_of(imp, "trade.chn_bra.imports", "2019")->value,
			    "79962547047.0");
	assert_string_equal(row_of(imp, "trade.chn_stp.imports", "2019")->value,
			    "13720.0");
	assert_string_equal(row_of(imp, "trade.chn_gnq.exports", "2021")->value,
			    "123984094.0");
	cf_comtrade_import_free(imp);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_code_table_matches_lists),
	    cmocka_unit_test(test_code_lookups),
	    cmocka_unit_test(test_decimal_compare),
	    cmocka_unit_test(test_layouts),
	    cmocka_unit_test(test_rows),
	    cmocka_unit_test(test_api_every_year),
	    cmocka_unit_test(test_trimmed_both_delimiters),
	    cmocka_unit_test(test_bad_files),
	    cmocka_unit_test(test_import_then_growth),
	    cmocka_unit_test(test_no_vintage_note_for_totals),
	    cmocka_unit_test(test_reimport_and_revision),
	    cmocka_unit_test(test_append_to_dataset),
	    cmocka_unit_test(test_shared_extracts),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
