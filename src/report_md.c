/* report_md.c — report.md: the same information as report.html, in
 * Markdown.  Data strings are escaped (no markup, no raw HTML, no line
 * breaks); anchors are explicit (<a id>) so links work on any renderer
 * that keeps inline HTML, and the text reads well where none does. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "report_doc.h"

/* Markdown text: no line breaks, no table separators, no markup, no raw
 * HTML. */
static void md(FILE *out, const char *s)
{
	for (const char *c = s ? s : ""; *c; c++) {
		if (*c == '\n' || *c == '\r' || *c == '\t')
			fputc(' ', out);
		else if (*c == '<')
			fputs("&lt;", out);
		else if (*c == '&')
			fputs("&amp;", out);
		else if (strchr("|\\`*_[]#", *c))
			fprintf(out, "\\%c", *c);
		else
			fputc(*c, out);
	}
}

/* The same anchor names as report.html. */
static void anchor(FILE *out, const char *prefix, const char *id)
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

static void link_to(FILE *out, const char *prefix, const char *id)
{
	fputc('[', out);
	md(out, id);
	fputs("](#", out);
	anchor(out, prefix, id);
	fputc(')', out);
}

static void target(FILE *out, const char *prefix, const char *id)
{
	fputs("<a id=\"", out);
	anchor(out, prefix, id);
	fputs("\"></a>", out);
}

static void counts(FILE *out, const cf_analysis *a)
{
	report_counts n;
	report_count(a, &n);
	fputs("\n## Verdicts\n\n| verdict | claims | cross-checks |\n"
	      "|---|---:|---:|\n",
	      out);
	size_t tc = 0, tk = 0;
	for (int c = 0; c < RC_COUNT_; c++) {
		fprintf(out, "| %s | %zu | %zu |\n",
			c == RC_WEAK ? "consistent (weak)"
				     : report_class_names[c],
			n.claims[c], n.checks[c]);
		tc += n.claims[c];
		tk += n.checks[c];
	}
	fprintf(out, "| **total** | %zu | %zu |\n", tc, tk);
}

static void used(FILE *out, const cf_result *r)
{
	if (!r->nfigures)
		return;
	fputs("- figures used:", out);
	for (size_t i = 0; i < r->nfigures; i++) {
		fputc(' ', out);
		link_to(out, "fig", r->figures[i]->id);
	}
	fputc('\n', out);
}

static void item(FILE *out, const cf_result *r)
{
	bool claim = report_is_claim(r);
	char verdict[64];
	report_verdict_text(r, verdict, sizeof verdict);
	report_values v;
	report_values_of(r, &v);
	fputs("\n", out);
	target(out, claim ? "claim" : "check", r->id);
	fputs("**", out);
	md(out, r->id);
	fputs("** — ", out);
	fprintf(out, "**%s**", verdict);
	if (!claim) {
		fputs(" (", out);
		md(out, r->kind);
		fputs(")", out);
	}
	fputs("\n\n", out);
	if (r->quote && *r->quote) {
		fputs("> “", out);
		md(out, r->quote);
		fputs("”\n\n", out);
	}
	fputs("- claim: ", out);
	md(out, r->text);
	fputs("\n- computed: ", out);
	md(out, v.computed);
	fputs("; stated: ", out);
	md(out, v.stated);
	fputs("; deviation: ", out);
	md(out, v.deviation);
	fputc('\n', out);
	if (r->note && *r->note) {
		fputs("- note: ", out);
		md(out, r->note);
		fputc('\n', out);
	}
	used(out, r);
}

static bool owns(const cf_analysis *a, const cf_result *r, const char *id)
{
	if (!report_is_claim(r))
		return false;
	return id ? r->source && !strcmp(r->source, id)
		  : !r->source || !cf_dataset_source(a->ds, r->source);
}

static void source_claims(FILE *out, const cf_analysis *a, const char *id)
{
	char title[700];
	report_source_text(a->ds, id, title, sizeof title);
	fputs("\n### ", out);
	md(out, title);
	if (id) {
		fputs(" (", out);
		link_to(out, "src", id);
		fputs(")", out);
	}
	fputc('\n', out);
	for (size_t i = 0; i < a->results.n; i++)
		if (owns(a, &a->results.items[i], id))
			item(out, &a->results.items[i]);
}

static void claims(FILE *out, const cf_analysis *a)
{
	fputs("\n## Claims, by source\n", out);
	const cf_dataset *ds = a->ds;
	for (size_t i = 0; i < ds->nsources; i++)
		if (report_source_has_claims(a, ds->sources[i].id))
			source_claims(out, a, ds->sources[i].id);
	for (size_t i = 0; i < a->results.n; i++)
		if (owns(a, &a->results.items[i], NULL)) {
			source_claims(out, a, NULL);
			break;
		}
}

static void checks(FILE *out, const cf_analysis *a)
{
	fputs("\n## Cross-checks\n", out);
	const cf_result **sorted = cf_analysis_sorted(a);
	size_t agreeing = 0;
	for (size_t i = 0; sorted && i < a->results.n; i++) {
		const cf_result *r = sorted[i];
		if (report_is_claim(r))
			continue;
		if (report_class(r) == RC_CONSISTENT)
			agreeing++;
		else
			item(out, r);
	}
	char kinds[256];
	report_agreeing_kinds(a, kinds, sizeof kinds);
	fprintf(out,
		"\n<details><summary>%zu agreeing cross-checks (%s)</summary>"
		"\n",
		agreeing, kinds);
	for (size_t i = 0; sorted && i < a->results.n; i++)
		if (!report_is_claim(sorted[i]) &&
		    report_class(sorted[i]) == RC_CONSISTENT)
			item(out, sorted[i]);
	fputs("\n</details>\n", out);
	free(sorted);
}

static void charts(FILE *out, const cf_analysis *a)
{
	fputs("\n## Charts\n", out);
	for (int c = 0; c < CF_CHART_COUNT_; c++) {
		const char *name = cf_chart_name((cf_chart)c);
		char caption[600];
		report_chart_caption(a, (cf_chart)c, caption, sizeof caption);
		fprintf(out, "\n![%s chart](%s.svg)\n\n", name, name);
		md(out, caption);
		fprintf(out, " ([%s.png](%s.png))\n", name, name);
	}
}

static void pct(double x, char *buf, size_t size)
{
	if (isfinite(x))
		snprintf(buf, size, "%+.2f%%", x * 100);
	else
		snprintf(buf, size, "–");
}

static void growth(FILE *out, const cf_analysis *a)
{
	const cf_series *s = a->main_series;
	const cf_growth *g = s ? cf_analysis_growth(a, s->name) : NULL;
	if (!g)
		return;
	fputs("\n## Growth of ", out);
	md(out, s->name);
	fputs(
	    "\n\n| period | value | YoY | YoY interval |\n|---|---|---:|---|\n",
	    out);
	for (size_t i = 0; i < g->nyoy; i++) {
		const cf_yoy *y = &g->yoy[i];
		char per[CF_PERIOD_TEXT_MAX], v[96] = "–", w[32], iv[96] = "–";
		for (size_t k = 0; k < g->npoints; k++)
			if (cf_period_equal(&g->points[k].period, &y->period))
				cf_interval_text(g->points[k].value, s->unit, 4,
						 v, sizeof v);
		pct(y->has_base ? y->written : NAN, w, sizeof w);
		if (y->has_base)
			cf_interval_text(y->growth, CF_UNIT_PERCENT, 3, iv,
					 sizeof iv);
		fputs("| ", out);
		md(out, cf_period_format(&y->period, per, sizeof per));
		fputs(" | ", out);
		md(out, v);
		fprintf(out, " | %s | ", w);
		md(out, iv);
		fputs(" |\n", out);
	}
	if (g->has_cagr) {
		char p1[CF_PERIOD_TEXT_MAX], p2[CF_PERIOD_TEXT_MAX], x[32],
		    lo[32], hi[32];
		pct(g->cagr_written, x, sizeof x);
		pct(g->cagr.lo, lo, sizeof lo);
		pct(g->cagr.hi, hi, sizeof hi);
		fprintf(
		    out, "\nCAGR %s to %s: %s per year (interval %s to %s).\n",
		    cf_period_format(&g->cagr_from, p1, sizeof p1),
		    cf_period_format(&g->cagr_to, p2, sizeof p2), x, lo, hi);
	}
	if (g->has_trend) {
		char x[32], lo[32], hi[32];
		pct(g->trend.rate, x, sizeof x);
		pct(g->trend.rate_lo, lo, sizeof lo);
		pct(g->trend.rate_hi, hi, sizeof hi);
		fprintf(
		    out,
		    "\nLog-linear trend %d-%d over %zu annual points: %s per "
		    "year (95%% CI %s to %s); doubling time %.1f years.\n",
		    g->trend.first_year, g->trend.last_year, g->trend.n, x, lo,
		    hi, g->trend.doubling_years);
	}
}

static void figures(FILE *out, const cf_dataset *ds)
{
	fputs("\n## Figures\n\n| id | series | period | value | source | quote "
	      "|\n|---|---|---|---|---|---|\n",
	      out);
	for (size_t i = 0; i < ds->nfigures; i++) {
		const cf_figure *f = ds->figures[i];
		if (f->implied)
			continue; /* a claim's result, not a figure */
		char per[CF_PERIOD_TEXT_MAX], val[160];
		report_figure_value(f, val, sizeof val);
		fputs("| ", out);
		target(out, "fig", f->id);
		md(out, f->id);
		fputs(" | ", out);
		md(out, f->series);
		fputs(" | ", out);
		md(out, cf_period_format(&f->period, per, sizeof per));
		fputs(" | ", out);
		md(out, val);
		fputs(" | ", out);
		if (f->source)
			link_to(out, "src", f->source);
		fputs(" | ", out);
		md(out, f->quote);
		fputs(" |\n", out);
	}
}

static void sources(FILE *out, const cf_dataset *ds)
{
	fputs("\n## Sources\n\n", out);
	for (size_t i = 0; i < ds->nsources; i++) {
		const cf_source *s = &ds->sources[i];
		char text[700];
		report_source_text(ds, s->id, text, sizeof text);
		fputs("- ", out);
		target(out, "src", s->id);
		fputs("**", out);
		md(out, s->id);
		fputs("**: ", out);
		md(out, text);
		if (s->file && *s->file) {
			fputs(" (", out);
			md(out, s->file);
			fputs(")", out);
		}
		fputs(s->reference ? " — reference statistics\n" : "\n", out);
	}
}

int report_md(FILE *out, const cf_analysis *a)
{
	const cf_dataset *ds = a->ds;
	fputs("# cifra report\n\nData directory ", out);
	md(out, ds->dir);
	fprintf(out, ": %zu figures in %zu series, %zu sources, %zu claims.\n",
		report_nfigures(ds), ds->nseries, ds->nsources, ds->nclaims);
	counts(out, a);
	claims(out, a);
	checks(out, a);
	charts(out, a);
	growth(out, a);
	figures(out, ds);
	sources(out, ds);
	return 0;
}
