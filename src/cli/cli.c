/* cli.c — options, error printing and number formatting shared by the
 * commands. */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "cli.h"

void cli_common_init(cli_common *c)
{
	c->data_dir = "datasets";
	c->format = CF_FORMAT_TABLE;
	c->format_given = false;
}

int cli_common_option(cli_common *c, int opt, const char *arg,
		      const char *usage)
{
	cf_error err;
	cf_error_clear(&err);
	switch (opt) {
	case CLI_OPT_DATA:
		c->data_dir = arg;
		return 1;
	case CLI_OPT_FORMAT:
		if (cf_format_parse(arg, &c->format, &err) != 0) {
			fprintf(stderr, "cifra: %s\n", err.message);
			return -EX_USAGE;
		}
		c->format_given = true;
		return 1;
	case CLI_OPT_HELP:
		fputs(usage, stdout);
		return CLI_HELP_SHOWN;
	default:
		return 0;
	}
}

int cli_fail(const cf_error *err)
{
	fputs("cifra: ", stderr);
	if (err->file[0]) {
		fputs(err->file, stderr);
		if (err->line > 0)
			fprintf(stderr, ":%ld", err->line);
		if (err->line > 0 && err->column > 0)
			fprintf(stderr, ":%ld", err->column);
		fputs(": ", stderr);
	}
	fprintf(stderr, "%s\n",
		err->message[0] ? err->message : cf_error_name(err->code));
	return cf_error_exit_status(err->code);
}

int cli_nomem(void)
{
	cf_error err;
	cf_error_clear(&err);
	cf_error_set(&err, CF_ENOMEM, NULL, 0, 0, "out of memory");
	return cli_fail(&err);
}

int cli_usage_error(const char *command, const char *fmt, ...)
{
	fprintf(stderr, "cifra: %s: ", command);
	va_list ap;
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n(cifra %s --help shows the options)\n", command);
	return EX_USAGE;
}

int cli_load(const cli_common *c, cf_dataset **out)
{
	cf_error err;
	cf_error_clear(&err);
	*out = NULL;
	if (cf_dataset_load(c->data_dir, out, &err) != 0)
		return cli_fail(&err);
	return 0;
}

/* A write error names what could not be written. */
static int write_failed(cf_error *err)
{
	if (!err->message[0])
		cf_error_set(err, CF_EWRITE, NULL, 0, 0, "cannot write output");
	if (!err->file[0])
		snprintf(err->file, sizeof err->file, "%s", "<stdout>");
	return cli_fail(err);
}

int cli_emit(const cli_common *c, const cf_output *o)
{
	cf_error err;
	cf_error_clear(&err);
	if (cf_output_write(o, c->format, stdout, &err) != 0)
		return write_failed(&err);
	return 0;
}

int cli_emit_json(json_t *doc)
{
	cf_error err;
	cf_error_clear(&err);
	int rc =
	    doc ? cf_json_write(doc, stdout, &err)
		: cf_error_set(&err, CF_ENOMEM, NULL, 0, 0, "out of memory");
	json_decref(doc);
	if (rc == CF_EWRITE)
		return write_failed(&err);
	return rc ? cli_fail(&err) : 0;
}

int cli_flush(void)
{
	if (fflush(stdout) == 0 && !ferror(stdout))
		return 0;
	cf_error err;
	cf_error_set(&err, CF_EWRITE, "<stdout>", 0, 0,
		     "cannot write output: %s", strerror(errno));
	return cli_fail(&err);
}

/* 1234567 -> "1,234,567" (integer part only). */
static void group_thousands(const char *digits, char *buf, size_t size)
{
	size_t n = strlen(digits), j = 0;
	for (size_t i = 0; i < n && j + 1 < size; i++) {
		if (i && (n - i) % 3 == 0 && j + 2 < size)
			buf[j++] = ',';
		buf[j++] = digits[i];
	}
	buf[j] = '\0';
}

void cli_format_amount(double value, cf_unit unit, int decimals, char *buf,
		       size_t size)
{
	if (!isfinite(value)) {
		cf_percent_text(value, 0, false, buf,
				size); /* "–", "∞", "−∞" */
		return;
	}
	if (unit == CF_UNIT_PERCENT) {
		snprintf(buf, size, "%.*f%%", decimals, value);
		return;
	}
	if (unit == CF_UNIT_RATIO) {
		snprintf(buf, size, "%.*f", decimals, value);
		return;
	}
	if (unit == CF_UNIT_USD || unit == CF_UNIT_CNY) {
		const char *cur = unit == CF_UNIT_USD ? "US$" : "CN¥";
		double a = fabs(value);
		const char *sign = value < 0 ? "-" : "";
		if (a >= 1e9)
			snprintf(buf, size, "%s%s%.*f bn", sign, cur, decimals,
				 a / 1e9);
		else if (a >= 1e6)
			snprintf(buf, size, "%s%s%.*f mn", sign, cur, decimals,
				 a / 1e6);
		else
			snprintf(buf, size, "%s%s%.*f", sign, cur, decimals, a);
		return;
	}
	char digits[64];
	snprintf(digits, sizeof digits, "%.*f", decimals, fabs(value));
	char *dot = strchr(digits, '.');
	char frac[32] = "";
	if (dot) {
		snprintf(frac, sizeof frac, "%s", dot);
		*dot = '\0';
	}
	char grouped[96];
	group_thousands(digits, grouped, sizeof grouped);
	snprintf(buf, size, "%s%s%s", value < 0 ? "-" : "", grouped, frac);
}

static const char *scale_suffix(cf_scale s)
{
	static const char *const names[] = {"", " thousand", " mn", " bn",
					    " tn"};
	return names[s];
}

/* Decimals written after the point in a decimal text. */
static int written_decimals(const char *text)
{
	const char *dot = strchr(text, '.');
	return dot ? (int)strlen(dot + 1) : 0;
}

const char *cli_qualifier_words(cf_qualifier q)
{
	static const char *const words[] = {"",		 "about ", "over ",
					    "at least ", "under ", "at most "};
	return (size_t)q < sizeof words / sizeof *words ? words[q] : "";
}

void cli_format_written(const cf_figure *f, char *buf, size_t size)
{
	char num[64];
	if (f->unit == CF_UNIT_COUNT && f->scale == CF_SCALE_ONE)
		cli_format_amount(strtod(f->value_text, NULL), f->unit,
				  written_decimals(f->value_text), num,
				  sizeof num);
	else
		snprintf(num, sizeof num, "%s", f->value_text);
	snprintf(buf, size, "%s%s%s%s%s", cli_qualifier_words(f->qualifier),
		 cf_unit_text(f->unit), num, scale_suffix(f->scale),
		 f->unit == CF_UNIT_PERCENT ? "%" : "");
}

void cli_format_figure_interval(const cf_figure *f, char *buf, size_t size)
{
	cf_interval_scaled_text(f->interval, cf_scale_factor(f->scale),
				written_decimals(f->value_text) + 2, buf, size);
}

/* The usage error for what getopt_long refused: the option as written. */
static int bad_option(char **argv, int opt, const struct option *all)
{
	const char *arg = argv[optind - 1];
	char shortopt[3] = {'-', (char)optopt, '\0'};
	if (optopt && strncmp(arg, "--", 2) != 0)
		arg = shortopt;
	const char *eq = strchr(arg, '=');
	for (size_t i = 0; eq && !strncmp(arg, "--", 2) && all[i].name; i++)
		if (all[i].has_arg == no_argument &&
		    strlen(all[i].name) == (size_t)(eq - arg - 2) &&
		    !strncmp(all[i].name, arg + 2, (size_t)(eq - arg - 2)))
			return cli_usage_error(argv[0],
					       "option '--%s' takes no value",
					       all[i].name);
	if (opt == ':')
		return cli_usage_error(argv[0], "option '%s' needs a value",
				       arg);
	return cli_usage_error(argv[0], "unknown option '%s'", arg);
}

int cli_parse(int argc, char **argv, const char *usage,
	      const struct option *extra, cli_option_fn fn, void *ctx,
	      cli_common *c)
{
	static const struct option common[] = {CLI_COMMON_LONG_OPTIONS};
	size_t ncommon = sizeof common / sizeof common[0], nextra = 0;
	while (extra && extra[nextra].name)
		nextra++;
	struct option *all = calloc(ncommon + nextra + 1, sizeof *all);
	if (!all)
		return cli_nomem();
	memcpy(all, common, sizeof common);
	if (nextra)
		memcpy(all + ncommon, extra, nextra * sizeof *all);
	int opt, status = -1;
	opterr = 0; /* getopt's own message would come before ours */
	while (status < 0 &&
	       (opt = getopt_long(argc, argv, ":o:", all, NULL)) != -1) {
		int r = opt == '?' || opt == ':'
			    ? 0
			    : cli_common_option(c, opt, optarg, usage);
		if (r == CLI_HELP_SHOWN)
			status = 0;
		else if (r < 0)
			status = -r;
		else if (r == 0 && (opt == '?' || opt == ':' || !fn))
			status = bad_option(argv, opt, all);
		else if (r == 0)
			status = fn(opt, optarg, ctx) ? EX_USAGE : -1;
	}
	free(all);
	return status;
}

int cli_analyse(const cli_common *c, const char *claims,
		const cf_analysis_options *opt, cf_dataset **ds,
		cf_analysis **a)
{
	*a = NULL;
	int status = *ds ? 0 : cli_load(c, ds);
	if (status)
		return status;
	cf_error err;
	cf_error_clear(&err);
	int rc = claims ? cf_dataset_load_claims(*ds, claims, &err) : 0;
	if (rc == 0)
		rc = cf_analysis_run(*ds, opt, a, &err);
	if (rc == 0)
		return 0;
	cf_dataset_free(*ds);
	*ds = NULL;
	return cli_fail(&err);
}
