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

#include <stdbool.h>
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

/* A part of a file read by a thread of its own (pread on a shared
 * descriptor): the caller splits a file at record boundaries and reads
 * the parts at once.  Reading starts at start, which must be a record
 * boundary (0, or just past a line break outside quotes), with line
 * numbers counted from first_line and records from first_index (0: the
 * first record is the header; otherwise every record must have width
 * fields).  With stop_after >= 0, reading stops at the end of the first
 * line ending at or past that offset where no record is in progress: the
 * next part's true start, found even when stop_after falls inside a quoted
 * field holding line breaks.  Otherwise it goes on to the end of the file
 * (and an unterminated quote is an error there). */
typedef struct cf_csv_range {
	int fd;
	long long start, stop_after;
	long first_line, first_index;
	size_t width;
	/* out: where reading stopped (-1: end of file), the line breaks read,
	 * the index the next record would have, the width (from the header
	 * when first_index was 0) */
	long long end;
	long lines, next_index;
} cf_csv_range;

/* Reads the range described by rg, which it completes.  Errors as
 * cf_csv_read_stream (CF_ENOINPUT for a read error), with positions
 * counted from rg->first_line; an empty range is no error unless it starts
 * the file. */
int cf_csv_read_range(cf_csv_range *rg, const char *name, cf_csv_record_fn fn,
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

/* cifra's one CSV quoting rule, for every CSV it writes: a field is quoted
 * only when it holds a comma, a quote or a line break, starts or ends with
 * a space, or is empty ("" is an empty value; a missing one is written as
 * nothing). */
bool cf_csv_needs_quotes(const char *s, size_t len);

/* Writes the field s[0, len) into dst by that rule (quoted by libcsv when
 * needed) and returns the bytes written; dst needs room for 2 * len + 2.
 * A NULL s is a missing value: nothing is written.  No allocation: for
 * writers that format into their own buffers. */
size_t cf_csv_put_field(char *dst, const char *s, size_t len);

/* Writes one CSV record ("\n" ends it), each field by that rule.  A NULL
 * field is written as nothing.  Returns 0 or CF_EWRITE. */
int cf_csv_write_record(FILE *fp, const char *const *fields, size_t n);

#endif
