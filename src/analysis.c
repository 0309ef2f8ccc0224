/* analysis.c — one pass over a dataset: claims, cross-checks, growth. */
#include "cifra/analysis.h"

#include <stdlib.h>
#include <string.h>

#include "cifra/checks.h"

static size_t cited_count(const cf_series *s)
{
	size_t n = 0;
	for (size_t i = 0; i < s->count; i++)
		n += !s->figures[i]->reference;
	return n;
}

/* Most cited figures first: a long reference table of some other pair of
 * countries should not push aside the series the articles talk about. */
const cf_series *cf_analysis_main_series(const cf_dataset *ds)
{
	const cf_series *best = NULL;
	size_t best_cited = 0;
	for (size_t i = 0; i < ds->nseries; i++) {
		const cf_series *s = &ds->series[i];
		if (!s->count || s->figures[0]->table != CF_TABLE_TRADE)
			continue;
		size_t cited = cited_count(s);
		if (!best || cited > best_cited ||
		    (cited == best_cited && s->count > best->count)) {
			best = s;
			best_cited = cited;
		}
	}
	return best;
}

static int add_growth(cf_analysis *a, const cf_series *s, const cf_period *from,
		      const cf_period *to, cf_error *err)
{
	cf_growth **grown =
	    realloc(a->growth, (a->ngrowth + 1) * sizeof *grown);
	if (!grown)
		return cf_error_set(err, CF_ENOMEM, NULL, 0, 0,
				    "out of memory");
	a->growth = grown;
	int rc = cf_growth_compute(s, from, to, &a->growth[a->ngrowth], err);
	if (rc == 0)
		a->ngrowth++;
	return rc;
}

/* The main series over its whole range, then the asked one over the asked
 * range (computed again only when it differs from the main one's). */
static int run_growth(cf_analysis *a, const cf_analysis_options *opt,
		      cf_error *err)
{
	a->main_series = cf_analysis_main_series(a->ds);
	int rc =
	    a->main_series ? add_growth(a, a->main_series, NULL, NULL, err) : 0;
	if (rc != 0 || !opt || !opt->growth_series)
		return rc;
	const cf_series *s = cf_dataset_series(a->ds, opt->growth_series);
	if (!s)
		return cf_error_set(err, CF_ENOTFOUND, NULL, 0, 0,
				    "no series '%s'", opt->growth_series);
	bool ranged = opt->growth_from || opt->growth_to;
	if (s != a->main_series || ranged)
		rc = add_growth(a, s, opt->growth_from, opt->growth_to, err);
	if (rc == 0)
		a->series_growth = a->growth[a->ngrowth - 1];
	return rc;
}

static int by_severity(const void *x, const void *y)
{
	const cf_result *a = *(const cf_result *const *)x;
	const cf_result *b = *(const cf_result *const *)y;
	if (a->verdict != b->verdict)
		return (int)a->verdict - (int)b->verdict;
	return strcmp(a->id ? a->id : "", b->id ? b->id : "");
}

static int sort_results(cf_analysis *a, cf_error *err)
{
	if (!a->results.n)
		return 0;
	const cf_result **v = malloc(a->results.n * sizeof *v);
	if (!v)
		return cf_error_set(err, CF_ENOMEM, NULL, 0, 0,
				    "out of memory");
	for (size_t i = 0; i < a->results.n; i++)
		v[i] = &a->results.items[i];
	qsort(v, a->results.n, sizeof *v, by_severity);
	a->by_severity = v;
	return 0;
}

int cf_analysis_run(const cf_dataset *ds, const cf_analysis_options *opt,
		    cf_analysis **out, cf_error *err)
{
	*out = NULL;
	cf_analysis *a = calloc(1, sizeof *a);
	if (!a)
		return cf_error_set(err, CF_ENOMEM, NULL, 0, 0,
				    "out of memory");
	a->ds = ds;
	int rc = cf_claims_check(ds, &a->results, err);
	if (rc == 0)
		rc = cf_checks_run(ds, &a->results, err);
	if (rc == 0)
		rc = sort_results(a, err);
	if (rc == 0)
		rc = run_growth(a, opt, err);
	if (rc != 0) {
		cf_analysis_free(a);
		return rc;
	}
	*out = a;
	return 0;
}

void cf_analysis_free(cf_analysis *a)
{
	if (!a)
		return;
	free(a->by_severity);
	cf_results_free(&a->results);
	for (size_t i = 0; i < a->ngrowth; i++)
		cf_growth_free(a->growth[i]);
	free(a->growth);
	free(a);
}

const cf_growth *cf_analysis_growth(const cf_analysis *a, const char *series)
{
	for (size_t i = 0; i < a->ngrowth; i++)
		if (!strcmp(a->growth[i]->series, series))
			return a->growth[i];
	return NULL;
}
