/* chart_scholarships.c — scholarships and training places, provided and
 * pledged, each figure a segment across the period it covers.  Labels are
 * short ("[2] 3,500"): the programme names, which can be long, are in a
 * numbered key under the plot. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "chart.h"

typedef struct span {
	bool pledged;
	const char *program; /* borrowed */
	char period[CF_PERIOD_TEXT_MAX];
	double v, lo, hi; /* count, fractional years */
	int key;	  /* 1-based number of its programme */
} span;

typedef struct spans {
	span *v;
	size_t n;
	const char **programs; /* distinct, in order: key k is [k-1] */
	size_t nprograms;
	double ymin, ymax, xmin, xmax;
	bool log, failed;
} spans;

/* A period as a span of fractional years: 2015/2019 is [2015, 2020); a
 * to-date figure (no start) is a point at its end. */
static void period_span(const cf_period *p, double *lo, double *hi)
{
	*hi = (double)(p->last + 1) / 12.0;
	*lo = p->kind == CF_PERIOD_TO_DATE ? *hi : (double)p->first / 12.0;
}

static int program_key(spans *sp, const char *program)
{
	for (size_t i = 0; i < sp->nprograms; i++)
		if (!strcmp(sp->programs[i], program))
			return (int)i + 1;
	const char **g = realloc(sp->programs, (sp->nprograms + 1) * sizeof *g);
	if (!g) {
		sp->failed = true;
		return 0;
	}
	sp->programs = g;
	g[sp->nprograms++] = program;
	return (int)sp->nprograms;
}

static void add(spans *sp, const cf_series *s, const cf_point *p)
{
	double v = point_value(p);
	if (p->conflict || !(v > 0))
		return;
	span *g = realloc(sp->v, (sp->n + 1) * sizeof *g);
	if (!g) {
		sp->failed = true;
		return;
	}
	sp->v = g;
	span *x = &g[sp->n++];
	x->pledged = !strcmp(series_attr(s, "status"), "pledged");
	x->program = series_attr(s, "program");
	x->key = program_key(sp, x->program);
	x->v = v;
	period_span(&p->period, &x->lo, &x->hi);
	cf_period_format(&p->period, x->period, sizeof x->period);
	sp->ymin = fmin(sp->ymin, v);
	sp->ymax = fmax(sp->ymax, v);
	sp->xmin = fmin(sp->xmin, x->lo);
	sp->xmax = fmax(sp->xmax, x->hi);
}

static int collect(chart *ch, spans *sp, cf_error *err)
{
	sp->ymin = sp->xmin = INFINITY;
	sp->ymax = 0;
	sp->xmax = -INFINITY;
	for (size_t i = 0; i < ch->ds->nseries; i++) {
		const cf_series *s = &ch->ds->series[i];
		if (!s->count || s->figures[0]->table != CF_TABLE_SCHOLARSHIPS)
			continue;
		const char *st = series_attr(s, "status");
		if (strcmp(st, "provided") && strcmp(st, "pledged"))
			continue;
		cf_point *pts = NULL;
		size_t n = 0;
		int rc = chart_points(s, &pts, &n, err);
		if (rc != 0)
			return rc;
		for (size_t j = 0; j < n; j++)
			add(sp, s, &pts[j]);
		for (size_t j = 0; j < s->count; j++)
			if (!s->figures[j]->implied)
				chart_source(ch, s->figures[j]->source);
		free(pts);
	}
	/* counts spread over decades get a log axis, so that 300 and 500
	 * do not sit on top of each other */
	sp->log = sp->ymax > 20 * sp->ymin;
	return sp->failed
		   ? cf_error_set(err, CF_ENOMEM, NULL, 0, 0, "out of memory")
		   : 0;
}

static int block(chart *ch, const spans *sp, bool pledged)
{
	int rows = 0;
	for (size_t i = 0; i < sp->n; i++) {
		const span *x = &sp->v[i];
		if (x->pledged != pledged)
			continue;
		if (!rows++)
			block_begin(ch, pledged ? "pledged" : "provided");
		fprintf(ch->out, "%.10g %.10g %.10g %.10g\n",
			(x->lo + x->hi) / 2, x->v, x->lo, x->hi);
	}
	if (rows)
		block_end(ch);
	return rows;
}

/* "Programmes: [1] government scholarships; [2] training…" */
static void key_caption(chart *ch, const spans *sp)
{
	char text[512] = "Programmes:";
	for (size_t i = 0; i < sp->nprograms; i++) {
		size_t n = strlen(text);
		snprintf(text + n, sizeof text - n, "%s [%zu] %s", i ? ";" : "",
			 i + 1, sp->programs[i]);
	}
	for (char *c = text; *c; c++)
		if (*c == '_')
			*c = ' ';
	chart_caption(ch, text);
}

static double ylo(const spans *sp)
{
	return sp->log ? sp->ymin / 2 : 0;
}

static double yhi(const spans *sp)
{
	return sp->log ? sp->ymax * 2.5 : sp->ymax * 1.25;
}

/* Each label just right of its segment's end, clear of the others. */
static void labels(chart *ch, const spans *sp, double x0, double x1)
{
	placer pl;
	placer_init(&pl, ch, x0, x1, ylo(sp), yhi(sp), sp->log);
	for (size_t i = 0; i < sp->n; i++) {
		const span *x = &sp->v[i];
		double py = px_y(&pl, x->v);
		placer_add(&pl, (box){px_x(&pl, x->lo) - 6,
				      px_x(&pl, x->hi) + 6, py - 5, py + 5});
	}
	for (size_t i = 0; i < sp->n; i++) {
		const span *x = &sp->v[i];
		char text[96];
		snprintf(text, sizeof text, "[%d] %.0f (%s)", x->key, x->v,
			 x->period);
		double lx = x->hi;
		double y = placer_put(&pl, &lx, x->v, text, true);
		chart_label(ch, text, "first", lx, y, "left font ',8' front");
	}
	ch->failed |= pl.failed;
	placer_free(&pl);
}

int chart_scholarships(chart *ch, cf_error *err)
{
	spans sp = {0};
	int rc = collect(ch, &sp, err);
	chart_titles(ch,
		     "Scholarships and training places: provided and pledged",
		     "year", sp.log ? "places (log scale)" : "places");
	if (rc == 0 && block(ch, &sp, false))
		chart_item(ch,
			   "$provided using 1:2:3:4 with xerrorbars lt 1 lw 3 "
			   "pt 7 ps 1.2",
			   "provided (to date: a point at its end)");
	if (rc == 0 && block(ch, &sp, true))
		chart_item(ch,
			   "$pledged using 1:2:3:4 with xerrorbars lt 2 lw 3 "
			   "pt 4 ps 1.2",
			   "pledged, over the period it covers");
	if (rc == 0 && ch->nitems) {
		key_caption(ch, &sp);
		/* room on the right for the labels */
		double x0 = floor(sp.xmin), x1 = ceil(sp.xmax) + 3;
		labels(ch, &sp, x0 - 0.8, x1 + 0.8);
		year_axis(ch, x0, x1);
		fprintf(ch->out, "%sset yrange [%.10g:%.10g]\n",
			sp.log ? "set logscale y\n" : "", ylo(&sp), yhi(&sp));
	}
	free(sp.v);
	free(sp.programs);
	return rc;
}
