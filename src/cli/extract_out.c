#include "extract_out.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sysexits.h>
#include <unistd.h>

int extraction_name(cf_extraction *x, const char *text, size_t len,
		    cf_error *err)
{
	char *slug = cf_relations_slug(x->source, strlen(x->source), 40);
	size_t n = slug ? strlen(slug) + 16 : 0;
	char *prefix = slug ? malloc(n) : NULL;
	if (!prefix) {
		free(slug);
		return cf_error_set(err, CF_ENOMEM, NULL, 0, 0,
				    "out of memory");
	}
	snprintf(prefix, n, "figures.%s", slug);
	free(slug);
	int rc = cf_relations_name(text, len, x->cands, x->n, prefix,
				   &x->series, &x->periods, err);
	free(prefix);
	if (rc == 0)
		rc = cf_relations_find(text, len, x->cands, x->n, x->series,
				       x->periods, &x->rels, &x->nrels, err);
	return rc;
}

/* "-3.1" for a fall. */
static void signed_value(const cf_candidate *c, char *buf, size_t size)
{
	snprintf(buf, size, "%s%s", c->sign < 0 ? "-" : "", c->value_text);
}

static const char *unit_text(const cf_candidate *c)
{
	return c->currency[0] ? c->currency : cf_unit_name(c->unit);
}

static const char *const figure_cols[] = {
    "id",	 "series", "period",  "value",	"scale",  "unit",
    "qualifier", "kind",   "measure", "entity", "source", "quote"};
#define NFIG (sizeof figure_cols / sizeof figure_cols[0])

/* The figure as a person reads it: "over 4300", "about 1.7 million",
 * "411.25 billion USD", "-3.1%", "2×". */
static void figure_text(const cf_candidate *k, char *buf, size_t size)
{
	char value[64];
	signed_value(k, value, sizeof value);
	bool one = !strcmp(cf_scale_name(k->scale), "1");
	bool count = !k->currency[0] && k->unit == CF_UNIT_COUNT;
	bool percent = !k->currency[0] && k->unit == CF_UNIT_PERCENT;
	bool ratio = !k->currency[0] && k->unit == CF_UNIT_RATIO;
	snprintf(buf, size, "%s%s%s%s%s", cli_qualifier_words(k->qualifier),
		 value, one ? "" : " ", one ? "" : cf_scale_name(k->scale),
		 percent ? "%"
		 : ratio ? "×"
		 : count ? ""
			 : " ");
	if (!count && !percent && !ratio)
		snprintf(buf + strlen(buf), size - strlen(buf), "%s",
			 unit_text(k));
}

/* The series without the "figures.SOURCE." every row shares. */
static const char *short_series(const cf_extraction *x, size_t i)
{
	const char *s = x->series[i], *dot = strchr(s, '.');
	if (!strncmp(s, "figures.", 8) && dot && (dot = strchr(dot + 1, '.')))
		return dot + 1;
	return s;
}

static const char *const people_cols[] = {"id",	    "series", "period",
					  "figure", "kind",   "quote"};
#define NPEOPLE (sizeof people_cols / sizeof people_cols[0])

/* The cells of candidate i; scratch holds the texts made for it. */
typedef void (*cells_fn)(const cf_extraction *x, size_t i, char scratch[2][160],
			 const char **cells);

static void people_cells(const cf_extraction *x, size_t i, char scratch[2][160],
			 const char **cells)
{
	const cf_candidate *k = &x->cands[i];
	figure_text(k, scratch[1], sizeof scratch[1]);
	const char *row[NPEOPLE] = {
	    scratch[0], short_series(x, i),    x->periods[i],
	    scratch[1], cf_kind_name(k->kind), k->quote};
	memcpy(cells, row, sizeof row);
}

static void file_cells(const cf_extraction *x, size_t i, char scratch[2][160],
		       const char **cells)
{
	const cf_candidate *k = &x->cands[i];
	signed_value(k, scratch[1], sizeof scratch[1]);
	const char *row[NFIG] = {scratch[0],
				 x->series[i],
				 x->periods[i],
				 scratch[1],
				 cf_scale_name(k->scale),
				 unit_text(k),
				 cf_qualifier_name(k->qualifier),
				 cf_kind_name(k->kind),
				 k->measure,
				 "",
				 x->source,
				 k->quote};
	memcpy(cells, row, sizeof row);
}

/* A table of one row per candidate (ids x001, x002…); NULL when out of
 * memory. */
static cf_output *figures_output(const cf_extraction *x, size_t ncols,
				 const char *const *names, cells_fn fill)
{
	cf_output *o = cf_output_new(ncols, names);
	int rc = o ? 0 : CF_ENOMEM;
	for (size_t i = 0; rc == 0 && i < x->n; i++) {
		char scratch[2][160];
		const char *cells[NFIG];
		snprintf(scratch[0], sizeof scratch[0], "x%03zu", i + 1);
		fill(x, i, scratch, cells);
		rc = cf_output_row(o);
		for (size_t j = 0; rc == 0 && j < ncols; j++)
			rc = cf_output_text(o, j, cells[j]);
	}
	if (rc == 0)
		return o;
	cf_output_free(o);
	return NULL;
}

/* --format table: what a person checks against the text, in about 100
 * columns; the source and the full series names are said once above it
 * (CSV and JSON carry every column on every row). */
int extraction_print_figures(const cf_extraction *x, const cli_common *c)
{
	bool people = c->format == CF_FORMAT_TABLE;
	cf_output *o =
	    people ? figures_output(x, NPEOPLE, people_cols, people_cells)
		   : figures_output(x, NFIG, figure_cols, file_cells);
	if (!o)
		return cli_nomem();
	if (people) {
		cf_output_column(o, 1, CF_ALIGN_LEFT, 16);
		cf_output_column(o, 3, CF_ALIGN_RIGHT, 22);
		cf_output_column(o, NPEOPLE - 1, CF_ALIGN_LEFT, 28);
		printf("%zu figures from %s, series figures.%s.NAME\n"
		       "(every column: --format csv or json)\n\n",
		       x->n, x->source, x->source);
	}
	int status = cli_emit(c, o);
	cf_output_free(o);
	return status;
}

static const char *const claim_cols[] = {"id", "claim", "tolerance", "source",
					 "quote"};

int extraction_print_claims(const cf_extraction *x, const cli_common *c)
{
	cf_output *o = cf_output_new(5, claim_cols);
	int rc = o ? 0 : CF_ENOMEM;
	for (size_t i = 0; rc == 0 && i < x->nrels; i++) {
		char id[32];
		snprintf(id, sizeof id, "xc%02zu", i + 1);
		const char *cells[] = {id, x->rels[i].claim,
				       x->rels[i].tolerance, x->source,
				       x->rels[i].quote};
		rc = cf_output_row(o);
		for (size_t j = 0; rc == 0 && j < 5; j++)
			rc = cf_output_text(o, j, cells[j]);
	}
	int status = rc ? cli_nomem() : cli_emit(c, o);
	cf_output_free(o);
	return status;
}

/* Figures a dataset can hold: USD, CNY, counts, percents and ratios;
 * thresholds are claims, not figures. */
static bool loadable(const cf_candidate *k)
{
	return k->kind != CF_KIND_THRESHOLD &&
	       (!k->currency[0] || k->unit == CF_UNIT_USD ||
		k->unit == CF_UNIT_CNY);
}

/* DIR/NAME written through the atomic writer, then tracked (it is in
 * the private directory: an interrupt removes it with the directory). */
static int write_file(const char *dir, const char *name,
		      int (*rows)(FILE *, const cf_extraction *),
		      const cf_extraction *x, const cf_cleanup *cleanup,
		      cf_error *err)
{
	char *path = cf_path_join(dir, name);
	if (!path)
		return cf_error_set(err, CF_ENOMEM, NULL, 0, 0,
				    "out of memory");
	cf_outfile *of = NULL;
	int rc = cf_outfile_open(path, cleanup, &of, err);
	if (rc == 0 && rows(cf_outfile_stream(of), x) != 0) {
		rc = cf_error_set(err, CF_EWRITE, path, 0, 0,
				  "cannot write: %s", strerror(errno));
		cf_outfile_abort(of);
	} else if (rc == 0) {
		rc = cf_outfile_commit(of, err);
	}
	if (rc == 0)
		cf_cleanup_track(cleanup, path, false);
	free(path);
	return rc;
}

static int source_rows(FILE *fp, const cf_extraction *x)
{
	static const char *const head[] = {
	    "id", "kind", "title", "author", "publisher", "published", "file"};
	const char *base = strrchr(x->path, '/');
	const char *row[] = {
	    x->source, "article", "", "", "", "", base ? base + 1 : x->path};
	return cf_csv_write_record(fp, head, 7) ||
	       cf_csv_write_record(fp, row, 7);
}

static int figure_rows(FILE *fp, const cf_extraction *x)
{
	static const char *const head[] = {
	    "id",	 "series",  "period", "value",	"scale", "unit",
	    "qualifier", "measure", "entity", "source", "quote"};
	int rc = cf_csv_write_record(fp, head, 11);
	for (size_t i = 0; rc == 0 && i < x->n; i++) {
		const cf_candidate *k = &x->cands[i];
		if (!loadable(k) || !x->periods[i][0])
			continue;
		char id[32], value[64], measure[64];
		snprintf(id, sizeof id, "x%03zu", i + 1);
		signed_value(k, value, sizeof value);
		snprintf(measure, sizeof measure, "%s", cf_kind_name(k->kind));
		const char *row[] = {id,
				     x->series[i],
				     x->periods[i],
				     value,
				     cf_scale_name(k->scale),
				     cf_unit_name(k->unit),
				     cf_qualifier_name(k->qualifier),
				     k->measure[0] ? k->measure : measure,
				     "",
				     x->source,
				     k->quote};
		rc = cf_csv_write_record(fp, row, 11);
	}
	return rc;
}

static int claim_rows(FILE *fp, const cf_extraction *x)
{
	int rc = cf_csv_write_record(fp, claim_cols, 5);
	for (size_t i = 0; rc == 0 && i < x->nrels; i++) {
		char id[32];
		snprintf(id, sizeof id, "xc%02zu", i + 1);
		const char *row[] = {id, x->rels[i].claim, x->rels[i].tolerance,
				     x->source, x->rels[i].quote};
		rc = cf_csv_write_record(fp, row, 5);
	}
	return rc;
}

int extraction_write_dir(const cf_extraction *x, const char *dir,
			 const cf_cleanup *cleanup, cf_error *err)
{
	struct stat st;
	if (lstat(dir, &st) == 0) /* before any work */
		return cf_error_set(err, CF_EWRITE, dir, 0, 0,
				    "already exists: give a new directory");
	char *tmp = NULL;
	int rc = cf_tempdir_create(dir, cleanup, &tmp, err);
	if (!rc)
		rc = write_file(tmp, "sources.csv", source_rows, x, cleanup,
				err);
	if (!rc)
		rc = write_file(tmp, "figures.csv", figure_rows, x, cleanup,
				err);
	if (!rc)
		rc = write_file(tmp, "claims.csv", claim_rows, x, cleanup, err);
	if (!rc)
		rc = cf_tempdir_commit(tmp, dir, cleanup, err);
	if (rc && tmp) {
		cf_tempdir_name_target(err, tmp, dir);
		cf_tempdir_remove(tmp, cleanup);
	}
	free(tmp);
	return rc;
}

int extraction_summary(const cf_extraction *x, const char *dir)
{
	size_t figs = 0, left = 0;
	for (size_t i = 0; i < x->n; i++) {
		if (loadable(&x->cands[i]) && x->periods[i][0])
			figs++;
		else if (x->cands[i].kind != CF_KIND_THRESHOLD)
			left++;
	}
	fprintf(stderr,
		"cifra: %s: %zu figures, %zu claims (language %s); %zu "
		"candidates left out (no period, or a currency the datasets "
		"do not hold)\n",
		dir, figs, x->nrels, cf_lang_name(x->lang), left);
	return 0;
}

void extraction_free(cf_extraction *x)
{
	cf_relations_free(x->rels, x->nrels);
	cf_relations_names_free(x->series, x->periods, x->n);
	cf_candidates_free(x->cands, x->n);
}
