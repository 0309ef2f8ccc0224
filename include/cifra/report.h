/* report.h — the whole picture of a dataset in one directory: every chart
 * as SVG and PNG, report.md (charts linked) and report.html (one
 * self-contained file: SVGs inlined, no scripts, fonts or images from
 * elsewhere), built from one analysis (analysis.h), which is only read.
 *
 * All or nothing, and never a mix of two runs:
 * - gnuplot is looked for before anything is written;
 * - the whole report is built in a fresh private directory (a sibling
 *   DIR/../.NAME.cifra-PID.tmp when DIR does not exist, DIR/.report.cifra-
 *   PID.tmp when it does, so the files can be renamed within one file
 *   system);
 * - then, holding an exclusive flock on DIR's parent directory (so two
 *   reports swap one after the other, never interleaved), it is put in
 *   place: a new DIR is the private directory renamed (one rename); into
 *   an existing DIR, the report's twelve files (report.md, report.html,
 *   CHART.svg and CHART.png for every chart) replace their
 *   namesakes, the old ones kept aside until all are in and put back if
 *   any rename fails.  Other files in DIR are left alone.  A report file
 *   name taken by something that is not a regular file (a directory, a
 *   link, a device) is refused before anything is replaced.
 * - Two reports into the same new DIR both succeed (the second one finds
 *   the directory the first made).
 * On failure the private directory is removed and DIR is as it was. */
#ifndef CIFRA_REPORT_H
#define CIFRA_REPORT_H

#include "cifra/analysis.h"
#include "cifra/error.h"
#include "cifra/gnuplot.h"

/* Writes the report of a into dir (created when missing; its parent must
 * exist).  opt: gnuplot's timeout and the cleanup registry (may be NULL).
 * Errors: CF_EPLOT (gnuplot missing, failing or timing out), CF_EWRITE
 * (cannot create or write, naming the file), CF_ENOMEM. */
int cf_report_write(const cf_analysis *a, const char *dir,
		    const cf_gnuplot_opts *opt, cf_error *err);

#endif
