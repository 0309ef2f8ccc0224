/* comtrade_write.c — imported rows into a dataset directory (see
 * comtrade_write.h): decide which rows are new, stage the files as one
 * cf_outgroup (outfile.h), which renames them in, verifies by loading and
 * puts the old files back on any failure. */
#include "cifra/comtrade_write.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cifra/comtrade_value.h"
#include "cifra/csvio.h"
#include "cifra/dataset.h"
#include "cifra/outfile.h"

static const char *const trade_header[] = {
    "id",	 "series",   "period",	"value", "scale",  "unit",
    "qualifier", "reporter", "partner", "flow",	 "source", "quote"};
static const char *const source_header[] = {
    "id", "kind", "title", "author", "publisher", "published", "file"};
#define NTRADE	 (sizeof trade_header / sizeof trade_header[0])
#define NSOURCES (sizeof source_header / sizeof source_header[0])

/* One file the import rewrites: the old content (when it existed) is
 * copied into its staged replacement, the new rows follow. */
typedef struct target {
	char *path;
	bool existed;
} target;

static int nomem(cf_error *err)
{
	return cf_error_set(err, CF_ENOMEM, NULL, 0, 0, "out of memory");
}

static bool is_import_source(const char *id)
{
	return id && strncmp(id, "ct_", 3) == 0;
}

/* ---- which rows are new ---- */

/* 1 when row is already in ds from an import with the same value, 0 when
 * it is new, CF_EDATA when an import holds a different value. */
static int already(const cf_comtrade_import *imp, const cf_comtrade_row *row,
		   const cf_dataset *ds, cf_error *err)
{
	const cf_series *s = ds ? cf_dataset_series(ds, row->series) : NULL;
	cf_period p;
	cf_error sub;
	if (!s || cf_period_parse(row->period, &p, &sub))
		return 0;
	for (size_t i = 0; i < s->count; i++) {
		const cf_figure *f = s->figures[i];
		if (!cf_period_equal(&f->period, &p) ||
		    !is_import_source(f->source))
			continue;
		if (cf_decimal_compare(f->value_text, row->value) == 0)
			return 1;
		return cf_error_set(
		    err, CF_EDATA, imp->files[row->file].path, row->line,
		    row->value_column,
		    "%s %s: value %s differs from %s already imported at "
		    "%s:%ld (id %s, source %s); remove that row to import "
		    "the revision",
		    row->series, row->period, row->value, f->value_text,
		    f->file, f->line, f->id, f->source);
	}
	return 0;
}

/* Marks keep[i] for the rows to write; counts per file. */
static int select_rows(cf_comtrade_import *imp, const cf_dataset *ds,
		       bool *keep, cf_error *err)
{
	for (size_t i = 0; i < imp->nfiles; i++)
		imp->files[i].added = imp->files[i].present = 0;
	for (size_t i = 0; i < imp->nrows; i++) {
		int rc = already(imp, &imp->rows[i], ds, err);
		if (rc < 0)
			return rc;
		keep[i] = rc == 0;
		if (keep[i])
			imp->files[imp->rows[i].file].added++;
		else
			imp->files[imp->rows[i].file].present++;
	}
	return 0;
}

/* ---- writing ---- */

typedef struct header_cap {
	size_t n;
	char **names;
} header_cap;

static int keep_header(const cf_csv_record *rec, void *ctx, cf_error *err)
{
	header_cap *h = ctx;
	if (rec->index != 0)
		return 0;
	h->names = calloc(rec->nfields, sizeof *h->names);
	if (!h->names)
		return nomem(err);
	h->n = rec->nfields;
	for (size_t i = 0; i < rec->nfields; i++)
		if (!(h->names[i] = strdup(rec->fields[i])))
			return nomem(err);
	return 0;
}

static void header_free(header_cap *h)
{
	for (size_t i = 0; i < h->n; i++)
		free(h->names[i]);
	free(h->names);
}

/* The existing file's header, or ours for a new file; every column we
 * write must be there. */
static int file_header(const target *t, const char *const *ours, size_t n,
		       header_cap *h, cf_error *err)
{
	*h = (header_cap){0};
	if (!t->existed) {
		h->names = calloc(n, sizeof *h->names);
		if (!h->names)
			return nomem(err);
		h->n = n;
		for (size_t i = 0; i < n; i++)
			if (!(h->names[i] = strdup(ours[i])))
				return nomem(err);
		return 0;
	}
	int rc = cf_csv_read_file(t->path, keep_header, h, err);
	for (size_t k = 0; !rc && k < n; k++) {
		size_t i = 0;
		while (i < h->n && strcmp(h->names[i], ours[k]))
			i++;
		if (i == h->n)
			rc = cf_error_set(err, CF_EDATA, t->path, 1, 1,
					  "no '%s' column, which cifra import "
					  "fills: add it, or import into a "
					  "new directory",
					  ours[k]);
	}
	return rc;
}

/* Writes values (in `ours` order) in the order of h. */
static int write_mapped(FILE *fp, const header_cap *h, const char *const *ours,
			const char *const *values, size_t n)
{
	const char *out[32];
	size_t m = h->n < 32 ? h->n : 32;
	for (size_t i = 0; i < m; i++) {
		out[i] = NULL; /* written as an empty field */
		for (size_t k = 0; k < n; k++)
			if (!strcmp(h->names[i], ours[k]) && values[k] &&
			    *values[k])
				out[i] = values[k];
	}
	return cf_csv_write_record(fp, out, m);
}

/* Copies the old file, making sure it ends with a newline. */
static int copy_old(FILE *out, const target *t)
{
	FILE *in = fopen(t->path, "rb");
	if (!in)
		return -1;
	char buf[65536];
	size_t n;
	int last = '\n';
	while ((n = fread(buf, 1, sizeof buf, in)) > 0) {
		if (fwrite(buf, 1, n, out) != n)
			break;
		last = buf[n - 1];
	}
	int bad = ferror(in) || ferror(out);
	fclose(in);
	if (!bad && last != '\n' && fputc('\n', out) == EOF)
		bad = 1;
	return bad ? -1 : 0;
}

static int write_error(const char *path, cf_error *err)
{
	return cf_error_set(err, CF_EWRITE, path, 0, 0, "cannot write: %s",
			    strerror(errno ? errno : EIO));
}

/* Writes one file's rows `rows` writes through write_mapped. */
typedef int (*rows_fn)(FILE *fp, const header_cap *h, const void *ctx,
		       const cf_dataset *ds);

/* Stages t in g: the old content (or our header), then the rows. */
static int write_table(cf_outgroup *g, const target *t, const char *const *ours,
		       size_t n, rows_fn rows, const void *ctx,
		       const cf_dataset *ds, cf_error *err)
{
	header_cap h;
	int rc = file_header(t, ours, n, &h, err);
	cf_outfile *of = NULL;
	if (!rc)
		rc = cf_outgroup_open(g, t->path, &of, err);
	FILE *fp = of ? cf_outfile_stream(of) : NULL;
	if (!rc && t->existed && copy_old(fp, t) != 0)
		rc = write_error(t->path, err);
	if (!rc && !t->existed)
		rc = write_mapped(fp, &h, ours, ours, n);
	if (!rc && (rc = rows(fp, &h, ctx, ds)) == CF_EWRITE)
		rc = write_error(t->path, err);
	header_free(&h);
	return rc;
}

typedef struct trade_rows {
	const cf_comtrade_import *imp;
	const bool *keep;
} trade_rows;

static int trade_rows_fn(FILE *fp, const header_cap *h, const void *ctx,
			 const cf_dataset *ds)
{
	(void)ds;
	const trade_rows *tr = ctx;
	int rc = 0;
	for (size_t i = 0; !rc && i < tr->imp->nrows; i++) {
		const cf_comtrade_row *r = &tr->imp->rows[i];
		if (!tr->keep[i])
			continue;
		const char *src = tr->imp->files[r->file].source_id;
		char id[48];
		snprintf(id, sizeof id, "%s_%ld", src, r->line);
		const char *v[NTRADE] = {
		    id,	     r->series,	  r->period,  r->value, "1", "USD",
		    "exact", r->reporter, r->partner, r->flow,	src, r->quote};
		rc = write_mapped(fp, h, trade_header, v, NTRADE);
	}
	return rc;
}

/* One sources.csv row per file that adds rows, unless DIR or an earlier
 * file of this run already has its id (the same bytes). */
static int source_rows_fn(FILE *fp, const header_cap *h, const void *ctx,
			  const cf_dataset *ds)
{
	const cf_comtrade_import *imp = ctx;
	int rc = 0;
	for (size_t i = 0; !rc && i < imp->nfiles; i++) {
		const cf_comtrade_file *f = &imp->files[i];
		bool dup = ds && cf_dataset_source(ds, f->source_id);
		for (size_t k = 0; k < i; k++)
			dup |= !strcmp(imp->files[k].source_id, f->source_id) &&
			       imp->files[k].added;
		if (!f->added || dup)
			continue;
		const char *v[NSOURCES] = {
		    f->source_id,  "statistics", f->title, "",
		    "UN Comtrade", "",		 f->path};
		rc = write_mapped(fp, h, source_header, v, NSOURCES);
	}
	return rc;
}

/* ---- committing ---- */

static int target_init(target *t, const char *dir, const char *name,
		       cf_error *err)
{
	*t = (target){0};
	if (!(t->path = cf_path_join(dir, name)))
		return nomem(err);
	struct stat st;
	t->existed = stat(t->path, &st) == 0;
	return 0;
}

/* Run once the files are in place: the result must load, else the group
 * puts the old files back. */
static int verify_load(void *ctx, cf_error *err)
{
	const char *dir = ctx;
	cf_dataset *check = NULL;
	cf_error sub;
	cf_error_clear(&sub);
	if (cf_dataset_load(dir, &check, &sub) != 0)
		return cf_error_set(err, CF_EDATA, sub.file, sub.line,
				    sub.column,
				    "the import would leave %s unloadable, "
				    "nothing written: %s",
				    dir, sub.message);
	cf_dataset_free(check);
	return 0;
}

/* Where the rows go.  root is the dataset that is loaded (for the rows
 * already there, and to verify the result); base the directory whose
 * sources.csv and trade.csv are written: the reference part of the
 * dataset.
 *   -o X/reference, X a dataset     root X, base X/reference (created when
 *                                   absent, e.g. -o datasets/reference)
 *   -o X, X a dataset               root X, base X/reference
 *   -o X, X new or no sources.csv   root X (its sources.csv created, header
 *                                   only), base X/reference */
typedef struct place {
	char *root, *base;
	bool make_root, make_base, root_sources; /* to create */
} place;

static bool is_dir(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static bool is_file(const char *dir, const char *name)
{
	char *p = cf_path_join(dir, name);
	struct stat st;
	bool yes = p && stat(p, &st) == 0;
	free(p);
	return yes;
}

/* X for X/reference (trailing slashes ignored), else NULL. */
static char *parent_of_reference(const char *dir)
{
	size_t n = strlen(dir);
	while (n > 1 && dir[n - 1] == '/')
		n--;
	const char *name = "reference";
	size_t k = strlen(name);
	if (n < k || strncmp(dir + n - k, name, k) ||
	    (n > k && dir[n - k - 1] != '/'))
		return NULL;
	size_t m = n - k;
	while (m > 1 && dir[m - 1] == '/')
		m--;
	return m == 0 ? strdup(".") : strndup(dir, m);
}

static int plan(const char *dir, place *pl, cf_error *err)
{
	*pl = (place){0};
	char *parent = parent_of_reference(dir);
	if (parent && is_file(parent, "sources.csv")) {
		pl->root = parent;
		pl->base = strdup(dir);
		pl->make_base = !is_dir(dir);
	} else {
		free(parent);
		pl->root = strdup(dir);
		pl->base = cf_path_join(dir, "reference");
		if (!pl->root || !pl->base)
			return nomem(err);
		struct stat st;
		bool exists = stat(dir, &st) == 0;
		if (exists && !S_ISDIR(st.st_mode))
			return cf_error_set(err, CF_EWRITE, dir, 0, 0,
					    "not a directory");
		pl->make_root = !exists;
		pl->root_sources = !exists || !is_file(dir, "sources.csv");
		pl->make_base = !is_dir(pl->base);
		if (exists && pl->root_sources && is_file(dir, "trade.csv"))
			return cf_error_set(
			    err, CF_EDATA, dir, 0, 0,
			    "a trade.csv without sources.csv beside it: not "
			    "a dataset cifra import can add to");
	}
	return pl->root && pl->base ? 0 : nomem(err);
}

/* Creates what the plan needs before the files are written. */
static int prepare(const place *pl, cf_error *err)
{
	if (pl->make_root && mkdir(pl->root, 0755) != 0)
		return cf_error_set(err, CF_EWRITE, pl->root, 0, 0,
				    "cannot create directory: %s",
				    strerror(errno));
	if (pl->make_base && mkdir(pl->base, 0755) != 0)
		return cf_error_set(err, CF_EWRITE, pl->base, 0, 0,
				    "cannot create directory: %s",
				    strerror(errno));
	return 0;
}

/* Removes what prepare created (after a failure). */
static void unprepare(const place *pl)
{
	if (pl->make_base)
		rmdir(pl->base);
	if (pl->make_root)
		rmdir(pl->root);
}

/* A new dataset's sources.csv: the header only (its figures are all in
 * the reference part). */
static int stage_root_sources(cf_outgroup *g, const place *pl, cf_error *err)
{
	char *path = cf_path_join(pl->root, "sources.csv");
	cf_outfile *of = NULL;
	int rc = path ? cf_outgroup_open(g, path, &of, err) : nomem(err);
	if (!rc && cf_csv_write_record(cf_outfile_stream(of), source_header,
				       NSOURCES) != 0)
		rc = write_error(path, err);
	free(path);
	return rc;
}

/* Stages every file, then commits them together (outfile.h), verified by
 * loading root. */
static int write_all(cf_comtrade_import *imp, const place *pl,
		     const cf_dataset *ds, const bool *keep,
		     const cf_cleanup *cleanup, cf_error *err)
{
	target src = {0}, trade = {0};
	cf_outgroup *g = NULL;
	int rc = cf_outgroup_new(cleanup, &g, err);
	if (!rc && pl->root_sources)
		rc = stage_root_sources(g, pl, err);
	rc = rc ? rc : target_init(&src, pl->base, "sources.csv", err);
	rc = rc ? rc : target_init(&trade, pl->base, "trade.csv", err);
	trade_rows tr = {imp, keep};
	if (!rc) /* sources first: a sources row no figure uses is harmless */
		rc = write_table(g, &src, source_header, NSOURCES,
				 source_rows_fn, imp, ds, err);
	if (!rc)
		rc = write_table(g, &trade, trade_header, NTRADE, trade_rows_fn,
				 &tr, ds, err);
	if (!rc)
		rc = cf_outgroup_commit(g, verify_load, pl->root, err);
	else
		cf_outgroup_abort(g);
	free(src.path);
	free(trade.path);
	return rc;
}

int cf_comtrade_write(cf_comtrade_import *imp, const char *dir,
		      const cf_cleanup *cleanup, char **where, cf_error *err)
{
	cf_dataset *ds = NULL;
	place pl;
	int rc = plan(dir, &pl, err);
	if (!rc && !pl.root_sources)
		rc = cf_dataset_load(pl.root, &ds, err);
	bool *keep = rc ? NULL : calloc(imp->nrows + 1, sizeof *keep);
	if (!rc)
		rc = keep ? select_rows(imp, ds, keep, err) : nomem(err);
	size_t added = 0;
	for (size_t i = 0; !rc && i < imp->nfiles; i++)
		added += (size_t)imp->files[i].added;
	if (!rc && added) {
		rc = prepare(&pl, err);
		if (!rc)
			rc = write_all(imp, &pl, ds, keep, cleanup, err);
		if (rc)
			unprepare(&pl);
	}
	if (!rc && where) {
		*where = cf_path_join(pl.base, "trade.csv");
		rc = *where ? 0 : nomem(err);
	}
	free(pl.root);
	free(pl.base);
	free(keep);
	cf_dataset_free(ds);
	return rc;
}
