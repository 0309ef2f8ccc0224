/* dsv.h — reading delimiter-separated files whose delimiter is not known in
 * advance: files that people pass around as "CSV" written with ',' or ';'
 * (a spreadsheet in a locale with a decimal comma writes ';'), and
 * tab-separated bulk downloads.  libcsv
 * parses; this module guesses the delimiter from the header line and keeps
 * the positions (line and column of every field) that error messages need.
 * csvio.h is the reader for cifra's own files, whose delimiter is always a
 * comma.
 *
 * The whole file is read into memory (the files this serves are downloads
 * of at most a few tens of megabytes).  A UTF-8 byte-order mark is skipped;
 * lines may end in LF or CRLF.  Every record must have as many fields as the
 * header; one that does not is an error naming its line and the column where
 * it goes wrong. */
#ifndef CIFRA_DSV_H
#define CIFRA_DSV_H

#include <stddef.h>

#include "cifra/error.h"

typedef struct cf_dsv_reader cf_dsv_reader;

typedef struct cf_dsv_record {
	long index; /* 0 for the header, then 1, 2… */
	long line;  /* physical line (1-based) where the record starts */
	size_t nfields;
	char *const *fields; /* NUL-terminated; "" for empty fields; valid
				only inside the callback */
	const cf_dsv_reader *reader;
} cf_dsv_record;

/* Called once per record; return 0 to go on or a negative CF_E… code (with
 * err filled) to stop, which is passed back. */
typedef int (*cf_dsv_record_fn)(const cf_dsv_record *rec, void *ctx,
				cf_error *err);

/* Reads path.  The delimiter is the one of ',', ';' and TAB that occurs
 * most often outside quotes in the first line (',' on a tie).  Errors:
 * CF_ENOINPUT (cannot open or read), CF_EDATA (empty file, malformed
 * quoting, a record of the wrong width, a NUL byte), CF_ENOMEM, or what fn
 * returned.  err->file is path. */
int cf_dsv_read_file(const char *path, cf_dsv_record_fn fn, void *ctx,
		     cf_error *err);

/* The delimiter in use and the file name (inside the callback). */
char cf_dsv_delimiter(const cf_dsv_reader *r);
const char *cf_dsv_name(const cf_dsv_reader *r);

/* Line and column (1-based, in characters) where field i of rec starts;
 * for i == rec->nfields, just past the last field. */
void cf_dsv_field_position(const cf_dsv_record *rec, size_t i, long *line,
			   long *column);

/* Fills err with CF_EDATA at field i of rec; returns CF_EDATA. */
int cf_dsv_field_error(const cf_dsv_record *rec, size_t i, cf_error *err,
		       const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

#endif
