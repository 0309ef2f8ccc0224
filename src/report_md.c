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

static void link_to(FILE *out, const char *prefix, const char *id)
{
	fputc('[', out);
	md(out, id);
	fputs("](#", out);
	report_anchor(out, prefix, id);
	fputc(')', out);
}

static void target(FILE *out, const char *prefix, const char *id)
{
	fputs("<a id=\"", out);
	report_anchor(out, prefix, id);
	fputs("\"></a>", out);
}

static void row_open(FILE *out, const char *prefix, const char *id)
{
	fputs("| ", out);
	if (id)
		target(out, prefix, id);
}

static void cell(FILE *out, size_t col, const char *head, const char *text,
		 bool num, const char *link)
{
	(void)head;
	(void)num;
	if (col)
		fputs(" | ", out);
	if (!link)
		md(out, text);
	else if (text)
		link_to(out, link, text);
}

static void item_open(FILE *out, const char *prefix, const char *id)
{
	fputs("- ", out);
	target(out, prefix, id);
}

static const report_rows rows = {
    md,		  row_open,    cell, " |\n",  item_open,
    {"**", "**"}, {" (", ")"}, "\n", link_to, {"\n### ", " (", ")", "\n", ""}};

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

static const report_markup markup = {md,
				     {"**", "** · "},
				     {"**", "**"},
				     {" (", ")"},
				     "\n\n",
				     {"> “", "”\n\n"},
				     {"- claim: ", "\n"},
				     {"- computed: ", ""},
				     {"; stated: ", ""},
				     {"; deviation: ", "\n"},
				     {"- note: ", "\n"}};

static void item(FILE *out, const cf_result *r)
{
	fputs("\n", out);
	target(out, report_is_claim(r) ? "claim" : "check", r->id);
	report_item_body(out, &markup, r);
	used(out, r);
}

static void claims(FILE *out, const cf_analysis *a)
{
	fputs("\n## Claims, by source\n", out);
	report_claims_by_source(out, a, &rows, item);
}

static void checks(FILE *out, const cf_analysis *a)
{
	fputs("\n## Cross-checks\n", out);
	report_each_check(out, a, false, item);
	char kinds[256];
	report_agreeing_kinds(a, kinds, sizeof kinds);
	fprintf(out,
		"\n<details><summary>%zu agreeing cross-checks (%s)</summary>"
		"\n",
		report_each_check(out, a, true, NULL), kinds);
	report_each_check(out, a, true, item);
	fputs("\n</details>\n", out);
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
	report_growth_rows(out, g, s->unit, &rows);
	char text[400];
	report_cagr_text(g, text, sizeof text);
	if (text[0])
		fprintf(out, "\n%s\n", text);
	report_trend_text(g, text, sizeof text);
	if (text[0])
		fprintf(out, "\n%s\n", text);
}

static void figures(FILE *out, const cf_dataset *ds)
{
	fputs("\n## Figures\n\n| id | series | period | value | source | quote "
	      "|\n|---|---|---|---|---|---|\n",
	      out);
	report_figure_rows(out, ds, &rows);
}

static void sources(FILE *out, const cf_dataset *ds)
{
	fputs("\n## Sources\n\n", out);
	report_source_items(out, ds, &rows);
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
