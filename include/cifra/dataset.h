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

/* A pair of figures of the same series and period whose intervals do not
 * meet. */
typedef struct cf_conflict {
	const cf_figure *a, *b;
} cf_conflict;

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

/* What the figures say about one series at one period (SPEC §4): the one
 * rule that growth, claims, cross-checks and conflicts all use.
 *
 * The figures of the series whose period equals the asked one
 * (cf_period_equal) state one quantity, so the value is the intersection
 * of their intervals.  Two restrictions narrow the figures used:
 *   only_source  (`series[period]@src`): only that source's figures count;
 *                with none, the value is missing.
 *   own_source   (the claim's source): when all the figures do not meet, the
 *                own source's figures are used instead if they meet.
 * Otherwise figures that do not meet are a conflict: the value is empty.
 *
 * The interval is in the figures' unit (base units; percent as percent).
 * written is the value as written of the figure a reader would quote: the
 * own source's when it has one, else the first used figure (series order:
 * cited before reference) that is not a bound; NaN when every used figure is
 * a bound ("over 300" has no point to redo arithmetic on).  It is set for a
 * conflict too (the figure a reader sees first).
 *
 * Ownership: figures points into s (borrowed; valid while the dataset is
 * unchanged and alive).  No allocation, no failure. */
typedef struct cf_value {
	cf_interval interval;		 /* empty when missing or conflict */
	const cf_figure *const *figures; /* every figure of the period */
	size_t nfigures;		 /* 0: the series has no figure then */
	const char *source; /* non-NULL: only this source's figures are used
			       (@source, or the own-source rule applied) */
	size_t nused;	    /* figures used; 0 means missing */
	bool conflict;	    /* the used figures do not meet */
	bool bound;	    /* a used figure is a bound (over, under…) */
	double written;
} cf_value;

/* s may be NULL (a series the dataset lacks: missing). only_source and
 * own_source may be NULL. */
void cf_series_value(const cf_series *s, const cf_period *period,
		     const char *only_source, const char *own_source,
		     cf_value *out);
/* One cf_series_value per period of s (no restriction), in period order,
 * into *out (malloc'd: free() it; NULL when s is NULL or empty).  Each
 * value's period is that of its figures[0].  0 or CF_ENOMEM. */
int cf_series_values(const cf_series *s, cf_value **out, size_t *n,
		     cf_error *err);
/* cf_series_value, looking the series up by name. */
void cf_dataset_value(const cf_dataset *ds, const char *series,
		      const cf_period *period, const char *only_source,
		      const char *own_source, cf_value *out);
/* Whether f is one of the figures v's interval was taken from. */
bool cf_value_uses(const cf_value *v, const cf_figure *f);

/* All conflicting pairs (two figures of one series and period whose
 * intervals do not meet), in series then period order.  *out is malloc'd
 * (free() it; NULL when *n is 0).  0 or CF_ENOMEM (err filled). */
int cf_dataset_conflicts(const cf_dataset *ds, cf_conflict **out, size_t *n,
			 cf_error *err);

#endif
