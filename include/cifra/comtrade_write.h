/* comtrade_write.h — adding imported Comtrade rows (comtrade.h) to a
 * dataset directory, all-or-nothing.
 *
 * The figures are official statistics, so they go to the reference part
 * of a dataset (they load as reference figures, SPEC §1):
 *   -o X/reference, X a dataset     X/reference/ (created when absent),
 *                                   e.g. -o datasets/reference
 *   -o X, X a dataset               X/reference/ (-o datasets: the same)
 *   -o X, X new or without          X/sources.csv created (header only),
 *      sources.csv                  figures in X/reference/: a dataset of
 *                                   its own
 * The dataset X is loaded first (rows already there) and again at the end
 * (the result must load).
 * Existing sources.csv and trade.csv are appended to, in their own column
 * order.
 * Rows go to DIR/trade.csv with ids SOURCEID_LINE; each file that adds at
 * least one row adds its sources.csv row (kind statistics, publisher UN
 * Comtrade, the file's own description as title, its path as file).
 *
 * Rows already there: a row whose series and period a previous import
 * (source id "ct_…") already holds is skipped when the values are equal (so
 * importing a file twice adds nothing) and is an error naming both when
 * they differ — a revised download does not silently replace, nor sit
 * beside, the figures it revises.  Figures from other sources (hand-copied
 * statistics, web pages) are never compared here: a row is added beside
 * them and `cifra check` reports any conflict between the two.
 *
 * The files (sources.csv and trade.csv, and a new dataset's header-only
 * sources.csv) are written as one cf_outgroup (outfile.h): staged beside
 * their targets, renamed in together, and the result loaded as a dataset;
 * if that or any rename fails, the old files are put back.  On any error
 * the directory is left exactly as it was (directories created for the
 * import are removed again); temporaries are reported to cleanup so that
 * an interrupt leaves none. */
#ifndef CIFRA_COMTRADE_WRITE_H
#define CIFRA_COMTRADE_WRITE_H

#include "cifra/comtrade.h"
#include "cifra/error.h"
#include "cifra/outfile.h"

/* Writes imp's rows into dir (cleanup: see outfile.h, may be NULL); fills
 * imp->files[i].added / .present and, when where is not NULL, *where = the
 * trade.csv written to (malloc'd, free() it; set on success only). Errors:
 * CF_EDATA (dir holds a dataset that does not load, a different value for an
 * imported series and period — err names the import file's line and column and
 * the row already in trade.csv — or a trade.csv without a column the import
 * needs), CF_EWRITE (cannot create or write), CF_ENOMEM. */
int cf_comtrade_write(cf_comtrade_import *imp, const char *dir,
		      const cf_cleanup *cleanup, char **where, cf_error *err);

#endif
