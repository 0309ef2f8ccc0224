/* error.h — how every cifra function reports failure.
 *
 * Library functions return 0 on success or a negative CF_E… code, and fill a
 * caller-owned cf_error with the code, the position in the input (file, line,
 * column; 0 when not known) and a one-line message.  Nothing in the library
 * prints or exits: the command line turns a cf_error into
 * "cifra: FILE:LINE:COL: message" and a sysexits code. */
#ifndef CIFRA_ERROR_H
#define CIFRA_ERROR_H

#include <stdarg.h>
#include <stddef.h>

enum {
	CF_OK = 0,
	CF_EUSAGE = -1,	  /* bad arguments from the caller (sysexits 64) */
	CF_EDATA = -2,	  /* malformed input data (65) */
	CF_ENOINPUT = -3, /* input file missing or unreadable (66) */
	CF_ENOMEM = -4,	  /* allocation failed (70) */
	CF_EPLOT = -5,	  /* gnuplot missing or failed (69) */
	CF_EWRITE = -6,	  /* cannot write output (73) */
	CF_ENOTFOUND =
	    -7 /* a requested item (series, chart) does not exist (65) */
};

#define CF_ERROR_FILE_MAX 512
#define CF_ERROR_MSG_MAX  512

typedef struct cf_error {
	int code;
	char file[CF_ERROR_FILE_MAX];
	long line;   /* 1-based; 0 = not about a line */
	long column; /* 1-based; 0 = not about a column */
	char message[CF_ERROR_MSG_MAX];
} cf_error;

/* Clears err to "no error". */
void cf_error_clear(cf_error *err);

/* Fills err (when not NULL) and returns code, so callers can write
 * `return cf_error_set(err, CF_EDATA, path, line, col, "bad %s", x);`.
 * file may be NULL. */
int cf_error_set(cf_error *err, int code, const char *file, long line,
		 long column, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

/* The same with a va_list, for functions that take their own format
 * (cf_csv_field_error and the like); ap is consumed. */
int cf_error_vset(cf_error *err, int code, const char *file, long line,
		  long column, const char *fmt, va_list ap)
    __attribute__((format(printf, 6, 0)));

/* The sysexits.h exit status for a CF_E… code (0 for CF_OK). */
int cf_error_exit_status(int code);

/* A short name for a code ("bad data", "missing input"…). */
const char *cf_error_name(int code);

#endif
