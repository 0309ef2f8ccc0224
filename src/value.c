/* value.c — what the figures say about a series at a period (value.h). */
#include "cifra/value.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* First index of s whose period is not before p (figures are sorted by
 * period, so equal periods are contiguous). */
static size_t lower_bound(const cf_series *s, const cf_period *p)
{
	size_t lo = 0, hi = s->count;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (cf_period_compare(&s->figures[mid]->period, p) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static bool from_source(const cf_figure *f, const char *src)
{
	return src && f->source && strcmp(f->source, src) == 0;
}

/* A bound has no written point to redo the arithmetic on. */
static bool is_bound(const cf_figure *f)
{
	return f->qualifier != CF_QUAL_EXACT && f->qualifier != CF_QUAL_ABOUT;
}

bool cf_value_uses(const cf_value *v, const cf_figure *f)
{
	return !v->source || from_source(f, v->source);
}

/* Intersects the figures of v that src allows (all when src is NULL). */
static void meet(cf_value *v, const char *src)
{
	v->source = src;
	v->interval = cf_interval_all();
	v->nused = 0;
	v->bound = false;
	for (size_t i = 0; i < v->nfigures; i++) {
		const cf_figure *f = v->figures[i];
		if (!cf_value_uses(v, f))
			continue;
		v->interval = cf_interval_intersect(v->interval, f->interval);
		v->nused++;
		v->bound |= is_bound(f);
	}
	if (!v->nused)
		v->interval = cf_interval_empty();
}

static double pick_written(const cf_value *v, const char *own)
{
	const cf_figure *first = NULL;
	for (size_t i = 0; i < v->nfigures; i++) {
		const cf_figure *f = v->figures[i];
		if (!cf_value_uses(v, f) || is_bound(f) || !f->value_text)
			continue;
		if (from_source(f, own))
			return cf_value_point(f->value_text, f->scale);
		if (!first)
			first = f;
	}
	return first ? cf_value_point(first->value_text, first->scale) : NAN;
}

void cf_series_value(const cf_series *s, const cf_period *period,
		     const char *only_source, const char *own_source,
		     cf_value *out)
{
	*out = (cf_value){.interval = cf_interval_empty(), .written = NAN};
	if (!s)
		return;
	size_t i = lower_bound(s, period), j = i;
	while (j < s->count && cf_period_equal(&s->figures[j]->period, period))
		j++;
	out->figures = (const cf_figure *const *)s->figures + i;
	out->nfigures = j - i;
	meet(out, only_source);
	if (out->nused && cf_interval_is_empty(out->interval) && !only_source &&
	    own_source) {
		cf_value own = *out;
		meet(&own, own_source);
		if (own.nused && !cf_interval_is_empty(own.interval))
			*out = own;
	}
	out->conflict = out->nused && cf_interval_is_empty(out->interval);
	if (out->nused)
		out->written = pick_written(out, own_source);
}

int cf_series_values(const cf_series *s, cf_value **out, size_t *n,
		     cf_error *err)
{
	*out = NULL;
	*n = 0;
	if (!s || !s->count)
		return 0;
	cf_value *v = malloc(s->count * sizeof *v);
	if (!v)
		return cf_error_set(err, CF_ENOMEM, NULL, 0, 0,
				    "out of memory");
	size_t k = 0;
	for (size_t i = 0; i < s->count; i += v[k++].nfigures)
		cf_series_value(s, &s->figures[i]->period, NULL, NULL, &v[k]);
	*out = v;
	*n = k;
	return 0;
}

void cf_dataset_value(const cf_dataset *ds, const char *series,
		      const cf_period *period, const char *only_source,
		      const char *own_source, cf_value *out)
{
	cf_series_value(cf_dataset_series(ds, series), period, only_source,
			own_source, out);
}

static int push_conflict(cf_conflict **out, size_t *n, size_t *cap,
			 cf_conflict c)
{
	if (*n == *cap) {
		size_t grown = *cap ? *cap * 2 : 8;
		cf_conflict *p = realloc(*out, grown * sizeof *p);
		if (!p)
			return CF_ENOMEM;
		*out = p;
		*cap = grown;
	}
	(*out)[(*n)++] = c;
	return 0;
}

/* The pairs of one period's figures that do not meet. */
static int period_conflicts(const cf_value *v, cf_conflict **out, size_t *n,
			    size_t *cap)
{
	for (size_t i = 0; i < v->nfigures; i++)
		for (size_t j = i + 1; j < v->nfigures; j++) {
			const cf_figure *a = v->figures[i], *b = v->figures[j];
			if (!cf_interval_meets(a->interval, b->interval) &&
			    push_conflict(out, n, cap, (cf_conflict){a, b}))
				return CF_ENOMEM;
		}
	return 0;
}

int cf_dataset_conflicts(const cf_dataset *ds, cf_conflict **out, size_t *n,
			 cf_error *err)
{
	*out = NULL;
	*n = 0;
	size_t cap = 0;
	int rc = 0;
	for (size_t s = 0; s < ds->nseries && !rc; s++) {
		cf_value *v;
		size_t nv;
		rc = cf_series_values(&ds->series[s], &v, &nv, err);
		for (size_t i = 0; i < nv && !rc; i++)
			if (v[i].conflict &&
			    period_conflicts(&v[i], out, n, &cap))
				rc = cf_error_set(err, CF_ENOMEM, NULL, 0, 0,
						  "out of memory");
		free(v);
	}
	if (rc) {
		free(*out);
		*out = NULL;
		*n = 0;
	}
	return rc;
}
