/* bulk.h — grouped growth over large foreign CSV files (a UN Comtrade
 * extract, say): for every series key, the growth of a value from one row of
 * the key to the next, streamed so that memory follows the number of keys and
 * their rows in compact form, never the text of the file.
 *
 * Semantics are those of SQL's lag() window, so results can be checked
 * against any SQL engine:
 *     value / lag(value) OVER (PARTITION BY key ORDER BY time) - 1
 * The previous row of a key is its previous time present in the file: a gap
 * in time (2005 then 2007) is not special-cased.  Growth is missing (an empty
 * cell, never 0) on a key's first row, when this or the previous row's value
 * is missing (an empty field), and when the previous value is 0.
 *
 * Times are integers (years, or YYYYMM periods) and sort numerically; keys
 * sort by the bytes of their fields, field by field.  Values are written
 * back as the text that was read.  The same key and time twice is an error
 * naming both lines, unless sum is set: then the values are added (exactly,
 * in decimal, when both are plain decimals) and a missing one makes the sum
 * missing.
 *
 * Input is CSV with a header row (columns chosen by name), or, for Hadoop
 * Streaming reducers, TSV lines key1<TAB>…<TAB>time<TAB>value with no header;
 * output is CSV with a header row, or TSV without one.  With sorted set, the
 * input promises each key's rows together and in ascending time: every key is
 * written as soon as the next begins, holding only that key's rows plus a
 * fingerprint and line per key seen (about 24 bytes, to reject a key that
 * comes back).  Without it, memory is about 36 bytes a row plus the keys
 * (docs/large-files.md has the measured curve), and a regular file is
 * parsed on every core: split at record boundaries (quote-aware), one
 * libcsv parser per part, merged, with exactly the result of one parser.
 *
 * Rows can be filtered on other columns first (where: COL=VALUE, a UN
 * Comtrade file's totals, say).  When a key and time repeat in a file with
 * Comtrade breakdown columns (partner2Code, customsCode, motCode…), the
 * error names those that differ between the two lines and the --where
 * filters that keep the totals.  Running out of memory is an error that
 * says how much was needed and gives the sort command after which
 * --sorted streams the file.
 *
 * Threads: the functions start threads of their own and join them before
 * returning; a cf_bulk is used by one thread at a time, and the progress
 * callback is called on the caller's thread. */
#ifndef CIFRA_BULK_H
#define CIFRA_BULK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "cifra/error.h"

typedef struct cf_bulk cf_bulk;

typedef struct cf_bulk_options {
	const char *const *keys; /* key column names (kept, not copied) */
	size_t nkeys;		 /* TSV: 0 = all fields but the last two */
	const char *time;	 /* time column name ("time" if NULL) */
	const char *value;	 /* value column name ("value" if NULL) */
	bool summary; /* one row per key: first_time,last_time,n,cagr,
			 trend,trend_lo,trend_hi instead of one per row */
	bool sorted;  /* input grouped by key, time ascending: stream */
	bool sum;     /* add the values of a repeated key+time */
	bool tsv;     /* TSV in and out, no header rows */
	/* Keep only rows whose column where_cols[i] holds where_values[i]
	 * (spaces at either end of the field aside); several values for one
	 * column: any of them; different columns: all.  CSV only; kept, not
	 * copied. */
	const char *const *where_cols;
	const char *const *where_values;
	size_t nwhere;
	/* Threads reading a regular file, each taking parts of it (two a
	 * thread) as it comes free: 0 = one per core, for files of 8 MB or
	 * more; N (at most 16) = N threads whatever the size (tests). */
	unsigned threads;
	/* Called with the rows read so far, about every 65536 rows (may be
	 * NULL). */
	void (*progress)(void *ctx, long rows);
	void *progress_ctx;
} cf_bulk_options;

/* A grouped-growth run writing to out (nothing is written before
 * cf_bulk_finish).  Errors: CF_EUSAGE (no key, more than 64 keys or
 * filters, a filter with TSV), CF_ENOMEM.  Free with cf_bulk_free. */
int cf_bulk_new(const cf_bulk_options *opt, FILE *out, cf_bulk **b,
		cf_error *err);

/* Reads one whole input (CSV or TSV per the options); name is used in
 * error messages.  A regular file at offset 0 is read with pread by
 * several threads; in must stay open until cf_bulk_finish (a repeated key
 * and time is explained by reading the two lines again).  Errors:
 * CF_EUSAGE (a column named in the options is not in the header), CF_EDATA
 * (malformed CSV, a time that is not an integer, a value that is not a
 * number or beyond binary64's range, a repeated key+time, a sum beyond
 * binary64's range, a --sorted promise broken), CF_ENOINPUT (a read
 * error), CF_EWRITE, CF_ENOMEM (the message says how much memory was
 * needed and how to go on).  After an error, only cf_bulk_free. */
int cf_bulk_read(cf_bulk *b, FILE *in, const char *name, cf_error *err);

/* Writes what is still held (everything, unless sorted) and flushes out.
 * Errors as cf_bulk_read. */
int cf_bulk_finish(cf_bulk *b, cf_error *err);

/* Wall-clock seconds of each phase of a run so far (0 for a phase not
 * run): reading (parsing, keys looked up, rows stored), merging the parts'
 * keys, moving rows into key order (with the keys sorted), settling each
 * key's rows (time order, repeated times), formatting and writing.  For
 * `CIFRA_TIMING=1 cifra growth --csv …` and docs/large-files.md. */
typedef struct cf_bulk_timing {
	double read, merge, gather, settle, emit;
	unsigned parts; /* parts the input was read in */
} cf_bulk_timing;

void cf_bulk_timing_get(const cf_bulk *b, cf_bulk_timing *t);

/* Frees b and everything it holds (NULL is fine); in and out are the
 * caller's. */
void cf_bulk_free(cf_bulk *b);

/* Writes x like printf("%.15g") does (to within one unit in the 15th
 * digit), much faster; returns the end of what was written.  buf needs 32
 * bytes.  Exposed for its tests. */
char *cf_bulk_format_double(char *buf, double x);

#endif
