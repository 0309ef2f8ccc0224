/* chart_claims.c — every claim's stated value (as rounded, or with its
 * tolerance) and the value recomputed from the figures, as intervals on a
 * common scale (deviation from the stated value, % of it), coloured by
 * verdict.  Results come from the analysis. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "chart.h"

/* The claims among the analysis' results (not the cross-checks), in file
 * order. */
typedef struct claimv {
	const cf_result **items;
	size_t n;
} claimv;

static const char *const verdict_colour[] = {
    [CF_VERDICT_INCONSISTENT] = "#D55E00",
    [CF_VERDICT_UNDETERMINED] = "#E69F00",
    [CF_VERDICT_UNVERIFIABLE] = "#000000",
    [CF_VERDICT_CONSISTENT] = "#009E73",
};

/* Deviation from the stated midpoint in percent, clipped to the axis. */
static double rel(double v, double mid, double lim)
{
	double d = (v - mid) / fabs(mid) * 100;
	return d < -lim ? -lim : d > lim ? lim : d;
}

static bool claim_drawable(const cf_result *r)
{
	double m = cf_interval_mid(r->stated);
	return isfinite(m) && m != 0;
}

/* Axis half-width: the widest finite end, at most 100%. */
static double claims_limit(const claimv *rs)
{
	double lim = 1;
	for (size_t i = 0; i < rs->n; i++) {
		const cf_result *r = rs->items[i];
		double m = cf_interval_mid(r->stated);
		if (!claim_drawable(r))
			continue;
		double e[4] = {r->stated.lo, r->stated.hi, r->computed.lo,
			       r->computed.hi};
		for (int k = 0; k < 4; k++)
			if (isfinite(e[k]))
				lim = fmax(lim, fabs((e[k] - m) / m * 100));
	}
	return fmin(lim * 1.1, 100);
}

static void claims_rows(chart *ch, const claimv *rs, double lim, bool stated,
			int verdict)
{
	int rows = 0;
	for (size_t i = 0; i < rs->n; i++) {
		const cf_result *r = rs->items[i];
		cf_interval v = stated ? r->stated : r->computed;
		if (!claim_drawable(r) ||
		    (!stated && (int)r->verdict != verdict) ||
		    cf_interval_is_empty(v) ||
		    (!isfinite(v.lo) && !isfinite(v.hi)))
			continue;
		double m = cf_interval_mid(r->stated);
		double lo = rel(v.lo, m, lim), hi = rel(v.hi, m, lim);
		double mid = isfinite(cf_interval_mid(v))
				 ? rel(cf_interval_mid(v), m, lim)
				 : (lo + hi) / 2;
		double y = (double)(rs->n - i) + (stated ? 0.17 : -0.17);
		if (!rows++)
			fprintf(ch->out, "$%s%d << EOD\n",
				stated ? "stated" : "computed", verdict);
		fprintf(ch->out, "%.10g %.10g %.10g %.10g\n", mid, y, lo, hi);
	}
	if (rows) {
		block_end(ch);
		char spec[160];
		if (stated)
			snprintf(spec, sizeof spec,
				 "$stated%d using 1:2:3:4 with xerrorbars "
				 "lc rgb '#999999' lw 4 pt 3 ps 0.8",
				 verdict);
		else
			snprintf(spec, sizeof spec,
				 "$computed%d using 1:2:3:4 with xerrorbars "
				 "lc rgb '%s' lw 3 pt 7 ps 1",
				 verdict, verdict_colour[verdict]);
		chart_item(ch, spec,
			   stated ? "stated (as rounded or with tolerance)"
				  : cf_verdict_name((cf_verdict)verdict));
	}
}

/* Arrows at the axis edge where an interval runs past it (an open bound
 * or a deviation over the limit). */
static void claims_arrows(chart *ch, const claimv *rs, double lim)
{
	int rows = 0;
	for (size_t i = 0; i < rs->n; i++) {
		const cf_result *r = rs->items[i];
		if (!claim_drawable(r) || cf_interval_is_empty(r->computed))
			continue;
		double m = cf_interval_mid(r->stated),
		       y = (double)(rs->n - i) - 0.17;
		double ends[2] = {r->computed.lo, r->computed.hi};
		for (int k = 0; k < 2; k++) {
			double d = (ends[k] - m) / fabs(m) * 100;
			if (isfinite(d) && fabs(d) <= lim)
				continue;
			if (!rows++)
				block_begin(ch, "beyond");
			double x = k ? lim * 0.94 : -lim * 0.94;
			fprintf(ch->out, "%.10g %.10g %.10g 0\n", x, y,
				k ? lim * 0.05 : -lim * 0.05);
		}
	}
	if (rows) {
		block_end(ch);
		chart_item(
		    ch,
		    "$beyond using 1:2:3:4 with vectors lc rgb '#555555' "
		    "lw 2 head filled",
		    "runs past the axis");
	}
}

/* y tics: the claim ids, quoted (they are data). */
static void claims_axis(chart *ch, const claimv *rs, double lim)
{
	for (size_t i = 0; i < rs->n; i++)
		if (rs->items[i]->verdict == CF_VERDICT_UNVERIFIABLE)
			chart_label(ch, "unverifiable", "first", lim * 0.05,
				    (double)(rs->n - i) - 0.17,
				    "left font ',8'");
	fputs("set ytics (", ch->out);
	for (size_t i = 0; i < rs->n; i++) {
		fprintf(ch->out, "%s", i ? ", " : "");
		cf_gnuplot_quote(ch->out, rs->items[i]->id);
		fprintf(ch->out, " %zu", rs->n - i);
	}
	fprintf(
	    ch->out,
	    ") font ',8'\nset yrange [0.4:%zu.6]\nset xrange [%.10g:%.10g]\n"
	    "set grid xtics ytics\nset xtics format '%%+.0f%%%%'\n",
	    rs->n, -lim, lim);
}

int chart_claims(chart *ch, cf_error *err)
{
	const cf_results *all = &ch->a->results;
	claimv rs = {malloc((all->n ? all->n : 1) * sizeof *rs.items), 0};
	if (!rs.items)
		return cf_error_set(err, CF_ENOMEM, NULL, 0, 0,
				    "out of memory");
	for (size_t i = 0; i < all->n; i++)
		if (all->items[i].kind && !strcmp(all->items[i].kind, "claim"))
			rs.items[rs.n++] = &all->items[i];
	chart_titles(ch, "Claims: stated and recomputed values",
		     "deviation from the stated value (% of it)", "claim");
	if (rs.n) {
		double lim = claims_limit(&rs);
		claims_rows(ch, &rs, lim, true, 0);
		for (int v = CF_VERDICT_INCONSISTENT;
		     v <= CF_VERDICT_CONSISTENT; v++)
			claims_rows(ch, &rs, lim, false, v);
		claims_arrows(ch, &rs, lim);
		claims_axis(ch, &rs, lim);
		for (size_t i = 0; i < rs.n; i++)
			chart_source(ch, rs.items[i]->source);
	}
	free(rs.items);
	return 0;
}
