#include "cifra/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sysexits.h>

void cf_error_clear(cf_error *err)
{
	if (err)
		memset(err, 0, sizeof *err);
}

int cf_error_vset(cf_error *err, int code, const char *file, long line,
		  long column, const char *fmt, va_list ap)
{
	if (!err)
		return code;
	err->code = code;
	snprintf(err->file, sizeof err->file, "%s", file ? file : "");
	err->line = line;
	err->column = column;
	vsnprintf(err->message, sizeof err->message, fmt, ap);
	return code;
}

int cf_error_set(cf_error *err, int code, const char *file, long line,
		 long column, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	cf_error_vset(err, code, file, line, column, fmt, ap);
	va_end(ap);
	return code;
}

int cf_error_exit_status(int code)
{
	switch (code) {
	case CF_OK:
		return 0;
	case CF_EUSAGE:
		return EX_USAGE;
	case CF_EDATA:
	case CF_ENOTFOUND:
		return EX_DATAERR;
	case CF_ENOINPUT:
		return EX_NOINPUT;
	case CF_ENOMEM:
		return EX_SOFTWARE;
	case CF_EPLOT:
		return EX_UNAVAILABLE;
	case CF_EWRITE:
		return EX_CANTCREAT;
	default:
		return EX_SOFTWARE;
	}
}

const char *cf_error_name(int code)
{
	switch (code) {
	case CF_OK:
		return "ok";
	case CF_EUSAGE:
		return "usage";
	case CF_EDATA:
		return "bad data";
	case CF_ENOINPUT:
		return "missing input";
	case CF_ENOMEM:
		return "out of memory";
	case CF_EPLOT:
		return "gnuplot unavailable";
	case CF_EWRITE:
		return "cannot write output";
	case CF_ENOTFOUND:
		return "not found";
	default:
		return "error";
	}
}
