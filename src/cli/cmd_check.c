/* cmd_check.c — `cifra check`: every claim and every automatic cross-check
 * with its verdict, most severe first.  Exit 0 when nothing is
 * inconsistent, 1 when something is, 65 on bad input. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "cli.h"

static const char usage[] =
    "usage: cifra check [--claims FILE] [--data DIR] [--format "
    "table|csv|json] [--only VERDICT]\n"
    "Evaluates every claim (claims.csv, or FILE) and the automatic "
    "cross-checks\n"
    "(conflicts, sub-period vs year, cumulative series, trade parts vs "
    "total,\n"
    "pledged vs delivered).  --only shows one verdict: inconsistent,\n"
    "undetermined, unverifiable or consistent.  Exit 0 when nothing is\n"
    "inconsistent, 1 otherwise.\n";

enum { OPT_CLAIMS = CLI_OPT_FIRST_FREE, OPT_ONLY };

typedef struct check_opts {
	const char *claims;
	bool has_only;
	cf_verdict only;
} check_opts;

static int on_option(int opt, const char *arg, void *ctx)
{
	check_opts *o = ctx;
	if (opt == OPT_CLAIMS) {
		o->claims = arg;
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

static void verdict_text(const cf_result *r, char *buf, size_t size)
{
	snprintf(buf, size, "%s%s", cf_verdict_name(r->verdict),
		 r->within_rounding ? " (within rounding)" : "");
}

static void shown_interval(const cf_result *r, cf_interval iv, char *buf,
			   size_t size)
{
	if (cf_interval_is_empty(iv))
		snprintf(buf, size, "–");
	else
		cf_interval_text(iv, r->unit, 4, buf, size);
}

static void full_bound(double x, char *buf, size_t size)
{
	if (isinf(x))
		snprintf(buf, size, "%s", x < 0 ? "-inf" : "inf");
	else
		snprintf(buf, size, "%.17g", x);
}

/* Full precision for CSV: "[lo, hi]" with open ends as ( ). */
static void csv_interval(cf_interval iv, char *buf, size_t size)
{
	if (cf_interval_is_empty(iv)) {
		snprintf(buf, size, "%s", "");
		return;
	}
	char lo[40], hi[40];
	full_bound(iv.lo, lo, sizeof lo);
	full_bound(iv.hi, hi, sizeof hi);
	snprintf(buf, size, "%s%s, %s%s", iv.lo_open ? "(" : "[", lo, hi,
		 iv.hi_open ? ")" : "]");
}

static void deviation_text(double d, char *buf, size_t size)
{
	if (isnan(d))
		snprintf(buf, size, "–");
	else
		snprintf(buf, size, "%+.1f%%", d * 100);
}

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

static size_t text_width(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
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

/* Up to the next blank outside brackets, so an interval stays on one
 * line; a bracketed list too long for a line (a span's missing years)
 * breaks at its blanks like plain text. */
static size_t word_len(const char *p)
{
	int depth = 0;
	size_t i = 0;
	for (; p[i] && (p[i] != ' ' || depth > 0); i++) {
		if (p[i] == '[' || p[i] == '(')
			depth++;
		else if ((p[i] == ']' || p[i] == ')') && depth > 0)
			depth--;
	}
	if (i > 60)
		i = strcspn(p, " ");
	return i;
}

/* Prints "ID: note" wrapped at 100 columns, continuation lines indented. */
static void print_note(const char *id, const char *note)
{
	size_t col = (size_t)printf("%s:", id);
	const char *p = note;
	while (*p) {
		size_t len = word_len(p), w = 0;
		for (size_t i = 0; i < len; i++)
			w += ((unsigned char)p[i] & 0xC0) != 0x80;
		if (col + 1 + w > 100 && col > 4) {
			fputs("\n   ", stdout);
			col = 3;
		}
		printf(" %.*s", (int)len, p);
		col += 1 + w;
		p += len;
		while (*p == ' ')
			p++;
	}
	putchar('\n');
}

/* The notes the table had to cut, in full below it. */
static int print_cut_notes(const check_opts *opt, const cf_results *rs,
			   size_t cap)
{
	bool first = true;
	for (size_t i = 0; i < rs->n; i++) {
		const cf_result *r = &rs->items[i];
		if (!shown(opt, r) || !r->note || text_width(r->note) <= cap)
			continue;
		if (first)
			fputs("\nnotes:\n", stdout);
		first = false;
		print_note(r->id, r->note);
	}
	if (fflush(stdout) == EOF || ferror(stdout)) {
		cf_error err;
		cf_error_set(&err, CF_EWRITE, "<stdout>", 0, 0,
			     "cannot write output");
		return cli_fail(&err);
	}
	return 0;
}

static int add_row(cf_output *o, const cf_result *r, size_t *width)
{
	char cell[NCOLS][2048], csv_c[96], csv_s[96];
	snprintf(cell[C_ID], sizeof cell[C_ID], "%s", r->id ? r->id : "");
	snprintf(cell[C_KIND], sizeof cell[C_KIND], "%s", r->kind);
	verdict_text(r, cell[C_VERDICT], sizeof cell[C_VERDICT]);
	shown_interval(r, r->computed, cell[C_COMPUTED], sizeof cell[0]);
	shown_interval(r, r->stated, cell[C_STATED], sizeof cell[0]);
	deviation_text(r->deviation, cell[C_DEV], sizeof cell[0]);
	sources_text(r, cell[C_SOURCES], sizeof cell[0]);
	snprintf(cell[C_NOTE], sizeof cell[0], "%s", r->note ? r->note : "");
	csv_interval(r->computed, csv_c, sizeof csv_c);
	csv_interval(r->stated, csv_s, sizeof csv_s);
	int rc = cf_output_row(o);
	for (size_t i = 0; i < NCOLS && !rc; i++) {
		const char *csv = i == C_COMPUTED ? csv_c
				  : i == C_STATED ? csv_s
						  : NULL;
		rc = cf_output_cell(o, i, cell[i], csv, NULL);
		size_t tw = text_width(cell[i]);
		if (tw > width[i])
			width[i] = tw;
	}
	return rc;
}

static int emit_table(const cli_common *c, const check_opts *opt,
		      const cf_results *rs)
{
	cf_output *o = cf_output_new(NCOLS, names);
	if (!o)
		return EX_OSERR;
	size_t width[NCOLS];
	for (size_t i = 0; i < NCOLS; i++)
		width[i] = text_width(names[i]);
	int rc = 0;
	for (size_t i = 0; i < rs->n && !rc; i++)
		if (shown(opt, &rs->items[i]))
			rc = add_row(o, &rs->items[i], width);
	if (rc) {
		cf_output_free(o);
		return EX_OSERR;
	}
	size_t cap = 0;
	if (c->format == CF_FORMAT_TABLE)
		cap = fit_columns(o, width);
	int status = cli_emit(c, o);
	cf_output_free(o);
	if (!status && cap)
		status = print_cut_notes(opt, rs, cap);
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
	json_object_set_new(j, "id", str_or_null(f->id));
	json_object_set_new(j, "series", str_or_null(f->series));
	json_object_set_new(j, "period", json_string(per));
	json_object_set_new(j, "value", str_or_null(f->value_text));
	json_object_set_new(j, "scale", json_string(cf_scale_name(f->scale)));
	json_object_set_new(j, "unit", json_string(cf_unit_name(f->unit)));
	json_object_set_new(j, "qualifier",
			    json_string(cf_qualifier_name(f->qualifier)));
	json_object_set_new(j, "interval", cf_interval_json(f->interval));
	json_object_set_new(j, "source", str_or_null(f->source));
	json_object_set_new(j, "quote", str_or_null(f->quote));
	json_object_set_new(j, "reference", json_boolean(f->reference));
	return j;
}

static json_t *implied_json(const cf_result *r)
{
	if (!r->has_implied)
		return json_null();
	char per[CF_PERIOD_TEXT_MAX];
	cf_period_format(&r->implied_period, per, sizeof per);
	json_t *j = json_object();
	json_object_set_new(j, "series", str_or_null(r->implied_series));
	json_object_set_new(j, "period", json_string(per));
	json_object_set_new(j, "unit",
			    json_string(cf_unit_name(r->implied_unit)));
	json_object_set_new(j, "interval", cf_interval_json(r->implied));
	return j;
}

static json_t *result_json(const cf_result *r)
{
	char src[2048];
	sources_text(r, src, sizeof src);
	json_t *j = json_object(), *figs = json_array(), *miss = json_array(),
	       *srcs = json_array();
	for (size_t i = 0; i < r->nfigures; i++)
		json_array_append_new(figs, figure_json(r->figures[i]));
	for (size_t i = 0; i < r->nmissing; i++)
		json_array_append_new(miss, json_string(r->missing[i]));
	for (char *tok = strtok(src, ","); tok; tok = strtok(NULL, ","))
		json_array_append_new(srcs, json_string(tok));
	json_object_set_new(j, "id", str_or_null(r->id));
	json_object_set_new(j, "kind", json_string(r->kind));
	json_object_set_new(j, "text", str_or_null(r->text));
	json_object_set_new(j, "verdict",
			    json_string(cf_verdict_name(r->verdict)));
	json_object_set_new(j, "within_rounding",
			    json_boolean(r->within_rounding));
	json_object_set_new(j, "computed",
			    cf_interval_is_empty(r->computed)
				? json_null()
				: cf_interval_json(r->computed));
	json_object_set_new(j, "stated",
			    cf_interval_is_empty(r->stated)
				? json_null()
				: cf_interval_json(r->stated));
	json_object_set_new(j, "unit",
			    json_string(r->unit == CF_UNIT_PERCENT
					    ? "fraction"
					    : cf_unit_name(r->unit)));
	json_object_set_new(j, "deviation", cf_number_json(r->deviation));
	json_object_set_new(j, "source", str_or_null(r->source));
	json_object_set_new(j, "quote", str_or_null(r->quote));
	json_object_set_new(j, "sources", srcs);
	json_object_set_new(j, "figures", figs);
	json_object_set_new(j, "missing", miss);
	json_object_set_new(j, "implied", implied_json(r));
	json_object_set_new(j, "note", str_or_null(r->note));
	return j;
}

static int emit_json(const check_opts *opt, const cf_results *rs)
{
	json_t *a = json_array();
	if (!a)
		return EX_OSERR;
	for (size_t i = 0; i < rs->n; i++)
		if (shown(opt, &rs->items[i]))
			json_array_append_new(a, result_json(&rs->items[i]));
	cf_error err;
	cf_error_clear(&err);
	int rc = cf_json_write(a, stdout, &err);
	json_decref(a);
	return rc < 0 ? cli_fail(&err) : 0;
}

/* ---------------------------------------------------------------- command */

/* Cross-checks first: they must see the cited figures only, before the
 * claims add what they imply. */
static int run_checks(cf_dataset *ds, cf_results *rs, cf_error *err)
{
	int rc = cf_checks_run(ds, rs, err);
	if (!rc)
		rc = cf_claims_check(ds, rs, err);
	cf_results_sort(rs);
	return rc;
}

int cmd_check(int argc, char **argv)
{
	cli_common c;
	cli_common_init(&c);
	check_opts opt = {0};
	static const struct option extra[] = {
	    {"claims", required_argument, 0, OPT_CLAIMS},
	    {"only", required_argument, 0, OPT_ONLY},
	    {0, 0, 0, 0}};
	int status = cli_parse(argc, argv, usage, extra, on_option, &opt, &c);
	if (status >= 0)
		return status;
	if (optind < argc)
		return cli_usage_error("check", "unexpected argument '%s'",
				       argv[optind]);
	cf_dataset *ds;
	if ((status = cli_load(&c, &ds)))
		return status;
	cf_error err;
	cf_error_clear(&err);
	cf_results rs = {0};
	int rc = opt.claims ? cf_dataset_load_claims(ds, opt.claims, &err) : 0;
	if (!rc)
		rc = run_checks(ds, &rs, &err);
	if (rc < 0) {
		status = cli_fail(&err);
	} else {
		status = c.format == CF_FORMAT_JSON ? emit_json(&opt, &rs)
						    : emit_table(&c, &opt, &rs);
		for (size_t i = 0; i < rs.n && !status; i++)
			if (rs.items[i].verdict == CF_VERDICT_INCONSISTENT)
				status = 1;
	}
	cf_results_free(&rs);
	cf_dataset_free(ds);
	return status;
}
