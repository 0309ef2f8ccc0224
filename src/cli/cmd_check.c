/* cmd_check.c — `cifra check`: every claim and every automatic cross-check
 * with its verdict, most severe first.  Exit 0 when nothing is
 * inconsistent, 1 when something is, 65 on bad input. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "check_text.h"
#include "cli.h"

static const char usage[] =
    "usage: cifra check [--claims FILE] [--data DIR] [--format "
    "text|table|csv|json]\n"
    "                   [--only VERDICT] [--all]\n"
    "Evaluates every claim (claims.csv, or FILE) and the automatic "
    "cross-checks\n"
    "(conflicts, sub-period vs year, cumulative series, trade parts vs "
    "total,\n"
    "pledged vs delivered).  On a terminal the default format is text: a "
    "summary,\n"
    "then each problem (inconsistent, undetermined, unverifiable, weak) in "
    "full,\n"
    "wrapped to the width ($COLUMNS), coloured unless NO_COLOR is set; "
    "--all lists\n"
    "the agreeing results too.  Elsewhere the default is the table.  --only "
    "shows\n"
    "one verdict: inconsistent, undetermined, unverifiable or consistent.  "
    "Exit 0\n"
    "when nothing is inconsistent, 1 otherwise.\n";

enum { OPT_CLAIMS = CLI_OPT_FIRST_FREE, OPT_ONLY, OPT_ALL };

typedef struct check_opts {
	const char *claims;
	bool has_only, all;
	cf_verdict only;
} check_opts;

static int on_option(int opt, const char *arg, void *ctx)
{
	check_opts *o = ctx;
	if (opt == OPT_CLAIMS) {
		o->claims = arg;
		return 0;
	}
	if (opt == OPT_ALL) {
		o->all = true;
		return 0;
	}
	if (opt == OPT_ONLY) {
		cf_error err;
		cf_error_clear(&err);
		if (cf_verdict_parse(arg, &o->only, &err) < 0) {
			cli_usage_error("check", "%s", err.message);
			return 1;
		}
		o->has_only = true;
		return 0;
	}
	cli_usage_error("check", "bad option");
	return 1;
}

/* ---------------------------------------------------------------- cells */

#define NCOLS 8
enum {
	C_ID,
	C_KIND,
	C_VERDICT,
	C_COMPUTED,
	C_STATED,
	C_DEV,
	C_SOURCES,
	C_NOTE
};
static const char *const names[NCOLS] = {"id",	     "kind",   "verdict",
					 "computed", "stated", "deviation",
					 "sources",  "note"};

static bool listed(const char *list, const char *src)
{
	size_t n = strlen(src);
	for (const char *p = list; (p = strstr(p, src)); p += n)
		if ((p == list || p[-1] == ',') && (p[n] == ',' || !p[n]))
			return true;
	return false;
}

/* The claim's source, then the sources of the figures, comma-separated. */
static void sources_text(const cf_result *r, char *buf, size_t size)
{
	buf[0] = '\0';
	for (size_t i = 0; i <= r->nfigures; i++) {
		const char *src =
		    i == 0 ? r->source : r->figures[i - 1]->source;
		if (!src || !*src || listed(buf, src))
			continue;
		if (buf[0])
			strncat(buf, ",", size - strlen(buf) - 1);
		strncat(buf, src, size - strlen(buf) - 1);
	}
}

/* ---------------------------------------------------------------- table */

static bool shown(const check_opts *opt, const cf_result *r)
{
	return !opt->has_only || r->verdict == opt->only;
}

/* The columns' widths capped so that the table fits in 100 columns.  The
 * note gives way first (cut notes are printed in full below the table),
 * then the sources, then the widest of id, computed and stated.  Kind,
 * verdict and deviation are never cut. */
static size_t fit_columns(cf_output *o, const size_t *natural)
{
	/* soft minimums first; the hard ones only when a wide verdict
	 * ("consistent (within rounding)") leaves no other way */
	static const size_t soft[NCOLS] = {8, 0, 0, 12, 12, 0, 8, 6};
	static const size_t hard[NCOLS] = {6, 0, 0, 9, 9, 0, 5, 4};
	static const int stage[NCOLS] = {3, 0, 0, 3, 3, 0, 2, 1};
	size_t w[NCOLS], sum = 2 * (NCOLS - 1);
	for (size_t i = 0; i < NCOLS; i++)
		sum += w[i] = natural[i];
	for (int st = 1; st <= 4 && sum > 100; st++) {
		const size_t *min = st == 4 ? hard : soft;
		for (;;) {
			size_t best = NCOLS;
			for (size_t i = 0; i < NCOLS; i++)
				if (stage[i] && (stage[i] == st || st == 4) &&
				    w[i] > min[i] &&
				    (best == NCOLS || w[i] > w[best]))
					best = i;
			if (best == NCOLS || sum <= 100)
				break;
			w[best]--, sum--;
		}
	}
	for (size_t i = 0; i < NCOLS; i++)
		cf_output_column(o, i,
				 i == C_DEV ? CF_ALIGN_RIGHT : CF_ALIGN_LEFT,
				 w[i] < natural[i] ? w[i] : 0);
	return w[C_NOTE] < natural[C_NOTE] ? w[C_NOTE] : 0;
}

/* Prints "ID: note" wrapped at 100 columns, continuation lines indented. */
static void print_note(const char *id, const char *note)
{
	int col = printf("%s: ", id);
	check_text_wrap(stdout, note, col > 0 ? (size_t)col : 0, 4, 100);
}

/* The notes the table had to cut, in full below it. */
static int print_cut_notes(const check_opts *opt, const cf_result **rs,
			   size_t n, size_t cap)
{
	bool first = true;
	for (size_t i = 0; i < n; i++) {
		const cf_result *r = rs[i];
		if (!shown(opt, r) || !r->note || cf_text_width(r->note) <= cap)
			continue;
		if (first)
			fputs("\nnotes:\n", stdout);
		first = false;
		print_note(r->id, r->note);
	}
	return cli_flush();
}

static int add_row(cf_output *o, const cf_result *r, size_t *width)
{
	char cell[NCOLS][2048], csv_c[96], csv_s[96], csv_d[40];
	snprintf(cell[C_ID], sizeof cell[C_ID], "%s", r->id ? r->id : "");
	snprintf(cell[C_KIND], sizeof cell[C_KIND], "%s", r->kind);
	cf_result_verdict_text(r, cell[C_VERDICT], sizeof cell[C_VERDICT]);
	cf_interval_text(r->computed, r->unit, 4, cell[C_COMPUTED],
			 sizeof cell[0]);
	cf_interval_text(r->stated, r->unit, 4, cell[C_STATED], sizeof cell[0]);
	cf_percent_text(r->deviation, 1, true, cell[C_DEV], sizeof cell[0]);
	sources_text(r, cell[C_SOURCES], sizeof cell[0]);
	snprintf(cell[C_NOTE], sizeof cell[0], "%s", r->note ? r->note : "");
	cf_interval_full_text(r->computed, csv_c, sizeof csv_c);
	cf_interval_full_text(r->stated, csv_s, sizeof csv_s);
	cf_number_full_text(r->deviation, csv_d, sizeof csv_d);
	int rc = cf_output_row(o);
	for (size_t i = 0; i < NCOLS && !rc; i++) {
		/* CSV is for programs: numbers in full, the deviation as a
		 * fraction as in JSON (empty when there is none) */
		const char *csv = i == C_COMPUTED ? csv_c
				  : i == C_STATED ? csv_s
				  : i == C_DEV	  ? csv_d
						  : NULL;
		rc = cf_output_cell(o, i, cell[i], csv, NULL);
		size_t tw = cf_text_width(cell[i]);
		if (tw > width[i])
			width[i] = tw;
	}
	return rc;
}

static int emit_table(const cli_common *c, const check_opts *opt,
		      const cf_result **rs, size_t n)
{
	cf_output *o = cf_output_new(NCOLS, names);
	if (!o)
		return cli_nomem();
	size_t width[NCOLS];
	for (size_t i = 0; i < NCOLS; i++)
		width[i] = cf_text_width(names[i]);
	int rc = 0;
	for (size_t i = 0; i < n && !rc; i++)
		if (shown(opt, rs[i]))
			rc = add_row(o, rs[i], width);
	if (rc) {
		cf_output_free(o);
		return cli_nomem();
	}
	size_t cap = 0;
	if (c->format == CF_FORMAT_TABLE)
		cap = fit_columns(o, width);
	int status = cli_emit(c, o);
	cf_output_free(o);
	if (!status && cap)
		status = print_cut_notes(opt, rs, n, cap);
	return status;
}

/* ---------------------------------------------------------------- json */

static json_t *str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *figure_json(const cf_figure *f)
{
	char per[CF_PERIOD_TEXT_MAX];
	cf_period_format(&f->period, per, sizeof per);
	json_t *j = json_object();
	bool ok = j != NULL;
	cf_json_put(j, "id", str_or_null(f->id), &ok);
	cf_json_put(j, "series", str_or_null(f->series), &ok);
	cf_json_put(j, "period", json_string(per), &ok);
	cf_json_put(j, "value", str_or_null(f->value_text), &ok);
	cf_json_put(j, "scale", json_string(cf_scale_name(f->scale)), &ok);
	cf_json_put(j, "unit", json_string(cf_unit_name(f->unit)), &ok);
	cf_json_put(j, "qualifier",
		    json_string(cf_qualifier_name(f->qualifier)), &ok);
	cf_json_put(j, "interval", cf_interval_json(f->interval), &ok);
	cf_json_put(j, "source", str_or_null(f->source), &ok);
	cf_json_put(j, "quote", str_or_null(f->quote), &ok);
	cf_json_put(j, "reference", json_boolean(f->reference), &ok);
	return cf_json_done(j, ok);
}

static json_t *implied_json(const cf_result *r)
{
	if (!r->has_implied)
		return json_null();
	char per[CF_PERIOD_TEXT_MAX];
	cf_period_format(&r->implied_period, per, sizeof per);
	json_t *j = json_object();
	bool ok = j != NULL;
	cf_json_put(j, "series", str_or_null(r->implied_series), &ok);
	cf_json_put(j, "period", json_string(per), &ok);
	cf_json_put(j, "unit", json_string(cf_unit_name(r->implied_unit)), &ok);
	cf_json_put(j, "interval", cf_interval_json(r->implied), &ok);
	return cf_json_done(j, ok);
}

static json_t *result_json(const cf_result *r)
{
	char src[2048];
	sources_text(r, src, sizeof src);
	json_t *j = json_object(), *figs = json_array(), *miss = json_array(),
	       *srcs = json_array();
	bool ok = j && figs && miss && srcs;
	for (size_t i = 0; i < r->nfigures; i++)
		cf_json_push(figs, figure_json(r->figures[i]), &ok);
	for (size_t i = 0; i < r->nmissing; i++)
		cf_json_push(miss, json_string(r->missing[i]), &ok);
	for (char *tok = strtok(src, ","); tok; tok = strtok(NULL, ","))
		cf_json_push(srcs, json_string(tok), &ok);
	cf_json_put(j, "id", str_or_null(r->id), &ok);
	cf_json_put(j, "kind", json_string(r->kind), &ok);
	cf_json_put(j, "text", str_or_null(r->text), &ok);
	cf_json_put(j, "verdict", json_string(cf_verdict_name(r->verdict)),
		    &ok);
	cf_json_put(j, "within_rounding", json_boolean(r->within_rounding),
		    &ok);
	cf_json_put(j, "weak", json_boolean(r->weak), &ok);
	cf_json_put(j, "computed",
		    cf_interval_is_empty(r->computed)
			? json_null()
			: cf_interval_json(r->computed),
		    &ok);
	cf_json_put(j, "stated",
		    cf_interval_is_empty(r->stated)
			? json_null()
			: cf_interval_json(r->stated),
		    &ok);
	cf_json_put(j, "unit",
		    json_string(r->unit == CF_UNIT_PERCENT
				    ? "fraction"
				    : cf_unit_name(r->unit)),
		    &ok);
	cf_json_put(j, "deviation", cf_number_json(r->deviation), &ok);
	cf_json_put(j, "source", str_or_null(r->source), &ok);
	cf_json_put(j, "quote", str_or_null(r->quote), &ok);
	cf_json_put(j, "sources", srcs, &ok);
	cf_json_put(j, "figures", figs, &ok);
	cf_json_put(j, "missing", miss, &ok);
	cf_json_put(j, "implied", implied_json(r), &ok);
	cf_json_put(j, "note", str_or_null(r->note), &ok);
	return cf_json_done(j, ok);
}

static int emit_json(const check_opts *opt, const cf_result **rs, size_t n)
{
	json_t *a = json_array();
	bool ok = a != NULL;
	for (size_t i = 0; ok && i < n; i++)
		if (shown(opt, rs[i]))
			cf_json_push(a, result_json(rs[i]), &ok);
	return cli_emit_json(cf_json_done(a, ok)); /* NULL: out of memory */
}

/* ---------------------------------------------------------------- text */

static int emit_text(const check_opts *opt, const cf_result **rs, size_t n)
{
	check_text_opts o = {.width = check_text_width(),
			     .colour = check_text_colour(),
			     .all = opt->all,
			     .has_only = opt->has_only,
			     .only = opt->only};
	return check_text_write(rs, n, &o, stdout) ? cli_flush() : 0;
}

/* ---------------------------------------------------------------- command */

int cmd_check(int argc, char **argv)
{
	cli_common c;
	cli_common_init(&c);
	check_opts opt = {0};
	static const struct option extra[] = {
	    {"claims", required_argument, 0, OPT_CLAIMS},
	    {"only", required_argument, 0, OPT_ONLY},
	    {"all", no_argument, 0, OPT_ALL},
	    {0, 0, 0, 0}};
	int status = cli_parse(argc, argv, usage, extra, on_option, &opt, &c);
	if (status >= 0)
		return status;
	if (optind < argc)
		return cli_usage_error("check", "unexpected argument '%s'",
				       argv[optind]);
	if (!c.format_given)
		c.format =
		    isatty(STDOUT_FILENO) ? CF_FORMAT_TEXT : CF_FORMAT_TABLE;
	cf_dataset *ds = NULL;
	cf_analysis *a;
	if ((status = cli_analyse(&c, opt.claims, NULL, &ds, &a)))
		return status;
	const cf_result **sorted = a->by_severity;
	status = c.format == CF_FORMAT_JSON
		     ? emit_json(&opt, sorted, a->results.n)
		 : c.format == CF_FORMAT_TEXT
		     ? emit_text(&opt, sorted, a->results.n)
		     : emit_table(&c, &opt, sorted, a->results.n);
	for (size_t i = 0; i < a->results.n && !status; i++)
		if (sorted[i]->verdict == CF_VERDICT_INCONSISTENT)
			status = 1;
	cf_analysis_free(a);
	cf_dataset_free(ds);
	return status;
}
