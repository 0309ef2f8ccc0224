/* dsv.c — libcsv with a guessed delimiter and positions (see dsv.h).
 *
 * The file is fed to libcsv one physical line at a time, so a record that
 * ends does so at the end of the line being fed: the next record starts at
 * the next line, and the raw bytes from a record's first line are where the
 * columns of its fields are found again (only when an error is reported). */
#include "cifra/dsv.h"
#include "cifra/textfile.h"

#include <csv.h>
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define OPTIONS                                                                \
	(CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL | CSV_EMPTY_IS_NULL)

struct cf_dsv_reader {
	struct csv_parser parser;
	const char *name;
	char delim;
	const char *text, *end; /* the whole file (after a BOM) */
	cf_dsv_record_fn fn;
	void *ctx;
	cf_error *err;
	int status;
	long line;	       /* physical line being fed */
	long rec_line;	       /* line where the record in progress starts */
	const char *rec_start; /* its first byte */
	char **fields;
	size_t nfields, cap;
	long index;
	size_t width;
};

static int nomem(cf_dsv_reader *r)
{
	if (!r->status)
		r->status = cf_error_set(r->err, CF_ENOMEM, r->name, 0, 0,
					 "out of memory");
	return r->status;
}

static void on_field(void *s, size_t len, void *data)
{
	cf_dsv_reader *r = data;
	if (r->status)
		return;
	if (r->nfields == r->cap) {
		size_t n = r->cap ? r->cap * 2 : 64;
		char **p = realloc(r->fields, n * sizeof *p);
		if (!p) {
			nomem(r);
			return;
		}
		r->fields = p;
		r->cap = n;
	}
	char *f = malloc(len + 1);
	if (!f) {
		nomem(r);
		return;
	}
	if (len)
		memcpy(f, s, len);
	f[len] = '\0';
	if (strlen(f) != len) {
		free(f);
		long line, col;
		cf_dsv_record rec = {
		    .line = r->rec_line, .nfields = r->nfields, .reader = r};
		cf_dsv_field_position(&rec, r->nfields, &line, &col);
		r->status = cf_error_set(r->err, CF_EDATA, r->name, line, col,
					 "NUL byte inside a field");
		return;
	}
	r->fields[r->nfields++] = f;
}

static void clear_fields(cf_dsv_reader *r)
{
	for (size_t i = 0; i < r->nfields; i++)
		free(r->fields[i]);
	r->nfields = 0;
}

static void on_row(int c, void *data)
{
	(void)c;
	cf_dsv_reader *r = data;
	if (!r->status) {
		cf_dsv_record rec = {.index = r->index,
				     .line = r->rec_line,
				     .nfields = r->nfields,
				     .fields = r->fields,
				     .reader = r};
		int rc = 0;
		if (r->index == 0) {
			r->width = r->nfields;
		} else if (r->nfields != r->width) {
			size_t at =
			    r->nfields > r->width ? r->width : r->nfields;
			rc = cf_dsv_field_error(
			    &rec, at, r->err,
			    "%zu field%s, expected %zu (as in the header)",
			    r->nfields, r->nfields == 1 ? "" : "s", r->width);
		}
		if (!rc)
			rc = r->fn(&rec, r->ctx, r->err);
		if (rc)
			r->status = rc;
	}
	clear_fields(r);
	r->index++;
}

/* ',', ';' or TAB, whichever the first line has most of outside quotes
 * (',' on a tie). */
static char guess_delimiter(const char *p, const char *end)
{
	size_t comma = 0, semi = 0, tab = 0;
	bool quoted = false;
	for (; p < end && (quoted || (*p != '\n' && *p != '\r')); p++) {
		if (*p == '"')
			quoted = !quoted;
		else if (!quoted && *p == ',')
			comma++;
		else if (!quoted && *p == ';')
			semi++;
		else if (!quoted && *p == '\t')
			tab++;
	}
	if (tab > comma && tab > semi)
		return '\t';
	return semi > comma ? ';' : ',';
}

/* With TAB as delimiter a tab is not a blank to trim (libcsv's default
 * skips both spaces and tabs around fields). */
static int space_only(unsigned char c)
{
	return c == ' ';
}

char cf_dsv_delimiter(const cf_dsv_reader *r)
{
	return r->delim;
}

const char *cf_dsv_name(const cf_dsv_reader *r)
{
	return r->name;
}

/* Walks the raw record from its start to field i, keeping line/column. */
void cf_dsv_field_position(const cf_dsv_record *rec, size_t i, long *line,
			   long *column)
{
	const cf_dsv_reader *r = rec->reader;
	const char *p = r->rec_start, *end = r->end;
	long l = rec->line, c = 1;
	bool quoted = false;
	for (size_t k = 0; p < end && k < i; p++) {
		if (*p == '"')
			quoted = !quoted;
		else if (!quoted && *p == r->delim)
			k++;
		else if (!quoted && (*p == '\n' || *p == '\r'))
			break;
		if (*p == '\n') {
			l++;
			c = 0;
		}
		if (((unsigned char)*p & 0xC0) != 0x80)
			c++;
	}
	*line = l;
	*column = c;
}

int cf_dsv_field_error(const cf_dsv_record *rec, size_t i, cf_error *err,
		       const char *fmt, ...)
{
	long line, col;
	cf_dsv_field_position(rec, i, &line, &col);
	va_list ap;
	va_start(ap, fmt);
	cf_error_vset(err, CF_EDATA, cf_dsv_name(rec->reader), line, col, fmt,
		      ap);
	va_end(ap);
	return CF_EDATA;
}

/* libcsv stopped inside the line starting at `line_start`, at `at`. */
static int parse_error(cf_dsv_reader *r, const char *line_start, const char *at)
{
	if (csv_error(&r->parser) == CSV_ENOMEM ||
	    csv_error(&r->parser) == CSV_ETOOBIG)
		return nomem(r);
	long col = 1;
	for (const char *p = line_start; p < at; p++)
		col += ((unsigned char)*p & 0xC0) != 0x80;
	return cf_error_set(r->err, CF_EDATA, r->name, r->line, col,
			    "%s (quote the whole field and double embedded "
			    "quotes)",
			    *at == '"' ? "stray quote in an unquoted field"
				       : "text after a closing quote");
}

static int parse_text(cf_dsv_reader *r)
{
	const char *p = r->text;
	r->line = 1;
	r->rec_line = 1;
	r->rec_start = p;
	while (p < r->end && !r->status) {
		const char *nl = memchr(p, '\n', (size_t)(r->end - p));
		const char *next = nl ? nl + 1 : r->end;
		long before = r->index;
		size_t n = (size_t)(next - p);
		size_t done = csv_parse(&r->parser, p, n, on_field, on_row, r);
		if (r->status)
			break;
		if (done < n)
			return parse_error(r, p, p + done);
		r->line++;
		if (r->index != before) {
			r->rec_line = r->line;
			r->rec_start = next;
		}
		p = next;
	}
	if (!r->status && csv_fini(&r->parser, on_field, on_row, r) != 0 &&
	    !r->status)
		r->status = cf_error_set(r->err, CF_EDATA, r->name, r->rec_line,
					 1, "unterminated quoted field");
	if (!r->status && r->index == 0)
		r->status = cf_error_set(r->err, CF_EDATA, r->name, 1, 1,
					 "empty file: no header");
	return r->status;
}

int cf_dsv_read_file(const char *path, cf_dsv_record_fn fn, void *ctx,
		     cf_error *err)
{
	char *buf = NULL;
	size_t len = 0;
	int rc = cf_file_read(path, &buf, &len, err);
	if (rc)
		return rc;
	cf_dsv_reader r = {.name = path, .fn = fn, .ctx = ctx, .err = err};
	r.text = buf;
	r.end = buf + len;
	if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
		r.text += 3;
	r.delim = guess_delimiter(r.text, r.end);
	if (csv_init(&r.parser, OPTIONS) != 0) {
		free(buf);
		return cf_error_set(err, CF_ENOMEM, path, 0, 0,
				    "out of memory");
	}
	csv_set_delim(&r.parser, (unsigned char)r.delim);
	if (r.delim == '\t')
		csv_set_space_func(&r.parser, space_only);
	rc = parse_text(&r);
	clear_fields(&r);
	free(r.fields);
	csv_free(&r.parser);
	free(buf);
	return rc;
}
