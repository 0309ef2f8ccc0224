/* cmd_show.c — `cifra show SERIES`: every figure of a series with its
 * interval, qualifier, source and quote. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "cifra/comtrade_vintage.h"
#include "cli.h"

static const char usage[] =
    "usage: cifra show SERIES [--data DIR] [--format table|csv|json]\n"
    "Shows every figure of SERIES: period, value as written, the interval "
    "it stands for,\nqualifier, source and quote.  Reference figures are "
    "marked 'reference'.  Below the\nfigures, the values that claims imply "
    "for the series (results of those claims,\nnever figures: no growth or "
    "verdict uses them).\n";

enum {
	COL_ID,
	COL_PERIOD,
	COL_VALUE,
	COL_INTERVAL,
	COL_QUALIFIER,
	COL_ORIGIN,
	COL_SOURCE,
	COL_QUOTE,
	NCOLS
};

static const char *origin(const cf_figure *f)
{
	return f->reference ? "reference" : "cited";
}

static json_t *figure_json(const cf_figure *f)
{
	json_t *attrs = json_object();
	bool ok = attrs != NULL;
	const char *const *cols = cf_table_columns(f->table);
	for (size_t i = 0; cols[i]; i++)
		if (f->attr[i])
			cf_json_put(attrs, cols[i], json_string(f->attr[i]),
				    &ok);
	attrs = cf_json_done(attrs, ok); /* NULL fails the json_pack */
	char period[CF_PERIOD_TEXT_MAX];
	cf_period_format(&f->period, period, sizeof period);
	return json_pack(
	    "{s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:o, s:s, s:s, s:s?, "
	    "s:s, s:o, s:s?, s:I}",
	    "id", f->id, "series", f->series, "period", period, "value",
	    f->value_text, "scale", cf_scale_name(f->scale), "unit",
	    cf_unit_name(f->unit), "interval", cf_interval_json(f->interval),
	    "value_point",
	    cf_number_json(cf_value_point(f->value_text, f->scale)),
	    "qualifier", cf_qualifier_name(f->qualifier), "origin", origin(f),
	    "quote", f->quote, "source", f->source, "attributes", attrs, "file",
	    f->file, "line", (json_int_t)f->line);
}

static int add_figure_row(cf_output *o, const cf_figure *f)
{
	char period[CF_PERIOD_TEXT_MAX], value[96], iv[128];
	cf_period_format(&f->period, period, sizeof period);
	cli_format_written(f, value, sizeof value);
	cli_format_figure_interval(f, iv, sizeof iv);
	int rc = cf_output_row(o);
	rc = rc ? rc : cf_output_text(o, COL_ID, f->id);
	rc = rc ? rc : cf_output_text(o, COL_PERIOD, period);
	rc = rc ? rc : cf_output_cell(o, COL_VALUE, value, f->value_text, NULL);
	rc = rc ? rc : cf_output_text(o, COL_INTERVAL, iv);
	rc = rc ? rc
		: cf_output_text(o, COL_QUALIFIER,
				 cf_qualifier_name(f->qualifier));
	rc = rc ? rc : cf_output_text(o, COL_ORIGIN, origin(f));
	rc = rc ? rc : cf_output_text(o, COL_SOURCE, f->source);
	rc = rc ? rc : cf_output_text(o, COL_QUOTE, f->quote);
	return rc;
}

/* The claims' results that imply a value of series s. */
static bool implies(const cf_result *r, const cf_series *s)
{
	return r->has_implied && r->implied_series &&
	       !strcmp(r->implied_series, s->name);
}

static int by_period(const void *x, const void *y)
{
	const cf_result *a = *(const cf_result *const *)x;
	const cf_result *b = *(const cf_result *const *)y;
	int c = cf_period_compare(&a->implied_period, &b->implied_period);
	return c ? c : strcmp(a->id, b->id);
}

/* The results that imply a value of s, in period order, into *out
 * (malloc'd; NULL when none).  0 or CF_ENOMEM. */
static int implied_of(const cf_series *s, const cf_analysis *a,
		      const cf_result ***out, size_t *n)
{
	*out = NULL;
	*n = 0;
	for (size_t i = 0; i < a->results.n; i++) {
		const cf_result *r = &a->results.items[i];
		if (!implies(r, s))
			continue;
		const cf_result **p = realloc(*out, (*n + 1) * sizeof *p);
		if (!p) {
			free(*out);
			*out = NULL;
			*n = 0;
			return CF_ENOMEM;
		}
		*out = p;
		p[(*n)++] = r;
	}
	if (*n > 1)
		qsort(*out, *n, sizeof **out, by_period);
	return 0;
}

static json_t *implied_json(const cf_result *r)
{
	char period[CF_PERIOD_TEXT_MAX];
	cf_period_format(&r->implied_period, period, sizeof period);
	return json_pack("{s:s, s:s, s:s, s:o, s:s?, s:s?}", "claim", r->id,
			 "period", period, "unit",
			 cf_unit_name(r->implied_unit), "interval",
			 cf_interval_json(r->implied), "source", r->source,
			 "quote", r->quote);
}

static int emit_json(const cf_series *s, const cf_analysis *a)
{
	const cf_result **imp;
	size_t n;
	if (implied_of(s, a, &imp, &n))
		return cli_nomem();
	json_t *figs = json_array(), *implied = json_array();
	bool ok = figs && implied;
	for (size_t i = 0; i < s->count; i++)
		cf_json_push(figs, figure_json(s->figures[i]), &ok);
	for (size_t i = 0; i < n; i++)
		cf_json_push(implied, implied_json(imp[i]), &ok);
	free(imp);
	if (!ok) {
		json_decref(figs);
		json_decref(implied);
		return cli_emit_json(NULL); /* out of memory */
	}
	json_t *doc = json_pack("{s:s, s:s, s:o, s:o}", "series", s->name,
				"unit", cf_unit_name(s->unit), "figures", figs,
				"implied", implied);
	return cli_emit_json(doc);
}

/* The implied values as a short table of their own below the figures, so
 * nobody takes them for figures. */
static int emit_implied(const cf_series *s, const cf_analysis *a)
{
	static const char *const names[] = {"period", "implied", "by claim",
					    "source", "quote"};
	cf_output *o = cf_output_new(5, names);
	if (!o)
		return cli_nomem();
	cf_output_column(o, 1, CF_ALIGN_RIGHT, 0);
	cf_output_column(o, 4, CF_ALIGN_LEFT, 40);
	const cf_result **imp;
	size_t n;
	int rc = implied_of(s, a, &imp, &n);
	for (size_t i = 0; i < n && rc == 0; i++) {
		const cf_result *r = imp[i];
		char period[CF_PERIOD_TEXT_MAX], iv[128];
		cf_period_format(&r->implied_period, period, sizeof period);
		cf_interval_text(r->implied, r->implied_unit, 6, iv, sizeof iv);
		rc = cf_output_row(o);
		rc = rc ? rc : cf_output_text(o, 0, period);
		rc = rc ? rc : cf_output_text(o, 1, iv);
		rc = rc ? rc : cf_output_text(o, 2, r->id);
		rc = rc ? rc : cf_output_text(o, 3, r->source);
		rc = rc ? rc : cf_output_text(o, 4, r->quote);
	}
	free(imp);
	int status = rc ? cli_nomem() : 0;
	if (!status && n) {
		printf("\nimplied by claims (results of those claims, not "
		       "figures):\n");
		cli_common c;
		cli_common_init(&c);
		status = cli_emit(&c, o);
	}
	cf_output_free(o);
	return status;
}

static int emit_table(const cli_common *c, const cf_series *s,
		      const cf_analysis *a)
{
	static const char *const names[NCOLS] = {
	    "id",	 "period", "value",  "interval",
	    "qualifier", "origin", "source", "quote"};
	cf_output *o = cf_output_new(NCOLS, names);
	int rc = o ? 0 : CF_ENOMEM;
	if (o) {
		cf_output_column(o, COL_VALUE, CF_ALIGN_RIGHT, 0);
		cf_output_column(o, COL_INTERVAL, CF_ALIGN_RIGHT, 0);
		cf_output_column(o, COL_QUOTE, CF_ALIGN_LEFT, 40);
	}
	for (size_t i = 0; rc == 0 && i < s->count; i++)
		rc = add_figure_row(o, s->figures[i]);
	int status = rc ? cli_nomem() : cli_emit(c, o);
	cf_output_free(o);
	if (!status && c->format == CF_FORMAT_TABLE)
		status = emit_implied(s, a);
	char note[512];
	if (!status && c->format == CF_FORMAT_TABLE &&
	    cf_comtrade_vintage_note(s, note, sizeof note) > 1)
		printf("\nnote: %s\n", note);
	return status;
}

int cmd_show(int argc, char **argv)
{
	cli_common c;
	cli_common_init(&c);
	int status = cli_parse(argc, argv, usage, NULL, NULL, NULL, &c);
	if (status >= 0)
		return status;
	if (optind + 1 != argc)
		return cli_usage_error("show", "expected one SERIES argument");
	const char *name = argv[optind];

	cf_dataset *ds = NULL;
	cf_analysis *a;
	if ((status = cli_analyse(&c, NULL, NULL, &ds, &a)))
		return status;
	const cf_series *s = cf_dataset_series(ds, name);
	if (!s) {
		cf_error err;
		cf_error_set(&err, CF_ENOTFOUND, NULL, 0, 0,
			     "no series '%s' in %s (cifra list shows them)",
			     name, c.data_dir);
		status = cli_fail(&err);
	} else if (c.format == CF_FORMAT_JSON) {
		status = emit_json(s, a);
	} else {
		status = emit_table(&c, s, a);
	}
	cf_analysis_free(a);
	cf_dataset_free(ds);
	return status;
}
