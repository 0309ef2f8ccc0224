#include "cifra/output.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cifra/csvio.h"
#include "cifra/memstream.h"

typedef struct cell {
	char *text;
	char *csv;    /* NULL: same as text */
	json_t *json; /* NULL: text as a string (or null) */
} cell;

struct cf_output {
	size_t ncols;
	char **names;
	cf_align *align;
	size_t *max_width;
	size_t nrows, cap;
	cell *cells; /* nrows * ncols */
};

int cf_format_parse(const char *text, cf_format *out, cf_error *err)
{
	static const char *const names[] = {"table", "csv", "json", "text"};
	for (int i = 0; i < 4; i++)
		if (!strcmp(text, names[i])) {
			*out = (cf_format)i;
			return 0;
		}
	return cf_error_set(err, CF_EUSAGE, NULL, 0, 0,
			    "unknown format '%s' (expected table, csv, json or "
			    "text)",
			    text);
}

cf_output *cf_output_new(size_t ncols, const char *const *names)
{
	cf_output *o = calloc(1, sizeof *o);
	if (!o)
		return NULL;
	o->ncols = ncols;
	o->names = calloc(ncols, sizeof *o->names);
	o->align = calloc(ncols, sizeof *o->align);
	o->max_width = calloc(ncols, sizeof *o->max_width);
	if (!o->names || !o->align || !o->max_width) {
		cf_output_free(o);
		return NULL;
	}
	for (size_t i = 0; i < ncols; i++)
		if (!(o->names[i] = strdup(names[i]))) {
			cf_output_free(o);
			return NULL;
		}
	return o;
}

void cf_output_free(cf_output *o)
{
	if (!o)
		return;
	for (size_t i = 0; i < o->nrows * o->ncols; i++) {
		free(o->cells[i].text);
		free(o->cells[i].csv);
		json_decref(o->cells[i].json);
	}
	if (o->names)
		for (size_t i = 0; i < o->ncols; i++)
			free(o->names[i]);
	free(o->names);
	free(o->align);
	free(o->max_width);
	free(o->cells);
	free(o);
}

void cf_output_column(cf_output *o, size_t col, cf_align align,
		      size_t max_width)
{
	if (col >= o->ncols)
		return;
	o->align[col] = align;
	o->max_width[col] = max_width;
}

int cf_output_row(cf_output *o)
{
	if (o->nrows == o->cap) {
		size_t cap = o->cap ? o->cap * 2 : 16;
		cell *c = realloc(o->cells, cap * o->ncols * sizeof *c);
		if (!c)
			return CF_ENOMEM;
		o->cells = c;
		o->cap = cap;
	}
	memset(o->cells + o->nrows * o->ncols, 0, o->ncols * sizeof(cell));
	o->nrows++;
	return 0;
}

static char *dup_or_null(const char *s, int *failed)
{
	if (!s)
		return NULL;
	char *d = strdup(s);
	if (!d)
		*failed = 1;
	return d;
}

int cf_output_cell(cf_output *o, size_t col, const char *text,
		   const char *csv_text, json_t *json)
{
	if (!o->nrows || col >= o->ncols) {
		json_decref(json);
		return CF_EUSAGE;
	}
	cell *c = &o->cells[(o->nrows - 1) * o->ncols + col];
	free(c->text);
	free(c->csv);
	json_decref(c->json);
	int failed = 0;
	c->text = dup_or_null(text, &failed);
	c->csv = dup_or_null(csv_text, &failed);
	c->json = json;
	return failed ? CF_ENOMEM : 0;
}

int cf_output_text(cf_output *o, size_t col, const char *text)
{
	return cf_output_cell(o, col, text, NULL, NULL);
}

json_t *cf_number_json(double x)
{
	return isfinite(x) ? json_real(x) : json_null();
}

static json_t *bound_json(double x)
{
	return isinf(x) ? json_null() : json_real(x);
}

json_t *cf_interval_json(cf_interval iv)
{
	if (cf_interval_is_empty(iv))
		return json_null();
	return json_pack("{s:o, s:o, s:b, s:b}", "lo", bound_json(iv.lo), "hi",
			 bound_json(iv.hi), "lo_open", iv.lo_open, "hi_open",
			 iv.hi_open);
}

static json_t *cell_json(const cell *c)
{
	if (c->json)
		return json_incref(c->json);
	return c->text ? json_string(c->text) : json_null();
}

void cf_json_put(json_t *obj, const char *key, json_t *value, bool *ok)
{
	if (json_object_set_new(obj, key, value) != 0)
		*ok = false;
}

void cf_json_push(json_t *array, json_t *value, bool *ok)
{
	if (json_array_append_new(array, value) != 0)
		*ok = false;
}

json_t *cf_json_done(json_t *value, bool ok)
{
	if (ok)
		return value;
	json_decref(value);
	return NULL;
}

json_t *cf_output_json(const cf_output *o)
{
	json_t *rows = json_array();
	bool ok = rows != NULL;
	for (size_t r = 0; ok && r < o->nrows; r++) {
		json_t *obj = json_object();
		bool row_ok = obj != NULL;
		for (size_t c = 0; row_ok && c < o->ncols; c++)
			cf_json_put(obj, o->names[c],
				    cell_json(&o->cells[r * o->ncols + c]),
				    &row_ok);
		cf_json_push(rows, cf_json_done(obj, row_ok), &ok);
	}
	return cf_json_done(rows, ok);
}

/* Width in characters of UTF-8 text: count bytes that start a character. */
size_t cf_text_width(const char *s)
{
	size_t w = 0;
	for (; s && *s; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			w++;
	return w;
}

/* Byte length of the first n characters of s. */
static size_t prefix_bytes(const char *s, size_t n)
{
	size_t i = 0;
	while (s[i]) {
		if (((unsigned char)s[i] & 0xC0) != 0x80) {
			if (n == 0)
				break;
			n--;
		}
		i++;
	}
	return i;
}

size_t cf_output_width(const cf_output *o, size_t col)
{
	size_t w = col < o->ncols ? cf_text_width(o->names[col]) : 0;
	for (size_t r = 0; col < o->ncols && r < o->nrows; r++) {
		size_t cw = cf_text_width(o->cells[r * o->ncols + col].text);
		if (cw > w)
			w = cw;
	}
	return w;
}

static size_t shown_width(const cf_output *o, size_t col, const char *s)
{
	size_t w = cf_text_width(s);
	if (o->max_width[col] && w > o->max_width[col])
		w = o->max_width[col];
	return w;
}

static void put_cell(FILE *fp, const cf_output *o, size_t col, const char *s,
		     size_t width, int last)
{
	s = s ? s : "";
	size_t w = cf_text_width(s);
	size_t cap = o->max_width[col];
	int cut = cap && w > cap;
	size_t shown = cut ? cap : w;
	size_t pad = width > shown ? width - shown : 0;
	if (o->align[col] == CF_ALIGN_RIGHT)
		fprintf(fp, "%*s", (int)pad, "");
	if (cut)
		fprintf(fp, "%.*s…", (int)prefix_bytes(s, cap - 1), s);
	else
		fputs(s, fp);
	if (o->align[col] == CF_ALIGN_LEFT && !last)
		fprintf(fp, "%*s", (int)pad, "");
	if (!last)
		fputs("  ", fp);
}

/* The last column the table shows (CF_COLUMN_HIDDEN ones are not). */
static size_t last_shown(const cf_output *o)
{
	size_t last = 0;
	for (size_t c = 0; c < o->ncols; c++)
		if (o->max_width[c] != CF_COLUMN_HIDDEN)
			last = c;
	return last;
}

static int write_table(const cf_output *o, FILE *fp)
{
	size_t *width = calloc(o->ncols ? o->ncols : 1, sizeof *width);
	if (!width)
		return CF_ENOMEM;
	for (size_t c = 0; c < o->ncols; c++) {
		width[c] = shown_width(o, c, o->names[c]);
		for (size_t r = 0; r < o->nrows; r++) {
			size_t w =
			    shown_width(o, c, o->cells[r * o->ncols + c].text);
			if (w > width[c])
				width[c] = w;
		}
	}
	size_t last = last_shown(o);
	for (size_t c = 0; c <= last; c++)
		if (o->max_width[c] != CF_COLUMN_HIDDEN)
			put_cell(fp, o, c, o->names[c], width[c], c == last);
	fputc('\n', fp);
	for (size_t c = 0; c <= last; c++) {
		if (o->max_width[c] == CF_COLUMN_HIDDEN)
			continue;
		for (size_t i = 0; i < width[c]; i++)
			fputc('-', fp);
		fputs(c == last ? "\n" : "  ", fp);
	}
	for (size_t r = 0; r < o->nrows; r++) {
		for (size_t c = 0; c <= last; c++)
			if (o->max_width[c] != CF_COLUMN_HIDDEN)
				put_cell(fp, o, c,
					 o->cells[r * o->ncols + c].text,
					 width[c], c == last);
		fputc('\n', fp);
	}
	free(width);
	return 0;
}

static int write_csv(const cf_output *o, FILE *fp)
{
	const char **row = calloc(o->ncols ? o->ncols : 1, sizeof *row);
	if (!row)
		return CF_ENOMEM;
	int rc =
	    cf_csv_write_record(fp, (const char *const *)o->names, o->ncols);
	for (size_t r = 0; rc == 0 && r < o->nrows; r++) {
		for (size_t c = 0; c < o->ncols; c++) {
			const cell *ce = &o->cells[r * o->ncols + c];
			const char *t = ce->csv ? ce->csv : ce->text;
			row[c] = t && *t ? t : NULL; /* empty: an empty field */
		}
		rc = cf_csv_write_record(fp, row, o->ncols);
	}
	free(row);
	return rc;
}

/* json_dump_callback's sink: a short write fails the dump. */
static int json_sink(const char *buf, size_t size, void *data)
{
	return fwrite(buf, 1, size, data) == size ? 0 : -1;
}

/* The text of value, or NULL when out of memory: dumped to memory first, so
 * that nothing is half-written when memory runs out.  Not json_dumps: jansson
 * 2.14 ignores a failure to append an object's key to its buffer and goes
 * on, so an allocation failure yields a document with a key missing
 * ("": "conflict") and no error.  Dumping through a callback into a
 * memstream catches every failure: the callback's own and jansson's. */
static char *json_text(json_t *value)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *ms = cf_memstream_open(&buf, &len);
	if (!ms)
		return NULL;
	int rc = json_dump_callback(value, json_sink, ms,
				    JSON_INDENT(2) | JSON_PRESERVE_ORDER |
					JSON_REAL_PRECISION(17));
	if (fclose(ms) != 0 || rc != 0 || !buf) {
		free(buf);
		return NULL;
	}
	return buf;
}

int cf_json_write(json_t *value, FILE *fp, cf_error *err)
{
	char *text = value ? json_text(value) : NULL;
	if (!text)
		return cf_error_set(err, CF_ENOMEM, NULL, 0, 0,
				    "out of memory");
	errno = 0;
	bool bad = fputs(text, fp) == EOF || fputc('\n', fp) == EOF ||
		   fflush(fp) != 0 || ferror(fp);
	free(text);
	if (bad)
		return cf_error_set(
		    err, CF_EWRITE, NULL, 0, 0, "cannot write JSON output%s%s",
		    errno ? ": " : "", errno ? strerror(errno) : "");
	return 0;
}

int cf_output_write(const cf_output *o, cf_format format, FILE *fp,
		    cf_error *err)
{
	int rc = 0;
	if (format == CF_FORMAT_TABLE || format == CF_FORMAT_TEXT) {
		rc = write_table(o, fp);
	} else if (format == CF_FORMAT_CSV) {
		rc = write_csv(o, fp);
	} else {
		json_t *j = cf_output_json(o);
		rc = cf_json_write(j, fp, err);
		json_decref(j);
	}
	if (rc == 0 && (fflush(fp) != 0 || ferror(fp)))
		rc = CF_EWRITE;
	if (rc == CF_ENOMEM && err && err->code == 0)
		cf_error_set(err, rc, NULL, 0, 0, "out of memory");
	else if (rc && err && err->code == 0)
		cf_error_set(err, rc, NULL, 0, 0, "cannot write output%s%s",
			     errno ? ": " : "", errno ? strerror(errno) : "");
	return rc;
}
