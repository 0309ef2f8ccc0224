/* textfile.h — a whole file read into memory: an article to extract
 * from, a delimiter-separated download whose delimiter is guessed from its
 * first line (dsv.h), a chart inlined into the report.  The one place
 * cifra reads a file whole, so that the errors read the same everywhere. */
#ifndef CIFRA_TEXTFILE_H
#define CIFRA_TEXTFILE_H

#include <stddef.h>

#include "cifra/error.h"

/* Reads path into *text (malloc'd, free() it; NUL-terminated after *len
 * bytes, which may themselves hold NULs).  Errors: CF_ENOINPUT ("cannot
 * open: …", "cannot read: …", with strerror; err->file is path),
 * CF_ENOMEM (also when fopen itself runs out of memory).  On error *text is
 * NULL and *len 0. */
int cf_file_read(const char *path, char **text, size_t *len, cf_error *err);

#endif
