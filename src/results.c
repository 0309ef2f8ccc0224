/* results.c — the results container and its verdict names (results.h). */
#include "cifra/results.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- names */

static const char *const verdict_names[] = {"inconsistent", "undetermined",
					    "unverifiable", "consistent"};

const char *cf_verdict_name(cf_verdict v)
{
	return (unsigned)v < 4 ? verdict_names[v] : "?";
}

int cf_verdict_parse(const char *text, cf_verdict *out, cf_error *err)
{
	for (int i = 0; i < 4; i++)
		if (!strcmp(text, verdict_names[i])) {
			*out = (cf_verdict)i;
			return 0;
		}
	return cf_error_set(err, CF_EUSAGE, NULL, 0, 0,
			    "unknown verdict '%s' (expected inconsistent, "
			    "undetermined, unverifiable or consistent)",
			    text);
}

/* ---- results */

cf_result *cf_results_push(cf_results *rs)
{
	if (rs->n == rs->cap) {
		size_t cap = rs->cap ? rs->cap * 2 : 16;
		cf_result *items = realloc(rs->items, cap * sizeof *items);
		if (!items)
			return NULL;
		rs->items = items;
		rs->cap = cap;
	}
	cf_result *r = &rs->items[rs->n++];
	memset(r, 0, sizeof *r);
	r->deviation = NAN;
	r->computed = r->stated = cf_interval_empty();
	r->implied = cf_interval_empty();
	r->unit = CF_UNIT_RATIO;
	return r;
}

int cf_result_add_figure(cf_result *r, const cf_figure *f)
{
	for (size_t i = 0; i < r->nfigures; i++)
		if (r->figures[i] == f)
			return 0;
	const cf_figure **a =
	    realloc(r->figures, (r->nfigures + 1) * sizeof *a);
	if (!a)
		return CF_ENOMEM;
	r->figures = a;
	r->figures[r->nfigures++] = f;
	return 0;
}

void cf_result_clear(cf_result *r)
{
	free(r->id);
	free(r->text);
	free(r->source);
	free(r->quote);
	free(r->figures);
	for (size_t i = 0; i < r->nmissing; i++)
		free(r->missing[i]);
	free(r->missing);
	free(r->implied_series);
	free(r->note);
	memset(r, 0, sizeof *r);
}

void cf_results_free(cf_results *rs)
{
	for (size_t i = 0; i < rs->n; i++)
		cf_result_clear(&rs->items[i]);
	free(rs->items);
	memset(rs, 0, sizeof *rs);
}

static int result_cmp(const void *a, const void *b)
{
	const cf_result *x = a, *y = b;
	if (x->verdict != y->verdict)
		return x->verdict < y->verdict ? -1 : 1;
	return strcmp(x->id ? x->id : "", y->id ? y->id : "");
}

void cf_results_sort(cf_results *rs)
{
	if (rs->n > 1)
		qsort(rs->items, rs->n, sizeof *rs->items, result_cmp);
}

char *cf_result_verdict_text(const cf_result *r, char *buf, size_t size)
{
	snprintf(buf, size, "%s%s%s", cf_verdict_name(r->verdict),
		 r->within_rounding ? " (within rounding)" : "",
		 r->weak ? " (weak)" : "");
	return buf;
}

double cf_deviation(cf_interval computed, cf_interval stated)
{
	double c = cf_interval_mid(computed), s = cf_interval_mid(stated);
	double d = (c - s) / fabs(s);
	return isfinite(d) ? d : NAN;
}
