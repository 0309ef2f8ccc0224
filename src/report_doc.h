/* report_doc.h — inside the report module: the two documents. */
#ifndef CIFRA_REPORT_DOC_H
#define CIFRA_REPORT_DOC_H

#include <stdbool.h>

#include "cifra/analysis.h"

/* report.md (html false) or report.html into *out (malloc'd), reading the
 * charts' SVGs from chartdir (CHART.svg) to inline them.  a is only read.
 * Errors: CF_ENOMEM, CF_EWRITE (a chart cannot be read). */
int report_document(const cf_analysis *a, const char *chartdir, bool html,
		    char **out, cf_error *err);

#endif
