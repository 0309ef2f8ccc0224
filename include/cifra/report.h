/* report.h — the whole picture of a dataset in one directory: every chart
 * as SVG and PNG, report.md (charts linked) and report.html (one
 * self-contained file: SVGs inlined, no scripts, fonts or images from
 * elsewhere) with the check table, the growth tables of the main trade
 * series and, for every figure, its source and quote.
 *
 * All or nothing: gnuplot is looked for before anything is written, every
 * file is written under a temporary name in the directory and renamed only
 * when all of them are there; on failure the temporary files are removed
 * (and the directory too when this call created it), so the directory holds
 * what it held before. */
#ifndef CIFRA_REPORT_H
#define CIFRA_REPORT_H

#include "cifra/dataset.h"
#include "cifra/error.h"

/* Writes the report into dir (created when missing; its parent must
 * exist).  Evaluates the claims (adding the figures they imply to ds, so the
 * trade chart shows them) and the cross-checks.  Errors: CF_EPLOT (gnuplot
 * missing or failing), CF_EWRITE (cannot create or write), CF_ENOMEM, and
 * what evaluating the claims reports (CF_EDATA). */
int cf_report_write(cf_dataset *ds, const char *dir, cf_error *err);

/* The names of the files a report holds (NULL-terminated): report.md,
 * report.html, then CHART.svg and CHART.png for every chart. */
const char *const *cf_report_files(void);

#endif
