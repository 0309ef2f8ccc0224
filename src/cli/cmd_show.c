/* cmd_show.c — `cifra show SERIES`: every figure of a series with its
 * interval, qualifier, source and quote. */
#include <stdio.h>
#include <string.h>
#include <sysexits.h>

#include "cli.h"

static const char usage[] =
    "usage: cifra show SERIES [--data DIR] [--format table|csv|json]\n"
    "Shows every figure of SERIES: period, value as written, the interval "
    "it stands for,\nqualifier, source and quote.  Reference figures are "
    "marked 'reference', figures\nthat a claim implies 'implied'.\n";

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
	return f->implied ? "implied" : f->reference ? "reference" : "cited";
}

static json_t *figure_json(const cf_figure *f)
{
	json_t *attrs = json_object();
	const char *const *cols = cf_table_columns(f->table);
	for (size_t i = 0; cols[i]; i++)
		if (f->attr[i])
			json_object_set_new(attrs, cols[i],
					    json_string(f->attr[i]));
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

static int emit_json(const cf_series *s)
{
	json_t *figs = json_array();
	for (size_t i = 0; i < s->count; i++)
		json_array_append_new(figs, figure_json(s->figures[i]));
	json_t *doc = json_pack("{s:s, s:s, s:o}", "series", s->name, "unit",
				cf_unit_name(s->unit), "figures", figs);
	cf_error err;
	cf_error_clear(&err);
	int rc = cf_json_write(doc, stdout, &err);
	json_decref(doc);
	return rc ? cli_fail(&err) : 0;
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

	cf_dataset *ds;
	status = cli_load_implied(&c, &ds);
	if (status)
		return status;
	const cf_series *s = cf_dataset_series(ds, name);
	if (!s) {
		cf_error err;
		cf_error_set(&err, CF_ENOTFOUND, NULL, 0, 0,
			     "no series '%s' in %s (cifra list shows them)",
			     name, c.data_dir);
		cf_dataset_free(ds);
		return cli_fail(&err);
	}
	if (c.format == CF_FORMAT_JSON) {
		status = emit_json(s);
		cf_dataset_free(ds);
		return status;
	}
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
	status = rc ? EX_OSERR : cli_emit(&c, o);
	cf_output_free(o);
	cf_dataset_free(ds);
	return status;
}
