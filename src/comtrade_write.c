/* comtrade_write.c — imported rows into a dataset directory (see
 * comtrade_write.h): decide which rows are new, write the two files to
 * temporaries, rename, verify by loading, put the old files back on any
 * failure. */
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

static const char *const trade_header[] = {
    "id",	 "series",   "period",	"value", "scale",  "unit",
    "qualifier", "reporter", "partner", "flow",	 "source", "quote"};
static const char *const source_header[] = {
    "id", "kind", "title", "author", "publisher", "published", "file"};
#define NTRADE	 (sizeof trade_header / sizeof trade_header[0])
#define NSOURCES (sizeof source_header / sizeof source_header[0])

/* One file being replaced: its path, the temporary with the new content,
 * and a hard link to the old content while the change is not final. */
typedef struct target {
	char *path, *tmp, *backup;
	bool existed;
	mode_t mode;
} target;

static int nomem(cf_error *err)
{
	return cf_error_set(err, CF_ENOMEM, NULL, 0, 0, "out of memory");
}

static char *join(const char *dir, const char *name)
{
	size_t n = strlen(dir) + strlen(name) + 2;
	char *p = malloc(n);
	if (p)
		snprintf(p, n, "%s/%s", dir, name);
	return p;
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

/* Opens a temporary beside t->path with the old content copied. */
static FILE *open_tmp(target *t, cf_error *err)
{
	size_t n = strlen(t->path) + 16;
	t->tmp = malloc(n);
	if (!t->tmp) {
		nomem(err);
		return NULL;
	}
	snprintf(t->tmp, n, "%s.tmp-XXXXXX", t->path);
	int fd = mkstemp(t->tmp);
	if (fd < 0) {
		write_error(t->path, err);
		free(t->tmp);
		t->tmp = NULL;
		return NULL;
	}
	FILE *fp = fdopen(fd, "w");
	if (!fp || fchmod(fd, t->mode) != 0 ||
	    (t->existed && copy_old(fp, t) != 0)) {
		write_error(t->path, err);
		if (fp)
			fclose(fp);
		else
			close(fd);
		return NULL;
	}
	return fp;
}

static int close_tmp(FILE *fp, const target *t, cf_error *err)
{
	int bad = ferror(fp);
	if (fclose(fp) != 0 || bad)
		return write_error(t->path, err);
	return 0;
}

/* Writes one file's temporary: the old content (or our header), then the
 * rows `rows` writes through write_mapped. */
typedef int (*rows_fn)(FILE *fp, const header_cap *h, const void *ctx,
		       const cf_dataset *ds);

static int write_table(target *t, const char *const *ours, size_t n,
		       rows_fn rows, const void *ctx, const cf_dataset *ds,
		       cf_error *err)
{
	header_cap h;
	int rc = file_header(t, ours, n, &h, err);
	FILE *fp = rc ? NULL : open_tmp(t, err);
	if (!rc && !fp)
		rc = err->code;
	if (!rc && !t->existed)
		rc = write_mapped(fp, &h, ours, ours, n);
	if (!rc && (rc = rows(fp, &h, ctx, ds)) == CF_EWRITE)
		rc = write_error(t->path, err);
	if (fp) {
		int crc = close_tmp(fp, t, err);
		rc = rc ? rc : crc;
	}
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
	*t = (target){.mode = 0644};
	if (!(t->path = join(dir, name)))
		return nomem(err);
	struct stat st;
	if (stat(t->path, &st) == 0) {
		t->existed = true;
		t->mode = st.st_mode & 0777;
	}
	return 0;
}

static void target_free(target *t)
{
	if (t->tmp)
		unlink(t->tmp);
	free(t->tmp);
	free(t->backup);
	free(t->path);
}

/* A hard link to the old content, so it can be put back. */
static int keep_backup(target *t, cf_error *err)
{
	if (!t->existed)
		return 0;
	size_t n = strlen(t->path) + 16;
	if (!(t->backup = malloc(n)))
		return nomem(err);
	snprintf(t->backup, n, "%s.old-XXXXXX", t->path);
	int fd = mkstemp(t->backup);
	if (fd < 0)
		return write_error(t->path, err);
	close(fd);
	if (unlink(t->backup) != 0 || link(t->path, t->backup) != 0)
		return write_error(t->path, err);
	return 0;
}

/* Puts the old content back (or removes a file that did not exist). */
static void restore(target *t)
{
	if (t->backup)
		rename(t->backup, t->path);
	else if (!t->existed)
		unlink(t->path);
}

static void drop_backup(target *t)
{
	if (t->backup)
		unlink(t->backup);
}

/* Renames both temporaries into place (sources first: a sources row no
 * figure uses is harmless), then loads the result. */
static int commit(target *src, target *trade, const char *dir, cf_error *err)
{
	int rc = keep_backup(src, err);
	rc = rc ? rc : keep_backup(trade, err);
	if (rc)
		return rc;
	if (rename(src->tmp, src->path) != 0)
		return write_error(src->path, err);
	free(src->tmp);
	src->tmp = NULL;
	if (rename(trade->tmp, trade->path) != 0) {
		rc = write_error(trade->path, err);
		restore(src);
		return rc;
	}
	free(trade->tmp);
	trade->tmp = NULL;
	cf_dataset *check = NULL;
	cf_error sub;
	cf_error_clear(&sub);
	if (cf_dataset_load(dir, &check, &sub) != 0) {
		restore(trade);
		restore(src);
		return cf_error_set(err, CF_EDATA, sub.file, sub.line,
				    sub.column,
				    "the import would leave %s unloadable, "
				    "nothing written: %s",
				    dir, sub.message);
	}
	cf_dataset_free(check);
	drop_backup(src);
	drop_backup(trade);
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
	char *p = join(dir, name);
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
		pl->base = join(dir, "reference");
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
	if (!pl->root_sources)
		return 0;
	char *path = join(pl->root, "sources.csv");
	FILE *fp = path ? fopen(path, "wx") : NULL;
	int rc = 0;
	if (!fp || cf_csv_write_record(fp, source_header, NSOURCES) != 0)
		rc = path ? write_error(path, err) : nomem(err);
	if (fp && fclose(fp) != 0 && !rc)
		rc = write_error(path, err);
	free(path);
	return rc;
}

/* Removes what prepare created (after a failure). */
static void unprepare(const place *pl)
{
	if (pl->root_sources) {
		char *path = join(pl->root, "sources.csv");
		if (path)
			unlink(path);
		free(path);
	}
	if (pl->make_base)
		rmdir(pl->base);
	if (pl->make_root)
		rmdir(pl->root);
}

static int write_all(cf_comtrade_import *imp, const char *root,
		     const char *base, const cf_dataset *ds, const bool *keep,
		     cf_error *err)
{
	target src, trade;
	int rc = target_init(&src, base, "sources.csv", err);
	rc = rc ? rc : target_init(&trade, base, "trade.csv", err);
	trade_rows tr = {imp, keep};
	if (!rc)
		rc = write_table(&src, source_header, NSOURCES, source_rows_fn,
				 imp, ds, err);
	if (!rc)
		rc = write_table(&trade, trade_header, NTRADE, trade_rows_fn,
				 &tr, ds, err);
	if (!rc)
		rc = commit(&src, &trade, root, err);
	target_free(&src);
	target_free(&trade);
	return rc;
}

int cf_comtrade_write(cf_comtrade_import *imp, const char *dir, char **where,
		      cf_error *err)
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
			rc = write_all(imp, pl.root, pl.base, ds, keep, err);
		if (rc)
			unprepare(&pl);
	}
	if (!rc && where) {
		*where = join(pl.base, "trade.csv");
		rc = *where ? 0 : nomem(err);
	}
	free(pl.root);
	free(pl.base);
	free(keep);
	cf_dataset_free(ds);
	return rc;
}
