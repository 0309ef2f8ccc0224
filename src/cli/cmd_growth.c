/* cmd_growth.c — `cifra growth SERIES`: year-on-year growth of every period
 * that has a same-shaped predecessor, CAGR over the range, log-linear trend
 * growth with its 95% confidence interval, and the doubling time. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "check_text.h"
#include "cifra/comtrade_vintage.h"
#include "cifra/memstream.h"
#include "cli.h"
#include "growth_csv.h"

static const char usage[] =
    "usage: cifra growth SERIES [--from PERIOD] [--to PERIOD] [--data DIR]\n"
    "                    [--format table|csv|json]\n"
    "       cifra growth --csv FILE --key COLS --time COL --value COL ...\n"
    "                    (grouped growth of a large CSV: cifra growth --csv - "
    "--help)\n"
    "Year-on-year growth per period (against the same-shaped period a year\n"
    "earlier), CAGR from the first to the last annual figure, log-linear\n"
    "trend growth with its 95%% confidence interval, and the doubling time.\n"
    "Every growth figure is an interval computed from the cited intervals.\n";

typedef struct growth_args {
	const char *from, *to;
} growth_args;

static int on_option(int opt, const char *arg, void *ctx)
{
	growth_args *a = ctx;
	if (opt == 'f')
		a->from = arg;
	else if (opt == 't')
		a->to = arg;
	else
		return cli_usage_error("growth", "bad option");
	return 0;
}

enum {
	COL_MEASURE,
	COL_PERIOD,
	COL_BASE,
	COL_VALUE,
	COL_GROWTH,
	COL_LO,
	COL_HI,
	COL_NOTE,
	NCOLS
};

static int parse_bound(const char *text, cf_period *p, const cf_period **out)
{
	cf_error err;
	cf_error_clear(&err);
	*out = NULL;
	if (!text)
		return 0;
	if (cf_period_parse(text, p, &err) != 0)
		return cli_usage_error("growth", "bad period '%s': %s", text,
				       err.message);
	*out = p;
	return 0;
}

/* Every row's note with the row's label ("2014", "trend 2014/2024"), kept
 * to print in full below the table what the table cuts or leaves out. */
typedef struct row_note {
	char label[CF_PERIOD_TEXT_MAX * 2 + 8];
	char text[160];
} row_note;

typedef struct row_notes {
	size_t n, cap;
	row_note *v;
	bool oom;
} row_notes;

static void keep_note(row_notes *kept, const char *measure, const char *span,
		      const char *note)
{
	if (!note || !*note || kept->oom)
		return;
	if (kept->n == kept->cap) {
		size_t cap = kept->cap ? 2 * kept->cap : 16;
		row_note *v = realloc(kept->v, cap * sizeof *v);
		if (!v) {
			kept->oom = true;
			return;
		}
		kept->v = v;
		kept->cap = cap;
	}
	row_note *r = &kept->v[kept->n++];
	snprintf(r->label, sizeof r->label, "%s%s%s", measure,
		 *measure ? " " : "", span);
	snprintf(r->text, sizeof r->text, "%s", note);
}

/* One table row: the value as written (for CSV in base units, full
 * precision), growth as a fraction with its interval. */
static int add_row(cf_output *o, const char *measure, const char *period,
		   const char *base, const char *value, double value_raw,
		   double growth, cf_interval iv, const char *note)
{
	char g[32], lo[32], hi[32], graw[40], loraw[40], hiraw[40], vraw[40];
	cf_number_full_text(isfinite(value_raw) ? value_raw : NAN, vraw,
			    sizeof vraw);
	cf_percent_text(growth, 1, false, g, sizeof g);
	cf_percent_text(iv.lo, 1, false, lo, sizeof lo);
	cf_percent_text(iv.hi, 1, false, hi, sizeof hi);
	cf_number_full_text(growth, graw, sizeof graw);
	cf_number_full_text(iv.lo, loraw, sizeof loraw);
	cf_number_full_text(iv.hi, hiraw, sizeof hiraw);
	/* A growth from a bound has an interval but no value as written. */
	int missing = cf_interval_is_empty(iv);
	int rc = cf_output_row(o);
	rc = rc ? rc : cf_output_text(o, COL_MEASURE, measure);
	rc = rc ? rc : cf_output_text(o, COL_PERIOD, period);
	rc = rc ? rc : cf_output_text(o, COL_BASE, base);
	rc = rc ? rc : cf_output_cell(o, COL_VALUE, value, vraw, NULL);
	rc = rc ? rc : cf_output_cell(o, COL_GROWTH, g, graw, NULL);
	rc = rc ? rc
		: cf_output_cell(o, COL_LO, missing ? "" : lo,
				 missing ? "" : loraw, NULL);
	rc = rc ? rc
		: cf_output_cell(o, COL_HI, missing ? "" : hi,
				 missing ? "" : hiraw, NULL);
	rc = rc ? rc : cf_output_text(o, COL_NOTE, note);
	return rc;
}

static void point_text(const cf_series *s, const cf_point *p, char *buf,
		       size_t size)
{
	/* The first bounded figure of the period, else its first bound. */
	const cf_figure *best = NULL;
	for (size_t i = 0; i < s->count; i++) {
		const cf_figure *f = s->figures[i];
		if (!cf_period_equal(&f->period, &p->period))
			continue;
		if (!best || (!cf_interval_is_bounded(best->interval) &&
			      cf_interval_is_bounded(f->interval)))
			best = f;
	}
	if (best)
		cli_format_written(best, buf, size);
	else
		snprintf(buf, size, "–");
}

static const cf_point *find_point(const cf_growth *g, const cf_period *period)
{
	for (size_t j = 0; j < g->npoints; j++)
		if (cf_period_equal(&g->points[j].period, period))
			return &g->points[j];
	return NULL;
}

static int add_yoy_rows(cf_output *o, const cf_series *s, const cf_growth *g,
			row_notes *kept)
{
	int rc = 0;
	for (size_t i = 0; rc == 0 && i < g->nyoy; i++) {
		const cf_yoy *y = &g->yoy[i];
		char period[CF_PERIOD_TEXT_MAX], base[CF_PERIOD_TEXT_MAX],
		    value[96];
		cf_period_format(&y->period, period, sizeof period);
		cf_period_format(&y->base, base, sizeof base);
		const cf_point *p = find_point(g, &y->period);
		const cf_point *b = find_point(g, &y->base);
		if (p)
			point_text(s, p, value, sizeof value);
		char vintage[64] = "";
		if (y->has_base)
			cf_comtrade_vintage_change(s, &y->base, &y->period,
						   vintage, sizeof vintage);
		const char *note =
		    p && p->conflict   ? "conflicting figures"
		    : b && b->conflict ? "conflicting figures a year before"
		    : y->has_base      ? vintage
				       : "no figure for the year before";
		rc = add_row(
		    o, "yoy", period, y->has_base ? base : "", p ? value : "",
		    p ? p->written : NAN, y->has_base ? y->written : NAN,
		    y->has_base ? y->growth : cf_interval_empty(), note);
		keep_note(kept, "", period, note);
	}
	return rc;
}

static int add_summary_rows(cf_output *o, const cf_growth *g, row_notes *kept)
{
	int rc = 0;
	char from[CF_PERIOD_TEXT_MAX], to[CF_PERIOD_TEXT_MAX], span[80],
	    note[160];
	if (g->has_cagr) {
		cf_period_format(&g->cagr_from, from, sizeof from);
		cf_period_format(&g->cagr_to, to, sizeof to);
		snprintf(span, sizeof span, "%s/%s", from, to);
		snprintf(note, sizeof note, "per year over %g years",
			 cf_period_years_between(&g->cagr_from, &g->cagr_to));
		rc = add_row(o, "cagr", span, "", "", NAN, g->cagr_written,
			     g->cagr, note);
		keep_note(kept, "cagr", span, note);
	}
	if (rc == 0 && g->has_trend) {
		const cf_trend *t = &g->trend;
		snprintf(span, sizeof span, "%d/%d", t->first_year,
			 t->last_year);
		char d[32] = "–", dlo[32] = "", dhi[32] = "";
		if (isfinite(t->doubling_years))
			snprintf(d, sizeof d, "%.1f", t->doubling_years);
		snprintf(dlo, sizeof dlo,
			 isfinite(t->doubling_lo) ? "%.1f" : "∞",
			 t->doubling_lo);
		snprintf(dhi, sizeof dhi,
			 isfinite(t->doubling_hi) ? "%.1f" : "∞",
			 t->doubling_hi);
		if (isnan(t->rate_lo))
			snprintf(note, sizeof note,
				 "%zu points (CI needs 3); doubles in %s y",
				 t->n, d);
		else
			snprintf(
			    note, sizeof note,
			    "%zu points, 95%% CI; doubles in %s y [%s, %s]",
			    t->n, d, dlo, dhi);
		rc = add_row(o, "trend", span, "", "", NAN, t->rate,
			     cf_interval_closed(t->rate_lo, t->rate_hi), note);
		keep_note(kept, "trend", span, note);
	}
	return rc;
}

static json_t *yoy_json(const cf_yoy *y)
{
	char period[CF_PERIOD_TEXT_MAX], base[CF_PERIOD_TEXT_MAX];
	cf_period_format(&y->period, period, sizeof period);
	cf_period_format(&y->base, base, sizeof base);
	return json_pack(
	    "{s:s, s:s?, s:o, s:o}", "period", period, "base",
	    y->has_base ? base : NULL, "growth",
	    y->has_base ? cf_interval_json(y->growth) : json_null(),
	    "growth_written", cf_number_json(y->has_base ? y->written : NAN));
}

static json_t *growth_json(const cf_growth *g)
{
	json_t *points = json_array(), *yoy = json_array();
	bool ok = points && yoy;
	for (size_t i = 0; i < g->npoints; i++) {
		char period[CF_PERIOD_TEXT_MAX];
		cf_period_format(&g->points[i].period, period, sizeof period);
		cf_json_push(
		    points,
		    json_pack("{s:s, s:o, s:o, s:I, s:b}", "period", period,
			      "value", cf_interval_json(g->points[i].value),
			      "written", cf_number_json(g->points[i].written),
			      "figures", (json_int_t)g->points[i].nfigures,
			      "conflict", g->points[i].conflict),
		    &ok);
	}
	for (size_t i = 0; i < g->nyoy; i++)
		cf_json_push(yoy, yoy_json(&g->yoy[i]), &ok);
	/* a NULL array fails the json_pack, which releases the other */
	json_t *doc =
	    json_pack("{s:s, s:o, s:o}", "series", g->series, "points",
		      cf_json_done(points, ok), "yoy", cf_json_done(yoy, ok));
	ok = doc != NULL;
	if (g->has_cagr) {
		char from[CF_PERIOD_TEXT_MAX], to[CF_PERIOD_TEXT_MAX];
		cf_period_format(&g->cagr_from, from, sizeof from);
		cf_period_format(&g->cagr_to, to, sizeof to);
		cf_json_put(doc, "cagr",
			    json_pack("{s:s, s:s, s:f, s:o, s:o}", "from", from,
				      "to", to, "years",
				      cf_period_years_between(&g->cagr_from,
							      &g->cagr_to),
				      "growth", cf_interval_json(g->cagr),
				      "growth_written",
				      cf_number_json(g->cagr_written)),
			    &ok);
	}
	if (g->has_trend) {
		const cf_trend *t = &g->trend;
		cf_json_put(
		    doc, "trend",
		    json_pack("{s:I, s:i, s:i, s:o, s:o, s:o, s:o, s:o, s:o, "
			      "s:o, s:o}",
			      "points", (json_int_t)t->n, "first_year",
			      t->first_year, "last_year", t->last_year, "rate",
			      cf_number_json(t->rate), "rate_ci95_lo",
			      cf_number_json(t->rate_lo), "rate_ci95_hi",
			      cf_number_json(t->rate_hi), "slope",
			      cf_number_json(t->slope), "intercept",
			      cf_number_json(t->intercept), "doubling_years",
			      cf_number_json(t->doubling_years), "doubling_lo",
			      cf_number_json(t->doubling_lo), "doubling_hi",
			      cf_number_json(t->doubling_hi)),
		    &ok);
	}
	return cf_json_done(doc, ok);
}

/* Where the table is read: $COLUMNS, else the terminal's width on a
 * terminal, else 100 columns. */
static size_t table_width(void)
{
	return isatty(STDOUT_FILENO) || getenv("COLUMNS") ? check_text_width()
							  : 100;
}

/* The table fits avail columns: the note column, the last, gives way, cut
 * to what is left, or left out of the table when fewer than MIN_NOTE
 * columns are left.  Returns the cap (CF_COLUMN_HIDDEN when left out), 0
 * when the notes fit. */
#define MIN_NOTE 24
static size_t fit_note(cf_output *o, size_t avail)
{
	size_t rest = 2 * (NCOLS - 1);
	for (int col = 0; col < COL_NOTE; col++)
		rest += cf_output_width(o, col);
	size_t note = cf_output_width(o, COL_NOTE);
	size_t cap = rest + note <= avail	? 0
		     : rest + MIN_NOTE <= avail ? avail - rest
						: CF_COLUMN_HIDDEN;
	cf_output_column(o, COL_NOTE, CF_ALIGN_LEFT, cap);
	return cap;
}

/* The notes the table cut (longer than cap) or left out, in full below
 * it, wrapped to width: one per text, after the rows it belongs to
 * ("2014, 2016: no figure for the year before"). */
static int print_notes(const row_notes *kept, size_t cap, size_t width)
{
	bool first = true;
	for (size_t i = 0; i < kept->n; i++) {
		const row_note *r = &kept->v[i];
		bool seen = false;
		for (size_t j = 0; j < i && !seen; j++)
			seen = !strcmp(kept->v[j].text, r->text);
		if (seen ||
		    (cap != CF_COLUMN_HIDDEN && cf_text_width(r->text) <= cap))
			continue;
		char *line = NULL;
		size_t len = 0;
		FILE *ms = cf_memstream_open(&line, &len);
		if (!ms)
			return cli_nomem();
		fputs(r->label, ms);
		for (size_t j = i + 1; j < kept->n; j++)
			if (!strcmp(kept->v[j].text, r->text))
				fprintf(ms, ", %s", kept->v[j].label);
		fprintf(ms, ": %s", r->text);
		if (fclose(ms) != 0) {
			free(line);
			return cli_nomem();
		}
		fputs(first ? "\nnotes:\n" : "", stdout);
		first = false;
		check_text_wrap(stdout, line, 0, 4, width);
		free(line);
	}
	return cli_flush();
}

static int emit(const cli_common *c, const cf_series *s, const cf_growth *g)
{
	if (c->format == CF_FORMAT_JSON)
		return cli_emit_json(growth_json(g));
	static const char *const names[NCOLS] = {"measure", "period", "base",
						 "value",   "growth", "low",
						 "high",    "note"};
	cf_output *o = cf_output_new(NCOLS, names);
	if (!o)
		return cli_nomem();
	for (int col = COL_VALUE; col <= COL_HI; col++)
		cf_output_column(o, col, CF_ALIGN_RIGHT, 0);
	row_notes kept = {0};
	int rc = add_yoy_rows(o, s, g, &kept);
	rc = rc ? rc : add_summary_rows(o, g, &kept);
	rc = rc ? rc : kept.oom ? CF_ENOMEM : 0;
	size_t width = table_width();
	size_t cap =
	    rc == 0 && c->format == CF_FORMAT_TABLE ? fit_note(o, width) : 0;
	int status = rc ? cli_nomem() : cli_emit(c, o);
	cf_output_free(o);
	if (!status && cap)
		status = print_notes(&kept, cap, width);
	free(kept.v);
	char note[512];
	if (!status && c->format == CF_FORMAT_TABLE &&
	    cf_comtrade_vintage_note(s, note, sizeof note) > 1)
		printf("\nnote: %s\n", note);
	return status;
}

/* --csv / --tsv select the grouped growth of a large file (growth_csv.h). */
static int wants_bulk(int argc, char **argv)
{
	for (int i = 1; i < argc; i++)
		if (!strcmp(argv[i], "--csv") ||
		    !strncmp(argv[i], "--csv=", 6) ||
		    !strcmp(argv[i], "--tsv") || !strncmp(argv[i], "--tsv=", 6))
			return 1;
	return 0;
}

int cmd_growth(int argc, char **argv)
{
	if (wants_bulk(argc, argv))
		return cmd_growth_csv(argc, argv);
	cli_common c;
	cli_common_init(&c);
	growth_args a = {0};
	static const struct option opts[] = {
	    {"from", required_argument, 0, 'f'},
	    {"to", required_argument, 0, 't'},
	    {0, 0, 0, 0}};
	int status = cli_parse(argc, argv, usage, opts, on_option, &a, &c);
	if (status >= 0)
		return status;
	if (optind + 1 != argc)
		return cli_usage_error("growth",
				       "expected one SERIES argument");
	cf_period from, to;
	const cf_period *pfrom, *pto;
	if ((status = parse_bound(a.from, &from, &pfrom)) ||
	    (status = parse_bound(a.to, &to, &pto)))
		return status;

	cf_dataset *ds = NULL;
	if ((status = cli_load(&c, &ds)))
		return status;
	if (!cf_dataset_series(ds, argv[optind])) {
		cf_error err;
		cf_error_set(&err, CF_ENOTFOUND, NULL, 0, 0,
			     "no series '%s' in %s (cifra list shows them)",
			     argv[optind], c.data_dir);
		cf_dataset_free(ds);
		return cli_fail(&err);
	}
	/* the one analysis: its growth never sees a claim's implied figure */
	cf_analysis_options ao = {.growth_series = argv[optind],
				  .growth_from = pfrom,
				  .growth_to = pto};
	cf_analysis *an;
	if ((status = cli_analyse(&c, NULL, &ao, &ds, &an)))
		return status;
	status =
	    emit(&c, cf_dataset_series(ds, argv[optind]), an->series_growth);
	cf_analysis_free(an);
	cf_dataset_free(ds);
	return status;
}
