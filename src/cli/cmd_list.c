/* cmd_list.c — `cifra list`: every series with its unit, number of figures,
 * period range and sources. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "cli.h"

static const char usage[] =
    "usage: cifra list [--data DIR] [--format table|csv|json]\n"
    "Lists every series: unit, number of figures, first and last period, "
    "sources.\n";

/* Distinct source ids of a series, comma-separated, in order of first use. */
static void series_sources(const cf_series *s, char *buf, size_t size)
{
	buf[0] = '\0';
	for (size_t i = 0; i < s->count; i++) {
		const char *src = s->figures[i]->source;
		int seen = 0;
		for (size_t j = 0; j < i && !seen; j++)
			seen = !strcmp(s->figures[j]->source, src);
		if (seen)
			continue;
		if (buf[0])
			strncat(buf, ",", size - strlen(buf) - 1);
		strncat(buf, src, size - strlen(buf) - 1);
	}
}

static json_t *sources_json(const char *list)
{
	json_t *a = json_array();
	char *copy = strdup(list);
	bool ok = a && copy;
	for (char *tok = copy ? strtok(copy, ",") : NULL; tok;
	     tok = strtok(NULL, ","))
		cf_json_push(a, json_string(tok), &ok);
	free(copy);
	return cf_json_done(a, ok);
}

static int add_series_row(cf_output *o, const cf_series *s)
{
	char n[32], first[CF_PERIOD_TEXT_MAX], last[CF_PERIOD_TEXT_MAX],
	    src[1024];
	snprintf(n, sizeof n, "%zu", s->count);
	cf_period_format(&s->figures[0]->period, first, sizeof first);
	cf_period_format(&s->figures[s->count - 1]->period, last, sizeof last);
	series_sources(s, src, sizeof src);
	int rc = cf_output_row(o);
	rc = rc ? rc : cf_output_text(o, 0, s->name);
	rc = rc ? rc : cf_output_text(o, 1, cf_unit_name(s->unit));
	/* a NULL JSON value would silently fall back to the text */
	json_t *count = rc ? NULL : json_integer((json_int_t)s->count);
	rc = rc ? rc : count ? cf_output_cell(o, 2, n, NULL, count) : CF_ENOMEM;
	rc = rc ? rc : cf_output_text(o, 3, first);
	rc = rc ? rc : cf_output_text(o, 4, last);
	json_t *sources = rc ? NULL : sources_json(src);
	rc = rc	       ? rc
	     : sources ? cf_output_cell(o, 5, src, NULL, sources)
		       : CF_ENOMEM;
	return rc;
}

int cmd_list(int argc, char **argv)
{
	cli_common c;
	cli_common_init(&c);
	int status = cli_parse(argc, argv, usage, NULL, NULL, NULL, &c);
	if (status >= 0)
		return status;
	if (optind < argc)
		return cli_usage_error("list", "unexpected argument '%s'",
				       argv[optind]);

	cf_dataset *ds;
	status = cli_load(&c, &ds);
	if (status)
		return status;
	static const char *const names[] = {"series", "unit", "figures",
					    "first",  "last", "sources"};
	cf_output *o = cf_output_new(6, names);
	if (!o) {
		cf_dataset_free(ds);
		return cli_nomem();
	}
	cf_output_column(o, 2, CF_ALIGN_RIGHT, 0);
	cf_output_column(o, 5, CF_ALIGN_LEFT, 30);
	int rc = 0;
	for (size_t i = 0; rc == 0 && i < ds->nseries; i++)
		rc = add_series_row(o, &ds->series[i]);
	status = rc ? cli_nomem() : cli_emit(&c, o);
	cf_output_free(o);
	cf_dataset_free(ds);
	return status;
}
