/* output.h — one result table, written as an aligned text table, CSV or
 * JSON.
 *
 * Commands build a cf_output row by row; every cell has a human text (what
 * the aligned table shows), an optional machine text for CSV (defaults to
 * the human text) and an optional JSON value (defaults to the text as a
 * string; numbers and intervals go in at full precision).  The table is
 * aligned by characters, not bytes (UTF-8), and a column may be capped in
 * width so a table fits a terminal; JSON and CSV are never cut. */
#ifndef CIFRA_OUTPUT_H
#define CIFRA_OUTPUT_H

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>

#include "cifra/error.h"
#include "cifra/interval.h"

/* TEXT is the reading format of `cifra check` (blocks wrapped to the
 * terminal); for a cf_output table it is the same as TABLE. */
typedef enum cf_format {
	CF_FORMAT_TABLE,
	CF_FORMAT_CSV,
	CF_FORMAT_JSON,
	CF_FORMAT_TEXT
} cf_format;

/* "table", "csv", "json" or "text".  0, or CF_EUSAGE (err filled). */
int cf_format_parse(const char *text, cf_format *out, cf_error *err);

typedef struct cf_output cf_output;

typedef enum cf_align { CF_ALIGN_LEFT, CF_ALIGN_RIGHT } cf_align;

/* names: the column names (JSON keys and CSV header), copied.  NULL on
 * ENOMEM.  The caller frees the table with cf_output_free (NULL: no-op). */
cf_output *cf_output_new(size_t ncols, const char *const *names);
void cf_output_free(cf_output *o);

/* Table-only settings: alignment, and a width cap after which the text is
 * cut with "…" (0 = no cap; CF_COLUMN_HIDDEN: the table leaves the column
 * out, CSV and JSON keep it). */
#define CF_COLUMN_HIDDEN ((size_t)-1)
void cf_output_column(cf_output *o, size_t col, cf_align align,
		      size_t max_width);

/* The widest text of column col (its name included), uncapped, in
 * characters: for a command deciding what fits its terminal. */
size_t cf_output_width(const cf_output *o, size_t col);

/* Characters (UTF-8 code points) in s (NULL: 0): its width in a table. */
size_t cf_text_width(const char *s);

/* Starts a new row; the cells below fill it.  0 or CF_ENOMEM (the table
 * is unchanged). */
int cf_output_row(cf_output *o);

/* Cell of the current row (texts copied).  text may be NULL (empty; JSON
 * null).  0, CF_EUSAGE (no row yet, col out of range) or CF_ENOMEM. */
int cf_output_text(cf_output *o, size_t col, const char *text);
/* Human text, CSV text (NULL = same as human) and a JSON value (stolen,
 * also on error).  Returns as cf_output_text. */
int cf_output_cell(cf_output *o, size_t col, const char *text,
		   const char *csv_text, json_t *json);

/* {"lo":…, "hi":…, "lo_open":…, "hi_open":…}; infinite bounds as null.
 * NULL when out of memory, as for every JSON builder here. */
json_t *cf_interval_json(cf_interval iv);
/* A double as JSON (NaN / infinities as null). */
json_t *cf_number_json(double x);

/* jansson's json_object_set_new and json_array_append_new release the
 * value and return -1 when it is NULL (its builder ran out of memory) or
 * when they cannot allocate: a key or an element silently vanishes unless
 * the caller looks.  These do the same and clear *ok, so that a builder
 * runs to its end and fails once (cf_json_done): never a document with a
 * member missing. */
void cf_json_put(json_t *obj, const char *key, json_t *value, bool *ok);
void cf_json_push(json_t *array, json_t *value, bool *ok);
/* value when ok, else NULL (value released). */
json_t *cf_json_done(json_t *value, bool ok);

/* The rows as an array of objects keyed by column name (new reference);
 * NULL when out of memory. */
json_t *cf_output_json(const cf_output *o);

/* Writes the whole table in the format; a table has a header line and a
 * rule under it.  Returns 0, CF_ENOMEM or CF_EWRITE. */
int cf_output_write(const cf_output *o, cf_format format, FILE *fp,
		    cf_error *err);

/* Writes a JSON value followed by a newline (indent 2, keys in insertion
 * order, reals at full precision) and flushes fp.  Returns 0, CF_ENOMEM
 * (value NULL: its builder ran out of memory; or no memory for the text,
 * then nothing is written), or CF_EWRITE (err filled) when anything failed
 * to reach fp, a full disk included. */
int cf_json_write(json_t *value, FILE *fp, cf_error *err);

#endif
