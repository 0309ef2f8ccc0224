/* csvio.h — streamed CSV reading and writing on top of libcsv.
 *
 * Every CSV byte cifra reads goes through cf_csv_read_*: libcsv parses (strict,
 * lossless options), this module adds what libcsv lacks: positions (line and
 * column of every field, computed only when asked for, so the hot path stays
 * cheap), a UTF-8 byte-order mark skipped, and one record handed over at a
 * time so memory does not grow with the file.  Every record must have as many
 * fields as the first one (the header); a record that does not is an error
 * naming its line and the column where it goes wrong. */
#ifndef CIFRA_CSVIO_H
#define CIFRA_CSVIO_H

#include <stdio.h>

#include "cifra/error.h"

typedef struct cf_csv_reader cf_csv_reader;

typedef struct cf_csv_record {
	long index; /* 0 for the first record (the header), then 1, 2… */
	long line;  /* physical line (1-based) where the record starts */
	size_t nfields;
	const char *const *fields;   /* NUL-terminated; "" for empty fields */
	const size_t *lengths;	     /* byte length of each field */
	const unsigned char *empty;  /* 1 = empty and unquoted (missing) */
	const cf_csv_reader *reader; /* for cf_csv_field_position */
} cf_csv_record;

/* Called once per record.  Return 0 to go on, or a negative CF_E… code
 * (having filled err) to stop reading; the code is passed back. */
typedef int (*cf_csv_record_fn)(const cf_csv_record *rec, void *ctx,
				cf_error *err);

/* Reads path from start to end.  Errors: CF_ENOINPUT (cannot open),
 * CF_EDATA (malformed CSV, a record of the wrong width, or an empty file
 * with no header), or whatever fn returned.  err->file is path. */
int cf_csv_read_file(const char *path, cf_csv_record_fn fn, void *ctx,
		     cf_error *err);

/* The same for an open stream; name is used in error messages. */
int cf_csv_read_stream(FILE *fp, const char *name, cf_csv_record_fn fn,
		       void *ctx, cf_error *err);

/* The file name the reader was given (for error messages in callbacks). */
const char *cf_csv_reader_name(const cf_csv_reader *reader);

/* Line and column (1-based, in characters) where field i of rec starts.
 * Only valid inside the callback.  For i == rec->nfields, the position just
 * past the last field (the end of the record). */
void cf_csv_field_position(const cf_csv_record *rec, size_t i, long *line,
			   long *column);

/* Fills err with CF_EDATA at the position of field i of rec and returns
 * CF_EDATA: the usual way a callback rejects a field. */
int cf_csv_field_error(const cf_csv_record *rec, size_t i, cf_error *err,
		       const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Writes one CSV record ("\n" ends it); a field is quoted (through libcsv)
 * only when it holds a comma, a quote or a line break, or starts or ends
 * with a space.  A NULL field is written as nothing.
 * Returns 0 or CF_EWRITE. */
int cf_csv_write_record(FILE *fp, const char *const *fields, size_t n);

#endif
