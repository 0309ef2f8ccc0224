/* cmd_extract.c — `cifra extract FILE.txt`: candidate figures in an
 * article's text, as figures.csv-shaped rows; with --claims, the relations
 * the text asserts as claims.csv rows; with -o DIR, a dataset directory
 * that `cifra check --data DIR` evaluates as it is. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "cleanup.h"
#include "cli.h"
#include "extract_out.h"

static const char usage[] =
    "usage: cifra extract FILE.txt [--lang en|es|pt] [--source ID] [--claims]\n"
    "                    [-o DIR] [--format csv|table|json]\n"
    "Finds the figures an article's text cites (amounts, counts, percentages,\n"
    "fractions, multiples; in digits or in words; English, Spanish or\n"
    "Portuguese, guessed from the text unless --lang says) and prints them as\n"
    "figures.csv-shaped rows (CSV by default): a generated series name, the\n"
    "period of the sentence, value as a dataset value (negative for a fall),\n"
    "scale, unit (an ISO code for money), qualifier, kind (count, level,\n"
    "growth, share, multiple, threshold), the words after the number as\n"
    "measure, and the quote.  --source sets the source column (default: the\n"
    "file name without directory and suffix).\n"
    "--claims prints instead the relations the text states (growth with its\n"
    "level, multiples, thresholds, firsts, records) as claims.csv rows.\n"
    "-o DIR writes DIR/sources.csv, DIR/figures.csv and DIR/claims.csv (DIR\n"
    "must not exist) so that `cifra check --data DIR` checks the article's\n"
    "internal consistency.\n";

typedef struct opts {
	const char *source, *lang, *out_dir;
	bool claims;
} opts;

enum { OPT_SOURCE = CLI_OPT_FIRST_FREE, OPT_LANG, OPT_CLAIMS };

static int on_option(int opt, const char *arg, void *ctx)
{
	opts *o = ctx;
	switch (opt) {
	case OPT_SOURCE:
		o->source = arg;
		return 0;
	case OPT_LANG:
		o->lang = arg;
		return 0;
	case OPT_CLAIMS:
		o->claims = true;
		return 0;
	case 'o':
		o->out_dir = arg;
		return 0;
	default:
		return cli_usage_error("extract", "bad option");
	}
}

/* The file name without directory and suffix, as a source id. */
static char *stem(const char *path)
{
	const char *base = strrchr(path, '/');
	char *s = strdup(base ? base + 1 : path);
	char *dot = s ? strrchr(s, '.') : NULL;
	if (dot && dot != s)
		*dot = '\0';
	return s;
}

static int extract_file(const char *path, const opts *op, char **text,
			size_t *len, cf_extraction *x, cf_error *err)
{
	int rc = cf_file_read(path, text, len, err);
	cf_lang lang = CF_LANG_EN;
	int confident = 1;
	if (rc == 0 && op->lang)
		rc = cf_lang_parse(op->lang, &lang, err);
	else if (rc == 0 && *len)
		rc = cf_lang_detect(*text, *len, &lang, &confident, err);
	x->lang = lang;
	if (rc == 0)
		rc = cf_extract_text_lang(*text, *len, lang, &x->cands, &x->n,
					  err);
	if (rc && !err->file[0])
		snprintf(err->file, sizeof err->file, "%s", path);
	return rc;
}

int cmd_extract(int argc, char **argv)
{
	cli_common c;
	cli_common_init(&c);
	c.format = CF_FORMAT_CSV;
	opts op = {0};
	static const struct option longopts[] = {
	    {"source", required_argument, 0, OPT_SOURCE},
	    {"lang", required_argument, 0, OPT_LANG},
	    {"claims", no_argument, 0, OPT_CLAIMS},
	    {0, 0, 0, 0}};
	int status = cli_parse(argc, argv, usage, longopts, on_option, &op, &c);
	if (status >= 0)
		return status;
	if (optind + 1 != argc)
		return cli_usage_error("extract", "expected one FILE argument");

	cf_error err;
	cf_error_clear(&err);
	const char *path = argv[optind];
	char *text = NULL, *src = op.source ? strdup(op.source) : stem(path);
	size_t len = 0;
	cf_extraction x = {.source = src, .path = path};
	int rc =
	    src ? extract_file(path, &op, &text, &len, &x, &err)
		: cf_error_set(&err, CF_ENOMEM, NULL, 0, 0, "out of memory");
	if (rc == 0)
		rc = extraction_name(&x, text, len, &err);
	if (rc == 0 && op.out_dir)
		rc = extraction_write_dir(&x, op.out_dir, cli_cleanup(), &err);
	if (rc)
		status = cli_fail(&err);
	else if (op.out_dir)
		status = extraction_summary(&x, op.out_dir);
	else
		status = op.claims ? extraction_print_claims(&x, &c)
				   : extraction_print_figures(&x, &c);
	extraction_free(&x);
	free(text);
	free(src);
	return status;
}
