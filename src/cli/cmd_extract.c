/* cmd_extract.c — `cifra extract FILE.txt`: candidate figures in an
 * article's text, as figures.csv-shaped rows for a person to complete
 * (series, entity) and check before they enter a dataset. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "cli.h"

static const char usage[] =
    "usage: cifra extract FILE.txt [--source ID] [--format csv|table|json]\n"
    "Finds the figures an article's text cites (amounts, counts, percentages)\n"
    "and prints them as figures.csv-shaped rows (CSV by default): value as\n"
    "written, scale, unit, qualifier, the year of the sentence as period, the\n"
    "words after the number as measure, and the quote.  The series and entity\n"
    "columns are left for you to fill in.  --source sets the source column\n"
    "(default: the file name without directory and suffix).\n";

static int on_option(int opt, const char *arg, void *ctx)
{
	if (opt != 's')
		return cli_usage_error("extract", "bad option");
	*(const char **)ctx = arg;
	return 0;
}

static int read_all(const char *path, char **text, size_t *len, cf_error *err)
{
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return cf_error_set(err, CF_ENOINPUT, path, 0, 0,
				    "cannot open: %m");
	char *buf = NULL;
	size_t n = 0, cap = 0, got;
	do {
		if (cap - n < 65536) {
			char *b = realloc(buf, cap = cap * 2 + 65536);
			if (!b) {
				free(buf);
				fclose(fp);
				return cf_error_set(err, CF_ENOMEM, path, 0, 0,
						    "out of memory");
			}
			buf = b;
		}
		got = fread(buf + n, 1, cap - n, fp);
		n += got;
	} while (got > 0);
	int bad = ferror(fp);
	fclose(fp);
	if (bad) {
		free(buf);
		return cf_error_set(err, CF_ENOINPUT, path, 0, 0, "read error");
	}
	*text = buf;
	*len = n;
	return 0;
}

/* The file name without directory and suffix. */
static char *stem(const char *path)
{
	const char *base = strrchr(path, '/');
	char *s = strdup(base ? base + 1 : path);
	char *dot = s ? strrchr(s, '.') : NULL;
	if (dot && dot != s)
		*dot = '\0';
	return s;
}

static int add_row(cf_output *o, size_t i, const cf_candidate *c,
		   const char *source)
{
	char id[32], period[16] = "";
	snprintf(id, sizeof id, "x%03zu", i + 1);
	if (c->year)
		snprintf(period, sizeof period, "%d", c->year);
	const char *cells[] = {id,
			       "",
			       period,
			       c->value_text,
			       cf_scale_name(c->scale),
			       cf_unit_name(c->unit),
			       cf_qualifier_name(c->qualifier),
			       c->measure,
			       "",
			       source,
			       c->quote};
	int rc = cf_output_row(o);
	for (size_t k = 0; rc == 0 && k < sizeof cells / sizeof cells[0]; k++)
		rc = cf_output_text(o, k, cells[k]);
	return rc;
}

int cmd_extract(int argc, char **argv)
{
	cli_common c;
	cli_common_init(&c);
	c.format = CF_FORMAT_CSV;
	const char *source = NULL;
	static const struct option opts[] = {
	    {"source", required_argument, 0, 's'}, {0, 0, 0, 0}};
	int status = cli_parse(argc, argv, usage, opts, on_option, &source, &c);
	if (status >= 0)
		return status;
	if (optind + 1 != argc)
		return cli_usage_error("extract", "expected one FILE argument");

	cf_error err;
	cf_error_clear(&err);
	char *text = NULL, *src = source ? strdup(source) : stem(argv[optind]);
	size_t len = 0, n = 0;
	cf_candidate *cands = NULL;
	if (read_all(argv[optind], &text, &len, &err) == 0)
		cf_extract_text(text, len, &cands, &n, &err);
	static const char *const names[] = {
	    "id",	 "series",  "period", "value",	"scale", "unit",
	    "qualifier", "measure", "entity", "source", "quote"};
	cf_output *o = err.code ? NULL : cf_output_new(11, names);
	int rc = 0;
	for (size_t i = 0; o && rc == 0 && i < n; i++)
		rc = add_row(o, i, &cands[i], src ? src : "");
	if (o)
		cf_output_column(o, 10, CF_ALIGN_LEFT, 40);
	status = err.code   ? cli_fail(&err)
		 : !o || rc ? EX_OSERR
			    : cli_emit(&c, o);
	cf_output_free(o);
	cf_candidates_free(cands, n);
	free(text);
	free(src);
	return status;
}
