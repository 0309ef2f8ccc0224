/* chart_growth.c — year-on-year growth of a series as bars with their
 * intervals, the CAGR and the log-linear trend with its 95% band.  Growth
 * comes from the analysis (never computed here).  A YoY whose interval is
 * wide or open (its base known only as a bound, say) is drawn as a shaded
 * range with no bar: a bar would stand at a value the figures do not
 * give. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "chart.h"

/* Wider than this (a fraction: 10 percentage points) and a YoY is a
 * range, not a value. */
#define WIDE_YOY 0.10

typedef struct yrange {
	double lo, hi;
} yrange;

static void yrange_add(yrange *r, double v)
{
	if (isfinite(v)) {
		r->lo = fmin(r->lo, v);
		r->hi = fmax(r->hi, v);
	}
}

typedef enum yoy_kind { YOY_BAR, YOY_PART, YOY_RANGE } yoy_kind;

static bool is_range(const cf_yoy *y)
{
	return !isfinite(y->growth.lo) || !isfinite(y->growth.hi) ||
	       y->growth.hi - y->growth.lo > WIDE_YOY;
}

static bool yoy_is(const cf_yoy *y, yoy_kind k)
{
	if (!y->has_base || cf_interval_is_empty(y->growth) ||
	    (!isfinite(y->growth.lo) && !isfinite(y->growth.hi)))
		return false;
	if (k == YOY_RANGE)
		return is_range(y);
	if (is_range(y))
		return false;
	return k == YOY_PART ? cf_period_is_sub_year(&y->period)
			     : cf_period_is_year(&y->period);
}

static double yoy_x(const cf_yoy *y)
{
	return cf_period_last_year(&y->period) +
	       (cf_period_is_year(&y->period) ? 0 : 0.4);
}

/* Annual YoY as bars with their interval; part-year YoY as points beside
 * them (never compared with a full year: growth.h pairs like with like). */
static int yoy_block(chart *ch, const cf_growth *g, yoy_kind k, yrange *r,
		     double *xlo, double *xhi)
{
	int rows = 0;
	for (size_t i = 0; i < g->nyoy; i++) {
		const cf_yoy *y = &g->yoy[i];
		if (!yoy_is(y, k))
			continue;
		if (!rows++)
			block_begin(ch, k == YOY_PART ? "yoypart" : "yoy");
		double x = yoy_x(y);
		double v = isfinite(y->written) ? y->written
						: cf_interval_mid(y->growth);
		fprintf(ch->out, "%g %.10g %.10g %.10g 0.6\n", x, v * 100,
			y->growth.lo * 100, y->growth.hi * 100);
		yrange_add(r, y->growth.lo * 100);
		yrange_add(r, y->growth.hi * 100);
		*xlo = fmin(*xlo, x);
		*xhi = fmax(*xhi, x);
		char text[32];
		cf_percent_text(v, 1, true, text, sizeof text);
		chart_label(ch, text, "first", x,
			    v >= 0 ? y->growth.hi * 100 : y->growth.lo * 100,
			    v >= 0 ? "center offset 0,0.7 font ',8' front"
				   : "center offset 0,-0.8 font ',8' front");
	}
	if (rows)
		block_end(ch);
	return rows;
}

/* Why a YoY is only a range: its base (or the value itself) is a bound,
 * e.g. "2020 known only as a lower bound". */
static void range_reason(const cf_growth *g, const cf_yoy *y, char *buf,
			 size_t size)
{
	char per[CF_PERIOD_TEXT_MAX];
	snprintf(buf, size, "imprecise figures");
	for (size_t i = 0; i < g->npoints; i++) {
		const cf_point *p = &g->points[i];
		if (!cf_period_equal(&p->period, &y->base) &&
		    !cf_period_equal(&p->period, &y->period))
			continue;
		const char *bound = !isfinite(p->value.hi)   ? "a lower"
				    : !isfinite(p->value.lo) ? "an upper"
							     : NULL;
		if (bound) {
			snprintf(buf, size, "%s known only as %s bound",
				 cf_period_format(&p->period, per, sizeof per),
				 bound);
			return;
		}
	}
}

/* Ends of a range on the axis: an open end reaches the axis' edge. */
static int range_block(chart *ch, const cf_growth *g, const yrange *r,
		       double *xlo, double *xhi)
{
	int rows = 0;
	for (size_t i = 0; i < g->nyoy; i++) {
		const cf_yoy *y = &g->yoy[i];
		if (!yoy_is(y, YOY_RANGE))
			continue;
		if (!rows++)
			block_begin(ch, "yoyrange");
		double x = yoy_x(y);
		double lo = isfinite(y->growth.lo) ? y->growth.lo * 100 : r->lo;
		double hi = isfinite(y->growth.hi) ? y->growth.hi * 100 : r->hi;
		fprintf(ch->out, "%g %.10g %.10g %.10g\n", x, (lo + hi) / 2, lo,
			hi);
		*xlo = fmin(*xlo, x);
		*xhi = fmax(*xhi, x);
		char a[24], b[24], per[CF_PERIOD_TEXT_MAX], why[96], text[256];
		cf_percent_text(y->growth.lo, 1, true, a, sizeof a);
		cf_percent_text(y->growth.hi, 1, true, b, sizeof b);
		range_reason(g, y, why, sizeof why);
		if (!ch->caption[0])
			chart_caption(ch, "Hatched: growth the figures give "
					  "only as a range, drawn without a "
					  "bar:");
		snprintf(text, sizeof text, "%s%s %s to %s (%s)",
			 rows > 1 ? "; " : "",
			 cf_period_format(&y->period, per, sizeof per), a, b,
			 why);
		size_t n = strlen(ch->caption);
		snprintf(ch->caption + n, sizeof ch->caption - n, "%s%s",
			 rows > 1 ? "" : " ", text);
	}
	if (rows) {
		block_end(ch);
		size_t n = strlen(ch->caption);
		snprintf(ch->caption + n, sizeof ch->caption - n, ".");
	}
	return rows;
}

static void growth_cagr(chart *ch, const cf_growth *g, yrange *r)
{
	if (!g->has_cagr || !isfinite(cf_interval_mid(g->cagr)))
		return;
	double v = isfinite(g->cagr_written) ? g->cagr_written
					     : cf_interval_mid(g->cagr);
	int a = cf_period_last_year(&g->cagr_from);
	int b = cf_period_last_year(&g->cagr_to);
	if (!isfinite(g->cagr.lo) || !isfinite(g->cagr.hi) ||
	    g->cagr.hi - g->cagr.lo > WIDE_YOY) {
		/* no line at a made-up rate: say what the figures allow */
		char lo[24], hi[24], text[160];
		cf_percent_text(g->cagr.lo, 1, true, lo, sizeof lo);
		cf_percent_text(g->cagr.hi, 1, true, hi, sizeof hi);
		snprintf(text, sizeof text,
			 "CAGR %d-%d not drawn: the figures allow anything "
			 "from %s to %s per year.",
			 a, b, lo, hi);
		chart_caption(ch, text);
		return;
	}
	block_begin(ch, "cagr");
	fprintf(ch->out, "%d %.10g\n%d %.10g\n", a, v * 100, b, v * 100);
	block_end(ch);
	yrange_add(r, v * 100);
	char title[160], rate[32], iv[128];
	snprintf(title, sizeof title, "CAGR %d-%d: %s per year %s", a, b,
		 cf_percent_text(v, 1, false, rate, sizeof rate),
		 cf_interval_text(g->cagr, CF_UNIT_PERCENT, 3, iv, sizeof iv));
	chart_item(ch, "$cagr using 1:2 with lines lt 4 lw 2 dt 2", title);
}

static void growth_trend(chart *ch, const cf_growth *g, yrange *r)
{
	if (!g->has_trend || !isfinite(g->trend.rate))
		return;
	const cf_trend *t = &g->trend;
	bool band = isfinite(t->rate_lo) && isfinite(t->rate_hi);
	block_begin(ch, "trend");
	for (int i = 0; i < 2; i++)
		fprintf(ch->out, "%d %.10g %.10g %.10g\n",
			i ? t->last_year : t->first_year, t->rate * 100,
			(band ? t->rate_lo : t->rate) * 100,
			(band ? t->rate_hi : t->rate) * 100);
	block_end(ch);
	char title[160];
	if (band) {
		char iv[128];
		snprintf(
		    title, sizeof title, "trend 95%% CI %s",
		    cf_interval_text(cf_interval_closed(t->rate_lo, t->rate_hi),
				     CF_UNIT_PERCENT, 3, iv, sizeof iv));
		chart_item(ch,
			   "$trend using 1:3:4 with filledcurves lt 3 "
			   "fs transparent solid 0.2 noborder",
			   title);
		yrange_add(r, t->rate_lo * 100);
		yrange_add(r, t->rate_hi * 100);
	}
	char rate[32];
	snprintf(title, sizeof title,
		 "trend (log-linear fit %d-%d): %s per year", t->first_year,
		 t->last_year,
		 cf_percent_text(t->rate, 1, false, rate, sizeof rate));
	chart_item(ch, "$trend using 1:2 with lines lt 3 lw 2", title);
	yrange_add(r, t->rate * 100);
}

/* The finite ends of the ranges widen the axis; open ends do not. */
static void ranges_measure(const cf_growth *g, yrange *r)
{
	for (size_t i = 0; i < g->nyoy; i++)
		if (yoy_is(&g->yoy[i], YOY_RANGE)) {
			yrange_add(r, g->yoy[i].growth.lo * 100);
			yrange_add(r, g->yoy[i].growth.hi * 100);
		}
}

int chart_growth(chart *ch, const cf_series *s, cf_error *err)
{
	const cf_growth *g = cf_analysis_growth(ch->a, s->name);
	if (!g)
		return cf_error_set(err, CF_ENOTFOUND, NULL, 0, 0,
				    "the growth of '%s' was not analysed",
				    s->name);
	char title[256];
	snprintf(title, sizeof title, "%s: growth", s->name);
	chart_titles(ch, title, "year", "% per year");
	for (size_t i = 0; i < s->count; i++)
		if (!s->figures[i]->implied)
			chart_source(ch, s->figures[i]->source);
	yrange r = {0, 0};
	double xlo = INFINITY, xhi = -INFINITY;
	fputs("set style fill solid 0.55 border\nset xzeroaxis lt -1 lw 1\n",
	      ch->out);
	ranges_measure(g, &r);
	if (yoy_block(ch, g, YOY_BAR, &r, &xlo, &xhi))
		chart_item(ch, "$yoy using 1:2:3:4:5 with boxerrorbars lt 1",
			   "year-on-year growth (annual)");
	if (yoy_block(ch, g, YOY_PART, &r, &xlo, &xhi))
		chart_item(ch,
			   "$yoypart using 1:2:3:4 with yerrorbars lt 2 pt 9 "
			   "ps 1.4",
			   "year-on-year growth, part of a year");
	if (range_block(ch, g, &r, &xlo, &xhi))
		chart_item(ch,
			   "$yoyrange using 1:2:($1-0.28):($1+0.28):3:4 with "
			   "boxxyerror lt 1 fs pattern 4 border lc rgb "
			   "'#0072B2'",
			   "year-on-year growth known only as a range");
	if (ch->nitems) {
		growth_cagr(ch, g, &r);
		growth_trend(ch, g, &r);
		year_axis(ch, xlo, xhi);
		double pad = (r.hi - r.lo) * 0.08 + 1;
		fprintf(ch->out, "set yrange [%.10g:%.10g]\n", r.lo - pad,
			r.hi + pad * 1.5);
	}
	return 0;
}
