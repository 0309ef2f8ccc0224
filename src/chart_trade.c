/* chart_trade.c — one series over time: the reference statistics as a
 * line, every cited figure as a marker with its interval, lower and upper
 * bounds as arrows from the bound, the figures claims imply as hollow
 * markers labelled with the claim. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "chart.h"

typedef enum mark_kind {
	MARK_SKIP,	   /* multi-year span, cumulative, unbounded */
	MARK_REF,	   /* reference statistics: the line */
	MARK_YEAR,	   /* cited, a full year */
	MARK_PART,	   /* cited, part of a year (year-to-date…) */
	MARK_IMPLIED_YEAR, /* solved from a claim: hollow */
	MARK_IMPLIED_PART,
	MARK_LOWER, /* over / at least: an arrow up from the bound */
	MARK_UPPER, /* under / at most: an arrow down from the bound */
	MARK_COUNT_
} mark_kind;

/* Point styles: filled circle, filled triangle, and their hollow forms. */
static const char *const mark_specs[MARK_COUNT_] = {
    [MARK_REF] = "using 1:2 with linespoints lt 1 lw 2 pt 7 ps 0.5",
    [MARK_YEAR] = "using 1:2:3:4 with yerrorbars lt 2 pt 7 ps 1.4",
    [MARK_PART] = "using 1:2:3:4 with yerrorbars lt 4 pt 9 ps 1.6",
    [MARK_IMPLIED_YEAR] = "using 1:2:3:4 with yerrorbars lt 3 pt 6 ps 1.6",
    [MARK_IMPLIED_PART] = "using 1:2:3:4 with yerrorbars lt 3 pt 8 ps 1.6",
    [MARK_LOWER] = "using 1:2:3:4 with vectors lt 5 lw 2 head filled",
    [MARK_UPPER] = "using 1:2:3:4 with vectors lt 5 lw 2 head filled",
};

static const char *const mark_titles[MARK_COUNT_] = {
    [MARK_REF] = "reference statistics",
    [MARK_YEAR] = "cited, full year",
    [MARK_PART] = "cited, part of a year",
    [MARK_IMPLIED_YEAR] = "implied by a claim (not evidence)",
    [MARK_IMPLIED_PART] = "implied by a claim, part of a year",
    [MARK_LOWER] = "lower bound (over, at least)",
    [MARK_UPPER] = "upper bound (under, at most)",
};

/* What the chart draws, from a figure or from a claim's result. */
typedef struct mark {
	mark_kind k;
	double x;	    /* part-year marks sit a little right */
	double lo, hi, mid; /* axis units */
	char label[96];
	size_t seq; /* collection order: ties keep it */
} mark;

typedef struct marks {
	mark *v;
	size_t n;
	double div;  /* base units per axis unit */
	double ymax; /* top of what is drawn, axis units */
	double xmin, xmax;
	double arrow; /* length of a bound's arrow, axis units */
	int skipped;
	bool failed;
} marks;

static mark_kind kind_of(const cf_period *p, cf_interval v, bool reference,
			 bool implied)
{
	bool year = cf_period_is_year(p), part = cf_period_is_sub_year(p);
	if (reference)
		return year ? MARK_REF : MARK_SKIP;
	if ((!year && !part) || cf_interval_is_empty(v))
		return MARK_SKIP;
	if (isfinite(v.lo) && isfinite(v.hi)) {
		if (implied)
			return year ? MARK_IMPLIED_YEAR : MARK_IMPLIED_PART;
		return year ? MARK_YEAR : MARK_PART;
	}
	if (isfinite(v.lo))
		return MARK_LOWER;
	if (isfinite(v.hi))
		return MARK_UPPER;
	return MARK_SKIP;
}

static void underscores(char *s)
{
	for (; *s; s++)
		if (*s == '_')
			*s = ' '; /* at_least -> at least */
}

static void period_suffix(const cf_period *p, char *buf, size_t size)
{
	char per[CF_PERIOD_TEXT_MAX];
	if (cf_period_is_year(p))
		buf[0] = '\0';
	else
		snprintf(buf, size, " (%s)",
			 cf_period_format(p, per, sizeof per));
}

static mark *marks_push(marks *m)
{
	mark *v = realloc(m->v, (m->n + 1) * sizeof *v);
	if (!v) {
		m->failed = true;
		return NULL;
	}
	m->v = v;
	memset(&v[m->n], 0, sizeof *v);
	v[m->n].seq = m->n;
	return &v[m->n++];
}

static void mark_set(mark *k, mark_kind kind, const cf_period *p, cf_interval v,
		     double div)
{
	k->k = kind;
	k->x = cf_period_last_year(p) + (cf_period_is_year(p) ? 0 : 0.3);
	k->lo = v.lo / div;
	k->hi = v.hi / div;
	k->mid = cf_interval_mid(v) / div;
}

/* A cited figure: its label is the value as written, rescaled to the axis
 * (451591 million on a US$ bn axis reads 451.591). */
static void add_figure(marks *m, chart *ch, const cf_figure *f)
{
	mark_kind kind = kind_of(&f->period, f->interval, f->reference, false);
	if (kind == MARK_SKIP) {
		m->skipped++;
		return;
	}
	mark *k = marks_push(m);
	if (!k)
		return;
	mark_set(k, kind, &f->period, f->interval, m->div);
	char num[40], per[CF_PERIOD_TEXT_MAX + 4];
	const char *q = f->qualifier == CF_QUAL_EXACT
			    ? ""
			    : cf_qualifier_name(f->qualifier);
	if (f->value_text) {
		/* as written, rescaled (451591 million reads 451.591); a
		 * long figure of another scale rounded (7985547602 -> 7.986) */
		double v = cf_value_point(f->value_text, f->scale) / m->div;
		snprintf(num, sizeof num, "%.10g", v);
		if (strlen(num) > 8)
			snprintf(num, sizeof num, "%.4g", v);
	} else
		snprintf(num, sizeof num, "%.6g", k->mid);
	period_suffix(&f->period, per, sizeof per);
	snprintf(k->label, sizeof k->label, "%s%s%s%s", q, *q ? " " : "", num,
		 per);
	underscores(k->label);
	chart_source(ch, f->source);
}

/* A figure a claim implies: hollow, labelled with the claim, never a
 * point the other charts use. */
static void add_implied(marks *m, const cf_result *r)
{
	mark_kind kind = kind_of(&r->implied_period, r->implied, false, true);
	if (kind != MARK_IMPLIED_YEAR && kind != MARK_IMPLIED_PART)
		return;
	mark *k = marks_push(m);
	if (!k)
		return;
	mark_set(k, kind, &r->implied_period, r->implied, m->div);
	char per[CF_PERIOD_TEXT_MAX + 4];
	period_suffix(&r->implied_period, per, sizeof per);
	snprintf(k->label, sizeof k->label, "%.4g%s implied by claim %s",
		 k->mid, per, r->id ? r->id : "?");
}

static void collect(marks *m, chart *ch, const cf_series *s)
{
	for (size_t i = 0; i < s->count; i++)
		if (!s->figures[i]->implied) /* they come from the results */
			add_figure(m, ch, s->figures[i]);
	const cf_results *rs = &ch->a->results;
	for (size_t i = 0; i < rs->n; i++) {
		const cf_result *r = &rs->items[i];
		if (r->has_implied && r->implied_series &&
		    !strcmp(r->implied_series, s->name))
			add_implied(m, r);
	}
}

/* The vertical extent of a mark: its bar, or its arrow. */
static void extent(const marks *m, const mark *k, double *lo, double *hi)
{
	*lo = k->k == MARK_UPPER ? k->hi - m->arrow : k->lo;
	*hi = k->k == MARK_LOWER ? k->lo + m->arrow : k->hi;
	if (k->k == MARK_REF)
		*lo = *hi = k->mid;
}

static void measure(marks *m)
{
	m->ymax = 0;
	m->xmin = INFINITY;
	m->xmax = -INFINITY;
	for (size_t i = 0; i < m->n; i++) {
		const mark *k = &m->v[i];
		m->xmin = fmin(m->xmin, k->x);
		m->xmax = fmax(m->xmax, k->x);
		m->ymax = fmax(m->ymax, isfinite(k->hi) ? k->hi : k->lo);
	}
	m->arrow = m->ymax > 0 ? m->ymax * 0.12 : 1;
	if (!(m->ymax > 0))
		m->ymax = 1;
	for (size_t i = 0; i < m->n; i++) {
		double lo, hi;
		extent(m, &m->v[i], &lo, &hi);
		m->ymax = fmax(m->ymax, hi);
	}
}

static int by_x(const void *a, const void *b)
{
	const mark *p = a, *q = b;
	if (p->x != q->x)
		return (p->x > q->x) - (p->x < q->x);
	return (p->seq > q->seq) - (p->seq < q->seq);
}

/* One block per kind of mark; the reference line breaks (blank line) where
 * a year is missing, so it never joins across a gap. */
static int block(chart *ch, const marks *m, mark_kind kind)
{
	int rows = 0;
	double prev = NAN;
	for (size_t i = 0; i < m->n; i++) {
		const mark *k = &m->v[i];
		if (k->k != kind || (kind == MARK_REF && k->x == prev))
			continue; /* one reference value per year */
		if (!rows++)
			fprintf(ch->out, "$mark%d << EOD\n", (int)kind);
		if (kind == MARK_REF && isfinite(prev) && k->x != prev + 1)
			fputc('\n', ch->out);
		prev = k->x;
		if (kind == MARK_LOWER)
			fprintf(ch->out, "%g %.10g 0 %.10g\n", k->x, k->lo,
				m->arrow);
		else if (kind == MARK_UPPER)
			fprintf(ch->out, "%g %.10g 0 %.10g\n", k->x, k->hi,
				-m->arrow);
		else
			fprintf(ch->out, "%g %.10g %.10g %.10g\n", k->x, k->mid,
				k->lo, k->hi);
	}
	if (rows)
		block_end(ch);
	return rows;
}

static bool repeats(const marks *m, size_t i)
{
	for (size_t j = 0; j < i; j++)
		if (m->v[j].k != MARK_REF && m->v[j].x == m->v[i].x &&
		    !strcmp(m->v[j].label, m->v[i].label))
			return true;
	return false;
}

/* With many cited full years a label on each would cover the chart: then
 * only every step-th of them is labelled, and the first and the last; the
 * other kinds of mark (bounds, part years, implied) always are. */
static bool labelled(const marks *m, size_t i)
{
	size_t years = 0, rank = 0, last = 0;
	for (size_t j = 0; j < m->n; j++)
		if (m->v[j].k == MARK_YEAR) {
			if (j < i)
				rank++;
			last = years++;
		}
	if (m->v[i].k != MARK_YEAR || years <= 12)
		return true;
	size_t step = (years + 9) / 10;
	return rank == 0 || rank == last || rank % step == 0;
}

/* A label above each mark, clear of the other marks and labels; the same
 * text twice at one x (two sources agreeing) is written once. */
static void labels(chart *ch, const marks *m, double ytop)
{
	placer pl;
	placer_init(&pl, ch, m->xmin - 0.8, m->xmax + 0.8, 0, ytop, false);
	double lo, hi;
	for (size_t i = 0; i < m->n; i++) {
		extent(m, &m->v[i], &lo, &hi);
		placer_mark(&pl, m->v[i].x, lo, hi);
	}
	for (size_t i = 0; i < m->n; i++) {
		const mark *k = &m->v[i];
		if (k->k == MARK_REF || repeats(m, i) || !labelled(m, i))
			continue;
		extent(m, k, &lo, &hi);
		double x = k->x;
		double y = placer_put(&pl, &x, hi, k->label, false);
		chart_label(ch, k->label, "first", x, y,
			    "center font ',9' front");
	}
	ch->failed |= pl.failed;
	placer_free(&pl);
}

int chart_trade(chart *ch, const cf_series *s)
{
	marks m = {0};
	const char *ylabel = unit_axis(s->unit, &m.div);
	chart_titles(ch, s->name, "year", ylabel);
	collect(&m, ch, s);
	if (m.n)
		qsort(m.v, m.n, sizeof *m.v, by_x);
	measure(&m);
	for (int k = MARK_REF; k < MARK_COUNT_; k++) {
		char spec[128];
		snprintf(spec, sizeof spec, "$mark%d %s", k, mark_specs[k]);
		if (block(ch, &m, (mark_kind)k))
			chart_item(ch, spec, mark_titles[k]);
	}
	if (m.skipped) {
		char note[128];
		snprintf(note, sizeof note,
			 "%d figure%s over spans of years or to date not "
			 "drawn.",
			 m.skipped, m.skipped == 1 ? "" : "s");
		chart_caption(ch, note);
	}
	size_t years = 0;
	for (size_t i = 0; i < m.n; i++)
		years += m.v[i].k == MARK_YEAR;
	if (years > 12) {
		char note[160];
		snprintf(note, sizeof note,
			 "Values labelled for one in %zu of the %zu cited full "
			 "years, and the first and the last.",
			 (years + 9) / 10, years);
		chart_caption(ch, note);
	}
	if (ch->nitems) {
		double ytop = m.ymax * 1.25;
		labels(ch, &m, ytop);
		year_axis(ch, m.xmin, m.xmax);
		fprintf(ch->out, "set yrange [0:%.10g]\n", ytop);
	}
	ch->failed |= m.failed;
	free(m.v);
	return 0;
}
