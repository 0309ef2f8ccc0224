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
 * state the same quantity: cf_dataset_conflicts lists the pairs whose
 * intervals do not meet. */
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

/* A pair of figures of the same series and period whose intervals do not
 * meet. */
typedef struct cf_conflict {
	const cf_figure *a, *b;
} cf_conflict;

int cf_dataset_load(const char *dir, cf_dataset **out, cf_error *err);
void cf_dataset_free(cf_dataset *ds);

/* Reads an extra claims file (same columns as claims.csv) in place of the
 * dataset's own claims. */
int cf_dataset_load_claims(cf_dataset *ds, const char *path, cf_error *err);

const cf_source *cf_dataset_source(const cf_dataset *ds, const char *id);
const cf_series *cf_dataset_series(const cf_dataset *ds, const char *name);

/* Adds a figure that a claim implies (cf_figure.implied set; strings are
 * copied).  The series index is rebuilt. */
int cf_dataset_add_implied(cf_dataset *ds, const cf_figure *f, cf_error *err);

/* All conflicting pairs, in series then period order.  *out is malloc'd
 * (free() it); *n may be 0. */
int cf_dataset_conflicts(const cf_dataset *ds, cf_conflict **out, size_t *n,
			 cf_error *err);

#endif
