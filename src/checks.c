#include "cifra/checks.h"

#include "cifra/check_mirror.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static int nomem(cf_error *err)
{
	return cf_error_set(err, CF_ENOMEM, NULL, 0, 0, "out of memory");
}

static char *vformat(const char *fmt, va_list ap)
{
	char buf[1024];
	vsnprintf(buf, sizeof buf, fmt, ap);
	return strdup(buf);
}

__attribute__((format(printf, 2, 3))) static int set_id(cf_result *r,
							const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	r->id = vformat(fmt, ap);
	va_end(ap);
	return r->id ? 0 : CF_ENOMEM;
}

__attribute__((format(printf, 2, 3))) static int set_text(cf_result *r,
							  const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	r->text = vformat(fmt, ap);
	va_end(ap);
	return r->text ? 0 : CF_ENOMEM;
}

__attribute__((format(printf, 2, 3))) static int set_note(cf_result *r,
							  const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	r->note = vformat(fmt, ap);
	va_end(ap);
	return r->note ? 0 : CF_ENOMEM;
}

static cf_verdict from_order(int order)
{
	return order > 0   ? CF_VERDICT_CONSISTENT
	       : order < 0 ? CF_VERDICT_INCONSISTENT
			   : CF_VERDICT_UNDETERMINED;
}

static const char *period_text(const cf_period *p, char *buf, size_t size)
{
	return cf_period_format(p, buf, size);
}

static int add_figures(cf_result *r, const cf_figure *const *f, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (cf_result_add_figure(r, f[i]) < 0)
			return CF_ENOMEM;
	return 0;
}

/* ---------------------------------------------------------------- conflicts */

int cf_check_conflicts(const cf_dataset *ds, cf_results *out, cf_error *err)
{
	cf_conflict *c;
	size_t n;
	int rc = cf_dataset_conflicts(ds, &c, &n, err);
	if (rc < 0)
		return rc;
	for (size_t i = 0; i < n && rc == 0; i++) {
		const cf_figure *a = c[i].a, *b = c[i].b;
		cf_result *r = cf_results_push(out);
		if (!r) {
			rc = CF_ENOMEM;
			break;
		}
		char per[CF_PERIOD_TEXT_MAX];
		r->kind = "conflict";
		r->verdict = CF_VERDICT_INCONSISTENT;
		r->computed = cf_figure_claim_value(a);
		r->stated = cf_figure_claim_value(b);
		r->deviation = cf_deviation(r->computed, r->stated);
		r->unit = a->unit;
		period_text(&a->period, per, sizeof per);
		rc = set_id(r, "%s/%s", a->id, b->id);
		rc |= set_text(r, "%s[%s] from %s and %s", a->series, per,
			       a->source, b->source);
		rc |= set_note(r, "%s[%s]: %s \"%s\" vs %s \"%s\"", a->series,
			       per, a->source, a->quote ? a->quote : "",
			       b->source, b->quote ? b->quote : "");
		const cf_figure *pair[2] = {a, b};
		rc |= add_figures(r, pair, 2);
	}
	free(c);
	return rc ? nomem(err) : 0;
}

/* ---------------------------------------------------------------- periods */

/* A row comparing two periods of a series: a <= b expected. */
static int order_row(cf_results *out, const char *kind, const cf_series *s,
		     const cf_value *a, const cf_value *b, const char *what)
{
	cf_result *r = cf_results_push(out);
	if (!r)
		return CF_ENOMEM;
	char pa[CF_PERIOD_TEXT_MAX], pb[CF_PERIOD_TEXT_MAX];
	period_text(&a->figures[0]->period, pa, sizeof pa);
	period_text(&b->figures[0]->period, pb, sizeof pb);
	r->kind = kind;
	r->unit = s->unit;
	r->computed = a->interval;
	r->stated = b->interval;
	r->verdict =
	    from_order(cf_interval_always_less_equal(a->interval, b->interval));
	r->deviation = cf_deviation(r->computed, r->stated);
	int rc = set_id(r, "%s/%s", a->figures[0]->id, b->figures[0]->id);
	rc |= set_text(r, "%s[%s] <= %s[%s]", s->name, pa, s->name, pb);
	if (r->verdict != CF_VERDICT_CONSISTENT)
		rc |= set_note(
		    r, "%s[%s] %s %s[%s]", s->name, pa,
		    r->verdict == CF_VERDICT_INCONSISTENT ? what : "may exceed",
		    s->name, pb);
	rc |= add_figures(r, a->figures, a->nfigures);
	rc |= add_figures(r, b->figures, b->nfigures);
	return rc ? CF_ENOMEM : 0;
}

static bool is_flow(const cf_series *s)
{
	const cf_figure *f = s->count ? s->figures[0] : NULL;
	return f && f->table != CF_TABLE_FIGURES &&
	       f->unit != CF_UNIT_PERCENT && f->unit != CF_UNIT_RATIO;
}

static int subperiods_of(const cf_series *s, cf_results *out)
{
	cf_value *g;
	size_t n;
	if (cf_series_values(s, &g, &n, NULL))
		return CF_ENOMEM;
	int rc = 0;
	for (size_t i = 0; i < n && !rc; i++) {
		if (!cf_period_is_sub_year(&g[i].figures[0]->period) ||
		    cf_interval_is_empty(g[i].interval))
			continue;
		int year = cf_period_first_year(&g[i].figures[0]->period);
		for (size_t j = 0; j < n && !rc; j++)
			if (cf_period_is_year(&g[j].figures[0]->period) &&
			    cf_period_first_year(&g[j].figures[0]->period) ==
				year &&
			    !cf_interval_is_empty(g[j].interval))
				rc = order_row(out, "subperiod", s, &g[i],
					       &g[j], "exceeds the full year");
	}
	free(g);
	return rc;
}

int cf_check_subperiods(const cf_dataset *ds, cf_results *out, cf_error *err)
{
	for (size_t i = 0; i < ds->nseries; i++)
		if (is_flow(&ds->series[i]) &&
		    subperiods_of(&ds->series[i], out) < 0)
			return nomem(err);
	return 0;
}

static int cumulative_of(const cf_series *s, cf_results *out)
{
	cf_value *g;
	size_t n;
	if (cf_series_values(s, &g, &n, NULL))
		return CF_ENOMEM;
	int rc = 0;
	const cf_value *prev = NULL;
	for (size_t i = 0; i < n && !rc; i++) {
		if (g[i].figures[0]->period.kind != CF_PERIOD_TO_DATE ||
		    cf_interval_is_empty(g[i].interval))
			continue;
		if (prev)
			rc = order_row(out, "cumulative", s, prev, &g[i],
				       "falls to");
		prev = &g[i];
	}
	free(g);
	return rc;
}

int cf_check_cumulative(const cf_dataset *ds, cf_results *out, cf_error *err)
{
	for (size_t i = 0; i < ds->nseries; i++)
		if (ds->series[i].unit != CF_UNIT_PERCENT &&
		    ds->series[i].unit != CF_UNIT_RATIO &&
		    cumulative_of(&ds->series[i], out) < 0)
			return nomem(err);
	return 0;
}

/* ---------------------------------------------------------------- parts */

static bool same_ci(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return !strcasecmp(a, b);
}

static bool is_trade(const cf_figure *f, const char *flow)
{
	return f->table == CF_TABLE_TRADE &&
	       same_ci(cf_figure_attr(f, "flow"), flow) &&
	       cf_figure_attr(f, "reporter") && cf_figure_attr(f, "partner");
}

/* The figures of one flow matching total t into *out (malloc'd), their
 * count into *count; from t's source alone when it has any.  0 or
 * CF_ENOMEM. */
static int flow_figures(const cf_dataset *ds, const cf_figure *t,
			const char *flow, const cf_figure ***out, size_t *count)
{
	size_t n = 0;
	*out = NULL;
	*count = 0;
	for (int own = 1; own >= 0 && !n; own--)
		for (size_t i = 0; i < ds->nfigures; i++) {
			const cf_figure *f = ds->figures[i];
			if (!is_trade(f, flow) || f->unit != t->unit ||
			    !cf_period_equal(&f->period, &t->period) ||
			    !same_ci(cf_figure_attr(f, "reporter"),
				     cf_figure_attr(t, "reporter")) ||
			    !same_ci(cf_figure_attr(f, "partner"),
				     cf_figure_attr(t, "partner")) ||
			    (own && strcmp(f->source, t->source)))
				continue;
			const cf_figure **a =
			    realloc(*out, (n + 1) * sizeof *a);
			if (!a) {
				free(*out);
				*out = NULL;
				return CF_ENOMEM;
			}
			*out = a;
			a[n++] = f;
		}
	*count = n;
	return 0;
}

/* A written point to redo the arithmetic on (not a bound). */
static bool exact(const cf_figure *f)
{
	return f->qualifier == CF_QUAL_EXACT || f->qualifier == CF_QUAL_ABOUT;
}

static cf_interval meet(const cf_figure **f, size_t n)
{
	cf_interval iv = cf_interval_all();
	for (size_t i = 0; i < n; i++)
		iv = cf_interval_intersect(iv, cf_figure_claim_value(f[i]));
	return iv;
}

static int parts_row(cf_results *out, const cf_figure *t, const cf_figure **e,
		     size_t ne, const cf_figure **m, size_t nm)
{
	cf_result *r = cf_results_push(out);
	if (!r)
		return CF_ENOMEM;
	char per[CF_PERIOD_TEXT_MAX];
	period_text(&t->period, per, sizeof per);
	cf_interval ev = meet(e, ne), iv = meet(m, nm);
	r->kind = "parts";
	r->unit = t->unit;
	r->stated = cf_figure_claim_value(t);
	int rc = set_id(r, "%s+%s/%s", e[0]->id, m[0]->id, t->id);
	rc |= set_text(r, "exports + imports == total, %s-%s [%s]",
		       cf_figure_attr(t, "reporter"),
		       cf_figure_attr(t, "partner"), per);
	if (cf_interval_is_empty(ev) || cf_interval_is_empty(iv)) {
		r->verdict = CF_VERDICT_UNVERIFIABLE;
		rc |=
		    set_note(r,
			     "conflicting %s figures: add them to one "
			     "source",
			     cf_interval_is_empty(ev) ? "exports" : "imports");
	} else {
		r->computed = cf_interval_add(ev, iv);
		r->verdict = cf_interval_meets(r->computed, r->stated)
				 ? CF_VERDICT_CONSISTENT
				 : CF_VERDICT_INCONSISTENT;
		r->deviation = cf_deviation(r->computed, r->stated);
		double w = cf_figure_claim_written(e[0]) +
			   cf_figure_claim_written(m[0]);
		if (r->verdict == CF_VERDICT_CONSISTENT && exact(e[0]) &&
		    exact(m[0]) && exact(t) &&
		    !cf_interval_contains(r->stated, w)) {
			char wt[64];
			r->within_rounding = true;
			rc |=
			    set_note(r, "as written: %s",
				     cf_value_text(w, t->unit, wt, sizeof wt));
		}
	}
	rc |= add_figures(r, e, ne);
	rc |= add_figures(r, m, nm);
	const cf_figure *tt[1] = {t};
	rc |= add_figures(r, tt, 1);
	return rc ? CF_ENOMEM : 0;
}

int cf_check_parts(const cf_dataset *ds, cf_results *out, cf_error *err)
{
	for (size_t i = 0; i < ds->nfigures; i++) {
		const cf_figure *t = ds->figures[i];
		if (!is_trade(t, "total"))
			continue;
		const cf_figure **e, **m;
		size_t ne, nm;
		int rc = flow_figures(ds, t, "exports", &e, &ne);
		int rc2 = flow_figures(ds, t, "imports", &m, &nm);
		if (rc || rc2)
			rc = CF_ENOMEM;
		else if (ne && nm)
			rc = parts_row(out, t, e, ne, m, nm);
		free(e);
		free(m);
		if (rc < 0)
			return nomem(err);
	}
	return 0;
}

/* ---------------------------------------------------------------- delivery */

typedef struct pledge_rule {
	cf_table table;
	const char *party[2];
	const char *program;
	const char *delivered[2]; /* statuses that count as delivery */
} pledge_rule;

static const pledge_rule rules[] = {
    {CF_TABLE_SCHOLARSHIPS,
     {"provider", "recipient"},
     "program",
     {"provided", NULL}},
    {CF_TABLE_LOANS,
     {"lender", "borrower"},
     "instrument",
     {"approved", "disbursed"}},
};

static bool has_status(const cf_figure *f, const char *status)
{
	return status && same_ci(cf_figure_attr(f, "status"), status);
}

static bool delivered(const pledge_rule *rule, const cf_figure *f)
{
	return has_status(f, rule->delivered[0]) ||
	       has_status(f, rule->delivered[1]);
}

/* Length of the series name without a trailing status component. */
static size_t stem_len(const char *series)
{
	static const char *const statuses[] = {"pledged", "provided",
					       "approved", "disbursed"};
	const char *dot = strrchr(series, '.');
	if (dot)
		for (size_t i = 0; i < 4; i++)
			if (!strcmp(dot + 1, statuses[i]))
				return (size_t)(dot - series);
	return strlen(series);
}

static bool same_subject(const pledge_rule *rule, const cf_figure *p,
			 const cf_figure *d)
{
	for (int i = 0; i < 2; i++)
		if (!same_ci(cf_figure_attr(p, rule->party[i]),
			     cf_figure_attr(d, rule->party[i])))
			return false;
	const char *pp = cf_figure_attr(p, rule->program);
	const char *dp = cf_figure_attr(d, rule->program);
	if (pp && dp)
		return same_ci(pp, dp);
	size_t lp = stem_len(p->series), ld = stem_len(d->series);
	return lp == ld && !strncmp(p->series, d->series, lp);
}

static int delivery_row(cf_results *out, const cf_figure *p, const cf_figure *d)
{
	cf_result *r = cf_results_push(out);
	if (!r)
		return CF_ENOMEM;
	char pp[CF_PERIOD_TEXT_MAX], pd[CF_PERIOD_TEXT_MAX];
	period_text(&p->period, pp, sizeof pp);
	period_text(&d->period, pd, sizeof pd);
	cf_interval one = cf_interval_point(1);
	r->kind = "delivery";
	r->unit = CF_UNIT_RATIO;
	r->computed =
	    cf_interval_div(cf_figure_claim_value(d), cf_figure_claim_value(p));
	r->stated = one;
	if (cf_interval_always_less_equal(one, r->computed) == 1)
		r->verdict = CF_VERDICT_CONSISTENT;
	else if (cf_interval_always_less(r->computed, one) == 1)
		r->verdict = CF_VERDICT_INCONSISTENT;
	else
		r->verdict = CF_VERDICT_UNDETERMINED;
	r->deviation = cf_deviation(r->computed, r->stated);
	int rc = set_id(r, "%s/%s", d->id, p->id);
	rc |= set_text(r, "%s[%s] / %s[%s] >= 1", d->series, pd, p->series, pp);
	rc |= set_note(r, "%s %s of %s pledged",
		       r->verdict == CF_VERDICT_CONSISTENT ? "delivered"
		       : r->verdict == CF_VERDICT_INCONSISTENT
			   ? "delivered only"
			   : "may have delivered",
		       d->value_text, p->value_text);
	const cf_figure *pair[2] = {d, p};
	rc |= add_figures(r, pair, 2);
	return rc ? CF_ENOMEM : 0;
}

int cf_check_delivery(const cf_dataset *ds, cf_results *out, cf_error *err)
{
	for (size_t k = 0; k < sizeof rules / sizeof rules[0]; k++) {
		const pledge_rule *rule = &rules[k];
		for (size_t i = 0; i < ds->nfigures; i++) {
			const cf_figure *p = ds->figures[i];
			if (p->table != rule->table ||
			    !has_status(p, "pledged"))
				continue;
			for (size_t j = 0; j < ds->nfigures; j++) {
				const cf_figure *d = ds->figures[j];
				if (d->table != rule->table ||
				    d->unit != p->unit || !delivered(rule, d) ||
				    !cf_period_contains(&d->period,
							&p->period) ||
				    !same_subject(rule, p, d))
					continue;
				if (delivery_row(out, p, d) < 0)
					return nomem(err);
			}
		}
	}
	return 0;
}

int cf_checks_run(const cf_dataset *ds, cf_results *out, cf_error *err)
{
	int rc = cf_check_conflicts(ds, out, err);
	if (!rc)
		rc = cf_check_subperiods(ds, out, err);
	if (!rc)
		rc = cf_check_cumulative(ds, out, err);
	if (!rc)
		rc = cf_check_parts(ds, out, err);
	if (!rc)
		rc = cf_check_delivery(ds, out, err);
	if (!rc)
		rc = cf_check_mirror(ds, out, err);
	return rc;
}
