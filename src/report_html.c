/* report_html.c — report.html: one self-contained page (inline CSS and
 * SVG, no script, nothing fetched from elsewhere) read top-down, with a
 * filter by verdict made of radio buttons and CSS (no JavaScript), a
 * print stylesheet, and a layout that never scrolls sideways (tables
 * become cards on a narrow screen, long words break). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "report_doc.h"

static void esc(FILE *out, const char *s)
{
	for (const char *c = s ? s : ""; *c; c++) {
		switch (*c) {
		case '<':
			fputs("&lt;", out);
			break;
		case '>':
			fputs("&gt;", out);
			break;
		case '&':
			fputs("&amp;", out);
			break;
		case '"':
			fputs("&quot;", out);
			break;
		case '\'':
			fputs("&#39;", out);
			break;
		default:
			fputc(*c, out);
		}
	}
}

static void link_to(FILE *out, const char *prefix, const char *id)
{
	fputs("<a href=\"#", out);
	report_anchor(out, prefix, id);
	fputs("\">", out);
	esc(out, id);
	fputs("</a>", out);
}

static const char css[] =
    "*{box-sizing:border-box}\n"
    "body{font-family:system-ui,sans-serif;line-height:1.45;color:#222;"
    "margin:0;padding:0 1rem}\n"
    "header,main{max-width:1100px;margin:0 auto}\n"
    "main,header{overflow-wrap:anywhere}\n"
    "h1{margin:1rem 0 .3rem}h2{margin-top:2rem;border-bottom:1px solid "
    "#ddd}\n"
    "code{font-size:.9em;background:#f4f4f4;padding:0 .2em}\n"
    "table{border-collapse:collapse;width:100%;font-size:.88em;margin:"
    ".6rem 0}\n"
    "td,th{border:1px solid #ccc;padding:.25em .45em;vertical-align:top;"
    "text-align:left}\nth{background:#f3f3f3}\n"
    "td.num{text-align:right;white-space:nowrap}\n"
    ".item{border:1px solid #ddd;border-left:6px solid #888;border-radius:"
    "4px;padding:.5rem .8rem;margin:.7rem 0}\n"
    ".item p{margin:.3rem 0}\n"
    ".item blockquote{margin:.3rem 0;padding-left:.7rem;border-left:3px "
    "solid #ccc;font-style:italic}\n"
    ".item dl{display:grid;grid-template-columns:max-content 1fr;gap:0 "
    ".8rem;margin:.3rem 0}\n.item dt{color:#555}.item dd{margin:0}\n"
    ".badge{display:inline-block;padding:0 .45em;border-radius:3px;"
    "color:#fff;font-weight:600;font-size:.85em}\n"
    ".v-inconsistent{border-left-color:#D55E00}.v-inconsistent .badge,"
    ".b-inconsistent{background:#D55E00;color:#fff}\n"
    ".v-undetermined{border-left-color:#E69F00}.v-undetermined .badge,"
    ".b-undetermined{background:#B07800;color:#fff}\n"
    ".v-unverifiable{border-left-color:#000}.v-unverifiable .badge,"
    ".b-unverifiable{background:#333;color:#fff}\n"
    ".v-weak{border-left-color:#56B4E9}.v-weak .badge,.b-weak{background:"
    "#1F6F99;color:#fff}\n"
    ".v-consistent{border-left-color:#009E73}.v-consistent .badge,"
    ".b-consistent{background:#007A59;color:#fff}\n"
    ".note{color:#444}.used{font-size:.88em;color:#555}\n"
    "figure{margin:1rem 0}figure svg{max-width:100%;height:auto;"
    "display:block}\nfigcaption{font-size:.9em;color:#444}\n"
    "input.f{position:absolute;opacity:0;pointer-events:none}\n"
    "nav.filter{margin:.6rem 0}nav.filter label{display:inline-block;"
    "border:1px solid #bbb;border-radius:3px;padding:.1em .5em;margin:"
    ".15em .1em;cursor:pointer}\n"
    "input.f:focus-visible+*{outline:2px solid #0072B2}\n"
    "details{margin:.6rem 0}summary{cursor:pointer}\n"
    "@media (max-width:640px){table.cards,table.cards tbody,table.cards "
    "tr,table.cards td{display:block;width:100%}table.cards tr:first-child"
    "{display:none}table.cards tr{border:1px solid #ccc;margin:.4rem 0}"
    "table.cards td{border:0}table.cards td::before{content:attr(data-h)"
    "\": \";font-weight:600}}\n"
    "@media print{nav.filter,input.f{display:none}.item{break-inside:"
    "avoid}figure{break-inside:avoid}a{color:inherit;text-decoration:"
    "none}body{padding:0}h2{break-after:avoid}}\n";

/* One radio button per class before <header> and <main> (so that
 * `#show-X:checked ~ main` can hide the rest) and their rules. */
static void filter_css(FILE *out)
{
	for (int c = 0; c < RC_COUNT_; c++)
		fprintf(out,
			"#show-%s:checked~main .item:not(.v-%s){display:none}"
			"\n#show-%s:checked~header label[for=show-%s]{"
			"background:#222;color:#fff}\n",
			report_class_names[c], report_class_names[c],
			report_class_names[c], report_class_names[c]);
	fputs("#show-all:checked~header label[for=show-all]{background:#222;"
	      "color:#fff}\n",
	      out);
}

static void head(FILE *out, const cf_analysis *a)
{
	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta "
	      "charset=\"utf-8\">\n<meta name=\"viewport\" "
	      "content=\"width=device-width, initial-scale=1\">\n"
	      "<title>cifra report</title>\n<style>\n",
	      out);
	fputs(css, out);
	filter_css(out);
	fputs("</style>\n</head>\n<body>\n<input class=\"f\" type=\"radio\" "
	      "name=\"show\" id=\"show-all\" checked>\n",
	      out);
	for (int c = 0; c < RC_COUNT_; c++)
		fprintf(out,
			"<input class=\"f\" type=\"radio\" name=\"show\" "
			"id=\"show-%s\">\n",
			report_class_names[c]);
	const cf_dataset *ds = a->ds;
	fputs("<header>\n<h1>cifra report</h1>\n<p>Data directory <code>", out);
	esc(out, ds->dir);
	fprintf(out,
		"</code>: %zu figures in %zu series, %zu sources, %zu "
		"claims.</p>\n",
		report_nfigures(ds), ds->nseries, ds->nsources, ds->nclaims);
	report_counts n;
	report_count(a, &n);
	fputs("<nav class=\"filter\">Show: <label for=\"show-all\">all</label>",
	      out);
	for (int c = 0; c < RC_COUNT_; c++)
		fprintf(out, " <label for=\"show-%s\">%s (%zu)</label>",
			report_class_names[c],
			c == RC_WEAK ? "consistent (weak)"
				     : report_class_names[c],
			n.claims[c] + n.checks[c]);
	fputs("</nav>\n</header>\n<main>\n", out);
}

static void counts_section(FILE *out, const cf_analysis *a)
{
	report_counts n;
	report_count(a, &n);
	fputs("<section id=\"verdicts\">\n<h2>Verdicts</h2>\n<table>\n<tr>"
	      "<th>verdict</th><th>claims</th><th>cross-checks</th></tr>\n",
	      out);
	size_t tc = 0, tk = 0;
	for (int c = 0; c < RC_COUNT_; c++) {
		fprintf(out,
			"<tr><td><span class=\"badge b-%s\">%s</span></td>"
			"<td class=\"num\">%zu</td><td class=\"num\">%zu</td>"
			"</tr>\n",
			report_class_names[c],
			c == RC_WEAK ? "consistent (weak)"
				     : report_class_names[c],
			n.claims[c], n.checks[c]);
		tc += n.claims[c];
		tk += n.checks[c];
	}
	fprintf(out,
		"<tr><th>total</th><th class=\"num\">%zu</th><th "
		"class=\"num\">%zu</th></tr>\n</table>\n</section>\n",
		tc, tk);
}

/* The figures (and their sources) a result used, as links. */
static void used(FILE *out, const cf_result *r)
{
	if (!r->nfigures && !r->source)
		return;
	fputs("<p class=\"used\">", out);
	if (r->nfigures) {
		fputs("Figures used:", out);
		for (size_t i = 0; i < r->nfigures; i++) {
			fputc(' ', out);
			link_to(out, "fig", r->figures[i]->id);
		}
	}
	const char *seen[64];
	size_t ns = 0;
	for (size_t i = 0; i < r->nfigures; i++) {
		const char *s = r->figures[i]->source;
		size_t k = 0;
		while (s && k < ns && strcmp(seen[k], s))
			k++;
		if (s && k == ns && ns < 64)
			seen[ns++] = s;
	}
	if (ns)
		fputs(r->nfigures ? "; their sources:" : "Sources:", out);
	for (size_t k = 0; k < ns; k++) {
		fputc(' ', out);
		link_to(out, "src", seen[k]);
	}
	fputs("</p>\n", out);
}

static const report_markup markup = {esc,
				     {"<p><span class=\"badge\">", "</span> "},
				     {"<strong>", "</strong>"},
				     {" (", ")"},
				     "</p>\n",
				     {"<blockquote>“", "”</blockquote>\n"},
				     {"<p><code>", "</code></p>\n"},
				     {"<dl><dt>computed</dt><dd>", "</dd>"},
				     {"<dt>stated</dt><dd>", "</dd>"},
				     {"<dt>deviation</dt><dd>", "</dd></dl>\n"},
				     {"<p class=\"note\">", "</p>\n"}};

/* One claim or cross-check as a card. */
static void item(FILE *out, const cf_result *r)
{
	fprintf(out, "<div class=\"item v-%s\" id=\"",
		report_class_names[report_class(r)]);
	report_anchor(out, report_is_claim(r) ? "claim" : "check", r->id);
	fputs("\">\n", out);
	report_item_body(out, &markup, r);
	used(out, r);
	fputs("</div>\n", out);
}

static void source_claims(FILE *out, const cf_analysis *a, const char *id)
{
	if (!report_each_claim(out, a, id, NULL))
		return;
	char title[700];
	cf_source_text(a->ds, id, title, sizeof title);
	fputs("<article>\n<h3>", out);
	esc(out, title);
	if (id) {
		fputs(" <small>(", out);
		link_to(out, "src", id);
		fputs(")</small>", out);
	}
	fputs("</h3>\n", out);
	report_each_claim(out, a, id, item);
	fputs("</article>\n", out);
}

static void claims_section(FILE *out, const cf_analysis *a)
{
	fputs("<section id=\"claims\">\n<h2>Claims, by source</h2>\n", out);
	for (size_t i = 0; i < a->ds->nsources; i++)
		source_claims(out, a, a->ds->sources[i].id);
	source_claims(out, a, NULL);
	fputs("</section>\n", out);
}

static void checks_section(FILE *out, const cf_analysis *a)
{
	fputs("<section id=\"checks\">\n<h2>Cross-checks</h2>\n", out);
	report_each_check(out, a, false, item);
	char kinds[256];
	report_agreeing_kinds(a, kinds, sizeof kinds);
	fprintf(out,
		"<details>\n<summary>%zu agreeing cross-checks (%s)"
		"</summary>\n",
		report_each_check(out, a, true, NULL), kinds);
	report_each_check(out, a, true, item);
	fputs("</details>\n</section>\n", out);
}

/* An SVG written by gnuplot, for inlining: from "<svg" on, its ids (and
 * the references to them) prefixed by the chart's name, since every
 * gnuplot SVG defines the same ids. */
static int inline_svg(FILE *out, const char *path, const char *prefix)
{
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return CF_EWRITE;
	char *buf = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&buf, &len);
	int c;
	while (mem && (c = getc(fp)) != EOF)
		putc(c, mem);
	fclose(fp);
	if (!mem || fclose(mem) != 0) {
		free(buf);
		return CF_ENOMEM;
	}
	static const char *const pats[] = {"id='",     "id=\"", "href='#",
					   "href=\"#", "url(#", NULL};
	const char *p = strstr(buf, "<svg");
	while (p && *p) {
		size_t plen = 0;
		for (int i = 0; pats[i] && !plen; i++)
			if (!strncmp(p, pats[i], strlen(pats[i])))
				plen = strlen(pats[i]);
		if (plen) {
			fprintf(out, "%.*s%s-", (int)plen, p, prefix);
			p += plen;
		} else {
			putc(*p++, out);
		}
	}
	free(buf);
	return 0;
}

static int charts_section(FILE *out, const cf_analysis *a, const char *chartdir)
{
	fputs("<section id=\"charts\">\n<h2>Charts</h2>\n", out);
	for (int c = 0; c < CF_CHART_COUNT_; c++) {
		const char *name = cf_chart_name((cf_chart)c);
		char path[4096], caption[600];
		snprintf(path, sizeof path, "%s/%s.svg", chartdir, name);
		fprintf(out, "<figure id=\"chart-%s\">\n", name);
		int rc = inline_svg(out, path, name);
		if (rc != 0)
			return rc;
		report_chart_caption(a, (cf_chart)c, caption, sizeof caption);
		fputs("<figcaption>", out);
		esc(out, caption);
		fprintf(out,
			" (<a href=\"%s.svg\">%s.svg</a>, <a "
			"href=\"%s.png\">%s.png</a>)</figcaption>\n</figure>\n",
			name, name, name, name);
	}
	fputs("</section>\n", out);
	return 0;
}

static void cell(FILE *out, const char *head_, const char *text, bool num)
{
	fprintf(out, "<td data-h=\"%s\"%s>", head_,
		num ? " class=\"num\"" : "");
	esc(out, text);
	fputs("</td>", out);
}

static void growth_section(FILE *out, const cf_analysis *a)
{
	const cf_series *s = a->main_series;
	const cf_growth *g = s ? cf_analysis_growth(a, s->name) : NULL;
	if (!g)
		return;
	fputs("<section id=\"growth\">\n<h2>Growth of <code>", out);
	esc(out, s->name);
	fputs("</code></h2>\n<table class=\"cards\">\n<tr><th>period</th><th>"
	      "value</th><th>YoY</th><th>YoY interval</th></tr>\n",
	      out);
	for (size_t i = 0; i < g->nyoy; i++) {
		report_growth_row row;
		report_growth_row_of(g, i, s->unit, &row);
		fputs("<tr>", out);
		cell(out, "period", row.period, false);
		cell(out, "value", row.value, true);
		cell(out, "YoY", row.yoy, true);
		cell(out, "YoY interval", row.interval, true);
		fputs("</tr>\n", out);
	}
	fputs("</table>\n", out);
	char text[400];
	report_cagr_text(g, text, sizeof text);
	if (text[0])
		fprintf(out, "<p>%s</p>\n", text);
	report_trend_text(g, text, sizeof text);
	if (text[0])
		fprintf(out, "<p>%s</p>\n", text);
	fputs("</section>\n", out);
}

static void figures_section(FILE *out, const cf_dataset *ds)
{
	fputs("<section id=\"figures\">\n<h2>Figures</h2>\n<table "
	      "class=\"cards\">\n<tr><th>id</th><th>series</th><th>period</th>"
	      "<th>value</th><th>source</th><th>quote</th></tr>\n",
	      out);
	for (size_t i = 0; i < ds->nfigures; i++) {
		const cf_figure *f = ds->figures[i];
		if (f->implied)
			continue; /* a claim's result, not a figure */
		char per[CF_PERIOD_TEXT_MAX], val[160];
		report_figure_value(f, val, sizeof val);
		fputs("<tr id=\"", out);
		report_anchor(out, "fig", f->id);
		fputs("\">", out);
		cell(out, "id", f->id, false);
		cell(out, "series", f->series, false);
		cell(out, "period",
		     cf_period_format(&f->period, per, sizeof per), false);
		cell(out, "value", val, false);
		fputs("<td data-h=\"source\">", out);
		if (f->source)
			link_to(out, "src", f->source);
		fputs("</td>", out);
		cell(out, "quote", f->quote, false);
		fputs("</tr>\n", out);
	}
	fputs("</table>\n</section>\n", out);
}

static void sources_section(FILE *out, const cf_dataset *ds)
{
	fputs("<section id=\"sources\">\n<h2>Sources</h2>\n<ul>\n", out);
	for (size_t i = 0; i < ds->nsources; i++) {
		const cf_source *s = &ds->sources[i];
		char text[700];
		cf_source_text(ds, s->id, text, sizeof text);
		fputs("<li id=\"", out);
		report_anchor(out, "src", s->id);
		fputs("\"><strong>", out);
		esc(out, s->id);
		fputs("</strong>: ", out);
		esc(out, text);
		if (s->file && *s->file) {
			fputs(" (<code>", out);
			esc(out, s->file);
			fputs("</code>)", out);
		}
		fputs(s->reference ? " — reference statistics</li>\n"
				   : "</li>\n",
		      out);
	}
	fputs("</ul>\n</section>\n", out);
}

int report_html(FILE *out, const cf_analysis *a, const char *chartdir)
{
	head(out, a);
	counts_section(out, a);
	claims_section(out, a);
	checks_section(out, a);
	int rc = charts_section(out, a, chartdir);
	growth_section(out, a);
	figures_section(out, a->ds);
	sources_section(out, a->ds);
	fputs("</main>\n</body>\n</html>\n", out);
	return rc;
}
