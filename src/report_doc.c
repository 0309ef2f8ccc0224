/* report_doc.c — what report.md and report.html share: verdict classes
 * and counts, values as text, source and figure descriptions, captions. */
#include "report_doc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

const char *const report_class_names[RC_COUNT_] = {
    "inconsistent", "undetermined", "unverifiable", "weak", "consistent"};

/* Weak agreement (SPEC §4): consistent, but the figures cannot pin the value
 * down.  The flag is the analysis's; the report never recomputes it. */
static bool is_weak(const cf_result *r)
{
	return r->weak;
}

rclass report_class(const cf_result *r)
{
	switch (r->verdict) {
	case CF_VERDICT_INCONSISTENT:
		return RC_INCONSISTENT;
	case CF_VERDICT_UNDETERMINED:
		return RC_UNDETERMINED;
	case CF_VERDICT_UNVERIFIABLE:
		return RC_UNVERIFIABLE;
	default:
		return is_weak(r) ? RC_WEAK : RC_CONSISTENT;
	}
}

bool report_is_claim(const cf_result *r)
{
	return r->kind && !strcmp(r->kind, "claim");
}

void report_count(const cf_analysis *a, report_counts *c)
{
	memset(c, 0, sizeof *c);
	for (size_t i = 0; i < a->results.n; i++) {
		const cf_result *r = &a->results.items[i];
		(report_is_claim(r) ? c->claims : c->checks)[report_class(r)]++;
	}
}

void report_values_of(const cf_result *r, report_values *v)
{
	/* fmt.h: an empty interval and a NaN read "–" */
	cf_interval_text(r->computed, r->unit, 4, v->computed,
			 sizeof v->computed);
	cf_interval_text(r->stated, r->unit, 4, v->stated, sizeof v->stated);
	cf_percent_text(r->deviation, 1, true, v->deviation,
			sizeof v->deviation);
}

void report_figure_value(const cf_figure *f, char *buf, size_t size)
{
	const char *q = f->qualifier == CF_QUAL_EXACT
			    ? ""
			    : cf_qualifier_name(f->qualifier);
	const char *scale =
	    f->scale == CF_SCALE_ONE ? "" : cf_scale_name(f->scale);
	snprintf(buf, size, "%s%s%s%s%s %s", q, *q ? " " : "",
		 f->value_text ? f->value_text : "", *scale ? " " : "", scale,
		 cf_unit_name(f->unit));
	for (char *p = buf; *p; p++)
		if (*p == '_')
			*p = ' ';
}

size_t report_nfigures(const cf_dataset *ds)
{
	size_t n = 0;
	for (size_t i = 0; i < ds->nfigures; i++)
		n += !ds->figures[i]->implied;
	return n;
}

void report_chart_caption(const cf_analysis *a, cf_chart c, char *buf,
			  size_t size)
{
	const char *s = a->main_series ? a->main_series->name : "";
	switch (c) {
	case CF_CHART_TRADE:
		snprintf(
		    buf, size,
		    "The cited figures of %s with their intervals, lower "
		    "bounds as arrows, the reference statistics as a line; "
		    "hollow markers are figures a claim implies (a result "
		    "of that claim, not evidence).",
		    s);
		break;
	case CF_CHART_GROWTH:
		snprintf(buf, size,
			 "Year-on-year growth of %s with its interval, the "
			 "CAGR and the log-linear trend with its 95%% band; a "
			 "hatched box is growth the figures give only as a "
			 "range (the chart says why).",
			 s);
		break;
	case CF_CHART_LOANS:
		snprintf(buf, size,
			 "Loans by year and borrower, from the "
			 "figures that fall within one calendar "
			 "year.");
		break;
	case CF_CHART_SCHOLARSHIPS:
		snprintf(buf, size,
			 "Scholarships and training places, "
			 "provided and pledged, each across the "
			 "period it covers.");
		break;
	default:
		snprintf(buf, size,
			 "Each claim's stated value (grey, as rounded or with "
			 "its tolerance) and the value recomputed from the "
			 "figures, as a deviation from the stated value, "
			 "coloured by verdict.");
	}
}

void report_agreeing_kinds(const cf_analysis *a, char *buf, size_t size)
{
	const char *kinds[16];
	size_t counts[16], nk = 0;
	for (size_t i = 0; i < a->results.n; i++) {
		const cf_result *r = &a->results.items[i];
		if (report_is_claim(r) || report_class(r) != RC_CONSISTENT)
			continue;
		size_t k = 0;
		while (k < nk && strcmp(kinds[k], r->kind))
			k++;
		if (k == nk && nk < 16) {
			kinds[nk] = r->kind;
			counts[nk++] = 0;
		}
		if (k < nk)
			counts[k]++;
	}
	buf[0] = '\0';
	for (size_t k = 0; k < nk; k++) {
		size_t n = strlen(buf);
		snprintf(buf + n, size - n, "%s%s %zu", k ? ", " : "", kinds[k],
			 counts[k]);
	}
}

static void part(FILE *out, const report_markup *m, const char *const mk[2],
		 const char *text)
{
	if (!text || !*text)
		return;
	fputs(mk[0], out);
	m->esc(out, text);
	fputs(mk[1], out);
}

void report_item_body(FILE *out, const report_markup *m, const cf_result *r)
{
	char verdict[64];
	cf_result_verdict_text(r, verdict, sizeof verdict);
	report_values v;
	report_values_of(r, &v);
	part(out, m, m->verdict, verdict);
	part(out, m, m->id, r->id);
	if (!report_is_claim(r))
		part(out, m, m->kind, r->kind);
	fputs(m->head_end, out);
	part(out, m, m->quote, r->quote);
	part(out, m, m->text, r->text);
	part(out, m, m->computed, v.computed);
	part(out, m, m->stated, v.stated);
	part(out, m, m->deviation, v.deviation);
	part(out, m, m->note, r->note);
}

size_t report_each_check(FILE *out, const cf_analysis *a, bool agreeing,
			 report_item_fn fn)
{
	size_t n = 0;
	for (size_t i = 0; i < a->results.n; i++) {
		const cf_result *r = a->by_severity[i];
		if (report_is_claim(r) ||
		    (report_class(r) == RC_CONSISTENT) != agreeing)
			continue;
		n++;
		if (fn)
			fn(out, r);
	}
	return n;
}

size_t report_each_claim(FILE *out, const cf_analysis *a, const char *id,
			 report_item_fn fn)
{
	size_t n = 0;
	for (size_t i = 0; i < a->results.n; i++) {
		const cf_result *r = &a->results.items[i];
		bool mine =
		    id ? r->source && !strcmp(r->source, id)
		       : !r->source || !cf_dataset_source(a->ds, r->source);
		if (!report_is_claim(r) || !mine)
			continue;
		n++;
		if (fn)
			fn(out, r);
	}
	return n;
}

void report_anchor(FILE *out, const char *prefix, const char *id)
{
	fprintf(out, "%s-", prefix);
	for (const unsigned char *c = (const unsigned char *)(id ? id : ""); *c;
	     c++) {
		if ((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
		    (*c >= '0' && *c <= '9') || *c == '-' || *c == '.')
			fputc(*c, out);
		else
			fprintf(out, "_%02X", *c);
	}
}

static void pct(double x, char *buf, size_t size)
{
	cf_percent_text(x, 2, true, buf, size);
}

void report_growth_row_of(const cf_growth *g, size_t i, cf_unit unit,
			  report_growth_row *row)
{
	const cf_yoy *y = &g->yoy[i];
	cf_period_format(&y->period, row->period, sizeof row->period);
	snprintf(row->value, sizeof row->value, "–");
	snprintf(row->interval, sizeof row->interval, "–");
	for (size_t k = 0; k < g->npoints; k++)
		if (cf_period_equal(&g->points[k].period, &y->period))
			cf_interval_text(g->points[k].value, unit, 4,
					 row->value, sizeof row->value);
	pct(y->has_base ? y->written : NAN, row->yoy, sizeof row->yoy);
	if (y->has_base)
		cf_interval_text(y->growth, CF_UNIT_PERCENT, 3, row->interval,
				 sizeof row->interval);
}

void report_cagr_text(const cf_growth *g, char *buf, size_t size)
{
	buf[0] = '\0';
	if (!g->has_cagr)
		return;
	char p1[CF_PERIOD_TEXT_MAX], p2[CF_PERIOD_TEXT_MAX], x[32], lo[32],
	    hi[32];
	pct(g->cagr_written, x, sizeof x);
	pct(g->cagr.lo, lo, sizeof lo);
	pct(g->cagr.hi, hi, sizeof hi);
	snprintf(buf, size, "CAGR %s to %s: %s per year (interval %s to %s).",
		 cf_period_format(&g->cagr_from, p1, sizeof p1),
		 cf_period_format(&g->cagr_to, p2, sizeof p2), x, lo, hi);
}

void report_trend_text(const cf_growth *g, char *buf, size_t size)
{
	buf[0] = '\0';
	if (!g->has_trend)
		return;
	char x[32], lo[32], hi[32];
	pct(g->trend.rate, x, sizeof x);
	pct(g->trend.rate_lo, lo, sizeof lo);
	pct(g->trend.rate_hi, hi, sizeof hi);
	snprintf(buf, size,
		 "Log-linear trend %d-%d over %zu annual points: %s per year "
		 "(95%% CI %s to %s); doubling time %.1f years.",
		 g->trend.first_year, g->trend.last_year, g->trend.n, x, lo, hi,
		 g->trend.doubling_years);
}

void report_growth_rows(FILE *out, const cf_growth *g, cf_unit unit,
			const report_rows *f)
{
	for (size_t i = 0; i < g->nyoy; i++) {
		report_growth_row row;
		report_growth_row_of(g, i, unit, &row);
		f->row_open(out, NULL, NULL);
		f->cell(out, 0, "period", row.period, false, NULL);
		f->cell(out, 1, "value", row.value, true, NULL);
		f->cell(out, 2, "YoY", row.yoy, true, NULL);
		f->cell(out, 3, "YoY interval", row.interval, true, NULL);
		fputs(f->row_close, out);
	}
}

void report_figure_rows(FILE *out, const cf_dataset *ds, const report_rows *f)
{
	for (size_t i = 0; i < ds->nfigures; i++) {
		const cf_figure *fig = ds->figures[i];
		if (fig->implied)
			continue; /* a claim's result, not a figure */
		char per[CF_PERIOD_TEXT_MAX], val[160];
		report_figure_value(fig, val, sizeof val);
		f->row_open(out, "fig", fig->id);
		f->cell(out, 0, "id", fig->id, false, NULL);
		f->cell(out, 1, "series", fig->series, false, NULL);
		f->cell(out, 2, "period",
			cf_period_format(&fig->period, per, sizeof per), false,
			NULL);
		f->cell(out, 3, "value", val, false, NULL);
		f->cell(out, 4, "source", fig->source, false, "src");
		f->cell(out, 5, "quote", fig->quote, false, NULL);
		fputs(f->row_close, out);
	}
}

void report_source_items(FILE *out, const cf_dataset *ds, const report_rows *f)
{
	for (size_t i = 0; i < ds->nsources; i++) {
		const cf_source *s = &ds->sources[i];
		char text[700];
		cf_source_text(ds, s->id, text, sizeof text);
		f->item_open(out, "src", s->id);
		fputs(f->strong[0], out);
		f->esc(out, s->id);
		fputs(f->strong[1], out);
		fputs(": ", out);
		f->esc(out, text);
		if (s->file && *s->file) {
			fputs(f->file[0], out);
			f->esc(out, s->file);
			fputs(f->file[1], out);
		}
		if (s->reference)
			fputs(" — reference statistics", out);
		fputs(f->item_close, out);
	}
}

static void source_claims(FILE *out, const cf_analysis *a, const char *id,
			  const report_rows *f, report_item_fn item)
{
	if (!report_each_claim(out, a, id, NULL))
		return;
	char title[700];
	cf_source_text(a->ds, id, title, sizeof title);
	fputs(f->group[0], out);
	f->esc(out, title);
	if (id) {
		fputs(f->group[1], out);
		f->link(out, "src", id);
		fputs(f->group[2], out);
	}
	fputs(f->group[3], out);
	report_each_claim(out, a, id, item);
	fputs(f->group[4], out);
}

void report_claims_by_source(FILE *out, const cf_analysis *a,
			     const report_rows *f, report_item_fn item)
{
	for (size_t i = 0; i < a->ds->nsources; i++)
		source_claims(out, a, a->ds->sources[i].id, f, item);
	source_claims(out, a, NULL, f, item);
}

int report_document(const cf_analysis *a, const char *chartdir, bool html,
		    char **out, cf_error *err)
{
	size_t len = 0;
	*out = NULL;
	FILE *mem = cf_memstream_open(out, &len);
	if (!mem)
		return cf_error_set(err, CF_ENOMEM, NULL, 0, 0,
				    "out of memory");
	int rc = html ? report_html(mem, a, chartdir) : report_md(mem, a);
	bool bad = ferror(mem);
	if (fclose(mem) != 0 || bad || rc != 0) {
		free(*out);
		*out = NULL;
		if (rc == CF_EWRITE)
			return cf_error_set(err, rc, chartdir, 0, 0,
					    "cannot read a chart to inline it");
		return cf_error_set(err, CF_ENOMEM, NULL, 0, 0,
				    "out of memory");
	}
	return 0;
}
