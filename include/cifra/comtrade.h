/* comtrade.h — reading UN Comtrade files into reference trade figures
 * (`cifra import comtrade`, SPEC §5).
 *
 * Layouts are recognised from the header, by column name in any order
 * (names compared on their letters and digits only, ignoring case, so that
 * reporterCode, reporter_code and Reporter Code are one column):
 *   Comtrade+ API CSV    reporterCode, partnerCode, flowCode, primaryValue,
 *                        refYear/period… (47 columns in a full download)
 *   legacy Comtrade CSV  Reporter Code, Partner Code, Trade Flow Code,
 *                        Trade Value (US$), Year/Period (22 or 35 columns)
 *   trimmed extract      reporterDesc/partnerDesc (names instead of codes),
 *                        primaryValueFormated ("85,517,209,220.0"), often a
 *                        leading unnamed index column and ';' as delimiter
 * Columns the importer does not use are ignored.  A header lacking what a
 * figure needs (reporter, partner, flow, value, year or period) is
 * CF_EDATA naming the columns found and the ones expected.
 *
 * Row semantics (README "Importing UN Comtrade files" says why):
 * - Only totals become figures: partner2Code 0 (or empty), customsCode C00,
 *   motCode 0, mosCode 0 (values compared with surrounding spaces trimmed:
 *   real files hold "0 ").  Breakdown rows are counted and skipped, never
 *   added to anything.  Sub-flows other than re-exports and re-imports
 *   (MIP, XOP, DX, FM…) are skipped likewise.
 * - flowCode M/1 -> imports, X/2 -> exports, RX/3 -> re_exports, RM/4 ->
 *   re_imports.  Re-flows are part of exports/imports in Comtrade, so they
 *   get their own series and an empty flow column: no check adds them.
 * - Series: trade.REP_PAR.FLOW for commodity TOTAL, trade.REP_PAR.FLOW.CMD
 *   below it (CMD = hs8542, sitc0, bec11…), REP and PAR the lower-case ISO
 *   alpha-3 codes from the code lists (comtrade_codes.h), partner 0 = wld.
 * - Period: annual 2015, monthly 2015-03 (from period, else refYear and
 *   refMonth).  Value: primaryValue (US$, CIF or FOB as recorded) as
 *   written, thousands commas dropped, scale 1, unit USD, qualifier exact.
 * - Quote: the row's own words: "2015 M H4 8542 primaryValue 1234.0", with
 *   "[isReported False]", "[isAggregate True]", "[Flag 2]" appended when the
 *   file flags the row as not reported or estimated.  The classification of
 *   every year is thus kept beside its figure (comtrade_vintage.h reads it
 *   back for show and growth).
 * - Two total rows for one series and period: the same value is kept once;
 *   different values are CF_EDATA naming both lines.
 * Every data error names file, line and column. */
#ifndef CIFRA_COMTRADE_H
#define CIFRA_COMTRADE_H

#include <stddef.h>

#include "cifra/dataset.h"
#include "cifra/error.h"

/* One total row, as it will be written to trade.csv. */
typedef struct cf_comtrade_row {
	char *series;
	char period[16];
	char *value; /* plain decimal, as written minus separators */
	char reporter[8], partner[8];
	int reporter_code, partner_code; /* M49, as in the file */
	const char *flow; /* "exports", "imports", or NULL for re-flows */
	char *quote;
	size_t file; /* index into the import's files */
	long line;   /* line in that file */
	long value_column;
} cf_comtrade_row;

/* What one file says about itself: becomes its sources.csv row. */
typedef struct cf_comtrade_file {
	char *path;
	char source_id[24]; /* "ct_" + hash of the contents */
	char *title;	    /* layout, reporters, partners, flows,
			       classification by year, frequency, years */
	const char *layout; /* "Comtrade+ API CSV", "legacy CSV", "trimmed
			       extract" (static) */
	size_t columns;
	long records;	 /* data records read */
	long totals;	 /* total rows (each a figure, once) */
	long breakdown;	 /* skipped: partner2/customs/mot/mos breakdown */
	long subflows;	 /* skipped: other sub-flows */
	long duplicates; /* total rows repeating an earlier one (same
			    value): kept once */
	long added;	 /* set by cf_comtrade_write: rows written */
	long present;	 /* set by cf_comtrade_write: already there */
} cf_comtrade_file;

typedef struct cf_comtrade_import {
	size_t nfiles;
	cf_comtrade_file *files;
	size_t nrows, cap_rows; /* cap_rows: allocated (internal) */
	cf_comtrade_row *rows;
} cf_comtrade_import;

/* An empty import; free with cf_comtrade_import_free. */
cf_comtrade_import *cf_comtrade_import_new(void);
void cf_comtrade_import_free(cf_comtrade_import *imp);

/* Reads one file and adds its total rows.  All-or-nothing per file: on
 * error nothing of this file is kept (earlier files stay).  A row that
 * repeats a series and period of an earlier file with a different value is
 * an error too.  Errors: CF_ENOINPUT, CF_EDATA, CF_ENOMEM. */
int cf_comtrade_read(cf_comtrade_import *imp, const char *path, cf_error *err);

#endif
