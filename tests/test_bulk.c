/* test_bulk.c — the grouped-growth engine on small inputs whose growth is
 * worked out by hand (the .expected files in tests/data/bulk, with the
 * arithmetic in the comments below), its errors, and its number formatter
 * against python3's printf. */
#include "harness.h"

#include <math.h>
#include <unistd.h>

#include "cifra/bulk.h"

typedef struct result {
	int rc;
	cf_error err;
	char *out;
	size_t outlen;
} result;

static void run_stream(const cf_bulk_options *opt, FILE *in, result *r)
{
	FILE *out = open_memstream(&r->out, &r->outlen);
	assert_non_null(out);
	cf_error_clear(&r->err);
	cf_bulk *b = NULL;
	r->rc = cf_bulk_new(opt, out, &b, &r->err);
	if (!r->rc)
		r->rc = cf_bulk_read(b, in, "input.csv", &r->err);
	if (!r->rc)
		r->rc = cf_bulk_finish(b, &r->err);
	cf_bulk_free(b);
	fclose(out);
}

static void run_text(const cf_bulk_options *opt, const char *text, result *r)
{
	FILE *in = fmemopen((void *)text, strlen(text), "r");
	assert_non_null(in);
	run_stream(opt, in, r);
	fclose(in);
}

static void run_file(const cf_bulk_options *opt, const char *path, result *r)
{
	FILE *in = fopen(path, "rb");
	if (!in)
		fail_msg("cannot open %s", path);
	run_stream(opt, in, r);
	fclose(in);
}

static char *slurp(const char *path)
{
	FILE *fp = fopen(path, "rb");
	if (!fp)
		fail_msg("cannot open %s", path);
	static char buf[65536];
	size_t n = fread(buf, 1, sizeof buf - 1, fp);
	buf[n] = '\0';
	fclose(fp);
	return buf;
}

static const char *const rp_keys[] = {"reporter", "partner"};
static const char *const k_keys[] = {"k"};

/* basic.csv: keys out of order, quoted fields, "B,C" and 'say "hi"' needing
 * quotes on output, byte order AB < B < B,C < neg < say (field by field).
 *   A,AB: 007 → 14: 14/7 − 1 = 1 (and "007" written back as read)
 *   A,B: 50 → 100: 1; 2002 missing: missing; 2003: previous missing:
 *        missing; 2004: 15/10 − 1 = 0.5
 *   A,B,C: 1.50 → 3: 1;  A,neg: −4 → −5: −5/−4 − 1 = 0.25
 *   A,say "hi": 8 (2000) → 10 (2005): the previous row, gap or not
 *        (SQL lag): 10/8 − 1 = 0.25
 *   B,X: 0 → 5: division by zero: missing. */
static void test_basic(void **state)
{
	(void)state;
	cf_bulk_options opt = {
	    .keys = rp_keys, .nkeys = 2, .time = "year", .value = "value"};
	result r = {0};
	run_file(&opt, "tests/data/bulk/basic.csv", &r);
	assert_int_equal(r.rc, 0);
	assert_string_equal(r.out, slurp("tests/data/bulk/basic.expected"));
	free(r.out);
}

/* The expected output, read back with --sorted (it is grouped and sorted;
 * its growth column is ignored), gives itself: streaming and in-memory
 * agree. */
static void test_sorted_same(void **state)
{
	(void)state;
	cf_bulk_options opt = {.keys = rp_keys,
			       .nkeys = 2,
			       .time = "year",
			       .value = "value",
			       .sorted = true};
	result r = {0};
	run_file(&opt, "tests/data/bulk/basic.expected", &r);
	assert_int_equal(r.rc, 0);
	assert_string_equal(r.out, slurp("tests/data/bulk/basic.expected"));
	free(r.out);
}

/* --sorted needs each key's rows together, not keys in order: b before a
 * is fine, and comes out in input order. */
static void test_sorted_grouped(void **state)
{
	(void)state;
	cf_bulk_options opt = {.keys = k_keys,
			       .nkeys = 1,
			       .time = "t",
			       .value = "v",
			       .sorted = true};
	result r = {0};
	run_text(&opt, "k,t,v\nb,1,2\nb,2,3\na,1,4\na,3,2\n", &r);
	assert_int_equal(r.rc, 0);
	/* 3/2 − 1 = 0.5; 2/4 − 1 = −0.5 */
	assert_string_equal(r.out, "k,t,v,growth\nb,1,2,\nb,2,3,0.5\n"
				   "a,1,4,\na,3,2,-0.5\n");
	free(r.out);
}

/* sum.csv: a: 1.5 + 2.25 = 3.75 (exact decimal), then 7.5/3.75 − 1 = 1;
 * b: 1 + missing = missing, so 2001 has no growth; c: 1e2 + 1 = 101
 * (not a plain decimal: summed as doubles), 202/101 − 1 = 1.  The same
 * in streaming mode. */
static void test_sum(void **state)
{
	(void)state;
	for (int sorted = 0; sorted < 2; sorted++) {
		cf_bulk_options opt = {.keys = k_keys,
				       .nkeys = 1,
				       .time = "t",
				       .value = "v",
				       .sum = true,
				       .sorted = sorted};
		result r = {0};
		run_file(&opt, "tests/data/bulk/sum.csv", &r);
		assert_int_equal(r.rc, 0);
		assert_string_equal(r.out,
				    slurp("tests/data/bulk/sum.expected"));
		free(r.out);
	}
}

static void unescape(char *s)
{
	char *d = s;
	for (; *s; s++) {
		if (s[0] == '\\' && s[1] == 'n') {
			*d++ = '\n';
			s++;
		} else {
			*d++ = *s;
		}
	}
	*d = '\0';
}

static void error_case(const harness_case *c, void *ctx)
{
	(void)ctx;
	static const char *const t_keys[] = {"k"};
	cf_bulk_options opt = {.keys = t_keys,
			       .nkeys = 1,
			       .time = "t",
			       .value = "v",
			       .sorted = !strcmp(c->field[0], "sorted"),
			       .sum = !strcmp(c->field[0], "sum")};
	unescape(c->field[1]);
	result r = {0};
	run_text(&opt, c->field[1], &r);
	int code = !strcmp(c->field[2], "CF_EUSAGE") ? CF_EUSAGE : CF_EDATA;
	if (r.rc != code || r.err.line != atol(c->field[3]) ||
	    r.err.column != atol(c->field[4]) ||
	    !strstr(r.err.message, c->field[5]) ||
	    strcmp(r.err.file, "input.csv"))
		fail_msg("%s:%ld: got rc %d at %s:%ld:%ld: %s", c->file,
			 c->line, r.rc, r.err.file, r.err.line, r.err.column,
			 r.err.message);
	free(r.out);
}

static void test_errors(void **state)
{
	(void)state;
	harness_each_case("tests/data/bulk/errors.txt", error_case, NULL);
}

static char *field_n(char *line, int n)
{
	char *p = line;
	for (int i = 0; i < n; i++)
		p = strchr(p, ',') + 1;
	return p;
}

static double num(const char *s)
{
	return *s == ',' || *s == '\n' || !*s ? NAN : strtod(s, NULL);
}

/* --summary: key a: 100, 110, 121 in 2000–2002: CAGR (121/100)^(1/2) − 1
 * = 0.1; an exact exponential, so the trend is 0.1 with a zero-width CI.
 * Key b: 10 (2000), missing (2001), 40 (2004): n counts present values,
 * CAGR (40/10)^(1/4) − 1 = √2 − 1; two points: no trend.  Key c: 5, −5,
 * 5: CAGR (5/5)^(1/2) − 1 = 0, no log-linear trend through a negative. */
static void test_summary(void **state)
{
	(void)state;
	cf_bulk_options opt = {.keys = k_keys,
			       .nkeys = 1,
			       .time = "t",
			       .value = "v",
			       .summary = true};
	result r = {0};
	run_text(&opt,
		 "k,t,v\na,2000,100\nb,2000,10\na,2001,110\nb,2001,\n"
		 "a,2002,121\nb,2004,40\nc,1,5\nc,2,-5\nc,3,5\n",
		 &r);
	assert_int_equal(r.rc, 0);
	char *line = strchr(r.out, '\n');
	*line++ = '\0';
	assert_string_equal(r.out, "k,first_time,last_time,n,cagr,trend,"
				   "trend_lo,trend_hi");
	assert_memory_equal(line, "a,2000,2002,3,", 14);
	assert_close(num(field_n(line, 4)), 0.1, 1e-12);
	assert_close(num(field_n(line, 5)), 0.1, 1e-12);
	assert_close(num(field_n(line, 6)), 0.1, 1e-12);
	assert_close(num(field_n(line, 7)), 0.1, 1e-12);
	line = strchr(line, '\n') + 1;
	assert_memory_equal(line, "b,2000,2004,2,", 14);
	assert_close(num(field_n(line, 4)), sqrt(2) - 1, 1e-12);
	assert_memory_equal(field_n(line, 5), ",,\n", 3);
	line = strchr(line, '\n') + 1;
	assert_string_equal(line, "c,1,3,3,0,,,\n");
	free(r.out);
}

/* Hadoop Streaming form: key fields, time, value; TSV out, no header. */
static void test_tsv(void **state)
{
	(void)state;
	for (int sorted = 0; sorted < 2; sorted++) {
		cf_bulk_options opt = {.tsv = true, .sorted = sorted};
		result r = {0};
		run_text(&opt,
			 "A\tB,1\t2000\t4\nA\tB,1\t2001\t5\nA\tC\t2000\t\n"
			 "A\tC\t2001\t3\n",
			 &r);
		assert_int_equal(r.rc, 0);
		/* 5/4 − 1 = 0.25; no comma quoting in TSV */
		assert_string_equal(r.out, "A\tB,1\t2000\t4\t\n"
					   "A\tB,1\t2001\t5\t0.25\n"
					   "A\tC\t2000\t\t\nA\tC\t2001\t3\t\n");
		free(r.out);
	}
	cf_bulk_options opt = {.tsv = true};
	result r = {0};
	run_text(&opt, "A\t2000\t1\nA\t2001\tx\n", &r);
	assert_int_equal(r.rc, CF_EDATA);
	assert_int_equal(r.err.line, 2);
	assert_int_equal(r.err.column, 8);
	free(r.out);
}

/* Without --key, the first TSV line tells the number of keys: two fields
 * are no key at all.  These three inputs crashed (a NULL key, a heap
 * overflow naming a duplicate, an overlapping copy printing garbage). */
static void test_tsv_two_fields(void **state)
{
	(void)state;
	static const char *const inputs[] = {
	    "0\t", "2000\t1\n2000\t1\nk\t2001\t2\n", "2000\t1\nk\t2001\t2\n"};
	for (int sorted = 0; sorted < 2; sorted++)
		for (size_t i = 0; i < 3; i++) {
			cf_bulk_options opt = {.tsv = true, .sorted = sorted};
			result r = {0};
			run_text(&opt, inputs[i], &r);
			assert_int_equal(r.rc, CF_EDATA);
			assert_int_equal(r.err.line, 1);
			assert_non_null(strstr(r.err.message, "3 fields"));
			free(r.out);
		}
}

static void format_case(const harness_case *c, void *ctx)
{
	(void)ctx;
	char buf[40];
	double x = strtod(c->field[0], NULL);
	*cf_bulk_format_double(buf, x) = '\0';
	if (strcmp(buf, c->field[1]))
		fail_msg("%s:%ld: %s formatted as %s, expected %s", c->file,
			 c->line, c->field[0], buf, c->field[1]);
}

static void test_format(void **state)
{
	(void)state;
	harness_each_case("tests/data/bulk/format.txt", format_case, NULL);
}

/* Many random doubles: the same text as printf's (the rounding is decided
 * on the exact scaled value; only a quotient within 1e-16 of a tie could
 * differ), and always within half a unit of the 15th digit. */
static void test_format_random(void **state)
{
	(void)state;
	uint64_t s = 42;
	int differ = 0;
	for (int i = 0; i < 200000; i++) {
		s = s * 6364136223846793005u + 1442695040888963407u;
		double x = (double)(s >> 11) / 9007199254740992.0;
		x = ldexp(x, (int)(s % 120) - 60) * ((s >> 7) % 2 ? 1 : -1);
		char a[40], b[40];
		*cf_bulk_format_double(a, x) = '\0';
		snprintf(b, sizeof b, "%.15g", x);
		if (strcmp(a, b)) {
			differ++;
			assert_close(strtod(a, NULL), x, 1e-14);
		}
	}
	assert_true(differ <= 2);
}

/* 30 000 keys × 20 years (more than one chunk of rows), keys arriving in a
 * scrambled order, so that rows are moved into key order and formatted in
 * blocks by two threads: key i,
 * year y has value 1000·i + y + 1, so growth (1000·i + y + 1)/(1000·i + y)
 * − 1; output in key order, then year order. */
static void test_many_rows(void **state)
{
	(void)state;
	enum { NKEYS = 30000, NYEARS = 20 };
	size_t cap = (size_t)NKEYS * NYEARS * 32 + 64, len = 0;
	char *in = malloc(cap);
	assert_non_null(in);
	len += (size_t)snprintf(in, cap, "k,t,v\n");
	for (int y = 0; y < NYEARS; y++)
		for (int n = 0; n < NKEYS; n++) {
			int i = (int)(((long)n * 7919 + y) % NKEYS);
			len += (size_t)snprintf(in + len, cap - len,
						"k%05d,%d,%d\n", i, 2000 + y,
						1000 * i + y + 1);
		}
	cf_bulk_options opt = {
	    .keys = k_keys, .nkeys = 1, .time = "t", .value = "v"};
	result r = {0};
	run_text(&opt, in, &r);
	free(in);
	assert_int_equal(r.rc, 0);
	char *line = strchr(r.out, '\n') + 1;
	for (int i = 0; i < NKEYS; i++)
		for (int y = 0; y < NYEARS; y++) {
			/* by hand: sscanf would measure the whole rest of the
			 * output at every call */
			char *p = line + 1;
			long ki = strtol(p, &p, 10);
			long t = strtol(p + 1, &p, 10);
			long v = strtol(p + 1, &p, 10);
			if (line[0] != 'k' || *p != ',')
				fail_msg("bad line %.40s", line);
			size_t used = (size_t)(p + 1 - line);
			assert_int_equal(ki, i);
			assert_int_equal(t, 2000 + y);
			assert_int_equal(v, 1000L * i + y + 1);
			if (y == 0)
				assert_int_equal(line[used], '\n');
			else
				assert_close(strtod(line + used, NULL),
					     (double)v / (double)(v - 1) - 1,
					     1e-14);
			line = strchr(line, '\n') + 1;
		}
	assert_int_equal(*line, '\0');
	free(r.out);
}

/* ---- reading a file on several threads ---------------------------------- */

/* text written to a temporary file, read with the given threads */
static void run_threads(const cf_bulk_options *base, const char *text,
			unsigned threads, result *r)
{
	char path[] = "/tmp/cifra-test-bulk-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	unlink(path); /* nothing left behind when an assertion fails */
	FILE *fp = fdopen(fd, "w+b");
	assert_non_null(fp);
	assert_int_equal(fwrite(text, 1, strlen(text), fp), strlen(text));
	rewind(fp);
	cf_bulk_options opt = *base;
	opt.threads = threads;
	run_stream(&opt, fp, r);
	fclose(fp);
}

/* Every number of threads gives what one gives, byte for byte: rows in
 * several parts of the file merged, keys first seen in later parts,
 * quoted fields, values kept as text (1e2, 007) in every part. */
static void test_threads_same(void **state)
{
	(void)state;
	size_t cap = 4 << 20, len = 0;
	char *in = malloc(cap);
	assert_non_null(in);
	len += (size_t)snprintf(in, cap, "k,t,v\n");
	uint64_t s = 7;
	for (int i = 0; i < 40000; i++) {
		s = s * 6364136223846793005u + 1442695040888963407u;
		int key = (int)((s >> 33) % 997), year = (int)((s >> 20) % 40);
		const char *fmt = (s >> 10) % 7 == 0   ? "\"k,%d\",%d,%de0\n"
				  : (s >> 10) % 7 == 1 ? "k%d,%d,00%d\n"
						       : "k%d,%d,%d.5\n";
		len += (size_t)snprintf(in + len, cap - len, fmt, key,
					1900 + year, i % 1000);
	}
	cf_bulk_options opt = {
	    .keys = k_keys, .nkeys = 1, .time = "t", .value = "v", .sum = true};
	result one = {0};
	run_threads(&opt, in, 1, &one);
	assert_int_equal(one.rc, 0);
	assert_true(one.outlen > 100000);
	for (unsigned t = 2; t <= 9; t++) {
		result r = {0};
		run_threads(&opt, in, t, &r);
		assert_int_equal(r.rc, 0);
		assert_int_equal(r.outlen, one.outlen);
		assert_memory_equal(r.out, one.out, one.outlen);
		free(r.out);
	}
	free(one.out);
	free(in);
}

/* A split point inside a quoted field holding line breaks.  The field's
 * lines look like records ("a,2001,5") and one like a broken record
 * (b",2000 with a stray quote): a part starting speculatively there must
 * be read again from the true boundary, and its error forgotten.  By hand:
 * key "x" 2000 → 2001: 4/2 − 1 = 1; the quoted key, one row (7); key "z"
 * 1 → 3: 2. */
static void test_split_in_quoted_newline(void **state)
{
	(void)state;
	size_t cap = 1 << 16, len = 0;
	char *in = malloc(cap);
	assert_non_null(in);
	len += (size_t)snprintf(in, cap, "k,t,v\nx,2000,2\n");
	size_t qstart = len;
	len += (size_t)snprintf(in + len, cap - len, "\"multi\n");
	for (int i = 0; i < 300; i++)
		len += (size_t)snprintf(in + len, cap - len,
					"a,2001,5\nb\"\",2000\n");
	len += (size_t)snprintf(in + len, cap - len, "end\",2000,7\n");
	size_t qend = len;
	len +=
	    (size_t)snprintf(in + len, cap - len, "x,2001,4\nz,1,1\nz,2,3\n");
	/* where two threads split the file (after the header line) */
	size_t split = 6 + (len - 6) / 2;
	assert_true(qstart < split && split < qend);
	cf_bulk_options opt = {
	    .keys = k_keys, .nkeys = 1, .time = "t", .value = "v"};
	for (unsigned t = 1; t <= 5; t++) {
		result r = {0};
		run_threads(&opt, in, t, &r);
		assert_int_equal(r.rc, 0);
		assert_memory_equal(r.out, "k,t,v,growth\n\"multi\na,2001,5",
				    28);
		assert_non_null(strstr(r.out, "end\",2000,7,\nx,2000,2,\n"
					      "x,2001,4,1\nz,1,1,\nz,2,3,2\n"));
		assert_null(strstr(r.out, "\na,2001,5,"));
		free(r.out);
	}
	free(in);
}

/* The first error in file order is the one reported, at its line in the
 * file, however many threads read it. */
static void test_threads_first_error(void **state)
{
	(void)state;
	size_t cap = 1 << 20, len = 0;
	char *in = malloc(cap);
	assert_non_null(in);
	len += (size_t)snprintf(in, cap, "k,t,v\n");
	for (int i = 2; i <= 20000; i++)
		len += (size_t)snprintf(in + len, cap - len,
					i == 15000   ? "k%d,%d,x\n"
					: i == 19000 ? "k%d,%d,\"\"y\n"
						     : "k%d,%d,1\n",
					i % 50, i);
	cf_bulk_options opt = {
	    .keys = k_keys, .nkeys = 1, .time = "t", .value = "v"};
	for (unsigned t = 1; t <= 6; t++) {
		result r = {0};
		run_threads(&opt, in, t, &r);
		assert_int_equal(r.rc, CF_EDATA);
		assert_int_equal(r.err.line, 15000);
		assert_int_equal(r.err.column, 10); /* k0,15000,x */
		assert_non_null(strstr(r.err.message, "'x' is not a number"));
		free(r.out);
	}
	free(in);
}

/* --where: partner2Code 0 (with Comtrade's "0 " too) and customsCode C00
 * or C01 keep a, 2015 (1) and 2016 (3): 3/1 − 1 = 2; the breakdown rows
 * (partner2Code 4, customsCode C99) are left out. */
static void test_where(void **state)
{
	(void)state;
	static const char *const cols[] = {"partner2Code", "customsCode",
					   "customsCode"};
	static const char *const vals[] = {"0", "C00", "C01"};
	cf_bulk_options opt = {.keys = k_keys,
			       .nkeys = 1,
			       .time = "t",
			       .value = "v",
			       .where_cols = cols,
			       .where_values = vals,
			       .nwhere = 3};
	result r = {0};
	run_text(&opt,
		 "k,t,partner2Code,customsCode,v\na,2015,0,C00,1\n"
		 "a,2015,4,C00,10\na,2016,0 ,C01,3\na,2016,0,C99,50\n",
		 &r);
	assert_int_equal(r.rc, 0);
	assert_string_equal(r.out, "k,t,v,growth\na,2015,1,\na,2016,3,2\n");
	free(r.out);
	const char *const bad[] = {"nosuch"};
	opt.where_cols = bad;
	opt.nwhere = 1;
	run_text(&opt, "k,t,v\na,1,1\n", &r);
	assert_int_equal(r.rc, CF_EUSAGE);
	assert_non_null(strstr(r.err.message, "nosuch"));
	free(r.out);
}

/* A total and its breakdown in a Comtrade file (partner2Code 0 and 4 on
 * lines 2 and 3): the error names the column that differs and the filter
 * that keeps the totals, not --sum. */
static void test_comtrade_duplicate(void **state)
{
	(void)state;
	static const char *const keys[] = {"reporterCode", "partnerCode",
					   "flowCode", "cmdCode"};
	cf_bulk_options opt = {.keys = keys,
			       .nkeys = 4,
			       .time = "refYear",
			       .value = "primaryValue"};
	result r = {0};
	run_threads(&opt,
		    "refYear,reporterCode,flowCode,partnerCode,partner2Code,"
		    "cmdCode,customsCode,motCode,primaryValue\n"
		    "2015,156,M,842,0,8542,C00,0,100.0\n"
		    "2015,156,M,842,4,8542,C00,0,30.0\n",
		    1, &r);
	assert_int_equal(r.rc, CF_EDATA);
	assert_int_equal(r.err.line, 3);
	assert_non_null(strstr(r.err.message, "already on line 2"));
	assert_non_null(strstr(r.err.message, "partner2Code ('0' and '4')"));
	assert_non_null(strstr(r.err.message, "--where 'partner2Code=0'"));
	assert_null(strstr(r.err.message, "customsCode"));
	assert_null(strstr(r.err.message, "--sum adds"));
	free(r.out);
}

/* cifra's one quoting rule on the engine's output: a key with a space at
 * an end is quoted; an empty key field is written as missing (nothing). */
static void test_quoting_rule(void **state)
{
	(void)state;
	cf_bulk_options opt = {
	    .keys = k_keys, .nkeys = 1, .time = "t", .value = "v"};
	result r = {0};
	run_text(&opt, "k,t,v\n\" A\",1,2\n,1,3\n\"\",2,6\n", &r);
	assert_int_equal(r.rc, 0);
	assert_string_equal(r.out,
			    "k,t,v,growth\n,1,3,\n,2,6,1\n\" A\",1,2,\n");
	free(r.out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_basic),
	    cmocka_unit_test(test_sorted_same),
	    cmocka_unit_test(test_sorted_grouped),
	    cmocka_unit_test(test_sum),
	    cmocka_unit_test(test_errors),
	    cmocka_unit_test(test_summary),
	    cmocka_unit_test(test_tsv),
	    cmocka_unit_test(test_tsv_two_fields),
	    cmocka_unit_test(test_threads_same),
	    cmocka_unit_test(test_split_in_quoted_newline),
	    cmocka_unit_test(test_threads_first_error),
	    cmocka_unit_test(test_where),
	    cmocka_unit_test(test_comtrade_duplicate),
	    cmocka_unit_test(test_quoting_rule),
	    cmocka_unit_test(test_format),
	    cmocka_unit_test(test_format_random),
	    cmocka_unit_test(test_many_rows),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
