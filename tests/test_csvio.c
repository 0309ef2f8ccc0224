/* test_csvio.c — the streamed CSV reader and writer.  Fixtures are in
 * tests/data/csv/; every expected position was counted by hand (columns in
 * characters: é and ü are one column, two bytes). */
#include "harness.h"

#include <stdbool.h>
#include <unistd.h>

#include "cifra/csvio.h"

#define CSV "tests/data/csv/"

/* What a callback saw, copied out so it can be checked after reading. */
#define MAX_RECS   8
#define MAX_FIELDS 8

typedef struct seen_field {
	char text[64];
	size_t length;
	int empty;
	long line, column;
} seen_field;

typedef struct seen_record {
	long index, line;
	size_t nfields;
	seen_field f[MAX_FIELDS];
	long end_line, end_column; /* position just past the last field */
} seen_record;

typedef struct seen {
	size_t n;
	seen_record r[MAX_RECS];
	const char *name;
} seen;

static int record_all(const cf_csv_record *rec, void *ctx, cf_error *err)
{
	(void)err;
	seen *s = ctx;
	if (s->n == MAX_RECS || rec->nfields > MAX_FIELDS)
		fail_msg("fixture too big for the test");
	seen_record *r = &s->r[s->n++];
	r->index = rec->index;
	r->line = rec->line;
	r->nfields = rec->nfields;
	for (size_t i = 0; i < rec->nfields; i++) {
		seen_field *f = &r->f[i];
		snprintf(f->text, sizeof f->text, "%s", rec->fields[i]);
		f->length = rec->lengths[i];
		f->empty = rec->empty[i];
		cf_csv_field_position(rec, i, &f->line, &f->column);
	}
	cf_csv_field_position(rec, rec->nfields, &r->end_line, &r->end_column);
	s->name = cf_csv_reader_name(rec->reader);
	return 0;
}

static void read_ok(const char *path, seen *s)
{
	cf_error err;
	cf_error_clear(&err);
	memset(s, 0, sizeof *s);
	int rc = cf_csv_read_file(path, record_all, s, &err);
	if (rc)
		fail_msg("%s: %s:%ld:%ld: %s", path, err.file, err.line,
			 err.column, err.message);
}

static void assert_field(const seen_record *r, size_t i, const char *text,
			 int empty, long line, long column)
{
	assert_true(i < r->nfields);
	assert_string_equal(r->f[i].text, text);
	assert_int_equal(r->f[i].length, strlen(text));
	assert_int_equal(r->f[i].empty, empty);
	assert_int_equal(r->f[i].line, line);
	assert_int_equal(r->f[i].column, column);
}

static void assert_end(const seen_record *r, long line, long column)
{
	assert_int_equal(r->end_line, line);
	assert_int_equal(r->end_column, column);
}

/* quoted.csv:
 *   1 name,note,n
 *   2 "a,b","say ""hi""",1
 *   3 "multi
 *   4 line, with comma",é,2
 *   5 ü,"",
 * Line 2: "a,b", is 6 characters, "say ""hi""", 13 more: fields at 1, 7,
 * 20.  Line 4: 'line, with comma",' is 18 characters, é at 19, 2 at 21.
 * Line 5: ü at 1, "" at 3, the empty last field at 6. */
static void test_quoted(void **state)
{
	(void)state;
	seen s;
	read_ok(CSV "quoted.csv", &s);
	assert_int_equal(s.n, 4);
	assert_string_equal(s.name, CSV "quoted.csv");
	const seen_record *r = &s.r[0];
	assert_int_equal(r->index, 0);
	assert_int_equal(r->line, 1);
	assert_int_equal(r->nfields, 3);
	assert_field(r, 0, "name", 0, 1, 1);
	assert_field(r, 1, "note", 0, 1, 6);
	assert_field(r, 2, "n", 0, 1, 11);
	assert_end(r, 1, 12);

	r = &s.r[1];
	assert_int_equal(r->index, 1);
	assert_int_equal(r->line, 2);
	assert_field(r, 0, "a,b", 0, 2, 1);
	assert_field(r, 1, "say \"hi\"", 0, 2, 7);
	assert_field(r, 2, "1", 0, 2, 20);
	assert_end(r, 2, 21);

	r = &s.r[2];
	assert_int_equal(r->index, 2);
	assert_int_equal(r->line, 3);
	assert_field(r, 0, "multi\nline, with comma", 0, 3, 1);
	assert_field(r, 1, "é", 0, 4, 19);
	assert_int_equal(r->f[1].length, 2); /* bytes */
	assert_field(r, 2, "2", 0, 4, 21);
	assert_end(r, 4, 22);

	r = &s.r[3];
	assert_int_equal(r->line, 5);
	assert_field(r, 0, "ü", 0, 5, 1);
	assert_field(r, 1, "", 0, 5, 3); /* quoted "": present, empty */
	assert_field(r, 2, "", 1, 5, 6); /* nothing: missing */
	assert_end(r, 5, 6);
}

/* bom-crlf.csv: BOM, a,b CRLF / 1,"x CRLF y" CRLF / CRLF / 2,3 CRLF.  The
 * CRLF inside quotes is data; the blank line 4 is skipped. */
static void test_bom_crlf(void **state)
{
	(void)state;
	seen s;
	read_ok(CSV "bom-crlf.csv", &s);
	assert_int_equal(s.n, 3);
	assert_field(&s.r[0], 0, "a", 0, 1, 1);
	assert_field(&s.r[0], 1, "b", 0, 1, 3);
	assert_end(&s.r[0], 1, 4);
	assert_int_equal(s.r[1].line, 2);
	assert_field(&s.r[1], 0, "1", 0, 2, 1);
	assert_field(&s.r[1], 1, "x\r\ny", 0, 2, 3);
	assert_end(&s.r[1], 3, 3);
	assert_int_equal(s.r[2].line, 5);
	assert_int_equal(s.r[2].index, 2);
	assert_field(&s.r[2], 0, "2", 0, 5, 1);
	assert_field(&s.r[2], 1, "3", 0, 5, 3);
}

/* bare-cr.csv: a,b CR 1,2 CR 3,"4 LF " CR 5,6 (no final newline).  A bare
 * CR ends a record (as libcsv reads it) but lines are counted by LF, so
 * records 1 and 2 start on line 1, further along it. */
static void test_bare_cr(void **state)
{
	(void)state;
	seen s;
	read_ok(CSV "bare-cr.csv", &s);
	assert_int_equal(s.n, 4);
	assert_field(&s.r[1], 0, "1", 0, 1, 5);
	assert_field(&s.r[1], 1, "2", 0, 1, 7);
	assert_field(&s.r[2], 0, "3", 0, 1, 9);
	assert_field(&s.r[2], 1, "4\n", 0, 1, 11);
	assert_end(&s.r[2], 2, 2);
	assert_int_equal(s.r[3].line, 2);
	assert_field(&s.r[3], 0, "5", 0, 2, 3);
	assert_field(&s.r[3], 1, "6", 0, 2, 5);
}

static void check_error_case(const harness_case *c, void *ctx)
{
	(void)ctx;
	if (c->nfields != 4)
		fail_msg("%s:%ld: expected 4 fields", c->file, c->line);
	char path[512];
	snprintf(path, sizeof path, CSV "%s", c->field[0]);
	seen s = {0};
	cf_error err;
	cf_error_clear(&err);
	int rc = cf_csv_read_file(path, record_all, &s, &err);
	if (rc != CF_EDATA || err.code != CF_EDATA ||
	    strcmp(err.file, path) != 0 || err.line != atol(c->field[1]) ||
	    err.column != atol(c->field[2]) ||
	    !strstr(err.message, c->field[3]))
		fail_msg("%s:%ld: got rc %d %s:%ld:%ld: %s", c->file, c->line,
			 rc, err.file, err.line, err.column, err.message);
}

static void test_errors(void **state)
{
	(void)state;
	assert_true(
	    harness_each_case(CSV "errors.test", check_error_case, NULL) >= 10);
}

/* The records before a bad one have been delivered; none after it. */
static void test_error_stops_reading(void **state)
{
	(void)state;
	seen s = {0};
	cf_error err;
	assert_int_equal(
	    cf_csv_read_file(CSV "err-too-many.csv", record_all, &s, &err),
	    CF_EDATA);
	assert_int_equal(s.n, 2); /* header and "1,2" */
}

static int stop_at_second(const cf_csv_record *rec, void *ctx, cf_error *err)
{
	int *calls = ctx;
	++*calls;
	if (rec->index == 1)
		return cf_error_set(err, CF_ENOTFOUND, "mine", 7, 8, "stop");
	return 0;
}

static void test_callback_stops(void **state)
{
	(void)state;
	int calls = 0;
	cf_error err;
	cf_error_clear(&err);
	assert_int_equal(
	    cf_csv_read_file(CSV "quoted.csv", stop_at_second, &calls, &err),
	    CF_ENOTFOUND);
	assert_int_equal(calls, 2);
	assert_string_equal(err.file, "mine");
	assert_int_equal(err.line, 7);
	assert_string_equal(err.message, "stop");
}

static int reject_note(const cf_csv_record *rec, void *ctx, cf_error *err)
{
	(void)ctx;
	if (rec->index == 2)
		return cf_csv_field_error(rec, 1, err, "bad note '%s'",
					  rec->fields[1]);
	return 0;
}

/* The usual way a callback rejects a field: é is on line 4, column 19. */
static void test_field_error(void **state)
{
	(void)state;
	cf_error err;
	cf_error_clear(&err);
	assert_int_equal(
	    cf_csv_read_file(CSV "quoted.csv", reject_note, NULL, &err),
	    CF_EDATA);
	assert_int_equal(err.code, CF_EDATA);
	assert_string_equal(err.file, CSV "quoted.csv");
	assert_int_equal(err.line, 4);
	assert_int_equal(err.column, 19);
	assert_string_equal(err.message, "bad note 'é'");
}

static void test_missing_file(void **state)
{
	(void)state;
	cf_error err;
	cf_error_clear(&err);
	assert_int_equal(
	    cf_csv_read_file(CSV "no-such.csv", record_all, NULL, &err),
	    CF_ENOINPUT);
	assert_string_equal(err.file, CSV "no-such.csv");
	assert_non_null(strstr(err.message, "No such file"));
}

static void test_stream_name(void **state)
{
	(void)state;
	FILE *fp = tmpfile();
	assert_non_null(fp);
	fputs("a,b\n1\n", fp);
	rewind(fp);
	seen s = {0};
	cf_error err;
	assert_int_equal(
	    cf_csv_read_stream(fp, "<stdin>", record_all, &s, &err), CF_EDATA);
	assert_string_equal(err.file, "<stdin>");
	assert_int_equal(err.line, 2);
	assert_int_equal(err.column, 2);
	assert_string_equal(s.name, "<stdin>");
	fclose(fp);
}

/* ---- a record across the reader's chunk boundary ---- */

/* csvio.c reads 256 KiB at a time (CHUNK_SIZE).  The files below put
 * that boundary at every byte of a tricky record and of the bad record
 * after it. */
#define CHUNK (256 * 1024)

/* Two lines: "p,""q""CRLF r",é,3 CRLF.  The second is 'r",é,3': é at 4,
 * 3 at 6.  Each tail is bad on the line after them (line: offset from
 * the tricky record's first line). */
static const char tricky[] = "\"p,\"\"q\"\"\r\nr\",\xc3\xa9,3\r\n";

static const struct tail {
	const char *text;
	long line, column;
	const char *message;
} tails[] = {
    {"1,2\n", 2, 4, "2 fields, expected 3"},
    {"9,\"ab\nc", 2, 3, "unterminated quoted field"},
    {"9,\"ab\"c,1\n", 2, 7, "text after a closing quote"},
};

/* Filler records before the tricky one are at most this long, so no field
 * is huge (libcsv grows its field buffer linearly). */
#define FILLER_LINE 64

typedef struct boundary {
	long first;  /* line where the tricky record starts */
	int seen_it; /* its callback ran */
} boundary;

static int check_tricky(const cf_csv_record *rec, void *ctx, cf_error *err)
{
	(void)err;
	boundary *b = ctx;
	if (rec->line != b->first)
		return 0;
	b->seen_it = 1;
	long l, c;
	assert_int_equal(rec->nfields, 3);
	assert_string_equal(rec->fields[0], "p,\"q\"\r\nr");
	assert_string_equal(rec->fields[1], "é");
	assert_string_equal(rec->fields[2], "3");
	cf_csv_field_position(rec, 0, &l, &c);
	assert_true(l == b->first && c == 1);
	cf_csv_field_position(rec, 1, &l, &c);
	assert_true(l == b->first + 1 && c == 4);
	cf_csv_field_position(rec, 2, &l, &c);
	assert_true(l == b->first + 1 && c == 6);
	return 0;
}

/* Writes header, filler records "xxx,y,z", the tricky record starting at
 * byte CHUNK - k, then tail; returns the tricky record's line. */
static long write_boundary_file(const char *path, bool bom, size_t k,
				const char *tail)
{
	FILE *fp = fopen(path, "wb");
	assert_non_null(fp);
	size_t prefix = CHUNK - k;
	size_t used = 0;
	long line = 2;
	if (bom)
		used += fwrite("\xEF\xBB\xBF", 1, 3, fp);
	used += fwrite("a,b,c\n", 1, 6, fp);
	while (used < prefix) {
		size_t len = prefix - used;
		if (len > FILLER_LINE)
			len = len - FILLER_LINE >= 6 ? FILLER_LINE : len - 6;
		for (size_t i = 0; i < len - 5; i++)
			putc('x', fp);
		fputs(",y,z\n", fp);
		used += len;
		line++;
	}
	fputs(tricky, fp);
	fputs(tail, fp);
	assert_int_equal(ftell(fp),
			 (long)(prefix + strlen(tricky) + strlen(tail)));
	assert_int_equal(fclose(fp), 0);
	return line;
}

static void test_chunk_boundary(void **state)
{
	(void)state;
	char path[] = "/tmp/cifra-csvio-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	for (size_t t = 0; t < sizeof tails / sizeof tails[0]; t++) {
		size_t span = strlen(tricky) + strlen(tails[t].text);
		for (int bom = 0; bom <= 1; bom++) {
			for (size_t k = 0; k <= span; k++) {
				boundary b = {.first = write_boundary_file(
						  path, bom, k, tails[t].text)};
				cf_error err;
				cf_error_clear(&err);
				int rc = cf_csv_read_file(path, check_tricky,
							  &b, &err);
				if (rc != CF_EDATA ||
				    err.line != b.first + tails[t].line ||
				    err.column != tails[t].column ||
				    !strstr(err.message, tails[t].message) ||
				    !b.seen_it)
					fail_msg("tail %zu bom %d k %zu: "
						 "%d %ld:%ld %s",
						 t, bom, k, rc, err.line,
						 err.column, err.message);
			}
		}
	}
	unlink(path);
}

/* ---- spaces and tabs are data ---- */

/* The reader lets libcsv use its own (trimming) space test on lines with
 * no space and no tab, so lines with them must still keep every blank,
 * after blank-free lines in the same chunk and across a chunk boundary. */
static const char blanks_line[] = " p ,\tq, r\t\n";

static int check_blanks(const cf_csv_record *rec, void *ctx, cf_error *err)
{
	(void)err;
	boundary *b = ctx;
	if (rec->line != b->first)
		return 0;
	b->seen_it = 1;
	long l, c;
	assert_int_equal(rec->nfields, 3);
	assert_string_equal(rec->fields[0], " p ");
	assert_string_equal(rec->fields[1], "\tq");
	assert_string_equal(rec->fields[2], " r\t");
	assert_int_equal(rec->empty[0], 0);
	/* " p ," is 4 characters, "\tq," 3 more: fields at 1, 5, 8 */
	cf_csv_field_position(rec, 1, &l, &c);
	assert_true(l == b->first && c == 5);
	cf_csv_field_position(rec, 2, &l, &c);
	assert_true(l == b->first && c == 8);
	return 0;
}

static void test_blanks(void **state)
{
	(void)state;
	char path[] = "/tmp/cifra-csvio-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	/* blanks_line starting k bytes before the boundary, for every k; then
	 * a blank-free record and one that is only blanks (two fields " ") */
	for (size_t k = 0; k <= sizeof blanks_line; k++) {
		boundary b = {.first = write_boundary_file(path, false, k, "")};
		FILE *fp = fopen(path, "r+b");
		assert_non_null(fp);
		assert_int_equal(fseek(fp, -(long)strlen(tricky), SEEK_END), 0);
		fputs(blanks_line, fp);
		fputs("1,2,3\n , ,\n", fp);
		assert_int_equal(fclose(fp), 0);
		cf_error err;
		cf_error_clear(&err);
		if (cf_csv_read_file(path, check_blanks, &b, &err) != 0 ||
		    !b.seen_it)
			fail_msg("k %zu: %ld:%ld %s", k, err.line, err.column,
				 err.message);
	}
	FILE *fp = fopen(path, "wb");
	assert_non_null(fp);
	fputs("a,b\n1,2\n x,y \n3,4\n , \n\t,\t\n", fp);
	assert_int_equal(fclose(fp), 0);
	seen s;
	read_ok(path, &s);
	assert_int_equal(s.n, 6);
	assert_field(&s.r[1], 1, "2", 0, 2, 3);
	assert_field(&s.r[2], 0, " x", 0, 3, 1);
	assert_field(&s.r[2], 1, "y ", 0, 3, 4);
	assert_field(&s.r[3], 0, "3", 0, 4, 1);
	assert_field(&s.r[4], 0, " ", 0, 5, 1);
	assert_field(&s.r[4], 1, " ", 0, 5, 3);
	assert_field(&s.r[5], 0, "\t", 0, 6, 1);
	assert_field(&s.r[5], 1, "\t", 0, 6, 3);
	unlink(path);
}

/* ---- writing ---- */

static void test_write_roundtrip(void **state)
{
	(void)state;
	const char *fields[] = {"plain",       "with,comma", "quote\"d",
				"multi\nline", "",	     NULL,
				" padded"};
	FILE *fp = tmpfile();
	assert_non_null(fp);
	assert_int_equal(cf_csv_write_record(fp, fields, 7), 0);
	assert_int_equal(cf_csv_write_record(fp, fields, 7), 0);
	/* quoted only where needed (comma, quote, line break, an empty
	 * value, a space at an end), embedded quotes doubled, NULL written
	 * as nothing */
	const char expect[] = "plain,\"with,comma\",\"quote\"\"d\","
			      "\"multi\nline\",\"\",,\" padded\"\n";
	char buf[256];
	rewind(fp);
	size_t n = fread(buf, 1, sizeof buf - 1, fp);
	buf[n] = '\0';
	assert_int_equal(n, 2 * strlen(expect));
	assert_memory_equal(buf, expect, strlen(expect));

	rewind(fp);
	seen s = {0};
	cf_error err;
	assert_int_equal(cf_csv_read_stream(fp, "rt", record_all, &s, &err), 0);
	assert_int_equal(s.n, 2);
	assert_int_equal(s.r[1].line, 3); /* the first record has 2 lines */
	for (size_t i = 0; i < 7; i++) {
		assert_string_equal(s.r[0].f[i].text,
				    fields[i] ? fields[i] : "");
		assert_int_equal(s.r[0].f[i].empty, fields[i] == NULL);
	}
	fclose(fp);
}

static void test_write_error(void **state)
{
	(void)state;
	FILE *fp = fopen("/dev/full", "wb");
	if (!fp)
		skip();
	setvbuf(fp, NULL, _IONBF, 0);
	const char *fields[] = {"a", "b"};
	assert_int_equal(cf_csv_write_record(fp, fields, 2), CF_EWRITE);
	fclose(fp);
}

/* A range of a file: the header, then a part stopping at the first line
 * end at or past stop_after where no record is open.  In
 *   h,v\n  a,"x\ny"\n  b,2\n  c,3\n   (offsets 0, 4, 12, 16)
 * stop_after 7 falls inside the quoted "x\ny": the part ends after that
 * record's line (12), one line break later than the raw split point; its
 * records are numbered from first_line and first_index. */
static void test_range(void **state)
{
	(void)state;
	const char *text = "h,v\na,\"x\ny\"\nb,2\nc,3\n";
	char path[] = "/tmp/cifra-test-csvio-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	unlink(path); /* nothing left behind when an assertion fails */
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	cf_error err;
	seen s = {0};
	cf_csv_range rg = {
	    .fd = fd, .start = 0, .stop_after = 1, .first_line = 1};
	assert_int_equal(cf_csv_read_range(&rg, "r.csv", record_all, &s, &err),
			 0);
	assert_int_equal(s.n, 1);
	assert_int_equal(rg.end, 4);
	assert_int_equal(rg.width, 2);
	assert_int_equal(rg.next_index, 1);
	assert_int_equal(rg.lines, 1);
	cf_csv_range part = {.fd = fd,
			     .start = 4,
			     .stop_after = 7,
			     .first_line = 2,
			     .first_index = 1,
			     .width = 2};
	assert_int_equal(
	    cf_csv_read_range(&part, "r.csv", record_all, &s, &err), 0);
	assert_int_equal(part.end, 12);
	assert_int_equal(part.lines, 2);
	assert_int_equal(s.n, 2);
	assert_string_equal(s.r[1].f[1].text, "x\ny");
	assert_int_equal(s.r[1].line, 2);
	/* the rest, to the end of the file */
	cf_csv_range rest = {.fd = fd,
			     .start = 12,
			     .stop_after = -1,
			     .first_line = 4,
			     .first_index = 2,
			     .width = 2};
	assert_int_equal(
	    cf_csv_read_range(&rest, "r.csv", record_all, &s, &err), 0);
	assert_int_equal(rest.end, -1);
	assert_int_equal(s.n, 4);
	assert_int_equal(s.r[3].line, 5);
	assert_int_equal(s.r[3].index, 3);
	/* a width other than the one given is an error at its line */
	cf_csv_range narrow = {.fd = fd,
			       .start = 12,
			       .stop_after = -1,
			       .first_line = 4,
			       .first_index = 2,
			       .width = 3};
	seen s2 = {0};
	assert_int_equal(
	    cf_csv_read_range(&narrow, "r.csv", record_all, &s2, &err),
	    CF_EDATA);
	assert_int_equal(err.line, 4);
	close(fd);
}

static int count_field(const cf_csv_record *rec, void *ctx, cf_error *err)
{
	(void)err;
	if (rec->index == 1)
		*(size_t *)ctx = rec->lengths[0];
	return 0;
}

/* A 4 MiB quoted field is read whole (libcsv's buffer now grows 64 KiB at
 * a time, not 128 bytes: 64 reallocations instead of 32 768). */
static void test_long_field(void **state)
{
	(void)state;
	size_t n = (size_t)4 << 20;
	char *text = malloc(n + 16);
	assert_non_null(text);
	memcpy(text, "h\n\"", 3);
	memset(text + 3, 'x', n);
	memcpy(text + 3 + n, "\"\n", 3);
	FILE *fp = fmemopen(text, n + 5, "rb");
	assert_non_null(fp);
	size_t len = 0;
	cf_error err;
	assert_int_equal(
	    cf_csv_read_stream(fp, "long", count_field, &len, &err), 0);
	assert_int_equal(len, n);
	fclose(fp);
	free(text);
}

/* The one quoting rule: quotes only where RFC 4180 needs them, a space
 * at either end, or an empty value; a NULL field is missing. */
static void test_put_field(void **state)
{
	(void)state;
	char d[64];
	assert_int_equal(cf_csv_put_field(d, "abc", 3), 3);
	assert_memory_equal(d, "abc", 3);
	assert_int_equal(cf_csv_put_field(d, "a\"b", 3), 6);
	assert_memory_equal(d, "\"a\"\"b\"", 6);
	assert_int_equal(cf_csv_put_field(d, " a", 2), 4);
	assert_memory_equal(d, "\" a\"", 4);
	assert_int_equal(cf_csv_put_field(d, "", 0), 2);
	assert_memory_equal(d, "\"\"", 2);
	assert_int_equal(cf_csv_put_field(d, NULL, 0), 0);
	assert_true(cf_csv_needs_quotes("a\nb", 3));
	assert_true(cf_csv_needs_quotes("a,b", 3));
	assert_false(cf_csv_needs_quotes("a b", 3));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_quoted),
	    cmocka_unit_test(test_bom_crlf),
	    cmocka_unit_test(test_bare_cr),
	    cmocka_unit_test(test_errors),
	    cmocka_unit_test(test_error_stops_reading),
	    cmocka_unit_test(test_callback_stops),
	    cmocka_unit_test(test_field_error),
	    cmocka_unit_test(test_missing_file),
	    cmocka_unit_test(test_stream_name),
	    cmocka_unit_test(test_chunk_boundary),
	    cmocka_unit_test(test_blanks),
	    cmocka_unit_test(test_write_roundtrip),
	    cmocka_unit_test(test_write_error),
	    cmocka_unit_test(test_range),
	    cmocka_unit_test(test_long_field),
	    cmocka_unit_test(test_put_field),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
