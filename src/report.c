/* report.c — charts, report.md and report.html, written all or nothing.
 *
 * Every output goes to a temporary name in the target directory (a list of
 * pending renames); only when all are written are they renamed into place,
 * otherwise they are removed.  Data strings are escaped for the format they
 * land in: md_text for Markdown tables, html_text for HTML. */
#include "cifra/report.h"

#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cifra/checks.h"
#include "cifra/claims.h"
#include "cifra/growth.h"
#include "cifra/plot.h"

static const char *const report_files[] = {"report.md",
					   "report.html",
					   "trade.svg",
					   "trade.png",
					   "growth.svg",
					   "growth.png",
					   "loans.svg",
					   "loans.png",
					   "scholarships.svg",
					   "scholarships.png",
					   "claims.svg",
					   "claims.png",
					   NULL};

const char *const *cf_report_files(void)
{
	return report_files;
}

/* ---- pending files ------------------------------------------------------ */

typedef struct pending {
	char *tmp[32], *final[32];
	size_t n;
} pending;

static char *join(const char *dir, const char *name)
{
	size_t n = strlen(dir) + strlen(name) + 2;
	char *p = malloc(n);
	if (p)
		snprintf(p, n, "%s/%s", dir, name);
	return p;
}

static void pending_drop(pending *p)
{
	for (size_t i = 0; i < p->n; i++) {
		if (p->tmp[i])
			unlink(p->tmp[i]);
		free(p->tmp[i]);
		free(p->final[i]);
	}
	p->n = 0;
}

static int pending_commit(pending *p, cf_error *err)
{
	int rc = 0;
	for (size_t i = 0; i < p->n && rc == 0; i++) {
		if (rename(p->tmp[i], p->final[i]) != 0)
			rc = cf_error_set(err, CF_EWRITE, p->final[i], 0, 0,
					  "cannot write: %s", strerror(errno));
		else {
			free(p->tmp[i]);
			p->tmp[i] = NULL;
		}
	}
	pending_drop(p);
	return rc;
}

/* Writes text to a new temporary file beside final and queues it. */
static int pending_text(pending *p, const char *dir, const char *name,
			const char *text, cf_error *err)
{
	char *final = join(dir, name), *tmp = join(dir, ".report-XXXXXX");
	int fd = tmp && final ? mkstemp(tmp) : -1;
	if (fd >= 0)
		fchmod(fd, 0644); /* mkstemp makes 0600; a report is for sharing */
	FILE *fp = fd >= 0 ? fdopen(fd, "w") : NULL;
	bool ok = fp && fputs(text, fp) >= 0;
	if (fp)
		ok = (fclose(fp) == 0) && ok;
	else if (fd >= 0)
		close(fd);
	if (!ok) {
		int rc = cf_error_set(err, CF_EWRITE, final ? final : name, 0,
				      0, "cannot write: %s", strerror(errno));
		if (fd >= 0)
			unlink(tmp);
		free(tmp);
		free(final);
		return rc;
	}
	chmod(tmp, 0644);
	p->tmp[p->n] = tmp;
	p->final[p->n++] = final;
	return 0;
}

/* ---- escaping ----------------------------------------------------------- */

/* A Markdown table cell: no line breaks, no column separators, no markup,
 * no raw HTML. */
static void md_text(FILE *out, const char *s)
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

static void html_text(FILE *out, const char *s)
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

/* One writer for both formats: cells, rows, headings. */
typedef struct doc {
	FILE *out;
	bool html;
} doc;

static void cell(doc *d, const char *s)
{
	if (d->html) {
		fputs("<td>", d->out);
		html_text(d->out, s);
		fputs("</td>", d->out);
	} else {
		fputs(" ", d->out);
		md_text(d->out, s);
		fputs(" |", d->out);
	}
}

static void row_begin(doc *d)
{
	fputs(d->html ? "<tr>" : "|", d->out);
}

static void row_end(doc *d)
{
	fputs(d->html ? "</tr>\n" : "\n", d->out);
}

static void table_head(doc *d, const char *const *cols)
{
	size_t n = 0;
	fputs(d->html ? "<table>\n<tr>" : "|", d->out);
	for (; cols[n]; n++)
		fprintf(d->out, d->html ? "<th>%s</th>" : " %s |", cols[n]);
	fputs(d->html ? "</tr>\n" : "\n|", d->out);
	for (size_t i = 0; !d->html && i < n; i++)
		fputs("---|", d->out);
	if (!d->html)
		fputc('\n', d->out);
}

static void table_end(doc *d)
{
	fputs(d->html ? "</table>\n" : "\n", d->out);
}

static void heading(doc *d, int level, const char *text)
{
	if (d->html) {
		fprintf(d->out, "<h%d>", level);
		html_text(d->out, text);
		fprintf(d->out, "</h%d>\n", level);
	} else {
		fprintf(d->out, "\n%.*s ", level, "######");
		md_text(d->out, text);
		fputs("\n\n", d->out);
	}
}

static void para(doc *d, const char *text)
{
	fputs(d->html ? "<p>" : "", d->out);
	d->html ? html_text(d->out, text) : md_text(d->out, text);
	fputs(d->html ? "</p>\n" : "\n\n", d->out);
}

/* ---- sections ----------------------------------------------------------- */

static void checks_section(doc *d, const cf_results *rs)
{
	static const char *const cols[] = {
	    "verdict", "kind",	    "id",     "claim or check", "computed",
	    "stated",  "deviation", "source", "note",		NULL};
	heading(d, 2, "Checks");
	table_head(d, cols);
	for (size_t i = 0; i < rs->n; i++) {
		const cf_result *r = &rs->items[i];
		char comp[96], stat[96], dev[32], verdict[64];
		snprintf(verdict, sizeof verdict, "%s%s",
			 cf_verdict_name(r->verdict),
			 r->within_rounding ? " (within rounding)" : "");
		cf_interval_text(r->computed, r->unit, 4, comp, sizeof comp);
		cf_interval_text(r->stated, r->unit, 4, stat, sizeof stat);
		if (isfinite(r->deviation))
			snprintf(dev, sizeof dev, "%+.1f%%",
				 r->deviation * 100);
		else
			snprintf(dev, sizeof dev, "–");
		row_begin(d);
		cell(d, verdict);
		cell(d, r->kind);
		cell(d, r->id);
		cell(d, r->text);
		cell(d, comp);
		cell(d, stat);
		cell(d, dev);
		cell(d, r->source ? r->source : "");
		cell(d, r->note ? r->note : "");
		row_end(d);
	}
	table_end(d);
}

static void pct(double x, char *buf, size_t size)
{
	if (isfinite(x))
		snprintf(buf, size, "%+.2f%%", x * 100);
	else
		snprintf(buf, size, "–");
}

static void growth_summary(doc *d, const cf_growth *g)
{
	char line[512], a[32], b[32], c[32];
	if (g->has_cagr) {
		char p1[CF_PERIOD_TEXT_MAX], p2[CF_PERIOD_TEXT_MAX];
		pct(g->cagr_written, a, sizeof a);
		pct(g->cagr.lo, b, sizeof b);
		pct(g->cagr.hi, c, sizeof c);
		snprintf(line, sizeof line,
			 "CAGR %s to %s: %s per year (interval %s to %s).",
			 cf_period_format(&g->cagr_from, p1, sizeof p1),
			 cf_period_format(&g->cagr_to, p2, sizeof p2), a, b, c);
		para(d, line);
	}
	if (g->has_trend) {
		pct(g->trend.rate, a, sizeof a);
		pct(g->trend.rate_lo, b, sizeof b);
		pct(g->trend.rate_hi, c, sizeof c);
		snprintf(
		    line, sizeof line,
		    "Log-linear trend %d-%d over %zu annual points: %s per "
		    "year (95%% CI %s to %s); doubling time %.1f years.",
		    g->trend.first_year, g->trend.last_year, g->trend.n, a, b,
		    c, g->trend.doubling_years);
		para(d, line);
	}
}

static void growth_section(doc *d, const cf_series *s, cf_error *err)
{
	static const char *const cols[] = {"period", "value", "YoY",
					   "YoY interval", NULL};
	cf_growth *g = NULL;
	char title[300];
	snprintf(title, sizeof title, "Growth of %s", s->name);
	heading(d, 2, title);
	if (cf_growth_compute(s, NULL, NULL, &g, err) != 0) {
		para(d, err->message);
		return;
	}
	table_head(d, cols);
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
		row_begin(d);
		cell(d, cf_period_format(&y->period, per, sizeof per));
		cell(d, v);
		cell(d, w);
		cell(d, iv);
		row_end(d);
	}
	table_end(d);
	growth_summary(d, g);
	cf_growth_free(g);
}

static void source_text(const cf_dataset *ds, const char *id, char *buf,
			size_t size)
{
	const cf_source *src = cf_dataset_source(ds, id);
	snprintf(buf, size, "%s%s%s%s%s", id ? id : "", src ? ": " : "",
		 src && src->title ? src->title : "",
		 src && src->publisher && *src->publisher ? ", " : "",
		 src && src->publisher ? src->publisher : "");
}

static void figures_section(doc *d, const cf_dataset *ds)
{
	static const char *const cols[] = {
	    "id", "series", "period", "value", "source", "quote", NULL};
	heading(d, 2, "Figures and their sources");
	table_head(d, cols);
	for (size_t i = 0; i < ds->nfigures; i++) {
		const cf_figure *f = ds->figures[i];
		char per[CF_PERIOD_TEXT_MAX], val[128], src[700];
		snprintf(val, sizeof val, "%s%s%s %s %s",
			 f->qualifier == CF_QUAL_EXACT
			     ? ""
			     : cf_qualifier_name(f->qualifier),
			 f->qualifier == CF_QUAL_EXACT ? "" : " ",
			 f->value_text ? f->value_text : "",
			 cf_scale_name(f->scale), cf_unit_name(f->unit));
		source_text(ds, f->source, src, sizeof src);
		row_begin(d);
		cell(d, f->id);
		cell(d, f->series);
		cell(d, cf_period_format(&f->period, per, sizeof per));
		cell(d, val);
		cell(d, src);
		cell(d, f->quote);
		row_end(d);
	}
	table_end(d);
}

/* ---- charts ------------------------------------------------------------- */

/* An SVG written by gnuplot, for inlining: from "<svg" on, with its ids
 * (and the references to them) prefixed by the chart's name, since every
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

typedef struct rendered {
	char *svg_tmp[CF_CHART_COUNT_];
} rendered;

static int render_chart(cf_dataset *ds, const char *dir, cf_chart c, pending *p,
			rendered *r, cf_error *err)
{
	char *body = NULL;
	int rc = cf_chart_script(ds, c, NULL, &body, err);
	for (int fmt = 0; fmt < 2 && rc == 0; fmt++) {
		char name[64];
		snprintf(name, sizeof name, "%s.%s", cf_chart_name(c),
			 fmt ? "png" : "svg");
		char *final = join(dir, name), *tmp = NULL;
		rc = final ? cf_plot_render_temp(body, final, &tmp, err)
			   : cf_error_set(err, CF_ENOMEM, NULL, 0, 0,
					  "out of memory");
		if (rc != 0) {
			free(final);
			break;
		}
		p->tmp[p->n] = tmp;
		p->final[p->n++] = final;
		if (!fmt)
			r->svg_tmp[c] = tmp;
	}
	free(body);
	return rc;
}

static int charts_section(doc *d, const rendered *r)
{
	heading(d, 2, "Charts");
	for (int c = 0; c < CF_CHART_COUNT_; c++) {
		const char *name = cf_chart_name((cf_chart)c);
		if (!d->html) {
			fprintf(d->out, "![%s chart](%s.svg)\n\n", name, name);
			continue;
		}
		fprintf(d->out, "<figure id=\"chart-%s\">\n", name);
		int rc = inline_svg(d->out, r->svg_tmp[c], name);
		if (rc != 0)
			return rc;
		fprintf(d->out,
			"<figcaption>%s (also %s.svg, %s.png)"
			"</figcaption></figure>\n",
			name, name, name);
	}
	return 0;
}

/* ---- the documents ------------------------------------------------------ */

static const char html_head[] =
    "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
    "<title>cifra report</title>\n<style>\n"
    "body{font-family:sans-serif;max-width:1100px;margin:2em auto;"
    "padding:0 1em;color:#222}\n"
    "table{border-collapse:collapse;font-size:0.85em;margin:1em 0;"
    "display:block;overflow-x:auto}\n"
    "td,th{border:1px solid #ccc;padding:0.25em 0.5em;vertical-align:top;"
    "text-align:left}\nth{background:#f3f3f3}\n"
    "figure{margin:1em 0}svg{max-width:100%;height:auto}\n"
    "</style>\n</head>\n<body>\n";

static int document(const cf_dataset *ds, const cf_results *rs,
		    const rendered *r, bool html, char **out, cf_error *err)
{
	size_t len = 0;
	doc d = {open_memstream(out, &len), html};
	if (!d.out)
		return cf_error_set(err, CF_ENOMEM, NULL, 0, 0,
				    "out of memory");
	if (html)
		fputs(html_head, d.out);
	heading(&d, 1, "cifra report");
	char line[600];
	snprintf(line, sizeof line,
		 "Data directory %s: %zu figures in %zu series, %zu sources, "
		 "%zu claims.",
		 ds->dir ? ds->dir : "", ds->nfigures, ds->nseries,
		 ds->nsources, ds->nclaims);
	para(&d, line);
	checks_section(&d, rs);
	const cf_series *s = cf_plot_default_series(ds);
	if (s)
		growth_section(&d, s, err);
	int rc = charts_section(&d, r);
	figures_section(&d, ds);
	if (html)
		fputs("</body>\n</html>\n", d.out);
	bool bad = ferror(d.out);
	if (fclose(d.out) != 0 || bad || rc != 0) {
		free(*out);
		*out = NULL;
		return cf_error_set(err, rc ? rc : CF_ENOMEM, NULL, 0, 0,
				    "cannot build the report");
	}
	return 0;
}

static int evaluate(cf_dataset *ds, cf_results *rs, cf_error *err)
{
	int rc = cf_claims_check(ds, rs, err);
	if (rc == 0)
		rc = cf_checks_run(ds, rs, err);
	if (rc == 0)
		cf_results_sort(rs);
	return rc;
}

static int make_dir(const char *dir, bool *created, cf_error *err)
{
	struct stat st;
	*created = false;
	if (stat(dir, &st) == 0)
		return S_ISDIR(st.st_mode)
			   ? 0
			   : cf_error_set(err, CF_EWRITE, dir, 0, 0,
					  "not a directory");
	if (mkdir(dir, 0755) != 0)
		return cf_error_set(err, CF_EWRITE, dir, 0, 0,
				    "cannot create the directory: %s",
				    strerror(errno));
	*created = true;
	return 0;
}

static int write_all(cf_dataset *ds, const char *dir, pending *p, cf_error *err)
{
	cf_results rs = {0};
	rendered r = {0};
	char *md = NULL, *html = NULL;
	int rc = evaluate(ds, &rs, err);
	for (int c = 0; c < CF_CHART_COUNT_ && rc == 0; c++)
		rc = render_chart(ds, dir, (cf_chart)c, p, &r, err);
	if (rc == 0)
		rc = document(ds, &rs, &r, false, &md, err);
	if (rc == 0)
		rc = document(ds, &rs, &r, true, &html, err);
	if (rc == 0)
		rc = pending_text(p, dir, "report.md", md, err);
	if (rc == 0)
		rc = pending_text(p, dir, "report.html", html, err);
	free(md);
	free(html);
	cf_results_free(&rs);
	return rc;
}

int cf_report_write(cf_dataset *ds, const char *dir, cf_error *err)
{
	int rc = cf_plot_available(err);
	bool created = false;
	if (rc == 0)
		rc = make_dir(dir, &created, err);
	if (rc != 0)
		return rc;
	pending p = {0};
	rc = write_all(ds, dir, &p, err);
	if (rc == 0)
		rc = pending_commit(&p, err);
	pending_drop(&p);
	if (rc != 0 && created)
		rmdir(dir);
	return rc;
}
