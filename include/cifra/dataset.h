/* dataset.h — the series store: every figure of a dataset directory, with
 * its provenance, loaded all-or-nothing.
 *
 * cf_dataset_load reads DIR/sources.csv (required), the typed files
 * DIR/trade.csv, loans.csv, scholarships.csv, figures.csv (each optional;
 * absent or header-only is an empty table), DIR/claims.csv, and the same
 * typed files under DIR/reference/ (with DIR/reference/sources.csv, whose
 * ids join those of DIR/sources.csv).  Columns are mapped by header name, in
 * any order.  The first bad row stops the load with an error naming file,
 * line and column, and nothing of the dataset is returned.
 *
 * Figures are grouped by series; within a series they are kept sorted by
 * period (then by file order).  Two figures of one series and one period
 * state the same quantity: cf_series_value gives what they say together,
 * cf_dataset_conflicts lists the pairs whose intervals do not meet.
 *
 * A dataset holds only what was read from its files: nothing the library
 * computes (a claim's implied figure, a growth) is ever added to it.
 *
 * Ownership: the cf_dataset owns everything in it (sources, figures with
 * all their strings, claim rows, the series index); cf_dataset_free frees
 * it all.  Pointers into it (cf_series *, cf_figure *, cf_source *, the
 * strings) stay valid until cf_dataset_free; cf_dataset_load_claims only
 * replaces ds->claims (cf_claim_row pointers held before it are invalid
 * after it).  Nothing else changes a loaded dataset.
 *
 * Errors: functions that can fail return 0 or a negative CF_E… code and
 * fill the caller's cf_error (code, file, line, column, message). */
#ifndef CIFRA_DATASET_H
#define CIFRA_DATASET_H

#include <stddef.h>

#include "cifra/error.h"
#include "cifra/figure.h"

typedef struct cf_source {
	char *id, *kind, *title, *author, *publisher, *published, *file;
	bool reference; /* from reference/sources.csv */
} cf_source;

/* A row of claims.csv, unparsed (claims.h parses and evaluates it). */
typedef struct cf_claim_row {
	char *id;
	char *claim;	 /* the expression */
	char *tolerance; /* as written, e.g. "5%"; NULL when empty */
	char *source;
	char *quote;
	char *file;
	long line;
	long claim_column; /* column where the claim field starts */
} cf_claim_row;

/* The figures of one series, sorted by period. */
typedef struct cf_series {
	char *name;
	cf_unit unit; /* of its first figure */
	size_t count;
	cf_figure **figures; /* borrowed from the dataset */
} cf_series;

typedef struct cf_dataset {
	char *dir;
	size_t nsources;
	cf_source *sources;
	size_t nfigures;
	cf_figure **figures; /* in load order, each malloc'd (stable) */
	size_t nclaims;
	cf_claim_row *claims;
	size_t nseries;
	cf_series *series; /* sorted by name */
} cf_dataset;

/* Loads DIR as above into *out (the caller's, freed with cf_dataset_free).
 * Errors: CF_ENOINPUT (sources.csv missing or a file unreadable), CF_EDATA
 * (a bad row, field, header, byte that is not UTF-8…: file, line, column),
 * CF_ENOMEM.  On error *out is NULL and nothing is left allocated. */
int cf_dataset_load(const char *dir, cf_dataset **out, cf_error *err);
/* Frees ds and everything in it; NULL is a no-op. */
void cf_dataset_free(cf_dataset *ds);

/* Reads an extra claims file (same columns as claims.csv) in place of the
 * dataset's own claims.  Errors as cf_dataset_load; on error ds keeps its
 * own claims unchanged. */
int cf_dataset_load_claims(cf_dataset *ds, const char *path, cf_error *err);

/* Lookups; NULL when absent.  The result is borrowed from ds. */
const cf_source *cf_dataset_source(const cf_dataset *ds, const char *id);
const cf_series *cf_dataset_series(const cf_dataset *ds, const char *name);

/* The value of a series at a period, and the conflicts: value.h (included
 * here so that this header gives the whole dataset API). */
#include "cifra/value.h"

#endif
