/* chart_loans.c — loan amounts by year, one bar per borrower and year
 * (clustered), from the figures that fall within one calendar year. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "chart.h"

typedef struct bar {
	double year;
	size_t group;
	double value;			 /* axis units */
	char period[CF_PERIOD_TEXT_MAX]; /* "" for a plain year */
	double largest;			 /* the largest figure added */
	int merged;			 /* figures added into it */
} bar;

typedef struct bars {
	bar *v;
	size_t n;
	const char **groups; /* borrowed from the dataset */
	size_t ngroups;
	int skipped;
	bool failed;
} bars;

static size_t bars_group(bars *b, const char *name)
{
	for (size_t i = 0; i < b->ngroups; i++)
		if (!strcmp(b->groups[i], name))
			return i;
	const char **g = realloc(b->groups, (b->ngroups + 1) * sizeof *g);
	if (!g) {
		b->failed = true;
		return 0;
	}
	b->groups = g;
	g[b->ngroups] = name;
	return b->ngroups++;
}

/* Figures of one group in one year add up (two loans to one borrower),
 * except where they are a total and its parts (a year's loans and the
 * loans themselves): see bars_finish. */
static void bars_add(bars *b, const char *group, const cf_period *p,
		     double value)
{
	size_t gi = bars_group(b, group);
	double year = cf_period_last_year(p);
	char per[CF_PERIOD_TEXT_MAX] = "";
	if (!cf_period_is_year(p))
		cf_period_format(p, per, sizeof per);
	for (size_t i = 0; i < b->n && !b->failed; i++)
		if (b->v[i].group == gi && b->v[i].year == year) {
			b->v[i].value += value;
			if (value > b->v[i].largest)
				b->v[i].largest = value;
			if (strcmp(b->v[i].period, per))
				b->v[i].period[0] = '\0';
			b->v[i].merged++;
			return;
		}
	bar *v = b->failed ? NULL : realloc(b->v, (b->n + 1) * sizeof *v);
	if (!v) {
		b->failed = true;
		return;
	}
	b->v = v;
	v[b->n] = (bar){.year = year,
			.group = gi,
			.value = value,
			.largest = value,
			.merged = 1};
	snprintf(v[b->n].period, sizeof v[b->n].period, "%s", per);
	b->n++;
}

/* When the largest of three or more figures equals the sum of the others,
 * it is their total: the bar shows it once instead of twice. */
static void bars_finish(bars *b)
{
	for (size_t i = 0; i < b->n; i++) {
		bar *v = &b->v[i];
		double rest = v->value - v->largest;
		if (v->merged >= 3 &&
		    fabs(v->largest - rest) <= 1e-9 * v->largest)
			v->value = v->largest;
	}
}

static void bars_free(bars *b)
{
	free(b->v);
	free(b->groups);
}

static void bar_label(const bar *v, cf_unit unit, char *buf, size_t size)
{
	if (unit == CF_UNIT_USD || unit == CF_UNIT_CNY)
		snprintf(buf, size, "%.3g", v->value);
	else
		snprintf(buf, size, "%.0f", v->value);
	if (v->period[0]) {
		size_t n = strlen(buf);
		snprintf(buf + n, size - n, " (%s)", v->period);
	}
}

static bool bars_in_group(const bars *b, size_t gi)
{
	for (size_t i = 0; i < b->n; i++)
		if (b->v[i].group == gi)
			return true;
	return false;
}

static double bar_x(const bars *b, const bar *v)
{
	double w = 0.8 / (double)b->ngroups;
	return v->year + w * ((double)v->group - (b->ngroups - 1) / 2.0);
}

/* Value labels over the bars, moved up where they would collide. */
static void bars_labels(chart *ch, const bars *b, cf_unit unit, double xlo,
			double xhi, double ytop)
{
	placer pl;
	placer_init(&pl, ch, xlo - 0.8, xhi + 0.8, 0, ytop, false);
	for (size_t i = 0; i < b->n; i++)
		placer_mark(&pl, bar_x(b, &b->v[i]), 0, b->v[i].value);
	for (size_t i = 0; i < b->n; i++) {
		char text[96];
		bar_label(&b->v[i], unit, text, sizeof text);
		double x = bar_x(b, &b->v[i]);
		double y = placer_put(&pl, &x, b->v[i].value, text, false);
		chart_label(ch, text, "first", x, y, "center font ',8' front");
	}
	ch->failed |= pl.failed;
	placer_free(&pl);
}

/* Bars of a year side by side, one colour per group. */
static void bars_draw(chart *ch, const bars *b, cf_unit unit)
{
	double xlo = INFINITY, xhi = -INFINITY, top = 0;
	for (size_t i = 0; i < b->n; i++) {
		xlo = fmin(xlo, b->v[i].year);
		xhi = fmax(xhi, b->v[i].year);
		top = fmax(top, b->v[i].value);
	}
	fprintf(ch->out,
		"set boxwidth %.10g absolute\n"
		"set style fill solid 0.8 noborder\n",
		0.8 / (double)b->ngroups);
	for (size_t gi = 0; gi < b->ngroups; gi++) {
		if (!bars_in_group(b, gi))
			continue;
		fprintf(ch->out, "$bars%zu << EOD\n", gi);
		for (size_t i = 0; i < b->n; i++)
			if (b->v[i].group == gi)
				fprintf(ch->out, "%.10g %.10g\n",
					bar_x(b, &b->v[i]), b->v[i].value);
		block_end(ch);
		char spec[96];
		snprintf(spec, sizeof spec,
			 "$bars%zu using 1:2 with boxes lt %zu", gi,
			 gi % NPALETTE + 1);
		chart_item(ch, spec, b->groups[gi]);
	}
	double ytop = (top > 0 ? top : 1) * 1.25;
	year_axis(ch, xlo, xhi);
	fprintf(ch->out, "set yrange [0:%.10g]\n", ytop);
	bars_labels(ch, b, unit, xlo, xhi, ytop);
}

static void bars_note(chart *ch, const bars *b, const char *what)
{
	if (!b->skipped)
		return;
	char note[160];
	snprintf(note, sizeof note, "%d %s not drawn.", b->skipped, what);
	chart_caption(ch, note);
}

/* A loan of 2011-06 is a loan of 2011; one over 2014/2015 or "to date"
 * belongs to no single year. */
static bool within_one_year(const cf_period *p)
{
	return p->kind != CF_PERIOD_TO_DATE &&
	       cf_period_first_year(p) == cf_period_last_year(p);
}

/* Adds the points of series s that lie within one calendar year to b under
 * group; the others are counted as skipped.  Returns 0 or an error. */
static int bars_series(bars *b, chart *ch, const cf_series *s,
		       const char *group, double div, cf_error *err)
{
	cf_point *pts = NULL;
	size_t n = 0;
	int rc = chart_points(s, &pts, &n, err);
	if (rc != 0)
		return rc;
	for (size_t i = 0; i < n; i++) {
		double v = point_value(&pts[i]);
		if (pts[i].conflict || !isfinite(v) ||
		    !within_one_year(&pts[i].period)) {
			b->skipped++;
			continue;
		}
		bars_add(b, group, &pts[i].period, v / div);
	}
	for (size_t i = 0; i < s->count; i++)
		chart_source(ch, s->figures[i]->source);
	free(pts);
	return b->failed
		   ? cf_error_set(err, CF_ENOMEM, NULL, 0, 0, "out of memory")
		   : 0;
}

int chart_loans(chart *ch, cf_error *err)
{
	bars b = {0};
	int rc = 0;
	chart_titles(ch, "Loans by year and borrower", "year", "US$ bn");
	for (size_t i = 0; i < ch->ds->nseries && rc == 0; i++) {
		const cf_series *s = &ch->ds->series[i];
		if (!s->count || s->figures[0]->table != CF_TABLE_LOANS)
			continue;
		if (s->unit != CF_UNIT_USD) {
			b.skipped += (int)s->count;
			continue;
		}
		rc = bars_series(&b, ch, s, series_attr(s, "borrower"), 1e9,
				 err);
	}
	if (rc == 0 && b.n) {
		bars_finish(&b);
		bars_note(ch, &b,
			  "figures over spans of years, to date or in "
			  "other currencies");
		bars_draw(ch, &b, CF_UNIT_USD);
	}
	bars_free(&b);
	return rc;
}
