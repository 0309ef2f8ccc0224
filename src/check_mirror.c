/* check_mirror.c — exporter's exports against importer's imports (see
 * check_mirror.h).  The figures of one series and period form a group; the
 * import groups are sorted by (reporter, partner, commodity, period) so
 * that each export group finds its mirrors by binary search, and a large
 * imported dataset is checked in n log n. */
#include "cifra/check_mirror.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef struct group {
	const cf_series *series;
	size_t first, n;    /* figures[first, first + n) of series */
	const cf_figure *f; /* the first figure: attributes, period */
	const char *suffix; /* commodity part of the series name */
	cf_interval value;
} group;

static int nomem(cf_error *err)
{
	return cf_error_set(err, CF_ENOMEM, NULL, 0, 0, "out of memory");
}

/* What follows the segment naming the flow ("" for a total series). */
static const char *commodity(const char *series, const char *flow)
{
	size_t n = strlen(flow);
	for (const char *p = strchr(series, '.'); p; p = strchr(p + 1, '.'))
		if (!strncmp(p + 1, flow, n) && (p[1 + n] == '.' || !p[1 + n]))
			return p + 1 + n;
	return "";
}

static const char *attr(const cf_figure *f, const char *name)
{
	return cf_figure_attr(f, name);
}

static bool usable(const cf_figure *f)
{
	const char *flow = attr(f, "flow");
	return f->table == CF_TABLE_TRADE && !f->implied && flow &&
	       (!strcasecmp(flow, "exports") || !strcasecmp(flow, "imports")) &&
	       attr(f, "reporter") && attr(f, "partner");
}

static bool same_side(const cf_figure *a, const cf_figure *b)
{
	return !strcasecmp(attr(a, "flow"), attr(b, "flow")) &&
	       !strcasecmp(attr(a, "reporter"), attr(b, "reporter")) &&
	       !strcasecmp(attr(a, "partner"), attr(b, "partner"));
}

/* One group per series and period whose figures all state one flow of
 * one reporter and partner. */
static int collect(const cf_dataset *ds, group **out, size_t *n)
{
	size_t cap = 0;
	*out = NULL;
	*n = 0;
	for (size_t s = 0; s < ds->nseries; s++) {
		const cf_series *se = &ds->series[s];
		for (size_t i = 0; i < se->count;) {
			size_t j = i + 1;
			while (j < se->count &&
			       cf_period_equal(&se->figures[j]->period,
					       &se->figures[i]->period))
				j++;
			group g = {.series = se,
				   .first = i,
				   .n = j - i,
				   .value = cf_interval_all()};
			bool ok = true;
			for (size_t k = i; k < j && ok; k++) {
				const cf_figure *f = se->figures[k];
				if (f->implied)
					continue;
				if (!g.f)
					g.f = f;
				ok = usable(f) && same_side(f, g.f);
				g.value = cf_interval_intersect(
				    g.value, cf_figure_claim_value(f));
			}
			i = j;
			if (!ok || !g.f)
				continue;
			g.suffix = commodity(se->name, attr(g.f, "flow"));
			if (*n == cap) {
				cap = cap ? cap * 2 : 64;
				group *p = realloc(*out, cap * sizeof *p);
				if (!p)
					return -1;
				*out = p;
			}
			(*out)[(*n)++] = g;
		}
	}
	return 0;
}

/* Order of import groups: reporter, partner, commodity, period. */
static int key_cmp(const char *rep, const char *par, const char *suffix,
		   const cf_period *p, const group *g)
{
	int c = strcasecmp(rep, attr(g->f, "reporter"));
	if (!c)
		c = strcasecmp(par, attr(g->f, "partner"));
	if (!c)
		c = strcmp(suffix, g->suffix);
	if (!c)
		c = cf_period_compare(p, &g->f->period);
	return c;
}

static int group_cmp(const void *a, const void *b)
{
	const group *x = a, *y = b;
	int c = key_cmp(attr(x->f, "reporter"), attr(x->f, "partner"),
			x->suffix, &x->f->period, y);
	return c ? c : strcmp(x->series->name, y->series->name);
}

/* First import group mirroring export group x (or nm). */
static size_t lower_bound(const group *m, size_t nm, const group *x)
{
	size_t lo = 0, hi = nm;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (key_cmp(attr(x->f, "partner"), attr(x->f, "reporter"),
			    x->suffix, &x->f->period, &m[mid]) > 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static bool same_key(const group *x, const group *m)
{
	return key_cmp(attr(x->f, "partner"), attr(x->f, "reporter"), x->suffix,
		       &x->f->period, m) == 0;
}

static int add_group(cf_result *r, const group *g)
{
	for (size_t k = g->first; k < g->first + g->n; k++)
		if (!g->series->figures[k]->implied &&
		    cf_result_add_figure(r, g->series->figures[k]) < 0)
			return -1;
	return 0;
}

static char *format(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static char *format(const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	return strdup(buf);
}

/* One row: importer's imports m over exporter's exports x. */
static int mirror_row(cf_results *out, const group *x, const group *m)
{
	cf_result *r = cf_results_push(out);
	if (!r)
		return -1;
	char per[CF_PERIOD_TEXT_MAX];
	cf_period_format(&x->f->period, per, sizeof per);
	const char *a = attr(x->f, "reporter"), *b = attr(x->f, "partner");
	r->kind = "mirror";
	r->unit = CF_UNIT_RATIO;
	r->stated = cf_interval_closed(CF_MIRROR_LOW, CF_MIRROR_HIGH);
	r->computed = cf_interval_div(m->value, x->value);
	bool inside =
	    r->computed.lo >= CF_MIRROR_LOW && r->computed.hi <= CF_MIRROR_HIGH;
	r->verdict = inside ? CF_VERDICT_CONSISTENT : CF_VERDICT_UNDETERMINED;
	r->deviation = cf_deviation(r->computed, r->stated);
	double gap = (cf_interval_mid(r->computed) - 1) * 100;
	r->id = format("%s/%s", x->f->id, m->f->id);
	r->text = format("mirror: %s[%s] / %s[%s]", m->series->name, per,
			 x->series->name, per);
	r->note = format(
	    "%s's imports from %s are %.1f%% %s %s's exports to "
	    "%s: %s the CIF/FOB margin (ratio %.2f-%.2f)",
	    b, a, gap < 0 ? -gap : gap, gap < 0 ? "below" : "above", a, b,
	    inside ? "within" : "beyond", CF_MIRROR_LOW, CF_MIRROR_HIGH);
	if (!r->id || !r->text || !r->note || add_group(r, x) ||
	    add_group(r, m))
		return -1;
	return 0;
}

int cf_check_mirror(const cf_dataset *ds, cf_results *out, cf_error *err)
{
	group *all;
	size_t n;
	if (collect(ds, &all, &n)) {
		free(all);
		return nomem(err);
	}
	/* imports sorted for the search; exports in series order */
	group *m = malloc((n + 1) * sizeof *m),
	      *x = malloc((n + 1) * sizeof *x);
	size_t nm = 0, nx = 0;
	for (size_t i = 0; m && x && i < n; i++)
		if (!strcasecmp(attr(all[i].f, "flow"), "imports"))
			m[nm++] = all[i];
		else
			x[nx++] = all[i];
	free(all);
	if (!m || !x) {
		free(m);
		free(x);
		return nomem(err);
	}
	qsort(m, nm, sizeof *m, group_cmp);
	int rc = 0;
	for (size_t i = 0; i < nx && !rc; i++) {
		if (cf_interval_is_empty(x[i].value) ||
		    !strcasecmp(attr(x[i].f, "reporter"),
				attr(x[i].f, "partner")))
			continue;
		for (size_t k = lower_bound(m, nm, &x[i]);
		     k < nm && !rc && same_key(&x[i], &m[k]); k++)
			if (!cf_interval_is_empty(m[k].value) &&
			    m[k].f->unit == x[i].f->unit)
				rc = mirror_row(out, &x[i], &m[k]);
	}
	free(m);
	free(x);
	return rc ? nomem(err) : 0;
}
