/* analysis.h — everything cifra concludes from one dataset, computed once:
 * the verdicts of the claims and of the automatic cross-checks, the figures
 * the claims imply, and the growth of the series a chart or a report shows.
 *
 * Data flows one way: dataset (read-only) -> analysis -> output.  `check`,
 * `plot` and `report` each run one cf_analysis and only read it; none of them
 * evaluates a claim or computes a growth again.  The figures a claim implies
 * live in its result (cf_result.has_implied, implied_series, implied_period,
 * implied), never in the dataset, so nothing can take them as evidence.
 *
 * Ownership: cf_analysis_run allocates *out; the caller frees it with
 * cf_analysis_free.  The analysis borrows ds (its results point at ds's
 * figures and series): ds must outlive it and must not change meanwhile. */
#ifndef CIFRA_ANALYSIS_H
#define CIFRA_ANALYSIS_H

#include <stddef.h>

#include "cifra/claims.h"
#include "cifra/dataset.h"
#include "cifra/error.h"
#include "cifra/growth.h"

typedef struct cf_analysis_options {
	/* A series whose growth is wanted besides the main series' (`plot
	 * growth SERIES`, `plot trade SERIES`); NULL for none.  An unknown
	 * name is CF_ENOTFOUND. */
	const char *growth_series;
	/* The range of growth_series' growth (`growth --from P --to P`);
	 * NULL for no limit.  The main series' growth is always over its
	 * whole range. */
	const cf_period *growth_from, *growth_to;
} cf_analysis_options;

typedef struct cf_analysis {
	const cf_dataset *ds; /* borrowed */
	/* Claims in file order, then the cross-checks in cf_checks_run's
	 * order. */
	cf_results results;
	/* The same results most severe first, ties by id: results.n pointers
	 * into results (NULL when there are none).  Sorted once here so that
	 * no presenter can fail half-way through a document for want of
	 * memory to sort. */
	const cf_result **by_severity;
	/* The trade series with the most cited figures (then the most
	 * figures, then first by name); NULL when the dataset has no trade
	 * figure.  Its growth is always computed. */
	const cf_series *main_series;
	size_t ngrowth;
	cf_growth **growth; /* main series first, then opt->growth_series */
	/* The growth of opt->growth_series over opt's range (one of the
	 * above); NULL when none was asked for. */
	const cf_growth *series_growth;
} cf_analysis;

/* Runs every claim and cross-check of ds and the growth of the main series
 * (and of opt->growth_series).  opt may be NULL.  Errors: CF_EDATA (a claim
 * that does not parse: file, line and column of the claim), CF_ENOTFOUND,
 * CF_ENOMEM; on error *out is NULL and nothing is left allocated. */
int cf_analysis_run(const cf_dataset *ds, const cf_analysis_options *opt,
		    cf_analysis **out, cf_error *err);
void cf_analysis_free(cf_analysis *a);

/* The main series of a dataset as defined above (NULL when none). */
const cf_series *cf_analysis_main_series(const cf_dataset *ds);

/* The growth computed for series (over its whole range when that was
 * computed), or NULL when it was not asked for.  Borrowed from a. */
const cf_growth *cf_analysis_growth(const cf_analysis *a, const char *series);

#endif
